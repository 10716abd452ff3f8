package emulator

// Delivery of legacy REST API v2 webhooks (registered with POST /webhooks,
// protocol.md §6). They go through the v3 delivery engine (webhooks.go):
// the same webhook_deliveries rows, worker, retries, persistence and
// listing; a v2 delivery is stored with the action "v2:<event_type>" and
// listed with API "v2".
//
// Events and where they come from (docs: rest-api/_webhooks.md and
// build-integration/_webhooks.md of livechat-public-docs, the 2017 REST
// API; the event list of src/pages/management/configuration-api/v2.0):
//
//	chat_started             incoming_chat of a new thread that an agent serves
//	                         (start_chat, resume_chat, or a queued thread taken
//	                         by an agent); not for transfers
//	visitor_queued           incoming_chat of a new thread that waits in the queue
//	chat_ended               chat_deactivated of a thread that had an agent (a
//	                         visitor who leaves the queue ends no chat)
//	chat_changed             thread_tagged / thread_untagged (v3 tag_thread,
//	                         untag_thread, v2 PUT /chats/<id>/tags): "sent only
//	                         when the tag list for a particular chat was changed"
//	ticket_created           v2 POST /tickets
//	canned_response_changed  v2 POST, PUT and DELETE /canned_responses
//
// The body is {"event_type", "token", "license_id"} plus one member per
// data type the webhook was registered with: chat {id, started_timestamp,
// ended_timestamp (once ended), messages[{user_type, author_name,
// agent_id (agents), text, timestamp}], tags[]}, visitor {id, name,
// email, custom_variables[{key, value}]}, pre_chat_survey [{id, type,
// label, answer | answers[{label, chosen}]}] (empty when no pre-chat form
// was filled), ticket {assignee, events, groups[{id, name}], id,
// requester, status, subject, tags, source} and canned_response {group,
// id, modification_date, tags, text}. token is the webhook's token (as
// listed by GET /webhooks), license_id the license number as a string.
// The token is kept out of the listed envelope like a v3 secret_key.

import (
	"encoding/json"
	"slices"
	"time"
)

// v2ActionPrefix marks a v2 delivery in webhook_deliveries.action.
const v2ActionPrefix = "v2:"

// queueV2Webhooks queues the v2 webhooks of the pushes the action
// emitted (chat_started, visitor_queued, chat_ended, chat_changed). With
// no v2 webhook registered it costs one atomic load.
func (a *act) queueV2Webhooks() error {
	w := a.s.wh
	if w == nil || w.v2count.Load() == 0 || len(a.pushes) == 0 {
		return nil
	}
	type key struct{ event, chat string }
	seen := map[key]bool{}
	for i := range a.pushes {
		p := &a.pushes[i]
		var m map[string]any
		switch p.action {
		case "incoming_chat", "chat_deactivated", "thread_tagged", "thread_untagged":
			m = pushMap(p.payload)
		default:
			continue
		}
		var event, chatID, threadID string
		switch p.action {
		case "incoming_chat":
			if tf, _ := m["transferred_from"].(map[string]any); len(tf) > 0 {
				continue // a transfer starts no chat
			}
			c, _ := m["chat"].(map[string]any)
			th, _ := c["thread"].(map[string]any)
			chatID, _ = c["id"].(string)
			threadID, _ = th["id"].(string)
			t, err := a.thread(chatID, threadID)
			if err != nil || !t.active {
				continue
			}
			event = "chat_started"
			if t.queuedAt != "" {
				event = "visitor_queued"
			}
		case "chat_deactivated":
			chatID, _ = m["chat_id"].(string)
			threadID, _ = m["thread_id"].(string)
			t, err := a.thread(chatID, threadID)
			if err != nil {
				continue
			}
			if ok, err := a.v2HadAgent(t); err != nil {
				return err
			} else if !ok {
				continue
			}
			event = "chat_ended"
		default:
			chatID, _ = m["chat_id"].(string)
			event = "chat_changed"
		}
		k := key{event, chatID}
		if chatID == "" || seen[k] {
			continue // one webhook per chat and event, whatever the audience
		}
		seen[k] = true
		if err := a.queueV2(event, chatID, a.v2ChatData(chatID)); err != nil {
			return err
		}
	}
	return nil
}

// pushMap returns a push payload as a JSON object.
func pushMap(p any) map[string]any {
	if m, ok := p.(map[string]any); ok {
		return m
	}
	var m map[string]any
	if b, err := json.Marshal(p); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

// v2HadAgent reports whether an agent served thread t.
func (a *act) v2HadAgent(t *threadRow) (bool, error) {
	var n int
	err := a.queryRow(`SELECT COUNT(*) FROM agents WHERE id IN (SELECT value FROM json_each(?))`, mustJSON(nonNilStrs(t.userIDs))).Scan(&n)
	return n > 0, err
}

// v2DataFunc computes the value of one data type ("" when it does not apply).
type v2DataFunc func(dataType string) (any, error)

// queueV2 queues one delivery of event per v2 webhook registered for it,
// each with the data types it asked for (computed once per action).
func (a *act) queueV2(event, chatID string, data v2DataFunc) error {
	w := a.s.wh
	if w == nil || w.v2count.Load() == 0 {
		return nil
	}
	rows, err := a.query(`SELECT id, data_types, url, token FROM v2_webhooks WHERE event_type = ? ORDER BY created_at, id`, event)
	if err != nil {
		return err
	}
	type hook struct {
		id, url, token string
		types          []string
	}
	var hooks []hook
	for rows.Next() {
		var h hook
		var dt string
		if err := rows.Scan(&h.id, &dt, &h.url, &h.token); err != nil {
			rows.Close()
			return err
		}
		_ = json.Unmarshal([]byte(dt), &h.types)
		hooks = append(hooks, h)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if len(hooks) == 0 {
		return nil
	}
	lic := seedLicenseID
	_ = a.queryRow(`SELECT value FROM meta WHERE key = 'license_id'`).Scan(&lic)
	computed := map[string]any{}
	for _, h := range hooks {
		body := map[string]any{"event_type": event, "license_id": lic}
		for _, dt := range h.types {
			v, ok := computed[dt]
			if !ok {
				if v, err = data(dt); err != nil {
					return err
				}
				computed[dt] = v
			}
			if v != nil {
				body[dt] = v
			}
		}
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if err := a.exec(`INSERT INTO webhook_deliveries(webhook_id, action, url, secret_key, envelope, created_at, chat_id) VALUES (?,?,?,?,?,?,?)`,
			h.id, v2ActionPrefix+event, h.url, h.token, string(b), a.nowTS, chatID); err != nil {
			return err
		}
	}
	a.after = append(a.after, w.poke)
	return nil
}

// v2ChatData computes the data types of a chat event (chat, visitor,
// pre_chat_survey), loading the chat once.
func (a *act) v2ChatData(chatID string) v2DataFunc {
	var d *v2ChatData
	return func(dt string) (any, error) {
		if d == nil {
			c, err := a.chat(chatID)
			if err != nil {
				return nil, err
			}
			if d, err = a.v2LoadChat(c); err != nil {
				return nil, err
			}
			if d == nil {
				d = &v2ChatData{c: c}
			}
		}
		switch dt {
		case "chat":
			return a.v2HookChat(d), nil
		case "visitor":
			v, err := a.v2Visitor(d.customer)
			if err != nil {
				return nil, err
			}
			return map[string]any{"id": d.customer, "name": v.name, "email": v.email, "custom_variables": v.customVars}, nil
		case "pre_chat_survey":
			return v2PreChatSurvey(d), nil
		}
		return nil, nil
	}
}

// v2HookChat renders the chat data type: the chat's messages (whispers
// are supervisor messages) and tags, with start and, once ended, end times.
func (a *act) v2HookChat(d *v2ChatData) map[string]any {
	msgs := []map[string]any{}
	for _, m := range d.msgs {
		if m.typ != "message" {
			continue
		}
		e := map[string]any{"user_type": m.userType, "author_name": a.userName(m.author), "text": m.text, "timestamp": m.at.Unix()}
		if m.userType == "agent" || m.userType == "supervisor" {
			e["agent_id"] = m.author
		}
		msgs = append(msgs, e)
	}
	out := map[string]any{"id": d.c.id, "started_timestamp": d.started.Unix(), "messages": msgs, "tags": nonNilStrs(d.tags)}
	if len(d.threads) > 0 && !d.pending {
		out["ended_timestamp"] = d.ended.Unix()
	}
	return out
}

// v2PreChatSurvey maps the chat's filled pre-chat forms (filled_form
// events with form_type prechat) to the v2 survey: one entry per answered
// field; the chosen options of a multiple-answer field as answers.
func v2PreChatSurvey(d *v2ChatData) []map[string]any {
	out := []map[string]any{}
	for _, m := range d.msgs {
		if m.typ != "filled_form" {
			continue
		}
		var formType string
		_ = json.Unmarshal(m.body["form_type"], &formType)
		if formType != "" && formType != "prechat" {
			continue
		}
		var fields []struct {
			ID      string          `json:"id"`
			Type    string          `json:"type"`
			Label   string          `json:"label"`
			Answer  json.RawMessage `json:"answer"`
			Answers []struct {
				Label string `json:"label"`
			} `json:"answers"`
		}
		_ = json.Unmarshal(m.body["fields"], &fields)
		for _, f := range fields {
			e := map[string]any{"id": f.ID, "type": f.Type, "label": f.Label}
			switch {
			case f.Answers != nil:
				answers := []map[string]any{}
				for _, an := range f.Answers {
					answers = append(answers, map[string]any{"label": an.Label, "chosen": true})
				}
				e["answers"] = answers
			case len(f.Answer) > 0:
				var s string
				if json.Unmarshal(f.Answer, &s) == nil {
					e["answer"] = s
				} else {
					var an struct {
						Label string `json:"label"`
					}
					_ = json.Unmarshal(f.Answer, &an)
					e["answer"] = an.Label
				}
			default:
				continue // a header or an unanswered field
			}
			out = append(out, e)
		}
	}
	return out
}

// v2QueueTicketCreated queues ticket_created for a new ticket.
func (a *act) v2QueueTicketCreated(t *v2Ticket) error {
	return a.queueV2("ticket_created", "", func(dt string) (any, error) {
		if dt != "ticket" {
			return nil, nil
		}
		groups := []map[string]any{}
		for _, g := range t.Groups {
			var name string
			_ = a.queryRow(`SELECT name FROM groups WHERE id = ?`, g).Scan(&name)
			groups = append(groups, map[string]any{"id": g, "name": name})
		}
		events := []map[string]any{}
		for _, e := range t.Events {
			c := map[string]any{}
			for k, v := range e {
				c[k] = v
			}
			switch sec := e["date"].(type) { // an ISO date in the documented sample
			case int64:
				c["date"] = time.Unix(sec, 0).UTC().Format(time.RFC3339)
			case float64:
				c["date"] = time.Unix(int64(sec), 0).UTC().Format(time.RFC3339)
			}
			events = append(events, c)
		}
		src := map[string]any{"url": nil}
		for k, v := range t.Source {
			src[k] = v
		}
		out := map[string]any{"id": t.ID, "events": events, "groups": groups, "requester": t.Requester, "status": t.Status,
			"subject": t.Subject, "tags": nonNilStrs(t.Tags), "source": src}
		if t.Assignee != nil {
			out["assignee"] = t.Assignee
		}
		return out, nil
	})
}

// v2QueueCannedChanged queues canned_response_changed for a canned
// response as v2ScanCanned renders it (created, modified, or just deleted).
func (a *act) v2QueueCannedChanged(cr map[string]any) error {
	return a.queueV2("canned_response_changed", "", func(dt string) (any, error) {
		if dt != "canned_response" {
			return nil, nil
		}
		mod, ok := cr["modification_date"]
		if !ok {
			mod = cr["creation_date"]
		}
		return map[string]any{"id": cr["id"], "group": cr["group"], "text": cr["text"], "tags": cr["tags"],
			"modification_date": mod}, nil
	})
}

// v2Visit is a visitor as the v2 API shows it.
type v2Visit struct {
	name, email string
	customVars  []map[string]string // session fields as {key, value}
}

// v2Visitor reads a customer ("" gives an empty visitor).
func (a *act) v2Visitor(id string) (v2Visit, error) {
	v := v2Visit{customVars: []map[string]string{}}
	if id == "" {
		return v, nil
	}
	var sf string
	err := a.queryRow(`SELECT name, email, session_fields FROM customers WHERE id = ?`, id).Scan(&v.name, &v.email, &sf)
	if err != nil && !isNoRows(err) {
		return v, err
	}
	var fields []map[string]string
	_ = json.Unmarshal([]byte(sf), &fields)
	for _, f := range fields {
		keys := make([]string, 0, len(f))
		for k := range f {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v.customVars = append(v.customVars, map[string]string{"key": k, "value": f[k]})
		}
	}
	return v, nil
}
