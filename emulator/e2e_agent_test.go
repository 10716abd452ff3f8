package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

// The SDK's agent client end to end against the emulator: every Agent
// Chat API method, once over the Web transport and once over RTM, with
// results read back and pushes checked on separate RTM connections.

// pushLog collects the pushes of one RTM connection.
type e2ePushLog struct {
	mu     sync.Mutex
	pushes []rtm.Push
	used   []bool
	signal chan struct{}
}

func e2eNewPushLog() *e2ePushLog { return &e2ePushLog{signal: make(chan struct{}, 1)} }

func (l *e2ePushLog) add(p rtm.Push) {
	l.mu.Lock()
	l.pushes = append(l.pushes, p)
	l.used = append(l.used, false)
	l.mu.Unlock()
	select {
	case l.signal <- struct{}{}:
	default:
	}
}

// wait returns the first unused push named action whose payload
// satisfies match; it fails the test when ctx ends first.
func (l *e2ePushLog) wait(ctx context.Context, t *testing.T, action string, match func(M) bool) M {
	t.Helper()
	for {
		l.mu.Lock()
		for i, p := range l.pushes {
			if l.used[i] || p.Action != action {
				continue
			}
			var m M
			if len(p.Payload) > 0 && p.Payload[0] == '{' {
				_ = json.Unmarshal(p.Payload, &m)
			} else {
				m = M{"list": json.RawMessage(p.Payload)}
			}
			if match == nil || match(m) {
				l.used[i] = true
				l.mu.Unlock()
				return m
			}
		}
		l.mu.Unlock()
		select {
		case <-l.signal:
		case <-ctx.Done():
			t.Fatalf("push %s: not received (%v)", action, ctx.Err())
		}
	}
}

// has reports whether a push named action matching match arrived (used
// only after a later push proved that earlier ones were delivered).
func (l *e2ePushLog) has(action string, match func(M) bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.pushes {
		var m M
		_ = json.Unmarshal(p.Payload, &m)
		if p.Action == action && (match == nil || match(m)) {
			return true
		}
	}
	return false
}

func e2eChatIs(id string) func(M) bool { return func(m M) bool { return m["chat_id"] == id } }

// dialWatch opens an RTM connection that records every push.
func e2eDialWatch(t *testing.T, srv *emulator.Server, token string, ver livechat.APIVersion, login rtm.AgentLogin) (*rtm.Conn, *e2ePushLog) {
	t.Helper()
	log := e2eNewPushLog()
	conn, err := rtm.Dial(ctxT(t), livechat.NewBearerToken(token),
		// Through apitest.RTMProxy: every answer and push is held to api/openapi.json.
		rtm.WithConfig(livechat.WithBaseURL(apitest.RTMProxy(t, srv.URL())), livechat.WithAPIVersion(ver)),
		rtm.WithAgentLogin(login), rtm.WithMaxReconnects(0),
		rtm.WithPushHandler(rtm.AllPushes, log.add))
	if err != nil {
		t.Fatalf("rtm.Dial: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, log
}

// newAgentClient returns an agent client over the named transport.
func e2eNewAgentClient(t *testing.T, srv *emulator.Server, tr, token string, ver livechat.APIVersion) *agent.Client {
	t.Helper()
	if tr == "web" {
		w, err := web.New(web.Agent, livechat.NewBearerToken(token), livechat.WithBaseURL(srv.URL()),
			livechat.WithAPIVersion(ver), livechat.WithMaxRetries(0),
			livechat.WithHTTPClient(apitest.HTTPClient(t))) // answers held to api/openapi.json
		if err != nil {
			t.Fatal(err)
		}
		return agent.New(w)
	}
	conn, _ := e2eDialWatch(t, srv, token, ver, rtm.AgentLogin{})
	return agent.New(conn)
}

func e2eMust[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func e2eOk(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func e2eWantIs(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got %v, want %v", what, err, target)
	}
}

func e2eUserPresent(c *livechat.Chat, id string) (present, found bool) {
	for _, u := range c.Users {
		if a, ok := u.(*livechat.Agent); ok && a.ID == id {
			return a.Present, true
		}
	}
	return false, false
}

func TestAgentClientE2E(t *testing.T) {
	for _, tr := range []string{"web", "rtm"} {
		t.Run(tr, func(t *testing.T) {
			t.Parallel()
			e2eTestAgentClient(t, tr)
		})
	}
}

func e2eTestAgentClient(t *testing.T, tr string) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx := ctxT(t)
	owner := e2eNewAgentClient(t, srv, tr, cr.Owner.Token, livechat.V3_6)
	// Watchers: a second connection of the owner and one of the agent.
	_, ownerW := e2eDialWatch(t, srv, cr.Owner.Token, livechat.V3_6, rtm.AgentLogin{})
	_, agentW := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{CustomerMonitoringLevel: "chatting"})
	cust := cr.Customers[0]

	// get_license_info is Web only.
	li, err := owner.GetLicenseInfo(ctx)
	if tr == "web" {
		e2eOk(t, "get_license_info", err)
		if li.LicenseID.String() != cr.LicenseID {
			t.Fatalf("license %+v", li)
		}
	} else {
		e2eWantIs(t, "get_license_info over rtm", err, livechat.ErrValidation)
	}

	// start_chat with a customer and a first message.
	first := agent.NewMessage("hello shipping question")
	first.AuthorID = cust.ID // initial events may be authored by listed users
	st := e2eMust[*agent.StartChatResponse](t, "start_chat")(owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{
		Users:      []agent.ChatUser{{ID: cust.ID, Type: livechat.UserCustomer}},
		Properties: livechat.Properties{"routing": {"pinned": true}},
		Thread:     &agent.InitialThread{Events: livechat.Events{first}},
	}}))
	if st.ChatID == "" || st.ThreadID == "" || len(st.EventIDs) != 1 || st.EventIDs[0] != st.ThreadID+"_1" {
		t.Fatalf("start_chat %+v", st)
	}
	chatID, threadID := st.ChatID, st.ThreadID
	ownerW.wait(ctx, t, "incoming_chat", func(m M) bool { return m["chat"].(M)["id"] == chatID })
	agentW.wait(ctx, t, "incoming_chat", func(m M) bool { return m["chat"].(M)["id"] == chatID }) // group 0: wide audience

	chat := e2eMust[*livechat.Chat](t, "get_chat")(owner.GetChat(ctx, chatID, ""))
	if chat.Thread == nil || chat.Thread.ID != threadID || !chat.Thread.Active || len(chat.Thread.Events) != 1 ||
		chat.Properties["routing"]["pinned"] != true {
		t.Fatalf("get_chat %+v", chat)
	}
	if p, found := e2eUserPresent(chat, cr.Owner.ID); !found || !p {
		t.Fatalf("owner is connected, so present: %v %v", p, found)
	}

	// list_agents_for_transfer: the agent (accepting, group 0) is a candidate.
	cands := e2eMust[[]agent.AgentForTransfer](t, "list_agents_for_transfer")(owner.ListAgentsForTransfer(ctx, chatID))
	if len(cands) == 0 || cands[0].AgentID != cr.Agent.ID {
		t.Fatalf("candidates %+v", cands)
	}

	// send_event / SendMessage.
	evID := e2eMust[string](t, "send_message")(owner.SendMessage(ctx, chatID, "we ship worldwide"))
	if evID != threadID+"_2" {
		t.Fatalf("event id %q", evID)
	}
	ownerW.wait(ctx, t, "incoming_event", func(m M) bool { return m["event"].(M)["id"] == evID })

	// upload_file is Web only.
	url, err := owner.UploadFile(ctx, "note.txt", strings.NewReader("hello file"))
	if tr == "web" {
		e2eOk(t, "upload_file", err)
		fid := e2eMust[string](t, "send_file")(owner.SendFile(ctx, chatID, url))
		e := ownerW.wait(ctx, t, "incoming_event", func(m M) bool { return m["event"].(M)["id"] == fid })
		if e["event"].(M)["name"] != "note.txt" {
			t.Fatalf("file event %v", e)
		}
	} else {
		e2eWantIs(t, "upload_file over rtm", err, agent.ErrUploadUnsupported)
	}

	// rich message + postback.
	rm := &livechat.RichMessage{EventBase: livechat.EventBase{Type: livechat.EventRichMessage}, TemplateID: "quick_replies",
		Elements: []livechat.RichElement{{Title: "Pick", Buttons: []livechat.RichButton{{Text: "Yes", Type: "message", Value: "yes", PostbackID: "pb1"}}}}}
	rmID := e2eMust[*agent.SendEventResponse](t, "send rich message")(owner.SendEvent(ctx, agent.SendEventRequest{ChatID: chatID, Event: rm})).EventID
	e2eOk(t, "send_rich_message_postback", owner.SendRichMessagePostback(ctx, agent.SendRichMessagePostbackRequest{
		ChatID: chatID, ThreadID: threadID, EventID: rmID, Postback: agent.RichMessagePostback{ID: "pb1", Toggled: true}}))
	ownerW.wait(ctx, t, "incoming_rich_message_postback", func(m M) bool { return m["event_id"] == rmID })

	// properties: chat, thread, event.
	e2eOk(t, "update_chat_properties", owner.UpdateChatProperties(ctx, agent.UpdateChatPropertiesRequest{ID: chatID,
		Properties: livechat.Properties{"crm": {"deal": "big", "stage": 2}}}))
	ownerW.wait(ctx, t, "chat_properties_updated", e2eChatIs(chatID))
	e2eOk(t, "delete_chat_properties", owner.DeleteChatProperties(ctx, agent.DeleteChatPropertiesRequest{ID: chatID,
		Properties: livechat.PropertyNames{"crm": {"stage"}}}))
	ownerW.wait(ctx, t, "chat_properties_deleted", e2eChatIs(chatID))
	e2eOk(t, "update_thread_properties", owner.UpdateThreadProperties(ctx, agent.UpdateThreadPropertiesRequest{ChatID: chatID, ThreadID: threadID,
		Properties: livechat.Properties{"goals": {"7": true}, "sales": {"3": true}}}))
	ownerW.wait(ctx, t, "thread_properties_updated", e2eChatIs(chatID))
	e2eOk(t, "delete_thread_properties", owner.DeleteThreadProperties(ctx, agent.DeleteThreadPropertiesRequest{ChatID: chatID, ThreadID: threadID,
		Properties: livechat.PropertyNames{"sales": {"3"}}}))
	ownerW.wait(ctx, t, "thread_properties_deleted", e2eChatIs(chatID))
	e2eOk(t, "update_event_properties", owner.UpdateEventProperties(ctx, agent.UpdateEventPropertiesRequest{ChatID: chatID, ThreadID: threadID,
		EventID: evID, Properties: livechat.Properties{"qa": {"ok": true, "score": 5}}}))
	ownerW.wait(ctx, t, "event_properties_updated", func(m M) bool { return m["event_id"] == evID })
	e2eOk(t, "delete_event_properties", owner.DeleteEventProperties(ctx, agent.DeleteEventPropertiesRequest{ChatID: chatID, ThreadID: threadID,
		EventID: evID, Properties: livechat.PropertyNames{"qa": {"score"}}}))
	ownerW.wait(ctx, t, "event_properties_deleted", func(m M) bool { return m["event_id"] == evID })
	e2eOk(t, "tag_thread", owner.TagThread(ctx, agent.TagThreadRequest{ChatID: chatID, ThreadID: threadID, Tag: "sales"}))
	e2eOk(t, "tag_thread", owner.TagThread(ctx, agent.TagThreadRequest{ChatID: chatID, ThreadID: threadID, Tag: "vip"}))
	ownerW.wait(ctx, t, "thread_tagged", func(m M) bool { return m["tag"] == "vip" })
	e2eOk(t, "untag_thread", owner.UntagThread(ctx, agent.UntagThreadRequest{ChatID: chatID, ThreadID: threadID, Tag: "sales"}))
	ownerW.wait(ctx, t, "thread_untagged", func(m M) bool { return m["tag"] == "sales" })
	e2eWantIs(t, "tag_thread unknown tag", owner.TagThread(ctx, agent.TagThreadRequest{ChatID: chatID, ThreadID: threadID, Tag: "nope"}), livechat.ErrNotFound)
	chat = e2eMust[*livechat.Chat](t, "get_chat")(owner.GetChat(ctx, chatID, threadID))
	if chat.Properties["crm"]["deal"] != "big" || chat.Properties["crm"]["stage"] != nil ||
		chat.Thread.Properties["goals"]["7"] != true || chat.Thread.Properties["sales"] != nil ||
		fmt.Sprint(chat.Thread.Tags) != "[vip]" {
		t.Fatalf("read back: props %v thread props %v tags %v", chat.Properties, chat.Thread.Properties, chat.Thread.Tags)
	}
	for _, ev := range chat.Thread.Events {
		if m, isMsg := ev.(*livechat.Message); isMsg && m.ID == evID {
			if m.Properties["qa"]["ok"] != true || m.Properties["qa"]["score"] != nil {
				t.Fatalf("event properties %v", m.Properties)
			}
		}
		if r, isRM := ev.(*livechat.RichMessage); isRM && fmt.Sprint(r.Elements[0].Buttons[0].UserIDs) != "["+cr.Owner.ID+"]" {
			t.Fatalf("postback not stored: %+v", r.Elements[0].Buttons[0])
		}
	}

	// mark_events_as_seen.
	e2eOk(t, "mark_events_as_seen", owner.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: chatID, SeenUpTo: chat.Thread.CreatedAt}))
	ownerW.wait(ctx, t, "events_marked_as_seen", e2eChatIs(chatID))

	// add_user_to_chat: the agent joins; typing and thinking indicators reach it.
	e2eOk(t, "add_user_to_chat", owner.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: chatID, UserID: cr.Agent.ID,
		UserType: livechat.UserAgent, Visibility: livechat.VisibilityAll}))
	agentW.wait(ctx, t, "user_added_to_chat", func(m M) bool { return m["chat_id"] == chatID && m["user"].(M)["id"] == cr.Agent.ID })
	e2eWantIs(t, "add_user_to_chat twice", owner.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: chatID, UserID: cr.Agent.ID,
		UserType: livechat.UserAgent, Visibility: livechat.VisibilityAll}), livechat.ErrAlreadyExists)
	e2eOk(t, "send_typing_indicator", owner.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: chatID, IsTyping: true}))
	agentW.wait(ctx, t, "incoming_typing_indicator", func(m M) bool {
		ti := m["typing_indicator"].(M)
		return m["chat_id"] == chatID && ti["author_id"] == cr.Owner.ID && ti["is_typing"] == true
	})
	e2eOk(t, "send_thinking_indicator", owner.SendThinkingIndicator(ctx, agent.SendThinkingIndicatorRequest{ChatID: chatID, Title: "Looking it up"}))
	agentW.wait(ctx, t, "incoming_thinking_indicator", e2eChatIs(chatID))
	// send_event_preview reaches the chat's customer (incoming_event_preview
	// is a Customer Chat API push), not the other agents (checked after the
	// multicast below).
	custRec := cuNewRecorder(t)
	cuDial(t, srv, livechat.NewBearerToken(cust.Token), custRec)
	e2eOk(t, "send_event_preview", owner.SendEventPreview(ctx, agent.SendEventPreviewRequest{ChatID: chatID, Event: agent.NewMessage("we ship wor…")}))
	pv := custRec.wait("incoming_event_preview", e2eChatIs(chatID))
	if e := pv["event"].(M); e["text"] != "we ship wor…" || e["author_id"] != cr.Owner.ID || pv["thread_id"] != threadID {
		t.Fatalf("preview %v", pv)
	}
	// previews are not stored
	chat = e2eMust[*livechat.Chat](t, "get_chat")(owner.GetChat(ctx, chatID, ""))
	for _, ev := range chat.Thread.Events {
		if m, isMsg := ev.(*livechat.Message); isMsg && strings.Contains(m.Text, "wor…") {
			t.Fatal("the preview was stored")
		}
	}

	// multicast.
	e2eOk(t, "multicast", owner.Multicast(ctx, agent.MulticastRequest{Recipients: agent.MulticastRecipients{
		Agents: &agent.MulticastAgents{IDs: []string{cr.Agent.ID}}}, Content: M{"hello": "team"}, Type: "note"}))
	agentW.wait(ctx, t, "incoming_multicast", func(m M) bool { return m["type"] == "note" && m["author_id"] == cr.Owner.ID })
	if agentW.has("incoming_event_preview", nil) {
		t.Fatal("an agent got incoming_event_preview, which the Agent Chat API does not have")
	}

	// remove_user_from_chat.
	e2eOk(t, "remove_user_from_chat", owner.RemoveUserFromChat(ctx, agent.RemoveUserFromChatRequest{ChatID: chatID, UserID: cr.Agent.ID, UserType: livechat.UserAgent}))
	agentW.wait(ctx, t, "user_removed_from_chat", func(m M) bool { return m["chat_id"] == chatID && m["user_id"] == cr.Agent.ID })
	e2eWantIs(t, "remove_user_from_chat again", owner.RemoveUserFromChat(ctx, agent.RemoveUserFromChatRequest{ChatID: chatID, UserID: cr.Agent.ID,
		UserType: livechat.UserAgent}), livechat.ErrNotFound)

	// routing statuses.
	e2eOk(t, "set_routing_status", owner.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: livechat.NotAcceptingChats}))
	ownerW.wait(ctx, t, "routing_status_set", func(m M) bool { return m["agent_id"] == cr.Owner.ID && m["status"] == "not_accepting_chats" })
	sts := e2eMust[[]agent.AgentRoutingStatus](t, "list_routing_statuses")(owner.ListRoutingStatuses(ctx, agent.ListRoutingStatusesRequest{
		Filters: &agent.RoutingStatusFilters{GroupIDs: []int{1}}}))
	if len(sts) != 1 || sts[0].AgentID != cr.Owner.ID || sts[0].Status != livechat.NotAcceptingChats {
		t.Fatalf("routing statuses %+v", sts)
	}
	e2eOk(t, "set_routing_status", owner.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: livechat.AcceptingChats}))
	e2eWantIs(t, "offline for an agent", owner.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: livechat.Offline}), livechat.ErrValidation)

	// follow/unfollow by the agent (not a member any more).
	agentC := e2eNewAgentClient(t, srv, tr, cr.Agent.Token, livechat.V3_6)
	e2eOk(t, "follow_chat", agentC.FollowChat(ctx, chatID))
	chat = e2eMust[*livechat.Chat](t, "get_chat")(agentC.GetChat(ctx, chatID, ""))
	if !chat.IsFollowed {
		t.Fatal("is_followed after follow_chat")
	}
	e2eOk(t, "unfollow_chat", agentC.UnfollowChat(ctx, chatID))
	agentW.wait(ctx, t, "chat_unfollowed", e2eChatIs(chatID))

	// transfer_chat to the agent: the owner leaves the chat.
	e2eOk(t, "transfer_chat", owner.TransferChat(ctx, agent.TransferChatRequest{ID: chatID, Target: agent.ToAgents(cr.Agent.ID)}))
	tp := agentW.wait(ctx, t, "chat_transferred", e2eChatIs(chatID))
	if fmt.Sprint(tp["transferred_to"].(M)["agent_ids"]) != "["+cr.Agent.ID+"]" {
		t.Fatalf("chat_transferred %v", tp)
	}
	agentW.wait(ctx, t, "incoming_chat", func(m M) bool { return m["chat"].(M)["id"] == chatID && m["transferred_from"] != nil })
	_, err = owner.SendMessage(ctx, chatID, "still here?")
	e2eWantIs(t, "send_event after transfer", err, livechat.ErrMissingAccess)
	e2eWantIs(t, "deactivate_chat as a non-member", owner.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: chatID}), livechat.ErrMissingAccess)

	// deactivate_chat (by the owner, ignoring presence).
	e2eOk(t, "deactivate_chat", owner.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: chatID, IgnoreRequesterPresence: true}))
	agentW.wait(ctx, t, "chat_deactivated", func(m M) bool { return m["chat_id"] == chatID && m["thread_id"] == threadID })
	_, err = agentC.SendMessage(ctx, chatID, "after close")
	e2eWantIs(t, "send_event to an archived chat", err, livechat.ErrChatInactive)
	e2eWantIs(t, "add_user_to_chat to an archived chat", owner.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: chatID, UserID: cr.Owner.ID,
		UserType: livechat.UserAgent, Visibility: livechat.VisibilityAll}), livechat.ErrChatInactive)
	e2eWantIs(t, "transfer_chat of an archived chat", owner.TransferChat(ctx, agent.TransferChatRequest{ID: chatID,
		Target: agent.ToGroups(0), IgnoreRequesterPresence: true}), livechat.ErrChatInactive)

	// request_thread_summary (3.6): stored, pushed, once.
	e2eOk(t, "request_thread_summary", owner.RequestThreadSummary(ctx, chatID, threadID))
	sp := agentW.wait(ctx, t, "thread_summary_set", func(m M) bool { return m["thread_id"] == threadID })
	sum := sp["summary"].(M)
	if !strings.Contains(sum["text"].(string), "hello shipping question") || sum["status"] != "completed" {
		t.Fatalf("summary %v", sp)
	}
	e2eWantIs(t, "request_thread_summary twice", owner.RequestThreadSummary(ctx, chatID, threadID),
		livechat.ErrAlreadyExists)
	chat = e2eMust[*livechat.Chat](t, "get_chat")(owner.GetChat(ctx, chatID, threadID))
	var gotSum struct{ Text string }
	if raw, has := chat.Thread.Extra["summary"]; !has || json.Unmarshal(raw, &gotSum) != nil || gotSum.Text != sum["text"] {
		t.Fatalf("thread.summary %s", chat.Thread.Extra["summary"])
	}

	// resume_chat: a new thread.
	rs := e2eMust[*agent.ResumeChatResponse](t, "resume_chat")(owner.ResumeChat(ctx, agent.ResumeChatRequest{Chat: agent.InitialChat{ID: chatID,
		Thread: &agent.InitialThread{Events: livechat.Events{agent.NewMessage("welcome back")}}}}))
	if rs.ThreadID == "" || rs.ThreadID == threadID || len(rs.EventIDs) != 1 {
		t.Fatalf("resume_chat %+v", rs)
	}
	ownerW.wait(ctx, t, "incoming_chat", func(m M) bool { return m["chat"].(M)["thread"].(M)["id"] == rs.ThreadID })
	lt := e2eMust[*agent.ListThreadsResponse](t, "list_threads")(owner.ListThreads(ctx, agent.ListThreadsRequest{ChatID: chatID, SortOrder: agent.SortAsc}))
	if lt.FoundThreads != 2 || len(lt.Threads) != 2 || lt.Threads[0].ID != threadID || lt.Threads[1].ID != rs.ThreadID ||
		lt.Threads[0].Active || !lt.Threads[1].Active || lt.Threads[0].NextThreadID != rs.ThreadID {
		t.Fatalf("list_threads %+v", lt)
	}

	// customers.
	gc := e2eMust[*livechat.Customer](t, "get_customer")(owner.GetCustomer(ctx, cust.ID))
	if gc.ID != cust.ID || gc.Name != cust.Name || gc.Email != cust.Email {
		t.Fatalf("get_customer %+v", gc)
	}
	_, err = owner.GetCustomer(ctx, "00000000-0000-4000-8000-00000000dead")
	e2eWantIs(t, "get_customer unknown", err, livechat.ErrNotFound)
	e2eOk(t, "update_customer", owner.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: cust.ID, Name: "Carla C.",
		SessionFields: livechat.SessionFields{{"country_code": "pl"}}}))
	// the agent monitors "chatting": the customer has an active chat in its group
	agentW.wait(ctx, t, "customer_updated", func(m M) bool { return m["id"] == cust.ID && m["name"] == "Carla C." })
	gc = e2eMust[*livechat.Customer](t, "get_customer")(owner.GetCustomer(ctx, cust.ID))
	if gc.Name != "Carla C." {
		t.Fatalf("update_customer not stored: %+v", gc)
	}
	_, err = owner.CreateCustomer(ctx, agent.CreateCustomerRequest{Name: "x"})
	e2eWantIs(t, "create_customer on 3.6", err, livechat.ErrUnsupportedVersion)
	_, err = owner.ListCustomers(ctx, agent.ListCustomersRequest{})
	e2eWantIs(t, "list_customers on 3.6", err, livechat.ErrUnsupportedVersion)
	// follow_customer/unfollow_customer exist only in API 3.3; the SDK does not offer them.

	// subscribe_customers / unsubscribe_customers are RTM only.
	sub, err := owner.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{0}})
	if tr == "web" {
		e2eWantIs(t, "subscribe_customers over web", err, livechat.ErrValidation)
		e2eWantIs(t, "unsubscribe_customers over web", owner.UnsubscribeCustomers(ctx, "x"), livechat.ErrValidation)
	} else {
		e2eOk(t, "subscribe_customers", err)
		if sub.SubscriptionID == "" || len(sub.Customers) != 1 || sub.Customers[0].ID != cust.ID {
			t.Fatalf("subscribe_customers %+v", sub)
		}
		e2eOk(t, "unsubscribe_customers", owner.UnsubscribeCustomers(ctx, sub.SubscriptionID))
		e2eWantIs(t, "unsubscribe_customers twice", owner.UnsubscribeCustomers(ctx, sub.SubscriptionID),
			livechat.ErrNotFound)
	}

	// list_chats and list_archives see both threads.
	lc := e2eMust[*agent.ListChatsResponse](t, "list_chats")(owner.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{Active: e2ePtr(true)}}))
	if lc.FoundChats != 1 || lc.ChatsSummary[0].ID != chatID {
		t.Fatalf("list_chats %+v", lc)
	}
	arch := e2eMust[*agent.ListArchivesResponse](t, "list_archives")(owner.ListArchives(ctx, agent.ListArchivesRequest{
		Filters:    &agent.ArchivesFilters{Query: "shipping", Goals: &agent.IntFilter{Values: []int{7}}, CustomerCountries: &agent.StringFilter{Values: []string{"PL"}}},
		Highlights: &agent.Highlights{},
	}))
	if arch.FoundChats != 1 || arch.Chats[0].Thread.ID != threadID {
		t.Fatalf("list_archives %+v", arch)
	}
	if m, isMsg := arch.Chats[0].Thread.Events[0].(*livechat.Message); !isMsg || m.Text != "hello <em>shipping</em> question" {
		t.Fatalf("highlighted event %+v", arch.Chats[0].Thread.Events[0])
	}

	// ban_customer archives the customer's active chat.
	e2eOk(t, "ban_customer", owner.BanCustomer(ctx, agent.BanCustomerRequest{ID: cust.ID, Ban: agent.Ban{Days: 2}}))
	ownerW.wait(ctx, t, "customer_banned", func(m M) bool { return m["customer_id"] == cust.ID })
	ownerW.wait(ctx, t, "chat_deactivated", func(m M) bool { return m["thread_id"] == rs.ThreadID })

	// documented errors.
	_, err = owner.GetChat(ctx, "NOSUCHCHAT", "")
	e2eWantIs(t, "get_chat unknown", err, livechat.ErrNotFound)
	ro := e2eNewAgentClient(t, srv, "web", cr.ReadOnly.Token, livechat.V3_6)
	_, err = ro.StartChat(ctx, agent.StartChatRequest{})
	e2eWantIs(t, "start_chat read-only", err, livechat.ErrAuthorization)
	g1 := e2eMust[*agent.StartChatResponse](t, "start_chat group 1")(owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Access: &livechat.Access{GroupIDs: []int{1}}}}))
	_, err = agentC.GetChat(ctx, g1.ChatID, "")
	e2eWantIs(t, "get_chat outside the agent's groups", err, livechat.ErrMissingAccess)
}

func e2ePtr[T any](v T) *T { return &v }
