package rtm

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
)

// withLeadIdle sets how long the read role stays free after a call:
// tests that need callers to read their answers set it long, so that the
// resume timer never hands the role back between two calls on a slow
// machine (whether a caller reads is then decided by the calls alone).
func withLeadIdle(d time.Duration) Option { return func(s *settings) { s.leadIdle = d } }

// dialLeading dials s with a read role that stays free between calls.
func dialLeading(t *testing.T, s *server, opts ...Option) *Conn {
	return dialTest(t, s, append([]Option{withLeadIdle(time.Hour)}, opts...)...)
}

// wsFrame encodes one server frame (unmasked unless mask is set).
func wsFrame(fin bool, op byte, payload []byte, mask bool) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	var mbit byte
	if mask {
		mbit = 0x80
	}
	h := []byte{b0}
	switch n := len(payload); {
	case n < 126:
		h = append(h, mbit|byte(n))
	case n <= 0xffff:
		h = append(h, mbit|126)
		h = binary.BigEndian.AppendUint16(h, uint16(n))
	default:
		h = append(h, mbit|127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	if mask {
		h = append(h, 1, 2, 3, 4)
	}
	return append(h, payload...)
}

// TestFrameTracker feeds a handshake and a mix of frames to the tracker in
// every chunking of a few sizes and checks that it reports a message
// boundary exactly where one message ends and the next begins.
func TestFrameTracker(t *testing.T) {
	// An informational head first (net/http accepts up to five), then the
	// 101 with a bare LF line end, as net/http accepts too.
	head := "HTTP/1.1 103 Early Hints\r\nLink: </x.css>\r\n\r\n" +
		"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\nConnection: Upgrade\r\n\r\n"
	var stream []byte
	stream = append(stream, head...)
	boundary := map[int]bool{len(stream): true}
	messages := map[int]uint64{} // data messages complete at each message boundary
	var total uint64
	add := func(frames ...[]byte) { // one message (with interleaved control frames)
		for _, f := range frames {
			stream = append(stream, f...)
		}
		boundary[len(stream)] = true
		if frames[0][0]&0x0f < 8 {
			total++
		}
		messages[len(stream)] = total
	}
	add(wsFrame(true, 1, []byte(`{"a":1}`), false))
	add(wsFrame(true, 1, nil, false))
	add(wsFrame(true, 2, bytes.Repeat([]byte("x"), 125), false))
	add(wsFrame(true, 1, bytes.Repeat([]byte("y"), 126), false))
	add(wsFrame(true, 1, bytes.Repeat([]byte("z"), 70000), false))
	add(wsFrame(true, 9, []byte("ping"), false)) // a control frame alone is a boundary too
	add(wsFrame(false, 1, []byte("frag-1"), false), wsFrame(true, 9, nil, false),
		wsFrame(false, 0, bytes.Repeat([]byte("f"), 300), false), wsFrame(true, 0, []byte("end"), false))
	add(wsFrame(true, 1, []byte("masked"), true))

	for _, chunk := range []int{1, 2, 3, 7, 64, 4096, len(stream)} {
		var tr frameTracker
		if tr.atMessageBoundary() {
			t.Fatal("boundary before the handshake's head ended")
		}
		for off := 0; off < len(stream); {
			n := min(chunk, len(stream)-off)
			tr.track(stream[off : off+n])
			off += n
			if got, want := tr.atMessageBoundary(), boundary[off]; got != want {
				t.Fatalf("chunk %d, offset %d: atMessageBoundary = %v, want %v", chunk, off, got, want)
			}
			if want, ok := messages[off]; ok && tr.done.Load() != want {
				t.Fatalf("chunk %d, offset %d: %d data messages complete, want %d", chunk, off, tr.done.Load(), want)
			}
		}
	}
}

// TestInterruptNeverSplitsMessages reads messages of random sizes over
// real TLS on loopback through a boundaryConn while another goroutine
// interrupts the reader at random moments: every message must arrive
// whole, in order, however the interrupts fall (inside TLS records, frame
// headers or payloads).
func TestInterruptNeverSplitsMessages(t *testing.T) {
	const n = 300
	sizes := make([]int, n)
	for i := range sizes {
		sizes[i] = 1 + rand.IntN(40000)
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		for i, size := range sizes {
			msg := fmt.Appendf(nil, "%06d:", i)
			msg = append(msg, bytes.Repeat([]byte{byte('a' + i%26)}, size)...)
			if err := ws.Write(context.Background(), websocket.MessageText, msg); err != nil {
				return
			}
			if i%17 == 0 {
				time.Sleep(time.Millisecond) // let some reads block
			}
		}
		_, _, _ = ws.Read(context.Background()) // until the client closes
	}))
	defer srv.Close()

	hc, slot := leadClient(srv.Client(), "wss", strings.TrimPrefix(srv.URL, "https://"))
	if slot == nil {
		t.Fatal("leadClient: no slot for an *http.Transport")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "wss"+strings.TrimPrefix(srv.URL, "https"), &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 20)
	bc := slot.conn
	if bc == nil {
		t.Fatal("the dial did not go through the boundaryConn")
	}
	if _, ok := bc.Conn.(*tls.Conn); !ok {
		t.Fatalf("boundaryConn wraps %T, want *tls.Conn", bc.Conn)
	}

	var mu sync.Mutex // stands for Conn.mu
	var stop atomic.Bool
	var interrupts atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
			mu.Lock()
			bc.interrupt()
			mu.Unlock()
			interrupts.Add(1)
		}
	}()
	interrupted := 0
	for i := 0; i < n; {
		_, r, err := ws.Reader(context.Background())
		if errors.Is(err, errInterrupted) {
			interrupted++
			mu.Lock()
			bc.clearInterrupt()
			mu.Unlock()
			continue
		}
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		msg, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		want := fmt.Sprintf("%06d:", i)
		if !bytes.HasPrefix(msg, []byte(want)) || len(msg) != len(want)+sizes[i] ||
			bytes.Count(msg[len(want):], []byte{byte('a' + i%26)}) != sizes[i] {
			t.Fatalf("message %d damaged: %d bytes, starts %q", i, len(msg), msg[:min(len(msg), 20)])
		}
		i++
	}
	stop.Store(true)
	<-done
	if interrupted == 0 {
		t.Fatalf("no Read was interrupted (%d interrupts sent): the test proved nothing", interrupts.Load())
	}
	t.Logf("%d messages, %d interrupts sent, %d reads interrupted", n, interrupts.Load(), interrupted)
}

// TestSerialCallsReadByCaller checks that serial calls are read by their
// own callers (the fast path), with the push each call causes delivered
// in order, whether the server sends it before the answer or, as the
// emulator does, right after it.
func TestSerialCallsReadByCaller(t *testing.T) {
	for _, pushFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("pushFirst=%v", pushFirst), func(t *testing.T) { serialCallsReadByCaller(t, pushFirst) })
	}
}

func serialCallsReadByCaller(t *testing.T, pushFirst bool) {
	s := newServer(t)
	var mu sync.Mutex
	var got []string
	c := dialLeading(t, s, WithPushHandler("incoming_event", func(p Push) {
		mu.Lock()
		got = append(got, string(p.Payload))
		mu.Unlock()
	}))
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		if f.Action != "send_event" {
			return false
		}
		if pushFirst {
			_ = sc.push("incoming_event", map[string]any{"n": f.RequestID}, "")
		}
		_ = sc.respond(f, map[string]any{"event_id": f.RequestID})
		if !pushFirst {
			_ = sc.push("incoming_event", map[string]any{"n": f.RequestID}, "")
		}
		return true
	})
	ctx := context.Background()
	const calls = 50
	for range calls {
		var resp struct {
			EventID string `json:"event_id"`
		}
		if err := c.Call(ctx, "send_event", map[string]any{"chat_id": "c"}, &resp); err != nil || resp.EventID == "" {
			t.Fatalf("send_event: %v (%+v)", err, resp)
		}
	}
	// The first two calls are read by the reader goroutine, which then
	// leaves the role free (back-to-back answers): every later one by its
	// caller.
	if n := c.leads.Load(); n != calls-2 {
		t.Fatalf("%d of %d serial calls read by their caller, want %d", n, calls, calls-2)
	}
	// Pushed after the answer, the last push may wait for the next call:
	// the role stays free for an hour in this test.
	want := calls
	if !pushFirst {
		want = calls - 1
	}
	waitFor(t, "the pushes", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) >= want })
	mu.Lock()
	defer mu.Unlock()
	k := 0
	for _, f := range s.allFrames() {
		if f.Action == "send_event" && k < len(got) {
			if want := fmt.Sprintf(`{"n":"%s"}`, f.RequestID); got[k] != want {
				t.Fatalf("push %d = %s, want %s (order lost)", k, got[k], want)
			}
			k++
		}
	}
}

// A push that arrives after the last call, while the read role is free, is
// still read: the resume timer gives the role back to the reader goroutine.
func TestPushReadAfterLastCall(t *testing.T) {
	s := newServer(t)
	got := make(chan string, 1)
	c := dialTest(t, s, WithPushHandler("incoming_event", func(p Push) { got <- string(p.Payload) }))
	for range 3 {
		if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	sc := s.conns[0]
	s.mu.Unlock()
	_ = sc.push("incoming_event", map[string]any{"n": "late"}, "")
	select {
	case p := <-got:
		if p != `{"n":"late"}` {
			t.Fatalf("push %s", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a push after the last call was never read")
	}
}

// leadSlowCall makes serial calls until the next one will be read by its
// caller, then starts call action (which the server must not answer at
// once) with ctx, and waits until the server received it and the caller
// leads.
func leadSlowCall(t *testing.T, s *server, c *Conn, ctx context.Context, action string) <-chan error {
	t.Helper()
	for range 3 {
		if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	before := c.leads.Load()
	errc := make(chan error, 1)
	go func() { errc <- c.Call(ctx, action, nil, nil) }()
	s.waitFrame(t, action)
	waitFor(t, "the "+action+" call's caller to lead", func() bool { return c.leads.Load() > before })
	return errc
}

// expireNow makes the request timeout of every call of action due now, as
// if its deadline had passed, and runs the expiry as its timer would.
// With hold, a call waiting in the queue stays there (no resend).
func expireNow(t *testing.T, c *Conn, action string, hold bool) {
	t.Helper()
	waitFor(t, "a "+action+" call to expire", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		found := false
		for _, cl := range c.queue {
			if cl.action == action {
				cl.deadline, found = 1, true
			}
		}
		if hold && !found {
			return false
		}
		if hold {
			c.holdUntil = time.Now().Add(time.Hour)
		}
		for _, cl := range c.pending {
			if cl.action == action {
				cl.deadline, found = 1, true
			}
		}
		return found
	})
	c.expire()
}

// callResult waits for the error of a call started by leadSlowCall; stuck
// says what failed if it never comes.
func callResult(t *testing.T, errc <-chan error, stuck string) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal(stuck)
		return nil
	}
}

// callAfterDrop waits until a call works after the socket dropped: a
// call racing the socket's end may fail with ErrDisconnected, as on any
// drop; after the reconnect calls work.
func callAfterDrop(t *testing.T, c *Conn) {
	t.Helper()
	waitFor(t, "a call on the new socket", func() bool {
		err := c.Call(context.Background(), "ping", nil, nil)
		if err != nil && !errors.Is(err, ErrDisconnected) {
			t.Fatalf("call after the drop: %v", err)
		}
		return err == nil
	})
}

func slowServer(t *testing.T) *server {
	s := newServer(t)
	s.setHook(func(sc *srvConn, f reqFrame) bool { return f.Action == "slow" })
	return s
}

// A leader whose ctx ends stops reading at once; the Conn stays up and
// the next call works on the same socket.
func TestLeaderCancelled(t *testing.T) {
	s := slowServer(t)
	c := dialLeading(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	errc := leadSlowCall(t, s, c, ctx, "slow")
	cancel()
	if err := callResult(t, errc, "the leader did not stop reading when its ctx ended"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call: %v, want context.Canceled", err)
	}
	for range 5 {
		if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
			t.Fatalf("call after the cancelled one: %v", err)
		}
	}
	if n := s.connCount(); n != 1 {
		t.Fatalf("%d sockets, want 1: the interrupt broke the socket", n)
	}
}

// A leader's request timeout (no ctx deadline) ends its call like any
// other's; the Conn stays up.
func TestLeaderRequestTimeout(t *testing.T) {
	s := slowServer(t)
	c := dialLeading(t, s, WithRequestTimeout(time.Hour))
	errc := leadSlowCall(t, s, c, context.Background(), "slow")
	expireNow(t, c, "slow", false)
	if err := callResult(t, errc, "the leader's request timeout did not end its call"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("timed-out call: %v, want context.DeadlineExceeded", err)
	}
	if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
		t.Fatalf("call after the timed-out one: %v", err)
	}
	if n := s.connCount(); n != 1 {
		t.Fatalf("%d sockets, want 1", n)
	}
}

// A socket that drops under a leader fails its call with ErrDisconnected;
// the Conn reconnects and the next call works.
func TestLeaderSocketDrops(t *testing.T) {
	s := slowServer(t)
	c := dialLeading(t, s)
	errc := leadSlowCall(t, s, c, context.Background(), "slow")
	s.mu.Lock()
	sc := s.conns[0]
	s.mu.Unlock()
	sc.drop()
	if err := callResult(t, errc, "the leader did not see the socket drop"); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("call on the dropped socket: %v, want ErrDisconnected", err)
	}
	callAfterDrop(t, c)
	if n := s.connCount(); n != 2 {
		t.Fatalf("%d sockets, want 2", n)
	}
}

// Close while a caller reads the socket ends its call and returns.
func TestCloseWhileLeading(t *testing.T) {
	s := slowServer(t)
	c := dialLeading(t, s)
	errc := leadSlowCall(t, s, c, context.Background(), "slow")
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	if err := callResult(t, errc, "Close did not end the leader's call"); !errors.Is(err, ErrClosed) {
		t.Fatalf("call ended by Close: %v, want ErrClosed", err)
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}

// A leader whose call was refused by the pending limit, and waits in the
// queue to be sent again, still ends at its request timeout.
func TestLeaderRefusedCallTimesOut(t *testing.T) {
	s := newServer(t)
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		if f.Action != "refuse" {
			return false
		}
		_ = sc.fail(f, string(livechat.TypePendingRequestsLimitReached), "busy")
		return true
	})
	c := dialLeading(t, s, WithRequestTimeout(time.Hour), WithPingInterval(0))
	errc := leadSlowCall(t, s, c, context.Background(), "refuse")
	expireNow(t, c, "refuse", true) // while it waits in the queue
	if err := callResult(t, errc, "a refused leader's call did not end at its request timeout"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("refused call: %v, want context.DeadlineExceeded", err)
	}
}

// A message that stalls mid-frame under a leader whose ctx ends: the call
// ends within the interrupt's grace, the socket is given up (it cannot be
// read on from mid-frame) and the Conn reconnects.
func TestLeaderStallMidMessage(t *testing.T) {
	s := newServer(t)
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		if f.Action != "stall" {
			return false
		}
		if w, err := sc.ws.Writer(context.Background(), websocket.MessageText); err == nil {
			_, _ = w.Write([]byte(`{"type":"push","action":"x","payload":{"a":"` + strings.Repeat("a", 10000)))
		}
		return true // never finished
	})
	var received atomic.Int64 // bytes read from the server
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: conn, n: &received}, nil
	}}
	c := dialLeading(t, s, WithPingInterval(0), WithConfig(livechat.WithHTTPClient(&http.Client{Transport: tr})))
	ctx, cancel := context.WithCancel(context.Background())
	before := received.Load()
	errc := leadSlowCall(t, s, c, ctx, "stall")
	// Cancel once the caller has read into the stalled message.
	waitFor(t, "the start of the stalled message", func() bool { return received.Load()-before > 4000 })
	cancel()
	if err := callResult(t, errc, "the leader did not give up a message stalled mid-frame"); !errors.Is(err, context.Canceled) {
		t.Fatalf("stalled call: %v, want context.Canceled", err)
	}
	callAfterDrop(t, c)
	if n := s.connCount(); n != 2 {
		t.Fatalf("%d sockets, want 2 (the stalled one given up, a new one)", n)
	}
}

// countingConn counts the bytes read from it.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// A 103 Early Hints head before the 101 (net/http accepts it) does not put
// the tracker out of step.
func TestTrackerAfterEarlyHints(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</x.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Del("Link")
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		_ = ws.Write(context.Background(), websocket.MessageText, []byte(`{"hello":1}`))
		_, _, _ = ws.Read(context.Background())
	}))
	defer srv.Close()
	hc, slot := leadClient(srv.Client(), "ws", strings.TrimPrefix(srv.URL, "http://"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	if _, _, err := ws.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if tr := &slot.conn.t; !tr.atMessageBoundary() || tr.done.Load() != 1 {
		t.Fatalf("tracker out of step after one message: open %v, left %d, frag %v, done %d", tr.open, tr.left, tr.frag, tr.done.Load())
	}
}

// A Transport with the deprecated Dial hook keeps it: the SDK does not wrap
// its connections, and the reader goroutine reads.
func TestDeprecatedDialHookKept(t *testing.T) {
	s := newServer(t)
	var used atomic.Int32
	tr := &http.Transport{Dial: func(network, addr string) (net.Conn, error) { //nolint:staticcheck // the deprecated hook under test
		used.Add(1)
		return net.Dial(network, addr)
	}}
	c := dialTest(t, s, WithConfig(livechat.WithHTTPClient(&http.Client{Transport: tr})))
	for range 5 {
		if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if used.Load() == 0 {
		t.Fatal("Transport.Dial was bypassed")
	}
	if n := c.leads.Load(); n != 0 {
		t.Fatalf("%d calls read by their callers over an unwrapped connection", n)
	}
}

// noDeadlineConn is a connection without read deadlines (as an SSH
// channel is).
type noDeadlineConn struct{ net.Conn }

func (noDeadlineConn) SetReadDeadline(time.Time) error { return errors.New("deadlines not supported") }
func (noDeadlineConn) SetDeadline(time.Time) error     { return errors.New("deadlines not supported") }

// Over a connection without read deadlines callers never read (they could
// not be interrupted): a cancelled call still returns at once.
func TestNoLeadWithoutDeadlines(t *testing.T) {
	s := slowServer(t)
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return noDeadlineConn{conn}, nil
	}}
	c := dialTest(t, s, WithConfig(livechat.WithHTTPClient(&http.Client{Transport: tr})))
	for range 3 {
		if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Call(ctx, "slow", nil, nil) }()
	s.waitFrame(t, "slow")
	cancel()
	if err := callResult(t, errc, "a cancelled call over a connection without deadlines did not return"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call: %v", err)
	}
	if n := c.leads.Load(); n != 0 {
		t.Fatalf("%d calls read by their callers over a connection without deadlines", n)
	}
}

// Serial and concurrent callers at once, with a push before every answer:
// the read role moves between the reader goroutine, nobody and callers.
// Every call gets its own answer, every push is delivered once, in order.
func TestMixedCallersKeepAnswersAndPushOrder(t *testing.T) {
	s := newServer(t)
	var seq atomic.Int64
	var mu sync.Mutex
	var pushes []int64
	c := dialLeading(t, s, WithPushHandler("incoming_event", func(p Push) {
		var v struct{ Seq int64 }
		_ = json.Unmarshal(p.Payload, &v)
		mu.Lock()
		pushes = append(pushes, v.Seq)
		mu.Unlock()
	}))
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		if f.Action != "echo" {
			return false
		}
		_ = sc.push("incoming_event", map[string]any{"seq": seq.Add(1)}, "")
		_ = sc.respond(f, json.RawMessage(f.Payload))
		return true
	})
	var wg sync.WaitGroup
	var next atomic.Int64
	call := func() {
		n := next.Add(1)
		var got struct{ N int64 }
		if err := c.Call(context.Background(), "echo", map[string]int64{"n": n}, &got); err != nil {
			t.Errorf("call %d: %v", n, err)
		} else if got.N != n {
			t.Errorf("call %d got the answer of call %d", n, got.N)
		}
	}
	for range 2 { // serial callers
		wg.Go(func() {
			for range 60 {
				call()
			}
		})
	}
	wg.Go(func() { // bursts of 12 (above the in-flight limit)
		for range 5 {
			var b sync.WaitGroup
			for range 12 {
				b.Go(call)
			}
			b.Wait()
		}
	})
	wg.Wait()
	for range 3 { // serial again: the role must come back to callers
		call()
	}
	total := next.Load()
	waitFor(t, "every push", func() bool { mu.Lock(); defer mu.Unlock(); return int64(len(pushes)) == total })
	mu.Lock()
	defer mu.Unlock()
	for i, v := range pushes {
		if v != int64(i+1) {
			t.Fatalf("push %d has seq %d: order lost or a push delivered twice", i, v)
		}
	}
	if c.leads.Load() == 0 {
		t.Fatal("no call was read by its caller: the test did not mix the roles")
	}
	t.Logf("%d calls, %d read by their callers", total, c.leads.Load())
}

// A lone call leaves the reader goroutine reading: a push that follows it
// is read at once, even though the read role would stay free for an hour
// had the reader given it up.
func TestLoneCallKeepsReader(t *testing.T) {
	s := newServer(t)
	got := make(chan string, 1)
	c := dialLeading(t, s, WithPushHandler("incoming_event", func(p Push) { got <- string(p.Payload) }))
	if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	sc := s.conns[0]
	s.mu.Unlock()
	_ = sc.push("incoming_event", map[string]any{"n": "after"}, "")
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the push after a lone call was not read: the reader gave its role up")
	}
}
