package agent

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// PropertyFilter selects chats by the value of one property. Set exactly
// one of Exists, Values or ExcludeValues; values are strings, ints or bools.
type PropertyFilter struct {
	Exists        *bool `json:"exists,omitempty"`
	Values        []any `json:"values,omitempty"`
	ExcludeValues []any `json:"exclude_values,omitempty"`
}

// PropertyFilters are property filters by namespace and property name:
// {"<namespace>": {"<name>": {…}}}.
type PropertyFilters map[string]map[string]PropertyFilter

func (pf PropertyFilters) validate(field string) error {
	for ns, byName := range pf {
		for name, f := range byName {
			n := 0
			if f.Exists != nil {
				n++
			}
			if f.Values != nil {
				n++
			}
			if f.ExcludeValues != nil {
				n++
			}
			if n != 1 {
				return livechat.Invalid(fmt.Sprintf("%s.%s.%s", field, ns, name), "needs exactly one of exists, values or exclude_values")
			}
		}
	}
	return nil
}

// ChatsFilters are the filters of list_chats.
//
// Active and IncludeActive are the same filter under its 3.6 and 3.5
// names; set at most one and the client sends what the transport's
// version understands:
//
//   - Active (3.6 "active"): true = only active chats, false = only
//     inactive chats, nil = both. On 3.5 Active=false is sent as
//     include_active=false; Active=true cannot be expressed and is refused.
//   - IncludeActive (3.5 "include_active"): false = leave active chats
//     out, true or nil = include them. On 3.6 IncludeActive=false is sent
//     as active=false and IncludeActive=true is left out.
type ChatsFilters struct {
	Active                     *bool           `json:"-"`
	IncludeActive              *bool           `json:"-"`
	IncludeChatsWithoutThreads *bool           `json:"include_chats_without_threads,omitempty"`
	GroupIDs                   []int           `json:"group_ids,omitempty"`
	Properties                 PropertyFilters `json:"properties,omitempty"`
}

// ListChatsRequest is the payload of list_chats. On a request with PageID
// the API refuses Filters, Limit and SortOrder.
type ListChatsRequest struct {
	Filters   *ChatsFilters `json:"filters,omitempty"`
	SortOrder SortOrder     `json:"sort_order,omitempty"`
	// Limit is the page size, 1–100 (default 10).
	Limit  int    `json:"limit,omitempty"`
	PageID string `json:"page_id,omitempty"`
}

// ListChatsResponse is the answer of list_chats.
type ListChatsResponse struct {
	ChatsSummary []livechat.ChatSummary `json:"chats_summary"`
	// FoundChats is an estimate of the number of matching chats.
	FoundChats     int    `json:"found_chats"`
	NextPageID     string `json:"next_page_id,omitempty"`
	PreviousPageID string `json:"previous_page_id,omitempty"`
}

// chatsFiltersWire is ChatsFilters as sent, with the version's field name.
type chatsFiltersWire struct {
	Active                     *bool           `json:"active,omitempty"`
	IncludeActive              *bool           `json:"include_active,omitempty"`
	IncludeChatsWithoutThreads *bool           `json:"include_chats_without_threads,omitempty"`
	GroupIDs                   []int           `json:"group_ids,omitempty"`
	Properties                 PropertyFilters `json:"properties,omitempty"`
}

// MarshalJSON writes the filters with each set field under its own wire
// name (active and/or include_active). Client methods do not use it: they
// send only the name the transport's version understands.
func (f ChatsFilters) MarshalJSON() ([]byte, error) {
	return json.Marshal(chatsFiltersWire{Active: f.Active, IncludeActive: f.IncludeActive,
		IncludeChatsWithoutThreads: f.IncludeChatsWithoutThreads, GroupIDs: f.GroupIDs, Properties: f.Properties})
}

// UnmarshalJSON reads both the 3.6 name (active) and the 3.5 name
// (include_active), so a server can decode either version's request.
func (f *ChatsFilters) UnmarshalJSON(b []byte) error {
	var w chatsFiltersWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = ChatsFilters{Active: w.Active, IncludeActive: w.IncludeActive,
		IncludeChatsWithoutThreads: w.IncludeChatsWithoutThreads, GroupIDs: w.GroupIDs, Properties: w.Properties}
	return nil
}

type listChatsWire struct {
	Filters   *chatsFiltersWire `json:"filters,omitempty"`
	SortOrder SortOrder         `json:"sort_order,omitempty"`
	Limit     int               `json:"limit,omitempty"`
	PageID    string            `json:"page_id,omitempty"`
}

func (c *Client) listChatsWire(req *ListChatsRequest) (*listChatsWire, error) {
	if err := check.FirstErr(checkLimit("limit", req.Limit, MaxLimit), checkSortOrder("sort_order", req.SortOrder),
		checkPaging(req.PageID, req.Filters != nil, req.Limit, req.SortOrder)); err != nil {
		return nil, err
	}
	w := &listChatsWire{SortOrder: req.SortOrder, Limit: req.Limit, PageID: req.PageID}
	if f := req.Filters; f != nil {
		if err := check.FirstErr(check.MaxItems("filters.group_ids", len(f.GroupIDs), MaxGroupIDs),
			f.Properties.validate("filters.properties")); err != nil {
			return nil, err
		}
		if f.Active != nil && f.IncludeActive != nil {
			return nil, livechat.Invalid("filters.active", "set either active (API 3.6) or include_active (API 3.5), not both")
		}
		wf := &chatsFiltersWire{IncludeChatsWithoutThreads: f.IncludeChatsWithoutThreads, GroupIDs: f.GroupIDs, Properties: f.Properties}
		if versionLess(c.APIVersion(), livechat.V3_6) {
			switch {
			case f.IncludeActive != nil:
				wf.IncludeActive = f.IncludeActive
			case f.Active != nil && !*f.Active:
				wf.IncludeActive = f.Active // false: leave active chats out
			case f.Active != nil:
				return nil, livechat.Invalid("filters.active", "selecting only active chats needs API 3.6; API "+string(c.APIVersion())+" only has include_active")
			}
		} else {
			switch {
			case f.Active != nil:
				wf.Active = f.Active
			case f.IncludeActive != nil && !*f.IncludeActive:
				wf.Active = f.IncludeActive // false: inactive chats only
			}
		}
		w.Filters = wf
	}
	return w, nil
}

// ListChats returns summaries of the chats the agent can access (list_chats).
func (c *Client) ListChats(ctx context.Context, req ListChatsRequest) (*ListChatsResponse, error) {
	w, err := c.listChatsWire(&req)
	if err != nil {
		return nil, err
	}
	return callFor[ListChatsResponse](ctx, c, "list_chats", w)
}

// ThreadsFilters limit list_threads to threads created in a time range.
type ThreadsFilters struct {
	From livechat.Timestamp `json:"from,omitempty"`
	To   livechat.Timestamp `json:"to,omitempty"`
}

// ListThreadsRequest is the payload of list_threads. MinEventsCount (1–100)
// cannot be combined with Limit or Filters; PageID cannot be combined with
// Filters, Limit or SortOrder.
type ListThreadsRequest struct {
	ChatID    string    `json:"chat_id"`
	SortOrder SortOrder `json:"sort_order,omitempty"`
	// Limit is the page size, 1–100 (default 3).
	Limit          int             `json:"limit,omitempty"`
	PageID         string          `json:"page_id,omitempty"`
	MinEventsCount int             `json:"min_events_count,omitempty"`
	Filters        *ThreadsFilters `json:"filters,omitempty"`
}

func (r *ListThreadsRequest) validate() error {
	if err := check.FirstErr(check.Required("chat_id", r.ChatID), checkLimit("limit", r.Limit, MaxLimit),
		checkSortOrder("sort_order", r.SortOrder), checkLimit("min_events_count", r.MinEventsCount, MaxMinEventsCount),
		checkPaging(r.PageID, r.Filters != nil, r.Limit, r.SortOrder)); err != nil {
		return err
	}
	if r.MinEventsCount != 0 && (r.Limit != 0 || r.Filters != nil) {
		return livechat.Invalid("min_events_count", "cannot be combined with limit or filters")
	}
	if f := r.Filters; f != nil {
		return check.FirstErr(check.Timestamp("filters.from", f.From), check.Timestamp("filters.to", f.To))
	}
	return nil
}

// ListThreadsResponse is the answer of list_threads.
type ListThreadsResponse struct {
	Threads        []livechat.Thread `json:"threads"`
	FoundThreads   int               `json:"found_threads"`
	NextPageID     string            `json:"next_page_id,omitempty"`
	PreviousPageID string            `json:"previous_page_id,omitempty"`
}

// ListThreads returns the threads of one chat that the agent can access (list_threads).
func (c *Client) ListThreads(ctx context.Context, req ListThreadsRequest) (*ListThreadsResponse, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	return callFor[ListThreadsResponse](ctx, c, "list_threads", &req)
}

// getChatRequest is the payload of get_chat.
type getChatRequest struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id,omitempty"`
}

// GetChat returns a chat with one thread (get_chat): threadID, or the
// latest thread when threadID is "".
func (c *Client) GetChat(ctx context.Context, chatID, threadID string) (*livechat.Chat, error) {
	if err := check.Required("chat_id", chatID); err != nil {
		return nil, err
	}
	var chat livechat.Chat
	if err := c.call(ctx, "get_chat", &getChatRequest{ChatID: chatID, ThreadID: threadID}, &chat); err != nil {
		return nil, err
	}
	return &chat, nil
}

// StringFilter matches a field against strings (agent ids, tags, country
// codes, event types). Set one of Exists, Values or ExcludeValues;
// RequireEveryValue asks for all the values instead of any.
type StringFilter struct {
	Exists            *bool    `json:"exists,omitempty"`
	Values            []string `json:"values,omitempty"`
	ExcludeValues     []string `json:"exclude_values,omitempty"`
	RequireEveryValue *bool    `json:"require_every_value,omitempty"`
}

func (f *StringFilter) validate(field string) error {
	if f == nil {
		return nil
	}
	return exactlyOne(field, f.Exists != nil, f.Values != nil, f.ExcludeValues != nil)
}

// IntFilter matches a field against integers (group, sale, goal or
// greeting ids). Set one of Exists, Values or ExcludeValues.
type IntFilter struct {
	Exists            *bool `json:"exists,omitempty"`
	Values            []int `json:"values,omitempty"`
	ExcludeValues     []int `json:"exclude_values,omitempty"`
	RequireEveryValue *bool `json:"require_every_value,omitempty"`
}

func (f *IntFilter) validate(field string) error {
	if f == nil {
		return nil
	}
	return exactlyOne(field, f.Exists != nil, f.Values != nil, f.ExcludeValues != nil)
}

func exactlyOne(field string, set ...bool) error {
	n := 0
	for _, s := range set {
		if s {
			n++
		}
	}
	if n != 1 {
		return livechat.Invalid(field, "needs exactly one of exists, values or exclude_values")
	}
	return nil
}

// GroupsFilter is the groups member of greetings, surveys and agent_response filters.
type GroupsFilter struct {
	Values        []int `json:"values,omitempty"`
	ExcludeValues []int `json:"exclude_values,omitempty"`
}

// AgentsIDsFilter is the agents member of the agent_response filter.
type AgentsIDsFilter struct {
	Values        []string `json:"values,omitempty"`
	ExcludeValues []string `json:"exclude_values,omitempty"`
}

// GreetingsFilter selects archives by greetings shown.
type GreetingsFilter struct {
	From          livechat.Timestamp `json:"from,omitempty"`
	To            livechat.Timestamp `json:"to,omitempty"`
	Exists        *bool              `json:"exists,omitempty"`
	Values        []int              `json:"values,omitempty"`
	ExcludeValues []int              `json:"exclude_values,omitempty"`
	Groups        *GroupsFilter      `json:"groups,omitempty"`
}

// AgentResponseFilter selects archives by agents' responses.
type AgentResponseFilter struct {
	Exists *bool            `json:"exists,omitempty"`
	First  *bool            `json:"first,omitempty"`
	Agents *AgentsIDsFilter `json:"agents,omitempty"`
	Groups *GroupsFilter    `json:"groups,omitempty"`
}

// SurveyFilter selects archives by a pre- or post-chat survey.
type SurveyFilter struct {
	Type          string             `json:"type,omitempty"` // pre_chat, post_chat
	From          livechat.Timestamp `json:"from,omitempty"`
	To            livechat.Timestamp `json:"to,omitempty"`
	Exists        *bool              `json:"exists,omitempty"`
	Values        []string           `json:"values,omitempty"`
	ExcludeValues []string           `json:"exclude_values,omitempty"`
	Groups        *GroupsFilter      `json:"groups,omitempty"`
}

// ArchivesFilters are the filters of list_archives. ThreadIDs (≤ 20) cannot
// be combined with other filters. CustomerID, CustomerEmail, ChatIDs and
// AgentTypes are API 3.6 additions. Extra carries filters this SDK does not
// model (e.g. forms), written as given.
type ArchivesFilters struct {
	Query             string               `json:"query,omitempty"`
	From              livechat.Timestamp   `json:"from,omitempty"`
	To                livechat.Timestamp   `json:"to,omitempty"`
	ThreadIDs         []string             `json:"thread_ids,omitempty"`
	GroupIDs          []int                `json:"group_ids,omitempty"`
	Properties        PropertyFilters      `json:"properties,omitempty"`
	Agents            *StringFilter        `json:"agents,omitempty"`
	Tags              *StringFilter        `json:"tags,omitempty"`
	Sales             *IntFilter           `json:"sales,omitempty"`
	Goals             *IntFilter           `json:"goals,omitempty"`
	Surveys           []SurveyFilter       `json:"surveys,omitempty"`
	EventTypes        *StringFilter        `json:"event_types,omitempty"`
	Greetings         *GreetingsFilter     `json:"greetings,omitempty"`
	AgentResponse     *AgentResponseFilter `json:"agent_response,omitempty"`
	CustomerCountries *StringFilter        `json:"customer_countries,omitempty"`
	CustomerID        string               `json:"customer_id,omitempty"`
	CustomerEmail     string               `json:"customer_email,omitempty"`
	ChatIDs           []string             `json:"chat_ids,omitempty"`
	AgentTypes        []string             `json:"agent_types,omitempty"`
	Extra             livechat.Extra       `json:"-"`
}

func (f *ArchivesFilters) validate() error {
	if f == nil {
		return nil
	}
	if err := check.FirstErr(check.Timestamp("filters.from", f.From), check.Timestamp("filters.to", f.To),
		check.MaxItems("filters.thread_ids", len(f.ThreadIDs), MaxThreadIDs),
		check.MaxItems("filters.group_ids", len(f.GroupIDs), MaxGroupIDs),
		f.Properties.validate("filters.properties"),
		f.Tags.validate("filters.tags"), f.Agents.validate("filters.agents"),
		f.Sales.validate("filters.sales"), f.Goals.validate("filters.goals"),
		f.CustomerCountries.validate("filters.customer_countries")); err != nil {
		return err
	}
	if et := f.EventTypes; et != nil {
		if (et.Values == nil) == (et.ExcludeValues == nil) || et.Exists != nil {
			return livechat.Invalid("filters.event_types", "needs exactly one of values or exclude_values")
		}
	}
	if g := f.Greetings; g != nil {
		if err := check.FirstErr(check.Timestamp("filters.greetings.from", g.From), check.Timestamp("filters.greetings.to", g.To)); err != nil {
			return err
		}
	}
	if len(f.ThreadIDs) > 0 {
		other := *f
		other.ThreadIDs = nil
		b, err := json.Marshal(other)
		if err != nil {
			return err
		}
		if string(b) != "{}" {
			return livechat.Invalid("filters.thread_ids", "cannot be combined with other filters")
		}
	}
	return nil
}

// Highlights asks list_archives to mark the matches of filters.query. An
// empty Highlights enables the defaults (<em>…</em>); set PreTag and
// PostTag together.
type Highlights struct {
	PreTag  string `json:"pre_tag,omitempty"`
	PostTag string `json:"post_tag,omitempty"`
}

// ListArchivesRequest is the payload of list_archives. On a request with
// PageID the API refuses Filters, Limit and SortOrder.
type ListArchivesRequest struct {
	Filters   *ArchivesFilters `json:"filters,omitempty"`
	PageID    string           `json:"page_id,omitempty"`
	SortOrder SortOrder        `json:"sort_order,omitempty"`
	// Limit is the page size, 1–100 (default 10).
	Limit      int         `json:"limit,omitempty"`
	Highlights *Highlights `json:"highlights,omitempty"`
}

func (r *ListArchivesRequest) validate() error {
	if err := check.FirstErr(checkLimit("limit", r.Limit, MaxLimit), checkSortOrder("sort_order", r.SortOrder),
		checkPaging(r.PageID, r.Filters != nil, r.Limit, r.SortOrder), r.Filters.validate()); err != nil {
		return err
	}
	if r.Filters != nil && len(r.Filters.ThreadIDs) > 0 && r.PageID != "" {
		return livechat.Invalid("filters.thread_ids", "cannot be combined with pagination")
	}
	if h := r.Highlights; h != nil && (h.PreTag == "") != (h.PostTag == "") {
		return livechat.Invalid("highlights", "pre_tag and post_tag must be given together")
	}
	return nil
}

// ListArchivesResponse is the answer of list_archives: one chat per
// matching thread, each with that single thread.
type ListArchivesResponse struct {
	Chats          []livechat.Chat `json:"chats"`
	FoundChats     int             `json:"found_chats"`
	NextPageID     string          `json:"next_page_id,omitempty"`
	PreviousPageID string          `json:"previous_page_id,omitempty"`
}

// ListArchives searches archived threads (list_archives).
func (c *Client) ListArchives(ctx context.Context, req ListArchivesRequest) (*ListArchivesResponse, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	return callFor[ListArchivesResponse](ctx, c, "list_archives", &req)
}

// ChatUser names an existing user to put in a new thread.
type ChatUser struct {
	ID   string            `json:"id"`
	Type livechat.UserType `json:"type"`
}

// InitialThread holds the first events and properties of a new thread.
type InitialThread struct {
	Events     livechat.Events     `json:"events,omitempty"`
	Properties livechat.Properties `json:"properties,omitempty"`
}

// InitialChat describes the chat of start_chat and resume_chat. ID is
// required by resume_chat and must be empty for start_chat. Users lists
// existing users: up to 4 agents besides the requester and 1 customer;
// authors of initial events other than the requester must be listed.
type InitialChat struct {
	ID         string              `json:"id,omitempty"`
	Properties livechat.Properties `json:"properties,omitempty"`
	Access     *livechat.Access    `json:"access,omitempty"`
	Users      []ChatUser          `json:"users,omitempty"`
	Thread     *InitialThread      `json:"thread,omitempty"`
}

func (ch *InitialChat) validate() error {
	if ch == nil {
		return nil
	}
	customers, agents := 0, 0
	for i, u := range ch.Users {
		f := fmt.Sprintf("chat.users[%d]", i)
		if u.ID == "" {
			return livechat.Required(f + ".id")
		}
		switch u.Type {
		case "":
			return livechat.Required(f + ".type")
		case livechat.UserCustomer:
			customers++
		case livechat.UserAgent:
			agents++
		default:
			return livechat.Invalid(f+".type", fmt.Sprintf("must be agent or customer, got %q", u.Type))
		}
	}
	if customers > 1 {
		return livechat.Invalid("chat.users", "at most one customer is allowed")
	}
	if agents > MaxChatAgents+1 {
		return livechat.Invalid("chat.users", fmt.Sprintf("at most %d agents besides the requester are allowed", MaxChatAgents))
	}
	if ch.Access != nil {
		if err := check.MaxItems("chat.access.group_ids", len(ch.Access.GroupIDs), MaxGroupIDs); err != nil {
			return err
		}
	}
	if ch.Thread != nil {
		for i, ev := range ch.Thread.Events {
			if err := livechat.ValidateEvent(fmt.Sprintf("chat.thread.events[%d]", i), ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// StartChatRequest is the payload of start_chat. Active=false creates an
// inactive thread (default true); Continuous=true starts a continuous chat
// (default false).
type StartChatRequest struct {
	Chat       *InitialChat `json:"chat,omitempty"`
	Active     *bool        `json:"active,omitempty"`
	Continuous *bool        `json:"continuous,omitempty"`
}

// StartChatResponse is the answer of start_chat. EventIDs lists the ids of
// the initial events, when there were any.
type StartChatResponse struct {
	ChatID   string   `json:"chat_id"`
	ThreadID string   `json:"thread_id"`
	EventIDs []string `json:"event_ids,omitempty"`
}

// StartChat starts a chat with its first thread (start_chat).
func (c *Client) StartChat(ctx context.Context, req StartChatRequest) (*StartChatResponse, error) {
	if req.Chat != nil && req.Chat.ID != "" {
		return nil, livechat.Invalid("chat.id", "must be empty when starting a chat (use ResumeChat)")
	}
	if err := req.Chat.validate(); err != nil {
		return nil, err
	}
	return callFor[StartChatResponse](ctx, c, "start_chat", &req)
}

// ResumeChatRequest is the payload of resume_chat: Chat.ID is required.
// Active=false creates an inactive thread (default true); Continuous sets
// the continuous mode (nil leaves it unchanged).
type ResumeChatRequest struct {
	Chat       InitialChat `json:"chat"`
	Active     *bool       `json:"active,omitempty"`
	Continuous *bool       `json:"continuous,omitempty"`
}

// ResumeChatResponse is the answer of resume_chat.
type ResumeChatResponse struct {
	ThreadID string   `json:"thread_id"`
	EventIDs []string `json:"event_ids,omitempty"`
}

// ResumeChat starts a new thread in an archived chat (resume_chat).
func (c *Client) ResumeChat(ctx context.Context, req ResumeChatRequest) (*ResumeChatResponse, error) {
	if err := check.FirstErr(check.Required("chat.id", req.Chat.ID), req.Chat.validate()); err != nil {
		return nil, err
	}
	return callFor[ResumeChatResponse](ctx, c, "resume_chat", &req)
}

// DeactivateChatRequest is the payload of deactivate_chat.
// IgnoreRequesterPresence lets a requester who is not a chat user close it.
type DeactivateChatRequest struct {
	ID                      string `json:"id"`
	IgnoreRequesterPresence bool   `json:"ignore_requester_presence,omitempty"`
}

// DeactivateChat closes the chat's active thread (deactivate_chat).
func (c *Client) DeactivateChat(ctx context.Context, req DeactivateChatRequest) error {
	if err := check.Required("id", req.ID); err != nil {
		return err
	}
	return c.call(ctx, "deactivate_chat", &req, nil)
}

// idRequest is the payload of the actions whose only input is an id:
// follow_chat, unfollow_chat and get_customer.
type idRequest struct {
	ID string `json:"id"`
}

// FollowChat subscribes the requester to the pushes of a chat it is not a
// member of until the chat is reactivated or unfollowed (follow_chat).
func (c *Client) FollowChat(ctx context.Context, chatID string) error {
	if chatID == "" {
		return livechat.Required("id")
	}
	return c.call(ctx, "follow_chat", &idRequest{ID: chatID}, nil)
}

// UnfollowChat stops following a chat (unfollow_chat). Chat members cannot unfollow.
func (c *Client) UnfollowChat(ctx context.Context, chatID string) error {
	if chatID == "" {
		return livechat.Required("id")
	}
	return c.call(ctx, "unfollow_chat", &idRequest{ID: chatID}, nil)
}

// TransferTarget is where transfer_chat sends a chat: agents or groups.
// Set exactly one of AgentIDs and GroupIDs. It is sent as
// {"type":"agent"|"group","ids":[…]}.
type TransferTarget struct {
	AgentIDs []string
	GroupIDs []int
}

// ToAgents returns a target of the given agents.
func ToAgents(ids ...string) *TransferTarget { return &TransferTarget{AgentIDs: ids} }

// ToGroups returns a target of the given groups.
func ToGroups(ids ...int) *TransferTarget { return &TransferTarget{GroupIDs: ids} }

// MarshalJSON writes the wire form {"type":…,"ids":[…]}.
func (t TransferTarget) MarshalJSON() ([]byte, error) {
	if len(t.GroupIDs) > 0 {
		return json.Marshal(struct {
			Type string `json:"type"`
			IDs  []int  `json:"ids"`
		}{"group", t.GroupIDs})
	}
	ids := t.AgentIDs
	if ids == nil {
		ids = []string{}
	}
	return json.Marshal(struct {
		Type string   `json:"type"`
		IDs  []string `json:"ids"`
	}{"agent", ids})
}

// UnmarshalJSON reads the wire form {"type":"agent"|"group","ids":[…]}.
func (t *TransferTarget) UnmarshalJSON(b []byte) error {
	var w struct {
		Type string          `json:"type"`
		IDs  json.RawMessage `json:"ids"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = TransferTarget{}
	if len(w.IDs) == 0 || string(w.IDs) == "null" {
		return nil
	}
	switch w.Type {
	case "group":
		return json.Unmarshal(w.IDs, &t.GroupIDs)
	case "agent":
		return json.Unmarshal(w.IDs, &t.AgentIDs)
	}
	return fmt.Errorf("livechat: transfer target: unknown type %q", w.Type)
}

// TransferChatRequest is the payload of transfer_chat. A nil Target
// transfers within the chat's current group. IgnoreAgentsAvailability
// lets the chat be queued when no agent can take it at once.
type TransferChatRequest struct {
	ID                       string          `json:"id"`
	Target                   *TransferTarget `json:"target,omitempty"`
	IgnoreAgentsAvailability bool            `json:"ignore_agents_availability,omitempty"`
	IgnoreRequesterPresence  bool            `json:"ignore_requester_presence,omitempty"`
}

// TransferChat transfers an active chat to agents or groups (transfer_chat).
func (c *Client) TransferChat(ctx context.Context, req TransferChatRequest) error {
	if err := check.Required("id", req.ID); err != nil {
		return err
	}
	if t := req.Target; t != nil {
		switch {
		case len(t.AgentIDs) > 0 && len(t.GroupIDs) > 0:
			return livechat.Invalid("target", "set agent ids or group ids, not both")
		case len(t.AgentIDs) == 0 && len(t.GroupIDs) == 0:
			return livechat.Required("target.ids")
		}
		for i, id := range t.AgentIDs {
			if id == "" {
				return livechat.Required(fmt.Sprintf("target.ids[%d]", i))
			}
		}
	}
	return c.call(ctx, "transfer_chat", &req, nil)
}

// AddUserToChatRequest is the payload of add_user_to_chat. UserType is
// agent or customer; Visibility is all or agents (a customer needs all).
type AddUserToChatRequest struct {
	ChatID                  string              `json:"chat_id"`
	UserID                  string              `json:"user_id"`
	UserType                livechat.UserType   `json:"user_type"`
	Visibility              livechat.Visibility `json:"visibility"`
	IgnoreRequesterPresence bool                `json:"ignore_requester_presence,omitempty"`
}

// AddUserToChat adds an agent or the customer to an active chat (add_user_to_chat).
func (c *Client) AddUserToChat(ctx context.Context, req AddUserToChatRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("user_id", req.UserID),
		check.Required("user_type", string(req.UserType)), check.Required("visibility", string(req.Visibility)),
		check.Visibility("visibility", req.Visibility)); err != nil {
		return err
	}
	switch req.UserType {
	case livechat.UserAgent:
	case livechat.UserCustomer:
		if req.Visibility != livechat.VisibilityAll {
			return livechat.Invalid("visibility", "must be \"all\" for a customer")
		}
	default:
		return livechat.Invalid("user_type", fmt.Sprintf("must be agent or customer, got %q", req.UserType))
	}
	return c.call(ctx, "add_user_to_chat", &req, nil)
}

// RemoveUserFromChatRequest is the payload of remove_user_from_chat.
// UserType must be agent: the customer cannot be removed.
type RemoveUserFromChatRequest struct {
	ChatID                  string            `json:"chat_id"`
	UserID                  string            `json:"user_id"`
	UserType                livechat.UserType `json:"user_type"`
	IgnoreRequesterPresence bool              `json:"ignore_requester_presence,omitempty"`
}

// RemoveUserFromChat removes an agent from a chat (remove_user_from_chat).
func (c *Client) RemoveUserFromChat(ctx context.Context, req RemoveUserFromChatRequest) error {
	if err := check.FirstErr(check.Required("chat_id", req.ChatID), check.Required("user_id", req.UserID),
		check.Required("user_type", string(req.UserType))); err != nil {
		return err
	}
	if req.UserType != livechat.UserAgent {
		return livechat.Invalid("user_type", fmt.Sprintf("must be agent (a customer cannot be removed), got %q", req.UserType))
	}
	return c.call(ctx, "remove_user_from_chat", &req, nil)
}
