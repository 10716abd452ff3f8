package emulator_test

import (
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
)

// TestPushPayloadsDescribed sends the pushes the emulator emits that no
// other test receives, so that each is held to its x-livechat-pushes
// schema (dialRTM and cuDial check every push they read): the customer's
// incoming_thinking_indicator (which the emulator did not deliver to
// customers before), the agents' customer_page_updated and agent_approved.
func TestPushPayloadsDescribed(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx := ctxT(t)
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	rc := dialRTM(t, srv, "3.6")
	rc.ok("login", M{"token": "Bearer " + cr.Owner.Token, "customer_monitoring_level": "online"})
	cust := cr.Customers[0]
	rec := cuNewRecorder(t)
	conn := cuDial(t, srv, livechat.NewBearerToken(cust.Token), rec)

	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, owner, "hello", M{"users": []any{M{"id": cust.ID, "type": "customer"}}})
	rec.wait("incoming_chat", nil)
	// The customer gets incoming_thinking_indicator (a Customer Chat API
	// push too), except one with visibility agents.
	do(t, owner, "send_thinking_indicator", M{"chat_id": chatID, "title": "agents only", "visibility": "agents"})
	do(t, owner, "send_thinking_indicator", M{"chat_id": chatID, "title": "Looking it up"})
	rec.wait("incoming_thinking_indicator", func(m M) bool {
		ti, _ := m["thinking_indicator"].(map[string]any)
		if ti["title"] == "agents only" {
			t.Errorf("the customer got an agents-only thinking indicator: %v", m)
		}
		return m["chat_id"] == chatID && ti["title"] == "Looking it up"
	})

	if err := conn.Call(ctx, "update_customer_page", M{"url": "https://example.com/pricing", "title": "Pricing"}, nil); err != nil {
		t.Fatal(err)
	}
	if p := rc.push("customer_page_updated"); !whContains(string(p.Payload), "/pricing") {
		t.Fatalf("customer_page_updated %s", p.Payload)
	}

	c := ownerCfg(t, srv)
	_, err := c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "new@example.com", Name: "N", AwaitingApproval: configuration.Bool(true)})
	cfgMust(t, err)
	cfgMust(t, c.ApproveAgent(ctx, "new@example.com"))
	if p := rc.push("agent_approved"); !whContains(string(p.Payload), "new@example.com") {
		t.Fatalf("agent_approved %s", p.Payload)
	}
}
