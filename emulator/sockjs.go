package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat"
)

// rtmSocket is the message socket under one RTM session: a plain
// WebSocket (*websocket.Conn) or the SockJS framing over one (sockjsSocket).
// runRTM only reads and writes whole RTM frames through it.
type rtmSocket interface {
	Read(ctx context.Context) (websocket.MessageType, []byte, error)
	Write(ctx context.Context, typ websocket.MessageType, p []byte) error
	Close(code websocket.StatusCode, reason string) error
	CloseNow() error
}

var _ rtmSocket = (*websocket.Conn)(nil)

// defaultSockJSHeartbeat is the interval of SockJS "h" frames; SockJS
// servers send one every 25 s, and the official clients answer each with
// an RTM ping.
const defaultSockJSHeartbeat = 25 * time.Second

// serveSockJS serves the SockJS endpoint of the agent RTM API under
// /v<ver>/agent/rtm/sjs — the transport of @livechat/chat-sdk (through
// @livechat/platform-client and sockjs-client). rest is the path after
// "sjs". Only the websocket transport is implemented:
//
//	GET  sjs                           greeting
//	GET  sjs/info                      {"websocket":true,…}
//	GET  sjs/websocket                 raw WebSocket (same as rtm/ws)
//	GET  sjs/<server>/<session>/websocket  SockJS-framed WebSocket
//
// Every other SockJS transport (xhr, xhr_streaming, eventsource, …)
// answers 404, so a SockJS client falls back to nothing and fails loudly.
func (s *Server) serveSockJS(w http.ResponseWriter, r *http.Request, version string, rest []string) {
	if !supportedVersion(version) {
		writeError(w, unsupportedVersion(version), "")
		return
	}
	switch {
	case len(rest) == 0:
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		w.Write([]byte("Welcome to SockJS!\n"))
	case len(rest) == 1 && rest[0] == "info":
		sockjsInfo(w, r)
	case len(rest) == 1 && rest[0] == "websocket":
		s.serveRTM(w, r, version)
	case len(rest) == 3 && rest[2] == "websocket" && sockjsPathPart(rest[0]) && sockjsPathPart(rest[1]):
		s.serveSockJSWebSocket(w, r, version)
	default:
		writeError(w, lerr(livechat.TypeNotFound, "No such SockJS endpoint (only the websocket transport is emulated): %s", r.URL.Path), "")
	}
}

// sockjsPathPart reports whether p is a valid <server> or <session> part.
func sockjsPathPart(p string) bool {
	return p != "" && !strings.Contains(p, ".")
}

func sockjsCORS(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" {
		origin = "*"
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	if origin != "*" {
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Add("Vary", "Origin")
	}
	if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
		w.Header().Set("Access-Control-Allow-Headers", h)
	}
}

func sockjsInfo(w http.ResponseWriter, r *http.Request) {
	sockjsCORS(w, r)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		var b [4]byte
		_, _ = rand.Read(b[:])
		w.Header().Set("Cache-Control", "no-store, no-cache, no-transform, must-revalidate, max-age=0")
		writeJSON(w, http.StatusOK, map[string]any{
			"websocket":     true,
			"origins":       []string{"*:*"},
			"cookie_needed": false,
			"entropy":       binary.BigEndian.Uint32(b[:]),
		})
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", "OPTIONS, GET")
		w.Header().Set("Cache-Control", "public, max-age=31536000")
		w.Header().Set("Access-Control-Max-Age", "31536000")
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "OPTIONS, GET")
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// serveSockJSWebSocket runs one RTM session over the SockJS websocket
// transport: the same runRTM loop as rtm/ws, with sockjsSocket translating
// the framing.
func (s *Server) serveSockJSWebSocket(w http.ResponseWriter, r *http.Request, version string) {
	if org := r.URL.Query().Get("organization_id"); org != "" && org != s.creds.OrganizationID {
		writeError(w, lerr(livechat.TypeValidation, "Unknown organization_id"), version)
		return
	}
	c := &rtmConn{s: s, version: version, done: make(chan struct{})}
	ws, cork, err := acceptWS(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		OnPingReceived: func(context.Context, []byte) bool {
			c.touch()
			return true
		},
		// A SockJS frame quotes every message in a JSON string: allow for the
		// escaping, and check each message against MaxBodyBytes after decoding.
	}, 2*s.cfg.MaxBodyBytes+64)
	if err != nil {
		return
	}
	hb := s.cfg.SockJSHeartbeat
	if hb <= 0 {
		hb = defaultSockJSHeartbeat
	}
	sock := newSockJSSocket(ws, s.cfg.MaxBodyBytes, hb)
	defer sock.wait()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err = ws.Write(ctx, websocket.MessageText, []byte("o"))
	cancel()
	if err != nil {
		sock.CloseNow()
		return
	}
	sock.startHeartbeat()
	c.ws, c.cork = sock, cork
	s.runRTM(c)
	sock.CloseNow()
}

// sockjsSocket adapts a WebSocket that speaks the SockJS websocket framing
// to rtmSocket. Server → client: "o" (open, sent before the session
// starts), "h" (heartbeat), a["<msg>",…] (messages) and c[code,"reason"]
// (close). Client → server: a JSON array of strings (or one JSON string).
type sockjsSocket struct {
	ws       *websocket.Conn
	maxMsg   int64
	interval time.Duration

	pending [][]byte // decoded messages not yet returned; Read's goroutine only

	stopOnce  sync.Once
	stop      chan struct{}
	hbStarted bool // set and read by the serving goroutine only
	hbDone    chan struct{}
	closing   sync.Once
}

func newSockJSSocket(ws *websocket.Conn, maxMsg int64, heartbeat time.Duration) *sockjsSocket {
	return &sockjsSocket{ws: ws, maxMsg: maxMsg, interval: heartbeat, stop: make(chan struct{}), hbDone: make(chan struct{})}
}

var errSockJSFraming = errors.New("emulator: broken SockJS framing")

func (s *sockjsSocket) startHeartbeat() {
	s.hbStarted = true
	go func() {
		defer close(s.hbDone)
		t := time.NewTicker(s.interval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				err := s.ws.Write(ctx, websocket.MessageText, []byte("h"))
				cancel()
				if err != nil {
					return
				}
			}
		}
	}()
}

// wait stops the heartbeat and waits for its goroutine, if it started.
func (s *sockjsSocket) wait() {
	s.stopHeartbeat()
	if s.hbStarted {
		<-s.hbDone
	}
}

func (s *sockjsSocket) stopHeartbeat() { s.stopOnce.Do(func() { close(s.stop) }) }

// Read returns the next client message (one RTM frame).
func (s *sockjsSocket) Read(ctx context.Context) (websocket.MessageType, []byte, error) {
	for len(s.pending) == 0 {
		_, data, err := s.ws.Read(ctx)
		if err != nil {
			return 0, nil, err
		}
		data = bytes.TrimSpace(data)
		if len(data) == 0 {
			continue
		}
		var msgs []string
		if data[0] == '[' {
			err = json.Unmarshal(data, &msgs)
		} else {
			var one string
			err = json.Unmarshal(data, &one)
			msgs = []string{one}
		}
		if err != nil {
			s.ws.CloseNow()
			return 0, nil, errSockJSFraming
		}
		for _, m := range msgs {
			if int64(len(m)) > s.maxMsg {
				s.ws.Close(websocket.StatusMessageTooBig, "message too big")
				return 0, nil, errSockJSFraming
			}
			s.pending = append(s.pending, []byte(m))
		}
	}
	m := s.pending[0]
	s.pending[0] = nil
	s.pending = s.pending[1:]
	return websocket.MessageText, m, nil
}

// Write sends p as one SockJS message: a["<p>"]. The session loop
// already orders a request's pushes after its response (rtmConn.enqueueFrame).
func (s *sockjsSocket) Write(ctx context.Context, _ websocket.MessageType, p []byte) error {
	return s.write(ctx, p)
}

func (s *sockjsSocket) write(ctx context.Context, p []byte) error {
	q, err := json.Marshal(string(p))
	if err != nil {
		return err
	}
	frame := make([]byte, 0, len(q)+3)
	frame = append(frame, 'a', '[')
	frame = append(frame, q...)
	frame = append(frame, ']')
	return s.ws.Write(ctx, websocket.MessageText, frame)
}

// Close sends c[code,"reason"] and closes the WebSocket with the same code.
func (s *sockjsSocket) Close(code websocket.StatusCode, reason string) error {
	s.stopHeartbeat()
	var err error
	s.closing.Do(func() {
		r, _ := json.Marshal(reason)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = s.ws.Write(ctx, websocket.MessageText, []byte("c["+strconv.Itoa(int(code))+","+string(r)+"]"))
		cancel()
		err = s.ws.Close(code, reason)
	})
	return err
}

// CloseNow closes the WebSocket without a close frame.
func (s *sockjsSocket) CloseNow() error {
	s.stopHeartbeat()
	return s.ws.CloseNow()
}
