package simpleagent_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat/apps/simpleagent"
	"github.com/livechat-go/livechat/emulator"
)

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newApp(t *testing.T, emu *emulator.Server, opts ...simpleagent.Option) (*httptest.Server, *lockedBuf) {
	t.Helper()
	c := emu.Credentials()
	logs := &lockedBuf{}
	opts = append([]simpleagent.Option{simpleagent.WithBaseURL(c.URL), simpleagent.WithAccountsURL(c.URL), simpleagent.WithClientID(c.ClientID),
		simpleagent.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}, opts...)
	app, err := simpleagent.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() { app.Close(); srv.Close() })
	return srv, logs
}

// browser is an HTTP client with cookies that follows redirects, as a browser does.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second}
}

func getJSON(t *testing.T, c *http.Client, u string) (int, map[string]any) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func post(t *testing.T, c *http.Client, u, csrf, origin, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
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
	_, s := getJSON(t, c, base+"/api/session")
	if s["signed_in"] != true {
		t.Fatalf("not signed in: %v", s)
	}
	return s["csrf"].(string)
}

func waitMe(t *testing.T, c *http.Client, base string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, me := getJSON(t, c, base+"/api/me")
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
	c := browser(t)
	if st, _ := getJSON(t, c, srv.URL+"/api/chats"); st != http.StatusUnauthorized {
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
		if st, m := post(t, c, srv.URL+"/api/chats/X/close", tc.csrf, tc.origin, `{}`); st != http.StatusForbidden {
			t.Errorf("POST with csrf=%q origin=%q: %d %v, want 403", tc.csrf, tc.origin, st, m)
		}
	}
	// With the token: the call goes through (and fails on the platform's answer).
	st, m := post(t, c, srv.URL+"/api/chats/NOSUCHCHAT/close", csrf, srv.URL, `{}`)
	if st != http.StatusBadGateway || !strings.Contains(m["error"].(string), "not_found") {
		t.Errorf("close of an unknown chat: %d %v, want the platform's not_found", st, m)
	}
	if st, m := post(t, c, srv.URL+"/api/chats/X/messages", csrf, "", `{"text":"  "}`); st != http.StatusBadRequest {
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
	c := browser(t)
	signIn(t, c, srv.URL)
	waitMe(t, c, srv.URL)
	// Watch the page's event stream: the connection must stay up.
	resp, err := c.Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	stream := &lockedBuf{}
	go io.Copy(stream, resp.Body)
	time.Sleep(5500 * time.Millisecond)
	resp.Body.Close()
	if s := stream.String(); !strings.Contains(s, `"state":"ready"`) || strings.Contains(s, "reconnecting") || strings.Contains(s, "closed") {
		t.Fatalf("the connection did not stay up across the token's expiry:\n%s", s)
	}
	if st, m := getJSON(t, c, srv.URL+"/api/chats"); st != 200 {
		t.Fatalf("after the first token's expiry: %d %v", st, m)
	}
	if st, m := getJSON(t, c, srv.URL+"/api/me"); st != 200 {
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
	c := browser(t)
	if st, m := post(t, c, srv.URL+"/login/pat", "", "http://evil.example", ""); st != http.StatusForbidden {
		t.Fatalf("cross-origin PAT sign-in: %d %v", st, m)
	}
	if st, m := post(t, c, srv.URL+"/login/pat", "", srv.URL, ""); st != 200 {
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
