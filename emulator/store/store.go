// Package store is the emulator's persistent state: one SQLite database
// (modernc.org/sqlite, pure Go) in WAL mode behind a single connection, so
// every write is serialised, with numbered schema migrations recorded in
// the schema_migrations table.
//
// The store knows tables, not API semantics: the emulator package runs
// each API action as one transaction obtained from Begin.
//
// A data directory belongs to one process at a time: while a process has
// it open, Open in another process fails at once with ErrInUse naming the
// directory and the process. Several DBs of one process may share it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Memory is the DataDir value that keeps the state in memory only.
const Memory = ":memory:"

// FileName is the database file created inside a data directory.
const FileName = "livechat-emulator.db"

// DB is an open emulator database.
type DB struct {
	sql  *sql.DB
	path string
	// ckpt is the background checkpointer's own connection (file only).
	ckpt       *sql.DB
	stop, done chan struct{}
	// catchUp is set by the checkpointer when the writer should copy the
	// rest of a long WAL itself so that the WAL restarts (CatchUpWAL).
	catchUp atomic.Bool
	// release ends this DB's claim on the database file (owner.go).
	release func()
}

// Open opens (creating when needed) the database in dir, or an in-memory
// database when dir is Memory, and applies pending migrations.
func Open(ctx context.Context, dir string) (*DB, error) {
	dsn := "file::memory:"
	path := Memory
	if dir != Memory {
		if dir == "" {
			return nil, errors.New("store: empty data directory")
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create data directory: %w", err)
		}
		path = filepath.Join(dir, FileName)
		dsn = "file:" + path
	}
	release := func() {}
	if path != Memory {
		// Another process owning the directory (exclVFS) is told at once,
		// not after the busy timeout.
		r, pid := claim(path)
		if pid != 0 {
			return nil, fmt.Errorf("store: %w: %s (process %d has it open: is an emulator running on it?)", ErrInUse, dir, pid)
		}
		release = r
	}
	s, err := open(ctx, dir, path, dsn)
	if err != nil {
		release()
		return nil, err
	}
	s.release = release
	return s, nil
}

// open is Open once the data directory is claimed.
func open(ctx context.Context, dir, path, dsn string) (*DB, error) {
	dsn += "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"
	if path != Memory {
		// synchronous=NORMAL in WAL mode: a commit is written to the WAL
		// (the OS page cache) before the writer answers, so it survives a
		// crash of the process; only the checkpoints fsync, so an OS crash
		// or power loss may lose the last commits (never corrupts).
		// exclVFS: this process owns the database while it has it open.
		// wal_autocheckpoint(0): the writer never checkpoints itself (a
		// checkpoint inside a commit stalls every queued action for its
		// duration); a second connection does it in the background.
		dsn += "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32000)&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint(0)" + exclVFS
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	// One connection: SQLite has a single writer anyway, and an in-memory
	// database exists only inside its connection.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &DB{sql: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		if isBusy(err) {
			return nil, fmt.Errorf("store: %w: %s (is an emulator running on it?)", ErrInUse, dir)
		}
		return nil, err
	}
	if path != Memory {
		ck, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)"+exclVFS)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open checkpointer: %w", err)
		}
		ck.SetMaxOpenConns(1)
		s.ckpt, s.stop, s.done = ck, make(chan struct{}), make(chan struct{})
		go s.checkpointer()
	}
	return s, nil
}

// exclVFS opens a data directory's database through SQLite's unix-excl
// VFS: the first lock takes one exclusive POSIX lock for this process,
// which it then holds; locks between the connections of this process
// (the writer's, the checkpointer's) are kept in memory, and the WAL
// index lives in heap memory instead of a -shm file. So a transaction
// costs no fcntl system calls (the default VFS makes about six per
// transaction), and no other process can open the database while the
// emulator has it open.
const exclVFS = "&vfs=unix-excl"

// ErrInUse is the error Open wraps when another process has the data
// directory's database open (exclVFS).
var ErrInUse = errors.New("database in use by another process")

// isBusy reports whether err is SQLite's SQLITE_BUSY ("database is
// locked"), which is what another process holding the database gives.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// checkpointInterval is how often the background connection copies the
// WAL back into the database file.
const checkpointInterval = 100 * time.Millisecond

// checkpointer runs PASSIVE checkpoints from its own connection: they copy
// committed WAL frames into the database file (and fsync) without
// blocking the writer, which restarts the WAL from its beginning once a
// checkpoint has caught up.
func (s *DB) checkpointer() {
	defer close(s.done)
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.checkpoint()
		}
	}
}

// checkpoint runs one background PASSIVE checkpoint; once the WAL holds
// walRestartFrames frames it repeats it while each pass still finds many
// new frames (the writer keeps appending meanwhile), then asks the writer
// to copy the small remainder itself (CatchUpWAL).
func (s *DB) checkpoint() {
	prev := -1
	for pass := 0; pass < 8; pass++ {
		var busy, logN, ck int
		if s.ckpt.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logN, &ck) != nil {
			return
		}
		if logN < walRestartFrames {
			return
		}
		if prev >= 0 && logN-prev < walCatchUpFrames {
			s.catchUp.Store(true)
			return
		}
		prev = logN
	}
	s.catchUp.Store(true)
}

// walCatchUpFrames: the background checkpointer leaves the writer at most
// about this many frames to copy (see checkpoint).
const walCatchUpFrames = 64

// walRestartFrames is the WAL length (in frames, one page each) from
// which the writer makes the WAL restart (CatchUpWAL).
const walRestartFrames = 8192 // 32 MiB with 4 KiB pages

// CatchUpWAL is called by the single writer between two transactions.
// SQLite writes the WAL from its beginning again only when a write
// transaction starts with the whole WAL checkpointed; under sustained load
// the next transaction always starts before the background checkpoint has
// copied the frames written meanwhile, so the WAL would grow without
// bound. Once the WAL is long and the background checkpointer has nearly
// caught up, the writer checkpoints (PASSIVE) on its own connection the
// few frames left; its next transaction then restarts the WAL.
func (s *DB) CatchUpWAL() {
	if s.ckpt == nil || !s.catchUp.Load() {
		return
	}
	s.catchUp.Store(false)
	_, _ = s.sql.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
}

// Path returns the database file, or Memory.
func (s *DB) Path() string { return s.path }

// SQL returns the underlying handle (one connection).
func (s *DB) SQL() *sql.DB { return s.sql }

// Close stops the checkpointer and closes the database (the last
// connection to close checkpoints the WAL and removes it).
func (s *DB) Close() error {
	if s.ckpt != nil {
		close(s.stop)
		<-s.done
		s.ckpt.Close()
	}
	err := s.sql.Close()
	if s.release != nil {
		s.release()
	}
	return err
}

// Begin starts a transaction; callers commit or roll back.
func (s *DB) Begin(ctx context.Context) (*sql.Tx, error) { return s.sql.BeginTx(ctx, nil) }

// Version returns the applied schema version.
func (s *DB) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.sql.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func (s *DB) migrate(ctx context.Context) error {
	if _, err := s.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	cur, err := s.Version(ctx)
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	for i, m := range migrations {
		v := i + 1
		if v <= cur {
			continue
		}
		tx, err := s.sql.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)`,
			v, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %d: commit: %w", v, err)
		}
	}
	return nil
}

// migrations are applied in order; never edit one that shipped, append.
var migrations = []string{
	// 1: the initial schema.
	`
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE agents (
	id TEXT PRIMARY KEY,
	account_id TEXT NOT NULL,
	name TEXT NOT NULL,
	avatar TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT 'normal',
	job_title TEXT NOT NULL DEFAULT '',
	max_chats INTEGER NOT NULL DEFAULT 6,
	routing_status TEXT NOT NULL DEFAULT 'offline',
	is_bot INTEGER NOT NULL DEFAULT 0,
	owner_client_id TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE groups (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	language_code TEXT NOT NULL DEFAULT 'en'
);

CREATE TABLE group_members (
	group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
	priority TEXT NOT NULL DEFAULT 'normal',
	PRIMARY KEY (group_id, agent_id)
);

CREATE TABLE customers (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	avatar TEXT NOT NULL DEFAULT '',
	session_fields TEXT NOT NULL DEFAULT '[]',
	created_at TEXT NOT NULL,
	banned_until TEXT NOT NULL DEFAULT '',
	seq INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tokens (
	token TEXT PRIMARY KEY,
	kind TEXT NOT NULL,          -- bearer | pat | customer
	account_id TEXT NOT NULL DEFAULT '',
	entity_id TEXT NOT NULL,     -- agent/bot id or customer id
	scopes TEXT NOT NULL DEFAULT '',
	region TEXT NOT NULL DEFAULT 'dal',
	label TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE tags (
	name TEXT PRIMARY KEY,
	group_ids TEXT NOT NULL DEFAULT '[0]',
	author_id TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE chats (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	properties TEXT NOT NULL DEFAULT '{}',
	group_ids TEXT NOT NULL DEFAULT '[0]',
	created_at TEXT NOT NULL,
	last_thread_id TEXT NOT NULL DEFAULT ''
);

CREATE TABLE chat_users (
	chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	user_type TEXT NOT NULL,
	visibility TEXT NOT NULL DEFAULT 'all',
	present INTEGER NOT NULL DEFAULT 1,
	seen_up_to TEXT NOT NULL DEFAULT '',
	added_seq INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_users_user ON chat_users(user_id, present);

CREATE TABLE follows (
	chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
	agent_id TEXT NOT NULL,
	PRIMARY KEY (chat_id, agent_id)
);
CREATE INDEX follows_agent ON follows(agent_id);

CREATE TABLE threads (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
	active INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	properties TEXT NOT NULL DEFAULT '{}',
	tags TEXT NOT NULL DEFAULT '[]',
	group_ids TEXT NOT NULL DEFAULT '[0]',
	user_ids TEXT NOT NULL DEFAULT '[]',
	queued_at TEXT NOT NULL DEFAULT '',
	queues_duration INTEGER NOT NULL DEFAULT 0,
	event_seq INTEGER NOT NULL DEFAULT 0,
	customer_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX threads_chat ON threads(chat_id, seq);
CREATE INDEX threads_queue ON threads(active, queued_at);

CREATE TABLE events (
	thread_seq INTEGER NOT NULL,
	n INTEGER NOT NULL,
	id TEXT NOT NULL,
	chat_id TEXT NOT NULL,
	thread_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	type TEXT NOT NULL,
	author_id TEXT NOT NULL DEFAULT '',
	visibility TEXT NOT NULL DEFAULT 'all',
	body TEXT NOT NULL,
	PRIMARY KEY (thread_seq, n)
) WITHOUT ROWID;
CREATE UNIQUE INDEX events_id ON events(id);
CREATE INDEX events_chat ON events(chat_id, type);

CREATE TABLE files (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	data BLOB NOT NULL,
	created_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE events_fts USING fts5(text, thread_seq UNINDEXED, tokenize = 'unicode61');
`,
	// Configuration API state and webhook delivery (config_*.go, webhooks*.go).
	`
CREATE TABLE cfg_agents (
	agent_id TEXT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
	login_status TEXT NOT NULL DEFAULT 'not accepting chats',
	mobile TEXT NOT NULL DEFAULT '',
	suspended INTEGER NOT NULL DEFAULT 0,
	awaiting_approval INTEGER NOT NULL DEFAULT 0,
	notifications TEXT NOT NULL DEFAULT '[]',
	email_subscriptions TEXT NOT NULL DEFAULT '[]',
	work_scheduler TEXT NOT NULL DEFAULT '',
	last_logout TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cfg_bots (
	bot_id TEXT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
	secret TEXT NOT NULL DEFAULT '',
	default_group_priority TEXT NOT NULL DEFAULT 'normal',
	work_scheduler TEXT NOT NULL DEFAULT '',
	timezone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cfg_bot_templates (
	id TEXT PRIMARY KEY,
	owner_client_id TEXT NOT NULL,
	name TEXT NOT NULL,
	avatar TEXT NOT NULL DEFAULT '',
	max_chats INTEGER NOT NULL DEFAULT 6,
	default_group_priority TEXT NOT NULL DEFAULT 'normal',
	job_title TEXT NOT NULL DEFAULT '',
	secret TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE cfg_auto_accesses (
	id TEXT PRIMARY KEY,
	position REAL NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	access TEXT NOT NULL,
	conditions TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE cfg_properties (
	owner_client_id TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	access TEXT NOT NULL DEFAULT '{}',
	domain TEXT NOT NULL DEFAULT '',
	range_json TEXT NOT NULL DEFAULT '',
	default_value TEXT NOT NULL DEFAULT '',
	public_access TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (owner_client_id, name)
);

CREATE TABLE cfg_license_properties (
	namespace TEXT NOT NULL,
	name TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (namespace, name)
);

CREATE TABLE cfg_group_properties (
	group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	namespace TEXT NOT NULL,
	name TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (group_id, namespace, name)
);

CREATE TABLE webhooks (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	owner_client_id TEXT NOT NULL,
	type TEXT NOT NULL,
	action TEXT NOT NULL,
	url TEXT NOT NULL,
	secret_key TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	filters TEXT NOT NULL DEFAULT '{}',
	additional_data TEXT NOT NULL DEFAULT '[]',
	version TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX webhooks_action ON webhooks(action);

CREATE TABLE webhook_state (
	owner_client_id TEXT PRIMARY KEY,
	enabled INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	webhook_id TEXT NOT NULL,
	action TEXT NOT NULL,
	url TEXT NOT NULL,
	secret_key TEXT NOT NULL,
	envelope TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending', -- pending | delivered | failed | cancelled
	attempts INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	last_attempt_at TEXT NOT NULL DEFAULT '',
	delivered_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries(status);

CREATE TABLE webhook_attempts (
	delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
	n INTEGER NOT NULL,
	at TEXT NOT NULL,
	status_code INTEGER NOT NULL,
	error TEXT NOT NULL DEFAULT '',
	duration_ms INTEGER NOT NULL,
	PRIMARY KEY (delivery_id, n)
);
`,
	// Customer Chat API sessions and greetings, OAuth tokens (customer_*.go, oauth*.go).
	`
ALTER TABLE tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN refresh_token TEXT NOT NULL DEFAULT '';

CREATE TABLE oauth_codes (
	code TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	redirect_uri TEXT NOT NULL DEFAULT '',
	challenge TEXT NOT NULL DEFAULT '',
	challenge_method TEXT NOT NULL DEFAULT '',
	agent_id TEXT NOT NULL,
	scopes TEXT NOT NULL DEFAULT '',
	expires_at TEXT NOT NULL,
	used INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE oauth_refresh_tokens (
	token TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	agent_id TEXT NOT NULL,
	scopes TEXT NOT NULL DEFAULT '',
	rotate INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

CREATE TABLE customer_cookies (
	customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
	secret TEXT NOT NULL
);

CREATE TABLE customer_visits (
	customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
	visit_id INTEGER NOT NULL DEFAULT 0,
	started_at TEXT NOT NULL DEFAULT '',
	page_url TEXT NOT NULL DEFAULT '',
	page_title TEXT NOT NULL DEFAULT '',
	page_opened_at TEXT NOT NULL DEFAULT '',
	last_pages TEXT NOT NULL DEFAULT '[]',
	referrer TEXT NOT NULL DEFAULT '',
	group_id INTEGER NOT NULL DEFAULT 0,
	is_mobile INTEGER NOT NULL DEFAULT 0,
	application TEXT NOT NULL DEFAULT '{}',
	side_storage TEXT NOT NULL DEFAULT '{}',
	page_views INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE customer_greetings (
	unique_id TEXT PRIMARY KEY,
	greeting_id INTEGER NOT NULL,
	customer_id TEXT NOT NULL,
	agent_id TEXT NOT NULL DEFAULT '',
	event TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL DEFAULT 'shown', -- shown | accepted | canceled
	created_at TEXT NOT NULL
);
CREATE INDEX customer_greetings_customer ON customer_greetings(customer_id);
`,
	// Legacy REST API v2 state (emulator/restv2*.go): API keys, agent
	// settings only v2 knows, canned responses, goals, greetings, tickets,
	// v2 webhooks and visitor details.
	`
CREATE TABLE v2_api_keys (
	agent_id TEXT PRIMARY KEY,
	api_key TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE v2_agent_settings (
	agent_id TEXT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
	data TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE canned_responses (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '[]',
	created_by TEXT NOT NULL DEFAULT '',
	creation_date INTEGER NOT NULL,
	modified_by TEXT NOT NULL DEFAULT '',
	modification_date INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX canned_responses_group ON canned_responses(group_id);

CREATE TABLE goals (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	data TEXT NOT NULL DEFAULT '{}',
	created_at TEXT NOT NULL
);

CREATE TABLE goal_successes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	goal_id INTEGER NOT NULL,
	visitor_id TEXT NOT NULL,
	chat_id TEXT NOT NULL DEFAULT '',
	order_id TEXT NOT NULL DEFAULT '',
	order_description TEXT NOT NULL DEFAULT '',
	order_price TEXT NOT NULL DEFAULT '',
	order_currency TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX goal_successes_chat ON goal_successes(chat_id);

CREATE TABLE greetings (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	group_id INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	subtype TEXT NOT NULL DEFAULT '',
	rules TEXT NOT NULL DEFAULT '[]',
	properties TEXT NOT NULL DEFAULT '{}',
	created_at TEXT NOT NULL
);

CREATE TABLE tickets (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	data TEXT NOT NULL,
	tags TEXT NOT NULL DEFAULT '[]',
	created_at TEXT NOT NULL
);

CREATE TABLE v2_webhooks (
	id TEXT PRIMARY KEY,
	event_type TEXT NOT NULL,
	data_types TEXT NOT NULL,
	url TEXT NOT NULL,
	token TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE v2_visitor_details (
	visitor_id TEXT NOT NULL,
	set_id TEXT NOT NULL,
	fields TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (visitor_id, set_id)
);
`,
	// Fewer indexes maintained per inserted event (persisted send_event
	// throughput): events_id duplicated the primary key (an event id is
	// "<thread id>_<n>" and thread ids are unique, so (thread_seq, n)
	// already makes it unique; every lookup by id also names thread_seq),
	// and the lookups by chat now go through threads_chat(chat_id, seq)
	// and the events primary key (thread_seq IN (SELECT seq FROM threads
	// WHERE chat_id = ?)).
	`
DROP INDEX IF EXISTS events_id;
DROP INDEX IF EXISTS events_chat;
`,
	// Deferred writes of send_event (persisted send_event throughput,
	// emulator/deferred.go): the texts of new events and the authors'
	// seen_up_to moves wait in fts_queue and seen_queue, appended in the
	// event's own transaction, and move into events_fts and chat_users in
	// chunks, or before any action that could read them. The index no
	// longer keeps per-row token counts (columnsize=0): nothing ranks
	// results with bm25.
	`
CREATE TABLE fts_queue (text TEXT NOT NULL, thread_seq INTEGER NOT NULL);
CREATE TABLE seen_queue (chat_id TEXT NOT NULL, user_id TEXT NOT NULL, seen_up_to TEXT NOT NULL);
CREATE VIRTUAL TABLE events_fts_new USING fts5(text, thread_seq UNINDEXED, tokenize = 'unicode61', columnsize = 0);
INSERT INTO events_fts_new(text, thread_seq) SELECT text, thread_seq FROM events_fts ORDER BY rowid;
DROP TABLE events_fts;
ALTER TABLE events_fts_new RENAME TO events_fts;
`,
	// Events in a rowid table, appended in insertion order, with the
	// (thread_seq, n) key as a unique index (persisted send_event
	// throughput). As a WITHOUT ROWID table keyed by thread, every event
	// of a busy license landed on a different page (one per thread) and
	// its ≈ 400-byte rows split pages and rewrote their parents often:
	// ≈ 2.4 pages written per event, measured in the WAL. Appended, a
	// commit of n events writes about n/9 table pages plus one small
	// index page per thread.
	`
CREATE TABLE events_new (
	seq INTEGER PRIMARY KEY,
	thread_seq INTEGER NOT NULL,
	n INTEGER NOT NULL,
	id TEXT NOT NULL,
	chat_id TEXT NOT NULL,
	thread_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	type TEXT NOT NULL,
	author_id TEXT NOT NULL DEFAULT '',
	visibility TEXT NOT NULL DEFAULT 'all',
	body TEXT NOT NULL
);
INSERT INTO events_new(thread_seq, n, id, chat_id, thread_id, created_at, type, author_id, visibility, body)
	SELECT thread_seq, n, id, chat_id, thread_id, created_at, type, author_id, visibility, body FROM events ORDER BY thread_seq, n;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE UNIQUE INDEX events_thread ON events(thread_seq, n);
`,
	// Configuration API 3.6 greetings (emulator/config_greetings.go) share
	// the greetings table with REST API v2 (the same product feature): the
	// fields only 3.6 knows. Empty means unset.
	`
ALTER TABLE greetings ADD COLUMN active_from TEXT NOT NULL DEFAULT '';
ALTER TABLE greetings ADD COLUMN active_until TEXT NOT NULL DEFAULT '';
ALTER TABLE greetings ADD COLUMN rich_message TEXT NOT NULL DEFAULT '';
`,
	// Webhook deliveries keep the chat they are about, so that the
	// deliveries of one chat to one webhook are made in event order
	// (emulator/webhooks.go); "" = not about a chat. Pending deliveries
	// queued before get theirs from their envelope.
	`
ALTER TABLE webhook_deliveries ADD COLUMN chat_id TEXT NOT NULL DEFAULT '';
UPDATE webhook_deliveries SET chat_id = COALESCE(
	json_extract(envelope, '$.payload.chat_id'), json_extract(envelope, '$.payload.chat.id'),
	json_extract(envelope, '$.chat.id'), '')
	WHERE status = 'pending' AND json_valid(envelope);
`,
	// The deferred writes of send_event live in the event rows themselves
	// (emulator/deferred.go; serial send_event cost): the events after
	// the watermark meta[DeferredSeqKey] still owe their text to
	// events_fts and their author's seen_up_to move to chat_users. The
	// two queue tables, one more page each to write per commit, go: what
	// they hold is applied here.
	`
INSERT INTO events_fts(text, thread_seq) SELECT text, thread_seq FROM fts_queue ORDER BY rowid;
UPDATE chat_users SET seen_up_to = q.seen
	FROM (SELECT chat_id, user_id, MAX(seen_up_to) AS seen FROM seen_queue GROUP BY chat_id, user_id) AS q
	WHERE chat_users.chat_id = q.chat_id AND chat_users.user_id = q.user_id AND q.seen > chat_users.seen_up_to;
DROP TABLE fts_queue;
DROP TABLE seen_queue;
INSERT OR REPLACE INTO meta(key, value) VALUES ('` + DeferredSeqKey + `', CAST((SELECT COALESCE(MAX(seq), 0) FROM events) AS TEXT));
`,
}

// DeferredSeqKey is the meta row holding the deferred-write watermark:
// every event with a seq up to it has its full-text row and its author's
// seen_up_to move in place; the events after it were added by send_event
// and are still owed both (emulator/deferred.go).
const DeferredSeqKey = "deferred_seq"

// RequireExisting returns an error naming the problem unless dir is a
// directory holding an emulator database (FileName). It creates nothing:
// tools that only read a state call it first, so that a mistyped data
// directory is an error instead of a new, freshly seeded state.
func RequireExisting(dir string) error {
	if dir == "" || dir == Memory {
		return fmt.Errorf("store: %q is not a data directory (nothing to read)", dir)
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("store: data directory %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("store: data directory: %w", err)
	case !fi.IsDir():
		return fmt.Errorf("store: %s is not a directory", dir)
	}
	fi, err = os.Stat(filepath.Join(dir, FileName))
	if err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("store: %s holds no emulator state (no %s; run livechat serve --data %s first)", dir, FileName, dir)
	}
	return nil
}
