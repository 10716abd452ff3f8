package emulator

// Configuration API: bots, bot templates and bot tokens.

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
)

func init() {
	rw := []string{"agents-bot--my:rw", "agents-bot--all:rw"}
	ro := []string{"agents-bot--my:ro", "agents-bot--all:ro"}
	register("configuration", "create_bot", cfgH(createBotCfg, rw...))
	register("configuration", "get_bot", cfgH(getBotCfg, ro...))
	register("configuration", "list_bots", cfgH(listBotsCfg, ro...))
	register("configuration", "update_bot", cfgH(updateBotCfg, rw...))
	register("configuration", "delete_bot", cfgH(deleteBotCfg, rw...))
	register("configuration", "reset_bot_secret", cfgH(resetBotSecret, rw...))
	register("configuration", "batch_create_bots", cfgH(cfgBatchOf(createBotCfg), rw...))
	register("configuration", "batch_update_bots", cfgH(cfgBatchOf(updateBotCfg), rw...))
	register("configuration", "batch_delete_bots", cfgH(cfgBatchOf(deleteBotCfg), rw...))
	register("configuration", "create_bot_template", cfgH(createBotTemplate, "bots.templates:rw"))
	register("configuration", "update_bot_template", cfgH(updateBotTemplate, "bots.templates:rw"))
	register("configuration", "delete_bot_template", cfgH(deleteBotTemplate, "bots.templates:rw"))
	register("configuration", "list_bot_templates", cfgH(listBotTemplates, "bots.templates:rw"))
	register("configuration", "reset_bot_template_secret", cfgH(resetBotTemplateSecret, "bots.templates:rw"))
	register("configuration", "issue_bot_token", cfgH(issueBotToken))
}

func cfgRandHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type cfgBotBody struct {
	ID                   string             `json:"id"`
	Name                 *string            `json:"name"`
	Avatar               *string            `json:"avatar"`
	MaxChatsCount        *int               `json:"max_chats_count"`
	DefaultGroupPriority *string            `json:"default_group_priority"`
	JobTitle             *string            `json:"job_title"`
	Groups               []cfgGroupPriority `json:"groups"`
	WorkScheduler        json.RawMessage    `json:"work_scheduler"`
	Timezone             *string            `json:"timezone"`
	OwnerClientID        string             `json:"owner_client_id"`
}

func (b *cfgBotBody) validate(a *act) error {
	if b.MaxChatsCount != nil && (*b.MaxChatsCount < 0 || *b.MaxChatsCount > 500) {
		return validation("max_chats_count must be between 0 and 500")
	}
	if b.DefaultGroupPriority != nil && !cfgGroupPriorities[*b.DefaultGroupPriority] {
		return validation("default_group_priority must be first, normal, last or supervisor")
	}
	return a.checkGroupPriorities(b.Groups)
}

func createBotCfg(a *act) (any, error) {
	var b cfgBotBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.Name == nil || *b.Name == "" {
		return nil, validation("name is required")
	}
	if err := b.validate(a); err != nil {
		return nil, err
	}
	owner := b.OwnerClientID
	if owner == "" {
		if a.id.token != "" && strings.HasPrefix(a.id.token, "pat:") {
			return nil, validation("owner_client_id is required with a Personal Access Token")
		}
		owner = a.requesterClientID()
	}
	id, secret := cfgRandHex(16), cfgRandHex(16)
	maxChats, prio := 6, cfgDerefOr(b.DefaultGroupPriority, "normal")
	if b.MaxChatsCount != nil && *b.MaxChatsCount > 0 {
		maxChats = *b.MaxChatsCount
	}
	err := a.exec(`INSERT INTO agents(id, account_id, name, avatar, role, job_title, max_chats, routing_status, is_bot, owner_client_id, created_at)
		VALUES (?, '', ?, ?, 'normal', ?, ?, 'not_accepting_chats', 1, ?, ?)`, id, *b.Name, cfgDeref(b.Avatar), cfgDerefOr(b.JobTitle, "Bot"), maxChats, owner, a.nowTS)
	if err == nil {
		err = a.exec(`INSERT INTO cfg_bots(bot_id, secret, default_group_priority, work_scheduler, timezone) VALUES (?,?,?,?,?)`,
			id, secret, prio, cfgRawOrEmpty(b.WorkScheduler), cfgDeref(b.Timezone))
	}
	if err == nil {
		err = a.cfgSetMemberships(id, b.Groups, prio)
	}
	if err != nil {
		return nil, err
	}
	full, err := a.cfgBotJSON(id)
	if err != nil {
		return nil, err
	}
	a.pushAll("bot_created", full)
	return map[string]any{"id": id, "secret": secret}, nil
}

func cfgRawOrEmpty(r json.RawMessage) string {
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	return string(r)
}

func (a *act) ensureCfgBot(id string) error {
	return a.exec(`INSERT OR IGNORE INTO cfg_bots(bot_id) VALUES (?)`, id)
}

func (a *act) cfgBotJSON(id string) (map[string]any, error) {
	var name, avatar, job, owner string
	var maxChats int
	err := a.queryRow(`SELECT name, avatar, job_title, max_chats, owner_client_id FROM agents WHERE id = ? AND is_bot = 1`, id).
		Scan(&name, &avatar, &job, &maxChats, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lerr(livechat.TypeNotFound, "Bot %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	prio, ws, tz := "normal", "", ""
	err = a.queryRow(`SELECT default_group_priority, work_scheduler, timezone FROM cfg_bots WHERE bot_id = ?`, id).Scan(&prio, &ws, &tz)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	gs, err := a.cfgMemberships(id)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"id": id, "name": name, "default_group_priority": prio, "owner_client_id": owner,
		"max_chats_count": maxChats, "groups": gs, "job_title": job}
	if avatar != "" {
		m["avatar"], m["avatar_path"] = avatar, avatar
	}
	if ws != "" {
		m["work_scheduler"] = json.RawMessage(ws)
	}
	if tz != "" {
		m["timezone"] = tz
	}
	return m, nil
}

func getBotCfg(a *act) (any, error) {
	var req struct {
		ID     string   `json:"id"`
		Fields []string `json:"fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, validation("id is required")
	}
	return a.cfgBotJSON(req.ID)
}

func listBotsCfg(a *act) (any, error) {
	var req struct {
		All    bool     `json:"all"`
		Fields []string `json:"fields"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	q, args := `SELECT id FROM agents WHERE is_bot = 1`, []any{}
	if !req.All {
		q += ` AND owner_client_id = ?`
		args = append(args, a.requesterClientID())
	} else if !a.id.Scopes.Has("agents-bot--all:ro") {
		return nil, lerr(livechat.TypeAuthorization, "all requires agents-bot--all:ro")
	}
	ids, err := a.colStrings(q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		m, err := a.cfgBotJSON(id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func updateBotCfg(a *act) (any, error) {
	var b cfgBotBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.ID == "" {
		return nil, validation("id is required")
	}
	if err := b.validate(a); err != nil {
		return nil, err
	}
	if err := a.cfgAgentExists(b.ID, true); err != nil {
		return nil, err
	}
	if err := a.ensureCfgBot(b.ID); err != nil {
		return nil, err
	}
	diff := map[string]any{"id": b.ID}
	var err error
	ex := func(q, key string, v, out any) {
		if err == nil {
			diff[key] = out
			err = a.exec(q, v, b.ID)
		}
	}
	if b.Name != nil {
		if *b.Name == "" {
			return nil, validation("name must not be empty")
		}
		ex(`UPDATE agents SET name = ? WHERE id = ?`, "name", *b.Name, *b.Name)
	}
	if b.Avatar != nil {
		ex(`UPDATE agents SET avatar = ? WHERE id = ?`, "avatar", *b.Avatar, *b.Avatar)
	}
	if b.JobTitle != nil {
		ex(`UPDATE agents SET job_title = ? WHERE id = ?`, "job_title", *b.JobTitle, *b.JobTitle)
	}
	if b.MaxChatsCount != nil && *b.MaxChatsCount > 0 {
		ex(`UPDATE agents SET max_chats = ? WHERE id = ?`, "max_chats_count", *b.MaxChatsCount, *b.MaxChatsCount)
	}
	if b.DefaultGroupPriority != nil {
		ex(`UPDATE cfg_bots SET default_group_priority = ? WHERE bot_id = ?`, "default_group_priority", *b.DefaultGroupPriority, *b.DefaultGroupPriority)
	}
	if ws := cfgRawOrEmpty(b.WorkScheduler); ws != "" {
		ex(`UPDATE cfg_bots SET work_scheduler = ? WHERE bot_id = ?`, "work_scheduler", ws, b.WorkScheduler)
	}
	if b.Timezone != nil {
		ex(`UPDATE cfg_bots SET timezone = ? WHERE bot_id = ?`, "timezone", *b.Timezone, *b.Timezone)
	}
	if err != nil {
		return nil, err
	}
	if b.Groups != nil {
		var prio string
		if err := a.queryRow(`SELECT default_group_priority FROM cfg_bots WHERE bot_id = ?`, b.ID).Scan(&prio); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		if err := a.cfgReplaceMemberships(b.ID, b.Groups, prio, diff); err != nil {
			return nil, err
		}
	}
	a.pushAll("bot_updated", diff)
	return nil, nil
}

func deleteBotCfg(a *act) (any, error) {
	id, err := a.cfgDecodeID(true)
	if err != nil {
		return nil, err
	}
	if err := a.releaseChats(id, endDeleted); err != nil { // session.go, while its name is known
		return nil, err
	}
	if err := a.exec(`DELETE FROM tokens WHERE entity_id = ? AND kind != 'customer'`, id); err != nil {
		return nil, err
	}
	if err := a.exec(`DELETE FROM agents WHERE id = ?`, id); err != nil {
		return nil, err
	}
	if err := a.exec(`UPDATE chat_users SET present = 0 WHERE user_id = ?`, id); err != nil {
		return nil, err
	}
	a.cfgDisconnectAgent(id, "agent_disconnected_by_server")
	a.pushAll("bot_deleted", map[string]any{"id": id})
	return nil, nil
}

func resetBotSecret(a *act) (any, error) {
	var req struct {
		ID            string `json:"id"`
		OwnerClientID string `json:"owner_client_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, validation("id is required")
	}
	if err := a.cfgAgentExists(req.ID, true); err != nil {
		return nil, err
	}
	if req.OwnerClientID != "" {
		var owner string
		if err := a.queryRow(`SELECT owner_client_id FROM agents WHERE id = ?`, req.ID).Scan(&owner); err != nil {
			return nil, err // the bot exists (cfgAgentExists)
		}
		if owner != req.OwnerClientID {
			return nil, validation("owner_client_id does not own bot %s", req.ID)
		}
	}
	if err := a.ensureCfgBot(req.ID); err != nil {
		return nil, err
	}
	secret := cfgRandHex(16)
	if err := a.exec(`UPDATE cfg_bots SET secret = ? WHERE bot_id = ?`, secret, req.ID); err != nil {
		return nil, err
	}
	return map[string]any{"secret": secret}, nil
}

// issueBotToken returns a Bearer token for the bot with the documented
// bot scopes. The emulator does not expire it (the platform: 24 h).
func issueBotToken(a *act) (any, error) {
	var req struct {
		BotID          string `json:"bot_id"`
		ClientID       string `json:"client_id"`
		BotSecret      string `json:"bot_secret"`
		OrganizationID string `json:"organization_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	for k, v := range map[string]string{"bot_id": req.BotID, "client_id": req.ClientID, "bot_secret": req.BotSecret, "organization_id": req.OrganizationID} {
		if v == "" {
			return nil, validation("%s is required", k)
		}
	}
	if req.OrganizationID != a.s.creds.OrganizationID {
		return nil, lerr(livechat.TypeNotFound, "Unknown organization_id")
	}
	var owner, secret string
	err := a.queryRow(`SELECT a.owner_client_id, COALESCE(b.secret, '') FROM agents a LEFT JOIN cfg_bots b ON b.bot_id = a.id
		WHERE a.id = ? AND a.is_bot = 1`, req.BotID).Scan(&owner, &secret)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lerr(livechat.TypeNotFound, "Bot %s not found", req.BotID)
	}
	if err != nil {
		return nil, err
	}
	if owner != req.ClientID || secret == "" || secret != req.BotSecret {
		return nil, lerr(livechat.TypeAuthentication, "Invalid bot credentials")
	}
	token := "dal:bot-" + cfgRandHex(20)
	if err := a.exec(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at, expires_at) VALUES (?, 'bearer', '', ?, ?, 'dal', 'issue_bot_token', ?, ?)`,
		token, req.BotID, strings.Join(botScopes, ","), a.nowTS, nowStamp(a.now.Add(BotTokenLifetime))); err != nil {
		return nil, err
	}
	return map[string]any{"token": token}, nil
}

// BotTokenLifetime is how long a token from the Configuration API's
// issue_bot_token is valid: 24 hours, as documented. The answer says
// nothing of it ({token} only); once expired the token is refused with
// authentication ("Access token expired"), and an RTM session opened with
// it ends with access_token_expired. Bot tokens cannot be revoked.
const BotTokenLifetime = 24 * time.Hour

type cfgBotTemplateBody struct {
	ID                          string  `json:"id"`
	Name                        *string `json:"name"`
	Avatar                      *string `json:"avatar"`
	MaxChatsCount               *int    `json:"max_chats_count"`
	DefaultGroupPriority        *string `json:"default_group_priority"`
	JobTitle                    *string `json:"job_title"`
	OwnerClientID               string  `json:"owner_client_id"`
	AffectExistingInstallations bool    `json:"affect_existing_installations"`
}

func (b *cfgBotTemplateBody) validate() error {
	if b.OwnerClientID == "" {
		return validation("owner_client_id is required")
	}
	if b.MaxChatsCount != nil && (*b.MaxChatsCount < 0 || *b.MaxChatsCount > 500) {
		return validation("max_chats_count must be between 0 and 500")
	}
	if b.DefaultGroupPriority != nil && !cfgGroupPriorities[*b.DefaultGroupPriority] {
		return validation("default_group_priority must be first, normal, last or supervisor")
	}
	return nil
}

func createBotTemplate(a *act) (any, error) {
	var b cfgBotTemplateBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.Name == nil || *b.Name == "" {
		return nil, validation("name is required")
	}
	if err := b.validate(); err != nil {
		return nil, err
	}
	id, maxChats := cfgRandHex(16), 6
	if b.MaxChatsCount != nil && *b.MaxChatsCount > 0 {
		maxChats = *b.MaxChatsCount
	}
	if err := a.exec(`INSERT INTO cfg_bot_templates(id, owner_client_id, name, avatar, max_chats, default_group_priority, job_title, secret, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, id, b.OwnerClientID, *b.Name, cfgDeref(b.Avatar), maxChats, cfgDerefOr(b.DefaultGroupPriority, "normal"),
		cfgDeref(b.JobTitle), cfgRandHex(16), a.nowTS); err != nil {
		return nil, err
	}
	return map[string]any{"id": id}, nil
}

func (a *act) cfgBotTemplateExists(id, owner string) error {
	var n int
	if err := a.queryRow(`SELECT COUNT(*) FROM cfg_bot_templates WHERE id = ? AND owner_client_id = ?`, id, owner).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return lerr(livechat.TypeNotFound, "Bot template %s not found", id)
	}
	return nil
}

func updateBotTemplate(a *act) (any, error) {
	var b cfgBotTemplateBody
	if err := a.decode(&b); err != nil {
		return nil, err
	}
	if b.ID == "" {
		return nil, validation("id is required")
	}
	if err := b.validate(); err != nil {
		return nil, err
	}
	if err := a.cfgBotTemplateExists(b.ID, b.OwnerClientID); err != nil {
		return nil, err
	}
	var err error
	ex := func(col string, v any) {
		if err == nil {
			err = a.exec(`UPDATE cfg_bot_templates SET `+col+` = ? WHERE id = ?`, v, b.ID)
		}
	}
	if b.Name != nil {
		ex("name", *b.Name)
	}
	if b.Avatar != nil {
		ex("avatar", *b.Avatar)
	}
	if b.MaxChatsCount != nil && *b.MaxChatsCount > 0 {
		ex("max_chats", *b.MaxChatsCount)
	}
	if b.DefaultGroupPriority != nil {
		ex("default_group_priority", *b.DefaultGroupPriority)
	}
	if b.JobTitle != nil {
		ex("job_title", *b.JobTitle)
	}
	return nil, err
}

func deleteBotTemplate(a *act) (any, error) {
	b, err := a.cfgDecodeOwnedBotTemplate()
	if err != nil {
		return nil, err
	}
	return nil, a.exec(`DELETE FROM cfg_bot_templates WHERE id = ?`, b.ID)
}

func resetBotTemplateSecret(a *act) (any, error) {
	b, err := a.cfgDecodeOwnedBotTemplate()
	if err != nil {
		return nil, err
	}
	secret := cfgRandHex(16)
	if err := a.exec(`UPDATE cfg_bot_templates SET secret = ? WHERE id = ?`, secret, b.ID); err != nil {
		return nil, err
	}
	return map[string]any{"secret": secret}, nil
}

func listBotTemplates(a *act) (any, error) {
	var req struct {
		OwnerClientID string `json:"owner_client_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.OwnerClientID == "" {
		return nil, validation("owner_client_id is required")
	}
	rows, err := a.query(`SELECT id, name, avatar, max_chats, default_group_priority, job_title FROM cfg_bot_templates
		WHERE owner_client_id = ? ORDER BY created_at, id`, req.OwnerClientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{}
	for rows.Next() {
		var id, name, avatar, prio, job string
		var maxChats int
		if err := rows.Scan(&id, &name, &avatar, &maxChats, &prio, &job); err != nil {
			return nil, err
		}
		m := map[string]any{"id": id, "name": name, "max_chats_count": maxChats, "default_group_priority": prio,
			"owner_client_id": req.OwnerClientID}
		if avatar != "" {
			m["avatar"] = avatar
		}
		if job != "" {
			m["job_title"] = job
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
