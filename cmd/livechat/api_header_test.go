package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

// TestAPIHeaders: header parameters of the description through
// `livechat api`: -H NAME:VALUE or NAME=VALUE arguments; the emulator
// stores the event of an agent token acting as a bot (API 3.5) as the
// bot's; undeclared headers are refused with nothing sent.
func TestAPIHeaders(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	bot := srv.Credentials().Bot.ID
	v35 := []string{"--url", u, "--api-version", "3.5"}
	r := runLC(t, "", append([]string{"api", "agent", "start_chat", "--jq", ".chat_id"}, v35...)...)
	expect(t, r, 0)
	chatID := strings.TrimSpace(r.stdout)
	r = runLC(t, "", append([]string{"api", "agent", "add_user_to_chat", "chat_id=" + chatID, "user_id=" + bot,
		"user_type=agent", "visibility=all"}, v35...)...)
	expect(t, r, 0)
	lastAuthor := func() string {
		t.Helper()
		r := runLC(t, "", append([]string{"api", "agent", "get_chat", "chat_id=" + chatID, "--jq", ".thread.events[-1].author_id"}, v35...)...)
		expect(t, r, 0)
		return strings.TrimSpace(r.stdout)
	}

	r = runLC(t, "", append([]string{"api", "agent", "send_event", "chat_id=" + chatID, "event.type=message", "event.text=as the bot",
		"-H", "X-Author-Id:" + bot, "-v"}, v35...)...)
	expect(t, r, 0)
	if !strings.Contains(r.stderr, "> X-Author-Id: "+bot+"\n") {
		t.Errorf("-v does not show the header:\n%s", r.stderr)
	}
	if got := lastAuthor(); got != bot {
		t.Fatalf("author of the event sent with -H X-Author-Id = %q, want the bot %q", got, bot)
	}
	// as a named argument, and -H NAME=VALUE in another case
	for _, arg := range [][]string{{"X-Author-Id=" + bot}, {"--header", "x-author-id=" + bot}} {
		r = runLC(t, "", append(append([]string{"api", "agent", "send_event", "chat_id=" + chatID, "event.type=message", "event.text=again"}, arg...), v35...)...)
		expect(t, r, 0)
		if got := lastAuthor(); got != bot {
			t.Fatalf("%v: author = %q, want the bot", arg, got)
		}
	}

	// refused before anything is sent (-v would print the request)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{append([]string{"-H", "X-Foo:1"}, v35...), "usage: --header X-Foo: agent.send_event (API 3.5) has no header parameter X-Foo (its headers: X-Author-Id)\n"},
		{[]string{"-H", "X-Author-Id:" + bot, "--url", u}, "usage: --header X-Author-Id: agent.send_event (API 3.6) has no header parameter X-Author-Id (it declares none)\n"},
		{[]string{"X-Author-Id=" + bot, "--url", u}, "validation: X-Author-Id is not a header parameter of agent.send_event in API 3.6\n"},
		{append([]string{"-H", "no-separator"}, v35...), "usage: --header \"no-separator\" is not NAME:VALUE\n"},
		{append([]string{"-H", "X-Author-Id:" + bot, "X-Author-Id=" + bot}, v35...), "usage: X-Author-Id is given twice (as --header and as an argument)\n"},
	} {
		r = runLC(t, "", append([]string{"api", "agent", "send_event", "chat_id=" + chatID, "event.type=message", "event.text=no", "-v"}, tc.args...)...)
		expect(t, r, exitInvalid)
		if r.stderr != tc.want {
			t.Errorf("%v: stderr = %q, want %q", tc.args, r.stderr, tc.want)
		}
	}
	r = runLC(t, "", append([]string{"api", "agent", "get_chat", "chat_id=" + chatID, "--jq", "[.thread.events[] | select(.type == \"message\") | .text]"}, v35...)...)
	expect(t, r, 0)
	if got := strings.TrimSpace(r.stdout); got != `["as the bot","again","again"]` {
		t.Fatalf("messages after refused calls: %s", got)
	}
}

// TestAPIAccounts: the accounts server through `livechat api`: a code
// exchanged for a token, its info, and the OAuth error of a wrong client
// secret printed as "invalid_client: …" with no secret in the output.
func TestAPIAccounts(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	creds := srv.Credentials()
	r := runLC(t, "", "api", "accounts", "authorize", "response_type=code", "client_id="+creds.ClientID, "--url", u, "--jq", ".code")
	expect(t, r, 0)
	code := strings.TrimSpace(r.stdout)
	r = runLC(t, "", "api", "accounts", "exchange_token", "grant_type=authorization_code", "client_id="+creds.ClientID,
		"client_secret="+emulator.OAuthClientSecret, "code="+code, "--url", u, "--jq", ".access_token", "-v")
	expect(t, r, 0)
	token := strings.TrimSpace(r.stdout)
	if token == "" || strings.Contains(r.stderr, emulator.OAuthClientSecret) || strings.Contains(r.stderr, code) || strings.Contains(r.stderr, token) {
		t.Fatalf("exchange_token: token %q; -v shows a secret or no token:\n%s", token, r.stderr)
	}
	if !strings.Contains(r.stderr, "> Content-Type: application/x-www-form-urlencoded") {
		t.Errorf("exchange_token not sent as a form:\n%s", r.stderr)
	}
	r = runLC(t, "", "api", "accounts", "get_token_info", "--url", u, "--token", token, "--jq", ".account_id")
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != creds.Owner.AccountID {
		t.Errorf("get_token_info account_id = %q, want %q", r.stdout, creds.Owner.AccountID)
	}
	const wrong = "wrong-secret-7c1e"
	r = runLC(t, "", "api", "accounts", "exchange_token", "grant_type=authorization_code", "client_id="+creds.ClientID,
		"client_secret="+wrong, "code=x", "--url", u, "-v")
	expect(t, r, exitAPIError)
	if !strings.HasSuffix(r.stderr, "invalid_client: wrong client_secret (HTTP 401)\n") || strings.Contains(r.stderr+r.stdout, wrong) {
		t.Fatalf("wrong client secret: stderr =\n%s", r.stderr)
	}
}

// TestAPIRTM: --rtm sends agent and customer actions over an RTM
// connection, the only way to the RTM-only ones; a refused call opens no
// connection.
func TestAPIRTM(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	r := runLC(t, "", "api", "agent", "set_away_status", "away:=false", "--url", u)
	expect(t, r, exitInvalid)
	if r.stderr != "usage: agent.set_away_status exists only over RTM: add --rtm\n" {
		t.Errorf("stderr = %q", r.stderr)
	}
	r = runLC(t, "", "api", "agent", "set_away_status", "away:=false", "--url", u, "--rtm", "-v")
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != "{}" || !strings.Contains(r.stderr, "/v3.6/agent/rtm/ws") {
		t.Errorf("set_away_status --rtm: stdout %q, stderr:\n%s", r.stdout, r.stderr)
	}
	r = runLC(t, "", "api", "agent", "start_chat", "--url", u, "--jq", ".chat_id")
	expect(t, r, 0)
	chatID := strings.TrimSpace(r.stdout)
	r = runLC(t, "", "api", "agent", "send_event", "chat_id="+chatID, "event.type=message", "event.text=over rtm", "--url", u, "--rtm", "-v")
	expect(t, r, 0)
	if strings.Contains(r.stderr, "action/send_event") {
		t.Errorf("send_event --rtm went over HTTP:\n%s", r.stderr)
	}
	r = runLC(t, "", "api", "customer", "get_customer", "--url", u, "--rtm", "--jq", ".id")
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != srv.Credentials().Customers[0].ID {
		t.Errorf("customer get_customer --rtm = %q", r.stdout)
	}
	r = runLC(t, "", "api", "agent", "get_chat", "chat_id="+chatID, "--url", u, "--jq", "[.thread.events[] | .text]")
	expect(t, r, 0)
	if got := strings.TrimSpace(r.stdout); got != `["over rtm"]` {
		t.Fatalf("messages = %s", got)
	}
	// refused before dialing: -v would show the WebSocket handshake
	for _, args := range [][]string{
		{"api", "agent", "send_event", "chat_id=" + chatID, "event.type=message"},
		{"api", "configuration", "list_agents"},
		{"api", "agent", "send_event", "chat_id=" + chatID, "event.type=message", "event.text=x", "--api-version", "3.5", "-H", "X-Author-Id:" + srv.Credentials().Bot.ID},
	} {
		r = runLC(t, "", append(args, "--url", u, "--rtm", "-v")...)
		expect(t, r, exitInvalid)
		if strings.Contains(r.stderr, "> ") {
			t.Errorf("%v: refused but sent:\n%s", args, r.stderr)
		}
	}
}

// TestAPIHeaderCompletion: --header completes the action's header
// parameters from the description.
func TestAPIHeaderCompletion(t *testing.T) {
	r := runLC(t, "", "__complete", "api", "agent", "send_event", "--api-version", "3.5", "-H", "")
	expect(t, r, 0)
	if !strings.HasPrefix(r.stdout, "X-Author-Id:\tA bot id") {
		t.Errorf("completion of -H on agent send_event 3.5:\n%s", r.stdout)
	}
	r = runLC(t, "", "__complete", "api", "agent", "send_event", "-H", "")
	expect(t, r, 0)
	if strings.Contains(r.stdout, "X-Author-Id") {
		t.Errorf("3.6 completes X-Author-Id:\n%s", r.stdout)
	}
}

// TestAPIUpload: upload_file takes file=@PATH; the emulator serves the
// content back at the answered URL.
func TestAPIUpload(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	path := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(path, []byte("file content"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runLC(t, "", "api", "agent", "upload_file", "file=@"+path, "--url", u, "--jq", ".url")
	expect(t, r, 0)
	res, err := http.Get(strings.TrimSpace(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(got) != "file content" || !strings.HasSuffix(strings.TrimSpace(r.stdout), "note.txt") {
		t.Fatalf("uploaded %s serves %q", r.stdout, got)
	}
	r = runLC(t, "", "api", "agent", "upload_file", "file=@/no/such/file", "--url", u, "-v")
	expect(t, r, exitInvalid)
	if !strings.HasPrefix(r.stderr, "usage: file=@…: open /no/such/file") {
		t.Errorf("stderr = %q", r.stderr)
	}
	r = runLC(t, "", "api", "agent", "upload_file", "file=plain", "--url", u, "-v")
	expect(t, r, exitInvalid)
	if r.stderr != "usage: file: give the file to upload as file=@PATH\n" {
		t.Errorf("stderr = %q", r.stderr)
	}
}
