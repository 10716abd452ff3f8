package rtm

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// AllPushes is the handler name that matches every push.
const AllPushes = "*"

// Push is one push frame from the server.
type Push struct {
	// Action is the push name, e.g. "incoming_event".
	Action string
	// Payload is the raw JSON payload (may be an object or an array).
	Payload json.RawMessage
	// RequestID is set when your own request caused the push.
	RequestID string
	// Version is the API version of the push, e.g. "3.6".
	Version string
}

// Decode unmarshals the payload into v.
func (p Push) Decode(v any) error {
	if len(p.Payload) == 0 {
		return fmt.Errorf("livechat/rtm: push %s: empty payload", p.Action)
	}
	if err := json.Unmarshal(p.Payload, v); err != nil {
		return fmt.Errorf("livechat/rtm: push %s: decode payload: %w", p.Action, err)
	}
	return nil
}

// HandlerID identifies a registered handler for Off.
type HandlerID uint64

type handler struct {
	id   HandlerID
	name string
	fn   func(Push)
	once bool
}

// State is the state of a Conn.
type State int

// States of a Conn.
const (
	// StateConnecting: dialling and logging in.
	StateConnecting State = iota
	// StateConnected: logged in; calls are sent.
	StateConnected
	// StateDisconnected: the socket dropped; a reconnect may follow.
	StateDisconnected
	// StateClosed: final; no reconnect.
	StateClosed
)

// String names the state.
func (s State) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StateConnected:
		return "connected"
	case StateDisconnected:
		return "disconnected"
	case StateClosed:
		return "closed"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// StateEvent reports a change of state.
type StateEvent struct {
	State State
	// Attempt counts consecutive connection attempts (0 for the first).
	Attempt int
	// Reason says why the socket dropped or closed: a server reason such as
	// "connection_timeout", or a local one ("ping_timeout", "read_error",
	// "login_failed", "closed").
	Reason string
	// Err is the error behind a Disconnected or Closed state, if any.
	Err error
	// RetryIn is the delay before the next attempt (Disconnected only; 0
	// when no reconnect follows).
	RetryIn time.Duration
	// Login is the login response (Connected only).
	Login *LoginResponse
}

// String describes the event in one line for logs: the state, then the
// reason, error, next retry or attempt when there are any — for example
// "disconnected: service_temporarily_unavailable, retry in 350ms" or
// "connected as agent@example.com".
func (ev StateEvent) String() string {
	var b strings.Builder
	b.WriteString(ev.State.String())
	var parts []string
	if ev.Login != nil && ev.Login.MyProfile != nil && ev.Login.MyProfile.ID != "" {
		b.WriteString(" as " + ev.Login.MyProfile.ID)
	}
	if ev.Attempt > 0 && ev.State == StateConnecting {
		parts = append(parts, fmt.Sprintf("attempt %d", ev.Attempt+1))
	}
	if ev.Reason != "" {
		parts = append(parts, ev.Reason)
	}
	if ev.Err != nil && (ev.Reason == "" || !strings.Contains(ev.Err.Error(), ev.Reason)) {
		parts = append(parts, ev.Err.Error())
	}
	if ev.RetryIn > 0 {
		parts = append(parts, "retry in "+ev.RetryIn.Round(time.Millisecond).String())
	}
	if len(parts) > 0 {
		b.WriteString(": " + strings.Join(parts, ", "))
	}
	return b.String()
}

// On registers fn for pushes named name ("*" for all) and returns its id.
// Handlers run on the dispatcher goroutine, in push order, in the order
// they were registered. Which handlers a push goes to is decided when it is
// delivered, so a handler registered by the handler of an earlier push
// sees the pushes queued behind it; a push that arrives when no handler is
// registered for it and nothing is queued ahead of it is dropped at once.
func (c *Conn) On(name string, fn func(Push)) HandlerID { return c.addHandler(name, fn, false) }

// Once is On for a single push: the handler is removed after its first call.
func (c *Conn) Once(name string, fn func(Push)) HandlerID { return c.addHandler(name, fn, true) }

// Off removes a handler and reports whether it was registered.
func (c *Conn) Off(id HandlerID) bool {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	for name, hs := range c.handlers {
		for i, h := range hs {
			if h.id == id {
				c.handlers[name] = append(hs[:i:i], hs[i+1:]...)
				if len(c.handlers[name]) == 0 {
					delete(c.handlers, name)
				}
				return true
			}
		}
	}
	return false
}

// hasHandler reports whether a handler is registered for pushes named
// name, or for all pushes.
func (c *Conn) hasHandler(name string) bool {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	return len(c.handlers[name])+len(c.handlers[AllPushes]) > 0
}

func (c *Conn) addHandler(name string, fn func(Push), once bool) HandlerID {
	if fn == nil {
		return 0
	}
	c.hmu.Lock()
	defer c.hmu.Unlock()
	c.nextHandler++
	h := &handler{id: HandlerID(c.nextHandler), name: name, fn: fn, once: once}
	c.handlers[name] = append(c.handlers[name], h)
	return h.id
}

// matching returns the handlers for a push: those registered for its name
// followed by the catch-all ones. Once-handlers are removed here, so they
// run at most once.
func (c *Conn) matching(name string) []*handler {
	c.hmu.Lock()
	defer c.hmu.Unlock()
	named, all := c.handlers[name], c.handlers[AllPushes]
	if len(named)+len(all) == 0 {
		return nil
	}
	out := make([]*handler, 0, len(named)+len(all))
	out = append(out, named...)
	out = append(out, all...)
	for _, h := range out {
		if h.once {
			hs := c.handlers[h.name]
			for i, x := range hs {
				if x == h {
					c.handlers[h.name] = append(hs[:i:i], hs[i+1:]...)
					break
				}
			}
			if len(c.handlers[h.name]) == 0 {
				delete(c.handlers, h.name)
			}
		}
	}
	return out
}

// item is one entry of the dispatch queue: a push, a state event, or an
// error for the error handler.
type item struct {
	push  *Push
	state *StateEvent
	err   error
	slow  *SlowConsumerError
}

// dispatchQueue is the bounded, ordered queue between the reader and the
// dispatcher. Pushes count against the bound; state events and errors do
// not (they are few, and slow-consumer reports are coalesced).
//
// The dispatcher runs only while there is something to deliver: adding to
// an idle queue starts it, and it exits once it has found the queue empty
// (an idle connection keeps no dispatcher goroutine, nor its stack). At
// most one runs at a time (active), so items are delivered in queue order
// and handlers never run concurrently.
//
// It also records whether the dispatcher is running a handler, which is
// how Close knows whether its caller may be one: the dispatcher runs user
// code only between enter and exit, so a Close that finds running at 0 is
// certainly not called by a handler of this Conn. enter decides under mu,
// like stop, so an invocation either counts as running for a Close or sees
// that Close's halt and does not start.
type dispatchQueue struct {
	mu      sync.Mutex
	items   []item
	pushes  int // pushes queued or being delivered
	limit   int
	slow    *SlowConsumerError // current overflow episode, queued
	closed  bool
	discard bool // set by Close: push handlers are no longer invoked
	// halt is set by a Close that found a handler running: no handler at
	// all is invoked any more.
	halt    bool
	running int  // handler invocations in progress, nested ones included (dispatcher only)
	active  bool // a dispatcher goroutine runs (or is starting); stays set once closed
	spawn   func()
	// wanted reports whether a push named so has a handler (nil: always).
	wanted func(action string) bool
}

func newDispatchQueue(limit int) *dispatchQueue {
	return &dispatchQueue{limit: limit}
}

// wake starts a dispatcher unless one is active (under mu); the caller
// calls the returned function, if any, after unlocking.
func (q *dispatchQueue) wake() func() {
	if q.active || q.spawn == nil {
		return nil
	}
	q.active = true
	return q.spawn
}

func run(f func()) {
	if f != nil {
		f()
	}
}

// addPush queues p or drops it when the queue is full. A push that no
// handler is registered for is not queued when nothing is queued ahead of
// it: delivering it at once would find no handler either. (Behind queued
// items it waits: a handler of an earlier push may register one.)
func (q *dispatchQueue) addPush(p *Push) (dropped bool) {
	q.mu.Lock()
	if q.closed || q.discard {
		q.mu.Unlock()
		return false
	}
	if len(q.items) == 0 && !q.active && q.wanted != nil && !q.wanted(p.Action) {
		q.mu.Unlock()
		return false
	}
	if q.pushes >= q.limit {
		if q.slow == nil {
			q.slow = &SlowConsumerError{First: p.Action}
			q.items = append(q.items, item{slow: q.slow})
		}
		q.slow.Dropped++
		start := q.wake()
		q.mu.Unlock()
		run(start)
		return true
	}
	q.pushes++
	q.items = append(q.items, item{push: p})
	start := q.wake()
	q.mu.Unlock()
	run(start)
	return false
}

func (q *dispatchQueue) add(it item) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.items = append(q.items, it)
	start := q.wake()
	q.mu.Unlock()
	run(start)
}

// take returns the next queued item. When there is none it returns
// ok=false, and final=true once the queue is closed (the dispatcher then
// ends the Conn's goroutines); otherwise the dispatcher is no longer
// active and must exit.
func (q *dispatchQueue) take() (it item, ok, final bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		if q.closed {
			return item{}, false, true
		}
		q.active = false
		q.items = nil // an idle connection keeps no queue array
		return item{}, false, false
	}
	it = q.items[0]
	q.items[0] = item{}
	q.items = q.items[1:]
	return it, true, false
}

// endEpisode closes an overflow episode and returns a copy of its report.
func (q *dispatchQueue) endEpisode(s *SlowConsumerError) *SlowConsumerError {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.slow == s {
		q.slow = nil
	}
	cp := *s
	return &cp
}

func (q *dispatchQueue) pushDone() {
	q.mu.Lock()
	q.pushes--
	q.mu.Unlock()
}

// enter is called by the dispatcher right before it invokes a handler
// (push reports whether for a push); false means a Close stopped that
// delivery. From true until exit the handler counts as running.
func (q *dispatchQueue) enter(push bool) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.halt || push && q.discard {
		return false
	}
	q.running++
	return true
}

// exit is called by the dispatcher when a handler enter let through returned.
func (q *dispatchQueue) exit() {
	q.mu.Lock()
	q.running--
	q.mu.Unlock()
}

// stop is called by Close: pushes are discarded from now on, and if the
// dispatcher is running user code, which may be the caller, and mayHalt is
// set, nothing more is delivered at all. It reports whether the
// dispatcher was running.
func (q *dispatchQueue) stop(mayHalt bool) (running bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.discard = true
	running = q.running > 0
	if running && mayHalt {
		q.halt = true
	}
	return running
}

// close marks the queue closed; the dispatcher delivers what is left and
// then ends (starting one if none is active).
func (q *dispatchQueue) close() {
	q.mu.Lock()
	q.closed = true
	start := q.wake()
	q.mu.Unlock()
	run(start)
}

// dispatch is the dispatcher goroutine: it delivers queued items in order
// until the queue is empty, then exits; the last one, once the queue is
// closed and drained, waits for the supervisor and the readers and closes
// stopped.
func (c *Conn) dispatch() {
	idle := false
	defer func() {
		// Deferred so that stopped closes even if a handler ends the
		// goroutine with runtime.Goexit (then once the Conn is closed; the
		// queue stays active, so no other dispatcher starts).
		if !idle {
			c.wg.Wait()
			close(c.stopped)
		}
	}()
	q := c.dq
	for {
		it, ok, final := q.take()
		if !ok {
			idle = !final
			return
		}
		c.deliver(it)
	}
}

func (c *Conn) deliver(it item) {
	switch {
	case it.push != nil:
		defer c.dq.pushDone()
		for _, h := range c.matching(it.push.Action) {
			c.safely(it.push.Action, true, func() { h.fn(*it.push) })
		}
	case it.state != nil:
		if fn := c.s.stateHandler; fn != nil {
			c.safely("state:"+it.state.State.String(), false, func() { fn(*it.state) })
		}
	case it.slow != nil:
		c.reportNow(c.dq.endEpisode(it.slow))
	case it.err != nil:
		c.reportNow(it.err)
	}
}

// reportNow passes err to the error handler; only the dispatcher calls it.
func (c *Conn) reportNow(err error) {
	if fn := c.s.errorHandler; fn != nil {
		c.safely("error", false, func() { fn(err) })
	}
}

// safely runs one handler invocation on the dispatcher, unless a Close
// stopped that delivery (a previous handler of the same item may have
// called it), and recovers a panic.
func (c *Conn) safely(name string, push bool, fn func()) {
	if !c.dq.enter(push) {
		return
	}
	defer c.dq.exit() // runs on runtime.Goexit too
	defer func() {
		if v := recover(); v != nil {
			c.log.Error("livechat/rtm: handler panicked", "push", name, "panic", fmt.Sprint(v))
			if name != "error" {
				c.reportNow(&HandlerPanicError{Push: name, Value: v})
			}
		}
	}()
	fn()
}

// report queues an error for the error handler.
func (c *Conn) report(err error) { c.dq.add(item{err: err}) }

func (c *Conn) emit(ev StateEvent) {
	c.stateV.Store(int32(ev.State))
	if c.s.stateHandler != nil {
		c.dq.add(item{state: &ev})
	}
}
