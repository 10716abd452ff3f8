package customer

import (
	"context"
	"encoding/json"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// DynamicConfigurationRequest holds the parameters of
// get_dynamic_configuration; all are optional.
type DynamicConfigurationRequest struct {
	// GroupID selects a group; nil means the default group.
	GroupID     *int
	URL         string
	ChannelType string
	Test        bool
}

// DynamicLiveChat is the LiveChat part of a dynamic configuration.
type DynamicLiveChat struct {
	GroupID             int            `json:"group_id,omitempty"`
	ClientLimitExceeded bool           `json:"client_limit_exceeded,omitempty"`
	DomainAllowed       bool           `json:"domain_allowed,omitempty"`
	OnlineGroupIDs      []int          `json:"online_group_ids,omitempty"`
	ConfigVersion       string         `json:"config_version,omitempty"`
	LocalizationVersion string         `json:"localization_version,omitempty"`
	Language            string         `json:"language,omitempty"`
	Extra               livechat.Extra `json:"-"`
}

// DynamicConfiguration is the answer of get_dynamic_configuration. API
// 3.6 nests the LiveChat fields under LiveChat; API 3.5 sends them at the
// top level (the fields of the same names here). Use Effective to read
// them either way.
type DynamicConfiguration struct {
	OrganizationID string           `json:"organization_id,omitempty"`
	DefaultWidget  string           `json:"default_widget,omitempty"`
	LiveChatActive bool             `json:"livechat_active,omitempty"`
	LiveChat       *DynamicLiveChat `json:"livechat,omitempty"`
	// API 3.5 top-level fields:
	GroupID             int            `json:"group_id,omitempty"`
	ClientLimitExceeded bool           `json:"client_limit_exceeded,omitempty"`
	DomainAllowed       bool           `json:"domain_allowed,omitempty"`
	OnlineGroupIDs      []int          `json:"online_group_ids,omitempty"`
	ConfigVersion       string         `json:"config_version,omitempty"`
	LocalizationVersion string         `json:"localization_version,omitempty"`
	Language            string         `json:"language,omitempty"`
	Extra               livechat.Extra `json:"-"`
}

// Effective returns the LiveChat fields wherever the API version put them.
func (d *DynamicConfiguration) Effective() DynamicLiveChat {
	if d.LiveChat != nil {
		return *d.LiveChat
	}
	return DynamicLiveChat{
		GroupID: d.GroupID, ClientLimitExceeded: d.ClientLimitExceeded, DomainAllowed: d.DomainAllowed,
		OnlineGroupIDs: d.OnlineGroupIDs, ConfigVersion: d.ConfigVersion,
		LocalizationVersion: d.LocalizationVersion, Language: d.Language,
	}
}

// GetDynamicConfiguration returns the dynamic configuration of a group,
// whose versions feed GetConfiguration and GetLocalization
// (get_dynamic_configuration, a GET action).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) GetDynamicConfiguration(ctx context.Context, req DynamicConfigurationRequest) (*DynamicConfiguration, error) {
	var params []param
	if req.GroupID != nil {
		if *req.GroupID < 0 {
			return nil, livechat.Invalid("group_id", "must not be negative")
		}
		params = append(params, param{"group_id", *req.GroupID})
	}
	if req.URL != "" {
		if err := absURL("url", req.URL); err != nil {
			return nil, err
		}
		params = append(params, param{"url", req.URL})
	}
	if req.ChannelType != "" {
		params = append(params, param{"channel_type", req.ChannelType})
	}
	if req.Test {
		params = append(params, param{"test", true})
	}
	var resp DynamicConfiguration
	if err := c.get(ctx, "get_dynamic_configuration", params, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// WidgetButton is a chat button of a widget configuration.
type WidgetButton struct {
	ID           string         `json:"id,omitempty"`
	Type         string         `json:"type,omitempty"` // image, text
	OnlineValue  string         `json:"online_value,omitempty"`
	OfflineValue string         `json:"offline_value,omitempty"`
	Extra        livechat.Extra `json:"-"`
}

// ConfigurationProperties are the group and license properties of a
// widget configuration.
type ConfigurationProperties struct {
	Group   livechat.Properties `json:"group,omitempty"`
	License livechat.Properties `json:"license,omitempty"`
	Extra   livechat.Extra      `json:"-"`
}

// Configuration is the answer of get_configuration: what a chat widget
// is built from.
type Configuration struct {
	Buttons      []WidgetButton             `json:"buttons,omitempty"`
	TicketForm   *livechat.Form             `json:"ticket_form,omitempty"`
	PrechatForm  *livechat.Form             `json:"prechat_form,omitempty"`
	Integrations map[string]json.RawMessage `json:"integrations,omitempty"`
	Properties   *ConfigurationProperties   `json:"properties,omitempty"`
	Extra        livechat.Extra             `json:"-"`
}

// GetConfiguration returns the widget configuration of a group in a
// version given by GetDynamicConfiguration (get_configuration, a GET action).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) GetConfiguration(ctx context.Context, groupID int, version string) (*Configuration, error) {
	if groupID < 0 {
		return nil, livechat.Invalid("group_id", "must not be negative")
	}
	if err := check.Required("version", version); err != nil {
		return nil, err
	}
	var resp Configuration
	if err := c.get(ctx, "get_configuration", []param{{"group_id", groupID}, {"version", version}}, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// Localization maps phrase keys to translated phrases of the chat widget.
type Localization map[string]string

// GetLocalization returns the widget phrases of a group and language in a
// version given by GetDynamicConfiguration (get_localization, a GET action).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) GetLocalization(ctx context.Context, groupID int, language, version string) (Localization, error) {
	if groupID < 0 {
		return nil, livechat.Invalid("group_id", "must not be negative")
	}
	if err := firstErr(check.Required("language", language), check.Required("version", version)); err != nil {
		return nil, err
	}
	var resp Localization
	if err := c.get(ctx, "get_localization",
		[]param{{"group_id", groupID}, {"language", language}, {"version", version}}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}
