// Command echobot is an agent that answers every customer message in the
// chats it belongs to with the same text, over one RTM connection.
//
// Against the local emulator (its well-known agent token is the default):
//
//	go run ./cmd/livechat serve &
//	go run ./examples/echobot
//
// Against the platform: -url "" -token "dal:<your access token>".
//
// It logs every reply and every change of its connection. Stopping the
// emulator disconnects it with service_temporarily_unavailable: it waits
// and reconnects by itself once the emulator serves again.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/rtm"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "base URL of the API (empty: the LiveChat platform)")
	token := flag.String("token", "dal:emulator-agent-token", "agent access token")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *url, livechat.NewBearerToken(*token), log, nil); err != nil {
		log.Error("echobot", "error", err)
		os.Exit(1)
	}
}

// run answers customer messages until ctx ends or the connection closes
// for good. ready, when not nil, is closed once the bot is logged in.
func run(ctx context.Context, url string, creds livechat.Credentials, log *slog.Logger, ready chan<- struct{}) error {
	opts := []livechat.Option{livechat.WithLogger(log)}
	if url != "" {
		opts = append(opts, livechat.WithBaseURL(url))
	}
	conn, err := rtm.Dial(ctx, creds, rtm.WithConfig(opts...),
		// One readable line per state change: "connected as …",
		// "disconnected: service_temporarily_unavailable, retry in 350ms", …
		rtm.WithStateHandler(func(ev rtm.StateEvent) { log.Info("connection", "state", ev.String()) }))
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()
	details, _ := conn.AgentDetails()
	me := details.MyProfile.ID
	log.Info("logged in", "agent", me, "license", details.License.ID)

	// Push handlers run in order on one goroutine; hand the work to a
	// worker so that a slow answer never holds up the pushes behind it.
	type reply struct{ chatID, text string }
	replies := make(chan reply, 64)
	conn.OnIncomingEvent(func(p *livechat.IncomingEventPush) {
		msg, ok := p.Event.(*livechat.Message)
		if !ok || msg.AuthorID == me {
			return
		}
		select {
		case replies <- reply{p.ChatID, msg.Text}:
		default:
			log.Warn("dropping a reply: the worker is behind", "chat", p.ChatID)
		}
	})
	if ready != nil {
		close(ready)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-conn.Done():
			return conn.Err()
		case r := <-replies:
			id, err := conn.SendMessage(ctx, r.chatID, r.text)
			switch {
			case err == nil:
				log.Info("replied", "chat", r.chatID, "event", id, "text", r.text)
			case !errors.Is(err, context.Canceled):
				log.Warn("reply failed", "chat", r.chatID, "error", err)
			}
		}
	}
}
