package emulator

import (
	"context"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator/store"
)

func ftsDB(t testing.TB) *store.DB {
	db, err := store.Open(context.Background(), store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, text := range []string{"hello world", "zażółć gęślą jaźń", "foo-bar baz", "price 42 usd"} {
		if _, err := db.SQL().Exec(`INSERT INTO events_fts(text, thread_seq) VALUES (?, 1)`, text); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// ftsMatch runs q through ftsQuery and FTS5 and returns how many rows match
// (-1: no full-text condition).
func ftsMatch(t testing.TB, db *store.DB, q string) int {
	fq, err := ftsQuery(q)
	if err != nil {
		return -2
	}
	if fq == "" {
		return -1
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH ?`, fq).Scan(&n); err != nil {
		t.Fatalf("query %q → %q: %v", q, fq, err)
	}
	return n
}

func TestFTSQuery(t *testing.T) {
	db := ftsDB(t)
	for q, want := range map[string]int{
		"hello":                  1,
		"HELLO world":            1,
		"hello\x00":              1,
		"hel\x00lo":              0, // NUL separates tokens: phrase "hel lo"
		"\x00":                   -1,
		`"`:                      -1,
		`hello" OR "x`:           0, // quotes separate tokens; every word must match
		"foo-bar":                1,
		"NEAR(hello world)":      0, // the phrase "NEAR hello": no syntax
		"zażółć":                 1,
		"bad\xffutf8":            0,
		"*":                      -1,
		"42 AND NOT price":       0,
		strings.Repeat("a ", 65): -2,
	} {
		if got := ftsMatch(t, db, q); got != want {
			t.Errorf("%q: %d matches, want %d", q, got, want)
		}
	}
}

// FuzzFTSQuery: any string is either refused by ftsQuery or is a query
// FTS5 runs without an error.
func FuzzFTSQuery(f *testing.F) {
	for _, s := range []string{"hello", "a\x00b", `"quoted"`, "NEAR(a b)", "a OR b", "col:x", "^x*", "\xff\xfe", "-x +y", "(((", "zażółć"} {
		f.Add(s)
	}
	db := ftsDB(f)
	f.Fuzz(func(t *testing.T, q string) {
		ftsMatch(t, db, q)
	})
}
