package configuration

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// Documented values of greeting rules (API 3.6).
var (
	GreetingTypes     = []string{"normal", "announcement"}
	GreetingRuleTypes = []string{"visit_time_site", "visit_time_page", "url_current", "url_visited", "url_funnel",
		"pages_view_number", "url_referrer", "geolocation", "visits_number", "search_keyword", "custom_variable", "ads_traffic"}
	GreetingOperators = []string{"equals", "doesnt_equal", "lower_than", "lower_or_equal", "greater_than",
		"greater_or_equal", "contains", "doesnt_contain"}
)

// GreetingURL is one step of a url_funnel rule.
type GreetingURL struct {
	URL      string         `json:"url"`
	Operator string         `json:"operator"`
	Extra    livechat.Extra `json:"-"`
}

// GreetingRule says when a greeting is shown.
type GreetingRule struct {
	// Condition is "and" or "or".
	Condition string `json:"condition"`
	Type      string `json:"type"`
	// Operator is required except for url_funnel, custom_variable and ads_traffic.
	Operator string        `json:"operator,omitempty"`
	Value    string        `json:"value,omitempty"`
	URLs     []GreetingURL `json:"urls,omitempty"`
	// SessionField holds exactly one pair for custom_variable and ads_traffic.
	SessionField map[string]string `json:"session_field,omitempty"`
	Extra        livechat.Extra    `json:"-"`
}

func (r *GreetingRule) validate(f string) error {
	if err := check.RequiredOneOf(f+".condition", r.Condition, "and", "or"); err != nil {
		return err
	}
	if err := check.RequiredOneOf(f+".type", r.Type, GreetingRuleTypes...); err != nil {
		return err
	}
	switch r.Type {
	case "url_funnel":
		if len(r.URLs) == 0 || len(r.URLs) > MaxFunnelURLs {
			return livechat.Invalid(f+".urls", fmt.Sprintf("must hold 1 to %d URLs", MaxFunnelURLs))
		}
		for i, u := range r.URLs {
			uf := fmt.Sprintf("%s.urls[%d]", f, i)
			if err := check.FirstErr(check.Required(uf+".url", u.URL), check.RequiredOneOf(uf+".operator", u.Operator, GreetingOperators...)); err != nil {
				return err
			}
		}
	case "custom_variable", "ads_traffic":
		if len(r.SessionField) != 1 {
			return livechat.Invalid(f+".session_field", "must hold exactly one key-value pair")
		}
		for k, v := range r.SessionField {
			if r.Type == "ads_traffic" {
				if err := check.OneOf(f+".session_field", k, "microsoft", "facebook", "google", "twitter", "yahoo"); err != nil {
					return err
				}
			}
			if err := check.FirstErr(check.MaxChars(f+".session_field", k, 255), check.MaxChars(f+".session_field", v, 255)); err != nil {
				return err
			}
		}
	default:
		if err := check.RequiredOneOf(f+".operator", r.Operator, GreetingOperators...); err != nil {
			return err
		}
		if err := check.Required(f+".value", r.Value); err != nil {
			return err
		}
	}
	return nil
}

// GreetingRichMessage is the rich-message content of a greeting.
type GreetingRichMessage struct {
	TemplateID string                 `json:"template_id,omitempty"`
	Elements   []livechat.RichElement `json:"elements,omitempty"`
	Extra      livechat.Extra         `json:"-"`
}

// Greeting is a greeting (campaign) as get_greeting and list_greetings answer it.
type Greeting struct {
	ID          int                  `json:"id"`
	Type        string               `json:"type,omitempty"`
	Active      bool                 `json:"active,omitempty"`
	ActiveFrom  livechat.Timestamp   `json:"active_from,omitempty"`
	ActiveUntil livechat.Timestamp   `json:"active_until,omitempty"`
	Name        string               `json:"name,omitempty"`
	Group       int                  `json:"group"`
	Rules       []GreetingRule       `json:"rules,omitempty"`
	Properties  map[string]string    `json:"properties,omitempty"`
	RichMessage *GreetingRichMessage `json:"rich_message,omitempty"`
	Extra       livechat.Extra       `json:"-"`
}

func validateRules(rules []GreetingRule, req bool) error {
	if req && len(rules) == 0 {
		return livechat.Required("rules")
	}
	if len(rules) > MaxGreetingRules {
		return livechat.Invalid("rules", fmt.Sprintf("must hold at most %d rules", MaxGreetingRules))
	}
	for i := range rules {
		if err := rules[i].validate(fmt.Sprintf("rules[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func validateGreetingTimes(from, until livechat.Timestamp) error {
	for _, t := range []struct {
		f string
		v livechat.Timestamp
	}{{"active_from", from}, {"active_until", until}} {
		if _, err := t.v.Time(); err != nil {
			return livechat.Invalid(t.f, "must be an RFC 3339 date-time")
		}
	}
	return nil
}

func validateRich(rm *GreetingRichMessage) error {
	if rm == nil {
		return nil
	}
	if err := check.RequiredOneOf("rich_message.template_id", rm.TemplateID, "cards", "sticker", "quick_replies", "text"); err != nil {
		return err
	}
	if len(rm.Elements) > 10 {
		return livechat.Invalid("rich_message.elements", "must hold at most 10 elements")
	}
	for i, e := range rm.Elements {
		if len(e.Buttons) > 13 {
			return livechat.Invalid(fmt.Sprintf("rich_message.elements[%d].buttons", i), "must hold at most 13 buttons")
		}
	}
	return nil
}

// CreateGreetingRequest is the payload of create_greeting.
type CreateGreetingRequest struct {
	// Type is normal or announcement.
	Type        string             `json:"type"`
	Active      bool               `json:"active"`
	ActiveFrom  livechat.Timestamp `json:"active_from,omitempty"`
	ActiveUntil livechat.Timestamp `json:"active_until,omitempty"`
	Name        string             `json:"name"`
	Group       int                `json:"group"`
	// Rules are 1 to 10 rules.
	Rules       []GreetingRule       `json:"rules"`
	Properties  map[string]string    `json:"properties,omitempty"`
	RichMessage *GreetingRichMessage `json:"rich_message,omitempty"`
}

func (r *CreateGreetingRequest) validate() error {
	if err := check.RequiredOneOf("type", r.Type, GreetingTypes...); err != nil {
		return err
	}
	if err := check.FirstErr(check.Required("name", r.Name), nonNegative("group", r.Group)); err != nil {
		return err
	}
	if err := validateGreetingTimes(r.ActiveFrom, r.ActiveUntil); err != nil {
		return err
	}
	if err := validateRules(r.Rules, true); err != nil {
		return err
	}
	return validateRich(r.RichMessage)
}

// CreateGreetingResponse is the answer of create_greeting.
type CreateGreetingResponse struct {
	ID    int            `json:"id"`
	Extra livechat.Extra `json:"-"`
}

// CreateGreeting creates a greeting (create_greeting, API 3.6).
func (c *Client) CreateGreeting(ctx context.Context, req CreateGreetingRequest) (*CreateGreetingResponse, error) {
	return callFor[CreateGreetingResponse](ctx, c, "create_greeting", &req)
}

// UpdateGreetingRequest is the payload of update_greeting; only set fields change.
type UpdateGreetingRequest struct {
	ID          int                  `json:"id"`
	Type        string               `json:"type,omitempty"`
	Active      *bool                `json:"active,omitempty"`
	ActiveFrom  livechat.Timestamp   `json:"active_from,omitempty"`
	ActiveUntil livechat.Timestamp   `json:"active_until,omitempty"`
	Name        string               `json:"name,omitempty"`
	Rules       []GreetingRule       `json:"rules,omitempty"`
	Properties  map[string]string    `json:"properties,omitempty"`
	RichMessage *GreetingRichMessage `json:"rich_message,omitempty"`
}

func (r *UpdateGreetingRequest) validate() error {
	if r.ID <= 0 {
		return livechat.Required("id")
	}
	if err := check.OneOf("type", r.Type, GreetingTypes...); err != nil {
		return err
	}
	if err := validateGreetingTimes(r.ActiveFrom, r.ActiveUntil); err != nil {
		return err
	}
	if err := validateRules(r.Rules, false); err != nil {
		return err
	}
	return validateRich(r.RichMessage)
}

// UpdateGreeting updates a greeting (update_greeting, API 3.6).
func (c *Client) UpdateGreeting(ctx context.Context, req UpdateGreetingRequest) error {
	return c.call(ctx, "update_greeting", &req, nil)
}

type greetingIDRequest struct {
	ID int `json:"id"`
}

func (r *greetingIDRequest) validate() error {
	if r.ID <= 0 {
		return livechat.Required("id")
	}
	return nil
}

// DeleteGreeting deletes a greeting (delete_greeting, API 3.6).
func (c *Client) DeleteGreeting(ctx context.Context, id int) error {
	return c.call(ctx, "delete_greeting", &greetingIDRequest{ID: id}, nil)
}

// GetGreeting returns a greeting (get_greeting, API 3.6).
func (c *Client) GetGreeting(ctx context.Context, id int) (*Greeting, error) {
	return callFor[Greeting](ctx, c, "get_greeting", &greetingIDRequest{ID: id})
}

// ListGreetingsRequest is the payload of list_greetings: Groups and Limit
// for the first page, PageID alone for the next ones.
type ListGreetingsRequest struct {
	Groups []int  `json:"groups,omitempty"`
	PageID string `json:"page_id,omitempty"`
	// Limit is the page size (default and max 100).
	Limit int `json:"limit,omitempty"`
}

func (r *ListGreetingsRequest) validate() error {
	if err := maxCount("limit", r.Limit, MaxListGreetingsLimit); err != nil {
		return err
	}
	if r.PageID != "" && (r.Limit != 0 || len(r.Groups) > 0) {
		return livechat.Invalid("page_id", "cannot be combined with groups or limit")
	}
	return nil
}

// ListGreetingsResponse is the answer of list_greetings.
type ListGreetingsResponse struct {
	Greetings      []Greeting     `json:"greetings,omitempty"`
	FoundGreetings int            `json:"found_greetings,omitempty"`
	NextPageID     string         `json:"next_page_id,omitempty"`
	Extra          livechat.Extra `json:"-"`
}

// ListGreetings returns greetings (list_greetings, API 3.6).
func (c *Client) ListGreetings(ctx context.Context, req ListGreetingsRequest) (*ListGreetingsResponse, error) {
	return callFor[ListGreetingsResponse](ctx, c, "list_greetings", &req)
}
