package configuration_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/internal/wiretest"
)

const (
	testAccount = "d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf"
	testPAT     = "dal:pat-secret"
)

type request = wiretest.Request

// server is the shared recording test server with a client for it.
type server struct{ *wiretest.Server }

func newServer(t *testing.T) *server { return &server{wiretest.NewServer(t)} }

func (s *server) client(t *testing.T) *configuration.Client {
	t.Helper()
	c, err := configuration.NewWeb(livechat.NewPAT(testAccount, testPAT),
		livechat.WithBaseURL(s.URL), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (s *server) requests() []request { return s.Requests() }

var jsonEqual = wiretest.JSONEqual

type C = configuration.Client

type methodCase struct {
	name   string
	action string
	get    map[string]string // non-nil: sent as GET with exactly this query
	body   string
	reply  string
	call   func(ctx context.Context, c *C) (any, error)
	check  func(t *testing.T, res any)
}

func methodCases() []methodCase {
	ws := &configuration.WorkScheduler{Timezone: "Europe/Warsaw", Schedule: []configuration.ScheduleEntry{
		{Day: "monday", Enabled: true, Start: "08:00", End: "12:30"}}}
	return []methodCase{
		// Agents
		{name: "CreateAgent", action: "create_agent", reply: `{"id":"smith@example.com"}`,
			body: `{"id":"smith@example.com","name":"Agent Smith","role":"viceowner","login_status":"accepting chats","max_chats_count":20,
				"awaiting_approval":false,"groups":[{"id":5,"priority":"first"},{"id":0,"priority":"normal"}],
				"work_scheduler":{"timezone":"Europe/Warsaw","schedule":[{"day":"monday","enabled":true,"start":"08:00","end":"12:30"}]},
				"notifications":["new_visitor","new_goal"],"email_subscriptions":["weekly_summary"]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "smith@example.com", Name: "Agent Smith",
					Role: configuration.RoleViceowner, LoginStatus: configuration.LoginAcceptingChats, MaxChatsCount: 20,
					AwaitingApproval: configuration.Bool(false),
					Groups:           []configuration.GroupPriority{{ID: 5, Priority: configuration.PriorityFirst}, {ID: 0, Priority: configuration.PriorityNormal}},
					WorkScheduler:    ws, Notifications: []string{"new_visitor", "new_goal"}, EmailSubscriptions: []string{"weekly_summary"}})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.CreateAgentResponse); r.ID != "smith@example.com" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "GetAgent", action: "get_agent", body: `{"id":"smith@example.com","fields":["last_logout","groups"]}`,
			reply: `{"id":"smith@example.com","role":"administrator","login_status":"accepting chats"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.GetAgent(ctx, "smith@example.com", "last_logout", "groups")
			},
			check: func(t *testing.T, res any) {
				if a := res.(*configuration.Agent); a.Role != configuration.RoleAdministrator {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "ListAgents", action: "list_agents", body: `{"filters":{"group_ids":[0,1],"suspended":false},"fields":["job_title"]}`,
			reply: `[{"id":"a@x.com"},{"id":"b@x.com"}]`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ListAgents(ctx, configuration.ListAgentsRequest{
					Filters: &configuration.AgentFilters{GroupIDs: []int{0, 1}, Suspended: configuration.Bool(false)}, Fields: []string{"job_title"}})
			},
			check: func(t *testing.T, res any) {
				if a := res.([]configuration.Agent); len(a) != 2 {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "UpdateAgent", action: "update_agent", body: `{"id":"smith@example.com","role":"normal","login_status":"not accepting chats","max_chats_count":3}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateAgent(ctx, configuration.UpdateAgentRequest{ID: "smith@example.com", Role: configuration.RoleNormal,
					LoginStatus: configuration.LoginNotAcceptingChats, MaxChatsCount: 3})
			}},
		{name: "DeleteAgent", action: "delete_agent", body: `{"id":"smith@example.com"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DeleteAgent(ctx, "smith@example.com") }},
		{name: "SuspendAgent", action: "suspend_agent", body: `{"id":"smith@example.com"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.SuspendAgent(ctx, "smith@example.com") }},
		{name: "UnsuspendAgent", action: "unsuspend_agent", body: `{"id":"smith@example.com"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.UnsuspendAgent(ctx, "smith@example.com") }},
		{name: "ApproveAgent", action: "approve_agent", body: `{"id":"smith@example.com"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.ApproveAgent(ctx, "smith@example.com") }},
		{name: "RequestAgentUnsuspension", action: "request_agent_unsuspension", body: `{}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.RequestAgentUnsuspension(ctx) }},
		{name: "BatchCreateAgents", action: "batch_create_agents",
			body:  `{"requests":[{"id":"a@x.com","name":"A"},{"id":"b@x.com","name":"B","role":"administrator"}]}`,
			reply: `{"responses":[{"id":"a@x.com"},{"error":{"type":"already_exists","message":"Agent already exists"}}]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.BatchCreateAgents(ctx, []configuration.CreateAgentRequest{{ID: "a@x.com", Name: "A"},
					{ID: "b@x.com", Name: "B", Role: configuration.RoleAdministrator}})
			},
			check: func(t *testing.T, res any) {
				r := res.([]configuration.BatchResult[configuration.CreateAgentResponse])
				if len(r) != 2 || r[0].Response == nil || r[0].Response.ID != "a@x.com" || r[0].Err != nil || r[0].Error() != nil {
					t.Fatalf("item 0 = %+v", r[0])
				}
				if r[1].Response != nil || !errors.Is(r[1].Error(), livechat.ErrAlreadyExists) || r[1].Err.Action != "batch_create_agents" {
					t.Errorf("item 1 = %+v", r[1])
				}
			}},
		{name: "BatchUpdateAgents", action: "batch_update_agents", body: `{"requests":[{"id":"a@x.com","job_title":"Boss"}]}`,
			reply: `{"responses":[{}]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.BatchUpdateAgents(ctx, []configuration.UpdateAgentRequest{{ID: "a@x.com", JobTitle: "Boss"}})
			}},
		{name: "BatchDeleteAgents", action: "batch_delete_agents", body: `{"requests":[{"id":"smith@example.com"},{"id":"brown@example.com"}]}`,
			reply: `{"responses":[{},{"error":{"type":"validation","message":"` + "`id`" + ` is required"}}]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.BatchDeleteAgents(ctx, []string{"smith@example.com", "brown@example.com"})
			},
			check: func(t *testing.T, res any) {
				r := res.([]configuration.BatchResult[configuration.Empty])
				if r[0].Err != nil || r[0].Response == nil || !errors.Is(r[1].Error(), livechat.ErrValidation) {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "BatchSuspendAgents", action: "batch_suspend_agents", body: `{"requests":[{"id":"a@x.com"}]}`, reply: `{"responses":[{}]}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.BatchSuspendAgents(ctx, []string{"a@x.com"}) }},
		{name: "BatchUnsuspendAgents", action: "batch_unsuspend_agents", body: `{"requests":[{"id":"a@x.com"}]}`, reply: `{"responses":[{}]}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.BatchUnsuspendAgents(ctx, []string{"a@x.com"}) }},
		{name: "BatchApproveAgents", action: "batch_approve_agents", body: `{"requests":[{"id":"a@x.com"}]}`, reply: `{"responses":[{}]}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.BatchApproveAgents(ctx, []string{"a@x.com"}) }},
		// Auto access
		{name: "AddAutoAccess", action: "add_auto_access", reply: `{"id":"pqi8"}`,
			body: `{"description":"US","access":{"groups":[1]},"conditions":{"domain":{"values":[{"value":"livechat.com","exact_match":true}]},
				"geolocation":{"values":[{"country":"United States","country_code":"US"}]}},"next_id":"1faad"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Description: "US",
					Access: configuration.AutoAccessAccess{Groups: []int{1}},
					Conditions: configuration.AutoAccessConditions{
						Domain:      &configuration.MatchCondition{Values: []configuration.MatchValue{{Value: "livechat.com", ExactMatch: true}}},
						Geolocation: &configuration.GeoCondition{Values: []configuration.GeoValue{{Country: "United States", CountryCode: "US"}}}},
					NextID: "1faad"})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.AddAutoAccessResponse); r.ID != "pqi8" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "ListAutoAccesses", action: "list_auto_accesses", body: `{}`,
			reply: `[{"id":"1f","description":"d","access":{"groups":[0]},"conditions":{"url":{"exclude_values":[{"value":"x"}]}},"next_id":"p"}]`,
			call:  func(ctx context.Context, c *C) (any, error) { return c.ListAutoAccesses(ctx) },
			check: func(t *testing.T, res any) {
				if r := res.([]configuration.AutoAccess); len(r) != 1 || r[0].Conditions.URL.ExcludeValues[0].Value != "x" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "UpdateAutoAccess", action: "update_auto_access", body: `{"id":"pqi8","access":{"groups":[0,42]},"next_id":""}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateAutoAccess(ctx, configuration.UpdateAutoAccessRequest{ID: "pqi8",
					Access: &configuration.AutoAccessAccess{Groups: []int{0, 42}}, NextID: configuration.String("")})
			}},
		{name: "DeleteAutoAccess", action: "delete_auto_access", body: `{"id":"pqi8"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DeleteAutoAccess(ctx, "pqi8") }},
		// Bots
		{name: "CreateBot", action: "create_bot", reply: `{"id":"5c98","secret":"641e"}`,
			body: `{"name":"Bot Name","max_chats_count":500,"default_group_priority":"first","groups":[{"id":0,"priority":"supervisor"}],
				"work_scheduler":{"timezone":"UTC"},"owner_client_id":"abc","type":"chatbot"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.CreateBot(ctx, configuration.CreateBotRequest{Name: "Bot Name", MaxChatsCount: 500,
					DefaultGroupPriority: configuration.PriorityFirst,
					Groups:               []configuration.GroupPriority{{ID: 0, Priority: configuration.PrioritySupervisor}},
					WorkScheduler:        &configuration.WorkScheduler{Timezone: "UTC"}, OwnerClientID: "abc", Type: "chatbot"})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.CreateBotResponse); r.ID != "5c98" || r.Secret != "641e" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "GetBot", action: "get_bot", body: `{"id":"5c98","fields":["groups"]}`, reply: `{"id":"5c98","name":"John"}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.GetBot(ctx, "5c98", "groups") }},
		{name: "ListBots", action: "list_bots", body: `{"all":true,"fields":["max_chats_count"]}`, reply: `[{"id":"2c1b","name":"Bot"}]`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ListBots(ctx, configuration.ListBotsRequest{All: true, Fields: []string{"max_chats_count"}})
			}},
		{name: "UpdateBot", action: "update_bot", body: `{"id":"ce54","name":"New Bot Name"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: "ce54", Name: "New Bot Name"})
			}},
		{name: "DeleteBot", action: "delete_bot", body: `{"id":"5055"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DeleteBot(ctx, "5055") }},
		{name: "ResetBotSecret", action: "reset_bot_secret", body: `{"id":"5c98","owner_client_id":"abc"}`, reply: `{"secret":"new"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ResetBotSecret(ctx, configuration.ResetBotSecretRequest{ID: "5c98", OwnerClientID: "abc"})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.SecretResponse); r.Secret != "new" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "CreateBotTemplate", action: "create_bot_template", body: `{"name":"Bot Name","owner_client_id":"abc","affect_existing_installations":true}`,
			reply: `{"id":"5c98","secret":"641e"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.CreateBotTemplate(ctx, configuration.CreateBotTemplateRequest{Name: "Bot Name", OwnerClientID: "abc", AffectExistingInstallations: true})
			}},
		{name: "UpdateBotTemplate", action: "update_bot_template", body: `{"id":"ce54","name":"New","owner_client_id":"abc"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateBotTemplate(ctx, configuration.UpdateBotTemplateRequest{ID: "ce54", Name: "New", OwnerClientID: "abc"})
			}},
		{name: "DeleteBotTemplate", action: "delete_bot_template", body: `{"id":"5055","owner_client_id":"abc"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.DeleteBotTemplate(ctx, configuration.BotTemplateRequest{ID: "5055", OwnerClientID: "abc"})
			}},
		{name: "ListBotTemplates", action: "list_bot_templates", body: `{"owner_client_id":"abc"}`, reply: `[{"id":"2c1b","name":"Bot Name","avatar_path":"a.jpg"}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListBotTemplates(ctx, "abc") }},
		{name: "ResetBotTemplateSecret", action: "reset_bot_template_secret", body: `{"id":"5c98","owner_client_id":"abc","affect_existing_installations":true}`,
			reply: `{"secret":"s"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ResetBotTemplateSecret(ctx, configuration.BotTemplateRequest{ID: "5c98", OwnerClientID: "abc", AffectExistingInstallations: true})
			}},
		{name: "IssueBotToken", action: "issue_bot_token", reply: `{"token":"<JWT>"}`,
			body: `{"bot_id":"5c98","client_id":"238a","bot_secret":"641e","organization_id":"1a8a"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.IssueBotToken(ctx, configuration.IssueBotTokenRequest{BotID: "5c98", ClientID: "238a", BotSecret: "641e", OrganizationID: "1a8a"})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.BotToken); r.Token != "<JWT>" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "BatchCreateBots", action: "batch_create_bots", body: `{"requests":[{"name":"A"},{"name":"B","max_chats_count":7}]}`,
			reply: `{"responses":[{"id":"1","secret":"s1"},{"id":"2","secret":"s2"}]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.BatchCreateBots(ctx, []configuration.CreateBotRequest{{Name: "A"}, {Name: "B", MaxChatsCount: 7}})
			},
			check: func(t *testing.T, res any) {
				r := res.([]configuration.BatchResult[configuration.CreateBotResponse])
				if len(r) != 2 || r[1].Response.Secret != "s2" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "BatchUpdateBots", action: "batch_update_bots", body: `{"requests":[{"id":"1","name":"A2"}]}`, reply: `{"responses":[{}]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.BatchUpdateBots(ctx, []configuration.UpdateBotRequest{{ID: "1", Name: "A2"}})
			}},
		{name: "BatchDeleteBots", action: "batch_delete_bots", body: `{"requests":[{"id":"1"},{"id":"2"}]}`, reply: `{"responses":[{},{}]}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.BatchDeleteBots(ctx, []string{"1", "2"}) }},
		// Customer bans
		{name: "ListCustomerBans", action: "list_customer_bans", body: `{}`, reply: `[{"ip":"192.168.8.1","agent_id":"smith@example.com"}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListCustomerBans(ctx) }},
		{name: "UnbanCustomer", action: "unban_customer", body: `{"ip":"192.168.1.1"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{IP: "192.168.1.1"})
			}},
		// Greetings
		{name: "CreateGreeting", action: "create_greeting", reply: `{"id":123}`,
			body: `{"type":"normal","active":true,"active_from":"2024-01-01T00:00:00Z","name":"Welcome greeting","group":0,
				"rules":[{"condition":"and","type":"url_current","operator":"contains","value":"checkout"},
				{"condition":"or","type":"custom_variable","session_field":{"plan":"pro"}}],
				"properties":{"addon":"chat_widget"},"rich_message":{"template_id":"cards","elements":[{"title":"Welcome!"}]}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.CreateGreeting(ctx, configuration.CreateGreetingRequest{Type: "normal", Active: true,
					ActiveFrom: "2024-01-01T00:00:00Z", Name: "Welcome greeting",
					Rules: []configuration.GreetingRule{{Condition: "and", Type: "url_current", Operator: "contains", Value: "checkout"},
						{Condition: "or", Type: "custom_variable", SessionField: map[string]string{"plan": "pro"}}},
					Properties:  map[string]string{"addon": "chat_widget"},
					RichMessage: &configuration.GreetingRichMessage{TemplateID: "cards", Elements: []livechat.RichElement{{Title: "Welcome!"}}}})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.CreateGreetingResponse); r.ID != 123 {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "UpdateGreeting", action: "update_greeting", body: `{"id":123,"active":false,"name":"Updated"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: 123, Active: configuration.Bool(false), Name: "Updated"})
			}},
		{name: "DeleteGreeting", action: "delete_greeting", body: `{"id":123}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DeleteGreeting(ctx, 123) }},
		{name: "ListGreetings", action: "list_greetings", body: `{"groups":[0,1],"limit":25}`, reply: `{"greetings":[{"id":1,"group":0}],"found_greetings":1}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ListGreetings(ctx, configuration.ListGreetingsRequest{Groups: []int{0, 1}, Limit: 25})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.ListGreetingsResponse); r.FoundGreetings != 1 || len(r.Greetings) != 1 {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "GetGreeting", action: "get_greeting", body: `{"id":123}`, reply: `{"id":123,"group":0,"name":"W"}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.GetGreeting(ctx, 123) }},
		// Groups
		{name: "CreateGroup", action: "create_group", reply: `{"id":19}`,
			body: `{"name":"Sports shoes","language_code":"en","agent_priorities":{"agent1@example.com":"normal","agent3@example.com":"last"}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "Sports shoes", LanguageCode: "en",
					AgentPriorities: map[string]configuration.Priority{"agent1@example.com": "normal", "agent3@example.com": "last"}})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.CreateGroupResponse); r.ID != 19 {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "UpdateGroup", action: "update_group", body: `{"id":19,"name":"Sport shoes"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateGroup(ctx, configuration.UpdateGroupRequest{ID: 19, Name: "Sport shoes"})
			}},
		{name: "DeleteGroup", action: "delete_group", body: `{"id":19}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DeleteGroup(ctx, 19) }},
		{name: "ListGroups", action: "list_groups", body: `{"fields":["routing_status"]}`, reply: `[{"id":0,"name":"General"}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListGroups(ctx, "routing_status") }},
		{name: "ListGroups/plain", action: "list_groups", body: `{}`, reply: `[]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListGroups(ctx) }},
		{name: "GetGroup", action: "get_group", body: `{"id":19,"fields":["agent_priorities","routing_status"]}`, reply: `{"id":19}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.GetGroup(ctx, 19, "agent_priorities", "routing_status")
			}},
		// Properties
		{name: "RegisterProperty", action: "register_property",
			body: `{"name":"string_property","owner_client_id":"0805","type":"string","default_value":"d",
				"access":{"chat":{"agent":["read"],"customer":["read","write"]},"license":{"agent":["read"]}}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.RegisterProperty(ctx, configuration.RegisterPropertyRequest{Name: "string_property", OwnerClientID: "0805",
					Type: configuration.PropertyString, DefaultValue: "d",
					Access: configuration.PropertyAccess{"chat": {"agent": {"read"}, "customer": {"read", "write"}}, "license": {"agent": {"read"}}}})
			}},
		{name: "RegisterProperty/range", action: "register_property",
			body: `{"name":"n","owner_client_id":"0805","type":"int","range":{"from":1,"to":3},"access":{"thread":{"agent":["write"]}}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.RegisterProperty(ctx, configuration.RegisterPropertyRequest{Name: "n", OwnerClientID: "0805",
					Type: configuration.PropertyInt, Range: &configuration.PropertyRange{From: 1, To: 3},
					Access: configuration.PropertyAccess{"thread": {"agent": {"write"}}}})
			}},
		{name: "UnregisterProperty", action: "unregister_property", body: `{"name":"string_property","owner_client_id":"0805"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UnregisterProperty(ctx, "string_property", "0805")
			}},
		{name: "PublishProperty", action: "publish_property", body: `{"name":"string_property","owner_client_id":"0805","access_type":["read"]}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.PublishProperty(ctx, configuration.PublishPropertyRequest{Name: "string_property", OwnerClientID: "0805", AccessType: []string{"read"}})
			}},
		{name: "ListProperties", action: "list_properties", body: `{"owner_client_id":"0805"}`,
			reply: `{"string_property":{"type":"string","description":"","access":{"chat":{"agent":["write"]}},"public_access":["read"]}}`,
			call:  func(ctx context.Context, c *C) (any, error) { return c.ListProperties(ctx, "0805") },
			check: func(t *testing.T, res any) {
				if r := res.(map[string]configuration.PropertyConfig); r["string_property"].Type != configuration.PropertyString {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "UpdateLicenseProperties", action: "update_license_properties", body: `{"properties":{"0805":{"string_property":"string value"}}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateLicenseProperties(ctx, livechat.Properties{"0805": {"string_property": "string value"}})
			}},
		{name: "ListLicenseProperties", action: "list_license_properties", body: `{"namespace":"0805","name_prefix":"string"}`,
			reply: `{"0805":{"string_property":"string value"}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ListLicenseProperties(ctx, configuration.ListPropertiesFilter{Namespace: "0805", NamePrefix: "string"})
			}},
		{name: "DeleteLicenseProperties", action: "delete_license_properties", body: `{"properties":{"0805":["string_property"]}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.DeleteLicenseProperties(ctx, livechat.PropertyNames{"0805": {"string_property"}})
			}},
		{name: "UpdateGroupProperties", action: "update_group_properties", body: `{"group_id":1,"properties":{"0805":{"string_property":"v"}}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateGroupProperties(ctx, 1, livechat.Properties{"0805": {"string_property": "v"}})
			}},
		{name: "ListGroupsProperties", action: "list_groups_properties", body: `{"group_ids":[0,1],"namespace":"a","name_prefix":"b"}`,
			reply: `[{"id":0,"properties":{"0805":{"p":"v"}}}]`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ListGroupsProperties(ctx, []int{0, 1}, configuration.ListPropertiesFilter{Namespace: "a", NamePrefix: "b"})
			}},
		{name: "ListGroupsProperties/all", action: "list_groups_properties", body: `{"group_ids":[]}`, reply: `[]`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.ListGroupsProperties(ctx, nil, configuration.ListPropertiesFilter{})
			}},
		{name: "DeleteGroupProperties", action: "delete_group_properties", body: `{"id":1,"properties":{"0805":["string_property"]}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.DeleteGroupProperties(ctx, 1, livechat.PropertyNames{"0805": {"string_property"}})
			}},
		// Tags
		{name: "CreateTag", action: "create_tag", body: `{"name":"docs_feedback","group_ids":[0,42]}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.CreateTag(ctx, "docs_feedback", 0, 42) }},
		{name: "UpdateTag", action: "update_tag", body: `{"name":"docs_feedback","group_ids":[]}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.UpdateTag(ctx, "docs_feedback") }},
		{name: "DeleteTag", action: "delete_tag", body: `{"name":"docs_feedback"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DeleteTag(ctx, "docs_feedback") }},
		{name: "ListTags", action: "list_tags", body: `{"filters":{"group_ids":[0,42]}}`, reply: `[{"name":"spam","group_ids":[0],"author_id":""}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListTags(ctx, 0, 42) }},
		{name: "ListTags/all", action: "list_tags", body: `{}`, reply: `[]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListTags(ctx) }},
		// Webhooks
		{name: "RegisterWebhook", action: "register_webhook", reply: `{"id":"pqi8oasdjahuakndw9nsad9na"}`,
			body: `{"url":"http://myservice.com/webhooks","description":"Test webhook","action":"incoming_event","secret_key":"laudla991lamda0pnoaa0",
				"owner_client_id":"asXdesldiAJSq9padj","type":"license","additional_data":["chat_properties"],
				"filters":{"author_type":"customer","only_my_chats":true,"chat_presence":{"user_ids":{"values":["john@x.com"]},"my_bots":true},"source_type":["my_client"]}}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{URL: "http://myservice.com/webhooks",
					Description: "Test webhook", Action: "incoming_event", SecretKey: "laudla991lamda0pnoaa0",
					OwnerClientID: "asXdesldiAJSq9padj", Type: configuration.WebhookLicense, AdditionalData: []string{"chat_properties"},
					Filters: &configuration.WebhookFilters{AuthorType: "customer", OnlyMyChats: true, SourceType: []string{"my_client"},
						ChatPresence: &configuration.ChatPresenceFilter{UserIDs: &configuration.ValuesFilter{Values: []string{"john@x.com"}}, MyBots: true}}})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*configuration.RegisterWebhookResponse); r.ID != "pqi8oasdjahuakndw9nsad9na" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "ListWebhooks", action: "list_webhooks", body: `{"owner_client_id":"0805"}`, reply: `[{"id":"p","action":"chat_deactivated","type":"license"}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListWebhooks(ctx, "0805") }},
		{name: "UnregisterWebhook", action: "unregister_webhook", body: `{"id":"pqi8","owner_client_id":"0805"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.UnregisterWebhook(ctx, "pqi8", "0805") }},
		{name: "ListWebhookNames", action: "list_webhook_names", body: `{"version":"3.6"}`, reply: `[{"action":"agent_deleted","filters":["agent_ids"]}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListWebhookNames(ctx, "3.6") }},
		{name: "EnableLicenseWebhooks", action: "enable_license_webhooks", body: `{}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.EnableLicenseWebhooks(ctx, "") }},
		{name: "DisableLicenseWebhooks", action: "disable_license_webhooks", body: `{"owner_client_id":"0805"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.DisableLicenseWebhooks(ctx, "0805") }},
		{name: "GetLicenseWebhooksState", action: "get_license_webhooks_state", body: `{}`, reply: `{"license_webhooks_enabled":true}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.GetLicenseWebhooksState(ctx, "") },
			check: func(t *testing.T, res any) {
				if !res.(*configuration.WebhooksState).LicenseWebhooksEnabled {
					t.Error("state not decoded")
				}
			}},
		// Other
		{name: "ListChannels", action: "list_channels", body: `{}`, reply: `[{"channel_type":"code","channel_subtype":""}]`,
			call: func(ctx context.Context, c *C) (any, error) { return c.ListChannels(ctx) }},
		{name: "CheckProductLimitsForPlan", action: "check_product_limits_for_plan", body: `{"plan":"starter"}`,
			reply: `[{"resource":"groups","limit_balance":1}]`,
			call: func(ctx context.Context, c *C) (any, error) {
				return c.CheckProductLimitsForPlan(ctx, configuration.PlanStarter)
			}},
		{name: "GetProductSource", action: "get_product_source", body: `{}`, reply: `{"source_id":"create_account_link"}`,
			call: func(ctx context.Context, c *C) (any, error) { return c.GetProductSource(ctx) }},
		{name: "GetLicenseID", action: "get_license_id", get: map[string]string{"organization_id": "142cf3ad"},
			reply: `{"license_id":104130623}`,
			call:  func(ctx context.Context, c *C) (any, error) { return c.GetLicenseID(ctx, "142cf3ad") },
			check: func(t *testing.T, res any) {
				if res.(int64) != 104130623 {
					t.Errorf("got %v", res)
				}
			}},
		{name: "GetOrganizationID", action: "get_organization_id", get: map[string]string{"license_id": "104130623"},
			reply: `{"organization_id":"142cf3ad"}`,
			call:  func(ctx context.Context, c *C) (any, error) { return c.GetOrganizationID(ctx, 104130623) },
			check: func(t *testing.T, res any) {
				if res.(string) != "142cf3ad" {
					t.Errorf("got %v", res)
				}
			}},
		{name: "ReactivateEmail", action: "reactivate_email", body: `{"agent_id":"smith@example.com"}`,
			call: func(ctx context.Context, c *C) (any, error) { return nil, c.ReactivateEmail(ctx, "smith@example.com") }},
		{name: "UpdateCompanyDetails", action: "update_company_details", body: `{"enrich":true,"url":"www.text.com"}`,
			call: func(ctx context.Context, c *C) (any, error) {
				return nil, c.UpdateCompanyDetails(ctx, configuration.CompanyDetails{Enrich: configuration.Bool(true), URL: "www.text.com"})
			}},
	}
}

// TestMethods checks method, path, Authorization and exact body (or
// query) of every Configuration API method over the Web transport.
func TestMethods(t *testing.T) {
	wantAuth := livechat.NewPAT(testAccount, testPAT)
	a, _ := wantAuth.Authorize(context.Background())
	for _, tc := range methodCases() {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			if tc.reply != "" {
				s.SetReply(tc.reply)
			}
			res, err := tc.call(context.Background(), s.client(t))
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !strings.HasPrefix(a.Header(), "Basic ") {
				t.Fatalf("the PAT's header %q is not Basic", a.Header())
			}
			want := wiretest.Want{Method: http.MethodPost, Path: "/v3.6/configuration/action/" + tc.action, Auth: a.Header(), Body: tc.body}
			if tc.get != nil {
				want.Method, want.Body, want.Query = http.MethodGet, "", url.Values{}
				for k, v := range tc.get {
					want.Query.Set(k, v)
				}
			}
			wiretest.CheckOne(t, s.Server, want)
			if tc.check != nil {
				tc.check(t, res)
			}
		})
	}
}

// TestEveryMethodCovered fails when a Client method has no case in
// methodCases.
func TestEveryMethodCovered(t *testing.T) {
	var names []string
	for _, tc := range methodCases() {
		names = append(names, tc.name)
	}
	wiretest.AssertMethodsCovered(t, reflect.TypeFor[*configuration.Client](), names, "Transport")
}

func TestErrorsMapToLivechatError(t *testing.T) {
	s := newServer(t)
	s.SetStatus(http.StatusNotFound)
	s.SetReply(`{"error":{"type":"group_not_found","message":"Group not found"}}`)
	_, err := s.client(t).GetGroup(context.Background(), 7)
	if !errors.Is(err, livechat.ErrGroupNotFound) {
		t.Fatalf("err = %v", err)
	}
	var le *livechat.Error
	if !errors.As(err, &le) || le.Status != http.StatusNotFound || le.Action != "get_group" {
		t.Fatalf("err = %#v", err)
	}
	s.SetStatus(http.StatusBadRequest)
	s.SetReply(`{"error":{"type":"validation","message":"bad"}}`)
	if _, err := s.client(t).BatchDeleteBots(context.Background(), []string{"x"}); !errors.Is(err, livechat.ErrValidation) {
		t.Fatalf("batch err = %v", err)
	}
	s.SetStatus(http.StatusOK)
	s.SetReply(`{"responses":[{}]}`)
	if _, err := s.client(t).BatchDeleteBots(context.Background(), []string{"x", "y"}); err == nil ||
		!strings.Contains(err.Error(), "1 responses for 2 requests") {
		t.Fatalf("mismatched batch err = %v", err)
	}
}
