package emulator_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// dbValue reads one value from the emulator's database through a second,
// read-only connection.
func dbValue[T any](t *testing.T, dir, query string, args ...any) T {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v T
	if err := db.QueryRow(query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

// ftsCounts tells how many texts wait in fts_queue and how many indexed
// rows match word.
func ftsCounts(t *testing.T, dir, word string) (queued, indexed int) {
	t.Helper()
	return dbValue[int](t, dir, `SELECT COUNT(*) FROM fts_queue`),
		dbValue[int](t, dir, `SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH ?`, word)
}

// TestFullTextQueue: event texts wait in fts_queue (durably, in their
// event's transaction) and move into the index in chunks or before any
// action that may search; a search always finds every committed event,
// also after a restart with texts still queued.
func TestFullTextQueue(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, web, "opening line", nil) // its own text is queued too
	for i := range 3 {
		do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": fmt.Sprintf("zebraquux %d", i)}})
	}
	if q, n := ftsCounts(t, dir, "zebraquux"); q != 4 || n != 0 {
		t.Fatalf("after start_chat and 3 send_event: %d queued, %d indexed; want 4, 0", q, n)
	}
	la := do(t, web, "list_archives", M{"filters": M{"query": "zebraquux"}})
	if la["found_chats"].(float64) != 1 {
		t.Fatalf("search with queued texts: %v", la)
	}
	if q, n := ftsCounts(t, dir, "zebraquux"); q != 0 || n != 3 {
		t.Fatalf("after the search: %d queued, %d indexed; want 0, 3", q, n)
	}

	// A long run of send_event alone moves the queue in chunks.
	const sends = 300
	for i := range sends {
		do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": fmt.Sprintf("walrusword %d", i)}})
	}
	q, n := ftsCounts(t, dir, "walrusword")
	if q+n != sends || n == 0 || q >= 256 {
		t.Fatalf("after %d send_event: %d queued, %d indexed", sends, q, n)
	}

	// Queued texts survive a restart and are found by the next search.
	do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "yakzorp"}})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if q, n := ftsCounts(t, dir, "yakzorp"); q == 0 || n != 0 {
		t.Fatalf("before restart: %d queued, %d indexed", q, n)
	}
	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir})
	web2 := newWeb(t, srv2, cr.Owner.Token, livechat.V3_6)
	for _, w := range []string{"yakzorp", "walrusword", "zebraquux"} {
		if la := do(t, web2, "list_archives", M{"filters": M{"query": w}}); la["found_chats"].(float64) != 1 {
			t.Fatalf("%s after restart: %v", w, la)
		}
	}
	if q, n := ftsCounts(t, dir, "walrusword"); q != 0 || n != sends {
		t.Fatalf("after restart and search: %d queued, %d indexed", q, n)
	}
	// Event ids continue in the same thread: the count is read back from
	// the events (threads.event_seq is not rewritten per event).
	ev := do(t, web2, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "next"}})
	if want := fmt.Sprintf("%s_%d", threadID, 1+3+sends+1+1); str(ev, "event_id") != want {
		t.Fatalf("event id after restart %v, want %s", ev["event_id"], want)
	}
}

// TestSeenQueue: send_event moves its author's events_seen_up_to through
// seen_queue; every other action, and a restart, sees the move.
func TestSeenQueue(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, web, "hello", nil)
	owner := "owner@livechat.local"
	seenOf := func(chat *livechat.Chat) string {
		for _, u := range chat.Users {
			if a, ok := u.(*livechat.Agent); ok && a.ID == owner {
				return string(a.EventsSeenUpTo)
			}
		}
		t.Fatalf("no %s in %+v", owner, chat.Users)
		return ""
	}
	stored := func() string {
		return dbValue[string](t, dir, `SELECT seen_up_to FROM chat_users WHERE chat_id = ? AND user_id = ?`, chatID, owner)
	}
	before := stored()
	var last string
	for i := range 3 {
		ev := do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": fmt.Sprint("m", i)}})
		last = str(ev, "event_id")
	}
	if got := stored(); got != before {
		t.Fatalf("chat_users.seen_up_to moved in place: %s -> %s", before, got)
	}
	if n := dbValue[int](t, dir, `SELECT COUNT(*) FROM seen_queue WHERE chat_id = ?`, chatID); n != 3 {
		t.Fatalf("seen_queue holds %d rows, want 3", n)
	}
	var chat livechat.Chat
	if err := web.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
		t.Fatal(err)
	}
	var lastAt string
	for _, e := range chat.Thread.Events {
		if m, ok := e.(*livechat.Message); ok && m.ID == last {
			lastAt = string(m.CreatedAt)
		}
	}
	if lastAt == "" || seenOf(&chat) != lastAt {
		t.Fatalf("events_seen_up_to %s, want the last event's created_at %s", seenOf(&chat), lastAt)
	}
	if n := dbValue[int](t, dir, `SELECT COUNT(*) FROM seen_queue`); n != 0 || stored() != lastAt {
		t.Fatalf("after get_chat: %d queued, stored %s", n, stored())
	}

	// Queued moves survive a restart.
	ev := do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "queued at close"}})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir})
	web2 := newWeb(t, srv2, cr.Owner.Token, livechat.V3_6)
	var chat2 livechat.Chat
	if err := web2.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat2); err != nil {
		t.Fatal(err)
	}
	lastAt = ""
	for _, e := range chat2.Thread.Events {
		if m, ok := e.(*livechat.Message); ok && m.ID == str(ev, "event_id") {
			lastAt = string(m.CreatedAt)
		}
	}
	if lastAt == "" || seenOf(&chat2) != lastAt {
		t.Fatalf("after restart: events_seen_up_to %s, want %s", seenOf(&chat2), lastAt)
	}
}
