package spec

import (
	"fmt"
	"strings"
)

// Legacy REST API v2 (protocol.md §6; docs src/pages/management/configuration-api/v2.0).

func q(name string, s Schema, desc string) param { return param{name: name, s: s, desc: desc} }

func restOps() []restOp {
	flag := intEnum(0, 1).D("0 or 1.")
	agentStatus := enum("accepting chats", "not accepting chats", "offline")
	permission := enum("owner", "administrator", "normal")
	notifications := mapOf(intEnum(0, 1))
	agent := obj(req("login", str()), opt("name", str()), opt("login_status", str()), opt("permission", str()),
		opt("daily_summary", integer()), opt("job_title", str()), opt("avatar", str()), opt("notifications", object()),
		opt("max_chats_count", integer()), opt("groups", arr(object())), opt("status", str()), opt("last_logout", anyv()),
		opt("api_key", str()))
	result := obj(req("result", str()))
	canned := obj(req("id", integer()), opt("group", integer()), opt("text", str()), opt("creation_date", integer()),
		opt("created_by", str()), opt("modification_date", integer()), opt("modified_by", str()), opt("tags", arr(str())))
	goalBody := obj(opt("name", str()), opt("type", enum("custom_variable", "url", "api", "sales_tracker")), opt("active", flag),
		opt("custom_variable_name", str()), opt("custom_variable_value", str()), opt("url", str()),
		opt("match_type", enum("substring", "exact")), opt("sales_tracker_id", str()), opt("value_type", str()),
		opt("value", str()), opt("currency", str()), opt("time_range", str()), opt("order_field_name", str()),
		opt("value_field_name", str()))
	goal := obj(req("id", integer()), opt("name", str()), opt("active", anyv()), opt("type", str()))
	rule := obj(req("type", str()), opt("id", integer()), opt("value", strOrInt()), opt("operator", str()), opt("condition", str()),
		opt("variable_name", str()), opt("variable_value", strOrInt()),
		opt("urls", arr(obj(req("url", str()), opt("operator", str())))))
	greeting := obj(req("id", integer()), opt("name", str()), opt("active", anyv()), opt("group", integer()),
		opt("rules", arr(rule)), opt("properties", object()))
	group := obj(req("id", integer()), opt("name", str()), opt("language", str()), opt("agents", arr(anyv())), opt("status", str()))
	groupBody := obj(opt("name", str()), opt("agents", arr(str())), opt("language", str()))
	tag := obj(req("name", str()), opt("author", str()), opt("creation_date", integer()), opt("count", object()), opt("group", integer()))
	ticket := obj(req("id", str()), opt("assignee", object()), opt("events", arr(object())), opt("status", str()),
		opt("subject", str()), opt("requester", object()), opt("tags", arr(str())), opt("date", str()))
	v2chat := obj(req("id", str()), opt("type", str()), opt("visitor", object()), opt("agents", arr(object())),
		opt("messages", arr(object())), opt("events", arr(object())), opt("tags", arr(str())), opt("group", arr(integer())),
		opt("started", str()), opt("ended", str()), opt("started_timestamp", integer()), opt("ended_timestamp", integer()))
	webhook := obj(req("id", str()), opt("event_type", str()), opt("data_types", arr(str())), opt("url", str()),
		opt("verified", boolean()), opt("token", str()), opt("licence", integer()))
	// Some answers wrap the object in a list, as the docs' samples do.
	ticketList := obj(req("tickets", arr(ticket)), opt("total", integer()), opt("pages", integer()))
	ticketAnswer := anyOf(ticket, ticketList)
	chatAnswer := anyOf(v2chat, obj(req("chats", arr(v2chat))))
	webhookAnswer := anyOf(webhook, obj(req("events", arr(webhook))))
	dateQ := []param{q("date_from", date(), "YYYY-MM-DD"), q("date_to", date(), "YYYY-MM-DD")}
	reportQ := append(dateQ[:2:2], q("timezone", str(), ""), q("group", integer(), ""), q("agent", str(), ""),
		q("group_by", enum("day", "hour", "month"), ""), q("tag[]", arr(str()), "Repeat for each tag."),
		q("goal", integer(), ""), q("greeting", integer(), ""), q("sales_tracker", flag, ""), q("currency", str(), ""))
	report := mapOf(anyv()).D("Figures keyed by period (e.g. \"2024-01-01\" or \"00:00\").")
	ops := []restOp{
		{method: "get", path: "/agents", action: "list_agents", summary: "List agents", desc: "Agents of the license.",
			query: []param{q("status", agentStatus, "")},
			resp:  arr(obj(req("login", str()), opt("name", str()), opt("permission", str()), opt("avatar", str()), opt("status", str())))},
		{method: "post", path: "/agents", action: "create_agent", summary: "Create an agent", desc: "Creates an agent.",
			body: obj(req("login", email()), req("name", nonEmpty()), opt("job_title", str()), opt("login_status", agentStatus),
				opt("password", Schema{"type": "string", "minLength": 5}), opt("permission", permission), opt("groups", arr(integer())),
				opt("notifications", notifications), opt("daily_summary", flag), opt("max_chats_count", intMin(0))),
			resp: agent},
		{method: "get", path: "/agents/{login}", action: "get_agent", summary: "Get an agent", desc: "One agent.", resp: agent},
		{method: "put", path: "/agents/{login}", action: "update_agent", summary: "Update an agent", desc: "Changes an agent.",
			body: obj(opt("job_title", str()), opt("name", str()), opt("login_status", agentStatus), opt("password", str()),
				opt("current_password", str()), opt("permission", permission), opt("status", agentStatus),
				opt("groups", arr(integer())), opt("notifications", notifications), opt("daily_summary", flag),
				opt("max_chats_count", intMin(0)), opt("work_scheduler", object())),
			resp: agent},
		{method: "delete", path: "/agents/{login}", action: "delete_agent", summary: "Delete an agent", desc: "Removes an agent.", resp: result},
		{method: "post", path: "/agents/{login}/reset_api_key", action: "reset_agent_api_key", summary: "Reset an agent's API key",
			desc: "A new API key (2017 docs).", resp: agent},
		{method: "get", path: "/chats", action: "list_chats", summary: "List archived chats", desc: "Archived chats, 25 a page.",
			query: append(dateQ[:2:2], q("timezone", str(), ""), q("page", intMin(1), "1-based"), q("visitor_id", str(), ""),
				q("query", str(), ""), q("agent", str(), ""), q("group", integer(), ""), q("goal", integer(), ""),
				q("has_goal", flag, ""), q("sale", integer(), ""), q("has_sale", flag, ""), q("queued", flag, ""),
				q("rate", enum("rated", "not_rated", "rated_good", "rated_bad", "rated_commented"), ""),
				q("include_pending", flag, ""), q("tag[]", arr(str()), ""), q("tagged", flag, ""), q("comment", flag, ""),
				q("city", str(), ""), q("region", str(), ""), q("country", str(), "")),
			resp:  obj(req("chats", arr(v2chat)), opt("total", integer()), opt("pages", integer())),
			paged: map[string]any{"items": "chats", "page": "page", "pages": "pages", "total": "total"}},
		{method: "get", path: "/chats/{id}", action: "get_chat", summary: "Get an archived chat", desc: "One chat.", resp: v2chat},
		{method: "put", path: "/chats/{id}/tags", action: "update_chat_tags", summary: "Set a chat's tags", desc: "Replaces the tags.",
			body: obj(req("tag", arr(str()))), resp: chatAnswer},
		{method: "post", path: "/chats/{id}/send_transcript", action: "send_chat_transcript", summary: "Send a transcript",
			desc: "E-mails the chat's transcript.", body: obj(req("to", email())), resp: result},
		{method: "get", path: "/canned_responses", action: "list_canned_responses", summary: "List canned responses",
			desc: "Canned responses of a group.", query: []param{q("group", intMin(0), "default 0")}, resp: arr(canned)},
		{method: "post", path: "/canned_responses", action: "create_canned_response", summary: "Create a canned response",
			desc: "A canned response.", body: obj(req("text", nonEmpty()), req("tags", arr(str())), opt("group", intMin(0))), resp: canned},
		{method: "get", path: "/canned_responses/{id}", action: "get_canned_response", summary: "Get a canned response", desc: "One canned response.", resp: canned},
		{method: "put", path: "/canned_responses/{id}", action: "update_canned_response", summary: "Update a canned response",
			desc: "Changes a canned response.", body: obj(opt("text", str()), opt("tags", arr(str()))), resp: canned},
		{method: "delete", path: "/canned_responses/{id}", action: "delete_canned_response", summary: "Delete a canned response", desc: "Removes it.", resp: result},
		{method: "get", path: "/goals", action: "list_goals", summary: "List goals", desc: "Goals of the license.",
			query: []param{q("type", enum("custom_variable", "url", "api", "sales_tracker"), "")}, resp: arr(goal)},
		{method: "post", path: "/goals", action: "create_goal", summary: "Create a goal", desc: "A goal.",
			body: goalBody.With("required", []string{"name", "type"}), resp: goal},
		{method: "get", path: "/goals/{id}", action: "get_goal", summary: "Get a goal", desc: "One goal with its type's fields.", resp: goal},
		{method: "put", path: "/goals/{id}", action: "update_goal", summary: "Update a goal", desc: "Changes a goal.", body: goalBody, resp: goal},
		{method: "delete", path: "/goals/{id}", action: "delete_goal", summary: "Delete a goal", desc: "Removes a goal.", resp: result},
		{method: "post", path: "/goals/{id}/mark_as_successful", action: "mark_goal_as_successful", summary: "Mark a goal as reached",
			desc: "Records a goal for a visitor.", body: obj(req("visitor_id", nonEmpty()), opt("order_id", str()),
				opt("order_description", str()), opt("order_price", str()), opt("order_currency", str())), resp: result},
		{method: "get", path: "/greetings", action: "list_greetings", summary: "List greetings", desc: "Greetings of a group.",
			query: []param{q("group", intMin(0), "")}, resp: arr(greeting)},
		{method: "post", path: "/greetings", action: "create_greeting", summary: "Create a greeting", desc: "A greeting.",
			body: obj(req("name", nonEmpty()), req("rules", arr(rule)), opt("group", intMin(0)), opt("active", flag),
				opt("subtype", str()), opt("properties", mapOf(str()))), resp: greeting},
		{method: "get", path: "/greetings/{id}", action: "get_greeting", summary: "Get a greeting", desc: "One greeting.", resp: greeting},
		{method: "put", path: "/greetings/{id}", action: "update_greeting", summary: "Update a greeting", desc: "Changes a greeting.",
			body: obj(opt("name", str()), opt("rules", arr(rule)), opt("active", flag), opt("properties", mapOf(str()))), resp: greeting},
		{method: "delete", path: "/greetings/{id}", action: "delete_greeting", summary: "Delete a greeting", desc: "Removes a greeting.", resp: result},
		{method: "get", path: "/groups", action: "list_groups", summary: "List groups", desc: "Groups of the license.", resp: arr(group)},
		{method: "post", path: "/groups", action: "create_group", summary: "Create a group", desc: "A group.",
			body: groupBody.With("required", []string{"name", "agents"}), resp: group},
		{method: "get", path: "/groups/{id}", action: "get_group", summary: "Get a group", desc: "One group.", resp: group},
		{method: "put", path: "/groups/{id}", action: "update_group", summary: "Update a group", desc: "Changes a group.", body: groupBody, resp: group},
		{method: "delete", path: "/groups/{id}", action: "delete_group", summary: "Delete a group", desc: "Removes a group.", resp: result},
		{method: "get", path: "/status", action: "get_status", summary: "Get the chat status", desc: "Whether a group (default 0) is online.",
			query: []param{q("group", intMin(0), "default 0")}, resp: obj(req("status", enum("online", "offline")))},
		{method: "get", path: "/status/{group}", action: "get_group_status", summary: "Get a group's chat status", desc: "Whether the group is online.",
			resp: obj(req("status", enum("online", "offline")))},
		{method: "get", path: "/tags", action: "list_tags", summary: "List tags", desc: "Tags of a group.",
			query: []param{q("group", intMin(0), "")}, resp: arr(tag)},
		{method: "post", path: "/tags", action: "create_tag", summary: "Create a tag", desc: "A tag.",
			body: obj(req("tag", nonEmpty()), req("author", nonEmpty()), req("group", intMin(0))), resp: tag},
		{method: "delete", path: "/tags/{tag}", action: "delete_tag", summary: "Delete a tag", desc: "Removes a tag of a group.",
			query: []param{q("group", intMin(0), "")}, body: obj(opt("tag", str()), opt("group", intMin(0))), resp: result},
		{method: "get", path: "/tickets", action: "list_tickets", summary: "List tickets", desc: "Tickets, 25 a page.",
			query: append(dateQ[:2:2], q("page", intMin(1), ""), q("assigned", flag, ""), q("order", enum("asc", "desc"), ""),
				q("status", enum("open", "pending", "solved", "spam"), ""), q("assignee", str(), ""), q("query", str(), ""),
				q("requester[mail]", str(), ""), q("group", integer(), ""), q("source", str(), ""), q("tag", str(), ""),
				q("tagged", flag, "")),
			resp:  obj(req("tickets", arr(ticket)), opt("total", integer()), opt("pages", integer())),
			paged: map[string]any{"items": "tickets", "page": "page", "pages": "pages", "total": "total"}},
		{method: "post", path: "/tickets", action: "create_ticket", summary: "Create a ticket", desc: "A ticket.",
			body: obj(req("message", nonEmpty()), req("requester", obj(req("mail", email()), opt("name", str()))),
				opt("assignee", obj(opt("id", str()))), opt("source", obj(opt("type", str()), opt("url", str()))),
				opt("subject", str()), opt("group", arr(integer()))), resp: ticketAnswer},
		{method: "get", path: "/tickets/{id}", action: "get_ticket", summary: "Get a ticket", desc: "One ticket.", resp: ticketAnswer},
		{method: "put", path: "/tickets/{id}/tags", action: "update_ticket_tags", summary: "Set a ticket's tags", desc: "Replaces the tags.",
			body: obj(req("tag", arr(str()))), resp: ticketAnswer},
		{method: "get", path: "/visitors", action: "list_visitors", summary: "List visitors", desc: "Visitors on the website now (count=1: only their number).",
			query: []param{q("state", str(), ""), q("group[]", arr(integer()), ""), q("count", flag, "")}, resp: anyv()},
		{method: "post", path: "/visitors/{id}/details", action: "add_visitor_details", summary: "Add visitor details",
			desc: "A data set shown to agents next to the visitor.",
			body: obj(req("license_id", integer()), req("token", nonEmpty()), req("id", nonEmpty()),
				req("fields", arr(obj(req("name", str()), req("value", str()), opt("url", str()))))), resp: result},
		{method: "get", path: "/webhooks", action: "list_webhooks", summary: "List webhooks", desc: "Registered v2 webhooks.",
			resp: anyOf(obj(req("events", arr(webhook))), arr(webhook))},
		{method: "post", path: "/webhooks", action: "create_webhook", summary: "Create a webhook", desc: "A v2 webhook.",
			body: obj(req("event_type", enum("chat_started", "chat_ended", "chat_changed", "visitor_queued", "ticket_created", "canned_response_changed")),
				req("data_types", arr(enum("chat", "visitor", "pre_chat_survey", "ticket", "canned_response"))), req("url", nonEmpty())),
			resp: webhookAnswer},
		{method: "delete", path: "/webhooks/{id}", action: "delete_webhook", summary: "Delete a webhook", desc: "Removes a webhook.", resp: result},
	}
	for _, r := range []struct{ path, action, summary string }{
		{"chats/total_chats", "get_total_chats_report", "Total chats"},
		{"chats/engagement", "get_engagement_report", "Chat engagement"},
		{"chats/not_replied_chats", "get_not_replied_chats_report", "Chats not replied to"},
		{"chats/ratings", "get_chat_ratings_report", "Chat ratings"},
		{"chats/ratings/ranking", "get_chat_ranking_report", "Chat ratings ranking"},
		{"chats/queued_visitors", "get_queued_visitors_report", "Queued visitors"},
		{"chats/queued_visitors/waiting_times", "get_queue_waiting_times_report", "Queue waiting times"},
		{"availability", "get_availability_report", "Availability"},
		{"chats/chatting_time", "get_chatting_time_report", "Chatting time"},
		{"chats/first_response_time", "get_chat_first_response_time_report", "Chat first response time"},
		{"chats/response_time", "get_chat_response_time_report", "Chat response time"},
		{"chats/agents_occupancy", "get_agents_occupancy_report", "Agents occupancy"},
		{"chats/goals", "get_goals_report", "Goals"},
		{"chats/greetings", "get_greetings_report", "Greetings"},
		{"tickets/new_tickets", "get_new_tickets_report", "New tickets"},
		{"tickets/first_response_time", "get_ticket_first_response_time_report", "Ticket first response time"},
		{"tickets/solved_tickets", "get_solved_tickets_report", "Solved tickets"},
		{"tickets/resolution_time", "get_ticket_resolution_time_report", "Ticket resolution time"},
		{"tickets/ticket_sources", "get_ticket_sources_report", "Ticket sources"},
		{"tickets/ratings", "get_ticket_ratings_report", "Ticket ratings"},
		{"tickets/ratings/ranking", "get_ticket_ranking_report", "Ticket ratings ranking"},
	} {
		query := reportQ
		if r.path == "chats/not_replied_chats" { // this report filters by groups[] and agents[]
			query = append(reportQ[:len(reportQ):len(reportQ)], q("groups[]", arr(integer()), ""), q("agents[]", arr(str()), ""))
		}
		if r.path == "chats/agents_occupancy" {
			query = append(reportQ[:len(reportQ):len(reportQ)], param{name: "weekday", req: true,
				s: enum("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")})
		}
		ops = append(ops, restOp{method: "get", path: "/reports/" + r.path, action: r.action,
			summary: r.summary + " report", desc: "Reports API v2: " + strings.ToLower(r.summary) + ".", query: query, resp: report})
	}
	return ops
}

func addRestOp(paths, schemas map[string]any, r restOp) error {
	item, _ := paths[r.path].(map[string]any)
	if item == nil {
		item = map[string]any{}
		paths[r.path] = item
	}
	if _, dup := item[r.method]; dup {
		return fmt.Errorf("spec: REST v2 %s %s listed twice", r.method, r.path)
	}
	params := []any{map[string]any{"$ref": "#/components/parameters/X-API-Version-2"}}
	for _, seg := range strings.Split(r.path, "/") {
		if strings.HasPrefix(seg, "{") {
			name := strings.Trim(seg, "{}")
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": str()})
		}
	}
	for _, p := range r.query {
		m := map[string]any{"name": p.name, "in": "query", "required": p.req, "schema": p.s}
		if p.desc != "" {
			m["description"] = p.desc
		}
		params = append(params, m)
	}
	respName := compName("restv2", r.action, "", "Response")
	schemas[respName] = r.resp
	operation := map[string]any{
		"operationId":           "restv2." + r.action,
		"tags":                  []any{"restv2"},
		"summary":               r.summary,
		"description":           r.desc,
		"security":              securityFor("restv2"),
		"parameters":            params,
		"x-livechat-api":        "restv2",
		"x-livechat-action":     r.action,
		"x-livechat-version":    "2",
		"x-livechat-transports": webOnlyT,
		"responses": map[string]any{
			"200":     map[string]any{"description": "Success.", "content": jsonContent(ref(respName))},
			"default": map[string]any{"$ref": "#/components/responses/V2Error"},
		},
	}
	if r.body != nil {
		reqName := compName("restv2", r.action, "", "Request")
		schemas[reqName] = r.body
		operation["requestBody"] = map[string]any{"required": r.method != "delete", "content": map[string]any{
			"application/json":                  map[string]any{"schema": ref(reqName)},
			"application/x-www-form-urlencoded": map[string]any{"schema": ref(reqName)},
		}}
	}
	if r.paged != nil {
		operation["x-livechat-pagination"] = r.paged
	}
	item[r.method] = operation
	return nil
}
