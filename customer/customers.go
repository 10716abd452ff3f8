package customer

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// FBMessenger is the Facebook Messenger identity of a customer.
type FBMessenger struct {
	ID             string `json:"id"`
	Name           string `json:"name,omitempty"`
	FirstName      string `json:"first_name,omitempty"`
	LastName       string `json:"last_name,omitempty"`
	ProfilePic     string `json:"profile_pic,omitempty"`
	Gender         string `json:"gender,omitempty"`
	Locale         string `json:"locale,omitempty"`
	IsVerifiedUser bool   `json:"is_verified_user,omitempty"`
}

// Twilio is the Twilio (SMS) identity of a customer.
type Twilio struct {
	PhoneNumber string `json:"phone_number"`
}

// Omnichannel holds a customer's identities on other channels.
type Omnichannel struct {
	FBMessenger *FBMessenger `json:"fbmessenger,omitempty"`
	Twilio      *Twilio      `json:"twilio,omitempty"`
}

// UpdateCustomerRequest is the payload of update_customer; at least one
// field must be set.
type UpdateCustomerRequest struct {
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
	Avatar string `json:"avatar,omitempty"`
	// SessionFields are ordered key-value pairs (at most 100 keys).
	SessionFields livechat.SessionFields `json:"session_fields,omitempty"`
	Omnichannel   *Omnichannel           `json:"omnichannel,omitempty"`
}

func (r *UpdateCustomerRequest) validate() error {
	if r.Name == "" && r.Email == "" && r.Avatar == "" && len(r.SessionFields) == 0 && r.Omnichannel == nil {
		return livechat.Invalid("customer", "needs at least one of name, email, avatar, session_fields, omnichannel")
	}
	if r.Email != "" && !strings.Contains(r.Email, "@") {
		return livechat.Invalid("email", "must be an e-mail address")
	}
	if r.Avatar != "" {
		if err := absURL("avatar", r.Avatar); err != nil {
			return err
		}
	}
	if err := sessionFields("session_fields", r.SessionFields); err != nil {
		return err
	}
	if o := r.Omnichannel; o != nil {
		if o.FBMessenger != nil {
			if err := check.Required("omnichannel.fbmessenger.id", o.FBMessenger.ID); err != nil {
				return err
			}
		}
		if o.Twilio != nil {
			if err := check.Required("omnichannel.twilio.phone_number", o.Twilio.PhoneNumber); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateCustomer updates the requesting customer (update_customer).
func (c *Client) UpdateCustomer(ctx context.Context, req UpdateCustomerRequest) error {
	return c.call(ctx, "update_customer", &req, nil)
}

type sessionFieldsRequest struct {
	SessionFields livechat.SessionFields `json:"session_fields"`
}

func (r *sessionFieldsRequest) validate() error {
	if len(r.SessionFields) == 0 {
		return livechat.Required("session_fields")
	}
	return sessionFields("session_fields", r.SessionFields)
}

// SetCustomerSessionFields replaces the customer's session fields
// (set_customer_session_fields; at most 100 keys).
func (c *Client) SetCustomerSessionFields(ctx context.Context, fields livechat.SessionFields) error {
	return c.call(ctx, "set_customer_session_fields", &sessionFieldsRequest{SessionFields: fields}, nil)
}

// GetCustomer returns the requesting customer (get_customer).
func (c *Client) GetCustomer(ctx context.Context) (*livechat.Customer, error) {
	return callFor[livechat.Customer](ctx, c, "get_customer", nil)
}

// GroupStatus is the availability of a group for customers.
type GroupStatus string

// Group statuses.
const (
	GroupOnline         GroupStatus = "online"
	GroupOffline        GroupStatus = "offline"
	GroupOnlineForQueue GroupStatus = "online_for_queue"
)

// ListGroupStatusesRequest is the payload of list_group_statuses: set All
// or list GroupIDs.
type ListGroupStatusesRequest struct {
	All      bool  `json:"all,omitempty"`
	GroupIDs []int `json:"group_ids,omitempty"`
}

func (r *ListGroupStatusesRequest) validate() error {
	if !r.All && len(r.GroupIDs) == 0 {
		return livechat.Invalid("group_ids", "is required unless all is true")
	}
	if r.All && len(r.GroupIDs) > 0 {
		return livechat.Invalid("group_ids", "cannot be combined with all")
	}
	for i, id := range r.GroupIDs {
		if id < 0 {
			return livechat.Invalid("group_ids["+strconv.Itoa(i)+"]", "must not be negative")
		}
	}
	return nil
}

// ListGroupStatusesResponse is the answer of list_group_statuses; unknown
// groups are left out.
type ListGroupStatusesResponse struct {
	GroupsStatus map[int]GroupStatus `json:"groups_status,omitempty"`
	Extra        livechat.Extra      `json:"-"`
}

// ListGroupStatuses returns the status of groups (list_group_statuses).
func (c *Client) ListGroupStatuses(ctx context.Context, req ListGroupStatusesRequest) (*ListGroupStatusesResponse, error) {
	return callFor[ListGroupStatusesResponse](ctx, c, "list_group_statuses", &req)
}

// CheckGoalsRequest is the payload of check_goals.
type CheckGoalsRequest struct {
	// SessionFields are sent as [] when nil.
	SessionFields livechat.SessionFields `json:"session_fields"`
	GroupID       int                    `json:"group_id"`
	PageURL       string                 `json:"page_url"`
}

func (r *CheckGoalsRequest) validate() error {
	if r.GroupID < 0 {
		return livechat.Invalid("group_id", "must not be negative")
	}
	if err := absURL("page_url", r.PageURL); err != nil {
		return err
	}
	if r.SessionFields == nil {
		r.SessionFields = livechat.SessionFields{}
	}
	return sessionFields("session_fields", r.SessionFields)
}

// CheckGoals asks the server to check whether goals were reached, for
// offline customers (check_goals).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) CheckGoals(ctx context.Context, req CheckGoalsRequest) error {
	return c.call(ctx, "check_goals", &req, nil)
}

// FormType selects the survey of get_form.
type FormType string

// Form types.
const (
	FormPrechat  FormType = "prechat"
	FormPostchat FormType = "postchat"
)

type getFormRequest struct {
	GroupID int      `json:"group_id"`
	Type    FormType `json:"type"`
}

func (r *getFormRequest) validate() error {
	if r.GroupID < 0 {
		return livechat.Invalid("group_id", "must not be negative")
	}
	if r.Type == "" {
		return livechat.Required("type")
	}
	return check.OneOf("type", r.Type, FormPrechat, FormPostchat)
}

// GetFormResponse is the answer of get_form; Form is set when Enabled.
type GetFormResponse struct {
	Enabled bool           `json:"enabled,omitempty"`
	Form    *livechat.Form `json:"form,omitempty"`
	Extra   livechat.Extra `json:"-"`
}

// GetForm returns the empty prechat or postchat survey of a group (get_form).
func (c *Client) GetForm(ctx context.Context, groupID int, formType FormType) (*GetFormResponse, error) {
	return callFor[GetFormResponse](ctx, c, "get_form", &getFormRequest{GroupID: groupID, Type: formType})
}

// PredictedAgentInfo is the agent of get_predicted_agent.
type PredictedAgentInfo struct {
	ID       string         `json:"id,omitempty"`
	Name     string         `json:"name,omitempty"`
	Avatar   string         `json:"avatar,omitempty"`
	IsBot    bool           `json:"is_bot,omitempty"`
	JobTitle string         `json:"job_title,omitempty"`
	Type     string         `json:"type,omitempty"`
	Extra    livechat.Extra `json:"-"`
}

// PredictedAgent is the answer of get_predicted_agent.
type PredictedAgent struct {
	Agent *PredictedAgentInfo `json:"agent,omitempty"`
	// Queue is true when the chat would be queued.
	Queue bool           `json:"queue,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// GetPredictedAgent returns the agent the customer would chat with if a
// chat started now (get_predicted_agent).
func (c *Client) GetPredictedAgent(ctx context.Context) (*PredictedAgent, error) {
	return callFor[PredictedAgent](ctx, c, "get_predicted_agent", nil)
}

type urlRequest struct {
	URL string `json:"url"`
}

func (r *urlRequest) validate() error { return absURL("url", r.URL) }

// URLInfo is the answer of get_url_info.
type URLInfo struct {
	Title            string         `json:"title,omitempty"`
	Description      string         `json:"description,omitempty"`
	ImageURL         string         `json:"image_url,omitempty"`
	ImageOriginalURL string         `json:"image_original_url,omitempty"`
	ImageWidth       int            `json:"image_width,omitempty"`
	ImageHeight      int            `json:"image_height,omitempty"`
	URL              string         `json:"url,omitempty"`
	Extra            livechat.Extra `json:"-"`
}

// GetURLInfo returns a preview of a web page (get_url_info).
func (c *Client) GetURLInfo(ctx context.Context, u string) (*URLInfo, error) {
	return callFor[URLInfo](ctx, c, "get_url_info", &urlRequest{URL: u})
}

type seenRequest struct {
	ChatID   string             `json:"chat_id"`
	SeenUpTo livechat.Timestamp `json:"seen_up_to"`
}

func (r *seenRequest) validate() error {
	if err := check.Required("chat_id", r.ChatID); err != nil {
		return err
	}
	if r.SeenUpTo == "" {
		return livechat.Required("seen_up_to")
	}
	if _, err := r.SeenUpTo.Time(); err != nil {
		return livechat.Invalid("seen_up_to", "must be an RFC 3339 date-time")
	}
	return nil
}

// MarkEventsAsSeen marks the events of a chat up to seenUpTo as seen by the
// customer (mark_events_as_seen).
func (c *Client) MarkEventsAsSeen(ctx context.Context, chatID string, seenUpTo time.Time) error {
	req := &seenRequest{ChatID: chatID}
	if !seenUpTo.IsZero() {
		req.SeenUpTo = livechat.NewTimestamp(seenUpTo)
	}
	return c.call(ctx, "mark_events_as_seen", req, nil)
}

type acceptGreetingRequest struct {
	GreetingID int    `json:"greeting_id"`
	UniqueID   string `json:"unique_id"`
}

func (r *acceptGreetingRequest) validate() error {
	if r.GreetingID <= 0 {
		return livechat.Required("greeting_id")
	}
	return check.Required("unique_id", r.UniqueID)
}

// AcceptGreeting marks a greeting as seen (accept_greeting). uniqueID
// comes from the incoming_greeting push.
func (c *Client) AcceptGreeting(ctx context.Context, greetingID int, uniqueID string) error {
	return c.call(ctx, "accept_greeting", &acceptGreetingRequest{GreetingID: greetingID, UniqueID: uniqueID}, nil)
}

type cancelGreetingRequest struct {
	UniqueID string `json:"unique_id"`
}

func (r *cancelGreetingRequest) validate() error { return check.Required("unique_id", r.UniqueID) }

// CancelGreeting cancels a greeting (cancel_greeting).
func (c *Client) CancelGreeting(ctx context.Context, uniqueID string) error {
	return c.call(ctx, "cancel_greeting", &cancelGreetingRequest{UniqueID: uniqueID}, nil)
}

type greetingButtonRequest struct {
	GreetingUniqueID string `json:"greeting_unique_id"`
	ButtonID         string `json:"button_id"`
}

func (r *greetingButtonRequest) validate() error {
	return firstErr(check.Required("greeting_unique_id", r.GreetingUniqueID), check.Required("button_id", r.ButtonID))
}

// SendGreetingButtonClicked reports a click on a greeting's button
// (send_greeting_button_clicked, API 3.6).
func (c *Client) SendGreetingButtonClicked(ctx context.Context, greetingUniqueID, buttonID string) error {
	return c.call(ctx, "send_greeting_button_clicked",
		&greetingButtonRequest{GreetingUniqueID: greetingUniqueID, ButtonID: buttonID}, nil)
}

type emailVerificationRequest struct {
	CallbackURI string `json:"callback_uri"`
}

func (r *emailVerificationRequest) validate() error { return absURL("callback_uri", r.CallbackURI) }

// RequestEmailVerification e-mails the customer a confirmation link; once
// confirmed, the platform POSTs the verified address to callbackURI
// (request_email_verification).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) RequestEmailVerification(ctx context.Context, callbackURI string) error {
	return c.call(ctx, "request_email_verification", &emailVerificationRequest{CallbackURI: callbackURI}, nil)
}
