package emulator_test

import (
	"context"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
)

// TestDropAgentConnections cuts an agent's RTM connection: the client
// sees the drop, reconnects and can call again; other agents are untouched.
func TestDropAgentConnections(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	states := make(chan rtm.State, 16)
	conn, err := rtm.Dial(context.Background(), livechat.NewBearerToken(creds.Owner.Token),
		rtm.WithConfig(livechat.WithBaseURL(apitest.RTMProxy(t, srv.URL()))), rtm.WithReconnectBackoff(10*time.Millisecond, 50*time.Millisecond),
		rtm.WithStateHandler(func(ev rtm.StateEvent) { states <- ev.State }))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	other, err := rtm.Dial(context.Background(), livechat.NewBearerToken(creds.Agent.Token), rtm.WithConfig(livechat.WithBaseURL(apitest.RTMProxy(t, srv.URL()))))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n := srv.DropAgentConnections("nobody@example.com"); n != 0 {
		t.Fatalf("dropped %d connections of an unknown agent", n)
	}
	if n := srv.DropAgentConnections(creds.Owner.ID); n != 1 {
		t.Fatalf("dropped %d connections, want 1", n)
	}
	var seen []rtm.State
	deadline := time.After(10 * time.Second)
	for reconnected := false; !reconnected; {
		select {
		case st := <-states:
			seen = append(seen, st)
			reconnected = st == rtm.StateConnected && len(seen) > 2
		case <-deadline:
			t.Fatalf("no reconnect after the drop; states %v", seen)
		}
	}
	if err := conn.Ping(context.Background()); err != nil {
		t.Fatalf("ping after reconnect: %v", err)
	}
	if other.State() != rtm.StateConnected {
		t.Fatalf("the other agent's connection is %v", other.State())
	}
}
