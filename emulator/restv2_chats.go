package emulator

import (
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A v2 chat is a v3 chat with all its threads: messages and events of
// every thread, started at its first thread, ended (and no longer
// pending) when its last thread is inactive.

type v2Msg struct {
	at       time.Time
	typ      string // v3 event type
	author   string
	userType string // agent, supervisor, visitor, system
	text     string
	body     map[string]json.RawMessage
}

type v2ChatData struct {
	c          *chatRow
	threads    []*threadRow
	started    time.Time
	ended      time.Time
	pending    bool
	customer   string
	agents     []string // agents with visibility all, in join order
	supers     []string
	tags       []string
	msgs       []v2Msg
	rating     string // rated_good, rated_bad, not_rated
	comment    bool
	queued     bool
	queueSecs  int
	byAgent    bool // started by an agent (manual invite)
	goals      []map[string]any
	goalIDs    []int
	sales      []int
	salesValue map[string]float64
	salesCount map[string]int
}

func (a *act) v2LoadChat(c *chatRow) (*v2ChatData, error) {
	d := &v2ChatData{c: c, salesValue: map[string]float64{}, salesCount: map[string]int{}}
	rows, err := a.query(`SELECT `+threadCols+` FROM threads WHERE chat_id = ? ORDER BY seq`, c.id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		d.threads = append(d.threads, t)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if len(d.threads) == 0 {
		return nil, nil
	}
	d.started, _ = parseTS(d.threads[0].createdAt)
	last := d.threads[len(d.threads)-1]
	d.pending = last.active
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	for i, u := range us {
		switch {
		case u.userType == "customer":
			d.customer = u.userID
			if i == 0 {
				d.byAgent = false
			}
		case u.visibility == "agents":
			d.supers = append(d.supers, u.userID)
		default:
			if i == 0 {
				d.byAgent = true
			}
			d.agents = append(d.agents, u.userID)
		}
	}
	for _, t := range d.threads {
		for _, tag := range t.tags {
			if !slices.Contains(d.tags, tag) {
				d.tags = append(d.tags, tag)
			}
		}
		if t.queuesDuration > 0 || t.queuedAt != "" {
			d.queued = true
			d.queueSecs += t.queuesDuration
		}
		if r, ok := t.props["rating"]; ok {
			var score *float64
			if json.Unmarshal(r["score"], &score) == nil && score != nil {
				if *score > 0 {
					d.rating = "rated_good"
				} else {
					d.rating = "rated_bad"
				}
			}
			var comment string
			if json.Unmarshal(r["comment"], &comment) == nil && comment != "" {
				d.comment = true
			}
		}
	}
	if d.rating == "" {
		d.rating = "not_rated"
	}
	ev, err := a.query(`SELECT created_at, type, author_id, body FROM events WHERE thread_seq IN (SELECT seq FROM threads WHERE chat_id = ?) ORDER BY thread_seq, n`, c.id)
	if err != nil {
		return nil, err
	}
	for ev.Next() {
		var ts, body string
		var m v2Msg
		if err := ev.Scan(&ts, &m.typ, &m.author, &body); err != nil {
			ev.Close()
			return nil, err
		}
		m.at, _ = parseTS(ts)
		_ = json.Unmarshal([]byte(body), &m.body)
		_ = json.Unmarshal(m.body["text"], &m.text)
		switch {
		case m.author == "":
			m.userType = "system"
		case m.author == d.customer:
			m.userType = "visitor"
		case slices.Contains(d.supers, m.author):
			m.userType = "supervisor"
		default:
			m.userType = "agent"
		}
		d.msgs = append(d.msgs, m)
	}
	if err := closeRows(ev); err != nil {
		return nil, err
	}
	if !d.pending {
		d.ended = d.started
		if n := len(d.msgs); n > 0 {
			d.ended = d.msgs[n-1].at
		}
		if lt, _ := parseTS(last.createdAt); lt.After(d.ended) {
			d.ended = lt
		}
	}
	gr, err := a.query(`SELECT s.goal_id, COALESCE(g.name, ''), COALESCE(g.type, ''), s.created_at, s.order_id, s.order_description, s.order_price, s.order_currency
		FROM goal_successes s LEFT JOIN goals g ON g.id = s.goal_id WHERE s.chat_id = ? ORDER BY s.id`, c.id)
	if err != nil {
		return nil, err
	}
	for gr.Next() {
		var id int
		var name, typ, ts, oid, odesc, oprice, ocur string
		if err := gr.Scan(&id, &name, &typ, &ts, &oid, &odesc, &oprice, &ocur); err != nil {
			gr.Close()
			return nil, err
		}
		at, _ := parseTS(ts)
		if oprice == "" {
			oprice = "0"
		}
		g := map[string]any{"id": id, "name": name, "date": v2HumanDate(at), "timestamp": at.Unix(),
			"order": map[string]any{"id": oid, "description": odesc, "price": oprice, "currency": ocur}}
		if typ != "" {
			g["type"] = typ
		}
		d.goals = append(d.goals, g)
		d.goalIDs = append(d.goalIDs, id)
		if typ == "sales_tracker" {
			d.sales = append(d.sales, id)
			v, _ := strconv.ParseFloat(oprice, 64)
			d.salesValue[ocur] += v
			d.salesCount[ocur]++
		}
	}
	if err := closeRows(gr); err != nil {
		return nil, err
	}
	return d, nil
}

// v2ChatJSON renders a chat in the archives' shape.
func (a *act) v2ChatJSON(d *v2ChatData) (map[string]any, error) {
	visitor := map[string]any{"id": d.customer, "name": "", "ip": "", "city": "", "country": "", "country_code": "",
		"timezone": "", "region": "", "user_agent": ""}
	vis, err := a.v2Visitor(d.customer)
	if err != nil {
		return nil, err
	}
	visitor["name"] = vis.name
	if vis.email != "" {
		visitor["email"] = vis.email
	}
	customVars := vis.customVars
	people := func(ids []string) []map[string]string {
		out := []map[string]string{}
		for _, id := range ids {
			out = append(out, map[string]string{"display_name": a.userName(id), "email": id})
		}
		return out
	}
	messages, events := []map[string]any{}, []map[string]any{}
	for _, m := range d.msgs {
		e := map[string]any{"date": v2HumanDate(m.at), "timestamp": m.at.Unix()}
		if m.userType != "system" {
			e["author_name"] = a.userName(m.author)
			e["user_type"] = m.userType
			if m.userType != "visitor" {
				e["agent_id"] = m.author
			}
		}
		switch m.typ {
		case "message":
			e["text"] = m.text
			msg := map[string]any{}
			for k, v := range e {
				msg[k] = v
			}
			messages = append(messages, msg)
			e["type"] = "message"
		case "file":
			var u, name string
			_ = json.Unmarshal(m.body["url"], &u)
			_ = json.Unmarshal(m.body["name"], &name)
			e["type"], e["files"] = "attachment", []string{u}
			e["text"] = a.userName(m.author) + " uploaded the attachment."
		case "system_message":
			e["type"], e["text"] = "event", m.text
			var smt string
			_ = json.Unmarshal(m.body["system_message_type"], &smt)
			if strings.HasPrefix(smt, "manual_archived") || smt == "chat_closed" {
				e["event_type"] = "closed"
			} else {
				e["event_type"] = smt
			}
		default:
			e["type"], e["event_type"], e["text"] = "event", m.typ, m.text
		}
		events = append(events, e)
	}
	engagement := "immediate_start"
	if d.byAgent {
		engagement = "manual_invite"
	}
	goals := d.goals
	if goals == nil {
		goals = []map[string]any{}
	}
	out := map[string]any{
		"type": "chat", "id": d.c.id, "visitor": visitor, "agents": people(d.agents), "supervisors": people(d.supers),
		"rate": d.rating, "chat_start_url": "", "group": d.c.groupIDs, "started": v2HumanDate(d.started),
		"prechat_survey": []any{}, "postchat_survey": []any{}, "custom_variables": customVars,
		"integration_variables": []any{}, "goals": goals, "tags": nonNilStrs(d.tags), "timezone": "UTC",
		"messages": messages, "events": events, "engagement": engagement, "started_timestamp": d.started.Unix(),
		"thread_ids": d.threadIDs(),
	}
	if d.queued {
		out["queue"] = map[string]int{"duration": d.queueSecs}
	}
	if d.pending {
		out["pending"] = true
		out["duration"] = int(time.Since(d.started).Seconds())
	} else {
		out["duration"] = int(d.ended.Sub(d.started).Seconds())
		out["ended_timestamp"] = d.ended.Unix()
		out["ended"] = v2HumanDate(d.ended)
	}
	return out, nil
}

func (d *v2ChatData) threadIDs() []string {
	out := make([]string, 0, len(d.threads))
	for _, t := range d.threads {
		out = append(out, t.id)
	}
	return out
}

// v2Chats loads every chat the caller may read, newest first.
func (a *act) v2Chats() ([]*v2ChatData, error) {
	rows, err := a.query(`SELECT ` + chatCols + ` FROM chats WHERE last_thread_id != '' ORDER BY seq DESC`)
	if err != nil {
		return nil, err
	}
	var cs []*chatRow
	for rows.Next() {
		c, err := scanChat(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	all := a.id.Scopes.HasAny("chats--all:ro", "archives_read")
	var out []*v2ChatData
	for _, c := range cs {
		if !all {
			if ok, err := a.canAccess(c, false); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
		}
		d, err := a.v2LoadChat(c)
		if err != nil {
			return nil, err
		}
		if d != nil {
			out = append(out, d)
		}
	}
	return out, nil
}

// v2DateRange parses date_from, date_to and timezone: [from, to) in loc.
func v2DateRange(p v2Params) (from, to time.Time, loc *time.Location, fromSet bool, err error) {
	loc = time.UTC
	tz, err := p.str("timezone")
	if err != nil {
		return
	}
	if tz != "" {
		if loc, err = time.LoadLocation(tz); err != nil || strings.HasPrefix(tz, "/") || strings.Contains(tz, "..") {
			err = v2Bad("timezone %q is not a TZ database name", tz)
			return
		}
	}
	parse := func(k string) (time.Time, bool, error) {
		s, err := p.str(k)
		if err != nil || s == "" {
			return time.Time{}, false, err
		}
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return time.Time{}, false, v2Bad("%s must be a date YYYY-MM-DD, got %q", k, s)
		}
		return t, true, nil
	}
	var toSet bool
	if from, fromSet, err = parse("date_from"); err != nil {
		return
	}
	if to, toSet, err = parse("date_to"); err != nil {
		return
	}
	now := time.Now().In(loc)
	if !toSet {
		to = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	}
	to = to.AddDate(0, 0, 1)
	if fromSet && !from.Before(to) {
		err = v2Bad("date_to must not be before date_from")
	}
	return
}

func v2HasAny(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// v2FilterChats applies the archives' filters.
func (a *act) v2FilterChats(all []*v2ChatData, p v2Params) ([]*v2ChatData, error) {
	from, to, _, fromSet, err := v2DateRange(p)
	if err != nil {
		return nil, err
	}
	str := func(k string) string { s, e := p.str(k); err = errors.Join(err, e); return s }
	visitor, query, agent := str("visitor_id"), str("query"), str("agent")
	rate, city, region, country := str("rate"), str("city"), str("region"), str("country")
	if err != nil {
		return nil, err
	}
	if rate != "" && !slices.Contains([]string{"rated", "not_rated", "rated_good", "rated_bad"}, rate) {
		return nil, v2Bad("rate must be rated, not_rated, rated_good or rated_bad")
	}
	ints := map[string]*int{}
	for _, k := range []string{"group", "goal", "sale"} {
		if n, ok, e := p.integer(k); e != nil {
			return nil, e
		} else if ok {
			ints[k] = &n
		}
	}
	flags := map[string]*bool{}
	for _, k := range []string{"has_goal", "has_sale", "queued", "include_pending", "tagged", "comment"} {
		if b, ok, e := p.flag(k); e != nil {
			return nil, e
		} else if ok {
			flags[k] = &b
		}
	}
	tags, _, err := p.strList("tag")
	if err != nil {
		return nil, err
	}
	var matches map[string]bool
	q, qerr := ftsQuery(query)
	if qerr != nil {
		return nil, v2Bad("query %s", qerr)
	}
	if strings.TrimSpace(query) != "" {
		matches = map[string]bool{}
		if q != "" {
			ids, err := a.v2Strings(`SELECT DISTINCT t.chat_id FROM threads t WHERE t.seq IN (SELECT thread_seq FROM events_fts WHERE events_fts MATCH ?)`, q)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				matches[id] = true
			}
		}
	}
	is := func(k string, v bool) bool { return flags[k] == nil || *flags[k] == v }
	var out []*v2ChatData
	for _, d := range all {
		switch {
		case d.pending && (flags["include_pending"] == nil || !*flags["include_pending"]):
		case fromSet && d.started.Before(from), !d.started.Before(to):
		case visitor != "" && d.customer != visitor:
		case matches != nil && !matches[d.c.id]:
		case agent != "" && !slices.Contains(d.agents, agent) && !slices.Contains(d.supers, agent):
		case ints["group"] != nil && !slices.Contains(d.c.groupIDs, *ints["group"]):
		case ints["goal"] != nil && !slices.Contains(d.goalIDs, *ints["goal"]):
		case ints["sale"] != nil && !slices.Contains(d.sales, *ints["sale"]):
		case !is("has_goal", len(d.goalIDs) > 0), !is("has_sale", len(d.sales) > 0), !is("queued", d.queued),
			!is("tagged", len(d.tags) > 0), !is("comment", d.comment):
		case rate == "rated" && d.rating == "not_rated", rate != "" && rate != "rated" && d.rating != rate:
		case len(tags) > 0 && !v2HasAny(d.tags, tags):
		case city != "" || region != "" || country != "": // visitors carry no location
		default:
			out = append(out, d)
		}
	}
	return out, nil
}

func v2ListChats(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("archives_read", "chats--all:ro", "chats--access:ro"); err != nil {
		return nil, err
	}
	page, ok, err := r.params.integer("page")
	if err != nil {
		return nil, err
	}
	if !ok {
		page = 1
	}
	if page < 1 || page > 1000 {
		return nil, v2Bad("page must be between 1 and 1000")
	}
	all, err := a.v2Chats()
	if err != nil {
		return nil, err
	}
	chats, err := a.v2FilterChats(all, r.params)
	if err != nil {
		return nil, err
	}
	if len(chats) > 25000 {
		chats = chats[:25000]
	}
	total := len(chats)
	pages := (total + 24) / 25
	lo := min((page-1)*25, total)
	hi := min(lo+25, total)
	list := []map[string]any{}
	for _, d := range chats[lo:hi] {
		m, err := a.v2ChatJSON(d)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return map[string]any{"chats": list, "total": total, "pages": pages}, nil
}

// v2FindChat loads one chat by chat id (or by the id of one of its threads).
func (a *act) v2FindChat(id string, write bool) (*v2ChatData, error) {
	c, err := scanChat(a.queryRow(`SELECT `+chatCols+` FROM chats WHERE id = ? OR id = (SELECT chat_id FROM threads WHERE id = ?) LIMIT 1`, id, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Chat %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	if !a.id.Scopes.HasAny("chats--all:ro", "archives_read") {
		if ok, err := a.canAccess(c, write); err != nil {
			return nil, err
		} else if !ok {
			return nil, v2NotFound("Chat %s not found", id)
		}
	}
	d, err := a.v2LoadChat(c)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, v2NotFound("Chat %s not found", id)
	}
	return d, nil
}

func v2GetChat(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("archives_read", "chats--all:ro", "chats--access:ro"); err != nil {
		return nil, err
	}
	d, err := a.v2FindChat(r.parts[0], false)
	if err != nil {
		return nil, err
	}
	return a.v2ChatJSON(d)
}

// v2UpdateChatTags replaces the tags of every thread of the chat; the
// RTM audience gets thread_tagged/thread_untagged for the last thread.
func v2UpdateChatTags(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("archives_write", "chats--all:rw", "chats--access:rw"); err != nil {
		return nil, err
	}
	d, err := a.v2FindChat(r.parts[0], true)
	if err != nil {
		return nil, err
	}
	clean, err := v2TagsParam(r.params, func(t string) error {
		var n int
		_ = a.queryRow(`SELECT COUNT(*) FROM tags WHERE name = ?`, t).Scan(&n)
		if n == 0 {
			return v2Bad("Tag %q does not exist", t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	last := d.threads[len(d.threads)-1]
	aud, err := a.chatAudience(d.c, false)
	if err != nil {
		return nil, err
	}
	for _, t := range clean {
		if !slices.Contains(last.tags, t) {
			a.push("thread_tagged", map[string]any{"chat_id": d.c.id, "thread_id": last.id, "tag": t}, aud...)
		}
	}
	for _, t := range last.tags {
		if !slices.Contains(clean, t) {
			a.push("thread_untagged", map[string]any{"chat_id": d.c.id, "thread_id": last.id, "tag": t}, aud...)
		}
	}
	for _, t := range d.threads {
		t.tags = clean
		if err := a.saveThread(t); err != nil {
			return nil, err
		}
	}
	d, err = a.v2FindChat(d.c.id, true)
	if err != nil {
		return nil, err
	}
	m, err := a.v2ChatJSON(d)
	if err != nil {
		return nil, err
	}
	return map[string]any{"chats": []any{m}, "total": 1, "pages": 1}, nil
}

func v2SendTranscript(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("archives_read", "chats--all:ro", "chats--access:ro"); err != nil {
		return nil, err
	}
	if _, err := a.v2FindChat(r.parts[0], false); err != nil {
		return nil, err
	}
	to, err := r.params.str("to")
	if err != nil {
		return nil, err
	}
	if !v2ValidEmail(to) {
		return nil, v2Bad("to is required and must be an e-mail address")
	}
	return v2Result("E-mail has been sent to " + to + "."), nil
}

// ---- visitors ----

func v2ListVisitors(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("visitors_read", "customers:ro"); err != nil {
		return nil, err
	}
	state, err := r.params.str("state")
	if err != nil {
		return nil, err
	}
	if state != "" && state != "chatting" && state != "queued" {
		return nil, v2Bad("state must be chatting or queued")
	}
	groups, _, err := r.params.intList("group")
	if err != nil {
		return nil, err
	}
	count, _, err := r.params.flag("count")
	if err != nil {
		return nil, err
	}
	rows, err := a.query(`SELECT ` + threadCols + ` FROM threads WHERE active = 1 AND customer_id != '' ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	var ts []*threadRow
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, t := range ts {
		st := "chatting"
		if t.queuedAt != "" {
			st = "queued"
		}
		if state != "" && st != state {
			continue
		}
		if len(groups) > 0 && !groupsOverlap(t.groupIDs, groups) {
			continue
		}
		var name, email, sf string
		if err := a.queryRow(`SELECT name, email, session_fields FROM customers WHERE id = ?`, t.customerID).Scan(&name, &email, &sf); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return nil, err
		}
		var chats int
		_ = a.queryRow(`SELECT COUNT(DISTINCT chat_id) FROM threads WHERE customer_id = ?`, t.customerID).Scan(&chats)
		start, _ := parseTS(t.createdAt)
		ops := []map[string]string{}
		for _, u := range t.userIDs {
			if u != t.customerID {
				ops = append(ops, map[string]string{"id": u, "display_name": a.userName(u)})
			}
		}
		var vars []map[string]string
		var fields []map[string]string
		_ = json.Unmarshal([]byte(sf), &fields)
		for _, f := range fields {
			for k, v := range f {
				vars = append(vars, map[string]string{"key": k, "value": v})
			}
		}
		if vars == nil {
			vars = []map[string]string{}
		}
		if name == "" {
			name = "Visitor"
		}
		group := 0
		if len(t.groupIDs) > 0 {
			group = t.groupIDs[0]
		}
		out = append(out, map[string]any{
			"id": t.customerID, "name": name, "email": email, "state": st, "chat_id": t.chatID,
			"chat_start_time": start.UTC().Format("2006-01-02 15:04:05"), "chat_start_time_ts": start.Unix(),
			"chats": chats, "custom_variables": vars, "group": group, "operators": ops, "visits": chats,
			"last_visit": start.UTC().Format("2006-01-02 15:04:05"), "last_visit_ts": start.Unix(),
			"page_views": 1, "visit_path": []any{}, "prechat_survey": []any{}, "timezone": "UTC", "language": "en",
		})
	}
	if count {
		return map[string]any{"count": len(out)}, nil
	}
	return out, nil
}

func v2VisitorDetails(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("visitors_read", "customers:ro"); err != nil {
		return nil, err
	}
	p := r.params
	lic, ok, err := p.integer("license_id")
	if err != nil {
		return nil, err
	}
	var want string
	_ = a.queryRow(`SELECT value FROM meta WHERE key = 'license_id'`).Scan(&want)
	if !ok || strconv.Itoa(lic) != want {
		return nil, v2Bad("license_id is required and must be this license (%s)", want)
	}
	token, err := p.str("token")
	if err != nil {
		return nil, err
	}
	set, err := p.str("id")
	if err != nil {
		return nil, err
	}
	if token == "" || set == "" {
		return nil, v2Bad("token and id are required")
	}
	fields, err := p.objList("fields")
	if err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		return nil, v2Bad("fields is required")
	}
	var fl []map[string]string
	for i, f := range fields {
		name, err := f.str("name")
		if err != nil {
			return nil, err
		}
		val, err := f.str("value")
		if err != nil {
			return nil, err
		}
		u, err := f.str("url")
		if err != nil {
			return nil, err
		}
		if name == "" {
			return nil, v2Bad("fields[%d].name is required", i)
		}
		if u != "" && !v2ValidURL(u) {
			return nil, v2Bad("fields[%d].url must be an absolute http(s) URL", i)
		}
		m := map[string]string{"name": name, "value": val}
		if u != "" {
			m["url"] = u
		}
		fl = append(fl, m)
	}
	if !a.customerExists(r.parts[0]) {
		return nil, v2NotFound("Visitor %s not found", r.parts[0])
	}
	if err := a.exec(`INSERT INTO v2_visitor_details(visitor_id, set_id, fields, created_at) VALUES (?,?,?,?)
		ON CONFLICT(visitor_id, set_id) DO UPDATE SET fields = excluded.fields, created_at = excluded.created_at`,
		r.parts[0], set, mustJSON(fl), a.nowTS); err != nil {
		return nil, err
	}
	return v2Result("Details have been added"), nil
}

// ---- tickets ----

type v2Ticket struct {
	ID            string           `json:"id"`
	Assignee      map[string]any   `json:"assignee,omitempty"`
	Events        []map[string]any `json:"events"`
	Requester     map[string]any   `json:"requester"`
	Groups        []int            `json:"groups"`
	Status        string           `json:"status"`
	Subject       string           `json:"subject"`
	Modified      int64            `json:"modified"`
	Source        map[string]any   `json:"source"`
	Opened        []map[string]any `json:"opened"`
	FirstResponse map[string]any   `json:"firstResponse"`
	Tags          []string         `json:"tags"`
	Created       int64            `json:"-"`
	Rate          string           `json:"rate,omitempty"`
}

func (a *act) v2Tickets() ([]*v2Ticket, error) {
	rows, err := a.query(`SELECT data, created_at FROM tickets ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*v2Ticket
	for rows.Next() {
		var data, created string
		if err := rows.Scan(&data, &created); err != nil {
			return nil, err
		}
		t := &v2Ticket{}
		if err := json.Unmarshal([]byte(data), t); err != nil {
			return nil, err
		}
		t.Created = v2Unix(created)
		out = append(out, t)
	}
	return out, rows.Err()
}

func (a *act) v2Ticket(id string) (*v2Ticket, error) {
	var data, created string
	err := a.queryRow(`SELECT data, created_at FROM tickets WHERE id = ?`, id).Scan(&data, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v2NotFound("Ticket %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	t := &v2Ticket{}
	if err := json.Unmarshal([]byte(data), t); err != nil {
		return nil, err
	}
	t.Created = v2Unix(created)
	return t, nil
}

func (a *act) v2SaveTicket(t *v2Ticket) error {
	return a.exec(`UPDATE tickets SET data = ?, tags = ? WHERE id = ?`, mustJSON(t), mustJSON(nonNilStrs(t.Tags)), t.ID)
}

func v2TicketPage(ts []*v2Ticket) map[string]any {
	list := make([]any, 0, len(ts))
	for _, t := range ts {
		list = append(list, t)
	}
	return map[string]any{"tickets": list, "total": len(ts), "pages": (len(ts) + 24) / 25}
}

func v2ListTickets(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tickets_read"); err != nil {
		return nil, err
	}
	p := r.params
	from, to, _, fromSet, err := v2DateRange(p)
	if err != nil {
		return nil, err
	}
	page, ok, err := p.integer("page")
	if err != nil {
		return nil, err
	}
	if !ok {
		page = 1
	}
	if page < 1 {
		return nil, v2Bad("page must be 1 or more")
	}
	str := func(k string) string { s, e := p.str(k); err = errors.Join(err, e); return s }
	order, status, assignee, query, source, tag := str("order"), str("status"), str("assignee"), str("query"), str("source"), str("tag")
	if err != nil {
		return nil, err
	}
	if order != "" && order != "asc" && order != "desc" {
		return nil, v2Bad("order must be asc or desc")
	}
	if status != "" && !slices.Contains([]string{"open", "pending", "solved", "spam"}, status) {
		return nil, v2Bad("status must be open, pending, solved or spam")
	}
	req, err := p.obj("requester")
	if err != nil {
		return nil, err
	}
	reqMail, err := req.str("mail")
	if err != nil {
		return nil, err
	}
	group, hasGroup, err := p.integer("group")
	if err != nil {
		return nil, err
	}
	assigned, hasAssigned, err := p.flag("assigned")
	if err != nil {
		return nil, err
	}
	tagged, hasTagged, err := p.flag("tagged")
	if err != nil {
		return nil, err
	}
	all, err := a.v2Tickets()
	if err != nil {
		return nil, err
	}
	var out []*v2Ticket
	for _, t := range all {
		mod := time.Unix(t.Modified, 0)
		created := time.Unix(t.Created, 0)
		aid, _ := t.Assignee["id"].(string)
		src, _ := t.Source["type"].(string)
		mail, _ := t.Requester["mail"].(string)
		text := strings.ToLower(t.Subject)
		for _, e := range t.Events {
			if m, ok := e["message"].(string); ok {
				text += " " + strings.ToLower(m)
			}
		}
		switch {
		case fromSet && mod.Before(from), !created.Before(to):
		case status != "" && t.Status != status:
		case assignee != "" && aid != assignee:
		case hasAssigned && (aid != "") != assigned:
		case query != "" && !strings.Contains(text, strings.ToLower(query)):
		case reqMail != "" && mail != reqMail:
		case hasGroup && !slices.Contains(t.Groups, group):
		case source != "" && src != source:
		case tag != "" && !slices.Contains(t.Tags, tag):
		case hasTagged && (len(t.Tags) > 0) != tagged:
		default:
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if order == "asc" {
			return out[i].Modified < out[j].Modified
		}
		return out[i].Modified > out[j].Modified
	})
	total := len(out)
	lo := min((page-1)*25, total)
	hi := min(lo+25, total)
	res := v2TicketPage(out[lo:hi])
	res["total"], res["pages"] = total, (total+24)/25
	return res, nil
}

func v2GetTicket(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tickets_read"); err != nil {
		return nil, err
	}
	t, err := a.v2Ticket(r.parts[0])
	if err != nil {
		return nil, err
	}
	return v2TicketPage([]*v2Ticket{t}), nil
}

func v2CreateTicket(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tickets_write"); err != nil {
		return nil, err
	}
	p := r.params
	msg, err := p.str("message")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(msg) == "" {
		return nil, v2Bad("message is required")
	}
	req, err := p.obj("requester")
	if err != nil {
		return nil, err
	}
	mail, err := req.str("mail")
	if err != nil {
		return nil, err
	}
	if !v2ValidEmail(mail) {
		return nil, v2Bad("requester[mail] is required and must be an e-mail address")
	}
	rname, err := req.str("name")
	if err != nil {
		return nil, err
	}
	t := &v2Ticket{Status: "open", Subject: "(no subject)", Tags: []string{}, FirstResponse: map[string]any{}}
	if s, err := p.str("subject"); err != nil {
		return nil, err
	} else if strings.TrimSpace(s) != "" {
		t.Subject = s
	}
	src := map[string]any{"type": "lc2"}
	if sp, err := p.obj("source"); err != nil {
		return nil, err
	} else if sp != nil {
		st, err := sp.str("type")
		if err != nil {
			return nil, err
		}
		su, err := sp.str("url")
		if err != nil {
			return nil, err
		}
		if st != "" {
			if st != "chat-window" && st != "mail" && st != "lc2" {
				return nil, v2Bad("source[type] must be chat-window, mail or lc2")
			}
			src["type"] = st
		}
		if su != "" {
			if src["type"] != "chat-window" {
				return nil, v2Bad("source[url] applies only when source[type] is chat-window")
			}
			src["url"] = su
		}
	}
	t.Source = src
	groups, _, err := p.intList("group")
	if err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		groups = []int{0}
	}
	for _, g := range groups {
		if !a.v2GroupExists(g) {
			return nil, v2Bad("Group %d does not exist", g)
		}
	}
	t.Groups = uniqueInts(groups)
	now := a.now.Unix()
	t.Requester = map[string]any{"mail": mail}
	if rname != "" {
		t.Requester["name"] = rname
	}
	author := map[string]any{"id": mail, "type": "client"}
	if rname != "" {
		author["name"] = rname
	}
	t.Events = []map[string]any{{"author": author, "date": now, "is_private": false, "message": msg, "type": "message",
		"source": map[string]any{"type": src["type"]}}}
	if as, err := p.obj("assignee"); err != nil {
		return nil, err
	} else if as != nil {
		aid, err := as.str("id")
		if err != nil {
			return nil, err
		}
		if aid == "" || !a.v2AgentExists(aid) {
			return nil, v2Bad("assignee[id] must be the login of an agent")
		}
		t.Assignee = map[string]any{"id": aid, "name": a.userName(aid)}
		t.Events = append(t.Events, map[string]any{"to": t.Assignee, "author": map[string]any{"id": a.id.ID, "name": a.userName(a.id.ID)},
			"date": now, "type": "assignee_changed"})
	}
	t.Modified = now
	t.Opened = []map[string]any{{"from": now}}
	for range 20 {
		t.ID = newID()[:5]
		var n int
		_ = a.queryRow(`SELECT COUNT(*) FROM tickets WHERE id = ?`, t.ID).Scan(&n)
		if n == 0 {
			break
		}
	}
	if err := a.exec(`INSERT INTO tickets(id, data, tags, created_at) VALUES (?,?,?,?)`, t.ID, mustJSON(t), "[]", a.nowTS); err != nil {
		return nil, err
	}
	if err := a.v2QueueTicketCreated(t); err != nil {
		return nil, err
	}
	t.Created = now
	return v2TicketPage([]*v2Ticket{t}), nil
}

func v2UpdateTicketTags(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("tickets_write"); err != nil {
		return nil, err
	}
	t, err := a.v2Ticket(r.parts[0])
	if err != nil {
		return nil, err
	}
	clean, err := v2TagsParam(r.params, nil)
	if err != nil {
		return nil, err
	}
	t.Tags = clean
	t.Modified = a.now.Unix()
	if err := a.v2SaveTicket(t); err != nil {
		return nil, err
	}
	return v2TicketPage([]*v2Ticket{t}), nil
}

// ---- reports ----

type v2Period struct {
	key        string
	begin, end time.Time // [begin, end)
}

// v2Periods splits [from, to) by groupBy.
func v2Periods(from, to time.Time, groupBy string, singleDay bool) ([]v2Period, error) {
	var out []v2Period
	for t := from; t.Before(to); {
		var next time.Time
		var key string
		switch groupBy {
		case "hour":
			next = t.Add(time.Hour)
			if singleDay {
				key = t.Format("15:04")
			} else {
				key = t.Format("2006-01-02 15:04")
			}
		case "month":
			next = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, t.Location())
			key = t.Format("2006-01")
		default:
			next = t.AddDate(0, 0, 1)
			key = t.Format("2006-01-02")
		}
		if next.After(to) {
			next = to
		}
		out = append(out, v2Period{key: key, begin: t, end: next})
		if len(out) > 20000 {
			return nil, v2Bad("The date range is too long for group_by=%s", groupBy)
		}
		t = next
	}
	return out, nil
}

func v2Report(a *act, r *v2Req) (any, error) {
	if err := a.v2Need("reports_read", "agents--all:ro"); err != nil {
		return nil, err
	}
	path := strings.Join(r.parts, "/")
	known := []string{"chats/total_chats", "chats/engagement", "chats/not_replied_chats", "chats/ratings", "chats/ratings/ranking",
		"chats/queued_visitors", "chats/queued_visitors/waiting_times", "availability", "chats/chatting_time",
		"chats/first_response_time", "chats/response_time", "chats/agents_occupancy", "chats/goals", "chats/greetings",
		"tickets/new_tickets", "tickets/first_response_time", "tickets/solved_tickets", "tickets/resolution_time",
		"tickets/ticket_sources", "tickets/ratings", "tickets/ratings/ranking"}
	if !slices.Contains(known, path) {
		return nil, v2NotFound("No such report: /reports/%s", path)
	}
	p := r.params
	from, to, loc, fromSet, err := v2DateRange(p)
	if err != nil {
		return nil, err
	}
	groupBy, err := p.str("group_by")
	if err != nil {
		return nil, err
	}
	if groupBy != "" && groupBy != "hour" && groupBy != "day" && groupBy != "month" {
		return nil, v2Bad("group_by must be hour, day or month")
	}
	// Filters: group/agent, or groups[]/agents[] for not replied chats.
	var groups []int
	var agents []string
	if path == "chats/not_replied_chats" {
		if groups, _, err = p.intList("groups"); err != nil {
			return nil, err
		}
		if agents, _, err = p.strList("agents"); err != nil {
			return nil, err
		}
	}
	if g, ok, err := p.integer("group"); err != nil {
		return nil, err
	} else if ok {
		groups = append(groups, g)
	}
	if ag, err := p.str("agent"); err != nil {
		return nil, err
	} else if ag != "" {
		agents = append(agents, ag)
	}
	tags, _, err := p.strList("tag")
	if err != nil {
		return nil, err
	}
	goal, hasGoal, err := p.integer("goal")
	if err != nil {
		return nil, err
	}
	if path == "chats/agents_occupancy" {
		return a.v2Occupancy(p, from, to, loc, fromSet, groups, agents, tags)
	}
	if strings.HasPrefix(path, "tickets/") {
		return a.v2TicketReport(path, p, from, to, loc, fromSet, groupBy, groups, agents, tags)
	}
	all, err := a.v2Chats()
	if err != nil {
		return nil, err
	}
	var chats []*v2ChatData
	for _, d := range all {
		switch {
		case len(groups) > 0 && !groupsOverlap(d.c.groupIDs, groups):
		case len(agents) > 0 && !v2HasAny(d.agents, agents):
		case len(tags) > 0 && !v2HasAny(d.tags, tags):
		case hasGoal && !slices.Contains(d.goalIDs, goal):
		default:
			chats = append(chats, d)
		}
	}
	if !fromSet {
		from = to.AddDate(0, 0, -1)
		for _, d := range chats {
			if day := v2Day(d.started.In(loc)); day.Before(from) {
				from = day
			}
		}
	}
	single := to.Sub(from) <= 25*time.Hour && from.AddDate(0, 0, 1).Equal(to)
	if groupBy == "" {
		groupBy = "day"
		if single {
			groupBy = "hour"
		}
	}
	if path == "chats/ratings/ranking" {
		return v2Ranking(chats, from, to, agents), nil
	}
	periods, err := v2Periods(from, to, groupBy, single)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, pr := range periods {
		var in []*v2ChatData
		for _, d := range chats {
			if !d.started.Before(pr.begin) && d.started.Before(pr.end) {
				in = append(in, d)
			}
		}
		out[pr.key] = v2ChatPeriod(path, pr, in, groupBy, p, agents)
	}
	return out, nil
}

func v2Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func v2Round(f float64) float64 { return math.Round(f*100) / 100 }

func v2BeginEnd(m map[string]any, pr v2Period, groupBy string) map[string]any {
	if groupBy != "hour" {
		m["begin"] = pr.begin.Format("2006-01-02")
		m["end"] = pr.end.Add(-time.Nanosecond).Format("2006-01-02")
	}
	return m
}

// v2ChatPeriod computes one period's entry of a chat report.
func v2ChatPeriod(path string, pr v2Period, in []*v2ChatData, groupBy string, p v2Params, agents []string) any {
	count := func(f func(*v2ChatData) bool) int {
		n := 0
		for _, d := range in {
			if f(d) {
				n++
			}
		}
		return n
	}
	timing := func(key string, f func(*v2ChatData) []float64) any {
		var sum float64
		var n int
		for _, d := range in {
			for _, v := range f(d) {
				sum += v
				n++
			}
		}
		var secs any
		if n > 0 {
			secs = v2Round(sum / float64(n))
		}
		return map[string]any{key: map[string]any{"count": n, "seconds": secs}}
	}
	isAgent := func(d *v2ChatData, m v2Msg) bool {
		return (m.userType == "agent" || m.userType == "supervisor") && (len(agents) == 0 || slices.Contains(agents, m.author))
	}
	switch path {
	case "chats/total_chats":
		return map[string]any{"chats": len(in)}
	case "chats/engagement":
		manual := count(func(d *v2ChatData) bool { return d.byAgent })
		return map[string]any{"chats_from_auto_invite": 0, "chats_from_manual_invite": manual, "chats_from_immediate_start": len(in) - manual}
	case "chats/not_replied_chats":
		return map[string]any{"not_replied": count(func(d *v2ChatData) bool {
			return !slices.ContainsFunc(d.msgs, func(m v2Msg) bool { return m.typ == "message" && isAgent(d, m) })
		})}
	case "chats/ratings":
		return v2BeginEnd(map[string]any{"good": count(func(d *v2ChatData) bool { return d.rating == "rated_good" }),
			"bad": count(func(d *v2ChatData) bool { return d.rating == "rated_bad" }), "chats": len(in)}, pr, groupBy)
	case "chats/queued_visitors", "chats/queued_visitors/waiting_times":
		var queued, entered, left []float64
		for _, d := range in {
			if !d.queued {
				continue
			}
			queued = append(queued, float64(d.queueSecs))
			if len(d.agents) > 0 {
				entered = append(entered, float64(d.queueSecs))
			} else {
				left = append(left, float64(d.queueSecs))
			}
		}
		stat := func(v []float64) map[string]any {
			m := map[string]any{"count": len(v)}
			if path == "chats/queued_visitors" {
				return m
			}
			if len(v) == 0 {
				m["min"], m["max"], m["average"] = map[string]any{"seconds": nil}, map[string]any{"seconds": nil}, map[string]any{"seconds": nil}
				return m
			}
			mn, mx, sum := v[0], v[0], 0.0
			for _, x := range v {
				mn, mx, sum = min(mn, x), max(mx, x), sum+x
			}
			m["min"], m["max"] = map[string]any{"seconds": mn}, map[string]any{"seconds": mx}
			m["average"] = map[string]any{"seconds": math.Round(sum / float64(len(v)))}
			return m
		}
		return map[string]any{"queued": stat(queued), "left_queue": stat(left), "entered_chat": stat(entered)}
	case "availability", "chats/chatting_time":
		var secs float64
		for _, d := range in {
			if path == "availability" {
				continue // agents' status history is not recorded
			}
			end := d.ended
			if d.pending {
				end = time.Now()
			}
			secs += end.Sub(d.started).Seconds()
		}
		if groupBy == "hour" {
			return map[string]any{"minutes": v2Round(secs / 60)}
		}
		return map[string]any{"hours": v2Round(secs / 3600)}
	case "chats/first_response_time":
		return timing("first_response_time", func(d *v2ChatData) []float64 {
			for _, m := range d.msgs {
				if m.typ == "message" && isAgent(d, m) {
					start := d.started
					for _, c := range d.msgs {
						if c.typ == "message" && c.userType == "visitor" {
							start = c.at
							break
						}
					}
					if m.at.Before(start) {
						return nil
					}
					return []float64{m.at.Sub(start).Seconds()}
				}
			}
			return nil
		})
	case "chats/response_time":
		return timing("avg_response_time", func(d *v2ChatData) []float64 {
			var out []float64
			var waiting *time.Time
			for _, m := range d.msgs {
				if m.typ != "message" {
					continue
				}
				if m.userType == "visitor" {
					if waiting == nil {
						at := m.at
						waiting = &at
					}
				} else if isAgent(d, m) && waiting != nil {
					out = append(out, m.at.Sub(*waiting).Seconds())
					waiting = nil
				}
			}
			return out
		})
	case "chats/goals":
		salesOnly, _, _ := p.flag("sales_tracker")
		cur, _ := p.str("currency")
		goals := 0
		value := map[string]any{}
		for _, d := range in {
			if salesOnly {
				goals += len(d.sales)
			} else {
				goals += len(d.goalIDs)
			}
			for c, v := range d.salesValue {
				if cur != "" && c != cur {
					continue
				}
				e, _ := value[c].(map[string]any)
				if e == nil {
					e = map[string]any{"sales_count": 0, "value": 0.0}
				}
				e["sales_count"] = e["sales_count"].(int) + d.salesCount[c]
				e["value"] = v2Round(e["value"].(float64) + v)
				value[c] = e
			}
		}
		return v2BeginEnd(map[string]any{"goals": goals, "value": value}, pr, groupBy)
	case "chats/greetings":
		// Greetings are never displayed in the emulator (no tracked visitors).
		return v2BeginEnd(map[string]any{"displayed": 0, "accepted": 0, "goals": 0}, pr, groupBy)
	}
	return map[string]any{}
}

func v2Ranking(chats []*v2ChatData, from, to time.Time, agents []string) any {
	type rank struct {
		good, bad int
	}
	ranks := map[string]*rank{}
	for _, d := range chats {
		if d.started.Before(from) || !d.started.Before(to) || d.rating == "not_rated" {
			continue
		}
		for _, ag := range d.agents {
			if len(agents) > 0 && !slices.Contains(agents, ag) {
				continue
			}
			r := ranks[ag]
			if r == nil {
				r = &rank{}
				ranks[ag] = r
			}
			if d.rating == "rated_good" {
				r.good++
			} else {
				r.bad++
			}
		}
	}
	list := []map[string]any{}
	for name, r := range ranks {
		total := r.good + r.bad
		list = append(list, map[string]any{"name": name, "good": r.good, "bad": r.bad, "total": total,
			"score": float64(r.good) / float64(total)})
	}
	sort.Slice(list, func(i, j int) bool {
		si, sj := list[i]["score"].(float64), list[j]["score"].(float64)
		if si != sj {
			return si > sj
		}
		return list[i]["name"].(string) < list[j]["name"].(string)
	})
	return map[string]any{"ranking": list}
}

// v2Occupancy is the maximum number of simultaneous chats in every hour of
// the chosen week day.
func (a *act) v2Occupancy(p v2Params, from, to time.Time, loc *time.Location, fromSet bool, groups []int, agents, tags []string) (any, error) {
	wd, err := p.str("weekday")
	if err != nil {
		return nil, err
	}
	days := map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
		"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}
	day, ok := days[wd]
	if !ok {
		return nil, v2Bad("weekday is required: mon, tue, wed, thu, fri, sat or sun")
	}
	if !fromSet {
		from = to.AddDate(0, 0, -28)
	}
	all, err := a.v2Chats()
	if err != nil {
		return nil, err
	}
	type span struct{ s, e time.Time }
	var spans []span
	for _, d := range all {
		if (len(groups) > 0 && !groupsOverlap(d.c.groupIDs, groups)) || (len(agents) > 0 && !v2HasAny(d.agents, agents)) ||
			(len(tags) > 0 && !v2HasAny(d.tags, tags)) {
			continue
		}
		e := d.ended
		if d.pending {
			e = time.Now()
		}
		spans = append(spans, span{d.started, e})
	}
	out := map[string]any{}
	n := 0
	for t := from; t.Before(to); t = t.AddDate(0, 0, 1) {
		if t.Weekday() != day {
			continue
		}
		for h := range 24 {
			hs := time.Date(t.Year(), t.Month(), t.Day(), h, 0, 0, 0, loc)
			he := hs.Add(time.Hour)
			// Concurrency peaks at the start of some chat inside the hour
			// (or at the hour's start).
			points := []time.Time{hs}
			for _, s := range spans {
				if s.s.After(hs) && s.s.Before(he) {
					points = append(points, s.s)
				}
			}
			best := 0
			for _, pt := range points {
				c := 0
				for _, s := range spans {
					if !s.s.After(pt) && s.e.After(pt) {
						c++
					}
				}
				best = max(best, c)
			}
			out[hs.Format("2006-01-02 15:04")] = best
		}
		if n++; n > 600 {
			return nil, v2Bad("The date range is too long")
		}
	}
	return out, nil
}

func (a *act) v2TicketReport(path string, p v2Params, from, to time.Time, loc *time.Location, fromSet bool, groupBy string,
	groups []int, agents, tags []string) (any, error) {
	all, err := a.v2Tickets()
	if err != nil {
		return nil, err
	}
	var ts []*v2Ticket
	for _, t := range all {
		aid, _ := t.Assignee["id"].(string)
		switch {
		case len(groups) > 0 && !slices.ContainsFunc(t.Groups, func(g int) bool { return slices.Contains(groups, g) }):
		case len(agents) > 0 && !slices.Contains(agents, aid):
		case len(tags) > 0 && !v2HasAny(t.Tags, tags):
		default:
			ts = append(ts, t)
		}
	}
	if !fromSet {
		from = to.AddDate(0, 0, -1)
		for _, t := range ts {
			if day := v2Day(time.Unix(t.Created, 0).In(loc)); day.Before(from) {
				from = day
			}
		}
	}
	single := from.AddDate(0, 0, 1).Equal(to)
	if groupBy == "" {
		groupBy = "day"
		if single {
			groupBy = "hour"
		}
	}
	if path == "tickets/ratings/ranking" {
		return map[string]any{"ranking": []any{}}, nil
	}
	periods, err := v2Periods(from, to, groupBy, single)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, pr := range periods {
		var in []*v2Ticket
		for _, t := range ts {
			c := time.Unix(t.Created, 0)
			if !c.Before(pr.begin) && c.Before(pr.end) {
				in = append(in, t)
			}
		}
		switch path {
		case "tickets/new_tickets":
			out[pr.key] = map[string]any{"new_tickets": len(in)}
		case "tickets/solved_tickets":
			n := 0
			for _, t := range in {
				if t.Status == "solved" {
					n++
				}
			}
			out[pr.key] = map[string]any{"solved_tickets": n}
		case "tickets/first_response_time", "tickets/resolution_time":
			// Tickets get no agent replies through this API.
			out[pr.key] = map[string]any{"count": 0, "hours": nil}
		case "tickets/ticket_sources":
			m := map[string]any{"tickets_from_chat_window": 0, "tickets_from_mail": 0, "tickets_from_chat": 0}
			for _, t := range in {
				switch t.Source["type"] {
				case "chat-window":
					m["tickets_from_chat_window"] = m["tickets_from_chat_window"].(int) + 1
				case "mail":
					m["tickets_from_mail"] = m["tickets_from_mail"].(int) + 1
				default:
					m["tickets_from_chat"] = m["tickets_from_chat"].(int) + 1
				}
			}
			out[pr.key] = m
		case "tickets/ratings":
			good, bad := 0, 0
			for _, t := range in {
				switch t.Rate {
				case "rated_good":
					good++
				case "rated_bad":
					bad++
				}
			}
			out[pr.key] = v2BeginEnd(map[string]any{"good": good, "bad": bad}, pr, groupBy)
		}
	}
	return out, nil
}
