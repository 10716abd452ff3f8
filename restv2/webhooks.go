package restv2

import (
	"context"
	"fmt"
	"slices"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// WebhookEvent is the event a legacy webhook fires on.
type WebhookEvent string

// Webhook events.
const (
	EventChatStarted           WebhookEvent = "chat_started"
	EventChatEnded             WebhookEvent = "chat_ended"
	EventChatChanged           WebhookEvent = "chat_changed"
	EventVisitorQueued         WebhookEvent = "visitor_queued"
	EventTicketCreated         WebhookEvent = "ticket_created"
	EventCannedResponseChanged WebhookEvent = "canned_response_changed"
)

// Data types a webhook can carry.
const (
	DataChat           = "chat"
	DataVisitor        = "visitor"
	DataPreChatSurvey  = "pre_chat_survey"
	DataTicket         = "ticket"
	DataCannedResponse = "canned_response"
)

// webhookDataTypes lists the data types each event supports.
var webhookDataTypes = map[WebhookEvent][]string{
	EventChatStarted:           {DataChat, DataVisitor, DataPreChatSurvey},
	EventChatEnded:             {DataChat, DataVisitor, DataPreChatSurvey},
	EventChatChanged:           {DataChat, DataVisitor},
	EventVisitorQueued:         {DataVisitor},
	EventTicketCreated:         {DataTicket},
	EventCannedResponseChanged: {DataCannedResponse},
}

// Webhook is a registered legacy webhook.
type Webhook struct {
	ID        string       `json:"id,omitempty"`
	Licence   int          `json:"licence,omitempty"`
	EventType WebhookEvent `json:"event_type,omitempty"`
	DataTypes []string     `json:"data_types,omitempty"`
	URL       string       `json:"url,omitempty"`
	Verified  bool         `json:"verified,omitempty"`
	// Token is sent with every delivery so the receiver can check it.
	Token Secret         `json:"token,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// CreateWebhookRequest is the body of Webhooks.Create; every field is required.
type CreateWebhookRequest struct {
	EventType WebhookEvent `json:"event_type"`
	// DataTypes are Data* constants supported by EventType.
	DataTypes []string `json:"data_types"`
	URL       string   `json:"url"`
}

// Validate checks the request before it is sent.
func (r CreateWebhookRequest) Validate() error {
	if r.EventType == "" {
		return livechat.Required("event_type")
	}
	allowed, ok := webhookDataTypes[r.EventType]
	if !ok {
		return check.OneOf("event_type", r.EventType, EventChatStarted, EventChatEnded, EventChatChanged,
			EventVisitorQueued, EventTicketCreated, EventCannedResponseChanged)
	}
	if len(r.DataTypes) == 0 {
		return livechat.Required("data_types")
	}
	for i, d := range r.DataTypes {
		if !slices.Contains(allowed, d) {
			return livechat.Invalid(fmt.Sprintf("data_types[%d]", i),
				fmt.Sprintf("%q is not supported by %s (supported: %v)", d, r.EventType, allowed))
		}
	}
	return check.HTTPURL("url", r.URL, 0)
}

type webhookList struct {
	Events []Webhook `json:"events"`
}

// WebhooksService manages legacy webhooks: /webhooks.
type WebhooksService struct{ c *Client }

// List returns the registered webhooks (GET /webhooks).
func (s *WebhooksService) List(ctx context.Context) ([]Webhook, error) {
	var out webhookList
	if err := s.c.get(ctx, "/webhooks", nil, &out); err != nil {
		return nil, err
	}
	return out.Events, nil
}

// Create registers a webhook (POST /webhooks) and returns it: the server
// answers with a list of webhooks, from which the one matching the request
// is picked (the last one when none matches).
func (s *WebhooksService) Create(ctx context.Context, req CreateWebhookRequest) (*Webhook, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out webhookList
	if err := s.c.post(ctx, "/webhooks", req, &out); err != nil {
		return nil, err
	}
	if len(out.Events) == 0 {
		return nil, nil
	}
	for i := len(out.Events) - 1; i >= 0; i-- {
		w := &out.Events[i]
		if w.URL == req.URL && w.EventType == req.EventType {
			return w, nil
		}
	}
	return &out.Events[len(out.Events)-1], nil
}

// Delete removes a webhook (DELETE /webhooks/<id>) and returns the result text.
func (s *WebhooksService) Delete(ctx context.Context, id string) (string, error) {
	if id == "" {
		return "", livechat.Required("id")
	}
	return s.c.del(ctx, "/webhooks/"+seg(id), nil)
}
