package hostile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/syncbuf"
)

// long reports whether the longer runs were asked for (LIVECHAT_LONG=1).
func long() bool { return os.Getenv("LIVECHAT_LONG") != "" }

// env is one emulator under attack with its captured logs, the secrets
// that must never show and every answer seen.
type env struct {
	t       *testing.T
	srv     *emulator.Server
	creds   emulator.Credentials
	logs    *syncbuf.Buffer // the emulator's slog output (JSON lines, debug level)
	secrets []string
	client  *http.Client
	sent    atomic.Int64
	mu      sync.Mutex
	answers bytes.Buffer // every answer body, for the secret check
	// setupDone: answers are kept from then on (the owner's own webhook
	// registrations legitimately answer the URLs they registered).
	setupDone bool
}

func newEnv(t *testing.T, cfg emulator.Config) *env {
	logs := &syncbuf.Buffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := emulator.NewTest(t, cfg)
	cr := srv.Credentials()
	e := &env{t: t, srv: srv, creds: cr, logs: logs,
		client: &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	e.secrets = []string{cr.Owner.Token, cr.Owner.PAT, cr.Agent.Token, cr.Agent.PAT, cr.Bot.Token, cr.Customers[0].Token,
		sentinelToken, webhookPassword, webhookQueryToken, webhookSecret, v2WebhookToken}
	t.Cleanup(func() { e.client.CloseIdleConnections() })
	return e
}

// Secrets planted by the suite.
const (
	sentinelToken     = "dal:hostile-sentinel-token-5f1e"
	webhookPassword   = "hostile-webhook-password-77c1"
	webhookQueryToken = "hostile-query-token-a9d4"
	webhookSecret     = "hostile-webhook-secret-3b20"
	v2WebhookToken    = "hostile-v2-hook-token"
)

// req is one hostile request.
type req struct {
	name    string
	method  string
	path    string
	header  map[string]string
	body    []byte
	want    int // expected status (0: anything below 500)
	wantSub string
	// public: the answer may show the seeded, documented credentials
	// (the home page GET / lists them on loopback, by design).
	public bool
}

// send sends r and checks the answer: below 500 (or exactly r.want),
// valid UTF-8, valid JSON when it says it is JSON. It returns the status
// and the body.
func (e *env) send(r req) (int, []byte) {
	e.t.Helper()
	method := r.method
	if method == "" {
		method = http.MethodPost
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, method, e.srv.URL()+r.path, bytes.NewReader(r.body))
	if err != nil {
		e.t.Fatalf("%s: %v", r.name, err)
	}
	if r.body == nil {
		hr.Body = nil
	}
	hasCT := false
	for k, v := range r.header {
		hr.Header.Set(k, v)
		hasCT = hasCT || strings.EqualFold(k, "Content-Type")
	}
	if !hasCT && r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	e.sent.Add(1)
	res, err := e.client.Do(hr)
	if err != nil {
		e.t.Errorf("%s: no answer: %v", r.name, err)
		return 0, nil
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		e.t.Errorf("%s: reading the answer: %v", r.name, err)
	}
	if r.public {
		e.checkOnly(r.name, res.StatusCode, res.Header.Get("Content-Type"), body)
	} else {
		e.check(r.name, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if r.want != 0 && res.StatusCode != r.want {
		e.t.Errorf("%s: HTTP %d, want %d: %.300s", r.name, res.StatusCode, r.want, body)
	}
	if r.wantSub != "" && !strings.Contains(string(body), r.wantSub) {
		e.t.Errorf("%s: answer lacks %q: %.300s", r.name, r.wantSub, body)
	}
	return res.StatusCode, body
}

// check applies the rules every answer obeys and keeps the body.
func (e *env) check(name string, status int, ct string, body []byte) {
	e.t.Helper()
	e.checkOnly(name, status, ct, body)
	e.mu.Lock()
	if e.setupDone {
		e.answers.Write(body)
		e.answers.WriteByte('\n')
	}
	e.mu.Unlock()
}

// checkOnly applies the rules every answer obeys.
func (e *env) checkOnly(name string, status int, ct string, body []byte) {
	e.t.Helper()
	if status >= 500 {
		e.t.Errorf("%s: HTTP %d: %.300s", name, status, body)
	}
	if !utf8.Valid(body) {
		e.t.Errorf("%s: answer is not valid UTF-8: %.200q", name, body)
	}
	if strings.HasPrefix(ct, "application/json") && len(body) > 0 && !json.Valid(body) {
		e.t.Errorf("%s: answer is not valid JSON: %.200q", name, body)
	}
}

// noSecrets fails when a planted or seeded secret shows in an answer or
// a log line.
func (e *env) noSecrets() {
	e.t.Helper()
	logs := e.logs.String()
	e.mu.Lock()
	answers := e.answers.String()
	e.mu.Unlock()
	for _, s := range e.secrets {
		if i := strings.Index(logs, s); i >= 0 {
			e.t.Errorf("secret %q in the log: %.200s", s, logs[max(0, i-100):])
		}
		if i := strings.Index(answers, s); i >= 0 {
			e.t.Errorf("secret %q in an answer: %.200s", s, answers[max(0, i-100):])
		}
	}
}

func (e *env) bearer(tok string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + tok}
}

// action posts payload to /v3.6/<api>/action/<name> as the owner (agent,
// configuration) or the first customer.
func (e *env) action(api, name string, payload []byte) req {
	h := e.bearer(e.creds.Owner.Token)
	path := "/v3.6/" + api + "/action/" + name
	if api == "customer" {
		h = e.bearer(e.creds.Customers[0].Token)
		path += "?organization_id=" + e.creds.OrganizationID
	}
	return req{name: api + "/" + name + " " + clip(string(payload)), path: path, header: h, body: payload}
}

// call runs an action that must succeed and returns its answer.
func (e *env) call(api, name string, payload any) map[string]any {
	e.t.Helper()
	b, _ := json.Marshal(payload)
	r := e.action(api, name, b)
	status, body := e.send(r)
	if status != 200 {
		e.t.Fatalf("%s: HTTP %d %s", r.name, status, body)
	}
	var m map[string]any
	json.Unmarshal(body, &m)
	return m
}

func clip(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return fmt.Sprintf("%q", s)
}
