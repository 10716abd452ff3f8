package emulator_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
)

// Routing counts an agent only while logged in (routing.go): these tests
// hold real RTM connections. In the seed both agents accept chats and
// serve group 0 at the same priority, and agent@ sorts before owner@, so
// a router that ignored connections would pick the absent agent@.

// chatView is what the chat tests read of get_chat.
type chatView struct {
	Users []struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		Present    bool   `json:"present"`
		Visibility string `json:"visibility"`
	} `json:"users"`
	Thread struct {
		UserIDs []string `json:"user_ids"`
	} `json:"thread"`
}

// getChat is get_chat of chatID, called with token (a Web API call: it
// counts as that agent's presence).
func getChat(t *testing.T, srv *emulator.Server, token, chatID string) chatView {
	t.Helper()
	raw, err := srv.Do(ctxT(t), "Bearer "+token, "agent", "", "get_chat", M{"chat_id": chatID})
	if err != nil {
		t.Fatal(err)
	}
	var chat chatView
	if err := json.Unmarshal(raw, &chat); err != nil {
		t.Fatal(err)
	}
	return chat
}

// chatAgents returns the ids of the agents serving a chat: the agents
// among its thread's user_ids (members, whether connected or not).
func chatAgents(t *testing.T, srv *emulator.Server, chatID string) []string {
	t.Helper()
	chat := getChat(t, srv, srv.Credentials().ReadOnly.Token, chatID)
	agents := map[string]bool{}
	for _, u := range chat.Users {
		agents[u.ID] = u.Type == "agent"
	}
	var ids []string
	for _, id := range chat.Thread.UserIDs {
		if agents[id] {
			ids = append(ids, id)
		}
	}
	return ids
}

// groupStatus asks the customer API for group g's status.
func groupStatus(t *testing.T, srv *emulator.Server, g int) string {
	t.Helper()
	raw, err := srv.Do(ctxT(t), "Bearer "+srv.Credentials().Customers[0].Token, "customer", "", "list_group_statuses", M{"group_ids": []int{g}})
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		GroupsStatus map[string]string `json:"groups_status"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	return st.GroupsStatus[strconv.Itoa(g)]
}

// waitGroupStatus polls until group g has status want (the server notices
// a closed connection asynchronously).
func waitGroupStatus(t *testing.T, srv *emulator.Server, g int, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := groupStatus(t, srv, g)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %d status %q, want %q", g, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startCustomerChat starts a chat of customer i in group 0.
func startCustomerChat(t *testing.T, srv *emulator.Server, i int, continuous bool) (string, error) {
	t.Helper()
	raw, err := srv.Do(ctxT(t), "Bearer "+srv.Credentials().Customers[i].Token, "customer", "", "start_chat", M{
		"continuous": continuous,
		"chat":       M{"access": M{"group_ids": []int{0}}, "thread": M{"events": []any{M{"type": "message", "text": "help"}}}}})
	if err != nil {
		return "", err
	}
	var out struct {
		ChatID string `json:"chat_id"`
	}
	return out.ChatID, json.Unmarshal(raw, &out)
}

// TestRoutingToConnectedAgent: with one agent logged in over RTM and the
// other accepting but absent, a customer's chat goes to the logged-in one,
// who hears incoming_chat.
func TestRoutingToConnectedAgent(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	if got := groupStatus(t, srv, 0); got != "offline" {
		t.Fatalf("group 0 with nobody logged in: %q", got)
	}
	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	if got := groupStatus(t, srv, 0); got != "online" {
		t.Fatalf("group 0 with the owner logged in: %q", got)
	}
	chatID, err := startCustomerChat(t, srv, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 1 || got[0] != cr.Owner.ID {
		t.Fatalf("chat routed to %v, want the logged-in %s only", got, cr.Owner.ID)
	}
	owner.next(func(f frame) bool {
		return f.Type == "push" && f.Action == "incoming_chat" && strings.Contains(string(f.Payload), chatID)
	})
	// Transfer candidates are logged-in agents only.
	if got := string(owner.ok("list_agents_for_transfer", M{"chat_id": chatID})); strings.Contains(got, cr.Agent.ID) {
		t.Fatalf("list_agents_for_transfer offers the logged-out %s: %s", cr.Agent.ID, got)
	}
	wantErr(t, newWebAs(t, srv, cr.Owner.Token), "transfer_chat", M{"id": chatID, "target": M{"type": "agent", "ids": []string{cr.Agent.ID}}},
		livechat.TypeAgentOffline, 0)
	ag := dialRTM(t, srv, "3.6")
	ag.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	if got := string(owner.ok("list_agents_for_transfer", M{"chat_id": chatID})); !strings.Contains(got, cr.Agent.ID) {
		t.Fatalf("list_agents_for_transfer lacks the logged-in %s: %s", cr.Agent.ID, got)
	}
	owner.ok("transfer_chat", M{"id": chatID, "target": M{"type": "agent", "ids": []string{cr.Agent.ID}}})
	if got := chatAgents(t, srv, chatID); len(got) != 1 || got[0] != cr.Agent.ID {
		t.Fatalf("after the transfer: agents %v, want %s", got, cr.Agent.ID)
	}
}

func newWebAs(t *testing.T, srv *emulator.Server, token string) livechat.Transport {
	return newWeb(t, srv, token, livechat.V3_6)
}

// TestRoutingSkipsDisconnectedAgent: an agent who logged in and went away
// (closed the connection) gets no chat: with nobody else logged in the
// group is offline, a chat is refused with groups_offline, and a
// continuous chat waits in the queue.
func TestRoutingSkipsDisconnectedAgent(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ag := dialRTM(t, srv, "3.6")
	ag.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	waitGroupStatus(t, srv, 0, "online")
	ag.ws.CloseNow()
	waitGroupStatus(t, srv, 0, "offline")

	_, err := startCustomerChat(t, srv, 0, false)
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != livechat.TypeGroupsOffline {
		t.Fatalf("start_chat with nobody logged in: %v, want groups_offline", err)
	}
	chatID, err := startCustomerChat(t, srv, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("continuous chat routed to %v while nobody is logged in", got)
	}
	// A Web API call that fails is rolled back: it neither takes the
	// queued chat nor leaves the agent counted as present (which would
	// keep the next call from taking it).
	web := newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	wantErr(t, web, "get_chat", M{"chat_id": "NOSUCHCHAT"}, livechat.TypeNotFound, 0)
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("queued chat after a failed Web API call: agents %v, want none", got)
	}
	if got := groupStatus(t, srv, 0); got != "offline" {
		t.Fatalf("group status after the agent's failed Web API call: %s, want offline", got)
	}
	// The Web API's "session": a call of the agent makes them available
	// and gives them the queued chat.
	do(t, web, "list_chats", M{"limit": 1})
	if got := chatAgents(t, srv, chatID); len(got) != 1 || got[0] != cr.Agent.ID {
		t.Fatalf("queued chat after the agent's Web API call: agents %v, want %s", got, cr.Agent.ID)
	}
}

// TestRoutingQueuedChatOnLogin: chats queued while nobody is logged in go
// to the first agent who logs in over RTM (not with away: true): the
// login answer lists them, the agent's other connections hear
// incoming_chat and the customer hears that the chat was assigned.
func TestRoutingQueuedChatOnLogin(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	custRec := cuNewRecorder(t)
	cuDial(t, srv, livechat.NewBearerToken(cr.Customers[0].Token), custRec)
	chatID, err := startCustomerChat(t, srv, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("chat routed to %v while nobody is logged in", got)
	}

	// Logging in away does not make the owner available.
	away := dialRTM(t, srv, "3.6")
	away.ok("login", M{"token": "Bearer " + cr.Owner.Token, "away": true})
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("chat routed to %v, whose only connection is away", got)
	}

	login := dialRTM(t, srv, "3.6")
	res := login.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	if !strings.Contains(string(res), chatID) {
		t.Fatalf("login answer does not list the queued chat %s: %s", chatID, res)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 1 || got[0] != cr.Owner.ID {
		t.Fatalf("queued chat after the owner's login: agents %v, want %s", got, cr.Owner.ID)
	}
	away.next(func(f frame) bool {
		return f.Type == "push" && f.Action == "incoming_chat" && strings.Contains(string(f.Payload), chatID)
	})
	custRec.wait("chat_transferred", func(m M) bool { return m["chat_id"] == chatID && m["reason"] == "assigned" })
}

// TestRoutingAwayConnectionBack: set_away_status false makes a logged-in
// agent available again and hands them the chat that queued meanwhile.
func TestRoutingAwayConnectionBack(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	c := dialRTM(t, srv, "3.6")
	c.ok("login", M{"token": "Bearer " + cr.Agent.Token, "away": true})
	chatID, err := startCustomerChat(t, srv, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("chat routed to %v, whose only connection is away", got)
	}
	c.ok("set_away_status", M{"away": false})
	if got := chatAgents(t, srv, chatID); len(got) != 1 || got[0] != cr.Agent.ID {
		t.Fatalf("after set_away_status false: agents %v, want %s", got, cr.Agent.ID)
	}
}
