package rtm

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
)

// reqFrame is a request frame as the test server sees it.
type reqFrame struct {
	RequestID string          `json:"request_id"`
	Action    string          `json:"action"`
	Payload   json.RawMessage `json:"payload"`
	Version   string          `json:"version"`
	conn      int
	at        time.Time
}

// srvConn is one server-side socket.
type srvConn struct {
	ws *websocket.Conn
	n  int
}

func (sc *srvConn) send(v any) error {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			return err
		}
	}
	return sc.ws.Write(context.Background(), websocket.MessageText, b)
}

func (sc *srvConn) respond(f reqFrame, payload any) error {
	return sc.send(map[string]any{"request_id": f.RequestID, "action": f.Action, "type": "response", "success": true, "payload": payload})
}

func (sc *srvConn) fail(f reqFrame, typ, msg string) error {
	return sc.send(map[string]any{"request_id": f.RequestID, "action": f.Action, "type": "response", "success": false,
		"payload": map[string]any{"error": map[string]any{"type": typ, "message": msg}}})
}

func (sc *srvConn) push(action string, payload any, requestID string) error {
	m := map[string]any{"version": "3.6", "action": action, "type": "push", "payload": payload}
	if requestID != "" {
		m["request_id"] = requestID
	}
	return sc.send(m)
}

func (sc *srvConn) drop() { _ = sc.ws.CloseNow() }

// server is an in-process RTM server for tests. By default it answers
// login with agentLogin and every other request with {}.
type server struct {
	t testing.TB

	mu     sync.Mutex
	frames []reqFrame
	conns  []*srvConn
	urls   []string
	// onFrame may answer a frame itself (return true) or leave it to the
	// default answer. It runs on the socket's reader goroutine.
	onFrame      func(sc *srvConn, f reqFrame) bool
	loginPayload any
	newConn      chan *srvConn
	frameCh      chan reqFrame
}

var agentLoginPayload = map[string]any{
	"license": map[string]any{"id": "104130623", "organization_id": "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex",
		"plan": "enterprise", "expiration_timestamp": 1483433500, "creation_timestamp": 1482433500, "in_trial": true},
	"my_profile": map[string]any{"id": "smith@example.com", "type": "agent", "name": "Agent Smith",
		"email": "smith@example.com", "routing_status": "accepting_chats", "permission": "administrator"},
	"chats_summary": []any{},
}

func newServer(t testing.TB) *server {
	return &server{t: t, loginPayload: agentLoginPayload, newConn: make(chan *srvConn, 64), frameCh: make(chan reqFrame, 4096)}
}

// start serves s over real TCP on 127.0.0.1 and returns the base URL.
func (s *server) start() string {
	hs := httptest.NewServer(s)
	s.t.Cleanup(func() {
		s.closeAll()
		hs.Close()
	})
	return hs.URL
}

func (s *server) closeAll() {
	s.mu.Lock()
	cs := append([]*srvConn(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range cs {
		c.drop()
	}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(64 << 20)
	s.mu.Lock()
	sc := &srvConn{ws: ws, n: len(s.conns)}
	s.conns = append(s.conns, sc)
	s.urls = append(s.urls, r.URL.String())
	s.mu.Unlock()
	defer ws.CloseNow()
	select {
	case s.newConn <- sc:
	default:
	}
	for {
		_, data, err := ws.Read(context.Background())
		if err != nil {
			return
		}
		var f reqFrame
		if err := json.Unmarshal(data, &f); err != nil {
			s.t.Errorf("server: bad frame %q: %v", data, err)
			return
		}
		f.conn = sc.n
		f.at = time.Now()
		s.mu.Lock()
		s.frames = append(s.frames, f)
		s.mu.Unlock()
		select {
		case s.frameCh <- f:
		default:
		}
		if h := s.hook(); h != nil && h(sc, f) {
			continue
		}
		switch f.Action {
		case "login":
			_ = sc.respond(f, s.loginPayload)
		default:
			_ = sc.respond(f, map[string]any{})
		}
	}
}

func (s *server) hook() func(*srvConn, reqFrame) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onFrame
}

func (s *server) setHook(h func(*srvConn, reqFrame) bool) {
	s.mu.Lock()
	s.onFrame = h
	s.mu.Unlock()
}

func (s *server) allFrames() []reqFrame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]reqFrame(nil), s.frames...)
}

func (s *server) actions() []string {
	var out []string
	for _, f := range s.allFrames() {
		out = append(out, f.Action)
	}
	return out
}

func (s *server) count(action string) int {
	n := 0
	for _, f := range s.allFrames() {
		if f.Action == action {
			n++
		}
	}
	return n
}

func (s *server) url(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.urls[i]
}

func (s *server) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// waitFrame waits for the next frame with the given action.
func (s *server) waitFrame(t testing.TB, action string) reqFrame {
	t.Helper()
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case f := <-s.frameCh:
			if f.Action == action {
				return f
			}
		case <-timeout.C:
			t.Fatalf("no %s frame; got %v", action, s.actions())
		}
	}
}

func (s *server) waitConn(t testing.TB) *srvConn {
	t.Helper()
	select {
	case sc := <-s.newConn:
		return sc
	case <-time.After(10 * time.Second):
		t.Fatal("no connection")
		return nil
	}
}

// pipeTransport serves WebSocket handshakes in memory over net.Pipe, so
// that tests can run inside a testing/synctest bubble.
type pipeTransport struct{ h http.Handler }

func (p pipeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	cc, sc := net.Pipe()
	w := &hijackWriter{conn: sc, header: http.Header{}, brw: bufio.NewReadWriter(bufio.NewReader(sc), bufio.NewWriter(sc))}
	sreq := req.Clone(context.Background())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.Body = http.NoBody
	go p.h.ServeHTTP(w, sreq)
	br := bufio.NewReader(cc)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		cc.Close()
		return nil, err
	}
	resp.Body = struct {
		io.Reader
		io.Writer
		io.Closer
	}{br, cc, cc}
	return resp, nil
}

type hijackWriter struct {
	conn   net.Conn
	header http.Header
	brw    *bufio.ReadWriter
	wrote  bool
}

func (w *hijackWriter) Header() http.Header { return w.header }
func (w *hijackWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.brw.Write(b)
	if err == nil {
		err = w.brw.Flush()
	}
	return n, err
}
func (w *hijackWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	fmt.Fprintf(w.brw, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	_ = w.header.Write(w.brw)
	w.brw.WriteString("\r\n")
	_ = w.brw.Flush()
	if code != http.StatusSwitchingProtocols {
		w.conn.Close()
	}
}
func (w *hijackWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) { return w.conn, w.brw, nil }

// pipeBase returns options that connect to s in memory.
func (s *server) pipeOptions() Option {
	return WithConfig(livechat.WithBaseURL("http://rtm.test"), livechat.WithHTTPClient(&http.Client{Transport: pipeTransport{s}}))
}

func decodeMap(t testing.TB, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return m
}

var errTest = errors.New("test")

var _ = strings.TrimSpace
