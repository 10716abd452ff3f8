package emulator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/emulator"
)

func postAction(t *testing.T, srv *emulator.Server, token, action, body string) (int, livechat.ErrorEnvelope) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/v3.6/agent/action/"+action, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env livechat.ErrorEnvelope
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK {
		if err := json.Unmarshal(buf.Bytes(), &env); err != nil {
			t.Fatalf("%s: HTTP %d %s", action, resp.StatusCode, buf.String())
		}
	}
	return resp.StatusCode, env
}

// TestRequestValidation: with Config.RequestValidator set, a request that
// does not match the description is refused with a validation error
// naming the JSON path of the bad member, before the action runs; valid
// requests run as before. Without it (the default) the emulator's own
// checks answer.
func TestRequestValidation(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.NewTest(t, emulator.Config{RequestValidator: v})
	token := srv.Credentials().Owner.Token

	for _, c := range []struct{ action, body, path string }{
		{"send_event", `{"chat_id":"PJ0MRSHTDG","event":{"type":"message"}}`, "/event/text"},
		{"send_event", `{"event":{"type":"message","text":"hi"}}`, "/chat_id"},
		{"list_chats", `{"limit":"ten"}`, "/limit"},
		{"set_routing_status", `{"status":"busy"}`, "/status"},
		{"start_chat", `{"chat":{"users":[{"id":"x"}]}}`, "/chat/users/0/type"},
	} {
		status, env := postAction(t, srv, token, c.action, c.body)
		if status != http.StatusBadRequest || env.Error == nil || env.Error.Type != livechat.TypeValidation ||
			!strings.Contains(env.Error.Message, c.path) {
			t.Errorf("%s %s: HTTP %d %+v, want a validation error naming %s", c.action, c.body, status, env.Error, c.path)
		}
	}

	// Valid requests still run (the SDK's own requests match the description).
	client, err := agent.NewWeb(livechat.NewBearerToken(token), livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	started, err := client.StartChat(ctx, agent.StartChatRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.SendMessage(ctx, started.ChatID, "hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := client.ListChats(ctx, agent.ListChatsRequest{Limit: 5}); err != nil {
		t.Fatal(err)
	}

	// Off by default: the same bad request reaches the emulator's own checks.
	plain := emulator.NewTest(t)
	status, env := postAction(t, plain, plain.Credentials().Owner.Token, "list_chats", `{"limit":"ten"}`)
	if status != http.StatusBadRequest || env.Error == nil || strings.Contains(env.Error.Message, "API description") {
		t.Errorf("without a validator: HTTP %d %+v", status, env.Error)
	}
}

// v2Do sends a raw REST API v2 request with the owner's API key and
// returns the status and the decoded answer.
func v2Do(t *testing.T, srv *emulator.Server, method, pathQuery, contentType, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+pathQuery, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	cr := srv.Credentials()
	req.SetBasicAuth(cr.Owner.ID, cr.Owner.APIKey)
	req.Header.Set("X-API-Version", "2")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if buf.Len() > 0 && buf.Bytes()[0] == '{' {
		if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
			t.Fatalf("%s %s: HTTP %d %s", method, pathQuery, resp.StatusCode, buf.String())
		}
	}
	return resp.StatusCode, out
}

// TestRequestValidationRESTv2: with Config.RequestValidator set, a REST
// API v2 request whose query or body does not match the description is
// refused with REST v2's error (HTTP 400 {"error": "..."}) naming the
// part and the member; form fields and query values are read as the
// types their schemas ask for, so valid form requests still run.
func TestRequestValidationRESTv2(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.NewTest(t, emulator.Config{RequestValidator: v})
	for _, c := range []struct{ method, path, ct, body, want string }{
		{"POST", "/tags", "application/json", `{"tag":"vip","author":"a@b.c"}`, "body /group: is required"},
		{"POST", "/tags", "application/json", `{"tag":"vip","author":"a@b.c","group":"zero"}`, "body /group: must be integer"},
		{"POST", "/tags", "application/x-www-form-urlencoded", `tag=vip&author=a%40b.c&group=zero`, "body /group: must be integer"},
		{"POST", "/tags", "application/json", `{"tag":"","author":"a@b.c","group":0}`, "body /tag: must be at least 1"},
		{"GET", "/chats?page=first", "", "", "query /page: must be integer"},
		{"GET", "/chats?page=0", "", "", "query /page: minimum: got 0, want 1"},
		{"GET", "/agents?status=busy", "", "", "query /status: must be one of"},
	} {
		status, out := v2Do(t, srv, c.method, c.path, c.ct, c.body)
		msg, _ := out["error"].(string)
		if status != http.StatusBadRequest || !strings.Contains(msg, "API description") || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s %s: HTTP %d %v, want 400 naming %q", c.method, c.path, c.body, status, out, c.want)
		}
	}
	// Valid requests run, form fields included (group=0 is read as an integer).
	if status, out := v2Do(t, srv, "POST", "/tags", "application/x-www-form-urlencoded",
		"tag=from-a-form&author="+srv.Credentials().Owner.ID+"&group=0"); status != http.StatusOK {
		t.Fatalf("valid form request: HTTP %d %v", status, out)
	}
	if status, out := v2Do(t, srv, "GET", "/chats?page=1&has_goal=0", "", ""); status != http.StatusOK {
		t.Fatalf("valid query: HTTP %d %v", status, out)
	}
	if status, out := v2Do(t, srv, "GET", "/tags?group=0", "", ""); status != http.StatusOK || out != nil {
		// GET /tags answers a JSON array
		t.Fatalf("GET /tags: HTTP %d %v", status, out)
	}

	// Off by default: the emulator's own checks answer.
	plain := emulator.NewTest(t)
	status, out := v2Do(t, plain, "GET", "/chats?page=first", "", "")
	if msg, _ := out["error"].(string); strings.Contains(msg, "API description") {
		t.Errorf("without a validator: HTTP %d %v", status, out)
	}
}

// TestRequestValidationRTM: RTM requests are checked against the same
// operation's request schema as the Web API's, and refused with the RTM
// error naming the member.
func TestRequestValidationRTM(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.NewTest(t, emulator.Config{RequestValidator: v})
	conn := cuDialAgent(t, srv, livechat.NewBearerToken(srv.Credentials().Owner.Token), nil)
	ctx := ctxT(t)
	for _, c := range []struct {
		action string
		req    M
		path   string
	}{
		{"send_event", M{"chat_id": "PJ0MRSHTDG", "event": M{"type": "message"}}, "/event/text"},
		{"list_chats", M{"limit": "ten"}, "/limit"},
		{"set_routing_status", M{"status": "busy"}, "/status"},
	} {
		err := conn.Call(ctx, c.action, c.req, nil)
		var le *livechat.Error
		if !errors.As(err, &le) || le.Type != livechat.TypeValidation || !strings.Contains(le.Message, "API description") ||
			!strings.Contains(le.Message, c.path) {
			t.Errorf("%s over RTM: %v, want a validation error naming %s", c.action, err, c.path)
		}
	}
	var started struct {
		ChatID string `json:"chat_id"`
	}
	if err := conn.Call(ctx, "start_chat", M{}, &started); err != nil || started.ChatID == "" {
		t.Fatalf("a valid RTM request: %v", err)
	}
}
