package api_test

// Representative calls of every typed SDK method (see
// TestSDKMatchesDescription). Errors are ignored: the recorder answers {}
// to everything, and only what the method sent is checked.

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/restv2"
)

func jsonMarshal(v any) ([]byte, error) {
	if v == nil {
		return []byte(`{}`), nil
	}
	return json.Marshal(v)
}

func drain[T any](seq func(func(T, error) bool)) {
	for _, err := range seq {
		if err != nil {
			return
		}
	}
}

var (
	seen  = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	props = livechat.Properties{"test": {"bool_property": true}}
	names = livechat.PropertyNames{"test": {"bool_property"}}
)

func agentCalls(ctx context.Context, c, c35 *agent.Client, rtmc *agent.Client) map[string]func() {
	msg := &livechat.Message{Text: "hi"}
	return map[string]func(){
		"AddUserToChat": func() {
			c.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: "C", UserID: "a@b.c", UserType: "agent", Visibility: "all"})
		},
		"Archives": func() {
			drain(c.Archives(ctx, agent.ListArchivesRequest{Limit: 5, Filters: &agent.ArchivesFilters{Query: "x"}}))
		},
		"BanCustomer":    func() { c.BanCustomer(ctx, agent.BanCustomerRequest{ID: "cust", Ban: agent.Ban{Days: 3}}) },
		"Chats":          func() { drain(c.Chats(ctx, agent.ListChatsRequest{Limit: 5})) },
		"CreateCustomer": func() { c35.CreateCustomer(ctx, agent.CreateCustomerRequest{Name: "N", Email: "n@example.com"}) },
		"Customers":      func() { drain(c35.Customers(ctx, agent.ListCustomersRequest{Limit: 5})) },
		"DeactivateChat": func() { c.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: "C"}) },
		"DeleteChatProperties": func() {
			c.DeleteChatProperties(ctx, agent.DeleteChatPropertiesRequest{ID: "C", Properties: names})
		},
		"DeleteEventProperties": func() {
			c.DeleteEventProperties(ctx, agent.DeleteEventPropertiesRequest{ChatID: "C", ThreadID: "T", EventID: "E", Properties: names})
		},
		"DeleteThreadProperties": func() {
			c.DeleteThreadProperties(ctx, agent.DeleteThreadPropertiesRequest{ChatID: "C", ThreadID: "T", Properties: names})
		},
		"FollowChat":            func() { c.FollowChat(ctx, "C") },
		"GetChat":               func() { c.GetChat(ctx, "C", "T") },
		"GetCustomer":           func() { c.GetCustomer(ctx, "b7eff798-f8df-4364-8059-649c35c9ed0c") },
		"GetLicenseInfo":        func() { c.GetLicenseInfo(ctx) },
		"ListAgentsForTransfer": func() { c.ListAgentsForTransfer(ctx, "C") },
		"ListArchives": func() {
			c.ListArchives(ctx, agent.ListArchivesRequest{Limit: 10, Filters: &agent.ArchivesFilters{
				Query: "x", GroupIDs: []int{0}, Tags: &agent.StringFilter{Values: []string{"vip"}}, ChatIDs: []string{"C"}},
				Highlights: &agent.Highlights{PreTag: "<b>", PostTag: "</b>"}})
		},
		"ListChats": func() {
			c.ListChats(ctx, agent.ListChatsRequest{Limit: 10, SortOrder: "asc", Filters: &agent.ChatsFilters{
				Active: ptr(true), GroupIDs: []int{0, 1}}})
			c35.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{IncludeActive: ptr(false)}})
		},
		"ListCustomers": func() {
			c35.ListCustomers(ctx, agent.ListCustomersRequest{Limit: 10, SortBy: "created_at",
				Filters: &agent.CustomersFilters{ChatsCount: &agent.RangeFilter{GTE: ptr(1)}}})
		},
		"ListRoutingStatuses": func() {
			c.ListRoutingStatuses(ctx, agent.ListRoutingStatusesRequest{Filters: &agent.RoutingStatusFilters{GroupIDs: []int{0}}})
		},
		"ListThreads": func() { c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "C", Limit: 3}) },
		"MarkEventsAsSeen": func() {
			c.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: "C", SeenUpTo: livechat.NewTimestamp(seen)})
		},
		"Multicast": func() {
			c.Multicast(ctx, agent.MulticastRequest{Recipients: agent.MulticastRecipients{Agents: &agent.MulticastAgents{All: true}},
				Content: map[string]any{"hello": "all"}, Type: "note"})
		},
		"RemoveUserFromChat": func() {
			c.RemoveUserFromChat(ctx, agent.RemoveUserFromChatRequest{ChatID: "C", UserID: "a@b.c", UserType: "agent"})
		},
		"RequestThreadSummary": func() { c.RequestThreadSummary(ctx, "C", "T") },
		"ResumeChat":           func() { c.ResumeChat(ctx, agent.ResumeChatRequest{Chat: agent.InitialChat{ID: "C"}}) },
		"SendEvent": func() {
			c.SendEvent(ctx, agent.SendEventRequest{ChatID: "C", Event: &livechat.File{URL: "https://cdn.example.com/f.png"}})
			c.SendEvent(ctx, agent.SendEventRequest{ChatID: "C", Event: &livechat.RichMessage{TemplateID: "cards",
				Elements: []livechat.RichElement{{Title: "t", Buttons: []livechat.RichButton{{Text: "b", Type: "message", Value: "v", PostbackID: "p"}}}}}})
			c.SendEvent(ctx, agent.SendEventRequest{ChatID: "C", Event: &livechat.Custom{Content: json.RawMessage(`{"a":1}`)}})
		},
		"SendEventPreview": func() { c.SendEventPreview(ctx, agent.SendEventPreviewRequest{ChatID: "C", Event: msg}) },
		"SendFile":         func() { c.SendFile(ctx, "C", "https://cdn.example.com/f.png") },
		"SendMessage":      func() { c.SendMessage(ctx, "C", "hello") },
		"SendRichMessagePostback": func() {
			c.SendRichMessagePostback(ctx, agent.SendRichMessagePostbackRequest{ChatID: "C", ThreadID: "T", EventID: "E",
				Postback: agent.RichMessagePostback{ID: "p", Toggled: true}})
		},
		"SendThinkingIndicator": func() { c.SendThinkingIndicator(ctx, agent.SendThinkingIndicatorRequest{ChatID: "C", Title: "…"}) },
		"SendTypingIndicator":   func() { c.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: "C", IsTyping: true}) },
		"SetRoutingStatus":      func() { c.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: "accepting_chats"}) },
		"StartChat": func() {
			c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{
				Users:  []agent.ChatUser{{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c", Type: "customer"}},
				Thread: &agent.InitialThread{Events: livechat.Events{msg}}}})
		},
		"SubscribeCustomers":   func() { rtmc.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{0}, Limit: 10}) },
		"TagThread":            func() { c.TagThread(ctx, agent.TagThreadRequest{ChatID: "C", ThreadID: "T", Tag: "vip"}) },
		"Threads":              func() { drain(c.Threads(ctx, agent.ListThreadsRequest{ChatID: "C"})) },
		"TransferChat":         func() { c.TransferChat(ctx, agent.TransferChatRequest{ID: "C", Target: agent.ToGroups(1)}) },
		"UnfollowChat":         func() { c.UnfollowChat(ctx, "C") },
		"UnsubscribeCustomers": func() { rtmc.UnsubscribeCustomers(ctx, "sub-1") },
		"UntagThread":          func() { c.UntagThread(ctx, agent.UntagThreadRequest{ChatID: "C", ThreadID: "T", Tag: "vip"}) },
		"UpdateChatProperties": func() { c.UpdateChatProperties(ctx, agent.UpdateChatPropertiesRequest{ID: "C", Properties: props}) },
		"UpdateCustomer": func() {
			c.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c", Name: "N",
				SessionFields: livechat.SessionFields{{"k": "v"}}})
		},
		"UpdateEventProperties": func() {
			c.UpdateEventProperties(ctx, agent.UpdateEventPropertiesRequest{ChatID: "C", ThreadID: "T", EventID: "E", Properties: props})
		},
		"UpdateThreadProperties": func() {
			c.UpdateThreadProperties(ctx, agent.UpdateThreadPropertiesRequest{ChatID: "C", ThreadID: "T", Properties: props})
		},
		"UploadFile": func() { c.UploadFile(ctx, "a.txt", strings.NewReader("hello")) },
	}
}

func customerCalls(ctx context.Context, c *customer.Client) map[string]func() {
	return map[string]func(){
		"AcceptGreeting": func() { c.AcceptGreeting(ctx, 7, "u-1") },
		"CancelGreeting": func() { c.CancelGreeting(ctx, "u-1") },
		"CheckGoals": func() {
			c.CheckGoals(ctx, customer.CheckGoalsRequest{GroupID: 0, PageURL: "https://example.com", SessionFields: livechat.SessionFields{{"k": "v"}}})
		},
		"DeactivateChat":         func() { c.DeactivateChat(ctx, "C") },
		"DeleteChatProperties":   func() { c.DeleteChatProperties(ctx, "C", names) },
		"DeleteEvent":            func() { c.DeleteEvent(ctx, "C", "T", "E") },
		"DeleteEventProperties":  func() { c.DeleteEventProperties(ctx, "C", "T", "E", names) },
		"DeleteThreadProperties": func() { c.DeleteThreadProperties(ctx, "C", "T", names) },
		"GetChat":                func() { c.GetChat(ctx, "C", "T") },
		"GetConfiguration":       func() { c.GetConfiguration(ctx, 0, "v1") },
		"GetCustomer":            func() { c.GetCustomer(ctx) },
		"GetDynamicConfiguration": func() {
			c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{GroupID: ptr(0), URL: "https://example.com", Test: true})
		},
		"GetForm":                  func() { c.GetForm(ctx, 0, customer.FormPrechat) },
		"GetLocalization":          func() { c.GetLocalization(ctx, 0, "en", "v1") },
		"GetPredictedAgent":        func() { c.GetPredictedAgent(ctx) },
		"GetURLInfo":               func() { c.GetURLInfo(ctx, "https://example.com") },
		"ListChats":                func() { c.ListChats(ctx, customer.ListChatsRequest{Limit: 5}) },
		"ListGroupProperties":      func() { c.ListGroupProperties(ctx, 0, "test", "") },
		"ListGroupStatuses":        func() { c.ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{All: true}) },
		"ListLicenseProperties":    func() { c.ListLicenseProperties(ctx, "test", "bool_property") },
		"ListThreads":              func() { c.ListThreads(ctx, customer.ListThreadsRequest{ChatID: "C", Limit: 3}) },
		"MarkEventsAsSeen":         func() { c.MarkEventsAsSeen(ctx, "C", seen) },
		"RequestEmailVerification": func() { c.RequestEmailVerification(ctx, "https://example.com/verified") },
		"ResumeChat":               func() { c.ResumeChat(ctx, customer.ResumeChatRequest{Chat: customer.ChatInit{ID: "C"}}) },
		"SendEvent": func() {
			c.SendEvent(ctx, customer.SendEventRequest{ChatID: "C", Event: &livechat.Message{Text: "hi", Postback: &livechat.Postback{ID: "p", ThreadID: "T", EventID: "E"}}})
		},
		"SendGreetingButtonClicked": func() { c.SendGreetingButtonClicked(ctx, "u-1", "b-1") },
		"SendMessage":               func() { c.SendMessage(ctx, "C", "hi") },
		"SendRichMessagePostback": func() {
			c.SendRichMessagePostback(ctx, customer.SendRichMessagePostbackRequest{ChatID: "C", ThreadID: "T", EventID: "E",
				Postback: customer.RichMessagePostback{ID: "p", Toggled: true}})
		},
		"SendSneakPeek":            func() { c.SendSneakPeek(ctx, "C", "typing…") },
		"SetCustomerSessionFields": func() { c.SetCustomerSessionFields(ctx, livechat.SessionFields{{"k": "v"}}) },
		"StartChat": func() {
			c.StartChat(ctx, customer.StartChatRequest{Chat: &customer.ChatInit{Thread: &customer.ThreadInit{
				Events: livechat.Events{&livechat.Message{Text: "hello"}}}}})
		},
		"UpdateChatProperties":   func() { c.UpdateChatProperties(ctx, "C", props) },
		"UpdateCustomer":         func() { c.UpdateCustomer(ctx, customer.UpdateCustomerRequest{Name: "N", Email: "n@example.com"}) },
		"UpdateEventProperties":  func() { c.UpdateEventProperties(ctx, "C", "T", "E", props) },
		"UpdateThreadProperties": func() { c.UpdateThreadProperties(ctx, "C", "T", props) },
		"UploadFile":             func() { c.UploadFile(ctx, "a.txt", strings.NewReader("hello")) },
	}
}

func configurationCalls(ctx context.Context, c *configuration.Client) map[string]func() {
	ws := &configuration.WorkScheduler{Timezone: "Europe/Warsaw", Schedule: []configuration.ScheduleEntry{{Day: "monday", Enabled: true, Start: "08:00", End: "16:00"}}}
	agentReq := configuration.CreateAgentRequest{ID: "new@example.com", Name: "New", Role: "normal", LoginStatus: "accepting chats",
		MaxChatsCount: 5, Groups: []configuration.GroupPriority{{ID: 0, Priority: "normal"}}, WorkScheduler: ws}
	botReq := configuration.CreateBotRequest{Name: "Bot", OwnerClientID: "client", DefaultGroupPriority: "normal", MaxChatsCount: 6}
	cond := configuration.AutoAccessConditions{URL: &configuration.MatchCondition{Values: []configuration.MatchValue{{Value: "example.com"}}}}
	rule := []configuration.GreetingRule{{Condition: "and", Type: "visit_time_site", Operator: "greater_than", Value: "30"}}
	return map[string]func(){
		"AddAutoAccess": func() {
			c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{1}}, Conditions: cond})
		},
		"ApproveAgent":              func() { c.ApproveAgent(ctx, "a@b.c") },
		"BatchApproveAgents":        func() { c.BatchApproveAgents(ctx, []string{"a@b.c"}) },
		"BatchCreateAgents":         func() { c.BatchCreateAgents(ctx, []configuration.CreateAgentRequest{agentReq}) },
		"BatchCreateBots":           func() { c.BatchCreateBots(ctx, []configuration.CreateBotRequest{botReq}) },
		"BatchDeleteAgents":         func() { c.BatchDeleteAgents(ctx, []string{"a@b.c"}) },
		"BatchDeleteBots":           func() { c.BatchDeleteBots(ctx, []string{"bot"}) },
		"BatchSuspendAgents":        func() { c.BatchSuspendAgents(ctx, []string{"a@b.c"}) },
		"BatchUnsuspendAgents":      func() { c.BatchUnsuspendAgents(ctx, []string{"a@b.c"}) },
		"BatchUpdateAgents":         func() { c.BatchUpdateAgents(ctx, []configuration.UpdateAgentRequest{{ID: "a@b.c", Name: "A"}}) },
		"BatchUpdateBots":           func() { c.BatchUpdateBots(ctx, []configuration.UpdateBotRequest{{ID: "bot", Name: "B"}}) },
		"CheckProductLimitsForPlan": func() { c.CheckProductLimitsForPlan(ctx, configuration.PlanStarter) },
		"CreateAgent":               func() { c.CreateAgent(ctx, agentReq) },
		"CreateBot":                 func() { c.CreateBot(ctx, botReq) },
		"CreateBotTemplate": func() {
			c.CreateBotTemplate(ctx, configuration.CreateBotTemplateRequest{Name: "T", OwnerClientID: "client"})
		},
		"CreateGreeting": func() {
			c.CreateGreeting(ctx, configuration.CreateGreetingRequest{Type: "normal", Active: true, Name: "G", Group: 0, Rules: rule,
				Properties: map[string]string{"greeting-message_text": "Hi"}})
		},
		"CreateGroup": func() {
			c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "G", AgentPriorities: map[string]configuration.Priority{"a@b.c": "normal"}})
		},
		"CreateTag":               func() { c.CreateTag(ctx, "vip2", 0) },
		"DeleteAgent":             func() { c.DeleteAgent(ctx, "a@b.c") },
		"DeleteAutoAccess":        func() { c.DeleteAutoAccess(ctx, "aa") },
		"DeleteBot":               func() { c.DeleteBot(ctx, "bot") },
		"DeleteBotTemplate":       func() { c.DeleteBotTemplate(ctx, configuration.BotTemplateRequest{ID: "t", OwnerClientID: "client"}) },
		"DeleteGreeting":          func() { c.DeleteGreeting(ctx, 1) },
		"DeleteGroup":             func() { c.DeleteGroup(ctx, 1) },
		"DeleteGroupProperties":   func() { c.DeleteGroupProperties(ctx, 1, names) },
		"DeleteLicenseProperties": func() { c.DeleteLicenseProperties(ctx, names) },
		"DeleteTag":               func() { c.DeleteTag(ctx, "vip") },
		"DisableLicenseWebhooks":  func() { c.DisableLicenseWebhooks(ctx, "client") },
		"EnableLicenseWebhooks":   func() { c.EnableLicenseWebhooks(ctx, "client") },
		"GetAgent":                func() { c.GetAgent(ctx, "a@b.c", "groups", "job_title") },
		"GetBot":                  func() { c.GetBot(ctx, "bot", "groups") },
		"GetGreeting":             func() { c.GetGreeting(ctx, 1) },
		"GetGroup":                func() { c.GetGroup(ctx, 1, "agent_priorities") },
		"GetLicenseID":            func() { c.GetLicenseID(ctx, "0f3c6a0e-3f4b-4c5a-9d3e-7b1f2a6c8e01") },
		"GetLicenseWebhooksState": func() { c.GetLicenseWebhooksState(ctx, "client") },
		"GetOrganizationID":       func() { c.GetOrganizationID(ctx, 10000001) },
		"GetProductSource":        func() { c.GetProductSource(ctx) },
		"IssueBotToken": func() {
			c.IssueBotToken(ctx, configuration.IssueBotTokenRequest{BotID: "bot", ClientID: "client", BotSecret: "s", OrganizationID: "org"})
		},
		"ListAgents": func() {
			c.ListAgents(ctx, configuration.ListAgentsRequest{Filters: &configuration.AgentFilters{GroupIDs: []int{0}}, Fields: []string{"groups"}})
		},
		"ListAutoAccesses": func() { c.ListAutoAccesses(ctx) },
		"ListBotTemplates": func() { c.ListBotTemplates(ctx, "client") },
		"ListBots":         func() { c.ListBots(ctx, configuration.ListBotsRequest{All: true}) },
		"ListChannels":     func() { c.ListChannels(ctx) },
		"ListCustomerBans": func() { c.ListCustomerBans(ctx) },
		"ListGreetings":    func() { c.ListGreetings(ctx, configuration.ListGreetingsRequest{Groups: []int{0}, Limit: 10}) },
		"ListGroups":       func() { c.ListGroups(ctx, "agent_priorities") },
		"ListGroupsProperties": func() {
			c.ListGroupsProperties(ctx, []int{0}, configuration.ListPropertiesFilter{Namespace: "test"})
		},
		"ListLicenseProperties": func() { c.ListLicenseProperties(ctx, configuration.ListPropertiesFilter{Namespace: "test"}) },
		"ListProperties":        func() { c.ListProperties(ctx, "client") },
		"ListTags":              func() { c.ListTags(ctx, 0) },
		"ListWebhookNames":      func() { c.ListWebhookNames(ctx, "3.6") },
		"ListWebhooks":          func() { c.ListWebhooks(ctx, "client") },
		"PublishProperty": func() {
			c.PublishProperty(ctx, configuration.PublishPropertyRequest{Name: "p", OwnerClientID: "client", AccessType: []string{"read"}})
		},
		"ReactivateEmail": func() { c.ReactivateEmail(ctx, "a@b.c") },
		"RegisterProperty": func() {
			c.RegisterProperty(ctx, configuration.RegisterPropertyRequest{Name: "p", OwnerClientID: "client", Type: configuration.PropertyInt,
				Access: configuration.PropertyAccess{"chat": {"agent": {"read", "write"}}}, Range: &configuration.PropertyRange{From: 0, To: 10}})
		},
		"RegisterWebhook": func() {
			c.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{Action: "incoming_event", SecretKey: "s", URL: "https://example.com/h",
				OwnerClientID: "client", Type: configuration.WebhookLicense, AdditionalData: []string{"chat_properties"},
				Filters: &configuration.WebhookFilters{AuthorType: "customer"}})
		},
		"RequestAgentUnsuspension": func() { c.RequestAgentUnsuspension(ctx) },
		"ResetBotSecret":           func() { c.ResetBotSecret(ctx, configuration.ResetBotSecretRequest{ID: "bot", OwnerClientID: "client"}) },
		"ResetBotTemplateSecret": func() {
			c.ResetBotTemplateSecret(ctx, configuration.BotTemplateRequest{ID: "t", OwnerClientID: "client"})
		},
		"SuspendAgent":       func() { c.SuspendAgent(ctx, "a@b.c") },
		"UnbanCustomer":      func() { c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{IP: "10.0.0.1"}) },
		"UnregisterProperty": func() { c.UnregisterProperty(ctx, "p", "client") },
		"UnregisterWebhook":  func() { c.UnregisterWebhook(ctx, "wh", "client") },
		"UnsuspendAgent":     func() { c.UnsuspendAgent(ctx, "a@b.c") },
		"UpdateAgent":        func() { c.UpdateAgent(ctx, configuration.UpdateAgentRequest{ID: "a@b.c", JobTitle: "Boss"}) },
		"UpdateAutoAccess": func() {
			c.UpdateAutoAccess(ctx, configuration.UpdateAutoAccessRequest{ID: "aa", Description: ptr("d")})
		},
		"UpdateBot": func() { c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: "bot", MaxChatsCount: 7}) },
		"UpdateBotTemplate": func() {
			c.UpdateBotTemplate(ctx, configuration.UpdateBotTemplateRequest{ID: "t", OwnerClientID: "client", Name: "T2"})
		},
		"UpdateCompanyDetails": func() { c.UpdateCompanyDetails(ctx, configuration.CompanyDetails{Company: "ACME", City: "Wrocław"}) },
		"UpdateGreeting": func() {
			c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: 1, Name: "G2", Active: ptr(false)})
		},
		"UpdateGroup": func() {
			c.UpdateGroup(ctx, configuration.UpdateGroupRequest{ID: 1, Name: "G2"})
		},
		"UpdateGroupProperties":   func() { c.UpdateGroupProperties(ctx, 1, props) },
		"UpdateLicenseProperties": func() { c.UpdateLicenseProperties(ctx, props) },
		"UpdateTag":               func() { c.UpdateTag(ctx, "vip", 0, 1) },
	}
}

func restv2Calls(ctx context.Context, c *restv2.Client) map[string]func() {
	rep := restv2.ReportOptions{DateFrom: "2026-01-01", DateTo: "2026-01-31", Group: ptr(0), Tags: []string{"vip"}}
	rule := []restv2.GreetingRule{{Type: restv2.RuleVisitTimeSite, Value: "30", Operator: "greater_than"}}
	return map[string]func(){
		"Agents.Create": func() {
			c.Agents.Create(ctx, restv2.CreateAgentRequest{Login: "new@example.com", Name: "New", Groups: []int{0}, MaxChatsCount: ptr(5)})
		},
		"Agents.Delete":      func() { c.Agents.Delete(ctx, "a@b.c") },
		"Agents.Get":         func() { c.Agents.Get(ctx, "a@b.c") },
		"Agents.List":        func() { c.Agents.List(ctx, restv2.AgentListOptions{Status: "accepting chats"}) },
		"Agents.ResetAPIKey": func() { c.Agents.ResetAPIKey(ctx, "a@b.c") },
		"Agents.Update":      func() { c.Agents.Update(ctx, "a@b.c", restv2.UpdateAgentRequest{JobTitle: "Boss"}) },
		"CannedResponses.Create": func() {
			c.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "Hi", Tags: []string{"hi"}, Group: ptr(0)})
		},
		"CannedResponses.Delete": func() { c.CannedResponses.Delete(ctx, 1) },
		"CannedResponses.Get":    func() { c.CannedResponses.Get(ctx, 1) },
		"CannedResponses.List":   func() { c.CannedResponses.List(ctx, restv2.CannedResponseListOptions{}) },
		"CannedResponses.Update": func() {
			c.CannedResponses.Update(ctx, 1, restv2.UpdateCannedResponseRequest{Text: "Hello", Tags: []string{"hi"}})
		},
		"Chats.All": func() { drain(c.Chats.All(ctx, restv2.ChatListOptions{DateFrom: "2026-01-01"})) },
		"Chats.Get": func() { c.Chats.Get(ctx, "C") },
		"Chats.List": func() {
			c.Chats.List(ctx, restv2.ChatListOptions{DateFrom: "2026-01-01", DateTo: "2026-01-31", Page: 2, Query: "x",
				Group: ptr(0), HasGoal: ptr(true), Rate: "rated_good", Tags: []string{"vip"}, Country: "PL"})
		},
		"Chats.SendTranscript": func() { c.Chats.SendTranscript(ctx, "C", "n@example.com") },
		"Chats.UpdateTags":     func() { c.Chats.UpdateTags(ctx, "C", []string{"vip"}) },
		"Goals.Create": func() {
			c.Goals.Create(ctx, restv2.GoalRequest{Name: "G", Type: "url", URL: "https://example.com/thanks", MatchType: "exact"})
		},
		"Goals.Delete":           func() { c.Goals.Delete(ctx, 1) },
		"Goals.Get":              func() { c.Goals.Get(ctx, 1) },
		"Goals.List":             func() { c.Goals.List(ctx, restv2.GoalListOptions{}) },
		"Goals.MarkAsSuccessful": func() { c.Goals.MarkAsSuccessful(ctx, 1, restv2.MarkGoalRequest{VisitorID: "v1", OrderPrice: "10"}) },
		"Goals.Update":           func() { c.Goals.Update(ctx, 1, restv2.GoalRequest{Name: "G2"}) },
		"Greetings.Create": func() {
			c.Greetings.Create(ctx, restv2.CreateGreetingRequest{Name: "G", Rules: rule, Properties: map[string]string{"greeting-message_text": "Hi"}})
		},
		"Greetings.Delete":                func() { c.Greetings.Delete(ctx, 1) },
		"Greetings.Get":                   func() { c.Greetings.Get(ctx, 1) },
		"Greetings.List":                  func() { c.Greetings.List(ctx, restv2.GreetingListOptions{}) },
		"Greetings.Update":                func() { c.Greetings.Update(ctx, 1, restv2.UpdateGreetingRequest{Name: "G2"}) },
		"Groups.Create":                   func() { c.Groups.Create(ctx, restv2.GroupRequest{Name: "G", Agents: []string{"a@b.c"}}) },
		"Groups.Delete":                   func() { c.Groups.Delete(ctx, 1) },
		"Groups.Get":                      func() { c.Groups.Get(ctx, 1) },
		"Groups.List":                     func() { c.Groups.List(ctx) },
		"Groups.Update":                   func() { c.Groups.Update(ctx, 1, restv2.GroupRequest{Name: "G2"}) },
		"Reports.AgentsOccupancy":         func() { c.Reports.AgentsOccupancy(ctx, restv2.Monday, rep) },
		"Reports.Availability":            func() { c.Reports.Availability(ctx, rep) },
		"Reports.ChatFirstResponseTime":   func() { c.Reports.ChatFirstResponseTime(ctx, rep) },
		"Reports.ChatRanking":             func() { c.Reports.ChatRanking(ctx, rep) },
		"Reports.ChatRatings":             func() { c.Reports.ChatRatings(ctx, rep) },
		"Reports.ChatResponseTime":        func() { c.Reports.ChatResponseTime(ctx, rep) },
		"Reports.ChattingTime":            func() { c.Reports.ChattingTime(ctx, rep) },
		"Reports.Engagement":              func() { c.Reports.Engagement(ctx, rep) },
		"Reports.Get":                     func() { c.Reports.Get(ctx, restv2.ReportTotalChats, rep) },
		"Reports.Goals":                   func() { c.Reports.Goals(ctx, rep) },
		"Reports.Greetings":               func() { c.Reports.Greetings(ctx, rep) },
		"Reports.NewTickets":              func() { c.Reports.NewTickets(ctx, rep) },
		"Reports.NotRepliedChats":         func() { c.Reports.NotRepliedChats(ctx, rep) },
		"Reports.QueueWaitingTimes":       func() { c.Reports.QueueWaitingTimes(ctx, rep) },
		"Reports.QueuedVisitors":          func() { c.Reports.QueuedVisitors(ctx, rep) },
		"Reports.SolvedTickets":           func() { c.Reports.SolvedTickets(ctx, rep) },
		"Reports.TicketFirstResponseTime": func() { c.Reports.TicketFirstResponseTime(ctx, rep) },
		"Reports.TicketRanking":           func() { c.Reports.TicketRanking(ctx, rep) },
		"Reports.TicketRatings":           func() { c.Reports.TicketRatings(ctx, rep) },
		"Reports.TicketResolutionTime":    func() { c.Reports.TicketResolutionTime(ctx, rep) },
		"Reports.TicketSources":           func() { c.Reports.TicketSources(ctx, rep) },
		"Reports.TotalChats":              func() { c.Reports.TotalChats(ctx, rep) },
		"Status.Get":                      func() { c.Status.Get(ctx, 1) },
		"Tags.Create":                     func() { c.Tags.Create(ctx, restv2.CreateTagRequest{Tag: "vip2", Author: "a@b.c", Group: 0}) },
		"Tags.Delete":                     func() { c.Tags.Delete(ctx, "vip", 0) },
		"Tags.List":                       func() { c.Tags.List(ctx, restv2.TagListOptions{}) },
		"Tickets.All":                     func() { drain(c.Tickets.All(ctx, restv2.TicketListOptions{Status: "open"})) },
		"Tickets.Create": func() {
			c.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "help", Requester: restv2.TicketRequester{Mail: "n@example.com"}, Group: []int{0}})
		},
		"Tickets.Get": func() { c.Tickets.Get(ctx, "T1") },
		"Tickets.List": func() {
			c.Tickets.List(ctx, restv2.TicketListOptions{Page: 1, Status: "open", RequesterMail: "n@example.com", Assigned: ptr(true)})
		},
		"Tickets.UpdateTags": func() { c.Tickets.UpdateTags(ctx, "T1", []string{"vip"}) },
		"Visitors.AddDetails": func() {
			c.Visitors.AddDetails(ctx, "v1", restv2.VisitorDetailsRequest{LicenseID: 10000001, Token: "t", ID: "crm",
				Fields: []restv2.DetailField{{Name: "plan", Value: "gold"}}})
		},
		"Visitors.Count": func() { c.Visitors.Count(ctx, restv2.VisitorListOptions{Groups: []int{0}}) },
		"Visitors.List":  func() { c.Visitors.List(ctx, restv2.VisitorListOptions{State: "chatting"}) },
		"Webhooks.Create": func() {
			c.Webhooks.Create(ctx, restv2.CreateWebhookRequest{EventType: restv2.EventChatStarted, DataTypes: []string{"chat", "visitor"}, URL: "https://example.com/h"})
		},
		"Webhooks.Delete": func() { c.Webhooks.Delete(ctx, "wh") },
		"Webhooks.List":   func() { c.Webhooks.List(ctx) },
	}
}
