package validate_test

import (
	"encoding/json"
	"testing"

	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/api/validate"
)

var sendEvent = []byte(`{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"Hello, how can I help you today?","visibility":"all","custom_id":"c-1"}}`)

var startChat = []byte(`{"chat":{"users":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer"}],"properties":{"routing":{"idle":false}},"thread":{"events":[{"type":"message","text":"hi"},{"type":"rich_message","template_id":"cards","elements":[{"title":"t","buttons":[{"text":"b","type":"message","value":"v","postback_id":"p"}]}]}]}},"active":true}`)

// BenchmarkRequest measures one request validation (JSON decode + schema
// walk, schemas compiled once). Baseline: decoding the same payload with
// encoding/json into a map, which any handler does anyway.
func BenchmarkRequest(b *testing.B) {
	v, err := validate.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, action string
		body         []byte
	}{{"send_event", "send_event", sendEvent}, {"start_chat", "start_chat", startChat}} {
		if err := v.Request("agent", "3.6", c.action, c.body); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name+"/validate", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := v.Request("agent", "3.6", c.action, c.body); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/baseline-json-decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var m map[string]any
				if err := json.Unmarshal(c.body, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNew measures building a Validator of the embedded document
// (decode + index; schemas are compiled on first use).
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := validate.New(api.JSON()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkV2Request measures one REST API v2 check (POST /tags with a
// form body, whose group is converted from text). Baseline: decoding the
// same members as JSON into a map.
func BenchmarkV2Request(b *testing.B) {
	v, err := validate.Default()
	if err != nil {
		b.Fatal(err)
	}
	form := map[string]any{"tag": "vip", "author": "a@b.c", "group": "0"}
	if err := v.V2Request("POST", "/tags", nil, form); err != nil {
		b.Fatal(err)
	}
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := v.V2Request("POST", "/tags", nil, form); err != nil {
				b.Fatal(err)
			}
		}
	})
	body := []byte(`{"tag":"vip","author":"a@b.c","group":"0"}`)
	b.Run("baseline-json-decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
