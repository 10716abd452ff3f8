package configuration_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/internal/wiretest"
)

// callTransport has Call only (no Get), as an RTM transport.
type callTransport struct {
	actions []string
	bodies  [][]byte
	reply   string
}

func (f *callTransport) Call(_ context.Context, action string, req, resp any) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	f.actions = append(f.actions, action)
	f.bodies = append(f.bodies, b)
	if resp != nil && f.reply != "" {
		return json.Unmarshal([]byte(f.reply), resp)
	}
	return nil
}

func TestValidationSendsNothing(t *testing.T) {
	agent := func(mod func(*configuration.CreateAgentRequest)) func(ctx context.Context, c *C) error {
		return func(ctx context.Context, c *C) error {
			r := configuration.CreateAgentRequest{ID: "a@x.com", Name: "A"}
			mod(&r)
			_, err := c.CreateAgent(ctx, r)
			return err
		}
	}
	hook := func(mod func(*configuration.RegisterWebhookRequest)) func(ctx context.Context, c *C) error {
		return func(ctx context.Context, c *C) error {
			r := configuration.RegisterWebhookRequest{Action: "incoming_chat", SecretKey: "s", URL: "https://x.com/h",
				OwnerClientID: "o", Type: configuration.WebhookLicense}
			mod(&r)
			_, err := c.RegisterWebhook(ctx, r)
			return err
		}
	}
	prop := func(mod func(*configuration.RegisterPropertyRequest)) func(ctx context.Context, c *C) error {
		return func(ctx context.Context, c *C) error {
			r := configuration.RegisterPropertyRequest{Name: "p", OwnerClientID: "o", Type: configuration.PropertyString,
				Access: configuration.PropertyAccess{"chat": {"agent": {"read"}}}}
			mod(&r)
			return c.RegisterProperty(ctx, r)
		}
	}
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *C) error
	}{
		{"agent id", "id", agent(func(r *configuration.CreateAgentRequest) { r.ID = "" })},
		{"agent id email", "id", agent(func(r *configuration.CreateAgentRequest) { r.ID = "smith" })},
		{"agent name", "name", agent(func(r *configuration.CreateAgentRequest) { r.Name = "" })},
		{"agent role", "role", agent(func(r *configuration.CreateAgentRequest) { r.Role = configuration.RoleOwner })},
		{"agent login_status underscore", "login_status", agent(func(r *configuration.CreateAgentRequest) { r.LoginStatus = "accepting_chats" })},
		{"agent max chats", "max_chats_count", agent(func(r *configuration.CreateAgentRequest) { r.MaxChatsCount = 21 })},
		{"agent group priority", "groups[0].priority", agent(func(r *configuration.CreateAgentRequest) {
			r.Groups = []configuration.GroupPriority{{ID: 1, Priority: "top"}}
		})},
		{"agent notifications", "notifications[0]", agent(func(r *configuration.CreateAgentRequest) { r.Notifications = []string{"pager"} })},
		{"agent email subscriptions", "email_subscriptions[0]", agent(func(r *configuration.CreateAgentRequest) {
			r.EmailSubscriptions = []string{"monthly_summary"}
		})},
		{"agent schedule timezone", "work_scheduler.timezone", agent(func(r *configuration.CreateAgentRequest) {
			r.WorkScheduler = &configuration.WorkScheduler{Schedule: []configuration.ScheduleEntry{{Day: "monday", Start: "08:00", End: "09:00"}}}
		})},
		{"agent schedule day", "work_scheduler.schedule[0].day", agent(func(r *configuration.CreateAgentRequest) {
			r.WorkScheduler = &configuration.WorkScheduler{Timezone: "UTC", Schedule: []configuration.ScheduleEntry{{Day: "mon", Start: "08:00", End: "09:00"}}}
		})},
		{"agent schedule time", "work_scheduler.schedule[0].start", agent(func(r *configuration.CreateAgentRequest) {
			r.WorkScheduler = &configuration.WorkScheduler{Timezone: "UTC", Schedule: []configuration.ScheduleEntry{{Day: "monday", Start: "8", End: "09:00"}}}
		})},
		{"get agent fields", "fields[0]", func(ctx context.Context, c *C) error { _, err := c.GetAgent(ctx, "a@x.com", "salary"); return err }},
		{"update agent id", "id", func(ctx context.Context, c *C) error { return c.UpdateAgent(ctx, configuration.UpdateAgentRequest{}) }},
		{"delete agent", "id", func(ctx context.Context, c *C) error { return c.DeleteAgent(ctx, "") }},
		{"batch empty", "requests", func(ctx context.Context, c *C) error { _, err := c.BatchDeleteAgents(ctx, nil); return err }},
		{"batch item", "requests[1].id", func(ctx context.Context, c *C) error {
			_, err := c.BatchSuspendAgents(ctx, []string{"a@x.com", ""})
			return err
		}},
		{"batch create item", "requests[0].max_chats_count", func(ctx context.Context, c *C) error {
			_, err := c.BatchCreateBots(ctx, []configuration.CreateBotRequest{{Name: "B", MaxChatsCount: 501}})
			return err
		}},
		{"bot name", "name", func(ctx context.Context, c *C) error {
			_, err := c.CreateBot(ctx, configuration.CreateBotRequest{})
			return err
		}},
		{"bot max chats", "max_chats_count", func(ctx context.Context, c *C) error {
			_, err := c.CreateBot(ctx, configuration.CreateBotRequest{Name: "b", MaxChatsCount: 501})
			return err
		}},
		{"bot default priority", "default_group_priority", func(ctx context.Context, c *C) error {
			return c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: "b", DefaultGroupPriority: "high"})
		}},
		{"bot scheduler timezone", "work_scheduler.timezone", func(ctx context.Context, c *C) error {
			return c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: "b", WorkScheduler: &configuration.WorkScheduler{}})
		}},
		{"bot template owner", "owner_client_id", func(ctx context.Context, c *C) error {
			_, err := c.CreateBotTemplate(ctx, configuration.CreateBotTemplateRequest{Name: "t"})
			return err
		}},
		{"issue token secret", "bot_secret", func(ctx context.Context, c *C) error {
			_, err := c.IssueBotToken(ctx, configuration.IssueBotTokenRequest{BotID: "b", ClientID: "c", OrganizationID: "o"})
			return err
		}},
		{"bot templates owner", "owner_client_id", func(ctx context.Context, c *C) error { _, err := c.ListBotTemplates(ctx, ""); return err }},
		{"auto access groups", "access.groups", func(ctx context.Context, c *C) error {
			_, err := c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{})
			return err
		}},
		{"auto access conditions", "conditions", func(ctx context.Context, c *C) error {
			_, err := c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{1}}})
			return err
		}},
		{"auto access both", "conditions.url", func(ctx context.Context, c *C) error {
			_, err := c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{1}},
				Conditions: configuration.AutoAccessConditions{URL: &configuration.MatchCondition{
					Values: []configuration.MatchValue{{Value: "a"}}, ExcludeValues: []configuration.MatchValue{{Value: "b"}}}}})
			return err
		}},
		{"group name", "name", func(ctx context.Context, c *C) error {
			_, err := c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: strings.Repeat("é", 181),
				AgentPriorities: map[string]configuration.Priority{"a@x.com": "normal"}})
			return err
		}},
		{"group priorities", "agent_priorities", func(ctx context.Context, c *C) error {
			_, err := c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "G"})
			return err
		}},
		{"group priority value", "agent_priorities.a@x.com", func(ctx context.Context, c *C) error {
			return c.UpdateGroup(ctx, configuration.UpdateGroupRequest{ID: 1, AgentPriorities: map[string]configuration.Priority{"a@x.com": "boss"}})
		}},
		{"group fields", "fields[0]", func(ctx context.Context, c *C) error { _, err := c.ListGroups(ctx, "agents"); return err }},
		{"delete group", "id", func(ctx context.Context, c *C) error { return c.DeleteGroup(ctx, -1) }},
		{"property type", "type", prop(func(r *configuration.RegisterPropertyRequest) { r.Type = "float" })},
		{"property access", "access", prop(func(r *configuration.RegisterPropertyRequest) { r.Access = nil })},
		{"property location", "access", prop(func(r *configuration.RegisterPropertyRequest) {
			r.Access = configuration.PropertyAccess{"visitor": {"agent": {"read"}}}
		})},
		{"property access type", "access.chat.agent[0]", prop(func(r *configuration.RegisterPropertyRequest) {
			r.Access = configuration.PropertyAccess{"chat": {"agent": {"delete"}}}
		})},
		{"property range type", "range", prop(func(r *configuration.RegisterPropertyRequest) { r.Range = &configuration.PropertyRange{From: 1, To: 2} })},
		{"property default location", "default_value", prop(func(r *configuration.RegisterPropertyRequest) { r.DefaultValue = "x" })},
		{"publish access type", "access_type", func(ctx context.Context, c *C) error {
			return c.PublishProperty(ctx, configuration.PublishPropertyRequest{Name: "p", OwnerClientID: "o"})
		}},
		{"license properties", "properties", func(ctx context.Context, c *C) error { return c.UpdateLicenseProperties(ctx, nil) }},
		{"group properties", "properties", func(ctx context.Context, c *C) error { return c.DeleteGroupProperties(ctx, 1, nil) }},
		{"tag name", "name", func(ctx context.Context, c *C) error { return c.CreateTag(ctx, "") }},
		{"webhook action", "action", hook(func(r *configuration.RegisterWebhookRequest) { r.Action = "Incoming Chat" })},
		{"webhook secret", "secret_key", hook(func(r *configuration.RegisterWebhookRequest) { r.SecretKey = "" })},
		{"webhook url", "url", hook(func(r *configuration.RegisterWebhookRequest) { r.URL = "ftp://x.com/h" })},
		{"webhook url length", "url", hook(func(r *configuration.RegisterWebhookRequest) { r.URL = "https://x.com/" + strings.Repeat("a", 487) })},
		{"webhook type", "type", hook(func(r *configuration.RegisterWebhookRequest) { r.Type = "agent" })},
		{"webhook owner", "owner_client_id", hook(func(r *configuration.RegisterWebhookRequest) { r.OwnerClientID = "" })},
		{"webhook additional data", "additional_data[0]", hook(func(r *configuration.RegisterWebhookRequest) {
			r.AdditionalData = []string{"chat properties"}
		})},
		{"webhook author type action", "filters.author_type", hook(func(r *configuration.RegisterWebhookRequest) {
			r.Filters = &configuration.WebhookFilters{AuthorType: "agent"}
		})},
		{"webhook source type", "filters.source_type[0]", hook(func(r *configuration.RegisterWebhookRequest) {
			r.Filters = &configuration.WebhookFilters{SourceType: []string{"mine"}}
		})},
		{"unregister webhook", "owner_client_id", func(ctx context.Context, c *C) error { return c.UnregisterWebhook(ctx, "id", "") }},
		{"webhook names version", "version", func(ctx context.Context, c *C) error { _, err := c.ListWebhookNames(ctx, "9.9"); return err }},
		{"plan", "plan", func(ctx context.Context, c *C) error { _, err := c.CheckProductLimitsForPlan(ctx, "free"); return err }},
		{"license id", "organization_id", func(ctx context.Context, c *C) error { _, err := c.GetLicenseID(ctx, ""); return err }},
		{"organization id", "license_id", func(ctx context.Context, c *C) error { _, err := c.GetOrganizationID(ctx, 0); return err }},
		{"unban", "ip", func(ctx context.Context, c *C) error {
			return c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{IP: "1.2.3.4", CustomerID: "c"})
		}},
		{"greeting type", "type", func(ctx context.Context, c *C) error {
			_, err := c.CreateGreeting(ctx, configuration.CreateGreetingRequest{Type: "popup", Name: "g"})
			return err
		}},
		{"greeting rules", "rules", func(ctx context.Context, c *C) error {
			_, err := c.CreateGreeting(ctx, configuration.CreateGreetingRequest{Type: "normal", Name: "g"})
			return err
		}},
		{"greeting operator", "rules[0].operator", func(ctx context.Context, c *C) error {
			_, err := c.CreateGreeting(ctx, configuration.CreateGreetingRequest{Type: "normal", Name: "g",
				Rules: []configuration.GreetingRule{{Condition: "and", Type: "visit_time_site", Operator: "approx", Value: "1"}}})
			return err
		}},
		{"greeting funnel", "rules[0].urls", func(ctx context.Context, c *C) error {
			return c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: 1,
				Rules: []configuration.GreetingRule{{Condition: "or", Type: "url_funnel"}}})
		}},
		{"greeting id", "id", func(ctx context.Context, c *C) error { _, err := c.GetGreeting(ctx, 0); return err }},
		{"greetings page", "page_id", func(ctx context.Context, c *C) error {
			_, err := c.ListGreetings(ctx, configuration.ListGreetingsRequest{PageID: "p", Limit: 5})
			return err
		}},
		{"reactivate email", "agent_id", func(ctx context.Context, c *C) error { return c.ReactivateEmail(ctx, "") }},
		{"company details", "company_details", func(ctx context.Context, c *C) error {
			return c.UpdateCompanyDetails(ctx, configuration.CompanyDetails{})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			assertArgError(t, tc.call(context.Background(), s.client(t)), tc.field)
			if n := len(s.requests()); n != 0 {
				t.Errorf("%d requests sent on bad input", n)
			}
			ft := &callTransport{}
			assertArgError(t, tc.call(context.Background(), configuration.New(ft)), tc.field)
			if len(ft.actions) != 0 {
				t.Errorf("calls made on bad input: %v", ft.actions)
			}
		})
	}
}

var assertArgError = wiretest.AssertArgError

// TestCallOnlyTransport: the GET actions fall back to Call on transports
// without Get.
func TestCallOnlyTransport(t *testing.T) {
	ft := &callTransport{reply: `{"license_id":104130623}`}
	c := configuration.New(ft)
	id, err := c.GetLicenseID(context.Background(), "142cf3ad")
	if err != nil || id != 104130623 {
		t.Fatalf("id = %d, err = %v", id, err)
	}
	if ft.actions[0] != "get_license_id" {
		t.Errorf("action = %s", ft.actions[0])
	}
	jsonEqual(t, ft.bodies[0], `{"organization_id":"142cf3ad"}`)
}
