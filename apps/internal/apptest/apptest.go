// Package apptest holds what the tests of the apps (Simple Agent, Customer
// Chat and the browser tests that run both) share: serving an app against
// an emulator on loopback, a cookie-keeping HTTP client that stands for a
// browser, and JSON calls to an app's own API.
package apptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat/apps/customerchat"
	"github.com/livechat-go/livechat/apps/simpleagent"
	"github.com/livechat-go/livechat/emulator"
)

// SimpleAgent builds Simple Agent against emu (its base URL, accounts URL
// and OAuth client from emu's credentials, then opts) and serves it on
// loopback until the test ends.
func SimpleAgent(t testing.TB, emu *emulator.Server, opts ...simpleagent.Option) (*simpleagent.App, *httptest.Server) {
	t.Helper()
	return SimpleAgentWrapped(t, emu, nil, opts...)
}

// SimpleAgentWrapped is SimpleAgent with the app's handler wrapped by wrap
// (when not nil), to delay or inspect the page's own API calls.
func SimpleAgentWrapped(t testing.TB, emu *emulator.Server, wrap func(http.Handler) http.Handler, opts ...simpleagent.Option) (*simpleagent.App, *httptest.Server) {
	t.Helper()
	c := emu.Credentials()
	opts = append([]simpleagent.Option{simpleagent.WithBaseURL(c.URL), simpleagent.WithAccountsURL(c.URL), simpleagent.WithClientID(c.ClientID)}, opts...)
	app, err := simpleagent.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return app, serve(t, app, wrap)
}

// CustomerChat builds Customer Chat against emu (its base URL, accounts
// URL, organization and OAuth client from emu's credentials, then opts)
// and serves it on loopback until the test ends.
func CustomerChat(t testing.TB, emu *emulator.Server, opts ...customerchat.Option) (*customerchat.App, *httptest.Server) {
	t.Helper()
	c := emu.Credentials()
	opts = append([]customerchat.Option{customerchat.WithBaseURL(c.URL), customerchat.WithAccountsURL(c.URL),
		customerchat.WithOrganizationID(c.OrganizationID), customerchat.WithClientID(c.ClientID)}, opts...)
	app, err := customerchat.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return app, serve(t, app, nil)
}

// serve serves app (through wrap when not nil) and, when the test ends,
// closes the app before the server: the app's close ends its open event
// streams, which the server's close would otherwise wait for.
func serve(t testing.TB, app interface {
	http.Handler
	Close() error
}, wrap func(http.Handler) http.Handler) *httptest.Server {
	var h http.Handler = app
	if wrap != nil {
		h = wrap(app)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		app.Close()
		srv.Close()
	})
	return srv
}

// Browser returns an HTTP client that keeps cookies and follows
// redirects, as a browser does.
func Browser(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second}
}

// Call sends method to u with body as JSON (no body when ""), the
// X-CSRF-Token header when csrf is set and the Origin header when origin
// is set. It returns the status and the answer decoded as a JSON object
// (nil when the answer is not one).
func Call(t testing.TB, c *http.Client, method, u, csrf, origin, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
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

// GetJSON is Call with GET and no headers.
func GetJSON(t testing.TB, c *http.Client, u string) (int, map[string]any) {
	t.Helper()
	return Call(t, c, http.MethodGet, u, "", "", "")
}

// Post is Call with POST.
func Post(t testing.TB, c *http.Client, u, csrf, origin, body string) (int, map[string]any) {
	t.Helper()
	return Call(t, c, http.MethodPost, u, csrf, origin, body)
}
