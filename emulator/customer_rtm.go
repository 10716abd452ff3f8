package emulator

// Customer Chat RTM API (protocol.md §4): /v3.x/customer/rtm/ws?organization_id=…
// shares the agent RTM session loop (rtm.go); this file holds what is
// customer specific: the endpoint, login, the disconnect push, and the
// customer view of pushes (hub.deliverCustomers).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
)

func (s *Server) serveCustomerRTM(w http.ResponseWriter, r *http.Request, version string) {
	if !supportedVersion(version) {
		writeError(w, unsupportedVersion(version), "")
		return
	}
	if org := r.URL.Query().Get("organization_id"); org != s.creds.OrganizationID {
		writeError(w, validation("The organization_id query parameter is required and must name this organization"), version)
		return
	}
	c := &rtmConn{s: s, version: version, api: "customer", done: make(chan struct{})}
	ws, _, err := acceptWS(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		OnPingReceived: func(context.Context, []byte) bool {
			c.touch()
			return true
		},
	}, s.cfg.MaxBodyBytes)
	if err != nil {
		return
	}
	c.ws = ws
	s.runRTM(c)
}

// apiName is the API a connection serves.
func (c *rtmConn) apiName() string {
	if c.api == "customer" {
		return "customer"
	}
	return "agent"
}

// disconnectPush names the push that announces the end of a session and
// translates agent-side reasons to customer ones.
func (c *rtmConn) disconnectPush(reason string) (string, string) {
	if c.api != "customer" {
		return "agent_disconnected", reason
	}
	switch reason {
	case "agent_disconnected_by_server":
		reason = "service_temporarily_unavailable"
	case "agent_logged_out_remotely":
		reason = "logged_out_remotely"
	}
	return "customer_disconnected", reason
}

// armExpiry ends the session with access_token_expired when the token of
// id (an OAuth-issued one) expires; update_session re-arms it.
func (c *rtmConn) armExpiry(id *Identity) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.expTimer != nil {
		c.expTimer.Stop()
		c.expTimer = nil
	}
	if id == nil || id.expiresAt.IsZero() || c.closed {
		return
	}
	c.expTimer = time.AfterFunc(time.Until(id.expiresAt), func() { c.disconnect("access_token_expired") })
}

// addCustomer registers a logged-in customer connection (h.mu held).
func (h *hub) addCustomer(c *rtmConn, customerID string) {
	if h.customers == nil {
		h.customers = map[string]map[*rtmConn]struct{}{}
	}
	if h.customers[customerID] == nil {
		h.customers[customerID] = map[*rtmConn]struct{}{}
	}
	h.customers[customerID][c] = struct{}{}
}

// dropCustomer forgets a customer connection (h.mu held).
func (h *hub) dropCustomer(c *rtmConn) {
	id := c.agentID()
	if id == "" {
		return
	}
	delete(h.customers[id], c)
	if len(h.customers[id]) == 0 {
		delete(h.customers, id)
	}
}

// customerConns returns the customer's logged-in connections.
func (h *hub) customerConns(customerID string) []*rtmConn {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*rtmConn, 0, len(h.customers[customerID]))
	for c := range h.customers[customerID] {
		out = append(out, c)
	}
	return out
}

// revoked ends every session that runs on token (after DELETE /v2/token).
func (h *hub) revoked(token string) {
	h.mu.RLock()
	var list []*rtmConn
	for c := range h.all {
		if id := c.identity(); id != nil && id.token == token {
			list = append(list, c)
		}
	}
	h.mu.RUnlock()
	for _, c := range list {
		c.disconnect("access_token_revoked")
	}
}

// How a push reaches customers.
const (
	custChat     = iota + 1 // chat-scoped: the chat's customer
	custQueue               // queue_positions_updated → queue_position_updated per chat
	custCustomer            // names the customer (payload id / customer_id)
	custAll                 // every customer
)

// customerPushes are the agent-side pushes that customers also get
// (Customer Chat API push list, protocol.md §4).
var customerPushes = map[string]int{
	"incoming_chat": custChat, "chat_deactivated": custChat, "chat_transferred": custChat,
	"user_added_to_chat": custChat, "user_removed_from_chat": custChat,
	"incoming_event": custChat, "event_updated": custChat, "event_deleted": custChat,
	"incoming_rich_message_postback": custChat,
	"chat_properties_updated":        custChat, "chat_properties_deleted": custChat,
	"thread_properties_updated": custChat, "thread_properties_deleted": custChat,
	"event_properties_updated": custChat, "event_properties_deleted": custChat,
	"incoming_typing_indicator": custChat, "incoming_thinking_indicator": custChat, "events_marked_as_seen": custChat,
	"queue_positions_updated": custQueue,
	"customer_updated":        custCustomer, "customer_banned": custCustomer,
	"groups_status_updated": custAll,
}

// deliverCustomers gives customers their view of an agent-side push:
// only the customer of the chat, nothing with visibility "agents", and
// customers the push named explicitly are not served twice. It runs after
// commit, with s.mu held and the database connection free.
func (h *hub) deliverCustomers(p *outPush, payload []byte) {
	h.mu.RLock()
	n := len(h.customers)
	h.mu.RUnlock()
	kind := customerPushes[p.action]
	if n == 0 || kind == 0 {
		return
	}
	explicit := map[string]bool{}
	for _, id := range p.agents {
		explicit[id] = true
	}
	send := func(customerID, action string, body []byte) {
		if customerID == "" || explicit[customerID] {
			return
		}
		for _, c := range h.customerConns(customerID) {
			if !c.wants(action) {
				continue
			}
			rid := ""
			if c == p.requester {
				rid = p.requestID
			}
			c.enqueueFrame(pushFrame(c.version, action, rid, body), rid, false)
		}
	}
	switch kind {
	case custAll:
		h.mu.RLock()
		var ids []string
		for id := range h.customers {
			ids = append(ids, id)
		}
		h.mu.RUnlock()
		for _, id := range ids {
			send(id, p.action, payload)
		}
	case custQueue:
		var items []struct {
			ChatID string `json:"chat_id"`
		}
		var raw []json.RawMessage
		if json.Unmarshal(payload, &raw) != nil || json.Unmarshal(payload, &items) != nil {
			return
		}
		for i, it := range items {
			send(h.chatCustomer(it.ChatID), "queue_position_updated", raw[i])
		}
	case custCustomer:
		var m struct {
			ID         string `json:"id"`
			CustomerID string `json:"customer_id"`
		}
		if json.Unmarshal(payload, &m) != nil {
			return
		}
		id := m.ID
		if id == "" {
			id = m.CustomerID
		}
		if p.action == "customer_banned" {
			for _, c := range h.customerConns(id) {
				go c.disconnect("customer_banned")
			}
			return
		}
		send(id, p.action, payload)
	case custChat:
		var m map[string]json.RawMessage
		if json.Unmarshal(payload, &m) != nil {
			return
		}
		chatID := jsonStr(m["chat_id"])
		if chatID == "" {
			var chat struct {
				ID    string `json:"id"`
				Users []struct {
					ID   string `json:"id"`
					Type string `json:"type"`
				} `json:"users"`
			}
			_ = json.Unmarshal(m["chat"], &chat)
			chatID = chat.ID
			for _, u := range chat.Users {
				if u.Type == "customer" {
					h.rememberChat(chat.ID, u.ID)
				}
			}
		}
		body, ok := customerView(p.action, m)
		if !ok {
			return
		}
		send(h.chatCustomer(chatID), p.action, body)
	}
}

func jsonStr(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// visibleToCustomers reports whether a JSON object is not agents-only.
func visibleToCustomers(raw json.RawMessage) bool {
	var v struct {
		Visibility string `json:"visibility"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.Visibility != "agents"
}

// filterVisible drops agents-only entries from a JSON array.
func filterVisible(raw json.RawMessage) json.RawMessage {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return raw
	}
	out := make([]json.RawMessage, 0, len(list))
	for _, x := range list {
		if visibleToCustomers(x) {
			out = append(out, x)
		}
	}
	b, _ := json.Marshal(out)
	return b
}

// customerView rewrites a chat push for the customer; false drops it.
func customerView(action string, m map[string]json.RawMessage) ([]byte, bool) {
	switch action {
	case "incoming_event", "event_updated":
		if !visibleToCustomers(m["event"]) {
			return nil, false
		}
	case "incoming_typing_indicator":
		if !visibleToCustomers(m["typing_indicator"]) {
			return nil, false
		}
	case "incoming_thinking_indicator":
		if !visibleToCustomers(m["thinking_indicator"]) {
			return nil, false
		}
	case "user_added_to_chat":
		if !visibleToCustomers(m["user"]) {
			return nil, false
		}
	case "incoming_chat":
		var chat map[string]json.RawMessage
		if json.Unmarshal(m["chat"], &chat) != nil {
			return nil, false
		}
		if u, ok := chat["users"]; ok {
			chat["users"] = filterVisible(u)
		}
		var th map[string]json.RawMessage
		if json.Unmarshal(chat["thread"], &th) == nil && th != nil {
			if ev, ok := th["events"]; ok {
				th["events"] = filterVisible(ev)
			}
			chat["thread"], _ = json.Marshal(th)
		}
		b, _ := json.Marshal(map[string]any{"chat": chat})
		return b, true
	}
	b, err := json.Marshal(m)
	return b, err == nil
}

// rememberChat caches a chat's customer (a chat's customer never changes
// once set).
func (h *hub) rememberChat(chatID, customerID string) {
	if chatID == "" || customerID == "" {
		return
	}
	h.mu.Lock()
	if h.chatCust == nil {
		h.chatCust = map[string]string{}
	}
	if len(h.chatCust) > 100000 {
		clear(h.chatCust)
	}
	h.chatCust[chatID] = customerID
	h.mu.Unlock()
}

// chatCustomer returns the customer of a chat ("" for none).
func (h *hub) chatCustomer(chatID string) string {
	if chatID == "" {
		return ""
	}
	h.mu.RLock()
	id := h.chatCust[chatID]
	h.mu.RUnlock()
	if id != "" {
		return id
	}
	err := h.s.db.SQL().QueryRowContext(context.Background(),
		`SELECT user_id FROM chat_users WHERE chat_id = ? AND user_type = 'customer' LIMIT 1`, chatID).Scan(&id)
	if err != nil {
		// After commit nobody can be answered any more: the push is lost
		// for the customer, and said so (never cached as "no customer").
		if !errors.Is(err, sql.ErrNoRows) {
			h.s.log.Error("chat customer lookup failed; customer push dropped", "chat", chatID, "error", err)
		}
		return ""
	}
	h.rememberChat(chatID, id)
	return id
}

// ---- login ----

type customerLoginReq struct {
	Token    string `json:"token"`
	Customer *struct {
		customerFields
	} `json:"customer"`
	CustomerPage *struct {
		URL   string `json:"url"`
		Title string `json:"title"`
	} `json:"customer_page"`
	CustomerSideStorage json.RawMessage `json:"customer_side_storage"`
	IsMobile            *bool           `json:"is_mobile"`
	GroupID             *int            `json:"group_id"`
	Referrer            *string         `json:"referrer"`
	Application         *struct {
		Name        string `json:"name"`
		Version     string `json:"version"`
		ChannelType string `json:"channel_type"`
	} `json:"application"`
	Pushes map[string][]string `json:"pushes"`
}

// pushFilter turns login.pushes into the connection's filter (nil = all).
func pushFilter(pushes map[string][]string, connVersion string) (map[string]bool, error) {
	if pushes == nil {
		return nil, nil
	}
	filter := map[string]bool{}
	for v, names := range pushes {
		if !supportedVersion(v) {
			return nil, validation("pushes: unsupported version %q", v)
		}
		if v != connVersion {
			continue
		}
		for _, n := range names {
			if n == "all" {
				return nil, nil
			}
			filter[n] = true
		}
	}
	return filter, nil
}

func customerLogin(a *act) (any, error) {
	c := a.c.conn
	if c == nil {
		return nil, validation("login is available only over RTM")
	}
	var req customerLoginReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	filter, err := pushFilter(req.Pushes, c.version)
	if err != nil {
		return nil, err
	}
	group, err := a.checkCustomerLogin(&req)
	if err != nil {
		return nil, err
	}
	side, err := a.recordVisit(&req, group)
	if err != nil {
		return nil, err
	}
	cj, err := a.customerJSON(a.id.ID, false)
	if err != nil {
		return nil, err
	}
	delete(cj, "type")
	delete(cj, "created_at")
	chats, hasActive, err := a.customerChatsUnread()
	if err != nil {
		return nil, err
	}
	online, err := a.onlineGroups()
	if err != nil {
		return nil, err
	}
	res := map[string]any{"customer": cj, "has_active_thread": hasActive, "chats": chats,
		"__priv_dynamic_config": map[string]any{"online_group_ids": online, "customer_groups": map[string]any{
			"monitoring": map[string]any{"id": group, "static_config_url": "", "language_config_url": ""}}}}
	if g, err := a.pendingGreeting(); err != nil {
		return nil, err
	} else if g != nil {
		res["greeting"] = g
	}
	storage, _ := json.Marshal(map[string]any{"customer_side_storage": json.RawMessage(side)})
	id := a.id
	a.after = append(a.after, func() {
		c.mu.Lock()
		c.id, c.pushes = id, filter
		if filter == nil || filter["customer_side_storage_updated"] {
			c.afterLog = pushFrame(c.version, "customer_side_storage_updated", "", storage)
		}
		if c.timer != nil {
			c.timer.Stop()
			c.timer = time.AfterFunc(c.s.cfg.PingTimeout, func() { c.disconnect("connection_timeout") })
		}
		c.mu.Unlock()
		c.armExpiry(id)
		c.s.hub.login(c, id.ID)
	})
	return res, nil
}

// checkCustomerLogin checks a customer login's fields (side storage,
// page, group, the ban) and applies its customer fields; it returns the
// visit's group (default 0).
func (a *act) checkCustomerLogin(req *customerLoginReq) (int, error) {
	if len(req.CustomerSideStorage) > 0 && string(req.CustomerSideStorage) != "null" {
		var m map[string]any
		if json.Unmarshal(req.CustomerSideStorage, &m) != nil {
			return 0, validation("customer_side_storage must be an object")
		}
	}
	if req.CustomerPage != nil && req.CustomerPage.URL != "" {
		if err := checkURL("customer_page.url", req.CustomerPage.URL); err != nil {
			return 0, err
		}
	}
	group := 0
	if req.GroupID != nil {
		if *req.GroupID < 0 {
			return 0, validation("group_id must not be negative")
		}
		if err := a.checkGroups([]int{*req.GroupID}); err != nil {
			return 0, err
		}
		group = *req.GroupID
	}
	if err := a.checkNotBanned(); err != nil {
		return 0, err
	}
	if req.Customer != nil {
		if err := a.applyCustomerFields(req.Customer.customerFields, false); err != nil {
			return 0, err
		}
	}
	return group, nil
}

// recordVisit starts the customer's next visit (group, referrer,
// application, side storage, page) and returns its side storage as JSON.
func (a *act) recordVisit(req *customerLoginReq, group int) (side string, err error) {
	app := "{}"
	if req.Application != nil {
		app = mustJSON(req.Application)
	}
	side = "{}"
	if len(req.CustomerSideStorage) > 0 && string(req.CustomerSideStorage) != "null" {
		side = string(req.CustomerSideStorage)
	}
	if err := a.exec(`INSERT INTO customer_visits(customer_id, visit_id, started_at, referrer, group_id, is_mobile, application, side_storage)
		VALUES (?, 1, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(customer_id) DO UPDATE SET visit_id = visit_id + 1, started_at = excluded.started_at, referrer = excluded.referrer,
		group_id = excluded.group_id, is_mobile = excluded.is_mobile, application = excluded.application, side_storage = excluded.side_storage,
		page_url = '', page_title = '', page_opened_at = '', last_pages = '[]'`,
		a.id.ID, a.nowTS, deref(req.Referrer), group, b2i(req.IsMobile != nil && *req.IsMobile), app, side); err != nil {
		return "", err
	}
	if req.CustomerPage != nil && req.CustomerPage.URL != "" {
		if err := a.setCustomerPage(req.CustomerPage.URL, req.CustomerPage.Title, false); err != nil {
			return "", err
		}
	}
	return side, nil
}

// customerChatsUnread lists the customer's chats, newest first, each with
// has_unread_events (events of others visible to them after their
// events_seen_up_to), and reports whether one of them is active.
func (a *act) customerChatsUnread() (chats []map[string]any, hasActive bool, err error) {
	rows, err := a.query(`SELECT cu.chat_id, cu.seen_up_to, COALESCE(t.active, 0) FROM chat_users cu JOIN chats c ON c.id = cu.chat_id
		LEFT JOIN threads t ON t.id = c.last_thread_id WHERE cu.user_id = ? ORDER BY c.seq DESC`, a.id.ID)
	if err != nil {
		return nil, false, err
	}
	type chatSeen struct {
		id, seen string
		active   bool
	}
	var list []chatSeen
	for rows.Next() {
		var x chatSeen
		var act int
		if err := rows.Scan(&x.id, &x.seen, &act); err != nil {
			rows.Close()
			return nil, false, err
		}
		x.active = act == 1
		list = append(list, x)
	}
	if err := closeRows(rows); err != nil {
		return nil, false, err
	}
	chats = make([]map[string]any, 0, len(list))
	for _, x := range list {
		var unread int
		if err := a.queryRow(`SELECT COUNT(*) FROM events WHERE thread_seq IN (SELECT seq FROM threads WHERE chat_id = ?) AND visibility = 'all' AND author_id != ? AND created_at > ?`,
			x.id, a.id.ID, x.seen).Scan(&unread); err != nil {
			return nil, false, err
		}
		chats = append(chats, map[string]any{"chat_id": x.id, "has_unread_events": unread > 0})
		hasActive = hasActive || x.active
	}
	return chats, hasActive, nil
}

// checkURL validates an absolute http(s) URL.
func checkURL(field, u string) error {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") || len(u) > 4096 {
		return validation("%s must be an absolute http(s) URL", field)
	}
	return nil
}
