package apitest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/api/apitest"
)

// recTB records what the helpers report instead of failing the test.
type recTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recTB) Helper() {}

func (r *recTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recTB) reports() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// TestWebhooks: the wrapped receiver still gets every delivery, body
// intact; a delivery that does not match its webhooks entry is reported
// with the JSON path of the bad member, its secret_key masked.
func TestWebhooks(t *testing.T) {
	rec := &recTB{TB: t}
	var got [][]byte
	var mu sync.Mutex
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, b)
		mu.Unlock()
	})
	srv := httptest.NewServer(apitest.Webhooks(rec, next))
	defer srv.Close()
	good := `{"webhook_id":"w","secret_key":"s","action":"tag_created","payload":{"name":"vip"}}`
	const secret = "whsec-topsecret-9f3a"
	bad := `{"webhook_id":"w","secret_key":"` + secret + `","action":"tag_created","payload":{"name":["vip"]}}`
	for _, body := range []string{good, bad} {
		resp, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if len(got) != 2 || string(got[0]) != good || string(got[1]) != bad {
		t.Fatalf("the receiver got %q", got)
	}
	errs := rec.reports()
	if len(errs) != 1 || !strings.Contains(errs[0], "/payload/name") || !strings.Contains(errs[0], "tag_created") {
		t.Fatalf("reports %q, want one naming /payload/name", errs)
	}
	if strings.Contains(errs[0], secret) || !strings.Contains(errs[0], `"secret_key":"[REDACTED]"`) {
		t.Fatalf("report %q: want the delivery's secret_key masked", errs[0])
	}
}

// TestRTMProxy: frames are relayed both ways unchanged; the server's
// answers and pushes are checked on the way (a bad one is reported with
// its JSON path, an unknown push as unknown), the server's close code and
// reason reach the client, and other requests are reverse-proxied.
func TestRTMProxy(t *testing.T) {
	frames := []string{
		`{"request_id":"1","action":"send_event","type":"response","success":true,"payload":{"event_id":"E1"}}`,
		`{"version":"3.6","action":"chat_unfollowed","type":"push","payload":{"chat_id":"C1"}}`,
		`{"version":"3.6","action":"chat_unfollowed","type":"push","payload":{"chat_id":7}}`,
		`{"version":"3.6","action":"no_such_push","type":"push","payload":{}}`,
		`{"request_id":"2","action":"send_event","type":"response","success":true,"payload":{}}`,
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v3.6/agent/rtm/ws" {
			io.WriteString(w, "plain "+r.URL.Path)
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		_, msg, err := c.Read(r.Context())
		if err != nil || !bytes.Contains(msg, []byte(`"login"`)) {
			c.Close(websocket.StatusProtocolError, "want login")
			return
		}
		for _, f := range frames {
			if c.Write(r.Context(), websocket.MessageText, []byte(f)) != nil {
				return
			}
		}
		c.Close(websocket.StatusCode(4001), "bye")
	}))
	defer upstream.Close()
	rec := &recTB{TB: t}
	base := apitest.RTMProxy(rec, upstream.URL)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	resp, err := http.Get(base + "/other")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "plain /other" {
		t.Fatalf("reverse proxy answered %q", body)
	}
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/v3.6/agent/rtm/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"action":"login","request_id":"0","payload":{}}`)); err != nil {
		t.Fatal(err)
	}
	for i, want := range frames {
		_, got, err := c.Read(ctx)
		if err != nil || string(got) != want {
			t.Fatalf("frame %d: %s, %v; want %s", i, got, err, want)
		}
	}
	_, _, err = c.Read(ctx)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4001 || ce.Reason != "bye" {
		t.Fatalf("close: %v, want 4001 bye", err)
	}
	errs := rec.reports()
	want := []string{"/chat_id", "no_such_push", "/event_id"}
	if len(errs) != len(want) {
		t.Fatalf("reports %q, want %d naming %q", errs, len(want), want)
	}
	for i, w := range want {
		if !strings.Contains(errs[i], w) {
			t.Errorf("report %d = %q, want it to name %s", i, errs[i], w)
		}
	}
}
