package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/emulator"
)

type frame struct {
	Version   string          `json:"version"`
	RequestID string          `json:"request_id"`
	Action    string          `json:"action"`
	Type      string          `json:"type"`
	Success   *bool           `json:"success"`
	Payload   json.RawMessage `json:"payload"`
}

type rtmClient struct {
	t   testing.TB
	ws  *websocket.Conn
	ch  chan frame
	n   int
	ver string
	v   *validate.Validator
}

func dialRTM(t testing.TB, srv *emulator.Server, ver string) *rtmClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(srv.URL(), "http") + "/v" + ver + "/agent/rtm/ws?organization_id=" + srv.Credentials().OrganizationID
	ws, _, err := websocket.Dial(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(1 << 22)
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := &rtmClient{t: t, ws: ws, ch: make(chan frame, 1000), ver: ver, v: v}
	go func() {
		defer close(c.ch)
		for {
			_, b, err := ws.Read(context.Background())
			if err != nil {
				return
			}
			var f frame
			if json.Unmarshal(b, &f) == nil {
				if f.Type == "push" {
					// Every push is held to the API description (its
					// x-livechat-pushes entry), consumed by the test or not.
					apitest.CheckPushFrame(t, v, "agent", frameVersion(f, ver), f.Action, f.Payload)
				}
				c.ch <- f
			}
		}
	}()
	t.Cleanup(func() {
		ws.CloseNow()
		for range c.ch {
		}
	})
	return c
}

// frameVersion is the API version a frame is checked against: the
// one it names, else the connection's.
func frameVersion(f frame, ver string) string {
	if f.Version != "" {
		return f.Version
	}
	return ver
}

func (c *rtmClient) send(action string, payload any) string {
	c.n++
	rid := fmt.Sprint(c.n)
	b, _ := json.Marshal(M{"action": action, "request_id": rid, "payload": payload})
	if err := c.ws.Write(context.Background(), websocket.MessageText, b); err != nil {
		c.t.Fatal(err)
	}
	return rid
}

// next waits for the first frame matching pred.
func (c *rtmClient) next(pred func(frame) bool) frame {
	c.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f, ok := <-c.ch:
			if !ok {
				c.t.Fatal("connection closed")
			}
			if pred(f) {
				return f
			}
		case <-timeout:
			c.t.Fatal("timeout waiting for frame")
		}
	}
}

func (c *rtmClient) call(action string, payload any) frame {
	c.t.Helper()
	rid := c.send(action, payload)
	f := c.next(func(f frame) bool { return f.Type == "response" && f.RequestID == rid })
	if f.Action != action {
		c.t.Fatalf("response action %q", f.Action)
	}
	// Every answer is held to the API description (api/openapi.json).
	apitest.CheckRTMAnswer(c.t, c.v, "agent", c.ver, action, f.Success != nil && *f.Success, f.Payload)
	return f
}

func (c *rtmClient) ok(action string, payload any) json.RawMessage {
	c.t.Helper()
	f := c.call(action, payload)
	if f.Success == nil || !*f.Success {
		c.t.Fatalf("%s failed: %s", action, f.Payload)
	}
	return f.Payload
}

func (c *rtmClient) push(action string) frame {
	c.t.Helper()
	return c.next(func(f frame) bool { return f.Type == "push" && f.Action == action })
}

func TestRTMLoginAndPushes(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	owner := dialRTM(t, srv, "3.6")
	login := owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	var lr struct {
		License   livechat.License       `json:"license"`
		MyProfile livechat.MyProfile     `json:"my_profile"`
		Chats     []livechat.ChatSummary `json:"chats_summary"`
	}
	if err := json.Unmarshal(login, &lr); err != nil {
		t.Fatal(err)
	}
	if lr.License.ID != cr.LicenseID || lr.License.OrganizationID != cr.OrganizationID || lr.MyProfile.ID != cr.Owner.ID || lr.MyProfile.Permission != "owner" {
		t.Fatalf("login %s", login)
	}
	owner.push("incoming_customers")
	// Two connections for the agent; the second subscribes to incoming_event only.
	agent1 := dialRTM(t, srv, "3.6")
	agent1.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	agent2 := dialRTM(t, srv, "3.6")
	agent2.ok("login", M{"token": "Bearer " + cr.Agent.Token, "pushes": M{"3.6": []string{"incoming_event"}}})

	// Start a chat over RTM with the agent as a member: both get incoming_chat (filter permitting).
	rid := owner.send("start_chat", M{"chat": M{"users": []any{M{"id": cr.Agent.ID, "type": "agent"}},
		"thread": M{"events": []any{M{"type": "message", "text": "hi"}}}}})
	// The response comes first, then the requester's push with its request_id.
	res := owner.next(func(f frame) bool { return f.Type == "response" && f.RequestID == rid })
	p := owner.next(func(f frame) bool { return f.Type == "push" && f.Action == "incoming_chat" })
	if p.RequestID != rid || p.Version != "3.6" {
		t.Fatalf("requester push %+v", p)
	}
	var sc struct {
		ChatID string `json:"chat_id"`
	}
	json.Unmarshal(res.Payload, &sc)
	ic := agent1.push("incoming_chat")
	if ic.RequestID != "" {
		t.Fatal("request_id leaked to another connection")
	}
	// Send over Web; both agent connections get incoming_event.
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	do(t, web, "send_event", M{"chat_id": sc.ChatID, "event": M{"type": "message", "text": "over web"}})
	agent1.push("incoming_event")
	ev := agent2.push("incoming_event")
	if !strings.Contains(string(ev.Payload), "over web") {
		t.Fatal(string(ev.Payload))
	}
	// agent2 filtered typing indicators out; agent1 gets them.
	do(t, web, "send_typing_indicator", M{"chat_id": sc.ChatID, "is_typing": true})
	agent1.push("incoming_typing_indicator")
	// A non-member, non-follower in another group doesn't get pushes; following fixes it.
	chat1, _ := startChat(t, web, "group one", M{"access": M{"group_ids": []int{1}}})
	do(t, web, "send_event", M{"chat_id": chat1, "event": M{"type": "message", "text": "private"}})
	do(t, web, "send_event", M{"chat_id": sc.ChatID, "event": M{"type": "message", "text": "marker"}})
	f := agent1.push("incoming_event")
	if strings.Contains(string(f.Payload), "private") {
		t.Fatal("agent got a push of a chat it cannot access")
	}
	// multicast reaches everyone.
	do(t, web, "multicast", M{"recipients": M{"agents": M{"ids": []string{cr.Agent.ID}}}, "content": "hey"})
	agent1.push("incoming_multicast")
	// RTM-only actions over Web are refused, Web-only over RTM too.
	wantErr(t, web, "set_away_status", M{"away": true}, livechat.TypeValidation, 400)
	if f := agent1.call("get_license_info", M{}); *f.Success {
		t.Fatal("get_license_info over RTM")
	}
	// Errors: envelope in payload.
	f = agent1.call("get_chat", M{"chat_id": "NOPE"})
	if *f.Success || !strings.Contains(string(f.Payload), `"type":"not_found"`) {
		t.Fatalf("error frame %s", f.Payload)
	}
	// version rules
	b, _ := json.Marshal(M{"action": "list_chats", "request_id": "v", "version": "3.5", "payload": M{}})
	agent1.ws.Write(context.Background(), websocket.MessageText, b)
	f = agent1.next(func(f frame) bool { return f.RequestID == "v" })
	if *f.Success {
		t.Fatal("lower version accepted")
	}
	agent1.ok("ping", M{})
	agent1.ok("set_away_status", M{"away": true})
	agent1.ok("update_session", M{"token": "Bearer " + cr.Agent.Token})
	agent1.ok("logout", M{})
}

func TestRTMLoginErrors(t *testing.T) {
	srv := emulator.NewTest(t)
	c := dialRTM(t, srv, "3.6")
	if f := c.call("list_chats", M{}); *f.Success || !strings.Contains(string(f.Payload), "authentication") {
		t.Fatalf("before login: %s", f.Payload)
	}
	if f := c.call("login", M{"token": "Bearer dal:wrong"}); *f.Success {
		t.Fatal("bad token accepted")
	}
	c.ok("login", M{"token": "Basic " + strings.TrimPrefix(srv.Credentials().Owner.Basic, "Basic ")})
	if f := c.call("login", M{"token": "Bearer " + srv.Credentials().Owner.Token}); *f.Success {
		t.Fatal("double login accepted")
	}
	// Garbage frame.
	c.ws.Write(context.Background(), websocket.MessageText, []byte("{nope"))
	c.next(func(f frame) bool { return f.Type == "response" && f.Success != nil && !*f.Success })
}

func TestRTMTimeouts(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{LoginTimeout: 200 * time.Millisecond, PingTimeout: 300 * time.Millisecond})
	// No login → connection_timeout.
	c := dialRTM(t, srv, "3.6")
	f := c.push("agent_disconnected")
	if !strings.Contains(string(f.Payload), "connection_timeout") {
		t.Fatal(string(f.Payload))
	}
	for range c.ch {
	}
	// Logged in and pinging keeps it alive; silence ends it.
	c = dialRTM(t, srv, "3.6")
	c.ok("login", M{"token": "Bearer " + srv.Credentials().Owner.Token})
	for i := 0; i < 5; i++ {
		time.Sleep(100 * time.Millisecond)
		c.ok("ping", M{})
	}
	start := time.Now()
	f = c.push("agent_disconnected")
	if !strings.Contains(string(f.Payload), "connection_timeout") || time.Since(start) < 150*time.Millisecond {
		t.Fatalf("%s after %v", f.Payload, time.Since(start))
	}
}

func TestRTMPendingLimit(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{MaxPendingRequests: 2})
	c := dialRTM(t, srv, "3.6")
	c.ok("login", M{"token": "Bearer " + srv.Credentials().Owner.Token})
	// Fire many requests at once without waiting: some must be refused.
	var rids []string
	for i := 0; i < 40; i++ {
		rids = append(rids, c.send("list_chats", M{}))
	}
	limited, ok := 0, 0
	for range rids {
		f := c.next(func(f frame) bool { return f.Type == "response" })
		if *f.Success {
			ok++
		} else if strings.Contains(string(f.Payload), "pending_requests_limit_reached") {
			limited++
		}
	}
	if limited == 0 || ok == 0 {
		t.Fatalf("ok %d limited %d", ok, limited)
	}
}

func TestRTMCloseDisconnects(t *testing.T) {
	srv := emulator.NewTest(t)
	c := dialRTM(t, srv, "3.5")
	c.ok("login", M{"token": "Bearer " + srv.Credentials().Owner.Token})
	go srv.Close()
	f := c.push("agent_disconnected")
	var p livechat.AgentDisconnectedPush
	if err := json.Unmarshal(f.Payload, &p); err != nil || p.Reason != "service_temporarily_unavailable" || f.Version != "3.5" {
		t.Fatal(string(f.Payload))
	}
	if !p.ShouldReconnect() {
		t.Errorf("a shutdown disconnects with %q, which forbids reconnecting", p.Reason)
	}
}

func TestConcurrentAgentsAndCustomers(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	ctx := ctxT(t)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := dialRTM(t, srv, "3.6")
			tok := cr.Owner.Token
			if i%2 == 1 {
				tok = cr.Agent.Token
			}
			c.ok("login", M{"token": "Bearer " + tok})
			r := c.ok("start_chat", M{"chat": M{"thread": M{"events": []any{M{"type": "message", "text": "x"}}}}})
			var sc struct {
				ChatID string `json:"chat_id"`
			}
			json.Unmarshal(r, &sc)
			for j := 0; j < 20; j++ {
				c.ok("send_event", M{"chat_id": sc.ChatID, "event": M{"type": "message", "text": fmt.Sprint(j)}})
			}
		}(i)
	}
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := srv.StartCustomerChat(ctx, cr.Customers[i%3].Token, 0, "help"); err != nil {
				errs <- err
			}
			web := newWeb(t, srv, cr.ReadOnly.Token, livechat.V3_6)
			for j := 0; j < 10; j++ {
				var out json.RawMessage
				if err := web.Call(ctx, "list_chats", M{"limit": 5}, &out); err != nil {
					errs <- err
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	r := do(t, web, "list_archives", M{"limit": 100})
	if r["found_chats"].(float64) != 14 {
		t.Fatalf("found %v threads", r["found_chats"])
	}
}
