package rtm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

func TestEncodeFrameMatchesMarshal(t *testing.T) {
	type req struct {
		ChatID string `json:"chat_id"`
		HTML   string `json:"html,omitempty"`
		N      int    `json:"n"`
	}
	var nilPtr *req
	for _, tc := range []struct {
		name    string
		request any
		payload string
	}{
		{"nil", nil, `{}`},
		{"struct", req{ChatID: "X", HTML: "<b>&</b>", N: 3}, `{"chat_id":"X","html":"\u003cb\u003e\u0026\u003c/b\u003e","n":3}`},
		{"nil pointer", nilPtr, `{}`},
		{"map", map[string]any{"a": []int{1, 2}}, `{"a":[1,2]}`},
		{"raw", json.RawMessage(`{"x": 1}`), `{"x": 1}`},
		{"empty raw", json.RawMessage(nil), `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := encodeFrame(42, "do_it", tc.request)
			if err != nil {
				t.Fatal(err)
			}
			want := `{"request_id":"42","action":"do_it","payload":` + tc.payload + `}`
			if got := f.b.String(); got != want {
				t.Errorf("frame = %s, want %s", got, want)
			}
			if tc.name == "struct" {
				m, _ := json.Marshal(tc.request)
				if !bytes.Contains(f.b.Bytes(), m) {
					t.Errorf("payload differs from json.Marshal: %s", m)
				}
			}
			putFrame(f)
		})
	}
	if _, err := encodeFrame(1, "x", json.RawMessage(`{`)); err == nil {
		t.Error("invalid raw request accepted")
	}
	if _, err := encodeFrame(1, "x", make(chan int)); err == nil {
		t.Error("unencodable request accepted")
	}
	if f := payloadFrame(7, "ping", emptyObject); f.b.String() != `{"request_id":"7","action":"ping","payload":{}}` {
		t.Errorf("payloadFrame = %s", f.b.String())
	}
}

func TestInFrameDecoding(t *testing.T) {
	for _, tc := range []struct {
		in      string
		id      string
		callID  uint64
		isCall  bool
		action  string
		typ     string
		success optBool
		payload string
		bad     bool
	}{
		{in: `{"request_id":"12","action":"ping","type":"response","success":true,"payload":{}}`, id: "12", callID: 12, isCall: true, action: "ping", typ: "response", success: boolTrue, payload: `{}`},
		{in: `{"request_id":12,"type":"response","success":false,"payload":{"error":{}}}`, id: "12", callID: 12, isCall: true, typ: "response", success: boolFalse, payload: `{"error":{}}`},
		{in: `{"request_id":"\u0031\u0032","action":"p\u00e9","type":"push"}`, id: "12", callID: 12, isCall: true, action: "pé", typ: "push"},
		{in: `{"request_id":"012","type":"response","success":null}`, id: "012", typ: "response"},
		{in: `{"request_id":"abc","type":"push"}`, id: "abc", typ: "push"},
		{in: `{"request_id":null,"action":null,"type":"push"}`, typ: "push"},
		{in: `{"type":5}`, bad: true},
		{in: `{"action":{}}`, bad: true},
		{in: `{"success":"yes"}`, bad: true},
		{in: `{"request_id":[1],"type":"push"}`, id: "[1]", typ: "push"}, // as before: kept as text, matches no call
	} {
		var f inFrame
		err := json.Unmarshal([]byte(tc.in), &f)
		if tc.bad {
			if err == nil {
				t.Errorf("%s: accepted", tc.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		id, ok := f.RequestID.callID()
		if string(f.RequestID) != tc.id || id != tc.callID || ok != tc.isCall || string(f.Action) != tc.action ||
			string(f.Type) != tc.typ || f.Success != tc.success || string(f.Payload) != tc.payload {
			t.Errorf("%s: got id %q (%d %v) action %q type %q success %d payload %s", tc.in,
				f.RequestID, id, ok, f.Action, f.Type, f.Success, f.Payload)
		}
	}
}

func TestReadMessage(t *testing.T) {
	msg := strings.Repeat("x", 10000)
	for _, limit := range []int64{1, 9999, 10000, 10001, 1 << 62, 1<<63 - 1} {
		for _, r := range []func() io.Reader{
			func() io.Reader { return strings.NewReader(msg) },
			func() io.Reader { return iotest.OneByteReader(strings.NewReader(msg)) },
			func() io.Reader { return iotest.DataErrReader(strings.NewReader(msg)) },
		} {
			got, err := readMessage(r(), limit, make([]byte, 0, 16))
			if limit < int64(len(msg)) {
				if !errors.Is(err, errTooBig) || len(got) != min(256, int(limit)+1) {
					t.Errorf("limit %d: got %d bytes, %v; want the head and errTooBig", limit, len(got), err)
				}
				continue
			}
			if err != nil || string(got) != msg {
				t.Errorf("limit %d: got %d bytes, %v", limit, len(got), err)
			}
		}
	}
	if _, err := readMessage(iotest.ErrReader(io.ErrUnexpectedEOF), 100, nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read error: %v", err)
	}
}

// TestRecycledCallsUnderTimeouts races answers against per-call timeouts
// (ctx deadlines and the request timeout, ended by the Conn's expiry
// timer) so that recycled calls and frames would hand a caller someone
// else's answer if any of them were reused too early.
func TestRecycledCallsUnderTimeouts(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action != "echo" {
			return false
		}
		go func() {
			time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond)
			_ = sc.respond(f, f.Payload)
		}()
		return true
	}
	// The request timeout also bounds the login (twice over): connect in
	// the background so that a slow login is retried rather than fatal.
	c := dialTest(t, s, WithRequestTimeout(5*time.Millisecond), WithBackgroundConnect())
	<-c.Ready()
	var wg sync.WaitGroup
	var ok, timedOut atomic.Int64
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				n := g*1000 + i
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				switch {
				case g%4 == 0: // always answered
					ctx, cancel = context.WithTimeout(ctx, time.Minute)
				case i%2 == 0:
					ctx, cancel = context.WithTimeout(ctx, time.Duration(rand.IntN(8000))*time.Microsecond)
				}
				var resp struct{ N int }
				err := c.Call(ctx, "echo", map[string]int{"n": n}, &resp)
				cancel()
				switch {
				case err == nil:
					ok.Add(1)
					if resp.N != n {
						t.Errorf("call %d got the answer of call %d", n, resp.N)
					}
				case errors.Is(err, context.DeadlineExceeded):
					timedOut.Add(1)
				default:
					t.Errorf("call %d: %v", n, err)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d answered, %d timed out", ok.Load(), timedOut.Load())
	if ok.Load() == 0 || timedOut.Load() == 0 {
		t.Errorf("the test did not exercise both outcomes: %d answered, %d timed out", ok.Load(), timedOut.Load())
	}
}
