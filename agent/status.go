package agent

import (
	"context"
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// SetRoutingStatusRequest is the payload of set_routing_status. Agents may
// set accepting_chats or not_accepting_chats; bots also offline. AgentID
// defaults to the requester.
type SetRoutingStatusRequest struct {
	Status  livechat.RoutingStatus `json:"status"`
	AgentID string                 `json:"agent_id,omitempty"`
}

// SetRoutingStatus changes the routing status of an agent or bot
// (set_routing_status).
func (c *Client) SetRoutingStatus(ctx context.Context, req SetRoutingStatusRequest) error {
	if req.Status == "" {
		return livechat.Required("status")
	}
	switch req.Status {
	case livechat.AcceptingChats, livechat.NotAcceptingChats, livechat.Offline:
	default:
		return livechat.Invalid("status", fmt.Sprintf("must be accepting_chats, not_accepting_chats or offline, got %q", req.Status))
	}
	return c.call(ctx, "set_routing_status", &req, nil)
}

// RoutingStatusFilters are the filters of list_routing_statuses.
type RoutingStatusFilters struct {
	GroupIDs []int `json:"group_ids,omitempty"`
}

// ListRoutingStatusesRequest is the payload of list_routing_statuses.
type ListRoutingStatusesRequest struct {
	Filters *RoutingStatusFilters `json:"filters,omitempty"`
}

// AgentRoutingStatus is one entry of list_routing_statuses.
type AgentRoutingStatus struct {
	AgentID string                 `json:"agent_id"`
	Status  livechat.RoutingStatus `json:"status"`
}

// ListRoutingStatuses returns the routing status of each agent selected
// by the filters (list_routing_statuses).
func (c *Client) ListRoutingStatuses(ctx context.Context, req ListRoutingStatusesRequest) ([]AgentRoutingStatus, error) {
	var resp []AgentRoutingStatus
	if err := c.call(ctx, "list_routing_statuses", &req, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// listAgentsForTransferRequest is the payload of list_agents_for_transfer.
type listAgentsForTransferRequest struct {
	ChatID string `json:"chat_id"`
}

// AgentForTransfer is one entry of list_agents_for_transfer.
type AgentForTransfer struct {
	AgentID string `json:"agent_id"`
	// TotalActiveChats counts the agent's active chats with customers.
	TotalActiveChats int `json:"total_active_chats"`
}

// ListAgentsForTransfer returns the agents a chat can be transferred to,
// fewest active chats first (list_agents_for_transfer).
func (c *Client) ListAgentsForTransfer(ctx context.Context, chatID string) ([]AgentForTransfer, error) {
	if chatID == "" {
		return nil, livechat.Required("chat_id")
	}
	var resp []AgentForTransfer
	if err := c.call(ctx, "list_agents_for_transfer", &listAgentsForTransferRequest{ChatID: chatID}, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// LicenseInfo is the answer of get_license_info. The scalar members are
// kept as sent (number or string); unknown members go to Extra.
type LicenseInfo struct {
	LicenseID livechat.NumberOrString `json:"license_id,omitempty"`
	ExpiresAt livechat.NumberOrString `json:"expires_at,omitempty"`
	CreatedAt livechat.NumberOrString `json:"created_at,omitempty"`
	InTrial   bool                    `json:"in_trial,omitempty"`
	Extra     livechat.Extra          `json:"-"`
}

// GetLicenseInfo returns basic facts about the license (get_license_info).
//
// Web API only: over RTM it returns a *livechat.ArgumentError and sends
// nothing.
func (c *Client) GetLicenseInfo(ctx context.Context) (*LicenseInfo, error) {
	var info LicenseInfo
	if err := c.call(ctx, "get_license_info", struct{}{}, &info); err != nil {
		return nil, err
	}
	return &info, nil
}

// requestThreadSummaryRequest is the payload of request_thread_summary (API 3.6).
type requestThreadSummaryRequest struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
}

// RequestThreadSummary asks for an AI summary of an inactive thread; a
// thread is summarized once and the summary arrives with the
// thread_summary_set push/webhook (request_thread_summary, API 3.6+).
func (c *Client) RequestThreadSummary(ctx context.Context, chatID, threadID string) error {
	const action = "request_thread_summary"
	if err := c.since(action, livechat.V3_6); err != nil {
		return err
	}
	if err := check.FirstErr(check.Required("chat_id", chatID), check.Required("thread_id", threadID)); err != nil {
		return err
	}
	return c.call(ctx, action, &requestThreadSummaryRequest{ChatID: chatID, ThreadID: threadID}, nil)
}
