package emulator_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/emulator"
)

// BenchmarkSerialRTMSendEvent: the emulator's CPU per serial RTM
// send_event — one logged-in agent, one request in flight, over TLS
// (wss on 127.0.0.1), SQLite in a file in WAL mode (the durable
// configuration of `livechat serve`): what a test suite making serial
// calls costs the emulator.
//
// The client runs in a child process (the test binary again, see
// TestSerialSendEventBenchClient), so this process holds only the
// emulator: its own CPU (getrusage, user+system) over the measured loop
// ÷ requests is the server's CPU per request, TLS, WebSocket, JSON,
// SQLite commit, push and all, and a CPU profile of this process
// (-cpuprofile) is a profile of the server alone. Every request is
// checked (the response must be the success of the request just sent and
// its incoming_event push must follow; benchSender). Reports the
// server's and the client's CPU per request and the p50/p99 latency
// (frame written → response read).
func BenchmarkSerialRTMSendEvent(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("needs getrusage")
	}
	dir := b.TempDir()
	srv := emulator.NewTest(b, emulator.Config{DataDir: dir, TLS: true})
	ca := srv.CACertFile()
	if ca == "" {
		b.Fatal("no CA file")
	}
	stdin, stdout := startBenchClient(b, "TestSerialSendEventBenchClient", "EMULATOR_SERIAL_BENCH_CLIENT")
	fmt.Fprintln(stdin, srv.URL())
	fmt.Fprintln(stdin, ca)
	fmt.Fprintln(stdin, srv.Credentials().Owner.Token)
	r := runBenchClient(b, stdin, stdout)
	b.ReportMetric(float64(r.serverCPU.Nanoseconds())/1000/float64(r.n), "server-cpu-µs/op")
	b.ReportMetric(float64(r.clientCPU.Nanoseconds())/1000/float64(r.n), "client-cpu-µs/op")
	b.ReportMetric(float64(r.p50.Nanoseconds())/1000, "p50-µs")
	b.ReportMetric(float64(r.p99.Nanoseconds())/1000, "p99-µs")
}

// TestSerialSendEventBenchClient is the client of
// BenchmarkSerialRTMSendEvent when run as its child process (skipped
// otherwise). Protocol on stdin: the server's URL, its CA file and an
// agent token; it logs in over wss, starts a chat and answers "ready",
// then reads the number of requests to send and answers
// "<requests> <elapsed> <p50> <p99> <cpu>" (durations in ns).
func TestSerialSendEventBenchClient(t *testing.T) {
	if os.Getenv("EMULATOR_SERIAL_BENCH_CLIENT") == "" {
		t.Skip("child process of BenchmarkSerialRTMSendEvent")
	}
	ctx := context.Background()
	in := bufio.NewScanner(os.Stdin)
	line := func() string {
		if !in.Scan() {
			t.Fatal("stdin closed")
		}
		return in.Text()
	}
	base, caFile, token := line(), line(), line()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("bad CA file")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	ws, _, err := websocket.Dial(ctx, rtmURL(base), &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(1 << 22)
	a := &benchAgent{ws: ws}
	if _, err := a.call(ctx, "login", M{"token": "Bearer " + token}); err != nil {
		t.Fatal(err)
	}
	r, err := a.call(ctx, "start_chat", M{})
	if err != nil {
		t.Fatal(err)
	}
	var sc struct {
		ChatID string `json:"chat_id"`
	}
	if err := json.Unmarshal(r, &sc); err != nil || sc.ChatID == "" {
		t.Fatalf("start_chat: %s", r)
	}
	a.chat = sc.ChatID
	// Warm up (TLS session, buffers, prepared statements), unmeasured.
	warm := newBenchSender(a, 200)
	if err := warm.run(ctx); err != nil {
		t.Fatal(err)
	}
	a.n += warm.n
	fmt.Println("ready")
	total, err := strconv.Atoi(line())
	if err != nil {
		t.Fatal(err)
	}
	s := newBenchSender(a, total)
	runtime.GC()
	cpu0 := cpuTime()
	start := time.Now()
	if err := s.run(ctx); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	lat := slices.Clone(s.lat)
	slices.Sort(lat)
	if len(lat) == 0 {
		lat = []time.Duration{0}
	}
	fmt.Println(len(s.lat), int64(elapsed), int64(lat[len(lat)/2]), int64(lat[len(lat)*99/100]), int64(cpu))
}
