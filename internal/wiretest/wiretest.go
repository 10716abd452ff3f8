// Package wiretest holds the recording HTTP test server and the JSON
// comparison shared by the tests of the typed web clients.
package wiretest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/livechat-go/livechat"
)

// Request is what the test server saw.
type Request struct {
	Method, Path, Auth, ContentType string
	Query                           url.Values
	Body                            []byte
	// RawPath is the path as sent (escaped), RawQuery the query as sent,
	// Header every header.
	RawPath, RawQuery string
	Header            http.Header
}

// Server is an httptest server that records every request and answers
// each with the same status and JSON body (200 and "{}" unless set).
type Server struct {
	*httptest.Server
	mu     sync.Mutex
	got    []Request
	status int
	reply  string
}

// Handler answers one request a Server recorded, given the action (the
// last element of the path) and the body.
type Handler func(w http.ResponseWriter, action string, body []byte)

// NewServer starts a Server that is closed when t ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	return NewServerFunc(t, nil)
}

// NewServerFunc starts a Server whose answers come from h (SetStatus and
// SetReply do not apply, nor any default header; a nil h answers as
// NewServer's does).
func NewServerFunc(t testing.TB, h Handler) *Server {
	t.Helper()
	s := &Server{status: http.StatusOK, reply: "{}"}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.got = append(s.got, Request{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"),
			ContentType: r.Header.Get("Content-Type"), Query: r.URL.Query(), Body: body,
			RawPath: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone()})
		status, reply := s.status, s.reply
		s.mu.Unlock()
		if h != nil {
			h(w, r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:], body)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(s.Close)
	return s
}

// SetStatus sets the HTTP status of the following answers.
func (s *Server) SetStatus(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = status
}

// SetReply sets the body of the following answers.
func (s *Server) SetReply(reply string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply = reply
}

// Requests returns a copy of the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.got...)
}

// JSONEqual compares two JSON texts as values.
func JSONEqual(t testing.TB, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %q: %v", want, err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("body mismatch (-want +got):\n%s\ngot: %s", d, got)
	}
}

// Want is what a recorded request must be (see CheckOne).
type Want struct {
	// Path is compared with the path as sent (escaped).
	Method, Path, Auth string
	// Query is the exact query (nil: none).
	Query url.Values
	// Body is the JSON value the body must hold, sent as application/json;
	// "" means no body at all (a GET).
	Body string
	// Raw, when set, checks the body and Content-Type instead of Body
	// (an upload's multipart form).
	Raw func(t testing.TB, contentType string, body []byte)
}

// CheckOne fails t unless s recorded exactly one request, and reports
// every way it differs from want. It returns the request.
func CheckOne(t testing.TB, s *Server, want Want) Request {
	t.Helper()
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests sent, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != want.Method {
		t.Errorf("method = %s, want %s", r.Method, want.Method)
	}
	if r.RawPath != want.Path {
		t.Errorf("path = %s, want %s", r.RawPath, want.Path)
	}
	if r.Auth != want.Auth {
		t.Errorf("Authorization = %q, want %q", r.Auth, want.Auth)
	}
	wq := want.Query
	if wq == nil {
		wq = url.Values{}
	}
	if d := cmp.Diff(wq, r.Query); d != "" {
		t.Errorf("query (-want +got):\n%s", d)
	}
	switch {
	case want.Raw != nil:
		want.Raw(t, r.ContentType, r.Body)
	case want.Body == "":
		if len(r.Body) != 0 || r.ContentType != "" {
			t.Errorf("body %q (Content-Type %q), want none", r.Body, r.ContentType)
		}
	default:
		if r.ContentType != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", r.ContentType)
		}
		JSONEqual(t, r.Body, want.Body)
	}
	return r
}

// Compact returns b with insignificant space removed, or b as it is when
// it is not JSON (for messages and comparisons of request bodies).
func Compact(b []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return string(b)
	}
	return buf.String()
}

// AssertArgError fails t unless err is a validation error, a
// *livechat.ArgumentError, naming field.
func AssertArgError(t testing.TB, err error, field string) {
	t.Helper()
	if !errors.Is(err, livechat.ErrValidation) {
		t.Fatalf("err = %v, want a validation error", err)
	}
	var ae *livechat.ArgumentError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %T %v, want *livechat.ArgumentError", err, err)
	}
	if ae.Field != field {
		t.Errorf("field = %q, want %q (%v)", ae.Field, field, err)
	}
}

// AssertMethodsCovered fails for every exported method of typ (e.g.
// reflect.TypeFor[*agent.Client]()) whose name is neither in tested nor
// in skip. A tested name may carry a "/variant" suffix.
func AssertMethodsCovered(t testing.TB, typ reflect.Type, tested []string, skip ...string) {
	t.Helper()
	covered := map[string]bool{}
	for _, s := range skip {
		covered[s] = true
	}
	for _, name := range tested {
		name, _, _ = strings.Cut(name, "/")
		covered[name] = true
	}
	for i := range typ.NumMethod() {
		if m := typ.Method(i).Name; !covered[m] {
			t.Errorf("method %s has no wire test", m)
		}
	}
}
