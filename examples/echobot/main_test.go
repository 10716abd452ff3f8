package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
	"github.com/livechat-go/livechat/internal/syncbuf"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The bot answers a customer's message in a chat routed to it, end to end
// against the in-process emulator.
func TestEchoBot(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Route new chats to the bot's agent: the owner stops accepting.
	owner := emutest.OwnerWeb(t, srv)
	if err := owner.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: livechat.NotAcceptingChats}); err != nil {
		t.Fatal(err)
	}

	logs := &syncbuf.Buffer{}
	ready := make(chan struct{})
	done := make(chan error, 1)
	botCtx, stopBot := context.WithCancel(ctx)
	go func() {
		done <- run(botCtx, srv.URL(), livechat.NewBearerToken(cr.Agent.Token), slog.New(slog.NewTextHandler(logs, nil)), ready)
	}()
	defer func() {
		stopBot()
		if err := <-done; err != nil {
			t.Errorf("bot: %v", err)
		}
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("bot stopped: %v", err)
	}

	cust := emutest.CustomerWeb(t, srv, 0)
	started, err := cust.StartChat(ctx, customer.StartChatRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cust.SendMessage(ctx, started.ChatID, "echo me"); err != nil {
		t.Fatal(err)
	}
	echoed := false
	for !echoed {
		chat, err := cust.GetChat(ctx, started.ChatID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range chat.Thread.Events {
			if m, ok := ev.(*livechat.Message); ok && m.AuthorID == cr.Agent.ID && m.Text == "echo me" {
				echoed = true
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no echo from the bot in chat %s: %v", started.ChatID, chat.Thread.Events)
		case <-time.After(50 * time.Millisecond):
		}
	}
	// The log says readably what happened: the state and the reply.
	wantLogs := []string{`state="connected as ` + cr.Agent.ID + `"`, "msg=replied chat=" + started.ChatID, `text="echo me"`}
	for {
		out := logs.String()
		missing := ""
		for _, w := range wantLogs {
			if !strings.Contains(out, w) {
				missing = w
			}
		}
		if missing == "" {
			if strings.Contains(out, "0xc") || strings.Contains(out, "{State:") {
				t.Errorf("the log prints a struct or a pointer:\n%s", out)
			}
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("log lacks %q:\n%s", missing, out)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
