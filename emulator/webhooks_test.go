package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/webhooks"
)

// hookReceiver is a webhooks.Handler on an httptest server (127.0.0.1)
// recording every delivery it sees.
type hookReceiver struct {
	h    *webhooks.Handler
	srv  *httptest.Server
	mu   sync.Mutex
	seen []*webhooks.Webhook
	hits chan *webhooks.Webhook
}

func newHookReceiver(t *testing.T, secret string) *hookReceiver {
	r := &hookReceiver{h: webhooks.New(secret), hits: make(chan *webhooks.Webhook, 100)}
	r.srv = httptest.NewServer(apitest.Webhooks(t, r.h)) // deliveries held to api/openapi.json
	t.Cleanup(r.srv.Close)
	return r
}

func (r *hookReceiver) record(wh *webhooks.Webhook) {
	r.mu.Lock()
	r.seen = append(r.seen, wh)
	r.mu.Unlock()
	r.hits <- wh
}

func (r *hookReceiver) wait(t *testing.T, ctx context.Context) *webhooks.Webhook {
	t.Helper()
	select {
	case wh := <-r.hits:
		return wh
	case <-ctx.Done():
		t.Fatal("no webhook delivery arrived")
		return nil
	}
}

func registerHook(t *testing.T, ctx context.Context, c *configuration.Client, cr emulator.Credentials, url, action string, f *configuration.WebhookFilters, add ...string) string {
	t.Helper()
	r, err := c.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{Action: action, SecretKey: "s3cret", URL: url,
		OwnerClientID: cr.ClientID, Type: configuration.WebhookLicense, Filters: f, AdditionalData: add})
	cfgMust(t, err)
	return r.ID
}

// TestWebhookRetriedUntilDelivered is the required scenario: a receiver
// answering 500 twice then 200 sees the same delivery three times; the
// emulator records one delivery, delivered after three attempts, and
// retries nothing after.
func TestWebhookRetriedUntilDelivered(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond, WebhookMaxRetryDelay: 4 * time.Millisecond})
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	rec := newHookReceiver(t, "s3cret")
	var calls atomic.Int32
	rec.h.OnTagCreated(func(_ context.Context, wh *webhooks.Webhook, p *livechat.TagCreatedPush) error {
		n := calls.Add(1)
		rec.record(wh)
		if p.Name == "retry-me" && n <= 2 {
			return errors.New("not yet")
		}
		return nil
	})
	hookID := registerHook(t, ctx, c, cr, rec.srv.URL, "tag_created", nil)

	// Disabled license webhooks queue nothing.
	cfgMust(t, c.CreateTag(ctx, "before-enable"))
	if list, err := srv.WebhookDeliveries(ctx); err != nil || len(list) != 0 {
		t.Fatalf("deliveries while disabled: %v %+v", err, list)
	}
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))

	cfgMust(t, c.CreateTag(ctx, "retry-me"))
	var got []*webhooks.Webhook
	for range 3 {
		got = append(got, rec.wait(t, ctx))
	}
	for i, wh := range got {
		if wh.WebhookID != hookID || wh.Action != "tag_created" || wh.OrganizationID != cr.OrganizationID ||
			wh.SecretKey != "s3cret" || string(wh.Payload) != string(got[0].Payload) {
			t.Fatalf("delivery %d differs: %+v", i, wh)
		}
	}
	list, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryDelivered
	})
	cfgMust(t, err)
	d := list[0]
	if d.Attempts != 3 || len(d.AttemptLog) != 3 || d.AttemptLog[0].StatusCode != 500 || d.AttemptLog[1].StatusCode != 500 ||
		d.AttemptLog[2].StatusCode != 200 || d.AttemptLog[0].Error == "" || d.AttemptLog[2].Error != "" || d.DeliveredAt == "" {
		t.Fatalf("delivery record: %+v", d)
	}
	if string(d.Envelope) == "" || json.Valid(d.Envelope) && whContains(string(d.Envelope), "s3cret") {
		t.Fatalf("envelope lists the secret: %s", d.Envelope)
	}

	// Nothing is retried after: a later delivery goes through alone and
	// the first one keeps its three attempts.
	cfgMust(t, c.CreateTag(ctx, "after"))
	if wh := rec.wait(t, ctx); !whContains(string(wh.Payload), `"after"`) {
		t.Fatalf("unexpected delivery %s", wh.Payload)
	}
	list, err = srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 2 && l[1].Status == emulator.DeliveryDelivered
	})
	cfgMust(t, err)
	if list[0].Attempts != 3 || list[1].Attempts != 1 || calls.Load() != 4 {
		t.Fatalf("after: %+v, calls %d", list, calls.Load())
	}
	select {
	case wh := <-rec.hits:
		t.Fatalf("unexpected extra delivery %s", wh.Payload)
	default:
	}
}

// TestWebhookPendingSurvivesRestart: a delivery that failed once is
// pending when the emulator stops and is delivered by the next one.
func TestWebhookPendingSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := ctxT(t)
	rec := newHookReceiver(t, "s3cret")
	var ok atomic.Bool
	rec.h.OnTagCreated(func(_ context.Context, wh *webhooks.Webhook, _ *livechat.TagCreatedPush) error {
		rec.record(wh)
		if !ok.Load() {
			return errors.New("down")
		}
		return nil
	})
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir, WebhookRetryDelay: time.Hour})
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	registerHook(t, ctx, c, cr, rec.srv.URL, "tag_created", nil)
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))
	cfgMust(t, c.CreateTag(ctx, "persist-me"))
	first := rec.wait(t, ctx)
	if off := stopWithPending(t, ctx, srv, dir); off.API != "v3" || off.Action != "tag_created" {
		t.Fatalf("offline listing: %+v", off)
	}

	ok.Store(true)
	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir, WebhookRetryDelay: time.Millisecond})
	second := rec.wait(t, ctx)
	if second.WebhookID != first.WebhookID || string(second.Payload) != string(first.Payload) {
		t.Fatalf("resumed delivery differs: %s vs %s", second.Payload, first.Payload)
	}
	list, err := srv2.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryDelivered
	})
	cfgMust(t, err)
	if list[0].Attempts != 2 || len(list[0].AttemptLog) != 2 {
		t.Fatalf("after restart: %+v", list[0])
	}
}

// TestWebhookFiltersAndAdditionalData: author_type keeps only customer
// events; additional_data carries the chat's properties and presence.
func TestWebhookFiltersAndAdditionalData(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond})
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	c := ownerCfg(t, srv)
	rec := newHookReceiver(t, "s3cret")
	rec.h.OnIncomingEvent(func(_ context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		rec.record(wh)
		return nil
	})
	registerHook(t, ctx, c, cr, rec.srv.URL, "incoming_event", &configuration.WebhookFilters{AuthorType: "customer"},
		"chat_properties", "chat_presence_user_ids")
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))

	chat, err := srv.StartCustomerChat(ctx, cr.Customers[0].Token, 0, "")
	cfgMust(t, err)
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	do(t, owner, "update_chat_properties", M{"id": chat.ChatID, "properties": M{"test": M{"string_property": "v"}}})
	// An agent's event is filtered out; the customer's goes out.
	_, err = srv.Do(ctx, "Bearer "+cr.Customers[0].Token, "customer", "", "send_event",
		M{"chat_id": chat.ChatID, "event": M{"type": "message", "text": "from customer"}})
	cfgMust(t, err)
	wh := rec.wait(t, ctx)
	var p livechat.IncomingEventPush
	cfgMust(t, json.Unmarshal(wh.Payload, &p))
	if p.ChatID != chat.ChatID || wh.AdditionalData == nil || wh.AdditionalData.ChatProperties["test"]["string_property"] != "v" ||
		!containsID(wh.AdditionalData.ChatPresenceUserIDs, cr.Customers[0].ID) {
		t.Fatalf("webhook: %+v payload %s", wh.AdditionalData, wh.Payload)
	}
	list, err := srv.WebhookDeliveries(ctx)
	cfgMust(t, err)
	agentEvents := 0
	for _, d := range list {
		if whContains(string(d.Envelope), "from customer") {
			continue
		}
		agentEvents++
	}
	if len(list) != 1 || agentEvents != 0 {
		t.Fatalf("deliveries: %+v", list)
	}
	// The assigned agent's message: nothing queued.
	assigned := owner
	if r := do(t, owner, "get_chat", M{"chat_id": chat.ChatID}); !whContains(mustJSONStr(r["users"]), cr.Owner.ID) {
		assigned = newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	}
	do(t, assigned, "send_event", M{"chat_id": chat.ChatID, "event": M{"type": "message", "text": "from agent"}})
	list, err = srv.WebhookDeliveries(ctx)
	cfgMust(t, err)
	if len(list) != 1 {
		t.Fatalf("agent event delivered despite author_type: %+v", list)
	}
}

// stopWithPending waits until srv's only delivery failed once and is
// pending, stops srv and returns that delivery as the offline listing of
// its data directory shows it.
func stopWithPending(t *testing.T, ctx context.Context, srv *emulator.Server, dir string) emulator.WebhookDelivery {
	t.Helper()
	_, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Attempts == 1 && l[0].Status == emulator.DeliveryPending
	})
	cfgMust(t, err)
	cfgMust(t, srv.Close())
	off, err := emulator.ListWebhookDeliveries(ctx, dir)
	cfgMust(t, err)
	if len(off) != 1 || off[0].Status != emulator.DeliveryPending {
		t.Fatalf("offline listing: %+v", off)
	}
	return off[0]
}

func containsID(list []string, id string) bool {
	for _, s := range list {
		if s == id {
			return true
		}
	}
	return false
}

func whContains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func mustJSONStr(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestBotWebhookFiresWhenBotInChat: a bot webhook is delivered only for
// chats the owner's bot is present in, and needs no license enablement.
func TestBotWebhookFiresWhenBotInChat(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond})
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	rec := newHookReceiver(t, "s3cret")
	rec.h.OnIncomingEvent(func(_ context.Context, wh *webhooks.Webhook, _ *livechat.IncomingEventPush) error {
		rec.record(wh)
		return nil
	})
	_, err := c.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{Action: "incoming_event", SecretKey: "s3cret", URL: rec.srv.URL,
		OwnerClientID: cr.Bot.OwnerClientID, Type: configuration.WebhookBot})
	cfgMust(t, err)
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, owner, "no bot here", nil)
	do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "still no bot"}})
	if list, err := srv.WebhookDeliveries(ctx); err != nil || len(list) != 0 {
		t.Fatalf("bot webhook without the bot: %v %+v", err, list)
	}
	do(t, owner, "add_user_to_chat", M{"chat_id": chatID, "user_id": cr.Bot.ID, "user_type": "agent", "visibility": "all", "ignore_requester_presence": true})
	do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "bot present"}})
	// Deliveries of one chat to one webhook are made in event order
	// (webhooks.go): the system message announcing the bot, then the
	// message, and the second is attempted only once the first was
	// delivered.
	if wh := rec.wait(t, ctx); !whContains(string(wh.Payload), "agent_added") {
		t.Fatalf("first bot webhook is not the agent_added system message: %s", wh.Payload)
	}
	wh := rec.wait(t, ctx)
	if !whContains(string(wh.Payload), "bot present") {
		t.Fatalf("second bot webhook is not the message: %s", wh.Payload)
	}
	list, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 2 && l[0].Status == emulator.DeliveryDelivered && l[1].Status == emulator.DeliveryDelivered
	})
	cfgMust(t, err)
	if !whContains(string(list[0].Envelope), "agent_added") || list[1].AttemptLog[0].At < list[0].DeliveredAt {
		t.Fatalf("deliveries out of order: %+v", list)
	}
}
