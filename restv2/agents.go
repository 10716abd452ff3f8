package restv2

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// AgentStatus is the routing status of an agent, also used for groups.
type AgentStatus string

// Agent (and group) statuses.
const (
	AcceptingChats    AgentStatus = "accepting chats"
	NotAcceptingChats AgentStatus = "not accepting chats"
	Offline           AgentStatus = "offline"
)

// Permission is an agent's role.
type Permission string

// Agent permissions.
const (
	PermissionOwner         Permission = "owner"
	PermissionAdministrator Permission = "administrator"
	PermissionNormal        Permission = "normal"
)

// Notification keys of an agent's notifications object.
const (
	NotifyNewVisitor       = "new_visitor"
	NotifyIncomingChat     = "incoming_chat"
	NotifyReturningVisitor = "returning_visitor"
	NotifyQueuedVisitor    = "queued_visitor"
	NotifyVisitorIsTyping  = "visitor_is_typing"
	NotifyNewGoal          = "new_goal"
)

var notificationKeys = []string{NotifyNewVisitor, NotifyIncomingChat, NotifyReturningVisitor,
	NotifyQueuedVisitor, NotifyVisitorIsTyping, NotifyNewGoal}

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// AgentSummary is an item of the agents list.
type AgentSummary struct {
	Name       string         `json:"name,omitempty"`
	Permission Permission     `json:"permission,omitempty"`
	Avatar     string         `json:"avatar,omitempty"`
	Login      string         `json:"login,omitempty"`
	Status     AgentStatus    `json:"status,omitempty"`
	Extra      livechat.Extra `json:"-"`
}

// AgentGroup is a group an agent belongs to.
type AgentGroup struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}

// WorkDay is one day of an agent's work scheduler ("09:00" to "17:00").
type WorkDay struct {
	Enabled *Flag  `json:"enabled,omitempty"`
	Start   string `json:"start,omitempty"`
	End     string `json:"end,omitempty"`
}

// Agent is the full description of an agent.
type Agent struct {
	Login         string             `json:"login,omitempty"`
	Name          string             `json:"name,omitempty"`
	LoginStatus   AgentStatus        `json:"login_status,omitempty"`
	Permission    Permission         `json:"permission,omitempty"`
	DailySummary  Flag               `json:"daily_summary,omitempty"`
	JobTitle      string             `json:"job_title,omitempty"`
	Avatar        string             `json:"avatar,omitempty"`
	Notifications map[string]int     `json:"notifications,omitempty"`
	MaxChatsCount int                `json:"max_chats_count,omitempty"`
	WorkScheduler map[string]WorkDay `json:"work_scheduler,omitempty"`
	Groups        []AgentGroup       `json:"groups,omitempty"`
	Status        AgentStatus        `json:"status,omitempty"`
	// LastLogout is a Unix timestamp (0 when never logged out).
	LastLogout int64 `json:"last_logout,omitempty"`
	// APIKey is the agent's API key, sent by ResetAPIKey; it never prints.
	APIKey Secret         `json:"api_key,omitempty"`
	Extra  livechat.Extra `json:"-"`
}

// AgentListOptions filters the agents list.
type AgentListOptions struct {
	// Status returns only agents with this status.
	Status AgentStatus
}

// CreateAgentRequest is the body of Agents.Create. Login and Name are required.
type CreateAgentRequest struct {
	// Login is the agent's e-mail address (required).
	Login string `json:"login"`
	// Name is the agent's name (required).
	Name string `json:"name"`
	// JobTitle defaults to "Support Agent".
	JobTitle string `json:"job_title,omitempty"`
	// LoginStatus is the status right after login: AcceptingChats or NotAcceptingChats.
	LoginStatus AgentStatus `json:"login_status,omitempty"`
	// Password, at least 5 characters; without it an activation e-mail is
	// sent. It never prints.
	Password Secret `json:"password,omitempty"`
	// Permission is PermissionAdministrator or PermissionNormal (default).
	Permission Permission `json:"permission,omitempty"`
	// Groups lists group ids.
	Groups []int `json:"groups,omitempty"`
	// Notifications maps the Notify* keys to 0 or 1.
	Notifications map[string]int `json:"notifications,omitempty"`
	// DailySummary defaults to on.
	DailySummary *Flag `json:"daily_summary,omitempty"`
	// MaxChatsCount defaults to 6.
	MaxChatsCount *int `json:"max_chats_count,omitempty"`
}

// UpdateAgentRequest is the body of Agents.Update; unset fields are left unchanged.
type UpdateAgentRequest struct {
	JobTitle    string      `json:"job_title,omitempty"`
	Name        string      `json:"name,omitempty"`
	LoginStatus AgentStatus `json:"login_status,omitempty"`
	// Password is the new password (at least 5 characters); it needs CurrentPassword.
	Password Secret `json:"password,omitempty"`
	// CurrentPassword is the caller's own password, required with Password.
	CurrentPassword Secret     `json:"current_password,omitempty"`
	Permission      Permission `json:"permission,omitempty"`
	// Status changes the current status; Offline logs the agent out.
	Status AgentStatus `json:"status,omitempty"`
	// Groups replaces the agent's groups when non-nil (an empty list
	// removes the agent from every group); nil leaves them.
	Groups        []int          `json:"groups,omitzero"`
	Notifications map[string]int `json:"notifications,omitempty"`
	DailySummary  *Flag          `json:"daily_summary,omitempty"`
	MaxChatsCount *int           `json:"max_chats_count,omitempty"`
	// WorkScheduler maps week days ("monday" … "sunday") to working hours
	// (enterprise plans only).
	WorkScheduler map[string]WorkDay `json:"work_scheduler,omitempty"`
}

var clock = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

func checkNotifications(n map[string]int) error {
	for k, v := range n {
		if !slices.Contains(notificationKeys, k) {
			return livechat.Invalid("notifications."+k, "is not a known notification")
		}
		if v != 0 && v != 1 {
			return livechat.Invalid("notifications."+k, fmt.Sprintf("must be 0 or 1, got %d", v))
		}
	}
	return nil
}

func checkAgentCommon(loginStatus AgentStatus, password Secret, perm Permission, groups []int,
	notif map[string]int, maxChats *int) error {
	if err := check.OneOf("login_status", loginStatus, AcceptingChats, NotAcceptingChats); err != nil {
		return err
	}
	if password != "" && len(password) < 5 {
		return livechat.Invalid("password", "must be at least 5 characters long")
	}
	if err := check.OneOf("permission", perm, PermissionOwner, PermissionAdministrator, PermissionNormal); err != nil {
		return err
	}
	for i, g := range groups {
		if err := checkGroupID(fmt.Sprintf("groups[%d]", i), g); err != nil {
			return err
		}
	}
	if err := checkNotifications(notif); err != nil {
		return err
	}
	if maxChats != nil && *maxChats < 0 {
		return livechat.Invalid("max_chats_count", "must not be negative")
	}
	return nil
}

// Validate checks the request before it is sent.
func (r CreateAgentRequest) Validate() error {
	if err := checkEmail("login", r.Login); err != nil {
		return err
	}
	if r.Name == "" {
		return livechat.Required("name")
	}
	if err := check.OneOf("permission", r.Permission, PermissionAdministrator, PermissionNormal); err != nil {
		return err
	}
	return checkAgentCommon(r.LoginStatus, r.Password, r.Permission, r.Groups, r.Notifications, r.MaxChatsCount)
}

// Validate checks the request before it is sent.
func (r UpdateAgentRequest) Validate() error {
	if err := checkAgentCommon(r.LoginStatus, r.Password, r.Permission, r.Groups, r.Notifications, r.MaxChatsCount); err != nil {
		return err
	}
	if r.Password != "" && r.CurrentPassword == "" {
		return livechat.Required("current_password")
	}
	if err := check.OneOf("status", r.Status, AcceptingChats, NotAcceptingChats, Offline); err != nil {
		return err
	}
	for day, wd := range r.WorkScheduler {
		if !slices.Contains(weekdays, day) {
			return livechat.Invalid("work_scheduler."+day, "must be a week day (monday … sunday)")
		}
		if wd.Start != "" && !clock.MatchString(wd.Start) {
			return livechat.Invalid("work_scheduler."+day+".start", fmt.Sprintf("must be HH:MM, got %q", wd.Start))
		}
		if wd.End != "" && !clock.MatchString(wd.End) {
			return livechat.Invalid("work_scheduler."+day+".end", fmt.Sprintf("must be HH:MM, got %q", wd.End))
		}
	}
	return nil
}

// AgentsService manages agents: /agents.
type AgentsService struct{ c *Client }

// List returns the agents, optionally only those with opts.Status
// (GET /agents).
func (s *AgentsService) List(ctx context.Context, opts AgentListOptions) ([]AgentSummary, error) {
	q := newQuery()
	if err := check.OneOf("status", opts.Status, AcceptingChats, NotAcceptingChats, Offline); err != nil {
		return nil, err
	}
	q.str("status", string(opts.Status))
	var out []AgentSummary
	if err := s.c.get(ctx, "/agents", q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the agent with the given login (GET /agents/<login>).
func (s *AgentsService) Get(ctx context.Context, login string) (*Agent, error) {
	if login == "" {
		return nil, livechat.Required("login")
	}
	var out Agent
	if err := s.c.get(ctx, "/agents/"+seg(login), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create creates an agent (POST /agents) and returns it.
func (s *AgentsService) Create(ctx context.Context, req CreateAgentRequest) (*Agent, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out Agent
	if err := s.c.post(ctx, "/agents", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes the agent with the given login (PUT /agents/<login>) and
// returns it.
func (s *AgentsService) Update(ctx context.Context, login string, req UpdateAgentRequest) (*Agent, error) {
	if login == "" {
		return nil, livechat.Required("login")
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var out Agent
	if err := s.c.put(ctx, "/agents/"+seg(login), req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes the agent (DELETE /agents/<login>) and returns the
// server's result text, e.g. "jenny@example.com removed successfully".
func (s *AgentsService) Delete(ctx context.Context, login string) (string, error) {
	if login == "" {
		return "", livechat.Required("login")
	}
	return s.c.del(ctx, "/agents/"+seg(login), nil)
}

// ResetAPIKey gives the agent a new API key
// (POST /agents/<login>/reset_api_key, documented in 2017 only) and returns
// the agent as answered by the server; the new key, when sent, is in
// Agent.APIKey.
func (s *AgentsService) ResetAPIKey(ctx context.Context, login string) (*Agent, error) {
	if login == "" {
		return nil, livechat.Required("login")
	}
	var out Agent
	if err := s.c.post(ctx, "/agents/"+seg(login)+"/reset_api_key", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
