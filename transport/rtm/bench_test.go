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
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
)

// The benchmarks compare the RTM client with a minimal raw
// coder/websocket client sending the same frames to the same minimal
// in-process server, in the same run:
//
//	go test -run '^$' -bench RoundTrip -benchtime 2s -count 5 ./transport/rtm/
//
// Both sides start each request from the same Go value (nil for ping, a
// benchSendEvent struct for send_event) and end it when the calling
// goroutine holds the answer's payload decoded into a struct; that interval
// is the latency reported as p50-ns and mean-ns. ns/op is wall time divided
// by the number of requests (the inverse of throughput).
//
// "serial" is one caller goroutine doing one request at a time. The raw
// baseline is the minimum for that: build the frame, Write, Read on the same
// goroutine, check request_id and type, decode the payload.
//
// "inflight10" is 10 caller goroutines, each doing one request at a time
// (so at most 10 in flight, the server limit). The raw baseline is the
// minimal hand-written concurrent client: each caller registers a reusable
// buffered channel under its request_id in a mutex-protected map, builds the
// frame and Writes it; one reader goroutine Reads, decodes the envelope,
// hands the payload to the channel registered for that request_id, and the
// caller decodes the payload. The RTM side is 10 goroutines calling
// Conn.Call with a ctx without deadline (so the default request timeout
// applies).

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

type benchEvent struct {
	Type       string `json:"type"`
	Text       string `json:"text"`
	Visibility string `json:"visibility"`
}

type benchSendEvent struct {
	ChatID string     `json:"chat_id"`
	Event  benchEvent `json:"event"`
}

type benchAnswer struct {
	EventID string `json:"event_id"`
}

// rawEnvelope is what the raw client decodes of an answer: plain
// encoding/json, only the fields it needs.
type rawEnvelope struct {
	RequestID string          `json:"request_id"`
	Type      string          `json:"type"`
	Payload   json.RawMessage `json:"payload"`
}

type benchCase struct {
	action  string
	request any // nil for ping
}

var benchCases = []benchCase{
	{"ping", nil},
	{"send_event", benchSendEvent{ChatID: "PJ0MRSHTDG", Event: benchEvent{Type: "message", Text: "Hello, this is a benchmark message.", Visibility: "all"}}},
}

func BenchmarkRoundTrip(b *testing.B) {
	for _, bc := range benchCases {
		for _, inflight := range []int{1, 10} {
			mode := "serial"
			if inflight > 1 {
				mode = "inflight10"
			}
			b.Run(bc.action+"/"+mode+"/raw", func(b *testing.B) {
				if inflight == 1 {
					benchRawSerial(b, bc)
				} else {
					benchRawConcurrent(b, bc, inflight)
				}
			})
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

func rawDial(b *testing.B) *websocket.Conn {
	base := benchServer(b)
	ws, _, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(base, "http")+"/v3.6/agent/rtm/ws", nil)
	if err != nil {
		b.Fatal(err)
	}
	ws.SetReadLimit(DefaultReadLimit)
	return ws
}

// rawFrame appends the request frame for id to buf: the envelope by hand,
// the payload encoded from the request value.
func rawFrame(buf []byte, id uint64, action string, request any) ([]byte, error) {
	buf = append(buf, `{"request_id":"`...)
	buf = strconv.AppendUint(buf, id, 10)
	buf = append(buf, `","action":"`...)
	buf = append(buf, action...)
	buf = append(buf, `","payload":`...)
	if request == nil {
		buf = append(buf, `{}`...)
	} else {
		p, err := json.Marshal(request)
		if err != nil {
			return nil, err
		}
		buf = append(buf, p...)
	}
	return append(buf, '}'), nil
}

// benchRawSerial: one goroutine builds the frame, writes it, reads the
// answer and decodes it.
func benchRawSerial(b *testing.B, bc benchCase) {
	ws := rawDial(b)
	defer ws.CloseNow()
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		t0 := time.Now()
		frame, err := rawFrame(buf[:0], uint64(i), bc.action, bc.request)
		if err != nil {
			b.Fatal(err)
		}
		buf = frame
		if err := ws.Write(ctx, websocket.MessageText, frame); err != nil {
			b.Fatal(err)
		}
		_, data, err := ws.Read(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var f rawEnvelope
		if err := json.Unmarshal(data, &f); err != nil || f.Type != "response" || f.RequestID != strconv.Itoa(i) {
			b.Fatalf("bad answer %s", data)
		}
		var resp benchAnswer
		if err := json.Unmarshal(f.Payload, &resp); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportP50(b, lat)
}

// benchRawConcurrent: callers goroutines, one reader goroutine matching
// answers to callers by request_id.
func benchRawConcurrent(b *testing.B, bc benchCase, callers int) {
	ws := rawDial(b)
	defer ws.CloseNow()
	ctx := context.Background()
	var (
		mu      sync.Mutex
		pending = map[string]chan json.RawMessage{}
		seq     atomic.Uint64
		left    atomic.Int64
	)
	left.Store(int64(b.N))
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for {
			_, data, err := ws.Read(ctx)
			if err != nil {
				return // the socket is closed when the callers are done
			}
			var f rawEnvelope
			if err := json.Unmarshal(data, &f); err != nil || f.Type != "response" {
				b.Errorf("bad answer %s", data)
				return
			}
			mu.Lock()
			ch := pending[f.RequestID]
			delete(pending, f.RequestID)
			mu.Unlock()
			if ch == nil {
				b.Errorf("answer to an unknown request %s", data)
				return
			}
			ch <- f.Payload
		}
	}()
	var lmu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, b.N/callers+1)
			ch := make(chan json.RawMessage, 1)
			var buf []byte
			for left.Add(-1) >= 0 {
				t0 := time.Now()
				id := seq.Add(1)
				frame, err := rawFrame(buf[:0], id, bc.action, bc.request)
				if err != nil {
					b.Error(err)
					return
				}
				buf = frame
				mu.Lock()
				pending[strconv.FormatUint(id, 10)] = ch
				mu.Unlock()
				if err := ws.Write(ctx, websocket.MessageText, frame); err != nil {
					b.Error(err)
					return
				}
				payload := <-ch
				var resp benchAnswer
				if err := json.Unmarshal(payload, &resp); err != nil {
					b.Error(err)
					return
				}
				local = append(local, time.Since(t0))
			}
			lmu.Lock()
			lat = append(lat, local...)
			lmu.Unlock()
		}()
	}
	wg.Wait()
	b.StopTimer()
	ws.CloseNow()
	<-readerDone
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
	var left atomic.Int64
	left.Store(int64(b.N))
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for range inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, b.N/inflight+1)
			for left.Add(-1) >= 0 {
				t0 := time.Now()
				var resp benchAnswer
				if err := c.Call(ctx, bc.action, bc.request, &resp); err != nil {
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
