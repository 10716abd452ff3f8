package emulator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

// cuWeb is a customer.Client over the Web transport.
func cuWeb(t testing.TB, srv *emulator.Server, creds livechat.Credentials, ver livechat.APIVersion) *customer.Client {
	t.Helper()
	c, err := customer.NewWeb(creds, livechat.WithBaseURL(srv.URL()), livechat.WithOrganizationID(srv.Credentials().OrganizationID),
		livechat.WithAPIVersion(ver), livechat.WithMaxRetries(0),
		livechat.WithHTTPClient(apitest.HTTPClient(t))) // answers held to api/openapi.json
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// cuRecorder collects the pushes of an rtm.Conn.
type cuRecorder struct {
	t  testing.TB
	ch chan rtm.Push
}

func cuNewRecorder(t testing.TB) *cuRecorder { return &cuRecorder{t: t, ch: make(chan rtm.Push, 4096)} }

func (r *cuRecorder) option() rtm.Option {
	return rtm.WithPushHandler(rtm.AllPushes, func(p rtm.Push) {
		select {
		case r.ch <- p:
		default:
		}
	})
}

// wait returns the next push named action that pred accepts (nil: any),
// skipping others. The 10 s bound only keeps a broken test from hanging.
func (r *cuRecorder) wait(action string, pred func(M) bool) M {
	r.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case p := <-r.ch:
			if p.Action != action {
				continue
			}
			var m M
			if err := json.Unmarshal(p.Payload, &m); err != nil {
				m = M{"list": json.RawMessage(p.Payload)}
			}
			if pred == nil || pred(m) {
				return m
			}
		case <-timeout:
			r.t.Fatalf("no %s push", action)
			return nil
		}
	}
}

func cuDial(t testing.TB, srv *emulator.Server, creds livechat.Credentials, rec *cuRecorder, opts ...rtm.Option) *rtm.Conn {
	t.Helper()
	// Through apitest.RTMProxy: every answer and push is held to api/openapi.json.
	o := append([]rtm.Option{rtm.WithConfig(livechat.WithBaseURL(apitest.RTMProxy(t, srv.URL())), livechat.WithOrganizationID(srv.Credentials().OrganizationID)),
		rtm.WithMaxReconnects(0)}, opts...)
	if rec != nil {
		o = append(o, rec.option())
	}
	c, err := rtm.DialCustomer(ctxT(t), creds, o...)
	if err != nil {
		t.Fatalf("DialCustomer: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func cuDialAgent(t testing.TB, srv *emulator.Server, creds livechat.Credentials, rec *cuRecorder) *rtm.Conn {
	t.Helper()
	// Through apitest.RTMProxy: every answer and push is held to api/openapi.json.
	o := []rtm.Option{rtm.WithConfig(livechat.WithBaseURL(apitest.RTMProxy(t, srv.URL())), livechat.WithOrganizationID(srv.Credentials().OrganizationID)),
		rtm.WithMaxReconnects(0)}
	if rec != nil {
		o = append(o, rec.option())
	}
	c, err := rtm.Dial(ctxT(t), creds, o...)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func cuErrType(t testing.TB, err error, want livechat.ErrorType) {
	t.Helper()
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func cuMsg(text string) *livechat.Message {
	return &livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventMessage}, Text: text}
}

// cuExercise calls every Customer Chat API method that both
// transports carry, through the SDK's customer package.
func cuExercise(t *testing.T, srv *emulator.Server, c *customer.Client, custID string) {
	ctx := ctxT(t)
	creds := srv.Credentials()
	owner := newWeb(t, srv, creds.Owner.Token, "3.6")

	if err := c.UpdateCustomer(ctx, customer.UpdateCustomerRequest{Name: "Nina", Email: "nina@example.com",
		SessionFields: livechat.SessionFields{{"plan": "gold"}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetCustomerSessionFields(ctx, livechat.SessionFields{{"plan": "platinum"}, {"cart": "3"}}); err != nil {
		t.Fatal(err)
	}
	me, err := c.GetCustomer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != custID || me.Name != "Nina" || me.Email != "nina@example.com" || len(me.SessionFields) != 2 || me.SessionFields[0]["plan"] != "platinum" {
		t.Fatalf("get_customer: %+v", me)
	}
	st, err := c.ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{All: true})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(st); !strings.Contains(string(b), `"0":"online"`) {
		t.Fatalf("list_group_statuses: %s", b)
	}
	if _, err := c.ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{GroupIDs: []int{42}}); err == nil {
		t.Fatal("list_group_statuses of a missing group succeeded")
	} else {
		cuErrType(t, err, livechat.TypeGroupNotFound)
	}
	pa, err := c.GetPredictedAgent(ctx)
	if err != nil || pa.Agent == nil || pa.Agent.ID == "" || pa.Queue {
		t.Fatalf("get_predicted_agent: %+v %v", pa, err)
	}
	form, err := c.GetForm(ctx, 0, customer.FormType("prechat"))
	if err != nil || !form.Enabled || form.Form == nil {
		t.Fatalf("get_form: %+v %v", form, err)
	}
	if form, err := c.GetForm(ctx, 0, customer.FormType("postchat")); err != nil || form.Enabled {
		t.Fatalf("get_form postchat: %+v %v", form, err)
	}
	info, err := c.GetURLInfo(ctx, "https://example.com/pricing")
	if err != nil || info.URL != "https://example.com/pricing" || info.Title != "example.com" {
		t.Fatalf("get_url_info: %+v %v", info, err)
	}

	// Chats.
	started, err := c.StartChat(ctx, customer.StartChatRequest{Chat: &customer.ChatInit{
		Properties: livechat.Properties{"source": {"page": "home"}},
		Thread:     &customer.ThreadInit{Events: livechat.Events{cuMsg("Hi, I need help")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if started.ChatID == "" || started.ThreadID == "" || len(started.EventIDs) != 1 {
		t.Fatalf("start_chat: %+v", started)
	}
	// The chat was routed to an agent: it is in the chat.
	chat, err := c.GetChat(ctx, started.ChatID, "")
	if err != nil {
		t.Fatal(err)
	}
	agents := 0
	for _, u := range chat.Users {
		if u.UserType() == livechat.UserAgent {
			agents++
		}
	}
	if agents != 1 || chat.Thread == nil || !chat.Thread.Active || len(chat.Thread.Events) < 1 {
		b, _ := json.Marshal(chat)
		t.Fatalf("get_chat after routing: %s", b)
	}
	evID, err := c.SendMessage(ctx, started.ChatID, "second message")
	if err != nil || evID == "" {
		t.Fatalf("send_event: %q %v", evID, err)
	}
	if err := c.SendSneakPeek(ctx, started.ChatID, "typing…"); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateChatProperties(ctx, started.ChatID, livechat.Properties{"source": {"page": "pricing"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteChatProperties(ctx, started.ChatID, livechat.PropertyNames{"source": {"page"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateThreadProperties(ctx, started.ChatID, started.ThreadID, livechat.Properties{"source": {"x": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteThreadProperties(ctx, started.ChatID, started.ThreadID, livechat.PropertyNames{"source": {"x"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateEventProperties(ctx, started.ChatID, started.ThreadID, evID, livechat.Properties{"source": {"y": true}}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteEventProperties(ctx, started.ChatID, started.ThreadID, evID, livechat.PropertyNames{"source": {"y"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.MarkEventsAsSeen(ctx, started.ChatID, time.Now()); err != nil {
		t.Fatal(err)
	}
	// A rich message from the agent; the customer clicks its button.
	do(t, owner, "add_user_to_chat", M{"chat_id": started.ChatID, "user_id": creds.Owner.ID, "user_type": "agent", "visibility": "all", "ignore_requester_presence": true})
	rich := do(t, owner, "send_event", M{"chat_id": started.ChatID, "event": M{"type": "rich_message", "template_id": "quick_replies",
		"elements": []any{M{"title": "Pick", "buttons": []any{M{"text": "Yes", "type": "message", "value": "yes", "postback_id": "yes_btn"}}}}}})
	if err := c.SendRichMessagePostback(ctx, customer.SendRichMessagePostbackRequest{ChatID: started.ChatID, ThreadID: started.ThreadID,
		EventID: str(rich, "event_id"), Postback: customer.RichMessagePostback{ID: "yes_btn", Toggled: true}}); err != nil {
		t.Fatal(err)
	}
	lc, err := c.ListChats(ctx, customer.ListChatsRequest{})
	if err != nil || len(lc.ChatsSummary) != 1 || lc.TotalChats != 1 {
		t.Fatalf("list_chats: %+v %v", lc, err)
	}
	lt, err := c.ListThreads(ctx, customer.ListThreadsRequest{ChatID: started.ChatID})
	if err != nil || len(lt.Threads) != 1 {
		t.Fatalf("list_threads: %+v %v", lt, err)
	}
	if err := c.DeactivateChat(ctx, started.ChatID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendMessage(ctx, started.ChatID, "too late"); err == nil {
		t.Fatal("send_event to an inactive chat succeeded")
	} else {
		cuErrType(t, err, livechat.TypeChatInactive)
	}
	resumed, err := c.ResumeChat(ctx, customer.ResumeChatRequest{Chat: customer.ChatInit{ID: started.ChatID,
		Thread: &customer.ThreadInit{Events: livechat.Events{cuMsg("back again")}}}})
	if err != nil || resumed.ThreadID == "" || resumed.ThreadID == started.ThreadID {
		t.Fatalf("resume_chat: %+v %v", resumed, err)
	}
	if lt, err := c.ListThreads(ctx, customer.ListThreadsRequest{ChatID: started.ChatID}); err != nil || len(lt.Threads) != 2 {
		t.Fatalf("list_threads after resume: %+v %v", lt, err)
	}

	// Greetings.
	uid, err := srv.SendGreeting(ctx, custID, emulator.Greeting{ID: 7, Text: "Need a hand?"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AcceptGreeting(ctx, 8, uid); err == nil {
		t.Fatal("accept_greeting with a wrong greeting_id succeeded")
	} else {
		cuErrType(t, err, livechat.TypeGreetingNotFound)
	}
	if err := c.AcceptGreeting(ctx, 7, uid); err != nil {
		t.Fatal(err)
	}
	if err := c.CancelGreeting(ctx, uid); err == nil {
		t.Fatal("cancel_greeting of an accepted greeting succeeded")
	}
	uid2, _ := srv.SendGreeting(ctx, custID, emulator.Greeting{})
	if err := c.CancelGreeting(ctx, uid2); err != nil {
		t.Fatal(err)
	}
}

func TestCustomerWebEveryMethod(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	online(t, srv, creds.Owner.Token, creds.Agent.Token) // routing counts logged-in agents only
	cu := creds.Customers[0]
	c := cuWeb(t, srv, livechat.NewBearerToken(cu.Token), "3.6")
	cuExercise(t, srv, c, cu.ID)
	ctx := ctxT(t)

	// Web-only methods.
	up, err := c.UploadFile(ctx, "notes.txt", strings.NewReader("hello"))
	if err != nil || up.URL == "" {
		t.Fatalf("upload_file: %+v %v", up, err)
	}
	if err := c.CheckGoals(ctx, customer.CheckGoalsRequest{PageURL: "https://example.com/", GroupID: 0}); err != nil {
		t.Fatal(err)
	}
	if err := c.RequestEmailVerification(ctx, "https://example.com/verified"); err != nil {
		t.Fatal(err)
	}
	// GET methods (the Web transport is a livechat.Getter).
	if _, ok := c.Transport().(livechat.Getter); !ok {
		t.Fatal("web transport is not a Getter")
	}
	if _, err := c.ListLicenseProperties(ctx, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListGroupProperties(ctx, 0, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListGroupProperties(ctx, 99, "", ""); err == nil {
		t.Fatal("list_group_properties of a missing group succeeded")
	} else {
		cuErrType(t, err, livechat.TypeGroupNotFound)
	}
	dc, err := c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{GroupID: cuInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	eff := dc.Effective()
	if eff.GroupID != 1 || eff.ConfigVersion == "" || dc.OrganizationID != creds.OrganizationID {
		t.Fatalf("get_dynamic_configuration: %+v", dc)
	}
	cfg, err := c.GetConfiguration(ctx, 1, eff.ConfigVersion)
	if err != nil || cfg.PrechatForm == nil {
		t.Fatalf("get_configuration: %+v %v", cfg, err)
	}
	loc, err := c.GetLocalization(ctx, 1, "en", eff.LocalizationVersion)
	if err != nil || loc["Chat_now"] == "" {
		t.Fatalf("get_localization: %v %v", loc, err)
	}
	// API 3.5 puts the dynamic configuration at the top level.
	c35 := cuWeb(t, srv, livechat.NewBearerToken(cu.Token), "3.5")
	dc35, err := c35.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{})
	if err != nil || dc35.LiveChat != nil || dc35.ConfigVersion == "" {
		t.Fatalf("get_dynamic_configuration 3.5: %+v %v", dc35, err)
	}
	// The property listings need no token.
	resp, err := http.Get(srv.URL() + "/v3.6/customer/action/list_license_properties?organization_id=" + creds.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("anonymous list_license_properties: %d", resp.StatusCode)
	}
	resp, err = http.Get(srv.URL() + "/v3.6/customer/action/get_configuration?group_id=0&version=x&organization_id=" + creds.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("anonymous get_configuration: %d, want 401", resp.StatusCode)
	}
}

func TestCustomerRTMEveryMethod(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	online(t, srv, creds.Owner.Token, creds.Agent.Token) // routing counts logged-in agents only
	cu := creds.Customers[1]
	rec := cuNewRecorder(t)
	logins := make(chan *rtm.LoginResponse, 1)
	conn := cuDial(t, srv, livechat.NewBearerToken(cu.Token), rec, rtm.WithCustomerLogin(rtm.CustomerLogin{
		Customer:     &rtm.CustomerInfo{Name: "Rita", SessionFields: livechat.SessionFields{{"a": "b"}}},
		CustomerPage: &rtm.CustomerPage{URL: "https://example.com/", Title: "Home"},
		GroupID:      cuInt(0), Referrer: "https://google.com/", IsMobile: true,
		Application: &rtm.Application{Name: "test", Version: "1.0"},
	}), rtm.WithStateHandler(func(ev rtm.StateEvent) {
		if ev.State == rtm.StateConnected {
			select {
			case logins <- ev.Login:
			default:
			}
		}
	}))
	lr := conn.LoginResponse()
	if lr == nil || lr.Customer == nil || lr.Customer.ID != cu.ID || lr.Customer.Name != "Rita" || lr.HasActiveThread || len(lr.Chats) != 0 {
		t.Fatalf("login: %+v", lr)
	}
	// The raw payload is the StateConnected event's (the Conn keeps no
	// account-sized part of the login response).
	var full *rtm.LoginResponse
	select {
	case full = <-logins:
	case <-time.After(10 * time.Second):
		t.Fatal("no StateConnected event")
	}
	var raw M
	_ = json.Unmarshal(full.Raw, &raw)
	if _, ok := raw["__priv_dynamic_config"]; !ok {
		t.Fatalf("login lacks __priv_dynamic_config: %s", full.Raw)
	}
	rec.wait("customer_side_storage_updated", nil)
	c := customer.New(conn)
	cuExercise(t, srv, c, cu.ID)
	ctx := ctxT(t)
	// RTM-only: update_customer_page.
	if err := conn.Call(ctx, "update_customer_page", M{"url": "https://example.com/pricing", "title": "Pricing"}, nil); err != nil {
		t.Fatal(err)
	}
	// Web-only methods are refused over RTM.
	if err := conn.Call(ctx, "check_goals", M{"page_url": "https://example.com/"}, nil); err == nil {
		t.Fatal("check_goals over RTM succeeded")
	} else {
		cuErrType(t, err, livechat.TypeValidation)
	}
	// Pushes the customer saw on the way.
	rec.wait("incoming_chat", nil)
	rec.wait("incoming_event", func(m M) bool { return strings.Contains(cuJSON(m), "second message") })
	rec.wait("chat_properties_updated", nil)
	rec.wait("events_marked_as_seen", nil)
	rec.wait("chat_deactivated", nil)
	rec.wait("incoming_greeting", nil)
	rec.wait("greeting_accepted", nil)
	rec.wait("greeting_canceled", nil)

	// Login again: the chat is listed, with an active thread.
	conn2 := cuDial(t, srv, livechat.NewBearerToken(cu.Token), nil)
	lr2 := conn2.LoginResponse()
	if !lr2.HasActiveThread || len(lr2.Chats) != 1 {
		t.Fatalf("second login: %+v", lr2)
	}
}

func cuJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestCustomerAgentLive: an agent and a customer, both on RTM, see each
// other's events live, both ways, and agents-only content stays hidden.
func TestCustomerAgentLive(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	cu := creds.Customers[0]
	arec, crec := cuNewRecorder(t), cuNewRecorder(t)
	agentConn := cuDialAgent(t, srv, livechat.NewBearerToken(creds.Agent.Token), arec)
	custConn := cuDial(t, srv, livechat.NewBearerToken(cu.Token), crec)
	ctx := ctxT(t)
	// The owner does not take chats, so the routing picks the agent.
	do(t, newWeb(t, srv, creds.Owner.Token, "3.6"), "set_routing_status", M{"status": "not_accepting_chats"})

	var started struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
	}
	if err := custConn.Call(ctx, "start_chat", M{"chat": M{"thread": M{"events": []any{M{"type": "message", "text": "hello agent"}}}}}, &started); err != nil {
		t.Fatal(err)
	}
	arec.wait("incoming_chat", func(m M) bool { return strings.Contains(cuJSON(m), started.ChatID) })
	crec.wait("incoming_chat", func(m M) bool { return strings.Contains(cuJSON(m), started.ChatID) })

	// Customer → agent.
	if err := custConn.Call(ctx, "send_event", M{"chat_id": started.ChatID, "event": M{"type": "message", "text": "from customer"}}, nil); err != nil {
		t.Fatal(err)
	}
	arec.wait("incoming_event", func(m M) bool { return strings.Contains(cuJSON(m), "from customer") })
	if err := custConn.Call(ctx, "send_sneak_peek", M{"chat_id": started.ChatID, "sneak_peek_text": "I am wri"}, nil); err != nil {
		t.Fatal(err)
	}
	sp := arec.wait("incoming_sneak_peek", nil)
	if !strings.Contains(cuJSON(sp), "I am wri") {
		t.Fatalf("incoming_sneak_peek: %v", sp)
	}
	if err := custConn.Call(ctx, "update_customer", M{"name": "Live Carla"}, nil); err != nil {
		t.Fatal(err)
	}
	arec.wait("customer_updated", func(m M) bool { return m["name"] == "Live Carla" })
	crec.wait("customer_updated", func(m M) bool { return m["name"] == "Live Carla" })

	// Agent → customer; an agents-only event does not reach the customer.
	if err := agentConn.Call(ctx, "send_event", M{"chat_id": started.ChatID, "event": M{"type": "message", "text": "internal note", "visibility": "agents"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := agentConn.Call(ctx, "send_event", M{"chat_id": started.ChatID, "event": M{"type": "message", "text": "from agent"}}, nil); err != nil {
		t.Fatal(err)
	}
	got := crec.wait("incoming_event", func(m M) bool { return !strings.Contains(cuJSON(m), "from customer") })
	if !strings.Contains(cuJSON(got), "from agent") {
		t.Fatalf("customer got %v before the visible agent event", got)
	}
	if err := agentConn.Call(ctx, "send_typing_indicator", M{"chat_id": started.ChatID, "is_typing": true}, nil); err != nil {
		t.Fatal(err)
	}
	crec.wait("incoming_typing_indicator", nil)
	if err := agentConn.Call(ctx, "mark_events_as_seen", M{"chat_id": started.ChatID, "seen_up_to": time.Now().UTC().Format(time.RFC3339Nano)}, nil); err != nil {
		t.Fatal(err)
	}
	crec.wait("events_marked_as_seen", func(m M) bool { return m["user_id"] == creds.Agent.ID })
	if err := agentConn.Call(ctx, "update_chat_properties", M{"id": started.ChatID, "properties": M{"routing": M{"pinned": true}}}, nil); err != nil {
		t.Fatal(err)
	}
	crec.wait("chat_properties_updated", nil)
	// Transfer to group 1 (the owner, not accepting: queued).
	if err := agentConn.Call(ctx, "transfer_chat", M{"id": started.ChatID, "target": M{"type": "group", "ids": []int{1}}, "ignore_agents_availability": true}, nil); err != nil {
		t.Fatal(err)
	}
	crec.wait("chat_transferred", nil)
	// The agent closes the chat.
	if err := agentConn.Call(ctx, "deactivate_chat", M{"id": started.ChatID, "ignore_requester_presence": true}, nil); err != nil {
		t.Fatal(err)
	}
	crec.wait("chat_deactivated", func(m M) bool { return m["chat_id"] == started.ChatID })

	// Another customer's chat never reaches this customer.
	other := creds.Customers[2]
	oc := cuWeb(t, srv, livechat.NewBearerToken(other.Token), "3.6")
	if _, err := oc.StartChat(ctx, customer.StartChatRequest{Chat: &customer.ChatInit{Thread: &customer.ThreadInit{Events: livechat.Events{cuMsg("other customer")}}}}); err != nil {
		t.Fatal(err)
	}
	if err := custConn.Call(ctx, "update_customer", M{"name": "marker"}, nil); err != nil {
		t.Fatal(err)
	}
	for {
		p := <-crec.ch
		if strings.Contains(string(p.Payload), "other customer") {
			t.Fatalf("foreign push: %s %s", p.Action, p.Payload)
		}
		if p.Action == "customer_updated" && strings.Contains(string(p.Payload), "marker") {
			break
		}
	}

	// Ban: the customer is disconnected.
	do(t, newWeb(t, srv, creds.Owner.Token, "3.6"), "ban_customer", M{"id": cu.ID, "ban": M{"days": 1}})
	crec.wait("customer_disconnected", func(m M) bool { return m["reason"] == "customer_banned" })
	<-custConn.Done()
}

// TestCustomerQueue: a chat nobody can take is queued; the customer hears
// queue_position_updated, then the agent who frees up gets it.
func TestCustomerQueue(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	online(t, srv, creds.Owner.Token, creds.Agent.Token) // routing counts logged-in agents only
	ctx := ctxT(t)
	owner := newWeb(t, srv, creds.Owner.Token, "3.6")
	// Only the owner serves group 1; fill their slots.
	for i := 0; i < 6; i++ {
		if _, err := srv.StartCustomerChat(ctx, creds.Customers[0].Token, 1, "fill"); err != nil {
			t.Fatal(err)
		}
	}
	crec := cuNewRecorder(t)
	conn := cuDial(t, srv, livechat.NewBearerToken(creds.Customers[1].Token), crec)
	var started struct {
		ChatID string `json:"chat_id"`
	}
	if err := conn.Call(ctx, "start_chat", M{"chat": M{"access": M{"group_ids": []int{1}}}}, &started); err != nil {
		t.Fatal(err)
	}
	q := crec.wait("queue_position_updated", nil)
	if !strings.Contains(cuJSON(q), `"position":1`) {
		t.Fatalf("queue_position_updated: %v", q)
	}
	st, err := customer.New(conn).ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{GroupIDs: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(st); !strings.Contains(string(b), "online_for_queue") {
		t.Fatalf("group 1 status: %s", b)
	}
	// Close one of the owner's chats: the queued chat is assigned.
	lc := do(t, owner, "list_chats", M{"filters": M{"group_ids": []int{1}}})
	var list []M
	b, _ := json.Marshal(lc["chats_summary"])
	_ = json.Unmarshal(b, &list)
	for _, ch := range list {
		if ch["id"] != started.ChatID {
			do(t, owner, "deactivate_chat", M{"id": ch["id"], "ignore_requester_presence": true})
			break
		}
	}
	crec.wait("chat_transferred", func(m M) bool { return m["chat_id"] == started.ChatID })
}

func TestCustomerAuthRules(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	online(t, srv, creds.Owner.Token, creds.Agent.Token) // routing counts logged-in agents only
	ctx := ctxT(t)
	// Agent credentials on the customer API.
	pat := cuWeb(t, srv, livechat.NewPAT(creds.Agent.AccountID, creds.Agent.PAT), "3.6")
	if _, err := pat.GetCustomer(ctx); err == nil {
		t.Fatal("a PAT worked on the Customer Chat API")
	} else {
		cuErrType(t, err, livechat.TypeAuthorization)
	}
	bearer := cuWeb(t, srv, livechat.NewBearerToken(creds.Agent.Token), "3.6")
	if _, err := bearer.ListChats(ctx, customer.ListChatsRequest{}); err == nil {
		t.Fatal("an agent token worked on the Customer Chat API")
	}
	_, err := rtm.DialCustomer(ctx, livechat.NewBearerToken(creds.Agent.Token), rtm.WithConfig(livechat.WithBaseURL(srv.URL()),
		livechat.WithOrganizationID(creds.OrganizationID)), rtm.WithMaxReconnects(0))
	if err == nil {
		t.Fatal("an agent token logged in to the customer RTM API")
	}
	// And customer tokens on the agent API.
	_, err = rtm.Dial(ctx, livechat.NewBearerToken(creds.Customers[0].Token), rtm.WithConfig(livechat.WithBaseURL(srv.URL())), rtm.WithMaxReconnects(0))
	if err == nil {
		t.Fatal("a customer token logged in to the agent RTM API")
	}
	// organization_id is required.
	resp, err := http.Post(srv.URL()+"/v3.6/customer/action/get_customer", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("no organization_id: %d", resp.StatusCode)
	}
	// A customer sees only its own chats.
	c0 := cuWeb(t, srv, livechat.NewBearerToken(creds.Customers[0].Token), "3.6")
	c1 := cuWeb(t, srv, livechat.NewBearerToken(creds.Customers[1].Token), "3.6")
	started, err := c0.StartChat(ctx, customer.StartChatRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c1.GetChat(ctx, started.ChatID, ""); err == nil {
		t.Fatal("a customer read another customer's chat")
	} else {
		cuErrType(t, err, livechat.TypeMissingAccess)
	}
	if _, err := c1.SendMessage(ctx, started.ChatID, "intrude"); err == nil {
		t.Fatal("a customer wrote to another customer's chat")
	}
}

// TestCustomerBadInput: documented errors, nothing written, never a 5xx.
func TestCustomerBadInput(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	tr, err := web.New(web.Customer, livechat.NewBearerToken(creds.Customers[0].Token), livechat.WithBaseURL(srv.URL()),
		livechat.WithOrganizationID(creds.OrganizationID), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		action string
		req    any
		want   livechat.ErrorType
	}{
		{"start_chat", M{"chat": M{"users": []any{M{"id": creds.Agent.ID, "type": "agent"}}}}, livechat.TypeValidation},
		{"start_chat", M{"chat": M{"access": M{"group_ids": []int{77}}}}, livechat.TypeGroupNotFound},
		{"start_chat", M{"chat": M{"thread": M{"events": []any{M{"type": "message", "text": "x", "visibility": "agents"}}}}}, livechat.TypeValidation},
		{"start_chat", M{"chat": M{"thread": M{"events": []any{M{"type": "message"}}}}}, livechat.TypeValidation},
		{"start_chat", M{"active": "yes"}, livechat.TypeValidation},
		{"resume_chat", M{"chat": M{}}, livechat.TypeValidation},
		{"resume_chat", M{"chat": M{"id": "NOSUCHCHAT"}}, livechat.TypeNotFound},
		{"send_event", M{"chat_id": "NOSUCHCHAT", "event": M{"type": "message", "text": "x"}}, livechat.TypeNotFound},
		{"send_sneak_peek", M{"chat_id": "NOSUCHCHAT"}, livechat.TypeValidation},
		{"update_customer", M{}, livechat.TypeValidation},
		{"update_customer", M{"email": "not-an-email"}, livechat.TypeValidation},
		{"update_customer", M{"session_fields": "x"}, livechat.TypeValidation},
		{"set_customer_session_fields", M{}, livechat.TypeValidation},
		{"list_group_statuses", M{}, livechat.TypeValidation},
		{"list_group_statuses", M{"all": true, "group_ids": []int{0}}, livechat.TypeValidation},
		{"get_form", M{"group_id": 0, "type": "weird"}, livechat.TypeValidation},
		{"get_url_info", M{"url": "ftp://x"}, livechat.TypeValidation},
		{"accept_greeting", M{"greeting_id": 1, "unique_id": "nope"}, livechat.TypeGreetingNotFound},
		{"cancel_greeting", M{}, livechat.TypeValidation},
		{"mark_events_as_seen", M{"chat_id": "X", "seen_up_to": "yesterday"}, livechat.TypeValidation},
		{"list_chats", M{"limit": 26}, livechat.TypeValidation},
		{"list_chats", M{"page_id": "garbage"}, livechat.TypeValidation},
		{"update_customer_page", M{"url": "https://x"}, livechat.TypeValidation}, // RTM only
		{"login", M{"token": "x"}, livechat.TypeValidation},                      // RTM only
		{"no_such_action", M{}, livechat.TypeValidation},
	}
	for _, tc := range cases {
		le := fail(t, tr, tc.action, tc.req)
		if le.Type != tc.want || le.Status >= 500 {
			t.Errorf("%s %v: got %s (HTTP %d) %q, want %s", tc.action, tc.req, le.Type, le.Status, le.Message, tc.want)
		}
	}
	// Nothing was written by the failed calls.
	c := customer.New(tr)
	lc, err := c.ListChats(ctxT(t), customer.ListChatsRequest{})
	if err != nil || lc.TotalChats != 0 {
		t.Fatalf("failed calls left chats: %+v %v", lc, err)
	}
	me, err := c.GetCustomer(ctxT(t))
	if err != nil || me.Email != creds.Customers[0].Email {
		t.Fatalf("failed calls changed the customer: %+v %v", me, err)
	}
	// Malformed bodies and oversized ones.
	post := func(body []byte) int {
		req, _ := http.NewRequest("POST", srv.URL()+"/v3.6/customer/action/send_event?organization_id="+creds.OrganizationID, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+creds.Customers[0].Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, body := range [][]byte{[]byte("{"), []byte("[1]"), []byte(`"x"`), bytes.Repeat([]byte("a"), 2<<20)} {
		if code := post(body); code < 400 || code >= 500 {
			t.Errorf("body %.20q: HTTP %d", body, code)
		}
	}
	// GET parameters of the wrong type.
	resp, err := http.Get(srv.URL() + "/v3.6/customer/action/list_group_properties?id=abc&organization_id=" + creds.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("id=abc: %d", resp.StatusCode)
	}
}

func cuInt(v int) *int { return &v }

// TestCustomerLoginPushesFilter: login.pushes limits what the session gets.
func TestCustomerLoginPushesFilter(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	online(t, srv, creds.Owner.Token, creds.Agent.Token) // routing counts logged-in agents only
	rec := cuNewRecorder(t)
	conn := cuDial(t, srv, livechat.NewBearerToken(creds.Customers[0].Token), rec,
		rtm.WithCustomerLogin(rtm.CustomerLogin{Pushes: map[string][]string{"3.6": {"incoming_event"}, "3.5": {"all"}}}))
	ctx := ctxT(t)
	var started struct {
		ChatID string `json:"chat_id"`
	}
	if err := conn.Call(ctx, "start_chat", M{}, &started); err != nil {
		t.Fatal(err)
	}
	if err := conn.Call(ctx, "update_customer", M{"name": "Filtered"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Call(ctx, "send_event", M{"chat_id": started.ChatID, "event": M{"type": "message", "text": "marker"}}, nil); err != nil {
		t.Fatal(err)
	}
	for done := false; !done; {
		select {
		case p := <-rec.ch:
			if p.Action != "incoming_event" {
				t.Fatalf("filtered-out push %s %s", p.Action, p.Payload)
			}
			done = strings.Contains(string(p.Payload), "marker")
		case <-time.After(10 * time.Second):
			t.Fatal("no push")
		}
	}
	// An unknown version in pushes is refused.
	_, err := rtm.DialCustomer(ctx, livechat.NewBearerToken(creds.Customers[1].Token), rtm.WithConfig(livechat.WithBaseURL(srv.URL()),
		livechat.WithOrganizationID(creds.OrganizationID)), rtm.WithMaxReconnects(0),
		rtm.WithCustomerLogin(rtm.CustomerLogin{Pushes: map[string][]string{"9.9": {"all"}}}))
	if err == nil {
		t.Fatal("login with pushes for version 9.9 succeeded")
	}
}
