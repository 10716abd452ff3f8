package dynamic_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/dynamic"
	"github.com/livechat-go/livechat/transport/rtm"
)

// headerLog records a header of every request that leaves the client.
type headerLog struct {
	name string
	next http.RoundTripper
	mu   sync.Mutex
	seen []string
}

func (h *headerLog) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.seen = append(h.seen, r.Header.Get(h.name))
	h.mu.Unlock()
	return h.next.RoundTrip(r)
}

func (h *headerLog) values() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen)
}

// lastEventAuthor returns the author of the last event of the chat.
func lastEventAuthor(t *testing.T, c *dynamic.Client, chatID string) string {
	t.Helper()
	var chat struct {
		Thread struct {
			Events []struct {
				AuthorID string `json:"author_id"`
				Text     string `json:"text"`
			} `json:"events"`
		} `json:"thread"`
	}
	call(t, c, "agent", "get_chat", map[string]any{"chat_id": chatID}, &chat)
	ev := chat.Thread.Events
	if len(ev) == 0 {
		t.Fatal("the chat has no event")
	}
	return ev[len(ev)-1].AuthorID
}

// TestAuthorIDActsAsBot: the X-Author-Id header parameter of the agent
// actions of API 3.5 is an argument like the others; the emulator stores
// the event as the bot's.
func TestAuthorIDActsAsBot(t *testing.T) {
	e := newEnv(t)
	owner := livechat.NewBearerToken(e.creds.Owner.Token)
	log := &headerLog{name: "X-Author-Id", next: e.sent}
	c := e.client(t, owner, livechat.WithAPIVersion(livechat.V3_5), livechat.WithHTTPClient(&http.Client{Transport: log}))
	op, err := c.Operation("agent", "send_event")
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(op.Fields, func(f dynamic.Field) bool { return f.Name == "X-Author-Id" }); i < 0 || op.Fields[i].In != "header" || op.Fields[i].Required {
		t.Fatalf("agent.send_event 3.5 fields = %+v, want an optional header X-Author-Id", op.Fields)
	}
	chatID := e.agentChat(t)
	botID := e.creds.Bot.ID
	call(t, c, "agent", "add_user_to_chat", map[string]any{"chat_id": chatID, "user_id": botID, "user_type": "agent", "visibility": "all"}, nil)
	call(t, c, "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": botID,
		"event": map[string]any{"type": "message", "text": "from the bot"}}, nil)
	if got := lastEventAuthor(t, c, chatID); got != botID {
		t.Fatalf("author of the event sent with X-Author-Id = %q, want the bot %q", got, botID)
	}
	// header names ignore case
	call(t, c, "agent", "send_event", map[string]any{"chat_id": chatID, "x-author-id": botID,
		"event": map[string]any{"type": "message", "text": "again"}}, nil)
	if got := lastEventAuthor(t, c, chatID); got != botID {
		t.Fatalf("author with x-author-id = %q, want %q", got, botID)
	}
	// without it, the owner
	call(t, c, "agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "me"}}, nil)
	if got := lastEventAuthor(t, c, chatID); got != e.creds.Owner.ID {
		t.Fatalf("author without X-Author-Id = %q, want the owner %q", got, e.creds.Owner.ID)
	}
	if v := log.values(); !slices.Contains(v, botID) || v[len(v)-1] != "" {
		t.Fatalf("X-Author-Id on the wire: %q", v)
	}
	// the server checks it: an agent that is not a bot
	_, err = c.Call(context.Background(), "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": e.creds.Agent.ID,
		"event": map[string]any{"type": "message", "text": "x"}})
	if !errors.Is(err, livechat.ErrValidation) || !errors.As(err, new(*livechat.Error)) {
		t.Fatalf("X-Author-Id of a human agent: err = %v, want the emulator's validation error", err)
	}
}

// TestHeaderRefusedBeforeSending: a header the operation does not declare
// (X-Author-Id on API 3.6), a bad header value, or a header over RTM is
// refused with nothing sent.
func TestHeaderRefusedBeforeSending(t *testing.T) {
	e := newEnv(t)
	owner := livechat.NewBearerToken(e.creds.Owner.Token)
	chatID := e.agentChat(t)
	before := e.sent.n.Load()
	c36 := e.owner(t)
	c35 := e.client(t, owner, livechat.WithAPIVersion(livechat.V3_5))
	ev := map[string]any{"type": "message", "text": "x"}
	cases := []struct {
		name  string
		c     *dynamic.Client
		api   string
		act   string
		args  map[string]any
		field string
	}{
		{"3.6 has no X-Author-Id", c36, "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": e.creds.Bot.ID, "event": ev}, "X-Author-Id"},
		{"control characters", c35, "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": "bot\r\nX-Evil: 1", "event": ev}, "X-Author-Id"},
		{"not a string", c35, "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": 7, "event": ev}, "X-Author-Id"},
		{"twice", c35, "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": "a", "x-author-id": "b", "event": ev}, "X-Author-Id"},
		{"REST v2 version", e.client(t, livechat.NewAPIKey(e.creds.Owner.ID, e.creds.Owner.APIKey)), "restv2", "list_agents", map[string]any{"X-API-Version": "3"}, "X-API-Version"},
		{"configuration has none", c35, "configuration", "list_groups", map[string]any{"X-Author-Id": e.creds.Bot.ID}, "X-Author-Id"},
	}
	for _, tc := range cases {
		_, err := tc.c.Call(context.Background(), tc.api, tc.act, tc.args)
		assertArg(t, err, tc.field)
		if err != nil {
			t.Logf("%s: %v", tc.name, err)
		}
	}
	if n := e.sent.n.Load(); n != before {
		t.Fatalf("%d requests were sent for refused headers", n-before)
	}

	conn, err := rtm.Dial(context.Background(), owner,
		rtm.WithConfig(livechat.WithBaseURL(e.srv.URL()), livechat.WithAPIVersion(livechat.V3_5)), rtm.WithMaxReconnects(0))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r, err := c35.WithRTM("agent", conn)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Call(context.Background(), "agent", "send_event", map[string]any{"chat_id": chatID, "X-Author-Id": e.creds.Bot.ID, "event": ev})
	assertArg(t, err, "X-Author-Id")
	if got := texts(t, c36, chatID); len(got) != 0 {
		t.Fatalf("a refused call sent %q", got)
	}
}

// TestRESTv2VersionHeader: X-API-Version, required by the description, is
// supplied by the transport; given as "2" it is accepted.
func TestRESTv2VersionHeader(t *testing.T) {
	e := newEnv(t)
	c := e.client(t, livechat.NewAPIKey(e.creds.Owner.ID, e.creds.Owner.APIKey))
	for _, args := range []map[string]any{nil, {"X-API-Version": "2"}} {
		var agents []map[string]any
		call(t, c, "restv2", "list_agents", args, &agents)
		if len(agents) == 0 {
			t.Fatalf("list_agents %v answered no agent", args)
		}
	}
}

// TestPaginateKeepsHeaders: every page of a paged call acting as a bot
// carries X-Author-Id.
func TestPaginateKeepsHeaders(t *testing.T) {
	e := newEnv(t)
	owner := livechat.NewBearerToken(e.creds.Owner.Token)
	for range 3 {
		e.agentChat(t)
	}
	log := &headerLog{name: "X-Author-Id", next: e.sent}
	c := e.client(t, owner, livechat.WithAPIVersion(livechat.V3_5), livechat.WithHTTPClient(&http.Client{Transport: log}))
	n := 0
	for _, err := range c.Paginate(context.Background(), "agent", "list_chats", map[string]any{"limit": 1, "X-Author-Id": e.creds.Bot.ID}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	seen := log.values()
	if len(seen) < 2 {
		t.Fatalf("%d pages (%d items): the test needs several", len(seen), n)
	}
	for i, v := range seen {
		if v != e.creds.Bot.ID {
			t.Fatalf("page %d sent X-Author-Id %q, want %q", i+1, v, e.creds.Bot.ID)
		}
	}
}
