package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRequireExisting(t *testing.T) {
	base := t.TempDir()
	missing := filepath.Join(base, "nope")
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(base, "empty")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dir, want string }{
		{"", "not a data directory"},
		{Memory, "not a data directory"},
		{missing, "does not exist"},
		{file, "is not a directory"},
		{empty, "holds no emulator state"},
	} {
		err := RequireExisting(c.dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("RequireExisting(%q) = %v, want an error saying %q", c.dir, err, c.want)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("RequireExisting created %s", missing)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("RequireExisting wrote into %s: %v", empty, entries)
	}

	db, err := Open(context.Background(), empty)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := RequireExisting(empty); err != nil {
		t.Errorf("after Open: %v", err)
	}
}
