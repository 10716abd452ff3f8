package spec

// Configuration API (protocol.md §5; docs src/pages/management/configuration-api).

func configurationOps() []op {
	c := func(o op) op { o.api = "configuration"; return o }
	priority := enum("first", "normal", "last", "supervisor")
	groupPriority := obj(req("id", intMin(0)), req("priority", priority))
	workScheduler := obj(opt("timezone", str()), opt("schedule", arr(obj(
		req("day", enum("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")),
		req("enabled", boolean()), req("start", str().D("HH:MM")), req("end", str().D("HH:MM"))))))
	role := enum("owner", "viceowner", "administrator", "normal")
	loginStatus := enum("accepting chats", "not accepting chats")
	agentFields := func(first ...prop) Schema {
		return obj(append(first,
			opt("role", role), opt("avatar", str()), opt("login_status", loginStatus),
			opt("job_title", str()), opt("mobile", str()), opt("max_chats_count", intr(0, 20)),
			opt("groups", arr(groupPriority)), opt("notifications", arr(str())),
			opt("email_subscriptions", arr(str())), opt("work_scheduler", workScheduler))...)
	}
	createAgent := agentFields(req("id", email()), req("name", nonEmpty()), opt("awaiting_approval", boolean()))
	updateAgent := agentFields(req("id", str()), opt("name", str()))
	agent := obj(req("id", str()), opt("account_id", str()), opt("name", str()), opt("avatar", str()),
		opt("avatar_path", str()), opt("role", str()), opt("login_status", str()), opt("job_title", str()),
		opt("mobile", str()), opt("max_chats_count", integer()), opt("groups", arr(groupPriority)),
		opt("notifications", arr(str())), opt("email_subscriptions", arr(str())), opt("work_scheduler", workScheduler),
		opt("suspended", boolean()), opt("awaiting_approval", boolean()), opt("last_logout", dateTime()),
		opt("summaries", arr(str())))
	botFields := func(first ...prop) Schema {
		return obj(append(first,
			opt("avatar", str()), opt("max_chats_count", intr(0, 500)), opt("default_group_priority", priority),
			opt("job_title", str()), opt("groups", arr(groupPriority)), opt("work_scheduler", workScheduler),
			opt("timezone", str()), opt("type", str()))...)
	}
	bot := obj(req("id", str()), opt("name", str()), opt("avatar", str()), opt("avatar_path", str()),
		opt("default_group_priority", str()), opt("owner_client_id", str()), opt("max_chats_count", integer()),
		opt("groups", arr(groupPriority)), opt("job_title", str()), opt("type", str()), opt("timezone", str()),
		opt("work_scheduler", workScheduler))
	batch := func(item Schema, resp Schema) (Schema, Schema) {
		return obj(req("requests", Schema{"type": "array", "items": item, "minItems": 1})),
			obj(req("responses", arr(anyOf(resp, ref("Error")))))
	}
	idStr := obj(req("id", str()))
	idInt := obj(req("id", intMin(0)))
	idResp := obj(req("id", str()))
	matchCond := obj(opt("values", arr(obj(req("value", str()), opt("exact_match", boolean())))),
		opt("exclude_values", arr(obj(req("value", str()), opt("exact_match", boolean())))))
	conditions := obj(opt("url", matchCond), opt("domain", matchCond),
		opt("geolocation", obj(opt("values", arr(obj(opt("country", str()), opt("country_code", str()),
			opt("region", str()), opt("city", str())))))))
	autoAccess := obj(req("id", str()), opt("description", str()), opt("access", obj(req("groups", arr(integer())))),
		opt("conditions", conditions), opt("next_id", str()))
	greetingRule := obj(req("condition", enum("and", "or")), req("type", str()), opt("operator", str()),
		opt("value", str()), opt("urls", arr(obj(req("url", str()), req("operator", str())))),
		opt("session_field", mapOf(str())))
	greetingRich := obj(opt("template_id", str()), opt("elements", arr(object())))
	greeting := obj(req("id", integer()), opt("type", str()), opt("active", boolean()), opt("active_from", dateTime()),
		opt("active_until", dateTime()), opt("name", str()), opt("group", integer()), opt("rules", arr(greetingRule)),
		opt("properties", mapOf(str())), opt("rich_message", greetingRich))
	webhookFilters := obj(opt("author_type", enum("customer", "agent")), opt("only_my_chats", boolean()),
		opt("chat_presence", obj(opt("user_ids", ref("ValuesFilter")), opt("my_bots", boolean()))),
		opt("source_type", arr(enum("my_client", "other_clients", "system"))))
	webhook := obj(req("id", str()), opt("url", str()), opt("description", str()), opt("action", str()),
		opt("secret_key", str()), opt("filters", webhookFilters), opt("owner_client_id", str()),
		opt("type", enum("license", "bot")), opt("additional_data", arr(str())))
	owner := obj(req("owner_client_id", nonEmpty()))
	optOwner := obj(opt("owner_client_id", str()))
	propAccess := mapOf(mapOf(arr(enum("read", "write"))))
	group := obj(req("id", integer()), opt("name", str()), opt("language_code", str()),
		opt("agent_priorities", mapOf(priority)), opt("routing_status", str()))
	tag := obj(req("name", str()), opt("group_ids", arr(integer())), opt("author_id", str()), opt("created_at", dateTime()))
	fields := opt("fields", arr(str()))

	bcaReq, bcaResp := batch(createAgent, idResp)
	buaReq, buaResp := batch(updateAgent, empty())
	bidReq, bidResp := batch(idStr, empty())
	bcbReq, bcbResp := batch(botFields(req("name", nonEmpty()), opt("owner_client_id", str())), obj(req("id", str()), opt("secret", str())))
	bubReq, bubResp := batch(botFields(req("id", str()), opt("name", str())), empty())

	return []op{
		c(op{action: "create_agent", summary: "Create an agent", desc: "Creates an agent account on the license.",
			req: createAgent, resp: idResp}),
		c(op{action: "get_agent", summary: "Get an agent", desc: "An agent's configuration; fields adds optional members.",
			req: obj(req("id", str()), fields), resp: agent}),
		c(op{action: "list_agents", summary: "List agents", desc: "Agents of the license, optionally filtered.",
			req:  obj(opt("filters", obj(opt("group_ids", arr(integer())), opt("suspended", boolean()))), fields),
			resp: arr(agent)}),
		c(op{action: "update_agent", summary: "Update an agent", desc: "Changes an agent's configuration.",
			req: updateAgent, resp: empty()}),
		c(op{action: "delete_agent", summary: "Delete an agent", desc: "Deletes an agent.", req: idStr, resp: empty()}),
		c(op{action: "suspend_agent", summary: "Suspend an agent", desc: "Suspends an agent.", req: idStr, resp: empty()}),
		c(op{action: "unsuspend_agent", summary: "Unsuspend an agent", desc: "Lifts a suspension.", req: idStr, resp: empty()}),
		c(op{action: "approve_agent", summary: "Approve an agent", desc: "Approves an agent awaiting approval.", req: idStr, resp: empty()}),
		c(op{action: "request_agent_unsuspension", summary: "Request unsuspension", desc: "A suspended agent asks to be unsuspended.",
			req: obj(), resp: empty()}),
		c(op{action: "batch_create_agents", summary: "Create agents (batch)", desc: "One create_agent per item; answers in the same order.",
			req: bcaReq, resp: bcaResp}),
		c(op{action: "batch_update_agents", summary: "Update agents (batch)", desc: "One update_agent per item.",
			req: buaReq, resp: buaResp}),
		c(op{action: "batch_delete_agents", summary: "Delete agents (batch)", desc: "One delete_agent per item.",
			req: bidReq, resp: bidResp}),
		c(op{action: "batch_suspend_agents", summary: "Suspend agents (batch)", desc: "One suspend_agent per item.",
			req: bidReq, resp: bidResp}),
		c(op{action: "batch_unsuspend_agents", summary: "Unsuspend agents (batch)", desc: "One unsuspend_agent per item.",
			req: bidReq, resp: bidResp}),
		c(op{action: "batch_approve_agents", summary: "Approve agents (batch)", desc: "One approve_agent per item.",
			req: bidReq, resp: bidResp}),
		c(op{action: "reactivate_email", versions: only36, summary: "Reactivate an agent's e-mail",
			desc: "Reactivates a bounced e-mail address (API 3.6).", req: obj(req("agent_id", nonEmpty())), resp: empty()}),

		c(op{action: "create_bot", summary: "Create a bot", desc: "Creates a bot; owner_client_id is required with a PAT.",
			req: botFields(req("name", nonEmpty()), opt("owner_client_id", str())), resp: obj(req("id", str()), opt("secret", str()))}),
		c(op{action: "get_bot", summary: "Get a bot", desc: "A bot's configuration.", req: obj(req("id", str()), fields), resp: bot}),
		c(op{action: "list_bots", summary: "List bots", desc: "The caller's bots, or all with all=true.",
			req: obj(opt("all", boolean()), fields), resp: arr(bot)}),
		c(op{action: "update_bot", summary: "Update a bot", desc: "Changes a bot.", req: botFields(req("id", str()), opt("name", str())), resp: empty()}),
		c(op{action: "delete_bot", summary: "Delete a bot", desc: "Deletes a bot.", req: idStr, resp: empty()}),
		c(op{action: "reset_bot_secret", summary: "Reset a bot's secret", desc: "A new secret for issue_bot_token.",
			req: obj(req("id", str()), opt("owner_client_id", str())), resp: obj(req("secret", str()))}),
		c(op{action: "batch_create_bots", summary: "Create bots (batch)", desc: "One create_bot per item.", req: bcbReq, resp: bcbResp}),
		c(op{action: "batch_update_bots", summary: "Update bots (batch)", desc: "One update_bot per item.", req: bubReq, resp: bubResp}),
		c(op{action: "batch_delete_bots", summary: "Delete bots (batch)", desc: "One delete_bot per item.", req: bidReq, resp: bidResp}),
		c(op{action: "create_bot_template", summary: "Create a bot template", desc: "A bot template of an application.",
			req:  botFields(req("name", nonEmpty()), req("owner_client_id", nonEmpty()), opt("affect_existing_installations", boolean())),
			resp: obj(req("id", str()), opt("secret", str()))}),
		c(op{action: "update_bot_template", summary: "Update a bot template", desc: "Changes a bot template.",
			req: botFields(req("id", str()), req("owner_client_id", nonEmpty()), opt("name", str()),
				opt("affect_existing_installations", boolean())), resp: empty()}),
		c(op{action: "delete_bot_template", summary: "Delete a bot template", desc: "Deletes a bot template.",
			req: obj(req("id", str()), req("owner_client_id", nonEmpty())), resp: empty()}),
		c(op{action: "list_bot_templates", summary: "List bot templates", desc: "Bot templates of an application.",
			req: owner, resp: arr(bot)}),
		c(op{action: "reset_bot_template_secret", summary: "Reset a bot template's secret", desc: "A new template secret.",
			req:  obj(req("id", str()), req("owner_client_id", nonEmpty()), opt("affect_existing_installations", boolean())),
			resp: obj(req("secret", str()))}),
		c(op{action: "issue_bot_token", summary: "Issue a bot token", desc: "A 24 h token for a bot, from its secret.",
			req: obj(req("bot_id", nonEmpty()), req("client_id", nonEmpty()), req("bot_secret", nonEmpty()),
				req("organization_id", nonEmpty())), resp: obj(req("token", str()))}),

		c(op{action: "create_group", summary: "Create a group", desc: "A group with at least one agent.",
			req:  obj(req("name", strMax(180)), opt("language_code", str()), req("agent_priorities", mapOf(priority))),
			resp: obj(req("id", integer()))}),
		c(op{action: "update_group", summary: "Update a group", desc: "Changes a group.",
			req:  obj(req("id", intMin(0)), opt("name", strMax(180)), opt("language_code", str()), opt("agent_priorities", mapOf(priority))),
			resp: empty()}),
		c(op{action: "delete_group", summary: "Delete a group", desc: "Deletes a group (not group 0).", req: idInt, resp: empty()}),
		c(op{action: "list_groups", summary: "List groups", desc: "Groups of the license.", req: obj(fields), resp: arr(group)}),
		c(op{action: "get_group", summary: "Get a group", desc: "One group.", req: obj(req("id", intMin(0)), fields), resp: group}),

		c(op{action: "create_tag", summary: "Create a tag", desc: "A tag (names are unique, case-insensitively).",
			req: obj(req("name", nonEmpty()), opt("group_ids", arr(integer()))), resp: empty()}),
		c(op{action: "update_tag", summary: "Update a tag", desc: "Changes a tag's groups.",
			req: obj(req("name", nonEmpty()), opt("group_ids", arr(integer()))), resp: empty()}),
		c(op{action: "delete_tag", summary: "Delete a tag", desc: "Deletes a tag.", req: obj(req("name", nonEmpty())), resp: empty()}),
		c(op{action: "list_tags", summary: "List tags", desc: "Tags, optionally of some groups.",
			req: obj(opt("filters", obj(opt("group_ids", arr(integer()))))), resp: arr(tag)}),

		c(op{action: "add_auto_access", summary: "Add an auto access rule", desc: "Routes matching visitors' chats to groups.",
			req: obj(req("access", obj(req("groups", arr(integer())))), req("conditions", conditions),
				opt("description", str()), opt("next_id", str())), resp: idResp}),
		c(op{action: "list_auto_accesses", summary: "List auto access rules", desc: "All rules, in order.", req: obj(), resp: arr(autoAccess)}),
		c(op{action: "update_auto_access", summary: "Update an auto access rule", desc: "Changes a rule.",
			req: obj(req("id", str()), opt("access", obj(req("groups", arr(integer())))), opt("conditions", conditions),
				opt("description", str()), opt("next_id", str())), resp: empty()}),
		c(op{action: "delete_auto_access", summary: "Delete an auto access rule", desc: "Deletes a rule.", req: idStr, resp: empty()}),

		c(op{action: "register_property", summary: "Register a property", desc: "Declares a property of an application.",
			req: obj(req("name", nonEmpty()), req("owner_client_id", nonEmpty()),
				req("type", enum("int", "string", "bool", "tokenized_string")), req("access", propAccess),
				opt("description", str()), opt("domain", arr(anyv())), opt("range", obj(req("from", integer()), req("to", integer()))),
				opt("default_value", anyv())), resp: empty()}),
		c(op{action: "unregister_property", summary: "Unregister a property", desc: "Removes an unpublished property.",
			req: obj(req("name", nonEmpty()), req("owner_client_id", nonEmpty())), resp: empty()}),
		c(op{action: "publish_property", summary: "Publish a property", desc: "Makes a property readable or writable by all.",
			req:  obj(req("name", nonEmpty()), req("owner_client_id", nonEmpty()), req("access_type", arr(enum("read", "write")))),
			resp: empty()}),
		c(op{action: "list_properties", summary: "List properties", desc: "Properties of an application.",
			req: owner, resp: mapOf(obj(opt("type", str()), opt("description", str()), opt("access", propAccess),
				opt("public_access", arr(str())), opt("domain", arr(anyv())), opt("range", object()), opt("default_value", anyv())))}),
		c(op{action: "update_license_properties", summary: "Update license properties", desc: "Sets license properties.",
			req: obj(req("properties", ref("Properties"))), resp: empty()}),
		c(op{action: "list_license_properties", summary: "List license properties", desc: "License properties, optionally of one namespace.",
			req: obj(opt("namespace", str()), opt("name_prefix", str())), resp: ref("Properties")}),
		c(op{action: "delete_license_properties", summary: "Delete license properties", desc: "Deletes license properties.",
			req: obj(req("properties", ref("PropertyNames"))), resp: empty()}),
		c(op{action: "update_group_properties", summary: "Update group properties", desc: "Sets a group's properties.",
			req: obj(req("group_id", intMin(0)), req("properties", ref("Properties"))), resp: empty()}),
		c(op{action: "list_groups_properties", summary: "List group properties", desc: "Properties of some groups (all when empty).",
			req:  obj(opt("group_ids", arr(integer())), opt("namespace", str()), opt("name_prefix", str())),
			resp: arr(obj(req("id", integer()), opt("properties", ref("Properties"))))}),
		c(op{action: "delete_group_properties", summary: "Delete group properties", desc: "Deletes a group's properties.",
			req: obj(req("id", intMin(0)), req("properties", ref("PropertyNames"))), resp: empty()}),

		c(op{action: "register_webhook", summary: "Register a webhook", desc: "Deliveries of one action to a URL (≤ 3 per action and client).",
			req: obj(req("action", nonEmpty()), req("secret_key", nonEmpty()), req("url", strMax(500)),
				opt("additional_data", arr(enum("chat_properties", "chat_presence_user_ids"))), opt("description", str()),
				opt("filters", webhookFilters), req("owner_client_id", nonEmpty()), req("type", enum("license", "bot"))),
			resp: idResp}),
		c(op{action: "list_webhooks", summary: "List webhooks", desc: "Webhooks of an application.", req: owner, resp: arr(webhook)}),
		c(op{action: "unregister_webhook", summary: "Unregister a webhook", desc: "Removes a webhook.",
			req: obj(req("id", nonEmpty()), req("owner_client_id", nonEmpty())), resp: empty()}),
		c(op{action: "list_webhook_names", summary: "List webhook names", desc: "The actions a webhook can be registered for.",
			req:  obj(opt("version", str())),
			resp: arr(obj(req("action", str()), opt("filters", arr(str())), opt("additional_data", arr(str()))))}),
		c(op{action: "enable_license_webhooks", summary: "Enable license webhooks", desc: "Turns an application's license webhooks on.",
			req: optOwner, resp: empty()}),
		c(op{action: "disable_license_webhooks", summary: "Disable license webhooks", desc: "Turns an application's license webhooks off.",
			req: optOwner, resp: empty()}),
		c(op{action: "get_license_webhooks_state", summary: "Get the license webhooks state", desc: "Whether license webhooks are on.",
			req: optOwner, resp: obj(req("license_webhooks_enabled", boolean()))}),

		c(op{action: "create_greeting", versions: only36, summary: "Create a greeting", desc: "A greeting shown to matching visitors (API 3.6).",
			req: obj(req("type", enum("normal", "announcement")), req("active", boolean()), opt("active_from", dateTime()), opt("active_until", dateTime()),
				req("name", nonEmpty()), req("group", intMin(0)), req("rules", arr(greetingRule)), opt("properties", mapOf(str())),
				opt("rich_message", greetingRich)), resp: obj(req("id", integer()))}),
		c(op{action: "update_greeting", versions: only36, summary: "Update a greeting", desc: "Changes a greeting (API 3.6).",
			req: obj(req("id", intMin(0)), opt("type", enum("normal", "announcement")), opt("active", boolean()), opt("active_from", dateTime()),
				opt("active_until", dateTime()), opt("name", str()), opt("rules", arr(greetingRule)), opt("properties", mapOf(str())),
				opt("rich_message", greetingRich)), resp: empty()}),
		c(op{action: "delete_greeting", versions: only36, summary: "Delete a greeting", desc: "Deletes a greeting (API 3.6).", req: idInt, resp: empty()}),
		c(op{action: "get_greeting", versions: only36, summary: "Get a greeting", desc: "One greeting (API 3.6).", req: idInt, resp: greeting}),
		c(op{action: "list_greetings", versions: only36, paged: "greetings", summary: "List greetings", desc: "Greetings, optionally of some groups (API 3.6).",
			req: obj(opt("groups", arr(integer())), opt("page_id", str()), opt("limit", intr(1, 100))),
			resp: obj(req("greetings", arr(greeting)), opt("found_greetings", integer()), opt("next_page_id", str()),
				opt("previous_page_id", str()))}),

		c(op{action: "list_customer_bans", versions: only36, summary: "List customer bans", desc: "Active bans (API 3.6).",
			req: obj(), resp: arr(obj(opt("ip", str()), opt("customer_id", str()), opt("agent_id", str()), opt("thread_id", str()),
				opt("created_at", dateTime()), opt("expires_at", dateTime())))}),
		c(op{action: "unban_customer", versions: only36, summary: "Unban a customer", desc: "Lifts a ban by IP or customer id (API 3.6).",
			req: oneOf(obj(req("ip", nonEmpty())), obj(req("customer_id", nonEmpty()))).With("type", "object"), resp: empty()}),
		c(op{action: "update_company_details", versions: only36, summary: "Update company details",
			desc: "The organization's company and invoice details (API 3.6).",
			req: obj(opt("enrich", boolean()), opt("audience", str()), opt("chat_purpose", str()), opt("city", str()),
				opt("company", str()), opt("company_size", str()), opt("country", str()), opt("invoice_email", str()),
				opt("invoice_name", str()), opt("nip", str()), opt("postal_code", str()), opt("state", str()),
				opt("street", str()), opt("phone", str()), opt("province", str()), opt("url", str())), resp: empty()}),
		c(op{action: "list_channels", summary: "List channels", desc: "Where chats come from.", req: obj(),
			resp: arr(obj(opt("channel_type", str()), opt("channel_subtype", str()), opt("first_activity_timestamp", dateTime())))}),
		c(op{action: "get_license_id", get: true, summary: "Get the license id", desc: "The license of an organization (GET with a query parameter).",
			req: obj(req("organization_id", nonEmpty())), resp: obj(req("license_id", integer()))}),
		c(op{action: "get_organization_id", get: true, summary: "Get the organization id", desc: "The organization of a license (GET with a query parameter).",
			req: obj(req("license_id", integer())), resp: obj(req("organization_id", str()))}),
		c(op{action: "check_product_limits_for_plan", summary: "Check product limits for a plan",
			desc: "Which resources exceed a plan's limits.", req: obj(req("plan", nonEmpty())),
			resp: arr(obj(opt("resource", str()), opt("limit_balance", integer()), opt("id", str())))}),
		c(op{action: "get_product_source", summary: "Get the product source", desc: "Where the license came from.",
			req: obj(), resp: obj(opt("source_id", str()), opt("source_type", str()), opt("source_url", str()))}),
	}
}
