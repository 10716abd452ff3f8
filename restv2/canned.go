package restv2

import (
	"context"

	"github.com/livechat-go/livechat"
)

// CannedResponse is a canned response.
type CannedResponse struct {
	ID    int    `json:"id,omitempty"`
	Group int    `json:"group,omitempty"`
	Text  string `json:"text,omitempty"`
	// CreationDate and ModificationDate are Unix timestamps.
	CreationDate     int64          `json:"creation_date,omitempty"`
	CreatedBy        string         `json:"created_by,omitempty"`
	ModificationDate int64          `json:"modification_date,omitempty"`
	ModifiedBy       string         `json:"modified_by,omitempty"`
	Tags             []string       `json:"tags,omitempty"`
	Extra            livechat.Extra `json:"-"`
}

// CannedResponseListOptions selects the group of the canned responses list.
type CannedResponseListOptions struct {
	// Group is the group id; the server defaults to 0.
	Group *int
}

// CreateCannedResponseRequest is the body of CannedResponses.Create; Text
// and Tags are required.
type CreateCannedResponseRequest struct {
	Text string   `json:"text"`
	Tags []string `json:"tags"`
	// Group defaults to 0.
	Group *int `json:"group,omitempty"`
}

// Validate checks the request before it is sent.
func (r CreateCannedResponseRequest) Validate() error {
	if r.Text == "" {
		return livechat.Required("text")
	}
	if len(r.Tags) == 0 {
		return livechat.Required("tags")
	}
	if err := checkTags("tags", r.Tags, true); err != nil {
		return err
	}
	if r.Group != nil {
		return checkGroupID("group", *r.Group)
	}
	return nil
}

// UpdateCannedResponseRequest is the body of CannedResponses.Update; at
// least one field must be set.
type UpdateCannedResponseRequest struct {
	Text string   `json:"text,omitempty"`
	Tags []string `json:"tags,omitempty"`
}

// Validate checks the request before it is sent.
func (r UpdateCannedResponseRequest) Validate() error {
	if r.Text == "" && len(r.Tags) == 0 {
		return livechat.Invalid("text", "or tags must be set: nothing to update")
	}
	return checkTags("tags", r.Tags, false)
}

// CannedResponsesService manages canned responses: /canned_responses.
type CannedResponsesService struct{ c *Client }

// List returns the canned responses of a group (GET /canned_responses).
func (s *CannedResponsesService) List(ctx context.Context, opts CannedResponseListOptions) ([]CannedResponse, error) {
	q := newQuery()
	if opts.Group != nil {
		if err := checkGroupID("group", *opts.Group); err != nil {
			return nil, err
		}
		q.intp("group", opts.Group)
	}
	var out []CannedResponse
	if err := s.c.get(ctx, "/canned_responses", q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns one canned response (GET /canned_responses/<id>).
func (s *CannedResponsesService) Get(ctx context.Context, id int) (*CannedResponse, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out CannedResponse
	if err := s.c.get(ctx, "/canned_responses/"+segInt(id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create creates a canned response (POST /canned_responses).
func (s *CannedResponsesService) Create(ctx context.Context, req CreateCannedResponseRequest) (*CannedResponse, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out CannedResponse
	if err := s.c.post(ctx, "/canned_responses", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes a canned response (PUT /canned_responses/<id>).
func (s *CannedResponsesService) Update(ctx context.Context, id int, req UpdateCannedResponseRequest) (*CannedResponse, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out CannedResponse
	if err := s.c.put(ctx, "/canned_responses/"+segInt(id), req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a canned response (DELETE /canned_responses/<id>) and
// returns the result text.
func (s *CannedResponsesService) Delete(ctx context.Context, id int) (string, error) {
	if err := checkID("id", id); err != nil {
		return "", err
	}
	return s.c.del(ctx, "/canned_responses/"+segInt(id), nil)
}
