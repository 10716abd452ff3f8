package rtm

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// connGoroutines counts the goroutines running a method of Conn (the
// in-process test server's goroutines run other code).
func connGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if bytes.Contains(g, []byte("transport/rtm.(*Conn).")) && !bytes.Contains(g, []byte("connGoroutines")) {
			count++
		}
	}
	return count
}

// TestIdleConnKeepsOneGoroutine: a logged-in, idle Conn keeps only its
// socket's reader; the dispatcher runs while pushes are queued and exits
// afterwards, delivering every push in order, one handler at a time.
func TestIdleConnKeepsOneGoroutine(t *testing.T) {
	s := newServer(t)
	const bursts, per = 20, 25
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action != "burst" {
			return false
		}
		var p struct{ From int }
		_ = decodeInto("burst", f.Payload, &p)
		for i := range per {
			_ = sc.push("incoming_event", map[string]int{"i": p.From + i}, "")
		}
		return false
	}
	var (
		mu      sync.Mutex
		got     []int
		running atomic.Int32
	)
	c := dialTest(t, s, WithStateHandler(func(StateEvent) {}))
	c.On("incoming_event", func(p Push) {
		if running.Add(1) != 1 {
			t.Error("two handlers ran at once")
		}
		var v struct{ I int }
		_ = p.Decode(&v)
		mu.Lock()
		got = append(got, v.I)
		mu.Unlock()
		running.Add(-1)
	})
	idle := func() bool { return connGoroutines() == 1 }
	waitFor(t, "one goroutine once logged in", idle)
	for b := range bursts {
		if err := c.Call(context.Background(), "burst", map[string]int{"from": b * per}, nil); err != nil {
			t.Fatal(err)
		}
		if b%5 == 4 { // let the dispatcher go idle now and then
			waitFor(t, "pushes delivered", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == (b+1)*per })
			waitFor(t, "one goroutine after the pushes", idle)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i, v := range got {
		if v != i {
			t.Fatalf("push %d delivered as %d-th", v, i)
		}
	}
	if len(got) != bursts*per {
		t.Fatalf("%d pushes delivered, want %d", len(got), bursts*per)
	}
}

// TestHandlerRegisteredForQueuedPush: a push without a handler is not
// queued when nothing is ahead of it, but one queued behind a push being
// handled reaches a handler that this handler registers.
func TestHandlerRegisteredForQueuedPush(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		switch f.Action {
		case "unhandled":
			_ = sc.push("nobody_listens", map[string]int{}, "")
		case "pair":
			_ = sc.push("first", map[string]int{}, "")
			_ = sc.push("second", map[string]int{}, "")
		}
		return false
	}
	c := dialTest(t, s)
	if err := c.Call(context.Background(), "unhandled", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(context.Background(), "ping", nil, nil); err != nil { // the push came before this answer
		t.Fatal(err)
	}
	c.dq.mu.Lock()
	queued, active := len(c.dq.items), c.dq.active
	c.dq.mu.Unlock()
	if queued != 0 || active {
		t.Fatalf("a push without handler was queued: %d items, dispatcher active %v", queued, active)
	}
	second := make(chan struct{})
	c.Once("first", func(Push) {
		// Hold the dispatcher until "second" is queued behind this push.
		waitFor(t, "second queued", func() bool {
			c.dq.mu.Lock()
			defer c.dq.mu.Unlock()
			return len(c.dq.items) >= 1
		})
		c.Once("second", func(Push) { close(second) })
	})
	if err := c.Call(context.Background(), "pair", nil, nil); err != nil {
		t.Fatal(err)
	}
	within(t, "second delivered to the handler registered by the first", second)
}

// TestRequestTimeoutWithoutDeadline: with no ctx deadline, the request
// timeout ends a call that was sent (its slot stays taken, see orphanTTL)
// and one still queued behind it (never sent), with errors matching
// context.DeadlineExceeded; the Conn keeps working.
func TestRequestTimeoutWithoutDeadline(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool { return f.Action == "hang" }
	c := dialTest(t, s, WithRequestTimeout(200*time.Millisecond), WithMaxInFlight(2))
	start := time.Now()
	errs := make(chan error, 3)
	for range 3 { // two sent, one queued
		go func() { errs <- c.Call(context.Background(), "hang", nil, nil) }()
	}
	for range 3 {
		if err := <-errs; !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("hanging call: %v", err)
		}
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("calls ended after %v, before the request timeout", d)
	}
	if n := s.count("hang"); n != 2 {
		t.Errorf("%d hang requests sent, want 2 (the third timed out in the queue)", n)
	}
	c.sweepAt(time.Now().Add(orphanTTL + time.Second)) // reclaim the abandoned slots now
	if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
		t.Fatalf("call after the timeouts: %v", err)
	}
}
