package emulator

// Customer Chat API (protocol.md §4) over Web (/v3.x/customer/action/<name>
// ?organization_id=…, GET for the five GET methods) and RTM
// (/v3.x/customer/rtm/ws). Customer tokens only: agent tokens and PATs
// are refused by the dispatcher. Actions shared with the Agent Chat API
// (send_event, properties, mark_events_as_seen, …) run the same handlers;
// their pushes reach the chat's customer through hub.deliverCustomers.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/livechat-go/livechat"
)

func init() {
	both := func(fn func(*act) (any, error)) *handler {
		return &handler{fn: fn, web: true, rtm: true, customer: true}
	}
	webOnly := func(fn func(*act) (any, error)) *handler {
		return &handler{fn: fn, web: true, customer: true}
	}
	rtmOnly := func(fn func(*act) (any, error)) *handler {
		return &handler{fn: fn, rtm: true, customer: true}
	}
	register("customer", "login", rtmOnly(customerLogin))
	us := rtmOnly(updateSession)
	us.minVer = "3.6"
	register("customer", "update_session", us)
	register("customer", "update_customer_page", rtmOnly(updateCustomerPage))

	register("customer", "list_chats", both(customerListChats))
	register("customer", "list_threads", both(listThreads))
	register("customer", "get_chat", both(customerGetChat))
	register("customer", "start_chat", both(customerStartChat))
	register("customer", "resume_chat", both(customerResumeChat))
	register("customer", "deactivate_chat", both(deactivateChat))
	register("customer", "send_event", both(sendEvent))
	de := both(customerDeleteEvent)
	de.minVer = "3.6"
	register("customer", "delete_event", de)
	register("customer", "send_rich_message_postback", both(sendPostback))
	register("customer", "send_sneak_peek", both(sendSneakPeek))
	register("customer", "update_chat_properties", both(updateChatProps))
	register("customer", "delete_chat_properties", both(deleteChatProps))
	register("customer", "update_thread_properties", both(updateThreadProps))
	register("customer", "delete_thread_properties", both(deleteThreadProps))
	register("customer", "update_event_properties", both(updateEventProps))
	register("customer", "delete_event_properties", both(deleteEventProps))
	register("customer", "mark_events_as_seen", both(markSeen))

	register("customer", "update_customer", both(customerUpdate))
	register("customer", "set_customer_session_fields", both(setSessionFields))
	register("customer", "get_customer", both(customerGet))
	register("customer", "list_group_statuses", both(listGroupStatuses))
	register("customer", "get_form", both(getForm))
	register("customer", "get_predicted_agent", both(getPredictedAgent))
	register("customer", "get_url_info", both(getURLInfo))
	register("customer", "accept_greeting", both(acceptGreeting))
	register("customer", "cancel_greeting", both(cancelGreeting))
	gb := both(greetingButtonClicked)
	gb.minVer = "3.6"
	register("customer", "send_greeting_button_clicked", gb)

	register("customer", "upload_file", webOnly(uploadFile))
	register("customer", "check_goals", webOnly(checkGoals))
	register("customer", "request_email_verification", webOnly(requestEmailVerification))
	register("customer", "list_license_properties", webOnly(listLicenseProperties))
	register("customer", "list_group_properties", webOnly(listGroupProperties))
	register("customer", "get_dynamic_configuration", webOnly(getDynamicConfiguration))
	register("customer", "get_configuration", webOnly(getConfiguration))
	register("customer", "get_localization", webOnly(getLocalization))
}

// checkNotBanned refuses a banned customer.
func (a *act) checkNotBanned() error {
	var banned string
	if err := a.queryRow(`SELECT banned_until FROM customers WHERE id = ?`, a.id.ID).Scan(&banned); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if banned != "" && banned > a.nowTS {
		return lerr(livechat.TypeCustomerBanned, "")
	}
	return nil
}

// customerChatSpec validates what a customer may put in chat: no users.
func customerChatSpec(spec *chatSpec) error {
	if spec != nil && len(spec.Users) > 0 {
		return validation("customers cannot choose chat users")
	}
	if spec != nil && spec.Thread != nil {
		for _, raw := range spec.Thread.Events {
			var probe struct {
				AuthorID   string `json:"author_id"`
				Visibility string `json:"visibility"`
			}
			_ = json.Unmarshal(raw, &probe)
			if probe.Visibility == "agents" {
				return validation("Customers can send only events with visibility all")
			}
		}
	}
	return nil
}

func customerStartChat(a *act) (any, error) {
	var req startReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if err := a.checkNotBanned(); err != nil {
		return nil, err
	}
	spec := req.Chat
	if spec == nil {
		spec = &chatSpec{}
	}
	if spec.ID != "" {
		return nil, validation("start_chat creates a chat; use resume_chat for chat %s", spec.ID)
	}
	if err := customerChatSpec(spec); err != nil {
		return nil, err
	}
	c, err := a.createChat(spec)
	if err != nil {
		return nil, err
	}
	if err := a.addChatUser(c.id, a.id.ID, "customer", "all"); err != nil {
		return nil, err
	}
	return a.customerOpenThread(c, spec, req, map[string]any{"chat_id": c.id})
}

// pushQueuePosition tells the customer where a queued thread stands.
func (a *act) pushQueuePosition(c *chatRow, t *threadRow) error {
	q, err := a.queueJSON(t)
	if err != nil || q == nil {
		return err
	}
	delete(q, "queued_at")
	a.push("queue_position_updated", map[string]any{"chat_id": c.id, "thread_id": t.id, "queue": q}, a.id.ID)
	return nil
}

func customerResumeChat(a *act) (any, error) {
	var req startReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Chat == nil || req.Chat.ID == "" {
		return nil, validation("chat.id is required")
	}
	if err := customerChatSpec(req.Chat); err != nil {
		return nil, err
	}
	if err := a.checkNotBanned(); err != nil {
		return nil, err
	}
	c, err := a.reopenChat(req.Chat)
	if err != nil {
		return nil, err
	}
	// Agents of the previous thread leave; the router picks anew.
	if err := a.exec(`UPDATE chat_users SET present = 0 WHERE chat_id = ? AND user_type = 'agent'`, c.id); err != nil {
		return nil, err
	}
	return a.customerOpenThread(c, req.Chat, req, map[string]any{})
}

// customerOpenThread opens the new thread of a customer's start_chat or
// resume_chat, routes it when active and announces it (incoming_chat,
// queue_position_updated). out is the response so far; it gets thread_id
// and event_ids.
func (a *act) customerOpenThread(c *chatRow, spec *chatSpec, req startReq, out map[string]any) (any, error) {
	active := req.Active == nil || *req.Active
	t, ids, err := a.openThread(c, spec, active)
	if err != nil {
		return nil, err
	}
	if err := a.seeAll(c.id, a.id.ID); err != nil {
		return nil, err
	}
	if active {
		if err := a.routeNew(c, t, req.Continuous != nil && *req.Continuous); err != nil {
			return nil, err
		}
	}
	if err := a.pushIncomingChat(c, t, nil); err != nil {
		return nil, err
	}
	if err := a.pushQueuePosition(c, t); err != nil {
		return nil, err
	}
	out["thread_id"] = t.id
	if len(ids) > 0 {
		out["event_ids"] = ids
	}
	return out, nil
}

// customerUsers drops agents-only users from a rendered user list.
func customerUsers(users []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(users))
	for _, u := range users {
		if u["visibility"] == "agents" {
			continue
		}
		if u["type"] == "agent" {
			delete(u, "email")
		}
		out = append(out, u)
	}
	return out
}

func customerGetChat(a *act) (any, error) {
	res, err := getChat(a)
	if err != nil {
		return nil, err
	}
	m := res.(map[string]any)
	if us, ok := m["users"].([]map[string]any); ok {
		m["users"] = customerUsers(us)
	}
	delete(m, "is_followed")
	return m, nil
}

func customerListChats(a *act) (any, error) {
	var req pageRequest
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if len(req.Filters) > 0 && string(req.Filters) != "null" {
		return nil, validation("filters are not supported by the Customer Chat API list_chats")
	}
	st, err := req.resolve("customer_list_chats", 10, 25)
	if err != nil {
		return nil, err
	}
	where := `c.id IN (SELECT chat_id FROM chat_users WHERE user_id = ?)`
	args := []any{a.id.ID}
	keys, next, prev, err := a.pageKeys(st, "c.seq", "chats c", where, args)
	if err != nil {
		return nil, err
	}
	total, err := a.countRows("chats c", where, args)
	if err != nil {
		return nil, err
	}
	out, err := a.chatSummaries(keys, a.customerSummary)
	if err != nil {
		return nil, err
	}
	return withPageIDs(map[string]any{"chats_summary": out, "total_chats": total}, next, prev), nil
}

// customerSummary renders a chat summary as the Customer Chat API does.
func (a *act) customerSummary(c *chatRow) (map[string]any, error) {
	users, err := a.usersJSON(c.id)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": c.id, "users": customerUsers(users), "properties": c.props.raw(),
		"access": map[string]any{"group_ids": c.groupIDs}, "active": false}
	t, err := a.lastThread(c)
	if err != nil {
		return nil, err
	}
	lept := map[string]any{}
	if t != nil {
		m["last_thread_id"], m["last_thread_created_at"], m["active"] = t.id, t.createdAt, t.active
		if lept, err = a.lastEventPerType(c.id, true); err != nil {
			return nil, err
		}
	}
	m["last_event_per_type"] = lept
	return m, nil
}

func sendSneakPeek(a *act) (any, error) {
	var req struct {
		ChatID        string  `json:"chat_id"`
		SneakPeekText *string `json:"sneak_peek_text"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.SneakPeekText == nil {
		return nil, validation("chat_id and sneak_peek_text are required")
	}
	if len(*req.SneakPeekText) > 16*1024 {
		return nil, validation("sneak_peek_text: at most 16 KB")
	}
	c, t, aud, err := a.activeChatAudience(req.ChatID)
	if err != nil {
		return nil, err
	}
	a.push("incoming_sneak_peek", map[string]any{"chat_id": c.id, "thread_id": t.id,
		"sneak_peek": map[string]any{"author_id": a.id.ID, "text": *req.SneakPeekText, "timestamp": a.now.Unix()}}, aud...)
	return nil, nil
}

// customerDeleteEvent is the Customer Chat API's delete_event (3.6, Web
// and RTM): {chat_id, thread_id, event_id} → {}. A customer deletes the
// events it authored (others' events and system messages: not_allowed).
// A deleted event disappears from every Customer Chat API answer (get_chat,
// list_threads, list_chats' last_event_per_type, login's unread flags) and
// from the customer's reach (event properties, postbacks, deleting it
// again: not_found); the Agent Chat API keeps showing it, flagged
// "deleted": true. The push (and webhook) event_deleted {chat_id,
// thread_id, event_id} goes to the chat's agents and its customer.
func customerDeleteEvent(a *act) (any, error) {
	var req propsReq // chat_id, thread_id, event_id
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, t, m, err := a.writableEvent(req.ChatID, req.ThreadID, req.EventID) // only the events the customer sees
	if err != nil {
		return nil, err
	}
	if jsonStr(m["author_id"]) != a.id.ID {
		return nil, lerr(livechat.TypeNotAllowed, "Customers can delete only their own events")
	}
	m["deleted"] = json.RawMessage("true")
	if err := a.saveEventBody(t, req.EventID, m); err != nil {
		return nil, err
	}
	// Out of every customer view, which reads visibility 'all' only.
	if err := a.exec(`UPDATE events SET visibility = 'deleted' WHERE thread_seq = ? AND id = ?`, t.seq, req.EventID); err != nil {
		return nil, err
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return nil, err
	}
	a.push("event_deleted", map[string]any{"chat_id": c.id, "thread_id": t.id, "event_id": req.EventID}, aud...)
	return nil, nil
}

// CustomerChat is what StartCustomerChat reports.
type CustomerChat struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
}

// StartCustomerChat starts a chat as a customer (by token, see
// Credentials.Customers) in group, with an optional first message, and
// routes it: to an accepting agent with a free slot, else the queue.
func (s *Server) StartCustomerChat(ctx context.Context, customerToken string, group int, text string) (CustomerChat, error) {
	chat := map[string]any{"access": map[string]any{"group_ids": []int{group}}}
	if text != "" {
		chat["thread"] = map[string]any{"events": []any{map[string]any{"type": "message", "text": text}}}
	}
	raw, err := s.Do(ctx, "Bearer "+customerToken, "customer", "", "start_chat", map[string]any{"chat": chat})
	if err != nil {
		return CustomerChat{}, err
	}
	var out CustomerChat
	err = json.Unmarshal(raw, &out)
	return out, err
}
