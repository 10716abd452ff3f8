package configuration

import (
	"context"
	"fmt"
	"regexp"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// WebhookType says which webhooks a registration produces.
type WebhookType string

// Webhook types.
const (
	// WebhookLicense webhooks fire for every license that installed the application.
	WebhookLicense WebhookType = "license"
	// WebhookBot webhooks fire for chats the application's bots are in.
	WebhookBot WebhookType = "bot"
)

// Documented values of webhook filters and additional data.
var (
	WebhookAdditionalData = []string{"chat_properties", "chat_presence_user_ids"}
	WebhookSourceTypes    = []string{"my_client", "other_clients", "system"}
	WebhookAuthorTypes    = []string{"customer", "agent"}
)

// ValuesFilter matches any of Values, or none of ExcludeValues; only one is allowed.
type ValuesFilter struct {
	Values        []string       `json:"values,omitempty"`
	ExcludeValues []string       `json:"exclude_values,omitempty"`
	Extra         livechat.Extra `json:"-"`
}

// ChatPresenceFilter fires a webhook based on who is in the chat.
type ChatPresenceFilter struct {
	UserIDs *ValuesFilter `json:"user_ids,omitempty"`
	// MyBots fires when a bot of the owner application is in the chat.
	MyBots bool           `json:"my_bots,omitempty"`
	Extra  livechat.Extra `json:"-"`
}

// WebhookFilters narrow when a webhook fires.
type WebhookFilters struct {
	// AuthorType (customer or agent) is allowed for incoming_event and event_updated only.
	AuthorType string `json:"author_type,omitempty"`
	// OnlyMyChats fires only for chats whose source.client_id is the owner.
	OnlyMyChats  bool                `json:"only_my_chats,omitempty"`
	ChatPresence *ChatPresenceFilter `json:"chat_presence,omitempty"`
	// SourceType lists my_client, other_clients and/or system.
	SourceType []string       `json:"source_type,omitempty"`
	Extra      livechat.Extra `json:"-"`
}

var actionName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// RegisterWebhookRequest is the payload of register_webhook.
type RegisterWebhookRequest struct {
	// Action is the triggering action, e.g. "incoming_chat".
	Action string `json:"action"`
	// SecretKey is sent in every webhook so the receiver can verify it.
	SecretKey string `json:"secret_key"`
	// URL receives the webhooks (at most 500 characters).
	URL            string          `json:"url"`
	AdditionalData []string        `json:"additional_data,omitempty"`
	Description    string          `json:"description,omitempty"`
	Filters        *WebhookFilters `json:"filters,omitempty"`
	OwnerClientID  string          `json:"owner_client_id"`
	Type           WebhookType     `json:"type"`
}

func (r *RegisterWebhookRequest) validate() error {
	if err := check.Required("action", r.Action); err != nil {
		return err
	}
	if !actionName.MatchString(r.Action) {
		return livechat.Invalid("action", fmt.Sprintf("must be an action name such as incoming_chat, got %q", r.Action))
	}
	if err := check.Required("secret_key", r.SecretKey); err != nil {
		return err
	}
	if err := check.HTTPURL("url", r.URL, MaxWebhookURLLength); err != nil {
		return err
	}
	if err := check.Required("owner_client_id", r.OwnerClientID); err != nil {
		return err
	}
	if err := check.RequiredOneOf("type", r.Type, WebhookLicense, WebhookBot); err != nil {
		return err
	}
	if err := eachOneOf("additional_data", r.AdditionalData, WebhookAdditionalData...); err != nil {
		return err
	}
	f := r.Filters
	if f == nil {
		return nil
	}
	if f.AuthorType != "" {
		if err := check.OneOf("filters.author_type", f.AuthorType, WebhookAuthorTypes...); err != nil {
			return err
		}
		if r.Action != "incoming_event" && r.Action != "event_updated" {
			return livechat.Invalid("filters.author_type", "is allowed only for incoming_event and event_updated")
		}
	}
	if err := eachOneOf("filters.source_type", f.SourceType, WebhookSourceTypes...); err != nil {
		return err
	}
	if cp := f.ChatPresence; cp != nil && cp.UserIDs != nil {
		if len(cp.UserIDs.Values) > 0 && len(cp.UserIDs.ExcludeValues) > 0 {
			return livechat.Invalid("filters.chat_presence.user_ids", "cannot have both values and exclude_values")
		}
	}
	return nil
}

// RegisterWebhookResponse is the answer of register_webhook.
type RegisterWebhookResponse struct {
	ID    string         `json:"id,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// RegisterWebhook registers a webhook of an application (register_webhook).
// An application may register up to three webhooks per action.
func (c *Client) RegisterWebhook(ctx context.Context, req RegisterWebhookRequest) (*RegisterWebhookResponse, error) {
	return callFor[RegisterWebhookResponse](ctx, c, "register_webhook", &req)
}

// Webhook is a registered webhook (list_webhooks).
type Webhook struct {
	ID             string          `json:"id"`
	URL            string          `json:"url,omitempty"`
	Description    string          `json:"description,omitempty"`
	Action         string          `json:"action,omitempty"`
	SecretKey      string          `json:"secret_key,omitempty"`
	Filters        *WebhookFilters `json:"filters,omitempty"`
	OwnerClientID  string          `json:"owner_client_id,omitempty"`
	Type           WebhookType     `json:"type,omitempty"`
	AdditionalData []string        `json:"additional_data,omitempty"`
	Extra          livechat.Extra  `json:"-"`
}

// ListWebhooks returns the webhooks of an application (list_webhooks).
func (c *Client) ListWebhooks(ctx context.Context, ownerClientID string) ([]Webhook, error) {
	var resp []Webhook
	if err := c.call(ctx, "list_webhooks", &ownerRequest{OwnerClientID: ownerClientID}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

type unregisterWebhookRequest struct {
	ID            string `json:"id"`
	OwnerClientID string `json:"owner_client_id"`
}

func (r *unregisterWebhookRequest) validate() error {
	return check.FirstErr(check.Required("id", r.ID), check.Required("owner_client_id", r.OwnerClientID))
}

// UnregisterWebhook removes a webhook (unregister_webhook).
func (c *Client) UnregisterWebhook(ctx context.Context, id, ownerClientID string) error {
	return c.call(ctx, "unregister_webhook", &unregisterWebhookRequest{ID: id, OwnerClientID: ownerClientID}, nil)
}

// WebhookName describes an action that can trigger webhooks.
type WebhookName struct {
	Action         string         `json:"action"`
	Filters        []string       `json:"filters,omitempty"`
	AdditionalData []string       `json:"additional_data,omitempty"`
	Extra          livechat.Extra `json:"-"`
}

type versionRequest struct {
	Version string `json:"version,omitempty"`
}

func (r *versionRequest) validate() error {
	if r.Version == "" {
		return nil
	}
	if _, err := livechat.ParseAPIVersion(r.Version); err != nil {
		return livechat.Invalid("version", err.Error())
	}
	return nil
}

// ListWebhookNames returns the webhook actions of an API version ("" for
// the current stable one) (list_webhook_names).
func (c *Client) ListWebhookNames(ctx context.Context, version string) ([]WebhookName, error) {
	var resp []WebhookName
	if err := c.call(ctx, "list_webhook_names", &versionRequest{Version: version}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// optionalOwnerRequest carries owner_client_id, required only with PATs.
type optionalOwnerRequest struct {
	OwnerClientID string `json:"owner_client_id,omitempty"`
}

func (r *optionalOwnerRequest) validate() error { return nil }

// EnableLicenseWebhooks enables the application's license webhooks on the
// license (enable_license_webhooks). ownerClientID is needed with PATs only.
func (c *Client) EnableLicenseWebhooks(ctx context.Context, ownerClientID string) error {
	return c.call(ctx, "enable_license_webhooks", &optionalOwnerRequest{OwnerClientID: ownerClientID}, nil)
}

// DisableLicenseWebhooks disables the application's license webhooks on
// the license (disable_license_webhooks).
func (c *Client) DisableLicenseWebhooks(ctx context.Context, ownerClientID string) error {
	return c.call(ctx, "disable_license_webhooks", &optionalOwnerRequest{OwnerClientID: ownerClientID}, nil)
}

// WebhooksState is the answer of get_license_webhooks_state.
type WebhooksState struct {
	LicenseWebhooksEnabled bool           `json:"license_webhooks_enabled,omitempty"`
	Extra                  livechat.Extra `json:"-"`
}

// GetLicenseWebhooksState says whether the application's license webhooks
// are enabled on the license (get_license_webhooks_state).
func (c *Client) GetLicenseWebhooksState(ctx context.Context, ownerClientID string) (*WebhooksState, error) {
	return callFor[WebhooksState](ctx, c, "get_license_webhooks_state", &optionalOwnerRequest{OwnerClientID: ownerClientID})
}
