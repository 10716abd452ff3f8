package emulator

// Configuration API: webhook management (protocol.md §5.3), channels and
// license / organization ids. Delivery is in webhooks.go.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/livechat-go/livechat"
)

func init() {
	register("configuration", "register_webhook", cfgH(registerWebhook, "webhooks.configuration:rw"))
	register("configuration", "list_webhooks", cfgH(listWebhooks, "webhooks.configuration:rw"))
	register("configuration", "unregister_webhook", cfgH(unregisterWebhook, "webhooks.configuration:rw"))
	register("configuration", "list_webhook_names", cfgH(listWebhookNames))
	for _, name := range []string{"enable_license_webhooks", "enable_license_webhook"} {
		register("configuration", name, cfgH(setLicenseWebhooks(true), "webhooks.state:rw"))
	}
	for _, name := range []string{"disable_license_webhooks", "disable_license_webhook"} {
		register("configuration", name, cfgH(setLicenseWebhooks(false), "webhooks.state:rw"))
	}
	register("configuration", "get_license_webhooks_state", cfgH(getLicenseWebhooksState, "webhooks.state:ro"))
	register("configuration", "list_channels", cfgH(listChannels))
	register("configuration", "get_license_id", cfgH(getLicenseID))
	register("configuration", "get_organization_id", cfgH(getOrganizationID))
}

const maxWebhooksPerAction = 3

var webhookAdditionalData = map[string]bool{"chat_properties": true, "chat_presence_user_ids": true}
var webhookSourceTypes = map[string]bool{"my_client": true, "other_clients": true, "system": true}

func registerWebhook(a *act) (any, error) {
	var req struct {
		Action         string          `json:"action"`
		SecretKey      string          `json:"secret_key"`
		URL            string          `json:"url"`
		OwnerClientID  string          `json:"owner_client_id"`
		Type           string          `json:"type"`
		Description    string          `json:"description"`
		AdditionalData []string        `json:"additional_data"`
		Filters        json.RawMessage `json:"filters"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	for k, v := range map[string]string{"action": req.Action, "secret_key": req.SecretKey, "url": req.URL,
		"owner_client_id": req.OwnerClientID, "type": req.Type} {
		if v == "" {
			return nil, validation("%s is required", k)
		}
	}
	if len(req.URL) > 500 {
		return nil, validation("url must be at most 500 characters")
	}
	if u, err := url.Parse(req.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, validation("url must be an absolute http(s) URL")
	}
	if req.Type != "license" && req.Type != "bot" {
		return nil, validation("type must be license or bot")
	}
	if !containsStr(livechat.WebhookActions(livechat.APIVersion(a.ver)), req.Action) {
		return nil, validation("Unknown webhook action %q in API %s", req.Action, a.ver)
	}
	for _, d := range req.AdditionalData {
		if !webhookAdditionalData[d] {
			return nil, validation("additional_data: unknown value %q", d)
		}
	}
	filters := "{}"
	if len(req.Filters) > 0 && string(req.Filters) != "null" {
		var f webhookFilters
		if err := json.Unmarshal(req.Filters, &f); err != nil {
			return nil, validation("filters: %v", err)
		}
		if f.AuthorType != "" {
			if f.AuthorType != "customer" && f.AuthorType != "agent" {
				return nil, validation("filters.author_type must be customer or agent")
			}
			if req.Action != "incoming_event" && req.Action != "event_updated" {
				return nil, validation("filters.author_type applies only to incoming_event and event_updated")
			}
		}
		for _, st := range f.SourceType {
			if !webhookSourceTypes[st] {
				return nil, validation("filters.source_type: unknown value %q", st)
			}
		}
		if cp := f.ChatPresence; cp != nil && cp.UserIDs != nil && len(cp.UserIDs.Values) > 0 && len(cp.UserIDs.ExcludeValues) > 0 {
			return nil, validation("filters.chat_presence.user_ids takes values or exclude_values, not both")
		}
		filters = string(req.Filters)
	}
	var n int
	if err := a.queryRow(`SELECT COUNT(*) FROM webhooks WHERE action = ? AND owner_client_id = ?`, req.Action, req.OwnerClientID).Scan(&n); err != nil {
		return nil, err
	}
	if n >= maxWebhooksPerAction {
		return nil, lerr(livechat.TypeLimitReached, "At most %d webhooks per action and client", maxWebhooksPerAction)
	}
	id := newWebhookID()
	if err := a.exec(`INSERT INTO webhooks(id, owner_client_id, type, action, url, secret_key, description, filters, additional_data, version, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, id, req.OwnerClientID, req.Type, req.Action, req.URL, req.SecretKey, req.Description,
		filters, cfgJsonStrs(req.AdditionalData), a.ver, a.nowTS); err != nil {
		return nil, err
	}
	if w := a.s.wh; w != nil {
		w.count.Add(1) // counted before commit: an overcount only costs a query
	}
	return map[string]any{"id": id}, nil
}

func listWebhooks(a *act) (any, error) {
	var req struct {
		OwnerClientID string `json:"owner_client_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.OwnerClientID == "" {
		return nil, validation("owner_client_id is required")
	}
	rows, err := a.query(`SELECT id, url, description, action, secret_key, filters, type, additional_data FROM webhooks
		WHERE owner_client_id = ? ORDER BY seq`, req.OwnerClientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		var id, u, desc, action, secret, filters, typ, add string
		if err := rows.Scan(&id, &u, &desc, &action, &secret, &filters, &typ, &add); err != nil {
			return nil, err
		}
		m := map[string]any{"id": id, "url": u, "action": action, "secret_key": secret, "filters": json.RawMessage(filters),
			"owner_client_id": req.OwnerClientID, "type": typ}
		if desc != "" {
			m["description"] = desc
		}
		if add != "[]" && add != "" {
			m["additional_data"] = json.RawMessage(add)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func unregisterWebhook(a *act) (any, error) {
	var req struct {
		ID            string `json:"id"`
		OwnerClientID string `json:"owner_client_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" || req.OwnerClientID == "" {
		return nil, validation("id and owner_client_id are required")
	}
	res, err := a.execRes(`DELETE FROM webhooks WHERE id = ? AND owner_client_id = ?`, req.ID, req.OwnerClientID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, lerr(livechat.TypeNotFound, "Webhook %s not found", req.ID)
	}
	if err := a.cancelDeliveries(req.ID); err != nil {
		return nil, err
	}
	if w := a.s.wh; w != nil {
		a.after = append(a.after, func() { w.count.Add(-1) })
	}
	return nil, nil
}

// webhookFilterNames lists the filters each action accepts [inferred from
// the filter descriptions of register_webhook].
func webhookFilterNames(action string) []string {
	chat := []string{"chat_presence", "only_my_chats", "source_type"}
	switch action {
	case "incoming_event", "event_updated":
		return append([]string{"author_type"}, chat...)
	case "routing_status_set":
		return []string{"agent_ids"}
	}
	if isChatWebhook(action) {
		return chat
	}
	return []string{}
}

func isChatWebhook(action string) bool {
	switch action {
	case "incoming_chat", "chat_deactivated", "chat_access_updated", "chat_transferred", "user_added_to_chat",
		"user_removed_from_chat", "incoming_event", "event_updated", "event_deleted", "incoming_rich_message_postback",
		"chat_properties_updated", "chat_properties_deleted", "thread_properties_updated", "thread_properties_deleted",
		"event_properties_updated", "event_properties_deleted", "thread_tagged", "thread_untagged", "events_marked_as_seen",
		"thread_summary_set":
		return true
	}
	return false
}

func listWebhookNames(a *act) (any, error) {
	var req struct {
		Version string `json:"version"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	v := req.Version
	if v == "" {
		v = a.ver
	}
	if !supportedVersion(v) {
		return nil, unsupportedVersion(v)
	}
	out := []any{}
	for _, action := range livechat.WebhookActions(livechat.APIVersion(v)) {
		m := map[string]any{"action": action, "filters": webhookFilterNames(action)}
		if isChatWebhook(action) {
			m["additional_data"] = []string{"chat_properties", "chat_presence_user_ids"}
		}
		out = append(out, m)
	}
	return out, nil
}

func cfgOwnerOrDefault(a *act) (string, error) {
	var req struct {
		OwnerClientID string `json:"owner_client_id"`
	}
	if err := a.decode(&req); err != nil {
		return "", err
	}
	if req.OwnerClientID == "" {
		return a.requesterClientID(), nil
	}
	return req.OwnerClientID, nil
}

func setLicenseWebhooks(on bool) func(*act) (any, error) {
	return func(a *act) (any, error) {
		owner, err := cfgOwnerOrDefault(a)
		if err != nil {
			return nil, err
		}
		return nil, a.exec(`INSERT OR REPLACE INTO webhook_state(owner_client_id, enabled) VALUES (?, ?)`, owner, b2i(on))
	}
}

func getLicenseWebhooksState(a *act) (any, error) {
	owner, err := cfgOwnerOrDefault(a)
	if err != nil {
		return nil, err
	}
	var en int
	_ = a.queryRow(`SELECT enabled FROM webhook_state WHERE owner_client_id = ?`, owner).Scan(&en)
	return map[string]any{"license_webhooks_enabled": en == 1}, nil
}

func listChannels(a *act) (any, error) {
	var created string
	_ = a.queryRow(`SELECT value FROM meta WHERE key = 'created_at'`).Scan(&created)
	return []any{map[string]any{"channel_type": "code", "channel_subtype": "", "first_activity_timestamp": created}}, nil
}

func getLicenseID(a *act) (any, error) {
	var req struct {
		OrganizationID string `json:"organization_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.OrganizationID != "" && req.OrganizationID != a.s.creds.OrganizationID {
		return nil, lerr(livechat.TypeLicenseNotFound, "No license for organization %s", req.OrganizationID)
	}
	lic, _ := strconv.ParseInt(a.s.creds.LicenseID, 10, 64)
	return map[string]any{"license_id": lic}, nil
}

func getOrganizationID(a *act) (any, error) {
	var req struct {
		LicenseID json.RawMessage `json:"license_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if len(req.LicenseID) > 0 {
		var n json.Number
		var s string
		got := ""
		if json.Unmarshal(req.LicenseID, &n) == nil {
			got = n.String()
		} else if json.Unmarshal(req.LicenseID, &s) == nil {
			got = s
		}
		if got != a.s.creds.LicenseID {
			return nil, lerr(livechat.TypeLicenseNotFound, "Unknown license %s", got)
		}
	}
	return map[string]any{"organization_id": a.s.creds.OrganizationID}, nil
}

// configGETActions may also be called with GET and query parameters (API 3.4 style).
var configGETActions = map[string]bool{"get_license_id": true, "get_organization_id": true}

// serveConfigGET runs a GET configuration action with its query as payload.
func (s *Server) serveConfigGET(w http.ResponseWriter, r *http.Request, version, action string) {
	id, e := s.authenticate(r.Context(), r.Header.Get("Authorization"))
	if e != nil {
		writeError(w, e, version)
		return
	}
	p := map[string]any{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	body, _ := json.Marshal(p)
	res, e := s.dispatch(r.Context(), &call{api: "configuration", version: version, action: action, payload: body, id: id, via: viaWeb})
	if e != nil {
		writeError(w, e, version)
		return
	}
	setLifecycle(w, version)
	writeJSON(w, http.StatusOK, res)
}

func init() {
	register("configuration", "check_product_limits_for_plan", cfgH(checkProductLimits))
	register("configuration", "get_product_source", cfgH(getProductSource))
}

// checkProductLimits: the emulated license is on the enterprise plan and
// holds nothing beyond any plan's limits, so no resource is reported.
func checkProductLimits(a *act) (any, error) {
	var req struct {
		Plan string `json:"plan"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	switch req.Plan {
	case "starter", "team", "enterprise", "enterpriseplus":
	default:
		return nil, validation("plan must be starter, team, enterprise or enterpriseplus")
	}
	return []any{}, nil
}

func getProductSource(a *act) (any, error) {
	return map[string]any{"source_id": a.s.creds.LicenseID, "source_type": "emulator", "source_url": a.s.URL()}, nil
}
