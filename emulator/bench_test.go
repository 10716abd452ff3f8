package emulator_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// benchAgent is a minimal RTM client for benchmarks: one request in flight.
type benchAgent struct {
	ws   *websocket.Conn
	chat string
	n    int
}

func (a *benchAgent) call(ctx context.Context, action string, payload any) (json.RawMessage, error) {
	a.n++
	rid := strconv.Itoa(a.n)
	b, _ := json.Marshal(M{"action": action, "request_id": rid, "payload": payload})
	if err := a.ws.Write(ctx, websocket.MessageText, b); err != nil {
		return nil, err
	}
	for {
		_, data, err := a.ws.Read(ctx)
		if err != nil {
			return nil, err
		}
		var f frame
		if json.Unmarshal(data, &f) != nil || f.Type != "response" || f.RequestID != rid {
			continue
		}
		if !*f.Success {
			return nil, fmt.Errorf("%s: %s", action, f.Payload)
		}
		return f.Payload, nil
	}
}

func rtmURL(base string) string {
	return "ws" + strings.TrimPrefix(base, "http") + "/v3.6/agent/rtm/ws"
}

// BenchmarkSendEventRTM100: persisted send_event over RTM from 100
// concurrent logged-in agents, each in its own chat, one request in flight
// per agent. "file" is SQLite in WAL mode, "memory" the in-memory baseline
// measured in the same run. The 100 clients run in a child process (the
// test binary again, see TestSendEventBenchClient) so that the server's
// own CPU time per event can be measured apart from the load generator's;
// both share the machine's cores. Reports events/s, p50/p99 request
// latency (frame written → response read, measured by the client) and
// the CPU time per event of the server and of the client process.
func BenchmarkSendEventRTM100(b *testing.B) {
	b.Run("file", func(b *testing.B) { benchSendEvent(b, b.TempDir()) })
	b.Run("memory", func(b *testing.B) { benchSendEvent(b, store.Memory) })
}

const benchAgents = 100

func benchSendEvent(b *testing.B, dir string) {
	if runtime.GOOS != "linux" {
		b.Skip("needs getrusage")
	}
	srv := emulator.NewTest(b, emulator.Config{DataDir: dir})
	ctx := context.Background()
	stdin, stdout := startBenchClient(b, "TestSendEventBenchClient", "EMULATOR_BENCH_CLIENT")
	fmt.Fprintln(stdin, srv.URL())
	for i := 0; i < benchAgents; i++ {
		cred, err := srv.CreateAgent(ctx, emulator.AgentSpec{ID: fmt.Sprintf("bench%03d@example.com", i)})
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintln(stdin, cred.Token)
	}
	r := runBenchClient(b, stdin, stdout)
	b.ReportMetric(float64(r.n)/r.elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(r.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(r.serverCPU.Microseconds())/float64(r.n), "server-cpu-µs/event")
	b.ReportMetric(float64(r.clientCPU.Microseconds())/float64(r.n), "client-cpu-µs/event")
}

// benchReport is what a benchmark's client process reports for one run,
// with this (server) process's CPU time over it.
type benchReport struct {
	n                                       int
	elapsed, p50, p99, clientCPU, serverCPU time.Duration
}

// runBenchClient speaks the protocol of the benchmarks' child clients: wait
// for "ready", send b.N, read "<requests> <elapsed> <p50> <p99> <cpu>"
// (durations in ns). The benchmark timer covers the run only.
// startBenchClient starts this test binary again as a benchmark's client
// process: it runs only the test named test, with env set to 1 (the test
// skips itself otherwise). The client ends when the benchmark run does
// (its stdin is closed, then it is waited for).
func startBenchClient(b *testing.B, test, env string) (io.Writer, io.Reader) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"=1")
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	return stdin, stdout
}

func runBenchClient(b *testing.B, stdin io.Writer, stdout io.Reader) benchReport {
	b.Helper()
	rd := bufio.NewScanner(stdout)
	if !rd.Scan() || rd.Text() != "ready" {
		b.Fatalf("bench client: %q", rd.Text())
	}
	runtime.GC()
	b.ResetTimer()
	cpu0 := cpuTime()
	fmt.Fprintln(stdin, b.N)
	if !rd.Scan() {
		b.Fatal("bench client died")
	}
	cpu1 := cpuTime()
	b.StopTimer()
	var n int
	var elapsed, p50, p99, clientCPU time.Duration
	if _, err := fmt.Sscan(rd.Text(), &n, &elapsed, &p50, &p99, &clientCPU); err != nil || n != b.N {
		b.Fatalf("bench client: %q", rd.Text())
	}
	return benchReport{n: n, elapsed: elapsed, p50: p50, p99: p99, clientCPU: clientCPU, serverCPU: cpu1 - cpu0}
}

// cpuTime is this process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestSendEventBenchClient is the load generator of BenchmarkSendEventRTM100
// when run as its child process (skipped otherwise). Protocol on stdin:
// the server URL, one agent token per line; it answers "ready" once every
// agent is logged in with a chat, then reads the number of events to send
// and answers "<events> <elapsed> <p50> <p99> <cpu>" (durations in ns).
func TestSendEventBenchClient(t *testing.T) {
	if os.Getenv("EMULATOR_BENCH_CLIENT") == "" {
		t.Skip("child process of BenchmarkSendEventRTM100")
	}
	ctx := context.Background()
	in := bufio.NewScanner(os.Stdin)
	in.Scan()
	base := in.Text()
	clients := make([]*benchAgent, benchAgents)
	for i := range clients {
		in.Scan()
		ws, _, err := websocket.Dial(ctx, rtmURL(base), nil)
		if err != nil {
			t.Fatal(err)
		}
		ws.SetReadLimit(1 << 22)
		defer ws.CloseNow()
		a := &benchAgent{ws: ws}
		if _, err := a.call(ctx, "login", M{"token": "Bearer " + in.Text()}); err != nil {
			t.Fatal(err)
		}
		r, err := a.call(ctx, "start_chat", M{})
		if err != nil {
			t.Fatal(err)
		}
		var sc struct {
			ChatID string `json:"chat_id"`
		}
		json.Unmarshal(r, &sc)
		a.chat = sc.ChatID
		clients[i] = a
	}
	fmt.Println("ready")
	in.Scan()
	total, _ := strconv.Atoi(in.Text())
	lat := make([][]time.Duration, benchAgents)
	senders := make([]*benchSender, benchAgents)
	for i, a := range clients {
		n := total / benchAgents
		if i < total%benchAgents {
			n++
		}
		senders[i] = newBenchSender(a, n)
	}
	runtime.GC()
	if p := os.Getenv("EMULATOR_BENCH_CLIENT_CPUPROFILE"); p != "" { // the client's own profile, for tuning it
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	cpu0 := cpuTime()
	start := time.Now()
	var wg sync.WaitGroup
	for i, s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.run(ctx); err != nil {
				t.Error(err)
				return
			}
			lat[i] = s.lat
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	if len(all) == 0 {
		all = []time.Duration{0}
	}
	fmt.Println(countAll(lat), int64(elapsed), int64(all[len(all)/2]), int64(all[len(all)*99/100]), int64(cpu))
}

// benchSender is the measured part of one benchmark agent: n send_event
// requests, one in flight, each timed from writing its frame to reading
// its response. It is kept cheap so that the load generator takes as
// little as possible of the CPU the server shares with it, and it stays a
// checking client: every response must be the success of the request
// just sent, and every request's incoming_event push (which follows its
// response) must arrive, carrying its request_id and chat; anything else
// fails the benchmark.
//
// Cheap means: the request frame is encoded once and only the message
// number and the request_id digits are rewritten per request (the bytes
// are those json.Marshal gave the map the client used before); frames
// are read into one reused buffer; the server's frames are recognised by
// comparing their fixed parts (a response ends with
// ,"request_id":"<id>","success":true,"type":"response"} and starts with
// {"action":"send_event","payload":{"event_id":", a push starts with
// {"version":"3.6","request_id":"<id>","action":"incoming_event","type":"push","payload":{"chat_id":"<chat>","event":)
// instead of json.Unmarshal. A frame that does not match goes through
// json.Unmarshal (check), so a different but equivalent encoding is still
// accepted and a wrong or failed answer is still reported.
type benchSender struct {
	ws   *websocket.Conn
	chat string
	n    int // requests to send
	rid0 int // request_id of the first one is rid0+1

	head    int    // len of the fixed start of req
	req     []byte // request frame being sent
	want    []byte // expected response suffix / push prefix, per frame
	resHead []byte
	buf     []byte // read buffer
	lat     []time.Duration

	answered, pushes int
}

func newBenchSender(a *benchAgent, n int) *benchSender {
	chat, _ := json.Marshal(a.chat)
	s := &benchSender{ws: a.ws, chat: a.chat, n: n, rid0: a.n,
		resHead: []byte(`{"action":"send_event","payload":{"event_id":"`),
		want:    make([]byte, 0, 256),
		buf:     make([]byte, 4096),
		lat:     make([]time.Duration, 0, n),
	}
	s.req = append(s.req, `{"action":"send_event","payload":{"chat_id":`...)
	s.req = append(s.req, chat...)
	s.req = append(s.req, `,"event":{"text":"benchmark message `...)
	s.head = len(s.req)
	return s
}

func (s *benchSender) run(ctx context.Context) error {
	for j := 0; j < s.n; j++ {
		rid := s.rid0 + j + 1
		b := strconv.AppendInt(s.req[:s.head], int64(j), 10)
		b = append(b, `","type":"message"}},"request_id":"`...)
		b = strconv.AppendInt(b, int64(rid), 10)
		s.req = append(b, `"}`...)
		t0 := time.Now()
		if err := s.ws.Write(ctx, websocket.MessageText, s.req); err != nil {
			return err
		}
		for s.answered < j+1 {
			if err := s.readFrame(ctx); err != nil {
				return err
			}
		}
		s.lat = append(s.lat, time.Since(t0))
	}
	for s.pushes < s.n { // the last request's push follows its response
		if err := s.readFrame(ctx); err != nil {
			return err
		}
	}
	return nil
}

// readFrame reads one frame into s.buf and accounts for it.
func (s *benchSender) readFrame(ctx context.Context) error {
	typ, r, err := s.ws.Reader(ctx)
	if err != nil {
		return err
	}
	n := 0
	for {
		if n == len(s.buf) {
			s.buf = append(s.buf, make([]byte, len(s.buf))...)
		}
		m, err := r.Read(s.buf[n:])
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	f := s.buf[:n]
	if typ != websocket.MessageText {
		return fmt.Errorf("unexpected %v frame %q", typ, f)
	}
	// Fast path: the response to the request in flight.
	rid := s.rid0 + s.answered + 1
	s.want = append(s.want[:0], `,"request_id":"`...)
	s.want = strconv.AppendInt(s.want, int64(rid), 10)
	s.want = append(s.want, `","success":true,"type":"response"}`...)
	if bytes.HasPrefix(f, s.resHead) && bytes.HasSuffix(f, s.want) && len(f) > len(s.resHead)+len(s.want) {
		s.answered++
		return nil
	}
	// Fast path: the push of the oldest answered request without one.
	if s.pushes < s.answered {
		s.want = append(s.want[:0], `{"version":"3.6","request_id":"`...)
		s.want = strconv.AppendInt(s.want, int64(s.rid0+s.pushes+1), 10)
		s.want = append(s.want, `","action":"incoming_event","type":"push","payload":{"chat_id":"`...)
		s.want = append(s.want, s.chat...)
		s.want = append(s.want, `","event":`...)
		if bytes.HasPrefix(f, s.want) && f[len(f)-1] == '}' {
			s.pushes++
			return nil
		}
	}
	// Other pushes (the incoming_chat of every chat started during the
	// setup, queued since) are skipped, as before, by their header.
	if h, _, ok := bytes.Cut(f, []byte(`,"payload":`)); ok && bytes.HasPrefix(h, []byte(`{"version":`)) &&
		bytes.HasSuffix(h, []byte(`,"type":"push"`)) && !bytes.Contains(h, []byte(`"incoming_event"`)) {
		return nil
	}
	return s.check(f)
}

// check decodes a frame the fast paths did not recognise.
func (s *benchSender) check(data []byte) error {
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("bad frame %q: %v", data, err)
	}
	switch {
	case f.Type == "response":
		want := strconv.Itoa(s.rid0 + s.answered + 1)
		var p struct {
			EventID string `json:"event_id"`
		}
		if s.answered >= s.n || f.RequestID != want || f.Action != "send_event" || f.Success == nil || !*f.Success ||
			json.Unmarshal(f.Payload, &p) != nil || p.EventID == "" {
			return fmt.Errorf("unexpected response (want a send_event success for request %s): %s", want, data)
		}
		s.answered++
	case f.Type == "push" && f.Action == "incoming_event":
		want := strconv.Itoa(s.rid0 + s.pushes + 1)
		var p struct {
			ChatID string `json:"chat_id"`
		}
		if s.pushes >= s.answered || f.RequestID != want || json.Unmarshal(f.Payload, &p) != nil || p.ChatID != s.chat {
			return fmt.Errorf("unexpected incoming_event (want the push of answered request %s in chat %s): %s", want, s.chat, data)
		}
		s.pushes++
	case f.Type == "push":
		// another push (not expected here, but not an answer either)
	default:
		return fmt.Errorf("unexpected frame: %s", data)
	}
	return nil
}

func countAll(l [][]time.Duration) int {
	n := 0
	for _, x := range l {
		n += len(x)
	}
	return n
}

// BenchmarkColdStart: New (open, migrate, seed) + Start + first answered
// request, on a fresh data directory and on an existing one.
func BenchmarkColdStart(b *testing.B) {
	for _, mode := range []string{"fresh", "existing"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			var ready time.Duration
			for i := 0; i < b.N; i++ {
				d := dir
				if mode == "fresh" {
					d = b.TempDir()
				}
				t0 := time.Now()
				srv, err := emulator.New(context.Background(), emulator.Config{Addr: "127.0.0.1:0", DataDir: d})
				if err != nil {
					b.Fatal(err)
				}
				if err := srv.Start(); err != nil {
					b.Fatal(err)
				}
				req, _ := http.NewRequest("POST", srv.URL()+"/v3.6/agent/action/list_chats", strings.NewReader("{}"))
				req.Header.Set("Authorization", "Bearer "+srv.Credentials().Owner.Token)
				res, err := http.DefaultClient.Do(req)
				if err != nil || res.StatusCode != 200 {
					b.Fatal(err, res)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				ready += time.Since(t0)
				srv.Close()
			}
			b.ReportMetric(float64(ready.Microseconds())/1000/float64(b.N), "ms-to-ready")
		})
	}
}

// benchServe runs the emulator in a child process (EMULATOR_BENCH_SERVE=1)
// so that its memory can be measured apart from the clients: it prints the
// URL, then answers each "mem" line on stdin with in-use bytes and RSS.
func benchServe() {
	srv, err := emulator.New(context.Background(), emulator.Config{Addr: "127.0.0.1:0", DataDir: store.Memory,
		PingTimeout: 10 * time.Minute, LoginTimeout: 10 * time.Minute})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if err := srv.Start(); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(srv.URL())
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		runtime.GC()
		debug.FreeOSMemory()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Println(ms.HeapInuse+ms.StackInuse+ms.MSpanInuse+ms.MCacheInuse+ms.GCSys+ms.OtherSys, rss(), srv.Connections(), runtime.NumGoroutine())
	}
	srv.Close()
}

func rss() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n * 1024
		}
	}
	return 0
}

// BenchmarkIdleRTMConnMemory: server-side memory per idle logged-in RTM
// connection with 5 000 connections, measured in a child process.
func BenchmarkIdleRTMConnMemory(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("needs /proc")
	}
	const conns = 5000
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "EMULATOR_BENCH_SERVE=1")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		rd := bufio.NewScanner(stdout)
		rd.Scan()
		base := rd.Text()
		mem := func() (int64, int64, string) {
			fmt.Fprintln(stdin, "mem")
			rd.Scan()
			f := strings.Fields(rd.Text())
			inuse, _ := strconv.ParseInt(f[0], 10, 64)
			r, _ := strconv.ParseInt(f[1], 10, 64)
			return inuse, r, rd.Text()
		}
		ctx := context.Background()
		login := func() *websocket.Conn {
			ws, _, err := websocket.Dial(ctx, rtmURL(base), nil)
			if err != nil {
				b.Fatal(err)
			}
			a := &benchAgent{ws: ws}
			if _, err := a.call(ctx, "login", M{"token": "Bearer dal:emulator-agent-token"}); err != nil {
				b.Fatal(err)
			}
			// Drain the incoming_customers push, then stay idle.
			ws.Read(ctx)
			return ws
		}
		warm := login()
		inuse0, rss0, _ := mem()
		var list []*websocket.Conn
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, 64)
		for j := 0; j < conns; j++ {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				ws := login()
				mu.Lock()
				list = append(list, ws)
				mu.Unlock()
				<-sem
			}()
		}
		wg.Wait()
		time.Sleep(500 * time.Millisecond)
		inuse1, rss1, line := mem()
		b.Logf("server after %d conns: %s (inuse bytes, rss bytes, conns, goroutines)", conns, line)
		b.ReportMetric(float64(inuse1-inuse0)/conns/1024, "KiB-inuse/conn")
		b.ReportMetric(float64(rss1-rss0)/conns/1024, "KiB-rss/conn")
		for _, ws := range list {
			ws.CloseNow()
		}
		warm.CloseNow()
		stdin.Close()
		cmd.Wait()
	}
}
