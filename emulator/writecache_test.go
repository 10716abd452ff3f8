package emulator_test

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

// TestSendEventCacheCoherence: send_event reads the chat through the
// writer's cache; every other action drops it, so membership, thread
// state and the full-text index seen by later actions stay those of the
// database, also when requests are pipelined into one batch.
func TestSendEventCacheCoherence(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	owner := dialRTM(t, srv, "3.6")
	owner.ok("login", M{"token": "Bearer " + cr.Owner.Token})
	var sc struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
	}
	if err := json.Unmarshal(owner.ok("start_chat", M{}), &sc); err != nil {
		t.Fatal(err)
	}
	msg := func(text string) M { return M{"chat_id": sc.ChatID, "event": M{"type": "message", "text": text}} }
	eventID := func(p json.RawMessage) string {
		var r struct {
			EventID string `json:"event_id"`
		}
		json.Unmarshal(p, &r)
		return r.EventID
	}

	// Pipelined sends (likely one batch) and a failing one in between.
	rids := []string{owner.send("send_event", msg("first")), owner.send("send_event", M{"chat_id": "NOSUCHCHAT", "event": M{"type": "message", "text": "x"}}),
		owner.send("send_event", msg("second")), owner.send("send_event", msg("third"))}
	got := map[string]frame{} // responses may come in any order
	for len(got) < len(rids) {
		f := owner.next(func(f frame) bool { return f.Type == "response" })
		got[f.RequestID] = f
	}
	var ids []string
	for i, rid := range rids {
		f := got[rid]
		if ok := f.Success != nil && *f.Success; ok != (i != 1) {
			t.Fatalf("send %d: success=%v %s", i, ok, f.Payload)
		}
		if i != 1 {
			ids = append(ids, eventID(f.Payload))
		}
	}
	sort.Strings(ids) // the three were not necessarily run in the order sent
	want := []string{sc.ThreadID + "_1", sc.ThreadID + "_2", sc.ThreadID + "_3"}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("event ids %v, want %v", ids, want)
		}
	}

	// A member added by another action receives the next event.
	ag, err := srv.CreateAgent(context.Background(), emulator.AgentSpec{ID: "cache-coherence@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	other := dialRTM(t, srv, "3.6")
	other.ok("login", M{"token": "Bearer " + ag.Token})
	owner.ok("add_user_to_chat", M{"chat_id": sc.ChatID, "user_id": ag.ID, "user_type": "agent", "visibility": "all"})
	owner.ok("send_event", msg("fourth"))
	other.next(func(f frame) bool {
		return f.Type == "push" && f.Action == "incoming_event" && jsonHas(f.Payload, "fourth")
	})

	// The full-text index holds the events (written after the savepoints).
	var la struct {
		Chats []json.RawMessage `json:"chats"`
	}
	if err := json.Unmarshal(owner.ok("list_archives", M{"filters": M{"query": "third"}}), &la); err != nil || len(la.Chats) != 1 {
		t.Fatalf("list_archives query: %v %d", err, len(la.Chats))
	}

	// A thread closed by another action is seen as closed.
	owner.ok("deactivate_chat", M{"id": sc.ChatID})
	f := owner.call("send_event", msg("after close"))
	if f.Success == nil || *f.Success || !jsonHas(f.Payload, "chat_inactive") {
		t.Fatalf("send_event to an inactive chat: %s", f.Payload)
	}
}

func jsonHas(b json.RawMessage, s string) bool { return strings.Contains(string(b), s) }
