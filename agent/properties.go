package agent

import (
	"context"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// UpdateChatPropertiesRequest is the payload of update_chat_properties.
type UpdateChatPropertiesRequest struct {
	ID         string              `json:"id"`
	Properties livechat.Properties `json:"properties"`
}

// UpdateChatProperties sets chat properties (update_chat_properties).
func (c *Client) UpdateChatProperties(ctx context.Context, req UpdateChatPropertiesRequest) error {
	if err := check.FirstErr(check.Required("id", req.ID), check.Properties("properties", req.Properties)); err != nil {
		return err
	}
	return c.call(ctx, "update_chat_properties", &req, nil)
}

// DeleteChatPropertiesRequest is the payload of delete_chat_properties.
type DeleteChatPropertiesRequest struct {
	ID         string                 `json:"id"`
	Properties livechat.PropertyNames `json:"properties"`
}

// DeleteChatProperties deletes chat properties (delete_chat_properties).
func (c *Client) DeleteChatProperties(ctx context.Context, req DeleteChatPropertiesRequest) error {
	if err := check.FirstErr(check.Required("id", req.ID), check.PropertyNames("properties", req.Properties)); err != nil {
		return err
	}
	return c.call(ctx, "delete_chat_properties", &req, nil)
}

// UpdateThreadPropertiesRequest is the payload of update_thread_properties.
type UpdateThreadPropertiesRequest struct {
	ChatID     string              `json:"chat_id"`
	ThreadID   string              `json:"thread_id"`
	Properties livechat.Properties `json:"properties"`
}

// UpdateThreadProperties sets thread properties (update_thread_properties).
func (c *Client) UpdateThreadProperties(ctx context.Context, req UpdateThreadPropertiesRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("thread_id", req.ThreadID),
		check.Properties("properties", req.Properties)); err != nil {
		return err
	}
	return c.call(ctx, "update_thread_properties", &req, nil)
}

// DeleteThreadPropertiesRequest is the payload of delete_thread_properties.
type DeleteThreadPropertiesRequest struct {
	ChatID     string                 `json:"chat_id"`
	ThreadID   string                 `json:"thread_id"`
	Properties livechat.PropertyNames `json:"properties"`
}

// DeleteThreadProperties deletes thread properties (delete_thread_properties).
func (c *Client) DeleteThreadProperties(ctx context.Context, req DeleteThreadPropertiesRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("thread_id", req.ThreadID),
		check.PropertyNames("properties", req.Properties)); err != nil {
		return err
	}
	return c.call(ctx, "delete_thread_properties", &req, nil)
}

// UpdateEventPropertiesRequest is the payload of update_event_properties.
type UpdateEventPropertiesRequest struct {
	ChatID     string              `json:"chat_id"`
	ThreadID   string              `json:"thread_id"`
	EventID    string              `json:"event_id"`
	Properties livechat.Properties `json:"properties"`
}

// UpdateEventProperties sets event properties (update_event_properties).
func (c *Client) UpdateEventProperties(ctx context.Context, req UpdateEventPropertiesRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("thread_id", req.ThreadID),
		check.Required("event_id", req.EventID), check.Properties("properties", req.Properties)); err != nil {
		return err
	}
	return c.call(ctx, "update_event_properties", &req, nil)
}

// DeleteEventPropertiesRequest is the payload of delete_event_properties.
type DeleteEventPropertiesRequest struct {
	ChatID     string                 `json:"chat_id"`
	ThreadID   string                 `json:"thread_id"`
	EventID    string                 `json:"event_id"`
	Properties livechat.PropertyNames `json:"properties"`
}

// DeleteEventProperties deletes event properties (delete_event_properties).
func (c *Client) DeleteEventProperties(ctx context.Context, req DeleteEventPropertiesRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("thread_id", req.ThreadID),
		check.Required("event_id", req.EventID), check.PropertyNames("properties", req.Properties)); err != nil {
		return err
	}
	return c.call(ctx, "delete_event_properties", &req, nil)
}

// TagThreadRequest is the payload of tag_thread. The tag must exist
// (Configuration API create_tag) and is case-sensitive.
type TagThreadRequest struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
	Tag      string `json:"tag"`
}

func (r TagThreadRequest) validate() error {
	return check.FirstErr(check.Required("chat_id", r.ChatID), check.Required("thread_id", r.ThreadID), check.Required("tag", r.Tag))
}

// TagThread adds a tag to a thread (tag_thread).
func (c *Client) TagThread(ctx context.Context, req TagThreadRequest) error {
	if err := req.validate(); err != nil {
		return err
	}
	return c.call(ctx, "tag_thread", &req, nil)
}

// UntagThreadRequest is the payload of untag_thread.
type UntagThreadRequest struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
	Tag      string `json:"tag"`
}

// UntagThread removes a tag from a thread (untag_thread).
func (c *Client) UntagThread(ctx context.Context, req UntagThreadRequest) error {
	if err := TagThreadRequest(req).validate(); err != nil {
		return err
	}
	return c.call(ctx, "untag_thread", &req, nil)
}
