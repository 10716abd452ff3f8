package configuration

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// MatchValue is one value of a url or domain condition.
type MatchValue struct {
	Value string `json:"value"`
	// ExactMatch false matches Value as a substring.
	ExactMatch bool           `json:"exact_match,omitempty"`
	Extra      livechat.Extra `json:"-"`
}

// MatchCondition matches the customer's URL or domain: either Values or
// ExcludeValues, not both.
type MatchCondition struct {
	Values        []MatchValue   `json:"values,omitempty"`
	ExcludeValues []MatchValue   `json:"exclude_values,omitempty"`
	Extra         livechat.Extra `json:"-"`
}

// GeoValue is one place of a geolocation condition; every set field must match.
type GeoValue struct {
	Country     string         `json:"country,omitempty"`
	CountryCode string         `json:"country_code,omitempty"`
	Region      string         `json:"region,omitempty"`
	City        string         `json:"city,omitempty"`
	Extra       livechat.Extra `json:"-"`
}

// GeoCondition matches when any of Values matches.
type GeoCondition struct {
	Values []GeoValue     `json:"values,omitempty"`
	Extra  livechat.Extra `json:"-"`
}

// AutoAccessConditions are the conditions of an auto access; at least one is set.
type AutoAccessConditions struct {
	URL         *MatchCondition `json:"url,omitempty"`
	Domain      *MatchCondition `json:"domain,omitempty"`
	Geolocation *GeoCondition   `json:"geolocation,omitempty"`
	Extra       livechat.Extra  `json:"-"`
}

func (c *AutoAccessConditions) validate() error {
	if c.URL == nil && c.Domain == nil && c.Geolocation == nil {
		return livechat.Invalid("conditions", "needs at least one of url, domain, geolocation")
	}
	for _, m := range []struct {
		name string
		c    *MatchCondition
	}{{"url", c.URL}, {"domain", c.Domain}} {
		if m.c == nil {
			continue
		}
		f := "conditions." + m.name
		if len(m.c.Values) > 0 && len(m.c.ExcludeValues) > 0 {
			return livechat.Invalid(f, "cannot have both values and exclude_values")
		}
		if len(m.c.Values) == 0 && len(m.c.ExcludeValues) == 0 {
			return livechat.Invalid(f, "needs values or exclude_values")
		}
		for i, v := range m.c.Values {
			if err := check.Required(fmt.Sprintf("%s.values[%d].value", f, i), v.Value); err != nil {
				return err
			}
		}
		for i, v := range m.c.ExcludeValues {
			if err := check.Required(fmt.Sprintf("%s.exclude_values[%d].value", f, i), v.Value); err != nil {
				return err
			}
		}
	}
	if g := c.Geolocation; g != nil {
		if len(g.Values) == 0 {
			return livechat.Required("conditions.geolocation.values")
		}
		for i, v := range g.Values {
			if v.Country == "" && v.CountryCode == "" && v.Region == "" && v.City == "" {
				return livechat.Invalid(fmt.Sprintf("conditions.geolocation.values[%d]", i),
					"needs at least one of country, country_code, region, city")
			}
		}
	}
	return nil
}

// AutoAccessAccess lists the groups an auto access assigns.
type AutoAccessAccess struct {
	Groups []int          `json:"groups"`
	Extra  livechat.Extra `json:"-"`
}

// AutoAccess assigns groups to new threads whose customer matches its
// conditions. Auto accesses form a list ordered by NextID.
type AutoAccess struct {
	ID          string               `json:"id"`
	Description string               `json:"description,omitempty"`
	Access      AutoAccessAccess     `json:"access"`
	Conditions  AutoAccessConditions `json:"conditions"`
	NextID      string               `json:"next_id,omitempty"`
	Extra       livechat.Extra       `json:"-"`
}

// AddAutoAccessRequest is the payload of add_auto_access.
type AddAutoAccessRequest struct {
	Access      AutoAccessAccess     `json:"access"`
	Conditions  AutoAccessConditions `json:"conditions"`
	Description string               `json:"description,omitempty"`
	// NextID places the new auto access before that one ("" = last).
	NextID string `json:"next_id,omitempty"`
}

func validateAccess(a *AutoAccessAccess) error {
	if a.Groups == nil {
		return livechat.Required("access.groups")
	}
	for i, g := range a.Groups {
		if err := nonNegative(fmt.Sprintf("access.groups[%d]", i), g); err != nil {
			return err
		}
	}
	return nil
}

func (r *AddAutoAccessRequest) validate() error {
	if err := validateAccess(&r.Access); err != nil {
		return err
	}
	return r.Conditions.validate()
}

// AddAutoAccessResponse is the answer of add_auto_access.
type AddAutoAccessResponse struct {
	ID    string         `json:"id,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// AddAutoAccess creates an auto access (add_auto_access).
func (c *Client) AddAutoAccess(ctx context.Context, req AddAutoAccessRequest) (*AddAutoAccessResponse, error) {
	return callFor[AddAutoAccessResponse](ctx, c, "add_auto_access", &req)
}

// ListAutoAccesses returns every auto access (list_auto_accesses).
func (c *Client) ListAutoAccesses(ctx context.Context) ([]AutoAccess, error) {
	var resp []AutoAccess
	if err := c.call(ctx, "list_auto_accesses", nil, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// UpdateAutoAccessRequest is the payload of update_auto_access; only set
// fields change.
type UpdateAutoAccessRequest struct {
	ID          string                `json:"id"`
	Access      *AutoAccessAccess     `json:"access,omitempty"`
	Conditions  *AutoAccessConditions `json:"conditions,omitempty"`
	Description *string               `json:"description,omitempty"`
	// NextID moves the auto access before that one; a pointer to "" moves
	// it to the end; nil leaves the order alone.
	NextID *string `json:"next_id,omitempty"`
}

func (r *UpdateAutoAccessRequest) validate() error {
	if err := check.Required("id", r.ID); err != nil {
		return err
	}
	if r.Access != nil {
		if err := validateAccess(r.Access); err != nil {
			return err
		}
	}
	if r.Conditions != nil {
		return r.Conditions.validate()
	}
	return nil
}

// UpdateAutoAccess updates an auto access (update_auto_access).
func (c *Client) UpdateAutoAccess(ctx context.Context, req UpdateAutoAccessRequest) error {
	return c.call(ctx, "update_auto_access", &req, nil)
}

// DeleteAutoAccess deletes an auto access (delete_auto_access).
func (c *Client) DeleteAutoAccess(ctx context.Context, id string) error {
	return c.call(ctx, "delete_auto_access", &idRequest{ID: id}, nil)
}
