package emulator

import (
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/livechat-go/livechat"
)

// props is the stored form of properties: namespace → name → JSON value.
type props map[string]map[string]json.RawMessage

func parseProps(s string) props {
	p := props{}
	_ = json.Unmarshal([]byte(s), &p)
	return p
}

func (p props) String() string {
	if p == nil {
		return "{}"
	}
	b, _ := json.Marshal(p)
	return string(b)
}

func (p props) raw() json.RawMessage { return json.RawMessage(p.String()) }

// validateProps checks an update payload {ns: {name: value}}.
func validateProps(raw json.RawMessage) (props, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, validation("properties is required")
	}
	var p props
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, validation("properties must be an object of namespaces of named values")
	}
	if len(p) == 0 {
		return nil, validation("properties must not be empty")
	}
	for ns, vals := range p {
		if ns == "" || len(vals) == 0 {
			return nil, validation("properties namespace %q must name at least one property", ns)
		}
		for name, v := range vals {
			if name == "" {
				return nil, validation("property names must not be empty")
			}
			if t := strings.TrimSpace(string(v)); t == "" || t[0] == '{' || t[0] == '[' {
				return nil, validation("property %s.%s must be a string, number or boolean", ns, name)
			}
		}
	}
	return p, nil
}

// validatePropNames checks a delete payload {ns: [names]}.
func validatePropNames(raw json.RawMessage) (map[string][]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, validation("properties is required")
	}
	var p map[string][]string
	if err := json.Unmarshal(raw, &p); err != nil || len(p) == 0 {
		return nil, validation("properties must be an object of namespaces of property name lists")
	}
	return p, nil
}

func (p props) merge(upd props) {
	for ns, vals := range upd {
		if p[ns] == nil {
			p[ns] = map[string]json.RawMessage{}
		}
		for k, v := range vals {
			p[ns][k] = v
		}
	}
}

func (p props) remove(del map[string][]string) {
	for ns, names := range del {
		for _, n := range names {
			delete(p[ns], n)
		}
		if len(p[ns]) == 0 {
			delete(p, ns)
		}
	}
}

type chatRow struct {
	seq          int64
	id           string
	props        props
	groupIDs     []int
	createdAt    string
	lastThreadID string
}

type threadRow struct {
	seq            int64
	id             string
	chatID         string
	active         bool
	createdAt      string
	props          props
	tags           []string
	groupIDs       []int
	userIDs        []string
	queuedAt       string
	queuesDuration int
	eventSeq       int
	customerID     string
}

type chatUser struct {
	userID     string
	userType   string
	visibility string
	present    bool
	seenUpTo   string
}

func notFound(what string) error { return lerr(livechat.TypeNotFound, "%s not found", what) }

const chatCols = `seq, id, properties, group_ids, created_at, last_thread_id`

func scanChat(sc interface{ Scan(...any) error }) (*chatRow, error) {
	var r chatRow
	var p, g string
	if err := sc.Scan(&r.seq, &r.id, &p, &g, &r.createdAt, &r.lastThreadID); err != nil {
		return nil, err
	}
	r.props = parseProps(p)
	_ = json.Unmarshal([]byte(g), &r.groupIDs)
	return &r, nil
}

func (a *act) chat(id string) (*chatRow, error) {
	if id == "" {
		return nil, validation("chat id is required")
	}
	r, err := scanChat(a.queryRow(`SELECT `+chatCols+` FROM chats WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Chat")
	}
	return r, err
}

// threadEventSeq is a thread's event count (the n of its last event id).
// The threads.event_seq column is only a lower bound: insertEvent does
// not rewrite the thread's row for every event (a page write less per
// event in each commit); events are never deleted, so the newest event's
// n, read through the events primary key, is the count.
const threadEventSeq = `MAX(event_seq, (SELECT COALESCE(MAX(n), 0) FROM events WHERE thread_seq = threads.seq))`

// threadCols are the columns scanThread reads (FROM threads, not aliased).
const threadCols = `seq, id, chat_id, active, created_at, properties, tags, group_ids, user_ids, queued_at, queues_duration, ` + threadEventSeq + `, customer_id`

func scanThread(sc interface{ Scan(...any) error }) (*threadRow, error) {
	var r threadRow
	var active int
	var p, tg, g, u string
	if err := sc.Scan(&r.seq, &r.id, &r.chatID, &active, &r.createdAt, &p, &tg, &g, &u, &r.queuedAt, &r.queuesDuration, &r.eventSeq, &r.customerID); err != nil {
		return nil, err
	}
	r.active = active == 1
	r.props = parseProps(p)
	_ = json.Unmarshal([]byte(tg), &r.tags)
	_ = json.Unmarshal([]byte(g), &r.groupIDs)
	_ = json.Unmarshal([]byte(u), &r.userIDs)
	return &r, nil
}

func (a *act) thread(chatID, id string) (*threadRow, error) {
	r, err := scanThread(a.queryRow(`SELECT `+threadCols+` FROM threads WHERE id = ? AND chat_id = ?`, id, chatID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Thread")
	}
	return r, err
}

// lastThread returns the chat's last thread, or nil when it has none.
func (a *act) lastThread(c *chatRow) (*threadRow, error) {
	if c.lastThreadID == "" {
		return nil, nil
	}
	return a.thread(c.id, c.lastThreadID)
}

// activeThread returns the chat's active thread or chat_inactive.
func (a *act) activeThread(c *chatRow) (*threadRow, error) {
	t, err := a.lastThread(c)
	if err != nil {
		return nil, err
	}
	if t == nil || !t.active {
		return nil, lerr(livechat.TypeChatInactive, "")
	}
	return t, nil
}

func (a *act) saveThread(t *threadRow) error {
	tags, _ := json.Marshal(nonNilStrs(t.tags))
	g, _ := json.Marshal(t.groupIDs)
	u, _ := json.Marshal(nonNilStrs(t.userIDs))
	return a.exec(`UPDATE threads SET active = ?, properties = ?, tags = ?, group_ids = ?, user_ids = ?, queued_at = ?, queues_duration = ?, event_seq = ? WHERE seq = ?`,
		b2i(t.active), t.props.String(), string(tags), string(g), string(u), t.queuedAt, t.queuesDuration, t.eventSeq, t.seq)
}

func (a *act) saveChat(c *chatRow) error {
	g, _ := json.Marshal(c.groupIDs)
	return a.exec(`UPDATE chats SET properties = ?, group_ids = ?, last_thread_id = ? WHERE seq = ?`,
		c.props.String(), string(g), c.lastThreadID, c.seq)
}

func (a *act) chatUsers(chatID string) ([]chatUser, error) {
	rows, err := a.query(`SELECT user_id, user_type, visibility, present, seen_up_to FROM chat_users WHERE chat_id = ? ORDER BY added_seq, user_id`, chatID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chatUser
	for rows.Next() {
		var u chatUser
		var present int
		if err := rows.Scan(&u.userID, &u.userType, &u.visibility, &present, &u.seenUpTo); err != nil {
			return nil, err
		}
		u.present = present == 1
		out = append(out, u)
	}
	return out, rows.Err()
}

func findUser(us []chatUser, id string) *chatUser {
	for i := range us {
		if us[i].userID == id {
			return &us[i]
		}
	}
	return nil
}

// presentAgents returns the ids of agents present in the chat.
func presentAgents(us []chatUser) []string {
	var out []string
	for _, u := range us {
		if u.userType == "agent" && u.present {
			out = append(out, u.userID)
		}
	}
	return out
}

// userJSON renders a chat member as the API does.
func (a *act) userJSON(u chatUser) (map[string]any, error) {
	m := map[string]any{"id": u.userID, "type": u.userType, "present": u.present, "visibility": u.visibility}
	if u.seenUpTo != "" {
		m["events_seen_up_to"] = u.seenUpTo
	} else {
		m["events_seen_up_to"] = "1970-01-01T00:00:00.000000Z"
	}
	if u.userType == "agent" {
		var name, avatar string
		if err := a.queryRow(`SELECT name, avatar FROM agents WHERE id = ?`, u.userID).Scan(&name, &avatar); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		m["name"], m["email"], m["avatar"] = name, u.userID, avatar
		m["present"] = u.present && a.agentPresent(u.userID) // connected agents only (routing.go)
		return m, nil
	}
	cu, err := a.customerJSON(u.userID, false)
	if err != nil {
		return nil, err
	}
	for k, v := range cu {
		if _, set := m[k]; !set {
			m[k] = v
		}
	}
	return m, nil
}

func (a *act) usersJSON(chatID string) ([]map[string]any, error) {
	us, err := a.chatUsers(chatID)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(us))
	for _, u := range us {
		m, err := a.userJSON(u)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// customerJSON renders a customer; withChats adds chat_ids (get_customer).
func (a *act) customerJSON(id string, withChats bool) (map[string]any, error) {
	var name, email, avatar, sf, created, banned string
	err := a.queryRow(`SELECT name, email, avatar, session_fields, created_at, banned_until FROM customers WHERE id = ?`, id).
		Scan(&name, &email, &avatar, &sf, &created, &banned)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Customer")
	}
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": id, "type": "customer", "created_at": created, "session_fields": json.RawMessage(sf)}
	if name != "" {
		m["name"] = name
	}
	if email != "" {
		m["email"], m["email_verified"] = email, false
	}
	if avatar != "" {
		m["avatar"] = avatar
	}
	var chats, threads int
	if err := a.queryRow(`SELECT COUNT(DISTINCT chat_id), COUNT(*) FROM threads WHERE customer_id = ?`, id).Scan(&chats, &threads); err != nil {
		return nil, err
	}
	m["statistics"] = map[string]int{"chats_count": chats, "threads_count": threads, "visits_count": 1}
	if banned != "" && banned > a.nowTS {
		m["banned_until"] = banned
	}
	if withChats {
		rows, err := a.query(`SELECT chat_id FROM chat_users WHERE user_id = ? ORDER BY chat_id`, id)
		if err != nil {
			return nil, err
		}
		ids := []string{}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, c)
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
		m["chat_ids"] = ids
	}
	return m, nil
}

// threadEvents returns a thread's events as stored (JSON), in order.
func (a *act) threadEvents(t *threadRow, agentView bool) ([]json.RawMessage, error) {
	q := `SELECT body FROM events WHERE thread_seq = ? ORDER BY n`
	if !agentView {
		q = `SELECT body FROM events WHERE thread_seq = ? AND visibility = 'all' ORDER BY n`
	}
	rows, err := a.query(q, t.seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []json.RawMessage{}
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, json.RawMessage(b))
	}
	return out, rows.Err()
}

func (a *act) queueJSON(t *threadRow) (map[string]any, error) {
	if !t.active || t.queuedAt == "" {
		return nil, nil
	}
	var pos int
	if err := a.queryRow(`SELECT COUNT(*) FROM threads WHERE active = 1 AND queued_at != '' AND (queued_at < ? OR (queued_at = ? AND seq <= ?))`,
		t.queuedAt, t.queuedAt, t.seq).Scan(&pos); err != nil {
		return nil, err
	}
	return map[string]any{"position": pos, "wait_time": pos * 30, "queued_at": t.queuedAt}, nil
}

// threadJSON renders a thread; events are included when withEvents.
func (a *act) threadJSON(t *threadRow, withEvents bool) (map[string]any, error) {
	m := map[string]any{
		"id": t.id, "active": t.active, "user_ids": nonNilStrs(t.userIDs), "properties": t.props.raw(),
		"access": map[string]any{"group_ids": t.groupIDs}, "tags": nonNilStrs(t.tags), "created_at": t.createdAt,
	}
	if withEvents {
		evs, err := a.threadEvents(t, a.id.Kind == "agent")
		if err != nil {
			return nil, err
		}
		m["events"] = evs
	}
	q, err := a.queueJSON(t)
	if err != nil {
		return nil, err
	}
	if q != nil {
		m["queue"] = q
	}
	if t.queuesDuration > 0 {
		m["queues_duration"] = t.queuesDuration
	}
	for _, nb := range []struct{ key, q string }{
		{"previous_thread_id", `SELECT id FROM threads WHERE chat_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1`},
		{"next_thread_id", `SELECT id FROM threads WHERE chat_id = ? AND seq > ? ORDER BY seq ASC LIMIT 1`},
	} {
		var id string
		switch err := a.queryRow(nb.q, t.chatID, t.seq).Scan(&id); {
		case err == nil:
			m[nb.key] = id
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
	}
	return m, nil
}

func (a *act) isFollowed(chatID string) bool {
	var n int
	_ = a.queryRow(`SELECT COUNT(*) FROM follows WHERE chat_id = ? AND agent_id = ?`, chatID, a.id.ID).Scan(&n)
	return n > 0
}

// chatJSON renders a chat with one thread (nil for none).
func (a *act) chatJSON(c *chatRow, t *threadRow) (map[string]any, error) {
	users, err := a.usersJSON(c.id)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": c.id, "users": users, "properties": c.props.raw(),
		"access": map[string]any{"group_ids": c.groupIDs}, "is_followed": a.isFollowed(c.id)}
	if t != nil {
		tj, err := a.threadJSON(t, true)
		if err != nil {
			return nil, err
		}
		m["thread"] = tj
	}
	return m, nil
}

// summaryJSON renders a chat summary (list_chats, login).
func (a *act) summaryJSON(c *chatRow) (map[string]any, error) {
	users, err := a.usersJSON(c.id)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": c.id, "users": users, "properties": c.props.raw(),
		"access": map[string]any{"group_ids": c.groupIDs}, "is_followed": a.isFollowed(c.id)}
	t, err := a.lastThread(c)
	if err != nil {
		return nil, err
	}
	lept := map[string]any{}
	if t != nil {
		ts := map[string]any{"id": t.id, "created_at": t.createdAt, "user_ids": nonNilStrs(t.userIDs),
			"properties": t.props.raw(), "active": t.active, "access": map[string]any{"group_ids": t.groupIDs},
			"tags": nonNilStrs(t.tags)}
		if q, err := a.queueJSON(t); err != nil {
			return nil, err
		} else if q != nil {
			ts["queue"] = q
		}
		m["last_thread_summary"] = ts
		if lept, err = a.lastEventPerType(c.id, false); err != nil {
			return nil, err
		}
	}
	m["last_event_per_type"] = lept
	return m, nil
}

// canAccess reports whether the acting agent may see chat c: chats--all,
// a member, a follower, or group overlap under chats--access (a customer:
// a member). A failed read is an error, never a refusal.
func (a *act) canAccess(c *chatRow, write bool) (bool, error) {
	mode := "ro"
	if write {
		mode = "rw"
	}
	if a.id.Kind != "customer" && a.id.Scopes.Has("chats--all:"+mode) {
		return true, nil
	}
	var n int
	if err := a.queryRow(`SELECT COUNT(*) FROM chat_users WHERE chat_id = ? AND user_id = ?`, c.id, a.id.ID).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 || a.id.Kind == "customer" {
		return n > 0, nil
	}
	return groupsOverlap(c.groupIDs, a.id.groups), nil
}

func groupsOverlap(chat, agent []int) bool {
	for _, g := range chat {
		for _, h := range agent {
			if g == h {
				return true
			}
		}
	}
	return false
}

// accessibleChat loads a chat and checks access.
func (a *act) accessibleChat(id string, write bool) (*chatRow, error) {
	c, err := a.chat(id)
	if err != nil {
		return nil, err
	}
	if ok, err := a.canAccess(c, write); err != nil {
		return nil, err
	} else if !ok {
		return nil, lerr(livechat.TypeMissingAccess, "No access to chat %s", id)
	}
	return c, nil
}

// chatAudience is every agent who gets the pushes of a chat: present
// members and followers; wide adds agents with group access (key pushes
// such as incoming_chat, chat_transferred, chat_deactivated).
func (a *act) chatAudience(c *chatRow, wide bool) ([]string, error) {
	set := map[string]bool{}
	if err := a.addIDs(set, `SELECT user_id FROM chat_users WHERE chat_id = ? AND user_type = 'agent' AND present = 1
		UNION SELECT agent_id FROM follows WHERE chat_id = ?`, c.id, c.id); err != nil {
		return nil, err
	}
	if wide {
		gs, _ := json.Marshal(c.groupIDs)
		if err := a.addIDs(set, `SELECT DISTINCT agent_id FROM group_members WHERE group_id IN (SELECT value FROM json_each(?))`, string(gs)); err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

func nonNilStrs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
