package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/restv2"
)

// v2Hit is one POST a v2Receiver got.
type v2Hit struct {
	path, contentType, user, pass string
	raw                           []byte
	body                          map[string]any
}

// v2Receiver is a real HTTP server on 127.0.0.1 recording every webhook
// POSTed to it and answering with status(n) (n = 1 for its first hit).
type v2Receiver struct {
	srv    *httptest.Server
	hits   chan v2Hit
	mu     sync.Mutex
	n      int
	status func(n int) int
}

func newV2Receiver(t *testing.T, status func(n int) int) *v2Receiver {
	r := &v2Receiver{hits: make(chan v2Hit, 200), status: status}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		h := v2Hit{path: req.URL.Path, contentType: req.Header.Get("Content-Type")}
		h.user, h.pass, _ = req.BasicAuth()
		h.raw, _ = io.ReadAll(req.Body)
		if req.Method != http.MethodPost || json.Unmarshal(h.raw, &h.body) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.n++
		n := r.n
		r.mu.Unlock()
		st := http.StatusOK
		if r.status != nil {
			st = r.status(n)
		}
		w.WriteHeader(st)
		r.hits <- h
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// next waits for the next hit.
func (r *v2Receiver) next(t *testing.T, ctx context.Context) v2Hit {
	t.Helper()
	select {
	case h := <-r.hits:
		return h
	case <-ctx.Done():
		t.Fatal("no v2 webhook arrived")
		return v2Hit{}
	}
}

// expect waits for n hits and returns them keyed "<path> <event_type>".
func (r *v2Receiver) expect(t *testing.T, ctx context.Context, n int) map[string]v2Hit {
	t.Helper()
	out := map[string]v2Hit{}
	for range n {
		h := r.next(t, ctx)
		k := h.path + " " + str(h.body, "event_type")
		if _, dup := out[k]; dup {
			t.Fatalf("two deliveries of %s: %s", k, h.raw)
		}
		out[k] = h
	}
	return out
}

// quiet fails when a hit arrives within d.
func (r *v2Receiver) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case h := <-r.hits:
		t.Fatalf("unexpected delivery to %s: %s", h.path, h.raw)
	case <-time.After(d):
	}
}

func v2Hook(t *testing.T, ctx context.Context, c *restv2.Client, ev restv2.WebhookEvent, u string, types ...string) *restv2.Webhook {
	t.Helper()
	w := v2must(c.Webhooks.Create(ctx, restv2.CreateWebhookRequest{EventType: ev, DataTypes: types, URL: u}))(t)
	if w == nil || w.ID == "" || w.Token.Reveal() == "" || w.EventType != ev {
		t.Fatalf("webhook %+v", w)
	}
	return w
}

// checkV2Envelope checks the members every v2 webhook carries.
func checkV2Envelope(t *testing.T, h v2Hit, ev string, hook *restv2.Webhook, cr emulator.Credentials, dataTypes ...string) {
	t.Helper()
	want := map[string]bool{"event_type": true, "token": true, "license_id": true}
	for _, d := range dataTypes {
		want[d] = true
	}
	for k := range h.body {
		if !want[k] {
			t.Errorf("%s: unexpected member %q: %s", ev, k, h.raw)
		}
	}
	for k := range want {
		if _, ok := h.body[k]; !ok {
			t.Errorf("%s: member %q missing: %s", ev, k, h.raw)
		}
	}
	if h.body["event_type"] != ev || h.body["token"] != hook.Token.Reveal() || h.body["license_id"] != cr.LicenseID ||
		!strings.HasPrefix(h.contentType, "application/json") {
		t.Fatalf("%s: envelope %s (content type %q)", ev, h.raw, h.contentType)
	}
}

// TestV2WebhooksDelivered registers a v2 webhook for every event over the
// REST API v2 (login + API key, X-API-Version: 2), causes each event
// through the v3 or the v2 API and checks the documented body a real
// receiver gets.
func TestV2WebhooksDelivered(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond, WebhookMaxRetryDelay: 4 * time.Millisecond})
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	v2 := v2Owner(t, srv)
	rec := newV2Receiver(t, nil)
	base := rec.srv.URL

	// The documented Basic auth in the URL (https://user:password@host).
	authURL, _ := url.Parse(base + "/started")
	authURL.User = url.UserPassword("livechat", "hook-pass")
	started := v2Hook(t, ctx, v2, restv2.EventChatStarted, authURL.String(), restv2.DataChat, restv2.DataVisitor, restv2.DataPreChatSurvey)
	startedVisitor := v2Hook(t, ctx, v2, restv2.EventChatStarted, base+"/started-visitor", restv2.DataVisitor)
	queued := v2Hook(t, ctx, v2, restv2.EventVisitorQueued, base+"/queued", restv2.DataVisitor)
	ended := v2Hook(t, ctx, v2, restv2.EventChatEnded, base+"/ended", restv2.DataChat, restv2.DataVisitor)
	changed := v2Hook(t, ctx, v2, restv2.EventChatChanged, base+"/changed", restv2.DataChat)
	ticket := v2Hook(t, ctx, v2, restv2.EventTicketCreated, base+"/ticket", restv2.DataTicket)
	canned := v2Hook(t, ctx, v2, restv2.EventCannedResponseChanged, base+"/canned", restv2.DataCannedResponse)
	// A v3 webhook too: a v2 call queues the v3 webhooks of its pushes.
	v3rec := newV2Receiver(t, nil)
	cfg := ownerCfg(t, srv)
	registerHook(t, ctx, cfg, cr, v3rec.srv.URL, "thread_tagged", nil)
	cfgMust(t, cfg.EnableLicenseWebhooks(ctx, cr.ClientID))

	// chat_started: a customer starts a chat over the Customer Chat API
	// with a filled pre-chat form and a message; an agent takes it.
	carla := cr.Customers[0]
	raw, err := srv.Do(ctx, "Bearer "+carla.Token, "customer", "", "start_chat", M{"chat": M{
		"access": M{"group_ids": []int{0}},
		"thread": M{"events": []any{
			M{"type": "filled_form", "form_id": "prechat-0", "form_type": "prechat", "fields": []any{
				M{"type": "header", "id": "1", "label": "Welcome! Tell us who you are."},
				M{"type": "name", "id": "2", "label": "Name:", "answer": "Carla"},
				M{"type": "email", "id": "3", "label": "E-mail:", "answer": "carla@example.com"},
			}},
			M{"type": "message", "text": "Hello there"},
		}},
	}})
	cfgMust(t, err)
	var chat emulator.CustomerChat
	cfgMust(t, json.Unmarshal(raw, &chat))
	hits := rec.expect(t, ctx, 2)
	h := hits["/started chat_started"]
	checkV2Envelope(t, h, "chat_started", started, cr, "chat", "visitor", "pre_chat_survey")
	if h.user != "livechat" || h.pass != "hook-pass" {
		t.Errorf("basic auth from the URL: %q %q", h.user, h.pass)
	}
	c := h.body["chat"].(map[string]any)
	msgs, _ := c["messages"].([]any)
	if c["id"] != chat.ChatID || c["started_timestamp"].(float64) < float64(time.Now().Add(-time.Minute).Unix()) || c["ended_timestamp"] != nil ||
		mustJSONStr(c["tags"]) != `[]` || len(msgs) != 1 || len(c) != 4 {
		t.Fatalf("chat %s", mustJSONStr(c))
	}
	if m := msgs[0].(map[string]any); m["user_type"] != "visitor" || m["author_name"] != carla.Name || m["text"] != "Hello there" ||
		m["timestamp"].(float64) < c["started_timestamp"].(float64) || len(m) != 4 {
		t.Fatalf("visitor message %s", mustJSONStr(m))
	}
	wantVisitor := mustJSONStr(M{"custom_variables": []any{}, "email": carla.Email, "id": carla.ID, "name": carla.Name})
	if mustJSONStr(h.body["visitor"]) != wantVisitor {
		t.Fatalf("visitor %s, want %s", mustJSONStr(h.body["visitor"]), wantVisitor)
	}
	if got, want := mustJSONStr(h.body["pre_chat_survey"]), mustJSONStr([]M{{"answer": "Carla", "id": "2", "label": "Name:", "type": "name"},
		{"answer": "carla@example.com", "id": "3", "label": "E-mail:", "type": "email"}}); got != want {
		t.Fatalf("pre_chat_survey %s, want %s", got, want)
	}
	// The other chat_started webhook asked for the visitor only.
	h = hits["/started-visitor chat_started"]
	checkV2Envelope(t, h, "chat_started", startedVisitor, cr, "visitor")
	if mustJSONStr(h.body["visitor"]) != wantVisitor {
		t.Fatalf("visitor-only chat_started %s", h.raw)
	}

	// The agent the chat was routed to answers.
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	serving, servingID := owner, cr.Owner.ID
	if r := do(t, owner, "get_chat", M{"chat_id": chat.ChatID}); !strings.Contains(mustJSONStr(r["users"]), cr.Owner.ID) {
		serving, servingID = newWeb(t, srv, cr.Agent.Token, livechat.V3_6), cr.Agent.ID
	}
	do(t, serving, "send_event", M{"chat_id": chat.ChatID, "event": M{"type": "message", "text": "How can I help?"}})

	// chat_changed: tagged over v3 (tag_thread), then over v2 (PUT
	// /chats/<id>/tags: two tags change, one webhook).
	do(t, owner, "tag_thread", M{"chat_id": chat.ChatID, "thread_id": chat.ThreadID, "tag": "vip"})
	h = rec.next(t, ctx)
	checkV2Envelope(t, h, "chat_changed", changed, cr, "chat")
	if c := h.body["chat"].(map[string]any); c["id"] != chat.ChatID || mustJSONStr(c["tags"]) != `["vip"]` {
		t.Fatalf("chat_changed (v3) %s", h.raw)
	}
	v2must(v2.Chats.UpdateTags(ctx, chat.ChatID, []string{"sales", "support"}))(t)
	h = rec.next(t, ctx)
	checkV2Envelope(t, h, "chat_changed", changed, cr, "chat")
	if c := h.body["chat"].(map[string]any); mustJSONStr(c["tags"]) != `["sales","support"]` {
		t.Fatalf("chat_changed (v2) %s", h.raw)
	}
	rec.quiet(t, 50*time.Millisecond) // one webhook per change, not per tag
	v3hit := v3rec.next(t, ctx)       // the v3 thread_tagged webhook of the v2 call
	if v3hit.body["action"] != "thread_tagged" || v3hit.body["secret_key"] != "s3cret" {
		t.Fatalf("v3 webhook of a v2 call: %s", v3hit.raw)
	}
	v3rec.next(t, ctx) // the second tag
	v3rec.next(t, ctx) // and the v3 tag_thread before them

	// chat_ended: the agent serving it closes it over v3.
	do(t, serving, "deactivate_chat", M{"id": chat.ChatID})
	h = rec.next(t, ctx)
	checkV2Envelope(t, h, "chat_ended", ended, cr, "chat", "visitor")
	c = h.body["chat"].(map[string]any)
	msgs, _ = c["messages"].([]any)
	if c["id"] != chat.ChatID || c["ended_timestamp"] == nil || c["ended_timestamp"].(float64) < c["started_timestamp"].(float64) ||
		mustJSONStr(c["tags"]) != `["sales","support"]` || len(msgs) != 2 || mustJSONStr(h.body["visitor"]) != wantVisitor {
		t.Fatalf("chat_ended %s", h.raw)
	}
	if m := msgs[1].(map[string]any); m["user_type"] != "agent" || m["agent_id"] != servingID || m["text"] != "How can I help?" ||
		m["author_name"] == "" {
		t.Fatalf("agent message %s", mustJSONStr(m))
	}

	// visitor_queued: nobody can take a chat in group 1 (only the owner
	// serves it), so a customer's continuous chat waits in the queue; when
	// the owner accepts chats again it starts.
	do(t, owner, "set_routing_status", M{"agent_id": cr.Owner.ID, "status": "not_accepting_chats"})
	chris := cr.Customers[1]
	raw, err = srv.Do(ctx, "Bearer "+chris.Token, "customer", "", "start_chat",
		M{"chat": M{"access": M{"group_ids": []int{1}}, "thread": M{"events": []any{M{"type": "message", "text": "anyone?"}}}}, "continuous": true})
	cfgMust(t, err)
	var queuedChat emulator.CustomerChat
	cfgMust(t, json.Unmarshal(raw, &queuedChat))
	h = rec.next(t, ctx)
	checkV2Envelope(t, h, "visitor_queued", queued, cr, "visitor")
	if mustJSONStr(h.body["visitor"]) != mustJSONStr(M{"custom_variables": []any{}, "email": chris.Email, "id": chris.ID, "name": chris.Name}) {
		t.Fatalf("visitor_queued %s", h.raw)
	}
	rec.quiet(t, 50*time.Millisecond) // queued: not started
	do(t, owner, "set_routing_status", M{"agent_id": cr.Owner.ID, "status": "accepting_chats"})
	hits = rec.expect(t, ctx, 2)
	if c := hits["/started chat_started"].body["chat"].(map[string]any); c["id"] != queuedChat.ChatID {
		t.Fatalf("chat_started after the queue %s", hits["/started chat_started"].raw)
	}
	if hits["/started-visitor chat_started"].body["visitor"].(map[string]any)["id"] != chris.ID {
		t.Fatalf("chat_started after the queue %s", hits["/started-visitor chat_started"].raw)
	}
	// A visitor who leaves the queue ends no chat.
	do(t, owner, "set_routing_status", M{"agent_id": cr.Owner.ID, "status": "not_accepting_chats"})
	cleo := cr.Customers[2]
	raw, err = srv.Do(ctx, "Bearer "+cleo.Token, "customer", "", "start_chat",
		M{"chat": M{"access": M{"group_ids": []int{1}}}, "continuous": true})
	cfgMust(t, err)
	var left emulator.CustomerChat
	cfgMust(t, json.Unmarshal(raw, &left))
	if h := rec.next(t, ctx); h.body["event_type"] != "visitor_queued" {
		t.Fatalf("want visitor_queued, got %s", h.raw)
	}
	_, err = srv.Do(ctx, "Bearer "+cleo.Token, "customer", "", "deactivate_chat", M{"id": left.ChatID})
	cfgMust(t, err)
	rec.quiet(t, 50*time.Millisecond)

	// ticket_created over v2.
	tk := v2must(v2.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "My shoes are broken",
		Requester: restv2.TicketRequester{Mail: "mary@example.com", Name: "Mary Brown"}, Subject: "Shoes"}))(t)
	h = rec.next(t, ctx)
	checkV2Envelope(t, h, "ticket_created", ticket, cr, "ticket")
	tb := h.body["ticket"].(map[string]any)
	ev := tb["events"].([]any)[0].(map[string]any)
	if tb["id"] != tk.ID || tb["status"] != "open" || tb["subject"] != "Shoes" ||
		mustJSONStr(tb["requester"]) != `{"mail":"mary@example.com","name":"Mary Brown"}` ||
		mustJSONStr(tb["groups"]) != `[{"id":0,"name":"General"}]` || mustJSONStr(tb["tags"]) != `[]` ||
		mustJSONStr(tb["source"]) != `{"type":"lc2","url":null}` || ev["message"] != "My shoes are broken" || ev["type"] != "message" {
		t.Fatalf("ticket %s", h.raw)
	}
	if _, err := time.Parse(time.RFC3339, ev["date"].(string)); err != nil {
		t.Fatalf("ticket event date %v", ev["date"])
	}

	// canned_response_changed on create, update and delete over v2.
	cn := v2must(v2.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "Can I help you with anything else?",
		Tags: []string{"shortcut1", "shortcut2"}}))(t)
	h = rec.next(t, ctx)
	checkV2Envelope(t, h, "canned_response_changed", canned, cr, "canned_response")
	cb := h.body["canned_response"].(map[string]any)
	if cb["id"] != float64(cn.ID) || cb["group"] != float64(0) || cb["text"] != "Can I help you with anything else?" ||
		mustJSONStr(cb["tags"]) != `["shortcut1","shortcut2"]` || cb["modification_date"] == nil || len(cb) != 5 {
		t.Fatalf("canned (created) %s", h.raw)
	}
	v2must(v2.CannedResponses.Update(ctx, cn.ID, restv2.UpdateCannedResponseRequest{Text: "Anything else?"}))(t)
	if h := rec.next(t, ctx); h.body["canned_response"].(map[string]any)["text"] != "Anything else?" {
		t.Fatalf("canned (updated) %s", h.raw)
	}
	v2must(v2.CannedResponses.Delete(ctx, cn.ID))(t)
	if h := rec.next(t, ctx); h.body["canned_response"].(map[string]any)["id"] != float64(cn.ID) {
		t.Fatalf("canned (deleted) %s", h.raw)
	}

	// Every v2 delivery is listed as v2, delivered, without its token and
	// without the URL's password.
	list, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		for _, d := range l {
			if d.Status != emulator.DeliveryDelivered {
				return false
			}
		}
		return true
	})
	cfgMust(t, err)
	counts := map[string]int{}
	for _, d := range list {
		counts[d.API+" "+d.Action]++
		if d.API == "v2" && (d.Attempts != 1 || strings.Contains(string(d.Envelope), `"token"`) ||
			strings.Contains(d.URL, "hook-pass") || strings.HasPrefix(d.Action, "v2")) {
			t.Fatalf("listed v2 delivery %+v", d)
		}
	}
	want := map[string]int{"v2 chat_started": 4, "v2 visitor_queued": 2, "v2 chat_ended": 1, "v2 chat_changed": 2,
		"v2 ticket_created": 1, "v2 canned_response_changed": 3, "v3 thread_tagged": 3}
	if mustJSONStr(counts) != mustJSONStr(want) {
		t.Fatalf("deliveries %v, want %v", counts, want)
	}
}

// TestV2WebhookRetried: a receiver that fails twice gets the same body
// three times; one that always fails gets 1 + WebhookMaxRetries attempts.
func TestV2WebhookRetried(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond, WebhookMaxRetryDelay: 4 * time.Millisecond,
		WebhookMaxRetries: 3})
	ctx := ctxT(t)
	v2 := v2Owner(t, srv)
	flaky := newV2Receiver(t, func(n int) int {
		if n <= 2 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	v2Hook(t, ctx, v2, restv2.EventCannedResponseChanged, flaky.srv.URL, restv2.DataCannedResponse)
	v2must(v2.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "retry me", Tags: []string{"r"}}))(t)
	first := flaky.next(t, ctx)
	for range 2 {
		if h := flaky.next(t, ctx); string(h.raw) != string(first.raw) {
			t.Fatalf("retry differs: %s vs %s", h.raw, first.raw)
		}
	}
	list, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryDelivered
	})
	cfgMust(t, err)
	if d := list[0]; d.API != "v2" || d.Action != "canned_response_changed" || d.Attempts != 3 || d.AttemptLog[0].StatusCode != 500 ||
		d.AttemptLog[2].StatusCode != 200 {
		t.Fatalf("delivery %+v", d)
	}
	flaky.quiet(t, 30*time.Millisecond)

	down := newV2Receiver(t, func(int) int { return http.StatusServiceUnavailable })
	v2Hook(t, ctx, v2, restv2.EventTicketCreated, down.srv.URL, restv2.DataTicket)
	v2must(v2.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "hi", Requester: restv2.TicketRequester{Mail: "a@example.com"}}))(t)
	for range 4 {
		down.next(t, ctx)
	}
	list, err = srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 2 && l[1].Status == emulator.DeliveryFailed
	})
	cfgMust(t, err)
	if d := list[1]; d.Attempts != 4 || d.AttemptLog[3].StatusCode != 503 {
		t.Fatalf("failed delivery %+v", d)
	}
	down.quiet(t, 30*time.Millisecond)
}

// TestV2WebhookDeleteStopsDeliveries: deleting a webhook cancels its
// pending retries and later events are no longer sent to it.
func TestV2WebhookDeleteStopsDeliveries(t *testing.T) {
	// The first retry would come 250 ms after the first attempt.
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: 250 * time.Millisecond, WebhookMaxRetryDelay: 250 * time.Millisecond})
	ctx := ctxT(t)
	v2 := v2Owner(t, srv)
	rec := newV2Receiver(t, func(int) int { return http.StatusInternalServerError })
	hook := v2Hook(t, ctx, v2, restv2.EventCannedResponseChanged, rec.srv.URL, restv2.DataCannedResponse)
	v2must(v2.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "one", Tags: []string{"x"}}))(t)
	rec.next(t, ctx)
	if text := v2must(v2.Webhooks.Delete(ctx, hook.ID))(t); text != "Push notification removed successfully" {
		t.Fatalf("delete: %q", text)
	}
	list, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryCancelled
	})
	cfgMust(t, err)
	if list[0].WebhookID != hook.ID || list[0].API != "v2" {
		t.Fatalf("cancelled %+v", list[0])
	}
	v2must(v2.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "two", Tags: []string{"x"}}))(t)
	rec.quiet(t, 500*time.Millisecond) // no retry, no new delivery
	if list, err := srv.WebhookDeliveries(ctx); err != nil || len(list) != 1 || list[0].Attempts != 1 {
		t.Fatalf("deliveries after delete: %v %+v", err, list)
	}
	if l := v2must(v2.Webhooks.List(ctx))(t); len(l) != 0 {
		t.Fatalf("webhooks after delete: %+v", l)
	}
}

// TestV2WebhookSurvivesRestart: a v2 delivery pending when the emulator
// stops is delivered by the next one, and webhooks registered before the
// restart keep firing.
func TestV2WebhookSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := ctxT(t)
	var up sync.Mutex
	ok := false
	rec := newV2Receiver(t, func(int) int {
		up.Lock()
		defer up.Unlock()
		if ok {
			return http.StatusOK
		}
		return http.StatusBadGateway
	})
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir, WebhookRetryDelay: time.Hour})
	cr := srv.Credentials()
	v2 := v2Owner(t, srv)
	hook := v2Hook(t, ctx, v2, restv2.EventTicketCreated, rec.srv.URL, restv2.DataTicket)
	v2must(v2.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "before", Requester: restv2.TicketRequester{Mail: "a@example.com"}}))(t)
	first := rec.next(t, ctx)
	if off := stopWithPending(t, ctx, srv, dir); off.API != "v2" || off.Action != "ticket_created" || off.WebhookID != hook.ID {
		t.Fatalf("offline listing: %+v", off)
	}

	up.Lock()
	ok = true
	up.Unlock()
	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir, WebhookRetryDelay: time.Millisecond})
	if h := rec.next(t, ctx); string(h.raw) != string(first.raw) || h.body["token"] != hook.Token.Reveal() {
		t.Fatalf("resumed delivery differs: %s vs %s", h.raw, first.raw)
	}
	v2b := v2Client(t, srv2, livechat.NewAPIKey(cr.Owner.ID, cr.Owner.APIKey))
	v2must(v2b.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "after", Requester: restv2.TicketRequester{Mail: "a@example.com"}}))(t)
	if h := rec.next(t, ctx); !strings.Contains(string(h.raw), `"after"`) || h.body["token"] != hook.Token.Reveal() {
		t.Fatalf("after restart: %s", h.raw)
	}
	list, err := srv2.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 2 && l[0].Status == emulator.DeliveryDelivered && l[1].Status == emulator.DeliveryDelivered
	})
	cfgMust(t, err)
	if list[0].Attempts != 2 || list[1].Attempts != 1 {
		t.Fatalf("after restart: %+v", list)
	}
}

// TestV2WebhookNoneRegisteredQueuesNothing: without v2 webhooks, chat
// activity queues no delivery (the hot path only loads a counter).
func TestV2WebhookNoneRegisteredQueuesNothing(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	chat, err := srv.StartCustomerChat(ctx, cr.Customers[0].Token, 0, "hi")
	cfgMust(t, err)
	_, err = srv.Do(ctx, "Bearer "+cr.Customers[0].Token, "customer", "", "send_event",
		M{"chat_id": chat.ChatID, "event": M{"type": "message", "text": "more"}})
	cfgMust(t, err)
	if list, err := srv.WebhookDeliveries(ctx); err != nil || len(list) != 0 {
		t.Fatalf("deliveries: %v %+v", err, list)
	}
}
