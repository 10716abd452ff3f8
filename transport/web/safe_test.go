package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// safeWebServer stores send_event events and answers list_threads from
// them; send decides per send_event (1-based) whether to store it and how
// to answer: "ok", "cut" (close the connection without an answer), "500",
// "400" or "hang" (until the client goes away). lookup may cut lookups.
type safeWebServer struct {
	mu      sync.Mutex
	events  []map[string]any
	sends   int
	lookups int
	send    func(n int) (store bool, answer string)
	lookup  func(n int) (cut bool)
}

func (s *safeWebServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	action := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	s.mu.Lock()
	switch action {
	case "send_event":
		s.sends++
		var p struct{ Event map[string]any }
		_ = json.Unmarshal(body, &p)
		p.Event["id"] = fmt.Sprintf("T1_%d", len(s.events)+1)
		store, answer := true, "ok"
		if s.send != nil {
			store, answer = s.send(s.sends)
		}
		if store {
			s.events = append(s.events, p.Event)
		}
		s.mu.Unlock()
		switch answer {
		case "cut":
			cut(w)
		case "500":
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"error":{"type":"internal","message":"boom"}}`)
		case "400":
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"type":"validation","message":"bad event"}}`)
		case "hang":
			<-r.Context().Done()
		default:
			json.NewEncoder(w).Encode(map[string]any{"event_id": p.Event["id"]})
		}
	case "list_threads":
		s.lookups++
		if s.lookup != nil && s.lookup(s.lookups) {
			s.mu.Unlock()
			cut(w)
			return
		}
		b, _ := json.Marshal(map[string]any{"threads": []any{map[string]any{"id": "T1", "events": s.events}}})
		s.mu.Unlock()
		w.Write(b)
	default:
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotFound)
	}
}

// cut closes the connection without an answer.
func cut(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func (s *safeWebServer) counts() (events, sends, lookups int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.events), s.sends, s.lookups
}

func safeTransport(t *testing.T, s *safeWebServer) *web.Transport {
	srv := newServer(t, s.ServeHTTP)
	tr, err := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL),
		livechat.WithSafeSend(time.Millisecond), fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func sendOnce(ctx context.Context, tr *web.Transport) (string, error) {
	var resp struct {
		EventID string `json:"event_id"`
	}
	req := map[string]any{"chat_id": "C1", "event": map[string]any{"type": "message", "text": "hi"}}
	err := tr.Call(ctx, "send_event", req, &resp)
	return resp.EventID, err
}

// TestWebSafeSend pins issue 15 point 9 over the Web transport: a
// send_event whose answer is lost is looked up by its custom_id and resent
// only when it was not stored, until ctx ends.
func TestWebSafeSend(t *testing.T) {
	for _, tc := range []struct {
		name                          string
		send                          func(n int) (bool, string)
		lookup                        func(n int) bool
		wantSends, wantLookups, wantN int
	}{
		{"stored, answer cut", func(n int) (bool, string) {
			if n == 1 {
				return true, "cut"
			}
			return true, "ok"
		}, nil, 1, 1, 1},
		{"not stored, cut 4 times", func(n int) (bool, string) {
			if n <= 4 {
				return false, "cut"
			}
			return true, "ok"
		}, nil, 5, 4, 1},
		{"stored, then 500", func(n int) (bool, string) {
			if n == 1 {
				return true, "500"
			}
			return true, "ok"
		}, nil, 1, 1, 1},
		{"stored, answer and two lookups cut", func(n int) (bool, string) {
			if n == 1 {
				return true, "cut"
			}
			return true, "ok"
		}, func(n int) bool { return n <= 2 }, 1, 3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &safeWebServer{send: tc.send, lookup: tc.lookup}
			tr := safeTransport(t, s)
			id, err := sendOnce(context.Background(), tr)
			if err != nil || id != "T1_1" {
				t.Fatalf("send_event = %q, %v", id, err)
			}
			if n, sends, lookups := s.counts(); n != tc.wantN || sends != tc.wantSends || lookups != tc.wantLookups {
				t.Errorf("stored %d, send_event requests %d, lookups %d; want %d, %d, %d", n, sends, lookups, tc.wantN, tc.wantSends, tc.wantLookups)
			}
			s.mu.Lock()
			cid, _ := s.events[0]["custom_id"].(string)
			s.mu.Unlock()
			if !strings.HasPrefix(cid, "web-") {
				t.Errorf("custom_id = %q", cid)
			}
		})
	}
}

func TestWebSafeSendErrors(t *testing.T) {
	// A refusal is not retried and is not "unknown".
	s := &safeWebServer{send: func(int) (bool, string) { return false, "400" }}
	_, err := sendOnce(context.Background(), safeTransport(t, s))
	if !errors.Is(err, livechat.ErrValidation) || errors.Is(err, livechat.ErrOutcomeUnknown) {
		t.Fatalf("refused: %v", err)
	}
	if _, sends, lookups := s.counts(); sends != 1 || lookups != 0 {
		t.Errorf("refused: %d sends, %d lookups", sends, lookups)
	}

	// No answer before ctx ends: unknown.
	s = &safeWebServer{send: func(int) (bool, string) { return true, "hang" }}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err = sendOnce(ctx, safeTransport(t, s))
	if !errors.Is(err, livechat.ErrOutcomeUnknown) {
		t.Fatalf("hung send: %v", err)
	}

	// Without WithSafeSend nothing changes: a cut send is a NetworkError.
	s = &safeWebServer{send: func(int) (bool, string) { return true, "cut" }}
	srv := newServer(t, s.ServeHTTP)
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	_, err = sendOnce(context.Background(), tr)
	var ne *web.NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("plain send: %v", err)
	}
}
