package state_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator/state"
	"github.com/livechat-go/livechat/emulator/store"
)

func load(t *testing.T, db *store.DB, src string, mode state.Mode) error {
	t.Helper()
	doc, err := state.Parse("doc.yaml", []byte(src))
	if err != nil {
		return err
	}
	tx, err := db.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := state.Load(context.Background(), tx, doc, mode, state.LoadOptions{Now: "2026-01-01T00:00:00.000000Z"}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// TestMergeUpdatesNamedColumnsOnly: a seed row whose key exists updates
// the columns it names and leaves the others; Replace empties the rest.
func TestMergeAndReplace(t *testing.T) {
	db, err := store.Open(context.Background(), store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := load(t, db, "tables:\n  groups:\n    - {id: 1, name: Sales, language_code: de}\n", state.Merge); err != nil {
		t.Fatal(err)
	}
	if err := load(t, db, "tables:\n  groups:\n    - {id: 1, name: Sales EU}\n    - {id: 2, name: Support}\n", state.Merge); err != nil {
		t.Fatal(err)
	}
	doc, err := state.Export(context.Background(), db.SQL())
	if err != nil {
		t.Fatal(err)
	}
	out := string(doc.Encode())
	if !strings.Contains(out, `{"id": 1, "name": "Sales EU", "language_code": "de"}`) || !strings.Contains(out, `{"id": 2, "name": "Support", "language_code": "en"}`) {
		t.Fatalf("merge:\n%s", out)
	}
	if err := load(t, db, "tables:\n  groups:\n    - {id: 3, name: Only}\n", state.Replace); err != nil {
		t.Fatal(err)
	}
	doc, _ = state.Export(context.Background(), db.SQL())
	if g := doc.Tables["groups"]; len(g) != 1 || string(g[0]["name"]) != `"Only"` {
		t.Fatalf("replace left %v", g)
	}
}

// TestEventsByThreadIDAndCounters: an event names its thread by id; the
// AUTOINCREMENT counters travel with the document.
func TestEventsByThreadIDAndCounters(t *testing.T) {
	db, err := store.Open(context.Background(), store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := `tables:
  chats: [{id: C1, last_thread_id: T1}]
  threads: [{seq: 5, id: T1, chat_id: C1, active: 1}]
  events:
    - {thread_id: T1, n: 1, id: T1_1, chat_id: C1, type: message, body: {id: T1_1, type: message, text: hi}}
  sqlite_sequence: [{name: chats, seq: 40}, {name: threads, seq: 50}]
`
	if err := load(t, db, src, state.Replace); err != nil {
		t.Fatal(err)
	}
	doc, _ := state.Export(context.Background(), db.SQL())
	ev := doc.Tables["events"]
	if len(ev) != 1 || string(ev[0]["thread_seq"]) != "5" || string(ev[0]["body"]) != `{"id":"T1_1","type":"message","text":"hi"}` {
		t.Fatalf("events: %v", ev)
	}
	if !bytes.Contains(doc.Encode(), []byte(`{"name": "threads", "seq": 50}`)) {
		t.Fatalf("counters:\n%s", doc.Encode())
	}
	err = load(t, db, "tables:\n  events:\n    - {thread_id: NOPE, n: 1, id: x, chat_id: C1, type: message, body: {}}\n", state.Merge)
	var se *state.Error
	if !errors.As(err, &se) || se.Line != 3 || !strings.Contains(err.Error(), `no thread "NOPE"`) {
		t.Fatalf("unknown thread: %v", err)
	}
}
