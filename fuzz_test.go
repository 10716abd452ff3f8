package livechat_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/livechat-go/livechat"
)

// FuzzDecodeEvent checks that any input either fails to decode or
// survives decode → encode → decode unchanged, and never panics.
func FuzzDecodeEvent(f *testing.F) {
	for _, s := range []string{
		`{"type":"message","text":"hi","id":"A_1","properties":{"ns":{"k":1}}}`,
		`{"type":"rich_message","template_id":"cards","elements":[{"title":"t","buttons":[{"text":"b","user_ids":[]}]}]}`,
		`{"type":"filled_form","fields":[{"type":"radio","id":"1","answer":{"id":2,"label":"x"}}]}`,
		`{"type":"zzz","x":[1,{"y":null}]}`,
		`{"type":"file","url":"u","width":0}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := livechat.DecodeEvent(data)
		if err != nil {
			return
		}
		b1, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("encode of a decoded event failed: %v", err)
		}
		ev2, err := livechat.DecodeEvent(b1)
		if err != nil {
			t.Fatalf("re-decode failed: %v\n%s", err, b1)
		}
		b2, _ := json.Marshal(ev2)
		var v1, v2 any
		json.Unmarshal(b1, &v1)
		json.Unmarshal(b2, &v2)
		if !reflect.DeepEqual(v1, v2) {
			t.Fatalf("not stable:\n%s\n%s", b1, b2)
		}
	})
}
