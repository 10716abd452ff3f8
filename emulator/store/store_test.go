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
// the texts indexed by older versions and adds the deferred-write queues;
// migration 7 moves events into a rowid table keeping every row and the
// uniqueness of (thread_seq, n).
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
	if _, err := db.SQL().Exec(`INSERT INTO fts_queue(text, thread_seq) VALUES ('queued', 9)`); err != nil {
		t.Fatal(err)
	}
	var bodies string
	if err := db.SQL().QueryRow(`SELECT group_concat(body, ' ') FROM (SELECT body FROM events WHERE thread_seq = 7 ORDER BY n)`).Scan(&bodies); err != nil || bodies != `{"n":1} {"n":2}` {
		t.Fatalf("events after migration 7: %q, %v", bodies, err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO events(thread_seq, n, id, chat_id, thread_id, created_at, type, body) VALUES (7, 2, 'T_2', 'C', 'T', '', 'message', '{}')`); err == nil {
		t.Fatal("a second event (7, 2) was accepted")
	}
}
