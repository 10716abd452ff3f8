package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
)

var idRe = regexp.MustCompile(`^[A-Z0-9]{10}$`)

func TestChatLifecycleWeb(t *testing.T) {
	for _, ver := range []livechat.APIVersion{livechat.V3_5, livechat.V3_6} {
		t.Run(string(ver), func(t *testing.T) {
			srv := emulator.NewTest(t)
			cr := srv.Credentials()
			online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
			owner := newWeb(t, srv, cr.Owner.Token, ver)
			cust := cr.Customers[0].ID
			r := do(t, owner, "start_chat", M{"chat": M{
				"properties": M{"test": M{"string_property": "x"}},
				"users":      []any{M{"id": cust, "type": "customer"}},
				"thread":     M{"events": []any{M{"type": "message", "text": "hello archive world", "custom_id": "c1"}}},
			}})
			chatID, threadID := str(r, "chat_id"), str(r, "thread_id")
			if !idRe.MatchString(chatID) || !idRe.MatchString(threadID) {
				t.Fatalf("ids %q %q", chatID, threadID)
			}
			if ids := r["event_ids"].([]any); len(ids) != 1 || ids[0] != threadID+"_1" {
				t.Fatalf("event_ids %v", ids)
			}
			ev := do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "second"}})
			if str(ev, "event_id") != threadID+"_2" {
				t.Fatalf("event id %v", ev)
			}
			// get_chat with its thread and events
			var chat livechat.Chat
			if err := owner.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
				t.Fatal(err)
			}
			if chat.Thread == nil || len(chat.Thread.Events) != 2 || !chat.Thread.Active || chat.Users.Customer() == nil {
				t.Fatalf("chat %+v", chat)
			}
			if m, ok := chat.Thread.Events[1].(*livechat.Message); !ok || m.Text != "second" || m.AuthorID != cr.Owner.ID {
				t.Fatalf("event %#v", chat.Thread.Events[1])
			}
			// properties on chat, thread, event
			do(t, owner, "update_chat_properties", M{"id": chatID, "properties": M{"ns": M{"a": 1}}})
			do(t, owner, "delete_chat_properties", M{"id": chatID, "properties": M{"test": []string{"string_property"}}})
			do(t, owner, "update_thread_properties", M{"chat_id": chatID, "thread_id": threadID, "properties": M{"ns": M{"t": true}}})
			do(t, owner, "delete_thread_properties", M{"chat_id": chatID, "thread_id": threadID, "properties": M{"ns": []string{"t"}}})
			do(t, owner, "update_event_properties", M{"chat_id": chatID, "thread_id": threadID, "event_id": threadID + "_1", "properties": M{"ns": M{"e": "v"}}})
			do(t, owner, "delete_event_properties", M{"chat_id": chatID, "thread_id": threadID, "event_id": threadID + "_1", "properties": M{"ns": []string{"e"}}})
			chat = livechat.Chat{}
			if err := owner.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
				t.Fatal(err)
			}
			if _, ok := chat.Properties["ns"]["a"]; !ok || chat.Properties["test"] != nil {
				t.Fatalf("chat properties %v", chat.Properties)
			}
			// tags: must exist
			do(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "sales"})
			wantErr(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "Sales"}, livechat.TypeNotFound, 404)
			// typing, seen, follow
			do(t, owner, "send_typing_indicator", M{"chat_id": chatID, "is_typing": true})
			do(t, owner, "mark_events_as_seen", M{"chat_id": chatID, "seen_up_to": "2030-01-01T00:00:00Z"})
			do(t, owner, "follow_chat", M{"id": chatID})
			// list_threads / list_chats / list_archives
			lt := do(t, owner, "list_threads", M{"chat_id": chatID})
			if lt["found_threads"].(float64) != 1 {
				t.Fatalf("list_threads %v", lt)
			}
			lc := do(t, owner, "list_chats", M{"limit": 100})
			if len(lc["chats_summary"].([]any)) == 0 {
				t.Fatalf("list_chats %v", lc)
			}
			la := do(t, owner, "list_archives", M{"filters": M{"query": "archive", "tags": M{"values": []string{"sales"}}}})
			if la["found_chats"].(float64) != 1 {
				t.Fatalf("list_archives %v", la)
			}
			// deactivate → chat_inactive → resume
			do(t, owner, "deactivate_chat", M{"id": chatID})
			wantErr(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "x"}}, livechat.TypeChatInactive, 400)
			wantErr(t, owner, "deactivate_chat", M{"id": chatID}, livechat.TypeChatInactive, 400)
			res := do(t, owner, "resume_chat", M{"chat": M{"id": chatID}})
			if str(res, "thread_id") == threadID || str(res, "thread_id") == "" {
				t.Fatalf("resume %v", res)
			}
			wantErr(t, owner, "resume_chat", M{"chat": M{"id": chatID}}, livechat.TypeValidation, 400)
			lt = do(t, owner, "list_threads", M{"chat_id": chatID, "sort_order": "asc"})
			ths := lt["threads"].([]any)
			if len(ths) != 2 || ths[0].(M)["active"] != false || ths[1].(M)["active"] != true {
				t.Fatalf("threads %v", lt)
			}
			// users
			do(t, owner, "add_user_to_chat", M{"chat_id": chatID, "user_id": cr.Agent.ID, "user_type": "agent", "visibility": "all"})
			wantErr(t, owner, "add_user_to_chat", M{"chat_id": chatID, "user_id": cr.Agent.ID, "user_type": "agent", "visibility": "all"}, livechat.TypeAlreadyExists, 409)
			do(t, owner, "remove_user_from_chat", M{"chat_id": chatID, "user_id": cr.Agent.ID, "user_type": "agent"})
			wantErr(t, owner, "remove_user_from_chat", M{"chat_id": chatID, "user_id": cust, "user_type": "customer"}, livechat.TypeValidation, 400)
			// transfer to agent, then the owner is no longer present
			do(t, owner, "transfer_chat", M{"id": chatID, "target": M{"type": "agent", "ids": []string{cr.Agent.ID}}})
			wantErr(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "x"}}, livechat.TypeMissingAccess, 403)
			do(t, owner, "unfollow_chat", M{"id": chatID})
			do(t, owner, "transfer_chat", M{"id": chatID, "target": M{"type": "group", "ids": []int{1}}, "ignore_requester_presence": true})
			wantErr(t, owner, "unfollow_chat", M{"id": chatID}, livechat.TypeValidation, 400)
			got := do(t, owner, "list_agents_for_transfer", M{"chat_id": chatID})
			_ = got
			// customers
			gc := do(t, owner, "get_customer", M{"id": cust})
			if gc["chat_ids"] == nil {
				t.Fatalf("get_customer %v", gc)
			}
			do(t, owner, "update_customer", M{"id": cust, "name": "Carla C."})
			wantErr(t, owner, "update_customer", M{"id": cust}, livechat.TypeValidation, 400)
			if ver == livechat.V3_5 {
				nc := do(t, owner, "create_customer", M{"name": "New", "email": "new@example.com"})
				if str(nc, "customer_id") == "" {
					t.Fatal(nc)
				}
				lcu := do(t, owner, "list_customers", M{"limit": 2})
				if lcu["total_customers"].(float64) < 4 || str(lcu, "next_page_id") == "" {
					t.Fatalf("list_customers %v", lcu)
				}
			} else {
				wantErr(t, owner, "create_customer", M{"name": "x"}, livechat.TypeValidation, 400)
				wantErr(t, owner, "list_customers", M{}, livechat.TypeValidation, 400)
			}
			// statuses, multicast, license
			do(t, owner, "set_routing_status", M{"status": "not_accepting_chats"})
			do(t, owner, "set_routing_status", M{"status": "accepting_chats"})
			rs := do(t, owner, "list_routing_statuses", M{})
			if !strings.Contains(string(rs["list"].(json.RawMessage)), cr.Owner.ID) {
				t.Fatalf("statuses %v", rs)
			}
			do(t, owner, "multicast", M{"recipients": M{"agents": M{"all": true}}, "content": M{"hello": 1}, "type": "x"})
			li := do(t, owner, "get_license_info", M{})
			if li["license_id"] == nil {
				t.Fatal(li)
			}
			do(t, owner, "ban_customer", M{"id": cr.Customers[2].ID, "ban": M{"days": 1}})
		})
	}
}

func TestRichMessagePostback(t *testing.T) {
	srv := emulator.NewTest(t)
	owner := newWeb(t, srv, srv.Credentials().Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, owner, "hi", nil)
	r := do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "rich_message", "template_id": "quick_replies",
		"elements": []any{M{"title": "Pick", "buttons": []any{M{"text": "Yes", "type": "message", "value": "yes", "postback_id": "pb1"}}}}}})
	do(t, owner, "send_rich_message_postback", M{"chat_id": chatID, "thread_id": threadID, "event_id": str(r, "event_id"), "postback": M{"id": "pb1", "toggled": true}})
	var chat livechat.Chat
	if err := owner.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
		t.Fatal(err)
	}
	rm := chat.Thread.Events[1].(*livechat.RichMessage)
	if got := rm.Elements[0].Buttons[0].UserIDs; len(got) != 1 || got[0] != srv.Credentials().Owner.ID {
		t.Fatalf("user_ids %v", got)
	}
	wantErr(t, owner, "send_rich_message_postback", M{"chat_id": chatID, "thread_id": threadID, "event_id": threadID + "_1", "postback": M{"id": "pb1", "toggled": true}}, livechat.TypeValidation, 400)
	do(t, owner, "send_thinking_indicator", M{"chat_id": chatID})
	do(t, owner, "send_event_preview", M{"chat_id": chatID, "event": M{"type": "message", "text": "typing…"}})
	// summaries are of archived threads with a customer (e2e_agent_test.go covers the rest)
	wantErr(t, owner, "request_thread_summary", M{"chat_id": chatID, "thread_id": threadID}, livechat.TypeValidation, 400)
}

func TestUploadFile(t *testing.T) {
	srv := emulator.NewTest(t)
	owner := newWeb(t, srv, srv.Credentials().Owner.Token, livechat.V3_6)
	var up struct{ URL string }
	if err := owner.Upload(ctxT(t), "upload_file", "hello.txt", strings.NewReader("hello file"), &up); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(up.URL, srv.URL()+"/files/") {
		t.Fatal(up.URL)
	}
	res, err := http.Get(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	res.Body.Close()
	if b.String() != "hello file" {
		t.Fatalf("file %q", b.String())
	}
	chatID, _ := startChat(t, owner, "hi", nil)
	do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "file", "url": up.URL}})
	wantErr(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "file", "url": "https://evil.example.com/x"}}, livechat.TypeValidation, 400)
	if err := owner.Upload(ctxT(t), "upload_file", "run.exe", strings.NewReader("MZ"), nil); err == nil {
		t.Fatal("executable accepted")
	}
}

func TestAuthAndScopes(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	bad := newWeb(t, srv, "dal:nope", livechat.V3_6)
	wantErr(t, bad, "list_chats", M{}, livechat.TypeAuthentication, 401)
	ro := newWeb(t, srv, cr.ReadOnly.Token, livechat.V3_6)
	do(t, ro, "list_chats", M{})
	wantErr(t, ro, "start_chat", M{}, livechat.TypeAuthorization, 403)
	agent := newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	wantErr(t, agent, "ban_customer", M{"id": cr.Customers[0].ID, "ban": M{"days": 1}}, livechat.TypeAuthorization, 403)
	wantErr(t, agent, "set_routing_status", M{"status": "accepting_chats", "agent_id": cr.Owner.ID}, livechat.TypeAuthorization, 403)
	// Group access: a chat in group 1 is invisible to the agent (group 0 only, chats--access).
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, owner, "secret", M{"access": M{"group_ids": []int{1}}})
	wantErr(t, agent, "get_chat", M{"chat_id": chatID}, livechat.TypeMissingAccess, 403)
	lc := do(t, agent, "list_chats", M{})
	if lc["found_chats"].(float64) != 0 {
		t.Fatalf("agent sees %v", lc)
	}
	// PAT (Basic) works.
	pat, err := newPAT(srv, cr.Owner.AccountID, cr.Owner.PAT)
	if err != nil {
		t.Fatal(err)
	}
	do(t, pat, "get_chat", M{"chat_id": chatID})
	badPat, _ := newPAT(srv, cr.Owner.AccountID, "wrong")
	wantErr(t, badPat, "get_chat", M{"chat_id": chatID}, livechat.TypeAuthentication, 401)
	// Customer tokens cannot use the Agent Chat API.
	cust := newWeb(t, srv, cr.Customers[0].Token, livechat.V3_6)
	wantErr(t, cust, "list_chats", M{}, livechat.TypeAuthorization, 403)
	// X-Author-Id is accepted on 3.5 only (tested through the raw handler).
	body := `{"chat":{"thread":{"events":[{"type":"message","text":"from bot"}]}}}`
	for ver, want := range map[string]int{"3.5": 200, "3.6": 400} {
		req, _ := http.NewRequest("POST", srv.URL()+"/v"+ver+"/agent/action/start_chat", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+cr.Owner.Token)
		req.Header.Set("X-Author-Id", cr.Bot.ID)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out M
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != want {
			t.Fatalf("X-Author-Id on %s: %d %v", ver, res.StatusCode, out)
		}
		if ver == "3.5" {
			var chat livechat.Chat
			owner.Call(ctxT(t), "get_chat", M{"chat_id": out["chat_id"]}, &chat)
			if a := chat.Thread.Events[0].Common().AuthorID; a != cr.Bot.ID {
				t.Fatalf("author %s", a)
			}
		}
	}
}

func TestRateLimit(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{RateLimit: 1, RateBurst: 2})
	tr := newWeb(t, srv, srv.Credentials().Owner.Token, livechat.V3_6)
	do(t, tr, "list_chats", M{})
	do(t, tr, "list_chats", M{})
	le := fail(t, tr, "list_chats", M{})
	if le.Type != livechat.TypeTooManyRequests || le.Status != 429 || le.RetryAfter < 1 {
		t.Fatalf("%+v", le)
	}
	// Another token has its own bucket.
	do(t, newWeb(t, srv, srv.Credentials().Agent.Token, livechat.V3_6), "list_chats", M{})
}

func TestPaging(t *testing.T) {
	srv := emulator.NewTest(t)
	owner := newWeb(t, srv, srv.Credentials().Owner.Token, livechat.V3_6)
	var ids []string
	for i := 0; i < 7; i++ {
		id, _ := startChat(t, owner, "m", M{"properties": M{"p": M{"n": i % 2}}})
		ids = append(ids, id)
	}
	seen := map[string]bool{}
	r := do(t, owner, "list_chats", M{"limit": 3})
	pages := 1
	for {
		for _, c := range r["chats_summary"].([]any) {
			seen[c.(M)["id"].(string)] = true
		}
		next := str(r, "next_page_id")
		if next == "" {
			break
		}
		r = do(t, owner, "list_chats", M{"page_id": next})
		pages++
		if str(r, "previous_page_id") == "" {
			t.Fatal("missing previous_page_id")
		}
	}
	if len(seen) != 7 || pages != 3 {
		t.Fatalf("seen %d chats in %d pages", len(seen), pages)
	}
	// back one page
	prev := do(t, owner, "list_chats", M{"page_id": str(r, "previous_page_id")})
	if len(prev["chats_summary"].([]any)) != 3 {
		t.Fatalf("prev %v", prev)
	}
	wantErr(t, owner, "list_chats", M{"page_id": str(r, "previous_page_id"), "limit": 2}, livechat.TypeValidation, 400)
	wantErr(t, owner, "list_chats", M{"page_id": "garbage"}, livechat.TypeValidation, 400)
	wantErr(t, owner, "list_chats", M{"limit": 101}, livechat.TypeValidation, 400)
	f := do(t, owner, "list_chats", M{"filters": M{"properties": M{"p": M{"n": M{"values": []int{1}}}}}})
	if f["found_chats"].(float64) != 3 {
		t.Fatalf("property filter %v", f["found_chats"])
	}
	asc := do(t, owner, "list_chats", M{"sort_order": "asc", "limit": 1})
	if asc["chats_summary"].([]any)[0].(M)["id"] != ids[0] {
		t.Fatal("asc order")
	}
}

func TestVersionRouting(t *testing.T) {
	srv := emulator.NewTest(t)
	tok := srv.Credentials().Owner.Token
	post := func(path string, hdr map[string]string) *http.Response {
		req, _ := http.NewRequestWithContext(context.Background(), "POST", srv.URL()+path, strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if r := post("/agent/action/list_chats", map[string]string{"X-API-Version": "3.5"}); r.StatusCode != 200 || r.Header.Get("Legacy") == "" {
		t.Fatalf("version-less: %d %v", r.StatusCode, r.Header)
	}
	if r := post("/v3.4/agent/action/list_chats", nil); r.StatusCode != 200 || r.Header.Get("Deprecation") == "" {
		t.Fatalf("3.4: %d", r.StatusCode)
	}
	if r := post("/v2.0/agent/action/list_chats", nil); r.StatusCode != 400 {
		t.Fatalf("unsupported: %d", r.StatusCode)
	}
	if r := post("/v3.6/agent/action/list_chats", map[string]string{"X-Region": "fra"}); r.StatusCode != 421 {
		t.Fatalf("misdirected: %d", r.StatusCode)
	}
	if r := post("/v3.5/agent/action/get_license_info", nil); r.StatusCode != 200 {
		t.Fatalf("license 3.5: %d", r.StatusCode)
	}
	if r := post("/v3.4/agent/action/get_license_info", nil); r.StatusCode != 400 {
		t.Fatalf("license 3.4: %d", r.StatusCode)
	}
}

func TestRoutingAndQueue(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	online(t, srv, cr.Owner.Token, cr.Agent.Token) // routing counts logged-in agents only
	ctx := ctxT(t)
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	agent := newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	// Only the agent accepts, with one slot.
	do(t, owner, "set_routing_status", M{"status": "not_accepting_chats"})
	do(t, owner, "set_routing_status", M{"status": "accepting_chats", "agent_id": cr.Agent.ID})
	// The owner can't lower max chats through the API yet; fill the agent's 6 slots.
	var first string
	for i := 0; i < 6; i++ {
		c, err := srv.StartCustomerChat(ctx, cr.Customers[i%2].Token, 0, "help")
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = c.ChatID
		}
	}
	var chat livechat.Chat
	if err := agent.Call(ctx, "get_chat", M{"chat_id": first}, &chat); err != nil {
		t.Fatal(err)
	}
	if len(chat.Users.Agents()) != 1 || chat.Users.Agents()[0].ID != cr.Agent.ID {
		t.Fatalf("not routed to the agent: %+v", chat.Users)
	}
	last := chat.Thread.Events[len(chat.Thread.Events)-1].(*livechat.SystemMessage)
	if last.SystemMessageType != "agent_joined" {
		t.Fatalf("system message %+v", last)
	}
	queued, err := srv.StartCustomerChat(ctx, cr.Customers[2].Token, 0, "anyone?")
	if err != nil {
		t.Fatal(err)
	}
	chat = livechat.Chat{}
	if err := owner.Call(ctx, "get_chat", M{"chat_id": queued.ChatID}, &chat); err != nil {
		t.Fatal(err)
	}
	if chat.Thread.Queue == nil || chat.Thread.Queue.Position != 1 || len(chat.Users.Agents()) != 0 {
		t.Fatalf("not queued: %+v", chat.Thread)
	}
	// Freeing a slot assigns the queued chat.
	do(t, agent, "deactivate_chat", M{"id": first})
	chat = livechat.Chat{}
	if err := owner.Call(ctx, "get_chat", M{"chat_id": queued.ChatID}, &chat); err != nil {
		t.Fatal(err)
	}
	if chat.Thread.Queue != nil || len(chat.Users.Agents()) != 1 {
		t.Fatalf("not dequeued: %+v", chat.Thread)
	}
	// Nobody accepting → groups_offline.
	do(t, owner, "set_routing_status", M{"status": "not_accepting_chats", "agent_id": cr.Agent.ID})
	if _, err := srv.StartCustomerChat(ctx, cr.Customers[0].Token, 0, "hello?"); err == nil || !strings.Contains(err.Error(), "groups_offline") {
		t.Fatalf("want groups_offline, got %v", err)
	}
	wantErr(t, owner, "transfer_chat", M{"id": queued.ChatID, "target": M{"type": "agent", "ids": []string{cr.Owner.ID}}, "ignore_requester_presence": true}, livechat.TypeAgentOffline, 400)
}
