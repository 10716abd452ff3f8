package emulator

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
)

const (
	scChatsRO = "chats--access:ro"
	scChatsRW = "chats--access:rw"
)

func init() {
	both := func(fn func(*act) (any, error), scopes ...string) *handler {
		return &handler{fn: noteWeb(fn), scopes: scopes, web: true, rtm: true}
	}
	register("agent", "list_chats", both(listChats, scChatsRO))
	register("agent", "list_threads", both(listThreads, scChatsRO))
	register("agent", "get_chat", both(getChat, scChatsRO))
	register("agent", "list_archives", both(listArchives, scChatsRO))
	register("agent", "start_chat", both(startChat, scChatsRW))
	register("agent", "resume_chat", both(resumeChat, scChatsRW))
	register("agent", "deactivate_chat", both(deactivateChat, scChatsRW))
	register("agent", "follow_chat", both(followChat, scChatsRO))
	register("agent", "unfollow_chat", both(unfollowChat, scChatsRO))
	register("agent", "transfer_chat", both(transferChat, scChatsRW))
	register("agent", "add_user_to_chat", both(addUserToChat, scChatsRW))
	register("agent", "remove_user_from_chat", both(removeUserFromChat, scChatsRW))
	register("agent", "send_event", both(sendEvent, scChatsRW))
	register("agent", "send_rich_message_postback", both(sendPostback, scChatsRW))
	register("agent", "update_chat_properties", both(updateChatProps, scChatsRW))
	register("agent", "delete_chat_properties", both(deleteChatProps, scChatsRW))
	register("agent", "update_thread_properties", both(updateThreadProps, scChatsRW))
	register("agent", "delete_thread_properties", both(deleteThreadProps, scChatsRW))
	register("agent", "update_event_properties", both(updateEventProps, scChatsRW))
	register("agent", "delete_event_properties", both(deleteEventProps, scChatsRW))
	register("agent", "tag_thread", both(tagThread(true), scChatsRW))
	register("agent", "untag_thread", both(tagThread(false), scChatsRW))
	register("agent", "mark_events_as_seen", both(markSeen, scChatsRO))
	register("agent", "send_typing_indicator", both(typing, scChatsRW))
	h := both(thinking, scChatsRW)
	h.minVer = "3.6"
	register("agent", "send_thinking_indicator", h)
	h = both(eventPreview, scChatsRW)
	h.minVer = "3.6"
	register("agent", "send_event_preview", h)
	h = both(requestSummary, scChatsRW)
	h.minVer = "3.6"
	register("agent", "request_thread_summary", h)
}

// ---- reading ----

type chatFilters struct {
	IncludeActive             *bool                                `json:"include_active"`
	Active                    *bool                                `json:"active"`
	IncludeChatsWithoutThread *bool                                `json:"include_chats_without_threads"`
	GroupIDs                  []int                                `json:"group_ids"`
	Properties                map[string]map[string]propertyFilter `json:"properties"`
}

type propertyFilter struct {
	Exists        *bool             `json:"exists"`
	Values        []json.RawMessage `json:"values"`
	ExcludeValues []json.RawMessage `json:"exclude_values"`
}

// accessWhere restricts chats (alias c) to those the agent may read.
func (a *act) accessWhere() (string, []any) {
	if a.id.Scopes.Has("chats--all:ro") {
		return "", nil
	}
	g, _ := json.Marshal(append([]int{}, a.id.groups...))
	return `(EXISTS (SELECT 1 FROM chat_users u WHERE u.chat_id = c.id AND u.user_id = ?) OR
		EXISTS (SELECT 1 FROM json_each(c.group_ids) j WHERE j.value IN (SELECT value FROM json_each(?))))`, []any{a.id.ID, string(g)}
}

func propertyWhere(col string, pf map[string]map[string]propertyFilter) (string, []any, error) {
	var conds []string
	var args []any
	for ns, names := range pf {
		for name, f := range names {
			path := `$."` + strings.ReplaceAll(ns, `"`, ``) + `"."` + strings.ReplaceAll(name, `"`, ``) + `"`
			n := 0
			if f.Exists != nil {
				n++
				if *f.Exists {
					conds = append(conds, "json_extract("+col+", ?) IS NOT NULL")
				} else {
					conds = append(conds, "json_extract("+col+", ?) IS NULL")
				}
				args = append(args, path)
			}
			if f.Values != nil {
				n++
				b, _ := json.Marshal(f.Values)
				conds = append(conds, "json_extract("+col+", ?) IN (SELECT value FROM json_each(?))")
				args = append(args, path, string(b))
			}
			if f.ExcludeValues != nil {
				n++
				b, _ := json.Marshal(f.ExcludeValues)
				conds = append(conds, "(json_extract("+col+", ?) IS NULL OR json_extract("+col+", ?) NOT IN (SELECT value FROM json_each(?)))")
				args = append(args, path, path, string(b))
			}
			if n != 1 {
				return "", nil, validation("property filter %s.%s needs exactly one of exists, values, exclude_values", ns, name)
			}
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

func andJoin(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " AND ")
}

func listChats(a *act) (any, error) {
	var req pageRequest
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	st, err := req.resolve("list_chats", 10, 100)
	if err != nil {
		return nil, err
	}
	var f chatFilters
	if len(st.Filters) > 0 {
		if err := json.Unmarshal(st.Filters, &f); err != nil {
			return nil, validation("filters: %v", err)
		}
	}
	if len(f.GroupIDs) > 200 {
		return nil, validation("filters.group_ids: at most 200")
	}
	var conds []string
	var args []any
	if w, wa := a.accessWhere(); w != "" {
		conds, args = append(conds, w), append(args, wa...)
	}
	activeSQL := `EXISTS (SELECT 1 FROM threads t WHERE t.id = c.last_thread_id AND t.active = 1)`
	if a.ver >= "3.6" {
		if f.Active != nil {
			if *f.Active {
				conds = append(conds, activeSQL)
			} else {
				conds = append(conds, "NOT "+activeSQL)
			}
		}
	} else if f.IncludeActive != nil && !*f.IncludeActive {
		conds = append(conds, "NOT "+activeSQL)
	}
	if f.IncludeChatsWithoutThread != nil && !*f.IncludeChatsWithoutThread {
		conds = append(conds, "c.last_thread_id != ''")
	}
	if len(f.GroupIDs) > 0 {
		g, _ := json.Marshal(f.GroupIDs)
		conds = append(conds, `EXISTS (SELECT 1 FROM json_each(c.group_ids) j WHERE j.value IN (SELECT value FROM json_each(?)))`)
		args = append(args, string(g))
	}
	if len(f.Properties) > 0 {
		w, wa, err := propertyWhere("c.properties", f.Properties)
		if err != nil {
			return nil, err
		}
		conds, args = append(conds, w), append(args, wa...)
	}
	where := andJoin(conds...)
	keys, next, prev, err := a.pageKeys(st, "c.seq", "chats c", where, args)
	if err != nil {
		return nil, err
	}
	found, err := a.countRows("chats c", where, args)
	if err != nil {
		return nil, err
	}
	out, err := a.chatSummaries(keys, a.summaryJSON)
	if err != nil {
		return nil, err
	}
	return withPageIDs(map[string]any{"chats_summary": out, "found_chats": found}, next, prev), nil
}

func listThreads(a *act) (any, error) {
	var req struct {
		pageRequest
		ChatID         string `json:"chat_id"`
		MinEventsCount *int   `json:"min_events_count"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	var st *pageState
	var err error
	if req.PageID != "" {
		// chat_id stays required with page_id; it must name the page's chat.
		if req.MinEventsCount != nil {
			return nil, validation("page_id cannot be combined with min_events_count")
		}
		if st, err = req.resolve("list_threads", 3, 100); err != nil {
			return nil, err
		}
		var pageChat string
		_ = json.Unmarshal(st.Extra, &pageChat)
		if req.ChatID != "" && req.ChatID != pageChat {
			return nil, validation("page_id belongs to another chat")
		}
		req.ChatID = pageChat
	} else {
		if req.ChatID == "" {
			return nil, validation("chat_id is required")
		}
		if req.MinEventsCount != nil && (req.Limit != nil || len(req.Filters) > 0) {
			return nil, validation("min_events_count cannot be combined with limit or filters")
		}
		if st, err = req.resolve("list_threads", 3, 100); err != nil {
			return nil, err
		}
		st.Extra, _ = json.Marshal(req.ChatID)
	}
	c, err := a.accessibleChat(req.ChatID, false)
	if err != nil {
		return nil, err
	}
	conds := []string{"chat_id = ?"}
	args := []any{c.id}
	if len(st.Filters) > 0 {
		var f struct {
			From string `json:"from"`
			To   string `json:"to"`
		}
		if err := json.Unmarshal(st.Filters, &f); err != nil {
			return nil, validation("filters: %v", err)
		}
		if f.From != "" {
			conds, args = append(conds, "created_at >= ?"), append(args, normTS(f.From))
		}
		if f.To != "" {
			conds, args = append(conds, "created_at <= ?"), append(args, normTS(f.To))
		}
	}
	if req.MinEventsCount != nil {
		if *req.MinEventsCount < 1 || *req.MinEventsCount > 100 {
			return nil, validation("min_events_count must be between 1 and 100")
		}
		// Take as many of the newest threads as needed to reach the count.
		rows, err := a.query(`SELECT `+threadEventSeq+` FROM threads WHERE chat_id = ? ORDER BY seq DESC`, c.id)
		if err != nil {
			return nil, err
		}
		n, sum := 0, 0
		for rows.Next() && sum < *req.MinEventsCount {
			var e int
			if err := rows.Scan(&e); err != nil {
				rows.Close()
				return nil, err
			}
			sum += e
			n++
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
		st.Limit = max(1, min(n, 100))
	}
	where := strings.Join(conds, " AND ")
	keys, next, prev, err := a.pageKeys(st, "seq", "threads", where, args)
	if err != nil {
		return nil, err
	}
	found, err := a.countRows("threads", where, args)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		t, err := scanThread(a.queryRow(`SELECT `+threadCols+` FROM threads WHERE seq = ?`, k))
		if err != nil {
			return nil, err
		}
		tj, err := a.threadJSON(t, true)
		if err != nil {
			return nil, err
		}
		if err := a.addSummary(tj); err != nil {
			return nil, err
		}
		out = append(out, tj)
	}
	return withPageIDs(map[string]any{"threads": out, "found_threads": found}, next, prev), nil
}

// normTS accepts RFC 3339 (any precision) and returns the stored format.
func normTS(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return nowStamp(t)
}

func getChat(a *act) (any, error) {
	var req struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, err := a.accessibleChat(req.ChatID, false)
	if err != nil {
		return nil, err
	}
	var t *threadRow
	if req.ThreadID != "" {
		t, err = a.thread(c.id, req.ThreadID)
	} else {
		t, err = a.lastThread(c)
	}
	if err != nil {
		return nil, err
	}
	cj, err := a.chatJSON(c, t)
	if err != nil {
		return nil, err
	}
	if tj, ok := cj["thread"].(map[string]any); ok {
		if err := a.addSummary(tj); err != nil {
			return nil, err
		}
	}
	return cj, nil
}

type valuesFilter struct {
	Values            []json.RawMessage `json:"values"`
	ExcludeValues     []json.RawMessage `json:"exclude_values"`
	Exists            *bool             `json:"exists"`
	RequireEveryValue bool              `json:"require_every_value"`
}

type archiveFilters struct {
	Query         string                               `json:"query"`
	From          string                               `json:"from"`
	To            string                               `json:"to"`
	ThreadIDs     []string                             `json:"thread_ids"`
	ChatIDs       []string                             `json:"chat_ids"`
	GroupIDs      []int                                `json:"group_ids"`
	Properties    map[string]map[string]propertyFilter `json:"properties"`
	Agents        *valuesFilter                        `json:"agents"`
	Tags          *valuesFilter                        `json:"tags"`
	EventTypes    *valuesFilter                        `json:"event_types"`
	CustomerID    string                               `json:"customer_id"`
	CustomerEmail string                               `json:"customer_email"`
	AgentTypes    []string                             `json:"agent_types"`

	Sales             *valuesFilter            `json:"sales"`
	Goals             *valuesFilter            `json:"goals"`
	Surveys           []surveyFilter           `json:"surveys"`
	Forms             map[string]*surveyFilter `json:"forms"`
	Greetings         *greetingsFilter         `json:"greetings"`
	AgentResponse     *agentResponseFilter     `json:"agent_response"`
	CustomerCountries *valuesFilter            `json:"customer_countries"`
}

// groupsFilter is the groups member of the greetings, surveys and
// agent_response filters: the thread's groups must (not) overlap.
type groupsFilter struct {
	Values        []int `json:"values"`
	ExcludeValues []int `json:"exclude_values"`
}

// surveyFilter is one entry of filters.surveys (and of filters.forms,
// keyed there by form type).
type surveyFilter struct {
	Type          string            `json:"type"`
	From          string            `json:"from"`
	To            string            `json:"to"`
	Exists        *bool             `json:"exists"`
	Values        []json.RawMessage `json:"values"`
	ExcludeValues []json.RawMessage `json:"exclude_values"`
	Groups        *groupsFilter     `json:"groups"`
}

type greetingsFilter struct {
	From          string            `json:"from"`
	To            string            `json:"to"`
	Exists        *bool             `json:"exists"`
	Values        []json.RawMessage `json:"values"`
	ExcludeValues []json.RawMessage `json:"exclude_values"`
	Groups        *groupsFilter     `json:"groups"`
}

type agentResponseFilter struct {
	Exists *bool `json:"exists"`
	First  bool  `json:"first"`
	Agents *struct {
		Values        []string `json:"values"`
		ExcludeValues []string `json:"exclude_values"`
	} `json:"agents"`
	Groups *groupsFilter `json:"groups"`
}

// groupsWhere renders a groups filter over the thread t.
func groupsWhere(g *groupsFilter) (string, []any) {
	if g == nil {
		return "", nil
	}
	var conds []string
	var args []any
	const overlap = `EXISTS (SELECT 1 FROM json_each(t.group_ids) j WHERE j.value IN (SELECT value FROM json_each(?)))`
	if len(g.Values) > 0 {
		conds, args = append(conds, overlap), append(args, mustJSON(g.Values))
	}
	if len(g.ExcludeValues) > 0 {
		conds, args = append(conds, "NOT "+overlap), append(args, mustJSON(g.ExcludeValues))
	}
	return strings.Join(conds, " AND "), args
}

// timeRange appends created_at bounds on column col.
func timeRange(col, from, to string) (string, []any, error) {
	var conds []string
	var args []any
	for _, b := range []struct{ v, op string }{{from, ">="}, {to, "<="}} {
		if b.v == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339Nano, b.v); err != nil {
			return "", nil, validation("%q is not an RFC 3339 timestamp", b.v)
		}
		conds, args = append(conds, col+" "+b.op+" ?"), append(args, normTS(b.v))
	}
	return strings.Join(conds, " AND "), args, nil
}

// surveyWhere renders one survey (pre_chat/post_chat form) filter: the
// thread's filled_form events of that form type (form_type prechat or
// postchat), within from/to; values/exclude_values match the ids of the
// chosen answers (answer.id, answers[].id); exists asks for such a form.
func surveyWhere(name string, sf *surveyFilter) (string, []any, error) {
	formType := strings.ReplaceAll(sf.Type, "_", "")
	base := `FROM events e WHERE e.thread_seq = t.seq AND e.type = 'filled_form'`
	var bargs []any
	if formType != "" {
		switch formType {
		case "prechat", "postchat":
		default:
			return "", nil, validation("filters.%s.type must be pre_chat or post_chat", name)
		}
		base += ` AND json_extract(e.body, '$.form_type') = ?`
		bargs = append(bargs, formType)
	}
	tr, targs, err := timeRange("e.created_at", sf.From, sf.To)
	if err != nil {
		return "", nil, err
	}
	if tr != "" {
		base, bargs = base+" AND "+tr, append(bargs, targs...)
	}
	cond := strings.TrimPrefix(base, "FROM events e WHERE ")
	answers := `SELECT json_extract(f.value, '$.answer.id') AS v FROM events e, json_each(e.body, '$.fields') f
		WHERE ` + cond + ` AND json_extract(f.value, '$.answer.id') IS NOT NULL
		UNION ALL SELECT json_extract(x.value, '$.id') AS v FROM events e, json_each(e.body, '$.fields') f, json_each(f.value, '$.answers') x
		WHERE ` + cond
	var conds []string
	var args []any
	if sf.Exists != nil {
		c := "EXISTS (SELECT 1 " + base + ")"
		if !*sf.Exists {
			c = "NOT " + c
		}
		conds, args = append(conds, c), append(args, bargs...)
	}
	if len(sf.Values) > 0 || len(sf.ExcludeValues) > 0 {
		vf := &valuesFilter{Values: sf.Values, ExcludeValues: sf.ExcludeValues}
		w, wa, err := valuesWhere(name, vf, answers, append(append([]any{}, bargs...), bargs...)...)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, w), append(args, wa...)
	}
	if len(conds) == 0 && (sf.From != "" || sf.To != "" || formType != "") {
		conds, args = append(conds, "EXISTS (SELECT 1 "+base+")"), append(args, bargs...)
	}
	if w, wa := groupsWhere(sf.Groups); w != "" {
		conds, args = append(conds, w), append(args, wa...)
	}
	if len(conds) == 0 {
		return "", nil, validation("filters.%s needs exists, values, exclude_values, from, to, type or groups", name)
	}
	return strings.Join(conds, " AND "), args, nil
}

// valuesWhere renders a {values, exclude_values, exists, require_every_value}
// filter over sub, a query over the thread t selecting a column v;
// subArgs are sub's own arguments (repeated for every use of sub).
func valuesWhere(name string, f *valuesFilter, sub string, subArgs ...any) (string, []any, error) {
	var conds []string
	var args []any
	if f.Exists != nil {
		if *f.Exists {
			conds = append(conds, "EXISTS ("+sub+")")
		} else {
			conds = append(conds, "NOT EXISTS ("+sub+")")
		}
		args = append(args, subArgs...)
	}
	if len(f.Values) > 0 {
		b, _ := json.Marshal(f.Values)
		args = append(args, subArgs...)
		if f.RequireEveryValue {
			conds = append(conds, "(SELECT COUNT(DISTINCT v) FROM ("+sub+") WHERE v IN (SELECT value FROM json_each(?))) = (SELECT COUNT(DISTINCT value) FROM json_each(?))")
			args = append(args, string(b), string(b))
		} else {
			conds = append(conds, "EXISTS (SELECT 1 FROM ("+sub+") WHERE v IN (SELECT value FROM json_each(?)))")
			args = append(args, string(b))
		}
	}
	if len(f.ExcludeValues) > 0 {
		b, _ := json.Marshal(f.ExcludeValues)
		args = append(args, subArgs...)
		if f.RequireEveryValue {
			// Leave out only the threads that have every excluded value.
			conds = append(conds, "(SELECT COUNT(DISTINCT v) FROM ("+sub+") WHERE v IN (SELECT value FROM json_each(?))) < (SELECT COUNT(DISTINCT value) FROM json_each(?))")
			args = append(args, string(b), string(b))
		} else {
			conds = append(conds, "NOT EXISTS (SELECT 1 FROM ("+sub+") WHERE v IN (SELECT value FROM json_each(?)))")
			args = append(args, string(b))
		}
	}
	if len(conds) == 0 {
		return "", nil, validation("filters.%s needs values, exclude_values or exists", name)
	}
	return strings.Join(conds, " AND "), args, nil
}

// listArchives searches threads (one chat per thread). Beside the
// documented filters over what the API itself stores (query, dates,
// thread/chat ids, groups, properties, agents, tags, event_types,
// customer id/email, agent_types), the filters over platform data the
// emulator has no source for are evaluated over what it holds:
//
//   - goals, sales: the ids are the property names of the thread
//     properties namespaces "goals" and "sales" ({"goals": {"7": true}});
//   - surveys (and forms, keyed by form type): filled_form events with
//     form_type prechat/postchat; values are the chosen answer ids;
//   - greetings: events with the property lc2.greeting_id;
//   - agent_response: events other than system messages authored by an
//     agent or a bot;
//   - customer_countries: the customer's country_code session field
//     (see customerCountrySQL).
//
// highlights wraps every case-insensitive match of a word of
// filters.query in the text of the returned events in pre_tag/post_tag
// (default <em>…</em>); it is remembered across pages like the filters.
func listArchives(a *act) (any, error) {
	var req struct {
		pageRequest
		Highlights json.RawMessage `json:"highlights"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	st, err := req.resolve("list_archives", 10, 100)
	if err != nil {
		return nil, err
	}
	// highlights are remembered across pages like the filters.
	if req.PageID != "" {
		if len(req.Highlights) == 0 {
			req.Highlights = st.Extra
		}
	} else if len(req.Highlights) > 0 && string(req.Highlights) != "null" {
		st.Extra = req.Highlights
	}
	var f archiveFilters
	if len(st.Filters) > 0 {
		if err := json.Unmarshal(st.Filters, &f); err != nil {
			return nil, validation("filters: %v", err)
		}
	}
	var w sqlWhere
	if c, ca := a.accessWhere(); c != "" {
		w.add(c, ca...)
	}
	if err := a.archiveIDFilters(&w, &f, st.Filters); err != nil {
		return nil, err
	}
	if err := archiveContentFilters(&w, &f); err != nil {
		return nil, err
	}
	if err := a.archiveActivityFilters(&w, &f); err != nil {
		return nil, err
	}
	hl, err := archiveHighlighter(req.Highlights, f.Query)
	if err != nil {
		return nil, err
	}
	where := andJoin(w.conds...)
	from := "threads t JOIN chats c ON c.id = t.chat_id"
	keys, next, prev, err := a.pageKeys(st, "t.seq", from, where, w.args)
	if err != nil {
		return nil, err
	}
	found, err := a.countRows(from, where, w.args)
	if err != nil {
		return nil, err
	}
	out, err := a.archivedChats(keys, hl)
	if err != nil {
		return nil, err
	}
	return withPageIDs(map[string]any{"chats": out, "found_chats": found}, next, prev), nil
}

// sqlWhere collects the conditions of a WHERE clause (joined with AND)
// and their arguments.
type sqlWhere struct {
	conds []string
	args  []any
}

func (w *sqlWhere) add(cond string, args ...any) {
	w.conds, w.args = append(w.conds, cond), append(w.args, args...)
}

// archiveIDFilters adds list_archives' filters that name threads, chats
// or customers (raw: the filters object as sent, to refuse thread_ids
// combined with anything else).
func (a *act) archiveIDFilters(w *sqlWhere, f *archiveFilters, raw json.RawMessage) error {
	if len(f.ThreadIDs) > 0 {
		var other map[string]json.RawMessage
		_ = json.Unmarshal(raw, &other)
		if len(other) > 1 {
			return validation("filters.thread_ids cannot be combined with other filters")
		}
		if len(f.ThreadIDs) > 20 {
			return validation("filters.thread_ids: at most 20")
		}
		w.add("t.id IN ("+inList(len(f.ThreadIDs))+")", anySlice(f.ThreadIDs)...)
	}
	if a.ver < "3.6" && (len(f.ChatIDs) > 0 || f.CustomerID != "" || f.CustomerEmail != "") {
		return validation("filters chat_ids, customer_id and customer_email need API 3.6")
	}
	if len(f.ChatIDs) > 0 {
		w.add("t.chat_id IN ("+inList(len(f.ChatIDs))+")", anySlice(f.ChatIDs)...)
	}
	if f.CustomerID != "" {
		w.add("t.customer_id = ?", f.CustomerID)
	}
	if f.CustomerEmail != "" {
		w.add("t.customer_id IN (SELECT id FROM customers WHERE email = ?)", f.CustomerEmail)
	}
	return nil
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// archiveContentFilters adds list_archives' filters over the threads'
// own data: the text query, dates, groups and properties.
func archiveContentFilters(w *sqlWhere, f *archiveFilters) error {
	if f.Query != "" {
		q, e := ftsQuery(f.Query)
		if e != nil {
			return validation("filters.query %s", e)
		}
		if q != "" {
			w.add("t.seq IN (SELECT thread_seq FROM events_fts WHERE events_fts MATCH ?)", q)
		}
	}
	if f.From != "" {
		w.add("t.created_at >= ?", normTS(f.From))
	}
	if f.To != "" {
		w.add("t.created_at <= ?", normTS(f.To))
	}
	if len(f.GroupIDs) > 0 {
		if len(f.GroupIDs) > 200 {
			return validation("filters.group_ids: at most 200")
		}
		g, _ := json.Marshal(f.GroupIDs)
		w.add(`EXISTS (SELECT 1 FROM json_each(t.group_ids) j WHERE j.value IN (SELECT value FROM json_each(?)))`, string(g))
	}
	if len(f.Properties) > 0 {
		c, ca, err := propertyWhere("t.properties", f.Properties)
		if err != nil {
			return err
		}
		w.add(c, ca...)
	}
	return nil
}

// archiveActivityFilters adds list_archives' filters over who took part
// and what happened: the values filters (agents, tags, event types,
// sales, goals, countries), agent_types, surveys and forms, greetings and
// agent_response.
func (a *act) archiveActivityFilters(w *sqlWhere, f *archiveFilters) error {
	for _, vf := range []struct {
		name string
		f    *valuesFilter
		sub  string
	}{
		{"agents", f.Agents, "SELECT j.value AS v FROM json_each(t.user_ids) j JOIN agents ag ON ag.id = j.value"},
		{"tags", f.Tags, "SELECT j.value AS v FROM json_each(t.tags) j"},
		{"event_types", f.EventTypes, "SELECT e.type AS v FROM events e WHERE e.thread_seq = t.seq"},
		{"sales", f.Sales, `SELECT CAST(j.key AS INTEGER) AS v FROM json_each(t.properties, '$.sales') j`},
		{"goals", f.Goals, `SELECT CAST(j.key AS INTEGER) AS v FROM json_each(t.properties, '$.goals') j`},
		{"customer_countries", upperValues(f.CustomerCountries), `SELECT ` + customerCountrySQL("t.customer_id") + ` AS v WHERE v IS NOT NULL`},
	} {
		if vf.f == nil {
			continue
		}
		c, ca, err := valuesWhere(vf.name, vf.f, vf.sub)
		if err != nil {
			return err
		}
		w.add(c, ca...)
	}
	if len(f.AgentTypes) > 0 {
		if a.ver < "3.6" {
			return validation("filters.agent_types needs API 3.6")
		}
		var kinds []int
		for _, k := range f.AgentTypes {
			switch k {
			case "agent":
				kinds = append(kinds, 0)
			case "bot":
				kinds = append(kinds, 1)
			default:
				return validation("filters.agent_types values are agent and bot")
			}
		}
		w.add(`EXISTS (SELECT 1 FROM json_each(t.user_ids) j JOIN agents ag ON ag.id = j.value WHERE ag.is_bot IN (SELECT value FROM json_each(?)))`, mustJSON(kinds))
	}
	surveys := append([]surveyFilter{}, f.Surveys...)
	for typ, sf := range f.Forms {
		if sf == nil {
			continue
		}
		x := *sf
		if x.Type == "" {
			x.Type = typ
		}
		surveys = append(surveys, x)
	}
	for i := range surveys {
		c, ca, err := surveyWhere("surveys", &surveys[i])
		if err != nil {
			return err
		}
		w.add(c, ca...)
	}
	if g := f.Greetings; g != nil {
		c, ca, err := greetingsWhere(g)
		if err != nil {
			return err
		}
		w.add(c, ca...)
	}
	if r := f.AgentResponse; r != nil {
		c, ca, err := agentResponseWhere(r)
		if err != nil {
			return err
		}
		w.add(c, ca...)
	}
	return nil
}

// archiveHighlighter reads list_archives' highlights ({pre_tag,
// post_tag}, default <em>…</em>) for the words of query; nil when there
// is nothing to highlight.
func archiveHighlighter(raw json.RawMessage, query string) (*highlighter, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var h struct {
		PreTag  *string `json:"pre_tag"`
		PostTag *string `json:"post_tag"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, validation("highlights must be an object {pre_tag, post_tag}")
	}
	if (h.PreTag == nil) != (h.PostTag == nil) {
		return nil, validation("highlights.pre_tag and highlights.post_tag go together")
	}
	hl := &highlighter{pre: "<em>", post: "</em>", words: strings.Fields(query)}
	if h.PreTag != nil {
		hl.pre, hl.post = *h.PreTag, *h.PostTag
	}
	if len(hl.words) == 0 {
		return nil, nil
	}
	return hl, nil
}

// archivedChats renders the threads of a list_archives page (keys are
// thread seqs), one chat each, highlighted by hl when not nil.
func (a *act) archivedChats(keys []int64, hl *highlighter) ([]any, error) {
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		t, err := scanThread(a.queryRow(`SELECT `+threadCols+` FROM threads WHERE seq = ?`, k))
		if err != nil {
			return nil, err
		}
		c, err := a.chat(t.chatID)
		if err != nil {
			return nil, err
		}
		cj, err := a.chatJSON(c, t)
		if err != nil {
			return nil, err
		}
		tj := cj["thread"].(map[string]any)
		if p, ok := tj["previous_thread_id"]; ok {
			tj["previous_accessible_thread_id"] = p
		}
		if n, ok := tj["next_thread_id"]; ok {
			tj["next_accessible_thread_id"] = n
		}
		if hl != nil {
			hl.apply(tj)
		}
		if err := a.addSummary(tj); err != nil {
			return nil, err
		}
		out = append(out, cj)
	}
	return out, nil
}

// ---- starting and ending ----

type chatSpec struct {
	ID         string          `json:"id"`
	Properties json.RawMessage `json:"properties"`
	Access     *struct {
		GroupIDs []int `json:"group_ids"`
	} `json:"access"`
	Users []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	} `json:"users"`
	Thread *struct {
		Events     []json.RawMessage `json:"events"`
		Properties json.RawMessage   `json:"properties"`
	} `json:"thread"`
}

type startReq struct {
	Chat       *chatSpec `json:"chat"`
	Active     *bool     `json:"active"`
	Continuous *bool     `json:"continuous"`
}

func (a *act) checkGroups(ids []int) error {
	for _, g := range ids {
		var n int
		if err := a.queryRow(`SELECT COUNT(*) FROM groups WHERE id = ?`, g).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return lerr(livechat.TypeGroupNotFound, "Group %d not found", g)
		}
	}
	return nil
}

// addChatUser inserts or re-activates a chat member.
func (a *act) addChatUser(chatID, userID, userType, visibility string) error {
	return a.exec(`INSERT INTO chat_users(chat_id, user_id, user_type, visibility, present, seen_up_to, added_seq)
		VALUES (?, ?, ?, ?, 1, '', (SELECT COALESCE(MAX(added_seq), 0) + 1 FROM chat_users WHERE chat_id = ?))
		ON CONFLICT(chat_id, user_id) DO UPDATE SET present = 1, visibility = excluded.visibility`, chatID, userID, userType, visibility, chatID)
}

func (a *act) agentExists(id string) (bool, bool, error) {
	var isBot int
	err := a.queryRow(`SELECT is_bot FROM agents WHERE id = ?`, id).Scan(&isBot)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	return true, isBot == 1, nil
}

// customerKnown reports whether customer id exists.
func (a *act) customerKnown(id string) (bool, error) {
	var n int
	err := a.queryRow(`SELECT COUNT(*) FROM customers WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

// customerExists is customerKnown for callers that cannot fail: a query
// failure is logged and reads as "no such customer".
func (a *act) customerExists(id string) bool {
	ok, err := a.customerKnown(id)
	if err != nil {
		a.s.log.Error("customer lookup failed", "customer", id, "error", err)
	}
	return ok
}

// openThread creates a new thread in c with the spec's events and
// properties; the requester is a member. It returns the thread and event ids.
func (a *act) openThread(c *chatRow, spec *chatSpec, active bool) (*threadRow, []string, error) {
	users, err := a.chatUsers(c.id)
	if err != nil {
		return nil, nil, err
	}
	t := &threadRow{id: newID(), chatID: c.id, active: active, createdAt: a.nowTS, props: props{},
		groupIDs: c.groupIDs, tags: []string{}}
	for _, u := range users {
		if u.present {
			t.userIDs = append(t.userIDs, u.userID)
		}
		if u.userType == "customer" {
			t.customerID = u.userID
		}
	}
	var events []*builtEvent
	var authors []string
	if spec != nil && spec.Thread != nil {
		if len(spec.Thread.Properties) > 0 && string(spec.Thread.Properties) != "null" {
			p, err := validateProps(spec.Thread.Properties)
			if err != nil {
				return nil, nil, err
			}
			t.props = p
		}
		for _, raw := range spec.Thread.Events {
			ev, err := a.buildEvent(raw)
			if err != nil {
				return nil, nil, err
			}
			author := a.id.ID
			if s, ok := ev.fields["author_id"]; ok {
				_ = json.Unmarshal(s, &author)
			}
			var rawAuthor string
			var probe map[string]json.RawMessage
			_ = json.Unmarshal(raw, &probe)
			if s, ok := probe["author_id"]; ok && json.Unmarshal(s, &rawAuthor) == nil && rawAuthor != "" {
				author = rawAuthor
			}
			if author != a.id.ID && findUser(users, author) == nil {
				return nil, nil, validation("event author %q must be listed in chat.users", author)
			}
			ev.visibility = "all"
			events = append(events, ev)
			authors = append(authors, author)
		}
	}
	res, err := a.execRes(`INSERT INTO threads(id, chat_id, active, created_at, properties, group_ids, customer_id) VALUES (?,?,?,?,?,?,?)`,
		t.id, c.id, b2i(active), t.createdAt, t.props.String(), mustJSON(t.groupIDs), t.customerID)
	if err != nil {
		return nil, nil, err
	}
	t.seq, _ = res.LastInsertId()
	var ids []string
	for i, ev := range events {
		id, _, err := a.insertEvent(t, ev, authors[i])
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
	}
	c.lastThreadID = t.id
	if err := a.saveChat(c); err != nil {
		return nil, nil, err
	}
	if err := a.saveThread(t); err != nil {
		return nil, nil, err
	}
	return t, ids, nil
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// seeAll moves a user's events_seen_up_to to now.
func (a *act) seeAll(chatID, userID string) error {
	return a.exec(`UPDATE chat_users SET seen_up_to = ? WHERE chat_id = ? AND user_id = ?`, a.nowTS, chatID, userID)
}

func startChat(a *act) (any, error) {
	var req startReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	spec := req.Chat
	if spec == nil {
		spec = &chatSpec{}
	}
	c, err := a.createChat(spec)
	if err != nil {
		return nil, err
	}
	if err := a.addChatUser(c.id, a.id.ID, "agent", "all"); err != nil {
		return nil, err
	}
	agents, customers := 0, 0
	for _, u := range spec.Users {
		switch {
		case u.ID == "":
			return nil, validation("chat.users[].id is required")
		case u.ID == a.id.ID:
			continue
		case u.Type == "agent":
			if ok, _, err := a.agentExists(u.ID); err != nil {
				return nil, err
			} else if !ok {
				return nil, lerr(livechat.TypeNotFound, "Agent %s not found", u.ID)
			}
			if agents++; agents > 4 {
				return nil, validation("chat.users: at most 4 additional agents")
			}
			if err := a.addChatUser(c.id, u.ID, "agent", "all"); err != nil {
				return nil, err
			}
		case u.Type == "customer":
			if ok, err := a.customerKnown(u.ID); err != nil {
				return nil, err
			} else if !ok {
				return nil, lerr(livechat.TypeNotFound, "Customer %s not found", u.ID)
			}
			if customers++; customers > 1 {
				return nil, validation("chat.users: at most one customer")
			}
			if err := a.addChatUser(c.id, u.ID, "customer", "all"); err != nil {
				return nil, err
			}
		default:
			return nil, validation("chat.users[].type must be agent or customer")
		}
	}
	active := req.Active == nil || *req.Active
	t, ids, err := a.openThread(c, spec, active)
	if err != nil {
		return nil, err
	}
	if err := a.seeAll(c.id, a.id.ID); err != nil {
		return nil, err
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

// pushIncomingChat sends incoming_chat to the chat's wide audience.
func (a *act) pushIncomingChat(c *chatRow, t *threadRow, transferredFrom map[string]any, extra ...string) error {
	cj, err := a.chatJSON(c, t)
	if err != nil {
		return err
	}
	delete(cj, "is_followed")
	aud, err := a.chatAudience(c, true)
	if err != nil {
		return err
	}
	p := map[string]any{"chat": cj}
	if a.id.Kind == "agent" {
		p["requester_id"] = a.id.ID
	}
	if transferredFrom != nil {
		p["transferred_from"] = transferredFrom
	}
	a.push("incoming_chat", p, append(aud, extra...)...)
	return nil
}

func resumeChat(a *act) (any, error) {
	var req startReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Chat == nil || req.Chat.ID == "" {
		return nil, validation("chat.id is required")
	}
	c, err := a.reopenChat(req.Chat)
	if err != nil {
		return nil, err
	}
	if err := a.addChatUser(c.id, a.id.ID, "agent", "all"); err != nil {
		return nil, err
	}
	for _, u := range req.Chat.Users {
		if u.ID == a.id.ID {
			continue
		}
		switch u.Type {
		case "agent":
			if ok, _, err := a.agentExists(u.ID); err != nil {
				return nil, err
			} else if !ok {
				return nil, lerr(livechat.TypeNotFound, "Agent %s not found", u.ID)
			}
			if err := a.addChatUser(c.id, u.ID, "agent", "all"); err != nil {
				return nil, err
			}
		case "customer":
			us, err := a.chatUsers(c.id)
			if err != nil {
				return nil, err
			}
			if cu := findUser(us, u.ID); cu == nil {
				for _, x := range us {
					if x.userType == "customer" {
						return nil, validation("chat already has a customer")
					}
				}
				if ok, err := a.customerKnown(u.ID); err != nil {
					return nil, err
				} else if !ok {
					return nil, lerr(livechat.TypeNotFound, "Customer %s not found", u.ID)
				}
			}
			if err := a.addChatUser(c.id, u.ID, "customer", "all"); err != nil {
				return nil, err
			}
		default:
			return nil, validation("chat.users[].type must be agent or customer")
		}
	}
	active := req.Active == nil || *req.Active
	t, ids, err := a.openThread(c, req.Chat, active)
	if err != nil {
		return nil, err
	}
	if err := a.seeAll(c.id, a.id.ID); err != nil {
		return nil, err
	}
	if err := a.pushIncomingChat(c, t, nil); err != nil {
		return nil, err
	}
	out := map[string]any{"thread_id": t.id}
	if len(ids) > 0 {
		out["event_ids"] = ids
	}
	return out, nil
}

// requirePresence enforces "the requester must be a chat user" unless ignored.
func (a *act) requirePresence(chatID string, ignore bool) error {
	if ignore {
		return nil
	}
	us, err := a.chatUsers(chatID)
	if err != nil {
		return err
	}
	if u := findUser(us, a.id.ID); u == nil || !u.present {
		return lerr(livechat.TypeMissingAccess, "Requester is not a user of chat %s (use ignore_requester_presence)", chatID)
	}
	return nil
}

func deactivateChat(a *act) (any, error) {
	var req struct {
		ID                      string `json:"id"`
		IgnoreRequesterPresence bool   `json:"ignore_requester_presence"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, err := a.accessibleChat(req.ID, true)
	if err != nil {
		return nil, err
	}
	if err := a.requirePresence(c.id, req.IgnoreRequesterPresence || a.id.Kind == "customer"); err != nil {
		return nil, err
	}
	t, err := a.activeThread(c)
	if err != nil {
		return nil, err
	}
	return nil, a.closeThread(c, t, a.id.ID)
}

// closeThread archives the active thread t (by userID, "" for the router),
// then lets queued chats take the freed slots.
func (a *act) closeThread(c *chatRow, t *threadRow, userID string) error {
	aud, err := a.chatAudience(c, true)
	if err != nil {
		return err
	}
	if userID != "" {
		name := a.userName(userID)
		typ := "manual_archived_agent"
		text := name + " archived the chat"
		if a.id.Kind == "customer" {
			typ = "manual_archived_customer"
		}
		if err := a.systemMessage(t, aud, typ, text, map[string]string{strings.TrimPrefix(typ, "manual_archived_"): name}); err != nil {
			return err
		}
	}
	t.active = false
	if t.queuedAt != "" {
		if qt, err := time.Parse(time.RFC3339Nano, t.queuedAt); err == nil {
			t.queuesDuration += int(a.now.Sub(qt).Seconds())
		}
		t.queuedAt = ""
	}
	if err := a.saveThread(t); err != nil {
		return err
	}
	p := map[string]any{"chat_id": c.id, "thread_id": t.id}
	if userID != "" {
		p["user_id"] = userID
	}
	a.push("chat_deactivated", p, aud...)
	return a.routeQueue()
}

// userName is the display name of an agent or customer (id when it has
// none); a failed lookup is logged and reads as "no name".
func (a *act) userName(id string) string {
	for _, q := range []string{`SELECT name FROM agents WHERE id = ?`, `SELECT name FROM customers WHERE id = ?`} {
		var name string
		err := a.queryRow(q, id).Scan(&name)
		if err == nil && name != "" {
			return name
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			a.s.log.Error("user name lookup failed", "user", id, "error", err)
		}
	}
	return id
}

func followChat(a *act) (any, error) {
	var req struct {
		ID string `json:"id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, err := a.accessibleChat(req.ID, false)
	if err != nil {
		return nil, err
	}
	return nil, a.exec(`INSERT OR IGNORE INTO follows(chat_id, agent_id) VALUES (?, ?)`, c.id, a.id.ID)
}

func unfollowChat(a *act) (any, error) {
	var req struct {
		ID string `json:"id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, err := a.accessibleChat(req.ID, false)
	if err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	if u := findUser(us, a.id.ID); u != nil && u.present {
		if t, err := a.lastThread(c); err != nil {
			return nil, err
		} else if t != nil && t.active {
			return nil, validation("Chat members cannot unfollow an active chat")
		}
	}
	if err := a.exec(`DELETE FROM follows WHERE chat_id = ? AND agent_id = ?`, c.id, a.id.ID); err != nil {
		return nil, err
	}
	a.push("chat_unfollowed", map[string]any{"chat_id": c.id}, a.id.ID)
	return nil, nil
}

func transferChat(a *act) (any, error) {
	var req transferRequest
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, err := a.accessibleChat(req.ID, true)
	if err != nil {
		return nil, err
	}
	t, err := a.activeThread(c)
	if err != nil {
		return nil, err
	}
	if err := a.requirePresence(c.id, req.IgnoreRequesterPresence); err != nil {
		return nil, err
	}
	oldAud, err := a.chatAudience(c, true)
	if err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	current := presentAgents(us)
	to, err := a.transferTarget(&req, c, current)
	if err != nil {
		return nil, err
	}
	if err := a.moveChat(c, t, current, &to); err != nil {
		return nil, err
	}
	return nil, a.announceTransfer(c, t, oldAud, current, to)
}

// transferRequest is transfer_chat's payload.
type transferRequest struct {
	ID     string `json:"id"`
	Target *struct {
		Type string            `json:"type"`
		IDs  []json.RawMessage `json:"ids"`
	} `json:"target"`
	IgnoreAgentsAvailability bool `json:"ignore_agents_availability"`
	IgnoreRequesterPresence  bool `json:"ignore_requester_presence"`
	Force                    bool `json:"force"` // API ≤ 3.3 name
}

// transferDest is where transfer_chat moves a chat: the agents who join
// (none: the chat waits in the queue), the groups named in the push and
// the chat's groups afterwards.
type transferDest struct {
	agents    []string
	groups    []int
	newGroups []int
	// accessChanged: newGroups differ from the chat's groups (moveChat).
	accessChanged bool
}

// transferTarget resolves req's target: nil picks another available
// agent of the chat's groups, "agent" the listed agents, "group" an
// available agent of the listed groups (which become the chat's). current
// are the chat's agents, never picked again.
func (a *act) transferTarget(req *transferRequest, c *chatRow, current []string) (transferDest, error) {
	ignoreAvail := req.IgnoreAgentsAvailability || req.Force
	to := transferDest{groups: []int{}, newGroups: c.groupIDs}
	if req.Target == nil {
		ag, _, err := a.pickAgent(c.groupIDs, current)
		if err != nil {
			return to, err
		}
		if ag == "" && !ignoreAvail {
			return to, lerr(livechat.TypeAgentOffline, "No other agent is available in the chat's groups")
		}
		if ag != "" {
			to.agents = []string{ag}
		}
		to.groups = c.groupIDs
		return to, nil
	}
	if len(req.Target.IDs) == 0 {
		return to, validation("target.ids is required")
	}
	switch req.Target.Type {
	case "agent":
		for _, raw := range req.Target.IDs {
			var id string
			if json.Unmarshal(raw, &id) != nil || id == "" {
				return to, validation("target.ids must be agent ids")
			}
			if err := a.checkTransferAgent(id, ignoreAvail); err != nil {
				return to, err
			}
			to.agents = append(to.agents, id)
		}
	case "group":
		var gs []int
		for _, raw := range req.Target.IDs {
			g, err := strconv.Atoi(strings.Trim(string(raw), `"`))
			if err != nil {
				return to, validation("target.ids must be group ids")
			}
			gs = append(gs, g)
		}
		gs = uniqueInts(gs)
		if err := a.checkGroups(gs); err != nil {
			return to, err
		}
		ag, _, err := a.pickAgent(gs, current)
		if err != nil {
			return to, err
		}
		if ag == "" && !ignoreAvail {
			return to, lerr(livechat.TypeGroupsOffline, "No agent is available in the target groups")
		}
		if ag != "" {
			to.agents = []string{ag}
		}
		to.groups, to.newGroups = gs, gs
	default:
		return to, validation("target.type must be agent or group")
	}
	return to, nil
}

// checkTransferAgent refuses a transfer to an agent who does not exist
// or, unless ignoreAvail, who is not accepting chats or not logged in.
func (a *act) checkTransferAgent(id string, ignoreAvail bool) error {
	ok, _, err := a.agentExists(id)
	if err != nil {
		return err
	}
	if !ok {
		return lerr(livechat.TypeNotFound, "Agent %s not found", id)
	}
	if ignoreAvail {
		return nil
	}
	var st string
	var isBot bool
	if err := a.queryRow(`SELECT routing_status, is_bot FROM agents WHERE id = ?`, id).Scan(&st, &isBot); err != nil {
		return err
	}
	if st != "accepting_chats" {
		return lerr(livechat.TypeAgentOffline, "Agent %s is not accepting chats", id)
	}
	if !a.routable(id, isBot) {
		return lerr(livechat.TypeAgentOffline, "Agent %s is not logged in", id)
	}
	return nil
}

// moveChat makes the current agents leave and the targets join, gives
// the chat its new groups, and queues the thread when nobody joins.
func (a *act) moveChat(c *chatRow, t *threadRow, current []string, to *transferDest) error {
	for _, id := range current {
		if containsStr(to.agents, id) {
			continue
		}
		if err := a.exec(`UPDATE chat_users SET present = 0 WHERE chat_id = ? AND user_id = ?`, c.id, id); err != nil {
			return err
		}
	}
	for _, id := range to.agents {
		if err := a.addChatUser(c.id, id, "agent", "all"); err != nil {
			return err
		}
	}
	to.accessChanged = mustJSON(to.newGroups) != mustJSON(c.groupIDs)
	c.groupIDs = to.newGroups
	t.groupIDs = to.newGroups
	us, err := a.chatUsers(c.id)
	if err != nil {
		return err
	}
	t.userIDs = nil
	for _, u := range us {
		if u.present {
			t.userIDs = append(t.userIDs, u.userID)
		}
	}
	if len(to.agents) == 0 && t.queuedAt == "" {
		t.queuedAt = a.nowTS
	}
	if err := a.saveChat(c); err != nil {
		return err
	}
	return a.saveThread(t)
}

// announceTransfer writes the chat_transferred system message and sends
// chat_transferred (with the queue when nobody joined),
// chat_access_updated when the groups changed, and incoming_chat to the
// agents who joined. oldAud and oldAgents are the audience and agents
// before the move.
func (a *act) announceTransfer(c *chatRow, t *threadRow, oldAud, oldAgents []string, to transferDest) error {
	newAud, err := a.chatAudience(c, true)
	if err != nil {
		return err
	}
	aud := unionStrs(oldAud, newAud)
	var targets []string
	for _, id := range to.agents {
		targets = append(targets, a.userName(id))
	}
	for _, g := range to.groups {
		if len(to.agents) == 0 {
			var name string
			if err := a.queryRow(`SELECT name FROM groups WHERE id = ?`, g).Scan(&name); err != nil {
				return err // checked by checkGroups
			}
			targets = append(targets, name)
		}
	}
	if err := a.systemMessage(t, aud, "chat_transferred", a.userName(a.id.ID)+" transferred the chat to "+strings.Join(targets, ", "),
		map[string]string{"initiator": a.userName(a.id.ID), "targets": strings.Join(targets, ", ")}); err != nil {
		return err
	}
	p := map[string]any{"chat_id": c.id, "thread_id": t.id, "requester_id": a.id.ID, "reason": "manual",
		"transferred_to": map[string]any{"group_ids": to.groups, "agent_ids": nonNilStrs(to.agents)}}
	if q, err := a.queueJSON(t); err != nil {
		return err
	} else if q != nil {
		p["queue"] = q
	}
	a.push("chat_transferred", p, aud...)
	if to.accessChanged {
		a.push("chat_access_updated", map[string]any{"id": c.id, "access": map[string]any{"group_ids": c.groupIDs}}, aud...)
	}
	if len(to.agents) > 0 {
		if err := a.pushIncomingChatTo(c, t, map[string]any{"group_ids": oldGroupsOf(oldAud, c), "agent_ids": nonNilStrs(oldAgents)}, to.agents); err != nil {
			return err
		}
	}
	return nil
}

func oldGroupsOf(_ []string, c *chatRow) []int { return c.groupIDs }

func (a *act) pushIncomingChatTo(c *chatRow, t *threadRow, from map[string]any, to []string) error {
	cj, err := a.chatJSON(c, t)
	if err != nil {
		return err
	}
	delete(cj, "is_followed")
	p := map[string]any{"chat": cj, "requester_id": a.id.ID}
	if from != nil { // transferred_from is absent, not null, when the chat was not transferred (routed from the queue)
		p["transferred_from"] = from
	}
	a.push("incoming_chat", p, to...)
	return nil
}

func unionStrs(a, b []string) []string {
	m := map[string]bool{}
	var out []string
	for _, l := range [][]string{a, b} {
		for _, v := range l {
			if !m[v] {
				m[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func addUserToChat(a *act) (any, error) {
	var req struct {
		ChatID                  string `json:"chat_id"`
		UserID                  string `json:"user_id"`
		UserType                string `json:"user_type"`
		Visibility              string `json:"visibility"`
		IgnoreRequesterPresence bool   `json:"ignore_requester_presence"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.UserID == "" || req.UserType == "" {
		return nil, validation("chat_id, user_id and user_type are required")
	}
	if req.Visibility == "" && a.ver >= "3.4" {
		return nil, validation("visibility is required")
	}
	if req.Visibility != "all" && req.Visibility != "agents" {
		return nil, validation("visibility must be all or agents")
	}
	c, err := a.accessibleChat(req.ChatID, true)
	if err != nil {
		return nil, err
	}
	t, err := a.activeThread(c)
	if err != nil {
		return nil, err
	}
	if err := a.requirePresence(c.id, req.IgnoreRequesterPresence || req.UserID == a.id.ID); err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	switch req.UserType {
	case "agent":
		if ok, _, err := a.agentExists(req.UserID); err != nil {
			return nil, err
		} else if !ok {
			return nil, lerr(livechat.TypeNotFound, "Agent %s not found", req.UserID)
		}
	case "customer":
		if req.Visibility != "all" {
			return nil, validation("a customer must be added with visibility all")
		}
		if ok, err := a.customerKnown(req.UserID); err != nil {
			return nil, err
		} else if !ok {
			return nil, lerr(livechat.TypeNotFound, "Customer %s not found", req.UserID)
		}
		for _, u := range us {
			if u.userType == "customer" && u.userID != req.UserID {
				return nil, validation("a chat can have only one customer")
			}
		}
	default:
		return nil, validation("user_type must be agent or customer")
	}
	if u := findUser(us, req.UserID); u != nil && u.present {
		return nil, lerr(livechat.TypeAlreadyExists, "User %s is already in the chat", req.UserID)
	}
	if err := a.addChatUser(c.id, req.UserID, req.UserType, req.Visibility); err != nil {
		return nil, err
	}
	if !containsStr(t.userIDs, req.UserID) {
		t.userIDs = append(t.userIDs, req.UserID)
	}
	if req.UserType == "customer" {
		t.customerID = req.UserID
		if err := a.exec(`UPDATE threads SET customer_id = ? WHERE seq = ?`, req.UserID, t.seq); err != nil {
			return nil, err
		}
	}
	if req.UserType == "agent" {
		t.queuedAt = ""
	}
	if err := a.saveThread(t); err != nil {
		return nil, err
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return nil, err
	}
	who, initiator := a.userName(req.UserID), a.userName(a.id.ID)
	switch {
	case req.UserType == "customer":
		err = a.systemMessage(t, aud, "customer_added", initiator+" added "+who+" to the chat", map[string]string{"initiator": initiator, "customer": who})
	case req.UserID == a.id.ID:
		err = a.systemMessage(t, aud, "agent_joined", who+" joined the chat", map[string]string{"agent": who})
	default:
		err = a.systemMessage(t, aud, "agent_added", initiator+" added "+who+" to the chat", map[string]string{"initiator": initiator, "agent": who})
	}
	if err != nil {
		return nil, err
	}
	if us, err = a.chatUsers(c.id); err != nil {
		return nil, err
	}
	uj, err := a.userJSON(*findUser(us, req.UserID))
	if err != nil {
		return nil, err
	}
	a.push("user_added_to_chat", map[string]any{"chat_id": c.id, "thread_id": t.id, "user": uj, "reason": "manual", "requester_id": a.id.ID}, aud...)
	return nil, nil
}

func removeUserFromChat(a *act) (any, error) {
	var req struct {
		ChatID                  string `json:"chat_id"`
		UserID                  string `json:"user_id"`
		UserType                string `json:"user_type"`
		IgnoreRequesterPresence bool   `json:"ignore_requester_presence"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.UserID == "" || req.UserType == "" {
		return nil, validation("chat_id, user_id and user_type are required")
	}
	if req.UserType != "agent" {
		return nil, validation("only agents can be removed from a chat")
	}
	c, err := a.accessibleChat(req.ChatID, true)
	if err != nil {
		return nil, err
	}
	if err := a.requirePresence(c.id, req.IgnoreRequesterPresence || req.UserID == a.id.ID); err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	if u := findUser(us, req.UserID); u == nil || !u.present {
		return nil, lerr(livechat.TypeNotFound, "User %s is not in the chat", req.UserID)
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return nil, err
	}
	if err := a.exec(`UPDATE chat_users SET present = 0 WHERE chat_id = ? AND user_id = ?`, c.id, req.UserID); err != nil {
		return nil, err
	}
	t, err := a.lastThread(c)
	if err != nil {
		return nil, err
	}
	p := map[string]any{"chat_id": c.id, "user_id": req.UserID, "reason": "manual", "requester_id": a.id.ID}
	if t != nil && t.active {
		p["thread_id"] = t.id
		who, initiator := a.userName(req.UserID), a.userName(a.id.ID)
		if req.UserID == a.id.ID {
			err = a.systemMessage(t, aud, "agent_left", who+" left the chat", map[string]string{"agent": who})
		} else {
			err = a.systemMessage(t, aud, "agent_removed", initiator+" removed "+who+" from the chat", map[string]string{"initiator": initiator, "agent": who})
		}
		if err != nil {
			return nil, err
		}
	}
	a.push("user_removed_from_chat", p, aud...)
	return nil, a.routeQueue()
}

func sendEvent(a *act) (any, error) {
	var req struct {
		ChatID             string          `json:"chat_id"`
		Event              json.RawMessage `json:"event"`
		AttachToLastThread bool            `json:"attach_to_last_thread"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" {
		return nil, validation("chat_id is required")
	}
	if len(req.Event) == 0 || string(req.Event) == "null" {
		return nil, validation("event is required")
	}
	ev, err := a.buildEvent(req.Event)
	if err != nil {
		return nil, err
	}
	st, err := a.chatState(req.ChatID) // chat, users, last thread, audience (writecache.go)
	if err != nil {
		return nil, err
	}
	c, us := st.chat, st.users
	// A present member always has access; others fail either way.
	me := findUser(us, a.id.ID)
	if me == nil || !me.present {
		if ok, err := a.canAccess(c, true); err != nil {
			return nil, err
		} else if !ok {
			return nil, lerr(livechat.TypeMissingAccess, "No access to chat %s", c.id)
		}
		return nil, lerr(livechat.TypeMissingAccess, "Requester is not a user of chat %s", c.id)
	}
	if me.visibility == "agents" && ev.visibility == "all" {
		return nil, validation("A user with visibility agents can send only events with visibility agents")
	}
	if a.id.Kind == "customer" && ev.visibility != "all" {
		return nil, validation("Customers can send only events with visibility all")
	}
	t := st.last
	if t == nil || (!t.active && !req.AttachToLastThread) {
		return nil, lerr(livechat.TypeChatInactive, "")
	}
	id, body, err := a.insertEvent(t, ev, a.id.ID) // updates t.eventSeq in place
	if err != nil {
		return nil, err
	}
	// The author's events_seen_up_to moves to the event's created_at:
	// owed by the event row (deferred.go) when it names the sender as its
	// author; a system message has none, so it moves here.
	if ev.typ == "system_message" {
		if err := a.seeAll(c.id, a.id.ID); err != nil {
			return nil, err
		}
	}
	me.seenUpTo = a.nowTS
	a.keepCache() // every write above is mirrored in st
	a.push("incoming_event", incomingEventPush{ChatID: c.id, Event: body, ThreadID: t.id}, st.audience...)
	return sentEvent{EventID: id}, nil
}

// incomingEventPush is send_event's incoming_event payload; it encodes
// like the map it replaces (keys in sorted order) without reflection on a map.
type incomingEventPush struct {
	ChatID   string          `json:"chat_id"`
	Event    json.RawMessage `json:"event"`
	ThreadID string          `json:"thread_id"`
}

// appendJSON implements jsonAppender: the bytes json.Marshal gives, for
// Event as the emulator stores it (compact, HTML-escaped: insertEvent).
func (p incomingEventPush) appendJSON(b []byte) []byte {
	b = append(b, `{"chat_id":`...)
	b = appendJSONString(b, p.ChatID)
	b = append(b, `,"event":`...)
	b = append(b, p.Event...)
	b = append(b, `,"thread_id":`...)
	b = appendJSONString(b, p.ThreadID)
	return append(b, '}')
}

// sentEvent is send_event's response.
type sentEvent struct {
	EventID string `json:"event_id"`
}

// appendJSON implements jsonAppender.
func (r sentEvent) appendJSON(b []byte) []byte {
	b = append(b, `{"event_id":`...)
	b = appendJSONString(b, r.EventID)
	return append(b, '}')
}

// eventRow loads one event's body for modification.
// eventBody reads an event of thread t. Customers find only the events
// they see (visibility all, not deleted: deleteEvent).
func (a *act) eventBody(t *threadRow, eventID string) (map[string]json.RawMessage, error) {
	q := `SELECT body FROM events WHERE thread_seq = ? AND id = ?`
	if a.id.Kind == "customer" {
		q += ` AND visibility = 'all'`
	}
	var body string
	err := a.queryRow(q, t.seq, eventID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Event")
	}
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return nil, err
	}
	return m, nil
}

// writableEvent loads event eventID of thread threadID of chat chatID (all
// three required), which the requester must be able to write to.
func (a *act) writableEvent(chatID, threadID, eventID string) (*chatRow, *threadRow, map[string]json.RawMessage, error) {
	if chatID == "" || threadID == "" || eventID == "" {
		return nil, nil, nil, validation("chat_id, thread_id and event_id are required")
	}
	c, t, err := a.writableThread(chatID, threadID)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := a.eventBody(t, eventID)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, t, m, nil
}

func (a *act) saveEventBody(t *threadRow, eventID string, m map[string]json.RawMessage) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return a.exec(`UPDATE events SET body = ? WHERE thread_seq = ? AND id = ?`, string(b), t.seq, eventID)
}

func sendPostback(a *act) (any, error) {
	var req struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
		EventID  string `json:"event_id"`
		Postback *struct {
			ID      string `json:"id"`
			Toggled *bool  `json:"toggled"`
		} `json:"postback"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.ThreadID == "" || req.EventID == "" || req.Postback == nil || req.Postback.ID == "" || req.Postback.Toggled == nil {
		return nil, validation("chat_id, thread_id, event_id and postback{id, toggled} are required")
	}
	c, t, err := a.writableThread(req.ChatID, req.ThreadID)
	if err != nil {
		return nil, err
	}
	m, err := a.eventBody(t, req.EventID)
	if err != nil {
		return nil, err
	}
	var typ string
	_ = json.Unmarshal(m["type"], &typ)
	if typ != "rich_message" {
		return nil, validation("Event %s is not a rich message", req.EventID)
	}
	var els []map[string]json.RawMessage
	_ = json.Unmarshal(m["elements"], &els)
	found := false
	for _, el := range els {
		var btns []map[string]json.RawMessage
		_ = json.Unmarshal(el["buttons"], &btns)
		for _, b := range btns {
			var pid string
			_ = json.Unmarshal(b["postback_id"], &pid)
			if pid != req.Postback.ID {
				continue
			}
			found = true
			var ids []string
			_ = json.Unmarshal(b["user_ids"], &ids)
			var out []string
			for _, id := range ids {
				if id != a.id.ID {
					out = append(out, id)
				}
			}
			if *req.Postback.Toggled {
				out = append(out, a.id.ID)
			}
			b["user_ids"], _ = json.Marshal(nonNilStrs(out))
		}
		el["buttons"], _ = json.Marshal(btns)
	}
	if !found {
		return nil, lerr(livechat.TypeNotFound, "Postback %s not found in event %s", req.Postback.ID, req.EventID)
	}
	m["elements"], _ = json.Marshal(els)
	if err := a.saveEventBody(t, req.EventID, m); err != nil {
		return nil, err
	}
	if t.active {
		aud, err := a.chatAudience(c, false)
		if err != nil {
			return nil, err
		}
		a.push("incoming_rich_message_postback", map[string]any{"user_id": a.id.ID, "chat_id": c.id, "thread_id": t.id,
			"event_id": req.EventID, "postback": map[string]any{"id": req.Postback.ID, "toggled": *req.Postback.Toggled}}, aud...)
	}
	return nil, nil
}

// ---- properties ----

type propsReq struct {
	ID         string          `json:"id"`
	ChatID     string          `json:"chat_id"`
	ThreadID   string          `json:"thread_id"`
	EventID    string          `json:"event_id"`
	Properties json.RawMessage `json:"properties"`
}

func updateChatProps(a *act) (any, error)   { return chatProps(a, false) }
func deleteChatProps(a *act) (any, error)   { return chatProps(a, true) }
func updateThreadProps(a *act) (any, error) { return threadProps(a, false) }
func deleteThreadProps(a *act) (any, error) { return threadProps(a, true) }
func updateEventProps(a *act) (any, error)  { return eventProps(a, false) }
func deleteEventProps(a *act) (any, error)  { return eventProps(a, true) }

func chatProps(a *act, del bool) (any, error) {
	var req propsReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, validation("id is required")
	}
	c, err := a.accessibleChat(req.ID, true)
	if err != nil {
		return nil, err
	}
	payload, err := applyProps(c.props, req.Properties, del)
	if err != nil {
		return nil, err
	}
	if err := a.saveChat(c); err != nil {
		return nil, err
	}
	return nil, a.pushProps(c, "chat", del, map[string]any{"chat_id": c.id, "properties": payload})
}

// pushProps sends <level>_properties_updated (or _deleted) with payload
// to the audience of chat c.
func (a *act) pushProps(c *chatRow, level string, del bool, payload map[string]any) error {
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return err
	}
	name := level + "_properties_updated"
	if del {
		name = level + "_properties_deleted"
	}
	a.push(name, payload, aud...)
	return nil
}

func applyProps(p props, raw json.RawMessage, del bool) (any, error) {
	if del {
		names, err := validatePropNames(raw)
		if err != nil {
			return nil, err
		}
		p.remove(names)
		return names, nil
	}
	upd, err := validateProps(raw)
	if err != nil {
		return nil, err
	}
	p.merge(upd)
	return upd, nil
}

func threadProps(a *act, del bool) (any, error) {
	var req propsReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.ThreadID == "" {
		return nil, validation("chat_id and thread_id are required")
	}
	c, t, err := a.writableThread(req.ChatID, req.ThreadID)
	if err != nil {
		return nil, err
	}
	payload, err := applyProps(t.props, req.Properties, del)
	if err != nil {
		return nil, err
	}
	if err := a.saveThread(t); err != nil {
		return nil, err
	}
	return nil, a.pushProps(c, "thread", del, map[string]any{"chat_id": c.id, "thread_id": t.id, "properties": payload})
}

func eventProps(a *act, del bool) (any, error) {
	var req propsReq
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	c, t, m, err := a.writableEvent(req.ChatID, req.ThreadID, req.EventID)
	if err != nil {
		return nil, err
	}
	p := props{}
	if raw, ok := m["properties"]; ok {
		_ = json.Unmarshal(raw, &p)
	}
	payload, err := applyProps(p, req.Properties, del)
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		delete(m, "properties")
	} else {
		m["properties"] = p.raw()
	}
	if err := a.saveEventBody(t, req.EventID, m); err != nil {
		return nil, err
	}
	return nil, a.pushProps(c, "event", del, map[string]any{"chat_id": c.id, "thread_id": t.id, "event_id": req.EventID, "properties": payload})
}

func tagThread(add bool) func(*act) (any, error) {
	return func(a *act) (any, error) {
		var req struct {
			ChatID   string `json:"chat_id"`
			ThreadID string `json:"thread_id"`
			Tag      string `json:"tag"`
		}
		if err := a.decode(&req); err != nil {
			return nil, err
		}
		if req.ChatID == "" || req.ThreadID == "" || req.Tag == "" {
			return nil, validation("chat_id, thread_id and tag are required")
		}
		c, t, err := a.writableThread(req.ChatID, req.ThreadID)
		if err != nil {
			return nil, err
		}
		if add {
			var n int
			if err := a.queryRow(`SELECT COUNT(*) FROM tags WHERE name = ?`, req.Tag).Scan(&n); err != nil {
				return nil, err
			}
			if n == 0 {
				return nil, lerr(livechat.TypeNotFound, "Tag %q not found", req.Tag)
			}
			if !containsStr(t.tags, req.Tag) {
				t.tags = append(t.tags, req.Tag)
			}
		} else {
			if !containsStr(t.tags, req.Tag) {
				return nil, lerr(livechat.TypeNotFound, "Thread is not tagged with %q", req.Tag)
			}
			var out []string
			for _, x := range t.tags {
				if x != req.Tag {
					out = append(out, x)
				}
			}
			t.tags = out
		}
		if err := a.saveThread(t); err != nil {
			return nil, err
		}
		aud, err := a.chatAudience(c, false)
		if err != nil {
			return nil, err
		}
		name := "thread_tagged"
		if !add {
			name = "thread_untagged"
		}
		a.push(name, map[string]any{"chat_id": c.id, "thread_id": t.id, "tag": req.Tag}, aud...)
		return nil, nil
	}
}

func markSeen(a *act) (any, error) {
	var req struct {
		ChatID   string `json:"chat_id"`
		SeenUpTo string `json:"seen_up_to"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.SeenUpTo == "" {
		return nil, validation("chat_id and seen_up_to are required")
	}
	ts, err := time.Parse(time.RFC3339Nano, req.SeenUpTo)
	if err != nil {
		return nil, validation("seen_up_to must be an RFC 3339 timestamp")
	}
	c, err := a.accessibleChat(req.ChatID, false)
	if err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	me := findUser(us, a.id.ID)
	if me == nil {
		return nil, lerr(livechat.TypeMissingAccess, "Requester is not a user of chat %s", c.id)
	}
	seen := nowStamp(ts)
	if seen > me.seenUpTo {
		if err := a.exec(`UPDATE chat_users SET seen_up_to = ? WHERE chat_id = ? AND user_id = ?`, seen, c.id, a.id.ID); err != nil {
			return nil, err
		}
	} else {
		seen = me.seenUpTo
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return nil, err
	}
	a.push("events_marked_as_seen", map[string]any{"user_id": a.id.ID, "chat_id": c.id, "seen_up_to": seen}, aud...)
	return nil, nil
}

func typing(a *act) (any, error) {
	var req struct {
		ChatID     string `json:"chat_id"`
		IsTyping   *bool  `json:"is_typing"`
		Visibility string `json:"visibility"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.IsTyping == nil {
		return nil, validation("chat_id and is_typing are required")
	}
	if req.Visibility == "" {
		req.Visibility = "all"
	}
	if req.Visibility != "all" && req.Visibility != "agents" {
		return nil, validation("visibility must be all or agents")
	}
	c, t, aud, err := a.activeChatAudience(req.ChatID)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, id := range aud {
		if id != a.id.ID {
			others = append(others, id)
		}
	}
	a.push("incoming_typing_indicator", map[string]any{"chat_id": c.id, "thread_id": t.id,
		"typing_indicator": map[string]any{"author_id": a.id.ID, "visibility": req.Visibility, "timestamp": a.now.Unix(), "is_typing": *req.IsTyping}}, others...)
	return nil, nil
}

func thinking(a *act) (any, error) {
	var req struct {
		ChatID      string `json:"chat_id"`
		Title       string `json:"title"`
		Description string `json:"description"`
		Visibility  string `json:"visibility"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" {
		return nil, validation("chat_id is required")
	}
	c, t, aud, err := a.activeChatAudience(req.ChatID)
	if err != nil {
		return nil, err
	}
	ti := map[string]any{"author_id": a.id.ID, "timestamp": a.now.Unix()}
	if req.Title != "" {
		ti["title"] = req.Title
	}
	if req.Description != "" {
		ti["description"] = req.Description
	}
	if req.Visibility != "" { // "agents" keeps it from the customer (customerView)
		ti["visibility"] = req.Visibility
	}
	a.push("incoming_thinking_indicator", map[string]any{"chat_id": c.id, "thread_id": t.id, "thinking_indicator": ti}, aud...)
	return nil, nil
}

// eventPreview (3.6) shows a message before it is sent: nothing is
// stored; the preview goes out as the push incoming_event_preview
// {chat_id, thread_id, event} (a Customer Chat API push, as the official
// JS SDK names it) to the chat's present customers only: the Agent Chat
// API documents no such push, so other agents get nothing. Only a present
// member may send a preview, of a message with visibility all, to an
// active chat.
func eventPreview(a *act) (any, error) {
	var req struct {
		ChatID string          `json:"chat_id"`
		Event  json.RawMessage `json:"event"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || len(req.Event) == 0 || string(req.Event) == "null" {
		return nil, validation("chat_id and event are required")
	}
	ev, err := a.buildEvent(req.Event)
	if err != nil {
		return nil, err
	}
	if ev.typ != "message" {
		return nil, validation("event_preview supports message events only")
	}
	if ev.visibility != "all" {
		return nil, validation("An event preview must have visibility all")
	}
	c, err := a.accessibleChat(req.ChatID, true)
	if err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	if me := findUser(us, a.id.ID); me == nil || !me.present {
		return nil, lerr(livechat.TypeMissingAccess, "Requester is not a user of chat %s", c.id)
	}
	t, err := a.activeThread(c)
	if err != nil {
		return nil, err
	}
	f := ev.fields
	f["type"], f["visibility"], f["author_id"], f["created_at"] = rawStr("message"), rawStr("all"), rawStr(a.id.ID), rawStr(a.nowTS)
	var to []string
	for _, u := range us {
		if u.userType == "customer" && u.present {
			to = append(to, u.userID)
		}
	}
	a.push("incoming_event_preview", map[string]any{"chat_id": c.id, "thread_id": t.id, "event": f}, to...)
	return nil, nil
}

// summaryKey is the meta key holding the summary of a thread.
func summaryKey(threadID string) string { return "thread_summary:" + threadID }

// threadSummary returns the stored summary of a thread (nil when none).
func (a *act) threadSummary(threadID string) (map[string]any, error) {
	var v string
	err := a.queryRow(`SELECT value FROM meta WHERE key = ?`, summaryKey(threadID)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, err
	}
	return m, nil
}

// addSummary adds the 3.6 thread field summary to a rendered thread.
func (a *act) addSummary(thread map[string]any) error {
	if a.ver < "3.6" || thread == nil {
		return nil
	}
	id, _ := thread["id"].(string)
	sum, err := a.threadSummary(id)
	if sum != nil {
		thread["summary"] = sum
	}
	return err
}

// requestSummary (3.6) summarises an inactive thread once. The emulator
// has no language model: the summary is extractive and deterministic —
// who talked, how many public messages, the customer's first message and
// the last message. It is stored with the thread (get_chat, list_threads
// and list_archives show it as thread.summary on 3.6) and announced with
// the push thread_summary_set {chat_id, thread_id, summary{status, text,
// updated_at}} to the chat's audience and the requester. A thread that is
// still active, has no customer or no public customer message is refused
// (validation); asking again gives already_exists.
func requestSummary(a *act) (any, error) {
	var req struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ChatID == "" || req.ThreadID == "" {
		return nil, validation("chat_id and thread_id are required")
	}
	c, err := a.accessibleChat(req.ChatID, false)
	if err != nil {
		return nil, err
	}
	t, err := a.thread(c.id, req.ThreadID)
	if err != nil {
		return nil, err
	}
	if t.active {
		return nil, validation("Thread %s is still active; summaries are made of archived threads", t.id)
	}
	if sum, err := a.threadSummary(t.id); err != nil {
		return nil, err
	} else if sum != nil {
		return nil, lerr(livechat.TypeAlreadyExists, "Thread %s has a summary already", t.id)
	}
	if t.customerID == "" {
		return nil, validation("Thread %s has no customer", t.id)
	}
	rows, err := a.query(`SELECT author_id, body FROM events WHERE thread_seq = ? AND type = 'message' AND visibility = 'all' ORDER BY n`, t.seq)
	if err != nil {
		return nil, err
	}
	var firstCustomer, last string
	n := 0
	var agents []string
	for rows.Next() {
		var author, body string
		if err := rows.Scan(&author, &body); err != nil {
			rows.Close()
			return nil, err
		}
		var ev struct {
			Text string `json:"text"`
		}
		_ = json.Unmarshal([]byte(body), &ev)
		n++
		last = ev.Text
		if author == t.customerID {
			if firstCustomer == "" {
				firstCustomer = ev.Text
			}
		} else if !containsStr(agents, author) {
			agents = append(agents, author)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if firstCustomer == "" {
		return nil, validation("Thread %s has no public message of the customer to summarise", t.id)
	}
	names := make([]string, len(agents))
	for i, id := range agents {
		names[i] = a.userName(id)
	}
	with := "no agent"
	if len(names) > 0 {
		with = strings.Join(names, ", ")
	}
	text := a.userName(t.customerID) + " talked with " + with + " (" + strconv.Itoa(n) + " messages). The customer wrote: \"" +
		firstCustomer + "\". Last message: \"" + last + "\"."
	sum := map[string]any{"status": "completed", "text": text, "updated_at": a.nowTS}
	if err := a.exec(`INSERT INTO meta(key, value) VALUES (?, ?)`, summaryKey(t.id), mustJSON(sum)); err != nil {
		return nil, err
	}
	aud, err := a.chatAudience(c, true)
	if err != nil {
		return nil, err
	}
	if !containsStr(aud, a.id.ID) {
		aud = append(aud, a.id.ID)
	}
	a.push("thread_summary_set", map[string]any{"chat_id": c.id, "thread_id": t.id, "summary": sum}, aud...)
	return nil, nil
}

// customerCountrySQL is the ISO 3166-1 alpha-2 country code of the
// customer whose id is the SQL expression idExpr, upper-cased, or NULL.
//
// The emulator has no visitor tracking, so a customer's country is taken
// from what it holds about the customer: the "country_code" session field
// (set with update_customer or by the Customer Chat API), falling back to
// a "country" session field that is two letters long.
func customerCountrySQL(idExpr string) string {
	return `(SELECT UPPER(COALESCE(
		(SELECT json_extract(sf.value, '$.country_code') FROM customers cu, json_each(cu.session_fields) sf
		 WHERE cu.id = ` + idExpr + ` AND json_extract(sf.value, '$.country_code') IS NOT NULL LIMIT 1),
		(SELECT json_extract(sf.value, '$.country') FROM customers cu, json_each(cu.session_fields) sf
		 WHERE cu.id = ` + idExpr + ` AND length(json_extract(sf.value, '$.country')) = 2 LIMIT 1))))`
}

// upperValues upper-cases the string values of a country filter.
func upperValues(f *valuesFilter) *valuesFilter {
	if f == nil {
		return nil
	}
	g := *f
	up := func(in []json.RawMessage) []json.RawMessage {
		var out []json.RawMessage
		for _, v := range in {
			var s string
			if json.Unmarshal(v, &s) == nil {
				v = rawStr(strings.ToUpper(s))
			}
			out = append(out, v)
		}
		return out
	}
	g.Values, g.ExcludeValues = up(f.Values), up(f.ExcludeValues)
	return &g
}

// greetingsWhere renders filters.greetings. A thread showed a greeting
// when one of its events carries the greeting's id in the property
// lc2.greeting_id (how the LiveChat widget marks greeting events); from/to
// bound that event's created_at and groups the thread's groups.
func greetingsWhere(g *greetingsFilter) (string, []any, error) {
	sub := `SELECT json_extract(e.body, '$.properties.lc2.greeting_id') AS v FROM events e
		WHERE e.thread_seq = t.seq AND json_extract(e.body, '$.properties.lc2.greeting_id') IS NOT NULL`
	tr, targs, err := timeRange("e.created_at", g.From, g.To)
	if err != nil {
		return "", nil, err
	}
	if tr != "" {
		sub += " AND " + tr
	}
	var conds []string
	var args []any
	if g.Exists != nil || len(g.Values) > 0 || len(g.ExcludeValues) > 0 {
		w, wa, err := valuesWhere("greetings", &valuesFilter{Exists: g.Exists, Values: g.Values, ExcludeValues: g.ExcludeValues}, sub, targs...)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, w), append(args, wa...)
	} else if tr != "" || g.Groups != nil {
		conds, args = append(conds, "EXISTS ("+sub+")"), append(args, targs...)
	}
	if w, wa := groupsWhere(g.Groups); w != "" {
		conds, args = append(conds, w), append(args, wa...)
	}
	if len(conds) == 0 {
		return "", nil, validation("filters.greetings needs exists, values, exclude_values, from, to or groups")
	}
	return strings.Join(conds, " AND "), args, nil
}

// agentResponseWhere renders filters.agent_response: a response is an
// event other than a system message authored by an agent or a bot; first
// narrows the other conditions to the thread's first response.
func agentResponseWhere(r *agentResponseFilter) (string, []any, error) {
	sub := `SELECT e.author_id AS v FROM events e JOIN agents ag ON ag.id = e.author_id
		WHERE e.thread_seq = t.seq AND e.type != 'system_message'`
	if r.First {
		sub += ` ORDER BY e.n LIMIT 1`
		sub = `SELECT v FROM (` + sub + `)`
	}
	vf := &valuesFilter{Exists: r.Exists}
	if r.Agents != nil {
		for _, id := range r.Agents.Values {
			vf.Values = append(vf.Values, rawStr(id))
		}
		for _, id := range r.Agents.ExcludeValues {
			vf.ExcludeValues = append(vf.ExcludeValues, rawStr(id))
		}
	}
	var conds []string
	var args []any
	if vf.Exists != nil || len(vf.Values) > 0 || len(vf.ExcludeValues) > 0 {
		w, wa, err := valuesWhere("agent_response", vf, sub)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, w), append(args, wa...)
	}
	if w, wa := groupsWhere(r.Groups); w != "" {
		conds = append(conds, "EXISTS ("+sub+")", w)
		args = append(args, wa...)
	}
	if len(conds) == 0 {
		if !r.First {
			return "", nil, validation("filters.agent_response needs exists, agents or groups")
		}
		conds = append(conds, "EXISTS ("+sub+")")
	}
	return strings.Join(conds, " AND "), args, nil
}

// highlighter wraps the words of a list_archives query, wherever they
// occur in the text of a returned thread's events (case-insensitive), in
// pre and post tags; the text field of the event carries the result.
type highlighter struct {
	pre, post string
	words     []string
}

func (h *highlighter) wrap(text string) (string, bool) {
	lower := strings.ToLower(text)
	type span struct{ a, b int }
	var spans []span
	for _, w := range h.words {
		lw := strings.ToLower(w)
		for i := 0; lw != "" && i < len(lower); {
			j := strings.Index(lower[i:], lw)
			if j < 0 {
				break
			}
			spans = append(spans, span{i + j, i + j + len(lw)})
			i += j + len(lw)
		}
	}
	if len(spans) == 0 || len(lower) != len(text) {
		return text, false
	}
	// Merge overlapping spans, in order.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].a < spans[j-1].a; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		for i+1 < len(spans) && spans[i+1].a <= sp.b {
			sp.b = max(sp.b, spans[i+1].b)
			i++
		}
		b.WriteString(text[last:sp.a])
		b.WriteString(h.pre)
		b.WriteString(text[sp.a:sp.b])
		b.WriteString(h.post)
		last = sp.b
	}
	b.WriteString(text[last:])
	return b.String(), true
}

// apply highlights the events of a rendered thread.
func (h *highlighter) apply(thread map[string]any) {
	evs, _ := thread["events"].([]json.RawMessage)
	for i, raw := range evs {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			continue
		}
		var text string
		if json.Unmarshal(m["text"], &text) != nil || text == "" {
			continue
		}
		if out, ok := h.wrap(text); ok {
			m["text"] = rawStr(out)
			evs[i], _ = json.Marshal(m)
		}
	}
}

// noteWeb wraps an agent action so that a Web API call marks the caller
// as connected (see agentConnected); a call that starts the caller's Web
// API presence opens their session when they hold no RTM connection
// (session.go) and first gives them the queued chats they can take.
func noteWeb(fn func(*act) (any, error)) func(*act) (any, error) {
	return func(a *act) (any, error) {
		if a.c.via != viaWeb || a.id.Kind != "agent" {
			return fn(a)
		}
		started, undoWeb := a.s.noteWebActivity(a.id.ID)
		undo := undoWeb
		if started && !a.id.IsBot {
			err := error(nil)
			if len(a.s.hub.connsOf(a.id.ID)) == 0 {
				m := a.s.markPresence(a.id.ID)
				undo = func() { undoWeb(); a.s.undoPresence(m) } // session.go
				_, err = a.startSession(a.id.ID, true)
			}
			if err == nil {
				err = a.routeQueue()
			}
			if err != nil {
				undo()
				return nil, err
			}
		}
		res, err := fn(a)
		if err != nil {
			undo() // the call's changes (and the routing above) are rolled back
		}
		return res, err
	}
}
