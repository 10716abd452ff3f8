package redact

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSecretName(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"token", true}, {"access_token", true}, {"refresh_token", true}, {"accessToken", true},
		{"client_secret", true}, {"secret_key", true}, {"clientSecret", true},
		{"password", true}, {"Password", true}, {"passwd", true}, {"pwd", true}, {"db_pass", true},
		{"api_key", true}, {"apikey", true}, {"apiKey", true}, {"X-Api-Key", true}, {"key", true},
		{"pat", true}, {"--pat", true}, {"sig", true}, {"signature", true}, {"X-Hub-Signature", true},
		{"Authorization", true}, {"Proxy-Authorization", true}, {"Cookie", true}, {"Set-Cookie", true},
		{"basic_auth", true}, {"X-Auth-Token", true}, {"jwt", true}, {"sid", true}, {"session_id", true},
		{"credentials", true}, {"private_key", true}, {"privateKey", true},
		{"code", true}, {"Code", true}, {"code_verifier", true},
		// Not secret, though some look alike.
		{"token_type", false}, {"author_id", false}, {"author", false}, {"country_code", false},
		{"session_fields", false}, {"assigned", false}, {"keyboard", false}, {"monkey", false},
		{"text", false}, {"chat_id", false}, {"client_id", false}, {"grant_type", false},
		{"redirect_uri", false}, {"state", false}, {"Content-Type", false}, {"page_id", false},
	} {
		if got := SecretName(c.name); got != c.want {
			t.Errorf("SecretName(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://example.com/hook", "https://example.com/hook"},
		{"https://example.com/a b", "https://example.com/a b"}, // unchanged text stays byte for byte
		{"https://user:hunter2@example.com/hook", "https://user:[REDACTED]@example.com/hook"},
		{"https://tok3n@example.com/", "https://[REDACTED]@example.com/"},
		{"https://example.com/h?token=abc&x=1", "https://example.com/h?token=[REDACTED]&x=1"},
		{"https://example.com/h?API_KEY=abc&sig=s&page=2", "https://example.com/h?API_KEY=[REDACTED]&sig=[REDACTED]&page=2"},
		{"http://a:b@[::1]:99/?access_token=z", "http://a:[REDACTED]@[::1]:99/?access_token=[REDACTED]"},
		{"https://example.com/cb#access_token=t&token_type=b", "https://example.com/cb#access_token=[REDACTED]&token_type=b"},
		{"https://example.com/cb#section", "https://example.com/cb#section"},
		{"/v2/token?code=abc123&client_id=xyz", "/v2/token?code=[REDACTED]&client_id=xyz"},
		{"/oauth/authorize?redirect_uri=https%3A%2F%2Fu%3Apw%40h%2F&state=s", "/oauth/authorize?redirect_uri=https%3A%2F%2Fu%3A%5BREDACTED%5D%40h%2F&state=s"},
		{"/hook?token=", "/hook?token="},
		{"http://u:p@host:bad/?token=z", "http://[REDACTED]@host:bad/?token=[REDACTED]"},
		{"user:tok@host", "user:[REDACTED]"},
		{"not a url at all", "not a url at all"},
	} {
		if got := URL(c.in); got != c.want {
			t.Errorf("URL(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestHeader(t *testing.T) {
	for _, c := range []struct{ name, value, want string }{
		{"Authorization", "Bearer dal:abcdefghijkl", "Bearer [REDACTED]"},
		{"Authorization", "Basic YWNjOnBhdA==", "Basic [REDACTED]"},
		{"authorization", "opaque", "[REDACTED]"},
		{"Proxy-Authorization", "Basic eDp5", "Basic [REDACTED]"},
		{"Cookie", "sid=abc; theme=dark", "[REDACTED]"},
		{"Set-Cookie", "sid=abc; HttpOnly", "[REDACTED]"},
		{"X-Api-Key", "k-123", "[REDACTED]"},
		{"X-Auth-Token", "t-123", "[REDACTED]"},
		{"Content-Type", "application/json", "application/json"},
		{"Location", "https://app.example/cb#access_token=t1&expires_in=3600", "https://app.example/cb#access_token=[REDACTED]&expires_in=3600"},
	} {
		if got := Header(c.name, c.value); got != c.want {
			t.Errorf("Header(%q, %q) = %q, want %q", c.name, c.value, got, c.want)
		}
	}
	h := http.Header{"Authorization": {"Bearer x1234567"}, "Accept": {"*/*"}}
	got := Headers(h)
	if got.Get("Authorization") != "Bearer [REDACTED]" || got.Get("Accept") != "*/*" || h.Get("Authorization") != "Bearer x1234567" {
		t.Errorf("Headers = %v (original %v)", got, h)
	}
}

func TestBody(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"text":"hello","chat_id":"C1"}`, `{"chat_id":"C1","text":"hello"}`},
		{`{"token":"Bearer dal:sekret-token","customer_monitoring_level":"my"}`, `{"customer_monitoring_level":"my","token":"[REDACTED]"}`},
		{`{"nested":[{"pat":"p1"},{"authorization":"Basic c2VjcmV0OnBhc3M="}],"text":"see Bearer dal:sekret-token"}`,
			`{"nested":[{"pat":"[REDACTED]"},{"authorization":"[REDACTED]"}],"text":"see Bearer [REDACTED]"}`},
		{`{"url":"https://user:hunter2@example.com/hook?token=w1&x=1","secret_key":"w1"}`,
			`{"secret_key":"[REDACTED]","url":"https://user:[REDACTED]@example.com/hook?token=[REDACTED]&x=1"}`},
		{`{"credentials":{"login":"a","password":"b"},"code":12345,"token":"","secret":null,"pat_required":true}`,
			`{"code":"[REDACTED]","credentials":"[REDACTED]","pat_required":true,"secret":null,"token":""}`},
		{`{"author_id":"a@b.c","token_type":"Bearer","session_fields":[{"k":"v"}]}`,
			`{"author_id":"a@b.c","session_fields":[{"k":"v"}],"token_type":"Bearer"}`},
		{`grant_type=refresh_token&refresh_token=r1&client_secret=s1&code_verifier=v1&client_id=c`,
			`grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]&code_verifier=[REDACTED]&client_id=c`},
		// Cut short: not JSON any more.
		{`{"event":{"type":"message"},"token":"Bearer dal:sekret-tok`, `{"event":{"type":"message"},"token":"[REDACTED]"`},
		{`{"secret_key":"whsec-123","url":"http://u:hunter2@h/`, `{"secret_key":"[REDACTED]","url":"http://u:[REDACTED]@h/`},
		{"plain text", "plain text"},
		{"  ", ""},
	} {
		if got := Body([]byte(c.in)); got != c.want {
			t.Errorf("Body(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain words stay", "plain words stay"},
		{"use basic authentication here", "use basic authentication here"},
		{"header Authorization: Bearer abc.def-ghi", "header Authorization: Bearer [REDACTED]"},
		{"sent Basic YWNjb3VudDpwYXQ=", "sent Basic [REDACTED]"},
		{"token dal:AbCdEfGhIjKlMnOp expired", "token dal:[REDACTED] expired"},
		{"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature ok", "jwt [REDACTED] ok"},
		{`Post "https://u:pw@example.com/hook?secret=s1&x=2": dial tcp: refused`, `Post "https://u:[REDACTED]@example.com/hook?secret=[REDACTED]&x=2": dial tcp: refused`},
		{"GET /v2/token?code=abc123&client_id=xyz failed", "GET /v2/token?code=[REDACTED]&client_id=xyz failed"},
		{"flag --pat=p-123 and x=1", "flag --pat=[REDACTED] and x=1"},
		{`got {"api_key": "k1", "n": "2"}`, `got {"api_key": "[REDACTED]", "n": "2"}`},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestError(t *testing.T) {
	err := &url.Error{Op: "Post", URL: "https://u:pw@example.com/?secret=s1", Err: errors.New("dial tcp: refused")}
	for _, e := range []error{err, fmt.Errorf("deliver: %w", err)} {
		got := Error(e)
		if strings.Contains(got, "pw@") || strings.Contains(got, "s1") || !strings.Contains(got, "dial tcp: refused") || !strings.Contains(got, Mask) {
			t.Errorf("Error = %q", got)
		}
	}
	if Error(errors.New("plain")) != "plain" || Error(nil) != "" {
		t.Error("plain errors change")
	}
}
