// Command webhook-receiver receives LiveChat webhooks and logs new
// messages and closed chats.
//
// The platform delivers a webhook only after two steps, and the receiver
// does both itself when given -register-url (the local emulator by default):
//
//  1. register_webhook (Configuration API) for each action, with the URL
//     to call, a secret_key, type "license" and owner_client_id — the
//     client id of your application;
//  2. enable_license_webhooks for that owner_client_id: license webhooks
//     stay silent until this is done.
//
// On exit it unregisters what it registered. Against the local emulator:
//
//	go run ./cmd/livechat serve &
//	go run ./examples/webhook-receiver
//
// then start a chat and send a message (for example with the first program
// of the README): the receiver logs it. Against the platform, pass
// -register-url https://api.livechatinc.com -token "<owner PAT or access
// token>" -client-id <your client id> -public-url <an https URL that reaches
// this program>, or register it yourself and pass -register-url "".
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/webhooks"
)

// options configure the receiver.
type options struct {
	addr        string // listen address
	publicURL   string // the URL the platform calls; default http://<addr>/webhooks
	secret      string // secret_key; random when empty
	registerURL string // base URL of the Configuration API; "" skips registering
	token       string // owner credentials for register_webhook
	clientID    string // owner_client_id
}

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:9090", "listen address")
	flag.StringVar(&o.publicURL, "public-url", "", "URL the platform calls (default http://<addr>/webhooks)")
	flag.StringVar(&o.secret, "secret", os.Getenv("LIVECHAT_WEBHOOK_SECRET"), "secret_key of the webhooks (default: a random one)")
	flag.StringVar(&o.registerURL, "register-url", "http://127.0.0.1:8080", `Configuration API base URL to register the webhooks with ("" to skip)`)
	flag.StringVar(&o.token, "token", "dal:emulator-owner-token", "owner access token for register_webhook (default: the emulator's)")
	flag.StringVar(&o.clientID, "client-id", "e2c9f1a07b3d4c8e9f60a1b2c3d4e5f6", "owner_client_id of your application (default: the emulator's)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, log, nil); err != nil {
		log.Error("webhook-receiver", "error", err)
		os.Exit(1)
	}
}

// actions are the webhooks this receiver handles.
var actions = []string{livechat.PushIncomingEvent, livechat.PushChatDeactivated}

// run serves until ctx ends. ready, when not nil, receives the URL the
// webhooks are delivered to once they are registered and enabled.
func run(ctx context.Context, o options, log *slog.Logger, ready chan<- string) error {
	if o.secret == "" {
		b := make([]byte, 16)
		rand.Read(b)
		o.secret = hex.EncodeToString(b)
	}
	h := webhooks.New(o.secret, webhooks.WithLogger(log))
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

	l, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	defer func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if o.publicURL == "" {
		o.publicURL = "http://" + l.Addr().String() + "/webhooks"
	}
	log.Info("listening", "url", o.publicURL)

	if o.registerURL != "" {
		unregister, err := register(ctx, o, log)
		if err != nil {
			return err
		}
		defer unregister()
	}
	if ready != nil {
		ready <- o.publicURL
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-served:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// register does the two steps the platform requires: register_webhook for
// each action (type license, with owner_client_id), then
// enable_license_webhooks. It returns a function that unregisters them.
func register(ctx context.Context, o options, log *slog.Logger) (func(), error) {
	cfg, err := configuration.NewWeb(livechat.NewBearerToken(o.token), livechat.WithBaseURL(o.registerURL), livechat.WithLogger(log))
	if err != nil {
		return nil, err
	}
	var ids []string
	unregister := func() {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, id := range ids {
			if err := cfg.UnregisterWebhook(c, id, o.clientID); err != nil {
				log.Warn("unregister webhook", "id", id, "error", err)
			}
		}
	}
	for _, action := range actions {
		res, err := cfg.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{
			Action: action, URL: o.publicURL, SecretKey: o.secret,
			Type: configuration.WebhookLicense, OwnerClientID: o.clientID,
			Description: "examples/webhook-receiver",
		})
		if err != nil {
			unregister()
			return nil, fmt.Errorf("register_webhook %s: %w", action, err)
		}
		ids = append(ids, res.ID)
		log.Info("registered", "action", action, "webhook", res.ID)
	}
	if err := cfg.EnableLicenseWebhooks(ctx, o.clientID); err != nil {
		unregister()
		return nil, fmt.Errorf("enable_license_webhooks: %w", err)
	}
	log.Info("license webhooks enabled", "owner_client_id", o.clientID)
	return unregister, nil
}
