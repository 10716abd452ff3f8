package webhooks_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/webhooks"
)

// A webhook receiver: it answers every incoming message and records chat
// closings, and refuses deliveries that do not carry the registered secret.
func Example() {
	// The secret_key given to register_webhook (read it from the environment
	// or a secret store in a real program).
	h := webhooks.New("my-webhook-secret",
		webhooks.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))),
		webhooks.WithFallback(func(ctx context.Context, wh *webhooks.Webhook) error {
			fmt.Println("unhandled webhook:", wh.Action)
			return nil
		}),
	)
	h.OnIncomingEvent(func(ctx context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		if m, ok := p.Event.(*livechat.Message); ok {
			fmt.Printf("chat %s: %q from %s\n", p.ChatID, m.Text, m.AuthorID)
		}
		return nil // 200: delivered; an error would make the platform retry
	})
	h.OnChatDeactivated(func(ctx context.Context, wh *webhooks.Webhook, p *livechat.ChatDeactivatedPush) error {
		fmt.Printf("chat %s closed\n", p.ChatID)
		return nil
	})

	// In a real program: http.Handle("/livechat/webhooks", h); http.ListenAndServe(…).
	srv := httptest.NewServer(h)
	defer srv.Close()

	deliver := func(body string) {
		resp, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println("status", resp.StatusCode)
	}
	deliver(`{"webhook_id":"w1","secret_key":"my-webhook-secret","action":"incoming_event",
		"organization_id":"390e44e6-f1e6-0368c-z6ddb-74g14508c2ex",
		"payload":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8",
			"event":{"id":"K600PKZON8_1","type":"message","text":"Hello","author_id":"b7eff798"}}}`)
	deliver(`{"webhook_id":"w2","secret_key":"my-webhook-secret","action":"chat_deactivated",
		"payload":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}}`)
	deliver(`{"webhook_id":"w3","secret_key":"my-webhook-secret","action":"thread_tagged",
		"payload":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","tag":"sales"}}`)
	deliver(`{"webhook_id":"w1","secret_key":"guessed","action":"incoming_event","payload":{}}`)

	// Output:
	// chat PJ0MRSHTDG: "Hello" from b7eff798
	// status 200
	// chat PJ0MRSHTDG closed
	// status 200
	// unhandled webhook: thread_tagged
	// status 200
	// status 401
}

// On registers a handler with any payload type; the On… methods are On
// with the documented type of their action.
func ExampleOn() {
	h := webhooks.New("my-webhook-secret")
	webhooks.On(h, livechat.PushRoutingStatusSet,
		func(ctx context.Context, wh *webhooks.Webhook, p *livechat.RoutingStatusSetPush) error {
			fmt.Println(p.AgentID, p.RoutingStatus())
			return nil
		})
	_ = h
	// Output:
}

// WithSecretFunc serves webhooks registered with different secrets.
func ExampleWithSecretFunc() {
	secrets := map[string]string{"incoming_chat": "secret-1", "chat_deactivated": "secret-2"}
	h := webhooks.New("", webhooks.WithSecretFunc(func(ctx context.Context, webhookID, action string) (string, bool) {
		s, ok := secrets[action]
		return s, ok
	}))
	_ = h
	// Output:
}
