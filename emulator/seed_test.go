package emulator_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// TestSeedScopesRefreshed: a data directory seeded by an earlier version,
// whose owner token lacks scopes added since, gets them on the next start.
func TestSeedScopesRefreshed(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	owner := srv.Credentials().Owner
	if !strings.Contains(strings.Join(owner.Scopes, ","), "greetings:rw") {
		t.Fatalf("owner scopes %v lack greetings:rw", owner.Scopes)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE tokens SET scopes = 'chats--all:rw' WHERE token = ?`, owner.Token); err != nil {
		t.Fatal(err)
	}
	db.Close()

	emulator.NewTest(t, emulator.Config{DataDir: dir})
	got := dbValue[string](t, dir, `SELECT scopes FROM tokens WHERE token = ?`, owner.Token)
	if got != strings.Join(owner.Scopes, ",") {
		t.Fatalf("owner token scopes after restart: %q", got)
	}
}
