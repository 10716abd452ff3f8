package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/web"
)

func TestMain(m *testing.M) {
	if os.Getenv("EMULATOR_BENCH_SERVE") != "" {
		benchServe()
		return
	}
	goleak.VerifyTestMain(statsMain{m}, goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"))
}

// statsMain prints, after the tests, how many RTM answers, pushes and
// webhook deliveries were held to api/openapi.json (package apitest),
// with -v or LIVECHAT_APITEST_STATS=1.
type statsMain struct{ m *testing.M }

func (s statsMain) Run() int {
	code := s.m.Run()
	if testing.Verbose() || os.Getenv("LIVECHAT_APITEST_STATS") == "1" {
		fmt.Print(apitest.Summary())
	}
	return code
}

type M = map[string]any

func newWeb(t testing.TB, srv *emulator.Server, token string, ver livechat.APIVersion) *web.Transport {
	t.Helper()
	tr, err := web.New(web.Agent, livechat.NewBearerToken(token), livechat.WithBaseURL(srv.URL()),
		livechat.WithAPIVersion(ver), livechat.WithMaxRetries(0),
		livechat.WithHTTPClient(apitest.HTTPClient(t))) // answers held to api/openapi.json
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// do calls action and fails the test on error.
func do(t testing.TB, tr livechat.Transport, action string, req any) M {
	t.Helper()
	var out json.RawMessage
	if err := tr.Call(ctxT(t), action, req, &out); err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	var m M
	if len(out) > 0 && out[0] == '{' {
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	} else {
		m = M{"list": json.RawMessage(out)}
	}
	return m
}

// fail calls action and returns its *livechat.Error (failing when it succeeds).
func fail(t testing.TB, tr livechat.Transport, action string, req any) *livechat.Error {
	t.Helper()
	err := tr.Call(ctxT(t), action, req, nil)
	var le *livechat.Error
	if !errors.As(err, &le) {
		t.Fatalf("%s: want *livechat.Error, got %v", action, err)
	}
	return le
}

func wantErr(t testing.TB, tr livechat.Transport, action string, req any, typ livechat.ErrorType, status int) {
	t.Helper()
	le := fail(t, tr, action, req)
	if le.Type != typ || (status != 0 && le.Status != status) {
		t.Fatalf("%s: got %s (HTTP %d) %q, want %s (HTTP %d)", action, le.Type, le.Status, le.Message, typ, status)
	}
}

func str(m M, k string) string { s, _ := m[k].(string); return s }

func startChat(t testing.TB, tr livechat.Transport, text string, extra M) (chatID, threadID string) {
	t.Helper()
	chat := M{"thread": M{"events": []any{M{"type": "message", "text": text}}}}
	for k, v := range extra {
		chat[k] = v
	}
	r := do(t, tr, "start_chat", M{"chat": chat})
	return str(r, "chat_id"), str(r, "thread_id")
}

// online signs agents in the way a Web API integration is "logged in":
// a Web API call opens their session (routing counts only logged-in
// agents; routing.go), so that customer chats are routed to them.
func online(t testing.TB, srv *emulator.Server, tokens ...string) {
	t.Helper()
	for _, tok := range tokens {
		do(t, newWeb(t, srv, tok, livechat.V3_6), "list_chats", M{"limit": 1})
	}
}
