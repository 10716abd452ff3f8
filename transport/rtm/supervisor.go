package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
)

// ReconnectAllowed reports whether the documentation allows connecting
// again after a disconnect with reason on api ("agent" or "customer"). It
// follows livechat.AgentDisconnectedPush.ShouldReconnect and
// livechat.CustomerDisconnectedPush.ShouldReconnect: unknown reasons allow it.
func ReconnectAllowed(api, reason string) bool {
	if api == "customer" {
		return (&livechat.CustomerDisconnectedPush{Reason: reason}).ShouldReconnect()
	}
	return (&livechat.AgentDisconnectedPush{Reason: reason}).ShouldReconnect()
}

// handshakeError is a refused WebSocket upgrade.
type handshakeError struct {
	status int
	err    error
}

func (e *handshakeError) Error() string {
	return fmt.Sprintf("livechat/rtm: handshake refused (HTTP %d): %v", e.status, e.err)
}
func (e *handshakeError) Unwrap() error { return e.err }

// permanent reports whether a connect error makes retrying pointless.
func permanent(err error) bool {
	var le *livechat.Error
	if errors.As(err, &le) {
		return !le.Temporary()
	}
	var ae *livechat.ArgumentError
	if errors.As(err, &ae) {
		return true
	}
	var he *handshakeError
	if errors.As(err, &he) {
		return he.status == http.StatusUnauthorized || he.status == http.StatusForbidden
	}
	return false
}

// run is the supervisor goroutine started by dial. It connects and logs
// in (retrying), then hands the logged-in socket to its reader and exits:
// while a socket is up, no supervisor goroutine runs (its reader, timers
// and the callers do the work, see serve), and the reader of a socket that
// ended becomes the supervisor (see readLoop).
func (c *Conn) run(first chan<- error) {
	defer c.wg.Done()
	c.supervise(first, nil)
}

// supervise connects, hands sockets to their readers and reconnects,
// until Close or a disconnect that forbids reconnecting, then shuts the
// Conn down. ended is the socket whose reader calls it, nil from run.
func (c *Conn) supervise(first chan<- error, ended *socket) {
	if !c.superviseLoop(first, ended) {
		c.shutdown()
	}
}

// superviseLoop returns true once a socket is handed to its reader, false
// when the Conn ends.
func (c *Conn) superviseLoop(first chan<- error, ended *socket) bool {
	attempt := 0
	for {
		var reason string
		var data json.RawMessage
		var cause error
		if ended == nil {
			c.emit(StateEvent{State: StateConnecting, Attempt: attempt})
			s, err := c.connect()
			if first != nil {
				first <- err
				first = nil
				if err != nil && !c.s.background {
					c.fail(&ClosedError{Reason: "login_failed", Err: err})
					return false
				}
			}
			if err == nil {
				if c.serve(s) {
					return true
				}
				ended = s // it ended already: supervise it here
			} else {
				if c.ctx.Err() != nil {
					return false
				}
				reason, cause = "connect_failed", err
				if permanent(err) {
					c.emit(StateEvent{State: StateDisconnected, Reason: "login_failed", Err: err})
					c.fail(&ClosedError{Reason: "login_failed", Err: err})
					return false
				}
			}
		}
		if ended != nil {
			attempt = 0
			// Its reader ended, or serve refused it because Close came:
			// drop it (a timer may be writing to it) and wait for the reader
			// (done already when the reader is the caller).
			c.closeSocket(ended)
			<-ended.readerDone
			c.unserve(ended)
			if c.ctx.Err() != nil || c.Err() != nil {
				return false
			}
			reason, data, cause = c.socketReason(ended)
			c.teardown(ended, reason)
			ended = nil
			if !ReconnectAllowed(c.api, reason) {
				c.emit(StateEvent{State: StateDisconnected, Reason: reason, Err: cause})
				c.fail(&ClosedError{Reason: reason, Data: data, Err: cause})
				return false
			}
		}
		if c.s.maxReconnects >= 0 && attempt >= c.s.maxReconnects {
			c.emit(StateEvent{State: StateDisconnected, Reason: reason, Err: cause})
			c.fail(&ClosedError{Reason: "reconnect_limit", Data: data, Err: cause})
			return false
		}
		delay := c.backoff(attempt)
		if reason == "customer_temporarily_blocked" {
			delay = max(delay, blockedFor(data))
		}
		attempt++
		c.log.Info("livechat/rtm: disconnected", "reason", reason, "err", cause, "retry_in", delay)
		c.emit(StateEvent{State: StateDisconnected, Reason: reason, Err: cause, RetryIn: delay, Attempt: attempt})
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return false
		}
	}
}

// blockedFor reads data.timeout (seconds) of customer_temporarily_blocked.
func blockedFor(data json.RawMessage) time.Duration {
	var d struct {
		Timeout float64 `json:"timeout"`
	}
	if json.Unmarshal(data, &d) != nil || d.Timeout <= 0 {
		return 0
	}
	return time.Duration(d.Timeout * float64(time.Second))
}

// backoff returns the delay before attempt n: uniform between the minimum
// and min(max, minimum·2ⁿ).
func (c *Conn) backoff(n int) time.Duration {
	lo, hi := c.s.minBackoff, c.s.maxBackoff
	ceil := hi
	if n < 40 {
		if d := lo << n; d > 0 && d < hi {
			ceil = d
		}
	}
	if ceil <= lo {
		return lo
	}
	return lo + rand.N(ceil-lo+1)
}

// connect dials and logs in.
func (c *Conn) connect() (*socket, error) {
	timeout := c.s.requestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	ctx, cancel := context.WithTimeout(c.ctx, 2*timeout)
	defer cancel()
	auth, err := c.credentials().Authorize(ctx)
	if err != nil {
		return nil, fmt.Errorf("livechat/rtm: credentials: %w", err)
	}
	u := c.endpoint(auth)
	c.log.Debug("livechat/rtm: dialling", "url", redact.URL(u))
	hc, slot := c.dialClient(u)
	ws, resp, err := websocket.Dial(ctx, u, &websocket.DialOptions{
		HTTPClient: hc,
		HTTPHeader: http.Header{"User-Agent": {c.cfg.UserAgent}},
	})
	if slot != nil {
		hc.CloseIdleConnections() // the per-dial transport keeps nothing
	}
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, &handshakeError{status: resp.StatusCode, err: err}
		}
		return nil, fmt.Errorf("livechat/rtm: dial: %w", err)
	}
	// The reader enforces the read limit itself, discarding an oversized
	// message instead of letting the library drop the socket.
	ws.SetReadLimit(-1)
	s := &socket{ws: ws, readerDone: make(chan struct{})}
	if slot != nil && slot.conn != nil {
		// The reader gives its role up only for back-to-back answers at
		// first (see yield): a lone call leaves it alone.
		s.bc, s.resumed = slot.conn, true
	}
	c.lastFrame.Store(time.Now().UnixNano())
	c.wg.Add(1)
	go c.readLoop(s)

	payload, err := c.loginPayload(auth)
	if err != nil {
		c.kill(s)
		return nil, err
	}
	cl := &call{id: c.seq.Add(1), action: "login", done: make(chan result, 1)}
	frame := payloadFrame(cl.id, "login", payload)
	c.mu.Lock()
	c.sock = s
	c.pending[cl.id] = cl
	c.inflight++
	cl.sentAt = time.Now()
	c.mu.Unlock()

	var raw json.RawMessage
	err = ws.Write(ctx, websocket.MessageText, frame.b.Bytes())
	putFrame(frame)
	if err == nil {
		select {
		case r := <-cl.done:
			raw, err = r.payload, r.err
		case <-s.readerDone:
			reason, _, cause := c.socketReason(s)
			err = fmt.Errorf("livechat/rtm: login: %w", errors.Join(disconnected(reason), cause))
		case <-ctx.Done():
			err = fmt.Errorf("livechat/rtm: login: %w", ctx.Err())
		}
	}
	var lr *LoginResponse
	if err == nil {
		decode := decodeLogin
		if c.s.stateHandler == nil {
			decode = decodeKeptLogin // no one would see the whole response
		}
		var derr error
		lr, derr = decode(raw)
		if derr != nil {
			c.protocolError("login response", raw, derr)
		}
	}
	if err != nil {
		c.kill(s)
		c.teardown(s, "login_failed")
		return nil, err
	}
	c.mu.Lock()
	c.loggedIn = true
	c.holdUntil = time.Time{} // a new socket: the server counts from zero
	c.login = lr.retained()
	c.relogin = true
	close(c.loginCh)
	c.mu.Unlock()
	c.readyOnce.Do(func() { close(c.ready) })
	c.log.Debug("livechat/rtm: logged in", "api", c.api)
	c.emit(StateEvent{State: StateConnected, Login: lr})
	c.drain()
	return s, nil
}

// serve hands a logged-in socket to its reader, which supervises it once
// it ends, and starts what runs while it is up, on timers rather than on a
// goroutine of its own: pings and the liveness check (every ping
// interval) and the session refresh. (Close closes the socket itself, see
// end; calls drain the queue themselves; an answer that frees a slot for a
// queued call starts a drain, see resolve.) It returns false if the socket
// has already ended or the Conn is closed: the caller then supervises it.
func (c *Conn) serve(s *socket) bool {
	refresh := c.newRefresher(s) // asks the token source: not under c.mu
	c.mu.Lock()
	if interval := c.s.pingInterval; interval > 0 {
		s.ping = time.AfterFunc(interval, func() { c.onPingTimer(s, interval) })
	}
	s.refresh = refresh
	if s.ended || c.closed {
		// It ended, or Close came during the login (Close closes c.sock,
		// which may have been this socket before its login completed).
		c.mu.Unlock()
		return false
	}
	s.served = true
	c.mu.Unlock()
	return true
}

// unserve stops the timers of a socket that ended and waits for the
// callbacks already running.
func (c *Conn) unserve(s *socket) {
	c.mu.Lock()
	s.stopped = true
	if s.ping != nil {
		s.ping.Stop()
	}
	if s.refresh != nil {
		s.refresh.stop()
	}
	if s.resume != nil {
		s.resume.Stop()
	}
	c.mu.Unlock()
	s.timers.Wait()
}

// enterTimer lets a timer callback of s run unless the socket's timers
// were stopped; the callback calls s.timers.Done when it returns.
func (c *Conn) enterTimer(s *socket) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.stopped {
		return false
	}
	s.timers.Add(1)
	return true
}

// onPingTimer runs every ping interval while s is served: it drops a
// socket that received nothing for two intervals, else sends a ping and
// reclaims the slots of orphaned requests.
func (c *Conn) onPingTimer(s *socket, interval time.Duration) {
	if !c.enterTimer(s) {
		return
	}
	defer s.timers.Done()
	idle := time.Since(time.Unix(0, c.lastFrame.Load()))
	if idle >= 2*interval {
		c.log.Warn("livechat/rtm: no frame received for two ping intervals", "idle", idle)
		c.mu.Lock()
		s.localWhy, s.localErr = "ping_timeout", fmt.Errorf("no frame received for %v", idle)
		c.mu.Unlock()
		c.closeSocket(s) // the reader ends and supervises
		return
	}
	c.ping()
	c.sweep()
	c.mu.Lock()
	if !s.stopped {
		s.ping.Reset(interval)
	}
	c.mu.Unlock()
}

// socketReason tells why a socket's reader ended.
func (c *Conn) socketReason(s *socket) (string, json.RawMessage, error) {
	c.mu.Lock()
	reason, data := s.discReason, s.discData
	local, localErr := s.localWhy, s.localErr
	c.mu.Unlock()
	if local != "" {
		return local, nil, localErr
	}
	if reason != "" {
		return reason, data, nil
	}
	if s.readErr == nil {
		return "closed", nil, nil
	}
	if websocket.CloseStatus(s.readErr) != -1 {
		return "server_closed", nil, s.readErr
	}
	return "read_error", nil, s.readErr
}

// kill drops a socket at once and waits for its reader.
func (c *Conn) kill(s *socket) {
	c.closeSocket(s)
	<-s.readerDone
}

// teardown forgets a dead socket: the calls in flight on it fail with
// ErrDisconnected; queued calls stay queued for the next login.
func (c *Conn) teardown(s *socket, reason string) {
	c.mu.Lock()
	if c.sock == s {
		c.sock = nil
	}
	if c.loggedIn {
		c.loggedIn = false
		c.loginCh = make(chan struct{})
	}
	pend := c.pending
	c.pending = map[uint64]*call{}
	c.inflight = 0
	c.lastDisconnect = time.Now()
	c.mu.Unlock()
	err := disconnected(reason)
	for _, cl := range pend {
		cl.finish(result{err: err})
	}
}

// fail marks the Conn as ended by err (unless Close came first).
func (c *Conn) fail(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.closed = true
	c.mu.Unlock()
}

// shutdown runs when the supervisor ends: every remaining call fails, the
// final state is reported and the dispatcher is told to finish.
func (c *Conn) shutdown() {
	c.mu.Lock()
	if c.err == nil {
		c.err = ErrClosed
	}
	c.closed = true
	err := c.err
	q := c.queue
	c.queue = nil
	pend := c.pending
	c.pending = map[uint64]*call{}
	c.inflight = 0
	c.loggedIn = false
	c.sock = nil
	if c.holdTimer != nil {
		c.holdTimer.Stop()
	}
	if c.expiry != nil {
		c.expiry.Stop()
	}
	c.mu.Unlock()
	for _, cl := range q {
		cl.finish(result{err: err})
	}
	for _, cl := range pend {
		cl.finish(result{err: &sentError{err}})
	}
	ev := StateEvent{State: StateClosed, Reason: "closed"}
	var ce *ClosedError
	if errors.As(err, &ce) {
		ev.Reason, ev.Err = ce.Reason, ce
	}
	c.emit(ev)
	c.dq.close()
	close(c.done)
}

// waitLoggedIn waits until the Conn is logged in.
func (c *Conn) waitLoggedIn(ctx context.Context) error {
	c.mu.Lock()
	ch, closed, err := c.loginCh, c.closed, c.err
	c.mu.Unlock()
	if closed {
		return err
	}
	select {
	case <-ch:
		return nil
	case <-c.done:
		return c.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// refresher schedules update_session before an OAuth2 token expires, on
// a timer of the socket it serves (see serve).
type refresher struct {
	src    *livechat.OAuth2
	expiry time.Time
	timer  *time.Timer
	margin time.Duration
}

// newRefresher starts the session refresh of s; nil when the credentials
// are not an OAuth2 token source with an expiry. It asks the token source,
// which may be slow: never under c.mu.
func (c *Conn) newRefresher(s *socket) *refresher {
	src, ok := c.credentials().(*livechat.OAuth2)
	if !ok || c.cfg.APIVersion < livechat.V3_6 {
		return nil
	}
	tok, err := src.Token()
	if err != nil || tok.Expiry.IsZero() {
		return nil
	}
	r := &refresher{src: src, expiry: tok.Expiry, margin: c.s.refreshMargin}
	// The timer may fire at once; its callback reads r.timer under c.mu.
	c.mu.Lock()
	defer c.mu.Unlock()
	r.timer = time.AfterFunc(max(0, time.Until(tok.Expiry.Add(-r.margin))), func() {
		if c.enterTimer(s) {
			// The token source may take a while (a refresh over the
			// network): the socket's end must not wait for it, so fire runs
			// outside the timers section and checks the socket is still
			// served before it sends.
			s.timers.Done()
			r.fire(c, s)
		}
	})
	return r
}

func (r *refresher) stop() { r.timer.Stop() }

// reset re-arms the timer unless the socket's timers were stopped.
func (r *refresher) reset(c *Conn, s *socket, d time.Duration) {
	c.mu.Lock()
	if !s.stopped {
		r.timer.Reset(d)
	}
	c.mu.Unlock()
}

// fire sends update_session if the token source has a newer token, or
// asks it again a little later. Only its timer calls it, one at a time.
func (r *refresher) fire(c *Conn, s *socket) {
	tok, err := r.src.Token()
	if err != nil || !tok.Expiry.After(r.expiry) {
		if err != nil {
			c.log.Warn("livechat/rtm: token source", "err", err)
		}
		if left := time.Until(r.expiry); left > 0 {
			r.reset(c, s, min(5*time.Second, left))
		}
		return
	}
	auth, err := r.src.Authorize(c.ctx)
	if err != nil {
		c.log.Warn("livechat/rtm: token source", "err", err)
		r.reset(c, s, 5*time.Second)
		return
	}
	c.mu.Lock()
	current := c.sock == s && !s.stopped
	c.mu.Unlock()
	if !current {
		return // the socket ended meanwhile: the next login uses the new token
	}
	payload, _ := json.Marshal(map[string]string{"token": auth.Header()})
	_, _ = c.roundTrip(c.ctx, "update_session", payload, func(res result) {
		if res.err != nil {
			c.log.Warn("livechat/rtm: update_session failed", "err", res.err)
			c.report(fmt.Errorf("livechat/rtm: update_session: %w", res.err))
		} else {
			c.log.Debug("livechat/rtm: session updated")
		}
	})
	r.expiry = tok.Expiry
	r.reset(c, s, max(0, time.Until(r.expiry.Add(-r.margin))))
}
