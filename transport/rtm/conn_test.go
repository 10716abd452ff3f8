package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/syncbuf"
)

const testToken = "dal:secret-token-123"

func testCreds() livechat.Credentials { return livechat.NewBearerToken(testToken) }

func dialTest(t *testing.T, s *server, opts ...Option) *Conn {
	t.Helper()
	base := s.start()
	opts = append([]Option{WithConfig(livechat.WithBaseURL(base)), WithReconnectBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, testCreds(), opts...)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (c *Conn) queuedLen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}

// waitIdle waits until delivered() holds and the dispatcher is not
// running a handler; delivered must mean that nothing more is queued.
func waitIdle(t *testing.T, c *Conn, delivered func() bool) {
	t.Helper()
	waitFor(t, "dispatcher idle", func() bool {
		if !delivered() {
			return false
		}
		c.dq.mu.Lock()
		defer c.dq.mu.Unlock()
		return c.dq.running == 0 && len(c.dq.items) == 0
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// stateRecorder collects state events.
type stateRecorder struct {
	mu  sync.Mutex
	evs []StateEvent
}

func (r *stateRecorder) record(ev StateEvent) {
	r.mu.Lock()
	r.evs = append(r.evs, ev)
	r.mu.Unlock()
}

// connected returns the first StateConnected event recorded.
func (r *stateRecorder) connected() StateEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ev := range r.evs {
		if ev.State == StateConnected {
			return ev
		}
	}
	return StateEvent{}
}

func (r *stateRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.evs)
}

func (r *stateRecorder) states() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, ev := range r.evs {
		s := ev.State.String()
		if ev.Reason != "" && ev.State != StateConnecting {
			s += "(" + ev.Reason + ")"
		}
		out = append(out, s)
	}
	return out
}

func TestDialLoginReady(t *testing.T) {
	s := newServer(t)
	var logBuf syncbuf.Buffer
	rec := &stateRecorder{}
	grp := 2
	c := dialTest(t, s,
		WithConfig(livechat.WithOrganizationID("org-1"), livechat.WithLogger(slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug})))),
		WithStateHandler(rec.record),
		WithAgentLogin(AgentLogin{
			CustomerMonitoringLevel: "chatting",
			Pushes:                  map[string][]string{"3.6": {"incoming_chat", "incoming_event"}},
			Application:             &Application{Name: "test-app", Version: "1.2.3"},
			Away:                    true,
			Timezone:                "Europe/Warsaw",
			Reconnect:               true,
			Extra:                   map[string]any{"group_id": grp, "token": "must-not-override"},
		}),
	)
	select {
	case <-c.Ready():
	default:
		t.Fatal("Ready not closed after Dial returned")
	}
	if got := s.url(0); got != "/v3.6/agent/rtm/ws?organization_id=org-1" {
		t.Errorf("url = %q", got)
	}
	login := s.allFrames()[0]
	if login.Action != "login" {
		t.Fatalf("first frame %q", login.Action)
	}
	want := map[string]any{
		"token":                     "Bearer " + testToken,
		"customer_monitoring_level": "chatting",
		"pushes":                    map[string]any{"3.6": []any{"incoming_chat", "incoming_event"}},
		"application":               map[string]any{"name": "test-app", "version": "1.2.3"},
		"away":                      true,
		"timezone":                  "Europe/Warsaw",
		"reconnect":                 true,
		"group_id":                  float64(2),
	}
	got := decodeMap(t, login.Payload)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("login payload\n got %v\nwant %v", got, want)
	}
	d, ok := c.AgentDetails()
	if !ok || d.MyProfile.ID != "smith@example.com" || d.MyProfile.RoutingStatus != livechat.AcceptingChats ||
		d.License.ID != "104130623" || !d.License.InTrial || d.Login == nil {
		t.Errorf("AgentDetails = %+v, %v", d, ok)
	}
	// The Conn keeps no account-sized part of the login response; the
	// StateConnected event had all of it.
	if lr := c.LoginResponse(); lr.Raw != nil || lr.ChatsSummary != nil || lr.MyProfile == nil {
		t.Errorf("kept login response %+v", lr)
	}

	if c.State() != StateConnected {
		t.Errorf("State = %v", c.State())
	}
	if k := livechat.KindOf(c); k != livechat.TransportRTM {
		t.Errorf("KindOf = %q", k)
	}
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Close delivers StateClosed when no handler is running (see Close).
	waitIdle(t, c, func() bool { return rec.count() == 2 })
	if ev := rec.connected(); ev.Login == nil || len(ev.Login.Raw) == 0 || ev.Login.ChatsSummary == nil || ev.Login.MyProfile == nil {
		t.Errorf("StateConnected login %+v", ev.Login)
	}
	c.Close()
	if got := strings.Join(rec.states(), " "); got != "connecting connected closed(closed)" {
		t.Errorf("states = %s", got)
	}
	if strings.Contains(logBuf.String(), "secret-token") {
		t.Errorf("token leaked into logs:\n%s", logBuf.String())
	}
	if !strings.Contains(logBuf.String(), "logged in") {
		t.Errorf("debug log missing:\n%s", logBuf.String())
	}
}

func TestDialCustomer(t *testing.T) {
	if _, err := DialCustomer(context.Background(), testCreds()); !errors.Is(err, livechat.ErrValidation) {
		t.Fatalf("DialCustomer without organization id: %v", err)
	}
	s := newServer(t)
	s.loginPayload = map[string]any{"customer": map[string]any{"id": "b7eff798-f8df-4364-8059-649c35c9ed0c", "type": "customer"},
		"has_active_thread": true, "chats": []any{map[string]any{"chat_id": "PJ0MRSHTDG", "has_unread_events": true}}}
	base := s.start()
	g := 0
	c, err := DialCustomer(context.Background(), testCreds(),
		WithConfig(livechat.WithBaseURL(base), livechat.WithOrganizationID("org-9"), livechat.WithAPIVersion(livechat.V3_5)),
		WithCustomerLogin(CustomerLogin{
			Customer:     &CustomerInfo{Name: "Jane", Email: "jane@example.com", SessionFields: livechat.SessionFields{{"plan": "pro"}}},
			CustomerPage: &CustomerPage{URL: "https://example.com/", Title: "Home"},
			IsMobile:     true,
			GroupID:      &g,
			Referrer:     "https://google.com",
			Application:  &Application{Name: "web", Version: "1", ChannelType: "code"},
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := s.url(0); got != "/v3.5/customer/rtm/ws?organization_id=org-9" {
		t.Errorf("url = %q", got)
	}
	got := decodeMap(t, s.allFrames()[0].Payload)
	want := map[string]any{"token": "Bearer " + testToken,
		"customer":      map[string]any{"name": "Jane", "email": "jane@example.com", "session_fields": []any{map[string]any{"plan": "pro"}}},
		"customer_page": map[string]any{"url": "https://example.com/", "title": "Home"},
		"is_mobile":     true, "group_id": float64(0), "referrer": "https://google.com",
		"application": map[string]any{"name": "web", "version": "1", "channel_type": "code"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("login payload\n got %v\nwant %v", got, want)
	}
	lr := c.LoginResponse()
	if lr.Customer == nil || lr.Customer.ID != "b7eff798-f8df-4364-8059-649c35c9ed0c" || !lr.HasActiveThread || len(lr.Chats) != 1 {
		t.Errorf("login response %+v", lr)
	}
	if _, ok := c.AgentDetails(); ok {
		t.Error("AgentDetails ok on a customer connection")
	}
	if c.APIVersion() != livechat.V3_5 {
		t.Error("APIVersion")
	}
	if err := c.UpdateSession(context.Background(), nil); !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("UpdateSession on 3.5: %v", err)
	}
}

func TestEndpoint(t *testing.T) {
	for _, tc := range []struct {
		opts   []livechat.Option
		api    string
		region livechat.Region
		want   string
	}{
		{nil, "agent", "", "wss://api.livechatinc.com/v3.6/agent/rtm/ws"},
		{nil, "agent", livechat.RegionEU, "wss://api-fra.livechatinc.com/v3.6/agent/rtm/ws"},
		{[]livechat.Option{livechat.WithRegion(livechat.RegionEU), livechat.WithAPIVersion(livechat.V3_5)}, "agent", livechat.RegionUS, "wss://api-fra.livechatinc.com/v3.5/agent/rtm/ws"},
		{[]livechat.Option{livechat.WithBaseURL("http://127.0.0.1:8080")}, "agent", "", "ws://127.0.0.1:8080/v3.6/agent/rtm/ws"},
		{[]livechat.Option{livechat.WithBaseURL("https://emu.example/base/")}, "agent", "", "wss://emu.example/base/v3.6/agent/rtm/ws"},
		{[]livechat.Option{livechat.WithOrganizationID("o 1")}, "customer", "", "wss://api.livechatinc.com/v3.6/customer/rtm/ws?organization_id=o+1"},
	} {
		c := &Conn{cfg: livechat.NewConfig(tc.opts...), api: tc.api}
		if got := c.URL(tc.region); got != tc.want {
			t.Errorf("URL(%v) = %q, want %q", tc.region, got, tc.want)
		}
	}
	if _, err := Dial(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL("ftp://x"))); !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("bad base URL: %v", err)
	}
	if _, err := Dial(context.Background(), nil); !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("nil creds: %v", err)
	}
}

func TestQueuedBeforeLoginSentInOrder(t *testing.T) {
	s := newServer(t)
	release := make(chan struct{})
	var loginF reqFrame
	var loginSC *srvConn
	gotLogin := make(chan struct{})
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "login" {
			loginF, loginSC = f, sc
			close(gotLogin)
			return true
		}
		return false
	}
	base := s.start()
	c, err := Dial(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL(base)), WithBackgroundConnect())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const n = 15 // more than the in-flight limit
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.Call(context.Background(), fmt.Sprintf("action_%02d", i), map[string]int{"i": i}, nil)
		}()
		waitFor(t, "call queued", func() bool { return c.queuedLen() == i+1 })
	}
	<-gotLogin
	select {
	case <-c.Ready():
		t.Fatal("ready before login answered")
	default:
	}
	if got := s.count("login"); got != 1 || len(s.allFrames()) != 1 {
		t.Fatalf("frames before login answered: %v", s.actions())
	}
	close(release)
	if err := loginSC.respond(loginF, agentLoginPayload); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	<-c.Ready()
	for i, err := range errs {
		if err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	acts := s.actions()
	want := []string{"login"}
	for i := range n {
		want = append(want, fmt.Sprintf("action_%02d", i))
	}
	if strings.Join(acts, ",") != strings.Join(want, ",") {
		t.Errorf("order\n got %v\nwant %v", acts, want)
	}
}

func TestResponseNotResolvedByPush(t *testing.T) {
	s := newServer(t)
	pushes := make(chan Push, 10)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action != "send_event" {
			return false
		}
		// A push caused by the request, carrying its request_id, first.
		_ = sc.push("incoming_event", map[string]any{"chat_id": "C1", "event": map[string]any{"id": "E1", "type": "message", "text": "hi"}}, f.RequestID)
		// An unrelated response with another id must not resolve it either.
		_ = sc.send(map[string]any{"request_id": "nope", "action": "send_event", "type": "response", "success": true, "payload": map[string]any{"event_id": "WRONG"}})
		time.Sleep(20 * time.Millisecond)
		_ = sc.respond(f, map[string]any{"event_id": "E1"})
		return true
	}
	c := dialTest(t, s, WithPushHandler("incoming_event", func(p Push) { pushes <- p }))
	id, err := c.SendMessage(context.Background(), "C1", "hi", MessageVisibility(livechat.VisibilityAgents))
	if err != nil || id != "E1" {
		t.Fatalf("SendMessage = %q, %v", id, err)
	}
	f := s.allFrames()[1]
	if got := decodeMap(t, f.Payload); fmt.Sprint(got) != fmt.Sprint(map[string]any{"chat_id": "C1", "event": map[string]any{"type": "message", "text": "hi", "visibility": "agents"}}) {
		t.Errorf("send_event payload %v", got)
	}
	p := <-pushes
	if p.Action != "incoming_event" || p.RequestID != f.RequestID || p.Version != "3.6" {
		t.Errorf("push %+v", p)
	}
}

func TestErrorResponse(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "get_chat" {
			_ = sc.fail(f, "not_found", "Chat not found")
			return true
		}
		return false
	}
	c := dialTest(t, s)
	err := c.Call(context.Background(), "get_chat", map[string]string{"chat_id": "X"}, nil)
	var le *livechat.Error
	if !errors.Is(err, livechat.ErrNotFound) || !errors.As(err, &le) || le.Action != "get_chat" || le.RequestID == "" || le.Message != "Chat not found" {
		t.Fatalf("err = %#v", err)
	}
	if livechat.IsRetryable(err) {
		t.Error("not_found retryable")
	}
	if err := c.Call(context.Background(), "bad action!", nil, nil); !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("bad action: %v", err)
	}
	if err := c.Call(context.Background(), "x", func() {}, nil); err == nil {
		t.Error("unencodable request accepted")
	}
	var raw json.RawMessage
	if err := c.Call(context.Background(), "list_chats", nil, &raw); err != nil || string(raw) != "{}" {
		t.Errorf("raw = %s, %v", raw, err)
	}
}

func TestPendingLimit(t *testing.T) {
	s := newServer(t)
	var (
		mu       sync.Mutex
		held     []reqFrame
		heldConn *srvConn
		maxOut   int
	)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action != "hold" {
			return false
		}
		mu.Lock()
		held = append(held, f)
		heldConn = sc
		maxOut = max(maxOut, len(held))
		mu.Unlock()
		return true
	}
	c := dialTest(t, s)
	const n = 25
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var resp struct{ I int }
			if err := c.Call(context.Background(), "hold", map[string]int{"i": i}, &resp); err != nil || resp.I != i {
				t.Errorf("call %d: %v %v", i, resp, err)
				failed.Add(1)
			}
		}()
	}
	waitFor(t, "10 in flight", func() bool { mu.Lock(); defer mu.Unlock(); return len(held) == 10 })
	waitFor(t, "15 queued", func() bool { return c.queuedLen() == n-10 })
	time.Sleep(20 * time.Millisecond)
	if got := s.count("hold"); got != 10 {
		t.Fatalf("server got %d requests with 10 unanswered", got)
	}
	// Answer one at a time; each answer lets exactly one more through.
	for answered := 0; answered < n; answered++ {
		waitFor(t, "a held request", func() bool { mu.Lock(); defer mu.Unlock(); return len(held) > 0 })
		mu.Lock()
		f, sc := held[0], heldConn
		held = held[1:]
		mu.Unlock()
		var p struct{ I int }
		_ = json.Unmarshal(f.Payload, &p)
		if err := sc.respond(f, map[string]int{"I": p.I}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if maxOut > 10 {
		t.Errorf("max in flight seen by server = %d", maxOut)
	}
	if s.count("hold") != n {
		t.Errorf("server got %d", s.count("hold"))
	}
}

func TestCallTimeoutFromContext(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool { return f.Action == "never" }
	c := dialTest(t, s, WithRequestTimeout(50*time.Millisecond))
	start := time.Now()
	err := c.Call(context.Background(), "never", nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !livechat.IsRetryable(err) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("default timeout not applied")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Call(ctx, "never", nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: %v", err)
	}
	// The socket survived the cancelled contexts.
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c.State() != StateConnected || s.connCount() != 1 {
		t.Error("socket dropped")
	}
}

func TestReconnectAfterDrop(t *testing.T) {
	s := newServer(t)
	rec := &stateRecorder{}
	var dropped atomic.Bool
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "slow" && dropped.CompareAndSwap(false, true) {
			sc.drop()
			return true
		}
		return false
	}
	c := dialTest(t, s, WithStateHandler(rec.record))
	err := c.Call(context.Background(), "slow", nil, nil)
	if !errors.Is(err, ErrDisconnected) || !livechat.IsRetryable(err) || errors.Is(err, ErrClosed) {
		t.Fatalf("in-flight call at drop: %v", err)
	}
	// The next call waits for the reconnect and succeeds.
	if err := c.Call(context.Background(), "slow", nil, nil); err != nil {
		t.Fatal(err)
	}
	if s.connCount() != 2 || s.count("login") != 2 {
		t.Fatalf("conns %d logins %d", s.connCount(), s.count("login"))
	}
	var logins []reqFrame
	for _, f := range s.allFrames() {
		if f.Action == "login" {
			logins = append(logins, f)
		}
	}
	if m := decodeMap(t, logins[1].Payload); m["reconnect"] != true || m["token"] != "Bearer "+testToken {
		t.Errorf("re-login payload %v", m)
	}
	if m := decodeMap(t, logins[0].Payload); m["reconnect"] != nil {
		t.Errorf("first login payload %v", m)
	}
	waitIdle(t, c, func() bool { return strings.HasSuffix(strings.Join(rec.states(), " "), "connecting connected") })
	c.Close()
	got := strings.Join(rec.states(), " ")
	if !strings.HasPrefix(got, "connecting connected disconnected(") || !strings.HasSuffix(got, "connecting connected closed(closed)") {
		t.Errorf("states = %s", got)
	}
}

func TestNoReconnectOnForbiddenReason(t *testing.T) {
	for _, tc := range []struct {
		api, reason string
		reconnect   bool
	}{
		{"agent", "access_token_revoked", false},
		{"agent", "connection_evicted", false},
		{"agent", "agent_logged_out_remotely", false},
		{"agent", "license_expired", false},
		{"agent", "misdirected_connection", false},
		{"agent", "too_many_connections", false},
		{"agent", "connection_timeout", true},
		{"agent", "access_token_expired", true},
		{"agent", "role_permissions_changed", true},
		{"customer", "logged_out_remotely", false},
		{"customer", "license_not_found", false},
		{"customer", "connection_evicted", true},
		{"customer", "access_token_revoked", true},
	} {
		t.Run(tc.api+"/"+tc.reason, func(t *testing.T) {
			s := newServer(t)
			var once atomic.Bool
			s.onFrame = func(sc *srvConn, f reqFrame) bool {
				if f.Action == "kick" && once.CompareAndSwap(false, true) {
					_ = sc.push(tc.api+"_disconnected", map[string]any{"reason": tc.reason, "data": map[string]any{"region": "fra"}}, "")
					sc.drop()
					return true
				}
				return false
			}
			base := s.start()
			opts := []Option{WithConfig(livechat.WithBaseURL(base), livechat.WithOrganizationID("o")), WithReconnectBackoff(time.Millisecond, 2*time.Millisecond)}
			dial := Dial
			if tc.api == "customer" {
				dial = DialCustomer
			}
			c, err := dial(context.Background(), testCreds(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			err = c.Call(context.Background(), "kick", nil, nil)
			if !errors.Is(err, ErrDisconnected) {
				t.Fatalf("in-flight: %v", err)
			}
			if tc.reconnect {
				if err := c.Ping(context.Background()); err != nil {
					t.Fatal(err)
				}
				if s.connCount() != 2 {
					t.Errorf("conns = %d", s.connCount())
				}
				return
			}
			select {
			case <-c.Done():
			case <-time.After(10 * time.Second):
				t.Fatal("Conn not done")
			}
			var ce *ClosedError
			if err := c.Err(); !errors.As(err, &ce) || ce.Reason != tc.reason || !errors.Is(err, ErrClosed) || !strings.Contains(string(ce.Data), "fra") {
				t.Fatalf("Err = %v", err)
			}
			if err := c.Ping(context.Background()); !errors.Is(err, ErrClosed) {
				t.Errorf("call after final disconnect: %v", err)
			}
			time.Sleep(20 * time.Millisecond)
			if s.connCount() != 1 {
				t.Errorf("reconnected: %d conns", s.connCount())
			}
		})
	}
}

func TestNoReconnectOnAuthError(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "login" {
			_ = sc.fail(f, "authentication", "Invalid access token")
			return true
		}
		return false
	}
	base := s.start()
	_, err := Dial(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL(base)))
	if !errors.Is(err, livechat.ErrAuthentication) {
		t.Fatalf("Dial: %v", err)
	}
	// In the background too: no retry after a permanent login error.
	rec := &stateRecorder{}
	c, err := Dial(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL(base)), WithBackgroundConnect(),
		WithReconnectBackoff(time.Millisecond, time.Millisecond), WithStateHandler(rec.record))
	if err != nil {
		t.Fatal(err)
	}
	callErr := c.Ping(context.Background())
	<-c.Done()
	if !errors.Is(callErr, ErrClosed) || !errors.Is(callErr, livechat.ErrAuthentication) {
		t.Errorf("queued call: %v", callErr)
	}
	// Stopped closes by itself once the final state events are delivered.
	<-c.Stopped()
	c.Close()
	if s.connCount() != 2 {
		t.Errorf("conns = %d", s.connCount())
	}
	if got := strings.Join(rec.states(), " "); got != "connecting disconnected(login_failed) closed(login_failed)" {
		t.Errorf("states %s", got)
	}
}

func TestRetryOnTemporaryLoginError(t *testing.T) {
	s := newServer(t)
	var n atomic.Int32
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "login" && n.Add(1) <= 2 {
			_ = sc.fail(f, "internal", "boom")
			return true
		}
		return false
	}
	base := s.start()
	c, err := Dial(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL(base)), WithBackgroundConnect(),
		WithReconnectBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.count("login") != 3 {
		t.Errorf("logins %d", s.count("login"))
	}
	// Reconnect limit.
	s2 := newServer(t)
	s2.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "login" {
			_ = sc.fail(f, "service_unavailable", "")
			return true
		}
		return false
	}
	base2 := s2.start()
	c2, _ := Dial(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL(base2)), WithBackgroundConnect(),
		WithReconnectBackoff(time.Millisecond, time.Millisecond), WithMaxReconnects(2))
	<-c2.Done()
	var ce *ClosedError
	if err := c2.Err(); !errors.As(err, &ce) || ce.Reason != "reconnect_limit" || !errors.Is(err, livechat.ErrServiceUnavailable) {
		t.Errorf("Err = %v", err)
	}
	c2.Close()
	if s2.count("login") != 3 {
		t.Errorf("logins %d", s2.count("login"))
	}
}

func TestHandlersInOrder(t *testing.T) {
	s := newServer(t)
	const n = 200
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "burst" {
			for i := range n {
				name := "incoming_event"
				if i%3 == 0 {
					name = "chat_deactivated"
				}
				_ = sc.push(name, map[string]int{"i": i}, "")
			}
			_ = sc.push("last", map[string]int{}, "")
			return false
		}
		return false
	}
	var mu sync.Mutex
	var seq []string
	rec := func(tag string) func(Push) {
		return func(p Push) {
			var v struct{ I int }
			_ = p.Decode(&v)
			mu.Lock()
			seq = append(seq, fmt.Sprintf("%s:%s:%d", tag, p.Action, v.I))
			mu.Unlock()
		}
	}
	done := make(chan struct{})
	c := dialTest(t, s)
	c.On("incoming_event", rec("a"))
	c.On("chat_deactivated", rec("a"))
	c.On(AllPushes, rec("all"))
	offID := c.On("incoming_event", rec("off"))
	c.Once("chat_deactivated", rec("once"))
	c.Once("last", func(Push) { close(done) })
	if !c.Off(offID) || c.Off(offID) {
		t.Error("Off")
	}
	if err := c.Call(context.Background(), "burst", nil, nil); err != nil {
		t.Fatal(err)
	}
	<-done
	// The catch-all handler runs after the named Once handler of "last".
	waitFor(t, "all handlers", func() bool { mu.Lock(); defer mu.Unlock(); return len(seq) == 2*n+2 })
	mu.Lock()
	defer mu.Unlock()
	var want []string
	for i := range n {
		name := "incoming_event"
		if i%3 == 0 {
			name = "chat_deactivated"
		}
		want = append(want, fmt.Sprintf("a:%s:%d", name, i))
		if i == 0 {
			want = append(want, "once:chat_deactivated:0")
		}
		want = append(want, fmt.Sprintf("all:%s:%d", name, i))
	}
	want = append(want, "all:last:0")
	if strings.Join(seq, " ") != strings.Join(want, " ") {
		t.Errorf("handler order\n got %v\nwant %v", seq[:min(10, len(seq))], want[:10])
	}
}

func TestSlowConsumerDropsAndReports(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "burst" {
			for i := range 10 {
				_ = sc.push("incoming_event", map[string]int{"i": i}, "")
			}
		}
		return false
	}
	unblock := make(chan struct{})
	errs := make(chan error, 10)
	var got atomic.Int32
	c := dialTest(t, s, WithPushQueueSize(2), WithErrorHandler(func(err error) { errs <- err }),
		WithPushHandler("incoming_event", func(Push) {
			if got.Add(1) == 1 {
				<-unblock
			}
		}))
	if err := c.Call(context.Background(), "burst", nil, nil); err != nil {
		t.Fatal(err)
	}
	// The reader was never blocked: calls still work while the handler is stuck.
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(unblock)
	err := <-errs
	var sce *SlowConsumerError
	if !errors.As(err, &sce) || sce.Dropped != 8 || sce.First != "incoming_event" {
		t.Fatalf("error = %v", err)
	}
	waitFor(t, "2 pushes delivered", func() bool { return got.Load() == 2 })
}

func TestBadInputSurvives(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "garbage" {
			_ = sc.send("this is not json")
			_ = sc.send(`{"type":"weird","action":"x"}`)
			_ = sc.send(`[1,2,3]`)
			_ = sc.send(`{"type":"response","request_id":"unknown-id","action":"x","success":true}`)
			_ = sc.push("brand_new_push", map[string]any{"x": 1}, "")
			_ = sc.send(`{"type":"push","action":"big","payload":"` + strings.Repeat("x", 4096) + `"}`)
			_ = sc.send(`{"type":"response","request_id":"` + f.RequestID + `","action":"garbage","success":false,"payload":"oops"}`)
			return true
		}
		return false
	}
	var mu sync.Mutex
	var errs []error
	var unknown atomic.Int32
	c := dialTest(t, s, WithReadLimit(1024), WithErrorHandler(func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }),
		WithPushHandler("brand_new_push", func(Push) { unknown.Add(1) }),
		WithPushHandler("big", func(Push) { t.Error("oversized push delivered") }),
		WithPushHandler(AllPushes, func(p Push) {
			if p.Action == "incoming_event" {
				panic("handler bug")
			}
		}))
	err := c.Call(context.Background(), "garbage", nil, nil)
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != livechat.TypeInternal {
		t.Errorf("malformed error answer: %v", err)
	}
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		if f.Action == "panic" {
			_ = sc.push("incoming_event", map[string]any{}, "")
		}
		return false
	})
	if err := c.Call(context.Background(), "panic", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "errors reported", func() bool { mu.Lock(); defer mu.Unlock(); return len(errs) >= 5 })
	mu.Lock()
	var protocol, panics int
	for _, e := range errs {
		var pe *ProtocolError
		var he *HandlerPanicError
		switch {
		case errors.As(e, &pe):
			protocol++
		case errors.As(e, &he):
			panics++
		}
	}
	mu.Unlock()
	if protocol != 4 || panics != 1 {
		t.Errorf("errors %v", errs)
	}
	if unknown.Load() != 1 {
		t.Error("unknown push not delivered")
	}
	if s.connCount() != 1 {
		t.Error("socket dropped on bad input")
	}
}

func TestCloseFailsPending(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool { return f.Action == "hold" }
	c := dialTest(t, s)
	const n = 13
	errs := make(chan error, n)
	for range n {
		go func() { errs <- c.Call(context.Background(), "hold", nil, nil) }()
	}
	waitFor(t, "calls sent and queued", func() bool { return s.count("hold") == 10 && c.queuedLen() == 3 })
	c.Close()
	for range n {
		if err := <-errs; !errors.Is(err, ErrClosed) || errors.Is(err, ErrDisconnected) {
			t.Errorf("pending call: %v", err)
		}
	}
	if err := c.Ping(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	if !errors.Is(c.Err(), ErrClosed) || c.State() != StateClosed {
		t.Errorf("Err %v State %v", c.Err(), c.State())
	}
	select {
	case <-c.Done():
	default:
		t.Error("Done not closed")
	}
	c.Close() // idempotent
}

func TestSafeResend(t *testing.T) {
	for _, stored := range []bool{true, false} {
		t.Run(fmt.Sprintf("stored=%v", stored), func(t *testing.T) {
			s := newServer(t)
			var mu sync.Mutex
			var events []map[string]any
			var sends int
			s.onFrame = func(sc *srvConn, f reqFrame) bool {
				mu.Lock()
				defer mu.Unlock()
				switch f.Action {
				case "send_event":
					sends++
					var p struct{ Event map[string]any }
					_ = json.Unmarshal(f.Payload, &p)
					p.Event["id"] = fmt.Sprintf("T1_%d", len(events)+1)
					if sends == 1 {
						if stored {
							events = append(events, p.Event)
						}
						sc.drop() // the answer is lost
						return true
					}
					events = append(events, p.Event)
					_ = sc.respond(f, map[string]any{"event_id": p.Event["id"]})
					return true
				case "list_threads":
					_ = sc.respond(f, map[string]any{"threads": []any{map[string]any{"id": "T1", "events": events}}})
					return true
				}
				return false
			}
			c := dialTest(t, s, WithSafeResend(time.Millisecond))
			id, err := c.SendMessage(context.Background(), "C1", "once only")
			if err != nil || id != "T1_1" {
				t.Fatalf("SendMessage = %q, %v", id, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(events) != 1 {
				t.Errorf("events stored: %d", len(events))
			}
			wantSends := 1
			if !stored {
				wantSends = 2
			}
			if sends != wantSends || s.count("list_threads") != 1 {
				t.Errorf("send_event frames %d, list_threads %d", sends, s.count("list_threads"))
			}
			var ids []string
			for _, f := range s.allFrames() {
				if f.Action == "send_event" {
					var p struct {
						Event struct {
							CustomID string `json:"custom_id"`
						}
					}
					_ = json.Unmarshal(f.Payload, &p)
					ids = append(ids, p.Event.CustomID)
				}
			}
			if ids[0] == "" || ids[len(ids)-1] != ids[0] {
				t.Errorf("custom ids %v", ids)
			}
		})
	}
}

func TestCustomerSideStorageEchoed(t *testing.T) {
	s := newServer(t)
	s.loginPayload = map[string]any{"customer": map[string]any{"id": "c1"}}
	var once atomic.Bool
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "store" && once.CompareAndSwap(false, true) {
			_ = sc.push("customer_side_storage_updated", map[string]any{"customer_side_storage": map[string]any{"k": "v"}}, "")
			time.Sleep(10 * time.Millisecond)
			sc.drop()
			return true
		}
		return false
	}
	base := s.start()
	c, err := DialCustomer(context.Background(), testCreds(), WithConfig(livechat.WithBaseURL(base), livechat.WithOrganizationID("o")),
		WithReconnectBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.Call(context.Background(), "store", nil, nil)
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	var logins []reqFrame
	for _, f := range s.allFrames() {
		if f.Action == "login" {
			logins = append(logins, f)
		}
	}
	if len(logins) != 2 || !strings.Contains(string(logins[1].Payload), `"customer_side_storage":{"k":"v"}`) {
		t.Errorf("re-login %s", logins[len(logins)-1].Payload)
	}
}

func TestBackoffBounds(t *testing.T) {
	c := &Conn{s: defaultSettings()}
	for n := range 20 {
		ceil := min(DefaultMaxBackoff, DefaultMinBackoff<<n)
		for range 200 {
			d := c.backoff(n)
			if d < DefaultMinBackoff || d > ceil {
				t.Fatalf("backoff(%d) = %v, want [%v, %v]", n, d, DefaultMinBackoff, ceil)
			}
		}
	}
}
