// Command webhook-receiver receives LiveChat webhooks and logs new
// messages and closed chats. Register its URL and secret with the
// Configuration API's register_webhook.
//
//	go run ./examples/webhook-receiver -addr 127.0.0.1:9090 -secret s3cret
package main

import (
	"context"
	"flag"
	"log/slog"
	"net/http"
	"os"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/webhooks"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9090", "listen address")
	secret := flag.String("secret", os.Getenv("LIVECHAT_WEBHOOK_SECRET"), "the secret_key given to register_webhook")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	h := webhooks.New(*secret, webhooks.WithLogger(log))
	h.OnIncomingEvent(func(ctx context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		if m, ok := p.Event.(*livechat.Message); ok {
			log.Info("message", "chat", p.ChatID, "author", m.AuthorID, "text", m.Text)
		}
		return nil
	})
	h.OnChatDeactivated(func(ctx context.Context, wh *webhooks.Webhook, p *livechat.ChatDeactivatedPush) error {
		log.Info("chat closed", "chat", p.ChatID, "thread", p.ThreadID)
		return nil
	})
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks", h)
	log.Info("listening", "url", "http://"+*addr+"/webhooks")
	if err := http.ListenAndServe(*addr, mux); err != nil {
		log.Error("serve", "error", err)
		os.Exit(1)
	}
}
