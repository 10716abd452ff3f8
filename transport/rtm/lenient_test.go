package rtm

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
)

// deepEvent is a custom event whose content is nested deeper than
// encoding/json decodes, as a hostile customer could once store it.
func deepEvent(id string) string {
	n := livechat.MaxNesting + 10
	return `{"id":"` + id + `","type":"custom","content":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
}

// TestLoginAndGetChatWithUndecodableEvents pins issue 15 point 1 over RTM:
// a login response and a get_chat answer holding an event nested too
// deeply and a malformed message still decode; the bad events are
// *livechat.RawEvent with Err, the others decode normally.
func TestLoginAndGetChatWithUndecodableEvents(t *testing.T) {
	s := newServer(t)
	summary := `{"id":"C1","last_event_per_type":{"custom":{"thread_id":"T1","event":` + deepEvent("E1") + `},` +
		`"message":{"thread_id":"T1","event":{"id":"E2","type":"message","text":5}}}}`
	login := `{"license":{"id":"1"},"my_profile":{"id":"a@x","type":"agent","name":"A"},"chats_summary":[` + summary + `,{"id":"C2"}]}`
	chat := `{"id":"C1","thread":{"id":"T1","active":true,"events":[` + deepEvent("E1") +
		`,{"id":"E2","type":"message","text":5},{"id":"E3","type":"message","text":"ok"}]}}`
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		var payload string
		switch f.Action {
		case "login":
			payload = login
		case "get_chat":
			payload = chat
		case "get_deep_chat": // too deep outside any event: the payload is the item
			n := livechat.MaxNesting
			payload = `{"id":"C9","properties":{"ns":{"p":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}},"is_followed":true}`
		default:
			return false
		}
		_ = sc.send(`{"request_id":"` + f.RequestID + `","action":"` + f.Action + `","type":"response","success":true,"payload":` + payload + `}`)
		return true
	})
	// The whole login response (chats_summary included) is the
	// StateConnected event's; the Conn keeps only its small part.
	logins := make(chan *LoginResponse, 1)
	c := dialTest(t, s, WithStateHandler(func(ev StateEvent) {
		if ev.State == StateConnected {
			logins <- ev.Login
		}
	})) // fails (login timeout) if the login response cannot be decoded
	var lr *LoginResponse
	select {
	case lr = <-logins:
	case <-time.After(5 * time.Second):
		t.Fatal("no StateConnected event")
	}
	if lr == nil || len(lr.ChatsSummary) != 2 || lr.ChatsSummary[1].ID != "C2" || lr.MyProfile == nil || lr.MyProfile.ID != "a@x" {
		t.Fatalf("login response = %+v", lr)
	}
	lep := lr.ChatsSummary[0].LastEventPerType
	if ev, ok := lep["custom"].Event.(*livechat.RawEvent); !ok || !errors.Is(ev.Err, livechat.ErrTooDeep) || ev.ID != "E1" {
		t.Errorf("deep last event = %#v", lep["custom"].Event)
	}
	var ie *livechat.ItemError
	if ev, ok := lep["message"].Event.(*livechat.RawEvent); !ok || !errors.As(ev.Err, &ie) || ev.ID != "E2" {
		t.Errorf("malformed last event = %#v", lep["message"].Event)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got livechat.Chat
	if err := c.Call(ctx, "get_chat", map[string]string{"chat_id": "C1"}, &got); err != nil {
		t.Fatal(err)
	}
	evs := got.Thread.Events
	if len(evs) != 3 {
		t.Fatalf("events = %#v", evs)
	}
	if ev, ok := evs[0].(*livechat.RawEvent); !ok || !errors.Is(ev.Err, livechat.ErrTooDeep) {
		t.Errorf("event 0 = %#v", evs[0])
	}
	if ev, ok := evs[1].(*livechat.RawEvent); !ok || ev.Err == nil || errors.Is(ev.Err, livechat.ErrTooDeep) {
		t.Errorf("event 1 = %#v", evs[1])
	}
	if m, ok := evs[2].(*livechat.Message); !ok || m.Text != "ok" {
		t.Errorf("event 2 = %#v", evs[2])
	}

	var deepChat livechat.Chat
	if err := c.Call(ctx, "get_deep_chat", nil, &deepChat); err != nil {
		t.Fatal(err)
	}
	if ie := deepChat.Extra.ItemError(); deepChat.ID != "C9" || !deepChat.IsFollowed || ie == nil || ie.Members[0] != "properties" {
		t.Errorf("deep chat = %+v, item error %v", deepChat, ie)
	}
}
