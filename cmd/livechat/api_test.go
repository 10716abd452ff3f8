package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// testDescription is the hand-written description the golden listings
// use, so that they do not change with the built-in one.
const testDescription = "../../dynamic/testdata/openapi.json"

type cliResult struct {
	stdout, stderr string
	code           int
}

// runLC runs the livechat command in process with stdin and returns its
// output and exit status (as main would exit).
func runLC(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	return runLCEnv(t, nil, stdin, args...)
}

// runLCEnv is runLC with environment variables set.
func runLCEnv(t *testing.T, env map[string]string, stdin string, args ...string) cliResult {
	t.Helper()
	for _, k := range []string{"LIVECHAT_URL", "LIVECHAT_TOKEN", "LIVECHAT_PAT", "LIVECHAT_API_KEY", "LIVECHAT_ORGANIZATION_ID"} {
		t.Setenv(k, env[k])
	}
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	code := 0
	if err := root.ExecuteContext(context.Background()); err != nil {
		code = reportError(&errb, err)
	}
	return cliResult{out.String(), errb.String(), code}
}

var (
	idRE   = regexp.MustCompile(`\b[A-Z0-9]{10}(_\d+)?\b`)
	timeRE = regexp.MustCompile(`\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?Z?`)
)

func normalize(s string) string {
	s = timeRE.ReplaceAllString(s, "<TIME>")
	return idRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Contains(m, "_") {
			return "<EVENT>"
		}
		return "<ID>"
	})
}

// golden compares got with testdata/golden/name (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/livechat -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", name, got, want)
	}
}

func expect(t *testing.T, r cliResult, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
}

func TestAPIListingsAndHelp(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"api_apis.txt", []string{"api"}},
		{"api_agent.txt", []string{"api", "agent"}},
		{"api_help_send_event.txt", []string{"api", "agent", "send_event", "--help"}},
		{"api_help_get_agent.txt", []string{"api", "restv2", "get_agent", "--help"}},
	} {
		r := runLC(t, "", append(tc.args, "--description", testDescription)...)
		expect(t, r, 0)
		golden(t, tc.name, r.stdout)
	}
	// the built-in description lists every API
	r := runLC(t, "", "api")
	expect(t, r, 0)
	for _, api := range []string{"agent", "customer", "configuration", "restv2"} {
		if !strings.Contains(r.stdout, "\n"+api+" ") {
			t.Errorf("livechat api does not list %s:\n%s", api, r.stdout)
		}
	}
	r = runLC(t, "", "api", "agnet")
	expect(t, r, exitInvalid)
	if !strings.HasPrefix(r.stderr, `validation: api "agnet" is not an API of the description`) {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestAPICallAndErrors(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	r := runLC(t, "", "api", "agent", "start_chat", "--url", u, "--jq", ".chat_id")
	expect(t, r, 0)
	chatID := strings.TrimSpace(r.stdout)

	// field=value, nested keys and field:=json
	r = runLC(t, "", "api", "agent", "send_event", "chat_id="+chatID, "event.type=message", "event.text=hi there",
		"attach_to_last_thread:=false", "--url", u)
	expect(t, r, 0)
	golden(t, "api_send_event.txt", normalize(r.stdout))

	// --input - with a field amending it
	r = runLC(t, `{"chat_id":"`+chatID+`","event":{"type":"message","text":"from stdin"}}`,
		"api", "agent", "send_event", "--input", "-", "event.visibility=agents", "--url", u)
	expect(t, r, 0)

	r = runLC(t, "", "chats", "get", chatID, "--url", u)
	expect(t, r, 0)
	golden(t, "chats_get.txt", normalize(r.stdout))
	if !strings.Contains(r.stdout, "Olivia Owner: from stdin") {
		t.Errorf("transcript lacks the --input message:\n%s", r.stdout)
	}

	// a validation failure sends nothing: -v would print any request
	r = runLC(t, "", "api", "agent", "send_event", "chat_id="+chatID, "event.type=message", "--url", u, "-v")
	expect(t, r, exitInvalid)
	golden(t, "api_validation.stderr", r.stderr)
	r = runLC(t, "", "api", "agent", "send_event", "chat_id="+chatID, "event:=42", "--url", u, "-v")
	expect(t, r, exitInvalid)
	if r.stderr != "validation: event must be object, got number\n" {
		t.Errorf("stderr = %q", r.stderr)
	}
	r = runLC(t, "", "api", "agent", "get_chat", "chat_id="+chatID, "--url", u, "--jq", "[.thread.events[] | .text]")
	expect(t, r, 0)
	if got := strings.TrimSpace(r.stdout); got != `["hi there","from stdin"]` {
		t.Fatalf("the chat changed after refused calls: %s", got)
	}

	// the platform's error: type: message, exit 1
	r = runLC(t, "", "api", "agent", "get_chat", "chat_id=NOSUCHCHAT", "--url", u)
	expect(t, r, exitAPIError)
	golden(t, "api_not_found.stderr", r.stderr)

	// usage errors: exit 2
	for _, args := range [][]string{
		{"api", "agent", "send_event", "oops"},
		{"api", "agent", "send_event", "n:=nope"},
		{"api", "agent", "send_event", "--no-such-flag"},
		{"api", "agent", "send_event", "--pat", "nocolon"},
		{"api", "agent", "send_event", "--token", "a", "--pat", "b:c"},
		{"api", "agent", "list_chats", "--url", "https://api.example.invalid"}, // no credentials for a remote URL
		{"send", "only-one-arg"},
	} {
		r = runLC(t, "", append(args, "--url", u)...)
		if args[len(args)-1] == "https://api.example.invalid" {
			r = runLC(t, "", args...)
		}
		expect(t, r, exitInvalid)
		if !strings.HasPrefix(r.stderr, "usage: ") && !strings.HasPrefix(r.stderr, "validation: ") {
			t.Errorf("%v: stderr = %q", args, r.stderr)
		}
	}

	// no answer: exit 3
	r = runLC(t, "", "api", "agent", "list_chats", "--url", "http://127.0.0.1:1")
	expect(t, r, exitNetwork)
	if !strings.HasPrefix(r.stderr, "network: ") {
		t.Errorf("stderr = %q", r.stderr)
	}

	// send, then chats list shows the chat
	r = runLC(t, "", "send", chatID, "third message", "--url", u)
	expect(t, r, 0)
	if !idRE.MatchString(r.stdout) {
		t.Errorf("send printed %q, want an event id", r.stdout)
	}
	r = runLC(t, "", "chats", "list", "--url", u)
	expect(t, r, 0)
	if !strings.Contains(r.stdout, chatID) || !strings.Contains(r.stdout, "third message") {
		t.Errorf("chats list:\n%s", r.stdout)
	}
	r = runLC(t, "", "chats", "list", "--url", u, "--jq", ".id")
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != chatID {
		t.Errorf("chats list --jq .id = %q", r.stdout)
	}
}

func TestAPIJQAndREST(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	r := runLC(t, "", "api", "configuration", "list_agents", "--url", u, "--jq", "[.[].id] | sort")
	expect(t, r, 0)
	golden(t, "api_jq.txt", r.stdout)
	r = runLC(t, "", "api", "restv2", "get_agent", "login=agent@livechat.local", "--url", u, "--jq", ".login")
	expect(t, r, 0)
	if r.stdout != "agent@livechat.local\n" {
		t.Errorf("restv2 get_agent = %q", r.stdout)
	}
	r = runLC(t, "", "api", "configuration", "list_agents", "--url", u, "--jq", ".[")
	expect(t, r, exitInvalid)
}

func TestAPIPaginate(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	var ids []string
	for range 5 {
		r := runLC(t, "", "api", "agent", "start_chat", "--url", u, "--jq", ".chat_id")
		expect(t, r, 0)
		ids = append(ids, strings.TrimSpace(r.stdout))
	}
	r := runLC(t, "", "api", "agent", "list_chats", "limit:=2", "--paginate", "--jq", ".id", "--url", u, "-v")
	expect(t, r, 0)
	got := strings.Fields(r.stdout)
	if len(got) != 5 {
		t.Fatalf("--paginate printed %d chats, want 5:\n%s", len(got), r.stdout)
	}
	for _, id := range ids {
		if !strings.Contains(r.stdout, id) {
			t.Errorf("chat %s missing", id)
		}
	}
	if n := strings.Count(r.stderr, "> POST "); n != 3 {
		t.Errorf("%d requests for 3 pages:\n%s", n, r.stderr)
	}
	if !strings.Contains(r.stderr, `"page_id"`) {
		t.Error("no request carried a page_id")
	}
}

func TestAPISecretsRedacted(t *testing.T) {
	srv := emulator.NewTest(t)
	const secret = "dal:very-secret-token-1234"
	r := runLC(t, "", "api", "agent", "list_chats", "--url", srv.URL(), "--token", secret, "-v")
	expect(t, r, exitAPIError)
	if !strings.HasPrefix(r.stderr, "> POST ") || !strings.Contains(r.stderr, "authentication: ") {
		t.Errorf("stderr = %q", r.stderr)
	}
	if strings.Contains(r.stderr+r.stdout, "very-secret") {
		t.Fatalf("the token leaked:\n%s", r.stderr)
	}
	r = runLC(t, "", "api", "restv2", "list_agents", "--url", srv.URL(), "--api-key", "owner@livechat.local:nottheky", "-v")
	expect(t, r, exitAPIError)
	if strings.Contains(r.stderr, "nottheky") {
		t.Fatalf("the API key leaked:\n%s", r.stderr)
	}
	r = runLC(t, "", "api", "agent", "list_chats", "--url", "http://user:hunter2@127.0.0.1:1")
	expect(t, r, exitInvalid)
	if strings.Contains(r.stderr, "hunter2") {
		t.Fatalf("the URL password leaked: %s", r.stderr)
	}
}

func TestAPICompletion(t *testing.T) {
	r := runLC(t, "", "__complete", "api", "--description", testDescription, "")
	expect(t, r, 0)
	golden(t, "complete_apis.txt", r.stdout)
	r = runLC(t, "", "__complete", "api", "agent", "--description", testDescription, "")
	expect(t, r, 0)
	golden(t, "complete_actions.txt", r.stdout)
	r = runLC(t, "", "__complete", "api", "agent", "send_event", "chat_id=X", "--description", testDescription, "")
	expect(t, r, 0)
	golden(t, "complete_fields.txt", r.stdout)
	// enum values of a field
	r = runLC(t, "", "__complete", "api", "agent", "send_event", "event.type=")
	expect(t, r, 0)
	for _, want := range []string{"event.type=message\n", "event.type=file\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("completion of event.type= lacks %q:\n%s", want, r.stdout)
		}
	}
	// the built-in description's field names
	r = runLC(t, "", "__complete", "api", "customer", "send_event", "")
	expect(t, r, 0)
	if !strings.Contains(r.stdout, "event.text=") || !strings.Contains(r.stdout, "chat_id=") {
		t.Errorf("completion of customer send_event:\n%s", r.stdout)
	}
}

func TestAPIConnectionFlags(t *testing.T) {
	srv := emulator.NewTest(t)
	u := srv.URL()
	creds := srv.Credentials()
	// LIVECHAT_URL and LIVECHAT_TOKEN instead of flags
	r := runLCEnv(t, map[string]string{"LIVECHAT_URL": u, "LIVECHAT_TOKEN": creds.Agent.Token}, "",
		"api", "agent", "list_chats", "--jq", ".chats_summary | length")
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != "0" {
		t.Errorf("list_chats as the agent = %q", r.stdout)
	}
	// --pat ACCOUNT_ID:PAT
	r = runLC(t, "", "api", "configuration", "list_agents", "--url", u, "--pat", creds.Owner.AccountID+":"+creds.Owner.PAT, "--jq", "length")
	expect(t, r, 0)
	// --credentials FILE, as `livechat serve --credentials FILE` writes it
	b, err := json.Marshal(creds)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "creds.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r = runLC(t, "", "chats", "list", "--url", u, "--credentials", file)
	expect(t, r, 0)
	// --api-version selects the version's operations
	r = runLC(t, "", "api", "agent", "send_event", "--help", "--api-version", "3.5")
	expect(t, r, 0)
	if !strings.HasPrefix(r.stdout, "agent.send_event (API 3.5)") || !strings.Contains(r.stdout, "POST /v3.5/agent/action/send_event") {
		t.Errorf("--api-version 3.5 help:\n%s", r.stdout)
	}
	r = runLC(t, "", "api", "agent", "list_chats", "--api-version", "3.5", "--url", u, "-v", "--jq", "length")
	expect(t, r, 0)
	if !strings.Contains(r.stderr, "> POST "+u+"/v3.5/agent/action/list_chats") {
		t.Errorf("--api-version 3.5 did not call /v3.5:\n%s", r.stderr)
	}
	for _, args := range [][]string{{"--api-version", "9.9"}, {"--region", "mars"}} {
		r = runLC(t, "", append([]string{"api", "agent", "list_chats", "--url", u}, args...)...)
		expect(t, r, exitInvalid)
	}
	// --region fra is sent as X-Region
	r = runLC(t, "", "api", "agent", "list_chats", "--url", u, "--region", "fra", "-v")
	if !strings.Contains(r.stderr, "> X-Region: fra") {
		t.Errorf("--region fra not sent:\n%s", r.stderr)
	}
	// the customer API gets the emulator's customer and organization by default
	r = runLC(t, "", "api", "customer", "start_chat", "--url", u, "--jq", ".chat_id | length")
	expect(t, r, 0)
	r = runLC(t, "", "api", "customer", "get_customer", "--url", u, "--jq", ".id")
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != creds.Customers[0].ID {
		t.Errorf("customer get_customer = %q", r.stdout)
	}
}
