package restv2

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// RuleType is the condition of a greeting rule.
type RuleType string

// Greeting rule types.
const (
	RuleVisitTimeSite   RuleType = "visit_time_site"
	RuleVisitTimePage   RuleType = "visit_time_page"
	RuleURLCurrent      RuleType = "url_current"
	RuleURLVisited      RuleType = "url_visited"
	RulePagesViewNumber RuleType = "pages_view_number"
	RuleURLReferrer     RuleType = "url_referrer"
	RuleGeolocation     RuleType = "geolocation"
	RuleVisitsNumber    RuleType = "visits_number"
	RuleSearchKeyword   RuleType = "search_keyword"
	RuleCustomVariable  RuleType = "custom_variable"
	RuleURLFunnel       RuleType = "url_funnel"
	RuleAdsTraffic      RuleType = "ads_traffic"
)

var ruleTypes = []RuleType{RuleVisitTimeSite, RuleVisitTimePage, RuleURLCurrent, RuleURLVisited,
	RulePagesViewNumber, RuleURLReferrer, RuleGeolocation, RuleVisitsNumber, RuleSearchKeyword,
	RuleCustomVariable, RuleURLFunnel, RuleAdsTraffic}

// Operator compares a greeting rule's value; the server defaults to OpEquals.
type Operator string

// Greeting rule operators.
const (
	OpEquals         Operator = "equals"
	OpDoesntEqual    Operator = "doesnt_equal"
	OpLowerThan      Operator = "lower_than"
	OpLowerOrEqual   Operator = "lower_or_equal"
	OpGreaterThan    Operator = "greater_than"
	OpGreaterOrEqual Operator = "greater_or_equal"
	OpContains       Operator = "contains"
	OpDoesntContain  Operator = "doesnt_contain"
)

var operators = []Operator{OpEquals, OpDoesntEqual, OpLowerThan, OpLowerOrEqual, OpGreaterThan,
	OpGreaterOrEqual, OpContains, OpDoesntContain}

// PropertyMessageText is the greeting property holding the greeting's message.
const PropertyMessageText = "greeting-message_text"

// SubtypeAnnouncement marks an announcement greeting (at most 10 per license).
const SubtypeAnnouncement = "announcement"

// FunnelURL is one step of a url_funnel rule.
type FunnelURL struct {
	URL      string   `json:"url"`
	Operator Operator `json:"operator,omitempty"`
}

// GreetingRule is a condition of a greeting. Value is used by most types;
// custom_variable and ads_traffic use VariableName and VariableValue;
// url_funnel uses URLs.
type GreetingRule struct {
	// ID is assigned by the server.
	ID       int        `json:"id,omitempty"`
	Type     RuleType   `json:"type"`
	Value    FlexString `json:"value,omitempty"`
	Operator Operator   `json:"operator,omitempty"`
	// Condition is set by the server ("and").
	Condition     string         `json:"condition,omitempty"`
	VariableName  string         `json:"variable_name,omitempty"`
	VariableValue FlexString     `json:"variable_value,omitempty"`
	URLs          []FunnelURL    `json:"urls,omitempty"`
	Extra         livechat.Extra `json:"-"`
}

func checkRules(rules []GreetingRule, required bool) error {
	if len(rules) == 0 {
		if required {
			return livechat.Required("rules")
		}
		return nil
	}
	for i, r := range rules {
		f := fmt.Sprintf("rules[%d]", i)
		if r.Type == "" {
			return livechat.Required(f + ".type")
		}
		if err := check.OneOf(f+".type", r.Type, ruleTypes...); err != nil {
			return err
		}
		if err := check.OneOf(f+".operator", r.Operator, operators...); err != nil {
			return err
		}
		switch r.Type {
		case RuleCustomVariable:
			if r.VariableName == "" {
				return livechat.Required(f + ".variable_name")
			}
			if r.VariableValue == "" {
				return livechat.Required(f + ".variable_value")
			}
		case RuleURLFunnel:
			if len(r.URLs) == 0 {
				return livechat.Required(f + ".urls")
			}
			for j, u := range r.URLs {
				uf := fmt.Sprintf("%s.urls[%d]", f, j)
				if u.URL == "" {
					return livechat.Required(uf + ".url")
				}
				if err := check.OneOf(uf+".operator", u.Operator, operators...); err != nil {
					return err
				}
			}
		case RuleAdsTraffic:
			if len(r.VariableValue) > 255 {
				return livechat.Invalid(f+".variable_value", "must be at most 255 characters")
			}
		default:
			if r.Value == "" {
				return livechat.Required(f + ".value")
			}
		}
	}
	return nil
}

// Greeting is a greeting with its rules.
type Greeting struct {
	ID     int            `json:"id,omitempty"`
	Active bool           `json:"active,omitempty"`
	Name   string         `json:"name,omitempty"`
	Rules  []GreetingRule `json:"rules,omitempty"`
	// Properties holds e.g. PropertyMessageText; values are strings.
	Properties map[string]string `json:"properties,omitempty"`
	Extra      livechat.Extra    `json:"-"`
}

// Message returns the greeting's message text.
func (g *Greeting) Message() string { return g.Properties[PropertyMessageText] }

// GreetingListOptions filters the greetings list.
type GreetingListOptions struct {
	// Group returns the greetings of one group; nil returns all.
	Group *int
}

// CreateGreetingRequest is the body of Greetings.Create; Name and Rules are required.
type CreateGreetingRequest struct {
	Name  string         `json:"name"`
	Rules []GreetingRule `json:"rules"`
	// Group defaults to 0.
	Group *int `json:"group,omitempty"`
	// Active defaults to on.
	Active *Flag `json:"active,omitempty"`
	// Subtype may be SubtypeAnnouncement.
	Subtype string `json:"subtype,omitempty"`
	// Properties sets e.g. PropertyMessageText.
	Properties map[string]string `json:"properties,omitempty"`
}

// Validate checks the request before it is sent.
func (r CreateGreetingRequest) Validate() error {
	if r.Name == "" {
		return livechat.Required("name")
	}
	if err := checkRules(r.Rules, true); err != nil {
		return err
	}
	if r.Group != nil {
		if err := checkGroupID("group", *r.Group); err != nil {
			return err
		}
	}
	return check.OneOf("subtype", r.Subtype, SubtypeAnnouncement)
}

// UpdateGreetingRequest is the body of Greetings.Update; unset fields are
// left unchanged, and Rules, when set, replace the rules.
type UpdateGreetingRequest struct {
	Name       string            `json:"name,omitempty"`
	Active     *Flag             `json:"active,omitempty"`
	Rules      []GreetingRule    `json:"rules,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

// Validate checks the request before it is sent.
func (r UpdateGreetingRequest) Validate() error {
	if r.Name == "" && r.Active == nil && len(r.Rules) == 0 && len(r.Properties) == 0 {
		return livechat.Invalid("name", "or active, rules or properties must be set: nothing to update")
	}
	return checkRules(r.Rules, false)
}

// GreetingsService manages greetings: /greetings.
type GreetingsService struct{ c *Client }

// List returns the greetings (GET /greetings).
func (s *GreetingsService) List(ctx context.Context, opts GreetingListOptions) ([]Greeting, error) {
	q := newQuery()
	if opts.Group != nil {
		if err := checkGroupID("group", *opts.Group); err != nil {
			return nil, err
		}
		q.intp("group", opts.Group)
	}
	var out []Greeting
	if err := s.c.get(ctx, "/greetings", q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one greeting (GET /greetings/<id>).
func (s *GreetingsService) Get(ctx context.Context, id int) (*Greeting, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out Greeting
	if err := s.c.get(ctx, "/greetings/"+segInt(id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create creates a greeting (POST /greetings).
func (s *GreetingsService) Create(ctx context.Context, req CreateGreetingRequest) (*Greeting, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out Greeting
	if err := s.c.post(ctx, "/greetings", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes a greeting (PUT /greetings/<id>).
func (s *GreetingsService) Update(ctx context.Context, id int, req UpdateGreetingRequest) (*Greeting, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out Greeting
	if err := s.c.put(ctx, "/greetings/"+segInt(id), req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a greeting (DELETE /greetings/<id>) and returns the
// result text ("ok" for the documented {"ok":true} answer).
func (s *GreetingsService) Delete(ctx context.Context, id int) (string, error) {
	if err := checkID("id", id); err != nil {
		return "", err
	}
	return s.c.del(ctx, "/greetings/"+segInt(id), nil)
}
