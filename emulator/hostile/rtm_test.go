package hostile_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/emulator"
)

// TestHostileRTM sends bad frames over the agent and customer RTM
// WebSockets and SockJS: every frame is answered (or the connection
// closed) promptly, never with an internal error, and a fresh connection
// still logs in and sends afterwards.
func TestHostileRTM(t *testing.T) {
	e := newEnv(t, emulator.Config{})
	e.setupDone = true
	ws := strings.Replace(e.srv.URL(), "http", "ws", 1)
	agentURL := ws + "/v3.6/agent/rtm/ws"
	customerURL := ws + "/v3.6/customer/rtm/ws?organization_id=" + e.creds.OrganizationID
	frames := []string{"", "{", "[]", "null", `"x"`, "1", `{}`, `{"action":""}`, `{"action":1}`, `{"request_id":{"a":1},"action":"ping"}`,
		`{"request_id":"` + strings.Repeat("r", 10000) + `","action":"ping"}`, `{"action":"login","payload":[]}`, `{"action":"login","payload":{"token":1}}`,
		`{"action":"login","payload":{"token":"Bearer ` + sentinelToken + `"}}`, `{"action":"login","payload":{"token":"` + sentinelToken + `"}}`,
		`{"action":"list_chats"}`, "{\"action\":\"ping\",\"request_id\":\"\xff\"}", `{"action":"ping","version":"9.9"}`, `{"action":"ping","version":{}}`,
		`{"action":"send_event","payload":{"event":{"text":"bad` + "\xff" + `"}}}`, `{"action":"x","payload":` + strings.Repeat("[", 50) + strings.Repeat("]", 50) + `}`,
		`{"action":"x","payload":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`, `{"action":"ping","payload":{"n":1e999}}`}
	for _, u := range []string{agentURL, customerURL} {
		token := e.creds.Owner.Token
		if u == customerURL {
			token = e.creds.Customers[0].Token
		}
		for _, loggedIn := range []bool{false, true} {
			c := e.dial(u)
			if loggedIn {
				e.rtm(c, `{"action":"login","request_id":"l","payload":{"token":"Bearer `+token+`"}}`, true)
			}
			for _, f := range frames {
				e.rtm(c, f, false)
			}
			// A binary frame, then a ping still answered or a closed connection.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			c.Write(ctx, websocket.MessageBinary, []byte(`{"action":"ping","request_id":"b"}`))
			cancel()
			c.CloseNow()
		}
		// Many pending requests at once: answered (some pending_requests_limit_reached).
		c := e.dial(u)
		e.rtm(c, `{"action":"login","request_id":"l","payload":{"token":"Bearer `+token+`"}}`, true)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		for i := range 200 {
			c.Write(ctx, websocket.MessageText, fmt.Appendf(nil, `{"action":"list_chats","request_id":"p%d","payload":{}}`, i))
			e.sent.Add(1)
		}
		for range 200 {
			if _, _, err := c.Read(ctx); err != nil {
				t.Fatalf("pending burst: %v", err)
			}
		}
		cancel()
		c.CloseNow()
	}
	// SockJS: bad xhr_send bodies.
	for _, b := range []string{"", "x", "[", `["x"]`, `[1]`, `["{\"action\":\"ping\"}"]`, `"\xff"`} {
		e.send(req{name: "sockjs " + clip(b), path: "/v3.6/agent/rtm/sjs/000/hostile1/xhr_send", body: []byte(b), header: map[string]string{"Content-Type": "text/plain"}})
	}
	// Oversize frame headers are refused at once (not held until the login timeout).
	for _, u := range []string{"/v3.6/agent/rtm/ws", "/v3.6/customer/rtm/ws?organization_id=" + e.creds.OrganizationID} {
		conn := e.rawUpgrade(u)
		hdr := []byte{0x81, 0xff}
		hdr = binary.BigEndian.AppendUint64(hdr, 1<<63-1)
		hdr = append(hdr, 1, 2, 3, 4)
		conn.Write(hdr)
		e.sent.Add(1)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err := io.Copy(io.Discard, conn)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("%s: a frame header of 2^63-1 bytes held the connection", u)
		}
		conn.Close()
	}
	// Still works.
	c := e.dial(agentURL)
	e.rtm(c, `{"action":"login","request_id":"l","payload":{"token":"Bearer `+e.creds.Owner.Token+`"}}`, true)
	e.rtm(c, `{"action":"list_chats","request_id":"x","payload":{}}`, true)
	c.CloseNow()
	e.noSecrets()
	t.Logf("hostile RTM frames and requests sent: %d", e.sent.Load())
}

func (e *env) dial(u string) *websocket.Conn {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		e.t.Fatalf("dial %s: %v", u, err)
	}
	c.SetReadLimit(8 << 20)
	return c
}

// rtm writes frame and reads until its answer (the first response
// frame) or the connection closes; ok requires success.
func (e *env) rtm(c *websocket.Conn, frame string, ok bool) {
	e.t.Helper()
	e.sent.Add(1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(frame)); err != nil {
		return // closed by an earlier frame
	}
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				e.t.Errorf("frame %s: no answer in 10 s", clip(frame))
			} else if ok {
				e.t.Errorf("frame %s: connection closed: %v", clip(frame), err)
			}
			return
		}
		e.check("rtm "+clip(frame), 200, "application/json", data)
		var m struct {
			Type    string `json:"type"`
			Success bool   `json:"success"`
			Payload struct {
				Error struct{ Type string } `json:"error"`
			} `json:"payload"`
		}
		json.Unmarshal(data, &m)
		if m.Type != "response" {
			continue // a push
		}
		if m.Payload.Error.Type == "internal" {
			e.t.Errorf("frame %s: internal error: %s", clip(frame), data)
		}
		if ok && !m.Success {
			e.t.Errorf("frame %s: %s", clip(frame), data)
		}
		return
	}
}

// rawUpgrade opens a WebSocket by hand and returns the raw connection.
func (e *env) rawUpgrade(path string) net.Conn {
	e.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL(), "http://"))
	if err != nil {
		e.t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", path)
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil || res.StatusCode != http.StatusSwitchingProtocols {
		e.t.Fatalf("upgrade %s: %v %v", path, err, res)
	}
	return conn
}

// TestSlowClients opens a few hundred slow connections (headers that
// never end, bodies shorter than their Content-Length, WebSockets that
// never log in or send half a frame) and checks that normal Web and RTM
// calls go on meanwhile, and that the slow bodies are answered and their
// connections closed once Config.BodyReadTimeout has passed.
func TestSlowClients(t *testing.T) {
	n := 300
	if long() {
		n = 900
	}
	e := newEnv(t, emulator.Config{BodyReadTimeout: time.Second, LoginTimeout: 3 * time.Second})
	e.setupDone = true
	addr := strings.TrimPrefix(e.srv.URL(), "http://")
	var conns []net.Conn
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c net.Conn
			switch i % 3 {
			case 0: // headers that never end
				c, _ = net.Dial("tcp", addr)
				if c != nil {
					fmt.Fprintf(c, "POST /v3.6/agent/action/list_chats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
				}
			case 1: // a body shorter than its Content-Length
				c, _ = net.Dial("tcp", addr)
				if c != nil {
					fmt.Fprintf(c, "POST /v3.6/agent/action/list_chats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"li", e.creds.Owner.Token)
				}
			default: // a WebSocket sending half a frame header
				c = e.rawUpgrade("/v3.6/agent/rtm/ws")
				c.Write([]byte{0x81})
			}
			mu.Lock()
			if c != nil {
				conns = append(conns, c)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(conns) < n*9/10 {
		t.Fatalf("only %d of %d slow connections opened", len(conns), n)
	}
	e.sent.Add(int64(len(conns)))
	// Normal calls meanwhile, over Web and RTM.
	for range 20 {
		e.call("agent", "list_chats", map[string]any{"limit": 5})
	}
	ws := e.dial(strings.Replace(e.srv.URL(), "http", "ws", 1) + "/v3.6/agent/rtm/ws")
	e.rtm(ws, `{"action":"login","request_id":"l","payload":{"token":"Bearer `+e.creds.Owner.Token+`"}}`, true)
	e.rtm(ws, `{"action":"list_chats","request_id":"x","payload":{}}`, true)
	ws.CloseNow()
	// The short bodies are answered and closed after the body timeout;
	// the others by the header and login timeouts (10 s and 3 s here).
	var slowBodies, closed int
	for i, c := range conns {
		c.SetReadDeadline(time.Now().Add(15 * time.Second))
		b, err := io.ReadAll(c)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("slow connection %d (kind %d) still open after 15 s", i, i%3)
		} else {
			closed++
		}
		if strings.Contains(string(b), "Cannot read the request body") {
			slowBodies++
		}
		c.Close()
	}
	if slowBodies < n/3*9/10 {
		t.Errorf("%d short bodies answered, want about %d", slowBodies, n/3)
	}
	t.Logf("slow connections: %d opened, %d closed by the server, %d short bodies answered validation", len(conns), closed, slowBodies)
}
