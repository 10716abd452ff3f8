package restv2

import (
	"context"
	"fmt"
	"regexp"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// GoalType is the kind of a goal.
type GoalType string

// Goal types.
const (
	GoalCustomVariable GoalType = "custom_variable"
	GoalURL            GoalType = "url"
	GoalAPI            GoalType = "api"
	GoalSalesTracker   GoalType = "sales_tracker"
)

// MatchType tells how a url goal matches the page address.
type MatchType string

// URL goal match types.
const (
	MatchSubstring MatchType = "substring"
	MatchExact     MatchType = "exact"
)

// ValueType is the value kind of a sales_tracker goal.
type ValueType string

// Sales tracker value types.
const (
	ValueSet     ValueType = "set"
	ValueNotSet  ValueType = "not_set"
	ValueDynamic ValueType = "dynamic"
)

// Goal is a goal. The type-specific fields are set for their type only.
type Goal struct {
	ID     int      `json:"id,omitempty"`
	Name   string   `json:"name,omitempty"`
	Active Flag     `json:"active,omitempty"`
	Type   GoalType `json:"type,omitempty"`
	// custom_variable goals
	CustomVariableName  string `json:"custom_variable_name,omitempty"`
	CustomVariableValue string `json:"custom_variable_value,omitempty"`
	// url goals
	URL       string    `json:"url,omitempty"`
	MatchType MatchType `json:"match_type,omitempty"`
	// sales_tracker goals
	SalesTrackerID FlexString     `json:"sales_tracker_id,omitempty"`
	ValueType      ValueType      `json:"value_type,omitempty"`
	Value          FlexString     `json:"value,omitempty"`
	Currency       string         `json:"currency,omitempty"`
	TimeRange      FlexString     `json:"time_range,omitempty"`
	OrderFieldName string         `json:"order_field_name,omitempty"`
	ValueFieldName string         `json:"value_field_name,omitempty"`
	Extra          livechat.Extra `json:"-"`
}

// GoalListOptions filters the goals list.
type GoalListOptions struct {
	Type GoalType
}

// GoalRequest is the body of Goals.Create (Name and Type required) and
// Goals.Update (every field optional). The type-specific fields follow
// Type: CustomVariableName and CustomVariableValue for custom_variable
// goals, URL (and MatchType) for url goals, the sales tracker fields for
// sales_tracker goals.
type GoalRequest struct {
	Name   string   `json:"name,omitempty"`
	Type   GoalType `json:"type,omitempty"`
	Active *Flag    `json:"active,omitempty"`

	CustomVariableName  string `json:"custom_variable_name,omitempty"`
	CustomVariableValue string `json:"custom_variable_value,omitempty"`

	URL       string    `json:"url,omitempty"`
	MatchType MatchType `json:"match_type,omitempty"`

	SalesTrackerID string    `json:"sales_tracker_id,omitempty"`
	ValueType      ValueType `json:"value_type,omitempty"`
	Value          string    `json:"value,omitempty"`
	Currency       string    `json:"currency,omitempty"`
	TimeRange      string    `json:"time_range,omitempty"`
	OrderFieldName string    `json:"order_field_name,omitempty"`
	ValueFieldName string    `json:"value_field_name,omitempty"`
}

func (r GoalRequest) validate(create bool) error {
	if create {
		if r.Name == "" {
			return livechat.Required("name")
		}
		if r.Type == "" {
			return livechat.Required("type")
		}
	}
	if err := check.OneOf("type", r.Type, GoalCustomVariable, GoalURL, GoalAPI, GoalSalesTracker); err != nil {
		return err
	}
	if err := check.OneOf("match_type", r.MatchType, MatchSubstring, MatchExact); err != nil {
		return err
	}
	if err := check.OneOf("value_type", r.ValueType, ValueSet, ValueNotSet, ValueDynamic); err != nil {
		return err
	}
	switch r.Type {
	case GoalCustomVariable:
		if r.CustomVariableName == "" {
			return livechat.Required("custom_variable_name")
		}
		if r.CustomVariableValue == "" {
			return livechat.Required("custom_variable_value")
		}
	case GoalURL:
		if r.URL == "" {
			return livechat.Required("url")
		}
	}
	if r.Type != "" && r.Type != GoalURL && (r.URL != "" || r.MatchType != "") {
		return livechat.Invalid("url", fmt.Sprintf("applies to url goals only, not %q", r.Type))
	}
	return nil
}

// MarkGoalRequest is the body of Goals.MarkAsSuccessful; VisitorID is required.
type MarkGoalRequest struct {
	// VisitorID comes from the JavaScript API (LC_API.get_visitor_id()).
	VisitorID        string `json:"visitor_id"`
	OrderID          string `json:"order_id,omitempty"`
	OrderDescription string `json:"order_description,omitempty"`
	// OrderPrice uses a period as decimal separator, e.g. "199.00".
	OrderPrice    string `json:"order_price,omitempty"`
	OrderCurrency string `json:"order_currency,omitempty"`
}

var price = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// Validate checks the request before it is sent.
func (r MarkGoalRequest) Validate() error {
	if r.VisitorID == "" {
		return livechat.Required("visitor_id")
	}
	if r.OrderPrice != "" && !price.MatchString(r.OrderPrice) {
		return livechat.Invalid("order_price", fmt.Sprintf("must be a number with a period as separator, got %q", r.OrderPrice))
	}
	return nil
}

// GoalsService manages goals: /goals.
type GoalsService struct{ c *Client }

// List returns the goals, optionally of one type (GET /goals).
func (s *GoalsService) List(ctx context.Context, opts GoalListOptions) ([]Goal, error) {
	q := newQuery()
	if err := check.OneOf("type", opts.Type, GoalCustomVariable, GoalURL, GoalAPI, GoalSalesTracker); err != nil {
		return nil, err
	}
	q.str("type", string(opts.Type))
	var out []Goal
	if err := s.c.get(ctx, "/goals", q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one goal with its type-specific fields (GET /goals/<id>).
func (s *GoalsService) Get(ctx context.Context, id int) (*Goal, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out Goal
	if err := s.c.get(ctx, "/goals/"+segInt(id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create creates a goal (POST /goals).
func (s *GoalsService) Create(ctx context.Context, req GoalRequest) (*Goal, error) {
	if err := req.validate(true); err != nil {
		return nil, err
	}
	var out Goal
	if err := s.c.post(ctx, "/goals", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes a goal (PUT /goals/<id>).
func (s *GoalsService) Update(ctx context.Context, id int, req GoalRequest) (*Goal, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := req.validate(false); err != nil {
		return nil, err
	}
	var out Goal
	if err := s.c.put(ctx, "/goals/"+segInt(id), req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a goal (DELETE /goals/<id>) and returns the result text.
func (s *GoalsService) Delete(ctx context.Context, id int) (string, error) {
	if err := checkID("id", id); err != nil {
		return "", err
	}
	return s.c.del(ctx, "/goals/"+segInt(id), nil)
}

// MarkAsSuccessful records that a visitor reached a goal
// (POST /goals/<id>/mark_as_successful) and returns the result text.
func (s *GoalsService) MarkAsSuccessful(ctx context.Context, id int, req MarkGoalRequest) (string, error) {
	if err := checkID("id", id); err != nil {
		return "", err
	}
	if err := req.Validate(); err != nil {
		return "", err
	}
	return s.c.action(ctx, "/goals/"+segInt(id)+"/mark_as_successful", req)
}
