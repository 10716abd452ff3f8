package emulator_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/state"
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

// owedEvents is how many events of the store still owe their deferred
// writes: those after the watermark (store.DeferredSeqKey).
const owedEvents = `SELECT COUNT(*) FROM events WHERE seq > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = '` + store.DeferredSeqKey + `')`

// ftsCounts tells how many events owe their index rows and how many
// indexed rows match word.
func ftsCounts(t *testing.T, dir, word string) (queued, indexed int) {
	t.Helper()
	return dbValue[int](t, dir, owedEvents),
		dbValue[int](t, dir, `SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH ?`, word)
}

// TestFullTextQueue: the texts of send_event's events are owed by their
// event rows (durably: the event's own transaction) and move into the
// index in chunks or before any action that may search; other actions
// index their events at once; a search always finds every committed
// event, also after a restart with texts still owed.
func TestFullTextQueue(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, web, "opening line", nil) // indexed by start_chat itself
	if q, n := ftsCounts(t, dir, "opening"); q != 0 || n != 1 {
		t.Fatalf("after start_chat: %d owed, %d indexed; want 0, 1", q, n)
	}
	for i := range 3 {
		do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": fmt.Sprintf("zebraquux %d", i)}})
	}
	if q, n := ftsCounts(t, dir, "zebraquux"); q != 3 || n != 0 {
		t.Fatalf("after start_chat and 3 send_event: %d owed, %d indexed; want 3, 0", q, n)
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

// TestSeenQueue: send_event's move of its author's events_seen_up_to is
// owed by the event row; every other action, and a restart, sees it.
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
	if n := dbValue[int](t, dir, owedEvents); n != 3 {
		t.Fatalf("%d events owe their writes, want 3", n)
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
	if n := dbValue[int](t, dir, owedEvents); n != 0 || stored() != lastAt {
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

// ownerSeen is the owner's events_seen_up_to in chat chatID (get_chat).
func ownerSeen(t *testing.T, web livechat.Transport, chatID string) string {
	t.Helper()
	var chat livechat.Chat
	if err := web.Call(ctxT(t), "get_chat", M{"chat_id": chatID}, &chat); err != nil {
		t.Fatal(err)
	}
	for _, u := range chat.Users {
		if a, ok := u.(*livechat.Agent); ok && a.ID == "owner@livechat.local" {
			return string(a.EventsSeenUpTo)
		}
	}
	t.Fatalf("no owner in %+v", chat.Users)
	return ""
}

// found is how many chats list_archives finds for query.
func found(t *testing.T, web livechat.Transport, query string) float64 {
	t.Helper()
	return do(t, web, "list_archives", M{"filters": M{"query": query}})["found_chats"].(float64)
}

// owedDocument exports (ExportDir) a data directory whose emulator stopped
// with the writes of 3 send_event calls still owed, their texts holding
// word; before is the owner's events_seen_up_to in the chat before them.
func owedDocument(t *testing.T, word string) (doc *state.Document, cr emulator.Credentials, chatID, before string) {
	t.Helper()
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr = srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ = startChat(t, web, "hello", nil)
	before = ownerSeen(t, web, chatID)
	for i := range 3 {
		do(t, web, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": fmt.Sprint(word, " ", i)}})
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if q, n := ftsCounts(t, dir, word); q != 3 || n != 0 {
		t.Fatalf("stopped with %d owed, %d indexed; want 3, 0", q, n)
	}
	doc, err := emulator.ExportDir(ctxT(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	return doc, cr, chatID, before
}

// TestImportOwedWrites: a data directory whose emulator stopped with
// writes still owed (send_event's index rows and seen move) exports them
// as they are (ExportDir: the events and the watermark), and importing
// that document applies them: the texts are found and the author's
// events_seen_up_to has moved.
func TestImportOwedWrites(t *testing.T) {
	doc, cr, chatID, before := owedDocument(t, "owedword")
	srv2 := emulator.NewTest(t, emulator.Config{})
	if err := srv2.Import(ctxT(t), doc); err != nil {
		t.Fatal(err)
	}
	web2 := newWeb(t, srv2, cr.Owner.Token, livechat.V3_6)
	if n := found(t, web2, "owedword"); n != 1 {
		t.Fatalf("owed texts after the import: %v chats found, want 1", n)
	}
	if after := ownerSeen(t, web2, chatID); after <= before {
		t.Fatalf("events_seen_up_to %s after the import, not later than %s", after, before)
	}
}

// TestImportRetiredQueues: a document exported by an emulator of store
// schema 6–9 names the deferred-write queue tables fts_queue and
// seen_queue, possibly with rows (ExportDir of a stopped emulator);
// importing it applies them, and a queued row of the wrong shape is an
// error naming it.
func TestImportRetiredQueues(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, web, "hello", nil)
	doc, err := srv.Export(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	var threadSeq json.RawMessage
	for _, r := range doc.Tables["threads"] {
		if string(r["id"]) == `"`+threadID+`"` {
			threadSeq = r["seq"]
		}
	}
	if threadSeq == nil {
		t.Fatalf("no thread %s in the export", threadID)
	}
	// What such an export looks like: no watermark, the two queues.
	var meta []state.Row
	for _, r := range doc.Tables["meta"] {
		if string(r["key"]) != `"`+store.DeferredSeqKey+`"` {
			meta = append(meta, r)
		}
	}
	doc.Tables["meta"] = meta
	doc.Schema = 9
	const later = `"2099-01-01T00:00:00.000000Z"`
	doc.Tables["fts_queue"] = []state.Row{{"text": json.RawMessage(`"legacyqueued words"`), "thread_seq": threadSeq}}
	doc.Tables["seen_queue"] = []state.Row{{"chat_id": json.RawMessage(`"` + chatID + `"`),
		"user_id": json.RawMessage(`"owner@livechat.local"`), "seen_up_to": json.RawMessage(later)}}
	if err := srv.Import(ctxT(t), doc); err != nil {
		t.Fatal(err)
	}
	web = newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	if n := found(t, web, "legacyqueued"); n != 1 {
		t.Fatalf("queued text after the import: %v chats found, want 1", n)
	}
	if n := found(t, web, "hello"); n != 1 {
		t.Fatalf("indexed text after the import: %v chats found, want 1", n)
	}
	if got := ownerSeen(t, web, chatID); `"`+got+`"` != later {
		t.Fatalf("events_seen_up_to %s, want %s", got, later)
	}

	doc.Tables["fts_queue"] = []state.Row{{"text": json.RawMessage(`7`), "thread_seq": threadSeq}}
	err = srv.Import(ctxT(t), doc)
	if err == nil || !strings.Contains(err.Error(), "$.tables.fts_queue[0].text") {
		t.Fatalf("a queued text of the wrong type: %v", err)
	}
	delete(doc.Tables, "fts_queue")
	doc.Tables["meta"] = append(doc.Tables["meta"], state.Row{"key": json.RawMessage(`"` + store.DeferredSeqKey + `"`), "value": json.RawMessage(`"soon"`)})
	err = srv.Import(ctxT(t), doc)
	if err == nil || !strings.Contains(err.Error(), `deferred_seq is "soon", not an event seq`) {
		t.Fatalf("a watermark that is not a number: %v", err)
	}
}

// TestIndexedTextOfEveryEventType: the text an event gives the full-text
// index is derived from its stored body (eventText) for every type that
// has one: a message's text, an uploaded file's name, a CDN file's last
// URL part (not a name the client gave), a rich message's element titles,
// a form's string answers, a system message's text; a custom event gives
// none. A system message sent with send_event moves its sender's
// events_seen_up_to at once (it has no author to owe it).
func TestIndexedTextOfEveryEventType(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{})
	cr := srv.Credentials()
	web := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, web, "hello", nil)
	url, err := agent.New(web).UploadFile(ctxT(t), "uploadword.txt", strings.NewReader("content"))
	if err != nil {
		t.Fatal(err)
	}
	send := func(ev M) string {
		return str(do(t, web, "send_event", M{"chat_id": chatID, "event": ev}), "event_id")
	}
	send(M{"type": "message", "text": "messageword"})
	send(M{"type": "file", "url": url})
	send(M{"type": "file", "url": "https://cdn.livechat-files.com/api/file/lc/att/1/cdnpartword.png", "name": "givenname.png"})
	send(M{"type": "rich_message", "template_id": "cards", "elements": []M{{"title": "cardoneword"}, {"title": "cardtwoword"}}})
	send(M{"type": "filled_form", "form_id": "f1", "fields": []M{{"id": "a", "type": "name", "label": "Name", "answer": "answerword"}, {"id": "b", "type": "x", "label": "N", "answer": 5}}})
	send(M{"type": "custom", "content": M{"customword": "customword"}})
	before := ownerSeen(t, web, chatID)
	send(M{"type": "system_message", "system_message_type": "routing.assigned", "text": "systemword"})
	if after := ownerSeen(t, web, chatID); after <= before {
		t.Fatalf("events_seen_up_to after a system message: %s, not later than %s", after, before)
	}
	for word, want := range map[string]float64{"messageword": 1, "uploadword": 1, "cdnpartword": 1, "givenname": 0,
		"cardoneword": 1, "cardtwoword": 1, "answerword": 1, "customword": 0, "systemword": 1} {
		if n := found(t, web, word); n != want {
			t.Errorf("%s: %v chats found, want %v", word, n, want)
		}
	}
}

// TestSeedOwedWrites: Config.Seed with a document exported with writes
// still owed (ExportDir of a data directory whose emulator stopped before
// applying them) applies them as Import does, at start and on Reset:
// each owed text is indexed once, and the author's events_seen_up_to
// moves to their last event. A watermark that is not an event seq is an
// error naming it.
func TestSeedOwedWrites(t *testing.T) {
	doc, cr, chatID, before := owedDocument(t, "gnuowed")
	imp := emulator.NewTest(t, emulator.Config{Import: doc})
	want := ownerSeen(t, newWeb(t, imp, cr.Owner.Token, livechat.V3_6), chatID)
	if want <= before {
		t.Fatalf("Import: events_seen_up_to %s, not later than %s", want, before)
	}

	seedDir := t.TempDir()
	seeded := emulator.NewTest(t, emulator.Config{DataDir: seedDir, Seed: []*state.Document{doc}})
	check := func(when string) {
		t.Helper()
		web := newWeb(t, seeded, cr.Owner.Token, livechat.V3_6)
		if n := found(t, web, "gnuowed"); n != 1 {
			t.Fatalf("%s: list_archives found %v chats, want 1 (the owed texts are indexed)", when, n)
		}
		if got := ownerSeen(t, web, chatID); got != want {
			t.Fatalf("%s: events_seen_up_to %s, want %s (as after Import)", when, got, want)
		}
		if q, n := ftsCounts(t, seedDir, "gnuowed"); q != 0 || n != 3 {
			t.Fatalf("%s: %d owed, %d indexed; want 0, 3", when, q, n)
		}
	}
	check("seeded at start")
	if err := seeded.Reset(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	check("after Reset")

	// The caller's document is left as it was (the watermark row is
	// taken out of a copy).
	var hasW bool
	for _, r := range doc.Tables["meta"] {
		hasW = hasW || string(r["key"]) == `"`+store.DeferredSeqKey+`"`
	}
	if !hasW {
		t.Fatalf("Seed took %s out of the caller's document", store.DeferredSeqKey)
	}

	bad := *doc
	bad.Tables = maps.Clone(doc.Tables)
	bad.Tables["meta"] = []state.Row{{"key": json.RawMessage(`"` + store.DeferredSeqKey + `"`), "value": json.RawMessage(`"soon"`)}}
	badSrv, err := emulator.New(ctxT(t), emulator.Config{DataDir: ":memory:", Seed: []*state.Document{&bad}})
	if err == nil {
		badSrv.Close()
	}
	if err == nil || !strings.Contains(err.Error(), store.DeferredSeqKey) || !strings.Contains(err.Error(), "soon") {
		t.Fatalf("Seed with %s \"soon\": error %v, want one naming it", store.DeferredSeqKey, err)
	}
}
