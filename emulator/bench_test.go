package emulator_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
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
// concurrent logged-in agents, each in its own chat (file-backed SQLite,
// WAL). Reports events/s and the p99 request latency.
func BenchmarkSendEventRTM100(b *testing.B) {
	b.Run("file", func(b *testing.B) { benchSendEvent(b, b.TempDir()) })
	b.Run("memory", func(b *testing.B) { benchSendEvent(b, store.Memory) })
}

func benchSendEvent(b *testing.B, dir string) {
	const agents = 100
	srv := emulator.NewTest(b, emulator.Config{DataDir: dir})
	ctx := context.Background()
	clients := make([]*benchAgent, agents)
	for i := range clients {
		cred, err := srv.CreateAgent(ctx, emulator.AgentSpec{ID: fmt.Sprintf("bench%03d@example.com", i)})
		if err != nil {
			b.Fatal(err)
		}
		ws, _, err := websocket.Dial(ctx, rtmURL(srv.URL()), nil)
		if err != nil {
			b.Fatal(err)
		}
		ws.SetReadLimit(1 << 22)
		defer ws.CloseNow()
		a := &benchAgent{ws: ws}
		if _, err := a.call(ctx, "login", M{"token": "Bearer " + cred.Token}); err != nil {
			b.Fatal(err)
		}
		r, err := a.call(ctx, "start_chat", M{})
		if err != nil {
			b.Fatal(err)
		}
		var sc struct {
			ChatID string `json:"chat_id"`
		}
		json.Unmarshal(r, &sc)
		a.chat = sc.ChatID
		clients[i] = a
	}
	lat := make([][]time.Duration, agents)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for i, a := range clients {
		n := b.N / agents
		if i < b.N%agents {
			n++
		}
		wg.Add(1)
		go func(i int, a *benchAgent, n int) {
			defer wg.Done()
			ls := make([]time.Duration, 0, n)
			for j := 0; j < n; j++ {
				t0 := time.Now()
				if _, err := a.call(ctx, "send_event", M{"chat_id": a.chat, "event": M{"type": "message", "text": "benchmark message " + strconv.Itoa(j)}}); err != nil {
					b.Error(err)
					return
				}
				ls = append(ls, time.Since(t0))
			}
			lat[i] = ls
		}(i, a, n)
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if len(all) > 0 {
		b.ReportMetric(float64(len(all))/elapsed.Seconds(), "events/s")
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	}
}

// BenchmarkColdStart: New (open, migrate, seed) + Start + first answered
// request, on a fresh data directory and on an existing one.
func BenchmarkColdStart(b *testing.B) {
	for _, mode := range []string{"fresh", "existing"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
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
				b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms-to-ready")
				srv.Close()
			}
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
