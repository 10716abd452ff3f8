package webapp

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
)

func TestCheckListen(t *testing.T) {
	for _, tc := range []struct {
		addr            string
		tls, insecure   bool
		wantErrContains string
	}{
		{"127.0.0.1:8081", false, false, ""},
		{"[::1]:0", false, false, ""},
		{"localhost:80", false, false, ""},
		{"0.0.0.0:8081", false, false, "not loopback"},
		{":8081", false, false, "not loopback"},
		{"192.168.1.5:8081", false, false, "not loopback"},
		{"0.0.0.0:8081", true, false, ""},
		{"0.0.0.0:8081", false, true, ""},
		{"no-port", false, false, "missing port"},
	} {
		err := CheckListen(tc.addr, tc.tls, tc.insecure)
		if (err == nil) != (tc.wantErrContains == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErrContains)) {
			t.Errorf("CheckListen(%q, tls=%v, insecure=%v) = %v, want %q", tc.addr, tc.tls, tc.insecure, err, tc.wantErrContains)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tc := range []struct {
		origin, site string
		want         bool
	}{{"", "", true}, {"http://app.test", "same-origin", true}, {"http://evil.test", "", false}, {"", "cross-site", false}, {"", "same-site", false}, {"null", "", false}} {
		r := httptest.NewRequest("POST", "http://app.test/x", nil)
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		if tc.site != "" {
			r.Header.Set("Sec-Fetch-Site", tc.site)
		}
		if got := SameOrigin(r); got != tc.want {
			t.Errorf("Origin %q Sec-Fetch-Site %q: %v, want %v", tc.origin, tc.site, got, tc.want)
		}
	}
}

func TestViewEventKinds(t *testing.T) {
	users := Users{"a@x": {ID: "a@x", Name: "Ann", Kind: "agent"}}
	raw := []byte(`[
	 {"id":"1","type":"message","text":"<b>hi</b>","author_id":"a@x"},
	 {"id":"2","type":"file","url":"https://cdn.example/f.pdf","name":"f.pdf","author_id":"c1"},
	 {"id":"3","type":"rich_message","template_id":"cards","elements":[{"title":"T","buttons":[{"text":"Yes"},{"text":"No"}]}]},
	 {"id":"4","type":"filled_form","form_id":"f","fields":[{"type":"name","id":"n","label":"Name","answer":"Bo"}]},
	 {"id":"5","type":"system_message","text":"closed","system_message_type":"x"},
	 {"id":"6","type":"brand_new_kind","whatever":1}]`)
	var evs livechat.Events
	if err := evs.UnmarshalJSON(raw); err != nil {
		t.Fatal(err)
	}
	v := ViewEvents(evs, users)
	if v[0].Text != "<b>hi</b>" || v[0].AuthorName != "Ann" || v[0].AuthorKind != "agent" {
		t.Errorf("message: %+v", v[0])
	}
	if v[1].URL != "https://cdn.example/f.pdf" || v[1].Name != "f.pdf" || v[1].AuthorName != "c1" {
		t.Errorf("file: %+v", v[1])
	}
	if len(v[2].Elements) != 1 || v[2].Elements[0].Title != "T" || strings.Join(v[2].Elements[0].Buttons, ",") != "Yes,No" {
		t.Errorf("rich message: %+v", v[2])
	}
	if len(v[3].Fields) != 1 || v[3].Fields[0] != (FieldView{Label: "Name", Answer: "Bo"}) {
		t.Errorf("form: %+v", v[3])
	}
	if v[4].AuthorKind != "system" || v[4].Text != "closed" {
		t.Errorf("system message: %+v", v[4])
	}
	if v[5].Type != "brand_new_kind" || !strings.Contains(string(v[5].Raw), "whatever") {
		t.Errorf("unknown event: %+v", v[5])
	}
}
