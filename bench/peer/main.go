// Command peer is the Go side of the peer benchmark (compat/node/bench.sh):
// it drives the Go SDK, or a minimal raw client for comparison, against a
// running emulator and prints one JSON line of figures per run.
//
//	peer rtm -impl sdk|raw|raw-reader -inflight 1|10 -n 3000
//	peer web -impl sdk|pooled|godefault -inflight 10 -n 3000
//	peer mem -impl sdk|raw -conns 1000 -chats 0|20
//
// Every mode reads the emulator's URL (-url, default $LIVECHAT_URL), its
// credentials file (-creds, written by `livechat serve --credentials`,
// default $LIVECHAT_CREDENTIALS) and trusts its CA (-ca, default
// $LIVECHAT_CA): the CA is installed as the process's system roots
// (SSL_CERT_FILE), so the SDK runs with its own default HTTP client.
//
// Figures: ops/s is requests ÷ wall time of the measured loop; cpu_us is
// the process's CPU time (getrusage user+system) of that loop ÷ requests;
// p50/p99 are per-request latencies from the caller's start to its decoded
// answer; new_conns (web) counts requests that did not reuse a pooled
// connection (httptrace GotConn); mem's kib_per_conn is the growth of
// runtime.MemStats HeapInuse+StackInuse (after GC) from before dialling to
// when every connection is logged in and idle, ÷ connections.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

type creds struct {
	URL   string `json:"url"`
	Owner struct {
		Token string `json:"token"`
	} `json:"owner"`
}

type options struct {
	url, credsFile, ca, impl, action, label string
	cpuProfile                              string
	inflight, n, conns, chats, serverPID    int
}

type report struct {
	Kind       string  `json:"kind"`
	Impl       string  `json:"impl"`
	Action     string  `json:"action,omitempty"`
	InFlight   int     `json:"inflight,omitempty"`
	N          int     `json:"n,omitempty"`
	OpsPerSec  float64 `json:"ops_per_s,omitempty"`
	CPUMicros  float64 `json:"cpu_us,omitempty"`
	P50Micros  float64 `json:"p50_us,omitempty"`
	P99Micros  float64 `json:"p99_us,omitempty"`
	ServerCPU  float64 `json:"server_cpu_us,omitempty"`
	NewConns   int64   `json:"new_conns,omitempty"`
	Conns      int     `json:"conns,omitempty"`
	Chats      int     `json:"chats,omitempty"`
	KiBPerConn float64 `json:"kib_per_conn,omitempty"`
	HeapKiB    float64 `json:"heap_kib,omitempty"`
	StackKiB   float64 `json:"stack_kib,omitempty"`
	LiveKiB    float64 `json:"live_heap_kib,omitempty"` // HeapAlloc: live objects, without span fragmentation
	Goroutines float64 `json:"goroutines_per_conn,omitempty"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peer rtm|web|mem [flags]")
		os.Exit(2)
	}
	mode := os.Args[1]
	if os.Getenv("PEER_HEAPPROFILE") != "" {
		runtime.MemProfileRate = 1 // every allocation, for an exact profile
	}
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	var o options
	fs.StringVar(&o.url, "url", os.Getenv("LIVECHAT_URL"), "emulator base URL (https://127.0.0.1:port)")
	fs.StringVar(&o.credsFile, "creds", os.Getenv("LIVECHAT_CREDENTIALS"), "credentials file of `livechat serve --credentials`")
	fs.StringVar(&o.ca, "ca", os.Getenv("LIVECHAT_CA"), "CA certificate (PEM) of the emulator")
	fs.StringVar(&o.impl, "impl", "sdk", "sdk, raw (rtm, mem), raw-reader (rtm), pooled or godefault (web)")
	fs.StringVar(&o.action, "action", "send_event", "action: send_event or ping (rtm)")
	fs.StringVar(&o.label, "label", "", "name printed as impl (default: -impl)")
	fs.IntVar(&o.inflight, "inflight", 1, "requests in flight")
	fs.IntVar(&o.n, "n", 3000, "requests")
	fs.IntVar(&o.conns, "conns", 1000, "connections (mem)")
	fs.IntVar(&o.chats, "chats", 0, "chats the agent has before the connections log in (mem)")
	fs.IntVar(&o.serverPID, "server-pid", 0, "the emulator's pid: also report its CPU per request (from /proc)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured loop (rtm, web) to this file")
	_ = fs.Parse(os.Args[2:])
	if err := run(mode, o); err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

func run(mode string, o options) error {
	if o.ca != "" {
		// Before any TLS use: the SDK's default client then trusts the emulator.
		os.Setenv("SSL_CERT_FILE", o.ca)
	}
	b, err := os.ReadFile(o.credsFile)
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	var c creds
	if err := json.Unmarshal(b, &c); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	if o.url == "" {
		o.url = c.URL
	}
	if o.inflight < 1 || o.n < o.inflight {
		return errors.New("need 1 ≤ -inflight ≤ -n")
	}
	var r report
	switch mode {
	case "rtm":
		r, err = benchRTM(o, c)
	case "web":
		r, err = benchWeb(o, c)
	case "mem":
		r, err = benchMem(o, c)
	default:
		return fmt.Errorf("unknown mode %q (rtm, web or mem)", mode)
	}
	if err != nil {
		return err
	}
	if o.label != "" {
		r.Impl = o.label
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs n requests with inflight callers and fills the timing fields.
func loop(o options, r *report, do func(ctx context.Context) error) error {
	lat := make([]time.Duration, o.n)
	var next atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	ctx := context.Background()
	if o.cpuProfile != "" {
		w, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer w.Close()
		if err := pprof.StartCPUProfile(w); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	srv0 := procCPU(o.serverPID)
	cpu0, t0 := cpuTime(), time.Now()
	for range o.inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(o.n) {
					return
				}
				s := time.Now()
				if err := do(ctx); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				lat[i] = time.Since(s)
			}
		}()
	}
	wg.Wait()
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	if o.serverPID > 0 {
		r.ServerCPU = float64((procCPU(o.serverPID) - srv0).Microseconds()) / float64(o.n)
	}
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	slices.Sort(lat)
	r.N, r.InFlight = o.n, o.inflight
	r.OpsPerSec = float64(o.n) / wall.Seconds()
	r.CPUMicros = float64(cpu.Microseconds()) / float64(o.n)
	r.P50Micros = float64(lat[o.n/2].Microseconds())
	r.P99Micros = float64(lat[o.n*99/100].Microseconds())
	return nil
}

// procCPU is the user+system CPU time of process pid from /proc (clock
// ticks of 10 ms: measure thousands of requests), 0 if unknown.
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

type sendEvent struct {
	ChatID string `json:"chat_id"`
	Event  struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"event"`
}

type eventID struct {
	EventID string `json:"event_id"`
}

func newSendEvent(chatID string) sendEvent {
	var se sendEvent
	se.ChatID, se.Event.Type, se.Event.Text = chatID, "message", "hello from the peer benchmark"
	return se
}

// startChat starts a chat for the benchmark's send_event calls.
func startChat(ctx context.Context, o options, c creds) (string, error) {
	tr, err := web.New(web.Agent, livechat.NewBearerToken(c.Owner.Token), livechat.WithBaseURL(o.url))
	if err != nil {
		return "", err
	}
	var sc struct {
		ChatID string `json:"chat_id"`
	}
	err = tr.Call(ctx, "start_chat", map[string]any{"chat": map[string]any{}}, &sc)
	return sc.ChatID, err
}

func benchRTM(o options, c creds) (report, error) {
	ctx := context.Background()
	r := report{Kind: "rtm", Impl: o.impl, Action: o.action}
	var chatID string
	if o.action == "send_event" {
		var err error
		if chatID, err = startChat(ctx, o, c); err != nil {
			return r, fmt.Errorf("start_chat: %w", err)
		}
	}
	switch o.impl {
	case "sdk":
		conn, err := rtm.Dial(ctx, livechat.NewBearerToken(c.Owner.Token), rtm.WithConfig(livechat.WithBaseURL(o.url)))
		if err != nil {
			return r, err
		}
		defer conn.Close()
		if o.action == "ping" {
			return r, loop(o, &r, func(ctx context.Context) error { return conn.Call(ctx, "ping", nil, nil) })
		}
		se := newSendEvent(chatID)
		return r, loop(o, &r, func(ctx context.Context) error {
			var resp eventID
			if err := conn.Call(ctx, "send_event", se, &resp); err != nil {
				return err
			}
			if resp.EventID == "" {
				return errors.New("send_event: no event_id")
			}
			return nil
		})
	case "raw", "raw-reader":
		rc, err := dialRaw(ctx, o, c)
		if err != nil {
			return r, err
		}
		defer rc.ws.CloseNow()
		var req any = struct{}{}
		if o.action == "send_event" {
			req = newSendEvent(chatID)
		}
		// raw-reader reads on a reader goroutine even serially, as any
		// client that must also receive pushes does: the cost of handing
		// each answer from that goroutine to the caller.
		if o.inflight == 1 && o.impl == "raw" {
			return r, loop(o, &r, func(ctx context.Context) error { return rc.serial(ctx, o.action, req) })
		}
		go rc.readLoop()
		return r, loop(o, &r, func(ctx context.Context) error { return rc.concurrent(ctx, o.action, req) })
	}
	return r, fmt.Errorf("unknown -impl %q for rtm (sdk, raw or raw-reader)", o.impl)
}

// rawConn is the minimal hand-written RTM client: frames built by hand
// around json.Marshal'd payloads, answers matched on request_id.
type rawConn struct {
	ws  *websocket.Conn
	seq atomic.Uint64
	mu  sync.Mutex
	w   map[string]chan []byte
}

type rawFrame struct {
	RequestID string          `json:"request_id"`
	Type      string          `json:"type"`
	Success   *bool           `json:"success"`
	Payload   json.RawMessage `json:"payload"`
}

func dialRaw(ctx context.Context, o options, c creds) (*rawConn, error) {
	u := "wss" + strings.TrimPrefix(o.url, "https") + "/v3.6/agent/rtm/ws"
	if strings.HasPrefix(o.url, "http:") {
		u = "ws" + strings.TrimPrefix(o.url, "http") + "/v3.6/agent/rtm/ws"
	}
	ws, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(8 << 20)
	rc := &rawConn{ws: ws, w: map[string]chan []byte{}}
	if err := rc.serial(ctx, "login", map[string]string{"token": "Bearer " + c.Owner.Token}); err != nil {
		ws.CloseNow()
		return nil, err
	}
	return rc, nil
}

func (rc *rawConn) frame(action string, req any) (string, []byte, error) {
	p, err := json.Marshal(req)
	if err != nil {
		return "", nil, err
	}
	id := strconv.FormatUint(rc.seq.Add(1), 10)
	b := make([]byte, 0, len(p)+64)
	b = append(b, `{"request_id":"`...)
	b = append(b, id...)
	b = append(b, `","action":"`...)
	b = append(b, action...)
	b = append(b, `","payload":`...)
	b = append(b, p...)
	return id, append(b, '}'), nil
}

func decodeAnswer(action string, f rawFrame) error {
	if f.Success == nil || !*f.Success {
		return fmt.Errorf("%s failed: %s", action, f.Payload)
	}
	if action == "send_event" {
		var e eventID
		if err := json.Unmarshal(f.Payload, &e); err != nil || e.EventID == "" {
			return fmt.Errorf("send_event: bad answer %s", f.Payload)
		}
	}
	return nil
}

// serial writes one request and reads until its answer, on this goroutine.
func (rc *rawConn) serial(ctx context.Context, action string, req any) error {
	id, b, err := rc.frame(action, req)
	if err != nil {
		return err
	}
	if err := rc.ws.Write(ctx, websocket.MessageText, b); err != nil {
		return err
	}
	for {
		_, data, err := rc.ws.Read(ctx)
		if err != nil {
			return err
		}
		var f rawFrame
		if err := json.Unmarshal(data, &f); err != nil {
			return err
		}
		if f.Type == "response" && f.RequestID == id {
			return decodeAnswer(action, f)
		}
	}
}

// readLoop hands each answer to the channel registered for its request_id.
func (rc *rawConn) readLoop() {
	for {
		_, data, err := rc.ws.Read(context.Background())
		if err != nil {
			return
		}
		var f struct {
			RequestID string `json:"request_id"`
			Type      string `json:"type"`
		}
		if json.Unmarshal(data, &f) != nil || f.Type != "response" {
			continue
		}
		rc.mu.Lock()
		ch := rc.w[f.RequestID]
		delete(rc.w, f.RequestID)
		rc.mu.Unlock()
		if ch != nil {
			ch <- data
		}
	}
}

var chanPool = sync.Pool{New: func() any { return make(chan []byte, 1) }}

// concurrent registers a channel, writes the request and waits for the
// reader to hand it the answer.
func (rc *rawConn) concurrent(ctx context.Context, action string, req any) error {
	id, b, err := rc.frame(action, req)
	if err != nil {
		return err
	}
	ch := chanPool.Get().(chan []byte)
	rc.mu.Lock()
	rc.w[id] = ch
	rc.mu.Unlock()
	if err := rc.ws.Write(ctx, websocket.MessageText, b); err != nil {
		return err
	}
	data := <-ch
	chanPool.Put(ch)
	var f rawFrame
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}
	return decodeAnswer(action, f)
}

func benchWeb(o options, c creds) (report, error) {
	ctx := context.Background()
	r := report{Kind: "web", Impl: o.impl, Action: "send_event"}
	opts := []livechat.Option{livechat.WithBaseURL(o.url)}
	switch o.impl {
	case "sdk": // the SDK's own default client
	case "pooled": // hand-tuned: a dedicated transport, as many idle connections as callers
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = o.inflight
		t.MaxIdleConns = o.inflight
		opts = append(opts, livechat.WithHTTPClient(&http.Client{Transport: t, Timeout: 30 * time.Second}))
	case "godefault": // what the SDK used before: Go's default transport (2 idle per host)
		opts = append(opts, livechat.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}))
	default:
		return r, fmt.Errorf("unknown -impl %q for web (sdk, pooled or godefault)", o.impl)
	}
	tr, err := web.New(web.Agent, livechat.NewBearerToken(c.Owner.Token), opts...)
	if err != nil {
		return r, err
	}
	chatID, err := startChat(ctx, o, c)
	if err != nil {
		return r, fmt.Errorf("start_chat: %w", err)
	}
	var fresh atomic.Int64
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if !info.Reused {
			fresh.Add(1)
		}
	}}
	se := newSendEvent(chatID)
	err = loop(o, &r, func(ctx context.Context) error {
		var resp eventID
		if err := tr.Call(httptrace.WithClientTrace(ctx, trace), "send_event", se, &resp); err != nil {
			return err
		}
		if resp.EventID == "" {
			return errors.New("send_event: no event_id")
		}
		return nil
	})
	r.NewConns = fresh.Load()
	return r, err
}

// heapAndStacks measures after 5 collections: each one halves the stacks
// of idle goroutines that use less than a quarter of theirs, as a program
// that runs for a while does to its idle connections.
func heapAndStacks() (heap, stacks, live uint64) {
	for range 5 {
		runtime.GC()
	}
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse, m.StackInuse, m.HeapAlloc
}

func benchMem(o options, c creds) (report, error) {
	ctx := context.Background()
	r := report{Kind: "mem", Impl: o.impl, Conns: o.conns, Chats: o.chats}
	if o.impl != "sdk" && o.impl != "raw" {
		return r, fmt.Errorf("unknown -impl %q for mem (sdk or raw)", o.impl)
	}
	if err := ensureChats(ctx, o, c); err != nil {
		return r, err
	}
	heap0, stack0, live0 := heapAndStacks()
	g0 := runtime.NumGoroutine()
	var (
		mu      sync.Mutex
		closers []func()
		wg      sync.WaitGroup
		next    atomic.Int64
		failed  atomic.Value
	)
	defer func() {
		for _, f := range closers {
			f()
		}
	}()
	// 4 dialers at once: a login on the emulator may wait for a commit,
	// and more at once can exceed the request timeout on a busy machine.
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for int(next.Add(1)) <= o.conns {
				var closer func()
				switch o.impl {
				case "sdk":
					conn, err := rtm.Dial(ctx, livechat.NewBearerToken(c.Owner.Token), rtm.WithConfig(livechat.WithBaseURL(o.url)))
					if err != nil {
						failed.CompareAndSwap(nil, err)
						return
					}
					closer = func() { conn.Close() }
				case "raw":
					rc, err := dialRaw(ctx, o, c)
					if err != nil {
						failed.CompareAndSwap(nil, err)
						return
					}
					go rc.readLoop() // a client must keep reading (pushes, pings)
					closer = func() { rc.ws.CloseNow() }
				}
				mu.Lock()
				closers = append(closers, closer)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return r, err
	}
	time.Sleep(time.Second) // let handshakes and login pushes settle
	heap1, stack1, live1 := heapAndStacks()
	r.Goroutines = float64(runtime.NumGoroutine()-g0) / float64(o.conns)
	if f := os.Getenv("PEER_GOROUTINES"); f != "" {
		if w, err := os.Create(f); err == nil {
			_ = pprof.Lookup("goroutine").WriteTo(w, 1)
			w.Close()
		}
	}
	if f := os.Getenv("PEER_HEAPPROFILE"); f != "" {
		if w, err := os.Create(f); err == nil {
			_ = pprof.WriteHeapProfile(w)
			w.Close()
		}
	}
	per := func(a, b uint64) float64 { return (float64(b) - float64(a)) / float64(o.conns) / 1024 }
	r.HeapKiB, r.StackKiB, r.LiveKiB = per(heap0, heap1), per(stack0, stack1), per(live0, live1)
	r.KiBPerConn = r.HeapKiB + r.StackKiB
	return r, nil
}

// ensureChats makes the owner have at least chats active chats.
func ensureChats(ctx context.Context, o options, c creds) error {
	tr, err := web.New(web.Agent, livechat.NewBearerToken(c.Owner.Token), livechat.WithBaseURL(o.url))
	if err != nil {
		return err
	}
	var lc struct {
		Total int `json:"found_chats"`
	}
	if err := tr.Call(ctx, "list_chats", map[string]any{"filters": map[string]any{"include_active": true}}, &lc); err != nil {
		return fmt.Errorf("list_chats: %w", err)
	}
	for i := lc.Total; i < o.chats; i++ {
		if _, err := startChat(ctx, o, c); err != nil {
			return fmt.Errorf("start_chat: %w", err)
		}
	}
	return nil
}
