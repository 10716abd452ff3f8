package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
	"github.com/livechat-go/livechat/internal/syncbuf"
	"github.com/livechat-go/livechat/webhooks"
)

// waitFor polls until out contains want.
func waitFor(t *testing.T, out *syncbuf.Buffer, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output never showed %q:\n%s", want, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startCLI runs a long-running command (listen, serve) until the test
// stops it with the returned function, which returns its error.
func startCLI(t *testing.T, args ...string) (*syncbuf.Buffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncbuf.Buffer{}
	root := newRoot()
	root.SetOut(out)
	root.SetErr(out)
	root.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	var once sync.Once
	var err error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(15 * time.Second):
				t.Errorf("%v did not stop", args)
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return out, stop
}

// mustFail runs a command that must fail and returns its error text.
func mustFail(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runCLIErr(args...)
	if err == nil {
		t.Fatalf("%v: want an error, got none:\n%s", args, out)
	}
	return err.Error()
}

// TestListenForwardsToAWebhooksHandler: pushes printed by listen reach a
// handler built with the webhooks package, with the right secret; the
// receiver's answer is printed per delivery.
func TestListenForwardsToAWebhooksHandler(t *testing.T) {
	srv := emulator.NewTest(t)
	got := make(chan *livechat.IncomingEventPush, 10)
	h := webhooks.New("s3cret")
	h.OnIncomingEvent(func(_ context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		if wh.WebhookID == "" || wh.Action != "incoming_event" {
			t.Errorf("envelope: %+v", wh)
		}
		got <- p
		return nil
	})
	recv := httptest.NewServer(h)
	defer recv.Close()
	wrong := httptest.NewServer(webhooks.New("another-secret"))
	defer wrong.Close()

	out, stop := startCLI(t, "listen", "--url", srv.URL(), "--events", "incoming_event", "--forward-to", recv.URL, "--secret", "s3cret")
	waitFor(t, out, "waiting for pushes")
	out2, stop2 := startCLI(t, "listen", "--url", srv.URL(), "--events", "incoming_event", "--forward-to", wrong.URL, "--secret", "s3cret")
	waitFor(t, out2, "waiting for pushes")

	runCLI(t, "trigger", "incoming_chat", "--url", srv.URL())
	runCLI(t, "trigger", "customer_message", "--url", srv.URL(), "--set", "text=forwarded to my handler")
	timeout := time.After(15 * time.Second)
	for found := false; !found; {
		select {
		case p := <-got: // system messages (the chat's routing) come first
			if m, ok := p.Event.(*livechat.Message); ok && m.Text == "forwarded to my handler" && p.ChatID != "" {
				found = true
			}
		case <-timeout:
			t.Fatalf("the handler did not get the message; listen printed:\n%s", out.String())
		}
	}
	waitFor(t, out, `incoming_event chat=`)
	waitFor(t, out, `"forwarded to my handler"`)
	waitFor(t, out, "→ forward incoming_event to "+recv.URL+": 200 OK")
	// A handler with another secret refuses: listen shows its answer.
	waitFor(t, out2, "→ forward incoming_event to "+wrong.URL+": 401")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	stop2()
	if strings.Contains(out.String(), "s3cret") {
		t.Fatal("listen printed the secret")
	}
}

// TestListenKeepsListeningWhenForwardingFails: a --forward-to URL that
// refuses connections is reported per delivery and listening goes on.
func TestListenKeepsListeningWhenForwardingFails(t *testing.T) {
	srv := emulator.NewTest(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/hooks"
	l.Close()
	out, stop := startCLI(t, "listen", "--url", srv.URL(), "--json", "--events", "incoming_event", "--forward-to", closed)
	waitFor(t, out, "waiting for pushes")
	runCLI(t, "trigger", "incoming_chat", "--url", srv.URL())
	for _, text := range []string{"first", "second", "third"} {
		runCLI(t, "trigger", "customer_message", "--url", srv.URL(), "--set", "text="+text)
	}
	waitFor(t, out, `"text":"third"`)
	// Deliveries run after the push is printed: wait for the fourth
	// failure (the routing system message and the three messages).
	for deadline := time.Now().Add(15 * time.Second); strings.Count(out.String(), "→ forward incoming_event to "+closed+": failed:") < 4; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("want a failure line per delivery:\n%s", out.String())
		}
	}
	// --json: every push line is one JSON object, and only incoming_event passed --events.
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "{") {
			var p struct {
				Action  string          `json:"action"`
				Payload json.RawMessage `json:"payload"`
			}
			if err := json.Unmarshal([]byte(line), &p); err != nil || p.Action != "incoming_event" || len(p.Payload) == 0 {
				t.Errorf("line %q: %+v %v", line, p, err)
			}
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestListenCustomer: --customer listens as the well-known customer 1.
func TestListenCustomer(t *testing.T) {
	srv := emulator.NewTest(t)
	runCLI(t, "trigger", "incoming_chat", "--url", srv.URL())
	out, stop := startCLI(t, "listen", "--customer", "--url", srv.URL())
	waitFor(t, out, "waiting for pushes")
	owner := emutest.OwnerWeb(t, srv)
	list, err := owner.ListChats(context.Background(), agent.ListChatsRequest{})
	if err != nil || len(list.ChatsSummary) != 1 {
		t.Fatalf("%+v %v", list, err)
	}
	if _, err := owner.SendMessage(context.Background(), list.ChatsSummary[0].ID, "hello customer"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, out, `"hello customer"`)
	stop()
}

func TestListenRefusesBadArguments(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"listen", "--events", "incoming_evnt"}, `unknown push "incoming_evnt"`},
		{[]string{"listen", "--forward-to", "ftp://x"}, "--forward-to must be an http(s) URL"},
		{[]string{"listen", "--secret", "x"}, "--secret is only used with --forward-to"},
		{[]string{"listen", "--url", "https://api.livechatinc.com"}, "give --token or --pat"},
		{[]string{"listen", "--pat", "nocolon"}, "--pat must be ACCOUNT_ID:PAT"},
	} {
		if got := mustFail(t, c.args...); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
}

// TestTriggerScenarios runs every scenario through the CLI and checks
// its effect through the Agent Chat API, and its push on an agent's RTM
// connection (listen).
func TestTriggerScenarios(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := context.Background()
	owner := emutest.OwnerWeb(t, srv)
	out, stop := startCLI(t, "listen", "--url", srv.URL())
	waitFor(t, out, "waiting for pushes")

	res := runCLI(t, "trigger", "incoming_chat", "--url", srv.URL(), "--set", "text=I need help", "--set", "group=1", "--json")
	var started struct {
		Result map[string]string `json:"result"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(res)), &started); err != nil || started.Result["chat_id"] == "" {
		t.Fatalf("incoming_chat: %q %v", res, err)
	}
	chatID := started.Result["chat_id"]
	chat, err := owner.GetChat(ctx, chatID, "")
	if err != nil || chat.Access == nil || len(chat.Access.GroupIDs) != 1 || chat.Access.GroupIDs[0] != 1 {
		t.Fatalf("the chat for group 1: %+v %v", chat, err)
	}
	waitFor(t, out, "incoming_chat chat="+chatID)

	runCLI(t, "trigger", "customer_message", "--url", srv.URL(), "--set", "text=still there?")
	waitFor(t, out, `"still there?"`)

	runCLI(t, "trigger", "customer_typing", "--url", srv.URL(), "--set", "text=I am wri")
	waitFor(t, out, `incoming_sneak_peek chat=`+chatID)

	runCLI(t, "trigger", "rich_message_postback", "--url", srv.URL(), "--set", "postback_id=helpful")
	waitFor(t, out, "incoming_rich_message_postback")

	runCLI(t, "trigger", "chat_transferred", "--url", srv.URL(), "--set", "group=0")
	waitFor(t, out, "chat_transferred")
	chat, err = owner.GetChat(ctx, chatID, "")
	if err != nil || len(chat.Access.GroupIDs) != 1 || chat.Access.GroupIDs[0] != 0 {
		t.Fatalf("transferred to group 0: %+v %v", chat.Access, err)
	}

	runCLI(t, "trigger", "chat_closed", "--url", srv.URL())
	waitFor(t, out, "chat_deactivated chat="+chatID)
	chat, err = owner.GetChat(ctx, chatID, "")
	if err != nil || chat.Thread == nil || chat.Thread.Active {
		t.Fatalf("closed: %+v %v", chat, err)
	}
	// A message to the closed chat resumes it.
	res = runCLI(t, "trigger", "customer_message", "--url", srv.URL(), "--set", "chat_id="+chatID, "--set", "text=back again")
	if !strings.Contains(res, "resumed=true") {
		t.Fatalf("customer_message to a closed chat: %s", res)
	}
	stop()
}

// TestTriggerFixture chains steps with references to earlier results.
func TestTriggerFixture(t *testing.T) {
	srv := emulator.NewTest(t)
	dir := t.TempDir()
	fx := filepath.Join(dir, "support.yaml")
	os.WriteFile(fx, []byte(`steps:
  - name: first
    scenario: incoming_chat
    set: {text: "Where is my order?"}
  - name: other
    scenario: incoming_chat
    set: {text: "A second chat"}
  - scenario: customer_message
    set: {chat_id: "${first.chat_id}", text: "Hello? (to the first chat)"}
  - scenario: chat_closed
    set: {chat_id: "${first.chat_id}"}
`), 0o600)
	out := runCLI(t, "trigger", "--file", fx, "--url", srv.URL())
	if n := strings.Count(out, "\n"); n != 4 {
		t.Fatalf("want 4 result lines:\n%s", out)
	}
	owner := emutest.OwnerWeb(t, srv)
	list, err := owner.ListChats(context.Background(), agent.ListChatsRequest{})
	if err != nil || len(list.ChatsSummary) != 2 {
		t.Fatalf("%+v %v", list, err)
	}
	for _, c := range list.ChatsSummary {
		chat, err := owner.GetChat(context.Background(), c.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		texts := []string{}
		for _, ev := range chat.Thread.Events {
			if m, ok := ev.(*livechat.Message); ok {
				texts = append(texts, m.Text)
			}
		}
		switch strings.Join(texts, "|") {
		case "Where is my order?|Hello? (to the first chat)":
			if chat.Thread.Active {
				t.Error("the first chat should be closed")
			}
		case "A second chat":
			if !chat.Thread.Active {
				t.Error("the second chat should be active")
			}
		default:
			t.Errorf("unexpected chat %s: %q", c.ID, texts)
		}
	}
}

func TestTriggerRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("steps:\n  - scenario: customer_message\n    set: {chat_id: \"${nope.chat_id}\"}\n"), 0o600)
	unknownKey := filepath.Join(dir, "key.yaml")
	os.WriteFile(unknownKey, []byte("steps:\n  - scenario: incoming_chat\n    sett: {}\n"), 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"trigger", "incoming_chta"}, `scenario "incoming_chta" is unknown; scenarios: chat_closed, chat_transferred, customer_message, customer_typing, incoming_chat, rich_message_postback`},
		{[]string{"trigger", "incoming_chat", "--set", "txt=x"}, `has no field "txt"; fields: group, text`},
		{[]string{"trigger", "incoming_chat", "--set", "novalue"}, "want field=value"},
		{[]string{"trigger"}, "name a scenario"},
		{[]string{"trigger", "--file", bad}, "refers to ${nope.chat_id}, but no earlier step is named"},
		{[]string{"trigger", "--file", unknownKey}, "key.yaml"},
		{[]string{"trigger", "incoming_chat", "--url", "https://api.livechatinc.com"}, "must name a local emulator"},
	} {
		if got := mustFail(t, c.args...); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
}

// TestServeStateFlagsExportAndReset: serve --seed -v --export-on-exit,
// livechat export (--url and --data) and reset, then serve --import of
// the export gives the same state back.
func TestServeStateFlagsExportAndReset(t *testing.T) {
	dir := t.TempDir()
	credFile := filepath.Join(dir, "creds.json")
	exitFile := filepath.Join(dir, "exit.json")
	data := filepath.Join(dir, "data")
	seed, _ := filepath.Abs(filepath.Join("..", "..", "emulator", "testdata", "seed.yaml"))
	out, stop := startCLI(t, "serve", "--addr", "127.0.0.1:0", "--data", data, "--credentials", credFile, "-v",
		"--seed", seed, "--export-on-exit", exitFile)
	waitFor(t, out, "Press Ctrl+C")
	var creds emulator.Credentials
	b, _ := os.ReadFile(credFile)
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "seeded from") || !strings.Contains(out.String(), "/emulator/ui") {
		t.Errorf("banner:\n%s", out.String())
	}
	runCLI(t, "trigger", "incoming_chat", "--url", creds.URL, "--set", "text=before the reset")
	// -v: one line per request and RTM action, no credential.
	waitFor(t, out, "action=start_chat")
	waitFor(t, out, "who=c1000000-0000-4000-8000-000000000001")
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "time=") && strings.Contains(line, "dal:") {
			t.Fatalf("-v logged a token: %s", line)
		}
	}
	exported := runCLI(t, "export", "--url", creds.URL)
	if !strings.Contains(exported, "before the reset") || !strings.Contains(exported, "SEEDCHAT01") {
		t.Fatal("export lacks the chat or the seed")
	}
	if got := runCLI(t, "reset", "--url", creds.URL); !strings.Contains(got, "reset") {
		t.Fatal(got)
	}
	afterReset := runCLI(t, "export", "--url", creds.URL)
	if strings.Contains(afterReset, "before the reset") || !strings.Contains(afterReset, "SEEDCHAT01") {
		t.Fatal("reset did not return to the seed")
	}
	runCLI(t, "trigger", "incoming_chat", "--url", creds.URL, "--set", "text=kept on exit")
	http.DefaultClient.CloseIdleConnections()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	onExit, err := os.ReadFile(exitFile)
	if err != nil || !bytes.Contains(onExit, []byte("kept on exit")) {
		t.Fatalf("export on exit: %v", err)
	}
	// export --data reads the stopped directory: the same document.
	if fromDir := runCLI(t, "export", "--data", data); fromDir != string(onExit) {
		t.Fatal("export --data differs from the export on exit")
	}
	yamlFile := filepath.Join(dir, "state.yaml")
	runCLI(t, "export", "--data", data, "-o", yamlFile)

	// serve --import of the YAML export, then export → the same values.
	cred2 := filepath.Join(dir, "creds2.json")
	out2, stop2 := startCLI(t, "serve", "--addr", "127.0.0.1:0", "--data", ":memory:", "--credentials", cred2, "--import", yamlFile)
	waitFor(t, out2, "Press Ctrl+C")
	b, _ = os.ReadFile(cred2)
	json.Unmarshal(b, &creds)
	again := runCLI(t, "export", "--url", creds.URL)
	var v1, v2 any
	json.Unmarshal(onExit, &v1)
	json.Unmarshal([]byte(again), &v2)
	if !jsonEqual(v1, v2) {
		t.Fatal("serve --import of the export does not serve the same state")
	}
	http.DefaultClient.CloseIdleConnections()
	stop2()

	// A bad seed names the file and line, and nothing starts.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("tables:\n  agents:\n    - id: x@example.com\n      nmae: X\n"), 0o600)
	if got := mustFail(t, "serve", "--data", ":memory:", "--addr", "127.0.0.1:0", "--seed", bad); !strings.Contains(got, "bad.yaml:4: $.tables.agents[0].nmae: unknown column") {
		t.Fatalf("bad seed: %s", got)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
