package emulator_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// TestOAuthRedirectAllowList pins issue 15 point 5: /oauth/authorize only
// redirects to loopback URLs and the registered ones, and never to a
// scheme other than http(s); a refused redirect_uri is answered as JSON,
// not followed.
func TestOAuthRedirectAllowList(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{OAuthRedirectURIs: []string{
		"https://app.example.com/callback", "https://tree.example.com/oauth/"}})
	base := srv.URL() + "/oauth/authorize?response_type=code&client_id=" + srv.Credentials().ClientID + "&redirect_uri="
	allowed := []string{
		"http://127.0.0.1:5555/callback", "http://localhost:9/x?y=1", "http://[::1]:8080/cb", "http://127.0.0.1/",
		"https://app.example.com/callback", "https://app.example.com/callback?from=x",
		"https://tree.example.com/oauth/", "https://tree.example.com/oauth/deeper/cb",
	}
	for _, ru := range allowed {
		u := oaAuthorize(t, base+url.QueryEscape(ru))
		if u.Query().Get("code") == "" || u.Host != mustParse(t, ru).Host || u.Path != mustParse(t, ru).Path {
			t.Errorf("%s: redirected to %s, want it with a code", ru, u)
		}
	}
	refused := map[string]string{
		"https://evil.example/callback":               "not registered",
		"https://app.example.com/callback2":           "not registered",
		"https://app.example.com/":                    "not registered",
		"http://app.example.com/callback":             "not registered", // scheme differs
		"https://app.example.com:8443/callback":       "not registered", // port differs
		"https://tree.example.com/oauth/../admin":     "not registered",
		"https://tree.example.com/oauth/%2e%2e/admin": "not registered",
		"https://tree.example.com/oauthx":             "not registered",
		"https://127.0.0.1.evil.example/cb":           "not registered",
		"javascript:alert(document.cookie)":           "http or https",
		"data:text/html,<script>alert(1)</script>":    "http or https",
		"ftp://127.0.0.1/cb":                          "http or https",
		"file:///etc/passwd":                          "http or https",
		"/relative/cb":                                "absolute",
		"http://127.0.0.1:5555/cb#frag":               "fragment",
		"http://user:pw@127.0.0.1/cb":                 "user info",
		"https:opaque":                                "host",
	}
	for ru, want := range refused {
		status, m := oaDo(t, "GET", base+url.QueryEscape(ru), "", "", "")
		desc, _ := m["error_description"].(string)
		if status != 400 || m["error"] != "invalid_request" || !strings.Contains(desc, want) {
			t.Errorf("%s: %d %v, want 400 invalid_request naming %q", ru, status, m, want)
		}
	}
	// The implicit grant is refused the same way: no token leaves for an
	// unregistered host.
	status, m := oaDo(t, "GET", strings.Replace(base, "response_type=code", "response_type=token", 1)+url.QueryEscape("https://evil.example/cb"), "", "", "")
	if status != 400 || m["access_token"] != nil {
		t.Fatalf("implicit grant to an unregistered host: %d %v", status, m)
	}
}

func TestOAuthRedirectConfigChecked(t *testing.T) {
	_, err := emulator.New(context.Background(), emulator.Config{DataDir: store.Memory, OAuthRedirectURIs: []string{"javascript:alert(1)"}})
	if err == nil || !strings.Contains(err.Error(), "OAuthRedirectURIs") || !strings.Contains(err.Error(), "http or https") {
		t.Fatalf("New with a javascript: redirect URI: %v, want an error naming Config.OAuthRedirectURIs", err)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
