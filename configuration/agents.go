package configuration

import (
	"context"
	"fmt"
	"strings"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
)

// Role is an agent's role in the license.
type Role string

// Roles. Owner is reported by the API but cannot be assigned.
const (
	RoleOwner         Role = "owner"
	RoleViceowner     Role = "viceowner"
	RoleAdministrator Role = "administrator"
	RoleNormal        Role = "normal"
)

// LoginStatus is an agent's routing status right after login. Note the
// space: the Configuration API spells it "accepting chats", unlike the
// routing statuses of the Agent Chat API ("accepting_chats").
type LoginStatus string

// Login statuses.
const (
	LoginAcceptingChats    LoginStatus = "accepting chats"
	LoginNotAcceptingChats LoginStatus = "not accepting chats" // the default
)

// Priority is the routing priority of an agent or bot in a group.
type Priority string

// Priorities, highest first. Supervisors never get chats assigned.
const (
	PriorityFirst      Priority = "first"
	PriorityNormal     Priority = "normal"
	PriorityLast       Priority = "last"
	PrioritySupervisor Priority = "supervisor"
)

var priorities = []Priority{PriorityFirst, PriorityNormal, PriorityLast, PrioritySupervisor}

// Notifications an agent may turn on.
var Notifications = []string{"new_visitor", "incoming_chat", "returning_visitor", "queued_visitor",
	"visitor_is_typing", "new_goal", "unassigned_chats", "unassigned_chat_messages", "ticket",
	"inactive_notifications", "mute_all_sounds", "repeat_sound_notifications", "ticket_notifications",
	"incoming_message_for_focused_chat"}

// EmailSubscriptions an agent may receive.
var EmailSubscriptions = []string{"daily_summary", "weekly_summary"}

// AgentFields are the values of the fields parameter of get_agent and list_agents.
var AgentFields = []string{"work_scheduler", "groups", "email_subscriptions", "notifications", "job_title",
	"mobile", "max_chats_count", "suspended", "awaiting_approval", "last_logout"}

// Weekdays of a work schedule.
var Weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// GroupPriority is a membership of an agent or bot in a group.
type GroupPriority struct {
	ID       int            `json:"id"`
	Priority Priority       `json:"priority"`
	Extra    livechat.Extra `json:"-"`
}

// ScheduleEntry is one span of working hours.
type ScheduleEntry struct {
	Day     string `json:"day"` // sunday … saturday
	Enabled bool   `json:"enabled"`
	// Start and End are "HH:MM".
	Start string         `json:"start"`
	End   string         `json:"end"`
	Extra livechat.Extra `json:"-"`
}

// WorkScheduler is the working-hours configuration of an agent or bot
// (API 3.5+ form: a timezone and a list of spans).
type WorkScheduler struct {
	Timezone string          `json:"timezone,omitempty"`
	Schedule []ScheduleEntry `json:"schedule,omitempty"`
	Extra    livechat.Extra  `json:"-"`
}

func (w *WorkScheduler) validate(field string, timezoneRequired bool) error {
	if w == nil {
		return nil
	}
	if (timezoneRequired || len(w.Schedule) > 0) && w.Timezone == "" {
		return livechat.Required(field + ".timezone")
	}
	for i, s := range w.Schedule {
		f := fmt.Sprintf("%s.schedule[%d]", field, i)
		if err := check.RequiredOneOf(f+".day", s.Day, Weekdays...); err != nil {
			return err
		}
		if !hhmm.MatchString(s.Start) {
			return livechat.Invalid(f+".start", fmt.Sprintf("must be HH:MM, got %q", s.Start))
		}
		if !hhmm.MatchString(s.End) {
			return livechat.Invalid(f+".end", fmt.Sprintf("must be HH:MM, got %q", s.End))
		}
		if s.End <= s.Start {
			return livechat.Invalid(f+".end", "must be later than start")
		}
	}
	return nil
}

func validateGroups(groups []GroupPriority) error {
	for i, g := range groups {
		if err := nonNegative(fmt.Sprintf("groups[%d].id", i), g.ID); err != nil {
			return err
		}
		if err := check.RequiredOneOf(fmt.Sprintf("groups[%d].priority", i), g.Priority, priorities...); err != nil {
			return err
		}
	}
	return nil
}

// Agent is an agent as get_agent and list_agents answer it.
type Agent struct {
	ID                 string             `json:"id"`
	AccountID          string             `json:"account_id,omitempty"`
	Name               string             `json:"name,omitempty"`
	Avatar             string             `json:"avatar,omitempty"`
	AvatarPath         string             `json:"avatar_path,omitempty"`
	Role               Role               `json:"role,omitempty"`
	LoginStatus        LoginStatus        `json:"login_status,omitempty"`
	JobTitle           string             `json:"job_title,omitempty"`
	Mobile             string             `json:"mobile,omitempty"`
	MaxChatsCount      int                `json:"max_chats_count,omitempty"`
	Groups             []GroupPriority    `json:"groups,omitempty"`
	Notifications      []string           `json:"notifications,omitempty"`
	EmailSubscriptions []string           `json:"email_subscriptions,omitempty"`
	WorkScheduler      *WorkScheduler     `json:"work_scheduler,omitempty"`
	Suspended          bool               `json:"suspended,omitempty"`
	AwaitingApproval   bool               `json:"awaiting_approval,omitempty"`
	LastLogout         livechat.Timestamp `json:"last_logout,omitempty"`
	Summaries          []string           `json:"summaries,omitempty"`
	Extra              livechat.Extra     `json:"-"`
}

// agentSettings are the optional settings shared by create_agent and update_agent.
type agentSettings struct {
	Role               Role
	LoginStatus        LoginStatus
	MaxChatsCount      int
	Groups             []GroupPriority
	Notifications      []string
	EmailSubscriptions []string
	WorkScheduler      *WorkScheduler
}

func (s agentSettings) validate() error {
	if err := check.OneOf("role", s.Role, RoleViceowner, RoleAdministrator, RoleNormal); err != nil {
		return err
	}
	if s.LoginStatus != "" && s.LoginStatus != LoginAcceptingChats && s.LoginStatus != LoginNotAcceptingChats {
		return livechat.Invalid("login_status", fmt.Sprintf(
			`must be "accepting chats" or "not accepting chats" (with a space), got %q`, string(s.LoginStatus)))
	}
	if err := maxCount("max_chats_count", s.MaxChatsCount, MaxAgentChats); err != nil {
		return err
	}
	if err := validateGroups(s.Groups); err != nil {
		return err
	}
	if err := eachOneOf("notifications", s.Notifications, Notifications...); err != nil {
		return err
	}
	if err := eachOneOf("email_subscriptions", s.EmailSubscriptions, EmailSubscriptions...); err != nil {
		return err
	}
	return s.WorkScheduler.validate("work_scheduler", false)
}

// CreateAgentRequest is the payload of create_agent.
type CreateAgentRequest struct {
	// ID is the agent's e-mail address.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Role is viceowner, administrator or normal (default).
	Role        Role        `json:"role,omitempty"`
	Avatar      string      `json:"avatar,omitempty"`
	LoginStatus LoginStatus `json:"login_status,omitempty"`
	JobTitle    string      `json:"job_title,omitempty"`
	Mobile      string      `json:"mobile,omitempty"`
	// MaxChatsCount is at most 20 (default 6).
	MaxChatsCount      int             `json:"max_chats_count,omitempty"`
	AwaitingApproval   *bool           `json:"awaiting_approval,omitempty"`
	Groups             []GroupPriority `json:"groups,omitempty"`
	Notifications      []string        `json:"notifications,omitempty"`
	EmailSubscriptions []string        `json:"email_subscriptions,omitempty"`
	WorkScheduler      *WorkScheduler  `json:"work_scheduler,omitempty"`
}

func (r *CreateAgentRequest) validate() error {
	if err := check.Required("id", r.ID); err != nil {
		return err
	}
	if !strings.Contains(r.ID, "@") {
		return livechat.Invalid("id", fmt.Sprintf("must be the agent's e-mail address, got %q", r.ID))
	}
	if err := check.Required("name", r.Name); err != nil {
		return err
	}
	return agentSettings{r.Role, r.LoginStatus, r.MaxChatsCount, r.Groups, r.Notifications,
		r.EmailSubscriptions, r.WorkScheduler}.validate()
}

// CreateAgentResponse is the answer of create_agent.
type CreateAgentResponse struct {
	ID    string         `json:"id,omitempty"`
	Extra livechat.Extra `json:"-"`
}

// CreateAgent creates an agent (create_agent).
func (c *Client) CreateAgent(ctx context.Context, req CreateAgentRequest) (*CreateAgentResponse, error) {
	return callFor[CreateAgentResponse](ctx, c, "create_agent", &req)
}

type getAgentRequest struct {
	ID     string   `json:"id"`
	Fields []string `json:"fields,omitempty"`
}

func (r *getAgentRequest) validate() error {
	return check.FirstErr(check.Required("id", r.ID), eachOneOf("fields", r.Fields, AgentFields...))
}

// GetAgent returns an agent; fields adds optional members (AgentFields) (get_agent).
func (c *Client) GetAgent(ctx context.Context, id string, fields ...string) (*Agent, error) {
	return callFor[Agent](ctx, c, "get_agent", &getAgentRequest{ID: id, Fields: fields})
}

// AgentFilters narrow list_agents.
type AgentFilters struct {
	GroupIDs  []int `json:"group_ids,omitempty"`
	Suspended *bool `json:"suspended,omitempty"`
}

// ListAgentsRequest is the payload of list_agents.
type ListAgentsRequest struct {
	Filters *AgentFilters `json:"filters,omitempty"`
	Fields  []string      `json:"fields,omitempty"`
}

func (r *ListAgentsRequest) validate() error {
	if r.Filters != nil {
		for i, id := range r.Filters.GroupIDs {
			if err := nonNegative(fmt.Sprintf("filters.group_ids[%d]", i), id); err != nil {
				return err
			}
		}
	}
	return eachOneOf("fields", r.Fields, AgentFields...)
}

// ListAgents returns the agents of the license (list_agents).
func (c *Client) ListAgents(ctx context.Context, req ListAgentsRequest) ([]Agent, error) {
	var resp []Agent
	if err := c.call(ctx, "list_agents", &req, &resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// UpdateAgentRequest is the payload of update_agent; only set fields change.
type UpdateAgentRequest struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name,omitempty"`
	Role               Role            `json:"role,omitempty"`
	Avatar             string          `json:"avatar,omitempty"`
	LoginStatus        LoginStatus     `json:"login_status,omitempty"`
	JobTitle           string          `json:"job_title,omitempty"`
	Mobile             string          `json:"mobile,omitempty"`
	MaxChatsCount      int             `json:"max_chats_count,omitempty"`
	Groups             []GroupPriority `json:"groups,omitempty"`
	Notifications      []string        `json:"notifications,omitempty"`
	EmailSubscriptions []string        `json:"email_subscriptions,omitempty"`
	WorkScheduler      *WorkScheduler  `json:"work_scheduler,omitempty"`
}

func (r *UpdateAgentRequest) validate() error {
	if err := check.Required("id", r.ID); err != nil {
		return err
	}
	return agentSettings{r.Role, r.LoginStatus, r.MaxChatsCount, r.Groups, r.Notifications,
		r.EmailSubscriptions, r.WorkScheduler}.validate()
}

// UpdateAgent updates an agent (update_agent).
func (c *Client) UpdateAgent(ctx context.Context, req UpdateAgentRequest) error {
	return c.call(ctx, "update_agent", &req, nil)
}

// DeleteAgent deletes an agent (delete_agent).
func (c *Client) DeleteAgent(ctx context.Context, id string) error {
	return c.call(ctx, "delete_agent", &idRequest{ID: id}, nil)
}

// SuspendAgent suspends an agent (suspend_agent).
func (c *Client) SuspendAgent(ctx context.Context, id string) error {
	return c.call(ctx, "suspend_agent", &idRequest{ID: id}, nil)
}

// UnsuspendAgent lifts an agent's suspension (unsuspend_agent).
func (c *Client) UnsuspendAgent(ctx context.Context, id string) error {
	return c.call(ctx, "unsuspend_agent", &idRequest{ID: id}, nil)
}

// ApproveAgent approves an agent awaiting approval (approve_agent).
func (c *Client) ApproveAgent(ctx context.Context, id string) error {
	return c.call(ctx, "approve_agent", &idRequest{ID: id}, nil)
}

// RequestAgentUnsuspension lets the requesting suspended agent ask the
// owners for unsuspension (request_agent_unsuspension).
func (c *Client) RequestAgentUnsuspension(ctx context.Context) error {
	return c.call(ctx, "request_agent_unsuspension", nil, nil)
}

// BatchCreateAgents creates agents in one batch (batch_create_agents).
func (c *Client) BatchCreateAgents(ctx context.Context, reqs []CreateAgentRequest) ([]BatchResult[CreateAgentResponse], error) {
	return batch[CreateAgentRequest, CreateAgentResponse](ctx, c, "batch_create_agents", reqs)
}

// BatchUpdateAgents updates agents in one batch (batch_update_agents).
func (c *Client) BatchUpdateAgents(ctx context.Context, reqs []UpdateAgentRequest) ([]BatchResult[Empty], error) {
	return batch[UpdateAgentRequest, Empty](ctx, c, "batch_update_agents", reqs)
}

// BatchDeleteAgents deletes agents in one batch (batch_delete_agents).
func (c *Client) BatchDeleteAgents(ctx context.Context, ids []string) ([]BatchResult[Empty], error) {
	return batch[idRequest, Empty](ctx, c, "batch_delete_agents", idRequests(ids))
}

// BatchSuspendAgents suspends agents in one batch (batch_suspend_agents).
func (c *Client) BatchSuspendAgents(ctx context.Context, ids []string) ([]BatchResult[Empty], error) {
	return batch[idRequest, Empty](ctx, c, "batch_suspend_agents", idRequests(ids))
}

// BatchUnsuspendAgents unsuspends agents in one batch (batch_unsuspend_agents).
func (c *Client) BatchUnsuspendAgents(ctx context.Context, ids []string) ([]BatchResult[Empty], error) {
	return batch[idRequest, Empty](ctx, c, "batch_unsuspend_agents", idRequests(ids))
}

// BatchApproveAgents approves agents in one batch (batch_approve_agents).
func (c *Client) BatchApproveAgents(ctx context.Context, ids []string) ([]BatchResult[Empty], error) {
	return batch[idRequest, Empty](ctx, c, "batch_approve_agents", idRequests(ids))
}
