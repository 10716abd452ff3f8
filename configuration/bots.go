package configuration

import (
	"context"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// BotFields are the values of the fields parameter of get_bot and list_bots.
var BotFields = []string{"groups", "work_scheduler", "job_title", "max_chats_count", "timezone"}

// Bot is a bot or a bot template as get_bot, list_bots and
// list_bot_templates answer it. API 3.6 calls the avatar avatar_path.
type Bot struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	Avatar               string          `json:"avatar,omitempty"`
	AvatarPath           string          `json:"avatar_path,omitempty"`
	DefaultGroupPriority Priority        `json:"default_group_priority,omitempty"`
	OwnerClientID        string          `json:"owner_client_id,omitempty"`
	MaxChatsCount        int             `json:"max_chats_count,omitempty"`
	Groups               []GroupPriority `json:"groups,omitempty"`
	JobTitle             string          `json:"job_title,omitempty"`
	Type                 string          `json:"type,omitempty"`
	Timezone             string          `json:"timezone,omitempty"`
	WorkScheduler        *WorkScheduler  `json:"work_scheduler,omitempty"`
	Extra                livechat.Extra  `json:"-"`
}

func validateBotSettings(maxChats int, def Priority, groups []GroupPriority, ws *WorkScheduler) error {
	if err := maxCount("max_chats_count", maxChats, MaxBotChats); err != nil {
		return err
	}
	if err := check.OneOf("default_group_priority", def, priorities...); err != nil {
		return err
	}
	if err := validateGroups(groups); err != nil {
		return err
	}
	return ws.validate("work_scheduler", true)
}

// CreateBotRequest is the payload of create_bot.
type CreateBotRequest struct {
	Name   string `json:"name"`
	Avatar string `json:"avatar,omitempty"`
	// MaxChatsCount is at most 500 (default 6).
	MaxChatsCount        int             `json:"max_chats_count,omitempty"`
	DefaultGroupPriority Priority        `json:"default_group_priority,omitempty"`
	JobTitle             string          `json:"job_title,omitempty"`
	Groups               []GroupPriority `json:"groups,omitempty"`
	// Type categorizes the bot (default "chatbot").
	Type          string         `json:"type,omitempty"`
	WorkScheduler *WorkScheduler `json:"work_scheduler,omitempty"`
	// OwnerClientID is required when authorizing with a PAT.
	OwnerClientID string `json:"owner_client_id,omitempty"`
}

func (r *CreateBotRequest) validate() error {
	if err := check.Required("name", r.Name); err != nil {
		return err
	}
	return validateBotSettings(r.MaxChatsCount, r.DefaultGroupPriority, r.Groups, r.WorkScheduler)
}

// CreateBotResponse is the answer of create_bot and create_bot_template.
type CreateBotResponse struct {
	ID string `json:"id,omitempty"`
	// Secret is needed by IssueBotToken.
	Secret string         `json:"secret,omitempty"`
	Extra  livechat.Extra `json:"-"`
}

// CreateBot creates a bot (create_bot).
func (c *Client) CreateBot(ctx context.Context, req CreateBotRequest) (*CreateBotResponse, error) {
	return callFor[CreateBotResponse](ctx, c, "create_bot", &req)
}

type getBotRequest struct {
	ID     string   `json:"id"`
	Fields []string `json:"fields,omitempty"`
}

func (r *getBotRequest) validate() error {
	return check.FirstErr(check.Required("id", r.ID), eachOneOf("fields", r.Fields, BotFields...))
}

// GetBot returns a bot; fields adds optional members (BotFields) (get_bot).
func (c *Client) GetBot(ctx context.Context, id string, fields ...string) (*Bot, error) {
	return callFor[Bot](ctx, c, "get_bot", &getBotRequest{ID: id, Fields: fields})
}

// ListBotsRequest is the payload of list_bots.
type ListBotsRequest struct {
	// All lists every bot of the license, not only the requester's.
	All    bool     `json:"all,omitempty"`
	Fields []string `json:"fields,omitempty"`
}

func (r *ListBotsRequest) validate() error { return eachOneOf("fields", r.Fields, BotFields...) }

// ListBots returns bots (list_bots).
func (c *Client) ListBots(ctx context.Context, req ListBotsRequest) ([]Bot, error) {
	var resp []Bot
	if err := c.call(ctx, "list_bots", &req, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// UpdateBotRequest is the payload of update_bot; only set fields change.
type UpdateBotRequest struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	Avatar               string          `json:"avatar,omitempty"`
	MaxChatsCount        int             `json:"max_chats_count,omitempty"`
	Groups               []GroupPriority `json:"groups,omitempty"`
	DefaultGroupPriority Priority        `json:"default_group_priority,omitempty"`
	JobTitle             string          `json:"job_title,omitempty"`
	Type                 string          `json:"type,omitempty"`
	WorkScheduler        *WorkScheduler  `json:"work_scheduler,omitempty"`
}

func (r *UpdateBotRequest) validate() error {
	if err := check.Required("id", r.ID); err != nil {
		return err
	}
	return validateBotSettings(r.MaxChatsCount, r.DefaultGroupPriority, r.Groups, r.WorkScheduler)
}

// UpdateBot updates a bot (update_bot).
func (c *Client) UpdateBot(ctx context.Context, req UpdateBotRequest) error {
	return c.call(ctx, "update_bot", &req, nil)
}

// DeleteBot deletes a bot (delete_bot).
func (c *Client) DeleteBot(ctx context.Context, id string) error {
	return c.call(ctx, "delete_bot", &idRequest{ID: id}, nil)
}

// ResetBotSecretRequest is the payload of reset_bot_secret.
type ResetBotSecretRequest struct {
	ID string `json:"id"`
	// OwnerClientID is required when authorizing with a PAT.
	OwnerClientID string `json:"owner_client_id,omitempty"`
}

func (r *ResetBotSecretRequest) validate() error { return check.Required("id", r.ID) }

// SecretResponse is the answer of reset_bot_secret and reset_bot_template_secret.
type SecretResponse struct {
	Secret string         `json:"secret,omitempty"`
	Extra  livechat.Extra `json:"-"`
}

// ResetBotSecret gives a bot a new secret (reset_bot_secret).
func (c *Client) ResetBotSecret(ctx context.Context, req ResetBotSecretRequest) (*SecretResponse, error) {
	return callFor[SecretResponse](ctx, c, "reset_bot_secret", &req)
}

// CreateBotTemplateRequest is the payload of create_bot_template.
type CreateBotTemplateRequest struct {
	Name                 string   `json:"name"`
	Avatar               string   `json:"avatar,omitempty"`
	MaxChatsCount        int      `json:"max_chats_count,omitempty"`
	DefaultGroupPriority Priority `json:"default_group_priority,omitempty"`
	JobTitle             string   `json:"job_title,omitempty"`
	OwnerClientID        string   `json:"owner_client_id"`
	// AffectExistingInstallations creates the bot on licenses that
	// already installed the application.
	AffectExistingInstallations bool `json:"affect_existing_installations,omitempty"`
}

func (r *CreateBotTemplateRequest) validate() error {
	if err := check.FirstErr(check.Required("name", r.Name), check.Required("owner_client_id", r.OwnerClientID)); err != nil {
		return err
	}
	return validateBotSettings(r.MaxChatsCount, r.DefaultGroupPriority, nil, nil)
}

// CreateBotTemplate creates a bot template of an application (create_bot_template).
func (c *Client) CreateBotTemplate(ctx context.Context, req CreateBotTemplateRequest) (*CreateBotResponse, error) {
	return callFor[CreateBotResponse](ctx, c, "create_bot_template", &req)
}

// UpdateBotTemplateRequest is the payload of update_bot_template.
type UpdateBotTemplateRequest struct {
	ID                          string   `json:"id"`
	Name                        string   `json:"name,omitempty"`
	Avatar                      string   `json:"avatar,omitempty"`
	MaxChatsCount               int      `json:"max_chats_count,omitempty"`
	DefaultGroupPriority        Priority `json:"default_group_priority,omitempty"`
	JobTitle                    string   `json:"job_title,omitempty"`
	OwnerClientID               string   `json:"owner_client_id"`
	AffectExistingInstallations bool     `json:"affect_existing_installations,omitempty"`
}

func (r *UpdateBotTemplateRequest) validate() error {
	if err := check.FirstErr(check.Required("id", r.ID), check.Required("owner_client_id", r.OwnerClientID)); err != nil {
		return err
	}
	return validateBotSettings(r.MaxChatsCount, r.DefaultGroupPriority, nil, nil)
}

// UpdateBotTemplate updates a bot template (update_bot_template).
func (c *Client) UpdateBotTemplate(ctx context.Context, req UpdateBotTemplateRequest) error {
	return c.call(ctx, "update_bot_template", &req, nil)
}

// BotTemplateRequest names a bot template: the payload of
// delete_bot_template and reset_bot_template_secret.
type BotTemplateRequest struct {
	ID                          string `json:"id"`
	OwnerClientID               string `json:"owner_client_id"`
	AffectExistingInstallations bool   `json:"affect_existing_installations,omitempty"`
}

func (r *BotTemplateRequest) validate() error {
	return check.FirstErr(check.Required("id", r.ID), check.Required("owner_client_id", r.OwnerClientID))
}

// DeleteBotTemplate deletes a bot template (delete_bot_template).
func (c *Client) DeleteBotTemplate(ctx context.Context, req BotTemplateRequest) error {
	return c.call(ctx, "delete_bot_template", &req, nil)
}

// ResetBotTemplateSecret gives a bot template a new secret (reset_bot_template_secret).
func (c *Client) ResetBotTemplateSecret(ctx context.Context, req BotTemplateRequest) (*SecretResponse, error) {
	return callFor[SecretResponse](ctx, c, "reset_bot_template_secret", &req)
}

type ownerRequest struct {
	OwnerClientID string `json:"owner_client_id"`
}

func (r *ownerRequest) validate() error { return check.Required("owner_client_id", r.OwnerClientID) }

// ListBotTemplates returns the bot templates of an application (list_bot_templates).
func (c *Client) ListBotTemplates(ctx context.Context, ownerClientID string) ([]Bot, error) {
	var resp []Bot
	if err := c.call(ctx, "list_bot_templates", &ownerRequest{OwnerClientID: ownerClientID}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// IssueBotTokenRequest is the payload of issue_bot_token; every field is required.
type IssueBotTokenRequest struct {
	BotID          string `json:"bot_id"`
	ClientID       string `json:"client_id"`
	BotSecret      string `json:"bot_secret"`
	OrganizationID string `json:"organization_id"`
}

func (r *IssueBotTokenRequest) validate() error {
	return check.FirstErr(check.Required("bot_id", r.BotID), check.Required("client_id", r.ClientID),
		check.Required("bot_secret", r.BotSecret), check.Required("organization_id", r.OrganizationID))
}

// BotToken is the answer of issue_bot_token: a JWT valid for 24 hours.
type BotToken struct {
	Token string         `json:"token,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// IssueBotToken issues a token the bot uses with the Agent Chat API (issue_bot_token).
func (c *Client) IssueBotToken(ctx context.Context, req IssueBotTokenRequest) (*BotToken, error) {
	return callFor[BotToken](ctx, c, "issue_bot_token", &req)
}

// BatchCreateBots creates bots in one batch (batch_create_bots).
func (c *Client) BatchCreateBots(ctx context.Context, reqs []CreateBotRequest) ([]BatchResult[CreateBotResponse], error) {
	return batch[CreateBotRequest, CreateBotResponse](ctx, c, "batch_create_bots", reqs)
}

// BatchUpdateBots updates bots in one batch (batch_update_bots).
func (c *Client) BatchUpdateBots(ctx context.Context, reqs []UpdateBotRequest) ([]BatchResult[Empty], error) {
	return batch[UpdateBotRequest, Empty](ctx, c, "batch_update_bots", reqs)
}

// BatchDeleteBots deletes bots in one batch (batch_delete_bots).
func (c *Client) BatchDeleteBots(ctx context.Context, ids []string) ([]BatchResult[Empty], error) {
	return batch[idRequest, Empty](ctx, c, "batch_delete_bots", idRequests(ids))
}
