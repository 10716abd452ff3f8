package emulator

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ---- shared helpers ----

func v2Unix(ts string) int64 {
	t, err := parseTS(ts)
	if err != nil {
		return 0
	}
	return t.Unix()
}

// v2HumanDate is the archives' date format: "Wed, 01/23/13 11:40:53 am".
func v2HumanDate(t time.Time) string { return t.Format("Mon, 01/02/06 03:04:05 pm") }

func v2StatusText(routing string) string {
	switch routing {
	case "accepting_chats":
		return "accepting chats"
	case "not_accepting_chats":
		return "not accepting chats"
	}
	return "offline"
}

func v2Permission(role string) string {
	switch role {
	case "owner":
		return "owner"
	case "viceowner", "administrator":
		return "administrator"
	}
	return "normal"
}

func v2ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

func v2ValidURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// v2PathInt parses an integer path segment.
func v2PathInt(r *v2Req, what string) (int, error) {
	n, err := strconv.Atoi(r.parts[0])
	if err != nil || n < 0 {
		return 0, v2NotFound("%s %q not found", what, r.parts[0])
	}
	return n, nil
}

func (a *act) v2GroupExists(id int) bool {
	var n int
	_ = a.queryRow(`SELECT COUNT(*) FROM groups WHERE id = ?`, id).Scan(&n)
	return n > 0
}

func (a *act) v2AgentExists(id string) bool {
	var n int
	_ = a.queryRow(`SELECT COUNT(*) FROM agents WHERE id = ? AND is_bot = 0`, id).Scan(&n)
	return n > 0
}

func (a *act) v2Strings(q string, args ...any) ([]string, error) {
	out, err := scanColumn[string](a, q, args...)
	if out == nil {
		out = []string{}
	}
	return out, err
}

func (a *act) v2Ints(q string, args ...any) ([]int, error) {
	out, err := scanColumn[int](a, q, args...)
	if out == nil {
		out = []int{}
	}
	return out, err
}

func v2Result(text string) map[string]any { return map[string]any{"result": text} }

// ---- agents ----

// v2AgentSettings are the agent fields only the v2 API knows.
type v2AgentSettings struct {
	LoginStatus   string                    `json:"login_status,omitempty"`
	DailySummary  *int                      `json:"daily_summary,omitempty"`
	Notifications map[string]int            `json:"notifications,omitempty"`
	WorkScheduler map[string]map[string]any `json:"work_scheduler,omitempty"`
	LastLogout    int64                     `json:"last_logout,omitempty"`
	Password      string                    `json:"password,omitempty"`
}

func (a *act) v2Settings(id string) (*v2AgentSettings, error) {
	var raw string
	err := a.queryRow(`SELECT data FROM v2_agent_settings WHERE agent_id = ?`, id).Scan(&raw)
	st := &v2AgentSettings{}
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(raw), st)
	return st, nil
}

func (a *act) v2SaveSettings(id string, st *v2AgentSettings) error {
	return a.exec(`INSERT INTO v2_agent_settings(agent_id, data) VALUES (?, ?)
		ON CONFLICT(agent_id) DO UPDATE SET data = excluded.data`, id, mustJSON(st))
}

var v2NotificationKeys = []string{"new_visitor", "incoming_chat", "returning_visitor", "queued_visitor", "visitor_is_typing", "new_goal"}

func v2ListAgents(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("agents_read", "agents--all:ro"); err != nil {
		return nil, err
	}
	status, err := r.params.str("status")
	if err != nil {
		return nil, err
	}
	if status != "" && status != "accepting chats" && status != "not accepting chats" && status != "offline" {
		return nil, v2Bad("status must be 'accepting chats', 'not accepting chats' or 'offline'")
	}
	rows, err := a.query(`SELECT id, name, role, avatar, routing_status FROM agents WHERE is_bot = 0 ORDER BY role != 'owner', created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []map[string]any{}
	for rows.Next() {
		var id, name, role, avatar, rs string
		if err := rows.Scan(&id, &name, &role, &avatar, &rs); err != nil {
			return nil, err
		}
		st := v2StatusText(a.s.reportedStatus(id, false, rs)) // session.go
		if status != "" && st != status {
			continue
		}
		out = append(out, map[string]any{"name": name, "permission": v2Permission(role), "avatar": avatar, "login": id, "status": st})
	}
	return out, rows.Err()
}

func (a *act) v2AgentJSON(id string) (map[string]any, error) {
	var name, role, avatar, job, rs string
	var maxChats int
	err := a.queryRow(`SELECT name, role, avatar, job_title, max_chats, routing_status FROM agents WHERE id = ? AND is_bot = 0`, id).
		Scan(&name, &role, &avatar, &job, &maxChats, &rs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Agent %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	st, err := a.v2Settings(id)
	if err != nil {
		return nil, err
	}
	ls := st.LoginStatus
	if ls == "" {
		ls = "accepting chats"
	}
	ds := 1
	if st.DailySummary != nil {
		ds = *st.DailySummary
	}
	notif := map[string]int{}
	for _, k := range v2NotificationKeys {
		notif[k] = 1
	}
	notif["visitor_is_typing"] = 0
	for k, v := range st.Notifications {
		notif[k] = v
	}
	rows, err := a.query(`SELECT g.id, g.name FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.agent_id = ? AND g.id != 0 ORDER BY g.id`, id)
	if err != nil {
		return nil, err
	}
	groups := []map[string]any{}
	for rows.Next() {
		var gid int
		var gname string
		if err := rows.Scan(&gid, &gname); err != nil {
			rows.Close()
			return nil, err
		}
		groups = append(groups, map[string]any{"id": gid, "name": gname})
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if job == "" {
		job = "Support Agent"
	}
	m := map[string]any{
		"login": id, "name": name, "login_status": ls, "permission": v2Permission(role), "daily_summary": ds,
		"job_title": job, "avatar": avatar, "notifications": notif, "max_chats_count": maxChats, "groups": groups,
		"status": v2StatusText(a.s.reportedStatus(id, false, rs)), "last_logout": st.LastLogout, // session.go
	}
	if len(st.WorkScheduler) > 0 {
		m["work_scheduler"] = st.WorkScheduler
	}
	return m, nil
}

func v2GetAgent(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("agents_read", "agents--all:ro"); err != nil {
		return nil, err
	}
	return a.v2AgentJSON(r.parts[0])
}

// v2AgentCommon applies the fields shared by create and update.
func (a *act) v2AgentCommon(p v2Params, st *v2AgentSettings, set map[string]any) error {
	if s, err := p.str("login_status"); err != nil {
		return err
	} else if s != "" {
		if s != "accepting chats" && s != "not accepting chats" {
			return v2Bad("login_status must be 'accepting chats' or 'not accepting chats'")
		}
		st.LoginStatus = s
	}
	if pw, err := p.str("password"); err != nil {
		return err
	} else if pw != "" {
		if len(pw) < 5 {
			return v2Bad("password must be at least 5 characters long")
		}
		st.Password = fmt.Sprintf("%016x", fnv64("pw:"+pw))
	}
	if perm, err := p.str("permission"); err != nil {
		return err
	} else if perm != "" {
		switch perm {
		case "administrator", "normal":
			set["role"] = perm
		case "owner":
			return v2Bad("permission owner cannot be given")
		default:
			return v2Bad("permission must be administrator or normal")
		}
	}
	if p.has("notifications") {
		n, err := p.obj("notifications")
		if err != nil {
			return err
		}
		if st.Notifications == nil {
			st.Notifications = map[string]int{}
		}
		for k := range n {
			if !slices.Contains(v2NotificationKeys, k) {
				return v2Bad("notifications.%s is not a known notification", k)
			}
			v, ok, err := n.flag(k)
			if err != nil {
				return err
			}
			if ok {
				st.Notifications[k] = b2i(v)
			}
		}
	}
	if v, ok, err := p.flag("daily_summary"); err != nil {
		return err
	} else if ok {
		d := b2i(v)
		st.DailySummary = &d
	}
	if n, ok, err := p.integer("max_chats_count"); err != nil {
		return err
	} else if ok {
		if n < 0 || n > 1000 {
			return v2Bad("max_chats_count must be between 0 and 1000")
		}
		set["max_chats"] = n
	}
	if s, err := p.str("job_title"); err != nil {
		return err
	} else if p.has("job_title") {
		set["job_title"] = s
	}
	return nil
}

func (a *act) v2SetGroups(id string, groups []int) error {
	for _, g := range groups {
		if !a.v2GroupExists(g) {
			return v2Bad("Group %d does not exist", g)
		}
	}
	if err := a.exec(`DELETE FROM group_members WHERE agent_id = ? AND group_id != 0`, id); err != nil {
		return err
	}
	if err := a.exec(`INSERT OR IGNORE INTO group_members(group_id, agent_id, priority) VALUES (0, ?, 'normal')`, id); err != nil {
		return err
	}
	for _, g := range uniqueInts(groups) {
		if err := a.exec(`INSERT OR IGNORE INTO group_members(group_id, agent_id, priority) VALUES (?, ?, 'normal')`, g, id); err != nil {
			return err
		}
	}
	a.s.v2ForgetIdentity(id)
	return nil
}

// v2ForgetIdentity drops cached identities of an agent (groups or
// existence changed).
func (s *Server) v2ForgetIdentity(agentID string) {
	s.tokenCache.Range(func(k, v any) bool {
		if id, ok := v.(*Identity); ok && id.ID == agentID {
			s.tokenCache.Delete(k)
		}
		return true
	})
}

func v2CreateAgent(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("agents_write", "agents--all:rw"); err != nil {
		return nil, err
	}
	p := r.params
	login, err := p.str("login")
	if err != nil {
		return nil, err
	}
	name, err := p.str("name")
	if err != nil {
		return nil, err
	}
	if login == "" || !v2ValidEmail(login) {
		return nil, v2Bad("login is required and must be a correct e-mail address")
	}
	if strings.TrimSpace(name) == "" {
		return nil, v2Bad("name is required")
	}
	var n int
	_ = a.queryRow(`SELECT COUNT(*) FROM agents WHERE id = ?`, login).Scan(&n)
	if n > 0 {
		return nil, v2Bad("Agent %s already exists", login)
	}
	st := &v2AgentSettings{}
	set := map[string]any{}
	if err := a.v2AgentCommon(p, st, set); err != nil {
		return nil, err
	}
	role, _ := set["role"].(string)
	if role == "" {
		role = "normal"
	}
	job := "Support Agent"
	if j, ok := set["job_title"].(string); ok && j != "" {
		job = j
	}
	maxChats := 6
	if m, ok := set["max_chats"].(int); ok {
		maxChats = m
	}
	groups, _, err := p.intList("groups")
	if err != nil {
		return nil, err
	}
	if err := a.exec(`INSERT INTO agents(id, account_id, name, role, job_title, max_chats, routing_status, created_at) VALUES (?,?,?,?,?,?,'offline',?)`,
		login, uuidFor(login), name, role, job, maxChats, a.nowTS); err != nil {
		return nil, err
	}
	if err := a.v2SetGroups(login, groups); err != nil {
		return nil, err
	}
	if err := a.v2SaveSettings(login, st); err != nil {
		return nil, err
	}
	return a.v2AgentJSON(login)
}

func v2UpdateAgent(a *act, r *v2Req) (any, error) {
	login := r.parts[0]
	self := login == a.id.ID
	if !self || !a.id.Scopes.HasAny("agents--my:rw", "agents_write") {
		if err := a.v2Need("agents_write", "agents--all:rw"); err != nil {
			return nil, err
		}
	}
	if !a.v2AgentExists(login) {
		return nil, v2NotFound("Agent %s not found", login)
	}
	p := r.params
	var role string
	_ = a.queryRow(`SELECT role FROM agents WHERE id = ?`, a.id.ID).Scan(&role)
	admin := v2IsAdmin(role)
	if !admin {
		for _, k := range []string{"permission", "groups", "max_chats_count", "work_scheduler"} {
			if p.has(k) {
				return nil, v2Forbidden("Only owners and administrators may change %s", k)
			}
		}
	}
	st, err := a.v2Settings(login)
	if err != nil {
		return nil, err
	}
	if pw, _ := p.str("password"); pw != "" {
		cur, err := p.str("current_password")
		if err != nil {
			return nil, err
		}
		if cur == "" {
			return nil, v2Bad("current_password is required to change a password")
		}
		mine, err := a.v2Settings(a.id.ID)
		if err != nil {
			return nil, err
		}
		if mine.Password != "" && mine.Password != fmt.Sprintf("%016x", fnv64("pw:"+cur)) {
			return nil, v2Bad("current_password is wrong")
		}
	}
	set := map[string]any{}
	if err := a.v2AgentCommon(p, st, set); err != nil {
		return nil, err
	}
	if var1, ok := set["role"]; ok {
		var cur string
		_ = a.queryRow(`SELECT role FROM agents WHERE id = ?`, login).Scan(&cur)
		if cur == "owner" {
			return nil, v2Bad("The owner's permission cannot be changed")
		}
		if err := a.exec(`UPDATE agents SET role = ? WHERE id = ?`, var1, login); err != nil {
			return nil, err
		}
	}
	if v, ok := set["max_chats"]; ok {
		if err := a.exec(`UPDATE agents SET max_chats = ? WHERE id = ?`, v, login); err != nil {
			return nil, err
		}
	}
	if v, ok := set["job_title"]; ok {
		if err := a.exec(`UPDATE agents SET job_title = ? WHERE id = ?`, v, login); err != nil {
			return nil, err
		}
	}
	if name, err := p.str("name"); err != nil {
		return nil, err
	} else if p.has("name") {
		if strings.TrimSpace(name) == "" {
			return nil, v2Bad("name must not be empty")
		}
		if err := a.exec(`UPDATE agents SET name = ? WHERE id = ?`, name, login); err != nil {
			return nil, err
		}
	}
	if p.has("work_scheduler") {
		ws, err := p.obj("work_scheduler")
		if err != nil {
			return nil, err
		}
		if st.WorkScheduler == nil {
			st.WorkScheduler = map[string]map[string]any{}
		}
		for day, v := range ws {
			if !slices.Contains(weekdayNames, day) {
				return nil, v2Bad("work_scheduler.%s must be a week day", day)
			}
			dp, ok := v.(map[string]any)
			if !ok {
				return nil, v2Bad("work_scheduler.%s must be an object", day)
			}
			cur := st.WorkScheduler[day]
			if cur == nil {
				cur = map[string]any{"enabled": 0, "start": "09:00", "end": "17:00"}
			}
			for k := range dp {
				s, err := v2Params(dp).str(k)
				if err != nil {
					return nil, err
				}
				switch k {
				case "enabled":
					en, _, err := v2Params(dp).flag(k)
					if err != nil {
						return nil, err
					}
					cur[k] = b2i(en)
				case "start", "end":
					if _, err := time.Parse("15:04", s); err != nil || len(s) != 5 {
						return nil, v2Bad("work_scheduler.%s.%s must be HH:MM", day, k)
					}
					cur[k] = s
				default:
					return nil, v2Bad("work_scheduler.%s.%s is not known (start, end, enabled)", day, k)
				}
			}
			st.WorkScheduler[day] = cur
		}
	}
	if groups, ok, err := p.intList("groups"); err != nil {
		return nil, err
	} else if ok {
		if err := a.v2SetGroups(login, groups); err != nil {
			return nil, err
		}
	}
	if status, err := p.str("status"); err != nil {
		return nil, err
	} else if status != "" {
		var cur string
		_ = a.queryRow(`SELECT routing_status FROM agents WHERE id = ?`, login).Scan(&cur)
		cur = a.s.reportedStatus(login, false, cur) // session.go: offline without a session
		next := ""
		switch status {
		case "accepting chats":
			next = "accepting_chats"
		case "not accepting chats":
			next = "not_accepting_chats"
		case "offline":
			next = "offline"
			st.LastLogout = a.now.Unix()
		default:
			return nil, v2Bad("status must be 'accepting chats', 'not accepting chats' or 'offline'")
		}
		if cur != "offline" && next == "offline" {
			// Logging an agent out ends their session (session.go).
			if err := a.endSessionNow(login, endRemotelySignedOut, "agent_logged_out_remotely"); err != nil {
				return nil, err
			}
		}
		if cur != "offline" || next == "offline" {
			if err := a.exec(`UPDATE agents SET routing_status = ? WHERE id = ?`, next, login); err != nil {
				return nil, err
			}
			a.s.forgetAutoAway(login)             // session.go
			if next != cur && next != "offline" { // endSessionNow told everyone of offline
				a.pushAll("routing_status_set", map[string]any{"agent_id": login, "status": next})
				if next == "accepting_chats" {
					if err := a.routeQueue(); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	if err := a.v2SaveSettings(login, st); err != nil {
		return nil, err
	}
	return a.v2AgentJSON(login)
}

var weekdayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func v2DeleteAgent(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("agents_write", "agents--all:rw"); err != nil {
		return nil, err
	}
	login := r.parts[0]
	var role string
	err := a.queryRow(`SELECT role FROM agents WHERE id = ? AND is_bot = 0`, login).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Agent %s not found", login)
	}
	if err != nil {
		return nil, err
	}
	if role == "owner" {
		return nil, v2Bad("The license owner cannot be removed")
	}
	// As the Configuration API's delete_agent: the session ends, the
	// chats go to other agents or the queue (session.go) while the name
	// is still known, and the connections are closed.
	if err := a.endSessionNow(login, endDeleted, "agent_disconnected_by_server"); err != nil {
		return nil, err
	}
	for _, q := range []string{`DELETE FROM tokens WHERE entity_id = ?`, `DELETE FROM v2_api_keys WHERE agent_id = ?`,
		`DELETE FROM v2_agent_settings WHERE agent_id = ?`, `DELETE FROM follows WHERE agent_id = ?`, `DELETE FROM agents WHERE id = ?`,
		`UPDATE chat_users SET present = 0 WHERE user_id = ?`} {
		if err := a.exec(q, login); err != nil {
			return nil, err
		}
	}
	a.s.v2ForgetIdentity(login)
	return v2Result(login + " removed successfully"), nil
}

func v2ResetAPIKey(a *act, r *v2Req) (any, error) {
	login := r.parts[0]
	if login != a.id.ID {
		if err := a.v2Need("agents_write", "agents--all:rw"); err != nil {
			return nil, err
		}
	}
	if !a.v2AgentExists(login) {
		return nil, v2NotFound("Agent %s not found", login)
	}
	key := v2RandomHex(32)
	if err := a.exec(`INSERT INTO v2_api_keys(agent_id, api_key, created_at) VALUES (?, ?, ?)
		ON CONFLICT(agent_id) DO UPDATE SET api_key = excluded.api_key, created_at = excluded.created_at`, login, key, a.nowTS); err != nil {
		return nil, err
	}
	m, err := a.v2AgentJSON(login)
	if err != nil {
		return nil, err
	}
	m["api_key"] = key
	return m, nil
}

// ---- groups and status ----

func (a *act) v2GroupStatus(id int) (string, error) {
	q := `SELECT id, routing_status, is_bot FROM agents WHERE is_bot = 0`
	var args []any
	if id != 0 {
		q += ` AND id IN (SELECT agent_id FROM group_members WHERE group_id = ?)`
		args = append(args, id)
	}
	sts, err := a.reportedStatuses(q, args...) // session.go
	if err != nil {
		return "", err
	}
	best := "offline"
	for _, s := range sts {
		switch s {
		case "accepting_chats":
			return "accepting chats", nil
		case "not_accepting_chats":
			best = "not accepting chats"
		}
	}
	return best, nil
}

func (a *act) v2GroupJSON(id int) (map[string]any, error) {
	var name, lang string
	err := a.queryRow(`SELECT name, language_code FROM groups WHERE id = ?`, id).Scan(&name, &lang)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Group %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	st, err := a.v2GroupStatus(id)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": id, "name": name, "language": lang, "status": st}
	if id != 0 {
		agents, err := a.v2Strings(`SELECT m.agent_id FROM group_members m JOIN agents ag ON ag.id = m.agent_id
			WHERE m.group_id = ? AND ag.is_bot = 0 ORDER BY m.agent_id`, id)
		if err != nil {
			return nil, err
		}
		m["agents"] = agents
	}
	return m, nil
}

func v2ListGroups(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("groups_read", "groups--all:ro"); err != nil {
		return nil, err
	}
	ids, err := a.v2Ints(`SELECT id FROM groups ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return v2Each(ids, a.v2GroupJSON)
}

func v2GetGroup(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Group", "groups_read", "groups--all:ro")
	if err != nil {
		return nil, err
	}
	return a.v2GroupJSON(id)
}

func (a *act) v2GroupMembers(p v2Params, required bool) ([]string, bool, error) {
	agents, ok, err := p.strList("agents")
	if err != nil {
		return nil, false, err
	}
	if required && len(agents) == 0 {
		return nil, false, v2Bad("agents is required: an array of agent logins")
	}
	for _, ag := range agents {
		if !a.v2AgentExists(ag) {
			return nil, false, v2Bad("Agent %s does not exist", ag)
		}
	}
	return agents, ok, nil
}

func v2CreateGroup(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("groups_write", "groups--all:rw"); err != nil {
		return nil, err
	}
	name, err := r.params.str("name")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, v2Bad("name is required")
	}
	agents, _, err := a.v2GroupMembers(r.params, true)
	if err != nil {
		return nil, err
	}
	lang, err := r.params.str("language")
	if err != nil {
		return nil, err
	}
	if lang == "" {
		lang = "en"
	}
	var id int
	if err := a.queryRow(`SELECT COALESCE(MAX(id), 0) + 1 FROM groups`).Scan(&id); err != nil {
		return nil, err
	}
	if err := a.exec(`INSERT INTO groups(id, name, language_code) VALUES (?, ?, ?)`, id, name, lang); err != nil {
		return nil, err
	}
	for _, ag := range agents {
		if err := a.exec(`INSERT OR IGNORE INTO group_members(group_id, agent_id, priority) VALUES (?, ?, 'normal')`, id, ag); err != nil {
			return nil, err
		}
		a.s.v2ForgetIdentity(ag)
	}
	return a.v2GroupJSON(id)
}

func v2UpdateGroup(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Group", "groups_write", "groups--all:rw")
	if err != nil {
		return nil, err
	}
	if !a.v2GroupExists(id) {
		return nil, v2NotFound("Group %d not found", id)
	}
	if id == 0 {
		return nil, v2Bad("Group 0 cannot be modified")
	}
	p := r.params
	if name, err := p.str("name"); err != nil {
		return nil, err
	} else if p.has("name") {
		if strings.TrimSpace(name) == "" {
			return nil, v2Bad("name must not be empty")
		}
		if err := a.exec(`UPDATE groups SET name = ? WHERE id = ?`, name, id); err != nil {
			return nil, err
		}
	}
	if lang, err := p.str("language"); err != nil {
		return nil, err
	} else if lang != "" {
		if err := a.exec(`UPDATE groups SET language_code = ? WHERE id = ?`, lang, id); err != nil {
			return nil, err
		}
	}
	agents, ok, err := a.v2GroupMembers(p, false)
	if err != nil {
		return nil, err
	}
	if ok {
		old, err := a.v2Strings(`SELECT agent_id FROM group_members WHERE group_id = ?`, id)
		if err != nil {
			return nil, err
		}
		if err := a.exec(`DELETE FROM group_members WHERE group_id = ? AND agent_id IN (SELECT id FROM agents WHERE is_bot = 0)`, id); err != nil {
			return nil, err
		}
		for _, ag := range agents {
			if err := a.exec(`INSERT OR IGNORE INTO group_members(group_id, agent_id, priority) VALUES (?, ?, 'normal')`, id, ag); err != nil {
				return nil, err
			}
		}
		for _, ag := range append(old, agents...) {
			a.s.v2ForgetIdentity(ag)
		}
	}
	return a.v2GroupJSON(id)
}

func v2DeleteGroup(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Group", "groups_write", "groups--all:rw")
	if err != nil {
		return nil, err
	}
	if !a.v2GroupExists(id) {
		return nil, v2NotFound("Group %d not found", id)
	}
	if id == 0 {
		return nil, v2Bad("Group 0 cannot be removed")
	}
	members, err := a.v2Strings(`SELECT agent_id FROM group_members WHERE group_id = ?`, id)
	if err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM groups WHERE id = ?`, id); err != nil {
		return nil, err
	}
	for _, ag := range members {
		a.s.v2ForgetIdentity(ag)
	}
	return v2Result("group removed successfully"), nil
}

func v2Status(a *act, r *v2Req) (any, error) {
	group := 0
	if len(r.parts) == 1 {
		n, err := v2PathInt(r, "Group")
		if err != nil {
			return nil, err
		}
		group = n
	} else if n, ok, err := r.params.integer("group"); err != nil {
		return nil, err
	} else if ok {
		group = n
	}
	if !a.v2GroupExists(group) {
		return nil, v2NotFound("Group %d not found", group)
	}
	st, err := a.v2GroupStatus(group)
	if err != nil {
		return nil, err
	}
	if st == "accepting chats" {
		return map[string]any{"status": "online"}, nil
	}
	return map[string]any{"status": "offline"}, nil
}

// ---- tags ----

type v2TagRow struct {
	name, author, created string
	groups                []int
}

func (a *act) v2TagRows() ([]v2TagRow, error) {
	rows, err := a.query(`SELECT name, author_id, created_at, group_ids FROM tags ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []v2TagRow
	for rows.Next() {
		var t v2TagRow
		var g string
		if err := rows.Scan(&t.name, &t.author, &t.created, &g); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(g), &t.groups)
		out = append(out, t)
	}
	return out, rows.Err()
}

func (a *act) v2TagJSON(t v2TagRow, group int) (map[string]any, error) {
	var inChats, inTickets int
	if err := a.queryRow(`SELECT COUNT(DISTINCT t.chat_id) FROM threads t, json_each(t.tags) j WHERE j.value = ?`, t.name).Scan(&inChats); err != nil {
		return nil, err
	}
	if err := a.queryRow(`SELECT COUNT(*) FROM tickets k, json_each(k.tags) j WHERE j.value = ?`, t.name).Scan(&inTickets); err != nil {
		return nil, err
	}
	return map[string]any{"name": t.name, "author": t.author, "creation_date": v2Unix(t.created),
		"count": map[string]int{"inChats": inChats, "inTickets": inTickets}, "group": group}, nil
}

func v2ListTags(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tags_read", "tags--all:ro"); err != nil {
		return nil, err
	}
	group, filter, err := r.params.integer("group")
	if err != nil {
		return nil, err
	}
	tags, err := a.v2TagRows()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, t := range tags {
		for _, g := range t.groups {
			if filter && g != group {
				continue
			}
			m, err := a.v2TagJSON(t, g)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
	}
	return out, nil
}

func v2CreateTag(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tags_write", "tags--all:rw"); err != nil {
		return nil, err
	}
	name, err := r.params.str("tag")
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	author, err := r.params.str("author")
	if err != nil {
		return nil, err
	}
	group, ok, err := r.params.integer("group")
	if err != nil {
		return nil, err
	}
	if name == "" || author == "" || !ok {
		return nil, v2Bad("tag, author and group are required")
	}
	if len(name) > 100 {
		return nil, v2Bad("tag must be at most 100 characters")
	}
	if !a.v2GroupExists(group) {
		return nil, v2Bad("Group %d does not exist", group)
	}
	var t v2TagRow
	var g string
	err = a.queryRow(`SELECT name, author_id, created_at, group_ids FROM tags WHERE name = ?`, name).Scan(&t.name, &t.author, &t.created, &g)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		t = v2TagRow{name: name, author: author, created: a.nowTS, groups: []int{group}}
		if err := a.exec(`INSERT INTO tags(name, group_ids, author_id, created_at) VALUES (?, ?, ?, ?)`, name, mustJSON(t.groups), author, a.nowTS); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	default:
		_ = json.Unmarshal([]byte(g), &t.groups)
		if slices.Contains(t.groups, group) {
			return nil, v2Bad("Tag %q already exists in group %d", name, group)
		}
		t.groups = append(t.groups, group)
		sort.Ints(t.groups)
		if err := a.exec(`UPDATE tags SET group_ids = ? WHERE name = ?`, mustJSON(t.groups), name); err != nil {
			return nil, err
		}
	}
	return a.v2TagJSON(t, group)
}

func v2DeleteTag(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tags_write", "tags--all:rw"); err != nil {
		return nil, err
	}
	name := r.parts[0]
	if s, err := r.params.str("tag"); err != nil {
		return nil, err
	} else if s != "" && s != name {
		return nil, v2Bad("tag %q does not match the path (%q)", s, name)
	}
	group, ok, err := r.params.integer("group")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, v2Bad("group is required")
	}
	var g string
	err = a.queryRow(`SELECT group_ids FROM tags WHERE name = ?`, name).Scan(&g)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Tag %q not found", name)
	}
	if err != nil {
		return nil, err
	}
	var groups []int
	_ = json.Unmarshal([]byte(g), &groups)
	if !slices.Contains(groups, group) {
		return nil, v2NotFound("Tag %q not found in group %d", name, group)
	}
	groups = slices.DeleteFunc(groups, func(x int) bool { return x == group })
	if len(groups) == 0 {
		err = a.exec(`DELETE FROM tags WHERE name = ?`, name)
	} else {
		err = a.exec(`UPDATE tags SET group_ids = ? WHERE name = ?`, mustJSON(groups), name)
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"ok": true, "result": "tag removed successfully"}, nil
}

// ---- canned responses ----

const v2CannedCols = `id, group_id, text, tags, created_by, creation_date, modified_by, modification_date`

func v2ScanCanned(sc interface{ Scan(...any) error }) (map[string]any, error) {
	var id, group int
	var text, tags, by, mby string
	var created, modified int64
	if err := sc.Scan(&id, &group, &text, &tags, &by, &created, &mby, &modified); err != nil {
		return nil, err
	}
	var tl []string
	_ = json.Unmarshal([]byte(tags), &tl)
	m := map[string]any{"id": id, "group": group, "text": text, "creation_date": created, "created_by": by, "tags": nonNilStrs(tl)}
	if modified > 0 {
		m["modification_date"], m["modified_by"] = modified, mby
	}
	return m, nil
}

func (a *act) v2Canned(id int) (map[string]any, error) {
	m, err := v2ScanCanned(a.queryRow(`SELECT `+v2CannedCols+` FROM canned_responses WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Canned response %d not found", id)
	}
	return m, err
}

func v2ListCanned(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("canned_responses_read", "canned_responses--all:ro", "chats--access:ro"); err != nil {
		return nil, err
	}
	group, _, err := r.params.integer("group")
	if err != nil {
		return nil, err
	}
	rows, err := a.query(`SELECT `+v2CannedCols+` FROM canned_responses WHERE group_id = ? ORDER BY id`, group)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []map[string]any{}
	for rows.Next() {
		m, err := v2ScanCanned(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func v2GetCanned(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Canned response", "canned_responses_read", "canned_responses--all:ro", "chats--access:ro")
	if err != nil {
		return nil, err
	}
	return a.v2Canned(id)
}

func v2CannedTags(p v2Params, required bool) ([]string, bool, error) {
	tags, ok, err := p.strList("tags")
	if err != nil {
		return nil, false, err
	}
	if required && len(tags) == 0 {
		return nil, false, v2Bad("tags is required: an array of strings")
	}
	for _, t := range tags {
		if strings.TrimSpace(t) == "" {
			return nil, false, v2Bad("tags must not be empty strings")
		}
	}
	return tags, ok, nil
}

func v2CreateCanned(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("canned_responses_write", "canned_responses--all:rw"); err != nil {
		return nil, err
	}
	text, err := r.params.str("text")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, v2Bad("text is required")
	}
	tags, _, err := v2CannedTags(r.params, true)
	if err != nil {
		return nil, err
	}
	group, _, err := r.params.integer("group")
	if err != nil {
		return nil, err
	}
	if !a.v2GroupExists(group) {
		return nil, v2Bad("Group %d does not exist", group)
	}
	res, err := a.execRes(`INSERT INTO canned_responses(group_id, text, tags, created_by, creation_date) VALUES (?,?,?,?,?)`,
		group, text, mustJSON(tags), a.id.ID, a.now.Unix())
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	return a.v2CannedChanged(int(id))
}

// v2CannedChanged returns a canned response after a change, queuing
// canned_response_changed with it.
func (a *act) v2CannedChanged(id int) (map[string]any, error) {
	cr, err := a.v2Canned(id)
	if err != nil {
		return nil, err
	}
	return cr, a.v2QueueCannedChanged(cr)
}

func v2UpdateCanned(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Canned response", "canned_responses_write", "canned_responses--all:rw")
	if err != nil {
		return nil, err
	}
	if _, err := a.v2Canned(id); err != nil {
		return nil, err
	}
	text, err := r.params.str("text")
	if err != nil {
		return nil, err
	}
	tags, hasTags, err := v2CannedTags(r.params, false)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" && !hasTags {
		return nil, v2Bad("text or tags must be given")
	}
	if text != "" {
		if err := a.exec(`UPDATE canned_responses SET text = ? WHERE id = ?`, text, id); err != nil {
			return nil, err
		}
	}
	if hasTags {
		if len(tags) == 0 {
			return nil, v2Bad("tags must not be empty")
		}
		if err := a.exec(`UPDATE canned_responses SET tags = ? WHERE id = ?`, mustJSON(tags), id); err != nil {
			return nil, err
		}
	}
	if err := a.exec(`UPDATE canned_responses SET modified_by = ?, modification_date = ? WHERE id = ?`, a.id.ID, a.now.Unix(), id); err != nil {
		return nil, err
	}
	return a.v2CannedChanged(id)
}

func v2DeleteCanned(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Canned response", "canned_responses_write", "canned_responses--all:rw")
	if err != nil {
		return nil, err
	}
	cr, err := a.v2Canned(id)
	if err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM canned_responses WHERE id = ?`, id); err != nil {
		return nil, err
	}
	if err := a.v2QueueCannedChanged(cr); err != nil {
		return nil, err
	}
	return v2Result("Canned response removed successfully"), nil
}

// ---- goals ----

var v2GoalFields = map[string][]string{
	"custom_variable": {"custom_variable_name", "custom_variable_value"},
	"url":             {"url", "match_type"},
	"api":             {},
	"sales_tracker":   {"sales_tracker_id", "value_type", "value", "currency", "time_range", "order_field_name", "value_field_name"},
}

func (a *act) v2Goal(id int, full bool) (map[string]any, error) {
	var name, typ, data string
	var active int
	err := a.queryRow(`SELECT name, type, active, data FROM goals WHERE id = ?`, id).Scan(&name, &typ, &active, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Goal %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": id, "name": name, "active": active, "type": typ}
	if full {
		var f map[string]string
		_ = json.Unmarshal([]byte(data), &f)
		for _, k := range v2GoalFields[typ] {
			if v, ok := f[k]; ok {
				m[k] = v
			}
		}
	}
	return m, nil
}

func v2ListGoals(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("goals_read"); err != nil {
		return nil, err
	}
	typ, err := r.params.str("type")
	if err != nil {
		return nil, err
	}
	if _, ok := v2GoalFields[typ]; typ != "" && !ok {
		return nil, v2Bad("type must be custom_variable, url, api or sales_tracker")
	}
	ids, err := a.v2Ints(`SELECT id FROM goals WHERE ? = '' OR type = ? ORDER BY id`, typ, typ)
	if err != nil {
		return nil, err
	}
	return v2Each(ids, func(id int) (map[string]any, error) { return a.v2Goal(id, false) })
}

func v2GetGoal(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Goal", "goals_read")
	if err != nil {
		return nil, err
	}
	return a.v2Goal(id, true)
}

// v2GoalData merges the type-specific fields of p into f and validates them.
func v2GoalData(p v2Params, typ string, f map[string]string) error {
	for _, k := range v2GoalFields[typ] {
		if !p.has(k) {
			continue
		}
		s, err := p.str(k)
		if err != nil {
			return err
		}
		f[k] = s
	}
	for k := range p {
		for t, fields := range v2GoalFields {
			if t != typ && slices.Contains(fields, k) && !slices.Contains(v2GoalFields[typ], k) {
				return v2Bad("%s does not apply to %s goals", k, typ)
			}
		}
	}
	switch typ {
	case "custom_variable":
		if f["custom_variable_name"] == "" || f["custom_variable_value"] == "" {
			return v2Bad("custom_variable goals need custom_variable_name and custom_variable_value")
		}
	case "url":
		if f["url"] == "" {
			return v2Bad("url goals need url")
		}
		if f["match_type"] == "" {
			f["match_type"] = "substring"
		}
		if f["match_type"] != "substring" && f["match_type"] != "exact" {
			return v2Bad("match_type must be substring or exact")
		}
	case "sales_tracker":
		if vt := f["value_type"]; vt != "" && vt != "set" && vt != "not_set" && vt != "dynamic" {
			return v2Bad("value_type must be set, not_set or dynamic")
		}
	}
	return nil
}

func v2CreateGoal(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("goals_write"); err != nil {
		return nil, err
	}
	name, err := r.params.str("name")
	if err != nil {
		return nil, err
	}
	typ, err := r.params.str("type")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" || typ == "" {
		return nil, v2Bad("name and type are required")
	}
	if _, ok := v2GoalFields[typ]; !ok {
		return nil, v2Bad("type must be custom_variable, url, api or sales_tracker")
	}
	active, ok, err := r.params.flag("active")
	if err != nil {
		return nil, err
	}
	if !ok {
		active = true
	}
	f := map[string]string{}
	if err := v2GoalData(r.params, typ, f); err != nil {
		return nil, err
	}
	res, err := a.execRes(`INSERT INTO goals(name, type, active, data, created_at) VALUES (?,?,?,?,?)`, name, typ, b2i(active), mustJSON(f), a.nowTS)
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	return a.v2Goal(int(id), true)
}

func v2UpdateGoal(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Goal", "goals_write")
	if err != nil {
		return nil, err
	}
	var name, typ, data string
	var active int
	err = a.queryRow(`SELECT name, type, active, data FROM goals WHERE id = ?`, id).Scan(&name, &typ, &active, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Goal %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	f := map[string]string{}
	_ = json.Unmarshal([]byte(data), &f)
	if s, err := r.params.str("name"); err != nil {
		return nil, err
	} else if r.params.has("name") {
		if strings.TrimSpace(s) == "" {
			return nil, v2Bad("name must not be empty")
		}
		name = s
	}
	if s, err := r.params.str("type"); err != nil {
		return nil, err
	} else if s != "" && s != typ {
		if _, ok := v2GoalFields[s]; !ok {
			return nil, v2Bad("type must be custom_variable, url, api or sales_tracker")
		}
		typ, f = s, map[string]string{}
	}
	if b, ok, err := r.params.flag("active"); err != nil {
		return nil, err
	} else if ok {
		active = b2i(b)
	}
	if err := v2GoalData(r.params, typ, f); err != nil {
		return nil, err
	}
	if err := a.exec(`UPDATE goals SET name = ?, type = ?, active = ?, data = ? WHERE id = ?`, name, typ, active, mustJSON(f), id); err != nil {
		return nil, err
	}
	return a.v2Goal(id, true)
}

func v2DeleteGoal(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Goal", "goals_write")
	if err != nil {
		return nil, err
	}
	if _, err := a.v2Goal(id, false); err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM goals WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return v2Result("goal removed successfully"), nil
}

func v2MarkGoal(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Goal", "goals_write")
	if err != nil {
		return nil, err
	}
	g, err := a.v2Goal(id, false)
	if err != nil {
		return nil, err
	}
	if g["active"] != 1 {
		return nil, v2Bad("Goal %d is not active", id)
	}
	p := r.params
	visitor, err := p.str("visitor_id")
	if err != nil {
		return nil, err
	}
	if visitor == "" {
		return nil, v2Bad("visitor_id is required")
	}
	var order [4]string
	for i, k := range []string{"order_id", "order_description", "order_price", "order_currency"} {
		if order[i], err = p.str(k); err != nil {
			return nil, err
		}
	}
	if order[2] != "" {
		if _, err := strconv.ParseFloat(order[2], 64); err != nil || strings.Contains(order[2], ",") {
			return nil, v2Bad("order_price must be a number with a period as separator")
		}
	}
	// The goal is credited to the visitor's latest chat, when there is one.
	var chatID string
	_ = a.queryRow(`SELECT chat_id FROM threads WHERE customer_id = ? ORDER BY seq DESC LIMIT 1`, visitor).Scan(&chatID)
	if err := a.exec(`INSERT INTO goal_successes(goal_id, visitor_id, chat_id, order_id, order_description, order_price, order_currency, created_at)
		VALUES (?,?,?,?,?,?,?,?)`, id, visitor, chatID, order[0], order[1], order[2], order[3], a.nowTS); err != nil {
		return nil, err
	}
	return v2Result("goal marked as successful"), nil
}

// ---- greetings ----

var v2RuleTypes = []string{"visit_time_site", "visit_time_page", "url_current", "url_visited", "pages_view_number",
	"url_referrer", "geolocation", "visits_number", "search_keyword", "custom_variable", "url_funnel", "ads_traffic"}

var v2Operators = []string{"equals", "doesnt_equal", "lower_than", "lower_or_equal", "greater_than", "greater_or_equal", "contains", "doesnt_contain"}

// v2Rules validates rules and gives them ids.
func (a *act) v2Rules(p v2Params) ([]map[string]any, error) {
	list, err := p.objList("rules")
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, v2Bad("rules is required: an array of greeting rules")
	}
	out := make([]map[string]any, 0, len(list))
	for i, rp := range list {
		get := func(k string) (string, error) { return rp.str(k) }
		typ, err := get("type")
		if err != nil {
			return nil, err
		}
		if typ == "custom" {
			typ = "custom_variable"
		}
		if !slices.Contains(v2RuleTypes, typ) {
			return nil, v2Bad("rules[%d].type %q is not a greeting rule type", i, typ)
		}
		op, err := get("operator")
		if err != nil {
			return nil, err
		}
		if op == "" {
			op = "equals"
		}
		if !slices.Contains(v2Operators, op) {
			return nil, v2Bad("rules[%d].operator %q is not an operator", i, op)
		}
		var seq int
		if err := a.queryRow(`SELECT COALESCE(MAX(CAST(value AS INTEGER)), 8000) + 10 FROM meta WHERE key = 'v2_rule_seq'`).Scan(&seq); err != nil {
			return nil, err
		}
		if err := a.exec(`INSERT INTO meta(key, value) VALUES ('v2_rule_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, strconv.Itoa(seq)); err != nil {
			return nil, err
		}
		rule := map[string]any{"id": seq + 1, "type": typ, "operator": op, "condition": "and"}
		switch typ {
		case "custom_variable", "ads_traffic":
			name, err := get("variable_name")
			if err != nil {
				return nil, err
			}
			val, err := get("variable_value")
			if err != nil {
				return nil, err
			}
			if typ == "custom_variable" && (name == "" || val == "") {
				return nil, v2Bad("rules[%d]: custom_variable rules need variable_name and variable_value", i)
			}
			if len(val) > 255 {
				return nil, v2Bad("rules[%d].variable_value must be at most 255 characters", i)
			}
			if name != "" {
				rule["variable_name"] = name
			}
			if val != "" {
				rule["variable_value"] = val
			}
		case "url_funnel":
			urls, err := rp.objList("urls")
			if err != nil {
				return nil, err
			}
			if len(urls) == 0 {
				return nil, v2Bad("rules[%d]: url_funnel rules need urls", i)
			}
			var ul []map[string]any
			for j, u := range urls {
				s, err := u.str("url")
				if err != nil {
					return nil, err
				}
				uop, err := u.str("operator")
				if err != nil {
					return nil, err
				}
				if uop == "" {
					uop = "equals"
				}
				if s == "" || !slices.Contains(v2Operators, uop) {
					return nil, v2Bad("rules[%d].urls[%d] needs a url and a valid operator", i, j)
				}
				ul = append(ul, map[string]any{"url": s, "operator": uop})
			}
			rule["urls"] = ul
		default:
			val, err := get("value")
			if err != nil {
				return nil, err
			}
			if val == "" {
				return nil, v2Bad("rules[%d].value is required", i)
			}
			rule["value"] = val
		}
		out = append(out, rule)
	}
	return out, nil
}

func (a *act) v2Greeting(id int) (map[string]any, error) {
	var name, rules, props string
	var active int
	err := a.queryRow(`SELECT name, active, rules, properties FROM greetings WHERE id = ?`, id).Scan(&name, &active, &rules, &props)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Greeting %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	var pm map[string]string
	_ = json.Unmarshal([]byte(props), &pm)
	if pm == nil {
		pm = map[string]string{}
	}
	pm["active"] = strconv.Itoa(active)
	return map[string]any{"id": id, "active": active == 1, "name": name, "rules": json.RawMessage(rules), "properties": pm}, nil
}

func v2ListGreetings(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("greetings_read"); err != nil {
		return nil, err
	}
	group, filter, err := r.params.integer("group")
	if err != nil {
		return nil, err
	}
	ids, err := a.v2Ints(`SELECT id FROM greetings WHERE ? = 0 OR group_id = ? ORDER BY id`, b2i(filter), group)
	if err != nil {
		return nil, err
	}
	return v2Each(ids, a.v2Greeting)
}

func v2GetGreeting(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Greeting", "greetings_read")
	if err != nil {
		return nil, err
	}
	return a.v2Greeting(id)
}

func v2GreetingProps(p v2Params, into map[string]string) error {
	props, err := p.obj("properties")
	if err != nil {
		return err
	}
	for k := range props {
		s, err := props.str(k)
		if err != nil {
			return err
		}
		if k == "active" {
			continue
		}
		into[k] = s
	}
	return nil
}

func v2CreateGreeting(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("greetings_write"); err != nil {
		return nil, err
	}
	p := r.params
	name, err := p.str("name")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, v2Bad("name is required")
	}
	rules, err := a.v2Rules(p)
	if err != nil {
		return nil, err
	}
	group, _, err := p.integer("group")
	if err != nil {
		return nil, err
	}
	if !a.v2GroupExists(group) {
		return nil, v2Bad("Group %d does not exist", group)
	}
	active, ok, err := p.flag("active")
	if err != nil {
		return nil, err
	}
	if !ok {
		active = true
	}
	subtype, err := p.str("subtype")
	if err != nil {
		return nil, err
	}
	if subtype != "" && subtype != "announcement" {
		return nil, v2Bad("subtype must be announcement")
	}
	if subtype == "announcement" {
		var n int
		_ = a.queryRow(`SELECT COUNT(*) FROM greetings WHERE subtype = 'announcement'`).Scan(&n)
		if n >= 10 {
			return nil, v2Bad("At most 10 announcement greetings are allowed")
		}
	}
	props := map[string]string{"greeting-message_text": "Hello, how may I help you?"}
	if err := v2GreetingProps(p, props); err != nil {
		return nil, err
	}
	res, err := a.execRes(`INSERT INTO greetings(group_id, name, active, subtype, rules, properties, created_at) VALUES (?,?,?,?,?,?,?)`,
		group, name, b2i(active), subtype, mustJSON(rules), mustJSON(props), a.nowTS)
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	return a.v2Greeting(int(id))
}

func v2UpdateGreeting(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Greeting", "greetings_write")
	if err != nil {
		return nil, err
	}
	var name, props string
	var active int
	err = a.queryRow(`SELECT name, active, properties FROM greetings WHERE id = ?`, id).Scan(&name, &active, &props)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Greeting %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	p := r.params
	if !p.has("name") && !p.has("active") && !p.has("rules") && !p.has("properties") {
		return nil, v2Bad("name, active, rules or properties must be given")
	}
	if s, err := p.str("name"); err != nil {
		return nil, err
	} else if p.has("name") {
		if strings.TrimSpace(s) == "" {
			return nil, v2Bad("name must not be empty")
		}
		name = s
	}
	if b, ok, err := p.flag("active"); err != nil {
		return nil, err
	} else if ok {
		active = b2i(b)
	}
	pm := map[string]string{}
	_ = json.Unmarshal([]byte(props), &pm)
	if err := v2GreetingProps(p, pm); err != nil {
		return nil, err
	}
	if p.has("rules") {
		rules, err := a.v2Rules(p)
		if err != nil {
			return nil, err
		}
		if err := a.exec(`UPDATE greetings SET rules = ? WHERE id = ?`, mustJSON(rules), id); err != nil {
			return nil, err
		}
	}
	if err := a.exec(`UPDATE greetings SET name = ?, active = ?, properties = ? WHERE id = ?`, name, active, mustJSON(pm), id); err != nil {
		return nil, err
	}
	return a.v2Greeting(id)
}

func v2DeleteGreeting(a *act, r *v2Req) (any, error) {
	id, err := a.v2NeedPathInt(r, "Greeting", "greetings_write")
	if err != nil {
		return nil, err
	}
	if _, err := a.v2Greeting(id); err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM greetings WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return map[string]any{"ok": true, "result": "greeting removed successfully"}, nil
}

// ---- webhooks ----

var v2WebhookData = map[string][]string{
	"chat_started":            {"chat", "visitor", "pre_chat_survey"},
	"chat_ended":              {"chat", "visitor", "pre_chat_survey"},
	"chat_changed":            {"chat", "visitor"},
	"visitor_queued":          {"visitor"},
	"ticket_created":          {"ticket"},
	"canned_response_changed": {"canned_response"},
}

func (a *act) v2Webhooks() (map[string]any, error) {
	lic, _ := strconv.Atoi(seedLicenseID)
	_ = a.queryRow(`SELECT value FROM meta WHERE key = 'license_id'`).Scan(&lic)
	rows, err := a.query(`SELECT id, event_type, data_types, url, token FROM v2_webhooks ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []map[string]any{}
	for rows.Next() {
		var id, ev, dt, u, tok string
		if err := rows.Scan(&id, &ev, &dt, &u, &tok); err != nil {
			return nil, err
		}
		list = append(list, map[string]any{"licence": lic, "event_type": ev, "data_types": json.RawMessage(dt),
			"url": u, "verified": true, "token": tok, "id": id})
	}
	return map[string]any{"events": list}, rows.Err()
}

func v2ListWebhooks(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("webhooks_manage", "webhooks--all:rw"); err != nil {
		return nil, err
	}
	return a.v2Webhooks()
}

func v2CreateWebhook(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("webhooks_manage", "webhooks--all:rw"); err != nil {
		return nil, err
	}
	ev, err := r.params.str("event_type")
	if err != nil {
		return nil, err
	}
	allowed, ok := v2WebhookData[ev]
	if !ok {
		return nil, v2Bad("event_type must be one of chat_started, chat_ended, chat_changed, visitor_queued, ticket_created, canned_response_changed")
	}
	dts, _, err := r.params.strList("data_types")
	if err != nil {
		return nil, err
	}
	if len(dts) == 0 {
		return nil, v2Bad("data_types is required")
	}
	for _, d := range dts {
		if !slices.Contains(allowed, d) {
			return nil, v2Bad("data type %q is not supported by %s (supported: %s)", d, ev, strings.Join(allowed, ", "))
		}
	}
	u, err := r.params.str("url")
	if err != nil {
		return nil, err
	}
	if !v2ValidURL(u) {
		return nil, v2Bad("url is required and must be an absolute http(s) URL")
	}
	if err := a.exec(`INSERT INTO v2_webhooks(id, event_type, data_types, url, token, created_at) VALUES (?,?,?,?,?,?)`,
		v2RandomHex(32), ev, mustJSON(dts), u, v2RandomHex(32), a.nowTS); err != nil {
		return nil, err
	}
	if w := a.s.wh; w != nil {
		w.v2count.Add(1) // counted before commit: an overcount only costs a query
	}
	return a.v2Webhooks()
}

func v2DeleteWebhook(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("webhooks_manage", "webhooks--all:rw"); err != nil {
		return nil, err
	}
	res, err := a.execRes(`DELETE FROM v2_webhooks WHERE id = ?`, r.parts[0])
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, v2NotFound("Webhook %q not found", r.parts[0])
	}
	if err := a.cancelDeliveries(r.parts[0]); err != nil {
		return nil, err
	}
	if w := a.s.wh; w != nil {
		a.after = append(a.after, func() { w.v2count.Add(-1) })
	}
	return v2Result("Push notification removed successfully"), nil
}
