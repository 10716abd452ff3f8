package livechat

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Timestamp is a platform timestamp exactly as sent on the wire, usually
// RFC 3339 with microseconds in UTC ("2017-10-12T15:19:21.010200Z"). It is
// kept as text so that decoding and encoding never change it; use Time to
// read it and NewTimestamp to make one.
type Timestamp string

// TimestampLayout is the layout the platform uses for timestamps.
const TimestampLayout = "2006-01-02T15:04:05.000000Z07:00"

// NewTimestamp formats t the way the platform does: UTC, microseconds.
func NewTimestamp(t time.Time) Timestamp {
	return Timestamp(t.UTC().Format(TimestampLayout))
}

// Time parses the timestamp. The zero Timestamp gives the zero time and no error.
func (t Timestamp) Time() (time.Time, error) {
	if t == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, string(t))
}

// NumberOrString is a scalar the platform sends sometimes as a JSON
// number and sometimes as a string (a latitude, a form option id). It keeps
// the raw JSON text, so re-encoding writes the original form back.
type NumberOrString string

// String returns the value as text, without JSON quotes.
func (c NumberOrString) String() string {
	if uq, err := strconv.Unquote(string(c)); err == nil {
		return uq
	}
	return string(c)
}

// Float64 returns the value as a number.
func (c NumberOrString) Float64() (float64, error) {
	return strconv.ParseFloat(c.String(), 64)
}

// UnmarshalJSON keeps the raw JSON text of a number or a string.
func (c *NumberOrString) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '"' && b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		if string(b) == "null" {
			*c = ""
			return nil
		}
		return fmt.Errorf("livechat: value must be a number or a string, got %.20s", b)
	}
	*c = NumberOrString(b)
	return nil
}

// MarshalJSON writes the coordinate back in its original form.
func (c NumberOrString) MarshalJSON() ([]byte, error) {
	if c == "" {
		return []byte("null"), nil
	}
	if !json.Valid([]byte(c)) {
		return json.Marshal(string(c))
	}
	return []byte(c), nil
}

// Properties are values grouped by namespace (usually the owner's client
// id): {"<namespace>": {"<name>": <value>}}.
type Properties map[string]map[string]any

// PropertyNames name properties to delete: {"<namespace>": ["name", …]}.
type PropertyNames map[string][]string

// Access says which groups may see a chat or thread. Group 0 means every agent.
type Access struct {
	GroupIDs []int `json:"group_ids,omitempty"`
	Extra    Extra `json:"-"`
}

// Queue describes a thread waiting for an agent.
type Queue struct {
	Position int       `json:"position,omitempty"`
	WaitTime int       `json:"wait_time,omitempty"` // seconds
	QueuedAt Timestamp `json:"queued_at,omitempty"`
	Extra    Extra     `json:"-"`
}

// Thread is one conversation of a chat. Only the last thread of a chat can
// be active, and events always go to it.
type Thread struct {
	ID                         string     `json:"id"`
	Active                     bool       `json:"active"`
	UserIDs                    []string   `json:"user_ids,omitempty"`
	Events                     Events     `json:"events,omitempty"`
	Properties                 Properties `json:"properties,omitempty"`
	Access                     *Access    `json:"access,omitempty"`
	Tags                       []string   `json:"tags,omitempty"`
	RestrictedAccess           string     `json:"restricted_access,omitempty"`
	Queue                      *Queue     `json:"queue,omitempty"`
	QueuesDuration             int        `json:"queues_duration,omitempty"`
	PreviousThreadID           string     `json:"previous_thread_id,omitempty"`
	NextThreadID               string     `json:"next_thread_id,omitempty"`
	PreviousAccessibleThreadID string     `json:"previous_accessible_thread_id,omitempty"`
	NextAccessibleThreadID     string     `json:"next_accessible_thread_id,omitempty"`
	CreatedAt                  Timestamp  `json:"created_at,omitempty"`
	Extra                      Extra      `json:"-"`
}

// Chat is a conversation between customers and agents. Methods such as
// get_chat answer it with one Thread; some documented samples carry Threads.
type Chat struct {
	ID         string     `json:"id"`
	Users      Users      `json:"users,omitempty"`
	Thread     *Thread    `json:"thread,omitempty"`
	Threads    []Thread   `json:"threads,omitempty"`
	Properties Properties `json:"properties,omitempty"`
	Access     *Access    `json:"access,omitempty"`
	IsFollowed bool       `json:"is_followed,omitempty"`
	Extra      Extra      `json:"-"`
}

// ThreadSummary is the last_thread_summary of a ChatSummary.
type ThreadSummary struct {
	ID         string     `json:"id"`
	CreatedAt  Timestamp  `json:"created_at,omitempty"`
	UserIDs    []string   `json:"user_ids,omitempty"`
	Properties Properties `json:"properties,omitempty"`
	Active     bool       `json:"active,omitempty"`
	Access     *Access    `json:"access,omitempty"`
	Queue      *Queue     `json:"queue,omitempty"`
	Tags       []string   `json:"tags,omitempty"`
	Extra      Extra      `json:"-"`
}

// LastEvent is one entry of ChatSummary.LastEventPerType. When the agent
// may not see the event, RestrictedAccess holds the reason and Event is nil.
type LastEvent struct {
	ThreadID         string    `json:"thread_id,omitempty"`
	ThreadCreatedAt  Timestamp `json:"thread_created_at,omitempty"`
	Event            Event     `json:"event,omitempty"`
	RestrictedAccess string    `json:"restricted_access,omitempty"`
	Extra            Extra     `json:"-"`
}

// UnmarshalJSON decodes losslessly, the event to its concrete type.
func (x *LastEvent) UnmarshalJSON(b []byte) error {
	type plain struct {
		ThreadID         string          `json:"thread_id,omitempty"`
		ThreadCreatedAt  Timestamp       `json:"thread_created_at,omitempty"`
		Event            json.RawMessage `json:"event,omitempty"`
		RestrictedAccess string          `json:"restricted_access,omitempty"`
	}
	var p plain
	if err := decodeObject(b, &p, &x.Extra); err != nil {
		return err
	}
	x.ThreadID, x.ThreadCreatedAt, x.RestrictedAccess = p.ThreadID, p.ThreadCreatedAt, p.RestrictedAccess
	x.Event = nil
	if len(p.Event) > 0 && string(p.Event) != "null" {
		x.Event = DecodeEventLenient(p.Event)
	}
	return nil
}

// ChatSummary is the short form of a chat returned by list_chats and login.
type ChatSummary struct {
	ID                string               `json:"id"`
	Users             Users                `json:"users,omitempty"`
	LastThreadSummary *ThreadSummary       `json:"last_thread_summary,omitempty"`
	LastEventPerType  map[string]LastEvent `json:"last_event_per_type,omitempty"`
	Properties        Properties           `json:"properties,omitempty"`
	Access            *Access              `json:"access,omitempty"`
	IsFollowed        bool                 `json:"is_followed,omitempty"`
	// Customer Chat API summaries:
	LastThreadID        string    `json:"last_thread_id,omitempty"`
	LastThreadCreatedAt Timestamp `json:"last_thread_created_at,omitempty"`
	Extra               Extra     `json:"-"`
}

// License is the license block of the RTM login response.
type License struct {
	ID                  string `json:"id"`
	OrganizationID      string `json:"organization_id,omitempty"`
	Plan                string `json:"plan,omitempty"`
	ExpirationTimestamp int64  `json:"expiration_timestamp,omitempty"` // Unix seconds
	CreationTimestamp   int64  `json:"creation_timestamp,omitempty"`   // Unix seconds
	InTrial             bool   `json:"in_trial,omitempty"`
	WebsiteLastActivity string `json:"website_last_activity,omitempty"`
	Extra               Extra  `json:"-"`
}
