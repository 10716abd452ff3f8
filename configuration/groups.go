package configuration

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// GroupFields are the values of the fields parameter of get_group and list_groups.
var GroupFields = []string{"agent_priorities", "routing_status"}

// Group is a group of agents. Group 0 is the default group.
type Group struct {
	ID           int    `json:"id"`
	Name         string `json:"name,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
	// AgentPriorities maps agent ids to their priority in the group.
	AgentPriorities map[string]Priority `json:"agent_priorities,omitempty"`
	// RoutingStatus is accepting_chats, not_accepting_chats or offline.
	RoutingStatus string         `json:"routing_status,omitempty"`
	Extra         livechat.Extra `json:"-"`
}

func validatePriorities(m map[string]Priority) error {
	for id, p := range m {
		if id == "" {
			return livechat.Invalid("agent_priorities", "has an empty agent id")
		}
		if err := check.RequiredOneOf(fmt.Sprintf("agent_priorities.%s", id), p, priorities...); err != nil {
			return err
		}
	}
	return nil
}

// CreateGroupRequest is the payload of create_group.
type CreateGroupRequest struct {
	// Name is at most 180 characters.
	Name         string `json:"name"`
	LanguageCode string `json:"language_code,omitempty"`
	// AgentPriorities is required: "<agent id>": priority.
	AgentPriorities map[string]Priority `json:"agent_priorities"`
}

func (r *CreateGroupRequest) validate() error {
	if err := check.Required("name", r.Name); err != nil {
		return err
	}
	if err := check.MaxChars("name", r.Name, MaxGroupNameLength); err != nil {
		return err
	}
	if len(r.AgentPriorities) == 0 {
		return livechat.Required("agent_priorities")
	}
	return validatePriorities(r.AgentPriorities)
}

// CreateGroupResponse is the answer of create_group.
type CreateGroupResponse struct {
	ID    int            `json:"id"`
	Extra livechat.Extra `json:"-"`
}

// CreateGroup creates a group (create_group).
func (c *Client) CreateGroup(ctx context.Context, req CreateGroupRequest) (*CreateGroupResponse, error) {
	return callFor[CreateGroupResponse](ctx, c, "create_group", &req)
}

// UpdateGroupRequest is the payload of update_group; only set fields change.
type UpdateGroupRequest struct {
	ID              int                 `json:"id"`
	Name            string              `json:"name,omitempty"`
	LanguageCode    string              `json:"language_code,omitempty"`
	AgentPriorities map[string]Priority `json:"agent_priorities,omitempty"`
}

func (r *UpdateGroupRequest) validate() error {
	if err := nonNegative("id", r.ID); err != nil {
		return err
	}
	if err := check.MaxChars("name", r.Name, MaxGroupNameLength); err != nil {
		return err
	}
	return validatePriorities(r.AgentPriorities)
}

// UpdateGroup updates a group (update_group).
func (c *Client) UpdateGroup(ctx context.Context, req UpdateGroupRequest) error {
	return c.call(ctx, "update_group", &req, nil)
}

// DeleteGroup deletes a group (delete_group).
func (c *Client) DeleteGroup(ctx context.Context, id int) error {
	return c.call(ctx, "delete_group", &intIDRequest{ID: id}, nil)
}

type listGroupsRequest struct {
	Fields []string `json:"fields,omitempty"`
}

func (r *listGroupsRequest) validate() error { return eachOneOf("fields", r.Fields, GroupFields...) }

// ListGroups returns every group; fields adds optional members (GroupFields) (list_groups).
func (c *Client) ListGroups(ctx context.Context, fields ...string) ([]Group, error) {
	var resp []Group
	if err := c.call(ctx, "list_groups", &listGroupsRequest{Fields: fields}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

type getGroupRequest struct {
	ID     int      `json:"id"`
	Fields []string `json:"fields,omitempty"`
}

func (r *getGroupRequest) validate() error {
	return check.FirstErr(nonNegative("id", r.ID), eachOneOf("fields", r.Fields, GroupFields...))
}

// GetGroup returns a group; fields adds optional members (GroupFields) (get_group).
func (c *Client) GetGroup(ctx context.Context, id int, fields ...string) (*Group, error) {
	return callFor[Group](ctx, c, "get_group", &getGroupRequest{ID: id, Fields: fields})
}
