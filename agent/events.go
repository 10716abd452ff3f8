package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// SendEventRequest is the payload of send_event. Event is any event type
// (*livechat.Message, *livechat.File, *livechat.RichMessage, …); its type
// member is set from the Go type. AttachToLastThread lets a system message
// go to the last thread of an inactive chat; it is ignored for active chats.
type SendEventRequest struct {
	ChatID             string         `json:"chat_id"`
	Event              livechat.Event `json:"event"`
	AttachToLastThread bool           `json:"attach_to_last_thread,omitempty"`
}

// UnmarshalJSON decodes the event to its concrete type, so that a server
// (the emulator) can decode the request.
func (r *SendEventRequest) UnmarshalJSON(b []byte) error {
	var w struct {
		ChatID             string          `json:"chat_id"`
		Event              json.RawMessage `json:"event"`
		AttachToLastThread bool            `json:"attach_to_last_thread,omitempty"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = SendEventRequest{ChatID: w.ChatID, AttachToLastThread: w.AttachToLastThread}
	if len(w.Event) > 0 && string(w.Event) != "null" {
		ev, err := livechat.DecodeEvent(w.Event)
		if err != nil {
			return err
		}
		r.Event = ev
	}
	return nil
}

// SendEventResponse is the answer of send_event.
type SendEventResponse struct {
	EventID string `json:"event_id"`
}

// SendEvent adds an event to the chat's active thread (send_event). The
// requester must be a user of the chat.
func (c *Client) SendEvent(ctx context.Context, req SendEventRequest) (*SendEventResponse, error) {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), livechat.ValidateEvent("event", req.Event)); err != nil {
		return nil, err
	}
	return callFor[SendEventResponse](ctx, c, "send_event", &req)
}

// MessageOption adjusts the message sent by SendMessage.
type MessageOption func(*livechat.Message)

// WithVisibility sets who sees the message: livechat.VisibilityAll (the
// default) or livechat.VisibilityAgents (an internal note).
func WithVisibility(v livechat.Visibility) MessageOption {
	return func(m *livechat.Message) { m.Visibility = v }
}

// WithCustomID sets the message's client-chosen custom_id.
func WithCustomID(id string) MessageOption {
	return func(m *livechat.Message) { m.CustomID = id }
}

// WithProperties sets the message's properties.
func WithProperties(p livechat.Properties) MessageOption {
	return func(m *livechat.Message) { m.Properties = p }
}

// NewMessage returns a message event with text and the options applied.
func NewMessage(text string, opts ...MessageOption) *livechat.Message {
	m := &livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventMessage}, Text: text}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	return m
}

// SendMessage sends a text message to the chat's active thread and returns
// the new event's id. It is send_event with a message event.
func (c *Client) SendMessage(ctx context.Context, chatID, text string, opts ...MessageOption) (string, error) {
	resp, err := c.SendEvent(ctx, SendEventRequest{ChatID: chatID, Event: NewMessage(text, opts...)})
	if err != nil {
		return "", err
	}
	return resp.EventID, nil
}

// SendFile sends a file event pointing at url, which must come from
// UploadFile (a LiveChat CDN address). It returns the new event's id.
func (c *Client) SendFile(ctx context.Context, chatID, url string, opts ...MessageOption) (string, error) {
	m := NewMessage("", opts...)
	f := &livechat.File{EventBase: m.EventBase, URL: url}
	f.Type = livechat.EventFile
	resp, err := c.SendEvent(ctx, SendEventRequest{ChatID: chatID, Event: f})
	if err != nil {
		return "", err
	}
	return resp.EventID, nil
}

// SendEventPreviewRequest is the payload of send_event_preview (API 3.6):
// a message that is shown but not saved, e.g. a partial answer before the
// final send_event. Its visibility must be all or unset.
type SendEventPreviewRequest struct {
	ChatID string            `json:"chat_id"`
	Event  *livechat.Message `json:"event"`
}

// SendEventPreview sends an unsaved preview of a message (send_event_preview, API 3.6+).
func (c *Client) SendEventPreview(ctx context.Context, req SendEventPreviewRequest) error {
	const action = "send_event_preview"
	if err := c.since(action, livechat.V3_6); err != nil {
		return err
	}
	if err := check.Required("chat_id", req.ChatID); err != nil {
		return err
	}
	if req.Event == nil {
		return livechat.Required("event")
	}
	if err := livechat.ValidateEvent("event", req.Event); err != nil {
		return err
	}
	if v := req.Event.Visibility; v != "" && v != livechat.VisibilityAll {
		return livechat.Invalid("event.visibility", "must be \"all\" or unset for a preview")
	}
	return c.call(ctx, action, &req, nil)
}

// UploadFileResponse is the answer of upload_file.
type UploadFileResponse struct {
	// URL is the temporary file address; it expires after 24 hours unless
	// used in send_event.
	URL string `json:"url"`
}

// ErrUploadUnsupported is returned by UploadFile when the transport cannot
// send files: an RTM connection (upload_file exists only in the Web API),
// or a transport of unknown kind that does not implement
// livechat.Uploader. It is the *livechat.ArgumentError of upload_file in
// the table of wire-restricted actions, so it also matches
// livechat.ErrValidation under errors.Is.
var ErrUploadUnsupported error = onlyOver["upload_file"].err

// UploadFile uploads the content of r as a temporary file named filename
// and returns its URL, to be sent with SendFile or a *livechat.File event
// (upload_file). Files over 10 MB are refused before anything is sent.
//
// Web API only: the transport must implement livechat.Uploader (the Web
// transport does). Over RTM, or over a transport that cannot upload,
// UploadFile returns ErrUploadUnsupported and sends nothing.
func (c *Client) UploadFile(ctx context.Context, filename string, r io.Reader) (string, error) {
	if filename == "" {
		return "", livechat.Required("filename")
	}
	if strings.ContainsAny(filename, "/\\\x00") {
		return "", livechat.Invalid("filename", "must be a base name without path separators")
	}
	if r == nil {
		return "", livechat.Required("file")
	}
	if c == nil || c.t == nil {
		return "", errNoTransport
	}
	const action = "upload_file"
	if err := c.checkWire(action); err != nil {
		return "", err
	}
	up, ok := c.t.(livechat.Uploader)
	if !ok {
		return "", ErrUploadUnsupported
	}
	var resp UploadFileResponse
	if err := up.Upload(ctx, action, filename, r, &resp); err != nil {
		return "", err
	}
	if resp.URL == "" {
		return "", fmt.Errorf("livechat: upload_file: the answer has no url")
	}
	return resp.URL, nil
}

// RichMessagePostback is the button click of send_rich_message_postback.
type RichMessagePostback struct {
	// ID is the postback id of the button.
	ID string `json:"id"`
	// Toggled says whether the button is now toggled on.
	Toggled bool `json:"toggled"`
}

// SendRichMessagePostbackRequest is the payload of send_rich_message_postback.
type SendRichMessagePostbackRequest struct {
	ChatID   string              `json:"chat_id"`
	ThreadID string              `json:"thread_id"`
	EventID  string              `json:"event_id"`
	Postback RichMessagePostback `json:"postback"`
}

// SendRichMessagePostback reports a click on a rich-message button
// (send_rich_message_postback).
func (c *Client) SendRichMessagePostback(ctx context.Context, req SendRichMessagePostbackRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("thread_id", req.ThreadID),
		check.Required("event_id", req.EventID), check.Required("postback.id", req.Postback.ID)); err != nil {
		return err
	}
	return c.call(ctx, "send_rich_message_postback", &req, nil)
}

// MarkEventsAsSeenRequest is the payload of mark_events_as_seen.
type MarkEventsAsSeenRequest struct {
	ChatID string `json:"chat_id"`
	// SeenUpTo is an RFC 3339 date-time; use livechat.NewTimestamp.
	SeenUpTo livechat.Timestamp `json:"seen_up_to"`
}

// MarkEventsAsSeen moves the requester's events_seen_up_to in a chat
// (mark_events_as_seen).
func (c *Client) MarkEventsAsSeen(ctx context.Context, req MarkEventsAsSeenRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("seen_up_to", string(req.SeenUpTo)),
		check.Timestamp("seen_up_to", req.SeenUpTo)); err != nil {
		return err
	}
	return c.call(ctx, "mark_events_as_seen", &req, nil)
}

// SendTypingIndicatorRequest is the payload of send_typing_indicator.
// IsTyping is always sent (false hides the indicator).
type SendTypingIndicatorRequest struct {
	ChatID     string              `json:"chat_id"`
	Visibility livechat.Visibility `json:"visibility,omitempty"`
	IsTyping   bool                `json:"is_typing"`
}

// SendTypingIndicator shows or hides the requester's typing indicator
// (send_typing_indicator).
func (c *Client) SendTypingIndicator(ctx context.Context, req SendTypingIndicatorRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Visibility("visibility", req.Visibility)); err != nil {
		return err
	}
	return c.call(ctx, "send_typing_indicator", &req, nil)
}

// SendThinkingIndicatorRequest is the payload of send_thinking_indicator (API 3.6).
type SendThinkingIndicatorRequest struct {
	ChatID      string              `json:"chat_id"`
	Title       string              `json:"title,omitempty"`
	Description string              `json:"description,omitempty"`
	Visibility  livechat.Visibility `json:"visibility,omitempty"`
	CustomID    string              `json:"custom_id,omitempty"`
}

// SendThinkingIndicator shows that the requester (typically a bot) is
// working on an answer (send_thinking_indicator, API 3.6+).
func (c *Client) SendThinkingIndicator(ctx context.Context, req SendThinkingIndicatorRequest) error {
	const action = "send_thinking_indicator"
	if err := c.since(action, livechat.V3_6); err != nil {
		return err
	}
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Visibility("visibility", req.Visibility)); err != nil {
		return err
	}
	return c.call(ctx, action, &req, nil)
}

// MulticastAgents selects agent recipients of a multicast.
type MulticastAgents struct {
	All    bool     `json:"all,omitempty"`
	IDs    []string `json:"ids,omitempty"`
	Groups []int    `json:"groups,omitempty"`
}

// MulticastCustomers selects customer recipients of a multicast.
type MulticastCustomers struct {
	IDs []string `json:"ids,omitempty"`
}

// MulticastRecipients are the recipients of a multicast; at least one of
// agents.all, agents.ids, agents.groups and customers.ids is required.
type MulticastRecipients struct {
	Agents    *MulticastAgents    `json:"agents,omitempty"`
	Customers *MulticastCustomers `json:"customers,omitempty"`
}

// MulticastRequest is the payload of multicast. Content is any JSON value
// (encoded with encoding/json; a json.RawMessage is sent as is).
type MulticastRequest struct {
	Recipients MulticastRecipients `json:"recipients"`
	Content    any                 `json:"content"`
	Type       string              `json:"type,omitempty"`
}

// Multicast sends a chat-less, unsaved message to agents or customers (multicast).
func (c *Client) Multicast(ctx context.Context, req MulticastRequest) error {
	r := req.Recipients
	has := (r.Agents != nil && (r.Agents.All || len(r.Agents.IDs) > 0 || len(r.Agents.Groups) > 0)) ||
		(r.Customers != nil && len(r.Customers.IDs) > 0)
	if !has {
		return livechat.Invalid("recipients", "needs at least one of agents.all, agents.ids, agents.groups or customers.ids")
	}
	if raw, ok := req.Content.(json.RawMessage); req.Content == nil || ok && len(raw) == 0 {
		return livechat.Required("content")
	}
	return c.call(ctx, "multicast", &req, nil)
}
