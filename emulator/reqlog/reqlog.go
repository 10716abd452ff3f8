// Package reqlog is the emulator's request log: a bounded ring buffer of
// the last N HTTP requests and RTM frames (method or action, who, status
// or error type, duration, the request body), read by
// GET /emulator/requests, the /emulator/ui page and `livechat serve -v`.
//
// Secrets never leave it: bodies are kept (at most MaxBody bytes) as
// received and redacted whenever they are read (with the module's one
// redactor, internal/redact: tokens, PATs, API keys, secret keys,
// passwords, Authorization values, credentials inside URLs), and an
// entry's Who is an identity, never a credential.
package reqlog

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/livechat-go/livechat/internal/redact"
)

// DefaultSize is the number of entries a Log keeps by default.
const DefaultSize = 1000

// MaxBody is how many bytes of a request body an entry keeps.
const MaxBody = 4096

// Entry is one recorded request or RTM frame.
type Entry struct {
	// ID increases by one per entry, from 1.
	ID uint64 `json:"id"`
	// Time is when the request arrived.
	Time time.Time `json:"time"`
	// Kind is "http" or "rtm".
	Kind string `json:"kind"`
	// Method is the HTTP method (http).
	Method string `json:"method,omitempty"`
	// Path is the HTTP path and query, secrets redacted (http).
	Path string `json:"path,omitempty"`
	// API is "agent", "customer" or "configuration" when known.
	API string `json:"api,omitempty"`
	// Action is the action of a Web API call or an RTM frame.
	Action string `json:"action,omitempty"`
	// Who is the caller: an agent id (e-mail), a customer id, a bot id or
	// the user name of Basic credentials; empty when anonymous.
	Who string `json:"who,omitempty"`
	// Status is the HTTP status (http).
	Status int `json:"status,omitempty"`
	// Error is the documented error type of a failed call.
	Error string `json:"error,omitempty"`
	// Duration is how long the request took.
	Duration time.Duration `json:"duration_ns"`
	// Body is the request body, redacted, at most MaxBody bytes (a cut
	// body ends with "…").
	Body string `json:"body,omitempty"`

	raw []byte // the body as received (redacted on read)
	cut bool
}

// Log is a bounded, concurrency-safe log of entries.
type Log struct {
	mu     sync.Mutex
	buf    []Entry
	next   int // index of the next write in buf
	n      int // entries held
	lastID uint64
	logger *slog.Logger
	notify chan struct{} // made by Wait, closed (and dropped) by the next Record
}

// Option configures a Log.
type Option func(*Log)

// WithLogger logs one line per entry to l at Info level: kind, method and
// path or api and action, who, status or error type, duration. No body.
func WithLogger(l *slog.Logger) Option { return func(g *Log) { g.logger = l } }

// New returns a log keeping the last size entries (DefaultSize when size
// is not positive).
func New(size int, opts ...Option) *Log {
	if size <= 0 {
		size = DefaultSize
	}
	l := &Log{buf: make([]Entry, size)}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Record adds e (its ID is assigned) with the request body (copied, at
// most MaxBody bytes).
func (l *Log) Record(e Entry, body []byte) {
	if l == nil {
		return
	}
	if len(body) > MaxBody {
		body, e.cut = body[:MaxBody], true
	}
	if len(body) > 0 {
		e.raw = append([]byte(nil), body...)
	}
	e.Body = ""
	l.mu.Lock()
	l.lastID++
	e.ID = l.lastID
	l.buf[l.next] = e
	l.next = (l.next + 1) % len(l.buf)
	if l.n < len(l.buf) {
		l.n++
	}
	ch := l.notify // nil when nobody waits: Record then allocates nothing for it
	l.notify = nil
	l.mu.Unlock()
	if ch != nil {
		close(ch)
	}
	if l.logger != nil {
		l.logEntry(e)
	}
}

func (l *Log) logEntry(e Entry) {
	attrs := []slog.Attr{slog.String("kind", e.Kind)}
	if e.Kind == "http" {
		attrs = append(attrs, slog.String("method", e.Method), slog.String("path", e.Path))
		if e.Action != "" {
			attrs = append(attrs, slog.String("action", e.Action))
		}
	} else {
		attrs = append(attrs, slog.String("api", e.API), slog.String("action", e.Action))
	}
	who := e.Who
	if who == "" {
		who = "-"
	}
	attrs = append(attrs, slog.String("who", who))
	if e.Status != 0 {
		attrs = append(attrs, slog.Int("status", e.Status))
	}
	if e.Error != "" {
		attrs = append(attrs, slog.String("error", e.Error))
	} else if e.Kind == "rtm" {
		attrs = append(attrs, slog.String("result", "ok"))
	}
	attrs = append(attrs, slog.Duration("duration", e.Duration))
	l.logger.LogAttrs(context.Background(), slog.LevelInfo, "request", attrs...)
}

// Entries returns up to limit entries with an ID above since, oldest
// first (limit ≤ 0: all), bodies redacted.
func (l *Log) Entries(since uint64, limit int) []Entry {
	l.mu.Lock()
	var out []Entry
	for i := 0; i < l.n; i++ {
		e := l.buf[(l.next-l.n+i+len(l.buf))%len(l.buf)]
		if e.ID > since {
			out = append(out, e)
		}
	}
	l.mu.Unlock()
	if limit > 0 && len(out) > limit {
		out = out[len(out)-limit:]
	}
	for i := range out {
		if out[i].raw != nil {
			out[i].Body = redact.Body(out[i].raw)
			if out[i].cut {
				out[i].Body += "…"
			}
		}
		out[i].raw = nil
	}
	return out
}

// LastID is the ID of the newest entry (0 when none).
func (l *Log) LastID() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastID
}

// Wait returns a channel closed when the next entry is recorded.
func (l *Log) Wait() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.notify == nil {
		l.notify = make(chan struct{})
	}
	return l.notify
}

// Page is the answer of ServeHTTP.
type Page struct {
	Requests []Entry `json:"requests"`
	// LastID is the newest ID: pass it as ?since= to get only newer ones.
	LastID uint64 `json:"last_id"`
}

// ServeHTTP answers GET with a Page as JSON: ?since=ID (only newer
// entries), ?limit=N (the newest N).
func (l *Log) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, `{"error":{"type":"validation","message":"Use GET"}}`, http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	var since uint64
	limit := 0
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeErr(w, "since must be a request id (a non-negative integer)")
			return
		}
		since = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeErr(w, "limit must be a non-negative integer")
			return
		}
		limit = n
	}
	last := l.LastID()
	page := Page{Requests: l.Entries(since, limit), LastID: last}
	if n := len(page.Requests); n > 0 && page.Requests[n-1].ID > last {
		page.LastID = page.Requests[n-1].ID
	}
	if page.Requests == nil {
		page.Requests = []Entry{}
	}
	b, _ := json.Marshal(page)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

func writeErr(w http.ResponseWriter, msg string) {
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"type": "validation", "message": msg}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	w.Write(b)
}
