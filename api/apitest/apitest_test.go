package apitest_test

import (
	"testing"

	"github.com/livechat-go/livechat/api/apitest"
	"github.com/livechat-go/livechat/api/validate"
)

// TestCheckRTM: RTM answers are held to the description: a success to the
// action's response schema, a failure to the error envelope; actions the
// description does not know pass.
func TestCheckRTM(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, action string
		success      bool
		payload      string
		wantErr      bool
	}{
		{"good answer", "send_event", true, `{"event_id":"QX1"}`, false},
		{"wrong type", "send_event", true, `{"event_id":5}`, true},
		{"missing member", "send_event", true, `{}`, true},
		{"good error", "send_event", false, `{"error":{"type":"validation","message":"m"}}`, false},
		{"bad error", "send_event", false, `{"error":"validation"}`, true},
		{"RTM-only login", "login", true, `"not an object"`, true},
		{"unknown action", "no_such_action", true, `5`, false},
	}
	for _, c := range cases {
		err := apitest.CheckRTM(v, "agent", "3.6", c.action, c.success, []byte(c.payload))
		if (err != nil) != c.wantErr {
			t.Errorf("%s: CheckRTM(%s, %s) = %v, want error %v", c.name, c.action, c.payload, err, c.wantErr)
		}
	}
}
