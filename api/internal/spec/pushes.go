package spec

// RTM pushes and webhooks (protocol.md §2.5, §4, §5.3–5.4; docs
// .../rtm-pushes and src/pages/management/webhooks).

type push struct {
	name     string
	apis     []string // agent, customer
	versions []string
	desc     string
	payload  Schema
}

var (
	agentOnly    = []string{"agent"}
	customerOnly = []string{"customer"}
	bothAPIs     = []string{"agent", "customer"}
)

func pushList() []push {
	chatThreadIDs := func(more ...prop) Schema {
		return obj(append([]prop{req("chat_id", str()), opt("thread_id", str())}, more...)...)
	}
	transferredTo := obj(opt("group_ids", arr(integer())), opt("agent_ids", arr(str())))
	agentCfg := obj(req("id", str())).D("An agent's configuration (or the changed members) as the Configuration API returns it.")
	idObj := obj(req("id", strOrInt()))
	p := func(name string, apis []string, vers []string, desc string, s Schema) push {
		return push{name: name, apis: apis, versions: vers, desc: desc, payload: s}
	}
	return []push{
		p("incoming_chat", bothAPIs, all3, "A chat the user can see started or was resumed.",
			obj(req("chat", ref("Chat")), opt("requester_id", str()), opt("transferred_from", transferredTo))),
		p("chat_deactivated", bothAPIs, all3, "A chat's thread was closed.", chatThreadIDs(opt("user_id", str()))),
		p("chat_deleted", agentOnly, all3, "A chat was deleted.", obj(req("chat_id", str()))),
		p("thread_deleted", agentOnly, all3, "A thread was deleted.", chatThreadIDs()),
		p("threads_deleted", agentOnly, all3, "Threads of a period were deleted.",
			obj(opt("date_from", str()), opt("date_to", str()), opt("tag", str()))),
		p("chat_access_updated", agentOnly, all3, "Which groups may access a chat changed.",
			obj(req("id", str()), req("access", ref("Access")))),
		p("chat_transferred", bothAPIs, all3, "A chat was transferred.",
			chatThreadIDs(opt("requester_id", str()), opt("reason", str()), req("transferred_to", transferredTo),
				opt("queue", ref("Queue")))),
		p("user_added_to_chat", bothAPIs, all3, "A user joined a chat.",
			chatThreadIDs(req("user", ref("User")), opt("reason", str()), opt("requester_id", str()))),
		p("user_removed_from_chat", bothAPIs, all3, "A user left a chat.",
			chatThreadIDs(req("user_id", str()), opt("reason", str()), opt("requester_id", str()))),
		p("incoming_event", bothAPIs, all3, "A new event in a chat.", chatThreadIDs(req("event", ref("Event")))),
		p("event_updated", bothAPIs, all3, "An event changed.", chatThreadIDs(req("event", ref("Event")))),
		p("event_deleted", bothAPIs, only36, "An event was deleted (API 3.6).", chatThreadIDs(req("event_id", str()))),
		p("incoming_rich_message_postback", bothAPIs, all3, "A rich message button was clicked.",
			chatThreadIDs(opt("user_id", str()), req("event_id", str()), req("postback", obj(req("id", str()), req("toggled", boolean()))))),
		p("chat_properties_updated", bothAPIs, all3, "Chat properties were set.", obj(req("chat_id", str()), req("properties", ref("Properties")))),
		p("chat_properties_deleted", bothAPIs, all3, "Chat properties were deleted.", obj(req("chat_id", str()), req("properties", ref("PropertyNames")))),
		p("thread_properties_updated", bothAPIs, all3, "Thread properties were set.", chatThreadIDs(req("properties", ref("Properties")))),
		p("thread_properties_deleted", bothAPIs, all3, "Thread properties were deleted.", chatThreadIDs(req("properties", ref("PropertyNames")))),
		p("event_properties_updated", bothAPIs, all3, "Event properties were set.",
			chatThreadIDs(req("event_id", str()), req("properties", ref("Properties")))),
		p("event_properties_deleted", bothAPIs, all3, "Event properties were deleted.",
			chatThreadIDs(req("event_id", str()), req("properties", ref("PropertyNames")))),
		p("thread_tagged", agentOnly, all3, "A thread was tagged.", chatThreadIDs(req("tag", str()))),
		p("thread_untagged", agentOnly, all3, "A tag was removed from a thread.", chatThreadIDs(req("tag", str()))),
		p("thread_summary_set", agentOnly, only36, "A thread summary is ready (API 3.6).", chatThreadIDs(opt("summary", anyv()))),
		p("incoming_customers", agentOnly, all3, "The customers of the monitoring level, after login.",
			obj(opt("customer_monitoring_level", str()), req("customers", arr(ref("Customer"))))),
		p("incoming_customer", agentOnly, upTo35, "A new customer.", ref("Customer")),
		p("customer_updated", bothAPIs, all3, "A customer changed (agent: the changed members and id).", object()),
		p("customer_page_updated", agentOnly, all3, "A customer opened a page.",
			obj(req("customer_id", str()), opt("visit_id", integer()), opt("opened_at", dateTime()), opt("url", str()), opt("title", str()))),
		p("customer_statistics_updated", agentOnly, only36, "A customer's statistics changed (API 3.6).", obj(req("id", str()), opt("statistics", object()))),
		p("customer_banned", agentOnly, all3, "A customer was banned.", obj(req("customer_id", str()), req("ban", ref("Ban")))),
		p("customer_transferred", agentOnly, all3, "A customer was transferred.",
			obj(req("id", str()), opt("transferred_to", transferredTo), opt("followed", boolean()))),
		p("customer_left", agentOnly, all3, "A customer left the website.", obj(req("id", str()), opt("left_at", dateTime()))),
		p("subscribed_customers_totals_updated", agentOnly, only36, "Totals of a customers subscription (API 3.6).", mapOf(integer())),
		p("ticket_created", agentOnly, only36, "A ticket was created (API 3.6).", object()),
		p("ticket_deleted", agentOnly, only36, "A ticket was deleted (API 3.6).", object()),
		p("routing_status_set", agentOnly, all3, "An agent's routing status changed.", obj(req("agent_id", str()), req("status", str()))),
		p("agent_disconnected", agentOnly, all3, "The server is closing the connection; reason says whether to reconnect.",
			obj(req("reason", str()), opt("data", object()))),
		p("groups_status_updated", bothAPIs, from35, "Groups' availability changed.",
			obj(req("groups", arr(obj(req("id", integer()), req("status", str())))))),
		p("agent_created", agentOnly, all3, "An agent was created.", agentCfg),
		p("agent_approved", agentOnly, all3, "An agent was approved.", agentCfg),
		p("agent_updated", agentOnly, all3, "An agent changed (the changed members).", agentCfg),
		p("agent_suspended", agentOnly, all3, "An agent was suspended.", agentCfg),
		p("agent_unsuspended", agentOnly, all3, "An agent was unsuspended.", agentCfg),
		p("agent_deleted", agentOnly, all3, "An agent was deleted.", idObj),
		p("auto_accesses_updated", agentOnly, from35, "Auto access rules changed.", arr(object())),
		p("bot_created", agentOnly, all3, "A bot was created.", idObj),
		p("bot_updated", agentOnly, all3, "A bot changed.", idObj),
		p("bot_deleted", agentOnly, all3, "A bot was deleted.", idObj),
		p("group_created", agentOnly, all3, "A group was created.", idObj),
		p("group_updated", agentOnly, all3, "A group changed.", idObj),
		p("group_deleted", agentOnly, all3, "A group was deleted.", idObj),
		p("tag_created", agentOnly, from35, "A tag was created.", obj(req("name", str()), opt("group_ids", arr(integer())),
			opt("created_at", dateTime()), opt("author_id", str()))),
		p("tag_updated", agentOnly, from35, "A tag changed.", obj(req("name", str()), opt("group_ids", arr(integer())))),
		p("tag_deleted", agentOnly, from35, "A tag was deleted.", obj(req("name", str()))),
		p("license_properties_updated", agentOnly, only36, "License properties changed (API 3.6).", obj(req("properties", ref("Properties")))),
		p("group_properties_updated", agentOnly, only36, "Group properties changed (API 3.6).",
			obj(req("group_id", integer()), req("properties", ref("Properties")))),
		p("events_marked_as_seen", bothAPIs, all3, "A user saw events up to a time.",
			obj(req("user_id", str()), req("chat_id", str()), req("seen_up_to", dateTime()))),
		p("incoming_sneak_peek", agentOnly, all3, "What the customer is typing.",
			chatThreadIDs(req("sneak_peek", obj(req("author_id", str()), req("text", str()), opt("timestamp", integer()))))),
		p("incoming_typing_indicator", bothAPIs, all3, "A user started or stopped typing.",
			chatThreadIDs(req("typing_indicator", obj(req("author_id", str()), opt("visibility", ref("Visibility")),
				opt("timestamp", integer()), req("is_typing", boolean()))))),
		p("incoming_thinking_indicator", bothAPIs, only36, "A bot is preparing an answer (API 3.6).", chatThreadIDs()),
		p("incoming_event_preview", customerOnly, only36,
			"A preview of a message an agent or bot is writing (API 3.6, send_event_preview); not stored. "+
				"Named in the official JS SDK's Customer Chat API pushes; the Agent Chat API documents no such push.",
			chatThreadIDs(req("event", ref("Event")))),
		p("incoming_multicast", bothAPIs, all3, "A multicast message.", obj(opt("author_id", str()), req("content", anyv()), opt("type", str()))),
		p("chat_unfollowed", agentOnly, all3, "The agent stopped following a chat.", obj(req("chat_id", str()))),
		p("queue_positions_updated", agentOnly, all3, "Positions of queued chats changed.",
			arr(obj(req("chat_id", str()), opt("thread_id", str()), opt("queue", ref("Queue"))))),
		p("incoming_error", agentOnly, only36, "An asynchronous error (API 3.6).", object()),
		p("customer_side_storage_updated", customerOnly, all3, "Data the customer's client must store.",
			obj(req("customer_side_storage", mapOf(str())))),
		p("customer_disconnected", customerOnly, all3, "The server is closing the customer's connection.",
			obj(req("reason", str()), opt("data", object()))),
		p("incoming_greeting", customerOnly, all3, "A greeting for the customer.", object()),
		p("greeting_accepted", customerOnly, all3, "The customer accepted a greeting.", obj(req("unique_id", str()))),
		p("greeting_canceled", customerOnly, all3, "A greeting was canceled.", obj(req("unique_id", str()))),
		p("queue_position_updated", customerOnly, all3, "The customer's queue position changed.",
			chatThreadIDs(opt("queue", ref("Queue")))),
	}
}

// allPushes returns x-livechat-pushes (name → schema with the push's
// description, APIs and versions) and the component schemas it uses.
func allPushes() (map[string]any, map[string]Schema) {
	out := map[string]any{}
	schemas := map[string]Schema{}
	for _, p := range pushList() {
		name := "push." + p.name
		schemas[name] = p.payload
		out[p.name] = Schema{
			"$ref":                ref(name)["$ref"],
			"description":         p.desc,
			"x-livechat-apis":     p.apis,
			"x-livechat-versions": p.versions,
		}
	}
	return out, schemas
}

// webhookActions are the actions a v3 webhook can be registered for.
var webhookActions = []string{
	"incoming_chat", "chat_deactivated", "chat_access_updated", "chat_transferred", "user_added_to_chat",
	"user_removed_from_chat", "incoming_event", "event_updated", "event_deleted", "incoming_rich_message_postback",
	"chat_properties_updated", "chat_properties_deleted", "thread_properties_updated", "thread_properties_deleted",
	"event_properties_updated", "event_properties_deleted", "thread_tagged", "thread_untagged", "thread_summary_set",
	"routing_status_set", "incoming_customer", "customer_session_fields_updated", "events_marked_as_seen",
	"agent_created", "agent_approved", "agent_updated", "agent_suspended", "agent_unsuspended", "agent_deleted",
	"auto_accesses_updated", "bot_created", "bot_updated", "bot_deleted", "group_created", "group_updated",
	"group_deleted", "tag_created", "tag_deleted", "tag_updated",
}

// allWebhooks returns the top-level webhooks (one POST per action) and
// their schemas.
func allWebhooks() (map[string]any, map[string]Schema) {
	pushes := map[string]push{}
	for _, p := range pushList() {
		pushes[p.name] = p
	}
	schemas := map[string]Schema{}
	out := map[string]any{}
	for _, action := range webhookActions {
		payload := ref("push." + action)
		desc := "Delivered to the registered URL when " + action + " happens."
		switch action {
		case "incoming_customer": // the webhook wraps the customer (docs sample)
			payload = obj(req("customer", ref("Customer")))
		case "customer_session_fields_updated":
			payload = obj(req("id", str()), opt("active_chat", obj(opt("chat_id", str()), opt("thread_id", str()))),
				req("session_fields", ref("SessionFields")))
		default:
			if p, ok := pushes[action]; ok {
				desc = p.desc
			}
		}
		// The versions a webhook can be registered in (Configuration API
		// list_webhook_names; docs webhooks pages): 3.6 drops
		// incoming_customer and adds event_deleted and thread_summary_set.
		versions := all3
		switch action {
		case "incoming_customer":
			versions = upTo35
		case "event_deleted", "thread_summary_set":
			versions = only36
		}
		name := "webhook." + action
		schemas[name] = obj(req("webhook_id", str()), req("secret_key", str()), req("action", constant(action)),
			opt("organization_id", str()), opt("license_id", integer()), req("payload", payload),
			opt("additional_data", obj(opt("chat_properties", ref("Properties")), opt("chat_presence_user_ids", arr(str())))))
		out[action] = map[string]any{"post": map[string]any{
			"operationId":         "webhook." + action,
			"tags":                []any{"configuration"},
			"summary":             "Webhook " + action,
			"description":         desc + " Check secret_key against the one registered; answer 2xx.",
			"x-livechat-api":      "configuration",
			"x-livechat-action":   action,
			"x-livechat-version":  versions[len(versions)-1],
			"x-livechat-versions": versions,
			"requestBody":         map[string]any{"required": true, "content": jsonContent(ref(name))},
			"responses":           map[string]any{"200": map[string]any{"description": "Received (any 2xx); anything else is retried."}},
		}}
	}
	return out, schemas
}
