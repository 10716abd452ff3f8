package rtm

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
)

// The benchmarks compare the RTM client with a raw coder/websocket client
// sending the same frames to the same minimal in-process server, in the
// same run:
//
//	go test -run '^$' -bench RoundTrip -benchtime 3s -count 3 ./transport/rtm/
//
// "serial" sends one request at a time; "inflight10" keeps 10 requests in
// flight (the server limit). Each benchmark reports ns/op (the inverse of
// throughput), p50-ns and mean-ns, the median and mean round-trip latency.

// benchServer answers every request at once: login with a small profile,
// send_event with an event_id, anything else with {}.
func benchServer(b *testing.B) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
		if err != nil {
			return
		}
		defer ws.CloseNow()
		ctx := context.Background()
		for {
			_, data, err := ws.Read(ctx)
			if err != nil {
				return
			}
			var req struct {
				RequestID string `json:"request_id"`
				Action    string `json:"action"`
			}
			if json.Unmarshal(data, &req) != nil {
				return
			}
			payload := `{}`
			switch req.Action {
			case "login":
				payload = `{"license":{"id":"1"},"my_profile":{"id":"a@example.com","type":"agent"}}`
			case "send_event":
				payload = `{"event_id":"K600PKZON8_1"}`
			}
			resp := `{"request_id":"` + req.RequestID + `","action":"` + req.Action + `","type":"response","success":true,"payload":` + payload + `}`
			if ws.Write(ctx, websocket.MessageText, []byte(resp)) != nil {
				return
			}
		}
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

type benchCase struct {
	action  string
	payload string
}

var benchCases = []benchCase{
	{"ping", `{}`},
	{"send_event", `{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"Hello, this is a benchmark message.","visibility":"all"}}`},
}

type benchEvent struct {
	Type       string `json:"type"`
	Text       string `json:"text"`
	Visibility string `json:"visibility"`
}

type benchSendEvent struct {
	ChatID string     `json:"chat_id"`
	Event  benchEvent `json:"event"`
}

func BenchmarkRoundTrip(b *testing.B) {
	for _, bc := range benchCases {
		for _, inflight := range []int{1, 10} {
			mode := "serial"
			if inflight > 1 {
				mode = "inflight10"
			}
			b.Run(bc.action+"/"+mode+"/raw", func(b *testing.B) { benchRaw(b, bc, inflight) })
			b.Run(bc.action+"/"+mode+"/rtm", func(b *testing.B) { benchRTM(b, bc, inflight) })
		}
	}
}

func reportP50(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(sum.Nanoseconds())/float64(len(lat)), "mean-ns")
}

// benchRaw is the baseline: frames built by hand and written straight to
// the socket, answers read by a second goroutine and matched by
// request_id, a window of inflight requests (a channel of tokens).
func benchRaw(b *testing.B, bc benchCase, inflight int) {
	base := benchServer(b)
	ctx := context.Background()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/v3.6/agent/rtm/ws", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(DefaultReadLimit)
	sent := make([]time.Time, b.N+1)
	lat := make([]time.Duration, 0, b.N)
	tokens := make(chan struct{}, inflight)
	readerDone := make(chan struct{})
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		defer close(readerDone)
		for range b.N {
			_, data, err := ws.Read(ctx)
			if err != nil {
				b.Error(err)
				return
			}
			var f inFrame
			if err := json.Unmarshal(data, &f); err != nil || f.Type != "response" {
				b.Errorf("bad answer %s", data)
				return
			}
			var resp struct {
				EventID string `json:"event_id"`
			}
			if err := json.Unmarshal(f.Payload, &resp); err != nil {
				b.Error(err)
				return
			}
			id, _ := strconv.Atoi(string(f.RequestID))
			lat = append(lat, time.Since(sent[id]))
			<-tokens
		}
	}()
	for i := 1; i <= b.N; i++ {
		tokens <- struct{}{}
		id := strconv.Itoa(i)
		frame := buildFrame(id, bc.action, []byte(bc.payload))
		sent[i] = time.Now()
		if err := ws.Write(ctx, websocket.MessageText, frame); err != nil {
			b.Fatal(err)
		}
	}
	<-readerDone
	b.StopTimer()
	reportP50(b, lat)
}

// benchRTM runs the same requests through Conn.Call from inflight
// goroutines.
func benchRTM(b *testing.B, bc benchCase, inflight int) {
	base := benchServer(b)
	ctx := context.Background()
	c, err := Dial(ctx, livechat.NewBearerToken("dal:bench"), WithConfig(livechat.WithBaseURL(base)))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	var req any
	if bc.action == "send_event" {
		req = benchSendEvent{ChatID: "PJ0MRSHTDG", Event: benchEvent{Type: "message", Text: "Hello, this is a benchmark message.", Visibility: "all"}}
	}
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	var wg sync.WaitGroup
	work := make(chan struct{}, b.N)
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	b.ReportAllocs()
	b.ResetTimer()
	for range inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, b.N/inflight+1)
			for range work {
				var resp struct {
					EventID string `json:"event_id"`
				}
				t0 := time.Now()
				if err := c.Call(ctx, bc.action, req, &resp); err != nil {
					b.Error(err)
					return
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	b.StopTimer()
	reportP50(b, lat)
}
