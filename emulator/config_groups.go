package emulator

// Configuration API: groups, tags and auto accesses.

import (
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/livechat-go/livechat"
)

func init() {
	register("configuration", "create_group", cfgH(createGroupCfg, "groups--all:rw"))
	register("configuration", "update_group", cfgH(updateGroupCfg, "groups--all:rw"))
	register("configuration", "delete_group", cfgH(deleteGroupCfg, "groups--all:rw"))
	register("configuration", "list_groups", cfgH(listGroupsCfg, "groups--my:ro", "groups--all:ro"))
	register("configuration", "get_group", cfgH(getGroupCfg, "groups--my:ro", "groups--all:ro"))

	register("configuration", "create_tag", cfgH(createTagCfg, "tags--groups:rw", "tags--all:rw"))
	register("configuration", "update_tag", cfgH(updateTagCfg, "tags--groups:rw", "tags--all:rw"))
	register("configuration", "delete_tag", cfgH(deleteTagCfg, "tags--groups:rw", "tags--all:rw"))
	register("configuration", "list_tags", cfgH(listTagsCfg, "tags--groups:ro", "tags--all:ro"))

	register("configuration", "add_auto_access", cfgH(addAutoAccess, "access_rules:rw"))
	register("configuration", "list_auto_accesses", cfgH(listAutoAccesses, "access_rules:ro"))
	register("configuration", "update_auto_access", cfgH(updateAutoAccess, "access_rules:rw"))
	register("configuration", "delete_auto_access", cfgH(deleteAutoAccess, "access_rules:rw"))
}

// ---- groups ----

type cfgGroupBody struct {
	ID              *int              `json:"id"`
	Name            *string           `json:"name"`
	LanguageCode    *string           `json:"language_code"`
	AgentPriorities map[string]string `json:"agent_priorities"`
}

func (a *act) cfgCheckAgentPriorities(m map[string]string) error {
	for id, p := range m {
		if !cfgGroupPriorities[p] {
			return validation("agent_priorities.%s must be first, normal, last or supervisor", id)
		}
		var n int
		if err := a.queryRow(`SELECT COUNT(*) FROM agents WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return lerr(livechat.TypeNotFound, "Agent %s not found", id)
		}
	}
	return nil
}

func (a *act) cfgGroupMembersOf(id int) ([]string, error) {
	return a.colStrings(`SELECT agent_id FROM group_members WHERE group_id = ? ORDER BY agent_id`, id)
}

// cfgSetGroupMembers replaces a group's members; agents leaving or joining
// get their cached identities refreshed after commit.
func (a *act) cfgSetGroupMembers(id int, m map[string]string) error {
	before, err := a.cfgGroupMembersOf(id)
	if err != nil {
		return err
	}
	if err := a.exec(`DELETE FROM group_members WHERE group_id = ?`, id); err != nil {
		return err
	}
	changed := map[string]bool{}
	for _, ag := range before {
		changed[ag] = true
	}
	for ag, p := range m {
		changed[ag] = true
		if err := a.exec(`INSERT INTO group_members(group_id, agent_id, priority) VALUES (?,?,?)`, id, ag, p); err != nil {
			return err
		}
	}
	ids := make([]string, 0, len(changed))
	for ag := range changed {
		ids = append(ids, ag)
	}
	sort.Strings(ids)
	return a.cfgIdentityChanged(ids...)
}

func createGroupCfg(a *act) (any, error) {
	var b cfgGroupBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.Name == nil || *b.Name == "" {
		return nil, validation("name is required")
	}
	if utf8.RuneCountInString(*b.Name) > 180 {
		return nil, validation("name must be at most 180 characters")
	}
	if len(b.AgentPriorities) == 0 {
		return nil, validation("agent_priorities is required")
	}
	if err := a.cfgCheckAgentPriorities(b.AgentPriorities); err != nil {
		return nil, err
	}
	var id int
	if err := a.queryRow(`SELECT COALESCE(MAX(id), 0) + 1 FROM groups`).Scan(&id); err != nil {
		return nil, err
	}
	lang := cfgDerefOr(b.LanguageCode, "en")
	if err := a.exec(`INSERT INTO groups(id, name, language_code) VALUES (?,?,?)`, id, *b.Name, lang); err != nil {
		return nil, err
	}
	if err := a.cfgSetGroupMembers(id, b.AgentPriorities); err != nil {
		return nil, err
	}
	a.pushAll("group_created", map[string]any{"id": id, "name": *b.Name, "language_code": lang, "agent_priorities": b.AgentPriorities})
	return map[string]any{"id": id}, nil
}

func (a *act) cfgGroupOrErr(id *int) error {
	if id == nil {
		return validation("id is required")
	}
	if !a.cfgGroupExists(*id) {
		return lerr(livechat.TypeGroupNotFound, "Group %d not found", *id)
	}
	return nil
}

func updateGroupCfg(a *act) (any, error) {
	var b cfgGroupBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if err := a.cfgGroupOrErr(b.ID); err != nil {
		return nil, err
	}
	diff := map[string]any{"id": *b.ID}
	if b.Name != nil {
		if *b.Name == "" || utf8.RuneCountInString(*b.Name) > 180 {
			return nil, validation("name must have 1 to 180 characters")
		}
		if err := a.exec(`UPDATE groups SET name = ? WHERE id = ?`, *b.Name, *b.ID); err != nil {
			return nil, err
		}
		diff["name"] = *b.Name
	}
	if b.LanguageCode != nil {
		if err := a.exec(`UPDATE groups SET language_code = ? WHERE id = ?`, *b.LanguageCode, *b.ID); err != nil {
			return nil, err
		}
		diff["language_code"] = *b.LanguageCode
	}
	if b.AgentPriorities != nil {
		if *b.ID == 0 {
			return nil, validation("The members of group 0 (all agents) cannot be changed")
		}
		if err := a.cfgCheckAgentPriorities(b.AgentPriorities); err != nil {
			return nil, err
		}
		if err := a.cfgSetGroupMembers(*b.ID, b.AgentPriorities); err != nil {
			return nil, err
		}
		diff["agent_priorities"] = b.AgentPriorities
	}
	a.pushAll("group_updated", diff)
	return nil, nil
}

func deleteGroupCfg(a *act) (any, error) {
	var b cfgGroupBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if err := a.cfgGroupOrErr(b.ID); err != nil {
		return nil, err
	}
	if *b.ID == 0 {
		return nil, validation("Group 0 cannot be deleted")
	}
	members, err := a.cfgGroupMembersOf(*b.ID)
	if err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM groups WHERE id = ?`, *b.ID); err != nil {
		return nil, err
	}
	if err := a.cfgIdentityChanged(members...); err != nil {
		return nil, err
	}
	a.pushAll("group_deleted", map[string]any{"id": *b.ID})
	return nil, nil
}

var cfgGroupFields = []string{"agent_priorities", "routing_status"}

func (a *act) cfgGroupJSON(id int, fields []string) (map[string]any, error) {
	var name, lang string
	err := a.queryRow(`SELECT name, language_code FROM groups WHERE id = ?`, id).Scan(&name, &lang)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lerr(livechat.TypeGroupNotFound, "Group %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": id, "name": name, "language_code": lang}
	for _, f := range fields {
		switch f {
		case "agent_priorities":
			rows, err := a.query(`SELECT agent_id, priority FROM group_members WHERE group_id = ? ORDER BY agent_id`, id)
			if err != nil {
				return nil, err
			}
			ap := map[string]string{}
			for rows.Next() {
				var ag, p string
				if err := rows.Scan(&ag, &p); err != nil {
					rows.Close()
					return nil, err
				}
				ap[ag] = p
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			m[f] = ap
		case "routing_status":
			// Agents with no session are offline (session.go).
			sts, err := a.reportedStatuses(`SELECT a.id, a.routing_status, a.is_bot
				FROM group_members m JOIN agents a ON a.id = m.agent_id WHERE m.group_id = ?`, id)
			if err != nil {
				return nil, err
			}
			st := "offline"
			for _, s := range sts {
				switch s {
				case "accepting_chats":
					st = "accepting_chats"
				case "not_accepting_chats":
					if st == "offline" {
						st = "not_accepting_chats"
					}
				}
			}
			m[f] = st
		}
	}
	return m, nil
}

func listGroupsCfg(a *act) (any, error) {
	var req struct {
		Fields []string `json:"fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if err := cfgCheckFields(req.Fields, cfgGroupFields); err != nil {
		return nil, err
	}
	ids, err := a.colStrings(`SELECT id FROM groups ORDER BY id`)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(ids))
	for _, s := range ids {
		id, _ := strconv.Atoi(s)
		if !a.id.Scopes.Has("groups--all:ro") && !cfgContainsInt(a.id.groups, id) {
			continue // groups--my: only the requester's groups
		}
		m, err := a.cfgGroupJSON(id, req.Fields)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func cfgContainsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func getGroupCfg(a *act) (any, error) {
	var req struct {
		ID     *int     `json:"id"`
		Fields []string `json:"fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == nil {
		return nil, validation("id is required")
	}
	if err := cfgCheckFields(req.Fields, cfgGroupFields); err != nil {
		return nil, err
	}
	if !a.id.Scopes.Has("groups--all:ro") && !cfgContainsInt(a.id.groups, *req.ID) {
		return nil, lerr(livechat.TypeAuthorization, "groups--all:ro is required to read other groups")
	}
	return a.cfgGroupJSON(*req.ID, req.Fields)
}

// ---- tags ----

type cfgTagBody struct {
	Name     string `json:"name"`
	GroupIDs []int  `json:"group_ids"`
}

func (a *act) cfgCheckGroups(ids []int) error {
	for _, g := range ids {
		if !a.cfgGroupExists(g) {
			return lerr(livechat.TypeGroupNotFound, "Group %d not found", g)
		}
	}
	return nil
}

// cfgTagName returns the stored spelling of a tag (case-insensitive match).
func (a *act) cfgTagName(name string) (string, error) {
	var stored string
	err := a.queryRow(`SELECT name FROM tags WHERE lower(name) = lower(?)`, name).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return "", lerr(livechat.TypeNotFound, "Tag %q not found", name)
	}
	return stored, err
}

func createTagCfg(a *act) (any, error) {
	var b cfgTagBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.Name == "" {
		return nil, validation("name is required")
	}
	if _, err := a.cfgTagName(b.Name); err == nil {
		return nil, lerr(livechat.TypeAlreadyExists, "Tag %q already exists", b.Name)
	}
	if b.GroupIDs == nil {
		b.GroupIDs = []int{0}
	}
	b.GroupIDs = uniqueInts(b.GroupIDs)
	if err := a.cfgCheckGroups(b.GroupIDs); err != nil {
		return nil, err
	}
	if err := a.exec(`INSERT INTO tags(name, group_ids, author_id, created_at) VALUES (?,?,?,?)`, b.Name, mustJSON(b.GroupIDs), a.id.ID, a.nowTS); err != nil {
		return nil, err
	}
	a.pushAll("tag_created", map[string]any{"name": b.Name, "group_ids": b.GroupIDs, "created_at": a.nowTS, "author_id": a.id.ID})
	return nil, nil
}

func updateTagCfg(a *act) (any, error) {
	var b cfgTagBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.Name == "" {
		return nil, validation("name is required")
	}
	if b.GroupIDs == nil {
		return nil, validation("group_ids is required")
	}
	name, err := a.cfgTagName(b.Name)
	if err != nil {
		return nil, err
	}
	b.GroupIDs = uniqueInts(b.GroupIDs)
	if err := a.cfgCheckGroups(b.GroupIDs); err != nil {
		return nil, err
	}
	if err := a.exec(`UPDATE tags SET group_ids = ? WHERE name = ?`, mustJSON(b.GroupIDs), name); err != nil {
		return nil, err
	}
	a.pushAll("tag_updated", map[string]any{"name": name, "group_ids": b.GroupIDs})
	return nil, nil
}

func deleteTagCfg(a *act) (any, error) {
	var b cfgTagBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.Name == "" {
		return nil, validation("name is required")
	}
	name, err := a.cfgTagName(b.Name)
	if err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM tags WHERE name = ?`, name); err != nil {
		return nil, err
	}
	a.pushAll("tag_deleted", map[string]any{"name": name})
	return nil, nil
}

func listTagsCfg(a *act) (any, error) {
	var req struct {
		Filters struct {
			GroupIDs []int `json:"group_ids"`
		} `json:"filters"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	rows, err := a.query(`SELECT name, group_ids, author_id, created_at FROM tags ORDER BY created_at, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		var name, gs, author, created string
		if err := rows.Scan(&name, &gs, &author, &created); err != nil {
			return nil, err
		}
		var groups []int
		_ = json.Unmarshal([]byte(gs), &groups)
		if len(req.Filters.GroupIDs) > 0 && !groupsOverlap(groups, req.Filters.GroupIDs) {
			continue
		}
		out = append(out, map[string]any{"name": name, "group_ids": cfgNonNilInts(groups), "author_id": author, "created_at": created})
	}
	return out, rows.Err()
}

func cfgNonNilInts(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

// ---- auto accesses ----

type cfgAutoAccessBody struct {
	ID          string          `json:"id"`
	Access      json.RawMessage `json:"access"`
	Conditions  json.RawMessage `json:"conditions"`
	Description *string         `json:"description"`
	NextID      *string         `json:"next_id"`
}

func (a *act) cfgCheckAutoAccess(access, conditions json.RawMessage) error {
	if len(access) > 0 {
		var acc struct {
			Groups []int `json:"groups"`
		}
		if err := json.Unmarshal(access, &acc); err != nil || len(acc.Groups) == 0 {
			return validation("access.groups is required")
		}
		if err := a.cfgCheckGroups(acc.Groups); err != nil {
			return err
		}
	}
	if len(conditions) > 0 {
		var c map[string]json.RawMessage
		if err := json.Unmarshal(conditions, &c); err != nil || len(c) == 0 {
			return validation("conditions must name url, domain or geolocation")
		}
		for k := range c {
			if k != "url" && k != "domain" && k != "geolocation" {
				return validation("conditions: unknown condition %q", k)
			}
		}
	}
	return nil
}

type cfgAutoAccessRow struct {
	id, desc, access, conditions string
	pos                          float64
}

func (a *act) cfgAutoAccessList() ([]cfgAutoAccessRow, error) {
	rows, err := a.query(`SELECT id, description, access, conditions, position FROM cfg_auto_accesses ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cfgAutoAccessRow
	for rows.Next() {
		var r cfgAutoAccessRow
		if err := rows.Scan(&r.id, &r.desc, &r.access, &r.conditions, &r.pos); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (r cfgAutoAccessRow) json(next string) map[string]any {
	m := map[string]any{"id": r.id, "access": json.RawMessage(r.access), "conditions": json.RawMessage(r.conditions)}
	if r.desc != "" {
		m["description"] = r.desc
	}
	if next != "" {
		m["next_id"] = next
	}
	return m
}

// cfgPositionBefore returns a position placing a rule before nextID (at the
// end when nextID is "").
func (a *act) cfgPositionBefore(list []cfgAutoAccessRow, nextID, self string) (float64, error) {
	var filtered []cfgAutoAccessRow
	for _, r := range list {
		if r.id != self {
			filtered = append(filtered, r)
		}
	}
	if nextID == "" {
		if len(filtered) == 0 {
			return 1, nil
		}
		return filtered[len(filtered)-1].pos + 1, nil
	}
	for i, r := range filtered {
		if r.id == nextID {
			if i == 0 {
				return r.pos - 1, nil
			}
			return (filtered[i-1].pos + r.pos) / 2, nil
		}
	}
	return 0, lerr(livechat.TypeNotFound, "Auto access %s (next_id) not found", nextID)
}

// cfgAutoAccessChanges compares the rule order before and after a change and
// returns the entries of auto_accesses_updated.
func cfgAutoAccessChanges(before, after []cfgAutoAccessRow, changedID, status string) []any {
	nextOf := func(list []cfgAutoAccessRow) map[string]string {
		m := map[string]string{}
		for i, r := range list {
			if i+1 < len(list) {
				m[r.id] = list[i+1].id
			} else {
				m[r.id] = ""
			}
		}
		return m
	}
	nb, na := nextOf(before), nextOf(after)
	var out []any
	for _, r := range after {
		if r.id == changedID && status != "deleted" {
			m := r.json(na[r.id])
			m["status"] = status
			out = append(out, m)
			continue
		}
		if nb[r.id] != na[r.id] {
			out = append(out, map[string]any{"id": r.id, "next_id": na[r.id], "status": "updated"})
		}
	}
	if status == "deleted" {
		out = append(out, map[string]any{"id": changedID, "status": "deleted"})
	}
	return out
}

func addAutoAccess(a *act) (any, error) {
	var b cfgAutoAccessBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if len(b.Access) == 0 || len(b.Conditions) == 0 {
		return nil, validation("access and conditions are required")
	}
	if err := a.cfgCheckAutoAccess(b.Access, b.Conditions); err != nil {
		return nil, err
	}
	before, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	pos, err := a.cfgPositionBefore(before, cfgDeref(b.NextID), "")
	if err != nil {
		return nil, err
	}
	id := cfgRandHex(16)
	if err := a.exec(`INSERT INTO cfg_auto_accesses(id, position, description, access, conditions, created_at) VALUES (?,?,?,?,?,?)`,
		id, pos, cfgDeref(b.Description), string(b.Access), string(b.Conditions), a.nowTS); err != nil {
		return nil, err
	}
	after, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	a.pushAll("auto_accesses_updated", cfgAutoAccessChanges(before, after, id, "added"))
	return map[string]any{"id": id}, nil
}

func listAutoAccesses(a *act) (any, error) {
	list, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(list))
	for i, r := range list {
		next := ""
		if i+1 < len(list) {
			next = list[i+1].id
		}
		out = append(out, r.json(next))
	}
	return out, nil
}

func (a *act) cfgAutoAccessExists(list []cfgAutoAccessRow, id string) error {
	if id == "" {
		return validation("id is required")
	}
	for _, r := range list {
		if r.id == id {
			return nil
		}
	}
	return lerr(livechat.TypeNotFound, "Auto access %s not found", id)
}

func updateAutoAccess(a *act) (any, error) {
	var b cfgAutoAccessBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	before, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	if err := a.cfgAutoAccessExists(before, b.ID); err != nil {
		return nil, err
	}
	if err := a.cfgCheckAutoAccess(b.Access, b.Conditions); err != nil {
		return nil, err
	}
	if len(b.Access) > 0 {
		if err := a.exec(`UPDATE cfg_auto_accesses SET access = ? WHERE id = ?`, string(b.Access), b.ID); err != nil {
			return nil, err
		}
	}
	if len(b.Conditions) > 0 {
		if err := a.exec(`UPDATE cfg_auto_accesses SET conditions = ? WHERE id = ?`, string(b.Conditions), b.ID); err != nil {
			return nil, err
		}
	}
	if b.Description != nil {
		if err := a.exec(`UPDATE cfg_auto_accesses SET description = ? WHERE id = ?`, *b.Description, b.ID); err != nil {
			return nil, err
		}
	}
	if b.NextID != nil {
		if *b.NextID == b.ID {
			return nil, validation("next_id must name another auto access")
		}
		pos, err := a.cfgPositionBefore(before, *b.NextID, b.ID)
		if err != nil {
			return nil, err
		}
		if err := a.exec(`UPDATE cfg_auto_accesses SET position = ? WHERE id = ?`, pos, b.ID); err != nil {
			return nil, err
		}
	}
	after, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	a.pushAll("auto_accesses_updated", cfgAutoAccessChanges(before, after, b.ID, "updated"))
	return nil, nil
}

func deleteAutoAccess(a *act) (any, error) {
	var b cfgAutoAccessBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	before, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	if err := a.cfgAutoAccessExists(before, b.ID); err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM cfg_auto_accesses WHERE id = ?`, b.ID); err != nil {
		return nil, err
	}
	after, err := a.cfgAutoAccessList()
	if err != nil {
		return nil, err
	}
	a.pushAll("auto_accesses_updated", cfgAutoAccessChanges(before, after, b.ID, "deleted"))
	return nil, nil
}
