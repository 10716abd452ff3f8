// Package webapp holds what the two demo web apps (apps/simpleagent and
// apps/customerchat) share: server-side sessions behind an HttpOnly,
// SameSite cookie with a per-session CSRF token, security headers with a
// strict Content-Security-Policy, a Server-Sent Events hub, the check that
// refuses a non-loopback listen address without TLS, the JSON helpers,
// the conversion of SDK events into what the pages render, and the
// JavaScript both pages use (static/common.js).
package webapp

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livechat-go/livechat"
)

//go:embed static
var static embed.FS

// CSP is the Content-Security-Policy of every answer: scripts and styles
// only from the app's own files (no inline script or style, no eval),
// network only to the app itself, no frames, no plugins.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http://127.0.0.1:* http://localhost:*; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// Secure wraps h with the security headers of the apps.
func Secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", CSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// CommonJS serves static/common.js (mount it at /common.js).
func CommonJS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := static.ReadFile("static/common.js")
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(b)
	})
}

// CheckListen refuses to serve plain HTTP on an address that is not
// loopback unless allowInsecure: session cookies and the pages would
// otherwise cross the network in clear text.
func CheckListen(addr string, tls, allowInsecure bool) error {
	if tls || allowInsecure {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("listen address %q is not loopback: serve it with TLS, or allow plain HTTP explicitly (--insecure-listen)", addr)
}

// RandToken returns n random bytes, base64url without padding.
func RandToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Session is one signed-in browser.
type Session struct {
	ID   string
	CSRF string
	// Value is the app's state of the session.
	Value any

	last time.Time // the last request (Sessions.mu)
}

// InUse is implemented by a session Value that can tell it is in use
// without requests (an open event stream): Sessions never expires it for
// idleness then.
type InUse interface {
	InUse() bool
}

// Sessions keeps sessions in memory behind a cookie. The cookie is
// HttpOnly, SameSite=Strict, Path=/ and Secure when Secure is set; it
// holds only a random id.
type Sessions struct {
	Cookie string
	Secure bool
	// IdleTimeout ends a session that saw no request for that long and
	// whose Value is not InUse (0: sessions never expire). Get finds an
	// expired session gone; Sweep ends every expired one.
	IdleTimeout time.Duration
	// OnExpire is called, with no lock held, for each session ended for
	// idleness (e.g. to close its connections).
	OnExpire func(*Session)

	mu    sync.Mutex
	m     map[string]*Session
	clock func() time.Time
	tls   atomic.Bool // ServedTLS was called
}

// ServedTLS records that the app is served over TLS: from then on the
// cookies are Secure even when Secure is not set. Safe for concurrent use
// (call it from ServeHTTP for a request with r.TLS set).
func (s *Sessions) ServedTLS() { s.tls.Store(true) }

// SecureCookies reports whether cookies are to be marked Secure: Secure
// is set or ServedTLS was called.
func (s *Sessions) SecureCookies() bool { return s.Secure || s.tls.Load() }

// SetClock replaces the clock that measures idleness (nil: time.Now), for
// tests.
func (s *Sessions) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.clock = now
	s.mu.Unlock()
}

func (s *Sessions) now() time.Time {
	s.mu.Lock()
	c := s.clock
	s.mu.Unlock()
	if c != nil {
		return c()
	}
	return time.Now()
}

// Create starts a session holding v and sets its cookie on w.
func (s *Sessions) Create(w http.ResponseWriter, v any) *Session {
	ss := &Session{ID: RandToken(32), CSRF: RandToken(32), Value: v, last: s.now()}
	s.mu.Lock()
	if s.m == nil {
		s.m = map[string]*Session{}
	}
	s.m[ss.ID] = ss
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: s.Cookie, Value: ss.ID, Path: "/", HttpOnly: true, Secure: s.SecureCookies(), SameSite: http.SameSiteStrictMode})
	return ss
}

// Get returns the session of r, or nil (also when it expired: it ends
// then), and counts r as the session's activity.
func (s *Sessions) Get(r *http.Request) *Session {
	c, err := r.Cookie(s.Cookie)
	if err != nil {
		return nil
	}
	now := s.now()
	s.mu.Lock()
	ss := s.m[c.Value]
	if ss != nil && s.expired(ss, now) {
		delete(s.m, ss.ID)
		s.mu.Unlock()
		s.expire(ss)
		return nil
	}
	if ss != nil {
		ss.last = now
	}
	s.mu.Unlock()
	return ss
}

// expired reports whether ss is idle past IdleTimeout (s.mu held); a
// session in use counts as active now.
func (s *Sessions) expired(ss *Session, now time.Time) bool {
	if s.IdleTimeout <= 0 {
		return false
	}
	if u, ok := ss.Value.(InUse); ok && u.InUse() {
		ss.last = now
		return false
	}
	return now.Sub(ss.last) >= s.IdleTimeout
}

func (s *Sessions) expire(ss *Session) {
	if s.OnExpire != nil {
		s.OnExpire(ss)
	}
}

// Sweep ends every session idle past IdleTimeout and returns how many.
func (s *Sessions) Sweep() int {
	now := s.now()
	var gone []*Session
	s.mu.Lock()
	for id, ss := range s.m {
		if s.expired(ss, now) {
			delete(s.m, id)
			gone = append(gone, ss)
		}
	}
	s.mu.Unlock()
	for _, ss := range gone {
		s.expire(ss)
	}
	return len(gone)
}

// Len returns the number of live sessions.
func (s *Sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// Delete ends the session of r (if any), clears its cookie on w and
// returns it.
func (s *Sessions) Delete(w http.ResponseWriter, r *http.Request) *Session {
	ss := s.Get(r)
	if ss != nil {
		s.mu.Lock()
		delete(s.m, ss.ID)
		s.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: s.Cookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies(), SameSite: http.SameSiteStrictMode})
	return ss
}

// All returns every session and forgets them (for shutting down).
func (s *Sessions) All() []*Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Session, 0, len(s.m))
	for _, ss := range s.m {
		out = append(out, ss)
	}
	s.m = nil
	return out
}

// CSRFHeader is the request header that carries the session's CSRF token.
const CSRFHeader = "X-CSRF-Token"

// SameOrigin reports whether a state-changing request comes from the
// app's own pages: Sec-Fetch-Site, when sent, is same-origin, and Origin,
// when sent, has r's host.
func SameOrigin(r *http.Request) bool {
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" && s != "none" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
	}
	return true
}

// CheckCSRF refuses (403, and reports false) a state-changing request
// without the session's token in the X-CSRF-Token header or from another
// origin.
func CheckCSRF(w http.ResponseWriter, r *http.Request, ss *Session) bool {
	tok := r.Header.Get(CSRFHeader)
	if !SameOrigin(r) || tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(ss.CSRF)) != 1 {
		Error(w, http.StatusForbidden, "CSRF check failed: reload the page")
		return false
	}
	return true
}

// JSON writes v as a JSON answer.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Error writes {"error": msg}.
func Error(w http.ResponseWriter, status int, msg string) {
	JSON(w, status, map[string]string{"error": msg})
}

// CallError answers the error of an API call: a *livechat.Error as its
// type and message (status 502, or 400 for a validation error), anything
// else as its text. SDK errors never contain credentials.
func CallError(w http.ResponseWriter, err error) {
	var ae *livechat.ArgumentError
	if errors.As(err, &ae) {
		Error(w, http.StatusBadRequest, ErrorText(err))
		return
	}
	Error(w, http.StatusBadGateway, ErrorText(err))
}

// ErrorText is how CallError words a failed call for the page: the
// platform's error type and message, or the error.
func ErrorText(err error) string {
	var le *livechat.Error
	var ae *livechat.ArgumentError
	switch {
	case errors.As(err, &ae):
		return ae.Error()
	case errors.As(err, &le):
		return string(le.Type) + ": " + le.Message
	}
	return err.Error()
}

// ReadJSON decodes a small JSON request body into v.
func ReadJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := json.NewDecoder(r.Body).Decode(v); err != nil && !errors.Is(err, io.EOF) {
		Error(w, http.StatusBadRequest, "the body must be a JSON object: "+err.Error())
		return false
	}
	return true
}

// Hub fans Server-Sent Events out to the open streams of one session.
type Hub struct {
	mu   sync.Mutex
	subs map[chan []byte]struct{}
	last []byte // the last "state" message, replayed to new streams
}

// Publish sends v (a JSON object with a "type") to every stream. A stream
// too slow to keep up is closed; the browser reconnects and resyncs.
func (h *Hub) Publish(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if m, ok := v.(map[string]any); ok && m["type"] == "state" {
		h.last = b
	}
	for ch := range h.subs {
		select {
		case ch <- b:
		default:
			delete(h.subs, ch)
			close(ch)
		}
	}
}

// Streams returns the number of open streams.
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close ends every stream.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		close(ch)
	}
	h.subs = nil
}

// Serve streams the hub's messages to r as Server-Sent Events until the
// client goes or the hub closes the stream.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		Error(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	ch := make(chan []byte, 512)
	h.mu.Lock()
	if h.subs == nil {
		h.subs = map[chan []byte]struct{}{}
	}
	h.subs[ch] = struct{}{}
	last := h.last
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		if _, ok := h.subs[ch]; ok {
			delete(h.subs, ch)
			close(ch)
		}
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	if last != nil {
		fmt.Fprintf(w, "data: %s\n\n", last)
	}
	fl.Flush()
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case b, ok := <-ch:
			if !ok {
				return
			}
			fmt.Fprintf(w, "data: %s\n\n", b)
			// Send what is already queued in the same write.
			for n := len(ch); n > 0; n-- {
				if b, ok = <-ch; !ok {
					fl.Flush()
					return
				}
				fmt.Fprintf(w, "data: %s\n\n", b)
			}
			fl.Flush()
		}
	}
}

// MountStatic registers on m what every app page needs: GET / (the
// app's static/index.html), its other static files by name, /common.js
// and an empty /favicon.ico.
func MountStatic(m *http.ServeMux, app fs.FS, names ...string) {
	sub, _ := fs.Sub(app, "static")
	files := http.FileServerFS(sub)
	for _, n := range names {
		m.Handle("GET /"+n, files)
	}
	m.Handle("GET /common.js", CommonJS())
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(sub, "index.html")
		if err != nil {
			Error(w, http.StatusInternalServerError, "no page")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(b)
	})
}
