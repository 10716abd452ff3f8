package emulator_test

import (
	"context"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
)

// startOn starts an emulator on dir and addr, closed with the test.
func startOn(t *testing.T, dir, addr string) *emulator.Server {
	t.Helper()
	srv, err := emulator.New(context.Background(), emulator.Config{DataDir: dir, Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		srv.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// TestRTMClientSurvivesRestart pins issue 9 point 4: Close (Ctrl+C on
// livechat serve) is a temporary outage for SDK clients. An agent's RTM
// connection to an emulator on a file store is disconnected with a reason
// that allows reconnecting, reconnects by itself to a new Server on the
// same directory and port, and keeps working: a message sent during the
// outage is delivered once, pushes arrive again, and nothing sent before,
// during or after the restart is lost.
func TestRTMClientSurvivesRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	first := startOn(t, dir, "127.0.0.1:0")
	base := first.URL()
	_, port, _ := net.SplitHostPort(base[len("http://"):])
	c := first.Credentials()
	online(t, first, c.Owner.Token, c.Agent.Token) // routing counts logged-in agents only

	// No keep-alive: a pooled connection to the first server must not be
	// reused after the restart.
	noKeepAlive := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	hc := func() livechat.Option { return livechat.WithHTTPClient(noKeepAlive) }
	cust, err := customer.NewWeb(livechat.NewBearerToken(c.Customers[0].Token), livechat.WithBaseURL(base),
		livechat.WithOrganizationID(c.OrganizationID), hc())
	if err != nil {
		t.Fatal(err)
	}
	started, err := cust.StartChat(ctx, customer.StartChatRequest{})
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var states []rtm.StateEvent
	connected := make(chan struct{}, 4)
	conn, err := rtm.Dial(ctx, livechat.NewBearerToken(c.Owner.Token),
		rtm.WithConfig(livechat.WithBaseURL(apitest.RTMProxy(t, base))), // answers and pushes held to api/openapi.json
		rtm.WithReconnectBackoff(20*time.Millisecond, 300*time.Millisecond),
		rtm.WithSafeResend(0),
		rtm.WithStateHandler(func(ev rtm.StateEvent) {
			mu.Lock()
			states = append(states, ev)
			mu.Unlock()
			if ev.State == rtm.StateConnected {
				connected <- struct{}{}
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	<-connected
	customerTexts := make(chan string, 8)
	conn.OnIncomingEvent(func(p *livechat.IncomingEventPush) {
		if m, ok := p.Event.(*livechat.Message); ok && m.AuthorID == c.Customers[0].ID {
			customerTexts <- m.Text
		}
	})
	if err := agent.New(conn).AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: started.ChatID, UserID: c.Owner.ID,
		UserType: livechat.UserAgent, Visibility: livechat.VisibilityAll}); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.SendMessage(ctx, started.ChatID, "before the restart"); err != nil {
		t.Fatal(err)
	}

	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	// While the emulator is down the client waits and retries.
	during := make(chan error, 1)
	go func() {
		_, err := conn.SendMessage(ctx, started.ChatID, "during the restart")
		during <- err
	}()
	time.Sleep(300 * time.Millisecond)
	second := startOn(t, dir, net.JoinHostPort("127.0.0.1", port))
	if second.URL() != base {
		t.Fatalf("second emulator at %s, want %s", second.URL(), base)
	}
	select {
	case <-connected:
	case <-ctx.Done():
		t.Fatalf("the client did not reconnect; states: %v", stateLog(&mu, states))
	}
	if err := <-during; err != nil {
		t.Fatalf("message sent during the restart: %v", err)
	}
	if _, err := conn.SendMessage(ctx, started.ChatID, "after the restart"); err != nil {
		t.Fatal(err)
	}
	// Pushes flow again: the customer's message reaches the agent.
	if _, err := cust.SendMessage(ctx, started.ChatID, "customer after the restart"); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-customerTexts:
		if got != "customer after the restart" {
			t.Errorf("pushed %q", got)
		}
	case <-ctx.Done():
		t.Fatal("no incoming_event push after the restart")
	}

	// The disconnect said the outage is temporary.
	mu.Lock()
	var sawReason bool
	for _, ev := range states {
		if ev.State == rtm.StateClosed {
			t.Errorf("the connection closed for good: %+v", ev)
		}
		if ev.State == rtm.StateDisconnected && ev.Reason == emulator.ReasonShutdown {
			sawReason = true
		}
	}
	mu.Unlock()
	if !sawReason {
		t.Errorf("no disconnect with reason %s; states: %v", emulator.ReasonShutdown, stateLog(&mu, states))
	}

	// Every message is stored exactly once.
	ag, err := agent.NewWeb(livechat.NewBearerToken(c.Owner.Token), livechat.WithBaseURL(base), hc())
	if err != nil {
		t.Fatal(err)
	}
	chat, err := ag.GetChat(ctx, started.ChatID, started.ThreadID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, ev := range chat.Thread.Events {
		if m, ok := ev.(*livechat.Message); ok {
			texts = append(texts, m.Text)
		}
	}
	want := []string{"before the restart", "during the restart", "after the restart", "customer after the restart"}
	if !slices.Equal(texts, want) {
		t.Errorf("messages in the chat = %q, want %q", texts, want)
	}
}

func stateLog(mu *sync.Mutex, states []rtm.StateEvent) []string {
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for _, ev := range states {
		out = append(out, ev.State.String()+":"+ev.Reason)
	}
	return out
}
