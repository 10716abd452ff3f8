package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
	"github.com/livechat-go/livechat/webhooks"
)

// TestWebhookDeliveriesOrderedPerChat: a receiver that answers slowly and
// fails at random still sees each chat's events in event order (the
// documented guarantee, webhooks.go), while two chats are delivered
// concurrently.
func TestWebhookDeliveriesOrderedPerChat(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond, WebhookMaxRetryDelay: 2 * time.Millisecond, WebhookMaxRetries: 50})
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	rec := newHookReceiver(t, "s3cret")
	var mu sync.Mutex
	got := map[string][]string{} // chat → texts, in arrival order
	rng := rand.New(rand.NewPCG(1, 2))
	rec.h.OnIncomingEvent(func(_ context.Context, _ *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		mu.Lock()
		fail, pause := rng.IntN(3) == 0, time.Duration(rng.IntN(3))*time.Millisecond
		mu.Unlock()
		time.Sleep(pause)
		if fail {
			return fmt.Errorf("try again")
		}
		var ev struct{ Text string }
		b, _ := json.Marshal(p.Event)
		json.Unmarshal(b, &ev)
		mu.Lock()
		got[p.ChatID] = append(got[p.ChatID], ev.Text)
		mu.Unlock()
		return nil
	})
	registerHook(t, ctx, c, cr, rec.srv.URL, "incoming_event", nil)
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	const n = 15
	chats := make([]string, 2)
	want := map[string][]string{}
	for i := range chats {
		chats[i], _ = startChat(t, owner, fmt.Sprintf("chat %d opens", i), nil)
	}
	for k := range n {
		for i, id := range chats {
			text := fmt.Sprintf("chat %d message %d", i, k)
			do(t, owner, "send_event", M{"chat_id": id, "event": M{"type": "message", "text": text}})
			want[id] = append(want[id], text)
		}
	}
	if _, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		for _, d := range l {
			if d.Status != emulator.DeliveryDelivered {
				return false
			}
		}
		return len(l) >= 2*n
	}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, id := range chats {
		var msgs []string
		for _, text := range got[id] {
			if len(text) > 0 && text[len(text)-1] != 's' { // skip the "opens" event
				msgs = append(msgs, text)
			}
		}
		if fmt.Sprint(msgs) != fmt.Sprint(want[id]) {
			t.Errorf("chat %s: received %q, want %q", id, msgs, want[id])
		}
	}
}

// TestWebhookBadEnvelopeBacksOff: a stored envelope that no longer
// decodes (nested beyond encoding/json's limit, as the emulator once
// accepted) is a failed attempt like any other: recorded, retried with
// backoff, then failed; before, the worker retried it at once forever,
// after a restart too.
func TestWebhookBadEnvelopeBacksOff(t *testing.T) {
	dir := t.TempDir()
	ctx := ctxT(t)
	db, err := store.Open(ctx, dir)
	cfgMust(t, err)
	deep := `{"payload":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`
	_, err = db.SQL().ExecContext(ctx, `INSERT INTO webhook_deliveries(webhook_id, action, url, secret_key, envelope, created_at)
		VALUES ('w1', 'incoming_event', 'http://127.0.0.1:9/never', 's', ?, '2026-01-01T00:00:00.000000Z')`, deep)
	cfgMust(t, err)
	cfgMust(t, db.Close())
	var logs countHandler
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir, Logger: slog.New(&logs),
		WebhookRetryDelay: 20 * time.Millisecond, WebhookMaxRetryDelay: 20 * time.Millisecond, WebhookMaxRetries: 3})
	list, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryFailed
	})
	cfgMust(t, err)
	d := list[0]
	if d.Attempts != 4 || len(d.AttemptLog) != 4 || !strings.Contains(d.AttemptLog[0].Error, "cannot build the envelope") {
		t.Fatalf("delivery %+v", d)
	}
	for i := 1; i < len(d.AttemptLog); i++ {
		if d.AttemptLog[i].At <= d.AttemptLog[i-1].At {
			t.Fatalf("attempts not spaced: %+v", d.AttemptLog)
		}
	}
	time.Sleep(100 * time.Millisecond) // a hot loop would log again meanwhile
	if n := logs.count("cannot build the envelope"); n != 4 {
		t.Fatalf("%d log lines for 4 attempts", n)
	}
}

// countHandler is a slog.Handler counting messages.
type countHandler struct {
	mu   sync.Mutex
	msgs []string
}

func (h *countHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.msgs = append(h.msgs, r.Message)
	h.mu.Unlock()
	return nil
}
func (h *countHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countHandler) WithGroup(string) slog.Handler      { return h }
func (h *countHandler) count(sub string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.msgs {
		if strings.Contains(m, sub) {
			n++
		}
	}
	return n
}
