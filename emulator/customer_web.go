package emulator

// Customer Chat API: customers, statuses, forms, greetings and the GET
// methods (list_license_properties, list_group_properties,
// get_dynamic_configuration, get_configuration, get_localization).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/livechat-go/livechat"
)

// applyCustomerFields stores the given fields of the acting customer and
// tells agents (and the customer's own sessions) with customer_updated.
func (a *act) applyCustomerFields(f customerFields, requireOne bool) error {
	if f.Name == nil && f.Email == nil && f.Avatar == nil && f.SessionFields == nil {
		if requireOne {
			return validation("at least one of name, email, avatar, session_fields is required")
		}
		return nil
	}
	if err := f.validate(); err != nil {
		return err
	}
	changed := map[string]any{"id": a.id.ID}
	set := func(col string, v any) error {
		return a.exec(`UPDATE customers SET `+col+` = ? WHERE id = ?`, v, a.id.ID)
	}
	if f.Name != nil {
		if len(*f.Name) > 512 {
			return validation("name: at most 512 characters")
		}
		changed["name"] = *f.Name
		if err := set("name", *f.Name); err != nil {
			return err
		}
	}
	if f.Email != nil {
		changed["email"] = *f.Email
		if err := set("email", *f.Email); err != nil {
			return err
		}
	}
	if f.Avatar != nil {
		changed["avatar"] = *f.Avatar
		if err := set("avatar", *f.Avatar); err != nil {
			return err
		}
	}
	if f.SessionFields != nil {
		sf := string(*f.SessionFields)
		if sf == "null" {
			sf = "[]"
		}
		changed["session_fields"] = json.RawMessage(sf)
		if err := set("session_fields", sf); err != nil {
			return err
		}
	}
	a.pushAll("customer_updated", changed)
	return nil
}

func customerUpdate(a *act) (any, error) {
	var f customerFields
	if err := a.decode(&f); err != nil {
		return nil, err
	}
	return nil, a.applyCustomerFields(f, true)
}

func setSessionFields(a *act) (any, error) {
	var req struct {
		SessionFields *json.RawMessage `json:"session_fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.SessionFields == nil || string(*req.SessionFields) == "null" {
		return nil, validation("session_fields is required")
	}
	return nil, a.applyCustomerFields(customerFields{SessionFields: req.SessionFields}, true)
}

func customerGet(a *act) (any, error) {
	cj, err := a.customerJSON(a.id.ID, false)
	if err != nil {
		return nil, err
	}
	if v, err := a.visitJSON(); err != nil {
		return nil, err
	} else if v != nil {
		cj["visit"] = v
	}
	return cj, nil
}

// visitJSON renders the customer's current visit (nil before any login).
func (a *act) visitJSON() (map[string]any, error) {
	var started, ref, pages string
	err := a.queryRow(`SELECT started_at, referrer, last_pages FROM customer_visits WHERE customer_id = ?`, a.id.ID).Scan(&started, &ref, &pages)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"started_at": started, "referrer": ref, "last_pages": json.RawMessage(pages)}, nil
}

// setCustomerPage records the page the customer is on and tells agents.
func (a *act) setCustomerPage(u, title string, requireVisit bool) error {
	var visit int64
	var pages string
	err := a.queryRow(`SELECT visit_id, last_pages FROM customer_visits WHERE customer_id = ?`, a.id.ID).Scan(&visit, &pages)
	if errors.Is(err, sql.ErrNoRows) {
		if requireVisit {
			return validation("log in before update_customer_page")
		}
		return nil
	}
	if err != nil {
		return err
	}
	var list []map[string]string
	_ = json.Unmarshal([]byte(pages), &list)
	list = append(list, map[string]string{"opened_at": a.nowTS, "url": u, "title": title})
	if len(list) > 20 {
		list = list[len(list)-20:]
	}
	if err := a.exec(`UPDATE customer_visits SET page_url = ?, page_title = ?, page_opened_at = ?, last_pages = ?, page_views = page_views + 1 WHERE customer_id = ?`,
		u, title, a.nowTS, mustJSON(list), a.id.ID); err != nil {
		return err
	}
	a.pushAll("customer_page_updated", map[string]any{"customer_id": a.id.ID, "visit_id": visit, "opened_at": a.nowTS, "url": u, "title": title})
	return nil
}

func updateCustomerPage(a *act) (any, error) {
	var req struct {
		URL   string `json:"url"`
		Title string `json:"title"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.URL == "" {
		return nil, validation("url is required")
	}
	if err := checkURL("url", req.URL); err != nil {
		return nil, err
	}
	return nil, a.setCustomerPage(req.URL, req.Title, true)
}

// groupStatus is online (an agent can take a chat now), online_for_queue
// (accepting agents, all busy) or offline.
func (a *act) groupStatus(g int) (string, error) {
	ag, accepting, err := a.pickAgent([]int{g}, nil)
	switch {
	case err != nil:
		return "", err
	case ag != "":
		return "online", nil
	case accepting != "":
		return "online_for_queue", nil
	}
	return "offline", nil
}

func (a *act) allGroups() ([]int, error) {
	return scanColumn[int](a, `SELECT id FROM groups ORDER BY id`) // sqlscan.go
}

// onlineGroups lists the groups whose status is online.
func (a *act) onlineGroups() ([]int, error) {
	gs, err := a.allGroups()
	if err != nil {
		return nil, err
	}
	out := []int{}
	for _, g := range gs {
		st, err := a.groupStatus(g)
		if err != nil {
			return nil, err
		}
		if st == "online" {
			out = append(out, g)
		}
	}
	return out, nil
}

func listGroupStatuses(a *act) (any, error) {
	var req struct {
		All      bool  `json:"all"`
		GroupIDs []int `json:"group_ids"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.All == (len(req.GroupIDs) > 0) {
		return nil, validation("pass either all: true or group_ids")
	}
	ids := req.GroupIDs
	if req.All {
		var err error
		if ids, err = a.allGroups(); err != nil {
			return nil, err
		}
	} else {
		if len(ids) > 200 {
			return nil, validation("group_ids: at most 200")
		}
		ids = uniqueInts(ids)
		if err := a.checkGroups(ids); err != nil {
			return nil, err
		}
	}
	out := map[string]string{}
	for _, g := range ids {
		st, err := a.groupStatus(g)
		if err != nil {
			return nil, err
		}
		out[strconv.Itoa(g)] = st
	}
	return map[string]any{"groups_status": out}, nil
}

// Forms: the emulator's groups have a prechat form with a name and an
// e-mail field; postchat and ask_for_email forms are disabled [inferred].
func getForm(a *act) (any, error) {
	var req struct {
		GroupID *int   `json:"group_id"`
		Type    string `json:"type"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.GroupID == nil || req.Type == "" {
		return nil, validation("group_id and type are required")
	}
	if err := a.checkGroups([]int{*req.GroupID}); err != nil {
		return nil, err
	}
	switch req.Type {
	case "prechat":
		return map[string]any{"enabled": true, "form": map[string]any{
			"id": "prechat-" + strconv.Itoa(*req.GroupID), "fields": []any{
				map[string]any{"id": "1", "type": "header", "label": "Welcome! Tell us who you are."},
				map[string]any{"id": "2", "type": "name", "label": "Name:", "required": false},
				map[string]any{"id": "3", "type": "email", "label": "E-mail:", "required": false},
			}}}, nil
	case "postchat", "ask_for_email":
		return map[string]any{"enabled": false}, nil
	}
	return nil, validation("type must be prechat, postchat or ask_for_email")
}

func getPredictedAgent(a *act) (any, error) {
	var req struct {
		GroupID *int `json:"group_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	g := 0
	if req.GroupID != nil {
		if err := a.checkGroups([]int{*req.GroupID}); err != nil {
			return nil, err
		}
		g = *req.GroupID
	}
	ag, first, err := a.pickAgent([]int{g}, nil)
	if err != nil {
		return nil, err
	}
	queue := false
	if ag == "" {
		if first == "" {
			return nil, lerr(livechat.TypeGroupOffline, "No agent of group %d is accepting chats", g)
		}
		// The accepting agent who frees a slot first is unknown; name the
		// one the router would pick were everybody free (priority, then
		// the fewest active chats).
		queue, ag = true, first
	}
	var name, avatar, job string
	var isBot int
	if err := a.queryRow(`SELECT name, avatar, job_title, is_bot FROM agents WHERE id = ?`, ag).Scan(&name, &avatar, &job, &isBot); err != nil {
		return nil, err
	}
	return map[string]any{"agent": map[string]any{"id": ag, "name": name, "avatar": avatar, "job_title": job,
		"is_bot": isBot == 1, "type": "agent"}, "queue": queue}, nil
}

// getURLInfo describes a URL; the emulator is offline, so it reports
// what the URL itself tells [inferred].
func getURLInfo(a *act) (any, error) {
	var req struct {
		URL string `json:"url"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.URL == "" {
		return nil, validation("url is required")
	}
	if err := checkURL("url", req.URL); err != nil {
		return nil, err
	}
	u, err := url.Parse(req.URL)
	if err != nil || u.Host == "" {
		return nil, validation("url must be an absolute http(s) URL")
	}
	return map[string]any{"url": req.URL, "title": u.Host, "description": strings.Trim(u.Path, "/")}, nil
}

func checkGoals(a *act) (any, error) {
	var req struct {
		SessionFields json.RawMessage `json:"session_fields"`
		GroupID       *int            `json:"group_id"`
		PageURL       string          `json:"page_url"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.PageURL == "" {
		return nil, validation("page_url is required")
	}
	if err := checkURL("page_url", req.PageURL); err != nil {
		return nil, err
	}
	if req.GroupID != nil {
		if err := a.checkGroups([]int{*req.GroupID}); err != nil {
			return nil, err
		}
	}
	if len(req.SessionFields) > 0 && string(req.SessionFields) != "null" {
		var sf []map[string]string
		if json.Unmarshal(req.SessionFields, &sf) != nil {
			return nil, validation("session_fields must be a list of {key: value} objects")
		}
	}
	return nil, nil // no goals are configured in the emulator
}

func requestEmailVerification(a *act) (any, error) {
	var req struct {
		CallbackURI string `json:"callback_uri"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.CallbackURI == "" {
		return nil, validation("callback_uri is required")
	}
	if err := checkURL("callback_uri", req.CallbackURI); err != nil {
		return nil, err
	}
	var email string
	if err := a.queryRow(`SELECT email FROM customers WHERE id = ?`, a.id.ID).Scan(&email); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if email == "" {
		return nil, validation("the customer has no e-mail address")
	}
	return nil, nil
}

// ---- greetings ----

// Greeting describes a greeting shown with SendGreeting.
type Greeting struct {
	// ID is the configured greeting's id (default 1).
	ID int
	// AgentID is the agent it comes from (default: the seeded owner).
	AgentID string
	// Text is the message.
	Text string
}

// SendGreeting shows a greeting to a customer (incoming_greeting on the
// customer's RTM sessions) and returns its unique_id, which the customer
// accepts or cancels with accept_greeting / cancel_greeting — a Go-side
// stand-in for the targeted messages of the LiveChat app.
func (s *Server) SendGreeting(ctx context.Context, customerID string, g Greeting) (string, error) {
	if g.ID == 0 {
		g.ID = 1
	}
	if g.AgentID == "" {
		g.AgentID = s.creds.Owner.ID
	}
	if g.Text == "" {
		g.Text = "Hello! How can I help you?"
	}
	uid := strings.ReplaceAll(uuid.NewString(), "-", "")
	now := nowStamp(time.Now())
	ev := map[string]any{"id": uid + "_1", "type": "message", "text": g.Text, "created_at": now, "visibility": "all", "author_id": g.AgentID}
	var payload map[string]any
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers WHERE id = ?`, customerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errors.New("emulator: SendGreeting: no such customer")
		}
		var name, avatar, job string
		var isBot int
		err := tx.QueryRowContext(ctx, `SELECT name, avatar, job_title, is_bot FROM agents WHERE id = ?`, g.AgentID).Scan(&name, &avatar, &job, &isBot)
		if errors.Is(err, sql.ErrNoRows) {
			return errors.New("emulator: SendGreeting: no such agent")
		}
		if err != nil {
			return err
		}
		payload = map[string]any{"id": g.ID, "unique_id": uid, "displayed_first_time": true, "accepted": false, "event": ev,
			"agent": map[string]any{"id": g.AgentID, "name": name, "avatar": avatar, "job_title": job, "is_bot": isBot == 1, "type": "agent"}}
		_, err = tx.ExecContext(ctx, `INSERT INTO customer_greetings(unique_id, greeting_id, customer_id, agent_id, event, created_at) VALUES (?,?,?,?,?,?)`,
			uid, g.ID, customerID, g.AgentID, mustJSON(payload), now)
		return err
	})
	if err != nil {
		return "", err
	}
	s.hub.deliver(&outPush{action: "incoming_greeting", payload: payload, agents: []string{customerID}})
	return uid, nil
}

// pendingGreeting returns the customer's latest greeting not yet answered.
func (a *act) pendingGreeting() (json.RawMessage, error) {
	var body string
	err := a.queryRow(`SELECT event FROM customer_greetings WHERE customer_id = ? AND status = 'shown' ORDER BY created_at DESC LIMIT 1`, a.id.ID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return json.RawMessage(body), err
}

func (a *act) answerGreeting(uniqueID string, greetingID *int, status, push string) error {
	if uniqueID == "" {
		return validation("unique_id is required")
	}
	var gid int
	var st string
	err := a.queryRow(`SELECT greeting_id, status FROM customer_greetings WHERE unique_id = ? AND customer_id = ?`, uniqueID, a.id.ID).Scan(&gid, &st)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (st != "shown" || (greetingID != nil && *greetingID != gid))) {
		return lerr(livechat.TypeGreetingNotFound, "")
	}
	if err != nil {
		return err
	}
	if status != "" {
		if err := a.exec(`UPDATE customer_greetings SET status = ? WHERE unique_id = ?`, status, uniqueID); err != nil {
			return err
		}
	}
	if push != "" {
		a.push(push, map[string]any{"unique_id": uniqueID}, a.id.ID)
	}
	return nil
}

func acceptGreeting(a *act) (any, error) {
	var req struct {
		GreetingID *int   `json:"greeting_id"`
		UniqueID   string `json:"unique_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.GreetingID == nil {
		return nil, validation("greeting_id and unique_id are required")
	}
	return nil, a.answerGreeting(req.UniqueID, req.GreetingID, "accepted", "greeting_accepted")
}

func cancelGreeting(a *act) (any, error) {
	var req struct {
		UniqueID string `json:"unique_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	return nil, a.answerGreeting(req.UniqueID, nil, "canceled", "greeting_canceled")
}

func greetingButtonClicked(a *act) (any, error) {
	var req struct {
		GreetingUniqueID string `json:"greeting_unique_id"`
		ButtonID         string `json:"button_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ButtonID == "" {
		return nil, validation("greeting_unique_id and button_id are required")
	}
	return nil, a.answerGreeting(req.GreetingUniqueID, nil, "", "")
}

// ---- GET methods ----

// customerGETActions are answered on GET with query-string parameters;
// the two property listings need no token.
var customerGETActions = map[string]bool{
	"list_license_properties": true, "list_group_properties": true,
	"get_dynamic_configuration": true, "get_configuration": true, "get_localization": true,
}

// Query parameters that are numbers or booleans on the wire.
var customerGETTypes = map[string]string{"group_id": "int", "id": "int", "test": "bool"}

func (s *Server) serveCustomerGET(w http.ResponseWriter, r *http.Request, version, action string) {
	if org := r.URL.Query().Get("organization_id"); org != s.creds.OrganizationID {
		writeError(w, validation("The organization_id query parameter is required and must name this organization"), version)
		return
	}
	var id *Identity
	if h := r.Header.Get("Authorization"); h != "" || (action != "list_license_properties" && action != "list_group_properties") {
		var e *livechat.Error
		if id, e = s.authenticate(r.Context(), h); e != nil {
			writeError(w, e, version)
			return
		}
	} else {
		id = &Identity{Kind: "customer"} // anonymous
	}
	payload := map[string]any{}
	for k, vals := range r.URL.Query() {
		if k == "organization_id" || len(vals) == 0 {
			continue
		}
		v := vals[0]
		switch customerGETTypes[k] {
		case "int":
			n, err := strconv.Atoi(v)
			if err != nil {
				writeError(w, validation("%s must be a number", k), version)
				return
			}
			payload[k] = n
		case "bool":
			b, err := strconv.ParseBool(v)
			if err != nil {
				writeError(w, validation("%s must be true or false", k), version)
				return
			}
			payload[k] = b
		default:
			payload[k] = v
		}
	}
	body, _ := json.Marshal(payload)
	res, e := s.dispatch(r.Context(), &call{api: "customer", version: version, action: action, payload: body, id: id, via: viaWeb})
	if e != nil {
		writeError(w, e, version)
		return
	}
	setLifecycle(w, version)
	writeJSON(w, http.StatusOK, res)
}

// readPropsTable reads {namespace: {name: value}} rows, optionally narrowed.
func (a *act) readPropsTable(q string, ns, name string, args ...any) (map[string]map[string]json.RawMessage, error) {
	rows, err := a.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]json.RawMessage{}
	for rows.Next() {
		var n, k, v string
		if err := rows.Scan(&n, &k, &v); err != nil {
			return nil, err
		}
		if (ns != "" && n != ns) || (name != "" && k != name) || !json.Valid([]byte(v)) {
			continue
		}
		if out[n] == nil {
			out[n] = map[string]json.RawMessage{}
		}
		out[n][k] = json.RawMessage(v)
	}
	return out, rows.Err()
}

type propsQuery struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	ID        *int   `json:"id"`
}

func listLicenseProperties(a *act) (any, error) {
	var req propsQuery
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	return a.readPropsTable(`SELECT namespace, name, value FROM cfg_license_properties ORDER BY namespace, name`, req.Namespace, req.Name)
}

func listGroupProperties(a *act) (any, error) {
	var req propsQuery
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == nil {
		return nil, validation("id (the group id) is required")
	}
	if err := a.checkGroups([]int{*req.ID}); err != nil {
		return nil, err
	}
	return a.readPropsTable(`SELECT namespace, name, value FROM cfg_group_properties WHERE group_id = ? ORDER BY namespace, name`, req.Namespace, req.Name, *req.ID)
}

// configVersion is a stable version string of the group's widget setup.
func configVersion(g int) string { return "emulator." + strconv.Itoa(g) + ".1" }

func getDynamicConfiguration(a *act) (any, error) {
	var req struct {
		GroupID     *int   `json:"group_id"`
		URL         string `json:"url"`
		ChannelType string `json:"channel_type"`
		Test        bool   `json:"test"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	g := 0
	if req.GroupID != nil {
		if err := a.checkGroups([]int{*req.GroupID}); err != nil {
			return nil, err
		}
		g = *req.GroupID
	}
	if req.URL != "" {
		if err := checkURL("url", req.URL); err != nil {
			return nil, err
		}
	}
	online, err := a.onlineGroups()
	if err != nil {
		return nil, err
	}
	var lang string
	if err := a.queryRow(`SELECT language_code FROM groups WHERE id = ?`, g).Scan(&lang); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	lc := map[string]any{"group_id": g, "client_limit_exceeded": false, "domain_allowed": true,
		"online_group_ids": online, "config_version": configVersion(g), "localization_version": configVersion(g), "language": lang}
	if a.ver < "3.6" {
		lc["organization_id"] = a.s.creds.OrganizationID
		return lc, nil
	}
	return map[string]any{"organization_id": a.s.creds.OrganizationID, "livechat_active": true,
		"default_widget": "livechat", "livechat": lc}, nil
}

func getConfiguration(a *act) (any, error) {
	var req struct {
		GroupID *int   `json:"group_id"`
		Version string `json:"version"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.GroupID == nil || req.Version == "" {
		return nil, validation("group_id and version are required")
	}
	if err := a.checkGroups([]int{*req.GroupID}); err != nil {
		return nil, err
	}
	gp, err := a.readPropsTable(`SELECT namespace, name, value FROM cfg_group_properties WHERE group_id = ? ORDER BY namespace, name`, "", "", *req.GroupID)
	if err != nil {
		return nil, err
	}
	lp, err := a.readPropsTable(`SELECT namespace, name, value FROM cfg_license_properties ORDER BY namespace, name`, "", "")
	if err != nil {
		return nil, err
	}
	form, err := getForm(&act{ctx: a.ctx, s: a.s, tx: a.tx, c: a.c, id: a.id, ver: a.ver, now: a.now, nowTS: a.nowTS, txst: a.txst,
		payload: json.RawMessage(`{"group_id":` + strconv.Itoa(*req.GroupID) + `,"type":"prechat"}`)})
	if err != nil {
		return nil, err
	}
	out := map[string]any{"buttons": []any{}, "integrations": map[string]any{},
		"properties": map[string]any{"group": gp, "license": lp}}
	if f, ok := form.(map[string]any); ok {
		out["prechat_form"] = f["form"]
	}
	return out, nil
}

// localization holds the widget phrases the emulator knows.
var localization = map[string]map[string]string{
	"en": {"Agents_currently_not_available": "Our agents are not available right now.", "Chat_now": "Chat now",
		"Embedded_chat_now": "Chat now", "Embedded_leave_message": "Leave a message", "Welcome_title": "Welcome to our chat!"},
	"pl": {"Agents_currently_not_available": "Nasi konsultanci są niedostępni.", "Chat_now": "Rozpocznij czat",
		"Embedded_chat_now": "Rozpocznij czat", "Embedded_leave_message": "Zostaw wiadomość", "Welcome_title": "Witaj na czacie!"},
}

func getLocalization(a *act) (any, error) {
	var req struct {
		GroupID  *int   `json:"group_id"`
		Language string `json:"language"`
		Version  string `json:"version"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.GroupID == nil || req.Language == "" || req.Version == "" {
		return nil, validation("group_id, language and version are required")
	}
	if err := a.checkGroups([]int{*req.GroupID}); err != nil {
		return nil, err
	}
	phrases, ok := localization[strings.ToLower(req.Language)]
	if !ok {
		phrases = localization["en"]
	}
	keys := make([]string, 0, len(phrases))
	for k := range phrases {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		out[k] = phrases[k]
	}
	return out, nil
}
