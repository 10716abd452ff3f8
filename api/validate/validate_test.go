package validate_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/api/validate"
)

func TestRequest(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, api, ver, action, body string
		path                         string // "" = valid
	}{
		{"ok", "agent", "3.6", "send_event", `{"chat_id":"C","event":{"type":"message","text":"hi"}}`, ""},
		{"unknown members allowed", "agent", "3.6", "send_event", `{"chat_id":"C","x":1,"event":{"type":"message","text":"hi","y":2}}`, ""},
		{"missing chat_id", "agent", "3.6", "send_event", `{"event":{"type":"message","text":"hi"}}`, "/chat_id"},
		{"message without text", "agent", "3.6", "send_event", `{"chat_id":"C","event":{"type":"message"}}`, "/event/text"},
		{"file without url", "agent", "3.5", "send_event", `{"chat_id":"C","event":{"type":"file"}}`, "/event/url"},
		{"unknown event type", "agent", "3.6", "send_event", `{"chat_id":"C","event":{"type":"nope"}}`, "/event/type"},
		{"wrong type", "agent", "3.6", "list_chats", `{"limit":"ten"}`, "/limit"},
		{"limit too big", "agent", "3.6", "list_chats", `{"limit":1000}`, "/limit"},
		{"3.6 active filter", "agent", "3.6", "list_chats", `{"filters":{"active":true}}`, ""},
		{"bad enum", "agent", "3.6", "set_routing_status", `{"status":"busy"}`, "/status"},
		{"rtm-only login", "agent", "3.6", "login", `{}`, "/token"},
		{"customer GET action", "customer", "3.6", "get_localization", `{"group_id":0,"language":"en"}`, "/version"},
		{"config", "configuration", "3.6", "create_group", `{"name":"x","agent_priorities":{"a@b.c":"urgent"}}`, "/agent_priorities/a@b.c"},
		{"not JSON", "agent", "3.6", "send_event", `{`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := v.Request(c.api, c.ver, c.action, []byte(c.body))
			if c.name == "not JSON" {
				if err == nil {
					t.Fatal("accepted invalid JSON")
				}
				return
			}
			if c.path == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			var ve *validate.Error
			if !errors.As(err, &ve) || ve.Path != c.path {
				t.Fatalf("got %v, want an error at %s", err, c.path)
			}
		})
	}
	if err := v.Request("agent", "3.6", "no_such_action", []byte(`{}`)); !errors.Is(err, validate.ErrNoOperation) {
		t.Fatalf("unknown action: %v", err)
	}
	if err := v.Request("agent", "3.6", "list_customers", []byte(`{}`)); !errors.Is(err, validate.ErrNoOperation) {
		t.Fatalf("list_customers was removed in 3.6: %v", err)
	}
}

func TestResponseAndSchema(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Response("agent", "3.6", "send_event", []byte(`{"event_id":"E_1"}`)); err != nil {
		t.Fatal(err)
	}
	if err := v.Response("agent", "3.6", "send_event", []byte(`{}`)); err == nil {
		t.Fatal("a send_event answer without event_id was accepted")
	}
	if err := v.Schema("push.incoming_event", []byte(`{"chat_id":"C","thread_id":"T","event":{"type":"custom"}}`)); err != nil {
		t.Fatal(err)
	}
	if err := v.Schema("Error", []byte(`{"error":{"type":"bogus","message":"m"}}`)); err == nil {
		t.Fatal("an unknown error type was accepted")
	}
	if err := v.OperationRequest("restv2.create_tag", []byte(`{"tag":"x","author":"a@b.c"}`)); err == nil {
		t.Fatal("REST v2 create_tag without group was accepted")
	}
}

// TestEveryComponentSchemaCompiles compiles every component schema of the
// description; the compiler checks each against the JSON Schema 2020-12
// meta-schema (a schema with a misspelt type or a non-array required
// fails here).
func TestEveryComponentSchemaCompiles(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Components.Schemas) < 100 {
		t.Fatalf("only %d component schemas", len(doc.Components.Schemas))
	}
	for name := range doc.Components.Schemas {
		err := v.Schema(name, []byte(`null`))
		var ve *validate.Error
		if err != nil && !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestV2Request checks REST API v2 requests: query values and form fields
// are text read as their schemas' types, PHP-style names nested; the
// caller's maps are not modified.
func TestV2Request(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	type M = map[string]any
	cases := []struct {
		name, method, path string
		query, body        M
		in, at             string // "" = valid
	}{
		{"query ints", "GET", "/chats", M{"page": "2", "has_goal": "1", "group": "3"}, nil, "", ""},
		{"query array from one value", "GET", "/chats", M{"tag": "vip"}, nil, "", ""},
		{"query bad int", "GET", "/chats", M{"page": "two"}, nil, "query", "/page"},
		{"query enum", "GET", "/chats", M{"has_goal": "2"}, nil, "query", "/has_goal"},
		{"nested query name", "GET", "/tickets", M{"requester": M{"mail": []any{"a", "b"}}}, nil, "query", "/requester/mail"},
		{"JSON body", "POST", "/tags", nil, M{"tag": "t", "author": "a@b.c", "group": json.Number("0")}, "", ""},
		{"form body", "POST", "/tags", nil, M{"tag": "t", "author": "a@b.c", "group": "0"}, "", ""},
		{"body missing member", "POST", "/tags", nil, M{"tag": "t", "author": "a@b.c"}, "body", "/group"},
		{"no body", "POST", "/groups", nil, nil, "body", "/name"},
		{"path template", "PUT", "/chats/C1/tags", nil, M{"tag": []any{"a"}}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := json.Marshal([]any{c.query, c.body})
			err := v.V2Request(c.method, c.path, c.query, c.body)
			after, _ := json.Marshal([]any{c.query, c.body})
			if string(before) != string(after) {
				t.Fatalf("the request was modified: %s → %s", before, after)
			}
			if c.at == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			var ve *validate.Error
			if !errors.As(err, &ve) || ve.In != c.in || ve.Path != c.at {
				t.Fatalf("got %v, want an error in %s at %s", err, c.in, c.at)
			}
		})
	}
	if err := v.V2Request("GET", "/no_such_resource", nil, nil); !errors.Is(err, validate.ErrNoOperation) {
		t.Fatalf("unknown resource: %v", err)
	}
}
