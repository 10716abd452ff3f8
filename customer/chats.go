package customer

import (
	"context"
	"io"
	"strconv"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// SortOrder orders a paginated listing.
type SortOrder string

// Sort orders.
const (
	SortAsc  SortOrder = "asc"
	SortDesc SortOrder = "desc" // the default
)

// Bool returns a pointer to v, for optional boolean fields.
func Bool(v bool) *bool { return &v }

// Int returns a pointer to v, for optional integer fields.
func Int(v int) *int { return &v }

// ListChatsRequest is the payload of list_chats. Send either the first
// page's Limit and SortOrder, or only PageID.
type ListChatsRequest struct {
	// Limit is the page size (default 10, max 25).
	Limit int `json:"limit,omitempty"`
	// SortOrder sorts by the creation of each chat's last thread.
	SortOrder SortOrder `json:"sort_order,omitempty"`
	// PageID is a next_page_id or previous_page_id of an earlier answer.
	PageID string `json:"page_id,omitempty"`
}

func (r *ListChatsRequest) validate() error {
	if err := inRange("limit", r.Limit, 0, MaxListChatsLimit); err != nil {
		return err
	}
	if err := check.OneOf("sort_order", r.SortOrder, SortAsc, SortDesc); err != nil {
		return err
	}
	if r.PageID != "" && (r.Limit != 0 || r.SortOrder != "") {
		return livechat.Invalid("page_id", "cannot be combined with limit or sort_order")
	}
	return nil
}

// ListChatsResponse is the answer of list_chats.
type ListChatsResponse struct {
	ChatsSummary []livechat.ChatSummary `json:"chats_summary,omitempty"`
	// TotalChats is an estimate.
	TotalChats     int            `json:"total_chats,omitempty"`
	NextPageID     string         `json:"next_page_id,omitempty"`
	PreviousPageID string         `json:"previous_page_id,omitempty"`
	Extra          livechat.Extra `json:"-"`
}

// ListChats returns summaries of the chats the customer took part in
// (list_chats).
func (c *Client) ListChats(ctx context.Context, req ListChatsRequest) (*ListChatsResponse, error) {
	return callFor[ListChatsResponse](ctx, c, "list_chats", &req)
}

// ListThreadsRequest is the payload of list_threads.
type ListThreadsRequest struct {
	ChatID    string    `json:"chat_id"`
	SortOrder SortOrder `json:"sort_order,omitempty"`
	// Limit is the page size (default 3, max 100); not with MinEventsCount.
	Limit  int    `json:"limit,omitempty"`
	PageID string `json:"page_id,omitempty"`
	// MinEventsCount asks for as many latest threads as hold at least
	// this many events in total (1–100).
	MinEventsCount int `json:"min_events_count,omitempty"`
}

func (r *ListThreadsRequest) validate() error {
	if err := check.Required("chat_id", r.ChatID); err != nil {
		return err
	}
	if err := check.OneOf("sort_order", r.SortOrder, SortAsc, SortDesc); err != nil {
		return err
	}
	if err := inRange("limit", r.Limit, 0, MaxListThreadsLimit); err != nil {
		return err
	}
	if err := inRange("min_events_count", r.MinEventsCount, 0, MaxMinEventsCount); err != nil {
		return err
	}
	if r.Limit != 0 && r.MinEventsCount != 0 {
		return livechat.Invalid("min_events_count", "cannot be combined with limit")
	}
	if r.PageID != "" && (r.Limit != 0 || r.SortOrder != "") {
		return livechat.Invalid("page_id", "cannot be combined with limit or sort_order")
	}
	return nil
}

// ListThreadsResponse is the answer of list_threads.
type ListThreadsResponse struct {
	Threads        []livechat.Thread `json:"threads,omitempty"`
	FoundThreads   int               `json:"found_threads,omitempty"`
	NextPageID     string            `json:"next_page_id,omitempty"`
	PreviousPageID string            `json:"previous_page_id,omitempty"`
	Extra          livechat.Extra    `json:"-"`
}

// ListThreads returns the threads of a chat the customer may see
// (list_threads).
func (c *Client) ListThreads(ctx context.Context, req ListThreadsRequest) (*ListThreadsResponse, error) {
	return callFor[ListThreadsResponse](ctx, c, "list_threads", &req)
}

type getChatRequest struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id,omitempty"`
}

func (r *getChatRequest) validate() error { return check.Required("chat_id", r.ChatID) }

// GetChat returns a chat with one thread: threadID, or the latest thread
// when threadID is "" (get_chat).
func (c *Client) GetChat(ctx context.Context, chatID, threadID string) (*livechat.Chat, error) {
	return callFor[livechat.Chat](ctx, c, "get_chat", &getChatRequest{ChatID: chatID, ThreadID: threadID})
}

// ThreadInit is the initial content of the thread created by start_chat or
// resume_chat.
type ThreadInit struct {
	// Events are the initial events (the form type is not supported).
	Events     livechat.Events     `json:"events,omitempty"`
	Properties livechat.Properties `json:"properties,omitempty"`
}

// ChatInit describes the chat of start_chat and resume_chat.
type ChatInit struct {
	// ID is the chat to resume; required by resume_chat, absent in start_chat.
	ID         string              `json:"id,omitempty"`
	Properties livechat.Properties `json:"properties,omitempty"`
	// Access limits the chat to groups (default: all agents).
	Access *livechat.Access `json:"access,omitempty"`
	Thread *ThreadInit      `json:"thread,omitempty"`
}

func (ci *ChatInit) validate() error {
	if ci.Thread == nil {
		return nil
	}
	for i, ev := range ci.Thread.Events {
		field := "chat.thread.events[" + strconv.Itoa(i) + "]"
		if ev != nil && ev.EventType() == livechat.EventForm {
			return livechat.Invalid(field, "must not be a form event")
		}
		if err := livechat.ValidateEvent(field, ev); err != nil {
			return err
		}
	}
	return nil
}

// StartChatRequest is the payload of start_chat. The zero value starts an
// active, non-continuous chat with no initial events.
type StartChatRequest struct {
	Chat *ChatInit `json:"chat,omitempty"`
	// Active false creates an inactive thread (default true).
	Active *bool `json:"active,omitempty"`
	// Continuous true starts the chat even when no group is online.
	Continuous *bool `json:"continuous,omitempty"`
}

func (r *StartChatRequest) validate() error {
	if r.Chat == nil {
		return nil
	}
	if r.Chat.ID != "" {
		return livechat.Invalid("chat.id", "must be empty in start_chat (use ResumeChat)")
	}
	return r.Chat.validate()
}

// StartChatResponse is the answer of start_chat.
type StartChatResponse struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	// EventIDs are the ids of the initial events, in order.
	EventIDs []string       `json:"event_ids,omitempty"`
	Extra    livechat.Extra `json:"-"`
}

// StartChat starts a chat and its first thread (start_chat).
func (c *Client) StartChat(ctx context.Context, req StartChatRequest) (*StartChatResponse, error) {
	return callFor[StartChatResponse](ctx, c, "start_chat", &req)
}

// ResumeChatRequest is the payload of resume_chat; Chat.ID is required.
type ResumeChatRequest struct {
	Chat ChatInit `json:"chat"`
	// Active false creates an inactive thread (default true).
	Active *bool `json:"active,omitempty"`
	// Continuous sets the continuous mode; nil leaves it unchanged.
	Continuous *bool `json:"continuous,omitempty"`
}

func (r *ResumeChatRequest) validate() error {
	if err := check.Required("chat.id", r.Chat.ID); err != nil {
		return err
	}
	return r.Chat.validate()
}

// ResumeChatResponse is the answer of resume_chat.
type ResumeChatResponse struct {
	ThreadID string         `json:"thread_id,omitempty"`
	EventIDs []string       `json:"event_ids,omitempty"`
	Extra    livechat.Extra `json:"-"`
}

// ResumeChat starts a new thread in an archived chat (resume_chat).
func (c *Client) ResumeChat(ctx context.Context, req ResumeChatRequest) (*ResumeChatResponse, error) {
	return callFor[ResumeChatResponse](ctx, c, "resume_chat", &req)
}

type idRequest struct {
	ID string `json:"id"`
}

func (r *idRequest) validate() error { return check.Required("id", r.ID) }

// DeactivateChat closes the active thread of a chat (deactivate_chat).
func (c *Client) DeactivateChat(ctx context.Context, chatID string) error {
	return c.call(ctx, "deactivate_chat", &idRequest{ID: chatID}, nil)
}

// SendEventRequest is the payload of send_event.
type SendEventRequest struct {
	ChatID string `json:"chat_id"`
	// Event is a *livechat.Message, *livechat.File, *livechat.RichMessage,
	// *livechat.FilledForm, *livechat.Custom, … (not a form).
	Event livechat.Event `json:"event"`
	// AttachToLastThread adds the event to the last thread of an inactive
	// chat instead of failing with chat_inactive.
	AttachToLastThread bool `json:"attach_to_last_thread,omitempty"`
}

func (r *SendEventRequest) validate() error {
	if err := check.Required("chat_id", r.ChatID); err != nil {
		return err
	}
	if r.Event != nil && r.Event.EventType() == livechat.EventForm {
		return livechat.Invalid("event", "must not be a form event")
	}
	return livechat.ValidateEvent("event", r.Event)
}

// SendEventResponse is the answer of send_event.
type SendEventResponse struct {
	EventID string         `json:"event_id,omitempty"`
	Extra   livechat.Extra `json:"-"`
}

// SendEvent adds an event to the active thread of a chat (send_event).
func (c *Client) SendEvent(ctx context.Context, req SendEventRequest) (*SendEventResponse, error) {
	return callFor[SendEventResponse](ctx, c, "send_event", &req)
}

// MessageOption adjusts the message sent by SendMessage.
type MessageOption func(*SendEventRequest, *livechat.Message)

// WithCustomID sets the client-chosen custom_id of the message.
func WithCustomID(id string) MessageOption {
	return func(_ *SendEventRequest, m *livechat.Message) { m.CustomID = id }
}

// WithMessageProperties sets the properties of the message.
func WithMessageProperties(p livechat.Properties) MessageOption {
	return func(_ *SendEventRequest, m *livechat.Message) { m.Properties = p }
}

// WithAttachToLastThread sends the message to the last thread even when
// the chat is inactive.
func WithAttachToLastThread() MessageOption {
	return func(r *SendEventRequest, _ *livechat.Message) { r.AttachToLastThread = true }
}

// SendMessage sends a text message to a chat and returns the new event's
// id. It is send_event with a message event.
func (c *Client) SendMessage(ctx context.Context, chatID, text string, opts ...MessageOption) (string, error) {
	msg := &livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventMessage}, Text: text}
	req := SendEventRequest{ChatID: chatID, Event: msg}
	for _, o := range opts {
		if o != nil {
			o(&req, msg)
		}
	}
	resp, err := c.SendEvent(ctx, req)
	if err != nil {
		return "", err
	}
	return resp.EventID, nil
}

type deleteEventRequest struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
	EventID  string `json:"event_id"`
}

func (r *deleteEventRequest) validate() error {
	return firstErr(check.Required("chat_id", r.ChatID), check.Required("thread_id", r.ThreadID), check.Required("event_id", r.EventID))
}

// DeleteEvent hides an event from the Customer Chat API (delete_event, API 3.6).
func (c *Client) DeleteEvent(ctx context.Context, chatID, threadID, eventID string) error {
	return c.call(ctx, "delete_event", &deleteEventRequest{ChatID: chatID, ThreadID: threadID, EventID: eventID}, nil)
}

// UploadFileResponse is the answer of upload_file.
type UploadFileResponse struct {
	// URL points to the uploaded file; it expires after 24 hours unless it
	// is sent in a file event.
	URL   string         `json:"url,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// UploadFile uploads the content of r as a temporary file named filename
// (upload_file, at most 10 MB).
//
// Web API only: the transport must implement livechat.Uploader (the Web
// transport does). Over RTM, or over a transport that cannot upload,
// UploadFile returns ErrUnsupported and sends nothing.
func (c *Client) UploadFile(ctx context.Context, filename string, r io.Reader) (*UploadFileResponse, error) {
	const action = "upload_file"
	if err := check.Required("file name", filename); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, livechat.Required("file")
	}
	if c == nil || c.t == nil {
		return nil, livechat.Required("transport")
	}
	if err := c.checkWire(action); err != nil {
		return nil, err
	}
	up, ok := c.t.(livechat.Uploader)
	if !ok {
		return nil, ErrUnsupported
	}
	var resp UploadFileResponse
	if err := up.Upload(ctx, action, filename, r, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// RichMessagePostback says which rich-message button was clicked.
type RichMessagePostback struct {
	// ID is the postback_id of the button.
	ID      string `json:"id"`
	Toggled bool   `json:"toggled"`
}

// SendRichMessagePostbackRequest is the payload of send_rich_message_postback.
type SendRichMessagePostbackRequest struct {
	ChatID   string              `json:"chat_id"`
	ThreadID string              `json:"thread_id"`
	EventID  string              `json:"event_id"`
	Postback RichMessagePostback `json:"postback"`
}

func (r *SendRichMessagePostbackRequest) validate() error {
	return firstErr(check.Required("chat_id", r.ChatID), check.Required("thread_id", r.ThreadID),
		check.Required("event_id", r.EventID), check.Required("postback.id", r.Postback.ID))
}

// SendRichMessagePostback reports a click on a rich-message button
// (send_rich_message_postback).
func (c *Client) SendRichMessagePostback(ctx context.Context, req SendRichMessagePostbackRequest) error {
	return c.call(ctx, "send_rich_message_postback", &req, nil)
}

type sneakPeekRequest struct {
	ChatID string `json:"chat_id"`
	Text   string `json:"sneak_peek_text"`
}

func (r *sneakPeekRequest) validate() error {
	if err := check.Required("chat_id", r.ChatID); err != nil {
		return err
	}
	if r.Text == "" {
		return livechat.Required("sneak_peek_text")
	}
	if len(r.Text) > MaxMessageBytes {
		return livechat.Invalid("sneak_peek_text", "must be at most 16 KB")
	}
	return nil
}

// SendSneakPeek shows agents what the customer is typing (send_sneak_peek).
func (c *Client) SendSneakPeek(ctx context.Context, chatID, text string) error {
	return c.call(ctx, "send_sneak_peek", &sneakPeekRequest{ChatID: chatID, Text: text}, nil)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
