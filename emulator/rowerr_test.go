package emulator_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// TestRowLoopErrorFails: an error that ends a row loop early (here SQLite
// failing mid-query on the customer's second thread, whose stored group_ids
// is not JSON, read by json_each in the customer audience) fails the action
// with internal and rolls it back instead of going on with the rows read
// so far.
func TestRowLoopErrorFails(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	cust := cr.Customers[0].ID
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	// Two threads: the query's first row comes from the good one, so the
	// error ends the loop rather than the query call.
	chatID, _ := startChat(t, owner, "hi", M{"users": []any{M{"id": cust, "type": "customer"}}})
	do(t, owner, "deactivate_chat", M{"id": chatID})
	do(t, owner, "resume_chat", M{"chat": M{"id": chatID}})
	do(t, owner, "update_customer", M{"id": cust, "name": "Before"})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ExecContext(context.Background(), `UPDATE threads SET group_ids = '[0' WHERE seq = (SELECT MAX(seq) FROM threads WHERE customer_id = ?)`, cust)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		db.Close()
		t.Fatalf("corrupted %d threads, want 1", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir})
	owner2 := newWeb(t, srv2, cr.Owner.Token, livechat.V3_6)
	wantErr(t, owner2, "update_customer", M{"id": cust, "name": "After"}, livechat.TypeInternal, 0)
	if gc := do(t, owner2, "get_customer", M{"id": cust}); str(gc, "name") != "Before" {
		t.Fatalf("update_customer was not rolled back: %v", gc)
	}
}
