package emulator

// Configuration API (protocol.md §5): agents and the batch methods.
//
// An agent created with create_agent gets deterministic credentials, the
// same scheme as Server.CreateAgent: Bearer token "dal:agent-<hex>" and
// PAT "pat-<hex>", <hex> being the agent's account id without dashes.
// Server.AgentCredentials(id) returns them.

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/mail"
	"strings"

	"github.com/livechat-go/livechat"
)

func cfgH(fn func(*act) (any, error), scopes ...string) *handler {
	return &handler{fn: fn, scopes: scopes, web: true}
}

func init() {
	rw := []string{"agents--all:rw"}
	register("configuration", "create_agent", cfgH(createAgentCfg, rw...))
	register("configuration", "get_agent", cfgH(getAgentCfg, "agents--my:ro", "agents--all:ro"))
	register("configuration", "list_agents", cfgH(listAgentsCfg, "agents--all:ro"))
	register("configuration", "update_agent", cfgH(updateAgentCfg, "agents--my:rw", "agents--all:rw"))
	register("configuration", "delete_agent", cfgH(deleteAgentCfg, rw...))
	register("configuration", "suspend_agent", cfgH(cfgAgentState("suspend"), rw...))
	register("configuration", "unsuspend_agent", cfgH(cfgAgentState("unsuspend"), rw...))
	register("configuration", "approve_agent", cfgH(cfgAgentState("approve"), rw...))
	register("configuration", "request_agent_unsuspension", cfgH(requestUnsuspension))
	register("configuration", "batch_create_agents", cfgH(cfgBatchOf(createAgentCfg), rw...))
	register("configuration", "batch_update_agents", cfgH(cfgBatchOf(updateAgentCfg), rw...))
	register("configuration", "batch_delete_agents", cfgH(cfgBatchOf(deleteAgentCfg), rw...))
	register("configuration", "batch_suspend_agents", cfgH(cfgBatchOf(cfgAgentState("suspend")), rw...))
	register("configuration", "batch_unsuspend_agents", cfgH(cfgBatchOf(cfgAgentState("unsuspend")), rw...))
	register("configuration", "batch_approve_agents", cfgH(cfgBatchOf(cfgAgentState("approve")), rw...))
}

// cfgBatchOf runs fn once per item of {requests:[…]}, each in its own
// savepoint: a failed item is rolled back alone (its pushes dropped) and
// answered {"error":{…}} in its place.
func cfgBatchOf(fn func(*act) (any, error)) func(*act) (any, error) {
	return func(a *act) (any, error) {
		var req struct {
			Requests []json.RawMessage `json:"requests"`
		}
		if err := a.decode(&req); err != nil {
			return nil, err
		}
		if len(req.Requests) == 0 {
			return nil, validation("requests is required")
		}
		orig := a.payload
		defer func() { a.payload = orig }()
		out := make([]any, len(req.Requests))
		for i, item := range req.Requests {
			a.payload = item
			if len(item) == 0 || item[0] != '{' {
				out[i] = livechat.ErrorEnvelope{Error: validation("requests[%d] must be an object", i)}
				continue
			}
			np, na := len(a.pushes), len(a.after)
			if err := a.exec("SAVEPOINT batch_item"); err != nil {
				return nil, err
			}
			res, err := fn(a)
			if err != nil {
				var le *livechat.Error
				if !errors.As(err, &le) {
					return nil, err
				}
				if e := a.exec("ROLLBACK TO batch_item"); e != nil {
					return nil, e
				}
				a.pushes, a.after = a.pushes[:np], a.after[:na]
				out[i] = livechat.ErrorEnvelope{Error: le}
			} else if res == nil {
				out[i] = struct{}{}
			} else {
				out[i] = res
			}
			if err := a.exec("RELEASE batch_item"); err != nil {
				return nil, err
			}
		}
		return map[string]any{"responses": out}, nil
	}
}

var cfgAgentRoles = map[string]bool{"viceowner": true, "administrator": true, "normal": true}
var cfgLoginStatuses = map[string]string{"accepting chats": "accepting_chats", "not accepting chats": "not_accepting_chats"}
var cfgGroupPriorities = map[string]bool{"first": true, "normal": true, "last": true, "supervisor": true}

type cfgGroupPriority struct {
	ID       *int   `json:"id"`
	Priority string `json:"priority"`
}

type cfgAgentBody struct {
	ID                 string             `json:"id"`
	Name               *string            `json:"name"`
	Role               *string            `json:"role"`
	Avatar             *string            `json:"avatar"`
	LoginStatus        *string            `json:"login_status"`
	JobTitle           *string            `json:"job_title"`
	Mobile             *string            `json:"mobile"`
	MaxChatsCount      *int               `json:"max_chats_count"`
	AwaitingApproval   *bool              `json:"awaiting_approval"`
	Groups             []cfgGroupPriority `json:"groups"`
	Notifications      []string           `json:"notifications"`
	EmailSubscriptions []string           `json:"email_subscriptions"`
	WorkScheduler      json.RawMessage    `json:"work_scheduler"`
}

func (b *cfgAgentBody) validate(a *act, create bool) error {
	if b.ID == "" {
		return validation("id is required")
	}
	if create {
		if _, err := mail.ParseAddress(b.ID); err != nil || strings.ContainsAny(b.ID, " <>") {
			return validation("id must be the agent's e-mail address")
		}
		if b.Name == nil || *b.Name == "" {
			return validation("name is required")
		}
	}
	if b.Role != nil && !cfgAgentRoles[*b.Role] {
		return validation("role must be viceowner, administrator or normal")
	}
	if b.LoginStatus != nil && cfgLoginStatuses[*b.LoginStatus] == "" {
		return validation("login_status must be \"accepting chats\" or \"not accepting chats\"")
	}
	if b.MaxChatsCount != nil && (*b.MaxChatsCount < 0 || *b.MaxChatsCount > 20) {
		return validation("max_chats_count must be between 0 and 20")
	}
	if len(b.WorkScheduler) > 0 && string(b.WorkScheduler) != "null" {
		var ws struct {
			Timezone string `json:"timezone"`
			Schedule []struct {
				Day        string `json:"day"`
				Start, End string
			} `json:"schedule"`
		}
		if err := json.Unmarshal(b.WorkScheduler, &ws); err != nil {
			return validation("work_scheduler: %v", err)
		}
	}
	return a.checkGroupPriorities(b.Groups)
}

func (a *act) checkGroupPriorities(gs []cfgGroupPriority) error {
	for i, g := range gs {
		if g.ID == nil {
			return validation("groups[%d].id is required", i)
		}
		if !cfgGroupPriorities[g.Priority] {
			return validation("groups[%d].priority must be first, normal, last or supervisor", i)
		}
		if !a.cfgGroupExists(*g.ID) {
			return lerr(livechat.TypeGroupNotFound, "Group %d not found", *g.ID)
		}
	}
	return nil
}

func (a *act) cfgGroupExists(id int) bool {
	var n int
	_ = a.queryRow(`SELECT COUNT(*) FROM groups WHERE id = ?`, id).Scan(&n)
	return n > 0
}

// cfgSetMemberships replaces the agent's group cfgMemberships; group 0 (all
// agents) is kept when not listed.
func (a *act) cfgSetMemberships(agentID string, gs []cfgGroupPriority, def string) error {
	if err := a.exec(`DELETE FROM group_members WHERE agent_id = ?`, agentID); err != nil {
		return err
	}
	has0 := false
	for _, g := range gs {
		has0 = has0 || *g.ID == 0
		if err := a.exec(`INSERT OR REPLACE INTO group_members(group_id, agent_id, priority) VALUES (?,?,?)`, *g.ID, agentID, g.Priority); err != nil {
			return err
		}
	}
	if !has0 {
		return a.exec(`INSERT INTO group_members(group_id, agent_id, priority) VALUES (0, ?, ?)`, agentID, def)
	}
	return nil
}

func cfgJsonStrs(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (a *act) cfgAgentExists(id string, bot bool) error {
	var isBot int
	err := a.queryRow(`SELECT is_bot FROM agents WHERE id = ?`, id).Scan(&isBot)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (isBot == 1) != bot) {
		if bot {
			return lerr(livechat.TypeNotFound, "Bot %s not found", id)
		}
		return lerr(livechat.TypeNotFound, "Agent %s not found", id)
	}
	return err
}

func cfgScopesForRole(role string) []string {
	if role == "viceowner" || role == "administrator" || role == "owner" {
		return allScopes
	}
	return agentScopes
}

func createAgentCfg(a *act) (any, error) {
	var b cfgAgentBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if err := b.validate(a, true); err != nil {
		return nil, err
	}
	var n int
	if err := a.queryRow(`SELECT COUNT(*) FROM agents WHERE lower(id) = lower(?)`, b.ID).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, lerr(livechat.TypeAlreadyExists, "Agent %s already exists", b.ID)
	}
	role, login, maxChats := "normal", "not accepting chats", 6
	if b.Role != nil {
		role = *b.Role
	}
	if b.LoginStatus != nil {
		login = *b.LoginStatus
	}
	if b.MaxChatsCount != nil && *b.MaxChatsCount > 0 {
		maxChats = *b.MaxChatsCount
	}
	creds := cfgAgentCredsFor(b.ID, *b.Name, role, cfgScopesForRole(role))
	ws := ""
	if len(b.WorkScheduler) > 0 && string(b.WorkScheduler) != "null" {
		ws = string(b.WorkScheduler)
	}
	err := a.exec(`INSERT INTO agents(id, account_id, name, avatar, role, job_title, max_chats, routing_status, created_at) VALUES (?,?,?,?,?,?,?,?,?)`,
		b.ID, creds.AccountID, *b.Name, cfgDeref(b.Avatar), role, cfgDerefOr(b.JobTitle, "Support Agent"), maxChats, cfgLoginStatuses[login], a.nowTS)
	if err == nil {
		err = a.exec(`INSERT INTO cfg_agents(agent_id, login_status, mobile, awaiting_approval, notifications, email_subscriptions, work_scheduler)
			VALUES (?,?,?,?,?,?,?)`, b.ID, login, cfgDeref(b.Mobile), b2i(b.AwaitingApproval != nil && *b.AwaitingApproval),
			cfgJsonStrs(b.Notifications), cfgJsonStrs(b.EmailSubscriptions), ws)
	}
	if err == nil {
		err = a.cfgSetMemberships(b.ID, b.Groups, "normal")
	}
	if err == nil {
		err = a.exec(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'bearer', ?, ?, ?, 'dal', 'configuration api', ?)`,
			creds.Token, creds.AccountID, b.ID, strings.Join(creds.Scopes, ","), a.nowTS)
	}
	if err == nil {
		err = a.exec(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'pat', ?, ?, ?, 'dal', 'configuration api pat', ?)`,
			"pat:"+creds.AccountID+":"+creds.PAT, creds.AccountID, b.ID, strings.Join(creds.Scopes, ","), a.nowTS)
	}
	if err != nil {
		return nil, err
	}
	full, err := a.cfgAgentJSON(b.ID, cfgAllAgentFields)
	if err != nil {
		return nil, err
	}
	a.pushAll("agent_created", full)
	return map[string]any{"id": b.ID}, nil
}

func cfgDeref(p *string) string { return cfgDerefOr(p, "") }

func cfgDerefOr(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

// cfgAgentCredsFor derives an agent's deterministic credentials.
func cfgAgentCredsFor(id, name, role string, scopes []string) AgentCredentials {
	acc := uuidFor(id)
	hex := strings.ReplaceAll(acc, "-", "")
	c := AgentCredentials{ID: id, Name: name, AccountID: acc, Role: role, Token: "dal:agent-" + hex, PAT: "pat-" + hex, Scopes: scopes}
	c.Basic = "Basic " + base64.StdEncoding.EncodeToString([]byte(c.AccountID+":"+c.PAT))
	return c
}

// AgentCredentials returns the credentials of an agent created through
// the Configuration API (create_agent) or CreateAgent: a Bearer token
// "dal:agent-<hex>" and a PAT, <hex> being the account id without dashes.
// They work until the agent is deleted; a suspended agent is refused.
func (s *Server) AgentCredentials(ctx context.Context, id string) (AgentCredentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var name, role, acc string
	err := s.db.SQL().QueryRowContext(ctx, `SELECT name, role, account_id FROM agents WHERE id = ? AND is_bot = 0`, id).Scan(&name, &role, &acc)
	if err != nil {
		return AgentCredentials{}, err
	}
	c := cfgAgentCredsFor(id, name, role, nil)
	var scopes string
	if err := s.db.SQL().QueryRowContext(ctx, `SELECT scopes FROM tokens WHERE token = ?`, c.Token).Scan(&scopes); err != nil {
		return AgentCredentials{}, errors.New("emulator: agent has no derived credentials (a seeded agent?)")
	}
	c.Scopes = strings.Split(scopes, ",")
	return c, nil
}

var cfgAllAgentFields = []string{"work_scheduler", "groups", "email_subscriptions", "notifications", "job_title",
	"mobile", "max_chats_count", "suspended", "awaiting_approval", "last_logout"}

func cfgCheckFields(fields, allowed []string) error {
	for _, f := range fields {
		if !containsStr(allowed, f) {
			return validation("fields: unknown field %q", f)
		}
	}
	return nil
}

func (a *act) cfgMemberships(id string) ([]map[string]any, error) {
	rows, err := a.query(`SELECT group_id, priority FROM group_members WHERE agent_id = ? ORDER BY group_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []map[string]any{}
	for rows.Next() {
		var g int
		var p string
		if err := rows.Scan(&g, &p); err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"id": g, "priority": p})
	}
	return out, rows.Err()
}

// cfgAgentJSON is the Configuration API agent object.
func (a *act) cfgAgentJSON(id string, fields []string) (map[string]any, error) {
	var acc, name, avatar, role, jobTitle string
	var maxChats int
	if err := a.queryRow(`SELECT account_id, name, avatar, role, job_title, max_chats FROM agents WHERE id = ? AND is_bot = 0`, id).
		Scan(&acc, &name, &avatar, &role, &jobTitle, &maxChats); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, lerr(livechat.TypeNotFound, "Agent %s not found", id)
		}
		return nil, err
	}
	login, mobile, notif, subs, ws, lastLogout := "accepting chats", "", "[]", "[]", "", ""
	var susp, awaiting int
	err := a.queryRow(`SELECT login_status, mobile, suspended, awaiting_approval, notifications, email_subscriptions, work_scheduler, last_logout
		FROM cfg_agents WHERE agent_id = ?`, id).Scan(&login, &mobile, &susp, &awaiting, &notif, &subs, &ws, &lastLogout)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	m := map[string]any{"id": id, "account_id": acc, "name": name, "role": role, "login_status": login}
	if avatar != "" {
		m["avatar_path"] = avatar
		m["avatar"] = avatar
	}
	for _, f := range fields {
		switch f {
		case "work_scheduler":
			if ws != "" {
				m[f] = json.RawMessage(ws)
			}
		case "groups":
			gs, err := a.cfgMemberships(id)
			if err != nil {
				return nil, err
			}
			m[f] = gs
		case "email_subscriptions":
			m[f] = json.RawMessage(subs)
		case "notifications":
			m[f] = json.RawMessage(notif)
		case "job_title":
			m[f] = jobTitle
		case "mobile":
			if mobile != "" {
				m[f] = mobile
			}
		case "max_chats_count":
			m[f] = maxChats
		case "suspended":
			m[f] = susp == 1
		case "awaiting_approval":
			m[f] = awaiting == 1
		case "last_logout":
			if lastLogout != "" {
				m[f] = lastLogout
			}
		}
	}
	return m, nil
}

func getAgentCfg(a *act) (any, error) {
	var req struct {
		ID     string   `json:"id"`
		Fields []string `json:"fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		req.ID = a.id.ID
	}
	if err := cfgCheckFields(req.Fields, cfgAllAgentFields); err != nil {
		return nil, err
	}
	if req.ID != a.id.ID && !a.id.Scopes.Has("agents--all:ro") {
		return nil, lerr(livechat.TypeAuthorization, "agents--all:ro is required to read other agents")
	}
	return a.cfgAgentJSON(req.ID, req.Fields)
}

func listAgentsCfg(a *act) (any, error) {
	var req struct {
		Filters struct {
			GroupIDs  []int `json:"group_ids"`
			Suspended *bool `json:"suspended"`
		} `json:"filters"`
		Fields []string `json:"fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if err := cfgCheckFields(req.Fields, cfgAllAgentFields); err != nil {
		return nil, err
	}
	q := `SELECT id FROM agents a WHERE is_bot = 0`
	var args []any
	if len(req.Filters.GroupIDs) > 0 {
		q += ` AND EXISTS (SELECT 1 FROM group_members m WHERE m.agent_id = a.id AND m.group_id IN (SELECT value FROM json_each(?)))`
		args = append(args, mustJSON(req.Filters.GroupIDs))
	}
	if req.Filters.Suspended != nil {
		q += ` AND COALESCE((SELECT suspended FROM cfg_agents c WHERE c.agent_id = a.id), 0) = ?`
		args = append(args, b2i(*req.Filters.Suspended))
	}
	ids, err := a.colStrings(q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		m, err := a.cfgAgentJSON(id, req.Fields)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// colStrings runs a one-column query (nil when it yields no rows).
func (a *act) colStrings(q string, args ...any) ([]string, error) {
	return scanColumn[string](a, q, args...)
}

// ensureCfgAgent creates the cfg_agents row of a seeded agent.
func (a *act) ensureCfgAgent(id string) error {
	return a.exec(`INSERT OR IGNORE INTO cfg_agents(agent_id, login_status) VALUES (?, 'accepting chats')`, id)
}

func updateAgentCfg(a *act) (any, error) {
	var b cfgAgentBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if err := b.validate(a, false); err != nil {
		return nil, err
	}
	if b.AwaitingApproval != nil {
		return nil, validation("awaiting_approval cannot be updated; use approve_agent")
	}
	if b.ID != a.id.ID && !a.id.Scopes.Has("agents--all:rw") {
		return nil, lerr(livechat.TypeAuthorization, "agents--all:rw is required to update other agents")
	}
	if err := a.cfgAgentExists(b.ID, false); err != nil {
		return nil, err
	}
	if err := a.ensureCfgAgent(b.ID); err != nil {
		return nil, err
	}
	diff := map[string]any{"id": b.ID}
	set := func(table, col, key string, v any, out any) error {
		diff[key] = out
		idcol := "id"
		if table == "cfg_agents" {
			idcol = "agent_id"
		}
		return a.exec(`UPDATE `+table+` SET `+col+` = ? WHERE `+idcol+` = ?`, v, b.ID)
	}
	var err error
	ex := func(table, col, key string, v any, out any) {
		if err == nil {
			err = set(table, col, key, v, out)
		}
	}
	if b.Name != nil {
		if *b.Name == "" {
			return nil, validation("name must not be empty")
		}
		ex("agents", "name", "name", *b.Name, *b.Name)
	}
	if b.Role != nil {
		var cur string
		_ = a.queryRow(`SELECT role FROM agents WHERE id = ?`, b.ID).Scan(&cur)
		if cur == "owner" {
			return nil, lerr(livechat.TypeOwnershipTransfer, "The owner's role cannot be changed here")
		}
		ex("agents", "role", "role", *b.Role, *b.Role)
	}
	if b.Avatar != nil {
		ex("agents", "avatar", "avatar", *b.Avatar, *b.Avatar)
	}
	if b.JobTitle != nil {
		ex("agents", "job_title", "job_title", *b.JobTitle, *b.JobTitle)
	}
	if b.MaxChatsCount != nil && *b.MaxChatsCount > 0 {
		ex("agents", "max_chats", "max_chats_count", *b.MaxChatsCount, *b.MaxChatsCount)
	}
	if b.LoginStatus != nil {
		ex("cfg_agents", "login_status", "login_status", *b.LoginStatus, *b.LoginStatus)
	}
	if b.Mobile != nil {
		ex("cfg_agents", "mobile", "mobile", *b.Mobile, *b.Mobile)
	}
	if b.Notifications != nil {
		ex("cfg_agents", "notifications", "notifications", cfgJsonStrs(b.Notifications), b.Notifications)
	}
	if b.EmailSubscriptions != nil {
		ex("cfg_agents", "email_subscriptions", "email_subscriptions", cfgJsonStrs(b.EmailSubscriptions), b.EmailSubscriptions)
	}
	if len(b.WorkScheduler) > 0 && string(b.WorkScheduler) != "null" {
		ex("cfg_agents", "work_scheduler", "work_scheduler", string(b.WorkScheduler), b.WorkScheduler)
	}
	if err != nil {
		return nil, err
	}
	if b.Groups != nil {
		if err := a.cfgReplaceMemberships(b.ID, b.Groups, "normal", diff); err != nil {
			return nil, err
		}
	}
	a.pushAll("agent_updated", diff)
	return nil, nil
}

// cfgIdentityChanged refreshes what the emulator caches about agents after
// commit: token identities are dropped and live RTM connections get their
// new groups. It fails, and schedules nothing, when the groups cannot be
// read.
func (a *act) cfgIdentityChanged(ids ...string) error {
	groups := map[string][]int{}
	for _, id := range ids {
		gs, err := scanColumn[int](a, agentGroupsSQL, id)
		if err != nil {
			return err
		}
		groups[id] = gs
	}
	s := a.s
	a.after = append(a.after, func() {
		s.forgetIdentities(ids...)
		for id, gs := range groups {
			for _, c := range s.hub.connsOf(id) {
				c.mu.Lock()
				if c.id != nil {
					cp := *c.id
					cp.groups = gs
					c.id = &cp
				}
				c.mu.Unlock()
			}
		}
	})
	return nil
}

// cfgDisconnectAgent ends the agent's RTM connections after commit.
func (a *act) cfgDisconnectAgent(id, reason string) {
	s := a.s
	a.after = append(a.after, func() {
		s.forgetIdentities(id)
		for _, c := range s.hub.connsOf(id) {
			go c.disconnect(reason)
		}
	})
}

func deleteAgentCfg(a *act) (any, error) {
	id, err := a.cfgDecodeID(false)
	if err != nil {
		return nil, err
	}
	var role string
	_ = a.queryRow(`SELECT role FROM agents WHERE id = ?`, id).Scan(&role)
	if role == "owner" {
		return nil, lerr(livechat.TypeOwnershipTransfer, "The license owner cannot be deleted")
	}
	// Its chats go to other agents or the queue (session.go), while its
	// name is still known.
	if err := a.endSessionNow(id, endDeleted, "agent_disconnected_by_server"); err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM tokens WHERE entity_id = ? AND kind != 'customer'`, id); err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM agents WHERE id = ?`, id); err != nil {
		return nil, err
	}
	_ = a.exec(`UPDATE chat_users SET present = 0 WHERE user_id = ?`, id)
	_ = a.exec(`DELETE FROM follows WHERE agent_id = ?`, id)
	a.cfgDisconnectAgent(id, "agent_disconnected_by_server")
	a.pushAll("agent_deleted", map[string]any{"id": id})
	return nil, nil
}

type cfgIDReq struct {
	ID string `json:"id"`
}

func cfgAgentState(op string) func(*act) (any, error) {
	return func(a *act) (any, error) {
		id, err := a.cfgDecodeID(false)
		if err != nil {
			return nil, err
		}
		if err := a.ensureCfgAgent(id); err != nil {
			return nil, err
		}
		var role string
		_ = a.queryRow(`SELECT role FROM agents WHERE id = ?`, id).Scan(&role)
		switch op {
		case "suspend":
			if role == "owner" {
				return nil, lerr(livechat.TypeNotAllowed, "The license owner cannot be suspended")
			}
			if id == a.id.ID {
				return nil, lerr(livechat.TypeNotAllowed, "Agents cannot suspend themselves")
			}
			if err := a.exec(`UPDATE cfg_agents SET suspended = 1 WHERE agent_id = ?`, id); err != nil {
				return nil, err
			}
			if err := a.endSessionNow(id, endRemotelySignedOut, "agent_disconnected_by_server"); err != nil { // session.go
				return nil, err
			}
			if err := a.exec(`UPDATE agents SET routing_status = 'offline' WHERE id = ?`, id); err != nil {
				return nil, err
			}
			a.cfgDisconnectAgent(id, "agent_disconnected_by_server")
			a.pushAll("agent_suspended", map[string]any{"id": id})
		case "unsuspend":
			if err := a.exec(`UPDATE cfg_agents SET suspended = 0 WHERE agent_id = ?`, id); err != nil {
				return nil, err
			}
			if err := a.cfgIdentityChanged(id); err != nil {
				return nil, err
			}
			a.pushAll("agent_unsuspended", map[string]any{"id": id})
		case "approve":
			var awaiting int
			_ = a.queryRow(`SELECT awaiting_approval FROM cfg_agents WHERE agent_id = ?`, id).Scan(&awaiting)
			if awaiting == 0 {
				return nil, validation("Agent %s is not awaiting approval", id)
			}
			if err := a.exec(`UPDATE cfg_agents SET awaiting_approval = 0 WHERE agent_id = ?`, id); err != nil {
				return nil, err
			}
			if err := a.cfgIdentityChanged(id); err != nil {
				return nil, err
			}
			a.pushAll("agent_approved", map[string]any{"id": id})
		}
		return nil, nil
	}
}

// requestUnsuspension records nothing: the emulator has no license owner
// to notify. Suspended agents may call it (http.go lets them through).
func requestUnsuspension(a *act) (any, error) {
	var susp int
	_ = a.queryRow(`SELECT suspended FROM cfg_agents WHERE agent_id = ?`, a.id.ID).Scan(&susp)
	if susp == 0 {
		return nil, validation("The requester is not suspended")
	}
	return nil, nil
}
