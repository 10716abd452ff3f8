package schema_test

import (
	"errors"
	"testing"

	"github.com/livechat-go/livechat/internal/schema"
)

const doc = `{"components":{"schemas":{
 "Event":{"oneOf":[{"$ref":"#/components/schemas/Message"},{"$ref":"#/components/schemas/File"}],
  "discriminator":{"propertyName":"type","mapping":{"message":"#/components/schemas/Message","file":"#/components/schemas/File"}}},
 "Message":{"type":"object","required":["type","text"],"properties":{"type":{"const":"message"},"text":{"type":"string","pattern":"^[a-z]+$"}}},
 "File":{"type":"object","required":["type","url"],"properties":{"type":{"const":"file"},"url":{"type":"string"}}},
 "Req":{"type":"object","required":["chat_id","event"],"properties":{"chat_id":{"type":"string"},"event":{"$ref":"#/components/schemas/Event"},
  "ids":{"type":"array","items":{"type":"integer"}}}}}}}`

func TestBundleCompileExplain(t *testing.T) {
	d, err := schema.Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	b := d.Bundle(map[string]any{"$ref": "#/components/schemas/Req"})
	defs, _ := b["$defs"].(map[string]any)
	for _, name := range []string{"Req", "Event", "Message", "File"} {
		if defs[name] == nil {
			t.Fatalf("$defs lacks %s: %v", name, defs)
		}
	}
	if _, ok := defs["Event"].(map[string]any)["oneOf"]; ok {
		t.Fatal("the discriminated oneOf was not rewritten into a dispatch")
	}
	s, err := schema.Compile("Req", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ body, pointer, dotted, reason string }{
		{`{"chat_id":"C","event":{"type":"message","text":"hi"}}`, "", "", ""},
		{`{"chat_id":"C","event":{"type":"file","url":"u"},"extra":1}`, "", "", ""},
		{`{"event":{"type":"message","text":"hi"}}`, "/chat_id", "chat_id", "is required"},
		{`{"chat_id":"C","event":{"type":"message"}}`, "/event/text", "event.text", "is required"},
		{`{"chat_id":"C","event":{"type":"file"}}`, "/event/url", "event.url", "is required"},
		{`{"chat_id":"C","event":{"type":"nope"}}`, "/event/type", "event.type", `must be one of "message", "file"`},
		{`{"chat_id":"C","event":{"type":"message","text":"SECRET"}}`, "/event/text", "event.text", "does not match the pattern ^[a-z]+$"},
		{`{"chat_id":5,"event":{"type":"file","url":"u"}}`, "/chat_id", "chat_id", "must be string, got number"},
		{`{"chat_id":"C","event":{"type":"file","url":"u"},"ids":[1,"x"]}`, "/ids/1", "ids[1]", "must be integer, got string"},
	} {
		err := s.ValidateJSON([]byte(c.body))
		if c.pointer == "" && c.reason == "" {
			if err != nil {
				t.Errorf("%s: %v", c.body, err)
			}
			continue
		}
		var se *schema.Error
		if !errors.As(err, &se) || se.Pointer() != c.pointer || se.Dotted() != c.dotted || se.Reason != c.reason {
			t.Errorf("%s: got %#v, want %s (%s) %q", c.body, err, c.pointer, c.dotted, c.reason)
		}
	}
	if err := s.ValidateJSON([]byte(`{`)); err == nil {
		t.Error("invalid JSON accepted")
	}
	if _, err := schema.Compile("bad", map[string]any{"type": "strin"}); err == nil {
		t.Error("a schema with an unknown type compiled")
	}
}
