package livechat

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// This file models the payloads of the RTM pushes of the Agent Chat and
// Customer Chat APIs and of the webhooks of the Configuration API. A
// webhook's payload is the payload of the push of the same name, with the
// few documented differences noted on the types (IncomingCustomerPush,
// RoutingStatusSetPush, ChatTransferredPush, CustomerSessionFieldsUpdatedPush).
//
// Every payload type decodes and re-encodes losslessly: members this SDK
// does not model are kept in Extra.

// Push names of the Agent Chat and Customer Chat RTM APIs. Every webhook
// action has the name of its push (see WebhookActions).
const (
	// Chats.
	PushIncomingChat    = "incoming_chat"
	PushChatDeactivated = "chat_deactivated"
	PushChatDeleted     = "chat_deleted"
	PushThreadDeleted   = "thread_deleted"
	PushThreadsDeleted  = "threads_deleted"
	// Chat access.
	PushChatAccessUpdated = "chat_access_updated"
	PushChatTransferred   = "chat_transferred"
	// Chat users.
	PushUserAddedToChat     = "user_added_to_chat"
	PushUserRemovedFromChat = "user_removed_from_chat"
	// Events.
	PushIncomingEvent               = "incoming_event"
	PushEventUpdated                = "event_updated"
	PushEventDeleted                = "event_deleted" // API 3.6
	PushIncomingRichMessagePostback = "incoming_rich_message_postback"
	// Properties.
	PushChatPropertiesUpdated   = "chat_properties_updated"
	PushChatPropertiesDeleted   = "chat_properties_deleted"
	PushThreadPropertiesUpdated = "thread_properties_updated"
	PushThreadPropertiesDeleted = "thread_properties_deleted"
	PushEventPropertiesUpdated  = "event_properties_updated"
	PushEventPropertiesDeleted  = "event_properties_deleted"
	// Thread tags.
	PushThreadTagged   = "thread_tagged"
	PushThreadUntagged = "thread_untagged"
	// Customers.
	PushIncomingCustomers                = "incoming_customers"
	PushIncomingCustomer                 = "incoming_customer"
	PushCustomerUpdated                  = "customer_updated"
	PushCustomerPageUpdated              = "customer_page_updated"
	PushCustomerStatisticsUpdated        = "customer_statistics_updated" // API 3.6
	PushCustomerBanned                   = "customer_banned"
	PushCustomerTransferred              = "customer_transferred"
	PushCustomerLeft                     = "customer_left"
	PushSubscribedCustomersTotalsUpdated = "subscribed_customers_totals_updated" // API 3.6
	PushTicketCreated                    = "ticket_created"                      // API 3.6
	PushTicketDeleted                    = "ticket_deleted"                      // API 3.6
	// PushCustomerSessionFieldsUpdated is a webhook action only (no push).
	PushCustomerSessionFieldsUpdated = "customer_session_fields_updated"
	// Status.
	PushRoutingStatusSet    = "routing_status_set"
	PushAgentDisconnected   = "agent_disconnected"
	PushGroupsStatusUpdated = "groups_status_updated"
	// Configuration.
	PushAgentCreated             = "agent_created"
	PushAgentApproved            = "agent_approved"
	PushAgentUpdated             = "agent_updated"
	PushAgentSuspended           = "agent_suspended"
	PushAgentUnsuspended         = "agent_unsuspended"
	PushAgentDeleted             = "agent_deleted"
	PushAutoAccessesUpdated      = "auto_accesses_updated"
	PushBotCreated               = "bot_created"
	PushBotUpdated               = "bot_updated"
	PushBotDeleted               = "bot_deleted"
	PushGroupCreated             = "group_created"
	PushGroupUpdated             = "group_updated"
	PushGroupDeleted             = "group_deleted"
	PushTagCreated               = "tag_created"
	PushTagUpdated               = "tag_updated"
	PushTagDeleted               = "tag_deleted"
	PushLicensePropertiesUpdated = "license_properties_updated" // API 3.6
	PushGroupPropertiesUpdated   = "group_properties_updated"   // API 3.6
	// Other.
	PushEventsMarkedAsSeen        = "events_marked_as_seen"
	PushIncomingSneakPeek         = "incoming_sneak_peek"
	PushIncomingTypingIndicator   = "incoming_typing_indicator"
	PushIncomingThinkingIndicator = "incoming_thinking_indicator" // API 3.6
	PushIncomingMulticast         = "incoming_multicast"
	PushChatUnfollowed            = "chat_unfollowed"
	PushQueuePositionsUpdated     = "queue_positions_updated"
	PushThreadSummarySet          = "thread_summary_set" // API 3.6
	PushIncomingError             = "incoming_error"     // API 3.6
	// Customer Chat API only.
	PushCustomerSideStorageUpdated = "customer_side_storage_updated"
	PushCustomerDisconnected       = "customer_disconnected"
	PushIncomingGreeting           = "incoming_greeting"
	PushGreetingAccepted           = "greeting_accepted"
	PushGreetingCanceled           = "greeting_canceled"
	PushQueuePositionUpdated       = "queue_position_updated"
)

// TransferTarget names the groups and agents a chat was transferred to or
// from (transferred_to, transferred_from).
type TransferTarget struct {
	GroupIDs []int    `json:"group_ids,omitempty"`
	AgentIDs []string `json:"agent_ids,omitempty"`
	Extra    Extra    `json:"-"`
}

// IncomingChatPush is the payload of incoming_chat: a chat coming with a
// new thread (started, resumed or transferred to the receiver).
type IncomingChatPush struct {
	RequesterID     string          `json:"requester_id,omitempty"`
	Chat            *Chat           `json:"chat,omitempty"`
	TransferredFrom *TransferTarget `json:"transferred_from,omitempty"`
	Extra           Extra           `json:"-"`
}

// ChatDeactivatedPush is the payload of chat_deactivated. UserID is empty
// when the router closed the thread.
type ChatDeactivatedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	UserID   string `json:"user_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// ChatDeletedPush is the payload of chat_deleted.
type ChatDeletedPush struct {
	ChatID string `json:"chat_id,omitempty"`
	Extra  Extra  `json:"-"`
}

// ThreadDeletedPush is the payload of thread_deleted.
type ThreadDeletedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// ThreadsDeletedPush is the payload of threads_deleted: the threads of a
// date range, optionally only those with Tag, were deleted.
type ThreadsDeletedPush struct {
	DateFrom Timestamp `json:"date_from,omitempty"`
	DateTo   Timestamp `json:"date_to,omitempty"`
	Tag      string    `json:"tag,omitempty"`
	Extra    Extra     `json:"-"`
}

// ChatAccessUpdatedPush is the payload of chat_access_updated. ID is the chat id.
type ChatAccessUpdatedPush struct {
	ID     string  `json:"id,omitempty"`
	Access *Access `json:"access,omitempty"`
	Extra  Extra   `json:"-"`
}

// Reasons of chat_transferred, user_added_to_chat and user_removed_from_chat.
const (
	ReasonManual     = "manual"
	ReasonInactive   = "inactive"
	ReasonAssigned   = "assigned"
	ReasonUnassigned = "unassigned"
	ReasonOther      = "other"
)

// ChatTransferredPush is the payload of chat_transferred. ThreadID is set
// when the chat is active, Queue when it was queued after the transfer
// (webhooks add queue.queued_at_us, kept in Queue.Extra).
type ChatTransferredPush struct {
	ChatID        string          `json:"chat_id,omitempty"`
	ThreadID      string          `json:"thread_id,omitempty"`
	RequesterID   string          `json:"requester_id,omitempty"`
	Reason        string          `json:"reason,omitempty"`
	TransferredTo *TransferTarget `json:"transferred_to,omitempty"`
	Queue         *Queue          `json:"queue,omitempty"`
	Extra         Extra           `json:"-"`
}

// UserAddedToChatPush is the payload of user_added_to_chat. User is an
// *Agent, a *Customer or a *RawUser.
type UserAddedToChatPush struct {
	ChatID      string   `json:"chat_id,omitempty"`
	ThreadID    string   `json:"thread_id,omitempty"`
	User        User     `json:"user,omitempty"`
	UserType    UserType `json:"user_type,omitempty"`
	Reason      string   `json:"reason,omitempty"`
	RequesterID string   `json:"requester_id,omitempty"`
	Extra       Extra    `json:"-"`
}

// UserRemovedFromChatPush is the payload of user_removed_from_chat.
type UserRemovedFromChatPush struct {
	ChatID      string   `json:"chat_id,omitempty"`
	ThreadID    string   `json:"thread_id,omitempty"`
	UserID      string   `json:"user_id,omitempty"`
	UserType    UserType `json:"user_type,omitempty"`
	Reason      string   `json:"reason,omitempty"`
	RequesterID string   `json:"requester_id,omitempty"`
	Extra       Extra    `json:"-"`
}

// IncomingEventPush is the payload of incoming_event. Event holds the
// concrete event type (see DecodeEvent).
type IncomingEventPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Event    Event  `json:"event,omitempty"`
	Extra    Extra  `json:"-"`
}

// EventUpdatedPush is the payload of event_updated: the event in its new form.
type EventUpdatedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Event    Event  `json:"event,omitempty"`
	Extra    Extra  `json:"-"`
}

// EventDeletedPush is the payload of event_deleted (API 3.6).
type EventDeletedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	EventID  string `json:"event_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// PostbackToggle is the postback of incoming_rich_message_postback: the
// button id and whether the user toggled it on.
type PostbackToggle struct {
	ID      string `json:"id,omitempty"`
	Toggled bool   `json:"toggled,omitempty"`
	Extra   Extra  `json:"-"`
}

// IncomingRichMessagePostbackPush is the payload of incoming_rich_message_postback.
type IncomingRichMessagePostbackPush struct {
	UserID   string          `json:"user_id,omitempty"`
	ChatID   string          `json:"chat_id,omitempty"`
	ThreadID string          `json:"thread_id,omitempty"`
	EventID  string          `json:"event_id,omitempty"`
	Postback *PostbackToggle `json:"postback,omitempty"`
	Extra    Extra           `json:"-"`
}

// ChatPropertiesUpdatedPush is the payload of chat_properties_updated;
// Properties holds only the changed values.
type ChatPropertiesUpdatedPush struct {
	ChatID     string     `json:"chat_id,omitempty"`
	Properties Properties `json:"properties,omitempty"`
	Extra      Extra      `json:"-"`
}

// ChatPropertiesDeletedPush is the payload of chat_properties_deleted.
type ChatPropertiesDeletedPush struct {
	ChatID     string        `json:"chat_id,omitempty"`
	Properties PropertyNames `json:"properties,omitempty"`
	Extra      Extra         `json:"-"`
}

// ThreadPropertiesUpdatedPush is the payload of thread_properties_updated.
type ThreadPropertiesUpdatedPush struct {
	ChatID     string     `json:"chat_id,omitempty"`
	ThreadID   string     `json:"thread_id,omitempty"`
	Properties Properties `json:"properties,omitempty"`
	Extra      Extra      `json:"-"`
}

// ThreadPropertiesDeletedPush is the payload of thread_properties_deleted.
type ThreadPropertiesDeletedPush struct {
	ChatID     string        `json:"chat_id,omitempty"`
	ThreadID   string        `json:"thread_id,omitempty"`
	Properties PropertyNames `json:"properties,omitempty"`
	Extra      Extra         `json:"-"`
}

// EventPropertiesUpdatedPush is the payload of event_properties_updated.
type EventPropertiesUpdatedPush struct {
	ChatID     string     `json:"chat_id,omitempty"`
	ThreadID   string     `json:"thread_id,omitempty"`
	EventID    string     `json:"event_id,omitempty"`
	Properties Properties `json:"properties,omitempty"`
	Extra      Extra      `json:"-"`
}

// EventPropertiesDeletedPush is the payload of event_properties_deleted.
type EventPropertiesDeletedPush struct {
	ChatID     string        `json:"chat_id,omitempty"`
	ThreadID   string        `json:"thread_id,omitempty"`
	EventID    string        `json:"event_id,omitempty"`
	Properties PropertyNames `json:"properties,omitempty"`
	Extra      Extra         `json:"-"`
}

// ThreadTaggedPush is the payload of thread_tagged.
type ThreadTaggedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Tag      string `json:"tag,omitempty"`
	Extra    Extra  `json:"-"`
}

// ThreadUntaggedPush is the payload of thread_untagged.
type ThreadUntaggedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Tag      string `json:"tag,omitempty"`
	Extra    Extra  `json:"-"`
}

// IncomingCustomersPush is the payload of incoming_customers, sent after login.
type IncomingCustomersPush struct {
	CustomerMonitoringLevel string     `json:"customer_monitoring_level,omitempty"`
	Customers               []Customer `json:"customers,omitempty"`
	Extra                   Extra      `json:"-"`
}

// CustomerUpdatedPush is the payload of customer_updated: the customer id
// and the changed fields (fields this SDK does not model, such as 3.6's
// phone_number or address, are kept in Extra).
type CustomerUpdatedPush struct {
	Customer
}

// CustomerPageUpdatedPush is the payload of customer_page_updated.
type CustomerPageUpdatedPush struct {
	CustomerID string    `json:"customer_id,omitempty"`
	VisitID    int64     `json:"visit_id,omitempty"`
	OpenedAt   Timestamp `json:"opened_at,omitempty"`
	URL        string    `json:"url,omitempty"`
	Title      string    `json:"title,omitempty"`
	Extra      Extra     `json:"-"`
}

// CustomerStatisticsUpdatedPush is the payload of customer_statistics_updated (API 3.6).
type CustomerStatisticsUpdatedPush struct {
	CustomerID string              `json:"customer_id,omitempty"`
	Statistics *CustomerStatistics `json:"statistics,omitempty"`
	Extra      Extra               `json:"-"`
}

// Ban is how long a customer is banned.
type Ban struct {
	Days  int   `json:"days,omitempty"`
	Extra Extra `json:"-"`
}

// CustomerBannedPush is the payload of customer_banned.
type CustomerBannedPush struct {
	CustomerID string `json:"customer_id,omitempty"`
	Ban        *Ban   `json:"ban,omitempty"`
	Extra      Extra  `json:"-"`
}

// CustomerTransferredPush is the payload of customer_transferred: the
// customer (ID) is no longer available to the agent.
type CustomerTransferredPush struct {
	ID            string          `json:"id,omitempty"`
	TransferredTo *TransferTarget `json:"transferred_to,omitempty"`
	Followed      bool            `json:"followed,omitempty"`
	Extra         Extra           `json:"-"`
}

// CustomerLeftPush is the payload of customer_left.
type CustomerLeftPush struct {
	ID     string    `json:"id,omitempty"`
	LeftAt Timestamp `json:"left_at,omitempty"`
	Extra  Extra     `json:"-"`
}

// TicketCreatedPush is the payload of ticket_created (API 3.6).
type TicketCreatedPush struct {
	CustomerID string    `json:"customer_id,omitempty"`
	TicketID   string    `json:"ticket_id,omitempty"`
	Silo       string    `json:"silo,omitempty"`
	CreatedAt  Timestamp `json:"created_at,omitempty"`
	Extra      Extra     `json:"-"`
}

// TicketDeletedPush is the payload of ticket_deleted (API 3.6).
type TicketDeletedPush struct {
	CustomerID string `json:"customer_id,omitempty"`
	TicketID   string `json:"ticket_id,omitempty"`
	Extra      Extra  `json:"-"`
}

// ActiveChat names a chat and its active thread.
type ActiveChat struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// CustomerSessionFieldsUpdatedPush is the payload of the
// customer_session_fields_updated webhook, sent once per active chat of
// the customer. It has no RTM push equivalent.
type CustomerSessionFieldsUpdatedPush struct {
	ID            string        `json:"id,omitempty"`
	ActiveChat    *ActiveChat   `json:"active_chat,omitempty"`
	SessionFields SessionFields `json:"session_fields,omitempty"`
	Extra         Extra         `json:"-"`
}

// RoutingStatusSetPush is the payload of routing_status_set. Webhook
// samples spell Status with spaces ("accepting chats"); use
// RoutingStatus to read it either way.
type RoutingStatusSetPush struct {
	AgentID string        `json:"agent_id,omitempty"`
	Status  RoutingStatus `json:"status,omitempty"`
	Extra   Extra         `json:"-"`
}

// DisconnectData is the optional data of agent_disconnected and
// customer_disconnected: the right region for misdirected_connection and,
// for customer_temporarily_blocked, a timeout (kept in Extra).
type DisconnectData struct {
	Region string `json:"region,omitempty"`
	Extra  Extra  `json:"-"`
}

// AgentDisconnectedPush is the payload of agent_disconnected, sent just
// before the server closes the connection.
type AgentDisconnectedPush struct {
	Reason string          `json:"reason,omitempty"`
	Data   *DisconnectData `json:"data,omitempty"`
	Extra  Extra           `json:"-"`
}

// CustomerDisconnectedPush is the payload of customer_disconnected
// (Customer Chat API), sent just before the server closes the connection.
type CustomerDisconnectedPush struct {
	Reason string          `json:"reason,omitempty"`
	Data   *DisconnectData `json:"data,omitempty"`
	Extra  Extra           `json:"-"`
}

// GroupPriority is an agent's or bot's routing priority in a group:
// first, normal, last or supervisor.
type GroupPriority struct {
	ID       int    `json:"id"`
	Priority string `json:"priority,omitempty"`
	Extra    Extra  `json:"-"`
}

// WorkDay is one enabled period of a work scheduler; Start and End are "HH:MM".
type WorkDay struct {
	Day     string `json:"day,omitempty"`
	Enabled bool   `json:"enabled,omitempty"`
	Start   string `json:"start,omitempty"`
	End     string `json:"end,omitempty"`
	Extra   Extra  `json:"-"`
}

// WorkScheduler is an agent's or bot's working hours (API 3.5 format).
type WorkScheduler struct {
	Timezone string    `json:"timezone,omitempty"`
	Schedule []WorkDay `json:"schedule,omitempty"`
	Extra    Extra     `json:"-"`
}

// AgentCreatedPush is the payload of agent_created: the full agent
// configuration (Configuration API shape).
type AgentCreatedPush struct {
	ID                 string          `json:"id,omitempty"`
	AccountID          string          `json:"account_id,omitempty"`
	Name               string          `json:"name,omitempty"`
	Role               string          `json:"role,omitempty"`
	Avatar             string          `json:"avatar,omitempty"`
	JobTitle           string          `json:"job_title,omitempty"`
	Mobile             string          `json:"mobile,omitempty"`
	MaxChatsCount      int             `json:"max_chats_count,omitempty"`
	AwaitingApproval   bool            `json:"awaiting_approval,omitempty"`
	Suspended          bool            `json:"suspended,omitempty"`
	Groups             []GroupPriority `json:"groups,omitempty"`
	Notifications      []string        `json:"notifications,omitempty"`
	EmailSubscriptions []string        `json:"email_subscriptions,omitempty"`
	WorkScheduler      *WorkScheduler  `json:"work_scheduler,omitempty"`
	Extra              Extra           `json:"-"`
}

// AgentUpdatedPush is the payload of agent_updated: the agent id and the
// changed fields only.
type AgentUpdatedPush struct {
	ID                 string          `json:"id,omitempty"`
	AccountID          string          `json:"account_id,omitempty"`
	Name               string          `json:"name,omitempty"`
	Role               string          `json:"role,omitempty"`
	Avatar             string          `json:"avatar,omitempty"`
	JobTitle           string          `json:"job_title,omitempty"`
	Mobile             string          `json:"mobile,omitempty"`
	MaxChatsCount      int             `json:"max_chats_count,omitempty"`
	AwaitingApproval   bool            `json:"awaiting_approval,omitempty"`
	Suspended          bool            `json:"suspended,omitempty"`
	Groups             []GroupPriority `json:"groups,omitempty"`
	Notifications      []string        `json:"notifications,omitempty"`
	EmailSubscriptions []string        `json:"email_subscriptions,omitempty"`
	WorkScheduler      *WorkScheduler  `json:"work_scheduler,omitempty"`
	Extra              Extra           `json:"-"`
}

// AgentApprovedPush is the payload of agent_approved.
type AgentApprovedPush struct {
	ID    string `json:"id,omitempty"`
	Extra Extra  `json:"-"`
}

// AgentSuspendedPush is the payload of agent_suspended.
type AgentSuspendedPush struct {
	ID    string `json:"id,omitempty"`
	Extra Extra  `json:"-"`
}

// AgentUnsuspendedPush is the payload of agent_unsuspended.
type AgentUnsuspendedPush struct {
	ID    string `json:"id,omitempty"`
	Extra Extra  `json:"-"`
}

// AgentDeletedPush is the payload of agent_deleted.
type AgentDeletedPush struct {
	ID    string `json:"id,omitempty"`
	Extra Extra  `json:"-"`
}

// Statuses of an AutoAccessChange.
const (
	AutoAccessAdded   = "added"
	AutoAccessUpdated = "updated"
	AutoAccessDeleted = "deleted"
)

// AutoAccessChange is one entry of auto_accesses_updated: a rule added
// (full state), updated (changed fields) or deleted. Access and
// Conditions keep the Configuration API shapes as raw JSON.
type AutoAccessChange struct {
	ID          string          `json:"id,omitempty"`
	NextID      string          `json:"next_id,omitempty"`
	Status      string          `json:"status,omitempty"`
	Description string          `json:"description,omitempty"`
	Access      json.RawMessage `json:"access,omitempty"`
	Conditions  json.RawMessage `json:"conditions,omitempty"`
	Extra       Extra           `json:"-"`
}

// AutoAccessesUpdatedPush is the payload of auto_accesses_updated: every
// rule changed by one add, update or delete.
type AutoAccessesUpdatedPush []AutoAccessChange

// BotCreatedPush is the payload of bot_created: the full bot configuration.
type BotCreatedPush struct {
	ID                   string          `json:"id,omitempty"`
	Name                 string          `json:"name,omitempty"`
	Avatar               string          `json:"avatar,omitempty"`
	JobTitle             string          `json:"job_title,omitempty"`
	MaxChatsCount        int             `json:"max_chats_count,omitempty"`
	DefaultGroupPriority string          `json:"default_group_priority,omitempty"`
	Groups               []GroupPriority `json:"groups,omitempty"`
	OwnerClientID        string          `json:"owner_client_id,omitempty"`
	WorkScheduler        *WorkScheduler  `json:"work_scheduler,omitempty"`
	Extra                Extra           `json:"-"`
}

// BotUpdatedPush is the payload of bot_updated: the bot id and the changed fields.
type BotUpdatedPush struct {
	ID                   string          `json:"id,omitempty"`
	Name                 string          `json:"name,omitempty"`
	Avatar               string          `json:"avatar,omitempty"`
	JobTitle             string          `json:"job_title,omitempty"`
	MaxChatsCount        int             `json:"max_chats_count,omitempty"`
	DefaultGroupPriority string          `json:"default_group_priority,omitempty"`
	Groups               []GroupPriority `json:"groups,omitempty"`
	OwnerClientID        string          `json:"owner_client_id,omitempty"`
	WorkScheduler        *WorkScheduler  `json:"work_scheduler,omitempty"`
	Extra                Extra           `json:"-"`
}

// BotDeletedPush is the payload of bot_deleted.
type BotDeletedPush struct {
	ID    string `json:"id,omitempty"`
	Extra Extra  `json:"-"`
}

// GroupCreatedPush is the payload of group_created. AgentPriorities maps
// agent ids to first, normal, last or supervisor.
type GroupCreatedPush struct {
	ID              int               `json:"id"`
	Name            string            `json:"name,omitempty"`
	LanguageCode    string            `json:"language_code,omitempty"`
	AgentPriorities map[string]string `json:"agent_priorities,omitempty"`
	Extra           Extra             `json:"-"`
}

// GroupUpdatedPush is the payload of group_updated: the group id and the changed fields.
type GroupUpdatedPush struct {
	ID              int               `json:"id"`
	Name            string            `json:"name,omitempty"`
	LanguageCode    string            `json:"language_code,omitempty"`
	AgentPriorities map[string]string `json:"agent_priorities,omitempty"`
	Extra           Extra             `json:"-"`
}

// GroupDeletedPush is the payload of group_deleted.
type GroupDeletedPush struct {
	ID    int   `json:"id"`
	Extra Extra `json:"-"`
}

// TagCreatedPush is the payload of tag_created.
type TagCreatedPush struct {
	Name      string    `json:"name,omitempty"`
	GroupIDs  []int     `json:"group_ids,omitempty"`
	CreatedAt Timestamp `json:"created_at,omitempty"`
	AuthorID  string    `json:"author_id,omitempty"`
	Extra     Extra     `json:"-"`
}

// TagUpdatedPush is the payload of tag_updated.
type TagUpdatedPush struct {
	Name     string `json:"name,omitempty"`
	GroupIDs []int  `json:"group_ids,omitempty"`
	Extra    Extra  `json:"-"`
}

// TagDeletedPush is the payload of tag_deleted.
type TagDeletedPush struct {
	Name  string `json:"name,omitempty"`
	Extra Extra  `json:"-"`
}

// GroupStatus is a group's status in groups_status_updated: for agents
// accepting_chats, not_accepting_chats or offline; for customers online,
// online_for_queue or offline.
type GroupStatus struct {
	ID     int    `json:"id"`
	Status string `json:"status,omitempty"`
	Extra  Extra  `json:"-"`
}

// GroupsStatusUpdatedPush is the payload of groups_status_updated.
type GroupsStatusUpdatedPush struct {
	Groups []GroupStatus `json:"groups,omitempty"`
	Extra  Extra         `json:"-"`
}

// LicensePropertiesUpdatedPush is the payload of license_properties_updated (API 3.6).
type LicensePropertiesUpdatedPush struct {
	Properties Properties `json:"properties,omitempty"`
	Extra      Extra      `json:"-"`
}

// GroupPropertiesUpdatedPush is the payload of group_properties_updated (API 3.6).
type GroupPropertiesUpdatedPush struct {
	GroupID    int        `json:"group_id"`
	Properties Properties `json:"properties,omitempty"`
	Extra      Extra      `json:"-"`
}

// EventsMarkedAsSeenPush is the payload of events_marked_as_seen.
type EventsMarkedAsSeenPush struct {
	UserID   string    `json:"user_id,omitempty"`
	ChatID   string    `json:"chat_id,omitempty"`
	SeenUpTo Timestamp `json:"seen_up_to,omitempty"`
	Extra    Extra     `json:"-"`
}

// SneakPeek is what a customer is typing; Timestamp is in Unix seconds.
type SneakPeek struct {
	AuthorID  string `json:"author_id,omitempty"`
	Text      string `json:"text,omitempty"`
	Timestamp int64  `json:"timestamp,omitempty"`
	Extra     Extra  `json:"-"`
}

// IncomingSneakPeekPush is the payload of incoming_sneak_peek.
type IncomingSneakPeekPush struct {
	ChatID    string     `json:"chat_id,omitempty"`
	ThreadID  string     `json:"thread_id,omitempty"`
	SneakPeek *SneakPeek `json:"sneak_peek,omitempty"`
	Extra     Extra      `json:"-"`
}

// TypingIndicator says whether a user is typing; Timestamp is in Unix
// seconds. Older Customer Chat API samples send recipients instead of
// visibility (kept in Extra).
type TypingIndicator struct {
	AuthorID   string     `json:"author_id,omitempty"`
	Visibility Visibility `json:"visibility,omitempty"`
	Timestamp  int64      `json:"timestamp,omitempty"`
	IsTyping   bool       `json:"is_typing,omitempty"`
	Extra      Extra      `json:"-"`
}

// IncomingTypingIndicatorPush is the payload of incoming_typing_indicator.
type IncomingTypingIndicatorPush struct {
	ChatID          string           `json:"chat_id,omitempty"`
	ThreadID        string           `json:"thread_id,omitempty"`
	TypingIndicator *TypingIndicator `json:"typing_indicator,omitempty"`
	Extra           Extra            `json:"-"`
}

// IncomingThinkingIndicatorPush is the payload of
// incoming_thinking_indicator (API 3.6): an agent or bot is preparing a reply.
type IncomingThinkingIndicatorPush struct {
	ChatID      string    `json:"chat_id,omitempty"`
	ThreadID    string    `json:"thread_id,omitempty"`
	AuthorID    string    `json:"author_id,omitempty"`
	SentAt      Timestamp `json:"sent_at,omitempty"`
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	CustomID    string    `json:"custom_id,omitempty"`
	Extra       Extra     `json:"-"`
}

// IncomingMulticastPush is the payload of incoming_multicast. AuthorID is
// empty for messages of the system; Content is any JSON.
type IncomingMulticastPush struct {
	AuthorID string          `json:"author_id,omitempty"`
	Content  json.RawMessage `json:"content,omitempty"`
	Type     string          `json:"type,omitempty"`
	Extra    Extra           `json:"-"`
}

// ChatUnfollowedPush is the payload of chat_unfollowed.
type ChatUnfollowedPush struct {
	ChatID string `json:"chat_id,omitempty"`
	Extra  Extra  `json:"-"`
}

// QueuePosition is the queue state of one chat.
type QueuePosition struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Queue    *Queue `json:"queue,omitempty"`
	Extra    Extra  `json:"-"`
}

// QueuePositionsUpdatedPush is the payload of queue_positions_updated
// (Agent Chat API): new positions and wait times of queued chats.
type QueuePositionsUpdatedPush []QueuePosition

// QueuePositionUpdatedPush is the payload of queue_position_updated
// (Customer Chat API): the customer's chat position in the queue.
type QueuePositionUpdatedPush struct {
	ChatID   string `json:"chat_id,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
	Queue    *Queue `json:"queue,omitempty"`
	Extra    Extra  `json:"-"`
}

// GeneratedSummary is a thread summary set by thread_summary_set (API 3.6).
type GeneratedSummary struct {
	Status    string    `json:"status,omitempty"`
	Text      string    `json:"text,omitempty"`
	UpdatedAt Timestamp `json:"updated_at,omitempty"`
	Extra     Extra     `json:"-"`
}

// ThreadSummarySetPush is the payload of thread_summary_set (API 3.6).
type ThreadSummarySetPush struct {
	ChatID   string            `json:"chat_id,omitempty"`
	ThreadID string            `json:"thread_id,omitempty"`
	Summary  *GeneratedSummary `json:"summary,omitempty"`
	Extra    Extra             `json:"-"`
}

// IncomingErrorPush is the payload of incoming_error (API 3.6): an
// asynchronous request (such as request_thread_summary) failed. Error is
// the raw error object, when sent; see Err.
type IncomingErrorPush struct {
	Action   string          `json:"action,omitempty"`
	ChatID   string          `json:"chat_id,omitempty"`
	ThreadID string          `json:"thread_id,omitempty"`
	Error    json.RawMessage `json:"error,omitempty"`
	Extra    Extra           `json:"-"`
}

// CustomerSideStorageUpdatedPush is the payload of
// customer_side_storage_updated (Customer Chat API): keep the map on the
// client and send it back at login.
type CustomerSideStorageUpdatedPush struct {
	CustomerSideStorage map[string]string `json:"customer_side_storage,omitempty"`
	Extra               Extra             `json:"-"`
}

// GreetingAgent is the agent who sent a greeting.
type GreetingAgent struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Avatar   string `json:"avatar,omitempty"`
	JobTitle string `json:"job_title,omitempty"`
	IsBot    bool   `json:"is_bot,omitempty"`
	Extra    Extra  `json:"-"`
}

// IncomingGreetingPush is the payload of incoming_greeting (Customer Chat
// API). ID is the configured greeting, UniqueID this showing of it; Event
// is a *Message or a *RichMessage.
type IncomingGreetingPush struct {
	ID                 int            `json:"id,omitempty"`
	UniqueID           string         `json:"unique_id,omitempty"`
	DisplayedFirstTime bool           `json:"displayed_first_time,omitempty"`
	Addon              string         `json:"addon,omitempty"`
	Subtype            string         `json:"subtype,omitempty"`
	Event              Event          `json:"event,omitempty"`
	Agent              *GreetingAgent `json:"agent,omitempty"`
	Extra              Extra          `json:"-"`
}

// GreetingAcceptedPush is the payload of greeting_accepted (Customer Chat API).
type GreetingAcceptedPush struct {
	UniqueID string `json:"unique_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// GreetingCanceledPush is the payload of greeting_canceled (Customer Chat API).
type GreetingCanceledPush struct {
	UniqueID string `json:"unique_id,omitempty"`
	Extra    Extra  `json:"-"`
}

// decodeEventMember decodes the raw "event" member of a push. A JSON null
// is kept in *extra so that it is written back.
func decodeEventMember(raw json.RawMessage, extra *Extra) (Event, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if string(raw) == "null" {
		if *extra == nil {
			*extra = Extra{}
		}
		(*extra)["event"] = raw
		return nil, nil
	}
	return DecodeEventLenient(raw), nil
}

// UnmarshalJSON decodes losslessly, the event to its concrete type.
func (x *IncomingEventPush) UnmarshalJSON(b []byte) error {
	var p struct {
		ChatID   string          `json:"chat_id,omitempty"`
		ThreadID string          `json:"thread_id,omitempty"`
		Event    json.RawMessage `json:"event,omitempty"`
	}
	if err := decodeObject(b, &p, &x.Extra); err != nil {
		return err
	}
	x.ChatID, x.ThreadID = p.ChatID, p.ThreadID
	ev, err := decodeEventMember(p.Event, &x.Extra)
	x.Event = ev
	return err
}

// UnmarshalJSON decodes losslessly, the event to its concrete type.
func (x *EventUpdatedPush) UnmarshalJSON(b []byte) error {
	var p IncomingEventPush
	if err := p.UnmarshalJSON(b); err != nil {
		return err
	}
	*x = EventUpdatedPush(p)
	return nil
}

// UnmarshalJSON decodes losslessly, the user to *Agent, *Customer or *RawUser.
func (x *UserAddedToChatPush) UnmarshalJSON(b []byte) error {
	var p struct {
		ChatID      string          `json:"chat_id,omitempty"`
		ThreadID    string          `json:"thread_id,omitempty"`
		User        json.RawMessage `json:"user,omitempty"`
		UserType    UserType        `json:"user_type,omitempty"`
		Reason      string          `json:"reason,omitempty"`
		RequesterID string          `json:"requester_id,omitempty"`
	}
	if err := decodeObject(b, &p, &x.Extra); err != nil {
		return err
	}
	x.ChatID, x.ThreadID, x.UserType, x.Reason, x.RequesterID = p.ChatID, p.ThreadID, p.UserType, p.Reason, p.RequesterID
	x.User = nil
	switch {
	case len(p.User) == 0:
	case string(p.User) == "null":
		if x.Extra == nil {
			x.Extra = Extra{}
		}
		x.Extra["user"] = p.User
	default:
		x.User = DecodeUserLenient(p.User)
	}
	return nil
}

// UnmarshalJSON decodes losslessly, the event to its concrete type.
func (x *IncomingGreetingPush) UnmarshalJSON(b []byte) error {
	var p struct {
		ID                 int             `json:"id,omitempty"`
		UniqueID           string          `json:"unique_id,omitempty"`
		DisplayedFirstTime bool            `json:"displayed_first_time,omitempty"`
		Addon              string          `json:"addon,omitempty"`
		Subtype            string          `json:"subtype,omitempty"`
		Event              json.RawMessage `json:"event,omitempty"`
		Agent              *GreetingAgent  `json:"agent,omitempty"`
	}
	if err := decodeObject(b, &p, &x.Extra); err != nil {
		return err
	}
	x.ID, x.UniqueID, x.DisplayedFirstTime, x.Addon, x.Subtype, x.Agent =
		p.ID, p.UniqueID, p.DisplayedFirstTime, p.Addon, p.Subtype, p.Agent
	ev, err := decodeEventMember(p.Event, &x.Extra)
	x.Event = ev
	return err
}

// IncomingCustomerPush is the payload of incoming_customer: a new or
// returning customer is available to the agent. The RTM push sends the
// customer object itself; the webhook (API 3.5) wraps it as
// {"customer": {…}}. Decoding accepts both and sets Wrapped for the
// webhook form, and encoding writes the form it was decoded from.
type IncomingCustomerPush struct {
	Customer Customer
	// Wrapped is true for the webhook form {"customer": {…}}.
	Wrapped bool
	// Extra holds the members beside "customer" of the webhook form.
	Extra Extra
}

// UnmarshalJSON decodes either form losslessly.
func (x *IncomingCustomerPush) UnmarshalJSON(b []byte) error {
	var head map[string]json.RawMessage
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	*x = IncomingCustomerPush{}
	inner, wrapped := head["customer"]
	_, hasID := head["id"]
	if !wrapped || hasID || len(inner) == 0 || inner[0] != '{' {
		return x.Customer.UnmarshalJSON(b)
	}
	x.Wrapped = true
	var p struct {
		Customer *Customer `json:"customer,omitempty"`
	}
	p.Customer = &x.Customer
	return decodeObject(b, &p, &x.Extra)
}

// MarshalJSON encodes the form that was decoded (see Wrapped).
func (x IncomingCustomerPush) MarshalJSON() ([]byte, error) {
	if !x.Wrapped {
		return x.Customer.MarshalJSON()
	}
	p := struct {
		Customer *Customer `json:"customer,omitempty"`
	}{&x.Customer}
	return encodeObject(&p, x.Extra)
}

// SubscribedCustomersTotalsUpdatedPush is the payload of
// subscribed_customers_totals_updated (API 3.6): the number of customers
// matching each subscription, keyed by subscription id.
type SubscribedCustomersTotalsUpdatedPush map[string]int64

// RoutingStatus returns Status in the underscore form of RoutingStatus:
// the webhook's "accepting chats" becomes AcceptingChats.
func (x *RoutingStatusSetPush) RoutingStatus() RoutingStatus {
	return RoutingStatus(strings.ReplaceAll(strings.TrimSpace(string(x.Status)), " ", "_"))
}

// ShouldReconnect reports whether connecting again is advised: false for
// the reasons the platform documents as final (logged out, evicted,
// revoked, license problems, wrong region or version, too many
// connections), true otherwise — including a reason this SDK does not
// know, so that a client stays available (with backoff).
func (x *AgentDisconnectedPush) ShouldReconnect() bool {
	switch x.Reason {
	case "agent_disconnected_by_server", "agent_logged_out_remotely", "access_token_revoked",
		"connection_evicted", "license_expired", "license_not_found", "misdirected_connection",
		"unsupported_version", "too_many_connections":
		return false
	}
	return true
}

// ShouldReconnect reports whether connecting again is advised: false for
// the reasons the platform documents as final, true otherwise (including
// unknown reasons; see AgentDisconnectedPush.ShouldReconnect).
func (x *CustomerDisconnectedPush) ShouldReconnect() bool {
	switch x.Reason {
	case "license_not_found", "license_expired", "misdirected_connection", "unsupported_version",
		"too_many_connections", "logged_out_remotely":
		return false
	}
	return true
}

// Err decodes Error into an *Error, or returns nil when there is none or
// it is not an error object.
func (x *IncomingErrorPush) Err() *Error {
	if len(x.Error) == 0 || string(x.Error) == "null" {
		return nil
	}
	var e Error
	if err := json.Unmarshal(x.Error, &e); err != nil || e.Type == "" {
		return nil
	}
	e.Action = x.Action
	return &e
}

// pushPayloads maps every push and webhook name to a constructor of its
// zero payload.
var pushPayloads = map[string]func() any{
	PushIncomingChat:                     func() any { return new(IncomingChatPush) },
	PushChatDeactivated:                  func() any { return new(ChatDeactivatedPush) },
	PushChatDeleted:                      func() any { return new(ChatDeletedPush) },
	PushThreadDeleted:                    func() any { return new(ThreadDeletedPush) },
	PushThreadsDeleted:                   func() any { return new(ThreadsDeletedPush) },
	PushChatAccessUpdated:                func() any { return new(ChatAccessUpdatedPush) },
	PushChatTransferred:                  func() any { return new(ChatTransferredPush) },
	PushUserAddedToChat:                  func() any { return new(UserAddedToChatPush) },
	PushUserRemovedFromChat:              func() any { return new(UserRemovedFromChatPush) },
	PushIncomingEvent:                    func() any { return new(IncomingEventPush) },
	PushEventUpdated:                     func() any { return new(EventUpdatedPush) },
	PushEventDeleted:                     func() any { return new(EventDeletedPush) },
	PushIncomingRichMessagePostback:      func() any { return new(IncomingRichMessagePostbackPush) },
	PushChatPropertiesUpdated:            func() any { return new(ChatPropertiesUpdatedPush) },
	PushChatPropertiesDeleted:            func() any { return new(ChatPropertiesDeletedPush) },
	PushThreadPropertiesUpdated:          func() any { return new(ThreadPropertiesUpdatedPush) },
	PushThreadPropertiesDeleted:          func() any { return new(ThreadPropertiesDeletedPush) },
	PushEventPropertiesUpdated:           func() any { return new(EventPropertiesUpdatedPush) },
	PushEventPropertiesDeleted:           func() any { return new(EventPropertiesDeletedPush) },
	PushThreadTagged:                     func() any { return new(ThreadTaggedPush) },
	PushThreadUntagged:                   func() any { return new(ThreadUntaggedPush) },
	PushIncomingCustomers:                func() any { return new(IncomingCustomersPush) },
	PushIncomingCustomer:                 func() any { return new(IncomingCustomerPush) },
	PushCustomerUpdated:                  func() any { return new(CustomerUpdatedPush) },
	PushCustomerPageUpdated:              func() any { return new(CustomerPageUpdatedPush) },
	PushCustomerStatisticsUpdated:        func() any { return new(CustomerStatisticsUpdatedPush) },
	PushCustomerBanned:                   func() any { return new(CustomerBannedPush) },
	PushCustomerTransferred:              func() any { return new(CustomerTransferredPush) },
	PushCustomerLeft:                     func() any { return new(CustomerLeftPush) },
	PushSubscribedCustomersTotalsUpdated: func() any { return new(SubscribedCustomersTotalsUpdatedPush) },
	PushTicketCreated:                    func() any { return new(TicketCreatedPush) },
	PushTicketDeleted:                    func() any { return new(TicketDeletedPush) },
	PushCustomerSessionFieldsUpdated:     func() any { return new(CustomerSessionFieldsUpdatedPush) },
	PushRoutingStatusSet:                 func() any { return new(RoutingStatusSetPush) },
	PushAgentDisconnected:                func() any { return new(AgentDisconnectedPush) },
	PushGroupsStatusUpdated:              func() any { return new(GroupsStatusUpdatedPush) },
	PushAgentCreated:                     func() any { return new(AgentCreatedPush) },
	PushAgentApproved:                    func() any { return new(AgentApprovedPush) },
	PushAgentUpdated:                     func() any { return new(AgentUpdatedPush) },
	PushAgentSuspended:                   func() any { return new(AgentSuspendedPush) },
	PushAgentUnsuspended:                 func() any { return new(AgentUnsuspendedPush) },
	PushAgentDeleted:                     func() any { return new(AgentDeletedPush) },
	PushAutoAccessesUpdated:              func() any { return new(AutoAccessesUpdatedPush) },
	PushBotCreated:                       func() any { return new(BotCreatedPush) },
	PushBotUpdated:                       func() any { return new(BotUpdatedPush) },
	PushBotDeleted:                       func() any { return new(BotDeletedPush) },
	PushGroupCreated:                     func() any { return new(GroupCreatedPush) },
	PushGroupUpdated:                     func() any { return new(GroupUpdatedPush) },
	PushGroupDeleted:                     func() any { return new(GroupDeletedPush) },
	PushTagCreated:                       func() any { return new(TagCreatedPush) },
	PushTagUpdated:                       func() any { return new(TagUpdatedPush) },
	PushTagDeleted:                       func() any { return new(TagDeletedPush) },
	PushLicensePropertiesUpdated:         func() any { return new(LicensePropertiesUpdatedPush) },
	PushGroupPropertiesUpdated:           func() any { return new(GroupPropertiesUpdatedPush) },
	PushEventsMarkedAsSeen:               func() any { return new(EventsMarkedAsSeenPush) },
	PushIncomingSneakPeek:                func() any { return new(IncomingSneakPeekPush) },
	PushIncomingTypingIndicator:          func() any { return new(IncomingTypingIndicatorPush) },
	PushIncomingThinkingIndicator:        func() any { return new(IncomingThinkingIndicatorPush) },
	PushIncomingMulticast:                func() any { return new(IncomingMulticastPush) },
	PushChatUnfollowed:                   func() any { return new(ChatUnfollowedPush) },
	PushQueuePositionsUpdated:            func() any { return new(QueuePositionsUpdatedPush) },
	PushThreadSummarySet:                 func() any { return new(ThreadSummarySetPush) },
	PushIncomingError:                    func() any { return new(IncomingErrorPush) },
	PushCustomerSideStorageUpdated:       func() any { return new(CustomerSideStorageUpdatedPush) },
	PushCustomerDisconnected:             func() any { return new(CustomerDisconnectedPush) },
	PushIncomingGreeting:                 func() any { return new(IncomingGreetingPush) },
	PushGreetingAccepted:                 func() any { return new(GreetingAcceptedPush) },
	PushGreetingCanceled:                 func() any { return new(GreetingCanceledPush) },
	PushQueuePositionUpdated:             func() any { return new(QueuePositionUpdatedPush) },
}

// NewPushPayload returns a pointer to a new zero payload of the push or
// webhook action name (for example *IncomingEventPush for
// "incoming_event"), ready for json.Unmarshal, and false for a name this
// SDK does not know. Agent and customer pushes of the same name share a
// payload type; customer_session_fields_updated is a webhook only.
func NewPushPayload(name string) (any, bool) {
	f, ok := pushPayloads[name]
	if !ok {
		return nil, false
	}
	return f(), true
}

// DecodePushPayload decodes data as the payload of the push or webhook
// action name and returns a pointer to the typed payload (see
// NewPushPayload). For a name this SDK does not know it returns a copy of
// data as a json.RawMessage and no error.
func DecodePushPayload(name string, data []byte) (any, error) {
	v, ok := NewPushPayload(name)
	if !ok {
		return json.RawMessage(slices.Clone(data)), nil
	}
	if err := UnmarshalLenient(data, v); err != nil {
		return nil, fmt.Errorf("livechat: decode %s payload: %w", name, err)
	}
	return v, nil
}

// PushNames returns every name NewPushPayload knows, sorted.
func PushNames() []string {
	names := make([]string, 0, len(pushPayloads))
	for n := range pushPayloads {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

var agentPushes35 = []string{
	PushIncomingChat, PushChatDeactivated, PushChatDeleted, PushThreadDeleted, PushThreadsDeleted,
	PushChatAccessUpdated, PushChatTransferred, PushUserAddedToChat, PushUserRemovedFromChat,
	PushIncomingEvent, PushEventUpdated, PushIncomingRichMessagePostback,
	PushChatPropertiesUpdated, PushChatPropertiesDeleted, PushThreadPropertiesUpdated,
	PushThreadPropertiesDeleted, PushEventPropertiesUpdated, PushEventPropertiesDeleted,
	PushThreadTagged, PushThreadUntagged,
	PushIncomingCustomers, PushIncomingCustomer, PushCustomerUpdated, PushCustomerPageUpdated,
	PushCustomerBanned, PushCustomerTransferred, PushCustomerLeft,
	PushRoutingStatusSet, PushAgentDisconnected,
	PushAgentCreated, PushAgentApproved, PushAgentUpdated, PushAgentSuspended, PushAgentUnsuspended,
	PushAgentDeleted, PushAutoAccessesUpdated, PushBotCreated, PushBotUpdated, PushBotDeleted,
	PushGroupCreated, PushGroupUpdated, PushGroupDeleted, PushTagCreated, PushTagDeleted, PushTagUpdated,
	PushGroupsStatusUpdated,
	PushEventsMarkedAsSeen, PushIncomingSneakPeek, PushIncomingTypingIndicator, PushIncomingMulticast,
	PushChatUnfollowed, PushQueuePositionsUpdated,
}

var agentPushes36Added = []string{
	PushEventDeleted, PushCustomerStatisticsUpdated, PushSubscribedCustomersTotalsUpdated,
	PushTicketCreated, PushTicketDeleted, PushLicensePropertiesUpdated, PushGroupPropertiesUpdated,
	PushIncomingThinkingIndicator, PushThreadSummarySet, PushIncomingError,
}

var customerPushes35 = []string{
	PushIncomingChat, PushChatDeactivated, PushChatTransferred, PushUserAddedToChat, PushUserRemovedFromChat,
	PushIncomingEvent, PushEventUpdated, PushIncomingRichMessagePostback,
	PushChatPropertiesUpdated, PushChatPropertiesDeleted, PushThreadPropertiesUpdated,
	PushThreadPropertiesDeleted, PushEventPropertiesUpdated, PushEventPropertiesDeleted,
	PushCustomerUpdated, PushCustomerSideStorageUpdated, PushCustomerDisconnected, PushGroupsStatusUpdated,
	PushIncomingTypingIndicator, PushIncomingMulticast, PushEventsMarkedAsSeen,
	PushIncomingGreeting, PushGreetingAccepted, PushGreetingCanceled, PushQueuePositionUpdated,
}

var webhookActions35 = []string{
	PushIncomingChat, PushChatDeactivated, PushChatAccessUpdated, PushChatTransferred,
	PushUserAddedToChat, PushUserRemovedFromChat, PushIncomingEvent, PushEventUpdated,
	PushIncomingRichMessagePostback, PushChatPropertiesUpdated, PushChatPropertiesDeleted,
	PushThreadPropertiesUpdated, PushThreadPropertiesDeleted, PushEventPropertiesUpdated,
	PushEventPropertiesDeleted, PushThreadTagged, PushThreadUntagged, PushRoutingStatusSet,
	PushIncomingCustomer, PushCustomerSessionFieldsUpdated, PushEventsMarkedAsSeen,
	PushAgentCreated, PushAgentApproved, PushAgentUpdated, PushAgentSuspended, PushAgentUnsuspended,
	PushAgentDeleted, PushAutoAccessesUpdated, PushBotCreated, PushBotUpdated, PushBotDeleted,
	PushGroupCreated, PushGroupUpdated, PushGroupDeleted, PushTagCreated, PushTagDeleted, PushTagUpdated,
}

// is36 reports whether v is API 3.6 or later; the empty version is the default, 3.6.
func is36(v APIVersion) bool {
	if v == "" {
		v = DefaultAPIVersion
	}
	return v != V3_4 && v != V3_5
}

// AgentPushNames returns the names of the Agent Chat API RTM pushes of
// API version v (3.6 adds event_deleted, ticket and statistics pushes,
// thread_summary_set, incoming_error, …). Versions before 3.5 get the 3.5
// list. The slice is a new copy.
func AgentPushNames(v APIVersion) []string {
	out := slices.Clone(agentPushes35)
	if is36(v) {
		out = append(out, agentPushes36Added...)
	}
	return out
}

// CustomerPushNames returns the names of the Customer Chat API RTM pushes
// of API version v (3.6 adds event_deleted). The slice is a new copy.
func CustomerPushNames(v APIVersion) []string {
	out := slices.Clone(customerPushes35)
	if is36(v) {
		out = append(out, PushEventDeleted)
	}
	return out
}

// WebhookActions returns the webhook action names of API version v, as
// listed by the Configuration API: 3.6 adds event_deleted and
// thread_summary_set and drops incoming_customer. Versions before 3.5 get
// the 3.5 list. The slice is a new copy.
func WebhookActions(v APIVersion) []string {
	if !is36(v) {
		return slices.Clone(webhookActions35)
	}
	out := make([]string, 0, len(webhookActions35)+1)
	for _, a := range webhookActions35 {
		if a != PushIncomingCustomer {
			out = append(out, a)
		}
	}
	return append(out, PushEventDeleted, PushThreadSummarySet)
}
