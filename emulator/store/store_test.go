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
