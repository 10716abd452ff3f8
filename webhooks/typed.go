package webhooks

// Typed registration for every webhook action of the Configuration API
// (3.5 and 3.6). Each method is On with the documented payload type.

import (
	"context"

	"github.com/livechat-go/livechat"
)

// OnIncomingChat registers f for the incoming_chat webhook: a chat arrived with a new thread.
func (h *Handler) OnIncomingChat(f func(ctx context.Context, wh *Webhook, p *livechat.IncomingChatPush) error) {
	On(h, livechat.PushIncomingChat, f)
}

// OnChatDeactivated registers f for the chat_deactivated webhook: a chat's thread was closed.
func (h *Handler) OnChatDeactivated(f func(ctx context.Context, wh *Webhook, p *livechat.ChatDeactivatedPush) error) {
	On(h, livechat.PushChatDeactivated, f)
}

// OnChatAccessUpdated registers f for the chat_access_updated webhook: a chat's access changed.
func (h *Handler) OnChatAccessUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.ChatAccessUpdatedPush) error) {
	On(h, livechat.PushChatAccessUpdated, f)
}

// OnChatTransferred registers f for the chat_transferred webhook: a chat was transferred.
func (h *Handler) OnChatTransferred(f func(ctx context.Context, wh *Webhook, p *livechat.ChatTransferredPush) error) {
	On(h, livechat.PushChatTransferred, f)
}

// OnUserAddedToChat registers f for the user_added_to_chat webhook: a user joined a chat.
func (h *Handler) OnUserAddedToChat(f func(ctx context.Context, wh *Webhook, p *livechat.UserAddedToChatPush) error) {
	On(h, livechat.PushUserAddedToChat, f)
}

// OnUserRemovedFromChat registers f for the user_removed_from_chat webhook: a user left a chat.
func (h *Handler) OnUserRemovedFromChat(f func(ctx context.Context, wh *Webhook, p *livechat.UserRemovedFromChatPush) error) {
	On(h, livechat.PushUserRemovedFromChat, f)
}

// OnIncomingEvent registers f for the incoming_event webhook: an event was sent to a chat.
func (h *Handler) OnIncomingEvent(f func(ctx context.Context, wh *Webhook, p *livechat.IncomingEventPush) error) {
	On(h, livechat.PushIncomingEvent, f)
}

// OnEventUpdated registers f for the event_updated webhook: an event was updated.
func (h *Handler) OnEventUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.EventUpdatedPush) error) {
	On(h, livechat.PushEventUpdated, f)
}

// OnEventDeleted registers f for the event_deleted webhook: an event was deleted (API 3.6).
func (h *Handler) OnEventDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.EventDeletedPush) error) {
	On(h, livechat.PushEventDeleted, f)
}

// OnIncomingRichMessagePostback registers f for the incoming_rich_message_postback webhook: a rich-message button was clicked.
func (h *Handler) OnIncomingRichMessagePostback(f func(ctx context.Context, wh *Webhook, p *livechat.IncomingRichMessagePostbackPush) error) {
	On(h, livechat.PushIncomingRichMessagePostback, f)
}

// OnChatPropertiesUpdated registers f for the chat_properties_updated webhook: chat properties were updated.
func (h *Handler) OnChatPropertiesUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.ChatPropertiesUpdatedPush) error) {
	On(h, livechat.PushChatPropertiesUpdated, f)
}

// OnChatPropertiesDeleted registers f for the chat_properties_deleted webhook: chat properties were deleted.
func (h *Handler) OnChatPropertiesDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.ChatPropertiesDeletedPush) error) {
	On(h, livechat.PushChatPropertiesDeleted, f)
}

// OnThreadPropertiesUpdated registers f for the thread_properties_updated webhook: thread properties were updated.
func (h *Handler) OnThreadPropertiesUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.ThreadPropertiesUpdatedPush) error) {
	On(h, livechat.PushThreadPropertiesUpdated, f)
}

// OnThreadPropertiesDeleted registers f for the thread_properties_deleted webhook: thread properties were deleted.
func (h *Handler) OnThreadPropertiesDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.ThreadPropertiesDeletedPush) error) {
	On(h, livechat.PushThreadPropertiesDeleted, f)
}

// OnEventPropertiesUpdated registers f for the event_properties_updated webhook: event properties were updated.
func (h *Handler) OnEventPropertiesUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.EventPropertiesUpdatedPush) error) {
	On(h, livechat.PushEventPropertiesUpdated, f)
}

// OnEventPropertiesDeleted registers f for the event_properties_deleted webhook: event properties were deleted.
func (h *Handler) OnEventPropertiesDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.EventPropertiesDeletedPush) error) {
	On(h, livechat.PushEventPropertiesDeleted, f)
}

// OnThreadTagged registers f for the thread_tagged webhook: a thread was tagged.
func (h *Handler) OnThreadTagged(f func(ctx context.Context, wh *Webhook, p *livechat.ThreadTaggedPush) error) {
	On(h, livechat.PushThreadTagged, f)
}

// OnThreadUntagged registers f for the thread_untagged webhook: a thread was untagged.
func (h *Handler) OnThreadUntagged(f func(ctx context.Context, wh *Webhook, p *livechat.ThreadUntaggedPush) error) {
	On(h, livechat.PushThreadUntagged, f)
}

// OnRoutingStatusSet registers f for the routing_status_set webhook: an agent's or bot's routing status changed.
func (h *Handler) OnRoutingStatusSet(f func(ctx context.Context, wh *Webhook, p *livechat.RoutingStatusSetPush) error) {
	On(h, livechat.PushRoutingStatusSet, f)
}

// OnIncomingCustomer registers f for the incoming_customer webhook: a customer was created (API 3.5 only).
func (h *Handler) OnIncomingCustomer(f func(ctx context.Context, wh *Webhook, p *livechat.IncomingCustomerPush) error) {
	On(h, livechat.PushIncomingCustomer, f)
}

// OnCustomerSessionFieldsUpdated registers f for the customer_session_fields_updated webhook: a chatting customer's session fields changed.
func (h *Handler) OnCustomerSessionFieldsUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.CustomerSessionFieldsUpdatedPush) error) {
	On(h, livechat.PushCustomerSessionFieldsUpdated, f)
}

// OnEventsMarkedAsSeen registers f for the events_marked_as_seen webhook: a user saw a chat's events.
func (h *Handler) OnEventsMarkedAsSeen(f func(ctx context.Context, wh *Webhook, p *livechat.EventsMarkedAsSeenPush) error) {
	On(h, livechat.PushEventsMarkedAsSeen, f)
}

// OnAgentCreated registers f for the agent_created webhook: an agent was created.
func (h *Handler) OnAgentCreated(f func(ctx context.Context, wh *Webhook, p *livechat.AgentCreatedPush) error) {
	On(h, livechat.PushAgentCreated, f)
}

// OnAgentApproved registers f for the agent_approved webhook: an agent was approved.
func (h *Handler) OnAgentApproved(f func(ctx context.Context, wh *Webhook, p *livechat.AgentApprovedPush) error) {
	On(h, livechat.PushAgentApproved, f)
}

// OnAgentUpdated registers f for the agent_updated webhook: an agent was updated.
func (h *Handler) OnAgentUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.AgentUpdatedPush) error) {
	On(h, livechat.PushAgentUpdated, f)
}

// OnAgentSuspended registers f for the agent_suspended webhook: an agent was suspended.
func (h *Handler) OnAgentSuspended(f func(ctx context.Context, wh *Webhook, p *livechat.AgentSuspendedPush) error) {
	On(h, livechat.PushAgentSuspended, f)
}

// OnAgentUnsuspended registers f for the agent_unsuspended webhook: an agent was unsuspended.
func (h *Handler) OnAgentUnsuspended(f func(ctx context.Context, wh *Webhook, p *livechat.AgentUnsuspendedPush) error) {
	On(h, livechat.PushAgentUnsuspended, f)
}

// OnAgentDeleted registers f for the agent_deleted webhook: an agent was deleted.
func (h *Handler) OnAgentDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.AgentDeletedPush) error) {
	On(h, livechat.PushAgentDeleted, f)
}

// OnAutoAccessesUpdated registers f for the auto_accesses_updated webhook: auto access rules changed.
func (h *Handler) OnAutoAccessesUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.AutoAccessesUpdatedPush) error) {
	On(h, livechat.PushAutoAccessesUpdated, f)
}

// OnBotCreated registers f for the bot_created webhook: a bot was created.
func (h *Handler) OnBotCreated(f func(ctx context.Context, wh *Webhook, p *livechat.BotCreatedPush) error) {
	On(h, livechat.PushBotCreated, f)
}

// OnBotUpdated registers f for the bot_updated webhook: a bot was updated.
func (h *Handler) OnBotUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.BotUpdatedPush) error) {
	On(h, livechat.PushBotUpdated, f)
}

// OnBotDeleted registers f for the bot_deleted webhook: a bot was deleted.
func (h *Handler) OnBotDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.BotDeletedPush) error) {
	On(h, livechat.PushBotDeleted, f)
}

// OnGroupCreated registers f for the group_created webhook: a group was created.
func (h *Handler) OnGroupCreated(f func(ctx context.Context, wh *Webhook, p *livechat.GroupCreatedPush) error) {
	On(h, livechat.PushGroupCreated, f)
}

// OnGroupUpdated registers f for the group_updated webhook: a group was updated.
func (h *Handler) OnGroupUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.GroupUpdatedPush) error) {
	On(h, livechat.PushGroupUpdated, f)
}

// OnGroupDeleted registers f for the group_deleted webhook: a group was deleted.
func (h *Handler) OnGroupDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.GroupDeletedPush) error) {
	On(h, livechat.PushGroupDeleted, f)
}

// OnTagCreated registers f for the tag_created webhook: a tag was created.
func (h *Handler) OnTagCreated(f func(ctx context.Context, wh *Webhook, p *livechat.TagCreatedPush) error) {
	On(h, livechat.PushTagCreated, f)
}

// OnTagUpdated registers f for the tag_updated webhook: a tag was updated.
func (h *Handler) OnTagUpdated(f func(ctx context.Context, wh *Webhook, p *livechat.TagUpdatedPush) error) {
	On(h, livechat.PushTagUpdated, f)
}

// OnTagDeleted registers f for the tag_deleted webhook: a tag was deleted.
func (h *Handler) OnTagDeleted(f func(ctx context.Context, wh *Webhook, p *livechat.TagDeletedPush) error) {
	On(h, livechat.PushTagDeleted, f)
}

// OnThreadSummarySet registers f for the thread_summary_set webhook: a thread summary was set (API 3.6).
func (h *Handler) OnThreadSummarySet(f func(ctx context.Context, wh *Webhook, p *livechat.ThreadSummarySetPush) error) {
	On(h, livechat.PushThreadSummarySet, f)
}
