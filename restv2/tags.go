package restv2

import (
	"context"
	"strings"

	"github.com/livechat-go/livechat"
)

// TagCount tells how often a tag is used.
type TagCount struct {
	InChats   int `json:"inChats"`
	InTickets int `json:"inTickets"`
}

// Tag is a tag of a group.
type Tag struct {
	Name   string `json:"name,omitempty"`
	Author string `json:"author,omitempty"`
	// CreationDate is a Unix timestamp.
	CreationDate int64          `json:"creation_date,omitempty"`
	Count        *TagCount      `json:"count,omitempty"`
	Group        int            `json:"group,omitempty"`
	Extra        livechat.Extra `json:"-"`
}

// TagListOptions filters the tags list.
type TagListOptions struct {
	// Group returns the tags of one group; nil returns all.
	Group *int
}

// CreateTagRequest is the body of Tags.Create; all fields are required
// (group 0 is a valid group).
type CreateTagRequest struct {
	Tag string `json:"tag"`
	// Author is the creating agent's login.
	Author string `json:"author"`
	Group  int    `json:"group"`
}

// Validate checks the request before it is sent.
func (r CreateTagRequest) Validate() error {
	if strings.TrimSpace(r.Tag) == "" {
		return livechat.Required("tag")
	}
	if r.Author == "" {
		return livechat.Required("author")
	}
	return checkGroupID("group", r.Group)
}

// TagsService manages tags: /tags.
type TagsService struct{ c *Client }

// List returns the tags (GET /tags).
func (s *TagsService) List(ctx context.Context, opts TagListOptions) ([]Tag, error) {
	q := newQuery()
	if opts.Group != nil {
		if err := checkGroupID("group", *opts.Group); err != nil {
			return nil, err
		}
		q.intp("group", opts.Group)
	}
	var out []Tag
	if err := s.c.get(ctx, "/tags", q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Create adds a tag to a group (POST /tags).
func (s *TagsService) Create(ctx context.Context, req CreateTagRequest) (*Tag, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out Tag
	if err := s.c.post(ctx, "/tags", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a tag from a group (DELETE /tags/<tag> with the JSON body
// {"tag":…,"group":…}, as documented) and returns the result text ("ok"
// for the documented {"ok":true} answer).
func (s *TagsService) Delete(ctx context.Context, tag string, group int) (string, error) {
	if strings.TrimSpace(tag) == "" {
		return "", livechat.Required("tag")
	}
	if err := checkGroupID("group", group); err != nil {
		return "", err
	}
	body := struct {
		Tag   string `json:"tag"`
		Group int    `json:"group"`
	}{tag, group}
	return s.c.del(ctx, "/tags/"+seg(tag), body)
}
