package emulator

// Configuration API: property registry, license and group properties.

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/livechat-go/livechat"
)

func init() {
	register("configuration", "register_property", cfgH(registerProperty, "properties.configuration:rw"))
	register("configuration", "unregister_property", cfgH(unregisterProperty, "properties.configuration:rw"))
	register("configuration", "publish_property", cfgH(publishProperty, "properties.configuration:rw"))
	register("configuration", "list_properties", cfgH(listProperties, "properties.configuration:rw"))
	register("configuration", "update_license_properties", cfgH(updateLicenseProps, "properties.license.value--my:rw", "properties.license.value--all:rw"))
	register("configuration", "list_license_properties", cfgH(listLicenseProps))
	register("configuration", "delete_license_properties", cfgH(deleteLicenseProps, "properties.license.value--my:rw", "properties.license.value--all:rw"))
	register("configuration", "update_group_properties", cfgH(updateGroupProps, "properties.group.value--my:rw", "properties.group.value--all:rw"))
	register("configuration", "list_groups_properties", cfgH(listGroupsProps))
	register("configuration", "delete_group_properties", cfgH(deleteGroupProps, "properties.group.value--my:rw", "properties.group.value--all:rw"))
}

var cfgPropertyTypes = map[string]bool{"int": true, "string": true, "bool": true, "tokenized_string": true}
var cfgPropertyLocations = map[string]bool{"chat": true, "thread": true, "event": true, "license": true, "group": true}

func registerProperty(a *act) (any, error) {
	var req struct {
		Name          string                         `json:"name"`
		OwnerClientID string                         `json:"owner_client_id"`
		Type          string                         `json:"type"`
		Access        map[string]map[string][]string `json:"access"`
		Description   string                         `json:"description"`
		Domain        json.RawMessage                `json:"domain"`
		Range         *struct{ From, To *int }       `json:"range"`
		DefaultValue  json.RawMessage                `json:"default_value"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Name == "" || req.OwnerClientID == "" {
		return nil, validation("name and owner_client_id are required")
	}
	if !cfgPropertyTypes[req.Type] {
		return nil, validation("type must be int, string, bool or tokenized_string")
	}
	if len(req.Access) == 0 {
		return nil, validation("access is required")
	}
	for loc, who := range req.Access {
		if !cfgPropertyLocations[loc] {
			return nil, validation("access: unknown location %q", loc)
		}
		for w, perms := range who {
			if w != "agent" && w != "customer" {
				return nil, validation("access.%s: unknown user type %q", loc, w)
			}
			for _, p := range perms {
				if p != "read" && p != "write" {
					return nil, validation("access.%s.%s: %q is neither read nor write", loc, w, p)
				}
			}
		}
	}
	if len(req.Domain) > 0 && req.Range != nil {
		return nil, validation("domain and range exclude each other")
	}
	var n int
	if err := a.queryRow(`SELECT COUNT(*) FROM cfg_properties WHERE owner_client_id = ? AND name = ?`, req.OwnerClientID, req.Name).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, lerr(livechat.TypeAlreadyExists, "Property %s already exists", req.Name)
	}
	rng := ""
	if req.Range != nil {
		if req.Range.From == nil || req.Range.To == nil || *req.Range.From > *req.Range.To {
			return nil, validation("range needs from ≤ to")
		}
		rng = mustJSON(map[string]int{"from": *req.Range.From, "to": *req.Range.To})
	}
	if err := a.exec(`INSERT INTO cfg_properties(owner_client_id, name, type, description, access, domain, range_json, default_value) VALUES (?,?,?,?,?,?,?,?)`,
		req.OwnerClientID, req.Name, req.Type, req.Description, mustJSON(req.Access), cfgRawOrEmpty(req.Domain), rng, cfgRawOrEmpty(req.DefaultValue)); err != nil {
		return nil, err
	}
	return nil, nil
}

type cfgPropReq struct {
	Name          string   `json:"name"`
	OwnerClientID string   `json:"owner_client_id"`
	AccessType    []string `json:"access_type"`
}

func (a *act) cfgPropertyPublic(r *cfgPropReq) (string, error) {
	if r.Name == "" || r.OwnerClientID == "" {
		return "", validation("name and owner_client_id are required")
	}
	var pub string
	err := a.queryRow(`SELECT public_access FROM cfg_properties WHERE owner_client_id = ? AND name = ?`, r.OwnerClientID, r.Name).Scan(&pub)
	if err != nil {
		return "", lerr(livechat.TypeNotFound, "Property %s not found", r.Name)
	}
	return pub, nil
}

func unregisterProperty(a *act) (any, error) {
	var r cfgPropReq
	if err := a.decode(&r); err != nil {
		return nil, err
	}
	pub, err := a.cfgPropertyPublic(&r)
	if err != nil {
		return nil, err
	}
	if pub != "[]" && pub != "" {
		return nil, validation("Published properties cannot be unregistered")
	}
	return nil, a.exec(`DELETE FROM cfg_properties WHERE owner_client_id = ? AND name = ?`, r.OwnerClientID, r.Name)
}

func publishProperty(a *act) (any, error) {
	var r cfgPropReq
	if err := a.decode(&r); err != nil {
		return nil, err
	}
	pub, err := a.cfgPropertyPublic(&r)
	if err != nil {
		return nil, err
	}
	if len(r.AccessType) == 0 {
		return nil, validation("access_type is required")
	}
	var have []string
	_ = json.Unmarshal([]byte(pub), &have)
	for _, t := range r.AccessType {
		if t != "read" && t != "write" {
			return nil, validation("access_type must hold read and/or write")
		}
		if !containsStr(have, t) {
			have = append(have, t)
		}
	}
	sort.Strings(have)
	return nil, a.exec(`UPDATE cfg_properties SET public_access = ? WHERE owner_client_id = ? AND name = ?`, cfgJsonStrs(have), r.OwnerClientID, r.Name)
}

func listProperties(a *act) (any, error) {
	var r struct {
		OwnerClientID string `json:"owner_client_id"`
	}
	if err := a.decode(&r); err != nil {
		return nil, err
	}
	if r.OwnerClientID == "" {
		return nil, validation("owner_client_id is required")
	}
	rows, err := a.query(`SELECT name, type, description, access, domain, range_json, default_value, public_access FROM cfg_properties
		WHERE owner_client_id = ? ORDER BY name`, r.OwnerClientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]any{}
	for rows.Next() {
		var name, typ, desc, access, domain, rng, def, pub string
		if err := rows.Scan(&name, &typ, &desc, &access, &domain, &rng, &def, &pub); err != nil {
			return nil, err
		}
		m := map[string]any{"type": typ, "access": json.RawMessage(access), "public_access": json.RawMessage(pub)}
		if desc != "" {
			m["description"] = desc
		}
		if domain != "" {
			m["domain"] = json.RawMessage(domain)
		}
		if rng != "" {
			m["range"] = json.RawMessage(rng)
		}
		if def != "" {
			m["default_value"] = json.RawMessage(def)
		}
		out[name] = m
	}
	return out, rows.Err()
}

func updateLicenseProps(a *act) (any, error) {
	var req struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	return nil, a.cfgStoreProps(req.Properties, `INSERT OR REPLACE INTO cfg_license_properties(namespace, name, value) VALUES (?,?,?)`)
}

type cfgPropFilter struct {
	Namespace  string `json:"namespace"`
	NamePrefix string `json:"name_prefix"`
}

func (f cfgPropFilter) keep(ns, name string) bool {
	return (f.Namespace == "" || f.Namespace == ns) && strings.HasPrefix(name, f.NamePrefix)
}

func (a *act) cfgReadProps(q string, f cfgPropFilter, args ...any) (props, error) {
	rows, err := a.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := props{}
	for rows.Next() {
		var ns, name, v string
		if err := rows.Scan(&ns, &name, &v); err != nil {
			return nil, err
		}
		if !f.keep(ns, name) {
			continue
		}
		if out[ns] == nil {
			out[ns] = map[string]json.RawMessage{}
		}
		out[ns][name] = json.RawMessage(v)
	}
	return out, rows.Err()
}

func listLicenseProps(a *act) (any, error) {
	var f cfgPropFilter
	if err := a.decode(&f); err != nil {
		return nil, err
	}
	return a.cfgReadProps(`SELECT namespace, name, value FROM cfg_license_properties ORDER BY namespace, name`, f)
}

func deleteLicenseProps(a *act) (any, error) {
	var req struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	return nil, a.cfgDeleteProps(req.Properties, `DELETE FROM cfg_license_properties WHERE namespace = ? AND name = ?`)
}

func updateGroupProps(a *act) (any, error) {
	var req struct {
		GroupID    *int            `json:"group_id"`
		Properties json.RawMessage `json:"properties"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if err := a.cfgGroupOrErr(req.GroupID); err != nil {
		return nil, err
	}
	return nil, a.cfgStoreProps(req.Properties, `INSERT OR REPLACE INTO cfg_group_properties(group_id, namespace, name, value) VALUES (?,?,?,?)`, *req.GroupID)
}

func listGroupsProps(a *act) (any, error) {
	var req struct {
		GroupIDs []int `json:"group_ids"`
		cfgPropFilter
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	ids := req.GroupIDs
	if len(ids) == 0 {
		all, err := a.colStrings(`SELECT id FROM groups ORDER BY id`)
		if err != nil {
			return nil, err
		}
		for _, s := range all {
			var g int
			_ = json.Unmarshal([]byte(s), &g)
			ids = append(ids, g)
		}
	}
	out := make([]any, 0, len(ids))
	for _, g := range ids {
		if !a.cfgGroupExists(g) {
			return nil, lerr(livechat.TypeGroupNotFound, "Group %d not found", g)
		}
		p, err := a.cfgReadProps(`SELECT namespace, name, value FROM cfg_group_properties WHERE group_id = ? ORDER BY namespace, name`, req.cfgPropFilter, g)
		if err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"id": g, "properties": p})
	}
	return out, nil
}

func deleteGroupProps(a *act) (any, error) {
	var req struct {
		ID         *int            `json:"id"`
		Properties json.RawMessage `json:"properties"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if err := a.cfgGroupOrErr(req.ID); err != nil {
		return nil, err
	}
	return nil, a.cfgDeleteProps(req.Properties, `DELETE FROM cfg_group_properties WHERE group_id = ? AND namespace = ? AND name = ?`, *req.ID)
}
