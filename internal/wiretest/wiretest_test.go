package wiretest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/internal/wiretest"
)

// recTB records what a check reports instead of failing the test.
type recTB struct {
	testing.TB
	msgs []string
}

func (r *recTB) Helper() {}
func (r *recTB) Errorf(f string, a ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(f, a...))
}
func (r *recTB) Fatalf(f string, a ...any) {
	r.msgs = append(r.msgs, "FATAL "+fmt.Sprintf(f, a...))
	runtime.Goexit()
}

// check runs CheckOne with a recording TB on its own goroutine (Fatalf
// ends it) and returns what it reported.
func check(t *testing.T, s *wiretest.Server, want wiretest.Want) string {
	r := &recTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		wiretest.CheckOne(r, s, want)
	}()
	<-done
	return strings.Join(r.msgs, "\n")
}

func TestCheckOne(t *testing.T) {
	s := wiretest.NewServer(t)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/v3.6/agent/action/x?a=1", strings.NewReader(`{"b": [1, 2]}`))
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	good := wiretest.Want{Method: http.MethodPost, Path: "/v3.6/agent/action/x", Auth: "Bearer t", Query: url.Values{"a": {"1"}}, Body: `{"b":[1,2]}`}
	if got := check(t, s, good); got != "" {
		t.Errorf("a matching request was reported: %s", got)
	}
	for _, c := range []struct {
		change func(*wiretest.Want)
		report string
	}{
		{func(w *wiretest.Want) { w.Method = http.MethodGet }, "method = POST, want GET"},
		{func(w *wiretest.Want) { w.Path = "/v3.6/agent/action/y" }, "path = /v3.6/agent/action/x, want /v3.6/agent/action/y"},
		{func(w *wiretest.Want) { w.Auth = "Bearer u" }, `Authorization = "Bearer t", want "Bearer u"`},
		{func(w *wiretest.Want) { w.Query = nil }, "query (-want +got)"},
		{func(w *wiretest.Want) { w.Body = `{"b":[2,1]}` }, "body mismatch"},
		{func(w *wiretest.Want) { w.Body = "" }, "want none"},
		{func(w *wiretest.Want) {
			w.Raw = func(t testing.TB, ct string, b []byte) { t.Errorf("raw saw %s %s", ct, b) }
		}, `raw saw application/json {"b": [1, 2]}`},
	} {
		w := good
		c.change(&w)
		if got := check(t, s, w); !strings.Contains(got, c.report) {
			t.Errorf("want a report containing %q, got %q", c.report, got)
		}
	}
	// A second request: CheckOne stops at the count.
	resp, err = s.Client().Get(s.URL + "/again")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := check(t, s, good); got != "FATAL 2 requests sent, want 1" {
		t.Errorf("two requests: %q", got)
	}
}

// TestNewServerFunc: the handler answers, given the action and body, and
// the request is recorded.
func TestNewServerFunc(t *testing.T) {
	s := wiretest.NewServerFunc(t, func(w http.ResponseWriter, action string, body []byte) {
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprintf(w, "%s:%s", action, body)
	})
	resp, err := s.Client().Post(s.URL+"/v3.6/agent/action/list_chats", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := make([]byte, 64)
	n, _ := resp.Body.Read(b)
	if resp.StatusCode != http.StatusTeapot || string(b[:n]) != "list_chats:{}" {
		t.Errorf("answer %d %q", resp.StatusCode, b[:n])
	}
	if r := s.Requests(); len(r) != 1 || r[0].Path != "/v3.6/agent/action/list_chats" || string(r[0].Body) != "{}" {
		t.Errorf("recorded %+v", r)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/tickets/a%2Fb?q=x%20y", nil)
	req.Header.Set("X-API-Version", "2")
	if resp, err := s.Client().Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	if r := s.Requests(); len(r) != 2 || r[1].Path != "/tickets/a/b" || r[1].RawPath != "/tickets/a%2Fb" ||
		r[1].RawQuery != "q=x%20y" || r[1].Query.Get("q") != "x y" || r[1].Header.Get("X-API-Version") != "2" {
		t.Errorf("recorded %+v", r)
	}
	if got := wiretest.Compact([]byte("{ \"a\" : [ 1 ] }")); got != `{"a":[1]}` {
		t.Errorf("Compact = %s", got)
	}
}
