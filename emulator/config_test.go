package emulator_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
)

func cfgClient(t testing.TB, srv *emulator.Server, creds livechat.Credentials) *configuration.Client {
	t.Helper()
	c, err := configuration.NewWeb(creds, livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0),
		livechat.WithHTTPClient(apitest.HTTPClient(t))) // answers held to api/openapi.json
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ownerCfg(t testing.TB, srv *emulator.Server) *configuration.Client {
	return cfgClient(t, srv, livechat.NewBearerToken(srv.Credentials().Owner.Token))
}

func cfgWantType(t testing.TB, err error, typ livechat.ErrorType) {
	t.Helper()
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != typ {
		t.Fatalf("want %s error, got %v", typ, err)
	}
}

func cfgMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestConfigAgents(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)

	// Scope: a normal agent cannot create agents.
	_, err := cfgClient(t, srv, livechat.NewBearerToken(cr.Agent.Token)).CreateAgent(ctx, configuration.CreateAgentRequest{ID: "x@example.com", Name: "X"})
	cfgWantType(t, err, livechat.TypeAuthorization)

	res, err := c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "new@example.com", Name: "New Agent",
		LoginStatus: configuration.LoginAcceptingChats, JobTitle: "Tester", MaxChatsCount: 4,
		Groups:        []configuration.GroupPriority{{ID: 1, Priority: configuration.PriorityFirst}},
		Notifications: []string{"new_visitor"}})
	cfgMust(t, err)
	if res.ID != "new@example.com" {
		t.Fatalf("create_agent id %q", res.ID)
	}
	_, err = c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "NEW@example.com", Name: "Dup"})
	cfgWantType(t, err, livechat.TypeAlreadyExists)
	_, err = c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "g@example.com", Name: "G",
		Groups: []configuration.GroupPriority{{ID: 77, Priority: configuration.PriorityNormal}}})
	cfgWantType(t, err, livechat.TypeGroupNotFound)

	ag, err := c.GetAgent(ctx, "new@example.com", configuration.AgentFields...)
	cfgMust(t, err)
	if ag.Name != "New Agent" || ag.JobTitle != "Tester" || ag.MaxChatsCount != 4 || ag.LoginStatus != configuration.LoginAcceptingChats ||
		len(ag.Groups) != 2 || ag.Suspended || ag.AccountID == "" {
		t.Fatalf("get_agent: %+v", ag)
	}
	_, err = c.GetAgent(ctx, "nobody@example.com")
	cfgWantType(t, err, livechat.TypeNotFound)

	list, err := c.ListAgents(ctx, configuration.ListAgentsRequest{Filters: &configuration.AgentFilters{GroupIDs: []int{1}}})
	cfgMust(t, err)
	if ids := cfgAgentIDs(list); len(ids) != 2 || ids[0] != cr.Owner.ID || ids[1] != "new@example.com" {
		t.Fatalf("list_agents group 1: %v", ids)
	}

	// The new agent's credentials work on the Agent Chat API.
	creds, err := srv.AgentCredentials(ctx, "new@example.com")
	cfgMust(t, err)
	agentWeb := newWeb(t, srv, creds.Token, livechat.V3_6)
	do(t, agentWeb, "list_chats", M{})

	cfgMust(t, c.UpdateAgent(ctx, configuration.UpdateAgentRequest{ID: "new@example.com", Name: "Renamed",
		Groups: []configuration.GroupPriority{{ID: 0, Priority: configuration.PriorityLast}}}))
	ag, err = c.GetAgent(ctx, "new@example.com", "groups")
	cfgMust(t, err)
	if ag.Name != "Renamed" || len(ag.Groups) != 1 || ag.Groups[0].Priority != configuration.PriorityLast {
		t.Fatalf("after update_agent: %+v", ag)
	}

	// Suspension is enforced on the Agent Chat API (Web and RTM).
	cfgMust(t, c.SuspendAgent(ctx, "new@example.com"))
	wantErr(t, agentWeb, "list_chats", M{}, livechat.TypeRequesterSuspended, 403)
	rc := dialRTM(t, srv, "3.6")
	f := rc.call("login", M{"token": "Bearer " + creds.Token})
	if f.Success == nil || *f.Success {
		t.Fatalf("suspended login succeeded: %s", f.Payload)
	}
	var env livechat.ErrorEnvelope
	_ = json.Unmarshal(f.Payload, &env)
	if env.Error == nil || env.Error.Type != livechat.TypeRequesterSuspended {
		t.Fatalf("suspended login: %s", f.Payload)
	}
	suspended := true
	list, err = c.ListAgents(ctx, configuration.ListAgentsRequest{Filters: &configuration.AgentFilters{Suspended: &suspended}})
	cfgMust(t, err)
	if ids := cfgAgentIDs(list); len(ids) != 1 || ids[0] != "new@example.com" {
		t.Fatalf("suspended agents: %v", ids)
	}
	// A suspended agent may still ask for unsuspension.
	cfgMust(t, cfgClient(t, srv, livechat.NewBearerToken(creds.Token)).RequestAgentUnsuspension(ctx))
	cfgWantType(t, c.SuspendAgent(ctx, cr.Owner.ID), livechat.TypeNotAllowed)
	cfgMust(t, c.UnsuspendAgent(ctx, "new@example.com"))
	do(t, agentWeb, "list_chats", M{})

	// Awaiting approval until approved.
	_, err = c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "wait@example.com", Name: "Wait", AwaitingApproval: configuration.Bool(true)})
	cfgMust(t, err)
	wc, err := srv.AgentCredentials(ctx, "wait@example.com")
	cfgMust(t, err)
	wantErr(t, newWeb(t, srv, wc.Token, livechat.V3_6), "list_chats", M{}, livechat.TypeRequesterAwaitingApproval, 0)
	cfgMust(t, c.ApproveAgent(ctx, "wait@example.com"))
	do(t, newWeb(t, srv, wc.Token, livechat.V3_6), "list_chats", M{})
	cfgWantType(t, c.ApproveAgent(ctx, "wait@example.com"), livechat.TypeValidation)

	cfgMust(t, c.DeleteAgent(ctx, "new@example.com"))
	wantErr(t, agentWeb, "list_chats", M{}, livechat.TypeAuthentication, 401)
	cfgWantType(t, c.DeleteAgent(ctx, "new@example.com"), livechat.TypeNotFound)
}

func cfgAgentIDs(list []configuration.Agent) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.ID)
	}
	return out
}

func TestConfigAgentBatches(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	c := ownerCfg(t, srv)
	created, err := c.BatchCreateAgents(ctx, []configuration.CreateAgentRequest{
		{ID: "b1@example.com", Name: "B1"},
		{ID: "b1@example.com", Name: "B1 again"},
		{ID: "b2@example.com", Name: "B2", AwaitingApproval: configuration.Bool(true)},
	})
	cfgMust(t, err)
	if len(created) != 3 || created[0].Err != nil || created[0].Response.ID != "b1@example.com" ||
		created[1].Err == nil || created[1].Err.Type != livechat.TypeAlreadyExists || created[2].Err != nil {
		t.Fatalf("batch_create_agents: %+v", created)
	}
	upd, err := c.BatchUpdateAgents(ctx, []configuration.UpdateAgentRequest{{ID: "b1@example.com", JobTitle: "Lead"}, {ID: "zz@example.com", Name: "Z"}})
	cfgMust(t, err)
	if upd[0].Err != nil || upd[1].Err == nil || upd[1].Err.Type != livechat.TypeNotFound {
		t.Fatalf("batch_update_agents: %+v", upd)
	}
	for _, step := range []func() ([]configuration.BatchResult[configuration.Empty], error){
		func() ([]configuration.BatchResult[configuration.Empty], error) {
			return c.BatchSuspendAgents(ctx, []string{"b1@example.com", "zz@example.com"})
		},
		func() ([]configuration.BatchResult[configuration.Empty], error) {
			return c.BatchUnsuspendAgents(ctx, []string{"b1@example.com", "zz@example.com"})
		},
		func() ([]configuration.BatchResult[configuration.Empty], error) {
			return c.BatchApproveAgents(ctx, []string{"b2@example.com", "zz@example.com"})
		},
		func() ([]configuration.BatchResult[configuration.Empty], error) {
			return c.BatchDeleteAgents(ctx, []string{"b1@example.com", "zz@example.com"})
		},
	} {
		r, err := step()
		cfgMust(t, err)
		if len(r) != 2 || r[0].Err != nil || r[1].Err == nil || r[1].Err.Type != livechat.TypeNotFound {
			t.Fatalf("batch: %+v", r)
		}
	}
	ag, err := c.GetAgent(ctx, "b2@example.com", "awaiting_approval")
	cfgMust(t, err)
	if ag.AwaitingApproval {
		t.Fatal("b2 still awaiting approval")
	}
	_, err = c.GetAgent(ctx, "b1@example.com")
	cfgWantType(t, err, livechat.TypeNotFound)
}

func TestConfigBots(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	bot, err := c.CreateBot(ctx, configuration.CreateBotRequest{Name: "Helper", MaxChatsCount: 50,
		DefaultGroupPriority: configuration.PriorityLast, OwnerClientID: cr.ClientID,
		Groups: []configuration.GroupPriority{{ID: 1, Priority: configuration.PriorityNormal}}})
	cfgMust(t, err)
	if len(bot.ID) != 32 || bot.Secret == "" {
		t.Fatalf("create_bot: %+v", bot)
	}
	got, err := c.GetBot(ctx, bot.ID)
	cfgMust(t, err)
	if got.Name != "Helper" || got.MaxChatsCount != 50 || got.OwnerClientID != cr.ClientID || len(got.Groups) != 2 {
		t.Fatalf("get_bot: %+v", got)
	}
	bots, err := c.ListBots(ctx, configuration.ListBotsRequest{})
	cfgMust(t, err)
	if len(bots) != 2 { // the seeded bot and this one
		t.Fatalf("list_bots: %+v", bots)
	}
	cfgMust(t, c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: bot.ID, Name: "Helper 2"}))
	got, err = c.GetBot(ctx, bot.ID)
	cfgMust(t, err)
	if got.Name != "Helper 2" {
		t.Fatalf("after update_bot: %+v", got)
	}
	// Secret rotation invalidates the old secret for issue_bot_token.
	sec, err := c.ResetBotSecret(ctx, configuration.ResetBotSecretRequest{ID: bot.ID, OwnerClientID: cr.ClientID})
	cfgMust(t, err)
	_, err = c.IssueBotToken(ctx, configuration.IssueBotTokenRequest{BotID: bot.ID, ClientID: cr.ClientID, BotSecret: bot.Secret, OrganizationID: cr.OrganizationID})
	cfgWantType(t, err, livechat.TypeAuthentication)
	tok, err := c.IssueBotToken(ctx, configuration.IssueBotTokenRequest{BotID: bot.ID, ClientID: cr.ClientID, BotSecret: sec.Secret, OrganizationID: cr.OrganizationID})
	cfgMust(t, err)
	// The bot token acts as the bot with the documented bot scopes.
	bw := newWeb(t, srv, tok.Token, livechat.V3_6)
	do(t, bw, "set_routing_status", M{"status": "accepting_chats", "agent_id": bot.ID})
	wantErr(t, bw, "multicast", M{"content": M{"x": 1}, "recipients": M{"agents": M{"all": true}}}, livechat.TypeAuthorization, 403)

	// Templates.
	tpl, err := c.CreateBotTemplate(ctx, configuration.CreateBotTemplateRequest{Name: "Tpl", OwnerClientID: cr.ClientID})
	cfgMust(t, err)
	cfgMust(t, c.UpdateBotTemplate(ctx, configuration.UpdateBotTemplateRequest{ID: tpl.ID, Name: "Tpl 2", OwnerClientID: cr.ClientID}))
	tpls, err := c.ListBotTemplates(ctx, cr.ClientID)
	cfgMust(t, err)
	if len(tpls) != 1 || tpls[0].Name != "Tpl 2" {
		t.Fatalf("list_bot_templates: %+v", tpls)
	}
	ts, err := c.ResetBotTemplateSecret(ctx, configuration.BotTemplateRequest{ID: tpl.ID, OwnerClientID: cr.ClientID})
	cfgMust(t, err)
	if ts.Secret == "" {
		t.Fatal("empty template secret")
	}
	cfgMust(t, c.DeleteBotTemplate(ctx, configuration.BotTemplateRequest{ID: tpl.ID, OwnerClientID: cr.ClientID}))
	cfgWantType(t, c.DeleteBotTemplate(ctx, configuration.BotTemplateRequest{ID: tpl.ID, OwnerClientID: cr.ClientID}), livechat.TypeNotFound)

	// Batches.
	bc, err := c.BatchCreateBots(ctx, []configuration.CreateBotRequest{{Name: "A", OwnerClientID: cr.ClientID}, {Name: "B", OwnerClientID: cr.ClientID,
		Groups: []configuration.GroupPriority{{ID: 99, Priority: configuration.PriorityNormal}}}})
	cfgMust(t, err)
	if bc[0].Err != nil || bc[1].Err == nil || bc[1].Err.Type != livechat.TypeGroupNotFound {
		t.Fatalf("batch_create_bots: %+v", bc)
	}
	bu, err := c.BatchUpdateBots(ctx, []configuration.UpdateBotRequest{{ID: bc[0].Response.ID, JobTitle: "Helper"}, {ID: "nope", Name: "x"}})
	cfgMust(t, err)
	if bu[0].Err != nil || bu[1].Err == nil {
		t.Fatalf("batch_update_bots: %+v", bu)
	}
	bd, err := c.BatchDeleteBots(ctx, []string{bc[0].Response.ID, bot.ID})
	cfgMust(t, err)
	if bd[0].Err != nil || bd[1].Err != nil {
		t.Fatalf("batch_delete_bots: %+v", bd)
	}
	wantErr(t, bw, "set_routing_status", M{"status": "accepting_chats", "agent_id": bot.ID}, livechat.TypeAuthentication, 401)
	_, err = c.GetBot(ctx, bot.ID)
	cfgWantType(t, err, livechat.TypeNotFound)
}

func TestConfigGroupsRoutingAndAccess(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	_, err := c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "router@example.com", Name: "Router", LoginStatus: configuration.LoginAcceptingChats})
	cfgMust(t, err)
	rcreds, err := srv.AgentCredentials(ctx, "router@example.com")
	cfgMust(t, err)
	online(t, srv, rcreds.Token, cr.Owner.Token) // routing counts logged-in agents only
	g, err := c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "Support", LanguageCode: "de",
		AgentPriorities: map[string]configuration.Priority{"router@example.com": configuration.PriorityFirst}})
	cfgMust(t, err)
	if g.ID != 2 {
		t.Fatalf("create_group id %d", g.ID)
	}
	_, err = c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "Bad", AgentPriorities: map[string]configuration.Priority{"ghost@example.com": configuration.PriorityNormal}})
	cfgWantType(t, err, livechat.TypeNotFound)

	got, err := c.GetGroup(ctx, g.ID, "agent_priorities", "routing_status")
	cfgMust(t, err)
	if got.Name != "Support" || got.LanguageCode != "de" || got.AgentPriorities["router@example.com"] != configuration.PriorityFirst || got.RoutingStatus != "accepting_chats" {
		t.Fatalf("get_group: %+v", got)
	}
	groups, err := c.ListGroups(ctx, "agent_priorities")
	cfgMust(t, err)
	if len(groups) != 3 {
		t.Fatalf("list_groups: %+v", groups)
	}

	// Routing: a customer chat in the new group goes to its only agent,
	// who can read it through group access.
	chat, err := srv.StartCustomerChat(ctx, cr.Customers[0].Token, g.ID, "hello support")
	cfgMust(t, err)
	rw := newWeb(t, srv, rcreds.Token, livechat.V3_6)
	r := do(t, rw, "get_chat", M{"chat_id": chat.ChatID})
	if users, _ := json.Marshal(r["users"]); !json.Valid(users) || !strings.Contains(string(users), "router@example.com") {
		t.Fatalf("chat not routed to the group's agent: %s", users)
	}

	// Group changes reach access: once out of the group (and the chat),
	// the agent loses access to a new chat of that group.
	cfgMust(t, c.UpdateGroup(ctx, configuration.UpdateGroupRequest{ID: g.ID, Name: "Support 2",
		AgentPriorities: map[string]configuration.Priority{cr.Owner.ID: configuration.PriorityNormal}}))
	chat2, err := srv.StartCustomerChat(ctx, cr.Customers[1].Token, g.ID, "second")
	cfgMust(t, err)
	wantErr(t, rw, "get_chat", M{"chat_id": chat2.ChatID}, livechat.TypeMissingAccess, 403)

	cfgWantType(t, c.DeleteGroup(ctx, 0), livechat.TypeValidation)
	cfgMust(t, c.DeleteGroup(ctx, g.ID))
	_, err = c.GetGroup(ctx, g.ID)
	cfgWantType(t, err, livechat.TypeGroupNotFound)
}

func TestConfigTags(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	cfgWantType(t, cfgClient(t, srv, livechat.NewBearerToken(cr.Agent.Token)).CreateTag(ctx, "nope"), livechat.TypeAuthorization)
	cfgMust(t, c.CreateTag(ctx, "Urgent", 0, 1))
	cfgWantType(t, c.CreateTag(ctx, "urgent"), livechat.TypeAlreadyExists)
	cfgWantType(t, c.CreateTag(ctx, "other", 42), livechat.TypeGroupNotFound)
	tags, err := c.ListTags(ctx, 1)
	cfgMust(t, err)
	if len(tags) != 1 || tags[0].Name != "Urgent" || tags[0].AuthorID != cr.Owner.ID || len(tags[0].GroupIDs) != 2 {
		t.Fatalf("list_tags group 1: %+v", tags)
	}
	cfgMust(t, c.UpdateTag(ctx, "URGENT", 0))
	tags, err = c.ListTags(ctx, 1)
	cfgMust(t, err)
	if len(tags) != 0 {
		t.Fatalf("after update_tag: %+v", tags)
	}

	// A tag created here is usable by the Agent Chat API; a deleted one is not.
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, owner, "tag me", nil)
	do(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "Urgent"})
	cfgMust(t, c.DeleteTag(ctx, "urgent"))
	do(t, owner, "untag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "Urgent"})
	wantErr(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "Urgent"}, livechat.TypeNotFound, 404)
	cfgWantType(t, c.DeleteTag(ctx, "Urgent"), livechat.TypeNotFound)
}

func TestConfigAutoAccesses(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	c := ownerCfg(t, srv)
	cond := configuration.AutoAccessConditions{Domain: &configuration.MatchCondition{Values: []configuration.MatchValue{{Value: "example.com"}}}}
	first, err := c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{1}}, Conditions: cond, Description: "first"})
	cfgMust(t, err)
	second, err := c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{0}}, Conditions: cond, NextID: first.ID})
	cfgMust(t, err)
	_, err = c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{9}}, Conditions: cond})
	cfgWantType(t, err, livechat.TypeGroupNotFound)
	list, err := c.ListAutoAccesses(ctx)
	cfgMust(t, err)
	if len(list) != 2 || list[0].ID != second.ID || list[0].NextID != first.ID || list[1].ID != first.ID || list[1].Description != "first" {
		t.Fatalf("list_auto_accesses: %+v", list)
	}
	cfgMust(t, c.UpdateAutoAccess(ctx, configuration.UpdateAutoAccessRequest{ID: second.ID, Description: configuration.String("moved"), NextID: configuration.String("")}))
	list, err = c.ListAutoAccesses(ctx)
	cfgMust(t, err)
	if list[0].ID != first.ID || list[1].ID != second.ID || list[1].Description != "moved" {
		t.Fatalf("after update_auto_access: %+v", list)
	}
	cfgMust(t, c.DeleteAutoAccess(ctx, first.ID))
	cfgWantType(t, c.DeleteAutoAccess(ctx, first.ID), livechat.TypeNotFound)
	list, err = c.ListAutoAccesses(ctx)
	cfgMust(t, err)
	if len(list) != 1 {
		t.Fatalf("after delete: %+v", list)
	}
}

func TestConfigProperties(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	req := configuration.RegisterPropertyRequest{Name: "score", OwnerClientID: cr.ClientID, Type: configuration.PropertyInt,
		Access: configuration.PropertyAccess{"chat": {"agent": {"read", "write"}}}, Description: "d"}
	cfgMust(t, c.RegisterProperty(ctx, req))
	cfgWantType(t, c.RegisterProperty(ctx, req), livechat.TypeAlreadyExists)
	cfgMust(t, c.PublishProperty(ctx, configuration.PublishPropertyRequest{Name: "score", OwnerClientID: cr.ClientID, AccessType: []string{"read"}}))
	props, err := c.ListProperties(ctx, cr.ClientID)
	cfgMust(t, err)
	if p, ok := props["score"]; !ok || p.Type != configuration.PropertyInt || len(p.PublicAccess) != 1 {
		t.Fatalf("list_properties: %+v", props)
	}
	cfgWantType(t, c.UnregisterProperty(ctx, "score", cr.ClientID), livechat.TypeValidation)
	req.Name = "tmp"
	cfgMust(t, c.RegisterProperty(ctx, req))
	cfgMust(t, c.UnregisterProperty(ctx, "tmp", cr.ClientID))
	cfgWantType(t, c.UnregisterProperty(ctx, "tmp", cr.ClientID), livechat.TypeNotFound)

	cfgMust(t, c.UpdateLicenseProperties(ctx, livechat.Properties{"ns": {"a": "x", "b": 2}}))
	lp, err := c.ListLicenseProperties(ctx, configuration.ListPropertiesFilter{Namespace: "ns", NamePrefix: "a"})
	cfgMust(t, err)
	if len(lp["ns"]) != 1 || lp["ns"]["a"] != "x" {
		t.Fatalf("list_license_properties: %+v", lp)
	}
	cfgMust(t, c.DeleteLicenseProperties(ctx, livechat.PropertyNames{"ns": {"a"}}))
	lp, err = c.ListLicenseProperties(ctx, configuration.ListPropertiesFilter{})
	cfgMust(t, err)
	if len(lp["ns"]) != 1 {
		t.Fatalf("after delete_license_properties: %+v", lp)
	}
	cfgMust(t, c.UpdateGroupProperties(ctx, 1, livechat.Properties{"ns": {"g": true}}))
	cfgWantType(t, c.UpdateGroupProperties(ctx, 5, livechat.Properties{"ns": {"g": true}}), livechat.TypeGroupNotFound)
	gp, err := c.ListGroupsProperties(ctx, []int{1}, configuration.ListPropertiesFilter{})
	cfgMust(t, err)
	if len(gp) != 1 || gp[0].ID != 1 || gp[0].Properties["ns"]["g"] != true {
		t.Fatalf("list_groups_properties: %+v", gp)
	}
	all, err := c.ListGroupsProperties(ctx, nil, configuration.ListPropertiesFilter{})
	cfgMust(t, err)
	if len(all) != 2 {
		t.Fatalf("list_groups_properties all: %+v", all)
	}
	cfgMust(t, c.DeleteGroupProperties(ctx, 1, livechat.PropertyNames{"ns": {"g"}}))
	gp, err = c.ListGroupsProperties(ctx, []int{1}, configuration.ListPropertiesFilter{})
	cfgMust(t, err)
	if len(gp[0].Properties) != 0 {
		t.Fatalf("after delete_group_properties: %+v", gp)
	}
}

func TestConfigWebhookManagementAndOther(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	reg := configuration.RegisterWebhookRequest{Action: "incoming_chat", SecretKey: "s", URL: "http://127.0.0.1:1/hook",
		OwnerClientID: cr.ClientID, Type: configuration.WebhookLicense, AdditionalData: []string{"chat_properties"},
		Filters: &configuration.WebhookFilters{SourceType: []string{"my_client"}}}
	var ids []string
	for range 3 {
		r, err := c.RegisterWebhook(ctx, reg)
		cfgMust(t, err)
		if len(r.ID) != 25 {
			t.Fatalf("webhook id %q", r.ID)
		}
		ids = append(ids, r.ID)
	}
	_, err := c.RegisterWebhook(ctx, reg)
	cfgWantType(t, err, livechat.TypeLimitReached)
	reg.Action = "no_such_action"
	_, err = c.RegisterWebhook(ctx, reg)
	cfgWantType(t, err, livechat.TypeValidation)
	hooks, err := c.ListWebhooks(ctx, cr.ClientID)
	cfgMust(t, err)
	if len(hooks) != 3 || hooks[0].ID != ids[0] || hooks[0].Action != "incoming_chat" || hooks[0].Filters == nil || len(hooks[0].AdditionalData) != 1 {
		t.Fatalf("list_webhooks: %+v", hooks)
	}
	cfgMust(t, c.UnregisterWebhook(ctx, ids[0], cr.ClientID))
	cfgWantType(t, c.UnregisterWebhook(ctx, ids[0], cr.ClientID), livechat.TypeNotFound)
	names, err := c.ListWebhookNames(ctx, "3.5")
	cfgMust(t, err)
	if len(names) != len(livechat.WebhookActions(livechat.V3_5)) {
		t.Fatalf("list_webhook_names: %d", len(names))
	}
	st, err := c.GetLicenseWebhooksState(ctx, cr.ClientID)
	cfgMust(t, err)
	if st.LicenseWebhooksEnabled {
		t.Fatal("license webhooks enabled before enable_license_webhooks")
	}
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))
	st, err = c.GetLicenseWebhooksState(ctx, cr.ClientID)
	cfgMust(t, err)
	if !st.LicenseWebhooksEnabled {
		t.Fatal("not enabled")
	}
	cfgMust(t, c.DisableLicenseWebhooks(ctx, cr.ClientID))
	ro := cfgClient(t, srv, livechat.NewBearerToken(cr.ReadOnly.Token))
	cfgWantType(t, ro.EnableLicenseWebhooks(ctx, cr.ClientID), livechat.TypeAuthorization)

	ch, err := c.ListChannels(ctx)
	cfgMust(t, err)
	if len(ch) != 1 || ch[0].ChannelType != "code" {
		t.Fatalf("list_channels: %+v", ch)
	}
	lic, err := c.GetLicenseID(ctx, cr.OrganizationID)
	cfgMust(t, err)
	if want := cr.LicenseID; lic == 0 || cfgJSONNum(lic) != want {
		t.Fatalf("get_license_id %d", lic)
	}
	org, err := c.GetOrganizationID(ctx, lic)
	cfgMust(t, err)
	if org != cr.OrganizationID {
		t.Fatalf("get_organization_id %q", org)
	}
	_, err = c.GetOrganizationID(ctx, 1)
	cfgWantType(t, err, livechat.TypeLicenseNotFound)
	_, err = c.CheckProductLimitsForPlan(ctx, configuration.PlanTeam)
	cfgMust(t, err)
	_, err = c.GetProductSource(ctx)
	cfgMust(t, err)
}

func cfgJSONNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestConfigPushes checks that configuration changes reach RTM agents.
func TestConfigPushes(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	rc := dialRTM(t, srv, "3.5")
	rc.ok("login", M{"token": "Bearer " + cr.Agent.Token})

	_, err := c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "p@example.com", Name: "P"})
	cfgMust(t, err)
	var created livechat.AgentCreatedPush
	cfgMust(t, json.Unmarshal(rc.push("agent_created").Payload, &created))
	if created.ID != "p@example.com" || created.Name != "P" {
		t.Fatalf("agent_created: %+v", created)
	}
	cfgMust(t, c.UpdateAgent(ctx, configuration.UpdateAgentRequest{ID: "p@example.com", JobTitle: "J"}))
	rc.push("agent_updated")
	cfgMust(t, c.SuspendAgent(ctx, "p@example.com"))
	rc.push("agent_suspended")
	cfgMust(t, c.UnsuspendAgent(ctx, "p@example.com"))
	rc.push("agent_unsuspended")
	cfgMust(t, c.DeleteAgent(ctx, "p@example.com"))
	rc.push("agent_deleted")
	g, err := c.CreateGroup(ctx, configuration.CreateGroupRequest{Name: "G", AgentPriorities: map[string]configuration.Priority{cr.Agent.ID: configuration.PriorityNormal}})
	cfgMust(t, err)
	var gc livechat.GroupCreatedPush
	cfgMust(t, json.Unmarshal(rc.push("group_created").Payload, &gc))
	if gc.ID != g.ID || gc.AgentPriorities[cr.Agent.ID] != "normal" {
		t.Fatalf("group_created: %+v", gc)
	}
	cfgMust(t, c.UpdateGroup(ctx, configuration.UpdateGroupRequest{ID: g.ID, Name: "G2"}))
	rc.push("group_updated")
	cfgMust(t, c.DeleteGroup(ctx, g.ID))
	rc.push("group_deleted")
	cfgMust(t, c.CreateTag(ctx, "pushy"))
	var tc livechat.TagCreatedPush
	cfgMust(t, json.Unmarshal(rc.push("tag_created").Payload, &tc))
	if tc.Name != "pushy" || tc.AuthorID != cr.Owner.ID {
		t.Fatalf("tag_created: %+v", tc)
	}
	cfgMust(t, c.UpdateTag(ctx, "pushy", 1))
	rc.push("tag_updated")
	cfgMust(t, c.DeleteTag(ctx, "pushy"))
	rc.push("tag_deleted")
	b, err := c.CreateBot(ctx, configuration.CreateBotRequest{Name: "B", OwnerClientID: cr.ClientID})
	cfgMust(t, err)
	rc.push("bot_created")
	cfgMust(t, c.UpdateBot(ctx, configuration.UpdateBotRequest{ID: b.ID, Name: "B2"}))
	rc.push("bot_updated")
	cfgMust(t, c.DeleteBot(ctx, b.ID))
	rc.push("bot_deleted")
	aa, err := c.AddAutoAccess(ctx, configuration.AddAutoAccessRequest{Access: configuration.AutoAccessAccess{Groups: []int{0}},
		Conditions: configuration.AutoAccessConditions{URL: &configuration.MatchCondition{Values: []configuration.MatchValue{{Value: "x"}}}}})
	cfgMust(t, err)
	var aau livechat.AutoAccessesUpdatedPush
	cfgMust(t, json.Unmarshal(rc.push("auto_accesses_updated").Payload, &aau))
	if len(aau) != 1 || aau[0].ID != aa.ID || aau[0].Status != livechat.AutoAccessAdded {
		t.Fatalf("auto_accesses_updated: %+v", aau)
	}

	// A suspended agent's RTM connection is closed.
	_, err = c.CreateAgent(ctx, configuration.CreateAgentRequest{ID: "s@example.com", Name: "S"})
	cfgMust(t, err)
	sc, err := srv.AgentCredentials(ctx, "s@example.com")
	cfgMust(t, err)
	src := dialRTM(t, srv, "3.6")
	src.ok("login", M{"token": "Bearer " + sc.Token})
	cfgMust(t, c.SuspendAgent(ctx, "s@example.com"))
	src.push("agent_disconnected")
}
