package livechat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/fuzzcheck"
)

// deepSeed is a list of chats whose event is nested deeper than
// encoding/json decodes.
func deepSeed() []byte {
	n := livechat.MaxNesting + 3
	return []byte(`{"chats_summary":[{"id":"C","last_event_per_type":{"custom":{"event":{"type":"custom","id":"E","content":` +
		strings.Repeat("[", n) + strings.Repeat("]", n) + `}}}}],"users":[{"id":"u","type":"agent"}]}`)
}

var chatSeeds = []string{
	`{"id":"C","users":[{"id":"a","type":"agent","name":"A","present":true},{"id":"c","type":"customer","session_fields":[{"k":"v"}]}],"thread":{"id":"T","active":true,"events":[{"type":"message","text":"hi"},{"type":"message","text":5},{"type":"zzz"}]}}`,
	`{"id":"C","threads":[{"id":"T","events":[],"queue":{"position":0}}],"properties":{"ns":{"k":[1,{"a":null}]}},"access":{"group_ids":[0]}}`,
	`{"id":"C","last_event_per_type":{"message":{"thread_id":"T","event":{"type":"message","text":"x"}}},"last_thread_summary":{"id":"T","tags":[]}}`,
	`{"id":"C","users":[{"id":5,"type":"customer"},[1],null]}`,
	`{"id":"C","__livechat_undecodable__":{"members":["properties"]}}`,
}

// FuzzDecodeChat checks that any chat, chat summary or thread either fails
// to decode or decodes losslessly and stably, one bad event or user
// included, through the transports' lenient decoder.
func FuzzDecodeChat(f *testing.F) {
	for _, s := range chatSeeds {
		f.Add([]byte(s))
	}
	f.Add(deepSeed())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.Stable[livechat.Chat](t, data)
		fuzzcheck.Stable[livechat.ChatSummary](t, data)
		fuzzcheck.Stable[livechat.Thread](t, data)
	})
}

// FuzzDecodeUser checks user decoding (agents, customers, unknown types,
// malformed members) and the customer and profile models for lossless,
// stable decoding.
func FuzzDecodeUser(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","type":"agent","name":"A","email":"a@x","present":false,"avatar":""}`,
		`{"id":"c","type":"customer","name":"N","email":"e","last_visit":{"ip":"1.2.3.4","last_pages":[{"url":"u","title":"t"}],"geolocation":{"latitude":"1.5","longitude":2}},"statistics":{"chats_count":0},"session_fields":[{"a":"b"}]}`,
		`{"id":"x","type":"bot","anything":[1,2]}`,
		`{"id":5,"type":"customer"}`,
		`{"id":"a","type":"agent","name":{"x":1}}`,
		`{"id":"m","type":"agent","routing_status":"accepting_chats","permission":"owner"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if u := livechat.DecodeUserLenient(data); u != nil {
			if _, err := json.Marshal(u); err != nil && json.Valid(data) {
				t.Fatalf("lenient user does not encode: %v", err)
			}
		}
		fuzzcheck.Stable[livechat.Users](t, append(append([]byte("["), data...), ']'))
		fuzzcheck.Stable[livechat.Customer](t, data)
		fuzzcheck.Stable[livechat.Agent](t, data)
		fuzzcheck.Stable[livechat.MyProfile](t, data)
	})
}

// FuzzTrimDeep checks the lenient decoder's rewriting: it never panics,
// leaves data that encoding/json decodes unchanged, and what it returns
// is valid JSON.
func FuzzTrimDeep(f *testing.F) {
	for _, s := range chatSeeds {
		f.Add([]byte(s))
	}
	f.Add(deepSeed())
	f.Add([]byte(`{"events":[{"type":"x","a":"\"]}\\"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := livechat.TrimDeep(data)
		if err != nil {
			return
		}
		var v any
		if json.Unmarshal(data, &v) == nil && string(out) != string(data) {
			t.Fatalf("TrimDeep changed decodable input:\n%q\n%q", data, out)
		}
		if json.Valid(data) && !json.Valid(out) {
			t.Fatalf("TrimDeep output is not JSON: %q", out)
		}
		if string(out) != string(data) {
			if err := json.Unmarshal(out, &v); livechat.IsTooDeep(err) {
				t.Fatalf("TrimDeep output is still too deep")
			}
		}
	})
}
