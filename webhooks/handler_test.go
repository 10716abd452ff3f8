package webhooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
	"github.com/livechat-go/livechat/webhooks"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const secret = "s3cr3t-registered-with-the-webhook"

// samplePayloads has one payload per webhook action of API 3.5 and 3.6,
// after the documented webhook samples.
var samplePayloads = map[string]string{
	"incoming_chat":                   `{"chat":{"id":"PJ0MRSHTDG","users":[{"id":"smith@example.com","type":"agent","name":"Agent Smith"}],"properties":{"routing":{"idle":false}},"thread":{"id":"K600PKZON8","active":true,"events":[{"id":"K600PKZON8_1","type":"message","text":"Hi","author_id":"smith@example.com"}]}}}`,
	"chat_deactivated":                `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}`,
	"chat_access_updated":             `{"id":"PJ0MRSHTDG","access":{"group_ids":[0,1]}}`,
	"chat_transferred":                `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","requester_id":"jones@example.com","reason":"manual","transferred_to":{"group_ids":[19],"agent_ids":["smith@example.com"]},"queue":{"position":42,"wait_time":1337,"queued_at_us":"2019-12-09T12:01:18.909000Z"}}`,
	"user_added_to_chat":              `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user":{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas"},"user_type":"customer","reason":"manual","requester_id":"smith@example.com"}`,
	"user_removed_from_chat":          `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user_id":"agent@example.com","user_type":"agent","reason":"manual","requester_id":"smith@example.com"}`,
	"incoming_event":                  `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"K600PKZON8_2","type":"message","text":"Hello","visibility":"all","created_at":"2019-12-05T07:27:08.820000Z","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}}`,
	"event_updated":                   `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"K600PKZON8_2","type":"custom","content":{"a":1}}}`,
	"event_deleted":                   `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"K600PKZON8_4"}`,
	"incoming_rich_message_postback":  `{"user_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"0affb00a-82d6-4e07-ae61-56ba5c36f743","postback":{"id":"action_yes","toggled":true}}`,
	"chat_properties_updated":         `{"chat_id":"PJ0MRSHTDG","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}}}`,
	"chat_properties_deleted":         `{"chat_id":"PJ0MRSHTDG","properties":{"0805e283233042b37f460ed8fbf22160":["string_property"]}}`,
	"thread_properties_updated":       `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}}}`,
	"thread_properties_deleted":       `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","properties":{"0805e283233042b37f460ed8fbf22160":["string_property"]}}`,
	"event_properties_updated":        `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"0affb00a","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"property_value"}}}`,
	"event_properties_deleted":        `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"0affb00a","properties":{"0805e283233042b37f460ed8fbf22160":["string_property"]}}`,
	"thread_tagged":                   `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","tag":"bug_report"}`,
	"thread_untagged":                 `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","tag":"bug_report"}`,
	"routing_status_set":              `{"agent_id":"agent1@example.com","status":"accepting chats"}`,
	"incoming_customer":               `{"customer":{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","name":"Thomas Anderson","email":"t.anderson@example.com","session_fields":[{"k":"v"}]}}`,
	"customer_session_fields_updated": `{"id":"5280e68c-9692-4212-4ba9-85f7d8af55cd","active_chat":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"},"session_fields":[{"key":"value"}]}`,
	"events_marked_as_seen":           `{"user_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","chat_id":"PJ0MRSHTDG","seen_up_to":"2017-10-12T15:19:21.010200Z"}`,
	"agent_created":                   `{"id":"smith@example.com","name":"Agent Smith","role":"viceowner","awaiting_approval":false,"groups":[{"id":5,"priority":"first"}],"notifications":["new_visitor"],"email_subscriptions":["weekly_summary"],"work_scheduler":{"timezone":"Europe/Warsaw","schedule":[{"day":"monday","enabled":true,"start":"08:30","end":"12:30"}]}}`,
	"agent_approved":                  `{"id":"smith@example.com"}`,
	"agent_updated":                   `{"id":"smith@example.com","max_chats_count":8}`,
	"agent_suspended":                 `{"id":"smith@example.com"}`,
	"agent_unsuspended":               `{"id":"smith@example.com"}`,
	"agent_deleted":                   `{"id":"smith@example.com"}`,
	"auto_accesses_updated":           `[{"id":"b1cd0bfea640f671694110c6ae34356f","next_id":"","status":"updated"},{"id":"dc70916fdc9d02ea0bcdee5b2fa64717","status":"deleted"}]`,
	"bot_created":                     `{"id":"5c9871d5372c824cbf22d860a707a578","name":"Bot Name","default_group_priority":"first","groups":[{"id":0,"priority":"normal"}],"owner_client_id":"asXdesldiAJSq9padj"}`,
	"bot_updated":                     `{"id":"5c9871d5372c824cbf22d860a707a578","name":"New Bot Name"}`,
	"bot_deleted":                     `{"id":"5c9871d5372c824cbf22d860a707a578"}`,
	"group_created":                   `{"id":42,"name":"Sales","language_code":"en","agent_priorities":{"agent@example.com":"normal"}}`,
	"group_updated":                   `{"id":42,"name":"Sales"}`,
	"group_deleted":                   `{"id":42}`,
	"tag_created":                     `{"name":"docs_feedback","group_ids":[0,42],"created_at":"2019-12-09T12:01:18.909000Z","author_id":"smith@example.com"}`,
	"tag_updated":                     `{"name":"docs_feedback","group_ids":[0,42]}`,
	"tag_deleted":                     `{"name":"docs_feedback"}`,
	"thread_summary_set":              `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","summary":{"status":"ok","text":"Short.","updated_at":"2025-12-09T12:01:18.909000Z"}}`,
}

func allActions() []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range []livechat.APIVersion{livechat.V3_5, livechat.V3_6} {
		for _, a := range livechat.WebhookActions(v) {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func envelope(t testing.TB, action, secretKey, payload string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"webhook_id":      "pqi8oasdjahuakndw9nsad9na",
		"secret_key":      secretKey,
		"action":          action,
		"organization_id": "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex",
		"payload":         json.RawMessage(payload),
		"additional_data": map[string]any{"chat_presence_user_ids": []string{"smith@example.com"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func post(t testing.TB, srv *httptest.Server, body []byte) int {
	t.Helper()
	resp, err := srv.Client().Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func camel(action string) string {
	var b strings.Builder
	for _, part := range strings.Split(action, "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	return v
}

// TestEveryActionDispatchesTypedPayload registers every action through
// its typed On… method (found by reflection), delivers the sample and
// checks the handler got the registry's payload type with the same JSON.
func TestEveryActionDispatchesTypedPayload(t *testing.T) {
	actions := allActions()
	if len(actions) != 39 {
		t.Fatalf("%d webhook actions, want 39", len(actions))
	}
	h := webhooks.New(secret)
	got := map[string]any{}
	hv := reflect.ValueOf(h)
	for _, action := range actions {
		m := hv.MethodByName("On" + camel(action))
		if !m.IsValid() {
			t.Errorf("no method On%s for %s", camel(action), action)
			continue
		}
		fnType := m.Type().In(0)
		want, _ := livechat.NewPushPayload(action)
		if pt := fnType.In(2); pt != reflect.TypeOf(want) {
			t.Errorf("On%s takes %v, registry has %T", camel(action), pt, want)
		}
		m.Call([]reflect.Value{reflect.MakeFunc(fnType, func(args []reflect.Value) []reflect.Value {
			wh := args[1].Interface().(*webhooks.Webhook)
			if wh.Action != action || len(wh.AdditionalData.ChatPresenceUserIDs) != 1 {
				t.Errorf("%s: envelope %v", action, wh)
			}
			got[action] = args[2].Interface()
			return []reflect.Value{reflect.Zero(reflect.TypeFor[error]())}
		})})
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, action := range actions {
		sample, ok := samplePayloads[action]
		if !ok {
			t.Errorf("no sample payload for %s", action)
			continue
		}
		if code := post(t, srv, envelope(t, action, secret, sample)); code != http.StatusOK {
			t.Errorf("%s: status %d", action, code)
			continue
		}
		p, ok := got[action]
		if !ok {
			t.Errorf("%s: handler not called", action)
			continue
		}
		want, _ := livechat.NewPushPayload(action)
		if reflect.TypeOf(p) != reflect.TypeOf(want) {
			t.Errorf("%s: got %T, want %T", action, p, want)
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(jsonValue(t, []byte(sample)), jsonValue(t, out)); diff != "" {
			t.Errorf("%s: payload changed (-sent +decoded):\n%s", action, diff)
		}
	}
}

func TestTypedPayloadContent(t *testing.T) {
	h := webhooks.New(secret)
	var text string
	var status livechat.RoutingStatus
	h.OnIncomingEvent(func(ctx context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		if m, ok := p.Event.(*livechat.Message); ok {
			text = m.Text
		}
		return nil
	})
	webhooks.On(h, livechat.PushRoutingStatusSet, func(ctx context.Context, wh *webhooks.Webhook, p *livechat.RoutingStatusSetPush) error {
		status = p.RoutingStatus()
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	post(t, srv, envelope(t, "incoming_event", secret, samplePayloads["incoming_event"]))
	post(t, srv, envelope(t, "routing_status_set", secret, samplePayloads["routing_status_set"]))
	if text != "Hello" || status != livechat.AcceptingChats {
		t.Errorf("text %q, status %q", text, status)
	}
}

func TestRefusals(t *testing.T) {
	var calls atomic.Int32
	var fallbacks atomic.Int32
	h := webhooks.New(secret,
		webhooks.WithMaxBodyBytes(4096),
		webhooks.WithFallback(func(ctx context.Context, wh *webhooks.Webhook) error {
			fallbacks.Add(1)
			return nil
		}))
	count := func(ctx context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error {
		calls.Add(1)
		return nil
	}
	h.OnIncomingEvent(count)
	h.Handle("chat_deactivated", func(ctx context.Context, wh *webhooks.Webhook) error {
		calls.Add(1)
		return errors.New("database down")
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	ev := samplePayloads["incoming_event"]

	cases := []struct {
		name     string
		body     []byte
		status   int
		calls    int32
		fallback int32
	}{
		{"ok", envelope(t, "incoming_event", secret, ev), 200, 1, 0},
		{"wrong secret", envelope(t, "incoming_event", secret+"x", ev), 401, 0, 0},
		{"missing secret", envelope(t, "incoming_event", "", ev), 401, 0, 0},
		{"wrong secret, unknown action", envelope(t, "brand_new_action", "nope", `{}`), 401, 0, 0},
		{"bad JSON", []byte(`{"action":"incoming_event","secret_key":`), 400, 0, 0},
		{"not an object", []byte(`[1,2]`), 400, 0, 0},
		{"missing action", envelope(t, "", secret, `{}`), 400, 0, 0},
		{"typed decode failure", envelope(t, "incoming_event", secret, `{"chat_id":5,"event":{"type":"message","text":"x"}}`), 400, 0, 0},
		// One undecodable event does not refuse the delivery: the handler
		// gets it as a *livechat.RawEvent with Err (issue 15 point 1).
		{"malformed event", envelope(t, "incoming_event", secret, `{"chat_id":"C","event":{"type":"message","text":7}}`), 200, 1, 0},
		{"event without type", envelope(t, "incoming_event", secret, `{"chat_id":"C","event":{"text":"x"}}`), 200, 1, 0},
		{"oversized", envelope(t, "incoming_event", secret, `{"chat_id":"`+strings.Repeat("x", 5000)+`"}`), 413, 0, 0},
		{"handler error", envelope(t, "chat_deactivated", secret, `{"chat_id":"C"}`), 500, 1, 0},
		{"unknown action", envelope(t, "brand_new_action", secret, `{"x":1}`), 200, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls.Store(0)
			fallbacks.Store(0)
			if code := post(t, srv, c.body); code != c.status {
				t.Errorf("status %d, want %d", code, c.status)
			}
			if calls.Load() != c.calls || fallbacks.Load() != c.fallback {
				t.Errorf("handler ran %d times, fallback %d; want %d, %d", calls.Load(), fallbacks.Load(), c.calls, c.fallback)
			}
		})
	}

	t.Run("GET", func(t *testing.T) {
		resp, err := srv.Client().Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
			t.Errorf("status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
		}
	})

	t.Run("oversized without Content-Length", func(t *testing.T) {
		calls.Store(0)
		body := envelope(t, "incoming_event", secret, `{"chat_id":"`+strings.Repeat("x", 5000)+`"}`)
		// An io.Reader that is not a *bytes.Reader makes the client stream chunked.
		resp, err := srv.Client().Post(srv.URL, "application/json", io.MultiReader(bytes.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 || calls.Load() != 0 {
			t.Errorf("status %d, calls %d", resp.StatusCode, calls.Load())
		}
	})
}

func TestUnknownActionWithoutFallbackIs200(t *testing.T) {
	srv := httptest.NewServer(webhooks.New(secret))
	defer srv.Close()
	if code := post(t, srv, envelope(t, "incoming_event", secret, `{}`)); code != 200 {
		t.Errorf("status %d", code)
	}
}

func TestEmptySecretRefusesEverything(t *testing.T) {
	var called bool
	h := webhooks.New("")
	h.Handle("incoming_event", func(context.Context, *webhooks.Webhook) error { called = true; return nil })
	srv := httptest.NewServer(h)
	defer srv.Close()
	if code := post(t, srv, envelope(t, "incoming_event", "anything", `{}`)); code != 401 || called {
		t.Errorf("status %d, called %v", code, called)
	}
}

func TestSecretFunc(t *testing.T) {
	secrets := map[string]string{"incoming_event": "event-secret", "chat_deactivated": "closing-secret"}
	var gotIDs []string
	h := webhooks.New("", webhooks.WithSecretFunc(func(ctx context.Context, webhookID, action string) (string, bool) {
		gotIDs = append(gotIDs, webhookID)
		s, ok := secrets[action]
		return s, ok
	}))
	var n int
	h.Handle("incoming_event", func(context.Context, *webhooks.Webhook) error { n++; return nil })
	h.Handle("chat_deactivated", func(context.Context, *webhooks.Webhook) error { n++; return nil })
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, c := range []struct {
		action, key string
		status      int
	}{
		{"incoming_event", "event-secret", 200},
		{"chat_deactivated", "closing-secret", 200},
		{"chat_deactivated", "event-secret", 401},
		{"thread_tagged", "event-secret", 401},
	} {
		if code := post(t, srv, envelope(t, c.action, c.key, `{}`)); code != c.status {
			t.Errorf("%s with %s: status %d, want %d", c.action, c.key, code, c.status)
		}
	}
	if n != 2 || len(gotIDs) != 4 || gotIDs[0] != "pqi8oasdjahuakndw9nsad9na" {
		t.Errorf("handled %d, lookups %v", n, gotIDs)
	}
}

func TestHandlerPanicIs500(t *testing.T) {
	h := webhooks.New(secret)
	h.Handle("incoming_event", func(context.Context, *webhooks.Webhook) error { panic("boom") })
	srv := httptest.NewServer(h)
	defer srv.Close()
	if code := post(t, srv, envelope(t, "incoming_event", secret, `{}`)); code != 500 {
		t.Errorf("status %d", code)
	}
}

func TestSecretNeverPrintedOrLogged(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var seen *webhooks.Webhook
	h := webhooks.New(secret, webhooks.WithLogger(logger))
	h.Handle("incoming_event", func(ctx context.Context, wh *webhooks.Webhook) error {
		seen = wh
		return errors.New("fail once")
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	post(t, srv, envelope(t, "incoming_event", secret, `{}`))
	post(t, srv, envelope(t, "incoming_event", "wrong-"+secret, `{}`))
	post(t, srv, envelope(t, "other", secret, `{}`))
	if seen == nil || seen.SecretKey != secret {
		t.Fatal("handler did not get the envelope")
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("secret in logs: %s", logs.String())
	}
	if !strings.Contains(logs.String(), redact.Mask) || !strings.Contains(logs.String(), "webhook handler failed") {
		t.Errorf("logs lack the expected records: %s", logs.String())
	}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, v := range []any{seen, *seen} {
			if s := fmt.Sprintf(f, v); strings.Contains(s, secret) || !strings.Contains(s, redact.Mask) {
				t.Errorf("%s of %T prints %q", f, v, s)
			}
		}
	}
	if strings.Contains(seen.String(), secret) {
		t.Error("String leaks the secret")
	}
	// Nested in another value, the Formatter still applies.
	if s := fmt.Sprintf("%+v", struct{ W *webhooks.Webhook }{seen}); strings.Contains(s, secret) {
		t.Errorf("nested print leaks: %s", s)
	}
}

func TestWebhookEnvelopeRoundTrip(t *testing.T) {
	in := `{"webhook_id":"w1","secret_key":"k","action":"agent_created","organization_id":"o","license_id":104130623,` +
		`"payload":{"id":"smith@example.com"},"requester":{"user_id":"u@example.com","account_id":"a","client_id":"c"},` +
		`"additional_data":{"chat_properties":{"routing":{"idle":false}},"chat_presence_user_ids":[]},"future":true}`
	var wh webhooks.Webhook
	if err := json.Unmarshal([]byte(in), &wh); err != nil {
		t.Fatal(err)
	}
	if wh.Requester.ClientID != "c" || wh.LicenseID.String() != "104130623" {
		t.Errorf("decoded %#v", wh.Requester)
	}
	out, err := json.Marshal(wh)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(jsonValue(t, []byte(in)), jsonValue(t, out)); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
	p, err := wh.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := p.(*livechat.AgentCreatedPush); !ok || a.ID != "smith@example.com" {
		t.Errorf("Decode = %#v", p)
	}
}

func TestRegistrationWhileServing(t *testing.T) {
	h := webhooks.New(secret)
	srv := httptest.NewServer(h)
	defer srv.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 50; i++ {
			h.Handle(fmt.Sprintf("a%d", i), func(context.Context, *webhooks.Webhook) error { return nil })
		}
	}()
	for i := 0; i < 20; i++ {
		post(t, srv, envelope(t, "incoming_event", secret, `{}`))
	}
	<-done
	h.Handle("incoming_event", nil) // removing is allowed too
}

// FuzzServeHTTP checks that no body panics the handler or gets an
// undocumented status, and that no handler runs without the secret.
func FuzzServeHTTP(f *testing.F) {
	for action, p := range samplePayloads {
		f.Add(envelope(f, action, secret, p))
	}
	f.Add([]byte(`{"secret_key":"` + secret + `","action":"incoming_event","payload":{"event":{"type":"message","text":1}}}`))
	f.Add([]byte(`null`))
	h := webhooks.New(secret, webhooks.WithMaxBodyBytes(1<<16))
	for _, action := range allActions() {
		webhooks.On(h, action, func(ctx context.Context, wh *webhooks.Webhook, p *json.RawMessage) error {
			if wh.SecretKey != secret {
				panic("handler ran without the secret")
			}
			_, err := wh.Decode()
			return err
		})
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body)))
		switch rec.Code {
		case 200, 400, 401, 413, 500:
		default:
			t.Fatalf("status %d for %q", rec.Code, body)
		}
	})
}
