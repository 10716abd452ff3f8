package apitest_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/api/validate"
)

// TestCheckRTM: RTM answers are held to the description: a success to the
// action's response schema, a failure to the error envelope; actions the
// description does not know pass.
func TestCheckRTM(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, action string
		success      bool
		payload      string
		wantErr      bool
	}{
		{"good answer", "send_event", true, `{"event_id":"QX1"}`, false},
		{"wrong type", "send_event", true, `{"event_id":5}`, true},
		{"missing member", "send_event", true, `{}`, true},
		{"good error", "send_event", false, `{"error":{"type":"validation","message":"m"}}`, false},
		{"bad error", "send_event", false, `{"error":"validation"}`, true},
		{"RTM-only login", "login", true, `"not an object"`, true},
		{"unknown action", "no_such_action", true, `5`, false},
	}
	for _, c := range cases {
		err := apitest.CheckRTM(v, "agent", "3.6", c.action, c.success, []byte(c.payload))
		if (err != nil) != c.wantErr {
			t.Errorf("%s: CheckRTM(%s, %s) = %v, want error %v", c.name, c.action, c.payload, err, c.wantErr)
		}
	}
}

// TestCheckPush: a push is held to its x-livechat-pushes schema for the
// API and version it was sent on; a push the description does not have
// (at all, for that API, or in that version) fails, and a bad payload
// fails naming the JSON path of the bad member.
func TestCheckPush(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	typing := `{"chat_id":"C1","thread_id":"T1","typing_indicator":{"author_id":"a@b.c","is_typing":true}}`
	cases := []struct {
		name, api, version, action, payload string
		wantPath                            string // "" = no *validate.Error expected
		wantNoPush, wantErr                 bool
	}{
		{"good push", "agent", "3.6", "incoming_typing_indicator", typing, "", false, false},
		{"good customer push", "customer", "3.5", "incoming_typing_indicator", typing, "", false, false},
		{"wrong type", "agent", "3.6", "incoming_typing_indicator",
			`{"chat_id":"C1","typing_indicator":{"author_id":"a@b.c","is_typing":"yes"}}`, "/typing_indicator/is_typing", false, true},
		{"missing required member", "agent", "3.6", "incoming_typing_indicator",
			`{"chat_id":"C1","typing_indicator":{"is_typing":true}}`, "/typing_indicator/author_id", false, true},
		{"missing payload member", "agent", "3.6", "incoming_event", `{"chat_id":"C1"}`, "/event", false, true},
		{"unknown action", "agent", "3.6", "no_such_push", `{}`, "", true, true},
		{"agent push on the customer API", "customer", "3.6", "thread_tagged", `{"chat_id":"C","thread_id":"T","tag":"x"}`, "", true, true},
		{"customer push on the agent API", "agent", "3.6", "incoming_event_preview", `{"chat_id":"C","event":{}}`, "", true, true},
		{"push of a later version", "agent", "3.5", "event_deleted", `{"chat_id":"C","thread_id":"T","event_id":"E"}`, "", true, true},
		{"not JSON", "agent", "3.6", "chat_unfollowed", `{`, "", false, true},
	}
	for _, c := range cases {
		err := apitest.CheckPush(v, c.api, c.version, c.action, []byte(c.payload))
		if (err != nil) != c.wantErr {
			t.Errorf("%s: CheckPush(%s %s %s, %s) = %v, want error %v", c.name, c.api, c.version, c.action, c.payload, err, c.wantErr)
			continue
		}
		if errors.Is(err, validate.ErrNoPush) != c.wantNoPush {
			t.Errorf("%s: %v: wrapping ErrNoPush %v, want %v", c.name, err, !c.wantNoPush, c.wantNoPush)
		}
		var ve *validate.Error
		if c.wantPath != "" && (!errors.As(err, &ve) || ve.Path != c.wantPath || !strings.Contains(err.Error(), c.wantPath)) {
			t.Errorf("%s: %v: want a *validate.Error at %s", c.name, err, c.wantPath)
		}
	}
}

// TestCheckWebhook: a delivery is held to the webhooks entry its action
// names, envelope and payload; an unknown or missing action fails. The
// webhooks of a version are those it can register (3.6 drops
// incoming_customer, adds event_deleted).
func TestCheckWebhook(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	w35, w36 := v.Webhooks("3.5"), v.Webhooks("3.6")
	if !slices.Contains(w35, "incoming_customer") || slices.Contains(w36, "incoming_customer") ||
		slices.Contains(w35, "event_deleted") || !slices.Contains(w36, "event_deleted") || len(v.Webhooks("")) != 39 {
		t.Errorf("webhooks: 3.5 %v, 3.6 %v", w35, w36)
	}
	env := func(action, payload string) string {
		return `{"webhook_id":"w1","secret_key":"s","action":"` + action + `","organization_id":"o","payload":` + payload + `}`
	}
	cases := []struct {
		name, body, wantPath string
		wantNoHook, wantErr  bool
	}{
		{"good", env("tag_created", `{"name":"vip","group_ids":[0]}`), "", false, false},
		{"payload member of the wrong type", env("tag_created", `{"name":5}`), "/payload/name", false, true},
		{"payload member missing", env("tag_created", `{"group_ids":[0]}`), "/payload/name", false, true},
		{"envelope member missing", `{"webhook_id":"w1","action":"tag_created","payload":{"name":"x"}}`, "/secret_key", false, true},
		{"unknown action", env("no_such_webhook", `{}`), "", true, true},
		{"push-only action", env("incoming_customers", `{"customers":[]}`), "", true, true},
		{"no action", `{"webhook_id":"w1","secret_key":"s","payload":{}}`, "/action", false, true},
		{"not an object", `[1]`, "", false, true},
	}
	for _, c := range cases {
		err := apitest.CheckWebhook(v, []byte(c.body))
		if (err != nil) != c.wantErr {
			t.Errorf("%s: CheckWebhook(%s) = %v, want error %v", c.name, c.body, err, c.wantErr)
			continue
		}
		if errors.Is(err, validate.ErrNoWebhook) != c.wantNoHook {
			t.Errorf("%s: %v: wrapping ErrNoWebhook %v, want %v", c.name, err, !c.wantNoHook, c.wantNoHook)
		}
		var ve *validate.Error
		if c.wantPath != "" && (!errors.As(err, &ve) || ve.Path != c.wantPath) {
			t.Errorf("%s: %v: want a *validate.Error at %s", c.name, err, c.wantPath)
		}
	}
}
