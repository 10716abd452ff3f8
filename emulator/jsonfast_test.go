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

// TestMarshalFieldsMatchesMarshal: an event body encodes to json.Marshal's
// bytes: keys sorted and escaped, values compacted and HTML-escaped
// (whitespace, <, >, &, U+2028, U+2029), nil as null; invalid JSON is an
// error, as it is for json.Marshal.
func TestMarshalFieldsMatchesMarshal(t *testing.T) {
	for _, f := range []map[string]json.RawMessage{
		{},
		{"text": rawStr("hi"), "type": rawStr("message"), "id": rawStr("T_1")},
		{"b": json.RawMessage(`{ "x" : [1, 2,  3] }`), "a": json.RawMessage(`"<b>&amp;</b>"`), "c": nil},
		{"z\u2028": json.RawMessage("\"line\u2028sep\u2029\""), "<k>": json.RawMessage(`{"k":"a > b"}`), "é": json.RawMessage("\n\t123\r ")},
		{"properties": json.RawMessage(`{"ns":{"p":"v w"}}`), "text": json.RawMessage(`"ünïcödé ✓ 😀"`)},
	} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalFields(f)
		if err != nil || string(got) != string(want) {
			t.Errorf("marshalFields(%v) = %s, %v; json.Marshal = %s", f, got, err, want)
		}
	}
	for _, bad := range []string{`{"a":`, `nope`, `"x" "y"`} {
		f := map[string]json.RawMessage{"x": json.RawMessage(bad)}
		if _, err := marshalFields(f); err == nil {
			t.Errorf("marshalFields accepted %s", bad)
		}
	}
}
