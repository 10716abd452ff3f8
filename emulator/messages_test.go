package emulator_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/restv2"
)

// sendRaw sends one request and returns the status and the decoded JSON body.
func sendRaw(t *testing.T, method, url string, header map[string]string, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, url, b)
	}
	return res.StatusCode, m
}

// v3Error returns the type and message of a v3 error envelope.
func v3Error(t *testing.T, m map[string]any) (string, string) {
	t.Helper()
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("not a v3 error envelope: %v", m)
	}
	typ, _ := e["type"].(string)
	msg, _ := e["message"].(string)
	return typ, msg
}

// TestNewcomerAuthMessages pins issue 9 point 5: no Authorization header
// says so, a bare scheme says what to send, a wrong token keeps the
// documented message; all under the documented type authentication.
func TestNewcomerAuthMessages(t *testing.T) {
	srv := emulator.NewTest(t)
	url := srv.URL() + "/v3.6/agent/action/list_chats"
	for _, c := range []struct {
		auth, want string
	}{
		{"", "Missing Authorization header"},
		{"Bearer", "Malformed credentials"},
		{"dal:emulator-owner-token", "Malformed credentials"},
		{"Bearer dal:no-such-token", "Invalid access token"},
	} {
		h := map[string]string{"Content-Type": "application/json"}
		if c.auth != "" {
			h["Authorization"] = c.auth
		}
		status, m := sendRaw(t, http.MethodPost, url, h, "{}")
		typ, msg := v3Error(t, m)
		if status != 401 || typ != "authentication" || !strings.HasPrefix(msg, c.want) {
			t.Errorf("Authorization %q: %d %s %q, want 401 authentication %q…", c.auth, status, typ, msg, c.want)
		}
	}
	// Server.Do (the in-process entry point) says the same.
	if _, err := srv.Do(context.Background(), "", "agent", "", "list_chats", map[string]any{}); err == nil || !strings.Contains(err.Error(), "Missing Authorization header") {
		t.Errorf("Server.Do without credentials: %v", err)
	}
}

// TestNewcomerUnsupportedVersion: an unsupported version lists the
// supported ones, on the Web API, the RTM endpoint and the customer RTM.
func TestNewcomerUnsupportedVersion(t *testing.T) {
	srv := emulator.NewTest(t)
	c := srv.Credentials()
	for _, path := range []string{"/v3.9/agent/action/list_chats", "/v3.9/agent/rtm/ws", "/v3.9/customer/rtm/ws?organization_id=" + c.OrganizationID} {
		status, m := sendRaw(t, http.MethodPost, srv.URL()+path, map[string]string{"Authorization": "Bearer " + c.Owner.Token}, "{}")
		typ, msg := v3Error(t, m)
		if typ != "unsupported_version" || status == 200 || !strings.Contains(msg, `"3.9"`) || !strings.Contains(msg, "3.6, 3.5, 3.4") {
			t.Errorf("%s: %d %s %q", path, status, typ, msg)
		}
	}
}

// TestNewcomerRESTv2Messages: a wrong API key says "invalid login or API
// key", no header says it is missing, and an unknown path with
// X-API-Version: 2 answers in the v2 error shape like every v2 error.
func TestNewcomerRESTv2Messages(t *testing.T) {
	srv := emulator.NewTest(t)
	c := srv.Credentials()
	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	v2 := func(auth string) map[string]string {
		h := map[string]string{"X-API-Version": "2"}
		if auth != "" {
			h["Authorization"] = auth
		}
		return h
	}
	for _, tc := range []struct {
		method, path, auth string
		status             int
		want               string
	}{
		{"GET", "/agents", basic(c.Owner.ID, "0000000000000000ffffffffffffffff"), 401, "Invalid login or API key"},
		{"GET", "/agents", basic("nobody@example.com", c.Owner.APIKey), 401, "Invalid login or API key"},
		{"GET", "/agents", "", 401, "Missing Authorization header"},
		{"GET", "/no_such_resource", basic(c.Owner.ID, c.Owner.APIKey), 404, "No such resource: GET /no_such_resource; the REST API v2 resources are /agents"},
		{"POST", "/no/such/thing", "", 404, "No such resource: POST /no/such/thing"},
		{"GET", "/agents/" + c.Owner.ID + "/nope", basic(c.Owner.ID, c.Owner.APIKey), 404, "No such resource"},
	} {
		status, m := sendRaw(t, tc.method, srv.URL()+tc.path, v2(tc.auth), "")
		msg, isString := m["error"].(string)
		if status != tc.status || !isString || len(m) != 1 || !strings.HasPrefix(msg, tc.want) {
			t.Errorf("%s %s: %d %v, want %d {\"error\": %q…}", tc.method, tc.path, status, m, tc.status, tc.want)
		}
	}
	// The right key still works, and without X-API-Version an unknown
	// path keeps the v3 envelope.
	req, _ := http.NewRequest("GET", srv.URL()+"/agents", nil)
	req.Header.Set("X-API-Version", "2")
	req.Header.Set("Authorization", basic(c.Owner.ID, c.Owner.APIKey))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Errorf("right key: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	if status, m := sendRaw(t, "GET", srv.URL()+"/no_such_resource", nil, ""); status != 404 {
		t.Errorf("v3 unknown path: %d %v", status, m)
	} else if typ, _ := v3Error(t, m); typ != "not_found" {
		t.Errorf("v3 unknown path type %q", typ)
	}

	// What the SDK user sees.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	client, err := restv2.New(livechat.NewAPIKey(c.Owner.ID, "0000000000000000ffffffffffffffff"), livechat.WithBaseURL(srv.URL()), livechat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Agents.List(context.Background(), restv2.AgentListOptions{})
	if !errors.Is(err, livechat.ErrAuthentication) || !strings.Contains(err.Error(), "Invalid login or API key") {
		t.Errorf("restv2 with a wrong key: %v", err)
	}
}
