package spec

// allOps lists every Web API action of the v3 APIs.
func allOps() []op {
	var out []op
	out = append(out, agentOps()...)
	out = append(out, customerOps()...)
	out = append(out, configurationOps()...)
	return out
}

// allRTMActions lists the actions that exist over RTM only.
func allRTMActions() []rtmAction {
	application := obj(opt("name", str()), opt("version", str()), opt("channel_type", str()))
	pushes := mapOf(arr(str())).D("{\"<version>\": [\"<push>\", …] or [\"all\"]}.")
	return []rtmAction{
		{api: "agent", action: "login", versions: all3,
			summary: "Log in (agent RTM)", desc: "The first frame on an agent RTM connection; within 30 s of connecting.",
			req: obj(req("token", nonEmpty().D("\"Bearer <token>\" or \"Basic <base64(account_id:PAT)>\".")),
				opt("timezone", str()), opt("reconnect", boolean()), opt("application", application),
				opt("away", boolean()),
				opt("customer_monitoring_level", enum("my", "chatting", "invited", "online", "highest_available")),
				opt("pushes", pushes),
				opt("push_notifications", obj(opt("firebase_token", str()), opt("platform", enum("ios", "android"))))),
			resp: obj(req("license", object()), req("my_profile", object()), opt("chats_summary", arr(ref("ChatSummary"))))},
		{api: "agent", action: "logout", versions: all3,
			summary: "Log out", desc: "Ends the session.", req: obj(), resp: empty()},
		{api: "agent", action: "set_away_status", versions: all3,
			summary: "Set the away status", desc: "Per connection; when every connection is away the agent stops accepting chats.",
			req: obj(req("away", boolean())), resp: empty()},
		{api: "agent", action: "change_push_notifications", versions: only34,
			summary: "Change push notifications", desc: "Mobile push notifications (API 3.4 only).",
			req:  obj(req("firebase_token", str()), req("platform", enum("ios", "android")), req("enabled", boolean())),
			resp: empty()},
		{api: "agent", action: "update_session", versions: only36,
			summary: "Update the session token", desc: "Swaps the connection's token so it outlives the old token (API 3.6).",
			req: obj(req("token", nonEmpty())), resp: empty()},
		{api: "agent", action: "subscribe_customers", versions: only36,
			summary: "Subscribe to customers", desc: "Receive customer pushes for some groups (API 3.6).",
			req:  obj(opt("group_ids", arr(integer())), opt("limit", intMin(1))),
			resp: obj(req("subscription_id", str()), opt("customers", arr(ref("Customer"))))},
		{api: "agent", action: "unsubscribe_customers", versions: only36,
			summary: "Unsubscribe from customers", desc: "Ends a subscription (API 3.6).",
			req: obj(req("subscription_id", str())), resp: empty()},
		{api: "customer", action: "login", versions: all3,
			summary: "Log in (customer RTM)", desc: "The first frame on a customer RTM connection.",
			req: obj(req("token", nonEmpty()),
				opt("customer", obj(opt("name", str()), opt("email", str()), opt("avatar", str()),
					opt("session_fields", ref("SessionFields")))),
				opt("customer_page", obj(opt("url", str()), opt("title", str()))),
				opt("customer_side_storage", object()), opt("is_mobile", boolean()), opt("group_id", integer()),
				opt("referrer", str()), opt("application", application), opt("pushes", pushes)),
			resp: obj(req("customer", ref("Customer")), opt("has_active_thread", boolean()),
				opt("chats", arr(obj(req("chat_id", str()), opt("has_unread_events", boolean())))),
				opt("greeting", object()))},
		{api: "customer", action: "update_session", versions: only36,
			summary: "Update the session token", desc: "Swaps the connection's token (API 3.6).",
			req: obj(req("token", nonEmpty())), resp: empty()},
		{api: "customer", action: "update_customer_page", versions: all3,
			summary: "Update the customer page", desc: "The page the customer is on.",
			req: obj(req("url", str()), opt("title", str())), resp: empty()},
	}
}

// scopeDescriptions lists the documented OAuth scopes (protocol.md §7).
func scopeDescriptions() map[string]any {
	out := map[string]any{}
	for _, s := range []string{
		"chats--all:ro", "chats--all:rw", "chats--access:ro", "chats--access:rw", "customers:ro", "customers:rw",
		"customers:own", "customers.ban:rw", "multicast:rw", "multicast:ro", "agents--my:ro", "agents--my:rw",
		"agents--all:ro", "agents--all:rw", "agents-bot--my:ro", "agents-bot--my:rw", "agents-bot--all:ro",
		"agents-bot--all:rw", "groups--my:ro", "groups--my:rw", "groups--all:ro", "groups--all:rw",
		"access_rules:ro", "access_rules:rw", "properties.license.value--my:rw", "properties.license.value--all:rw",
		"properties.group.value--my:rw", "properties.group.value--all:rw", "properties.configuration:rw",
		"tags--all:ro", "tags--all:rw", "tags--groups:ro", "tags--groups:rw", "webhooks.configuration:rw",
		"webhooks.state:ro", "webhooks.state:rw", "bots.templates:rw", "greetings:ro", "greetings:rw",
		"organization--my:rw", "banlist_read", "banlist_write",
	} {
		out[s] = "LiveChat scope " + s
	}
	return out
}
