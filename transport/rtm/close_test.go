package rtm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
)

// within fails the test unless ch is closed (or receives) within 10 s.
func within[T any](t *testing.T, what string, ch <-chan T) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// queuedPushes is the number of pushes queued or being delivered.
func (c *Conn) queuedPushes() int {
	c.dq.mu.Lock()
	defer c.dq.mu.Unlock()
	return c.dq.pushes
}

// invocationLog tells whether a handler invocation started after a Close
// returned: every handler calls enter first.
type invocationLog struct {
	closed atomic.Bool // a Close has returned
	mu     sync.Mutex
	late   []string // invocations that started after that
}

func (l *invocationLog) enter(what string) {
	if l.closed.Load() {
		l.mu.Lock()
		l.late = append(l.late, what)
		l.mu.Unlock()
	}
}

func (l *invocationLog) check(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.late) > 0 {
		t.Errorf("handlers started after Close returned: %v", l.late)
	}
}

// TestCloseFromHandler closes the Conn from each kind of handler: Close
// returns inside the handler (it does not wait for itself), fails pending
// calls with ErrClosed, and nothing queued is delivered afterwards, not
// even the other handlers of the same push; Stopped closes once the
// handler returns.
func TestCloseFromHandler(t *testing.T) {
	for _, kind := range []string{"push", "state", "error"} {
		t.Run(kind, func(t *testing.T) {
			s := newServer(t)
			s.onFrame = func(sc *srvConn, f reqFrame) bool {
				switch f.Action {
				case "hold":
					return true // never answered
				case "trigger":
					switch kind {
					case "push":
						_ = sc.push("bye", map[string]any{}, "")
					case "state":
						sc.drop() // StateDisconnected
						return true
					case "error":
						_ = sc.send("not json") // a *ProtocolError
					}
					// Queued behind the trigger: must never be delivered.
					_ = sc.push("after", map[string]any{}, "")
				}
				return false
			}
			var log invocationLog
			var c *Conn
			done := make(chan struct{})
			var once sync.Once
			closeHere := func() {
				once.Do(func() {
					defer close(done)
					if kind == "state" {
						waitFor(t, "the next state event queued", func() bool {
							c.dq.mu.Lock()
							defer c.dq.mu.Unlock()
							return len(c.dq.items) >= 1
						})
					} else {
						waitFor(t, "the next push queued", func() bool { return c.queuedPushes() >= 1 })
					}
					c.Close()
					c.Close() // idempotent, from the handler too
					log.closed.Store(true)
					if !isClosed(c.Done()) || !errors.Is(c.Err(), ErrClosed) || c.State() != StateClosed {
						t.Errorf("after Close in a handler: Done %v Err %v State %v", isClosed(c.Done()), c.Err(), c.State())
					}
					if err := c.Ping(context.Background()); !errors.Is(err, ErrClosed) {
						t.Errorf("Call after Close: %v", err)
					}
					if isClosed(c.Stopped()) {
						t.Error("Stopped closed while a handler runs")
					}
				})
			}
			opts := []Option{
				WithStateHandler(func(ev StateEvent) {
					log.enter("state:" + ev.State.String())
					if kind == "state" && ev.State == StateDisconnected {
						closeHere()
					}
				}),
				WithErrorHandler(func(err error) {
					log.enter("error")
					if kind == "error" {
						closeHere()
					}
				}),
				WithPushHandler("bye", func(Push) { log.enter("bye:first"); closeHere() }),
				WithPushHandler("bye", func(Push) { log.enter("bye:second") }),
				WithPushHandler("after", func(Push) { log.enter("after") }),
			}
			c = dialTest(t, s, opts...)
			held := make(chan error, 1)
			go func() { held <- c.Call(context.Background(), "hold", nil, nil) }()
			waitFor(t, "hold sent", func() bool { return s.count("hold") == 1 })
			go func() { _ = c.Call(context.Background(), "trigger", nil, nil) }()
			within(t, "Close in the handler", done)
			// In flight when the server dropped the socket (state), or
			// when the handler closed the Conn.
			want := ErrClosed
			if kind == "state" {
				want = ErrDisconnected
			}
			if err := <-held; !errors.Is(err, want) {
				t.Errorf("pending call: %v, want %v", err, want)
			}
			within(t, "Stopped", c.Stopped())
			log.check(t)
		})
	}
}

// TestCloseWhileHandlerRuns closes from outside while a handler is
// blocked: Close cannot know it is not called by that handler, so it
// returns without waiting for it, and no other handler starts afterwards;
// Stopped closes once the blocked handler returns.
func TestCloseWhileHandlerRuns(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "trigger" {
			_ = sc.push("block", map[string]any{}, "")
			_ = sc.push("after", map[string]any{}, "")
		}
		return false
	}
	var log invocationLog
	entered := make(chan struct{})
	unblock := make(chan struct{})
	var returned atomic.Bool
	c := dialTest(t, s,
		WithStateHandler(func(ev StateEvent) { log.enter("state:" + ev.State.String()) }),
		WithErrorHandler(func(error) { log.enter("error") }),
		WithPushHandler("block", func(Push) {
			log.enter("block")
			close(entered)
			<-unblock
			returned.Store(true)
		}),
		WithPushHandler("after", func(Push) { log.enter("after") }))
	if err := c.Call(context.Background(), "trigger", nil, nil); err != nil {
		t.Fatal(err)
	}
	within(t, "the handler", entered)
	waitFor(t, "the next push queued", func() bool { return c.queuedPushes() == 2 })
	closed := make(chan struct{})
	go func() {
		c.Close()
		log.closed.Store(true)
		close(closed)
	}()
	within(t, "Close while a handler is blocked", closed)
	if returned.Load() {
		t.Fatal("handler returned before Close")
	}
	if !isClosed(c.Done()) || isClosed(c.Stopped()) {
		t.Errorf("after Close: Done %v Stopped %v", isClosed(c.Done()), isClosed(c.Stopped()))
	}
	close(unblock)
	within(t, "Stopped", c.Stopped())
	if !returned.Load() {
		t.Error("Stopped closed before the handler returned")
	}
	log.check(t)
}

// TestCloseWaitsForIdleDispatcher: called while no handler runs, Close
// returns only once the dispatcher has delivered StateClosed and exited.
func TestCloseWaitsForIdleDispatcher(t *testing.T) {
	for i := range 5 {
		s := newServer(t)
		rec := &stateRecorder{}
		var sawClosed atomic.Bool
		c := dialTest(t, s, WithStateHandler(func(ev StateEvent) {
			rec.record(ev)
			if ev.State == StateClosed {
				time.Sleep(time.Duration(i) * 10 * time.Millisecond) // a slow last handler
				sawClosed.Store(true)
			}
		}))
		waitIdle(t, c, func() bool { return rec.count() == 2 })
		c.Close()
		if !sawClosed.Load() || !isClosed(c.Stopped()) {
			t.Fatalf("Close returned before the dispatcher stopped: StateClosed seen %v, Stopped %v", sawClosed.Load(), isClosed(c.Stopped()))
		}
	}
}

// TestConcurrentClose races Close from many goroutines, from a handler and
// against calls in flight, queued and being made.
func TestConcurrentClose(t *testing.T) {
	for round := range 20 {
		s := newServer(t)
		s.onFrame = func(sc *srvConn, f reqFrame) bool {
			switch f.Action {
			case "hold":
				return true
			case "burst":
				for i := range 50 {
					_ = sc.push("tick", map[string]int{"i": i}, "")
				}
			}
			return false
		}
		var log invocationLog
		var ticks atomic.Int32
		var c *Conn
		c = dialTest(t, s, WithPushHandler("tick", func(Push) {
			log.enter("tick")
			if ticks.Add(1) == int32(round%5+1) {
				c.Close()
			}
		}), WithStateHandler(func(ev StateEvent) { log.enter("state") }))
		var calls sync.WaitGroup
		errs := make(chan error, 40)
		for range 20 {
			calls.Add(1)
			go func() {
				defer calls.Done()
				errs <- c.Call(context.Background(), "hold", nil, nil)
			}()
		}
		go func() { _ = c.Call(context.Background(), "burst", nil, nil) }()
		var closers sync.WaitGroup
		start := make(chan struct{})
		for i := range 8 {
			closers.Add(1)
			go func() {
				defer closers.Done()
				<-start
				time.Sleep(time.Duration(i*round%7) * 100 * time.Microsecond)
				c.Close()
			}()
		}
		close(start)
		allClosed := make(chan struct{})
		go func() { closers.Wait(); log.closed.Store(true); close(allClosed) }()
		within(t, fmt.Sprintf("round %d: concurrent Close", round), allClosed)
		for range 20 {
			c.Close() // and again, with the calls still returning
		}
		callsDone := make(chan struct{})
		go func() { calls.Wait(); close(callsDone) }()
		within(t, "calls", callsDone)
		close(errs)
		for err := range errs {
			if !errors.Is(err, ErrClosed) {
				t.Errorf("round %d: call: %v", round, err)
			}
		}
		within(t, "Stopped", c.Stopped())
		log.check(t)
	}
}

// TestCloseDuringReconnect closes while the client waits to reconnect or
// waits for a login answer: Close returns at once, the queued call fails
// with ErrClosed, and no connection is attempted afterwards.
func TestCloseDuringReconnect(t *testing.T) {
	for _, phase := range []string{"backoff", "login"} {
		t.Run(phase, func(t *testing.T) {
			s := newServer(t)
			s.onFrame = func(sc *srvConn, f reqFrame) bool {
				if f.Action == "login" && sc.n > 0 {
					if phase == "login" {
						return true // never answered
					}
					_ = sc.fail(f, "internal", "try later")
					return true
				}
				if f.Action == "drop" {
					sc.drop()
					return true
				}
				return false
			}
			rec := &stateRecorder{}
			backoff := time.Millisecond
			if phase == "backoff" {
				backoff = time.Hour
			}
			c := dialTest(t, s, WithStateHandler(rec.record), WithReconnectBackoff(backoff, backoff))
			if err := c.Call(context.Background(), "drop", nil, nil); !errors.Is(err, ErrDisconnected) {
				t.Fatalf("drop: %v", err)
			}
			if phase == "backoff" {
				waitFor(t, "backoff", func() bool {
					st := rec.states()
					return len(st) > 0 && strings.HasPrefix(st[len(st)-1], "disconnected(")
				})
			} else {
				waitFor(t, "second login", func() bool { return s.count("login") == 2 })
			}
			queued := make(chan error, 1)
			go func() { queued <- c.Call(context.Background(), "later", nil, nil) }()
			waitFor(t, "call queued", func() bool { return c.queuedLen() == 1 })
			closed := make(chan struct{})
			start := time.Now()
			go func() { c.Close(); close(closed) }()
			within(t, "Close", closed)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("Close took %v", d)
			}
			if err := <-queued; !errors.Is(err, ErrClosed) || errors.Is(err, ErrDisconnected) {
				t.Errorf("queued call: %v", err)
			}
			n := s.connCount()
			time.Sleep(20 * time.Millisecond)
			if s.connCount() != n || s.count("later") != 0 {
				t.Errorf("connected after Close: conns %d -> %d, later sent %d", n, s.connCount(), s.count("later"))
			}
			within(t, "Stopped", c.Stopped())
			var le *livechat.Error
			if errors.As(c.Err(), &le) {
				t.Errorf("Err = %v, want ErrClosed", c.Err())
			}
		})
	}
}

// TestDispatchQueueStop checks the queue's side of Close: push handlers
// are refused from the first stop on; the others only once a stop found a
// handler running and was allowed to halt.
func TestDispatchQueueStop(t *testing.T) {
	q := newDispatchQueue(4)
	if !q.enter(true) {
		t.Fatal("push handler refused before stop")
	}
	if !q.enter(false) { // nested: the error handler called from a push handler
		t.Fatal("nested handler refused")
	}
	q.exit()
	if running := q.stop(false); !running || q.halt {
		t.Fatalf("stop(false) while running: running %v halt %v", running, q.halt)
	}
	q.exit()
	if q.addPush(&Push{Action: "b"}); q.pushes != 0 {
		t.Errorf("push queued after stop: %d", q.pushes)
	}
	if q.enter(true) {
		t.Error("push handler run after stop")
	}
	if !q.enter(false) {
		t.Fatal("state handler refused without halt")
	}
	if running := q.stop(true); !running || !q.halt {
		t.Fatalf("stop(true) while running: running %v halt %v", running, q.halt)
	}
	q.exit()
	if q.enter(false) {
		t.Error("state handler run after halt")
	}
	if running := q.stop(true); running {
		t.Error("running after exit")
	}
}
