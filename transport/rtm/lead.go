package rtm

// Reading on the caller's goroutine ("leading").
//
// A socket's frames are normally read by its reader goroutine (readLoop),
// which hands each answer to the caller waiting for it. For a caller making
// one call at a time that hand-off is the dearest part of a call after the
// system calls themselves: readying a parked goroutine wakes an idle thread
// on another core, which finds nothing to do and sleeps again. So when a
// call has been sent and nobody is reading, its caller reads the socket
// itself until its answer comes, as a hand-written client would, handling
// every other frame (pushes, other callers' answers) on the way exactly as
// the reader goroutine does. Who reads is the socket's read role:
//
//   - roleReader: the reader goroutine reads (always while calls other
//     than a leader's are awaited, and while the Conn is idle);
//   - roleFree: nobody reads. The reader gives the role up after it
//     answered a call when nothing else is awaited (see yield); a leader
//     gives it up when its answer came and nothing else is awaited (see
//     release). The next caller whose call is sent takes it (see lead); if
//     none comes within leadIdle, a timer gives it back to the reader, so
//     a push waits at most leadIdle to be read (a push that came with the
//     answer is read by the leader before it returns);
//   - roleCaller: a caller reads (socket.leader).
//
// A leader must be able to stop reading when its ctx ends or its request
// times out, which coder/websocket allows only by closing the socket. So
// the connection under the WebSocket is wrapped (boundaryConn): it follows
// the frame boundaries of the bytes it passes up, and an interrupt makes
// its Read fail with errInterrupted, without losing or splitting a byte,
// the next time the WebSocket asks for a new message's first byte. A leader
// is therefore only possible when the SDK dials the connection itself: a
// transport that is an *http.Transport (the default) reaching the server
// directly, not through a proxy. Otherwise the reader goroutine always
// reads, as before.

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync/atomic"
	"time"
)

// leadIdle is how long the read role stays free after an answer before the
// reader goroutine reads again: the longest a push can wait to be read
// after a call (see yield). Each idle window costs a timer, so its length
// is a trade: at 1 ms, the timer cost serial callers about 0.1× a minimal
// client's CPU per call (BENCHMARKS.md), at 5 ms a fifth of that.
// (settings.leadIdle; tests lengthen it so that whether a caller reads
// does not depend on the machine's speed.)
const leadIdle = 5 * time.Millisecond

// Read roles of a socket (socket.role).
const (
	roleReader uint32 = iota // the reader goroutine reads
	roleFree                 // nobody reads; the next sent call's caller may
	roleCaller               // socket.leader's caller reads
)

// errInterrupted is what a boundaryConn's Read returns when interrupted at
// a message boundary; it never leaves the package.
var errInterrupted = errors.New("livechat/rtm: read interrupted")

// errStalled ends a socket on which a message stalled mid-frame for
// interruptGrace while the caller reading it had to stop.
var errStalled = errors.New("livechat/rtm: a message stalled mid-frame while the call reading it was ending")

// interruptGrace is how long an interrupted read waits for the end of the
// message it is in before the socket is given up.
const interruptGrace = time.Second

// aLongTimeAgo is a read deadline in the past: it wakes a blocked Read.
var aLongTimeAgo = time.Unix(1, 0)

// boundaryConn is the connection under a socket's WebSocket (after TLS,
// before the WebSocket's own buffering), which a leader's read can be
// interrupted on. Read is only ever called by whoever holds the read role.
// It is called only when the buffers above it are empty, so the bytes it
// has passed up are exactly the bytes the WebSocket has consumed, and the
// tracker knows where in the frame stream the WebSocket stands.
type boundaryConn struct {
	net.Conn
	intr    atomic.Bool // an interrupt is outstanding (set and cleared under Conn.mu)
	graceAt time.Time   // when an interrupt that came mid-message gives up (the reader's)
	t       frameTracker
}

func (b *boundaryConn) Read(p []byte) (int, error) {
	for {
		if b.intr.Load() && b.t.atMessageBoundary() {
			return 0, errInterrupted
		}
		n, err := b.Conn.Read(p)
		if n > 0 {
			b.t.track(p[:n])
		}
		if err != nil && b.intr.Load() && isTimeout(err) {
			// Our interrupt's deadline. A read deadline leaves a TLS or TCP
			// connection usable (crypto/tls keeps a partial record).
			if n > 0 {
				return n, nil
			}
			if b.t.atMessageBoundary() {
				continue // the check above returns
			}
			// Mid-message: the interrupt waits for the message's end, for
			// at most interruptGrace. A message that stalls longer ends the
			// socket: the WebSocket cannot stop reading mid-frame and go
			// on later, and the caller must not wait for the stall.
			now := time.Now()
			if b.graceAt.IsZero() {
				b.graceAt = now.Add(interruptGrace)
			} else if !now.Before(b.graceAt) {
				return 0, errStalled
			}
			_ = b.Conn.SetReadDeadline(b.graceAt)
			continue
		}
		return n, err
	}
}

// isTimeout reports whether err is a read deadline's.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// interrupt makes the reader's Read fail with errInterrupted at the next
// message boundary (under Conn.mu).
func (b *boundaryConn) interrupt() {
	b.intr.Store(true)
	_ = b.Conn.SetReadDeadline(aLongTimeAgo)
}

// clearInterrupt withdraws an outstanding interrupt (under Conn.mu, by the
// holder of the read role, or after it stopped reading).
func (b *boundaryConn) clearInterrupt() {
	if b.intr.Swap(false) {
		b.graceAt = time.Time{}
		_ = b.Conn.SetReadDeadline(time.Time{})
	}
}

// frameTracker follows a client connection's incoming byte stream: the
// HTTP response heads of the handshake (informational 1xx heads, then the
// 101), then WebSocket frames (RFC 6455 section 5.2), so that it can tell
// when the stream stands between two messages.
type frameTracker struct {
	line [12]byte // the start of the current head's status line
	ln   uint8
	nl   uint8 // line ends in a row ("\r" ignored) in the current head
	open bool  // the 101 head is over: frames follow
	hn   uint8 // header bytes of the current frame seen so far
	hdr  [14]byte
	left uint64 // payload bytes of the current frame still to come
	frag bool   // inside a data message whose last frame was not final
	last bool   // the current frame is the last of a data message
	done atomic.Uint64
	// done counts the data messages passed up whole. It is atomic because
	// Close's closing handshake may read through the connection while a
	// caller asks buffered.
}

func (t *frameTracker) atMessageBoundary() bool {
	return t.open && t.hn == 0 && t.left == 0 && !t.frag
}

// consistent reports whether the tracker can be right after the reader
// has read msgs messages: it must have seen the 101 head and at least as
// many whole messages.
func (t *frameTracker) consistent(msgs uint64) bool {
	return t.open && t.done.Load() >= msgs
}

func (t *frameTracker) track(b []byte) {
	for len(b) > 0 {
		switch {
		case !t.open:
			b = t.head(b)
		case t.left > 0:
			n := min(uint64(len(b)), t.left)
			t.left -= n
			b = b[n:]
			if t.left == 0 && t.last {
				t.done.Add(1)
			}
		default:
			t.hdr[t.hn] = b[0]
			t.hn++
			b = b[1:]
			if t.hn >= 2 && int(t.hn) == headerLen(t.hdr[1]) {
				t.endHeader()
			}
		}
	}
}

// head consumes bytes of the HTTP response heads and returns the rest. A
// head ends with an empty line (CRLF or bare LF, as net/http accepts); an
// informational head other than 101 is followed by another head.
func (t *frameTracker) head(b []byte) []byte {
	for i, c := range b {
		if int(t.ln) < len(t.line) {
			t.line[t.ln] = c
			t.ln++
		}
		switch c {
		case '\n':
			t.nl++
		case '\r':
		default:
			t.nl = 0
		}
		if t.nl < 2 {
			continue
		}
		// "HTTP/1.1 103 …": the status code is at bytes 9–11.
		code := string(t.line[9:12])
		t.ln, t.nl = 0, 0
		if code[0] == '1' && code != "101" {
			continue // 1xx: another head follows
		}
		t.open = true
		return b[i+1:]
	}
	return nil
}

// headerLen is the length of a frame header whose second byte is b1.
func headerLen(b1 byte) int {
	n := 2
	switch b1 & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b1&0x80 != 0 { // masked (never from a server, but counted right)
		n += 4
	}
	return n
}

func (t *frameTracker) endHeader() {
	switch l := t.hdr[1] & 0x7f; l {
	case 126:
		t.left = uint64(binary.BigEndian.Uint16(t.hdr[2:4]))
	case 127:
		t.left = binary.BigEndian.Uint64(t.hdr[2:10])
	default:
		t.left = uint64(l)
	}
	t.last = false
	if op := t.hdr[0] & 0x0f; op < 8 { // a data frame; control frames interleave
		t.frag = t.hdr[0]&0x80 == 0
		t.last = !t.frag
	}
	if t.left == 0 && t.last {
		t.done.Add(1)
	}
	t.hn = 0
}

// buffered reports whether a whole message has been read from the
// connection but not yet from the WebSocket (it waits in the WebSocket's
// buffer): reading it does not block. Only the role holder calls it.
func (s *socket) buffered() bool {
	return s.bc != nil && !s.noLead.Load() && s.bc.t.done.Load() > s.msgs
}

// noLead stops callers from reading s: its boundaryConn lost track of the
// stream (a server speaking something the tracker does not follow), so an
// interrupt could no longer be placed safely. The reader goroutine reads.
func (c *Conn) noLead(s *socket) {
	if s.noLead.Swap(true) {
		return
	}
	c.log.Warn("livechat/rtm: lost track of the WebSocket stream; callers no longer read the socket themselves")
}

// dialSlot receives the boundaryConn of one dial (see leadClient).
type dialSlot struct {
	addr string // host:port of the server (another address is a proxy)
	conn *boundaryConn
}

// leadClient returns the client to dial u with: hc with no timeout (the
// dial ctx bounds the handshake) and, when its transport is an
// *http.Transport, a clone of it that wraps the connection to the server
// in a boundaryConn and leaves it in the returned slot. The clone is made
// per dial and dropped after it, so the Conn keeps nothing of it.
func leadClient(hc *http.Client, scheme, addr string) (*http.Client, *dialSlot) {
	c := *hc
	c.Timeout = 0
	t, ok := c.Transport.(*http.Transport)
	if c.Transport == nil {
		t, ok = http.DefaultTransport.(*http.Transport)
	}
	if !ok || t == nil || t.Dial != nil || t.DialTLS != nil { //nolint:staticcheck // the deprecated hooks: keep them, do not lead
		return &c, nil
	}
	slot := &dialSlot{addr: addr}
	w := t.Clone()
	dial := t.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext // as net/http's zero value
	}
	keep := func(conn net.Conn, addr string) net.Conn {
		if addr != slot.addr || slot.conn != nil {
			return conn
		}
		// An interrupt is a read deadline: a connection without them (an
		// SSH channel, say) cannot be read by callers.
		if conn.SetReadDeadline(time.Time{}) != nil {
			return conn
		}
		slot.conn = &boundaryConn{Conn: conn}
		return slot.conn
	}
	if scheme == "ws" {
		w.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return keep(conn, addr), nil
		}
	} else {
		w.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			var conn net.Conn
			var err error
			if t.DialTLSContext != nil {
				conn, err = t.DialTLSContext(ctx, network, addr)
			} else {
				conn, err = dialTLS(ctx, t, dial, network, addr)
			}
			if err != nil {
				return nil, err
			}
			return keep(conn, addr), nil
		}
	}
	c.Transport = w
	return &c, slot
}

// dialTLS dials addr and runs the TLS handshake as t itself would for an
// HTTP/1.1 request (t's TLS configuration and handshake timeout).
func dialTLS(ctx context.Context, t *http.Transport, dial func(context.Context, string, string) (net.Conn, error), network, addr string) (net.Conn, error) {
	raw, err := dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{}
	if t.TLSClientConfig != nil {
		cfg = t.TLSClientConfig.Clone()
	}
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		cfg.ServerName = host
	}
	cfg.NextProtos = nil // the WebSocket handshake is HTTP/1.1
	if d := t.TLSHandshakeTimeout; d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = raw.Close()
		return nil, err
	}
	return tc, nil
}

// unpark wakes the reader goroutine if it waits for the role (under
// Conn.mu).
func (s *socket) unpark() {
	if s.parked {
		s.parked = false
		s.park.Unlock()
	}
}

// closeSocket drops s at once; whoever reads it sees the error (a reader
// goroutine waiting for the role is woken to read it).
func (c *Conn) closeSocket(s *socket) {
	s.closing.Store(true)
	_ = s.ws.CloseNow()
	c.mu.Lock()
	s.unpark()
	c.mu.Unlock()
}

// dialClient returns the client to dial the WebSocket URL u with, and the
// slot its boundaryConn lands in (nil when callers cannot lead).
func (c *Conn) dialClient(u string) (*http.Client, *dialSlot) {
	pu, err := url.Parse(u)
	if err != nil {
		hc := *c.hc
		hc.Timeout = 0
		return &hc, nil
	}
	port := pu.Port()
	if port == "" {
		port = "443"
		if pu.Scheme == "ws" {
			port = "80"
		}
	}
	return leadClient(c.hc, pu.Scheme, net.JoinHostPort(pu.Hostname(), port))
}

// needReader gives a free role to the reader goroutine (under Conn.mu):
// for an answer that no leader will read.
func (s *socket) needReader() {
	if s.role.Load() == roleFree {
		s.role.Store(roleReader)
		s.unpark()
	}
}

// yield lets the reader goroutine, which is answering cl, give the role
// up when nothing else is awaited, so that the caller's next call can read
// its own answer (under Conn.mu, before cl's caller is woken: it must find
// the role free when it sends its next call). After the resume timer gave
// the role back unused (calls are sparse), it yields again only for
// back-to-back answers. It reports whether it did: the reader then reads
// no more (see readLoop).
func (c *Conn) yield(s *socket) bool {
	// A message already buffered (the push that came with this answer,
	// often) does not stop it: the next call's caller reads it first, or
	// the reader does when the role comes back.
	if s.bc == nil || s.noLead.Load() || s.role.Load() != roleReader || !c.loggedIn || c.closed || s.closing.Load() ||
		len(c.pending) > 0 || len(c.queue) > 0 {
		return false
	}
	now := time.Now().UnixNano()
	backToBack := now-s.lastAnswer < int64(c.s.leadIdle)
	s.lastAnswer = now
	if s.resumed && !backToBack {
		return false
	}
	s.role.Store(roleFree)
	s.freeAt = now
	c.armResume(s)
	return true
}

// awaitRole parks the reader goroutine until the role is its again, and
// returns the error a leader met reading the socket, if any. The reader
// holds s.park while it reads; parked, it blocks locking it again until
// unpark unlocks it (a sync.Mutex may be unlocked by another goroutine):
// the smallest thing to wait on, for a state every connection carries.
func (c *Conn) awaitRole(s *socket) error {
	for {
		c.mu.Lock()
		switch s.role.Load() {
		case roleCaller: // a leader reads: it hands the role back
			s.parked = true
			c.mu.Unlock()
			s.park.Lock()
			continue
		case roleFree:
			if !s.closing.Load() {
				s.parked = true
				c.mu.Unlock()
				s.park.Lock()
				continue
			}
			s.role.Store(roleReader) // closed: read the error
		}
		err := s.handed
		s.handed = nil
		c.mu.Unlock()
		return err
	}
}

// armResume starts the timer that gives a free role back to the reader
// goroutine leadIdle after it became free (under Conn.mu).
func (c *Conn) armResume(s *socket) {
	if s.resumeArmed {
		return
	}
	s.resumeArmed = true
	if s.resume == nil {
		s.resume = time.AfterFunc(c.s.leadIdle, func() { c.onResume(s) })
	} else {
		s.resume.Reset(c.s.leadIdle)
	}
}

func (c *Conn) onResume(s *socket) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.resumeArmed = false
	if s.role.Load() != roleFree {
		return // a leader reads (its release re-arms), or the reader does
	}
	if left := s.freeAt + int64(c.s.leadIdle) - time.Now().UnixNano(); left > 0 {
		s.resumeArmed = true
		s.resume.Reset(time.Duration(left))
		return
	}
	s.role.Store(roleReader)
	s.resumed = true
	s.unpark()
}

// lead reads the socket on the caller's goroutine until cl's answer (or
// ctx's end, or the request timeout) comes, when cl is sent and nobody
// reads; otherwise it makes sure someone does. Either way the caller then
// takes the result from cl.done (see await).
func (c *Conn) lead(ctx context.Context, cl *call) {
	c.mu.Lock()
	s := c.sock
	if s == nil {
		c.mu.Unlock()
		return
	}
	sent := c.pending[cl.id] == cl
	if s.bc == nil || s.noLead.Load() || s.role.Load() != roleFree || !sent || ctx.Err() != nil || s.closing.Load() {
		// Someone must read its answer, unless it has come already (the
		// reader goroutine may have read it, and then freed the role for
		// this caller's next call).
		if sent || slices.Contains(c.queue, cl) {
			s.needReader()
		}
		c.mu.Unlock()
		return
	}
	s.role.Store(roleCaller)
	s.leader = cl
	s.resumed = false
	c.mu.Unlock()
	c.leads.Add(1)
	var stop func() bool
	if ctx.Done() != nil {
		stop = context.AfterFunc(ctx, func() { c.interrupt(s, cl) })
	}
	var err error
	// Read until the answer came, and then what came with it (a push sent
	// right after the answer is read now, not when the role is next taken).
	for (len(cl.done) == 0 || s.buffered()) && ctx.Err() == nil && !s.closing.Load() {
		var r io.Reader
		_, r, err = s.ws.Reader(context.Background())
		if errors.Is(err, errInterrupted) {
			err = nil
			c.mu.Lock()
			s.bc.clearInterrupt()
			c.mu.Unlock()
			continue
		}
		if err == nil {
			err = c.readFrom(s, r)
		}
		if err != nil {
			break
		}
	}
	if stop != nil {
		stop()
	}
	if err != nil && ctx.Err() != nil {
		// The socket is given up because this caller had to stop (see
		// errStalled): its call ends with its ctx's error, as a cancelled
		// call does, not with the disconnect that follows.
		c.mu.Lock()
		if c.pending[cl.id] == cl && !cl.abandoned {
			cl.abandoned = true
			cl.done <- result{err: &sentError{fmt.Errorf("livechat/rtm: %s: %w", cl.action, ctx.Err())}, abandoned: true}
		}
		c.mu.Unlock()
	}
	c.release(s, err)
}

// release ends a leader's read: the role goes back to the reader goroutine
// with the socket's error, or when other answers are awaited; else it is
// free for the next call.
func (c *Conn) release(s *socket, err error) {
	c.mu.Lock()
	s.leader = nil
	s.bc.clearInterrupt()
	if err != nil || len(c.pending) > 0 || len(c.queue) > 0 || s.closing.Load() || s.buffered() {
		s.handed = err
		s.role.Store(roleReader)
		s.unpark()
	} else {
		s.role.Store(roleFree)
		s.freeAt = time.Now().UnixNano()
		c.armResume(s)
	}
	c.mu.Unlock()
}

// interrupt stops cl's caller reading, if it leads s: its ctx ended or its
// request timed out.
func (c *Conn) interrupt(s *socket, cl *call) {
	c.mu.Lock()
	if s.leader == cl && s.role.Load() == roleCaller {
		s.bc.interrupt()
	}
	c.mu.Unlock()
}

// needReader makes sure someone reads the current socket: for an answer
// that no caller will read itself.
func (c *Conn) needReader() {
	c.mu.Lock()
	if c.sock != nil {
		c.sock.needReader()
	}
	c.mu.Unlock()
}
