package emulator_test

import (
	"context"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/emulator"
)

// BenchmarkRequestValidation measures what Config.RequestValidator adds to
// one Web API call end to end (HTTP, auth, dispatch, SQLite, answer):
// send_event and list_routing_statuses with validation off (the baseline) and on,
// against two servers started in the same run.
func BenchmarkRequestValidation(b *testing.B) {
	v, err := validate.Default()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, mode := range []struct {
		name string
		cfg  emulator.Config
	}{{"off", emulator.Config{}}, {"on", emulator.Config{RequestValidator: v}}} {
		srv := emulator.NewTest(b, mode.cfg)
		client, err := agent.NewWeb(livechat.NewBearerToken(srv.Credentials().Owner.Token),
			livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0))
		if err != nil {
			b.Fatal(err)
		}
		started, err := client.StartChat(ctx, agent.StartChatRequest{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("send_event/"+mode.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := client.SendMessage(ctx, started.ChatID, "Hello, how can I help you today?"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("list_routing_statuses/"+mode.name, func(b *testing.B) {
			req := agent.ListRoutingStatusesRequest{Filters: &agent.RoutingStatusFilters{GroupIDs: []int{0}}}
			for b.Loop() {
				if _, err := client.ListRoutingStatuses(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
