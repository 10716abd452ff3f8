package emulator

import (
	"context"
	"encoding/json"
	"time"

	"github.com/livechat-go/livechat"
)

// A minimal Customer Chat API (Web, customer tokens) so that routing is
// testable end to end: start_chat, send_event, deactivate_chat, get_chat.
// The full Customer Chat API is not part of this emulator yet.
func init() {
	cust := func(fn func(*act) (any, error)) *handler {
		return &handler{fn: fn, web: true, customer: true}
	}
	register("customer", "start_chat", cust(customerStartChat))
	register("customer", "send_event", cust(sendEvent))
	register("customer", "deactivate_chat", cust(deactivateChat))
	register("customer", "get_chat", cust(getChat))
}

func customerStartChat(a *act) (any, error) {
	var req startReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	var banned string
	_ = a.queryRow(`SELECT banned_until FROM customers WHERE id = ?`, a.id.ID).Scan(&banned)
	if banned != "" && banned > a.nowTS {
		return nil, lerr(livechat.TypeCustomerBanned, "")
	}
	spec := req.Chat
	if spec == nil {
		spec = &chatSpec{}
	}
	if len(spec.Users) > 0 {
		return nil, validation("customers cannot choose chat users")
	}
	c := &chatRow{id: newID(), props: props{}, groupIDs: []int{0}, createdAt: a.nowTS}
	if spec.Access != nil && len(spec.Access.GroupIDs) > 0 {
		c.groupIDs = uniqueInts(spec.Access.GroupIDs)
	}
	if err := a.checkGroups(c.groupIDs); err != nil {
		return nil, err
	}
	if len(spec.Properties) > 0 && string(spec.Properties) != "null" {
		p, err := validateProps(spec.Properties)
		if err != nil {
			return nil, err
		}
		c.props = p
	}
	res, err := a.execRes(`INSERT INTO chats(id, properties, group_ids, created_at) VALUES (?,?,?,?)`,
		c.id, c.props.String(), mustJSON(c.groupIDs), c.createdAt)
	if err != nil {
		return nil, err
	}
	c.seq, _ = res.LastInsertId()
	if err := a.addChatUser(c.id, a.id.ID, "customer", "all"); err != nil {
		return nil, err
	}
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
	out := map[string]any{"chat_id": c.id, "thread_id": t.id}
	if len(ids) > 0 {
		out["event_ids"] = ids
	}
	return out, nil
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

var _ = time.Second
