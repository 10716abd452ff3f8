package restv2

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat"
)

// Group is an agent group. Group 0 contains every agent and lists none.
type Group struct {
	ID       int            `json:"id"`
	Name     string         `json:"name,omitempty"`
	Language string         `json:"language,omitempty"`
	Agents   []string       `json:"agents,omitempty"`
	Status   AgentStatus    `json:"status,omitempty"`
	Extra    livechat.Extra `json:"-"`
}

// GroupRequest is the body of Groups.Create (Name and Agents required) and
// Groups.Update (at least one field).
type GroupRequest struct {
	Name string `json:"name,omitempty"`
	// Agents lists the members' logins; on update it replaces the members
	// (a non-nil empty list removes every member; nil leaves them).
	Agents []string `json:"agents,omitzero"`
	// Language is the chat window language, e.g. "en" (the default).
	Language string `json:"language,omitempty"`
}

func (r GroupRequest) validate(create bool) error {
	if create {
		if r.Name == "" {
			return livechat.Required("name")
		}
		if len(r.Agents) == 0 {
			return livechat.Required("agents")
		}
	} else if r.Name == "" && r.Agents == nil && r.Language == "" {
		return livechat.Invalid("name", "or agents or language must be set: nothing to update")
	}
	for i, a := range r.Agents {
		if err := checkEmail(fmt.Sprintf("agents[%d]", i), a); err != nil {
			return err
		}
	}
	return nil
}

// GroupsService manages groups: /groups.
type GroupsService struct{ c *Client }

// List returns every group (GET /groups).
func (s *GroupsService) List(ctx context.Context) ([]Group, error) {
	var out []Group
	if err := s.c.get(ctx, "/groups", nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one group (GET /groups/<id>).
func (s *GroupsService) Get(ctx context.Context, id int) (*Group, error) {
	if err := checkGroupID("id", id); err != nil {
		return nil, err
	}
	var out Group
	if err := s.c.get(ctx, "/groups/"+segInt(id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create creates a group (POST /groups).
func (s *GroupsService) Create(ctx context.Context, req GroupRequest) (*Group, error) {
	if err := req.validate(true); err != nil {
		return nil, err
	}
	var out Group
	if err := s.c.post(ctx, "/groups", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes a group (PUT /groups/<id>). Group 0 cannot be modified.
func (s *GroupsService) Update(ctx context.Context, id int, req GroupRequest) (*Group, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := req.validate(false); err != nil {
		return nil, err
	}
	var out Group
	if err := s.c.put(ctx, "/groups/"+segInt(id), req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a group (DELETE /groups/<id>) and returns the result
// text. Group 0 cannot be removed.
func (s *GroupsService) Delete(ctx context.Context, id int) (string, error) {
	if err := checkID("id", id); err != nil {
		return "", err
	}
	return s.c.del(ctx, "/groups/"+segInt(id), nil)
}
