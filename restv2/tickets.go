package restv2

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// TicketStatus is the state of a ticket.
type TicketStatus string

// Ticket statuses.
const (
	TicketOpen    TicketStatus = "open"
	TicketPending TicketStatus = "pending"
	TicketSolved  TicketStatus = "solved"
	TicketSpam    TicketStatus = "spam"
)

// Ticket sources, for TicketListOptions.Source and TicketSource.Type
// (only chat-window, mail and lc2 can be given when creating a ticket).
const (
	SourceLC2            = "lc2"
	SourceMail           = "mail"
	SourceFacebook       = "facebook"
	SourceAgentAppManual = "agent-app-manual"
	SourceChatWindow     = "chat-window"
)

// SortOrder is the sort order of the tickets list.
type SortOrder string

// Sort orders (by the date of the last modification).
const (
	Desc SortOrder = "desc"
	Asc  SortOrder = "asc"
)

// TicketListOptions filters the tickets list (GET /tickets).
type TicketListOptions struct {
	// DateFrom and DateTo, YYYY-MM-DD, match any activity of the ticket.
	DateFrom, DateTo string
	// Page is the 1-based page (25 tickets each); 0 means the first.
	Page int
	// Assigned: false returns unassigned tickets, true assigned ones.
	Assigned *bool
	Order    SortOrder
	Status   TicketStatus
	// Assignee is an agent login.
	Assignee string
	Query    string
	// RequesterMail is sent as requester[mail].
	RequesterMail string
	Group         *int
	// Source is one of the Source* constants.
	Source string
	Tag    string
	Tagged *bool
}

func (o TicketListOptions) query() (query, error) {
	q := newQuery()
	if err := checkDates(o.DateFrom, o.DateTo); err != nil {
		return q, err
	}
	if err := checkPage(o.Page); err != nil {
		return q, err
	}
	if err := check.OneOf("order", o.Order, Desc, Asc); err != nil {
		return q, err
	}
	if err := check.OneOf("status", o.Status, TicketOpen, TicketPending, TicketSolved, TicketSpam); err != nil {
		return q, err
	}
	if err := check.OneOf("source", o.Source, SourceLC2, SourceMail, SourceFacebook, SourceAgentAppManual, SourceChatWindow); err != nil {
		return q, err
	}
	q.str("date_from", o.DateFrom)
	q.str("date_to", o.DateTo)
	q.pos("page", o.Page)
	q.flag("assigned", o.Assigned)
	q.str("order", string(o.Order))
	q.str("status", string(o.Status))
	q.str("assignee", o.Assignee)
	q.str("query", o.Query)
	q.str("requester[mail]", o.RequesterMail)
	q.intp("group", o.Group)
	q.str("source", o.Source)
	q.str("tag", o.Tag)
	q.flag("tagged", o.Tagged)
	return q, nil
}

// TicketPerson is an assignee or the author of a ticket event.
type TicketPerson struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// Type is "client" or "agent" for event authors.
	Type string `json:"type,omitempty"`
}

// TicketRequester is the customer who opened a ticket.
type TicketRequester struct {
	Mail string `json:"mail"`
	Name string `json:"name,omitempty"`
}

// TicketSource tells where a ticket came from.
type TicketSource struct {
	// Type is one of the Source* constants.
	Type string `json:"type,omitempty"`
	// URL is the page a chat-window ticket was sent from.
	URL string `json:"url,omitempty"`
}

// TicketPeriod is a period during which a ticket was open (Unix times).
type TicketPeriod struct {
	From int64 `json:"from,omitempty"`
	To   int64 `json:"to,omitempty"`
}

// TicketEvent is an entry of a ticket's history: a message, an assignee
// change, a status change…
type TicketEvent struct {
	Type      string         `json:"type,omitempty"`
	Author    *TicketPerson  `json:"author,omitempty"`
	To        *TicketPerson  `json:"to,omitempty"`
	Date      int64          `json:"date,omitempty"`
	Message   string         `json:"message,omitempty"`
	IsPrivate bool           `json:"is_private,omitempty"`
	Source    *TicketSource  `json:"source,omitempty"`
	Extra     livechat.Extra `json:"-"`
}

// Ticket is a ticket with its history.
type Ticket struct {
	ID        string           `json:"id,omitempty"`
	Assignee  *TicketPerson    `json:"assignee,omitempty"`
	Events    []TicketEvent    `json:"events,omitempty"`
	Requester *TicketRequester `json:"requester,omitempty"`
	Groups    []int            `json:"groups,omitempty"`
	Status    TicketStatus     `json:"status,omitempty"`
	Subject   string           `json:"subject,omitempty"`
	// Modified is a Unix timestamp.
	Modified      int64           `json:"modified,omitempty"`
	Source        *TicketSource   `json:"source,omitempty"`
	Opened        []TicketPeriod  `json:"opened,omitempty"`
	FirstResponse json.RawMessage `json:"firstResponse,omitempty"`
	Tags          []string        `json:"tags,omitempty"`
	Extra         livechat.Extra  `json:"-"`
}

// TicketPage is one page of the tickets list.
type TicketPage struct {
	Tickets []Ticket       `json:"tickets"`
	Total   int            `json:"total"`
	Pages   int            `json:"pages"`
	Extra   livechat.Extra `json:"-"`
}

// TicketAssignee names the agent a new ticket is assigned to.
type TicketAssignee struct {
	// ID is the agent's login.
	ID string `json:"id"`
}

// CreateTicketRequest is the body of Tickets.Create; Message and
// Requester.Mail are required.
type CreateTicketRequest struct {
	Message   string          `json:"message"`
	Requester TicketRequester `json:"requester"`
	Assignee  *TicketAssignee `json:"assignee,omitempty"`
	// Source.Type is chat-window, mail or lc2 (the default); Source.URL
	// applies to chat-window only.
	Source *TicketSource `json:"source,omitempty"`
	// Subject defaults to "(no subject)".
	Subject string `json:"subject,omitempty"`
	// Group lists group ids; the server defaults to [0].
	Group []int `json:"group,omitempty"`
}

// Validate checks the request before it is sent.
func (r CreateTicketRequest) Validate() error {
	if r.Message == "" {
		return livechat.Required("message")
	}
	if err := checkEmail("requester[mail]", r.Requester.Mail); err != nil {
		return err
	}
	if r.Assignee != nil && r.Assignee.ID == "" {
		return livechat.Required("assignee[id]")
	}
	if r.Source != nil {
		if err := check.OneOf("source[type]", r.Source.Type, SourceChatWindow, SourceMail, SourceLC2); err != nil {
			return err
		}
		if r.Source.URL != "" && r.Source.Type != SourceChatWindow {
			return livechat.Invalid("source[url]", "applies only when source[type] is chat-window")
		}
	}
	for i, g := range r.Group {
		if err := checkGroupID("group["+segInt(i)+"]", g); err != nil {
			return err
		}
	}
	return nil
}

// TicketsService manages tickets: /tickets.
type TicketsService struct{ c *Client }

// List returns one page of tickets (GET /tickets).
func (s *TicketsService) List(ctx context.Context, opts TicketListOptions) (*TicketPage, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	var out TicketPage
	if err := s.c.get(ctx, "/tickets", q.values(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// All iterates over the tickets of every page from opts.Page (default 1)
// to the last. An error is yielded once and ends the iteration.
func (s *TicketsService) All(ctx context.Context, opts TicketListOptions) iter.Seq2[Ticket, error] {
	return allPages(opts, func(o *TicketListOptions) *int { return &o.Page },
		func(o TicketListOptions) ([]Ticket, int, error) {
			page, err := s.List(ctx, o)
			if err != nil {
				return nil, 0, err
			}
			return page.Tickets, page.Pages, nil
		})
}

func ticketID(t *Ticket) string { return t.ID }

// Get returns one ticket (GET /tickets/<id>). The documented answer wraps
// the ticket in a tickets page; both shapes are accepted.
func (s *TicketsService) Get(ctx context.Context, id string) (*Ticket, error) {
	if id == "" {
		return nil, livechat.Required("ticket_id")
	}
	var raw json.RawMessage
	if err := s.c.get(ctx, "/tickets/"+seg(id), nil, &raw); err != nil {
		return nil, err
	}
	return pickOne(raw, "tickets", id, ticketID)
}

// Create creates a ticket (POST /tickets) and returns it.
func (s *TicketsService) Create(ctx context.Context, req CreateTicketRequest) (*Ticket, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := s.c.post(ctx, "/tickets", req, &raw); err != nil {
		return nil, err
	}
	return pickOne(raw, "tickets", "", ticketID)
}

// UpdateTags replaces the tags of a ticket (PUT /tickets/<id>/tags with
// {"tag":[…]}) and returns the ticket.
func (s *TicketsService) UpdateTags(ctx context.Context, id string, tags []string) (*Ticket, error) {
	if id == "" {
		return nil, livechat.Required("ticket_id")
	}
	if err := checkTags("tag", tags, true); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := s.c.put(ctx, "/tickets/"+seg(id)+"/tags", tagsBody{Tag: tags}, &raw); err != nil {
		return nil, err
	}
	return pickOne(raw, "tickets", id, ticketID)
}
