package emulator_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/emulator"
)

// sjsClient speaks the SockJS websocket framing the way sockjs-client does.
type sjsClient struct {
	t     testing.TB
	ws    *websocket.Conn
	ch    chan frame    // RTM frames unpacked from a[…]
	beats chan struct{} // one per "h"
	close chan string   // the c[…] frame
	done  chan struct{}
	n     int
	ver   string
	v     *validate.Validator

	backlog []frame
}

func sjsURL(srv *emulator.Server, ver, tail string) string {
	return "ws" + strings.TrimPrefix(srv.URL(), "http") + "/v" + ver + "/agent/rtm/sjs" + tail
}

func dialSJS(t testing.TB, srv *emulator.Server, ver string, opts *websocket.DialOptions) *sjsClient {
	t.Helper()
	ws, _, err := websocket.Dial(ctxT(t), sjsURL(srv, ver, "/123/abcdefgh/websocket?bh=xyz"), opts)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(1 << 22)
	_, open, err := ws.Read(ctxT(t))
	if err != nil || string(open) != "o" {
		t.Fatalf("first frame %q, %v; want o", open, err)
	}
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := &sjsClient{t: t, ws: ws, ch: make(chan frame, 1000), beats: make(chan struct{}, 1000),
		close: make(chan string, 1), done: make(chan struct{}), ver: ver, v: v}
	go c.read()
	t.Cleanup(func() {
		ws.CloseNow()
		<-c.done
	})
	return c
}

func (c *sjsClient) read() {
	defer close(c.done)
	defer close(c.ch)
	for {
		_, b, err := c.ws.Read(context.Background())
		if err != nil {
			return
		}
		switch {
		case string(b) == "h":
			select {
			case c.beats <- struct{}{}:
			default:
			}
		case len(b) > 0 && b[0] == 'a':
			var msgs []string
			if err := json.Unmarshal(b[1:], &msgs); err != nil {
				c.t.Errorf("bad a-frame %q: %v", b, err)
				return
			}
			for _, m := range msgs {
				var f frame
				if err := json.Unmarshal([]byte(m), &f); err != nil {
					c.t.Errorf("bad message %q: %v", m, err)
					return
				}
				// Every answer and push is held to the API description.
				switch f.Type {
				case "push":
					apitest.CheckPushFrame(c.t, c.v, "agent", frameVersion(f, c.ver), f.Action, f.Payload)
				case "response":
					apitest.CheckRTMAnswer(c.t, c.v, "agent", frameVersion(f, c.ver), f.Action, f.Success != nil && *f.Success, f.Payload)
				}
				c.ch <- f
			}
		case len(b) > 0 && b[0] == 'c':
			c.close <- string(b)
		default:
			c.t.Errorf("unexpected frame %q", b)
		}
	}
}

// sendRaw writes one SockJS frame as is.
func (c *sjsClient) sendRaw(s string) {
	if err := c.ws.Write(context.Background(), websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatal(err)
	}
}

// send wraps requests into one client frame: ["<json>", …].
func (c *sjsClient) send(reqs ...M) []string {
	var msgs, ids []string
	for _, r := range reqs {
		c.n++
		rid := fmt.Sprint(c.n)
		r["request_id"] = rid
		b, _ := json.Marshal(r)
		msgs = append(msgs, string(b))
		ids = append(ids, rid)
	}
	b, _ := json.Marshal(msgs)
	c.sendRaw(string(b))
	return ids
}

// next returns the first frame matching pred; frames it passes over stay
// queued for later calls.
func (c *sjsClient) next(pred func(frame) bool) frame {
	c.t.Helper()
	for i, f := range c.backlog {
		if pred(f) {
			c.backlog = append(c.backlog[:i], c.backlog[i+1:]...)
			return f
		}
	}
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f, ok := <-c.ch:
			if !ok {
				c.t.Fatal("connection closed")
			}
			if pred(f) {
				return f
			}
			c.backlog = append(c.backlog, f)
		case <-timeout:
			c.t.Fatal("timeout waiting for frame")
		}
	}
}

// responses collects the responses to ids, in any order.
func (c *sjsClient) responses(ids ...string) map[string]frame {
	c.t.Helper()
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	got := map[string]frame{}
	for len(got) < len(ids) {
		f := c.next(func(f frame) bool { return f.Type == "response" && want[f.RequestID] })
		got[f.RequestID] = f
	}
	return got
}

func (c *sjsClient) ok(action string, payload any) json.RawMessage {
	c.t.Helper()
	rid := c.send(M{"action": action, "payload": payload})[0]
	f := c.responses(rid)[rid]
	if f.Action != action || f.Success == nil || !*f.Success {
		c.t.Fatalf("%s: %s %s", action, f.Action, f.Payload)
	}
	return f.Payload
}

func (c *sjsClient) push(action string) frame {
	c.t.Helper()
	return c.next(func(f frame) bool { return f.Type == "push" && f.Action == action })
}

// closed waits for the c[…] frame and the end of the connection.
func (c *sjsClient) closed() string {
	c.t.Helper()
	select {
	case s := <-c.close:
		<-c.done
		return s
	case <-time.After(10 * time.Second):
		c.t.Fatal("timeout waiting for the close frame")
		return ""
	}
}

func TestSockJSRTMSession(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	c := dialSJS(t, srv, "3.4", nil)
	// Two requests in one SockJS frame.
	ids := c.send(M{"action": "login", "payload": M{"token": "Bearer " + cr.Owner.Token}},
		M{"action": "ping", "payload": M{}})
	rs := c.responses(ids...)
	login := rs[ids[0]]
	if !*login.Success || login.Action != "login" {
		t.Fatalf("login: %s", login.Payload)
	}
	var lp struct {
		MyProfile struct{ ID string } `json:"my_profile"`
	}
	json.Unmarshal(login.Payload, &lp)
	if lp.MyProfile.ID != cr.Owner.ID {
		t.Fatalf("login profile %s", login.Payload)
	}
	if f := rs[ids[1]]; !*f.Success || f.Action != "ping" {
		t.Fatalf("ping: %+v", f)
	}
	// A push caused by another front end reaches the SockJS session.
	chatID, _ := startChat(t, newWeb(t, srv, cr.Owner.Token, livechat.V3_6), "hello", nil)
	if p := c.push("incoming_chat"); !strings.Contains(string(p.Payload), chatID) || p.Version != "3.4" {
		t.Fatalf("incoming_chat: %+v", p)
	}
	// A request over SockJS: its response first, then the push back to the
	// requester with the same request_id (chat-sdk settles on the first).
	text := "über \"quoted\" <b>\u2028\\"
	rid := c.send(M{"action": "send_event", "payload": M{"chat_id": chatID, "event": M{"type": "message", "text": text}}})[0]
	if f := c.next(func(f frame) bool { return f.RequestID == rid }); f.Type != "response" || !*f.Success {
		t.Fatalf("first frame with the request_id: %+v", f)
	}
	ev := c.push("incoming_event")
	if ev.RequestID != rid {
		t.Fatalf("requester push request_id %q, want %q", ev.RequestID, rid)
	}
	var ip struct {
		Event struct{ Text string } `json:"event"`
	}
	json.Unmarshal(ev.Payload, &ip)
	if ip.Event.Text != text {
		t.Fatalf("text %q", ip.Event.Text)
	}
	var chats struct {
		ChatsSummary []struct{ ID string } `json:"chats_summary"`
	}
	json.Unmarshal(c.ok("list_chats", M{}), &chats)
	if len(chats.ChatsSummary) == 0 || chats.ChatsSummary[0].ID != chatID {
		t.Fatalf("list_chats %+v", chats)
	}
	// A single JSON string is a frame too (SockJS allows it).
	b, _ := json.Marshal(`{"action":"ping","request_id":"single","payload":{}}`)
	c.sendRaw(string(b))
	if f := c.responses("single")["single"]; !*f.Success {
		t.Fatal("single-string frame")
	}
	if srv.Connections() != 1 {
		t.Fatalf("connections %d", srv.Connections())
	}
	// Server shutdown: agent_disconnected, then c[1000,reason]; a client may reconnect.
	go srv.Close()
	if p := c.push("agent_disconnected"); !strings.Contains(string(p.Payload), emulator.ReasonShutdown) {
		t.Fatalf("agent_disconnected: %s", p.Payload)
	}
	if got := c.closed(); got != `c[1000,"`+emulator.ReasonShutdown+`"]` {
		t.Fatalf("close frame %q", got)
	}
}

func TestSockJSRequiresLogin(t *testing.T) {
	srv := emulator.NewTest(t)
	c := dialSJS(t, srv, "3.6", nil)
	rid := c.send(M{"action": "list_chats", "payload": M{}})[0]
	if f := c.responses(rid)[rid]; *f.Success || !strings.Contains(string(f.Payload), "authentication") {
		t.Fatalf("before login: %s", f.Payload)
	}
	rid = c.send(M{"action": "login", "payload": M{"token": "Bearer nope"}})[0]
	if f := c.responses(rid)[rid]; *f.Success {
		t.Fatal("login with a bad token succeeded")
	}
}

func TestSockJSHeartbeat(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{SockJSHeartbeat: 5 * time.Millisecond})
	c := dialSJS(t, srv, "3.6", nil)
	for range 2 {
		select {
		case <-c.beats:
		case <-time.After(10 * time.Second):
			t.Fatal("no heartbeat")
		}
	}
}

func TestSockJSLoginTimeout(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{LoginTimeout: time.Millisecond})
	c := dialSJS(t, srv, "3.6", nil)
	if p := c.push("agent_disconnected"); !strings.Contains(string(p.Payload), "connection_timeout") {
		t.Fatalf("agent_disconnected: %s", p.Payload)
	}
	if got := c.closed(); got != `c[1000,"connection_timeout"]` {
		t.Fatalf("close frame %q", got)
	}
}

func TestSockJSPendingLimit(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{MaxPendingRequests: 1, RequestTimeout: time.Minute})
	c := dialSJS(t, srv, "3.6", nil)
	c.ok("login", M{"token": "Bearer " + srv.Credentials().Owner.Token})
	// Many requests in one frame: some are over the limit of 1.
	var reqs []M
	for range 20 {
		reqs = append(reqs, M{"action": "list_chats", "payload": M{}})
	}
	limited := 0
	for _, f := range c.responses(c.send(reqs...)...) {
		if !*f.Success && strings.Contains(string(f.Payload), "pending_requests_limit_reached") {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no request hit the pending limit")
	}
}

func TestSockJSBrokenFraming(t *testing.T) {
	srv := emulator.NewTest(t)
	for _, bad := range []string{`not json`, `[1,2]`, `{"action":"ping"}`} {
		c := dialSJS(t, srv, "3.6", nil)
		c.sendRaw(bad)
		<-c.done // the server drops the session
	}
}

func TestSockJSMessageTooBig(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{MaxBodyBytes: 100})
	c := dialSJS(t, srv, "3.6", nil)
	c.send(M{"action": "ping", "payload": M{"pad": strings.Repeat("x", 200)}})
	<-c.done
}

func TestSockJSRawWebSocket(t *testing.T) {
	srv := emulator.NewTest(t)
	ws, _, err := websocket.Dial(ctxT(t), sjsURL(srv, "3.6", "/websocket"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	ws.Write(ctxT(t), websocket.MessageText, []byte(`{"action":"login","request_id":"1","payload":{"token":"Bearer `+srv.Credentials().Agent.Token+`"}}`))
	_, b, err := ws.Read(ctxT(t))
	if err != nil || !strings.Contains(string(b), `"success":true`) || !strings.Contains(string(b), `"action":"login"`) {
		t.Fatalf("raw login: %s %v", b, err)
	}
}

func TestSockJSHTTPEndpoints(t *testing.T) {
	srv := emulator.NewTest(t)
	base := srv.URL() + "/v3.4/agent/rtm/sjs"
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	get := func(method, url string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, url, nil)
		req.Header.Set("Origin", "https://my.example")
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := get("GET", base+"/info?t=1&bh=x")
	var info struct {
		WebSocket    bool     `json:"websocket"`
		Origins      []string `json:"origins"`
		CookieNeeded *bool    `json:"cookie_needed"`
		Entropy      *uint32  `json:"entropy"`
	}
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &info) != nil || !info.WebSocket ||
		info.CookieNeeded == nil || *info.CookieNeeded || info.Entropy == nil || len(info.Origins) == 0 {
		t.Fatalf("info: %d %s", res.StatusCode, body)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "https://my.example" || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("info headers: %v", res.Header)
	}
	if res, _ := get("OPTIONS", base+"/info"); res.StatusCode != 204 || !strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Fatalf("OPTIONS info: %d %v", res.StatusCode, res.Header)
	}
	if res, body := get("GET", base); res.StatusCode != 200 || body != "Welcome to SockJS!\n" {
		t.Fatalf("greeting: %d %q", res.StatusCode, body)
	}
	for _, p := range []string{"/1/2/xhr", "/1/2/xhr_streaming", "/1/2.3/websocket", "/nope"} {
		if res, _ := get("POST", base+p); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
	if res, _ := get("GET", srv.URL()+"/v2.0/agent/rtm/sjs/info"); res.StatusCode == 200 {
		t.Error("unsupported version served")
	}
}

// TestSockJSOverTLS runs a SockJS session over WSS with the generated CA.
func TestSockJSOverTLS(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{TLS: true})
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: srv.CertPool()}}}
	defer hc.CloseIdleConnections()
	c := dialSJS(t, srv, "3.4", &websocket.DialOptions{HTTPClient: hc})
	c.ok("login", M{"token": "Bearer " + srv.Credentials().Agent.Token})
	c.ok("ping", M{})
}
