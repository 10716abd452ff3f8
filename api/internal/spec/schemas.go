package spec

// errorTypes is the documented error catalogue (src/constants/index.js,
// protocol.md §8).
var errorTypes = []string{
	"authentication", "authorization", "missing_access", "not_allowed", "validation", "not_found",
	"group_not_found", "greeting_not_found", "license_not_found", "already_exists", "chat_inactive",
	"chat_anonymized", "agent_offline", "group_offline", "group_unavailable", "groups_offline",
	"customer_banned", "limit_reached", "users_limit_reached", "seats_limit_exceeded",
	"requester_already_offline", "requester_awaiting_approval", "requester_suspended",
	"license_expired", "wrong_product_version", "entity_too_large", "too_many_requests",
	"pending_requests_limit_reached", "misdirected_request", "unsupported_version",
	"request_timeout", "service_unavailable", "internal", "ownership_transfer", "transfer_ownership",
}

// eventTypes maps each event type to its component schema.
var eventTypes = []struct{ typ, name string }{
	{"message", "MessageEvent"},
	{"file", "FileEvent"},
	{"rich_message", "RichMessageEvent"},
	{"filled_form", "FilledFormEvent"},
	{"form", "FormEvent"},
	{"custom", "CustomEvent"},
	{"system_message", "SystemMessageEvent"},
	{"system", "SystemEvent"},
}

// event builds one event variant: the common members plus its own.
func event(typ, desc string, own ...prop) Schema {
	props := append([]prop{
		req("type", constant(typ)),
		opt("id", str().D("Server-assigned id, <thread_id>_<seq>.")),
		opt("custom_id", str().D("Client-chosen id, echoed back.")),
		opt("created_at", dateTime()),
		opt("author_id", str()),
		opt("visibility", ref("Visibility")),
		opt("properties", ref("Properties")),
	}, own...)
	return obj(props...).D(desc)
}

// sharedSchemas are the components every API uses.
func sharedSchemas() map[string]Schema {
	disc := map[string]any{}
	variants := make([]Schema, 0, len(eventTypes))
	for _, e := range eventTypes {
		disc[e.typ] = "#/components/schemas/" + e.name
		variants = append(variants, ref(e.name))
	}
	eventSchema := oneOf(variants...).D("An event of a thread; the member `type` selects the kind.")
	eventSchema["discriminator"] = map[string]any{"propertyName": "type", "mapping": disc}

	richButton := obj(
		opt("text", str()), opt("type", enum("webview", "message", "url", "phone", "cancel")),
		opt("value", str()), opt("webview_height", enum("compact", "full", "tall")),
		opt("postback_id", str()), opt("user_ids", arr(str())), opt("target", enum("new", "current")))
	richElement := obj(
		opt("title", str()), opt("subtitle", str()),
		opt("image", obj(req("url", str()), opt("name", str()), opt("content_type", str()),
			opt("size", integer()), opt("width", integer()), opt("height", integer()),
			opt("alternative_text", str()))),
		opt("buttons", arrMax(richButton, 13)))
	formField := obj(req("type", str()), req("id", str()), opt("label", str()), opt("required", boolean()),
		opt("options", arr(obj(req("id", strOrInt()), opt("label", str())))))
	filledField := obj(req("type", str()), req("id", str()), opt("label", str()),
		opt("answer", anyv().D("A string for simple fields, {id, label[, group_id]} for choices.")),
		opt("answers", arr(obj(req("id", strOrInt()), opt("label", str())))))
	queue := obj(opt("position", integer()), opt("wait_time", integer()), opt("queued_at", dateTime()))

	return map[string]Schema{
		"Error": obj(req("error", obj(
			req("type", ref("ErrorType")),
			req("message", str()),
			opt("data", object().D("Extra facts, e.g. {\"region\": \"fra\"} for misdirected_request.")),
		))).D("The documented error envelope of every v3 API."),
		"ErrorType":  enum(errorTypes...).D("The documented error types."),
		"Visibility": enum("all", "agents"),
		"SortOrder":  enum("asc", "desc").Def("desc"),
		"Properties": mapOf(mapOf(anyv())).D("Properties: {\"<namespace>\": {\"<name>\": <value>}}.").
			Ex(map[string]any{"routing": map[string]any{"idle": false}}),
		"PropertyNames": mapOf(arr(str())).D("Property names to delete: {\"<namespace>\": [\"<name>\", …]}."),
		"Access":        obj(opt("group_ids", arr(integer()))).D("Which groups may access the chat; group 0 means every agent."),
		"SessionFields": arr(mapOf(str())).D("Session fields: [{\"key\": \"value\"}, …]."),
		"Postback": obj(req("id", str()), req("thread_id", str()), req("event_id", str()),
			opt("type", str()), opt("value", str())),
		"Event": eventSchema,
		// A deleted message (3.6) keeps its id but loses its text: text is
		// required unless deleted is true (docs sample events/deletedEvent).
		"MessageEvent": event("message", "A text message (text is absent once deleted, API 3.6).",
			opt("text", str()), opt("postback", ref("Postback")), opt("deleted", boolean())).
			With("if", Schema{"properties": Schema{"deleted": Schema{"const": true}}, "required": []string{"deleted"}}).
			With("else", Schema{"required": []string{"text"}}),
		"Cart": obj(opt("store_uuid", str()), opt("store_platform", str()), opt("customer_signed_in", boolean()),
			opt("subtotal", number()), opt("total", number()), opt("subtotal_usd", number()), opt("total_usd", number()),
			opt("currency", str()), opt("items", arr(ref("CartItem"))), opt("last_updated_at", dateTime())).
			D("A customer's shopping cart (API 3.6)."),
		"CartItem": obj(req("id", integer()), opt("quantity", integer()), opt("variant_id", integer())),
		"FileEvent": event("file", "A file; url must point to a file uploaded with upload_file.",
			req("url", str()), opt("alternative_text", str()), opt("name", str()), opt("content_type", str()),
			opt("thumbnail_url", str()), opt("thumbnail2x_url", str()), opt("size", integer()),
			opt("width", integer()), opt("height", integer())),
		"RichMessageEvent": event("rich_message", "Cards, a sticker or quick replies.",
			req("template_id", enum("cards", "sticker", "quick_replies")),
			opt("elements", arrMax(richElement, 10))),
		"FilledFormEvent": event("filled_form", "A filled form (pre-chat, post-chat, …).",
			req("form_id", str()), req("fields", arr(filledField)), opt("form_type", str())),
		"FormEvent": event("form", "A form to fill.",
			req("form_id", str()), req("fields", arr(formField)), opt("form_type", str())),
		"CustomEvent": event("custom", "Any JSON content.", opt("content", anyv())),
		"SystemMessageEvent": event("system_message", "A system message (routing, ratings, …).",
			opt("system_message_type", str()), opt("text", str()), opt("text_vars", mapOf(str()))),
		"SystemEvent": event("system", "A system event (API 3.6).",
			opt("source", str()), opt("subtype", str()), opt("version", integer()), opt("details", str())),

		"Agent": obj(req("id", str()), req("type", constant("agent")), opt("name", str()), opt("email", str()),
			opt("present", boolean()), opt("events_seen_up_to", dateTime()), opt("avatar", str()),
			opt("visibility", ref("Visibility"))).D("An agent (or bot) in a chat."),
		"Customer": obj(req("id", str()), opt("type", constant("customer")), opt("name", str()), opt("email", str()),
			opt("email_verified", boolean()), opt("avatar", str()), opt("created_at", dateTime()),
			opt("last_visit", ref("Visit")), opt("visit", ref("Visit")), opt("session_fields", ref("SessionFields")),
			opt("statistics", mapOf(integer())), opt("agent_last_event_created_at", dateTime()),
			opt("customer_last_event_created_at", dateTime()), opt("present", boolean()),
			opt("events_seen_up_to", dateTime()), opt("followed", boolean()), opt("online", boolean()),
			opt("group_ids", arr(integer())), opt("state", str()), opt("chat_ids", arr(str())),
			opt("visibility", ref("Visibility")), opt("carts", arr(ref("Cart")))).D("A customer."),
		"User": oneOf(ref("Agent"), ref("Customer")).With("discriminator", map[string]any{
			"propertyName": "type",
			"mapping":      map[string]any{"agent": "#/components/schemas/Agent", "customer": "#/components/schemas/Customer"},
		}).D("A chat user: an agent or a customer."),
		"Visit": obj(opt("id", integer()), opt("started_at", dateTime()), opt("ended_at", dateTime()), opt("referrer", str()),
			opt("ip", str()), opt("user_agent", str()), opt("geolocation", ref("Geolocation")),
			opt("last_pages", arr(obj(opt("opened_at", dateTime()), opt("url", str()), opt("title", str()))))),
		"Geolocation": obj(opt("latitude", str()), opt("longitude", str()), opt("country", str()),
			opt("country_code", str()), opt("region", str()), opt("city", str()), opt("timezone", str())),
		"Queue": queue,
		"Thread": obj(req("id", str()), opt("active", boolean()), opt("user_ids", arr(str())),
			opt("events", arr(ref("Event"))), opt("properties", ref("Properties")), opt("access", ref("Access")),
			opt("tags", arr(str())), opt("restricted_access", anyv()), opt("queue", queue),
			opt("queues_duration", integer()), opt("previous_thread_id", str()), opt("next_thread_id", str()),
			opt("previous_accessible_thread_id", str()), opt("next_accessible_thread_id", str()),
			opt("created_at", dateTime()), opt("summary", anyv())).D("A thread of a chat."),
		"Chat": obj(req("id", str()), opt("users", arr(ref("User"))), opt("thread", ref("Thread")),
			opt("threads", arr(ref("Thread"))), opt("properties", ref("Properties")), opt("access", ref("Access")),
			opt("is_followed", boolean())).D("A chat with one thread."),
		"ChatSummary": obj(req("id", str()), opt("users", arr(ref("User"))),
			opt("last_thread_summary", object()), opt("last_event_per_type", mapOf(object())),
			opt("properties", ref("Properties")), opt("access", ref("Access")), opt("is_followed", boolean()),
			opt("last_thread_id", str()), opt("last_thread_created_at", dateTime())).
			D("A chat summary (list_chats, login)."),
		"InitialThread": obj(opt("events", arr(ref("Event"))), opt("properties", ref("Properties"))),
		"ChatUserRef":   obj(req("id", str()), req("type", enum("agent", "customer"))),

		"PropertyFilters": mapOf(mapOf(obj(opt("exists", boolean()), opt("values", arr(anyv())),
			opt("exclude_values", arr(anyv()))))).D("{\"<namespace>\": {\"<name>\": {exists|values|exclude_values}}}."),
		"ValuesFilter":    obj(opt("values", arr(anyv())), opt("exclude_values", arr(anyv()))),
		"IntValuesFilter": obj(opt("values", arr(integer())), opt("exclude_values", arr(integer())), opt("exists", boolean())),
		"RangeFilter": obj(opt("lt", integer()), opt("lte", integer()), opt("gt", integer()),
			opt("gte", integer()), opt("eq", integer())),
		"TimeRangeFilter": obj(opt("lt", dateTime()), opt("lte", dateTime()), opt("gt", dateTime()),
			opt("gte", dateTime()), opt("eq", dateTime())),
		"Ban":          obj(req("days", intMin(0))),
		"restv2.Error": obj(req("error", str())).D("A REST API v2 error."),
	}
}
