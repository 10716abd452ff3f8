package agent

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// GetCustomer returns a customer, with the ids of its chats (get_customer).
func (c *Client) GetCustomer(ctx context.Context, customerID string) (*livechat.Customer, error) {
	if customerID == "" {
		return nil, livechat.Required("id")
	}
	var cust livechat.Customer
	if err := c.call(ctx, "get_customer", &idRequest{ID: customerID}, &cust); err != nil {
		return nil, err
	}
	return &cust, nil
}

// ValuesFilter matches a text field of list_customers against values.
type ValuesFilter struct {
	Values        []string `json:"values,omitempty"`
	ExcludeValues []string `json:"exclude_values,omitempty"`
}

// RangeFilter compares a counter of list_customers.
type RangeFilter struct {
	LT  *int `json:"lt,omitempty"`
	LTE *int `json:"lte,omitempty"`
	GT  *int `json:"gt,omitempty"`
	GTE *int `json:"gte,omitempty"`
	EQ  *int `json:"eq,omitempty"`
}

// TimeRangeFilter compares a date of list_customers (RFC 3339 values).
type TimeRangeFilter struct {
	LT  livechat.Timestamp `json:"lt,omitempty"`
	LTE livechat.Timestamp `json:"lte,omitempty"`
	GT  livechat.Timestamp `json:"gt,omitempty"`
	GTE livechat.Timestamp `json:"gte,omitempty"`
	EQ  livechat.Timestamp `json:"eq,omitempty"`
}

func (f *TimeRangeFilter) validate(field string) error {
	if f == nil {
		return nil
	}
	return check.FirstErr(check.Timestamp(field+".lt", f.LT), check.Timestamp(field+".lte", f.LTE),
		check.Timestamp(field+".gt", f.GT), check.Timestamp(field+".gte", f.GTE), check.Timestamp(field+".eq", f.EQ))
}

// GroupIDsFilter matches chat_group_ids of list_customers (≤ 40 ids).
type GroupIDsFilter struct {
	Values        []int `json:"values,omitempty"`
	ExcludeValues []int `json:"exclude_values,omitempty"`
}

// CustomersFilters are the filters of list_customers (API 3.5).
type CustomersFilters struct {
	Country                      *ValuesFilter    `json:"country,omitempty"`
	Email                        *ValuesFilter    `json:"email,omitempty"`
	Name                         *ValuesFilter    `json:"name,omitempty"`
	CustomerID                   *ValuesFilter    `json:"customer_id,omitempty"`
	ChatsCount                   *RangeFilter     `json:"chats_count,omitempty"`
	ThreadsCount                 *RangeFilter     `json:"threads_count,omitempty"`
	VisitsCount                  *RangeFilter     `json:"visits_count,omitempty"`
	CreatedAt                    *TimeRangeFilter `json:"created_at,omitempty"`
	AgentLastEventCreatedAt      *TimeRangeFilter `json:"agent_last_event_created_at,omitempty"`
	CustomerLastEventCreatedAt   *TimeRangeFilter `json:"customer_last_event_created_at,omitempty"`
	ChatGroupIDs                 *GroupIDsFilter  `json:"chat_group_ids,omitempty"`
	IncludeCustomersWithoutChats *bool            `json:"include_customers_without_chats,omitempty"`
}

// ListCustomersRequest is the payload of list_customers (API 3.5; removed
// in 3.6). SortBy is created_at (default), threads_count, visits_count,
// agent_last_event or customer_last_event.
type ListCustomersRequest struct {
	PageID    string    `json:"page_id,omitempty"`
	Limit     int       `json:"limit,omitempty"`
	SortOrder SortOrder `json:"sort_order,omitempty"`
	SortBy    string    `json:"sort_by,omitempty"`
	// Filters select customers; not allowed together with PageID.
	Filters *CustomersFilters `json:"filters,omitempty"`
}

func (r *ListCustomersRequest) validate() error {
	if err := check.FirstErr(checkLimit("limit", r.Limit, MaxLimit), checkSortOrder("sort_order", r.SortOrder),
		checkPaging(r.PageID, r.Filters != nil || r.SortBy != "", r.Limit, r.SortOrder)); err != nil {
		return err
	}
	switch r.SortBy {
	case "", "created_at", "threads_count", "visits_count", "agent_last_event", "customer_last_event":
	default:
		return livechat.Invalid("sort_by", fmt.Sprintf("must be created_at, threads_count, visits_count, agent_last_event or customer_last_event, got %q", r.SortBy))
	}
	if f := r.Filters; f != nil {
		if g := f.ChatGroupIDs; g != nil {
			if err := check.FirstErr(check.MaxItems("filters.chat_group_ids.values", len(g.Values), MaxChatGroupIDs),
				check.MaxItems("filters.chat_group_ids.exclude_values", len(g.ExcludeValues), MaxChatGroupIDs)); err != nil {
				return err
			}
		}
		return check.FirstErr(f.CreatedAt.validate("filters.created_at"),
			f.AgentLastEventCreatedAt.validate("filters.agent_last_event_created_at"),
			f.CustomerLastEventCreatedAt.validate("filters.customer_last_event_created_at"))
	}
	return nil
}

// ListCustomersResponse is the answer of list_customers.
type ListCustomersResponse struct {
	Customers        []livechat.Customer `json:"customers"`
	TotalCustomers   int                 `json:"total_customers"`
	LimitedCustomers int                 `json:"limited_customers,omitempty"`
	NextPageID       string              `json:"next_page_id,omitempty"`
	PreviousPageID   string              `json:"previous_page_id,omitempty"`
}

// ListCustomers searches customers (list_customers, API 3.5 only: it is
// refused before sending when the transport speaks 3.6).
func (c *Client) ListCustomers(ctx context.Context, req ListCustomersRequest) (*ListCustomersResponse, error) {
	const action = "list_customers"
	if err := c.removedIn(action, livechat.V3_6); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return callFor[ListCustomersResponse](ctx, c, action, &req)
}

// CreateCustomerRequest is the payload of create_customer (API 3.5).
type CreateCustomerRequest struct {
	Name          string                 `json:"name,omitempty"`
	Email         string                 `json:"email,omitempty"`
	Avatar        string                 `json:"avatar,omitempty"`
	SessionFields livechat.SessionFields `json:"session_fields,omitempty"`
}

// CreateCustomerResponse is the answer of create_customer.
type CreateCustomerResponse struct {
	CustomerID string `json:"customer_id"`
}

// CreateCustomer creates a customer (create_customer, API 3.5 only: it is
// refused before sending when the transport speaks 3.6).
func (c *Client) CreateCustomer(ctx context.Context, req CreateCustomerRequest) (*CreateCustomerResponse, error) {
	const action = "create_customer"
	if err := c.removedIn(action, livechat.V3_6); err != nil {
		return nil, err
	}
	return callFor[CreateCustomerResponse](ctx, c, action, &req)
}

// UpdateCustomerRequest is the payload of update_customer: ID (a UUID v4)
// and at least one other field.
type UpdateCustomerRequest struct {
	ID            string                 `json:"id"`
	Name          string                 `json:"name,omitempty"`
	Email         string                 `json:"email,omitempty"`
	Avatar        string                 `json:"avatar,omitempty"`
	SessionFields livechat.SessionFields `json:"session_fields,omitempty"`
}

// UpdateCustomer updates a customer (update_customer). While the customer
// chats, the change takes effect after the chat.
func (c *Client) UpdateCustomer(ctx context.Context, req UpdateCustomerRequest) error {
	if req.ID == "" {
		return livechat.Required("id")
	}
	if !check.UUIDv4(req.ID) {
		return livechat.Invalid("id", fmt.Sprintf("must be a UUID v4, got %q", req.ID))
	}
	if req.Name == "" && req.Email == "" && req.Avatar == "" && len(req.SessionFields) == 0 {
		return livechat.Invalid("id", "needs at least one of name, email, avatar or session_fields to update")
	}
	return c.call(ctx, "update_customer", &req, nil)
}

// Ban is the length of a customer ban.
type Ban struct {
	Days int `json:"days"`
}

// BanCustomerRequest is the payload of ban_customer.
type BanCustomerRequest struct {
	ID  string `json:"id"`
	Ban Ban    `json:"ban"`
}

// BanCustomer bans a customer for Ban.Days days, disconnecting its sessions
// (ban_customer).
func (c *Client) BanCustomer(ctx context.Context, req BanCustomerRequest) error {
	if req.ID == "" {
		return livechat.Required("id")
	}
	if req.Ban.Days == 0 {
		return livechat.Required("ban.days")
	}
	if req.Ban.Days < 0 {
		return livechat.Invalid("ban.days", "must be positive")
	}
	return c.call(ctx, "ban_customer", &req, nil)
}

// SubscribeCustomersRequest is the payload of subscribe_customers (API 3.6, RTM only).
type SubscribeCustomersRequest struct {
	GroupIDs []int `json:"group_ids,omitempty"`
	Limit    int   `json:"limit,omitempty"`
}

// SubscribeCustomersResponse is the answer of subscribe_customers.
type SubscribeCustomersResponse struct {
	SubscriptionID string              `json:"subscription_id"`
	Customers      []livechat.Customer `json:"customers"`
}

// SubscribeCustomers starts tracking the customers of some groups on this
// connection and returns those matching now (subscribe_customers, API 3.6+).
//
// RTM only: over the Web API it returns a *livechat.ArgumentError and
// sends nothing.
func (c *Client) SubscribeCustomers(ctx context.Context, req SubscribeCustomersRequest) (*SubscribeCustomersResponse, error) {
	const action = "subscribe_customers"
	if err := c.since(action, livechat.V3_6); err != nil {
		return nil, err
	}
	if req.Limit < 0 {
		return nil, livechat.Invalid("limit", "must not be negative")
	}
	return callFor[SubscribeCustomersResponse](ctx, c, action, &req)
}

// unsubscribeCustomersRequest is the payload of unsubscribe_customers.
type unsubscribeCustomersRequest struct {
	SubscriptionID string `json:"subscription_id"`
}

// UnsubscribeCustomers removes a customer subscription
// (unsubscribe_customers, API 3.6+).
//
// RTM only: over the Web API it returns a *livechat.ArgumentError and
// sends nothing.
func (c *Client) UnsubscribeCustomers(ctx context.Context, subscriptionID string) error {
	const action = "unsubscribe_customers"
	if err := c.since(action, livechat.V3_6); err != nil {
		return err
	}
	if subscriptionID == "" {
		return livechat.Required("subscription_id")
	}
	return c.call(ctx, action, &unsubscribeCustomersRequest{SubscriptionID: subscriptionID}, nil)
}
