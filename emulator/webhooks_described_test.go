package emulator_test

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
)

// TestWebhookPayloadsDescribed: a license webhook is registered for every
// webhook api/openapi.json has in API 3.6 (the same list as the SDK's), a run of chat and configuration actions
// triggers most of them, and every delivery the receiver gets is held to
// its webhooks entry (newHookReceiver checks each with apitest.Webhooks).
// The test fails when a webhook the run triggers is not delivered.
func TestWebhookPayloadsDescribed(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond})
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	c := ownerCfg(t, srv)
	v, err := validate.Default()
	cfgMust(t, err)
	rec := newHookReceiver(t, "s3cret")
	// Every webhook the description has in API 3.6: the SDK's list, which
	// the emulator takes.
	described := v.Webhooks("3.6")
	if sdk := livechat.WebhookActions(livechat.V3_6); !slices.Equal(described, slices.Sorted(slices.Values(sdk))) {
		t.Fatalf("webhooks of 3.6: the description has %v, the SDK %v", described, sdk)
	}
	for _, action := range described {
		registerHook(t, ctx, c, cr, rec.srv.URL, action, nil)
	}
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))

	cfgMust(t, c.CreateTag(ctx, "hooked")) // whChatActions tags a thread with it
	whChatActions(t, srv, cr)
	whConfigActions(t, ctx, c, cr)

	// What the run above triggers: every webhook of 3.6 but event_updated
	// and customer_session_fields_updated (the emulator has no action that
	// emits them).
	want := []string{
		"agent_approved", "agent_created", "agent_deleted", "agent_suspended", "agent_unsuspended", "agent_updated",
		"auto_accesses_updated", "bot_created", "bot_deleted", "bot_updated", "chat_access_updated",
		"chat_deactivated", "chat_properties_deleted", "chat_properties_updated", "chat_transferred",
		"event_deleted", "event_properties_deleted", "event_properties_updated", "events_marked_as_seen",
		"group_created", "group_deleted", "group_updated", "incoming_chat", "incoming_event", "incoming_rich_message_postback",
		"routing_status_set", "tag_created", "tag_deleted", "tag_updated",
		"thread_properties_deleted", "thread_properties_updated", "thread_summary_set", "thread_tagged", "thread_untagged",
		"user_added_to_chat", "user_removed_from_chat",
	}
	delivered := func(l []emulator.WebhookDelivery) []string {
		var got []string
		for _, d := range l {
			if d.API == "v3" && d.Status == emulator.DeliveryDelivered && !slices.Contains(got, d.Action) {
				got = append(got, d.Action)
			}
		}
		sort.Strings(got)
		return got
	}
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	list, err := srv.AwaitWebhookDeliveries(wctx, func(l []emulator.WebhookDelivery) bool {
		got := delivered(l)
		for _, w := range want {
			if !slices.Contains(got, w) {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("delivered %v, want at least %v: %v", delivered(list), want, err)
	}
}

// whChatActions runs chat actions over the Agent Chat Web API.
func whChatActions(t *testing.T, srv *emulator.Server, cr emulator.Credentials) {
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	r := do(t, owner, "start_chat", M{"chat": M{"users": []any{M{"id": cr.Customers[0].ID, "type": "customer"}},
		"thread": M{"events": []any{M{"type": "message", "text": "hello"}}}}})
	chatID, threadID := str(r, "chat_id"), str(r, "thread_id")
	ev := str(do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "second"}}), "event_id")
	rm := str(do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "rich_message", "template_id": "quick_replies",
		"elements": []any{M{"title": "Pick", "buttons": []any{M{"text": "Yes", "type": "message", "value": "yes", "postback_id": "pb1"}}}}}}), "event_id")
	do(t, owner, "send_rich_message_postback", M{"chat_id": chatID, "thread_id": threadID, "event_id": rm, "postback": M{"id": "pb1", "toggled": true}})
	do(t, owner, "update_chat_properties", M{"id": chatID, "properties": M{"ns": M{"a": 1}}})
	do(t, owner, "delete_chat_properties", M{"id": chatID, "properties": M{"ns": []string{"a"}}})
	do(t, owner, "update_thread_properties", M{"chat_id": chatID, "thread_id": threadID, "properties": M{"ns": M{"t": true}}})
	do(t, owner, "delete_thread_properties", M{"chat_id": chatID, "thread_id": threadID, "properties": M{"ns": []string{"t"}}})
	do(t, owner, "update_event_properties", M{"chat_id": chatID, "thread_id": threadID, "event_id": ev, "properties": M{"ns": M{"e": "v"}}})
	do(t, owner, "delete_event_properties", M{"chat_id": chatID, "thread_id": threadID, "event_id": ev, "properties": M{"ns": []string{"e"}}})
	cw := cuWebRaw(t, srv, cr.Customers[0].Token, livechat.V3_6) // delete_event is the customer's (Customer Chat API 3.6)
	mine := str(do(t, cw, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "oops"}}), "event_id")
	do(t, cw, "delete_event", M{"chat_id": chatID, "thread_id": threadID, "event_id": mine})
	do(t, cw, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "where is my order?"}}) // to summarise
	do(t, owner, "mark_events_as_seen", M{"chat_id": chatID, "seen_up_to": "2100-01-01T00:00:00.000000Z"})
	do(t, owner, "add_user_to_chat", M{"chat_id": chatID, "user_id": cr.Agent.ID, "user_type": "agent", "visibility": "all"})
	do(t, owner, "remove_user_from_chat", M{"chat_id": chatID, "user_id": cr.Agent.ID, "user_type": "agent"})
	do(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "hooked"})
	do(t, owner, "untag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "hooked"})
	do(t, owner, "transfer_chat", M{"id": chatID, "target": M{"type": "agent", "ids": []string{cr.Agent.ID}}, "ignore_agents_availability": true})
	do(t, owner, "transfer_chat", M{"id": chatID, "target": M{"type": "group", "ids": []int{1}}, "ignore_agents_availability": true, "ignore_requester_presence": true})
	do(t, owner, "deactivate_chat", M{"id": chatID, "ignore_requester_presence": true})
	do(t, owner, "request_thread_summary", M{"chat_id": chatID, "thread_id": threadID})
	do(t, owner, "set_routing_status", M{"status": "not_accepting_chats"})
}

// whConfigActions runs Configuration API actions.
func whConfigActions(t *testing.T, ctx context.Context, c *configuration.Client, cr emulator.Credentials) {
	_, err := c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "hook@example.com", Name: "H", AwaitingApproval: configuration.Bool(true)})
	cfgMust(t, err)
	cfgMust(t, c.ApproveAgent(ctx, "hook@example.com"))
	cfgMust(t, c.UpdateAgent(ctx, configuration.UpdateAgentRequest{ID: "hook@example.com", JobTitle: "J"}))
	cfgMust(t, c.SuspendAgent(ctx, "hook@example.com"))
	cfgMust(t, c.UnsuspendAgent(ctx, "hook@example.com"))
	cfgMust(t, c.DeleteAgent(ctx, "hook@example.com"))
	g, err := c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "G", AgentPriorities: map[string]configuration.Priority{cr.Agent.ID: configuration.PriorityNormal}})
	cfgMust(t, err)
	cfgMust(t, c.UpdateGroup(ctx, configuration.UpdateGroupRequest{ID: g.ID, Name: "G2"}))
	cfgMust(t, c.DeleteGroup(ctx, g.ID))
	cfgMust(t, c.UpdateTag(ctx, "hooked", 0))
	cfgMust(t, c.DeleteTag(ctx, "hooked"))
	b, err := c.CreateBot(ctx, configuration.CreateBotRequest{Name: "B", OwnerClientID: cr.ClientID})
	cfgMust(t, err)
	cfgMust(t, c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: b.ID, Name: "B2"}))
	cfgMust(t, c.DeleteBot(ctx, b.ID))
	_, err = c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{0}},
		Conditions: configuration.AutoAccessConditions{URL: &configuration.MatchCondition{Values: []configuration.MatchValue{{Value: "x"}}}}})
	cfgMust(t, err)
}
