package restv2

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
)

func TestValidation(t *testing.T) {
	long := strings.Repeat("x", 256)
	cases := []struct {
		name  string
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		// agents
		{"agents status", "status", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.List(ctx, AgentListOptions{Status: "busy"})
			return err
		}},
		{"agent get login", "login", func(ctx context.Context, c *Client) error { _, err := c.Agents.Get(ctx, ""); return err }},
		{"agent create login", "login", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Name: "A"})
			return err
		}},
		{"agent create login email", "login", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "not-an-email", Name: "A"})
			return err
		}},
		{"agent create name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com"})
			return err
		}},
		{"agent create permission owner", "permission", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com", Name: "A", Permission: PermissionOwner})
			return err
		}},
		{"agent create password", "password", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com", Name: "A", Password: "1234"})
			return err
		}},
		{"agent create login_status", "login_status", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com", Name: "A", LoginStatus: Offline})
			return err
		}},
		{"agent create notification key", "notifications.sms", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com", Name: "A", Notifications: map[string]int{"sms": 1}})
			return err
		}},
		{"agent create notification value", "notifications.new_goal", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com", Name: "A", Notifications: map[string]int{"new_goal": 2}})
			return err
		}},
		{"agent create groups", "groups[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{Login: "a@example.com", Name: "A", Groups: []int{1, -1}})
			return err
		}},
		{"agent update login", "login", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Update(ctx, "", UpdateAgentRequest{Name: "x"})
			return err
		}},
		{"agent update status", "status", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Update(ctx, "a@example.com", UpdateAgentRequest{Status: "away"})
			return err
		}},
		{"agent update current_password", "current_password", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Update(ctx, "a@example.com", UpdateAgentRequest{Password: "newpass"})
			return err
		}},
		{"agent update scheduler day", "work_scheduler.funday", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Update(ctx, "a@example.com", UpdateAgentRequest{WorkScheduler: map[string]WorkDay{"funday": {}}})
			return err
		}},
		{"agent update scheduler time", "work_scheduler.monday.start", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Update(ctx, "a@example.com", UpdateAgentRequest{WorkScheduler: map[string]WorkDay{"monday": {Start: "9am"}}})
			return err
		}},
		{"agent delete", "login", func(ctx context.Context, c *Client) error { _, err := c.Agents.Delete(ctx, ""); return err }},
		{"agent reset", "login", func(ctx context.Context, c *Client) error { _, err := c.Agents.ResetAPIKey(ctx, ""); return err }},
		// chats
		{"chats date_from", "date_from", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{DateFrom: "2013-13-01"})
			return err
		}},
		{"chats date_to format", "date_to", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{DateTo: "01/02/2013"})
			return err
		}},
		{"chats date order", "date_to", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{DateFrom: "2013-02-01", DateTo: "2013-01-01"})
			return err
		}},
		{"chats rate", "rate", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{Rate: "good"})
			return err
		}},
		{"chats page", "page", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{Page: -1})
			return err
		}},
		{"chats tag", "tag[0]", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{Tags: []string{" "}})
			return err
		}},
		{"chat get", "chat_id", func(ctx context.Context, c *Client) error { _, err := c.Chats.Get(ctx, ""); return err }},
		{"chat tags nil", "tag", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.UpdateTags(ctx, "X", nil)
			return err
		}},
		{"chat tags id", "chat_id", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.UpdateTags(ctx, "", []string{"a"})
			return err
		}},
		{"transcript to", "to", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.SendTranscript(ctx, "X", "nobody")
			return err
		}},
		{"transcript id", "chat_id", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.SendTranscript(ctx, "", "a@example.com")
			return err
		}},
		// canned responses
		{"canned group", "group", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.List(ctx, CannedResponseListOptions{Group: intp(-1)})
			return err
		}},
		{"canned get", "id", func(ctx context.Context, c *Client) error { _, err := c.CannedResponses.Get(ctx, 0); return err }},
		{"canned text", "text", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.Create(ctx, CreateCannedResponseRequest{Tags: []string{"a"}})
			return err
		}},
		{"canned tags", "tags", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.Create(ctx, CreateCannedResponseRequest{Text: "hi"})
			return err
		}},
		{"canned update empty", "text", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.Update(ctx, 1, UpdateCannedResponseRequest{})
			return err
		}},
		{"canned update id", "id", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.Update(ctx, -3, UpdateCannedResponseRequest{Text: "x"})
			return err
		}},
		{"canned delete", "id", func(ctx context.Context, c *Client) error { _, err := c.CannedResponses.Delete(ctx, 0); return err }},
		// goals
		{"goals type filter", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.List(ctx, GoalListOptions{Type: "click"})
			return err
		}},
		{"goal name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Type: GoalAPI})
			return err
		}},
		{"goal type", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g"})
			return err
		}},
		{"goal type enum", "type", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g", Type: "visit"})
			return err
		}},
		{"goal url", "url", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g", Type: GoalURL})
			return err
		}},
		{"goal custom var", "custom_variable_name", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g", Type: GoalCustomVariable, CustomVariableValue: "v"})
			return err
		}},
		{"goal custom value", "custom_variable_value", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g", Type: GoalCustomVariable, CustomVariableName: "n"})
			return err
		}},
		{"goal match type", "match_type", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g", Type: GoalURL, URL: "x", MatchType: "regex"})
			return err
		}},
		{"goal value type", "value_type", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{Name: "g", Type: GoalSalesTracker, ValueType: "fixed"})
			return err
		}},
		{"goal update id", "id", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Update(ctx, 0, GoalRequest{Name: "g"})
			return err
		}},
		{"goal get", "id", func(ctx context.Context, c *Client) error { _, err := c.Goals.Get(ctx, 0); return err }},
		{"goal delete", "id", func(ctx context.Context, c *Client) error { _, err := c.Goals.Delete(ctx, 0); return err }},
		{"goal mark visitor", "visitor_id", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.MarkAsSuccessful(ctx, 1, MarkGoalRequest{})
			return err
		}},
		{"goal mark price", "order_price", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.MarkAsSuccessful(ctx, 1, MarkGoalRequest{VisitorID: "S1", OrderPrice: "199,00"})
			return err
		}},
		// greetings
		{"greeting name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Rules: []GreetingRule{{Type: RuleVisitsNumber, Value: "2"}}})
			return err
		}},
		{"greeting rules", "rules", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g"})
			return err
		}},
		{"greeting rule type", "rules[0].type", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: "custom", Value: "1"}}})
			return err
		}},
		{"greeting rule operator", "rules[0].operator", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: RuleVisitsNumber, Value: "1", Operator: "like"}}})
			return err
		}},
		{"greeting rule value", "rules[1].value", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: RuleAdsTraffic}, {Type: RuleURLCurrent}}})
			return err
		}},
		{"greeting rule variable", "rules[0].variable_name", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: RuleCustomVariable, VariableValue: "x"}}})
			return err
		}},
		{"greeting funnel urls", "rules[0].urls", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: RuleURLFunnel}}})
			return err
		}},
		{"greeting funnel url", "rules[0].urls[1].url", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: RuleURLFunnel, URLs: []FunnelURL{{URL: "a"}, {}}}}})
			return err
		}},
		{"greeting ads value length", "rules[0].variable_value", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Rules: []GreetingRule{{Type: RuleAdsTraffic, VariableValue: FlexString(long)}}})
			return err
		}},
		{"greeting subtype", "subtype", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{Name: "g", Subtype: "popup", Rules: []GreetingRule{{Type: RuleVisitsNumber, Value: "2"}}})
			return err
		}},
		{"greeting update empty", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Update(ctx, 1, UpdateGreetingRequest{})
			return err
		}},
		{"greeting update rule", "rules[0].type", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Update(ctx, 1, UpdateGreetingRequest{Rules: []GreetingRule{{}}})
			return err
		}},
		{"greeting get", "id", func(ctx context.Context, c *Client) error { _, err := c.Greetings.Get(ctx, 0); return err }},
		{"greeting delete", "id", func(ctx context.Context, c *Client) error { _, err := c.Greetings.Delete(ctx, 0); return err }},
		{"greetings group", "group", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.List(ctx, GreetingListOptions{Group: intp(-2)})
			return err
		}},
		// groups
		{"group name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupRequest{Agents: []string{"a@example.com"}})
			return err
		}},
		{"group agents", "agents", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupRequest{Name: "g"})
			return err
		}},
		{"group agent email", "agents[0]", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupRequest{Name: "g", Agents: []string{"bob"}})
			return err
		}},
		{"group update 0", "id", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Update(ctx, 0, GroupRequest{Name: "g"})
			return err
		}},
		{"group update empty", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Update(ctx, 2, GroupRequest{})
			return err
		}},
		{"group delete 0", "id", func(ctx context.Context, c *Client) error { _, err := c.Groups.Delete(ctx, 0); return err }},
		{"group get", "id", func(ctx context.Context, c *Client) error { _, err := c.Groups.Get(ctx, -1); return err }},
		// status
		{"status group", "group", func(ctx context.Context, c *Client) error { _, err := c.Status.Get(ctx, -1); return err }},
		// tags
		{"tag create tag", "tag", func(ctx context.Context, c *Client) error {
			_, err := c.Tags.Create(ctx, CreateTagRequest{Author: "a@example.com"})
			return err
		}},
		{"tag create author", "author", func(ctx context.Context, c *Client) error {
			_, err := c.Tags.Create(ctx, CreateTagRequest{Tag: "t"})
			return err
		}},
		{"tag create group", "group", func(ctx context.Context, c *Client) error {
			_, err := c.Tags.Create(ctx, CreateTagRequest{Tag: "t", Author: "a@example.com", Group: -1})
			return err
		}},
		{"tag delete", "tag", func(ctx context.Context, c *Client) error { _, err := c.Tags.Delete(ctx, "", 0); return err }},
		{"tags list group", "group", func(ctx context.Context, c *Client) error {
			_, err := c.Tags.List(ctx, TagListOptions{Group: intp(-1)})
			return err
		}},
		// tickets
		{"tickets status", "status", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.List(ctx, TicketListOptions{Status: "closed"})
			return err
		}},
		{"tickets order", "order", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.List(ctx, TicketListOptions{Order: "newest"})
			return err
		}},
		{"tickets source", "source", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.List(ctx, TicketListOptions{Source: "fax"})
			return err
		}},
		{"tickets date", "date_from", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.List(ctx, TicketListOptions{DateFrom: "2013-1-1"})
			return err
		}},
		{"ticket get", "ticket_id", func(ctx context.Context, c *Client) error { _, err := c.Tickets.Get(ctx, ""); return err }},
		{"ticket message", "message", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.Create(ctx, CreateTicketRequest{Requester: TicketRequester{Mail: "m@example.com"}})
			return err
		}},
		{"ticket requester", "requester[mail]", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.Create(ctx, CreateTicketRequest{Message: "hi"})
			return err
		}},
		{"ticket source type", "source[type]", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.Create(ctx, CreateTicketRequest{Message: "hi", Requester: TicketRequester{Mail: "m@example.com"}, Source: &TicketSource{Type: SourceFacebook}})
			return err
		}},
		{"ticket source url", "source[url]", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.Create(ctx, CreateTicketRequest{Message: "hi", Requester: TicketRequester{Mail: "m@example.com"}, Source: &TicketSource{Type: SourceMail, URL: "https://x.example.com"}})
			return err
		}},
		{"ticket assignee", "assignee[id]", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.Create(ctx, CreateTicketRequest{Message: "hi", Requester: TicketRequester{Mail: "m@example.com"}, Assignee: &TicketAssignee{}})
			return err
		}},
		{"ticket tags", "tag", func(ctx context.Context, c *Client) error { _, err := c.Tickets.UpdateTags(ctx, "T", nil); return err }},
		// visitors
		{"visitors state", "state", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.List(ctx, VisitorListOptions{State: VisitorBrowsing})
			return err
		}},
		{"visitors group", "group[0]", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.Count(ctx, VisitorListOptions{Groups: []int{-1}})
			return err
		}},
		{"details visitor", "visitor_id", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.AddDetails(ctx, "", VisitorDetailsRequest{})
			return err
		}},
		{"details license", "license_id", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.AddDetails(ctx, "S1", VisitorDetailsRequest{Token: "t", ID: "x"})
			return err
		}},
		{"details token", "token", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.AddDetails(ctx, "S1", VisitorDetailsRequest{LicenseID: 1, ID: "x"})
			return err
		}},
		{"details fields", "fields", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.AddDetails(ctx, "S1", VisitorDetailsRequest{LicenseID: 1, Token: "t", ID: "x"})
			return err
		}},
		{"details field name", "fields[0].name", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.AddDetails(ctx, "S1", VisitorDetailsRequest{LicenseID: 1, Token: "t", ID: "x", Fields: []DetailField{{Value: "v"}}})
			return err
		}},
		// webhooks
		{"webhook event", "event_type", func(ctx context.Context, c *Client) error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookRequest{EventType: "chat_rated", DataTypes: []string{DataChat}, URL: "https://x.example.com"})
			return err
		}},
		{"webhook data types", "data_types", func(ctx context.Context, c *Client) error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookRequest{EventType: EventChatStarted, URL: "https://x.example.com"})
			return err
		}},
		{"webhook data type support", "data_types[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookRequest{EventType: EventChatStarted, DataTypes: []string{DataChat, DataTicket}, URL: "https://x.example.com"})
			return err
		}},
		{"webhook url", "url", func(ctx context.Context, c *Client) error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookRequest{EventType: EventTicketCreated, DataTypes: []string{DataTicket}, URL: "x.example.com/hook"})
			return err
		}},
		{"webhook delete", "id", func(ctx context.Context, c *Client) error { _, err := c.Webhooks.Delete(ctx, ""); return err }},
		// reports
		{"report group_by", "group_by", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.TotalChats(ctx, ReportOptions{GroupBy: "week"})
			return err
		}},
		{"report date", "date_to", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.ChatRanking(ctx, ReportOptions{DateTo: "tomorrow"})
			return err
		}},
		{"report weekday", "weekday", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.AgentsOccupancy(ctx, "monday", ReportOptions{})
			return err
		}},
		{"report weekday required", "weekday", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.AgentsOccupancy(ctx, "", ReportOptions{})
			return err
		}},
		{"report group", "group", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.Goals(ctx, ReportOptions{Group: intp(-1)})
			return err
		}},
		// The zero value of a request with a required field is refused like
		// any other request that lacks it.
		{"zero Agents.Create", "login", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Create(ctx, CreateAgentRequest{})
			return err
		}},
		{"zero CannedResponses.Create", "text", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.Create(ctx, CreateCannedResponseRequest{})
			return err
		}},
		{"zero CannedResponses.Update", "text", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.Update(ctx, 1, UpdateCannedResponseRequest{})
			return err
		}},
		{"zero Goals.Create", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Create(ctx, GoalRequest{})
			return err
		}},
		{"zero Goals.MarkAsSuccessful", "visitor_id", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.MarkAsSuccessful(ctx, 1, MarkGoalRequest{})
			return err
		}},
		{"zero Greetings.Create", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Create(ctx, CreateGreetingRequest{})
			return err
		}},
		{"zero Greetings.Update", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.Update(ctx, 1, UpdateGreetingRequest{})
			return err
		}},
		{"zero Groups.Create", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupRequest{})
			return err
		}},
		{"zero Groups.Update", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Update(ctx, 1, GroupRequest{})
			return err
		}},
		{"zero Tags.Create", "tag", func(ctx context.Context, c *Client) error {
			_, err := c.Tags.Create(ctx, CreateTagRequest{})
			return err
		}},
		{"zero Tickets.Create", "message", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.Create(ctx, CreateTicketRequest{})
			return err
		}},
		{"zero Visitors.AddDetails", "license_id", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.AddDetails(ctx, "S1", VisitorDetailsRequest{})
			return err
		}},
		{"zero Webhooks.Create", "event_type", func(ctx context.Context, c *Client) error {
			_, err := c.Webhooks.Create(ctx, CreateWebhookRequest{})
			return err
		}},
	}
	s := newServer(t)
	c := s.client(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(context.Background(), c)
			var ae *livechat.ArgumentError
			if !errors.As(err, &ae) {
				t.Fatalf("err %T %v, want *livechat.ArgumentError", err, err)
			}
			if ae.Field != tc.field {
				t.Errorf("field %q, want %q (%v)", ae.Field, tc.field, err)
			}
			if !errors.Is(err, livechat.ErrValidation) {
				t.Errorf("does not match ErrValidation")
			}
		})
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests sent for invalid arguments", n)
	}
}

// The zero value of an option struct is a call without options: no query
// parameter is sent. The zero value of an update request without required
// fields is sent as {}.
func TestZeroOptions(t *testing.T) {
	cases := []struct {
		name   string
		call   func(ctx context.Context, c *Client) error
		method string
		query  string
		body   string
	}{
		{"Agents.List", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.List(ctx, AgentListOptions{})
			return err
		}, "GET", "", ""},
		{"Chats.List", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, ChatListOptions{})
			return err
		}, "GET", "", ""},
		{"Chats.All", func(ctx context.Context, c *Client) error {
			for _, err := range c.Chats.All(ctx, ChatListOptions{}) {
				return err
			}
			return nil
		}, "GET", "page=1", ""},
		{"CannedResponses.List", func(ctx context.Context, c *Client) error {
			_, err := c.CannedResponses.List(ctx, CannedResponseListOptions{})
			return err
		}, "GET", "", ""},
		{"Goals.List", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.List(ctx, GoalListOptions{})
			return err
		}, "GET", "", ""},
		{"Greetings.List", func(ctx context.Context, c *Client) error {
			_, err := c.Greetings.List(ctx, GreetingListOptions{})
			return err
		}, "GET", "", ""},
		{"Tags.List", func(ctx context.Context, c *Client) error {
			_, err := c.Tags.List(ctx, TagListOptions{})
			return err
		}, "GET", "", ""},
		{"Tickets.List", func(ctx context.Context, c *Client) error {
			_, err := c.Tickets.List(ctx, TicketListOptions{})
			return err
		}, "GET", "", ""},
		{"Tickets.All", func(ctx context.Context, c *Client) error {
			for _, err := range c.Tickets.All(ctx, TicketListOptions{}) {
				return err
			}
			return nil
		}, "GET", "page=1", ""},
		{"Visitors.List", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.List(ctx, VisitorListOptions{})
			return err
		}, "GET", "", ""},
		{"Visitors.Count", func(ctx context.Context, c *Client) error {
			_, err := c.Visitors.Count(ctx, VisitorListOptions{})
			return err
		}, "GET", "count=1", ""},
		{"Reports.TotalChats", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.TotalChats(ctx, ReportOptions{})
			return err
		}, "GET", "", ""},
		{"Reports.AgentsOccupancy", func(ctx context.Context, c *Client) error {
			_, err := c.Reports.AgentsOccupancy(ctx, Monday, ReportOptions{})
			return err
		}, "GET", "weekday=mon", ""},
		{"Agents.Update", func(ctx context.Context, c *Client) error {
			_, err := c.Agents.Update(ctx, "a@example.com", UpdateAgentRequest{})
			return err
		}, "PUT", "", "{}"},
		{"Goals.Update", func(ctx context.Context, c *Client) error {
			_, err := c.Goals.Update(ctx, 1, GoalRequest{})
			return err
		}, "PUT", "", "{}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := "[]" // the lists
			switch tc.name {
			case "Visitors.Count":
				body = "3"
			case "Chats.List", "Chats.All", "Tickets.List", "Tickets.All", "Reports.TotalChats",
				"Reports.AgentsOccupancy", "Agents.Update", "Goals.Update":
				body = "{}"
			}
			s := newServer(t, reply{status: 200, body: body})
			if err := tc.call(context.Background(), s.client(t)); err != nil {
				t.Fatal(err)
			}
			reqs := s.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.RawQuery != tc.query || string(r.Body) != tc.body {
				t.Errorf("sent %s ?%s %s, want %s ?%s %s", r.Method, r.RawQuery, r.Body, tc.method, tc.query, tc.body)
			}
		})
	}
}

// The iterators page through a copy: the caller's options are unchanged.
func TestAllKeepsOptions(t *testing.T) {
	s := newServer(t,
		reply{status: 200, body: `{"chats":[{"id":"A"}],"pages":2}`},
		reply{status: 200, body: `{"chats":[{"id":"B"}],"pages":2}`})
	opts := ChatListOptions{Tags: []string{"sales", "vip"}}
	for _, err := range s.client(t).Chats.All(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if opts.Page != 0 || len(opts.Tags) != 2 || opts.Tags[0] != "sales" || opts.Tags[1] != "vip" {
		t.Errorf("options changed: %+v", opts)
	}
	if n := len(s.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
