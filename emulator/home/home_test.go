package home

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWantsJSON(t *testing.T) {
	for _, c := range []struct {
		accept, query string
		want          bool
	}{
		{"application/json", "", true},
		{"application/json, text/plain;q=0.5", "", true},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", false}, // a browser
		{"*/*", "", false}, // curl: the page
		{"", "", false},
		{"text/html;q=0.5, application/json", "", true},
		{"application/json;q=0.2, text/html", "", false},
		{"application/json;q=0", "", false},
		{"", "format=json", true},
		{"application/json", "format=html", false},
		{"not a media type;;", "", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/?"+c.query, nil)
		if c.accept != "" {
			r.Header.Set("Accept", c.accept)
		}
		if got := WantsJSON(r); got != c.want {
			t.Errorf("WantsJSON(Accept %q, ?%s) = %v, want %v", c.accept, c.query, got, c.want)
		}
	}
}

func testPage() Page {
	return Page{
		Name: "LiveChat emulator", Version: "9.9.9", BaseURL: "http://127.0.0.1:1",
		APIs:           []API{{Name: "Agent Chat API", Endpoints: []string{"http://127.0.0.1:1/v3.6/agent/action/<action>"}, Note: "a <b>note</b>"}},
		Links:          []Link{{Path: "/healthz", Title: "health"}},
		Credentials:    map[string]string{"token": "dal:t"},
		CredentialRows: []Credential{{Who: "owner", Bearer: "dal:t"}},
	}
}

func TestHandlerHTMLAndJSON(t *testing.T) {
	h := Handler(SourceFunc(func(*http.Request) Page { return testPage() }))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("HTML: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{"<title>LiveChat emulator</title>", "version 9.9.9", "Agent Chat API",
		"/v3.6/agent/action/&lt;action&gt;", "a &lt;b&gt;note&lt;/b&gt;", `<a href="/healthz">`, "<code>dal:t</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("HTML lacks %q:\n%s", want, body)
		}
	}
	if rec.Header().Get("Vary") != "Accept" {
		t.Errorf("Vary = %q", rec.Header().Get("Vary"))
	}

	rec = httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept", "application/json")
	h.ServeHTTP(rec, r)
	var got struct {
		Name        string            `json:"name"`
		APIs        []API             `json:"apis"`
		Links       []Link            `json:"links"`
		Credentials map[string]string `json:"credentials"`
		Rows        any               `json:"CredentialRows"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("JSON: %v\n%s", err, rec.Body)
	}
	if got.Name != "LiveChat emulator" || len(got.APIs) != 1 || got.Links[0].Path != "/healthz" || got.Credentials["token"] != "dal:t" || got.Rows != nil {
		t.Errorf("JSON = %+v", got)
	}

	// Hidden credentials: the reason instead of the table.
	hidden := Handler(SourceFunc(func(*http.Request) Page {
		p := testPage()
		p.Credentials, p.CredentialRows, p.CredentialsHidden = nil, nil, "not on loopback"
		return p
	}))
	rec = httptest.NewRecorder()
	hidden.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if b := rec.Body.String(); strings.Contains(b, "dal:t") || !strings.Contains(b, "not on loopback") {
		t.Errorf("hidden credentials page:\n%s", b)
	}
	rec = httptest.NewRecorder()
	r = httptest.NewRequest(http.MethodGet, "/?format=json", nil)
	hidden.ServeHTTP(rec, r)
	if b := rec.Body.String(); strings.Contains(b, `"credentials":`) || !strings.Contains(b, `"credentials_hidden": "not on loopback"`) {
		t.Errorf("hidden credentials JSON:\n%s", b)
	}
}

func TestHandlerMethods(t *testing.T) {
	h := Handler(SourceFunc(func(*http.Request) Page { return testPage() }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "0" {
		t.Errorf("HEAD: %d, body %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}")))
	if b, _ := io.ReadAll(rec.Body); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d %s", rec.Code, b)
	}
}
