package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
)

func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, web, "persist me", M{"properties": M{"ns": M{"k": "v"}}})
	do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "second"}})
	do(t, web, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "vip"})
	do(t, web, "follow_chat", M{"id": chatID})
	do(t, web, "set_routing_status", M{"status": "not_accepting_chats"})
	do(t, web, "deactivate_chat", M{"id": chatID})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir})
	web2 := newWeb(t, srv2, cr.Owner.Token, livechat.V3_6)
	var chat livechat.Chat
	if err := web2.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
		t.Fatal(err)
	}
	if chat.Thread.ID != threadID || chat.Thread.Active || len(chat.Thread.Events) != 3 || !chat.IsFollowed ||
		chat.Properties["ns"]["k"] != "v" || len(chat.Thread.Tags) != 1 {
		t.Fatalf("after restart: %+v %+v", chat, chat.Thread)
	}
	// ids continue: the next event in a resumed thread, FTS still indexed.
	r := do(t, web2, "resume_chat", M{"chat": M{"id": chatID}})
	ev := do(t, web2, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "after"}})
	if str(ev, "event_id") != str(r, "thread_id")+"_1" {
		t.Fatal(ev)
	}
	la := do(t, web2, "list_archives", M{"filters": M{"query": "persist"}})
	if la["found_chats"].(float64) != 1 {
		t.Fatal(la)
	}
	st := do(t, web2, "list_routing_statuses", M{})
	if !strings.Contains(string(st["list"].(json.RawMessage)), `"agent_id":"owner@livechat.local","status":"not_accepting_chats"`) {
		t.Fatalf("%s", st["list"])
	}
}

// TestBadInput: malformed requests never produce a 500, always the envelope,
// and nothing is written.
func TestBadInput(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{MaxBodyBytes: 1 << 20})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, web, "x", nil)
	big := `{"chat_id":"` + chatID + `","event":{"type":"message","text":"` + strings.Repeat("a", 2<<20) + `"}}`
	cases := []struct {
		name, action, body string
		status             int
		typ                string
	}{
		{"bad json", "send_event", `{`, 400, "validation"},
		{"array", "send_event", `[]`, 400, "validation"},
		{"string", "send_event", `"x"`, 400, "validation"},
		{"unknown action", "no_such_action", `{}`, 400, "validation"},
		{"wrong type", "send_event", `{"chat_id":1,"event":{}}`, 400, "validation"},
		{"wrong nested type", "start_chat", `{"chat":{"users":"x"}}`, 400, "validation"},
		{"missing chat_id", "send_event", `{"event":{"type":"message","text":"x"}}`, 400, "validation"},
		{"missing event", "send_event", `{"chat_id":"` + chatID + `"}`, 400, "validation"},
		{"event without type", "send_event", `{"chat_id":"` + chatID + `","event":{"text":"x"}}`, 400, "validation"},
		{"unknown event type", "send_event", `{"chat_id":"` + chatID + `","event":{"type":"hologram"}}`, 400, "validation"},
		{"empty text", "send_event", `{"chat_id":"` + chatID + `","event":{"type":"message","text":""}}`, 400, "validation"},
		{"text too long", "send_event", `{"chat_id":"` + chatID + `","event":{"type":"message","text":"` + strings.Repeat("a", 17000) + `"}}`, 400, "validation"},
		{"bad visibility", "send_event", `{"chat_id":"` + chatID + `","event":{"type":"message","text":"x","visibility":"nobody"}}`, 400, "validation"},
		{"body over 1 MiB", "send_event", big, 413, "entity_too_large"},
		{"unknown chat", "get_chat", `{"chat_id":"ZZZZZZZZZZ"}`, 404, "not_found"},
		{"bad properties", "update_chat_properties", `{"id":"` + chatID + `","properties":{"ns":{"k":{"deep":1}}}}`, 400, "validation"},
		{"empty properties", "update_chat_properties", `{"id":"` + chatID + `","properties":{}}`, 400, "validation"},
		{"unknown group", "start_chat", `{"chat":{"access":{"group_ids":[99]}}}`, 404, "group_not_found"},
		{"bad initial event", "start_chat", `{"chat":{"thread":{"events":[{"type":"message"}]}}}`, 400, "validation"},
		{"foreign author", "start_chat", `{"chat":{"thread":{"events":[{"type":"message","text":"x","author_id":"someone@else"}]}}}`, 400, "validation"},
		{"bad seen_up_to", "mark_events_as_seen", `{"chat_id":"` + chatID + `","seen_up_to":"yesterday"}`, 400, "validation"},
		{"bad sort", "list_chats", `{"sort_order":"sideways"}`, 400, "validation"},
		{"bad limit type", "list_chats", `{"limit":"ten"}`, 400, "validation"},
		{"typing without flag", "send_typing_indicator", `{"chat_id":"` + chatID + `"}`, 400, "validation"},
		{"bad routing status", "set_routing_status", `{"status":"sleeping"}`, 400, "validation"},
		{"offline agent", "set_routing_status", `{"status":"offline"}`, 400, "validation"},
		{"update_customer not uuid4", "update_customer", `{"id":"nope","name":"x"}`, 400, "validation"},
		{"ban without days", "ban_customer", `{"id":"` + cr.Customers[0].ID + `"}`, 400, "validation"},
		{"multicast no recipients", "multicast", `{"content":1}`, 400, "validation"},
		{"thread_ids with others", "list_archives", `{"filters":{"thread_ids":["` + threadID + `"],"query":"x"}}`, 400, "validation"},
		{"property filter ambiguity", "list_chats", `{"filters":{"properties":{"a":{"b":{"exists":true,"values":[1]}}}}}`, 400, "validation"},
		{"transfer bad target", "transfer_chat", `{"id":"` + chatID + `","target":{"type":"planet","ids":["x"]}}`, 400, "validation"},
		{"fts syntax", "list_archives", `{"filters":{"query":"\" OR NEAR( *"}}`, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(context.Background(), "POST", srv.URL()+"/v3.6/agent/action/"+tc.action, strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer "+cr.Owner.Token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, b)
			}
			if tc.typ != "" {
				var env livechat.ErrorEnvelope
				if json.Unmarshal(b, &env) != nil || env.Error == nil || string(env.Error.Type) != tc.typ {
					t.Fatalf("body %s", b)
				}
			}
		})
	}
	// Nothing was written by the failures: the chat still has its one event.
	var chat livechat.Chat
	if err := web.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
		t.Fatal(err)
	}
	if len(chat.Thread.Events) != 1 || len(chat.Properties) != 0 {
		t.Fatalf("state changed: %d events, %v", len(chat.Thread.Events), chat.Properties)
	}
	lc := do(t, web, "list_chats", M{})
	if lc["found_chats"].(float64) != 1 {
		t.Fatalf("%v chats", lc["found_chats"])
	}
	// Other methods and paths.
	for _, p := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/v3.6/agent/action/list_chats", 405},
		{"POST", "/v3.6/nothing/here", 404},
		{"POST", "/v9.9/agent/action/list_chats", 400},
		{"GET", "/files/x/y/z", 404},
	} {
		req, _ := http.NewRequest(p.method, srv.URL()+p.path, strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+cr.Owner.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != p.status {
			t.Errorf("%s %s: %d, want %d", p.method, p.path, res.StatusCode, p.status)
		}
	}
}

// FuzzWebAction: no payload makes the dispatcher answer 5xx.
func FuzzWebAction(f *testing.F) {
	for _, s := range []string{`{}`, `{"chat_id":"A"}`, `{"chat":{"thread":{"events":[{"type":"message","text":"x"}]}}}`, `{"filters":{"query":"x"}}`, `[`, `null`} {
		f.Add("start_chat", s)
		f.Add("list_archives", s)
	}
	srv := emulator.NewTest(f)
	tok := srv.Credentials().Owner.Token
	f.Fuzz(func(t *testing.T, action, body string) {
		if strings.ContainsAny(action, "/?#% ") || action == "" {
			return
		}
		req, err := http.NewRequest("POST", srv.URL()+"/v3.6/agent/action/"+action, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Fatalf("%s %q → %d", action, body, res.StatusCode)
		}
	})
}
