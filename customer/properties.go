package customer

import (
	"context"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

type chatPropertiesRequest[P any] struct {
	ID         string `json:"id"`
	Properties P      `json:"properties"`
	check      func(string, P) error
}

func (r *chatPropertiesRequest[P]) validate() error {
	if err := check.Required("id", r.ID); err != nil {
		return err
	}
	return r.check("properties", r.Properties)
}

type threadPropertiesRequest[P any] struct {
	ChatID     string `json:"chat_id"`
	ThreadID   string `json:"thread_id"`
	Properties P      `json:"properties"`
	check      func(string, P) error
}

func (r *threadPropertiesRequest[P]) validate() error {
	if err := firstErr(check.Required("chat_id", r.ChatID), check.Required("thread_id", r.ThreadID)); err != nil {
		return err
	}
	return r.check("properties", r.Properties)
}

type eventPropertiesRequest[P any] struct {
	ChatID     string `json:"chat_id"`
	ThreadID   string `json:"thread_id"`
	EventID    string `json:"event_id"`
	Properties P      `json:"properties"`
	check      func(string, P) error
}

func (r *eventPropertiesRequest[P]) validate() error {
	if err := firstErr(check.Required("chat_id", r.ChatID), check.Required("thread_id", r.ThreadID), check.Required("event_id", r.EventID)); err != nil {
		return err
	}
	return r.check("properties", r.Properties)
}

// UpdateChatProperties sets chat properties (update_chat_properties).
func (c *Client) UpdateChatProperties(ctx context.Context, chatID string, props livechat.Properties) error {
	return c.call(ctx, "update_chat_properties",
		&chatPropertiesRequest[livechat.Properties]{ID: chatID, Properties: props, check: check.Properties}, nil)
}

// DeleteChatProperties deletes chat properties (delete_chat_properties).
func (c *Client) DeleteChatProperties(ctx context.Context, chatID string, names livechat.PropertyNames) error {
	return c.call(ctx, "delete_chat_properties",
		&chatPropertiesRequest[livechat.PropertyNames]{ID: chatID, Properties: names, check: check.PropertyNames}, nil)
}

// UpdateThreadProperties sets thread properties (update_thread_properties).
func (c *Client) UpdateThreadProperties(ctx context.Context, chatID, threadID string, props livechat.Properties) error {
	return c.call(ctx, "update_thread_properties",
		&threadPropertiesRequest[livechat.Properties]{ChatID: chatID, ThreadID: threadID, Properties: props, check: check.Properties}, nil)
}

// DeleteThreadProperties deletes thread properties (delete_thread_properties).
func (c *Client) DeleteThreadProperties(ctx context.Context, chatID, threadID string, names livechat.PropertyNames) error {
	return c.call(ctx, "delete_thread_properties",
		&threadPropertiesRequest[livechat.PropertyNames]{ChatID: chatID, ThreadID: threadID, Properties: names, check: check.PropertyNames}, nil)
}

// UpdateEventProperties sets event properties (update_event_properties).
func (c *Client) UpdateEventProperties(ctx context.Context, chatID, threadID, eventID string, props livechat.Properties) error {
	return c.call(ctx, "update_event_properties",
		&eventPropertiesRequest[livechat.Properties]{ChatID: chatID, ThreadID: threadID, EventID: eventID, Properties: props, check: check.Properties}, nil)
}

// DeleteEventProperties deletes event properties (delete_event_properties).
func (c *Client) DeleteEventProperties(ctx context.Context, chatID, threadID, eventID string, names livechat.PropertyNames) error {
	return c.call(ctx, "delete_event_properties",
		&eventPropertiesRequest[livechat.PropertyNames]{ChatID: chatID, ThreadID: threadID, EventID: eventID, Properties: names, check: check.PropertyNames}, nil)
}

// ListLicenseProperties returns the license properties the customer may
// read (list_license_properties, a GET action). namespace and name narrow
// the answer when not "".
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) ListLicenseProperties(ctx context.Context, namespace, name string) (livechat.Properties, error) {
	var params []param
	if namespace != "" {
		params = append(params, param{"namespace", namespace})
	}
	if name != "" {
		params = append(params, param{"name", name})
	}
	var resp livechat.Properties
	if err := c.get(ctx, "list_license_properties", params, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// ListGroupProperties returns the properties of group groupID the
// customer may read (list_group_properties, a GET action).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) ListGroupProperties(ctx context.Context, groupID int, namespace, name string) (livechat.Properties, error) {
	if groupID < 0 {
		return nil, livechat.Invalid("id", "must not be negative")
	}
	params := []param{{"id", groupID}}
	if namespace != "" {
		params = append(params, param{"namespace", namespace})
	}
	if name != "" {
		params = append(params, param{"name", name})
	}
	var resp livechat.Properties
	if err := c.get(ctx, "list_group_properties", params, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}
