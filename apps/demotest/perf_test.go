package demotest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/browsertest"
	"github.com/livechat-go/livechat/transport/rtm"
)

// The measurements of issue 12 point 7, reported in BENCHMARKS.md (section
// "Demo apps in the browser"). They are benchmarks, run once each:
//
//	go test ./apps/demotest -run '^$' -bench BrowserPush -benchtime 1x
//	go test ./apps/demotest -run '^$' -bench BrowserChatList -benchtime 1x
//
// Times in the page come from performance.timeOrigin + performance.now(),
// comparable with Go's wall clock on the same machine.

// startCustomers gives n new customers an active chat each, in parallel;
// it returns a Web client per customer and the chat ids.
func startCustomers(tb testing.TB, st *stack, n int) ([]*customer.Client, []string) {
	tb.Helper()
	c := st.emu.Credentials()
	clients, chats := make([]*customer.Client, n), make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			tok, err := cookieGrant(c.URL, c.ClientID, c.OrganizationID)
			if err != nil {
				errs <- err
				return
			}
			cl, err := customer.NewWeb(livechat.NewBearerToken(tok), livechat.WithBaseURL(c.URL), livechat.WithOrganizationID(c.OrganizationID))
			if err != nil {
				errs <- err
				return
			}
			cont := true
			res, err := cl.StartChat(context.Background(), customer.StartChatRequest{Continuous: &cont, Chat: &customer.ChatInit{
				Thread: &customer.ThreadInit{Events: livechat.Events{&livechat.Message{Text: fmt.Sprintf("customer %d says hello", i)}}}}})
			if err != nil {
				errs <- err
				return
			}
			clients[i], chats[i] = cl, res.ChatID
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
	return clients, chats
}

func cookieGrant(base, clientID, org string) (string, error) {
	body := fmt.Sprintf(`{"grant_type":"cookie","client_id":%q,"organization_id":%q,"response_type":"token"}`, clientID, org)
	resp, err := http.Post(base+"/v2/customer/token", "application/json", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		return "", fmt.Errorf("cookie grant: HTTP %d %v", resp.StatusCode, err)
	}
	return out.AccessToken, nil
}

func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(p / 100 * float64(len(s)-1))
	return s[i]
}

// BenchmarkBrowserPushLatency: 100 active chats, customers send 20
// messages/s (round robin) for 15 s over the Web API; each message's
// latency is from the start of its send_event to (a) a plain Go RTM agent
// connection (the SDK baseline) and (b) Simple Agent's page, after the
// push went through the app's RTM connection, the SSE stream and the
// page's DOM update. sse-leg is the part from the app's publish to the
// page's DOM update.
func BenchmarkBrowserPushLatency(b *testing.B) {
	const chats, rate, seconds = 100, 20, 15
	br := browsertest.Start(b)
	st := newStack(b)
	tab := br.Tab(b, "simple-agent")
	signIn(b, tab, st.agentURL)
	clients, ids := startCustomers(b, st, chats)
	// An agent gets the events of the chats they are in: the signed-in
	// owner joins all 100 (routing gives an agent at most 20).
	owner := st.emu.Credentials().Owner
	for _, id := range ids {
		if _, err := st.emu.Do(context.Background(), "Bearer "+owner.Token, "agent", "", "add_user_to_chat", map[string]any{
			"chat_id": id, "user_id": owner.ID, "user_type": "agent", "visibility": "all", "ignore_requester_presence": true}); err != nil &&
			!strings.Contains(err.Error(), "already") {
			b.Fatalf("join chat %s: %v", id, err)
		}
	}
	// The agent gets pushes for its own chats only: reload to list them all.
	reload(b, tab)
	poll(b, tab, "100 chats listed", fmt.Sprintf(`document.querySelectorAll("#chat-list li").length >= %d`, chats))

	var mu sync.Mutex
	goArrive := map[string]time.Time{}
	base, err := rtm.Dial(context.Background(), livechat.NewBearerToken(st.emu.Credentials().Owner.Token),
		rtm.WithConfig(livechat.WithBaseURL(st.emu.URL())),
		rtm.WithPushHandler("incoming_event", func(p rtm.Push) {
			now := time.Now()
			var x livechat.IncomingEventPush
			if p.Decode(&x) == nil && x.Event != nil {
				mu.Lock()
				goArrive[x.Event.Common().ID] = now
				mu.Unlock()
			}
		}))
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()

	sent := map[string]time.Time{}
	tick := time.NewTicker(time.Second / rate)
	defer tick.Stop()
	b.ResetTimer()
	for i := range rate * seconds {
		<-tick.C
		t0 := time.Now()
		id, err := clients[i%chats].SendMessage(context.Background(), ids[i%chats], fmt.Sprintf("load message %d", i))
		if err != nil {
			b.Fatal(err)
		}
		sent[id] = t0
	}
	b.StopTimer()
	time.Sleep(2 * time.Second)
	type arrival struct {
		ID   string  `json:"id"`
		T    float64 `json:"t"`
		Sent float64 `json:"sent"` // when the app published it on the SSE stream
	}
	arr := browsertest.Eval[[]arrival](tab, `LC.metrics.arrivals`)
	var page, sdk, sse []float64
	for _, a := range arr {
		if t0, ok := sent[a.ID]; ok {
			page = append(page, a.T-float64(t0.UnixNano())/1e6)
			sse = append(sse, a.T-a.Sent)
		}
	}
	mu.Lock()
	for id, t := range goArrive {
		if t0, ok := sent[id]; ok {
			sdk = append(sdk, float64(t.Sub(t0).Microseconds())/1000)
		}
	}
	mu.Unlock()
	if len(page) != len(sent) || len(sdk) != len(sent) {
		b.Fatalf("sent %d messages; the page got %d, the Go connection %d", len(sent), len(page), len(sdk))
	}
	b.ReportMetric(pct(sdk, 50), "sdk-p50-ms")
	b.ReportMetric(pct(sdk, 99), "sdk-p99-ms")
	b.ReportMetric(pct(page, 50), "page-p50-ms")
	b.ReportMetric(pct(page, 99), "page-p99-ms")
	b.ReportMetric(pct(page, 100), "page-max-ms")
	b.ReportMetric(pct(sse, 50), "sse-leg-p50-ms")
	b.ReportMetric(pct(sse, 99), "sse-leg-p99-ms")
	b.ReportMetric(pct(page, 99)/pct(sdk, 99), "p99-ratio")
}

// BenchmarkBrowserChatList: 1,000 active chats; the page loads the list
// (list_chats, every page, through the app) and renders it. Reported: the
// render of the list in the page (one DocumentFragment), the whole load
// (request + render) and, as a baseline, the same render with 10 chats.
func BenchmarkBrowserChatList(b *testing.B) {
	const chats = 1000
	br := browsertest.Start(b)
	st := newStack(b)
	startCustomers(b, st, 10)
	tab := br.Tab(b, "simple-agent")
	signIn(b, tab, st.agentURL)
	poll(b, tab, "10 chats listed", `document.querySelectorAll("#chat-list li").length === 10`)
	small := browsertest.Eval[float64](tab, `LC.metrics.renders[LC.metrics.renders.length-1].ms`)
	startCustomers(b, st, chats-10)
	b.ResetTimer()
	reload(b, tab)
	pollFor(b, tab, 2*time.Minute, "1000 chats listed", fmt.Sprintf(`document.querySelectorAll("#chat-list li").length === %d`, chats))
	b.StopTimer()
	render := browsertest.Eval[float64](tab, `LC.metrics.renders.filter(r => r.chats === 1000).pop().ms`)
	load := browsertest.Eval[float64](tab, `performance.getEntriesByName(location.origin + "/api/chats").pop().duration`)
	b.ReportMetric(render, "render-1000-ms")
	b.ReportMetric(small, "render-10-ms")
	b.ReportMetric(load, "list-request-ms")
	if small > 0 {
		b.ReportMetric(render/small, "render-ratio")
	}
}

// reload reloads the page without waiting for its load event (the old
// page's event stream can hold that up); poll then waits for the result.
func reload(tb testing.TB, tab *browsertest.Tab) {
	tb.Helper()
	_ = tab.RunErr(5*time.Second, chromedp.Evaluate[chromedp.Void](`window.oldPage = true; setTimeout(() => location.reload(), 0)`))
	pollFor(tb, tab, time.Minute, "the page reloaded", `window.oldPage === undefined && document.readyState === "complete"`)
}
