package web_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// TestDefaultClientPools: 10 callers making 500 calls through a transport
// built without WithHTTPClient reuse their connections: the server sees
// at most 12 of them. (Go's default transport keeps 2 idle connections per
// host, so the same run opened dozens to hundreds.)
func TestDefaultClientPools(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"event_id":"E1"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	tr, err := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Config().HTTPClient != livechat.DefaultHTTPClient() {
		t.Fatal("the transport does not use the SDK's default client")
	}
	const callers, calls = 10, 50
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				var resp struct {
					EventID string `json:"event_id"`
				}
				if err := tr.Call(context.Background(), "send_event", map[string]any{"chat_id": "C"}, &resp); err != nil || resp.EventID != "E1" {
					t.Errorf("call: %v %+v", err, resp)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := conns.Load(); n > 12 {
		t.Errorf("%d connections for %d calls at %d in flight, want ≤ 12", n, callers*calls, callers)
	}
	t.Logf("%d connections for %d calls at %d in flight", conns.Load(), callers*calls, callers)
}

// TestDefaultTransportSettings pins what the default client promises.
func TestDefaultTransportSettings(t *testing.T) {
	hc := livechat.DefaultHTTPClient()
	ht, ok := hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T", hc.Transport)
	}
	if ht.MaxIdleConnsPerHost < 10 || ht.MaxIdleConns < ht.MaxIdleConnsPerHost || ht.DisableKeepAlives ||
		!ht.ForceAttemptHTTP2 || ht.Proxy == nil || hc.Timeout == 0 {
		t.Errorf("default transport: idle/host %d idle %d keep-alives off %v h2 %v proxy %v timeout %v",
			ht.MaxIdleConnsPerHost, ht.MaxIdleConns, ht.DisableKeepAlives, ht.ForceAttemptHTTP2, ht.Proxy != nil, hc.Timeout)
	}
	if livechat.NewHTTPTransport() == ht {
		t.Error("NewHTTPTransport returned the shared transport")
	}
}

// TestUserClientUntouched: a client given with WithHTTPClient is used as
// it is, and its settings are not changed.
func TestUserClientUntouched(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	var trips atomic.Int32
	base := &http.Transport{MaxIdleConnsPerHost: 1}
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		trips.Add(1)
		return base.RoundTrip(r)
	})}
	defer base.CloseIdleConnections()
	tr, err := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL), livechat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Call(context.Background(), "list_chats", nil, nil); err != nil {
		t.Fatal(err)
	}
	if tr.Config().HTTPClient != hc || trips.Load() != 1 || hc.Timeout != 0 || base.MaxIdleConnsPerHost != 1 {
		t.Errorf("user client: same %v, trips %d, timeout %v, idle/host %d",
			tr.Config().HTTPClient == hc, trips.Load(), hc.Timeout, base.MaxIdleConnsPerHost)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
