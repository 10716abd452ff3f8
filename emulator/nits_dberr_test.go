package emulator_test

import (
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// restartAltered stops srv (a file store in dir), runs stmts on its
// database and starts a new server on the same data. The tests use it to
// make one query of an action fail the way a broken store does (SQLITE_ERROR
// while the transaction stays usable), which the emulator must answer with
// internal (and a log line), never with another error type or a made-up
// result.
func restartAltered(t *testing.T, srv *emulator.Server, dir string, stmts ...string) *emulator.Server {
	t.Helper()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return emulator.NewTest(t, emulator.Config{DataDir: dir, Logger: slog.New(slog.NewTextHandler(tlog{t}, nil))})
}

// restartHiding renames table: every query reading it fails with "no
// such table".
func restartHiding(t *testing.T, srv *emulator.Server, dir, table string) *emulator.Server {
	t.Helper()
	return restartAltered(t, srv, dir, `ALTER TABLE "`+table+`" RENAME TO "`+table+`_hidden"`)
}

type tlog struct{ t *testing.T }

func (w tlog) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }

// TestCustomerStatsQueryError: customerJSON's statistics query (a scan of
// threads) failing makes get_customer fail with internal instead of
// answering zero counts.
func TestCustomerStatsQueryError(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	cust := cr.Customers[0].ID
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	startChat(t, owner, "hi", M{"users": []any{M{"id": cust, "type": "customer"}}})
	srv = restartHiding(t, srv, dir, "threads")
	owner = newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	wantErr(t, owner, "get_customer", M{"id": cust}, livechat.TypeInternal, 0)
}

// TestEventLookupErrorIsNotNotFound: a failed read of an event answers
// internal, not not_found. The events table is put behind a view that
// parses each body as it is read; the event's stored body is not JSON, so
// reading it (and only it) fails.
func TestEventLookupErrorIsNotNotFound(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, owner, "hi", nil)
	ev := threadID + "_1"
	srv = restartAltered(t, srv, dir,
		`ALTER TABLE events RENAME TO events_stored`,
		`CREATE VIEW events AS SELECT seq, thread_seq, n, id, chat_id, thread_id, created_at, type, author_id, visibility, json(body) AS body FROM events_stored`,
		`UPDATE events_stored SET body = '{' WHERE id = '`+ev+`'`)
	owner = newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	wantErr(t, owner, "update_event_properties", M{"chat_id": chatID, "thread_id": threadID, "event_id": ev,
		"properties": M{"test": M{"string_property": "x"}}}, livechat.TypeInternal, 0)
}

// TestEmailLookupErrorIsNotValidation: request_email_verification answers
// internal when the customer's e-mail cannot be read, not validation ("the
// customer has no e-mail address").
func TestEmailLookupErrorIsNotValidation(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	srv = restartHiding(t, srv, dir, "customers")
	cw := cuWebRaw(t, srv, cr.Customers[0].Token, livechat.V3_5)
	wantErr(t, cw, "request_email_verification", M{"callback_uri": "https://example.com/verified"}, livechat.TypeInternal, 0)
}

// TestAccessCheckErrorIsNotMissingAccess: an agent without chats--all
// asking for a chat of another group is checked for membership; when that
// read fails the answer is internal, not missing_access.
func TestAccessCheckErrorIsNotMissingAccess(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, owner, "group 1 only", M{"access": M{"group_ids": []int{1}}})
	agent := newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	wantErr(t, agent, "get_chat", M{"chat_id": chatID}, livechat.TypeMissingAccess, 0)
	srv = restartHiding(t, srv, dir, "chat_users")
	agent = newWeb(t, srv, cr.Agent.Token, livechat.V3_6)
	wantErr(t, agent, "get_chat", M{"chat_id": chatID}, livechat.TypeInternal, 0)
}

// TestNeighbourThreadErrorIsNotDropped: when the previous thread's id
// cannot be read, get_chat answers internal rather than a thread without
// previous_thread_id. The threads table is put behind a view whose id of
// the chat's first thread fails to parse at read time. (Other reads of
// get_chat also meet that row, so this pins the outcome, not which read
// reports it.)
func TestNeighbourThreadErrorIsNotDropped(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, first := startChat(t, owner, "first", nil)
	do(t, owner, "deactivate_chat", M{"id": chatID})
	second := str(do(t, owner, "resume_chat", M{"chat": M{"id": chatID}}), "thread_id")
	if r := do(t, owner, "get_chat", M{"chat_id": chatID, "thread_id": second}); !strings.Contains(fmt.Sprint(r["thread"]), first) {
		t.Fatalf("previous_thread_id missing before the failure: %v", r["thread"])
	}
	srv = restartAltered(t, srv, dir,
		`ALTER TABLE threads RENAME TO threads_stored`,
		`CREATE VIEW threads AS SELECT seq, CASE WHEN id = '`+first+`' THEN json('{') ELSE id END AS id, chat_id, active, created_at,
			properties, tags, group_ids, user_ids, queued_at, queues_duration, event_seq, customer_id FROM threads_stored`)
	owner = newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	wantErr(t, owner, "get_chat", M{"chat_id": chatID, "thread_id": second}, livechat.TypeInternal, 0)
}
