package emulator

import (
	"encoding/json"
	"testing"
)

// TestJSONAppendersMatchMarshal: the hand-written encoders of the
// send_event hot path give exactly json.Marshal's bytes, escapes included.
func TestJSONAppendersMatchMarshal(t *testing.T) {
	strs := []string{"", "ABC123_1", `quote " back \ slash`, "<script>&amp;</script>", "tab\there\nnl",
		"ünïcödé ✓ \u2028 \u2029", "\x01\x1f", "emoji 😀"}
	for _, s := range strs {
		want, _ := json.Marshal(s)
		if got := string(rawStr(s)); got != string(want) {
			t.Errorf("rawStr(%q) = %s, want %s", s, got, want)
		}
		body, _ := json.Marshal(map[string]json.RawMessage{"text": rawStr(s), "id": rawStr(s)})
		for _, v := range []jsonAppender{
			incomingEventPush{ChatID: s, Event: body, ThreadID: s + "x"},
			sentEvent{EventID: s},
		} {
			want, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := marshalPayload(v)
			if string(got) != string(want) {
				t.Errorf("%T: appendJSON = %s, json.Marshal = %s", v, got, want)
			}
		}
	}
}
