package emulator

// Configuration API 3.6, "Other": reactivate_email and
// update_company_details, documented in
// src/pages/management/configuration-api/index.mdx (# Other).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

func init() {
	register("configuration", "reactivate_email", cfgH36(reactivateEmailCfg, "agents--all:rw"))
	register("configuration", "update_company_details", cfgH36(updateCompanyDetailsCfg, "organization--my:rw"))
}

// cfgH36 is cfgH for an action the Configuration API has since 3.6.
func cfgH36(fn func(*act) (any, error), scopes ...string) *handler {
	h := cfgH(fn, scopes...)
	h.minVer = "3.6"
	return h
}

// reactivateEmailCfg "reactivates email if it has been bounced". The
// emulator sends no e-mail, so no address ever bounces: the action checks
// that agent_id names an agent (not a bot) and changes nothing.
func reactivateEmailCfg(a *act) (any, error) {
	var req struct {
		AgentID string `json:"agent_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.AgentID == "" {
		return nil, validation("agent_id is required")
	}
	return nil, a.cfgAgentExists(req.AgentID, false)
}

// cfgCompanyDetailsKey is the meta key holding the license's company
// details (a JSON object of strings).
const cfgCompanyDetailsKey = "company_details"

// cfgCompanyFields are the documented string fields of update_company_details.
var cfgCompanyFields = []string{"audience", "chat_purpose", "city", "company", "company_size", "country", "invoice_email",
	"invoice_name", "nip", "postal_code", "state", "street", "phone", "province", "url"}

// updateCompanyDetailsCfg merges the fields sent into the stored company
// details (only set fields change). enrich ("fill empty fields by
// searching for the company's domain") has nothing to search in the
// emulator and is only type-checked.
func updateCompanyDetailsCfg(a *act) (any, error) {
	var req map[string]json.RawMessage
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	var enrich *bool
	if raw, ok := req["enrich"]; ok {
		if err := json.Unmarshal(raw, &enrich); err != nil {
			return nil, validation("Field %q has a wrong type: expected bool", "enrich")
		}
	}
	details, err := a.cfgCompanyDetails()
	if err != nil {
		return nil, err
	}
	n := 0
	for _, f := range cfgCompanyFields {
		raw, ok := req[f]
		if !ok || string(raw) == "null" {
			continue
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, validation("Field %q has a wrong type: expected string", f)
		}
		details[f] = v
		n++
	}
	if n == 0 && enrich == nil {
		// [inferred] every field is optional, but an update needs one (the SDK checks the same).
		return nil, validation("at least one company detail is required")
	}
	return nil, a.exec(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
		cfgCompanyDetailsKey, mustJSON(details))
}

// cfgCompanyDetails returns the stored company details (empty when none).
func (a *act) cfgCompanyDetails() (map[string]string, error) {
	var raw string
	err := a.queryRow(`SELECT value FROM meta WHERE key = ?`, cfgCompanyDetailsKey).Scan(&raw)
	return decodeCompanyDetails(raw, err)
}

func decodeCompanyDetails(raw string, err error) (map[string]string, error) {
	out := map[string]string{}
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	return out, json.Unmarshal([]byte(raw), &out)
}

// CompanyDetails returns the license's company details as
// update_company_details stored them (field name → value; empty before
// the first update). No documented action reads them back.
func (s *Server) CompanyDetails(ctx context.Context) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var raw string
	err := s.db.SQL().QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, cfgCompanyDetailsKey).Scan(&raw)
	return decodeCompanyDetails(raw, err)
}
