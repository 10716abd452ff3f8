package restv2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// RateFilter filters chats by rating.
type RateFilter string

// Rating filters of the chats list.
const (
	Rated     RateFilter = "rated"
	NotRated  RateFilter = "not_rated"
	RatedGood RateFilter = "rated_good"
	RatedBad  RateFilter = "rated_bad"
)

// ChatsPerPage is the size of a page of the chats and tickets lists.
const ChatsPerPage = 25

// ChatListOptions filters the archives (GET /chats). Zero values are not
// sent; the *bool filters are sent as 1 or 0 when set.
type ChatListOptions struct {
	// DateFrom and DateTo bound the chats, YYYY-MM-DD (see Date).
	DateFrom, DateTo string
	// Timezone is a TZ database name, e.g. "America/Phoenix".
	Timezone string
	// Page is the 1-based page (25 chats each); 0 means the first.
	Page int
	// VisitorID returns the chats of one visitor.
	VisitorID string
	// Query returns chats containing this text.
	Query string
	// Agent returns the chats of the agent with this login.
	Agent string
	// Group, Goal and Sale (sales tracker id) filter by id.
	Group, Goal, Sale *int
	// HasGoal, HasSale, Queued, IncludePending, Tagged and Comment are yes/no filters.
	HasGoal, HasSale, Queued, IncludePending, Tagged, Comment *bool
	// Rate filters by rating.
	Rate RateFilter
	// Tags returns chats with these tags (tag[]).
	Tags []string
	// City, Region and Country filter by the visitor's location.
	City, Region, Country string
}

func (o ChatListOptions) query() (query, error) {
	q := newQuery()
	if err := checkDates(o.DateFrom, o.DateTo); err != nil {
		return q, err
	}
	if err := checkPage(o.Page); err != nil {
		return q, err
	}
	if err := check.OneOf("rate", o.Rate, Rated, NotRated, RatedGood, RatedBad); err != nil {
		return q, err
	}
	if err := checkTags("tag", o.Tags, false); err != nil {
		return q, err
	}
	q.str("date_from", o.DateFrom)
	q.str("date_to", o.DateTo)
	q.str("timezone", o.Timezone)
	q.pos("page", o.Page)
	q.str("visitor_id", o.VisitorID)
	q.str("query", o.Query)
	q.str("agent", o.Agent)
	q.intp("group", o.Group)
	q.intp("goal", o.Goal)
	q.flag("has_goal", o.HasGoal)
	q.intp("sale", o.Sale)
	q.flag("has_sale", o.HasSale)
	q.flag("queued", o.Queued)
	q.str("rate", string(o.Rate))
	q.flag("include_pending", o.IncludePending)
	q.list("tag[]", o.Tags)
	q.flag("tagged", o.Tagged)
	q.flag("comment", o.Comment)
	q.str("city", o.City)
	q.str("region", o.Region)
	q.str("country", o.Country)
	return q, nil
}

// ChatVisitor is the visitor of an archived chat.
type ChatVisitor struct {
	ID          string         `json:"id,omitempty"`
	Name        string         `json:"name,omitempty"`
	Email       string         `json:"email,omitempty"`
	IP          string         `json:"ip,omitempty"`
	City        string         `json:"city,omitempty"`
	Region      string         `json:"region,omitempty"`
	Country     string         `json:"country,omitempty"`
	CountryCode string         `json:"country_code,omitempty"`
	Timezone    string         `json:"timezone,omitempty"`
	UserAgent   string         `json:"user_agent,omitempty"`
	Extra       livechat.Extra `json:"-"`
}

// ChatAgent is an agent or supervisor of an archived chat.
type ChatAgent struct {
	DisplayName string `json:"display_name,omitempty"`
	Email       string `json:"email,omitempty"`
}

// SurveyField is an answer of a pre-chat or post-chat survey.
type SurveyField struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	ID    string `json:"id,omitempty"`
}

// Order describes the sale attached to a reached goal.
type Order struct {
	ID          string     `json:"id,omitempty"`
	Description string     `json:"description,omitempty"`
	Price       FlexString `json:"price,omitempty"`
	Currency    string     `json:"currency,omitempty"`
}

// ChatGoal is a goal reached during a chat.
type ChatGoal struct {
	ID        int    `json:"id"`
	Name      string `json:"name,omitempty"`
	Type      string `json:"type,omitempty"`
	Date      string `json:"date,omitempty"`
	Timestamp int64  `json:"timestamp,omitempty"`
	Order     *Order `json:"order,omitempty"`
}

// ChatQueue tells how long the visitor waited in the queue, in seconds.
type ChatQueue struct {
	Duration int `json:"duration"`
}

// ChatEvent is a message or an event of an archived chat (the "messages"
// list holds messages only, "events" everything).
type ChatEvent struct {
	// Type is "message", "attachment" or "event" (absent in "messages").
	Type       string `json:"type,omitempty"`
	AuthorName string `json:"author_name,omitempty"`
	Text       string `json:"text,omitempty"`
	// Date is a human-readable date; Timestamp the Unix time.
	Date      string `json:"date,omitempty"`
	Timestamp int64  `json:"timestamp,omitempty"`
	// UserType is "agent", "supervisor" or "visitor".
	UserType string `json:"user_type,omitempty"`
	AgentID  string `json:"agent_id,omitempty"`
	// EventType qualifies an "event", e.g. "closed".
	EventType string `json:"event_type,omitempty"`
	// Files lists the URLs of an "attachment".
	Files []string       `json:"files,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// Chat is an archived chat (or, with IncludePending, one still going on).
type Chat struct {
	Type                 string         `json:"type,omitempty"`
	ID                   string         `json:"id,omitempty"`
	Visitor              *ChatVisitor   `json:"visitor,omitempty"`
	Agents               []ChatAgent    `json:"agents,omitempty"`
	Supervisors          []ChatAgent    `json:"supervisors,omitempty"`
	Rate                 string         `json:"rate,omitempty"`
	Duration             int            `json:"duration,omitempty"`
	ChatStartURL         string         `json:"chat_start_url,omitempty"`
	Referrer             string         `json:"referrer,omitempty"`
	Group                []int          `json:"group,omitempty"`
	Started              string         `json:"started,omitempty"`
	PrechatSurvey        []SurveyField  `json:"prechat_survey,omitempty"`
	PostchatSurvey       []SurveyField  `json:"postchat_survey,omitempty"`
	CustomVariables      []KeyValue     `json:"custom_variables,omitempty"`
	IntegrationVariables []KeyValue     `json:"integration_variables,omitempty"`
	Goals                []ChatGoal     `json:"goals,omitempty"`
	Queue                *ChatQueue     `json:"queue,omitempty"`
	Tags                 []string       `json:"tags,omitempty"`
	Timezone             string         `json:"timezone,omitempty"`
	Messages             []ChatEvent    `json:"messages,omitempty"`
	Events               []ChatEvent    `json:"events,omitempty"`
	Engagement           string         `json:"engagement,omitempty"`
	StartedTimestamp     int64          `json:"started_timestamp,omitempty"`
	EndedTimestamp       int64          `json:"ended_timestamp,omitempty"`
	Ended                string         `json:"ended,omitempty"`
	Pending              bool           `json:"pending,omitempty"`
	Extra                livechat.Extra `json:"-"`
}

// ChatPage is one page of the chats list.
type ChatPage struct {
	Chats []Chat `json:"chats"`
	// Total is the number of chats matching the filters.
	Total int `json:"total"`
	// Pages is the number of pages.
	Pages int            `json:"pages"`
	Extra livechat.Extra `json:"-"`
}

// ChatsService reads the archives: /chats.
type ChatsService struct{ c *Client }

// List returns one page of chats (GET /chats).
func (s *ChatsService) List(ctx context.Context, opts ChatListOptions) (*ChatPage, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	var out ChatPage
	if err := s.c.get(ctx, "/chats", q.values(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// All iterates over the chats of every page from opts.Page (default 1) to
// the last, requesting each page when the previous one is consumed. An
// error is yielded once and ends the iteration.
func (s *ChatsService) All(ctx context.Context, opts ChatListOptions) iter.Seq2[Chat, error] {
	return allPages(opts, func(o *ChatListOptions) *int { return &o.Page },
		func(o ChatListOptions) ([]Chat, int, error) {
			page, err := s.List(ctx, o)
			if err != nil {
				return nil, 0, err
			}
			return page.Chats, page.Pages, nil
		})
}

// Get returns one chat (GET /chats/<chat_id>).
func (s *ChatsService) Get(ctx context.Context, chatID string) (*Chat, error) {
	if chatID == "" {
		return nil, livechat.Required("chat_id")
	}
	var out Chat
	if err := s.c.get(ctx, "/chats/"+seg(chatID), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

type tagsBody struct {
	Tag []string `json:"tag"`
}

// UpdateTags replaces the tags of a chat (PUT /chats/<chat_id>/tags with
// {"tag":[…]}); an empty, non-nil list removes them all. It returns the chat
// as answered by the server (the documented answer wraps it in a chats
// list; both shapes are accepted).
func (s *ChatsService) UpdateTags(ctx context.Context, chatID string, tags []string) (*Chat, error) {
	if chatID == "" {
		return nil, livechat.Required("chat_id")
	}
	if err := checkTags("tag", tags, true); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := s.c.put(ctx, "/chats/"+seg(chatID)+"/tags", tagsBody{Tag: tags}, &raw); err != nil {
		return nil, err
	}
	return pickOne[Chat](raw, "chats", chatID, func(c *Chat) string { return c.ID })
}

// SendTranscript e-mails the transcript of a chat to the given address
// (POST /chats/<chat_id>/send_transcript) and returns the result text.
func (s *ChatsService) SendTranscript(ctx context.Context, chatID, to string) (string, error) {
	if chatID == "" {
		return "", livechat.Required("chat_id")
	}
	if err := checkEmail("to", to); err != nil {
		return "", err
	}
	return s.c.action(ctx, "/chats/"+seg(chatID)+"/send_transcript", struct {
		To string `json:"to"`
	}{to})
}

// maxPages bounds the iterators: the API serves at most 25 000 records,
// 1000 pages of 25.
const maxPages = 1000

// allPages iterates over the items of every page, from the page *pageOf
// names in a copy of opts (default 1) to the last, calling list for each
// page when the previous one is consumed; list returns the page's items and
// the server's page count. An error is yielded once and ends the iteration.
// Only the copy's page changes: the caller's opts (and the slices it
// shares with the copy) are never written.
func allPages[O, T any](opts O, pageOf func(*O) *int, list func(O) ([]T, int, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		o := opts
		page := pageOf(&o)
		if *page == 0 {
			*page = 1
		}
		for {
			items, pages, err := list(o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if !morePages(*page, pages, len(items)) {
				return
			}
			*page++
		}
	}
}

// morePages reports whether a page after page exists: per the server's
// page count, or, when the server sent none, when this page was full.
func morePages(page, pages, n int) bool {
	if n == 0 || page >= maxPages {
		return false
	}
	if pages > 0 {
		return page < pages
	}
	return n >= ChatsPerPage
}

// pickOne decodes raw, which is either the object itself or a page
// {"<listKey>":[…]} holding it; from a page it returns the item whose id
// is id, else the first.
func pickOne[T any](raw json.RawMessage, listKey, id string, idOf func(*T) string) (*T, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("livechat: restv2: decode response: %w", err)
	}
	if list, ok := probe[listKey]; ok {
		if _, hasID := probe["id"]; !hasID {
			var items []T
			if err := json.Unmarshal(list, &items); err != nil {
				return nil, fmt.Errorf("livechat: restv2: decode response: %w", err)
			}
			if len(items) == 0 {
				return nil, nil
			}
			for i := range items {
				if idOf(&items[i]) == id {
					return &items[i], nil
				}
			}
			return &items[0], nil
		}
	}
	var out T
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("livechat: restv2: decode response: %w", err)
	}
	return &out, nil
}
