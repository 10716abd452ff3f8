package reqlog

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat/internal/redact"
)

// Bodies are redacted with internal/redact (tested there in detail);
// here: every kind of body a request can carry comes out redacted.
func TestEntriesAreRedacted(t *testing.T) {
	secrets := []string{"sekret-token", "my-pat-value", "hunter2", "whsec-123", "c2VjcmV0OnBhc3M=", "apikey-999", "refresh-abc", "pkce-verifier"}
	l := New(20)
	for _, c := range []string{
		`{"token":"Bearer dal:sekret-token","customer_monitoring_level":"my"}`,
		`{"url":"https://user:hunter2@example.com/hook?token=whsec-123&x=1","secret_key":"whsec-123","action":"incoming_chat"}`,
		`{"nested":[{"pat":"my-pat-value"},{"authorization":"Basic c2VjcmV0OnBhc3M="}],"text":"see Bearer dal:sekret-token"}`,
		`grant_type=refresh_token&refresh_token=refresh-abc&client_secret=hunter2&code_verifier=pkce-verifier`,
		`{"api_key":"apikey-999","login":"a@b.c"}`,
	} {
		l.Record(Entry{Kind: "http"}, []byte(c))
	}
	for _, e := range l.Entries(0, 0) {
		for _, s := range secrets {
			if strings.Contains(e.Body, s) {
				t.Errorf("%q survived in %s", s, e.Body)
			}
		}
		if !strings.Contains(e.Body, redact.Mask) {
			t.Errorf("nothing redacted in %s", e.Body)
		}
	}
	l.Record(Entry{Kind: "http"}, []byte(`{"text":"hello","chat_id":"C1"}`))
	if e := l.Entries(5, 0); len(e) != 1 || e[0].Body != `{"chat_id":"C1","text":"hello"}` {
		t.Errorf("plain body changed: %+v", e)
	}
}

func TestRingKeepsTheNewest(t *testing.T) {
	l := New(3)
	for i := range 5 {
		l.Record(Entry{Kind: "http", Path: "/" + string(rune('a'+i))}, nil)
	}
	got := l.Entries(0, 0)
	if len(got) != 3 || got[0].ID != 3 || got[2].ID != 5 || got[2].Path != "/e" {
		t.Fatalf("entries: %+v", got)
	}
	if got := l.Entries(4, 0); len(got) != 1 || got[0].ID != 5 {
		t.Fatalf("since 4: %+v", got)
	}
	if got := l.Entries(0, 2); len(got) != 2 || got[0].ID != 4 {
		t.Fatalf("limit 2: %+v", got)
	}
}

func TestBodiesAreCutAndRedactedOnRead(t *testing.T) {
	l := New(10)
	big := `{"token":"Bearer dal:sekret-token","text":"` + strings.Repeat("x", 2*MaxBody) + `"}`
	l.Record(Entry{Kind: "rtm", Action: "login"}, []byte(big))
	e := l.Entries(0, 0)[0]
	if !strings.HasSuffix(e.Body, "…") || len(e.Body) > MaxBody+64 {
		t.Fatalf("body not cut: %d bytes", len(e.Body))
	}
	if strings.Contains(e.Body, "sekret") {
		t.Fatalf("secret in a cut body: %.80s", e.Body)
	}
}

func TestLoggerWritesOneLinePerEntryWithoutBodies(t *testing.T) {
	var buf bytes.Buffer
	l := New(10, WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	l.Record(Entry{Kind: "http", Method: "POST", Path: "/v3.6/agent/action/send_event", Action: "send_event", Who: "owner@livechat.local", Status: 200, Duration: 3 * time.Millisecond},
		[]byte(`{"token":"dal:sekret-token"}`))
	l.Record(Entry{Kind: "rtm", API: "agent", Action: "login", Error: "authentication", Duration: time.Millisecond}, []byte(`{"token":"Bearer dal:sekret-token"}`))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", buf.String())
	}
	for _, want := range []string{"method=POST", "action=send_event", "who=owner@livechat.local", "status=200", "duration=3ms"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("line %q lacks %s", lines[0], want)
		}
	}
	for _, want := range []string{"kind=rtm", "action=login", "who=-", "error=authentication"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("line %q lacks %s", lines[1], want)
		}
	}
	if strings.Contains(buf.String(), "sekret") {
		t.Fatal("a secret reached the log")
	}
}

func TestServeHTTP(t *testing.T) {
	l := New(10)
	l.Record(Entry{Kind: "http", Path: "/a"}, []byte(`{"secret_key":"whsec-123"}`))
	l.Record(Entry{Kind: "http", Path: "/b"}, nil)
	rec := httptest.NewRecorder()
	l.ServeHTTP(rec, httptest.NewRequest("GET", "/emulator/requests?since=1", nil))
	var p Page
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || len(p.Requests) != 1 || p.Requests[0].Path != "/b" || p.LastID != 2 {
		t.Fatalf("page: %s %v", rec.Body, err)
	}
	rec = httptest.NewRecorder()
	l.ServeHTTP(rec, httptest.NewRequest("GET", "/emulator/requests", nil))
	if strings.Contains(rec.Body.String(), "whsec-123") {
		t.Fatal("secret in the answer")
	}
	rec = httptest.NewRecorder()
	l.ServeHTTP(rec, httptest.NewRequest("GET", "/emulator/requests?since=x", nil))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "since must be") {
		t.Fatalf("bad since: %d %s", rec.Code, rec.Body)
	}
}

// TestWaitClosedByNextRecord: a channel from Wait is closed by the next
// Record (and only then); a later Wait gives a new, open channel.
func TestWaitClosedByNextRecord(t *testing.T) {
	l := New(4)
	l.Record(Entry{Kind: "rtm", Action: "before"}, nil) // nobody waits yet
	ch := l.Wait()
	select {
	case <-ch:
		t.Fatal("Wait's channel is closed before any new entry")
	default:
	}
	if l.Wait() != ch {
		t.Fatal("two Waits before a Record got different channels")
	}
	l.Record(Entry{Kind: "rtm", Action: "after"}, nil)
	select {
	case <-ch:
	default:
		t.Fatal("Wait's channel is still open after Record")
	}
	next := l.Wait()
	select {
	case <-next:
		t.Fatal("a Wait after the Record got a closed channel")
	default:
	}
}
