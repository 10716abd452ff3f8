package faultproxy_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/faultproxy"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

// size returns N messages and M cuts: short by default, long with
// LIVECHAT_LONG=1; LIVECHAT_FAULT_N and LIVECHAT_FAULT_M override both.
func size() (n, m int) {
	n, m = 2000, 50
	if os.Getenv("LIVECHAT_LONG") == "1" {
		n, m = 30000, 300
	}
	if v, err := strconv.Atoi(os.Getenv("LIVECHAT_FAULT_N")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("LIVECHAT_FAULT_M")); err == nil && v > 0 {
		m = v
	}
	return n, m
}

const (
	workers    = 8
	perChat    = 500 // messages per chat, to keep each lookup's list_threads small
	checkDelay = 250 * time.Millisecond
)

// run is one fault-injection run: n messages sent by workers through send
// while a cutter severs the proxy's connections m times, half at once and
// half right after a forwarded request matching match.
type run struct {
	t      *testing.T
	srv    *emulator.Server
	proxy  *faultproxy.Proxy
	chats  []string
	n, m   int
	match  func([]byte) bool
	sent   atomic.Int64
	errsMu sync.Mutex
	errs   []error
}

func newRun(t *testing.T, match func([]byte) bool) *run {
	n, m := size()
	srv := emulator.NewTest(t)
	u, _ := url.Parse(srv.URL())
	proxy, err := faultproxy.New(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	r := &run{t: t, srv: srv, proxy: proxy, n: n, m: m, match: match}
	direct := r.directClient()
	for range (n + perChat - 1) / perChat {
		res, err := direct.StartChat(context.Background(), agent.StartChatRequest{})
		if err != nil {
			t.Fatalf("start_chat: %v", err)
		}
		r.chats = append(r.chats, res.ChatID)
	}
	return r
}

// directClient talks to the emulator without the proxy.
func (r *run) directClient() *agent.Client {
	w, err := web.New(web.Agent, livechat.NewBearerToken(r.srv.Credentials().Owner.Token), livechat.WithBaseURL(r.srv.URL()))
	if err != nil {
		r.t.Fatal(err)
	}
	return agent.New(w)
}

// exec sends the n messages with send, cutting meanwhile, and checks
// that every message was stored exactly once and no call failed.
func (r *run) exec(send func(ctx context.Context, chatID, text string) error) {
	t := r.t
	start := time.Now()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				err := send(ctx, r.chats[i/perChat], fmt.Sprintf("fp-%d", i))
				cancel()
				if err != nil {
					r.errsMu.Lock()
					r.errs = append(r.errs, fmt.Errorf("message %d: %w", i, err))
					r.errsMu.Unlock()
				}
				r.sent.Add(1)
			}
		}()
	}
	cutsDone := make(chan int)
	go func() { cutsDone <- r.cutter() }()
	for i := range r.n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	actions := <-cutsDone
	elapsed := time.Since(start)

	lost, dup := r.verify()
	t.Logf("%d messages, %d cut actions (%d connections severed), %d lost, %d duplicated, %d errors, %v",
		r.n, actions, r.proxy.Cuts(), lost, dup, len(r.errs), elapsed.Round(time.Millisecond))
	for i, err := range r.errs {
		if i == 5 {
			break
		}
		t.Errorf("error returned: %v", err)
	}
	if lost != 0 || dup != 0 || len(r.errs) != 0 {
		t.Errorf("want 0 lost, 0 duplicated, 0 errors")
	}
	if actions < r.m {
		t.Errorf("only %d of %d cuts happened", actions, r.m)
	}
}

// cutter severs connections m times, spread over the run by progress.
func (r *run) cutter() int {
	actions := 0
	for k := 1; k <= r.m; k++ {
		for r.sent.Load() < int64(k*r.n/(r.m+1)) {
			time.Sleep(time.Millisecond)
		}
		if k%2 == 1 {
			// A random moment: whatever is in flight either way is lost.
			deadline := time.Now().Add(5 * time.Second)
			for r.proxy.CutAll() == 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
		} else {
			// Right after a request reached the server: its answer is lost.
			r.proxy.CutAfter(r.match)
			deadline := time.Now().Add(5 * time.Second)
			for r.proxy.Armed() && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
		}
		actions++
	}
	return actions
}

// verify counts, chat by chat, the messages stored not once.
func (r *run) verify() (lost, dup int) {
	direct := r.directClient()
	seen := make(map[string]int, r.n)
	for _, chatID := range r.chats {
		res, err := direct.ListThreads(context.Background(), agent.ListThreadsRequest{ChatID: chatID, Limit: 100})
		if err != nil {
			r.t.Fatalf("list_threads: %v", err)
		}
		for _, th := range res.Threads {
			for _, ev := range th.Events {
				if m, ok := ev.(*livechat.Message); ok && strings.HasPrefix(m.Text, "fp-") {
					seen[m.Text]++
				}
			}
		}
	}
	for i := range r.n {
		switch c := seen[fmt.Sprintf("fp-%d", i)]; {
		case c == 0:
			lost++
		case c > 1:
			dup += c - 1
		}
	}
	return lost, dup
}

// TestFaultInjectionRTM: send_event over one RTM connection with
// rtm.WithSafeResend through a proxy that severs it m times.
func TestFaultInjectionRTM(t *testing.T) {
	r := newRun(t, nil) // RTM client frames are masked: cut after any forwarded frame
	conn, err := rtm.Dial(context.Background(), livechat.NewBearerToken(r.srv.Credentials().Owner.Token),
		rtm.WithConfig(livechat.WithBaseURL(r.proxy.URL())),
		rtm.WithSafeResend(checkDelay), rtm.WithReconnectBackoff(time.Millisecond, 20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := agent.New(conn)
	r.exec(func(ctx context.Context, chatID, text string) error {
		_, err := c.SendMessage(ctx, chatID, text)
		return err
	})
}

// TestFaultInjectionWeb: send_event over the Web transport with
// livechat.WithSafeSend through a proxy that severs its connections m
// times.
func TestFaultInjectionWeb(t *testing.T) {
	r := newRun(t, faultproxy.Contains(`"type":"message"`))
	w, err := web.New(web.Agent, livechat.NewBearerToken(r.srv.Credentials().Owner.Token),
		livechat.WithBaseURL(r.proxy.URL()), livechat.WithSafeSend(checkDelay),
		livechat.WithRetryDelay(time.Millisecond, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	c := agent.New(w)
	r.exec(func(ctx context.Context, chatID, text string) error {
		_, err := c.SendMessage(ctx, chatID, text)
		return err
	})
}

// TestFaultInjectionControl shows that the cuts do break plain sends
// (without the safe send options some calls fail), so the runs above
// would catch a safe send that did not work.
func TestFaultInjectionControl(t *testing.T) {
	t.Setenv("LIVECHAT_FAULT_N", "300")
	t.Setenv("LIVECHAT_FAULT_M", "10")
	r := newRun(t, faultproxy.Contains(`"type":"message"`))
	w, err := web.New(web.Agent, livechat.NewBearerToken(r.srv.Credentials().Owner.Token), livechat.WithBaseURL(r.proxy.URL()))
	if err != nil {
		t.Fatal(err)
	}
	c := agent.New(w)
	var failed atomic.Int64
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if _, err := c.SendMessage(context.Background(), r.chats[0], fmt.Sprintf("fp-%d", i)); err != nil {
					failed.Add(1)
				}
				r.sent.Add(1)
			}
		}()
	}
	done := make(chan int)
	go func() { done <- r.cutter() }()
	for i := range r.n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	<-done
	lost, dup := r.verify()
	t.Logf("plain Web sends: %d failed, %d lost, %d duplicated", failed.Load(), lost, dup)
	if failed.Load() == 0 {
		t.Error("no plain send failed under the cuts: the proxy does not inject faults")
	}
}
