package jsoncheck

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheck(t *testing.T) {
	deep := `{"event":{"type":"custom","content":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}}`
	cases := []struct{ in, path, problem string }{
		{`{"a":1,"b":[1,2,{"c":"ok"}],"d":"é\u00e9\ud83d\ude00"}`, "", ""},
		{`{"event":{"text":"bad` + "\xff" + `utf8"}}`, "event.text", "invalid UTF-8 in a string"},
		{`{"event":{"text":"x\udc00"}}`, "event.text", "lone UTF-16 surrogate in a string"},
		{`{"event":{"text":"x\ud800y"}}`, "event.text", "lone UTF-16 surrogate in a string"},
		{`{"a":[0,{"n":1e999}]}`, "a[1].n", "number 1e999 is out of range"},
		{`{"a":-1e999}`, "a", "number -1e999 is out of range"},
		{`{"a":1e-999}`, "", ""},
		{`{"a":` + strings.Repeat("9", 400) + `}`, "a", "out of range"},
		{deep, "event.content[0][0][0][0][0][0]…", "JSON nested deeper than 32 levels"},
		{`{"k` + "\xff" + `":1}`, "", "invalid UTF-8 in a key"},
	}
	for _, c := range cases {
		e := Check([]byte(c.in), 0)
		if c.problem == "" {
			if e != nil {
				t.Errorf("%s: unexpected %v", c.in, e)
			}
			continue
		}
		if e == nil || e.Path != c.path || !strings.Contains(e.Problem, c.problem) {
			t.Errorf("%.60q: got %#v, want path %q problem %q", c.in, e, c.path, c.problem)
		}
	}
	ok := `{"a":` + strings.Repeat("[", 31) + strings.Repeat("]", 31) + `}`
	if e := Check([]byte(ok), 0); e != nil {
		t.Errorf("32 levels refused: %v", e)
	}
}

// FuzzCheck: Check never panics, and a valid document it accepts is
// valid UTF-8 and decodes with encoding/json into any.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":"b"}`, `[1,2e3,-0.5]`, `{"x":"\ud83d\ude00"}`, `{"x":"\ud800"}`, `1e999`, "\"\xff\"", `[[[[[[[]]]]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e := Check(data, 8)
		if e != nil || !json.Valid(data) {
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("accepted invalid UTF-8: %q", data)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("accepted %q but it does not decode: %v", data, err)
		}
	})
}
