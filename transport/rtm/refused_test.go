package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
)

// TestRefusedByPendingLimitRetried: a server that refuses the first two
// arrivals of every request with pending_requests_limit_reached, and
// answers the third after a moment. Every call succeeds with its own
// answer, each request is sent exactly three times, and the server never
// has more than 10 unanswered requests of the connection.
func TestRefusedByPendingLimitRetried(t *testing.T) {
	s := newServer(t)
	var (
		mu       sync.Mutex
		arrivals = map[string]int{}
		out      atomic.Int32
		maxOut   atomic.Int32
	)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action != "work" {
			return false
		}
		n := out.Add(1)
		for m := maxOut.Load(); n > m && !maxOut.CompareAndSwap(m, n); m = maxOut.Load() {
		}
		mu.Lock()
		arrivals[f.RequestID]++
		k := arrivals[f.RequestID]
		mu.Unlock()
		if k <= 2 {
			out.Add(-1)
			_ = sc.fail(f, "pending_requests_limit_reached", "Requests limit reached")
			return true
		}
		go func() {
			time.Sleep(2 * time.Millisecond)
			var p struct{ I int }
			_ = json.Unmarshal(f.Payload, &p)
			out.Add(-1)
			_ = sc.respond(f, map[string]int{"I": p.I})
		}()
		return true
	}
	c := dialTest(t, s)
	const n = 30
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var resp struct{ I int }
			if err := c.Call(context.Background(), "work", map[string]int{"i": i}, &resp); err != nil || resp.I != i {
				t.Errorf("call %d: %v %v", i, resp, err)
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != n {
		t.Errorf("server saw %d distinct requests, want %d", len(arrivals), n)
	}
	for id, k := range arrivals {
		if k != 3 {
			t.Errorf("request %s sent %d times, want 3", id, k)
		}
	}
	if m := maxOut.Load(); m > DefaultMaxInFlight {
		t.Errorf("server had %d unanswered requests at once", m)
	}
}

// TestRefusedByPendingLimitGivesUp: a request refused every time is sent
// 1+MaxLimitRetries times, then the refusal is the call's error; a call
// whose ctx ends while it waits to be sent again returns the ctx's error.
func TestRefusedByPendingLimitGivesUp(t *testing.T) {
	s := newServer(t)
	var sent atomic.Int32
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action != "work" {
			return false
		}
		sent.Add(1)
		_ = sc.fail(f, "pending_requests_limit_reached", "Requests limit reached")
		return true
	}
	c := dialTest(t, s)
	err := c.Call(context.Background(), "work", nil, nil)
	if !errors.Is(err, livechat.ErrPendingRequestsLimitReached) {
		t.Fatalf("err = %v, want pending_requests_limit_reached", err)
	}
	if got := sent.Load(); got != 1+MaxLimitRetries {
		t.Errorf("sent %d times, want %d", got, 1+MaxLimitRetries)
	}
	// The queue is no longer held: the next call goes out at once.
	if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = c.Call(ctx, "work", nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the ctx's deadline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %v", d)
	}
	if c.queuedLen() != 0 {
		t.Errorf("%d calls left queued", c.queuedLen())
	}
}
