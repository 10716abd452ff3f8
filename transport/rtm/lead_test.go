package rtm

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

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
	head := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\r\nConnection: Upgrade\r\n\r\n"
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
			if want, ok := messages[off]; ok && tr.done != want {
				t.Fatalf("chunk %d, offset %d: %d data messages complete, want %d", chunk, off, tr.done, want)
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
// own callers (the fast path), with pushes sent before each answer
// delivered in order, and that a push arriving after the last call is
// still read once the role goes back to the reader goroutine.
func TestSerialCallsReadByCaller(t *testing.T) {
	s := newServer(t)
	var mu sync.Mutex
	var got []string
	c := dialTest(t, s, WithPushHandler("incoming_event", func(p Push) {
		mu.Lock()
		got = append(got, string(p.Payload))
		mu.Unlock()
	}))
	s.setHook(func(sc *srvConn, f reqFrame) bool {
		if f.Action != "send_event" {
			return false
		}
		_ = sc.push("incoming_event", map[string]any{"n": f.RequestID}, "")
		_ = sc.respond(f, map[string]any{"event_id": f.RequestID})
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
	if n := c.leads.Load(); n < calls/2 {
		t.Fatalf("%d of %d serial calls read by their caller, want most", n, calls)
	}
	waitFor(t, "every push", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == calls })
	ids := s.allFrames()
	mu.Lock()
	k := 0
	for _, f := range ids {
		if f.Action == "send_event" {
			if want := fmt.Sprintf(`{"n":"%s"}`, f.RequestID); got[k] != want {
				t.Fatalf("push %d = %s, want %s (order lost)", k, got[k], want)
			}
			k++
		}
	}
	mu.Unlock()

	// Nobody calls any more: a push must still be read.
	sc := s.conns[0]
	_ = sc.push("incoming_event", map[string]any{"n": "late"}, "")
	waitFor(t, "the push after the last call", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == calls+1 && got[calls] == `{"n":"late"}`
	})
}

// leadSlowCall makes serial calls until the next one will be read by its
// caller, then starts call "slow" (which the server does not answer) with
// ctx, and waits until the server received it and the caller leads.
func leadSlowCall(t *testing.T, s *server, c *Conn, ctx context.Context) <-chan error {
	t.Helper()
	for range 3 {
		if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	before := c.leads.Load()
	errc := make(chan error, 1)
	go func() { errc <- c.Call(ctx, "slow", nil, nil) }()
	s.waitFrame(t, "slow")
	waitFor(t, "the slow call's caller to lead", func() bool { return c.leads.Load() > before })
	return errc
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
	c := dialTest(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	errc := leadSlowCall(t, s, c, ctx)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled call: %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the leader did not stop reading when its ctx ended")
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
	c := dialTest(t, s, WithRequestTimeout(300*time.Millisecond))
	errc := leadSlowCall(t, s, c, context.Background())
	select {
	case err := <-errc:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("timed-out call: %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the leader's request timeout did not end its call")
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
	c := dialTest(t, s)
	errc := leadSlowCall(t, s, c, context.Background())
	s.mu.Lock()
	sc := s.conns[0]
	s.mu.Unlock()
	sc.drop()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrDisconnected) {
			t.Fatalf("call on the dropped socket: %v, want ErrDisconnected", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the leader did not see the socket drop")
	}
	if err := c.Call(context.Background(), "ping", nil, nil); err != nil {
		t.Fatalf("call after the reconnect: %v", err)
	}
	if n := s.connCount(); n != 2 {
		t.Fatalf("%d sockets, want 2", n)
	}
}

// Close while a caller reads the socket ends its call and returns.
func TestCloseWhileLeading(t *testing.T) {
	s := slowServer(t)
	c := dialTest(t, s)
	errc := leadSlowCall(t, s, c, context.Background())
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("call ended by Close: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not end the leader's call")
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}
