package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
	"github.com/livechat-go/livechat/internal/syncbuf"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestReceiverRegistersAndReceives: against the emulator, the receiver
// registers its webhooks with owner_client_id, enables license webhooks,
// logs a customer's message delivered to it, and unregisters on exit.
func TestReceiverRegistersAndReceives(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	logs := &syncbuf.Buffer{}
	const secret = "receiver-test-secret"
	ready := make(chan string, 1)
	done := make(chan error, 1)
	runCtx, stop := context.WithCancel(ctx)
	go func() {
		done <- run(runCtx, options{addr: "127.0.0.1:0", secret: secret, registerURL: srv.URL(),
			token: cr.Owner.Token, clientID: cr.ClientID}, slog.New(slog.NewTextHandler(logs, nil)), ready)
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("receiver stopped: %v\n%s", err, logs)
	}

	cust := emutest.CustomerWeb(t, srv, 0)
	continuous := true // no agent is logged in: the chat waits in the queue
	started, err := cust.StartChat(ctx, customer.StartChatRequest{Continuous: &continuous})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cust.SendMessage(ctx, started.ChatID, "hello receiver"); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(logs.String(), `msg=message chat=`+started.ChatID) || !strings.Contains(logs.String(), `text="hello receiver"`) {
		select {
		case <-ctx.Done():
			t.Fatalf("the message was not logged:\n%s", logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	out := logs.String()
	for _, want := range []string{"registered action=incoming_event", "registered action=chat_deactivated", "license webhooks enabled"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, secret) {
		t.Errorf("the secret reached the log:\n%s", out)
	}
	cfg, err := configuration.NewWeb(livechat.NewBearerToken(cr.Owner.Token), livechat.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	left, err := cfg.ListWebhooks(ctx, cr.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("webhooks left registered after exit: %+v", left)
	}
}
