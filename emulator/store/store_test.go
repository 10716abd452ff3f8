package store

import (
	"context"
	"testing"
)

func TestMigrationsIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		db, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.Version(ctx)
		if err != nil || v != len(migrations) {
			t.Fatalf("version %d, %v", v, err)
		}
		var mode string
		if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal mode %q %v", mode, err)
		}
		db.Close()
	}
	mem, err := Open(ctx, Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, err := mem.SQL().Exec(`INSERT INTO events_fts(text, thread_seq) VALUES ('fts5 works', 1)`); err != nil {
		t.Fatal(err)
	}
}

// TestMigrationsKeepData: migration 6 rebuilds events_fts without losing
// the texts indexed by older versions (and adds the deferred-write queues,
// which migration 10 drops again); migration 7 moves events into a rowid
// table keeping every row and the uniqueness of (thread_seq, n).
func TestMigrationsKeepData(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	all := migrations
	migrations = all[:5]
	db, err := Open(ctx, dir)
	migrations = all
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO events_fts(text, thread_seq) VALUES ('kept across the upgrade', 7), ('another text', 8)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`SELECT 1 FROM fts_queue`); err == nil {
		t.Fatal("fts_queue exists before migration 6")
	}
	for _, n := range []int{2, 1} {
		if _, err := db.SQL().Exec(`INSERT INTO events(thread_seq, n, id, chat_id, thread_id, created_at, type, body) VALUES (7, ?, 'T_' || ?, 'C', 'T', '2026-01-01T00:00:00.000000Z', 'message', '{"n":' || ? || '}')`, n, n, n); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Version(ctx); err != nil || v != len(migrations) {
		t.Fatalf("version %d, %v", v, err)
	}
	var seq int
	if err := db.SQL().QueryRow(`SELECT thread_seq FROM events_fts WHERE events_fts MATCH 'upgrade'`).Scan(&seq); err != nil || seq != 7 {
		t.Fatalf("old text after the rebuild: seq %d, %v", seq, err)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM events_fts`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d rows, %v", n, err)
	}
	if _, err := db.SQL().Exec(`SELECT 1 FROM fts_queue`); err == nil {
		t.Fatal("fts_queue still exists after migration 10")
	}
	var bodies string
	if err := db.SQL().QueryRow(`SELECT group_concat(body, ' ') FROM (SELECT body FROM events WHERE thread_seq = 7 ORDER BY n)`).Scan(&bodies); err != nil || bodies != `{"n":1} {"n":2}` {
		t.Fatalf("events after migration 7: %q, %v", bodies, err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO events(thread_seq, n, id, chat_id, thread_id, created_at, type, body) VALUES (7, 2, 'T_2', 'C', 'T', '', 'message', '{}')`); err == nil {
		t.Fatal("a second event (7, 2) was accepted")
	}
}

// TestMigrationAppliesRetiredQueues: a data directory of schema 9 (the
// deferred-write queues fts_queue and seen_queue, with rows still queued
// when its emulator stopped) opens with migration 10, which applies every
// queued row — the texts into events_fts, the latest seen_up_to per
// member into chat_users, never an earlier one — drops the queues and
// sets the watermark (DeferredSeqKey) to the last event.
func TestMigrationAppliesRetiredQueues(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	all := migrations
	migrations = all[:9]
	db, err := Open(ctx, dir)
	migrations = all
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO chats(id, created_at) VALUES ('C1', '2026-01-01T00:00:00.000000Z')`,
		`INSERT INTO chat_users(chat_id, user_id, user_type, seen_up_to) VALUES
			('C1', 'a@x', 'agent', '2026-01-01T00:00:01.000000Z'),
			('C1', 'b@x', 'agent', '2026-01-01T00:00:09.000000Z')`,
		`INSERT INTO events(thread_seq, n, id, chat_id, thread_id, created_at, type, author_id, body) VALUES
			(1, 1, 'T1_1', 'C1', 'T1', '2026-01-01T00:00:02.000000Z', 'message', 'a@x', '{"text":"hello"}'),
			(1, 2, 'T1_2', 'C1', 'T1', '2026-01-01T00:00:03.000000Z', 'message', 'a@x', '{"text":"olderqueued"}')`,
		`INSERT INTO events_fts(text, thread_seq) VALUES ('hello', 1)`,
		`INSERT INTO fts_queue(text, thread_seq) VALUES ('olderqueued', 1)`,
		`INSERT INTO seen_queue(chat_id, user_id, seen_up_to) VALUES
			('C1', 'a@x', '2026-01-01T00:00:02.000000Z'), ('C1', 'a@x', '2026-01-01T00:00:03.000000Z'),
			('C1', 'b@x', '2026-01-01T00:00:05.000000Z')`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	db, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Version(ctx); err != nil || v != len(migrations) || v < 10 {
		t.Fatalf("version %d, %v", v, err)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'olderqueued'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("queued text after the migration: %d rows, %v", n, err)
	}
	for user, want := range map[string]string{"a@x": "2026-01-01T00:00:03.000000Z", "b@x": "2026-01-01T00:00:09.000000Z"} {
		var got string
		if err := db.SQL().QueryRow(`SELECT seen_up_to FROM chat_users WHERE chat_id = 'C1' AND user_id = ?`, user).Scan(&got); err != nil || got != want {
			t.Errorf("seen_up_to of %s: %q, %v; want %s", user, got, err, want)
		}
	}
	for _, table := range []string{"fts_queue", "seen_queue"} {
		if _, err := db.SQL().Exec(`SELECT 1 FROM ` + table); err == nil {
			t.Errorf("%s still exists", table)
		}
	}
	var w, last int64
	if err := db.SQL().QueryRow(`SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?`, DeferredSeqKey).Scan(&w); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT MAX(seq) FROM events`).Scan(&last); err != nil || w != last || w == 0 {
		t.Fatalf("watermark %d, last event %d (%v)", w, last, err)
	}
}
