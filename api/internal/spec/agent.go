package spec

// Agent Chat API (protocol.md §2; docs src/pages/messaging/agent-chat-api).

// chatFilters is list_chats' filters; 3.6 renamed include_active to active.
func chatFilters(activeName string) Schema {
	return obj(
		opt(activeName, boolean().Def(true).D("Include active chats.")),
		opt("include_chats_without_threads", boolean().Def(true)),
		opt("group_ids", arrMax(integer(), 200)),
		opt("properties", ref("PropertyFilters")),
	)
}

func listChatsReq(activeName string) Schema {
	return obj(
		opt("filters", chatFilters(activeName)),
		opt("sort_order", ref("SortOrder")),
		opt("limit", intr(1, 100).Def(10)),
		opt("page_id", str().D("Only with no filters, sort_order or limit.")),
	)
}

func stringFilter() Schema {
	return obj(opt("exists", boolean()), opt("values", arr(str())), opt("exclude_values", arr(str())),
		opt("require_every_value", boolean()))
}

func intFilter() Schema {
	return obj(opt("exists", boolean()), opt("values", arr(integer())), opt("exclude_values", arr(integer())),
		opt("require_every_value", boolean()))
}

func archivesFilters(v36 bool) Schema {
	groupsF := ref("IntValuesFilter")
	props := []prop{
		opt("query", str()), opt("from", dateTime()), opt("to", dateTime()),
		opt("thread_ids", arrMax(str(), 20)), opt("group_ids", arrMax(integer(), 200)),
		opt("properties", ref("PropertyFilters")),
		opt("agents", stringFilter()), opt("tags", stringFilter()), opt("sales", intFilter()),
		opt("goals", intFilter()),
		opt("surveys", arr(obj(req("type", enum("pre_chat", "post_chat")), opt("from", dateTime()), opt("to", dateTime()),
			opt("exists", boolean()), opt("values", arr(str())), opt("exclude_values", arr(str())), opt("groups", groupsF)))),
		opt("event_types", stringFilter()),
		opt("greetings", obj(opt("from", dateTime()), opt("to", dateTime()), opt("exists", boolean()),
			opt("values", arr(integer())), opt("exclude_values", arr(integer())), opt("groups", groupsF))),
		opt("agent_response", obj(opt("exists", boolean()), opt("first", boolean()),
			opt("agents", stringFilter()), opt("groups", groupsF))),
		opt("customer_countries", stringFilter()),
	}
	if v36 {
		props = append(props, opt("customer_id", str()), opt("customer_email", str()),
			opt("chat_ids", arr(str())), opt("agent_types", arr(enum("agent", "bot"))))
	}
	return obj(props...)
}

func listArchivesReq(v36 bool) Schema {
	return obj(
		opt("filters", archivesFilters(v36)),
		opt("page_id", str()),
		opt("sort_order", ref("SortOrder")),
		opt("limit", intr(1, 100).Def(10)),
		opt("highlights", obj(opt("pre_tag", str().Def("<em>")), opt("post_tag", str().Def("</em>")))),
	)
}

// initialChat is start_chat's chat (id required in resume_chat).
func initialChat(idRequired bool) Schema {
	id := opt("id", str())
	if idRequired {
		id = req("id", str())
	}
	return obj(id,
		opt("properties", ref("Properties")),
		opt("access", ref("Access")),
		opt("users", arr(ref("ChatUserRef"))),
		opt("thread", ref("InitialThread")),
	)
}

func pagedResp(items string, item Schema, count string) Schema {
	return obj(req(items, arr(item)), opt(count, integer()), opt("next_page_id", str()), opt("previous_page_id", str()))
}

func chatOnly() Schema { return obj(req("chat_id", str())) }

func idOnly() Schema { return obj(req("id", str())) }

func chatThread(more ...prop) Schema {
	return obj(append([]prop{req("chat_id", str()), req("thread_id", str())}, more...)...)
}

func agentOps() []op {
	startResp := obj(req("chat_id", str()), req("thread_id", str()), opt("event_ids", arr(str())))
	customersFilters := obj(
		opt("country", ref("ValuesFilter")), opt("email", ref("ValuesFilter")), opt("name", ref("ValuesFilter")),
		opt("customer_id", ref("ValuesFilter")), opt("chats_count", ref("RangeFilter")),
		opt("threads_count", ref("RangeFilter")), opt("visits_count", ref("RangeFilter")),
		opt("created_at", ref("TimeRangeFilter")), opt("agent_last_event_created_at", ref("TimeRangeFilter")),
		opt("customer_last_event_created_at", ref("TimeRangeFilter")),
		opt("chat_group_ids", obj(opt("values", arrMax(integer(), 40)), opt("exclude_values", arrMax(integer(), 40)))),
		opt("include_customers_without_chats", boolean()))
	return []op{
		{api: "agent", action: "list_chats", rtm: true, paged: "chats_summary",
			summary: "List chat summaries", desc: "Chat summaries the agent can access, newest first by default; paged with page_id.",
			req: listChatsReq("active"), reqFor: map[string]Schema{"3.4": listChatsReq("include_active"), "3.5": listChatsReq("include_active")},
			resp: pagedResp("chats_summary", ref("ChatSummary"), "found_chats")},
		{api: "agent", action: "list_threads", rtm: true, paged: "threads",
			summary: "List the threads of a chat", desc: "Threads of one chat; min_events_count cannot be combined with limit or filters.",
			req: obj(req("chat_id", str()), opt("sort_order", ref("SortOrder")), opt("limit", intr(1, 100).Def(3)),
				opt("page_id", str()), opt("min_events_count", intr(1, 100)),
				opt("filters", obj(opt("from", dateTime()), opt("to", dateTime())))),
			resp: pagedResp("threads", ref("Thread"), "found_threads")},
		{api: "agent", action: "get_chat", rtm: true,
			summary: "Get a chat", desc: "A chat with one thread (the latest when thread_id is absent).",
			req: obj(req("chat_id", str()), opt("thread_id", str())), resp: ref("Chat")},
		{api: "agent", action: "list_archives", rtm: true, paged: "chats",
			summary: "Search archived threads", desc: "Full-text and filtered search over archived threads; one chat per thread.",
			req: listArchivesReq(true), reqFor: map[string]Schema{"3.4": listArchivesReq(false), "3.5": listArchivesReq(false)},
			resp: pagedResp("chats", ref("Chat"), "found_chats")},
		{api: "agent", action: "start_chat", rtm: true,
			summary: "Start a chat", desc: "Starts a chat with its first thread; active=false starts it inactive.",
			req:  obj(opt("chat", initialChat(false)), opt("active", boolean().Def(true)), opt("continuous", boolean().Def(false))),
			resp: startResp},
		{api: "agent", action: "resume_chat", rtm: true,
			summary: "Resume a chat", desc: "Starts a new thread in an archived chat.",
			req:  obj(req("chat", initialChat(true)), opt("active", boolean()), opt("continuous", boolean())),
			resp: obj(req("thread_id", str()), opt("event_ids", arr(str())))},
		{api: "agent", action: "deactivate_chat", rtm: true,
			summary: "Deactivate a chat", desc: "Closes the active thread.",
			req: obj(req("id", str()), opt("ignore_requester_presence", boolean())), resp: empty()},
		{api: "agent", action: "follow_chat", rtm: true,
			summary: "Follow a chat", desc: "Receive the chat's pushes without being in it.", req: idOnly(), resp: empty()},
		{api: "agent", action: "unfollow_chat", rtm: true,
			summary: "Unfollow a chat", desc: "Stop following a chat (members cannot).", req: idOnly(), resp: empty()},
		{api: "agent", action: "transfer_chat", rtm: true,
			summary: "Transfer a chat", desc: "Transfers an active chat to agents or groups (absent target: within its group).",
			req: obj(req("id", str()),
				opt("target", obj(req("type", enum("agent", "group")), req("ids", arr(strOrInt())))),
				opt("ignore_agents_availability", boolean()), opt("ignore_requester_presence", boolean())),
			resp: empty()},
		{api: "agent", action: "add_user_to_chat", rtm: true,
			summary: "Add a user to a chat", desc: "Adds an agent or the customer to an active chat.",
			req: obj(req("chat_id", str()), req("user_id", str()), req("user_type", enum("agent", "customer")),
				req("visibility", ref("Visibility")), opt("ignore_requester_presence", boolean())),
			resp: empty()},
		{api: "agent", action: "remove_user_from_chat", rtm: true,
			summary: "Remove a user from a chat", desc: "Removes an agent (a customer cannot be removed).",
			req: obj(req("chat_id", str()), req("user_id", str()), req("user_type", enum("agent", "customer")),
				opt("ignore_requester_presence", boolean())),
			resp: empty()},
		{api: "agent", action: "send_event", rtm: true,
			summary: "Send an event", desc: "Adds an event to the chat's active thread; the requester must be in the chat.",
			req:  obj(req("chat_id", str()), req("event", ref("Event")), opt("attach_to_last_thread", boolean())),
			resp: obj(req("event_id", str()))},
		{api: "agent", action: "upload_file", multipart: true,
			summary: "Upload a file", desc: "A temporary upload (≤ 10 MB); use the URL in a file event within 24 h.",
			req:  obj(req("file", Schema{"type": "string", "contentMediaType": "application/octet-stream"})),
			resp: obj(req("url", str()))},
		{api: "agent", action: "send_rich_message_postback", rtm: true,
			summary: "Send a rich message postback", desc: "Records a click on a rich message button.",
			req:  chatThread(req("event_id", str()), req("postback", obj(req("id", str()), req("toggled", boolean())))),
			resp: empty()},
		{api: "agent", action: "update_chat_properties", rtm: true,
			summary: "Update chat properties", desc: "Sets chat properties.",
			req: obj(req("id", str()), req("properties", ref("Properties"))), resp: empty()},
		{api: "agent", action: "delete_chat_properties", rtm: true,
			summary: "Delete chat properties", desc: "Deletes chat properties.",
			req: obj(req("id", str()), req("properties", ref("PropertyNames"))), resp: empty()},
		{api: "agent", action: "update_thread_properties", rtm: true,
			summary: "Update thread properties", desc: "Sets thread properties.",
			req: chatThread(req("properties", ref("Properties"))), resp: empty()},
		{api: "agent", action: "delete_thread_properties", rtm: true,
			summary: "Delete thread properties", desc: "Deletes thread properties.",
			req: chatThread(req("properties", ref("PropertyNames"))), resp: empty()},
		{api: "agent", action: "update_event_properties", rtm: true,
			summary: "Update event properties", desc: "Sets event properties.",
			req: chatThread(req("event_id", str()), req("properties", ref("Properties"))), resp: empty()},
		{api: "agent", action: "delete_event_properties", rtm: true,
			summary: "Delete event properties", desc: "Deletes event properties.",
			req: chatThread(req("event_id", str()), req("properties", ref("PropertyNames"))), resp: empty()},
		{api: "agent", action: "tag_thread", rtm: true,
			summary: "Tag a thread", desc: "Adds a tag (it must exist in the Configuration API; case-sensitive).",
			req: chatThread(req("tag", nonEmpty())), resp: empty()},
		{api: "agent", action: "untag_thread", rtm: true,
			summary: "Untag a thread", desc: "Removes a tag from a thread.",
			req: chatThread(req("tag", nonEmpty())), resp: empty()},
		{api: "agent", action: "mark_events_as_seen", rtm: true,
			summary: "Mark events as seen", desc: "Moves the requester's events_seen_up_to.",
			req: obj(req("chat_id", str()), req("seen_up_to", dateTime())), resp: empty()},
		{api: "agent", action: "send_typing_indicator", rtm: true,
			summary: "Send a typing indicator", desc: "Typing on or off; no webhook.",
			req:  obj(req("chat_id", str()), req("is_typing", boolean()), opt("visibility", ref("Visibility"))),
			resp: empty()},
		{api: "agent", action: "send_thinking_indicator", rtm: true, versions: only36,
			summary: "Send a thinking indicator", desc: "Shows that a bot is preparing an answer (API 3.6).",
			req: obj(req("chat_id", str()), opt("title", str()), opt("description", str()),
				opt("visibility", ref("Visibility")), opt("custom_id", str())),
			resp: empty()},
		{api: "agent", action: "send_event_preview", rtm: true, versions: only36,
			summary: "Send an event preview", desc: "A preview of a message being written (API 3.6).",
			req: obj(req("chat_id", str()), req("event", ref("MessageEvent"))), resp: empty()},
		{api: "agent", action: "request_thread_summary", rtm: true, versions: only36,
			summary: "Request a thread summary", desc: "Asks for an AI summary; it arrives in thread_summary_set (API 3.6).",
			req: chatThread(), resp: empty()},
		{api: "agent", action: "get_license_info", versions: from35,
			summary: "Get license information", desc: "License basics (Web only; added to 3.5 in 2024).",
			req: obj(),
			resp: obj(opt("license_id", strOrInt()), opt("expires_at", strOrInt()), opt("created_at", strOrInt()),
				opt("in_trial", boolean()))},
		{api: "agent", action: "get_customer", rtm: true,
			summary: "Get a customer", desc: "A customer with the ids of their chats.",
			req: idOnly(), resp: ref("Customer")},
		{api: "agent", action: "list_customers", rtm: true, versions: upTo35, paged: "customers",
			summary: "List customers", desc: "Searches customers (removed in 3.6).",
			req: obj(opt("page_id", str()), opt("limit", intr(1, 100).Def(10)), opt("sort_order", ref("SortOrder")),
				opt("sort_by", enum("created_at", "threads_count", "visits_count", "agent_last_event", "customer_last_event")),
				opt("filters", customersFilters)),
			resp: obj(req("customers", arr(ref("Customer"))), opt("total_customers", integer()),
				opt("limited_customers", integer()), opt("next_page_id", str()), opt("previous_page_id", str()))},
		{api: "agent", action: "create_customer", rtm: true, versions: upTo35,
			summary: "Create a customer", desc: "Creates a customer (removed in 3.6).",
			req: obj(opt("name", str()), opt("email", str()), opt("avatar", str()),
				opt("session_fields", ref("SessionFields"))),
			resp: obj(req("customer_id", str()))},
		{api: "agent", action: "update_customer", rtm: true,
			summary: "Update a customer", desc: "Updates a customer's name, email, avatar or session fields.",
			req: obj(req("id", uuid()), opt("name", str()), opt("email", str()), opt("avatar", str()),
				opt("session_fields", ref("SessionFields"))).With("minProperties", 2),
			resp: empty()},
		{api: "agent", action: "ban_customer", rtm: true,
			summary: "Ban a customer", desc: "Bans a customer for some days and disconnects their sessions.",
			req: obj(req("id", str()), req("ban", ref("Ban"))), resp: empty()},
		{api: "agent", action: "set_routing_status", rtm: true,
			summary: "Set a routing status", desc: "Agents: accepting_chats or not_accepting_chats; bots also offline.",
			req:  obj(req("status", enum("accepting_chats", "not_accepting_chats", "offline")), opt("agent_id", str())),
			resp: empty()},
		{api: "agent", action: "list_routing_statuses", rtm: true,
			summary: "List routing statuses", desc: "Routing statuses of the agents, optionally of some groups.",
			req:  obj(opt("filters", obj(opt("group_ids", arr(integer()))))),
			resp: arr(obj(req("agent_id", str()), req("status", str())))},
		{api: "agent", action: "multicast", rtm: true,
			summary: "Multicast", desc: "A chat-less, unsaved message to agents (or customers).",
			req: obj(req("recipients", obj(
				opt("agents", obj(opt("all", boolean()), opt("ids", arr(str())), opt("groups", arr(integer())))),
				opt("customers", obj(opt("ids", arr(str())))),
			).With("minProperties", 1)), req("content", anyv()), opt("type", str())),
			resp: empty()},
		{api: "agent", action: "list_agents_for_transfer", rtm: true,
			summary: "List agents for transfer", desc: "Transfer candidates, fewest active chats first.",
			req: chatOnly(), resp: arr(obj(req("agent_id", str()), req("total_active_chats", integer())))},
	}
}
