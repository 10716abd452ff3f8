package restv2

import (
	"context"
	"errors"
)

// OnlineStatus is the status of the license or of a group.
type OnlineStatus string

// Online statuses.
const (
	Online        OnlineStatus = "online"
	OfflineStatus OnlineStatus = "offline"
)

// StatusService reads whether chats can start: /status.
type StatusService struct{ c *Client }

// Get returns the status of a group; group 0 is the whole license
// (GET /status/<group>).
func (s *StatusService) Get(ctx context.Context, group int) (OnlineStatus, error) {
	if err := checkGroupID("group", group); err != nil {
		return "", err
	}
	var out struct {
		Status OnlineStatus `json:"status"`
	}
	if err := s.c.get(ctx, "/status/"+segInt(group), nil, &out); err != nil {
		return "", err
	}
	if out.Status == "" {
		return "", errors.New("livechat: restv2: GET /status: the answer has no status")
	}
	return out.Status, nil
}
