package simpleagent_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat/apps/internal/apptest"
	"github.com/livechat-go/livechat/apps/simpleagent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
	"github.com/livechat-go/livechat/internal/syncbuf"
)

// newApp serves Simple Agent against emu and returns its debug log.
func newApp(t *testing.T, emu *emulator.Server, opts ...simpleagent.Option) (*httptest.Server, *syncbuf.Buffer) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	opts = append([]simpleagent.Option{simpleagent.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}, opts...)
	_, srv := apptest.SimpleAgent(t, emu, opts...)
	return srv, logs
}

// signIn runs the OAuth sign-in like a browser and returns the CSRF token.
func signIn(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/" || resp.Request.URL.RawQuery != "" {
		t.Fatalf("sign-in ended at %s", resp.Request.URL)
	}
	_, s := apptest.GetJSON(t, c, base+"/api/session")
	if s["signed_in"] != true {
		t.Fatalf("not signed in: %v", s)
	}
	return s["csrf"].(string)
}

// signedIn returns a browser signed in through OAuth whose session
// answers /api/me (its RTM connection is up), and the CSRF token.
func signedIn(t *testing.T, base string) (*http.Client, string) {
	t.Helper()
	c := apptest.Browser(t)
	csrf := signIn(t, c, base)
	waitMe(t, c, base)
	return c, csrf
}

func waitMe(t *testing.T, c *http.Client, base string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, me := apptest.GetJSON(t, c, base+"/api/me")
		if st == 200 {
			return me
		}
		if time.Now().After(deadline) {
			t.Fatalf("/api/me: %d %v", st, me)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestSecurityHeadersAndAuth(t *testing.T) {
	emu := emulator.NewTest(t)
	srv, _ := newApp(t, emu)
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	c := apptest.Browser(t)
	if st, _ := apptest.GetJSON(t, c, srv.URL+"/api/chats"); st != http.StatusUnauthorized {
		t.Errorf("/api/chats without a session: %d, want 401", st)
	}
	csrf := signIn(t, c, srv.URL)
	u, _ := url.Parse(srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if strings.Contains(ck.Value, "dal:") {
			t.Errorf("cookie %s holds a token", ck.Name)
		}
	}
	waitMe(t, c, srv.URL)
	// CSRF: no token, a wrong token, another origin.
	for _, tc := range []struct{ csrf, origin string }{{"", ""}, {"wrong", ""}, {csrf, "http://evil.example"}} {
		if st, m := apptest.Post(t, c, srv.URL+"/api/chats/X/close", tc.csrf, tc.origin, `{}`); st != http.StatusForbidden {
			t.Errorf("POST with csrf=%q origin=%q: %d %v, want 403", tc.csrf, tc.origin, st, m)
		}
	}
	// With the token: the call goes through (and fails on the platform's answer).
	st, m := apptest.Post(t, c, srv.URL+"/api/chats/NOSUCHCHAT/close", csrf, srv.URL, `{}`)
	if st != http.StatusBadGateway || !strings.Contains(m["error"].(string), "not_found") {
		t.Errorf("close of an unknown chat: %d %v, want the platform's not_found", st, m)
	}
	if st, m := apptest.Post(t, c, srv.URL+"/api/chats/X/messages", csrf, "", `{"text":"  "}`); st != http.StatusBadRequest {
		t.Errorf("empty message: %d %v", st, m)
	}
}

func TestOAuthCallbackRefusesForeignState(t *testing.T) {
	emu := emulator.NewTest(t)
	srv, _ := newApp(t, emu)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	q := loc.Query()
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || q.Get("state") == "" ||
		q.Get("redirect_uri") != srv.URL+"/oauth/callback" {
		t.Fatalf("authorize request %s lacks PKCE S256, state or the redirect URI", loc)
	}
	// A callback with that state but without this browser's cookie (login
	// CSRF) is refused.
	resp, err = noFollow.Get(srv.URL + "/oauth/callback?code=x&state=" + url.QueryEscape(q.Get("state")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if l := resp.Header.Get("Location"); !strings.HasPrefix(l, "/?error=") || resp.Header.Get("Set-Cookie") == "" ||
		strings.Contains(resp.Header.Get("Set-Cookie"), "simpleagent_session=") {
		t.Fatalf("foreign callback: %d %s %q", resp.StatusCode, l, resp.Header.Get("Set-Cookie"))
	}
}

// TestTokenRefreshedBeforeExpiry signs in with 4 s tokens: the app
// refreshes the token and the RTM connection moves to it
// (update_session), so calls still work after the first token expired,
// and no token reaches the log.
func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	emu := emulator.NewTest(t, emulator.Config{AccessTokenLifetime: 4 * time.Second})
	srv, logs := newApp(t, emu)
	c, _ := signedIn(t, srv.URL)
	// Watch the page's event stream: the connection must stay up.
	resp, err := c.Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	stream := &syncbuf.Buffer{}
	go io.Copy(stream, resp.Body)
	time.Sleep(5500 * time.Millisecond)
	resp.Body.Close()
	if s := stream.String(); !strings.Contains(s, `"state":"ready"`) || strings.Contains(s, "reconnecting") || strings.Contains(s, "closed") {
		t.Fatalf("the connection did not stay up across the token's expiry:\n%s", s)
	}
	if st, m := apptest.GetJSON(t, c, srv.URL+"/api/chats"); st != 200 {
		t.Fatalf("after the first token's expiry: %d %v", st, m)
	}
	if st, m := apptest.GetJSON(t, c, srv.URL+"/api/me"); st != 200 {
		t.Fatalf("after the first token's expiry: %d %v", st, m)
	}
	if l := logs.String(); strings.Contains(l, "dal:") {
		t.Fatalf("a token reached the log:\n%s", l)
	}
}

func TestSignInWithPAT(t *testing.T) {
	emu := emulator.NewTest(t)
	owner := emu.Credentials().Owner
	srv, _ := newApp(t, emu, simpleagent.WithPAT(owner.AccountID, owner.PAT))
	c := apptest.Browser(t)
	if st, m := apptest.Post(t, c, srv.URL+"/login/pat", "", "http://evil.example", ""); st != http.StatusForbidden {
		t.Fatalf("cross-origin PAT sign-in: %d %v", st, m)
	}
	if st, m := apptest.Post(t, c, srv.URL+"/login/pat", "", srv.URL, ""); st != 200 {
		t.Fatalf("PAT sign-in: %d %v", st, m)
	}
	me := waitMe(t, c, srv.URL)
	if me["email"] != owner.ID || me["license_id"] != emu.Credentials().LicenseID {
		t.Fatalf("me = %v", me)
	}
}

func TestNewNeedsACredential(t *testing.T) {
	if _, err := simpleagent.New(); err == nil || !strings.Contains(err.Error(), "WithClientID") {
		t.Fatalf("New() = %v", err)
	}
	if _, err := simpleagent.New(simpleagent.WithPAT("", "x")); err == nil {
		t.Fatal("a PAT without an account id was accepted")
	}
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestSessionIdleExpiry: a session with no request for the idle timeout
// ends — found gone by the next request, or by the sweep — and its RTM
// connection is closed (the owner, group 1's only agent, stops counting
// for routing); requests and an open page keep it alive.
func TestSessionIdleExpiry(t *testing.T) {
	emu := emulator.NewTest(t)
	app, srv := apptest.SimpleAgent(t, emu, simpleagent.WithSessionIdleTimeout(time.Hour))
	clock := &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	simpleagent.SetClock(app, clock.Now)

	// A request resets the idle time; the next one past the timeout finds
	// the session gone.
	b, _ := signedIn(t, srv.URL)
	emutest.WaitGroupStatus(t, emu, 1, "online")
	clock.Add(50 * time.Minute)
	if st, _ := apptest.GetJSON(t, b, srv.URL+"/api/me"); st != 200 {
		t.Fatalf("/api/me after 50 idle minutes: %d", st)
	}
	clock.Add(50 * time.Minute)
	if n := simpleagent.SweepSessions(app); n != 0 {
		t.Fatalf("sweep ended %d sessions 50 minutes after a request", n)
	}
	clock.Add(11 * time.Minute)
	if st, m := apptest.GetJSON(t, b, srv.URL+"/api/me"); st != http.StatusUnauthorized {
		t.Fatalf("/api/me after 61 idle minutes: %d %v, want 401", st, m)
	}
	if _, s := apptest.GetJSON(t, b, srv.URL+"/api/session"); s["signed_in"] != false {
		t.Fatalf("session after expiry: %v", s)
	}
	emutest.WaitGroupStatus(t, emu, 1, "offline") // its RTM connection was closed

	// An open page (its event stream) keeps the session; once closed, the
	// sweep ends it.
	b2, _ := signedIn(t, srv.URL)
	emutest.WaitGroupStatus(t, emu, 1, "online")
	ctx, closeStream := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
	resp, err := b2.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil { // the stream is open
		t.Fatal(err)
	}
	clock.Add(3 * time.Hour)
	if n := simpleagent.SweepSessions(app); n != 0 || simpleagent.Sessions(app) != 1 {
		t.Fatalf("sweep with the page open ended %d sessions", n)
	}
	closeStream()
	resp.Body.Close()
	deadline := time.Now().Add(20 * time.Second)
	for simpleagent.SweepSessions(app) == 0 { // the server notices the closed stream
		if time.Now().After(deadline) {
			t.Fatal("the session outlived its closed page by hours")
		}
		clock.Add(2 * time.Hour)
		time.Sleep(20 * time.Millisecond)
	}
	if simpleagent.Sessions(app) != 0 {
		t.Fatalf("%d sessions left", simpleagent.Sessions(app))
	}
	emutest.WaitGroupStatus(t, emu, 1, "offline")
	if st, _ := apptest.GetJSON(t, b2, srv.URL+"/api/me"); st != http.StatusUnauthorized {
		t.Fatalf("/api/me after the sweep: %d, want 401", st)
	}
}

// chatUnread returns the unread count /api/chats gives chatID (-1: not listed).
func chatUnread(t *testing.T, c *http.Client, base, chatID string) int {
	t.Helper()
	st, m := apptest.GetJSON(t, c, base+"/api/chats")
	if st != 200 {
		t.Fatalf("/api/chats: %d %v", st, m)
	}
	list, _ := m["chats"].([]any)
	for _, x := range list {
		if ch, _ := x.(map[string]any); ch["id"] == chatID {
			n, _ := ch["unread"].(float64)
			return int(n)
		}
	}
	return -1
}

// ownerSeenUpTo reads the owner's events_seen_up_to in a chat from the
// platform (the emulator), where Simple Agent keeps it.
func ownerSeenUpTo(t *testing.T, emu *emulator.Server, chatID string) string {
	t.Helper()
	o := emu.Credentials().Owner
	raw, err := emu.Do(t.Context(), "Bearer "+o.Token, "agent", "", "get_chat", map[string]any{"chat_id": chatID})
	if err != nil {
		t.Fatal(err)
	}
	var chat struct {
		Users []struct {
			ID   string `json:"id"`
			Seen string `json:"events_seen_up_to"`
		} `json:"users"`
	}
	if err := json.Unmarshal(raw, &chat); err != nil {
		t.Fatal(err)
	}
	for _, u := range chat.Users {
		if u.ID == o.ID {
			return u.Seen
		}
	}
	t.Fatalf("the owner is not a user of %s: %s", chatID, raw)
	return ""
}

// lastEventAt returns the created_at of a chat's newest event.
func lastEventAt(t *testing.T, emu *emulator.Server, chatID string) string {
	t.Helper()
	raw, err := emu.Do(t.Context(), "Bearer "+emu.Credentials().Owner.Token, "agent", "", "get_chat", map[string]any{"chat_id": chatID})
	if err != nil {
		t.Fatal(err)
	}
	var chat struct {
		Thread struct {
			Events []struct {
				CreatedAt string `json:"created_at"`
			} `json:"events"`
		} `json:"thread"`
	}
	if err := json.Unmarshal(raw, &chat); err != nil || len(chat.Thread.Events) == 0 {
		t.Fatalf("get_chat %s: %v %s", chatID, err, raw)
	}
	return chat.Thread.Events[len(chat.Thread.Events)-1].CreatedAt
}

// TestUnreadCountsFromSeenMarkers: /api/chats counts the events others
// wrote after the agent's events_seen_up_to; opening a chat moves the
// marker with mark_events_as_seen (on the platform), so another session
// — a reload — finds the same counts; POST /api/chats/{id}/seen moves it
// to an event the page showed and refuses a bad time before calling.
func TestUnreadCountsFromSeenMarkers(t *testing.T) {
	emu := emulator.NewTest(t)
	srv, _ := newApp(t, emu)
	b, _ := signedIn(t, srv.URL)
	emutest.WaitGroupStatus(t, emu, 1, "online") // the owner, group 1's agent, is logged in
	chat, err := emu.StartCustomerChat(t.Context(), emu.Credentials().Customers[0].Token, 1, "one")
	if err != nil {
		t.Fatal(err)
	}
	say := func(text string) {
		t.Helper()
		if _, err := emu.Do(t.Context(), "Bearer "+emu.Credentials().Customers[0].Token, "customer", "", "send_event",
			map[string]any{"chat_id": chat.ChatID, "event": map[string]any{"type": "message", "text": text}}); err != nil {
			t.Fatal(err)
		}
	}
	say("two")
	say("three")
	if n := chatUnread(t, b, srv.URL, chat.ChatID); n != 3 {
		t.Fatalf("unread before opening: %d, want 3", n)
	}
	before := ownerSeenUpTo(t, emu, chat.ChatID)
	st, opened := apptest.GetJSON(t, b, srv.URL+"/api/chats/"+chat.ChatID)
	if st != 200 || opened["seen_error"] != nil {
		t.Fatalf("open: %d %v", st, opened)
	}
	if seen := ownerSeenUpTo(t, emu, chat.ChatID); seen <= before {
		t.Fatalf("opening the chat did not move the owner's events_seen_up_to (%q, was %q)", seen, before)
	}
	if n := chatUnread(t, b, srv.URL, chat.ChatID); n != 0 {
		t.Fatalf("unread after opening: %d", n)
	}
	// Another browser (a reload, a second tab) sees the same.
	b2, csrf2 := signedIn(t, srv.URL)
	if n := chatUnread(t, b2, srv.URL, chat.ChatID); n != 0 {
		t.Fatalf("unread in a new session after opening: %d", n)
	}
	say("four")
	say("five")
	at := lastEventAt(t, emu, chat.ChatID)
	if n := chatUnread(t, b2, srv.URL, chat.ChatID); n != 2 {
		t.Fatalf("unread after two more: %d, want 2", n)
	}
	if st, m := apptest.Post(t, b2, srv.URL+"/api/chats/"+chat.ChatID+"/seen", csrf2, srv.URL, `{"seen_up_to":"yesterday"}`); st != http.StatusBadRequest {
		t.Fatalf("seen with a bad time: %d %v", st, m)
	}
	if st, m := apptest.Post(t, b2, srv.URL+"/api/chats/"+chat.ChatID+"/seen", csrf2, srv.URL, `{"seen_up_to":"`+at+`"}`); st != 200 || m["member"] != true {
		t.Fatalf("seen: %d %v", st, m)
	}
	if n := chatUnread(t, b, srv.URL, chat.ChatID); n != 0 {
		t.Fatalf("unread after seen up to the last event: %d", n)
	}
}

// TestNoSessionAfterClose: once the app is closed, a sign-in starts no
// session (and no RTM connection that nothing would close): 503.
func TestNoSessionAfterClose(t *testing.T) {
	emu := emulator.NewTest(t)
	owner := emu.Credentials().Owner
	app, srv := apptest.SimpleAgent(t, emu, simpleagent.WithPAT(owner.AccountID, owner.PAT))
	app.Close()
	c := apptest.Browser(t)
	if st, m := apptest.Post(t, c, srv.URL+"/login/pat", "", srv.URL, ""); st != http.StatusServiceUnavailable {
		t.Fatalf("PAT sign-in after Close: %d %v, want 503", st, m)
	}
	if n := simpleagent.Sessions(app); n != 0 {
		t.Fatalf("%d sessions after a sign-in refused by a closed app", n)
	}
}

// TestTLSMakesCookiesSecure: served over TLS without WithSecureCookies,
// the app marks its cookies Secure. Two first requests arrive at once,
// each of which tells the app it is behind TLS: safe under the race
// detector (the app used to write a plain bool there).
func TestTLSMakesCookiesSecure(t *testing.T) {
	emu := emulator.NewTest(t)
	owner := emu.Credentials().Owner
	app, _ := apptest.SimpleAgent(t, emu, simpleagent.WithPAT(owner.AccountID, owner.PAT))
	// httptest.NewRequest with an https URL sets r.TLS, as a TLS server does.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "https://agent.example/api/session", nil))
		})
	}
	wg.Wait()
	req := httptest.NewRequest(http.MethodPost, "https://agent.example/login/pat", nil)
	req.Header.Set("Origin", "https://agent.example")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	var session *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "simpleagent_session" {
			session = c
		}
	}
	if rec.Code != http.StatusOK || session == nil || !session.Secure {
		t.Fatalf("PAT sign-in over TLS: %d %s, session cookie %v, want a Secure one", rec.Code, rec.Body, session)
	}
}
