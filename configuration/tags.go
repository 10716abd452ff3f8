package configuration

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// Tag labels threads. Names are unique case-insensitively.
type Tag struct {
	Name      string             `json:"name"`
	GroupIDs  []int              `json:"group_ids,omitempty"`
	AuthorID  string             `json:"author_id,omitempty"`
	CreatedAt livechat.Timestamp `json:"created_at,omitempty"`
	Extra     livechat.Extra     `json:"-"`
}

type tagRequest struct {
	Name     string `json:"name"`
	GroupIDs []int  `json:"group_ids,omitempty"`
}

func (r *tagRequest) validate() error {
	if err := check.Required("name", r.Name); err != nil {
		return err
	}
	for i, id := range r.GroupIDs {
		if err := nonNegative(fmt.Sprintf("group_ids[%d]", i), id); err != nil {
			return err
		}
	}
	return nil
}

// updateTagRequest always sends group_ids: an empty list unassigns every group.
type updateTagRequest struct {
	Name     string `json:"name"`
	GroupIDs []int  `json:"group_ids"`
}

func (r *updateTagRequest) validate() error {
	return (&tagRequest{Name: r.Name, GroupIDs: r.GroupIDs}).validate()
}

// CreateTag creates a tag, optionally assigned to groups (create_tag).
func (c *Client) CreateTag(ctx context.Context, name string, groupIDs ...int) error {
	return c.call(ctx, "create_tag", &tagRequest{Name: name, GroupIDs: groupIDs}, nil)
}

// UpdateTag sets the groups of a tag; no groupIDs unassigns them all (update_tag).
func (c *Client) UpdateTag(ctx context.Context, name string, groupIDs ...int) error {
	if groupIDs == nil {
		groupIDs = []int{}
	}
	return c.call(ctx, "update_tag", &updateTagRequest{Name: name, GroupIDs: groupIDs}, nil)
}

// DeleteTag deletes a tag; the name is matched case-sensitively (delete_tag).
func (c *Client) DeleteTag(ctx context.Context, name string) error {
	return c.call(ctx, "delete_tag", &tagRequest{Name: name}, nil)
}

type tagFilters struct {
	GroupIDs []int `json:"group_ids"`
}

type listTagsRequest struct {
	Filters *tagFilters `json:"filters,omitempty"`
}

func (r *listTagsRequest) validate() error {
	if r.Filters == nil {
		return nil
	}
	for i, id := range r.Filters.GroupIDs {
		if err := nonNegative(fmt.Sprintf("filters.group_ids[%d]", i), id); err != nil {
			return err
		}
	}
	return nil
}

// ListTags returns the tags, of the given groups only when groupIDs are given (list_tags).
func (c *Client) ListTags(ctx context.Context, groupIDs ...int) ([]Tag, error) {
	req := &listTagsRequest{}
	if len(groupIDs) > 0 {
		req.Filters = &tagFilters{GroupIDs: groupIDs}
	}
	var resp []Tag
	if err := c.call(ctx, "list_tags", req, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}
