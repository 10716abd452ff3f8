package emulator

// Configuration API 3.6: greetings (create_greeting, update_greeting,
// delete_greeting, get_greeting, list_greetings), documented in
// src/pages/management/configuration-api/index.mdx (# Greetings).
//
// Greetings are one product feature reachable over two APIs: these
// actions share the greetings table with the legacy REST API v2
// (restv2_resources.go), so a greeting created over either is seen by
// the other. The stored form stays the v2 one: type announcement is
// subtype 'announcement', rules keep v2's shape (an id from the shared
// v2_rule_seq counter, variable_name / variable_value for the 3.6
// session_field pair), properties are the same string map. The fields
// only 3.6 knows (active_from, active_until, rich_message) have their own
// columns (store migration 8).

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/livechat-go/livechat"
)

func init() {
	register("configuration", "create_greeting", cfgH36(createGreetingCfg, "greetings:rw"))
	register("configuration", "update_greeting", cfgH36(updateGreetingCfg, "greetings:rw"))
	register("configuration", "delete_greeting", cfgH36(deleteGreetingCfg, "greetings:rw"))
	register("configuration", "get_greeting", cfgH36(getGreetingCfg, "greetings:ro"))
	register("configuration", "list_greetings", cfgH36(listGreetingsCfg, "greetings:ro"))
}

// Documented limits and values of create_greeting.
const (
	cfgMaxGreetingRules = 10
	cfgMaxFunnelURLs    = 10
	cfgMaxSessionField  = 255
	cfgMaxVisitTime     = 900
	cfgMaxGreetingsPage = 100
	cfgMaxRichElements  = 10
	cfgMaxRichButtons   = 13
)

var (
	cfgGreetingRuleTypes = []string{"visit_time_site", "visit_time_page", "url_current", "url_visited", "url_funnel",
		"pages_view_number", "url_referrer", "geolocation", "visits_number", "search_keyword", "custom_variable", "ads_traffic"}
	cfgGreetingOperators = []string{"equals", "doesnt_equal", "lower_than", "lower_or_equal", "greater_than",
		"greater_or_equal", "contains", "doesnt_contain"}
	cfgAdsTrafficSources  = []string{"microsoft", "facebook", "google", "twitter", "yahoo"}
	cfgGreetingProperties = []string{"addon", "is_exit_intent", "greeting-message_text", "greeting-message_json_key",
		"greeting-message_phrase_key"}
	// "text" is not in the template_id list of the table but is what the
	// documented create_greeting and update_greeting samples send.
	cfgRichTemplates   = []string{"cards", "sticker", "quick_replies", "text"}
	cfgRichButtonTypes = []string{"webview", "message", "url", "phone"}
	cfgRichButtonRoles = []string{"default", "primary", "danger"}
)

// cfgGreetingURL is one step of a url_funnel rule.
type cfgGreetingURL struct {
	URL      string `json:"url"`
	Operator string `json:"operator"`
}

// cfgGreetingRule is a rule as 3.6 writes and reads it.
type cfgGreetingRule struct {
	Condition    string            `json:"condition"`
	Type         string            `json:"type"`
	Operator     string            `json:"operator,omitempty"`
	Value        string            `json:"value,omitempty"`
	URLs         []cfgGreetingURL  `json:"urls,omitempty"`
	SessionField map[string]string `json:"session_field,omitempty"`
}

// cfgStoredRule is a rule as the greetings table holds it (REST v2 shape).
type cfgStoredRule struct {
	ID            int              `json:"id"`
	Type          string           `json:"type"`
	Operator      string           `json:"operator,omitempty"`
	Condition     string           `json:"condition"`
	Value         string           `json:"value,omitempty"`
	VariableName  string           `json:"variable_name,omitempty"`
	VariableValue string           `json:"variable_value,omitempty"`
	URLs          []cfgGreetingURL `json:"urls,omitempty"`
}

// cfgRichButton holds the button members create_greeting validates.
type cfgRichButton struct {
	Text       *string `json:"text"`
	Type       *string `json:"type"`
	Value      *string `json:"value"`
	PostbackID *string `json:"postback_id"`
	ButtonID   *string `json:"button_id"`
	Role       *string `json:"role"`
}

// cfgGreetingRich holds the rich_message members create_greeting
// validates; the stored rich message keeps every member sent.
type cfgGreetingRich struct {
	TemplateID *string `json:"template_id"`
	Elements   []struct {
		Title    *string `json:"title"`
		Subtitle *string `json:"subtitle"`
		Image    *struct {
			URL *string `json:"url"`
		} `json:"image"`
		Buttons []cfgRichButton `json:"buttons"`
	} `json:"elements"`
}

// cfgGreetingBody is the payload of create_greeting and update_greeting.
type cfgGreetingBody struct {
	ID          *int              `json:"id"`
	Type        *string           `json:"type"`
	Active      *bool             `json:"active"`
	ActiveFrom  *string           `json:"active_from"`
	ActiveUntil *string           `json:"active_until"`
	Name        *string           `json:"name"`
	Group       *int              `json:"group"`
	Rules       []cfgGreetingRule `json:"rules"`
	Properties  map[string]string `json:"properties"`
	RichMessage *cfgGreetingRich  `json:"rich_message"`
}

// cfgGreetingRow is a row of the greetings table.
type cfgGreetingRow struct {
	id, group                               int
	active                                  bool
	name, subtype, rules, props, from, till string
	rich                                    string
}

const cfgGreetingCols = `id, group_id, active, name, subtype, rules, properties, active_from, active_until, rich_message`

func (r *cfgGreetingRow) scan(s interface{ Scan(...any) error }) error {
	return s.Scan(&r.id, &r.group, &r.active, &r.name, &r.subtype, &r.rules, &r.props, &r.from, &r.till, &r.rich)
}

// cfgGreeting loads greeting id (not_found when there is none).
func (a *act) cfgGreeting(id int) (*cfgGreetingRow, error) {
	var r cfgGreetingRow
	err := r.scan(a.queryRow(`SELECT `+cfgGreetingCols+` FROM greetings WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lerr(livechat.TypeNotFound, "Greeting %d not found", id)
	}
	return &r, err
}

// json renders the row as get_greeting answers it.
func (r *cfgGreetingRow) json() (map[string]any, error) {
	typ := "normal"
	if r.subtype != "" {
		typ = r.subtype
	}
	props := map[string]string{}
	if err := json.Unmarshal([]byte(r.props), &props); err != nil {
		return nil, fmt.Errorf("greeting %d: properties: %w", r.id, err)
	}
	var stored []cfgStoredRule
	if err := json.Unmarshal([]byte(r.rules), &stored); err != nil {
		return nil, fmt.Errorf("greeting %d: rules: %w", r.id, err)
	}
	rules := make([]cfgGreetingRule, 0, len(stored))
	for _, s := range stored {
		rule := cfgGreetingRule{Condition: s.Condition, Type: s.Type, Operator: s.Operator, Value: s.Value, URLs: s.URLs}
		if rule.Condition == "" {
			rule.Condition = "and"
		}
		if s.VariableName != "" || s.VariableValue != "" {
			rule.SessionField = map[string]string{s.VariableName: s.VariableValue}
		}
		rules = append(rules, rule)
	}
	m := map[string]any{"id": r.id, "type": typ, "active": r.active, "name": r.name, "group": r.group,
		"rules": rules, "properties": props}
	if r.from != "" {
		m["active_from"] = r.from
	}
	if r.till != "" {
		m["active_until"] = r.till
	}
	if r.rich != "" {
		m["rich_message"] = json.RawMessage(r.rich)
	}
	return m, nil
}

// cfgDecodeGreetingID decodes {"id": int} and loads that greeting.
func (a *act) cfgDecodeGreetingID() (*cfgGreetingRow, error) {
	var req struct {
		ID *int `json:"id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == nil {
		return nil, validation("id is required")
	}
	return a.cfgGreeting(*req.ID)
}

func createGreetingCfg(a *act) (any, error) {
	var b cfgGreetingBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	switch {
	case b.Type == nil:
		return nil, validation("type is required")
	case b.Active == nil:
		return nil, validation("active is required")
	case b.Name == nil:
		return nil, validation("name is required")
	case b.Group == nil:
		return nil, validation("group is required")
	case b.Rules == nil:
		return nil, validation("rules is required")
	}
	if *b.Group < 0 {
		return nil, validation("group must be a group id")
	}
	if !a.cfgGroupExists(*b.Group) {
		return nil, lerr(livechat.TypeGroupNotFound, "Group %d not found", *b.Group)
	}
	r := &cfgGreetingRow{group: *b.Group, props: "{}"}
	if err := a.cfgApplyGreeting(r, &b, true); err != nil {
		return nil, err
	}
	res, err := a.execRes(`INSERT INTO greetings(group_id, name, active, subtype, rules, properties, created_at, active_from, active_until, rich_message)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, r.group, r.name, b2i(r.active), r.subtype, r.rules, r.props, a.nowTS, r.from, r.till, r.rich)
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	return map[string]any{"id": id}, err
}

func updateGreetingCfg(a *act) (any, error) {
	var b cfgGreetingBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.ID == nil {
		return nil, validation("id is required")
	}
	r, err := a.cfgGreeting(*b.ID)
	if err != nil {
		return nil, err
	}
	if b.Rules == nil && a.has("rules") {
		return nil, validation("rules must hold 1 to %d rules", cfgMaxGreetingRules)
	}
	if err := a.cfgApplyGreeting(r, &b, false); err != nil {
		return nil, err
	}
	return nil, a.exec(`UPDATE greetings SET name = ?, active = ?, subtype = ?, rules = ?, properties = ?, active_from = ?, active_until = ?,
		rich_message = ? WHERE id = ?`, r.name, b2i(r.active), r.subtype, r.rules, r.props, r.from, r.till, r.rich, r.id)
}

// cfgApplyGreeting validates the members b sets and applies them to r:
// everything for create_greeting (whose required members are checked),
// only the members sent for update_greeting. Given properties are merged
// into the greeting's (REST v2 keeps its message text there); given rules
// and rich_message replace the old ones.
func (a *act) cfgApplyGreeting(r *cfgGreetingRow, b *cfgGreetingBody, create bool) error {
	if b.Type != nil {
		switch *b.Type {
		case "normal":
			r.subtype = ""
		case "announcement":
			r.subtype = "announcement"
		default:
			return validation("type must be normal or announcement")
		}
	}
	if b.Active != nil {
		r.active = *b.Active
	}
	if b.Name != nil {
		if strings.TrimSpace(*b.Name) == "" {
			return validation("name must not be empty")
		}
		r.name = *b.Name
	}
	for _, t := range []struct {
		field string
		v     *string
		into  *string
	}{{"active_from", b.ActiveFrom, &r.from}, {"active_until", b.ActiveUntil, &r.till}} {
		if t.v == nil {
			continue
		}
		// An empty value clears the bound on update_greeting [inferred].
		if *t.v != "" || create {
			if _, err := time.Parse(time.RFC3339, *t.v); err != nil {
				return validation("%s must be an RFC 3339 date-time", t.field)
			}
		}
		*t.into = *t.v
	}
	if r.from != "" && r.till != "" {
		from, _ := time.Parse(time.RFC3339, r.from)
		till, _ := time.Parse(time.RFC3339, r.till)
		if !till.After(from) {
			return validation("active_until must be later than active_from") // [inferred]
		}
	}
	if b.Rules != nil {
		rules, err := a.cfgGreetingRules(b.Rules)
		if err != nil {
			return err
		}
		r.rules = rules
	}
	if b.Properties != nil {
		props := map[string]string{}
		if err := json.Unmarshal([]byte(r.props), &props); err != nil {
			return fmt.Errorf("greeting %d: properties: %w", r.id, err)
		}
		for k, v := range b.Properties {
			if !containsStr(cfgGreetingProperties, k) {
				return validation("properties: unknown key %q (allowed: %s)", k, strings.Join(cfgGreetingProperties, ", "))
			}
			props[k] = v
		}
		r.props = mustJSON(props)
	}
	if b.RichMessage != nil {
		rich, err := a.cfgGreetingRichMessage(b.RichMessage)
		if err != nil {
			return err
		}
		r.rich = rich
	}
	return nil
}

// cfgGreetingRules validates rules and returns them in the stored form,
// each with a new id.
func (a *act) cfgGreetingRules(rules []cfgGreetingRule) (string, error) {
	if len(rules) == 0 || len(rules) > cfgMaxGreetingRules {
		return "", validation("rules must hold 1 to %d rules", cfgMaxGreetingRules)
	}
	out := make([]cfgStoredRule, 0, len(rules))
	for i, rule := range rules {
		s, err := cfgCheckGreetingRule(i, rule)
		if err != nil {
			return "", err
		}
		if s.ID, err = a.cfgNextRuleID(); err != nil {
			return "", err
		}
		out = append(out, s)
	}
	return mustJSON(out), nil
}

// cfgCheckGreetingRule validates rule i against the table of required
// parameters per rule type.
func cfgCheckGreetingRule(i int, rule cfgGreetingRule) (cfgStoredRule, error) {
	s := cfgStoredRule{Type: rule.Type, Operator: rule.Operator, Condition: rule.Condition}
	if rule.Condition != "and" && rule.Condition != "or" {
		return s, validation("rules[%d].condition must be and or or", i)
	}
	if !containsStr(cfgGreetingRuleTypes, rule.Type) {
		return s, validation("rules[%d].type must be one of %s", i, strings.Join(cfgGreetingRuleTypes, ", "))
	}
	if rule.Operator != "" && !containsStr(cfgGreetingOperators, rule.Operator) {
		return s, validation("rules[%d].operator must be one of %s", i, strings.Join(cfgGreetingOperators, ", "))
	}
	switch rule.Type {
	case "url_funnel":
		if len(rule.URLs) == 0 || len(rule.URLs) > cfgMaxFunnelURLs {
			return s, validation("rules[%d].urls must hold 1 to %d URLs", i, cfgMaxFunnelURLs)
		}
		for j, u := range rule.URLs {
			if u.URL == "" {
				return s, validation("rules[%d].urls[%d].url is required", i, j)
			}
			if !containsStr(cfgGreetingOperators, u.Operator) {
				return s, validation("rules[%d].urls[%d].operator must be one of %s", i, j, strings.Join(cfgGreetingOperators, ", "))
			}
		}
		s.URLs = rule.URLs
	case "custom_variable", "ads_traffic":
		if len(rule.SessionField) != 1 {
			return s, validation("rules[%d].session_field must hold exactly one key-value pair", i)
		}
		for k, v := range rule.SessionField {
			if rule.Type == "ads_traffic" && !containsStr(cfgAdsTrafficSources, k) {
				return s, validation("rules[%d].session_field key must be one of %s", i, strings.Join(cfgAdsTrafficSources, ", "))
			}
			if k == "" || len([]rune(k)) > cfgMaxSessionField || len([]rune(v)) > cfgMaxSessionField {
				return s, validation("rules[%d].session_field key and value must be 1 to %d characters", i, cfgMaxSessionField)
			}
			s.VariableName, s.VariableValue = k, v
		}
	default:
		if rule.Operator == "" {
			return s, validation("rules[%d].operator is required for type %s", i, rule.Type)
		}
		if rule.Value == "" {
			return s, validation("rules[%d].value is required for type %s", i, rule.Type)
		}
		switch rule.Type {
		case "visit_time_site", "visit_time_page":
			if n, err := strconv.Atoi(rule.Value); err != nil || n < 0 || n > cfgMaxVisitTime {
				return s, validation("rules[%d].value must be an integer between 0 and %d (seconds)", i, cfgMaxVisitTime)
			}
		case "pages_view_number", "visits_number":
			if n, err := strconv.Atoi(rule.Value); err != nil || n < 0 {
				return s, validation("rules[%d].value must be a non-negative integer", i) // [inferred]
			}
		}
		s.Value = rule.Value
	}
	return s, nil
}

// cfgNextRuleID draws a rule id from the counter REST v2 gives its rules
// (restv2_resources.go v2Rules), so ids stay unique across both APIs.
func (a *act) cfgNextRuleID() (int, error) {
	var seq int
	if err := a.queryRow(`SELECT COALESCE(MAX(CAST(value AS INTEGER)), 8000) + 10 FROM meta WHERE key = 'v2_rule_seq'`).Scan(&seq); err != nil {
		return 0, err
	}
	err := a.exec(`INSERT INTO meta(key, value) VALUES ('v2_rule_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, strconv.Itoa(seq))
	return seq + 1, err
}

// cfgGreetingRichMessage validates rm and returns the rich_message sent,
// every member kept, with a new button_id for each button sent without
// one ("automatically generated if not provided"; update_greeting keeps
// an id only when it is passed again).
func (a *act) cfgGreetingRichMessage(rm *cfgGreetingRich) (string, error) {
	if rm.TemplateID == nil || *rm.TemplateID == "" {
		return "", validation("rich_message.template_id is required")
	}
	if !containsStr(cfgRichTemplates, *rm.TemplateID) {
		return "", validation("rich_message.template_id must be one of %s", strings.Join(cfgRichTemplates, ", "))
	}
	if len(rm.Elements) > cfgMaxRichElements {
		return "", validation("rich_message.elements must hold at most %d elements", cfgMaxRichElements)
	}
	for i, e := range rm.Elements {
		if e.Image != nil && (e.Image.URL == nil || *e.Image.URL == "") {
			return "", validation("rich_message.elements[%d].image.url is required", i)
		}
		if len(e.Buttons) > cfgMaxRichButtons {
			return "", validation("rich_message.elements[%d].buttons must hold at most %d buttons", i, cfgMaxRichButtons)
		}
		for j, btn := range e.Buttons {
			if err := cfgCheckRichButton(i, j, btn); err != nil {
				return "", err
			}
		}
	}
	// The members as sent, to store them all.
	var raw struct {
		RichMessage map[string]any `json:"rich_message"`
	}
	dec := json.NewDecoder(strings.NewReader(string(a.payload)))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return "", validation("rich_message: %v", err)
	}
	elems, _ := raw.RichMessage["elements"].([]any)
	for _, e := range elems {
		em, _ := e.(map[string]any)
		buttons, _ := em["buttons"].([]any)
		for _, btn := range buttons {
			if bm, ok := btn.(map[string]any); ok {
				if id, _ := bm["button_id"].(string); id == "" {
					bm["button_id"] = uuid.NewString()
				}
			}
		}
	}
	return mustJSON(raw.RichMessage), nil
}

func cfgCheckRichButton(i, j int, btn cfgRichButton) error {
	f := "rich_message.elements[" + strconv.Itoa(i) + "].buttons[" + strconv.Itoa(j) + "]"
	for _, req := range []struct {
		name string
		v    *string
	}{{"text", btn.Text}, {"type", btn.Type}, {"value", btn.Value}, {"postback_id", btn.PostbackID}} {
		if req.v == nil || *req.v == "" {
			return validation("%s.%s is required", f, req.name)
		}
	}
	if !containsStr(cfgRichButtonTypes, *btn.Type) {
		return validation("%s.type must be one of %s", f, strings.Join(cfgRichButtonTypes, ", "))
	}
	if btn.Role != nil && !containsStr(cfgRichButtonRoles, *btn.Role) {
		return validation("%s.role must be one of %s", f, strings.Join(cfgRichButtonRoles, ", "))
	}
	return nil
}

func deleteGreetingCfg(a *act) (any, error) {
	r, err := a.cfgDecodeGreetingID()
	if err != nil {
		return nil, err
	}
	return nil, a.exec(`DELETE FROM greetings WHERE id = ?`, r.id)
}

func getGreetingCfg(a *act) (any, error) {
	r, err := a.cfgDecodeGreetingID()
	if err != nil {
		return nil, err
	}
	return r.json()
}

// listGreetingsCfg pages greetings by id. The first request may filter
// by groups and set limit (1–100, default 100); the next ones send only
// the page_id, which carries both.
func listGreetingsCfg(a *act) (any, error) {
	var req struct {
		Groups []int  `json:"groups"`
		PageID string `json:"page_id"`
		Limit  *int   `json:"limit"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	var st *pageState
	if req.PageID != "" {
		if req.Limit != nil || a.has("groups") {
			return nil, validation("page_id cannot be combined with groups or limit")
		}
		p, err := decodePage("list_greetings", req.PageID)
		if err != nil {
			return nil, err
		}
		if len(p.Filters) > 0 && json.Unmarshal(p.Filters, &req.Groups) != nil {
			return nil, validation("Invalid page_id")
		}
		st = p
	} else {
		st = &pageState{Action: "list_greetings", Dir: "next", Sort: "asc", Limit: cfgMaxGreetingsPage}
		if req.Limit != nil {
			if *req.Limit < 1 || *req.Limit > cfgMaxGreetingsPage {
				return nil, validation("limit must be between 1 and %d", cfgMaxGreetingsPage)
			}
			st.Limit = *req.Limit
		}
		if len(req.Groups) > 0 {
			st.Filters = json.RawMessage(mustJSON(req.Groups))
		}
	}
	where, args := "", []any{}
	if len(req.Groups) > 0 {
		where = "group_id IN (" + inList(len(req.Groups)) + ")"
		for _, g := range req.Groups {
			args = append(args, g)
		}
	}
	keys, next, _, err := a.pageKeys(st, "id", "greetings", where, args)
	if err != nil {
		return nil, err
	}
	found, err := a.countRows("greetings", where, args)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(keys))
	if len(keys) > 0 {
		ids := make([]any, len(keys))
		for i, k := range keys {
			ids[i] = k
		}
		rows, err := a.query(`SELECT `+cfgGreetingCols+` FROM greetings WHERE id IN (`+inList(len(ids))+`) ORDER BY id`, ids...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r cfgGreetingRow
			if err := r.scan(rows); err != nil {
				rows.Close()
				return nil, err
			}
			m, err := r.json()
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, m)
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
	}
	res := map[string]any{"greetings": out, "found_greetings": found}
	if next != "" {
		res["next_page_id"] = next
	}
	return res, nil
}
