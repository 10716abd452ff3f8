package configuration

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// PropertyType is the type of a property's values.
type PropertyType string

// Property types.
const (
	PropertyInt             PropertyType = "int"
	PropertyString          PropertyType = "string"
	PropertyBool            PropertyType = "bool"
	PropertyTokenizedString PropertyType = "tokenized_string"
)

// Property locations, users and access types of PropertyAccess.
var (
	PropertyLocations   = []string{"chat", "thread", "event", "license", "group"}
	PropertyUsers       = []string{"agent", "customer"}
	PropertyAccessTypes = []string{"read", "write"}
)

// PropertyAccess says who may read or write a property where:
// {"<location>": {"<agent|customer>": ["read", "write"]}}.
type PropertyAccess map[string]map[string][]string

// PropertyRange bounds the values of an int property.
type PropertyRange struct {
	From  int            `json:"from"`
	To    int            `json:"to"`
	Extra livechat.Extra `json:"-"`
}

// PropertyConfig is the configuration of a property (list_properties).
type PropertyConfig struct {
	Type         PropertyType   `json:"type,omitempty"`
	Description  string         `json:"description,omitempty"`
	Access       PropertyAccess `json:"access,omitempty"`
	PublicAccess []string       `json:"public_access,omitempty"`
	Domain       []any          `json:"domain,omitempty"`
	Range        *PropertyRange `json:"range,omitempty"`
	DefaultValue any            `json:"default_value,omitempty"`
	Extra        livechat.Extra `json:"-"`
}

// RegisterPropertyRequest is the payload of register_property.
type RegisterPropertyRequest struct {
	Name          string         `json:"name"`
	OwnerClientID string         `json:"owner_client_id"`
	Type          PropertyType   `json:"type"`
	Access        PropertyAccess `json:"access"`
	Description   string         `json:"description,omitempty"`
	// Domain lists the allowed values; not together with Range.
	Domain []any `json:"domain,omitempty"`
	// Range bounds int values; not together with Domain.
	Range *PropertyRange `json:"range,omitempty"`
	// DefaultValue needs a license or group location in Access.
	DefaultValue any `json:"default_value,omitempty"`
}

func (r *RegisterPropertyRequest) validate() error {
	if err := check.FirstErr(check.Required("name", r.Name), check.Required("owner_client_id", r.OwnerClientID)); err != nil {
		return err
	}
	if err := check.RequiredOneOf("type", r.Type, PropertyInt, PropertyString, PropertyBool, PropertyTokenizedString); err != nil {
		return err
	}
	if len(r.Access) == 0 {
		return livechat.Required("access")
	}
	for loc, users := range r.Access {
		f := "access." + loc
		if err := check.OneOf("access", loc, PropertyLocations...); err != nil {
			return err
		}
		if len(users) == 0 {
			return livechat.Invalid(f, "must give access to agent or customer")
		}
		for user, acc := range users {
			if err := check.OneOf(f, user, PropertyUsers...); err != nil {
				return err
			}
			if len(acc) == 0 {
				return livechat.Invalid(f+"."+user, "must list read and/or write")
			}
			if err := eachOneOf(f+"."+user, acc, PropertyAccessTypes...); err != nil {
				return err
			}
		}
	}
	if len(r.Domain) > 0 && r.Range != nil {
		return livechat.Invalid("range", "cannot be combined with domain")
	}
	if r.Range != nil {
		if r.Type != PropertyInt {
			return livechat.Invalid("range", "is allowed only for int properties")
		}
		if r.Range.From > r.Range.To {
			return livechat.Invalid("range", fmt.Sprintf("from %d is greater than to %d", r.Range.From, r.Range.To))
		}
	}
	if r.DefaultValue != nil && r.Access["license"] == nil && r.Access["group"] == nil {
		return livechat.Invalid("default_value", "needs a license or group location in access")
	}
	return nil
}

// RegisterProperty registers a private property of an application (register_property).
func (c *Client) RegisterProperty(ctx context.Context, req RegisterPropertyRequest) error {
	return c.call(ctx, "register_property", &req, nil)
}

type propertyRequest struct {
	Name          string `json:"name"`
	OwnerClientID string `json:"owner_client_id"`
}

func (r *propertyRequest) validate() error {
	return check.FirstErr(check.Required("name", r.Name), check.Required("owner_client_id", r.OwnerClientID))
}

// UnregisterProperty unregisters a private (unpublished) property (unregister_property).
func (c *Client) UnregisterProperty(ctx context.Context, name, ownerClientID string) error {
	return c.call(ctx, "unregister_property", &propertyRequest{Name: name, OwnerClientID: ownerClientID}, nil)
}

// PublishPropertyRequest is the payload of publish_property.
type PublishPropertyRequest struct {
	Name          string `json:"name"`
	OwnerClientID string `json:"owner_client_id"`
	// AccessType is what other applications may do: read and/or write.
	AccessType []string `json:"access_type"`
}

func (r *PublishPropertyRequest) validate() error {
	if err := check.FirstErr(check.Required("name", r.Name), check.Required("owner_client_id", r.OwnerClientID)); err != nil {
		return err
	}
	if len(r.AccessType) == 0 {
		return livechat.Required("access_type")
	}
	return eachOneOf("access_type", r.AccessType, PropertyAccessTypes...)
}

// PublishProperty makes a property accessible to every application (publish_property).
func (c *Client) PublishProperty(ctx context.Context, req PublishPropertyRequest) error {
	return c.call(ctx, "publish_property", &req, nil)
}

// ListProperties returns the properties owned by an application, by name (list_properties).
func (c *Client) ListProperties(ctx context.Context, ownerClientID string) (map[string]PropertyConfig, error) {
	var resp map[string]PropertyConfig
	if err := c.call(ctx, "list_properties", &ownerRequest{OwnerClientID: ownerClientID}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

type licensePropertiesRequest struct {
	Properties livechat.Properties `json:"properties"`
}

func (r *licensePropertiesRequest) validate() error {
	return check.Properties("properties", r.Properties)
}

// UpdateLicenseProperties sets license property values (update_license_properties).
func (c *Client) UpdateLicenseProperties(ctx context.Context, props livechat.Properties) error {
	return c.call(ctx, "update_license_properties", &licensePropertiesRequest{Properties: props}, nil)
}

// ListPropertiesFilter narrows list_license_properties and list_groups_properties.
type ListPropertiesFilter struct {
	Namespace  string `json:"namespace,omitempty"`
	NamePrefix string `json:"name_prefix,omitempty"`
}

func (r *ListPropertiesFilter) validate() error { return nil }

// ListLicenseProperties returns license property values (list_license_properties).
func (c *Client) ListLicenseProperties(ctx context.Context, filter ListPropertiesFilter) (livechat.Properties, error) {
	var resp livechat.Properties
	if err := c.call(ctx, "list_license_properties", &filter, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

type deleteLicensePropertiesRequest struct {
	Properties livechat.PropertyNames `json:"properties"`
}

func (r *deleteLicensePropertiesRequest) validate() error {
	return check.PropertyNames("properties", r.Properties)
}

// DeleteLicenseProperties deletes license property values (delete_license_properties).
func (c *Client) DeleteLicenseProperties(ctx context.Context, names livechat.PropertyNames) error {
	return c.call(ctx, "delete_license_properties", &deleteLicensePropertiesRequest{Properties: names}, nil)
}

type updateGroupPropertiesRequest struct {
	GroupID    int                 `json:"group_id"`
	Properties livechat.Properties `json:"properties"`
}

func (r *updateGroupPropertiesRequest) validate() error {
	return check.FirstErr(nonNegative("group_id", r.GroupID), check.Properties("properties", r.Properties))
}

// UpdateGroupProperties sets property values of a group (update_group_properties).
func (c *Client) UpdateGroupProperties(ctx context.Context, groupID int, props livechat.Properties) error {
	return c.call(ctx, "update_group_properties", &updateGroupPropertiesRequest{GroupID: groupID, Properties: props}, nil)
}

type listGroupsPropertiesRequest struct {
	GroupIDs []int `json:"group_ids"`
	ListPropertiesFilter
}

func (r *listGroupsPropertiesRequest) validate() error {
	for i, id := range r.GroupIDs {
		if err := nonNegative(fmt.Sprintf("group_ids[%d]", i), id); err != nil {
			return err
		}
	}
	return nil
}

// GroupProperties are the property values of one group.
type GroupProperties struct {
	ID         int                 `json:"id"`
	Properties livechat.Properties `json:"properties,omitempty"`
	Extra      livechat.Extra      `json:"-"`
}

// ListGroupsProperties returns property values of groups; no groupIDs
// means every group (list_groups_properties).
func (c *Client) ListGroupsProperties(ctx context.Context, groupIDs []int, filter ListPropertiesFilter) ([]GroupProperties, error) {
	if groupIDs == nil {
		groupIDs = []int{}
	}
	var resp []GroupProperties
	if err := c.call(ctx, "list_groups_properties",
		&listGroupsPropertiesRequest{GroupIDs: groupIDs, ListPropertiesFilter: filter}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

type deleteGroupPropertiesRequest struct {
	ID         int                    `json:"id"`
	Properties livechat.PropertyNames `json:"properties"`
}

func (r *deleteGroupPropertiesRequest) validate() error {
	return check.FirstErr(nonNegative("id", r.ID), check.PropertyNames("properties", r.Properties))
}

// DeleteGroupProperties deletes property values of a group (delete_group_properties).
func (c *Client) DeleteGroupProperties(ctx context.Context, groupID int, names livechat.PropertyNames) error {
	return c.call(ctx, "delete_group_properties", &deleteGroupPropertiesRequest{ID: groupID, Properties: names}, nil)
}
