package livechat

import (
	"encoding/json"
	"fmt"
)

// UserType is "agent" or "customer".
type UserType string

// User types.
const (
	UserAgent    UserType = "agent"
	UserCustomer UserType = "customer"
)

// RoutingStatus is an agent's or bot's routing status.
type RoutingStatus string

// Routing statuses.
const (
	AcceptingChats    RoutingStatus = "accepting_chats"
	NotAcceptingChats RoutingStatus = "not_accepting_chats"
	Offline           RoutingStatus = "offline"
)

// User is a member of a chat: *Agent, *Customer, or *RawUser for an
// unknown type. Switch on the concrete type.
type User interface {
	// UserID returns the user's id: an e-mail for agents, a UUID for customers.
	UserID() string
	// UserType returns the wire type.
	UserType() UserType
}

// Agent is an agent (or bot) as a member of a chat.
type Agent struct {
	ID             string     `json:"id"`
	Type           UserType   `json:"type"`
	Name           string     `json:"name,omitempty"`
	Email          string     `json:"email,omitempty"`
	Present        bool       `json:"present,omitempty"`
	EventsSeenUpTo Timestamp  `json:"events_seen_up_to,omitempty"`
	Avatar         string     `json:"avatar,omitempty"`
	Visibility     Visibility `json:"visibility,omitempty"`
	Extra          Extra      `json:"-"`
}

// UserID implements User.
func (a *Agent) UserID() string { return a.ID }

// UserType implements User.
func (a *Agent) UserType() UserType { return UserAgent }

// MarshalJSON encodes losslessly, with "type" set.
func (a Agent) MarshalJSON() ([]byte, error) {
	type plain Agent
	if a.Type == "" {
		a.Type = UserAgent
	}
	return encodeObject((*plain)(&a), a.Extra)
}

// MyProfile is the logged-in agent's own profile, from the RTM login response.
type MyProfile struct {
	ID             string        `json:"id"`
	Type           UserType      `json:"type"`
	Name           string        `json:"name,omitempty"`
	Email          string        `json:"email,omitempty"`
	Present        bool          `json:"present,omitempty"`
	EventsSeenUpTo Timestamp     `json:"events_seen_up_to,omitempty"`
	Avatar         string        `json:"avatar,omitempty"`
	RoutingStatus  RoutingStatus `json:"routing_status,omitempty"`
	// Permission is owner, viceowner, administrator or normal.
	Permission string `json:"permission,omitempty"`
	Extra      Extra  `json:"-"`
}

// Geolocation is where a customer's visit comes from.
type Geolocation struct {
	Latitude    NumberOrString `json:"latitude,omitempty"`
	Longitude   NumberOrString `json:"longitude,omitempty"`
	Country     string         `json:"country,omitempty"`
	CountryCode string         `json:"country_code,omitempty"`
	Region      string         `json:"region,omitempty"`
	City        string         `json:"city,omitempty"`
	Timezone    string         `json:"timezone,omitempty"`
	Extra       Extra          `json:"-"`
}

// Page is a page a customer opened.
type Page struct {
	OpenedAt Timestamp `json:"opened_at,omitempty"`
	URL      string    `json:"url"`
	Title    string    `json:"title,omitempty"`
	Extra    Extra     `json:"-"`
}

// Visit is a customer's visit to the website (last_visit in 3.5, visit in 3.6).
type Visit struct {
	StartedAt   Timestamp    `json:"started_at,omitempty"`
	EndedAt     Timestamp    `json:"ended_at,omitempty"`
	Referrer    string       `json:"referrer,omitempty"`
	IP          string       `json:"ip,omitempty"`
	UserAgent   string       `json:"user_agent,omitempty"`
	Geolocation *Geolocation `json:"geolocation,omitempty"`
	LastPages   []Page       `json:"last_pages,omitempty"`
	Extra       Extra        `json:"-"`
}

// CustomerStatistics counts a customer's activity.
type CustomerStatistics struct {
	ChatsCount             int   `json:"chats_count,omitempty"`
	ThreadsCount           int   `json:"threads_count,omitempty"`
	VisitsCount            int   `json:"visits_count,omitempty"`
	PageViewsCount         int   `json:"page_views_count,omitempty"`
	GreetingsShownCount    int   `json:"greetings_shown_count,omitempty"`
	GreetingsAcceptedCount int   `json:"greetings_accepted_count,omitempty"`
	Extra                  Extra `json:"-"`
}

// SessionFields are a customer's key/value session fields, one map per
// entry as the platform sends them: [{"key":"value"}, …].
type SessionFields []map[string]string

// Customer is a website visitor or chat customer.
type Customer struct {
	ID                         string              `json:"id"`
	Type                       UserType            `json:"type,omitempty"`
	Name                       string              `json:"name,omitempty"`
	Email                      string              `json:"email,omitempty"`
	EmailVerified              bool                `json:"email_verified,omitempty"`
	Avatar                     string              `json:"avatar,omitempty"`
	CreatedAt                  Timestamp           `json:"created_at,omitempty"`
	LastVisit                  *Visit              `json:"last_visit,omitempty"`
	Visit                      *Visit              `json:"visit,omitempty"` // API 3.6
	SessionFields              SessionFields       `json:"session_fields,omitempty"`
	Statistics                 *CustomerStatistics `json:"statistics,omitempty"`
	AgentLastEventCreatedAt    Timestamp           `json:"agent_last_event_created_at,omitempty"`
	CustomerLastEventCreatedAt Timestamp           `json:"customer_last_event_created_at,omitempty"`
	Present                    bool                `json:"present,omitempty"`
	EventsSeenUpTo             Timestamp           `json:"events_seen_up_to,omitempty"`
	Followed                   bool                `json:"followed,omitempty"`
	Online                     bool                `json:"online,omitempty"`
	GroupIDs                   []int               `json:"group_ids,omitempty"`
	State                      string              `json:"state,omitempty"`
	ChatIDs                    []string            `json:"chat_ids,omitempty"`
	Visibility                 Visibility          `json:"visibility,omitempty"`
	Extra                      Extra               `json:"-"`
}

// UserID implements User.
func (c *Customer) UserID() string { return c.ID }

// UserType implements User.
func (c *Customer) UserType() UserType { return UserCustomer }

// RawUser is a chat member of a type this SDK does not know, or one that
// could not be decoded: then Err is an *ItemError, ID and Type are read
// where possible, Extra holds every member as sent and encoding writes the
// original bytes back (see DecodeUserLenient).
type RawUser struct {
	ID    string   `json:"id"`
	Type  UserType `json:"type"`
	Extra Extra    `json:"-"`
	// Err is nil for a user of an unknown type, and the *ItemError of an
	// undecodable one.
	Err error `json:"-"`

	raw json.RawMessage // the malformed user as received
}

// UserID implements User.
func (u *RawUser) UserID() string { return u.ID }

// UserType implements User.
func (u *RawUser) UserType() UserType { return u.Type }

// MarshalJSON encodes losslessly; a malformed user is written back as it
// was received.
func (u RawUser) MarshalJSON() ([]byte, error) {
	if u.raw != nil {
		return u.raw, nil
	}
	type plain RawUser
	return encodeObject((*plain)(&u), u.Extra)
}

// DecodeUser decodes a chat member to *Agent, *Customer or *RawUser.
func DecodeUser(data []byte) (User, error) {
	var head struct {
		Type UserType `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("livechat: decode user: %w", err)
	}
	var u User
	switch head.Type {
	case UserAgent:
		u = &Agent{}
	case UserCustomer:
		u = &Customer{}
	default:
		u = &RawUser{}
	}
	if err := json.Unmarshal(data, u); err != nil {
		return nil, fmt.Errorf("livechat: decode %s: %w", head.Type, err)
	}
	return u, nil
}

// DecodeUserLenient decodes a chat member like DecodeUser, but never
// fails: a member DecodeUser cannot decode becomes a *RawUser whose Err is
// an *ItemError holding the cause.
func DecodeUserLenient(data []byte) User {
	u, err := DecodeUser(data)
	if err == nil {
		return u
	}
	ru := &RawUser{raw: append(json.RawMessage(nil), data...)}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) == nil {
		_ = json.Unmarshal(m["id"], &ru.ID)
		_ = json.Unmarshal(m["type"], &ru.Type)
		ru.Extra = m
	}
	ru.Err = &ItemError{Kind: "user", Type: string(ru.Type), Err: err}
	return ru
}

// Users is a list of chat members decoded to their concrete types. One
// member that cannot be decoded does not fail the list: it becomes a
// *RawUser with Err set (see DecodeUserLenient).
type Users []User

// UnmarshalJSON decodes every member with DecodeUser.
func (us *Users) UnmarshalJSON(b []byte) error {
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return err
	}
	if raws == nil {
		*us = nil
		return nil
	}
	out := make(Users, len(raws))
	for i, r := range raws {
		out[i] = DecodeUserLenient(r)
	}
	*us = out
	return nil
}

// Agents returns the agents among the users.
func (us Users) Agents() []*Agent {
	var out []*Agent
	for _, u := range us {
		if a, ok := u.(*Agent); ok {
			out = append(out, a)
		}
	}
	return out
}

// Customer returns the chat's customer, or nil.
func (us Users) Customer() *Customer {
	for _, u := range us {
		if c, ok := u.(*Customer); ok {
			return c
		}
	}
	return nil
}
