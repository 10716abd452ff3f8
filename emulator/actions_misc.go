package emulator

import (
	"database/sql"
	"encoding/json"
	"errors"
	"mime"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/livechat-go/livechat"
)

func init() {
	both := func(fn func(*act) (any, error), scopes ...string) *handler {
		return &handler{fn: noteWeb(fn), scopes: scopes, web: true, rtm: true}
	}
	register("agent", "get_license_info", &handler{fn: noteWeb(getLicenseInfo), web: true, minVer: "3.5"})
	register("agent", "get_customer", both(getCustomer, "customers:ro"))
	h := both(listCustomers, "customers:ro")
	h.maxVer = "3.5"
	register("agent", "list_customers", h)
	h = both(createCustomer, "customers:rw")
	h.maxVer = "3.5"
	register("agent", "create_customer", h)
	register("agent", "update_customer", both(updateCustomer, "customers:rw"))
	register("agent", "ban_customer", both(banCustomer, "customers.ban:rw"))
	register("agent", "set_routing_status", both(setRoutingStatus, "agents--my:rw", "agents-bot--my:rw"))
	register("agent", "list_routing_statuses", both(listRoutingStatuses, "agents--my:ro", "agents-bot--my:ro"))
	register("agent", "multicast", both(multicast, "multicast:rw"))
	register("agent", "list_agents_for_transfer", both(listAgentsForTransfer, scChatsRO))
	register("agent", "upload_file", &handler{fn: noteWeb(uploadFile), web: true, scopes: []string{scChatsRW}})
	h = &handler{fn: subscribeCustomers, rtm: true, scopes: []string{"customers:ro"}, minVer: "3.6"}
	register("agent", "subscribe_customers", h)
	h = &handler{fn: unsubscribeCustomers, rtm: true, scopes: []string{"customers:ro"}, minVer: "3.6"}
	register("agent", "unsubscribe_customers", h)
}

func getLicenseInfo(a *act) (any, error) {
	created, ct, err := a.licenseCreated()
	if err != nil {
		return nil, err
	}
	lic, _ := strconv.Atoi(a.s.creds.LicenseID)
	return map[string]any{"license_id": lic, "created_at": created,
		"expires_at": nowStamp(ct.AddDate(10, 0, 0)), "in_trial": false}, nil
}

// licenseCreated is when the license was created (the seeding time), as
// stored and parsed.
func (a *act) licenseCreated() (string, time.Time, error) {
	var created string
	if err := a.queryRow(`SELECT value FROM meta WHERE key = 'created_at'`).Scan(&created); err != nil {
		return "", time.Time{}, err
	}
	ct, err := parseTS(created)
	return created, ct, err
}

func parseTS(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

func getCustomer(a *act) (any, error) {
	var req struct {
		ID string `json:"id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, validation("id is required")
	}
	return a.customerJSON(req.ID, true)
}

type strFilter struct {
	Values        []string `json:"values"`
	ExcludeValues []string `json:"exclude_values"`
}

type cmpFilter struct {
	LT  json.RawMessage `json:"lt"`
	LTE json.RawMessage `json:"lte"`
	GT  json.RawMessage `json:"gt"`
	GTE json.RawMessage `json:"gte"`
	EQ  json.RawMessage `json:"eq"`
}

// Expressions of list_customers over the customers row.
const (
	custThreadsSQL = `(SELECT COUNT(*) FROM threads WHERE customer_id = customers.id)`
	custChatsSQL   = `(SELECT COUNT(DISTINCT chat_id) FROM threads WHERE customer_id = customers.id)`
	// custVisitsSQL: the emulator records no visits; every customer has one.
	custVisitsSQL    = `1`
	custAgentLastSQL = `(SELECT MAX(e.created_at) FROM events e JOIN threads t ON t.seq = e.thread_seq JOIN agents ag ON ag.id = e.author_id
		WHERE t.customer_id = customers.id)`
	custCustomerLastSQL = `(SELECT MAX(e.created_at) FROM events e JOIN threads t ON t.seq = e.thread_seq
		WHERE t.customer_id = customers.id AND e.author_id = customers.id)`
)

// msSQL turns a stored timestamp expression into Unix milliseconds (0 for NULL).
func msSQL(expr string) string {
	return `COALESCE(CAST((julianday(` + expr + `) - 2440587.5) * 86400000 AS INTEGER), 0)`
}

// custSortKeys are the keyset keys of list_customers by sort_by: the sort
// value scaled by 10^6 plus the customer's seq, so that equal values keep
// a stable order and every key is unique.
var custSortKeys = map[string]string{
	"":                    "seq",
	"created_at":          "seq",
	"threads_count":       custThreadsSQL + ` * 1000000 + seq`,
	"visits_count":        custVisitsSQL + ` * 1000000 + seq`,
	"agent_last_event":    msSQL(custAgentLastSQL) + ` * 1000000 + seq`,
	"customer_last_event": msSQL(custCustomerLastSQL) + ` * 1000000 + seq`,
}

func listCustomers(a *act) (any, error) {
	var req struct {
		pageRequest
		SortBy string `json:"sort_by"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.PageID != "" && req.SortBy != "" {
		return nil, validation("page_id cannot be combined with sort_by")
	}
	st, err := req.resolve("list_customers", 10, 100)
	if err != nil {
		return nil, err
	}
	if req.PageID == "" {
		st.Extra = rawStr(req.SortBy)
	} else {
		_ = json.Unmarshal(st.Extra, &req.SortBy)
	}
	key, ok := custSortKeys[req.SortBy]
	if !ok {
		return nil, validation("sort_by must be created_at, threads_count, visits_count, agent_last_event or customer_last_event")
	}
	var f struct {
		Country                     *strFilter `json:"country"`
		Name                        *strFilter `json:"name"`
		Email                       *strFilter `json:"email"`
		CustomerID                  *strFilter `json:"customer_id"`
		CreatedAt                   *cmpFilter `json:"created_at"`
		AgentLastEventCreatedAt     *cmpFilter `json:"agent_last_event_created_at"`
		CustomerLastEventCreatedAt  *cmpFilter `json:"customer_last_event_created_at"`
		Chats                       *cmpFilter `json:"chats_count"`
		Threads                     *cmpFilter `json:"threads_count"`
		Visits                      *cmpFilter `json:"visits_count"`
		IncludeCustomersWithoutChat *bool      `json:"include_customers_without_chats"`
		ChatGroupIDs                *struct {
			Values        []int `json:"values"`
			ExcludeValues []int `json:"exclude_values"`
		} `json:"chat_group_ids"`
	}
	if len(st.Filters) > 0 {
		if err := json.Unmarshal(st.Filters, &f); err != nil {
			return nil, validation("filters: %v", err)
		}
	}
	var conds []string
	var args []any
	if f.Country != nil {
		up := func(in []string) []string {
			out := make([]string, len(in))
			for i, v := range in {
				out[i] = strings.ToUpper(v)
			}
			return out
		}
		f.Country = &strFilter{Values: up(f.Country.Values), ExcludeValues: up(f.Country.ExcludeValues)}
	}
	for _, sf := range []struct {
		col string
		f   *strFilter
	}{{"name", f.Name}, {"email", f.Email}, {"id", f.CustomerID}, {customerCountrySQL("customers.id"), f.Country}} {
		if sf.f == nil {
			continue
		}
		if len(sf.f.Values) > 0 {
			conds = append(conds, sf.col+" IN (SELECT value FROM json_each(?))")
			args = append(args, mustJSON(sf.f.Values))
		}
		if len(sf.f.ExcludeValues) > 0 {
			conds = append(conds, "COALESCE("+sf.col+", '') NOT IN (SELECT value FROM json_each(?))")
			args = append(args, mustJSON(sf.f.ExcludeValues))
		}
	}
	cmp := func(expr string, cf *cmpFilter, ts bool) error {
		if cf == nil {
			return nil
		}
		for _, op := range []struct {
			sql string
			v   json.RawMessage
		}{{"<", cf.LT}, {"<=", cf.LTE}, {">", cf.GT}, {">=", cf.GTE}, {"=", cf.EQ}} {
			if len(op.v) == 0 {
				continue
			}
			if ts {
				var s string
				if json.Unmarshal(op.v, &s) != nil {
					return validation("timestamp filters take RFC 3339 strings")
				}
				if _, err := parseTS(s); err != nil {
					return validation("timestamp filters take RFC 3339 strings")
				}
				conds, args = append(conds, expr+" "+op.sql+" ?"), append(args, normTS(s))
			} else {
				n, err := strconv.Atoi(string(op.v))
				if err != nil {
					return validation("count filters take integers")
				}
				conds, args = append(conds, expr+" "+op.sql+" ?"), append(args, n)
			}
		}
		return nil
	}
	for _, c := range []struct {
		expr string
		f    *cmpFilter
		ts   bool
	}{
		{"created_at", f.CreatedAt, true},
		{custAgentLastSQL, f.AgentLastEventCreatedAt, true},
		{custCustomerLastSQL, f.CustomerLastEventCreatedAt, true},
		{custChatsSQL, f.Chats, false},
		{custThreadsSQL, f.Threads, false},
		{custVisitsSQL, f.Visits, false},
	} {
		if err := cmp(c.expr, c.f, c.ts); err != nil {
			return nil, err
		}
	}
	if g := f.ChatGroupIDs; g != nil {
		if len(g.Values) > 40 || len(g.ExcludeValues) > 40 {
			return nil, validation("filters.chat_group_ids: at most 40 values")
		}
		const inGroups = `EXISTS (SELECT 1 FROM threads t, json_each(t.group_ids) j WHERE t.customer_id = customers.id AND j.value IN (SELECT value FROM json_each(?)))`
		if len(g.Values) > 0 {
			conds, args = append(conds, inGroups), append(args, mustJSON(g.Values))
		}
		if len(g.ExcludeValues) > 0 {
			conds, args = append(conds, "NOT "+inGroups), append(args, mustJSON(g.ExcludeValues))
		}
	}
	if f.IncludeCustomersWithoutChat != nil && !*f.IncludeCustomersWithoutChat {
		conds = append(conds, `EXISTS (SELECT 1 FROM chat_users cu WHERE cu.user_id = customers.id)`)
	}
	where := andJoin(conds...)
	keys, next, prev, err := a.pageKeys(st, key, "customers", where, args)
	if err != nil {
		return nil, err
	}
	total, err := a.countRows("customers", where, args)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		var id string
		if err := a.queryRow(`SELECT id FROM customers WHERE seq = ?`, k%1000000).Scan(&id); err != nil {
			return nil, err
		}
		cj, err := a.customerJSON(id, false)
		if err != nil {
			return nil, err
		}
		out = append(out, cj)
	}
	return withPageIDs(map[string]any{"customers": out, "total_customers": total}, next, prev), nil
}

type customerFields struct {
	Name          *string          `json:"name"`
	Email         *string          `json:"email"`
	Avatar        *string          `json:"avatar"`
	SessionFields *json.RawMessage `json:"session_fields"`
}

var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

func (f customerFields) validate() error {
	if f.Email != nil && *f.Email != "" && !emailRe.MatchString(*f.Email) {
		return validation("email is not a valid e-mail address")
	}
	if f.Avatar != nil && *f.Avatar != "" {
		if u, err := url.Parse(*f.Avatar); err != nil || u.Host == "" {
			return validation("avatar must be a URL")
		}
	}
	if f.SessionFields != nil {
		var sf []map[string]string
		if err := json.Unmarshal(*f.SessionFields, &sf); err != nil {
			return validation("session_fields must be a list of {key: value} objects")
		}
		if len(sf) > 100 {
			return validation("session_fields: at most 100")
		}
	}
	return nil
}

func createCustomer(a *act) (any, error) {
	var f customerFields
	if err := a.decode(&f); err != nil {
		return nil, err
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	id := uuid.NewString()
	var seq int
	if err := a.queryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM customers`).Scan(&seq); err != nil {
		return nil, err
	}
	sf := "[]"
	if f.SessionFields != nil && string(*f.SessionFields) != "null" {
		sf = string(*f.SessionFields)
	}
	if err := a.exec(`INSERT INTO customers(id, name, email, avatar, session_fields, created_at, seq) VALUES (?,?,?,?,?,?,?)`,
		id, deref(f.Name), deref(f.Email), deref(f.Avatar), sf, a.nowTS, seq); err != nil {
		return nil, err
	}
	cj, err := a.customerJSON(id, false)
	if err != nil {
		return nil, err
	}
	if err := a.pushCustomer("incoming_customer", id, cj); err != nil {
		return nil, err
	}
	return map[string]any{"customer_id": id}, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func updateCustomer(a *act) (any, error) {
	var req struct {
		ID string `json:"id"`
		customerFields
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, validation("id is required")
	}
	if u, err := uuid.Parse(req.ID); err != nil || u.Version() != 4 {
		return nil, validation("id must be a UUID v4")
	}
	f := req.customerFields
	if f.Name == nil && f.Email == nil && f.Avatar == nil && f.SessionFields == nil {
		return nil, validation("at least one of name, email, avatar, session_fields is required")
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	if ok, err := a.customerKnown(req.ID); err != nil {
		return nil, err
	} else if !ok {
		return nil, notFound("Customer")
	}
	changed := map[string]any{"id": req.ID}
	if f.Name != nil {
		changed["name"] = *f.Name
		if err := a.exec(`UPDATE customers SET name = ? WHERE id = ?`, *f.Name, req.ID); err != nil {
			return nil, err
		}
	}
	if f.Email != nil {
		changed["email"] = *f.Email
		if err := a.exec(`UPDATE customers SET email = ? WHERE id = ?`, *f.Email, req.ID); err != nil {
			return nil, err
		}
	}
	if f.Avatar != nil {
		changed["avatar"] = *f.Avatar
		if err := a.exec(`UPDATE customers SET avatar = ? WHERE id = ?`, *f.Avatar, req.ID); err != nil {
			return nil, err
		}
	}
	if f.SessionFields != nil {
		changed["session_fields"] = *f.SessionFields
		if err := a.exec(`UPDATE customers SET session_fields = ? WHERE id = ?`, string(*f.SessionFields), req.ID); err != nil {
			return nil, err
		}
	}
	return nil, a.pushCustomer("customer_updated", req.ID, changed)
}

func banCustomer(a *act) (any, error) {
	var req struct {
		ID  string `json:"id"`
		Ban *struct {
			Days *int `json:"days"`
		} `json:"ban"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" || req.Ban == nil || req.Ban.Days == nil {
		return nil, validation("id and ban.days are required")
	}
	if *req.Ban.Days < 1 {
		return nil, validation("ban.days must be at least 1")
	}
	if ok, err := a.customerKnown(req.ID); err != nil {
		return nil, err
	} else if !ok {
		return nil, notFound("Customer")
	}
	until := nowStamp(a.now.AddDate(0, 0, *req.Ban.Days))
	if err := a.exec(`UPDATE customers SET banned_until = ? WHERE id = ?`, until, req.ID); err != nil {
		return nil, err
	}
	// Archive the customer's active chats.
	rows, err := a.query(`SELECT c.id FROM chats c JOIN chat_users cu ON cu.chat_id = c.id JOIN threads t ON t.id = c.last_thread_id
		WHERE cu.user_id = ? AND t.active = 1`, req.ID)
	if err != nil {
		return nil, err
	}
	var chats []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		chats = append(chats, id)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	agentName := a.userName(a.id.ID)
	for _, id := range chats {
		c, err := a.chat(id)
		if err != nil {
			return nil, err
		}
		t, err := a.activeThread(c)
		if err != nil {
			return nil, err
		}
		aud, err := a.chatAudience(c, true)
		if err != nil {
			return nil, err
		}
		days := strconv.Itoa(*req.Ban.Days)
		if err := a.systemMessage(t, aud, "customer_banned", "Chat archived because customer was banned by "+agentName+" for "+days+" day(s)",
			map[string]string{"agent": agentName, "duration": days}); err != nil {
			return nil, err
		}
		if err := a.closeThread(c, t, ""); err != nil {
			return nil, err
		}
	}
	return nil, a.pushCustomer("customer_banned", req.ID, map[string]any{"customer_id": req.ID, "ban": map[string]any{"days": *req.Ban.Days}})
}

func setRoutingStatus(a *act) (any, error) {
	var req struct {
		Status  string `json:"status"`
		AgentID string `json:"agent_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Status == "" {
		return nil, validation("status is required")
	}
	target := req.AgentID
	if target == "" {
		target = a.id.ID
	}
	ok, isBot, err := a.agentExists(target)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, lerr(livechat.TypeNotFound, "Agent %s not found", target)
	}
	switch {
	case target == a.id.ID && a.id.IsBot:
		if !a.id.Scopes.HasAny("agents-bot--my:rw", "agents-bot--all:rw") {
			return nil, lerr(livechat.TypeAuthorization, "agents-bot--my:rw is required")
		}
	case target == a.id.ID:
		if !a.id.Scopes.Has("agents--my:rw") {
			return nil, lerr(livechat.TypeAuthorization, "agents--my:rw is required")
		}
	case isBot:
		if !a.id.Scopes.Has("agents-bot--all:rw") {
			return nil, lerr(livechat.TypeAuthorization, "agents-bot--all:rw is required to change another bot's status")
		}
	default:
		if !a.id.Scopes.Has("agents--all:rw") {
			return nil, lerr(livechat.TypeAuthorization, "agents--all:rw is required to change another agent's status")
		}
	}
	switch req.Status {
	case "accepting_chats", "not_accepting_chats":
	case "offline":
		if !isBot {
			return nil, validation("status offline can be set only for bots")
		}
	default:
		return nil, validation("status must be accepting_chats or not_accepting_chats (bots: also offline)")
	}
	var prev string
	if err := a.queryRow(`SELECT routing_status FROM agents WHERE id = ?`, target).Scan(&prev); err != nil {
		return nil, err
	}
	if err := a.exec(`UPDATE agents SET routing_status = ? WHERE id = ?`, req.Status, target); err != nil {
		return nil, err
	}
	a.pushAll("routing_status_set", map[string]any{"agent_id": target, "status": req.Status})
	a.s.forgetAutoAway(target) // session.go
	switch {
	case req.Status == "accepting_chats":
		return nil, a.routeQueue()
	case req.Status == "offline" && prev != "offline":
		// A bot going offline leaves its chats like an agent signing
		// out (session.go); not accepting chats keeps them.
		return nil, a.releaseChats(target, endSignedOut)
	}
	return nil, nil
}

func listRoutingStatuses(a *act) (any, error) {
	var req struct {
		Filters struct {
			GroupIDs []int `json:"group_ids"`
		} `json:"filters"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	q := `SELECT id, routing_status, is_bot FROM agents ORDER BY id`
	var args []any
	if len(req.Filters.GroupIDs) > 0 {
		q = `SELECT DISTINCT a.id, a.routing_status, a.is_bot FROM agents a JOIN group_members gm ON gm.agent_id = a.id
			WHERE gm.group_id IN (SELECT value FROM json_each(?)) ORDER BY a.id`
		args = append(args, mustJSON(req.Filters.GroupIDs))
	}
	rows, err := a.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		var id, st string
		var isBot bool
		if err := rows.Scan(&id, &st, &isBot); err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"agent_id": id, "status": a.s.reportedStatus(id, isBot, st)}) // session.go
	}
	return out, rows.Err()
}

// multicast sends a chat-less, unsaved message (incoming_multicast
// {author_id, content, type?}) to agents — recipients.agents: all, ids,
// groups — and to customers — recipients.customers.ids, delivered on the
// customers' Customer Chat RTM sessions. At least one recipient kind is
// required; there is no webhook.
func multicast(a *act) (any, error) {
	var req struct {
		Recipients *struct {
			Agents *struct {
				All    *bool    `json:"all"`
				IDs    []string `json:"ids"`
				Groups []int    `json:"groups"`
			} `json:"agents"`
			Customers *struct {
				IDs []string `json:"ids"`
			} `json:"customers"`
		} `json:"recipients"`
		Content json.RawMessage `json:"content"`
		Type    string          `json:"type"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Recipients == nil || (req.Recipients.Agents == nil && req.Recipients.Customers == nil) {
		return nil, validation("recipients is required")
	}
	if len(req.Content) == 0 || string(req.Content) == "null" {
		return nil, validation("content is required")
	}
	p := map[string]any{"author_id": a.id.ID, "content": req.Content}
	if req.Type != "" {
		p["type"] = req.Type
	}
	ag, cu := req.Recipients.Agents, req.Recipients.Customers
	if (ag == nil || (ag.All == nil && len(ag.IDs) == 0 && len(ag.Groups) == 0)) && (cu == nil || len(cu.IDs) == 0) {
		return nil, validation("recipients needs agents.all, agents.ids, agents.groups or customers.ids")
	}
	var to []string // agents and customers named explicitly
	if cu != nil {
		for _, id := range cu.IDs {
			if id == "" {
				return nil, validation("recipients.customers.ids must be customer ids")
			}
		}
		to = append(to, cu.IDs...)
	}
	if ag != nil && ag.All != nil && *ag.All {
		a.pushAll("incoming_multicast", p)
	} else if ag != nil {
		to = append(to, ag.IDs...)
		if len(ag.Groups) > 0 {
			rows, err := a.query(`SELECT DISTINCT agent_id FROM group_members WHERE group_id IN (SELECT value FROM json_each(?))`, mustJSON(ag.Groups))
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return nil, err
				}
				to = append(to, id)
			}
			if err := closeRows(rows); err != nil {
				return nil, err
			}
		}
	}
	if len(to) > 0 {
		a.push("incoming_multicast", p, unionStrs(to, nil)...)
	}
	return nil, nil
}

func listAgentsForTransfer(a *act) (any, error) {
	var req struct {
		ChatID string `json:"chat_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, err := a.accessibleChat(req.ChatID, false)
	if err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	current := presentAgents(us)
	rows, err := a.query(`SELECT DISTINCT ag.id FROM agents ag JOIN group_members gm ON gm.agent_id = ag.id
		WHERE gm.group_id IN (SELECT value FROM json_each(?)) AND ag.routing_status != 'offline' AND ag.is_bot = 0`, mustJSON(c.groupIDs))
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		// Logged-out agents are offline (routing.go): not candidates.
		if !containsStr(current, id) && a.s.agentConnected(id) {
			ids = append(ids, id)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	type cand struct {
		AgentID          string `json:"agent_id"`
		TotalActiveChats int    `json:"total_active_chats"`
	}
	out := []cand{}
	for _, id := range ids {
		n, err := a.activeChatsOf(id)
		if err != nil {
			return nil, err
		}
		out = append(out, cand{id, n})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].TotalActiveChats < out[j-1].TotalActiveChats ||
			out[j].TotalActiveChats == out[j-1].TotalActiveChats && out[j].AgentID < out[j-1].AgentID); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// upload carries a multipart file from the Web front end.
type upload struct {
	name        string
	contentType string
	data        []byte
}

var executableExt = map[string]bool{".exe": true, ".bat": true, ".cmd": true, ".com": true, ".msi": true, ".scr": true, ".sh": true, ".ps1": true, ".vbs": true, ".jar": true, ".dll": true}

func uploadFile(a *act) (any, error) {
	up := a.c.upload
	if up == nil {
		return nil, validation("upload_file needs a multipart/form-data body with a file field")
	}
	name := path.Base(strings.ReplaceAll(up.name, "\\", "/"))
	if name == "" || name == "." || name == "/" {
		return nil, validation("the file needs a name")
	}
	if executableExt[strings.ToLower(path.Ext(name))] {
		return nil, validation("executable files are not allowed")
	}
	ct := up.contentType
	if ct == "" || ct == "application/octet-stream" {
		if t := mime.TypeByExtension(path.Ext(name)); t != "" {
			ct = t
		} else {
			ct = "application/octet-stream"
		}
	}
	id := strings.ReplaceAll(uuid.NewString(), "-", "")
	if err := a.exec(`INSERT INTO files(id, name, content_type, size, data, created_at) VALUES (?,?,?,?,?,?)`,
		id, name, ct, len(up.data), up.data, a.nowTS); err != nil {
		return nil, err
	}
	return map[string]any{"url": a.s.URL() + "/files/" + a.s.creds.LicenseID + "/" + id + "/" + url.PathEscape(name)}, nil
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }

// ---- customer monitoring: levels, subscriptions, customer pushes ----

// connFilter lets a push payload choose among the connections of its
// recipients (hub.deliver asks it for every connection).
type connFilter interface {
	acceptConn(c *rtmConn) bool
}

// custSub is one subscribe_customers subscription of a connection: the
// customers of the given groups (nil: of every group).
type custSub struct {
	groups []int
}

// customerPush is the payload of a push about one customer (incoming_customer,
// customer_updated, customer_banned). It reaches a connection when its
// customer_monitoring_level covers the customer, or when one of its
// subscriptions does:
//
//   - my: the agent is a present member of one of the customer's chats;
//   - chatting, invited: the customer has an active chat in one of the
//     agent's groups (the emulator has no chat invitations, so invited is
//     chatting), or my;
//   - online, highest_available: every customer (the emulator has no
//     visitor tracking: each known customer counts as online).
type customerPush struct {
	body     any
	mine     map[string]bool // agents present in the customer's chats
	chatting map[string]bool // agents of the groups of the customer's active chats
	groups   []int           // groups of the customer's chats
}

func (p *customerPush) MarshalJSON() ([]byte, error) { return json.Marshal(p.body) }

func (p *customerPush) acceptConn(c *rtmConn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.id == nil {
		return false
	}
	for _, sub := range c.subs {
		if sub.groups == nil || groupsOverlap(sub.groups, p.groups) {
			return true
		}
	}
	switch c.level {
	case "online", "highest_available":
		return true
	case "chatting", "invited":
		return p.mine[c.id.ID] || p.chatting[c.id.ID]
	default:
		return p.mine[c.id.ID]
	}
}

// customerAudience computes who monitors a customer.
func (a *act) customerAudience(customerID string, body any) (*customerPush, error) {
	p := &customerPush{body: body, mine: map[string]bool{}, chatting: map[string]bool{}}
	if err := a.addIDs(p.mine, `SELECT DISTINCT cu.user_id FROM chat_users cu JOIN chat_users me ON me.chat_id = cu.chat_id
		WHERE me.user_id = ? AND cu.user_type = 'agent' AND cu.present = 1`, customerID); err != nil {
		return nil, err
	}
	rows, err := a.query(`SELECT DISTINCT j.value, t.active FROM threads t, json_each(t.group_ids) j
		WHERE t.customer_id = ?`, customerID)
	if err != nil {
		return nil, err
	}
	var active []int
	for rows.Next() {
		var g, act int
		if err := rows.Scan(&g, &act); err != nil {
			rows.Close()
			return nil, err
		}
		p.groups = append(p.groups, g)
		if act == 1 {
			active = append(active, g)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	p.groups = uniqueInts(p.groups)
	if len(active) > 0 {
		if err := a.addIDs(p.chatting, `SELECT DISTINCT agent_id FROM group_members WHERE group_id IN (SELECT value FROM json_each(?))`, mustJSON(uniqueInts(active))); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// pushCustomer sends a customer push to the connections monitoring the customer.
func (a *act) pushCustomer(action, customerID string, body any) error {
	p, err := a.customerAudience(customerID, body)
	if err != nil {
		return err
	}
	a.pushAll(action, p)
	return nil
}

// monitoredCustomers lists the customers of the incoming_customers push
// sent after login, by customer_monitoring_level (see customerPush): my
// gives the customers of the agent's own active chats (mine), chatting and
// invited the customers with an active chat in the agent's groups, online
// and highest_available every customer (newest first, at most 100).
func (a *act) monitoredCustomers(level string, mine map[string]bool) ([]any, error) {
	var q string
	var args []any
	switch level {
	case "chatting", "invited":
		q = `SELECT DISTINCT t.customer_id FROM threads t, json_each(t.group_ids) j
			WHERE t.active = 1 AND t.customer_id != '' AND j.value IN (SELECT value FROM json_each(?))`
		args = append(args, mustJSON(append([]int{}, a.id.groups...)))
	case "online", "highest_available":
		q = `SELECT id FROM customers ORDER BY seq DESC LIMIT 100`
	}
	set := map[string]bool{}
	for id := range mine {
		set[id] = true
	}
	if q != "" {
		if err := a.addIDs(set, q, args...); err != nil {
			return nil, err
		}
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		cj, err := a.customerJSON(id, false)
		if err != nil {
			return nil, err
		}
		out = append(out, cj)
	}
	return out, nil
}

// subscribedCustomers returns the customers a subscription covers: those
// with a chat in one of groups (every customer when groups is nil), newest first.
func (a *act) subscribedCustomers(groups []int, limit int) ([]string, int, error) {
	q := `SELECT id FROM customers ORDER BY seq DESC`
	var args []any
	if groups != nil {
		q = `SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM threads t, json_each(t.group_ids) j
			WHERE t.customer_id = c.id AND j.value IN (SELECT value FROM json_each(?))) ORDER BY c.seq DESC`
		args = append(args, mustJSON(groups))
	}
	rows, err := a.query(q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ids []string
	total := 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, 0, err
		}
		if total < limit {
			ids = append(ids, id)
		}
		total++
	}
	return ids, total, rows.Err()
}

// maxCustomerSubscriptions bounds the subscriptions of one connection.
const maxCustomerSubscriptions = 10

// subscribeCustomers (RTM, 3.6) starts a subscription on the connection:
// the customers with a chat in group_ids (every customer without
// group_ids) get their customer pushes delivered to it whatever its
// customer_monitoring_level. The answer lists up to limit (default and
// max 100) of them; subscribed_customers_totals_updated follows with the
// number of customers each subscription of the connection covers.
func subscribeCustomers(a *act) (any, error) {
	c := a.c.conn
	var req struct {
		GroupIDs []int `json:"group_ids"`
		Limit    *int  `json:"limit"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	limit := 100
	if req.Limit != nil {
		if *req.Limit < 1 || *req.Limit > 100 {
			return nil, validation("limit must be between 1 and 100")
		}
		limit = *req.Limit
	}
	var groups []int
	if req.GroupIDs != nil {
		groups = uniqueInts(req.GroupIDs)
		if err := a.checkGroups(groups); err != nil {
			return nil, err
		}
		if groups == nil {
			groups = []int{}
		}
	}
	c.mu.Lock()
	n := len(c.subs)
	c.mu.Unlock()
	if n >= maxCustomerSubscriptions {
		return nil, lerr(livechat.TypeLimitReached, "At most %d customer subscriptions per connection", maxCustomerSubscriptions)
	}
	ids, total, err := a.subscribedCustomers(groups, limit)
	if err != nil {
		return nil, err
	}
	customers := make([]any, 0, len(ids))
	for _, id := range ids {
		cj, err := a.customerJSON(id, false)
		if err != nil {
			return nil, err
		}
		customers = append(customers, cj)
	}
	subID := strings.ReplaceAll(uuid.NewString(), "-", "")
	totals := map[string]int{subID: total}
	c.mu.Lock()
	others := make(map[string]custSub, len(c.subs))
	for k, v := range c.subs {
		others[k] = v
	}
	c.mu.Unlock()
	for id, sub := range others {
		_, n, err := a.subscribedCustomers(sub.groups, 0)
		if err != nil {
			return nil, err
		}
		totals[id] = n
	}
	frame, _ := json.Marshal(totals)
	a.after = append(a.after, func() {
		c.mu.Lock()
		if c.subs == nil {
			c.subs = map[string]custSub{}
		}
		c.subs[subID] = custSub{groups: groups}
		if c.pushes == nil || c.pushes["subscribed_customers_totals_updated"] {
			c.afterLog = pushFrame(c.version, "subscribed_customers_totals_updated", "", frame) // sent after the response
		}
		c.mu.Unlock()
	})
	return map[string]any{"subscription_id": subID, "customers": customers}, nil
}

// unsubscribeCustomers (RTM, 3.6) ends a subscription of the connection.
func unsubscribeCustomers(a *act) (any, error) {
	c := a.c.conn
	var req struct {
		SubscriptionID string `json:"subscription_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.SubscriptionID == "" {
		return nil, validation("subscription_id is required")
	}
	c.mu.Lock()
	_, ok := c.subs[req.SubscriptionID]
	c.mu.Unlock()
	if !ok {
		return nil, lerr(livechat.TypeNotFound, "Subscription %s not found", req.SubscriptionID)
	}
	a.after = append(a.after, func() {
		c.mu.Lock()
		delete(c.subs, req.SubscriptionID)
		c.mu.Unlock()
	})
	return nil, nil
}
