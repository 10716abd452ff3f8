package emulator_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/restv2"
)

// Agent sessions (session.go): what happens to an agent's chats and
// routing status when their session ends. In the seed both agents serve
// group 0 at the same priority and agent@ sorts first, so a customer's
// chat goes to agent@ when both are logged in.

// routingStatus reports agentID's status as list_routing_statuses gives
// it (asked through the Go API, which opens nobody's session).
func routingStatus(t *testing.T, srv *emulator.Server, agentID string) string {
	t.Helper()
	raw, err := srv.Do(ctxT(t), "Bearer "+srv.Credentials().Owner.Token, "agent", "", "list_routing_statuses", M{})
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		AgentID string `json:"agent_id"`
		Status  string `json:"status"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.AgentID == agentID {
			return s.Status
		}
	}
	t.Fatalf("no routing status for %s in %s", agentID, raw)
	return ""
}

// eventually polls cond (the server notices a closed connection
// asynchronously); the 20 s bound only keeps a broken test from hanging.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still not %s after 20 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// systemMessage returns the text of the chat's system message of type typ
// ("" when there is none).
func systemMessage(t *testing.T, srv *emulator.Server, chatID, typ string) string {
	t.Helper()
	raw, err := srv.Do(ctxT(t), "Bearer "+srv.Credentials().Owner.Token, "agent", "", "get_chat", M{"chat_id": chatID})
	if err != nil {
		t.Fatal(err)
	}
	var chat struct {
		Thread struct {
			Events []struct {
				Type              string `json:"type"`
				SystemMessageType string `json:"system_message_type"`
				Text              string `json:"text"`
			} `json:"events"`
		} `json:"thread"`
	}
	if err := json.Unmarshal(raw, &chat); err != nil {
		t.Fatal(err)
	}
	for _, ev := range chat.Thread.Events {
		if ev.Type == "system_message" && ev.SystemMessageType == typ {
			return ev.Text
		}
	}
	return ""
}

// agentWithChat logs agent@ in over RTM and starts customer 0's chat,
// which the router gives them.
func agentWithChat(t *testing.T, srv *emulator.Server) (*rtmClient, string) {
	t.Helper()
	ag, _, chatID := agentWithWatchedChat(t, srv, false)
	return ag, chatID
}

// agentWithWatchedChat is agentWithChat; with watch, customer 0 is also
// connected over RTM first, its pushes recorded.
func agentWithWatchedChat(t *testing.T, srv *emulator.Server, watch bool) (*rtmClient, *cuRecorder, string) {
	t.Helper()
	cr := srv.Credentials()
	ag := dialRTM(t, srv, "3.6")
	ag.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	var rec *cuRecorder
	if watch {
		rec = cuNewRecorder(t)
		cuDial(t, srv, livechat.NewBearerToken(cr.Customers[0].Token), rec)
	}
	chatID, err := startCustomerChat(t, srv, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("chat routed to %v, want %s", got, cr.Agent.ID)
	}
	return ag, rec, chatID
}

func isPush(action, chatID string) func(frame) bool {
	return func(f frame) bool {
		return f.Type == "push" && f.Action == action && strings.Contains(string(f.Payload), chatID)
	}
}

// TestSessionLogoutHandsChatOver: an agent who logs out loses their chat
// to another logged-in agent of its group: the router's system message,
// chat_transferred (reason assigned) for the customer and the chat's
// agents, incoming_chat for the new agent, routing_status_set offline
// for everyone, and the matching webhooks.
func TestSessionLogoutHandsChatOver(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv)
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))
	rec := newHookReceiver(t, "s3cret")
	registerHook(t, ctx, c, cr, rec.srv.URL, "chat_transferred", nil)
	registerHook(t, ctx, c, cr, rec.srv.URL, "routing_status_set", nil)

	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	ag, custRec, chatID := agentWithWatchedChat(t, srv, true)

	ag.ok("logout", M{})
	owner.next(func(f frame) bool {
		return f.Type == "push" && f.Action == "routing_status_set" && string(f.Payload) == `{"agent_id":"`+cr.Agent.ID+`","status":"offline"}`
	})
	inc := owner.next(isPush("incoming_chat", chatID))
	var ip struct {
		RequesterID     *string `json:"requester_id"`
		TransferredFrom struct {
			AgentIDs []string `json:"agent_ids"`
		} `json:"transferred_from"`
	}
	if err := json.Unmarshal(inc.Payload, &ip); err != nil || ip.RequesterID != nil || !slices.Equal(ip.TransferredFrom.AgentIDs, []string{cr.Agent.ID}) {
		t.Fatalf("incoming_chat for the owner: %v %s", err, inc.Payload)
	}
	ct := custRec.wait("chat_transferred", func(m M) bool { return m["chat_id"] == chatID })
	if ct["reason"] != "assigned" || v2JSON(t, ct["transferred_to"]) != `{"agent_ids":["`+cr.Owner.ID+`"],"group_ids":[0]}` || ct["queue"] != nil {
		t.Fatalf("chat_transferred for the customer: %v", ct)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Owner.ID}) {
		t.Fatalf("after the logout: agents %v, want %s", got, cr.Owner.ID)
	}
	want := "Chat assigned to " + cr.Owner.Name + " because " + cr.Agent.Name + " had signed out"
	if got := systemMessage(t, srv, chatID, "routing.assigned_signed_out"); got != want {
		t.Fatalf("system message %q, want %q", got, want)
	}
	if a, o := routingStatus(t, srv, cr.Agent.ID), routingStatus(t, srv, cr.Owner.ID); a != "offline" || o != "accepting_chats" {
		t.Fatalf("routing statuses: agent %s, owner %s", a, o)
	}
	// The webhooks of both pushes.
	_, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		var transferred, offline bool
		for _, d := range l {
			env := string(d.Envelope)
			transferred = transferred || d.Action == "chat_transferred" && strings.Contains(env, chatID) && strings.Contains(env, `"reason":"assigned"`)
			offline = offline || d.Action == "routing_status_set" && strings.Contains(env, cr.Agent.ID) && strings.Contains(env, "offline")
		}
		return transferred && offline
	})
	cfgMust(t, err)
}

// TestSessionLostConnectionQueuesChat: an agent whose connection is lost,
// with nobody else available, sends their chat back to the queue; when
// they log in again with reconnect: true they get their last status and
// the queued chat back at once.
func TestSessionLostConnectionQueuesChat(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ag, custRec, chatID := agentWithWatchedChat(t, srv, true)

	ag.ws.CloseNow()
	ct := custRec.wait("chat_transferred", func(m M) bool { return m["chat_id"] == chatID })
	q, _ := ct["queue"].(map[string]any)
	if ct["reason"] != "unassigned" || v2JSON(t, ct["transferred_to"]) != `{"agent_ids":[],"group_ids":[0]}` || q == nil || q["position"] != float64(1) {
		t.Fatalf("chat_transferred for the customer: %v", ct)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("queued chat still served by %v", got)
	}
	want := "Customer was queued because " + cr.Agent.Name + " had lost internet connection"
	if got := systemMessage(t, srv, chatID, "routing.unassigned_disconnected"); got != want {
		t.Fatalf("system message %q, want %q", got, want)
	}
	if st := routingStatus(t, srv, cr.Agent.ID); st != "offline" {
		t.Fatalf("routing status after the lost connection: %s", st)
	}

	back := dialRTM(t, srv, "3.6")
	res := back.ok("login", M{"token": "Bearer " + cr.Agent.Token, "reconnect": true})
	if !strings.Contains(string(res), chatID) || !strings.Contains(string(res), `"routing_status":"accepting_chats"`) {
		t.Fatalf("login after the lost connection: %s", res)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("after the new login: agents %v, want %s", got, cr.Agent.ID)
	}
}

// TestSessionRoutingStatus: the status an agent sets lasts for their
// session. Without one they are reported offline (Agent Chat API, REST
// API v2, Configuration API groups); a login sets their login_status
// setting, or with reconnect: true their last status.
func TestSessionRoutingStatus(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	login := func(extra M) (*rtmClient, string) {
		t.Helper()
		c := dialRTM(t, srv, "3.6")
		p := M{"token": "Bearer " + cr.Agent.Token}
		for k, v := range extra {
			p[k] = v
		}
		var res struct {
			MyProfile struct {
				RoutingStatus string `json:"routing_status"`
			} `json:"my_profile"`
		}
		if err := json.Unmarshal(c.ok("login", p), &res); err != nil {
			t.Fatal(err)
		}
		return c, res.MyProfile.RoutingStatus
	}
	offline := func() {
		t.Helper()
		eventually(t, "offline", func() bool { return routingStatus(t, srv, cr.Agent.ID) == "offline" })
	}

	if st := routingStatus(t, srv, cr.Agent.ID); st != "offline" {
		t.Fatalf("status before any login: %s", st)
	}
	v2 := v2Owner(t, srv)
	if a := v2must(v2.Agents.Get(ctx, cr.Agent.ID))(t); a.Status != restv2.Offline {
		t.Fatalf("REST v2 status before any login: %s", a.Status)
	}
	c, st := login(nil)
	if st != "accepting_chats" {
		t.Fatalf("status at login: %s", st)
	}
	c.ok("set_routing_status", M{"status": "not_accepting_chats"})
	if st := routingStatus(t, srv, cr.Agent.ID); st != "not_accepting_chats" {
		t.Fatalf("status set: %s", st)
	}
	c.ws.CloseNow()
	offline()
	if a := v2must(v2.Agents.Get(ctx, cr.Agent.ID))(t); a.Status != restv2.Offline {
		t.Fatalf("REST v2 status after the session: %s", a.Status)
	}
	g, err := ownerCfg(t, srv).GetGroup(ctx, 1, "routing_status") // the owner's group
	cfgMust(t, err)
	if g.RoutingStatus != "offline" {
		t.Fatalf("group 1 with nobody logged in: %s", g.RoutingStatus)
	}

	// reconnect: true restores the last status.
	c, st = login(M{"reconnect": true})
	if st != "not_accepting_chats" || routingStatus(t, srv, cr.Agent.ID) != "not_accepting_chats" {
		t.Fatalf("status at a reconnecting login: %s", st)
	}
	c.ok("logout", M{})
	offline()
	// A plain login sets the login_status setting: accepting chats by
	// default, or what the Configuration API set.
	c, st = login(nil)
	if st != "accepting_chats" {
		t.Fatalf("status at a new login: %s", st)
	}
	cfgMust(t, ownerCfg(t, srv).UpdateAgent(ctx, configuration.UpdateAgentRequest{ID: cr.Agent.ID, LoginStatus: "not accepting chats"}))
	c.ok("logout", M{})
	offline()
	if _, st = login(nil); st != "not_accepting_chats" {
		t.Fatalf("status at a login with login_status not accepting chats: %s", st)
	}
}

// TestSessionNotAcceptingKeepsChats: not accepting chats only stops new
// chats; the agent keeps the ones they have.
func TestSessionNotAcceptingKeepsChats(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ag, chatID := agentWithChat(t, srv)
	ag.ok("set_routing_status", M{"status": "not_accepting_chats"})
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("after not_accepting_chats: agents %v, want %s", got, cr.Agent.ID)
	}
	if got := systemMessage(t, srv, chatID, "routing.unassigned_signed_out"); got != "" {
		t.Fatalf("chat requeued: %q", got)
	}
}

// TestSessionWebPresenceLapses: a Web API integration's session ends when
// its presence lapses (5 minutes without a call; the test makes it lapse
// at once); its chat goes to the agent logged in over RTM.
func TestSessionWebPresenceLapses(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	online(t, srv, cr.Agent.Token)
	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	chatID, err := startCustomerChat(t, srv, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("chat routed to %v, want the Web API agent %s", got, cr.Agent.ID)
	}
	online(t, srv, cr.Owner.Token)     // the owner has Web API presence too …
	srv.ExpireWebPresence(cr.Owner.ID) // … which lapses, but they hold an RTM connection: nothing ends
	// Pushes arrive in commit order: an end of the owner's session would
	// have told them routing_status_set offline before the answer to
	// their next request.
	ownerOffline := `{"agent_id":"` + cr.Owner.ID + `","status":"offline"}`
	rid := owner.send("set_routing_status", M{"status": "accepting_chats"})
	owner.next(func(f frame) bool {
		if f.Type == "push" && f.Action == "routing_status_set" && string(f.Payload) == ownerOffline {
			t.Fatalf("the owner's session ended when their Web API presence lapsed")
		}
		return f.Type == "response" && f.RequestID == rid
	})
	if st := routingStatus(t, srv, cr.Owner.ID); st != "accepting_chats" {
		t.Fatalf("owner status: %s", st)
	}
	srv.ExpireWebPresence(cr.Agent.ID)
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Owner.ID}) {
		t.Fatalf("after the lapse: agents %v, want %s", got, cr.Owner.ID)
	}
	owner.next(isPush("incoming_chat", chatID))
	if got := systemMessage(t, srv, chatID, "routing.assigned_disconnected"); !strings.Contains(got, "because "+cr.Agent.Name+" had lost internet connection") {
		t.Fatalf("system message %q", got)
	}
	if st := routingStatus(t, srv, cr.Agent.ID); st != "offline" {
		t.Fatalf("agent status after the lapse: %s", st)
	}
}

// TestSessionRemoteSignOut: REST API v2 status offline signs an agent out
// remotely (agent_disconnected agent_logged_out_remotely, chat queued);
// deleting an agent and taking a bot offline release their chats too.
func TestSessionRemoteSignOut(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	// The owner watches, logged in but not accepting chats.
	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	owner.ok("set_routing_status", M{"status": "not_accepting_chats"})
	ag, chatID := agentWithChat(t, srv)
	v2must(v2Owner(t, srv).Agents.Update(ctx, cr.Agent.ID, restv2.UpdateAgentRequest{Status: restv2.Offline}))(t)
	d := ag.push("agent_disconnected")
	if !strings.Contains(string(d.Payload), `"agent_logged_out_remotely"`) {
		t.Fatalf("agent_disconnected %s", d.Payload)
	}
	// routing_status_set offline reaches the owner once: pushes arrive in
	// commit order, so the owner's next status change marks the end.
	rid := owner.send("set_routing_status", M{"status": "not_accepting_chats"})
	offline := 0
	owner.next(func(f frame) bool {
		if f.Type == "push" && f.Action == "routing_status_set" && string(f.Payload) == `{"agent_id":"`+cr.Agent.ID+`","status":"offline"}` {
			offline++
		}
		return f.Type == "response" && f.RequestID == rid
	})
	if offline != 1 {
		t.Fatalf("routing_status_set offline pushed %d times", offline)
	}
	want := "Customer was queued because " + cr.Agent.Name + " had been remotely signed out"
	if got := systemMessage(t, srv, chatID, "routing.unassigned_remotely_signed_out"); got != want {
		t.Fatalf("system message %q, want %q", got, want)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("agents after the remote sign-out: %v", got)
	}

	// Deleted: the queued chat goes to the agent logging in, then back to
	// the queue when the agent is deleted.
	ag2 := dialRTM(t, srv, "3.6")
	ag2.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("after the login: agents %v", got)
	}
	cfgMust(t, ownerCfg(t, srv).DeleteAgent(ctx, cr.Agent.ID))
	want = "Customer was queued because " + cr.Agent.Name + " account has been deleted"
	if got := systemMessage(t, srv, chatID, "routing.unassigned_deleted"); got != want {
		t.Fatalf("system message %q, want %q", got, want)
	}

	// A bot taken offline: its chat is queued; not accepting chats keeps it.
	bot := newWeb(t, srv, cr.Bot.Token, livechat.V3_6)
	do(t, bot, "set_routing_status", M{"status": "accepting_chats", "agent_id": cr.Bot.ID})
	botChat, err := startCustomerChat(t, srv, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, botChat); !slices.Equal(got, []string{cr.Bot.ID}) {
		t.Fatalf("chat routed to %v, want the bot", got)
	}
	do(t, bot, "set_routing_status", M{"status": "not_accepting_chats", "agent_id": cr.Bot.ID})
	if got := chatAgents(t, srv, botChat); !slices.Equal(got, []string{cr.Bot.ID}) {
		t.Fatalf("bot not accepting chats: agents %v", got)
	}
	do(t, bot, "set_routing_status", M{"status": "offline", "agent_id": cr.Bot.ID})
	if got := chatAgents(t, srv, botChat); len(got) != 0 {
		t.Fatalf("bot offline: agents %v", got)
	}
	if got := systemMessage(t, srv, botChat, "routing.unassigned_signed_out"); !strings.HasPrefix(got, "Customer was queued because ") {
		t.Fatalf("bot offline: system message %q", got)
	}
	// Back accepting, the bot takes the queued chat; deleted, it leaves it.
	do(t, bot, "set_routing_status", M{"status": "accepting_chats", "agent_id": cr.Bot.ID})
	if got := chatAgents(t, srv, botChat); !slices.Equal(got, []string{cr.Bot.ID}) {
		t.Fatalf("bot accepting again: agents %v", got)
	}
	cfgMust(t, ownerCfg(t, srv).DeleteBot(ctx, cr.Bot.ID))
	if got := chatAgents(t, srv, botChat); len(got) != 0 {
		t.Fatalf("bot deleted: agents %v", got)
	}
	if got := systemMessage(t, srv, botChat, "routing.unassigned_deleted"); !strings.HasSuffix(got, " account has been deleted") {
		t.Fatalf("bot deleted: system message %q", got)
	}
}

// TestSessionAutoAway: when all of an agent's connections are away their
// status becomes not_accepting_chats, and a connection back from away
// makes it accepting_chats again (LiveChat's auto-away); a status the
// agent set by hand stays.
func TestSessionAutoAway(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	c := dialRTM(t, srv, "3.6")
	c.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	c.ok("set_away_status", M{"away": true})
	if st := routingStatus(t, srv, cr.Agent.ID); st != "not_accepting_chats" {
		t.Fatalf("status with every connection away: %s", st)
	}
	chatID, err := startCustomerChat(t, srv, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	c.ok("set_away_status", M{"away": false})
	if st := routingStatus(t, srv, cr.Agent.ID); st != "accepting_chats" {
		t.Fatalf("status back from away: %s", st)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("queued chat after coming back: agents %v", got)
	}
	// Set by hand, not_accepting_chats outlives away and back.
	c.ok("set_routing_status", M{"status": "not_accepting_chats"})
	c.ok("set_away_status", M{"away": true})
	c.ok("set_away_status", M{"away": false})
	if st := routingStatus(t, srv, cr.Agent.ID); st != "not_accepting_chats" {
		t.Fatalf("status set by hand after away and back: %s", st)
	}
	// A second connection logging in away: not every connection is away.
	c.ok("set_routing_status", M{"status": "accepting_chats"})
	c2 := dialRTM(t, srv, "3.6")
	c2.ok("login", M{"token": "Bearer " + cr.Agent.Token, "away": true})
	if st := routingStatus(t, srv, cr.Agent.ID); st != "accepting_chats" {
		t.Fatalf("status with one connection away: %s", st)
	}

	// A fresh session logged in away starts not accepting chats.
	o := dialRTM(t, srv, "3.6")
	if res := o.ok("login", M{"token": "Bearer " + cr.Owner.Token, "away": true}); !strings.Contains(string(res), `"routing_status":"not_accepting_chats"`) {
		t.Fatalf("login away: %s", res)
	}
}

// TestSessionSharedChatKeepsOtherAgent: a chat that has another agent
// only loses the one whose session ended (user_removed_from_chat); it is
// neither queued nor handed over.
func TestSessionSharedChatKeepsOtherAgent(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ag, chatID := agentWithChat(t, srv)
	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	owner.ok("add_user_to_chat", M{"chat_id": chatID, "user_id": cr.Owner.ID, "user_type": "agent", "visibility": "all"})
	ag.ok("logout", M{})
	rm := owner.next(isPush("user_removed_from_chat", chatID))
	if !strings.Contains(string(rm.Payload), `"user_id":"`+cr.Agent.ID+`"`) || !strings.Contains(string(rm.Payload), `"reason":"other"`) {
		t.Fatalf("user_removed_from_chat %s", rm.Payload)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Owner.ID}) {
		t.Fatalf("after the logout: agents %v, want %s", got, cr.Owner.ID)
	}
	for _, typ := range []string{"routing.assigned_signed_out", "routing.unassigned_signed_out"} {
		if got := systemMessage(t, srv, chatID, typ); got != "" {
			t.Fatalf("shared chat rerouted: %s %q", typ, got)
		}
	}
}

// chatMembers returns the chat's agents as get_chat lists them: id →
// visibility, for the present ones only.
func chatMembers(t *testing.T, srv *emulator.Server, chatID string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, u := range getChat(t, srv, srv.Credentials().Owner.Token, chatID).Users {
		if u.Type == "agent" && u.Present {
			out[u.ID] = u.Visibility
		}
	}
	return out
}

// TestSessionImportKeepsChats: Import replaces the state and closes every
// RTM connection; the closed connections end no session in the new
// state (the imported chat stays the agent's, with no router message),
// and a login to the new state opens a session that ends as usual.
func TestSessionImportKeepsChats(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	_, chatID := agentWithChat(t, srv)
	doc, err := srv.Export(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Import(ctxT(t), doc); err != nil {
		t.Fatal(err)
	}
	srv.AwaitRTMClosed() // the closed connection's end is handled
	if got := systemMessage(t, srv, chatID, "routing.unassigned_disconnected"); got != "" {
		t.Errorf("the imported state was changed after Import: %q", got)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("after Import: chat agents %v, want %s (as in the imported document)", got, cr.Agent.ID)
	}
	// A session in the new state: logging out queues the chat.
	ag := dialRTM(t, srv, "3.6")
	ag.ok("login", M{"token": "Bearer " + cr.Agent.Token})
	if st := routingStatus(t, srv, cr.Agent.ID); st != "accepting_chats" {
		t.Fatalf("status after logging in to the imported state: %s", st)
	}
	ag.ok("logout", M{})
	eventually(t, "queued after the logout", func() bool {
		return systemMessage(t, srv, chatID, "routing.unassigned_signed_out") != ""
	})
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("after the logout in the imported state: agents %v", got)
	}
}

// TestSessionV2DeleteAgentReleasesChats: deleting an agent through the
// REST API v2 (DELETE /agents/<login>) ends their session as the
// Configuration API's delete_agent does: their chat goes back to the
// queue (routing.unassigned_deleted) and their connection is closed.
func TestSessionV2DeleteAgentReleasesChats(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ag, chatID := agentWithChat(t, srv)
	if _, err := v2Owner(t, srv).Agents.Delete(ctxT(t), cr.Agent.ID); err != nil {
		t.Fatal(err)
	}
	want := "Customer was queued because " + cr.Agent.Name + " account has been deleted"
	if got := systemMessage(t, srv, chatID, "routing.unassigned_deleted"); got != want {
		t.Errorf("system message %q, want %q", got, want)
	}
	if got := chatAgents(t, srv, chatID); len(got) != 0 {
		t.Fatalf("after the v2 deletion the chat is still served by %v (a deleted agent)", got)
	}
	if d := ag.push("agent_disconnected"); !strings.Contains(string(d.Payload), `"agent_disconnected_by_server"`) {
		t.Fatalf("agent_disconnected %s", d.Payload)
	}
}

// TestSessionSupervisorDoesNotServe: a supervisor (visibility agents, whom
// the customer does not see) does not keep a chat served: when its agent
// signs out the chat goes to an available agent (here the supervisor,
// now visible) instead of staying with nobody the customer sees.
func TestSessionSupervisorDoesNotServe(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ag, chatID := agentWithChat(t, srv)
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6) // Web API presence: available too
	do(t, owner, "add_user_to_chat", M{"chat_id": chatID, "user_id": cr.Owner.ID, "user_type": "agent", "visibility": "agents", "ignore_requester_presence": true})
	if got := chatMembers(t, srv, chatID); got[cr.Owner.ID] != "agents" {
		t.Fatalf("supervisor not added: %v", got)
	}
	ag.ok("logout", M{})
	eventually(t, "handed over after the logout", func() bool {
		return systemMessage(t, srv, chatID, "routing.assigned_signed_out") != ""
	})
	if got := chatMembers(t, srv, chatID); len(got) != 1 || got[cr.Owner.ID] != "all" {
		t.Fatalf("after the serving agent signed out: agents %v, want the owner visible to the customer", got)
	}
}

// TestSessionFailedCallKeepsEnd: an agent's Web API presence lapses (the
// end of their session pending) and a Web API call of theirs fails: the
// call opened a session for a moment, which is dropped with the call, so
// the session still ends and the chat is queued (it is not left with an
// agent who has no connection).
func TestSessionFailedCallKeepsEnd(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	agent := newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	do(t, agent, "list_chats", M{"limit": 1})
	chatID, err := startCustomerChat(t, srv, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("chat routed to %v, want the Web API agent %s", got, cr.Agent.ID)
	}
	end := srv.PendingWebLapse(cr.Agent.ID)
	var out json.RawMessage
	if err := agent.Call(ctxT(t), "get_chat", M{"chat_id": "NOSUCHCHAT"}, &out); err == nil {
		t.Fatalf("get_chat of no chat succeeded: %s", out)
	}
	end()
	eventually(t, "queued after the lapse", func() bool { return len(chatAgents(t, srv, chatID)) == 0 })
	if got := systemMessage(t, srv, chatID, "routing.unassigned_disconnected"); got == "" {
		t.Fatal("no routing.unassigned_disconnected system message")
	}
	if st := routingStatus(t, srv, cr.Agent.ID); st != "offline" {
		t.Fatalf("status after the session ended: %s", st)
	}
}

// TestSessionRefusedLoginKeepsEnd: as TestSessionFailedCallKeepsEnd with
// an RTM login refused after it opened the session (the license's
// connection limit, reached by the owner's connection): the pending end
// still happens and the chat leaves the agent who has no connection.
func TestSessionRefusedLoginKeepsEnd(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{MaxConnections: 1})
	cr := srv.Credentials()
	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	owner.ok("set_routing_status", M{"status": "not_accepting_chats"})
	online(t, srv, cr.Agent.Token)
	chatID, err := startCustomerChat(t, srv, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := chatAgents(t, srv, chatID); !slices.Equal(got, []string{cr.Agent.ID}) {
		t.Fatalf("chat routed to %v, want the Web API agent %s", got, cr.Agent.ID)
	}
	end := srv.PendingWebLapse(cr.Agent.ID)
	ag := dialRTM(t, srv, "3.6")
	// Refused (limit_reached), the connection is closed (its answer may
	// be lost with it).
	ag.send("login", M{"token": "Bearer " + cr.Agent.Token})
	closed := time.After(20 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-ag.ch:
		case <-closed:
			t.Fatal("the refused login's connection is still open after 20 s")
		}
	}
	end()
	eventually(t, "queued after the lapse", func() bool { return len(chatAgents(t, srv, chatID)) == 0 })
	if got := systemMessage(t, srv, chatID, "routing.unassigned_disconnected"); got == "" {
		t.Fatal("no routing.unassigned_disconnected system message")
	}
}
