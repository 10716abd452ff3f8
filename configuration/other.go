package configuration

import (
	"context"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// Channel is a communication channel of the license (list_channels).
type Channel struct {
	// ChannelType is code, direct_link or integration.
	ChannelType string `json:"channel_type,omitempty"`
	// ChannelSubtype is "" or, for integrations, the client id.
	ChannelSubtype         string             `json:"channel_subtype,omitempty"`
	FirstActivityTimestamp livechat.Timestamp `json:"first_activity_timestamp,omitempty"`
	Extra                  livechat.Extra     `json:"-"`
}

// ListChannels returns the license's communication channels (list_channels).
func (c *Client) ListChannels(ctx context.Context) ([]Channel, error) {
	var resp []Channel
	if err := c.call(ctx, "list_channels", nil, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// Plan is a LiveChat plan.
type Plan string

// Plans.
const (
	PlanStarter        Plan = "starter"
	PlanTeam           Plan = "team"
	PlanEnterprise     Plan = "enterprise"
	PlanEnterprisePlus Plan = "enterpriseplus"
)

type planRequest struct {
	Plan Plan `json:"plan"`
}

func (r *planRequest) validate() error {
	return check.RequiredOneOf("plan", r.Plan, PlanStarter, PlanTeam, PlanEnterprise, PlanEnterprisePlus)
}

// ProductLimit is a resource that exceeds a plan's limit.
type ProductLimit struct {
	// Resource is agents, groups, banned, queue, queue_continuous,
	// groups_per_agent, access_rules or group_chooser_groups.
	Resource     string `json:"resource,omitempty"`
	LimitBalance int    `json:"limit_balance,omitempty"`
	// ID names the agent or group the limit is about, when it is per entity.
	ID    string         `json:"id,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// CheckProductLimitsForPlan returns the resources that exceed the limits
// of plan (check_product_limits_for_plan).
func (c *Client) CheckProductLimitsForPlan(ctx context.Context, plan Plan) ([]ProductLimit, error) {
	var resp []ProductLimit
	if err := c.call(ctx, "check_product_limits_for_plan", &planRequest{Plan: plan}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// ProductSource is the answer of get_product_source.
type ProductSource struct {
	SourceID   string         `json:"source_id,omitempty"`
	SourceType string         `json:"source_type,omitempty"`
	SourceURL  string         `json:"source_url,omitempty"`
	Extra      livechat.Extra `json:"-"`
}

// GetProductSource returns the source parameters passed when the product
// was activated (get_product_source).
func (c *Client) GetProductSource(ctx context.Context) (*ProductSource, error) {
	return callFor[ProductSource](ctx, c, "get_product_source", nil)
}

// LicenseIDResponse is the answer of get_license_id.
type LicenseIDResponse struct {
	LicenseID int64          `json:"license_id,omitempty"`
	Extra     livechat.Extra `json:"-"`
}

// GetLicenseID returns the license id of an organization (get_license_id,
// a GET action with the organization_id query parameter).
func (c *Client) GetLicenseID(ctx context.Context, organizationID string) (int64, error) {
	if err := check.Required("organization_id", organizationID); err != nil {
		return 0, err
	}
	var resp LicenseIDResponse
	if err := c.get(ctx, "get_license_id", "organization_id", organizationID, &resp); err != nil {
		return 0, err
	}
	return resp.LicenseID, nil
}

// OrganizationIDResponse is the answer of get_organization_id.
type OrganizationIDResponse struct {
	OrganizationID string         `json:"organization_id,omitempty"`
	Extra          livechat.Extra `json:"-"`
}

// GetOrganizationID returns the organization id of a license
// (get_organization_id, a GET action with the license_id query parameter).
func (c *Client) GetOrganizationID(ctx context.Context, licenseID int64) (string, error) {
	if licenseID <= 0 {
		return "", livechat.Required("license_id")
	}
	var resp OrganizationIDResponse
	if err := c.get(ctx, "get_organization_id", "license_id", licenseID, &resp); err != nil {
		return "", err
	}
	return resp.OrganizationID, nil
}

type agentIDRequest struct {
	AgentID string `json:"agent_id"`
}

func (r *agentIDRequest) validate() error { return check.Required("agent_id", r.AgentID) }

// ReactivateEmail reactivates an agent's bounced e-mail address (reactivate_email).
func (c *Client) ReactivateEmail(ctx context.Context, agentID string) error {
	return c.call(ctx, "reactivate_email", &agentIDRequest{AgentID: agentID}, nil)
}

// CompanyDetails is the payload of update_company_details; only set
// fields change and at least one must be set.
type CompanyDetails struct {
	// Enrich fills empty fields from the company's domain.
	Enrich       *bool  `json:"enrich,omitempty"`
	Audience     string `json:"audience,omitempty"`
	ChatPurpose  string `json:"chat_purpose,omitempty"`
	City         string `json:"city,omitempty"`
	Company      string `json:"company,omitempty"`
	CompanySize  string `json:"company_size,omitempty"`
	Country      string `json:"country,omitempty"`
	InvoiceEmail string `json:"invoice_email,omitempty"`
	InvoiceName  string `json:"invoice_name,omitempty"`
	NIP          string `json:"nip,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	State        string `json:"state,omitempty"`
	Street       string `json:"street,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Province     string `json:"province,omitempty"`
	URL          string `json:"url,omitempty"`
}

func (r *CompanyDetails) validate() error {
	if *r == (CompanyDetails{}) {
		return livechat.Invalid("company_details", "needs at least one field")
	}
	return nil
}

// UpdateCompanyDetails updates the company details of the license (update_company_details).
func (c *Client) UpdateCompanyDetails(ctx context.Context, details CompanyDetails) error {
	return c.call(ctx, "update_company_details", &details, nil)
}

// CustomerBan is an active ban (list_customer_bans, API 3.6).
type CustomerBan struct {
	IP         string             `json:"ip,omitempty"`
	CustomerID string             `json:"customer_id,omitempty"`
	AgentID    string             `json:"agent_id,omitempty"`
	ThreadID   string             `json:"thread_id,omitempty"`
	CreatedAt  livechat.Timestamp `json:"created_at,omitempty"`
	ExpiresAt  livechat.Timestamp `json:"expires_at,omitempty"`
	Extra      livechat.Extra     `json:"-"`
}

// ListCustomerBans returns the active customer bans (list_customer_bans, API 3.6).
func (c *Client) ListCustomerBans(ctx context.Context) ([]CustomerBan, error) {
	var resp []CustomerBan
	if err := c.call(ctx, "list_customer_bans", nil, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// UnbanCustomerRequest is the payload of unban_customer: exactly one of IP
// and CustomerID.
type UnbanCustomerRequest struct {
	IP         string `json:"ip,omitempty"`
	CustomerID string `json:"customer_id,omitempty"`
}

func (r *UnbanCustomerRequest) validate() error {
	if (r.IP == "") == (r.CustomerID == "") {
		return livechat.Invalid("ip", "exactly one of ip and customer_id is required")
	}
	return nil
}

// UnbanCustomer lifts a ban (unban_customer, API 3.6).
func (c *Client) UnbanCustomer(ctx context.Context, req UnbanCustomerRequest) error {
	return c.call(ctx, "unban_customer", &req, nil)
}
