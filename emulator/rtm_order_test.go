package emulator_test

import (
	"encoding/json"
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

// The first frame that carries a request's request_id is its response: the
// pushes the request causes on the requester's own connection follow it.
func TestRTMResponseBeforeOwnPushes(t *testing.T) {
	srv := emulator.NewTest(t)
	c := dialRTM(t, srv, "3.6")
	c.ok("login", M{"token": "Bearer " + srv.Credentials().Owner.Token})

	firstWithID := func(rid string) frame {
		return c.next(func(f frame) bool { return f.RequestID == rid })
	}
	rid := c.send("start_chat", M{"chat": M{"thread": M{"events": []M{{"type": "message", "text": "hello"}}}}})
	f := firstWithID(rid)
	if f.Type != "response" || f.Success == nil || !*f.Success {
		t.Fatalf("first frame with request_id %s is a %s %s: %s", rid, f.Type, f.Action, f.Payload)
	}
	var started struct {
		ChatID string `json:"chat_id"`
	}
	json.Unmarshal(f.Payload, &started)
	if p := c.push("incoming_chat"); p.RequestID != rid {
		t.Errorf("incoming_chat push carries request_id %q, want %q", p.RequestID, rid)
	}
	for range 20 {
		rid := c.send("send_event", M{"chat_id": started.ChatID, "event": M{"type": "message", "text": "again"}})
		if f := firstWithID(rid); f.Type != "response" {
			t.Fatalf("send_event: a %s %s came before the response", f.Type, f.Action)
		}
		if p := c.push("incoming_event"); p.RequestID != rid {
			t.Fatalf("incoming_event push carries request_id %q, want %q", p.RequestID, rid)
		}
	}
}
