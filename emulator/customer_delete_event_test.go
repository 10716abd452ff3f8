package emulator_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

// cuWebRaw is a raw Customer Chat Web API transport.
func cuWebRaw(t testing.TB, srv *emulator.Server, token string, ver livechat.APIVersion) *web.Transport {
	t.Helper()
	tr, err := web.New(web.Customer, livechat.NewBearerToken(token), livechat.WithBaseURL(srv.URL()),
		livechat.WithOrganizationID(srv.Credentials().OrganizationID), livechat.WithAPIVersion(ver), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// threadEventIDs lists the ids of the events of a get_chat answer.
func threadEventIDs(t testing.TB, chat M) []string {
	t.Helper()
	var c struct {
		Thread struct {
			Events []struct {
				ID string `json:"id"`
			} `json:"events"`
		} `json:"thread"`
	}
	b, _ := json.Marshal(chat)
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range c.Thread.Events {
		ids = append(ids, e.ID)
	}
	return ids
}

// TestCustomerDeleteEventWeb: delete_event (Customer Chat API 3.6) hides
// the customer's own event from every Customer Chat API answer while the
// Agent Chat API still shows it, flagged deleted; others' events cannot be
// deleted, and the method does not exist before 3.6.
func TestCustomerDeleteEventWeb(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	cust := cr.Customers[0]
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	cw := cuWebRaw(t, srv, cust.Token, livechat.V3_6)
	chatID, threadID := startChat(t, owner, "hello from the agent", M{"users": []any{M{"id": cust.ID, "type": "customer"}}})
	agentEvent := threadEventIDs(t, do(t, owner, "get_chat", M{"chat_id": chatID}))[0]
	mine := str(do(t, cw, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "oops, my card number"}}), "event_id")
	del := M{"chat_id": chatID, "thread_id": threadID, "event_id": mine}

	if r := do(t, cw, "delete_event", del); len(r) != 0 {
		t.Fatalf("delete_event answered %v, want {}", r)
	}
	// Gone for the customer: get_chat, list_threads, list_chats.
	if ids := threadEventIDs(t, do(t, cw, "get_chat", M{"chat_id": chatID})); containsID(ids, mine) || !containsID(ids, agentEvent) {
		t.Fatalf("customer get_chat events %v: want %s only, not %s", ids, agentEvent, mine)
	}
	if lt := cuJSON(do(t, cw, "list_threads", M{"chat_id": chatID})); strings.Contains(lt, mine) || strings.Contains(lt, "card number") {
		t.Fatalf("customer list_threads shows the deleted event: %s", lt)
	}
	if lc := cuJSON(do(t, cw, "list_chats", M{})); strings.Contains(lc, "card number") || !strings.Contains(lc, "hello from the agent") {
		t.Fatalf("customer list_chats last_event_per_type: %s", lc)
	}
	// Still there for agents, flagged.
	ac := cuJSON(do(t, owner, "get_chat", M{"chat_id": chatID}))
	if !strings.Contains(ac, "card number") || !strings.Contains(ac, `"deleted":true`) {
		t.Fatalf("agent get_chat lost or did not flag the deleted event: %s", ac)
	}
	// Out of the customer's reach afterwards.
	wantErr(t, cw, "delete_event", del, livechat.TypeNotFound, 404)
	wantErr(t, cw, "update_event_properties", M{"chat_id": chatID, "thread_id": threadID, "event_id": mine,
		"properties": M{"test": M{"string_property": "x"}}}, livechat.TypeNotFound, 404)
	// Only one's own events; every field is required; 3.6 and later.
	wantErr(t, cw, "delete_event", M{"chat_id": chatID, "thread_id": threadID, "event_id": agentEvent}, livechat.TypeNotAllowed, 0)
	wantErr(t, cw, "delete_event", M{"chat_id": chatID, "thread_id": threadID}, livechat.TypeValidation, 400)
	wantErr(t, cuWebRaw(t, srv, cust.Token, livechat.V3_5), "delete_event", del, livechat.TypeValidation, 400)
	// Another customer cannot touch the chat.
	wantErr(t, cuWebRaw(t, srv, cr.Customers[1].Token, livechat.V3_6), "delete_event",
		M{"chat_id": chatID, "thread_id": threadID, "event_id": agentEvent}, livechat.TypeMissingAccess, 0)
}

// TestCustomerDeleteEventRTM: over RTM, delete_event answers {} and the
// push event_deleted {chat_id, thread_id, event_id} reaches the chat's
// agent and its customer.
func TestCustomerDeleteEventRTM(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	cust := cr.Customers[0]
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	arec, crec := cuNewRecorder(t), cuNewRecorder(t)
	cuDialAgent(t, srv, livechat.NewBearerToken(cr.Owner.Token), arec)
	conn := cuDial(t, srv, livechat.NewBearerToken(cust.Token), crec, rtm.WithConfig(livechat.WithAPIVersion(livechat.V3_6)))
	chatID, threadID := startChat(t, owner, "hi", M{"users": []any{M{"id": cust.ID, "type": "customer"}}})
	var sent struct {
		EventID string `json:"event_id"`
	}
	ctx := ctxT(t)
	if err := conn.Call(ctx, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "typo"}}, &sent); err != nil {
		t.Fatal(err)
	}
	var out json.RawMessage
	if err := conn.Call(ctx, "delete_event", M{"chat_id": chatID, "thread_id": threadID, "event_id": sent.EventID}, &out); err != nil {
		t.Fatal(err)
	}
	if s := strings.TrimSpace(string(out)); s != "{}" && s != "" && s != "null" {
		t.Fatalf("delete_event answered %s", out)
	}
	want := func(m M) bool {
		return m["chat_id"] == chatID && m["thread_id"] == threadID && m["event_id"] == sent.EventID
	}
	crec.wait("event_deleted", want)
	arec.wait("event_deleted", want)
}
