package apitest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/api/validate"
)

// RTMProxy starts a relay on 127.0.0.1 in front of the server at base
// (an http:// base URL such as the emulator's) and returns the relay's
// base URL. A client given it instead of base talks to the same server:
// RTM WebSockets (/v<version>/<api>/rtm/ws) are relayed frame by frame,
// anything else is reverse-proxied. Every frame the server sends on a
// WebSocket is checked on the way through: an answer with CheckRTMAnswer,
// a push with CheckPushFrame, the API (agent or customer) taken from the
// path and the version from the frame (else the path). Close codes and
// reasons are passed on both ways.
//
// This holds a typed client (transport/rtm) to the description without
// touching it: dial with livechat.WithBaseURL(RTMProxy(t, srv.URL())).
// The relay and its connections are closed when the test ends.
func RTMProxy(t testing.TB, base string) string {
	t.Helper()
	v, err := validate.Default()
	if err != nil {
		t.Fatalf("apitest: %v", err)
	}
	target, err := url.Parse(base)
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") {
		t.Fatalf("apitest: RTMProxy: base %q is not an http(s) URL", base)
	}
	p := &rtmProxy{t: t, v: v, target: target, rp: httputil.NewSingleHostReverseProxy(target)}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	srv := httptest.NewServer(p)
	t.Cleanup(func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
		p.cancel() // ends every relay (both sockets are closed)
		p.wg.Wait()
		srv.Close()
	})
	return srv.URL
}

type rtmProxy struct {
	t      testing.TB
	v      *validate.Validator
	target *url.URL
	rp     *httputil.ReverseProxy
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool // the test ended: no new relay
}

// rtmPath returns the API and version of an RTM WebSocket path
// "/v3.6/agent/rtm/ws".
func rtmPath(path string) (apiName, version string, ok bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 4 || !strings.HasPrefix(parts[0], "v") || parts[2] != "rtm" || parts[3] != "ws" {
		return "", "", false
	}
	return parts[1], strings.TrimPrefix(parts[0], "v"), true
}

func (p *rtmProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	apiName, version, ok := rtmPath(r.URL.Path)
	if !ok || !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		p.rp.ServeHTTP(w, r)
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		http.Error(w, "apitest: RTMProxy: the test ended", http.StatusServiceUnavailable)
		return
	}
	p.wg.Add(1)
	p.mu.Unlock()
	defer p.wg.Done()
	up := *p.target
	up.Scheme = strings.Replace(up.Scheme, "http", "ws", 1)
	up.Path, up.RawQuery = r.URL.Path, r.URL.RawQuery
	hdr := http.Header{}
	for _, k := range []string{"Origin", "User-Agent", "Cookie", "Authorization"} {
		if v := r.Header.Get(k); v != "" {
			hdr.Set(k, v)
		}
	}
	server, resp, err := websocket.Dial(p.ctx, up.String(), &websocket.DialOptions{HTTPHeader: hdr})
	if err != nil {
		status := http.StatusBadGateway
		if resp != nil {
			status = resp.StatusCode // the server refused the handshake: say the same
		}
		http.Error(w, "apitest: RTMProxy: "+err.Error(), status)
		return
	}
	client, err := websocket.Accept(w, r, nil)
	if err != nil {
		server.CloseNow()
		return
	}
	client.SetReadLimit(-1)
	server.SetReadLimit(-1)
	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		relay(ctx, client, server, nil)
		cancel()
	}()
	relay(ctx, server, client, func(b []byte) { p.check(apiName, version, b) })
	cancel()
	<-done
}

// relay copies messages from src to dst (calling inspect on each) until
// either side fails, then closes dst as src was closed.
func relay(ctx context.Context, src, dst *websocket.Conn, inspect func([]byte)) {
	for {
		typ, b, err := src.Read(ctx)
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				dst.Close(ce.Code, ce.Reason)
			} else {
				dst.CloseNow()
			}
			return
		}
		if inspect != nil && typ == websocket.MessageText {
			inspect(b)
		}
		if err := dst.Write(ctx, typ, b); err != nil {
			src.CloseNow()
			return
		}
	}
}

// check validates one frame the server sent.
func (p *rtmProxy) check(apiName, version string, b []byte) {
	var f struct {
		Version string          `json:"version"`
		Action  string          `json:"action"`
		Type    string          `json:"type"`
		Success *bool           `json:"success"`
		Payload json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(b, &f) != nil {
		return // not a frame; the client reports it
	}
	if f.Version != "" {
		version = f.Version
	}
	switch f.Type {
	case "push":
		CheckPushFrame(p.t, p.v, apiName, version, f.Action, f.Payload)
	case "response":
		CheckRTMAnswer(p.t, p.v, apiName, version, f.Action, f.Success != nil && *f.Success, f.Payload)
	}
}
