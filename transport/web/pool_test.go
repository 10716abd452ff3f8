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

// TestDefaultClientPools: a transport built without WithHTTPClient, used
// by 10 callers in 20 rounds of exactly 10 calls in flight (the server
// answers a round only once all 10 requests arrived, so 10 connections are
// busy at once, then all go idle together), keeps its 10 connections: the
// server sees at most 12. Go's default transport keeps 2 idle connections
// per host, so with it every round closes 8 and opens 8 again (≈ 160).
func TestDefaultClientPools(t *testing.T) {
	const callers, rounds = 10, 20
	var (
		conns   atomic.Int32
		mu      sync.Mutex
		arrived int
		release = make(chan struct{})
	)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gate := release
		if arrived++; arrived == callers {
			arrived, release = 0, make(chan struct{})
			close(gate)
		}
		mu.Unlock()
		<-gate
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
	for range rounds {
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var resp struct {
					EventID string `json:"event_id"`
				}
				if err := tr.Call(context.Background(), "send_event", map[string]any{"chat_id": "C"}, &resp); err != nil || resp.EventID != "E1" {
					t.Errorf("call: %v %+v", err, resp)
				}
			}()
		}
		wg.Wait()
	}
	if n := conns.Load(); n > 12 {
		t.Errorf("%d connections for %d rounds of %d calls in flight, want ≤ 12", n, rounds, callers)
	}
	t.Logf("%d connections for %d rounds of %d calls in flight", conns.Load(), rounds, callers)
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
