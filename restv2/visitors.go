package restv2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// VisitorState is the state of a visitor on the website.
type VisitorState string

// Visitor states; only Chatting and Queued can be used as a filter.
const (
	VisitorChatting          VisitorState = "chatting"
	VisitorQueued            VisitorState = "queued"
	VisitorBrowsing          VisitorState = "browsing"
	VisitorInvited           VisitorState = "invited"
	VisitorRefusedInvitation VisitorState = "refused invitation"
	VisitorChatClosed        VisitorState = "chat closed"
	VisitorLoggingIntoChat   VisitorState = "logging into chat"
)

// VisitorListOptions filters the visitors list (GET /visitors).
type VisitorListOptions struct {
	// State is VisitorChatting or VisitorQueued.
	State VisitorState
	// Groups selects visitors of these groups (group[]).
	Groups []int
}

func (o VisitorListOptions) query() (query, error) {
	q := newQuery()
	if err := check.OneOf("state", o.State, VisitorChatting, VisitorQueued); err != nil {
		return q, err
	}
	for i, g := range o.Groups {
		if err := checkGroupID(fmt.Sprintf("group[%d]", i), g); err != nil {
			return q, err
		}
	}
	q.str("state", string(o.State))
	q.ints("group[]", o.Groups)
	return q, nil
}

// VisitPage is a page of a visitor's path through the website.
type VisitPage struct {
	Invitation string `json:"invitation,omitempty"`
	Page       string `json:"page,omitempty"`
	Time       string `json:"time,omitempty"`
	TimeRef    int64  `json:"time_ref,omitempty"`
	TimeTS     int64  `json:"time_ts,omitempty"`
	Title      string `json:"title,omitempty"`
}

// Visitor is a visitor currently on the website. Members this struct does
// not name (chat, operators, prechat_survey, …) are kept in Extra.
type Visitor struct {
	ID              string         `json:"id,omitempty"`
	Name            string         `json:"name,omitempty"`
	State           VisitorState   `json:"state,omitempty"`
	Browser         string         `json:"browser,omitempty"`
	ChatID          string         `json:"chat_id,omitempty"`
	ChatStartTime   string         `json:"chat_start_time,omitempty"`
	ChatStartTimeTS int64          `json:"chat_start_time_ts,omitempty"`
	Chats           int            `json:"chats,omitempty"`
	CustomVariables []KeyValue     `json:"custom_variables,omitempty"`
	City            string         `json:"city,omitempty"`
	Region          string         `json:"region,omitempty"`
	Country         string         `json:"country,omitempty"`
	CountryCode     string         `json:"country_code,omitempty"`
	Group           int            `json:"group,omitempty"`
	Host            string         `json:"host,omitempty"`
	IP              string         `json:"ip,omitempty"`
	Language        string         `json:"language,omitempty"`
	LastVisit       string         `json:"last_visit,omitempty"`
	LastVisitTS     int64          `json:"last_visit_ts,omitempty"`
	Latitude        FlexString     `json:"latitude,omitempty"`
	Longitude       FlexString     `json:"longitude,omitempty"`
	PageAddress     string         `json:"page_address,omitempty"`
	PageCurrent     string         `json:"page_current,omitempty"`
	PageTitle       string         `json:"page_title,omitempty"`
	PageViews       int            `json:"page_views,omitempty"`
	Referrer        string         `json:"referrer,omitempty"`
	Timezone        string         `json:"timezone,omitempty"`
	VisitPath       []VisitPage    `json:"visit_path,omitempty"`
	Visits          int            `json:"visits,omitempty"`
	Extra           livechat.Extra `json:"-"`
}

// DetailField is one line of a visitor details data set.
type DetailField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// URL makes the value a link.
	URL string `json:"url,omitempty"`
}

// VisitorDetailsRequest is the body of Visitors.AddDetails: a data set
// shown beside the chat in the agent application. Every field but the
// fields' URL is required.
type VisitorDetailsRequest struct {
	// LicenseID and Token come from a chat_started webhook.
	LicenseID int    `json:"license_id"`
	Token     Secret `json:"token"`
	// ID names the data set.
	ID     string        `json:"id"`
	Fields []DetailField `json:"fields"`
}

// Validate checks the request before it is sent.
func (r VisitorDetailsRequest) Validate() error {
	if r.LicenseID <= 0 {
		return livechat.Required("license_id")
	}
	if r.Token == "" {
		return livechat.Required("token")
	}
	if r.ID == "" {
		return livechat.Required("id")
	}
	if len(r.Fields) == 0 {
		return livechat.Required("fields")
	}
	for i, f := range r.Fields {
		if f.Name == "" {
			return livechat.Required(fmt.Sprintf("fields[%d].name", i))
		}
		if f.URL != "" {
			if err := check.HTTPURL(fmt.Sprintf("fields[%d].url", i), f.URL, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// VisitorsService reads the visitors on the website: /visitors.
type VisitorsService struct{ c *Client }

// List returns the visitors (GET /visitors).
func (s *VisitorsService) List(ctx context.Context, opts VisitorListOptions) ([]Visitor, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	var out []Visitor
	if err := s.c.get(ctx, "/visitors", q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Count returns the number of visitors (GET /visitors?count=1). The
// answer may be a number, {"count":n}, {"total":n} or a list.
func (s *VisitorsService) Count(ctx context.Context, opts VisitorListOptions) (int, error) {
	q, err := opts.query()
	if err != nil {
		return 0, err
	}
	q.Set("count", "1")
	var raw json.RawMessage
	if err := s.c.get(ctx, "/visitors", q.values(), &raw); err != nil {
		return 0, err
	}
	return decodeCount(raw)
}

func decodeCount(raw json.RawMessage) (int, error) {
	raw = bytes.TrimSpace(raw)
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		i, err := strconv.Atoi(n.String())
		if err == nil {
			return i, nil
		}
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		for _, k := range []string{"count", "total", "visitors"} {
			if v, ok := obj[k]; ok {
				return decodeCount(v)
			}
		}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		return len(list), nil
	}
	return 0, fmt.Errorf("livechat: restv2: GET /visitors: unexpected count answer %.60s", raw)
}

// AddDetails attaches a data set to a visitor's chat
// (POST /visitors/<visitor_id>/details) and returns the result text.
func (s *VisitorsService) AddDetails(ctx context.Context, visitorID string, req VisitorDetailsRequest) (string, error) {
	if visitorID == "" {
		return "", livechat.Required("visitor_id")
	}
	if err := req.Validate(); err != nil {
		return "", err
	}
	return s.c.action(ctx, "/visitors/"+seg(visitorID)+"/details", req)
}
