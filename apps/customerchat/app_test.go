package customerchat_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/apps/customerchat"
	"github.com/livechat-go/livechat/apps/internal/apptest"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
)

// TestVisitorComesBack: a visitor starts a chat; the same browser (its
// identity cookie) finds the chat again in a new session; the token never
// reaches the browser; state changes need the CSRF token.
func TestVisitorComesBack(t *testing.T) {
	emu := emulator.NewTest(t)
	// An agent is logged in (a Web API call opens their session), so the
	// visitor's chat is routed rather than refused with groups_offline.
	ag := emutest.OwnerWeb(t, emu)
	if _, err := ag.ListChats(t.Context(), agent.ListChatsRequest{}); err != nil {
		t.Fatal(err)
	}
	_, srv := apptest.CustomerChat(t, emu)
	browser := apptest.Browser(t)

	st, s := apptest.GetJSON(t, browser, srv.URL+"/api/session")
	if st != 200 || s["csrf"] == nil || s["chat"] != nil {
		t.Fatalf("first visit: %d %v", st, s)
	}
	if st, m := apptest.Post(t, browser, srv.URL+"/api/messages", "", "", `{"text":"hi"}`); st != http.StatusForbidden {
		t.Fatalf("send without the CSRF token: %d %v", st, m)
	}
	st, m := apptest.Post(t, browser, srv.URL+"/api/messages", s["csrf"].(string), "", `{"text":"where is my order?","name":"Kim"}`)
	if st != 200 || m["chat_id"] == nil || m["event_id"] == nil || m["queued"] != false {
		t.Fatalf("start chat: %d %v", st, m)
	}
	u, _ := url.Parse(srv.URL)
	var identity *http.Cookie
	for _, ck := range browser.Jar.Cookies(u) {
		if strings.Contains(ck.Value, "dal:") {
			t.Fatalf("cookie %s holds a token", ck.Name)
		}
		if ck.Name == "customerchat_identity" {
			identity = ck
		}
	}
	if identity == nil {
		t.Fatal("no identity cookie")
	}
	// A new session (the session cookie is gone, the identity cookie is
	// kept, as after a browser restart) finds the same chat.
	again := apptest.Browser(t)
	again.Jar.SetCookies(u, []*http.Cookie{identity})
	st, s2 := apptest.GetJSON(t, again, srv.URL+"/api/session")
	chat, _ := s2["chat"].(map[string]any)
	if st != 200 || chat == nil || chat["id"] != m["chat_id"] || chat["active"] != true || s2["me"] != s["me"] {
		t.Fatalf("second visit: %d %v, want chat %v of customer %v", st, s2, m["chat_id"], s["me"])
	}
	if evs, _ := chat["events"].([]any); len(evs) == 0 || !strings.Contains(mustJSON(evs), "where is my order?") {
		t.Fatalf("second visit lacks the message: %v", chat["events"])
	}
}

func TestNewNeedsOrganizationAndClient(t *testing.T) {
	if _, err := customerchat.New(customerchat.WithClientID("x")); err == nil || !strings.Contains(err.Error(), "WithOrganizationID") {
		t.Fatalf("New without an organization: %v", err)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestVisitorQueuedWithNoAgent: with no agent logged in the group is
// offline; the visitor's chat is started continuous instead of refused,
// the page is told it waits, and the first agent who signs in gets it.
func TestVisitorQueuedWithNoAgent(t *testing.T) {
	emu := emulator.NewTest(t)
	c := emu.Credentials()
	_, srv := apptest.CustomerChat(t, emu)
	browser := apptest.Browser(t)
	_, s := apptest.GetJSON(t, browser, srv.URL+"/api/session")
	st, m := apptest.Post(t, browser, srv.URL+"/api/messages", s["csrf"].(string), "", `{"text":"anyone there?"}`)
	if st != 200 || m["queued"] != true {
		t.Fatalf("start chat with nobody logged in: %d %v", st, m)
	}
	chatID, _ := m["chat_id"].(string)
	// The owner (group 0's agent, like agent@) opens a Web API session:
	// the queued chat is routed to them.
	ag := emutest.OwnerWeb(t, emu)
	chat, err := ag.GetChat(t.Context(), chatID, "")
	if err != nil {
		t.Fatal(err)
	}
	if chat.Thread == nil || len(chat.Thread.UserIDs) != 2 || !slices.Contains(chat.Thread.UserIDs, c.Owner.ID) {
		t.Fatalf("queued chat after the owner signed in: %+v", chat.Thread)
	}
}

// TestCloseDuringFirstVisit: a visitor whose session is being set up
// while the app closes (here: the cookie grant is held until Close has
// returned) is refused with 503, and the RTM connection dialled for it
// does not outlive the app.
func TestCloseDuringFirstVisit(t *testing.T) {
	emu := emulator.NewTest(t)
	target, err := url.Parse(emu.URL())
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	proxy := httputil.NewSingleHostReverseProxy(target)
	accounts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/customer/token" {
			once.Do(func() { close(entered) })
			<-release
		}
		proxy.ServeHTTP(w, r)
	}))
	defer accounts.Close()
	app, srv := apptest.CustomerChat(t, emu, customerchat.WithAccountsURL(accounts.URL))

	type answer struct {
		status int
		err    error
	}
	got := make(chan answer, 1)
	browser := apptest.Browser(t)
	go func() { // no t.Fatal off the test's goroutine: the answer goes back
		resp, err := browser.Get(srv.URL + "/api/session")
		if err != nil {
			got <- answer{err: err}
			return
		}
		resp.Body.Close()
		got <- answer{status: resp.StatusCode}
	}()
	select {
	case <-entered:
	case a := <-got:
		t.Fatalf("the session answered before asking for a token: %d %v", a.status, a.err)
	case <-time.After(20 * time.Second):
		t.Fatal("the session never asked the accounts server for a token")
	}
	app.Close()
	close(release)
	if a := <-got; a.err != nil || a.status != http.StatusServiceUnavailable {
		t.Errorf("first visit while closing: %d %v, want 503", a.status, a.err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for emu.Connections() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d RTM connections still open after the app closed", emu.Connections())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTLSMakesCookiesSecure: served over TLS without WithSecureCookies,
// both of Customer Chat's cookies (session and identity) are Secure; the
// session cookie was not.
func TestTLSMakesCookiesSecure(t *testing.T) {
	emu := emulator.NewTest(t)
	app, _ := apptest.CustomerChat(t, emu)
	// httptest.NewRequest with an https URL sets r.TLS, as a TLS server does.
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://chat.example/api/session", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("first visit over TLS: %d %s", rec.Code, rec.Body)
	}
	found := map[string]bool{}
	for _, c := range rec.Result().Cookies() {
		found[c.Name] = true
		if !c.Secure {
			t.Errorf("cookie %s over TLS is not Secure", c.Name)
		}
	}
	if !found["customerchat_session"] || !found["customerchat_identity"] {
		t.Fatalf("cookies set: %v, want the session and identity cookies", found)
	}
}
