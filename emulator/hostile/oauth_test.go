package hostile_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat/emulator"
)

// TestHostileOAuthForms: the accounts server (/oauth/authorize,
// /v2/token, /v2/customer/token) refuses form bodies, JSON bodies and
// query strings holding invalid UTF-8 — in a value or in a field name —
// with its documented OAuth envelope (400, {"error":"invalid_request",
// "error_description":"… is not valid UTF-8"} naming the field), before
// acting on anything; valid forms still work afterwards.
func TestHostileOAuthForms(t *testing.T) {
	e := newEnv(t, emulator.Config{WebhookRetryDelay: 20 * time.Millisecond})
	e.setupDone = true
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	cid := url.QueryEscape(e.creds.ClientID)
	for _, bad := range []string{"bad\xffutf8", "\xc3\x28", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80", "\xe2\x82"} {
		q := url.QueryEscape(bad)
		for _, c := range []struct{ name, method, path, body, field string }{
			{"token code", "POST", "/v2/token", "grant_type=authorization_code&client_id=" + cid + "&code=" + q, "code"},
			{"token refresh", "POST", "/v2/token", "grant_type=refresh_token&client_id=" + cid + "&refresh_token=" + q, "refresh_token"},
			{"token grant_type", "POST", "/v2/token", "grant_type=" + q + "&client_id=" + cid, "grant_type"},
			{"token field name", "POST", "/v2/token", "grant_type=refresh_token&" + q + "=1", "not valid UTF-8"},
			{"token query", "POST", "/v2/token?state=" + q, "grant_type=refresh_token&client_id=" + cid, "state"},
			{"revoke", "DELETE", "/v2/token?code=" + q, "", "code"},
			{"authorize form", "POST", "/oauth/authorize", "response_type=code&client_id=" + cid + "&state=" + q, "state"},
			{"authorize query", "GET", "/oauth/authorize?response_type=code&client_id=" + cid + "&redirect_uri=" + q, "", "redirect_uri"},
			{"customer token", "POST", "/v2/customer/token", "grant_type=cookie&client_id=" + cid + "&organization_id=" + q, "organization_id"},
			{"customer token group", "POST", "/v2/customer/" + url.PathEscape(e.creds.OrganizationID) + "/0/token", "grant_type=cookie&client_id=" + q, "client_id"},
		} {
			r := req{name: c.name + " " + clip(bad), method: c.method, path: c.path, header: form, want: 400, wantSub: c.field}
			if c.body != "" {
				r.body = []byte(c.body)
			}
			_, body := e.send(r)
			if !strings.Contains(string(body), `"error":"invalid_request"`) || !strings.Contains(string(body), "not valid UTF-8") {
				t.Errorf("%s: not the OAuth envelope naming the problem: %s", r.name, body)
			}
		}
		// A JSON body: the decoder would quietly turn the bytes into U+FFFD.
		e.send(req{name: "token JSON " + clip(bad), path: "/v2/token", want: 400, wantSub: `"error":"invalid_request"`,
			body: []byte(`{"grant_type":"refresh_token","client_id":"` + e.creds.ClientID + `","refresh_token":"` + bad + `"}`)})
	}
	// Valid forms still work: a customer token by the cookie grant.
	e.send(req{name: "valid customer token", path: "/v2/customer/token", header: form, want: 200, wantSub: "access_token",
		body: []byte("grant_type=cookie&client_id=" + cid + "&organization_id=" + url.QueryEscape(e.creds.OrganizationID))})
	e.noSecrets()
}
