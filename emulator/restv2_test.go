package emulator_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/restv2"
)

func v2Client(t testing.TB, srv *emulator.Server, creds livechat.Credentials) *restv2.Client {
	t.Helper()
	c, err := restv2.New(creds, livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0),
		livechat.WithHTTPClient(apitest.HTTPClient(t))) // answers held to api/openapi.json
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func v2Owner(t testing.TB, srv *emulator.Server) *restv2.Client {
	cr := srv.Credentials()
	return v2Client(t, srv, livechat.NewAPIKey(cr.Owner.ID, cr.Owner.APIKey))
}

// v2must(f())(t) fails the test when f fails, else returns its value.
func v2must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func v2WantStatus(t testing.TB, err error, status int) {
	t.Helper()
	var le *livechat.Error
	if !errors.As(err, &le) || le.Status != status {
		t.Fatalf("want HTTP %d, got %v", status, err)
	}
}

func TestV2Agents(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := v2Owner(t, srv)

	list := v2must(c.Agents.List(ctx, restv2.AgentListOptions{}))(t)
	if len(list) != 2 || list[0].Login != cr.Owner.ID || list[0].Permission != restv2.PermissionOwner {
		t.Fatalf("agents %+v", list)
	}
	// Agents who are not logged in are offline (session.go).
	if off := v2must(c.Agents.List(ctx, restv2.AgentListOptions{Status: restv2.Offline}))(t); len(off) != 2 {
		t.Fatalf("offline before any login %+v", off)
	}
	online(t, srv, cr.Owner.Token, cr.Agent.Token)
	acc := v2must(c.Agents.List(ctx, restv2.AgentListOptions{Status: restv2.AcceptingChats}))(t)
	if len(acc) != 2 {
		t.Fatalf("accepting %+v", acc)
	}
	a := v2must(c.Agents.Get(ctx, cr.Agent.ID))(t)
	if a.Name != cr.Agent.Name || a.Permission != restv2.PermissionNormal || a.MaxChatsCount != 6 || a.JobTitle != "Support Agent" {
		t.Fatalf("agent %+v", a)
	}
	mc := 3
	created := v2must(c.Agents.Create(ctx, restv2.CreateAgentRequest{Login: "jenny@example.com", Name: "Jenny",
		Permission: restv2.PermissionAdministrator, Groups: []int{1}, MaxChatsCount: &mc,
		Notifications: map[string]int{restv2.NotifyNewGoal: 0}}))(t)
	if created.Login != "jenny@example.com" || created.Permission != restv2.PermissionAdministrator || created.MaxChatsCount != 3 ||
		len(created.Groups) != 1 || created.Groups[0].ID != 1 || created.Notifications[restv2.NotifyNewGoal] != 0 || created.Status != restv2.Offline {
		t.Fatalf("created %+v", created)
	}
	if _, err := c.Agents.Create(ctx, restv2.CreateAgentRequest{Login: "jenny@example.com", Name: "Again"}); err == nil {
		t.Fatal("duplicate agent created")
	} else {
		v2WantStatus(t, err, 400)
	}
	// A status change is ignored while the agent is offline (documented).
	upd := v2must(c.Agents.Update(ctx, "jenny@example.com", restv2.UpdateAgentRequest{Name: "Jenny D", Status: restv2.AcceptingChats,
		WorkScheduler: map[string]restv2.WorkDay{"monday": {Enabled: restv2.FlagOf(true), Start: "08:00", End: "16:00"}}}))(t)
	if upd.Name != "Jenny D" || upd.Status != restv2.Offline || upd.WorkScheduler["monday"].Start != "08:00" {
		t.Fatalf("updated %+v", upd)
	}
	upd = v2must(c.Agents.Update(ctx, cr.Agent.ID, restv2.UpdateAgentRequest{Status: restv2.NotAcceptingChats}))(t)
	if upd.Status != restv2.NotAcceptingChats {
		t.Fatalf("not accepting %+v", upd)
	}
	// The v3 side sees the same row.
	rs := do(t, newWeb(t, srv, cr.Owner.Token, livechat.V3_6), "list_routing_statuses", M{})
	if !strings.Contains(v2JSON(t, rs), `"not_accepting_chats"`) {
		t.Fatalf("v3 routing statuses %v", rs)
	}
	upd = v2must(c.Agents.Update(ctx, cr.Agent.ID, restv2.UpdateAgentRequest{Status: restv2.Offline}))(t)
	if upd.Status != restv2.Offline || upd.LastLogout == 0 {
		t.Fatalf("logged out %+v", upd)
	}
	// An agent edits its own profile with its own key, but not others'.
	ag := v2Client(t, srv, livechat.NewAPIKey(cr.Agent.ID, cr.Agent.APIKey))
	if _, err := ag.Agents.Update(ctx, cr.Agent.ID, restv2.UpdateAgentRequest{JobTitle: "Lead"}); err != nil {
		t.Fatal(err)
	}
	_, err := ag.Agents.Update(ctx, "jenny@example.com", restv2.UpdateAgentRequest{JobTitle: "x"})
	v2WantStatus(t, err, 403)
	_, err = ag.Agents.Delete(ctx, "jenny@example.com")
	v2WantStatus(t, err, 403)

	// reset_api_key: the old key stops working, the new one works.
	res := v2must(c.Agents.ResetAPIKey(ctx, cr.Agent.ID))(t)
	if len(res.APIKey.Reveal()) != 32 {
		t.Fatalf("api key %q", res.APIKey.Reveal())
	}
	_, err = ag.Agents.Get(ctx, cr.Agent.ID)
	v2WantStatus(t, err, 401)
	ag2 := v2Client(t, srv, livechat.NewAPIKey(cr.Agent.ID, res.APIKey.Reveal()))
	v2must(ag2.Agents.Get(ctx, cr.Agent.ID))(t)

	text := v2must(c.Agents.Delete(ctx, "jenny@example.com"))(t)
	if text != "jenny@example.com removed successfully" {
		t.Fatalf("delete %q", text)
	}
	_, err = c.Agents.Get(ctx, "jenny@example.com")
	v2WantStatus(t, err, 404)
	if !errors.Is(err, livechat.ErrNotFound) {
		t.Fatalf("not ErrNotFound: %v", err)
	}
	_, err = c.Agents.Delete(ctx, cr.Owner.ID)
	v2WantStatus(t, err, 400)
}

func v2JSON(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestV2GroupsStatusTags(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := v2Owner(t, srv)

	online(t, srv, cr.Owner.Token) // a group with nobody logged in is offline (session.go)
	groups := v2must(c.Groups.List(ctx))(t)
	if len(groups) != 2 || groups[0].ID != 0 || groups[0].Agents != nil || groups[1].Name != "Sales" ||
		!slices.Equal(groups[1].Agents, []string{cr.Owner.ID}) || groups[1].Status != restv2.AcceptingChats {
		t.Fatalf("groups %+v", groups)
	}
	g := v2must(c.Groups.Create(ctx, restv2.GroupRequest{Name: "Support", Agents: []string{cr.Agent.ID}, Language: "de"}))(t)
	if g.ID != 2 || g.Language != "de" || !slices.Equal(g.Agents, []string{cr.Agent.ID}) {
		t.Fatalf("created %+v", g)
	}
	// The agent's identity now includes group 2 (same rows as v3).
	agent := newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	do(t, agent, "start_chat", M{"chat": M{"access": M{"group_ids": []int{2}}}})
	g = v2must(c.Groups.Update(ctx, 2, restv2.GroupRequest{Name: "Support DE", Agents: []string{cr.Owner.ID, cr.Agent.ID}}))(t)
	if g.Name != "Support DE" || len(g.Agents) != 2 {
		t.Fatalf("updated %+v", g)
	}
	if got := v2must(c.Groups.Get(ctx, 2))(t); got.Name != "Support DE" {
		t.Fatalf("get %+v", got)
	}
	_, err := c.Groups.Update(ctx, 99, restv2.GroupRequest{Name: "x"})
	v2WantStatus(t, err, 404)
	st := v2must(c.Status.Get(ctx, 0))(t)
	if st != restv2.Online {
		t.Fatalf("status %s", st)
	}
	do(t, agent, "set_routing_status", M{"status": "not_accepting_chats"})
	do(t, newWeb(t, srv, cr.Owner.Token, livechat.V3_6), "set_routing_status", M{"status": "not_accepting_chats"})
	if st := v2must(c.Status.Get(ctx, 1))(t); st != restv2.OfflineStatus {
		t.Fatalf("status after v3 change %s", st)
	}
	if got := v2must(c.Groups.Get(ctx, 1))(t); got.Status != restv2.NotAcceptingChats {
		t.Fatalf("group status %+v", got)
	}
	_, err = c.Status.Get(ctx, 42)
	v2WantStatus(t, err, 404)
	if text := v2must(c.Groups.Delete(ctx, 2))(t); text != "group removed successfully" {
		t.Fatalf("delete %q", text)
	}
	_, err = c.Groups.Get(ctx, 2)
	v2WantStatus(t, err, 404)

	// Tags: the seeded v3 tags, one entry per group.
	tags := v2must(c.Tags.List(ctx, restv2.TagListOptions{}))(t)
	if len(tags) != 4 || tags[0].Name != "bug" || tags[0].Author != cr.Owner.ID || tags[0].Count == nil {
		t.Fatalf("tags %+v", tags)
	}
	tag := v2must(c.Tags.Create(ctx, restv2.CreateTagRequest{Tag: "bug", Author: cr.Owner.ID, Group: 1}))(t)
	if tag.Name != "bug" || tag.Group != 1 {
		t.Fatalf("tag %+v", tag)
	}
	_, err = c.Tags.Create(ctx, restv2.CreateTagRequest{Tag: "bug", Author: cr.Owner.ID, Group: 1})
	v2WantStatus(t, err, 400)
	one := 1
	if tags := v2must(c.Tags.List(ctx, restv2.TagListOptions{Group: &one}))(t); len(tags) != 1 || tags[0].Name != "bug" {
		t.Fatalf("group 1 tags %+v", tags)
	}
	v2must(c.Tags.Create(ctx, restv2.CreateTagRequest{Tag: "new-tag", Author: cr.Owner.ID, Group: 0}))(t)
	// A tag created over v2 tags v3 threads.
	chatID, threadID := startChat(t, newWeb(t, srv, cr.Owner.Token, livechat.V3_6), "hello", nil)
	do(t, newWeb(t, srv, cr.Owner.Token, livechat.V3_6), "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "new-tag"})
	for _, tg := range v2must(c.Tags.List(ctx, restv2.TagListOptions{}))(t) {
		if tg.Name == "new-tag" && tg.Count.InChats != 1 {
			t.Fatalf("count %+v", tg.Count)
		}
	}
	if text := v2must(c.Tags.Delete(ctx, "bug", 1))(t); text == "" {
		t.Fatal("empty delete result")
	}
	_, err = c.Tags.Delete(ctx, "bug", 1)
	v2WantStatus(t, err, 404)
}

func TestV2CannedGoalsGreetingsWebhooks(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	c := v2Owner(t, srv)

	one := 1
	cr1 := v2must(c.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "Hello!", Tags: []string{"hi", "hello"}}))(t)
	if cr1.ID == 0 || cr1.Group != 0 || cr1.CreatedBy != cr.Owner.ID || cr1.CreationDate == 0 || len(cr1.Tags) != 2 {
		t.Fatalf("canned %+v", cr1)
	}
	v2must(c.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "Sales!", Tags: []string{"s"}, Group: &one}))(t)
	if l := v2must(c.CannedResponses.List(ctx, restv2.CannedResponseListOptions{}))(t); len(l) != 1 || l[0].Text != "Hello!" {
		t.Fatalf("list %+v", l)
	}
	if l := v2must(c.CannedResponses.List(ctx, restv2.CannedResponseListOptions{Group: &one}))(t); len(l) != 1 || l[0].Text != "Sales!" {
		t.Fatalf("list 1 %+v", l)
	}
	up := v2must(c.CannedResponses.Update(ctx, cr1.ID, restv2.UpdateCannedResponseRequest{Tags: []string{"bye"}}))(t)
	if up.Text != "Hello!" || !slices.Equal(up.Tags, []string{"bye"}) || up.ModifiedBy != cr.Owner.ID || up.ModificationDate == 0 {
		t.Fatalf("update %+v", up)
	}
	if got := v2must(c.CannedResponses.Get(ctx, cr1.ID))(t); got.Text != "Hello!" {
		t.Fatalf("get %+v", got)
	}
	if text := v2must(c.CannedResponses.Delete(ctx, cr1.ID))(t); text != "Canned response removed successfully" {
		t.Fatalf("delete %q", text)
	}
	_, err := c.CannedResponses.Get(ctx, cr1.ID)
	v2WantStatus(t, err, 404)

	// Goals.
	g := v2must(c.Goals.Create(ctx, restv2.GoalRequest{Name: "purchase", Type: restv2.GoalURL, URL: "https://shop.example/thanks", MatchType: restv2.MatchExact}))(t)
	if g.ID == 0 || !bool(g.Active) || g.URL != "https://shop.example/thanks" || g.MatchType != restv2.MatchExact {
		t.Fatalf("goal %+v", g)
	}
	st := v2must(c.Goals.Create(ctx, restv2.GoalRequest{Name: "sales", Type: restv2.GoalSalesTracker, Currency: "USD"}))(t)
	if l := v2must(c.Goals.List(ctx, restv2.GoalListOptions{Type: restv2.GoalURL}))(t); len(l) != 1 || l[0].URL != "" {
		t.Fatalf("goals %+v", l)
	}
	g = v2must(c.Goals.Update(ctx, g.ID, restv2.GoalRequest{Name: "paused", Active: restv2.FlagOf(false)}))(t)
	if g.Name != "paused" || bool(g.Active) || g.URL == "" {
		t.Fatalf("updated %+v", g)
	}
	if got := v2must(c.Goals.Get(ctx, st.ID))(t); got.Type != restv2.GoalSalesTracker || got.Currency != "USD" {
		t.Fatalf("get %+v", got)
	}
	_, err = c.Goals.MarkAsSuccessful(ctx, g.ID, restv2.MarkGoalRequest{VisitorID: cr.Customers[0].ID})
	v2WantStatus(t, err, 400) // inactive
	chat := v2must(srv.StartCustomerChat(ctx, cr.Customers[0].Token, 0, "I want to buy"))(t)
	text := v2must(c.Goals.MarkAsSuccessful(ctx, st.ID, restv2.MarkGoalRequest{VisitorID: cr.Customers[0].ID,
		OrderID: "A1", OrderPrice: "19.50", OrderCurrency: "USD"}))(t)
	if text != "goal marked as successful" {
		t.Fatalf("mark %q", text)
	}
	got := v2must(c.Chats.Get(ctx, chat.ChatID))(t)
	if len(got.Goals) != 1 || got.Goals[0].ID != st.ID || got.Goals[0].Order == nil || got.Goals[0].Order.Price != "19.50" {
		t.Fatalf("chat goals %+v", got.Goals)
	}
	yes := true
	page := v2must(c.Chats.List(ctx, restv2.ChatListOptions{HasSale: &yes, IncludePending: &yes}))(t)
	if page.Total != 1 {
		t.Fatalf("has_sale %+v", page)
	}
	rep := v2must(c.Reports.Goals(ctx, restv2.ReportOptions{GroupBy: restv2.GroupByMonth}))(t)
	var sum float64
	for k := range rep {
		v, _ := rep.Value(k, "value.USD.value")
		sum += v
	}
	if sum != 19.5 {
		t.Fatalf("goals report %v", rep)
	}
	if text := v2must(c.Goals.Delete(ctx, g.ID))(t); text != "goal removed successfully" {
		t.Fatalf("delete %q", text)
	}

	// Greetings.
	gr := v2must(c.Greetings.Create(ctx, restv2.CreateGreetingRequest{Name: "welcome", Rules: []restv2.GreetingRule{
		{Type: restv2.RuleVisitTimePage, Value: "15", Operator: restv2.OpGreaterThan},
		{Type: restv2.RuleURLFunnel, URLs: []restv2.FunnelURL{{URL: "shop"}, {URL: "cart", Operator: restv2.OpContains}}},
	}, Properties: map[string]string{restv2.PropertyMessageText: "Hi there"}}))(t)
	if gr.ID == 0 || !gr.Active || len(gr.Rules) != 2 || gr.Rules[0].ID == 0 || gr.Rules[0].Condition != "and" ||
		gr.Message() != "Hi there" || gr.Rules[1].URLs[0].Operator != restv2.OpEquals {
		t.Fatalf("greeting %+v", gr)
	}
	gr = v2must(c.Greetings.Update(ctx, gr.ID, restv2.UpdateGreetingRequest{Active: restv2.FlagOf(false),
		Rules: []restv2.GreetingRule{{Type: restv2.RuleCustomVariable, VariableName: "cart", VariableValue: "full"}}}))(t)
	if gr.Active || len(gr.Rules) != 1 || gr.Rules[0].Operator != restv2.OpEquals || gr.Properties["active"] != "0" {
		t.Fatalf("updated %+v", gr)
	}
	if l := v2must(c.Greetings.List(ctx, restv2.GreetingListOptions{Group: &one}))(t); len(l) != 0 {
		t.Fatalf("group 1 greetings %+v", l)
	}
	if l := v2must(c.Greetings.List(ctx, restv2.GreetingListOptions{}))(t); len(l) != 1 {
		t.Fatalf("greetings %+v", l)
	}
	if got := v2must(c.Greetings.Get(ctx, gr.ID))(t); got.Name != "welcome" {
		t.Fatalf("get %+v", got)
	}
	if text := v2must(c.Greetings.Delete(ctx, gr.ID))(t); text == "" {
		t.Fatal("empty delete result")
	}
	_, err = c.Greetings.Get(ctx, gr.ID)
	v2WantStatus(t, err, 404)

	// Webhooks.
	w := v2must(c.Webhooks.Create(ctx, restv2.CreateWebhookRequest{EventType: restv2.EventChatStarted,
		DataTypes: []string{restv2.DataChat, restv2.DataVisitor}, URL: "https://hooks.example/lc"}))(t)
	if len(w.ID) != 32 || w.Licence == 0 || !w.Verified || len(w.Token.Reveal()) != 32 {
		t.Fatalf("webhook %+v", w)
	}
	if l := v2must(c.Webhooks.List(ctx))(t); len(l) != 1 || l[0].URL != "https://hooks.example/lc" {
		t.Fatalf("webhooks %+v", l)
	}
	if text := v2must(c.Webhooks.Delete(ctx, w.ID))(t); text != "Push notification removed successfully" {
		t.Fatalf("delete %q", text)
	}
	_, err = c.Webhooks.Delete(ctx, w.ID)
	v2WantStatus(t, err, 404)
	// A normal agent cannot manage webhooks.
	ag := v2Client(t, srv, livechat.NewAPIKey(cr.Agent.ID, cr.Agent.APIKey))
	_, err = ag.Webhooks.List(ctx)
	v2WantStatus(t, err, 403)
}

func TestV2TicketsVisitors(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	c := v2Owner(t, srv)

	tk := v2must(c.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "My shoes broke", Subject: "Shoes",
		Requester: restv2.TicketRequester{Mail: "mary@example.com", Name: "Mary"}, Assignee: &restv2.TicketAssignee{ID: cr.Agent.ID},
		Source: &restv2.TicketSource{Type: restv2.SourceMail}}))(t)
	if tk == nil || len(tk.ID) != 5 || tk.Status != restv2.TicketOpen || tk.Assignee.ID != cr.Agent.ID || len(tk.Events) != 2 ||
		tk.Requester.Mail != "mary@example.com" || tk.Subject != "Shoes" || tk.Groups[0] != 0 {
		t.Fatalf("ticket %+v", tk)
	}
	tk2 := v2must(c.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "Hello", Requester: restv2.TicketRequester{Mail: "bob@example.com"}}))(t)
	if tk2.Subject != "(no subject)" || tk2.Source.Type != restv2.SourceLC2 {
		t.Fatalf("ticket2 %+v", tk2)
	}
	if got := v2must(c.Tickets.Get(ctx, tk.ID))(t); got.ID != tk.ID {
		t.Fatalf("get %+v", got)
	}
	tagged := v2must(c.Tickets.UpdateTags(ctx, tk.ID, []string{"sales", "vip"}))(t)
	if !slices.Equal(tagged.Tags, []string{"sales", "vip"}) {
		t.Fatalf("tags %+v", tagged)
	}
	page := v2must(c.Tickets.List(ctx, restv2.TicketListOptions{Assignee: cr.Agent.ID}))(t)
	if page.Total != 1 || page.Tickets[0].ID != tk.ID {
		t.Fatalf("by assignee %+v", page)
	}
	page = v2must(c.Tickets.List(ctx, restv2.TicketListOptions{RequesterMail: "bob@example.com"}))(t)
	if page.Total != 1 || page.Tickets[0].ID != tk2.ID {
		t.Fatalf("by requester %+v", page)
	}
	yes := true
	if page := v2must(c.Tickets.List(ctx, restv2.TicketListOptions{Tagged: &yes, Query: "shoes"}))(t); page.Total != 1 {
		t.Fatalf("tagged %+v", page)
	}
	n := 0
	for tt, err := range c.Tickets.All(ctx, restv2.TicketListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		_ = tt
		n++
	}
	if n != 2 {
		t.Fatalf("all tickets %d", n)
	}
	_, err := c.Tickets.Get(ctx, "NOPE1")
	v2WantStatus(t, err, 404)
	if rep := v2must(c.Reports.TicketSources(ctx, restv2.ReportOptions{}))(t); len(rep) == 0 {
		t.Fatal("empty ticket sources")
	} else {
		var mail, chat float64
		for k := range rep {
			v, _ := rep.Value(k, "tickets_from_mail")
			w, _ := rep.Value(k, "tickets_from_chat")
			mail, chat = mail+v, chat+w
		}
		if mail != 1 || chat != 1 {
			t.Fatalf("sources %v", rep)
		}
	}

	// Visitors: customers in active chats.
	if n := v2must(c.Visitors.Count(ctx, restv2.VisitorListOptions{}))(t); n != 0 {
		t.Fatalf("count %d", n)
	}
	chat := v2must(srv.StartCustomerChat(ctx, cr.Customers[1].Token, 0, "hi"))(t)
	vs := v2must(c.Visitors.List(ctx, restv2.VisitorListOptions{State: restv2.VisitorChatting, Groups: []int{0}}))(t)
	if len(vs) != 1 || vs[0].ID != cr.Customers[1].ID || vs[0].ChatID != chat.ChatID || vs[0].State != restv2.VisitorChatting {
		t.Fatalf("visitors %+v", vs)
	}
	if n := v2must(c.Visitors.Count(ctx, restv2.VisitorListOptions{}))(t); n != 1 {
		t.Fatalf("count %d", n)
	}
	lic := 0
	for _, ch := range cr.LicenseID {
		lic = lic*10 + int(ch-'0')
	}
	text := v2must(c.Visitors.AddDetails(ctx, cr.Customers[1].ID, restv2.VisitorDetailsRequest{LicenseID: lic, Token: "tok", ID: "crm",
		Fields: []restv2.DetailField{{Name: "Plan", Value: "Gold", URL: "https://crm.example/1"}}}))(t)
	if text == "" {
		t.Fatal("empty result")
	}
	_, err = c.Visitors.AddDetails(ctx, cr.Customers[1].ID, restv2.VisitorDetailsRequest{LicenseID: 1, Token: "tok", ID: "crm",
		Fields: []restv2.DetailField{{Name: "Plan", Value: "Gold"}}})
	v2WantStatus(t, err, 400)
}

// TestV2ChatsCrossAPI: chats started over the Agent and Customer Chat
// APIs are the v2 archives; tags go both ways.
func TestV2ChatsCrossAPI(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := v2Owner(t, srv)
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)

	chatID, threadID := startChat(t, owner, "Hello from v3", M{"users": []any{M{"id": cr.Customers[0].ID, "type": "customer"}}})
	do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "second message"}})
	cust := v2must(srv.StartCustomerChat(ctx, cr.Customers[1].Token, 0, "I need help"))(t)

	// Pending chats are listed only with include_pending.
	if page := v2must(c.Chats.List(ctx, restv2.ChatListOptions{}))(t); page.Total != 0 {
		t.Fatalf("ended chats %+v", page)
	}
	yes := true
	page := v2must(c.Chats.List(ctx, restv2.ChatListOptions{IncludePending: &yes}))(t)
	if page.Total != 2 || page.Pages != 1 || len(page.Chats) != 2 {
		t.Fatalf("pending chats %+v", page)
	}
	do(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "sales"})
	do(t, owner, "deactivate_chat", M{"id": chatID})
	page = v2must(c.Chats.List(ctx, restv2.ChatListOptions{}))(t)
	if page.Total != 1 {
		t.Fatalf("ended %+v", page)
	}
	ch := page.Chats[0]
	if ch.ID != chatID || ch.Type != "chat" || ch.Pending || ch.Visitor == nil || ch.Visitor.ID != cr.Customers[0].ID ||
		ch.Visitor.Name != cr.Customers[0].Name || len(ch.Agents) != 1 || ch.Agents[0].Email != cr.Owner.ID ||
		ch.Agents[0].DisplayName != cr.Owner.Name || !slices.Equal(ch.Tags, []string{"sales"}) || ch.StartedTimestamp == 0 ||
		ch.EndedTimestamp < ch.StartedTimestamp || ch.Ended == "" || ch.Started == "" || ch.Rate != "not_rated" ||
		len(ch.Group) != 1 || ch.Engagement != "manual_invite" {
		t.Fatalf("chat %+v", ch)
	}
	if len(ch.Messages) != 2 || ch.Messages[0].Text != "Hello from v3" || ch.Messages[0].UserType != "agent" ||
		ch.Messages[0].AgentID != cr.Owner.ID || ch.Messages[0].AuthorName != cr.Owner.Name || ch.Messages[1].Text != "second message" {
		t.Fatalf("messages %+v", ch.Messages)
	}
	last := ch.Events[len(ch.Events)-1]
	if len(ch.Events) != 3 || last.Type != "event" || last.EventType != "closed" {
		t.Fatalf("events %+v", ch.Events)
	}
	got := v2must(c.Chats.Get(ctx, chatID))(t)
	if got.ID != chatID || len(got.Messages) != 2 {
		t.Fatalf("get %+v", got)
	}
	// The customer's pending chat.
	got = v2must(c.Chats.Get(ctx, cust.ChatID))(t)
	if !got.Pending || got.Visitor.ID != cr.Customers[1].ID || got.Messages[0].UserType != "visitor" || got.Engagement != "immediate_start" {
		t.Fatalf("customer chat %+v", got)
	}
	// Filters.
	for _, tc := range []struct {
		opts restv2.ChatListOptions
		want int
	}{
		{restv2.ChatListOptions{Tags: []string{"sales"}}, 1},
		{restv2.ChatListOptions{Tags: []string{"bug"}}, 0},
		{restv2.ChatListOptions{Query: "second"}, 1},
		{restv2.ChatListOptions{Query: "nothing-like-this"}, 0},
		{restv2.ChatListOptions{VisitorID: cr.Customers[0].ID}, 1},
		{restv2.ChatListOptions{Agent: cr.Agent.ID}, 0},
		{restv2.ChatListOptions{DateFrom: "2000-01-01", DateTo: "2000-12-31"}, 0},
		{restv2.ChatListOptions{Tagged: restv2FlagPtr(false), IncludePending: &yes}, 1},
		{restv2.ChatListOptions{Rate: restv2.NotRated}, 1},
	} {
		if p := v2must(c.Chats.List(ctx, tc.opts))(t); p.Total != tc.want {
			t.Errorf("%+v: total %d, want %d", tc.opts, p.Total, tc.want)
		}
	}
	// v2 tags → v3 thread tags.
	upd := v2must(c.Chats.UpdateTags(ctx, chatID, []string{"vip", "bug"}))(t)
	if upd == nil || !slices.Equal(upd.Tags, []string{"vip", "bug"}) {
		t.Fatalf("update tags %+v", upd)
	}
	r := do(t, owner, "get_chat", M{"chat_id": chatID, "thread_id": threadID})
	if s := v2JSON(t, r["thread"].(map[string]any)["tags"]); s != `["vip","bug"]` {
		t.Fatalf("v3 tags %s", s)
	}
	_, err := c.Chats.UpdateTags(ctx, chatID, []string{"no-such-tag"})
	v2WantStatus(t, err, 400)
	if text := v2must(c.Chats.SendTranscript(ctx, chatID, "boss@example.com"))(t); !strings.Contains(text, "boss@example.com") {
		t.Fatalf("transcript %q", text)
	}
	_, err = c.Chats.Get(ctx, "NOSUCHCHAT")
	v2WantStatus(t, err, 404)
	n := 0
	for _, err := range c.Chats.All(ctx, restv2.ChatListOptions{IncludePending: &yes}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("all %d", n)
	}
}

func restv2FlagPtr(b bool) *bool { return &b }

func TestV2Reports(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	c := v2Owner(t, srv)
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)

	// Two chats, routed to the owner: one answered, one not replied.
	do(t, newWeb(t, srv, cr.Agent.Token, livechat.V3_6), "set_routing_status", M{"status": "not_accepting_chats"})
	ch := v2must(srv.StartCustomerChat(ctx, cr.Customers[0].Token, 0, "question"))(t)
	do(t, owner, "send_event", M{"chat_id": ch.ChatID, "event": M{"type": "message", "text": "answer"}})
	do(t, owner, "deactivate_chat", M{"id": ch.ChatID})
	ch2 := v2must(srv.StartCustomerChat(ctx, cr.Customers[1].Token, 0, "anyone?"))(t)
	do(t, owner, "deactivate_chat", M{"id": ch2.ChatID, "ignore_requester_presence": true})

	sum := func(r restv2.Report, field string) (s float64) {
		for _, v := range r.Series(field) {
			s += v
		}
		return s
	}
	if r := v2must(c.Reports.TotalChats(ctx, restv2.ReportOptions{}))(t); sum(r, "chats") != 2 {
		t.Fatalf("total chats %v", r)
	}
	one := 1
	if r := v2must(c.Reports.TotalChats(ctx, restv2.ReportOptions{Group: &one}))(t); sum(r, "chats") != 0 {
		t.Fatalf("group 1 chats %v", r)
	}
	if r := v2must(c.Reports.NotRepliedChats(ctx, restv2.ReportOptions{}))(t); sum(r, "not_replied") != 1 {
		t.Fatalf("not replied %v", r)
	}
	if r := v2must(c.Reports.ChatFirstResponseTime(ctx, restv2.ReportOptions{}))(t); sum(r, "first_response_time.count") != 1 {
		t.Fatalf("first response %v", r)
	}
	if r := v2must(c.Reports.ChatResponseTime(ctx, restv2.ReportOptions{}))(t); sum(r, "avg_response_time.count") != 1 {
		t.Fatalf("response time %v", r)
	}
	if r := v2must(c.Reports.Engagement(ctx, restv2.ReportOptions{}))(t); sum(r, "chats_from_immediate_start") != 2 {
		t.Fatalf("engagement %v", r)
	}
	r := v2must(c.Reports.TotalChats(ctx, restv2.ReportOptions{GroupBy: restv2.GroupByHour, DateFrom: "2020-01-01", DateTo: "2020-01-01"}))(t)
	if len(r) != 24 || r.Periods()[0] != "00:00" {
		t.Fatalf("hours %v", r.Periods())
	}
	r = v2must(c.Reports.ChatRatings(ctx, restv2.ReportOptions{GroupBy: restv2.GroupByMonth, DateFrom: "2020-01-15", DateTo: "2020-03-10"}))(t)
	if p := r.Periods(); len(p) != 3 || p[0] != "2020-01" {
		t.Fatalf("months %v", p)
	}
	var first struct{ Begin, End string }
	if err := r.Decode("2020-01", &first); err != nil || first.Begin != "2020-01-15" || first.End != "2020-01-31" {
		t.Fatalf("begin/end %+v %v", first, err)
	}
	occ := v2must(c.Reports.AgentsOccupancy(ctx, restv2.Monday, restv2.ReportOptions{DateFrom: "2015-03-16", DateTo: "2015-03-23"}))(t)
	if len(occ) != 48 {
		t.Fatalf("occupancy %v", occ.Periods())
	}
	if rk := v2must(c.Reports.ChatRanking(ctx, restv2.ReportOptions{}))(t); rk.Ranking == nil && len(rk.Ranking) != 0 {
		t.Fatalf("ranking %+v", rk)
	}
	v2must(c.Reports.TicketRanking(ctx, restv2.ReportOptions{}))(t)
	// Every report answers.
	for _, p := range restv2.ReportPaths() {
		if p == restv2.ReportAgentsOccupancy {
			continue
		}
		if _, err := c.Reports.Get(ctx, p, restv2.ReportOptions{Timezone: "Europe/Warsaw", Tags: []string{"sales"}}); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	_, err := c.Reports.TotalChats(ctx, restv2.ReportOptions{Timezone: "Mars/Olympus"})
	v2WantStatus(t, err, 400)
}

// ---- raw HTTP: the transport rules ----

type v2Raw struct {
	t   *testing.T
	srv *emulator.Server
}

func (x v2Raw) do(method, path, body string, hdr map[string]string) (int, http.Header, string) {
	x.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctxT(x.t), method, x.srv.URL()+path, rd)
	if err != nil {
		x.t.Fatal(err)
	}
	cr := x.srv.Credentials()
	req.Header.Set("X-API-Version", "2")
	req.SetBasicAuth(cr.Owner.ID, cr.Owner.APIKey)
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		x.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

func v2JSONError(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
		t.Fatalf("not a JSON error: %q", body)
	}
	return e.Error
}

func TestV2Transport(t *testing.T) {
	srv := emulator.NewTest(t)
	x := v2Raw{t, srv}
	cr := srv.Credentials()

	// X-API-Version.
	st, _, body := x.do("GET", "/agents", "", map[string]string{"X-API-Version": ""})
	if st != 400 || !strings.Contains(v2JSONError(t, body), "X-API-Version") {
		t.Fatalf("missing version: %d %s", st, body)
	}
	st, _, body = x.do("GET", "/agents", "", map[string]string{"X-API-Version": "3"})
	if st != 400 || !strings.Contains(v2JSONError(t, body), "X-API-Version") {
		t.Fatalf("wrong version: %d %s", st, body)
	}
	// Authentication: none, wrong key, customer token; PAT and Bearer work.
	for name, h := range map[string]string{"none": "", "wrong key": "Basic " + base64.StdEncoding.EncodeToString([]byte(cr.Owner.ID+":nope")),
		"garbage": "Basic !!!", "customer": "Bearer " + cr.Customers[0].Token, "unknown bearer": "Bearer dal:nope"} {
		hdr := map[string]string{"Authorization": h}
		if h == "" {
			hdr["Authorization"] = ""
		}
		st, _, body = x.do("GET", "/agents", "", hdr)
		if st != 401 {
			t.Fatalf("%s: %d %s", name, st, body)
		}
		v2JSONError(t, body)
	}
	for name, h := range map[string]string{"bearer": "Bearer " + cr.Owner.Token, "pat (account id)": cr.Owner.Basic,
		"pat (login)": "Basic " + base64.StdEncoding.EncodeToString([]byte(cr.Owner.ID+":"+cr.Owner.PAT))} {
		if st, _, body := x.do("GET", "/agents", "", map[string]string{"Authorization": h}); st != 200 {
			t.Fatalf("%s: %d %s", name, st, body)
		}
	}
	// The read-only token cannot write.
	st, _, body = x.do("POST", "/groups", `{"name":"x","agents":["agent@livechat.local"]}`,
		map[string]string{"Authorization": "Bearer " + cr.ReadOnly.Token, "Content-Type": "application/json"})
	if st != 403 {
		t.Fatalf("read-only write: %d %s", st, body)
	}
	// JSONP (the status of group 0: online once an agent is logged in).
	online(t, srv, cr.Agent.Token)
	st, hdr, body := x.do("GET", "/status?callback=my.cb_1$", "", nil)
	if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/javascript") || body != `my.cb_1$({"status":"online"});` {
		t.Fatalf("jsonp: %d %s %q", st, hdr.Get("Content-Type"), body)
	}
	st, hdr, body = x.do("GET", "/groups/77?callback=cb", "", nil)
	if st != 404 || !strings.HasPrefix(body, "cb({") {
		t.Fatalf("jsonp error: %d %q", st, body)
	}
	for _, cb := range []string{"alert(1)", "a-b", "<script>", "a%20b", ""} {
		st, _, body = x.do("GET", "/status?callback="+cb, "", nil)
		if st != 400 || !strings.Contains(v2JSONError(t, body), "callback") {
			t.Fatalf("callback %q: %d %s", cb, st, body)
		}
	}
	// No CORS: preflight and cross-origin requests are refused, no CORS headers.
	st, hdr, body = x.do("OPTIONS", "/agents", "", map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
	if st != 403 || hdr.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("preflight: %d %v", st, hdr)
	}
	v2JSONError(t, body)
	st, hdr, body = x.do("GET", "/agents", "", map[string]string{"Origin": "http://localhost:3000"})
	if st != 403 || hdr.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("origin: %d %v", st, hdr)
	}
	v2JSONError(t, body)
	// Form bodies with PHP-style arrays.
	st, _, body = x.do("POST", "/agents", "login=form%40example.com&name=Form+Agent&groups[]=1&notifications[new_goal]=0&max_chats_count=4", nil)
	if st != 200 || !strings.Contains(body, `"max_chats_count":4`) || !strings.Contains(body, `"id":1`) || !strings.Contains(body, `"new_goal":0`) {
		t.Fatalf("form agent: %d %s", st, body)
	}
	form := url.Values{"name": {"form greeting"}, "rules[0][type]": {"visit_time_page"}, "rules[0][value]": {"15"},
		"rules[0][operator]": {"greater_than"}, "rules[1][type]": {"url_funnel"}, "rules[1][urls][0][url]": {"shop"},
		"rules[1][urls][1][url]": {"cart"}, "rules[1][urls][1][operator]": {"contains"}, "properties[greeting-message_text]": {"Hi!"}}
	st, _, body = x.do("POST", "/greetings", form.Encode(), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if st != 200 {
		t.Fatalf("form greeting: %d %s", st, body)
	}
	var g restv2.Greeting
	if err := json.Unmarshal([]byte(body), &g); err != nil || len(g.Rules) != 2 || g.Rules[0].Value != "15" ||
		len(g.Rules[1].URLs) != 2 || g.Rules[1].URLs[1].Operator != "contains" || g.Message() != "Hi!" {
		t.Fatalf("form greeting %+v %v", g, err)
	}
	st, _, body = x.do("POST", "/tickets", "message=help&requester[mail]=a%40example.com&requester[name]=A&group[]=1", nil)
	if st != 200 || !strings.Contains(body, `"groups":[1]`) || !strings.Contains(body, `"name":"A"`) {
		t.Fatalf("form ticket: %d %s", st, body)
	}
	st, _, body = x.do("PUT", "/canned_responses/1", "tags[]=x", nil)
	if st != 404 {
		t.Fatalf("missing canned: %d %s", st, body)
	}
	st, _, body = x.do("DELETE", "/tags/vip", "group=0", nil)
	if st != 200 || !strings.Contains(body, `"result"`) {
		t.Fatalf("form delete tag: %d %s", st, body)
	}
	// JSON body with documented "tag[]" keys.
	st, _, body = x.do("POST", "/webhooks", `{"event_type":"chat_ended","data_types[]":["chat"],"url":"https://h.example/"}`,
		map[string]string{"Content-Type": "application/json"})
	if st != 200 || !strings.Contains(body, `"events"`) {
		t.Fatalf("json webhook: %d %s", st, body)
	}
	// Bad bodies.
	for _, b := range []string{`{"name":`, `[1,2]`, `{"a":1} {"b":2}`} {
		st, _, body = x.do("POST", "/groups", b, map[string]string{"Content-Type": "application/json"})
		if st != 400 {
			t.Fatalf("body %q: %d %s", b, st, body)
		}
		v2JSONError(t, body)
	}
	st, _, body = x.do("POST", "/groups", "name=a&name[x]=b", nil)
	if st != 400 {
		t.Fatalf("conflicting form: %d %s", st, body)
	}
	st, _, body = x.do("POST", "/groups", `{"name":"`+strings.Repeat("x", 2<<20)+`"}`, map[string]string{"Content-Type": "application/json"})
	if st != 413 {
		t.Fatalf("too large: %d %.100s", st, body)
	}
	// Validation errors are 400 with a JSON body; nothing was written.
	st, _, body = x.do("POST", "/groups", `{"name":"G","agents":["nobody@example.com"]}`, map[string]string{"Content-Type": "application/json"})
	if st != 400 {
		t.Fatalf("bad agents: %d %s", st, body)
	}
	_, _, body = x.do("GET", "/groups", "", nil)
	if strings.Contains(body, `"G"`) {
		t.Fatalf("partial write: %s", body)
	}
	// Unknown resources and methods.
	for _, p := range []string{"/agents/a/b/c", "/chats/X/nope", "/reports/chats/nope", "/tags"} {
		method := "GET"
		if p == "/tags" {
			continue
		}
		st, _, body = x.do(method, p, "", nil)
		if st != 404 {
			t.Fatalf("%s: %d %s", p, st, body)
		}
		v2JSONError(t, body)
	}
	st, hdr, body = x.do("PATCH", "/agents", "", nil)
	if st != 405 || hdr.Get("Allow") == "" {
		t.Fatalf("patch: %d %v %s", st, hdr, body)
	}
	// Bad parameters.
	for _, p := range []string{"/chats?page=0", "/chats?date_from=2020-13-01", "/chats?has_goal=maybe", "/chats?rate=meh",
		"/agents?status=busy", "/reports/chats/agents_occupancy", "/reports/chats/total_chats?group_by=week",
		"/reports/chats/total_chats?date_from=2020-02-01&date_to=2020-01-01", "/goals?type=x", "/visitors?state=browsing",
		"/tickets?status=closed", "/groups/abc", "/goals/-1"} {
		st, _, body = x.do("GET", p, "", nil)
		if st != 400 && st != 404 {
			t.Fatalf("%s: %d %s", p, st, body)
		}
		v2JSONError(t, body)
	}
	// The v3 APIs are untouched by the v2 routes.
	if st, _, body := x.do("GET", "/healthz", "", map[string]string{"X-API-Version": ""}); st != 200 {
		t.Fatalf("healthz %d %s", st, body)
	}
}

func TestV2Concurrent(t *testing.T) {
	srv := emulator.NewTest(t)
	c := v2Owner(t, srv)
	ctx := context.Background()
	errs := make(chan error, 20)
	for i := range 20 {
		go func() {
			_, err := c.CannedResponses.Create(ctx, restv2.CreateCannedResponseRequest{Text: "t" + string(rune('a'+i)), Tags: []string{"x"}})
			errs <- err
		}()
	}
	for range 20 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if l := v2must(c.CannedResponses.List(ctx, restv2.CannedResponseListOptions{}))(t); len(l) != 20 {
		t.Fatalf("%d canned responses", len(l))
	}
}
