package emulator_test

import (
	"bytes"
	"encoding/json"
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
