package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/livechat-go/livechat/emulator/state"
	"github.com/livechat-go/livechat/emulator/store"
)

// Deferred writes: two side effects of send_event that only other actions
// can observe — the event's text in the full-text index (events_fts) and
// the author's events_seen_up_to (chat_users) — are not written by each
// event's transaction. The event row itself is what they owe: the meta
// row store.DeferredSeqKey holds a watermark W such that every event with
// seq ≤ W has both in place, and every event with seq > W was added by
// send_event (deferOK) and is still owed its text (eventText, derived
// from the stored body) and its author's move to its created_at. So a
// serial send_event's commit writes only the event's own pages — the
// events table and its (thread_seq, n) index — and is as durable as
// before: a restart finds the owed writes after W.
//
// The writer applies them (applyDeferred) once laterChunk events are owed,
// and before any action other than those in deferOK runs, so every other
// action reads what it would have read had they been written in place.
// An action outside deferOK indexes the events it adds itself, right
// after it ran (indexOwn), and moves the watermark past them.

// deferOK lists the actions that observe neither events_fts nor
// chat_users.seen_up_to, so the owed writes may stay owed before them.
// send_event reads chat members only for their presence and visibility
// (its cached chat state may hold a stale seen_up_to of another member,
// which it never reads).
var deferOK = map[string]bool{"send_event": true}

// laterChunk is how many owed events make the writer apply them even
// when no action needs them yet.
const laterChunk = 256

// The writer's statements for the deferred writes (prepared once).
const (
	qDeferredW    = `SELECT CAST(value AS INTEGER) FROM meta WHERE key = '` + store.DeferredSeqKey + `'`
	qSetDeferredW = `INSERT OR REPLACE INTO meta(key, value) VALUES ('` + store.DeferredSeqKey + `', CAST(? AS TEXT))`
	qMaxEventSeq  = `SELECT COALESCE(MAX(seq), 0) FROM events`
	qCountOwed    = `SELECT COUNT(*) FROM events WHERE seq > ?`
	qLastOwed     = `SELECT MAX(seq) FROM events WHERE seq > ?`
)

// owedWrites are the statements that write what a set of events owes:
// texts copies the texts of messages and system messages (SQLite does;
// the other types that have one are read by eventText from others' rows),
// seen moves each author's seen_up_to to the last of their events (never
// back). Each takes one argument, the one of the events' choice (where).
type owedWrites struct{ texts, others, seen string }

func owedStatements(where string) owedWrites {
	return owedWrites{
		texts: `INSERT INTO events_fts(text, thread_seq) SELECT json_extract(body, '$.text'), thread_seq FROM events
		WHERE ` + where + ` AND type IN ('message', 'system_message') AND json_extract(body, '$.text') != '' ORDER BY seq`,
		others: `SELECT thread_seq, type, body FROM events WHERE ` + where + ` AND type IN ('file', 'rich_message', 'filled_form', 'form') ORDER BY seq`,
		seen: `UPDATE chat_users SET seen_up_to = q.seen
		FROM (SELECT chat_id, author_id, MAX(created_at) AS seen FROM events WHERE ` + where + ` AND author_id != '' GROUP BY chat_id, author_id) AS q
		WHERE chat_users.chat_id = q.chat_id AND chat_users.user_id = q.author_id AND q.seen > chat_users.seen_up_to`,
	}
}

var (
	// owedAfter chooses the events after a watermark (seq > ?): the
	// writer's deferred writes.
	owedAfter = owedStatements(`seq > ?`)
	// owedByID chooses events by id (a JSON array of ids): the events a
	// seed document still owes (seedOwed), whose seq the merge may change.
	owedByID = owedStatements(`id IN (SELECT value FROM json_each(?))`)
)

// ftsInsert inserts 1<<k (text, thread_seq) rows into events_fts.
var ftsInsert = multiRow(`INSERT INTO events_fts(text, thread_seq) VALUES `, 2)

// forgetQueued makes the next transaction read the watermark and count
// the owed events again (after a rollback, a replaced state, or at start).
func (s *Server) forgetQueued() {
	s.deferW, s.owed = -1, -1
}

// loadDeferred reads the watermark and counts the owed events when they
// are not known. A state without the meta row (loaded from a document
// that has none) owes nothing: the watermark becomes its last event.
func (s *Server) loadDeferred(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt) error {
	if s.deferW < 0 {
		err := s.queryRowCached(ctx, tx, txst, qDeferredW).Scan(&s.deferW)
		if errors.Is(err, sql.ErrNoRows) {
			err = s.settleDeferred(ctx, tx)
		}
		if err != nil {
			s.deferW = -1
			return err
		}
		s.owed = -1
	}
	if s.owed < 0 {
		if err := s.queryRowCached(ctx, tx, txst, qCountOwed, s.deferW).Scan(&s.owed); err != nil {
			return err
		}
	}
	return nil
}

// settleDeferred declares every event of the state in place: the
// watermark becomes the last event (state control: a state that was
// seeded or replaced brings its own index). The writer re-reads it.
func (s *Server) settleDeferred(ctx context.Context, tx *sql.Tx) error {
	var last int64
	if err := tx.QueryRowContext(ctx, qMaxEventSeq).Scan(&last); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, qSetDeferredW, last); err != nil {
		return err
	}
	s.deferW, s.owed = last, 0
	return nil
}

// applyOwed applies every owed write (before an action outside deferOK).
// Called by the writer with no savepoint open, like applyChunk and
// indexOwn; on error the caller rolls back (and forgetQueued).
func (s *Server) applyOwed(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt) error {
	if err := s.loadDeferred(ctx, tx, txst); err != nil || s.owed == 0 {
		return err
	}
	return s.applyDeferred(ctx, tx, txst, true)
}

// applyChunk applies the owed writes once laterChunk events are owed (at
// the end of a batch).
func (s *Server) applyChunk(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt) error {
	if err := s.loadDeferred(ctx, tx, txst); err != nil || s.owed < laterChunk {
		return err
	}
	return s.applyDeferred(ctx, tx, txst, true)
}

// indexOwn is called by the writer after an action outside deferOK added
// events (none were owed before it ran: applyOwed): their
// texts go into the index now, and the watermark past them. Their
// authors' seen_up_to is the action's own business.
func (s *Server) indexOwn(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt) error {
	if err := s.loadDeferred(ctx, tx, txst); err != nil {
		return err
	}
	return s.applyDeferred(ctx, tx, txst, false)
}

// applyDeferred writes the index rows of the events after the watermark,
// moves their authors' seen_up_to when seen is set, and moves the
// watermark to the last of them.
func (s *Server) applyDeferred(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, seen bool) error {
	var last sql.NullInt64
	if err := s.queryRowCached(ctx, tx, txst, qLastOwed, s.deferW).Scan(&last); err != nil {
		return err
	}
	if !last.Valid {
		s.owed = 0
		return nil
	}
	if err := s.writeOwed(ctx, tx, txst, owedAfter, s.deferW, seen); err != nil {
		return err
	}
	if err := s.execCached(ctx, tx, txst, qSetDeferredW, last.Int64); err != nil {
		return err
	}
	s.deferW, s.owed = last.Int64, 0
	return nil
}

// writeOwed writes the index rows of the events q and arg choose, and
// moves their authors' seen_up_to when seen is set.
func (s *Server) writeOwed(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, q owedWrites, arg any, seen bool) error {
	if err := s.execCached(ctx, tx, txst, q.texts, arg); err != nil {
		return err
	}
	rows, err := s.queryCached(ctx, tx, txst, q.others, arg)
	if err != nil {
		return err
	}
	var vals []any
	for rows.Next() {
		var threadSeq int64
		var typ string
		var body []byte
		if err := rows.Scan(&threadSeq, &typ, &body); err != nil {
			rows.Close()
			return err
		}
		if text := eventText(typ, body); text != "" {
			vals = append(vals, text, threadSeq)
		}
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if err := s.insertRows(ctx, tx, txst, &ftsInsert, 2, vals); err != nil {
		return err
	}
	if seen {
		return s.execCached(ctx, tx, txst, q.seen, arg)
	}
	return nil
}

// eventText is the text a stored event gives the full-text index
// (list_archives filters.query), from its type and body as insertEvent
// stored them (buildEvent checked them): a message's or system message's
// text (which writeOwed has SQLite copy: owedWrites.texts), a file's
// name (an upload's name, or the last part of a CDN URL), a rich
// message's element titles, a form's string answers. "" = none.
func eventText(typ string, body []byte) string {
	var b struct {
		Text     json.RawMessage `json:"text"`
		URL      string          `json:"url"`
		Name     string          `json:"name"`
		Elements []struct {
			Title string `json:"title"`
		} `json:"elements"`
		Fields []struct {
			Answer json.RawMessage `json:"answer"`
		} `json:"fields"`
	}
	switch typ {
	case "message", "system_message", "file", "rich_message", "filled_form", "form":
	default:
		return ""
	}
	// A field of another type than the one read here (an event may carry
	// fields its type does not use) is left empty; the rest is read.
	_ = json.Unmarshal(body, &b)
	switch typ {
	case "file":
		if strings.Contains(b.URL, "/files/") {
			return b.Name
		}
		return b.URL[strings.LastIndex(b.URL, "/")+1:]
	case "rich_message":
		titles := make([]string, len(b.Elements))
		for i, el := range b.Elements {
			titles[i] = el.Title
		}
		return strings.Join(titles, " ")
	case "filled_form", "form":
		var text strings.Builder
		for _, f := range b.Fields {
			var s string
			if json.Unmarshal(f.Answer, &s) == nil {
				text.WriteString(s + " ")
			}
		}
		return text.String()
	}
	var text string
	_ = json.Unmarshal(b.Text, &text)
	return text
}

// multiRow returns prefix followed by 1<<k groups of width placeholders,
// for k = 0…6: a batch takes a few statements, not one per row, and only
// a handful of distinct statements get prepared.
func multiRow(prefix string, width int) (qs [7]string) {
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	for k := range qs {
		qs[k] = prefix + strings.TrimSuffix(strings.Repeat(group+",", 1<<k), ",")
	}
	return
}

// insertRows inserts the rows in vals (width values each) with qs
// (multiRow), in chunks of 64, 32, …, 1 rows.
func (s *Server) insertRows(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, qs *[7]string, width int, vals []any) error {
	for len(vals) > 0 {
		k := len(qs) - 1
		for width<<k > len(vals) {
			k--
		}
		n := width << k
		if err := s.execCached(ctx, tx, txst, qs[k], vals[:n]...); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// settleImported is settleDeferred for a state just loaded from a
// document: the events after the document's own watermark (an export of
// a data directory whose emulator stopped with writes owed: ExportDir)
// get their index rows and their authors' seen_up_to now; without a
// watermark the document brings its own index, and nothing is owed.
func (s *Server) settleImported(ctx context.Context, tx *sql.Tx) error {
	var raw string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = '`+store.DeferredSeqKey+`'`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return s.settleDeferred(ctx, tx)
	}
	if err != nil {
		return err
	}
	w, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return fmt.Errorf("state: $.tables.meta: %s is %q, not an event seq (leave it as exported, or leave the row out)", store.DeferredSeqKey, raw)
	}
	var last int64
	if err := tx.QueryRowContext(ctx, qMaxEventSeq).Scan(&last); err != nil {
		return err
	}
	s.deferW = min(max(w, 0), last)
	if err := s.applyDeferred(ctx, tx, nil, true); err != nil {
		s.forgetQueued()
		return err
	}
	return s.settleDeferred(ctx, tx)
}

// The deferred-write queue tables of store schemas 6 to 9, which
// documents exported by those versions name.
const (
	retiredFTSQueue  = "fts_queue"  // text, thread_seq: owed events_fts rows
	retiredSeenQueue = "seen_queue" // chat_id, user_id, seen_up_to: owed seen_up_to moves
)

// retiredQueues takes the rows of the retired queue tables out of d (a
// shallow copy when it has any) and returns what applies them once the
// rest of d is loaded: the texts go into events_fts, the moves into
// chat_users (a later seen_up_to only). A row of the wrong shape is an
// error naming it.
func retiredQueues(d *state.Document) (*state.Document, func(context.Context, *sql.Tx) error, error) {
	none := func(context.Context, *sql.Tx) error { return nil }
	fts, seen := d.Tables[retiredFTSQueue], d.Tables[retiredSeenQueue]
	_, hasFTS := d.Tables[retiredFTSQueue]
	_, hasSeen := d.Tables[retiredSeenQueue]
	if !hasFTS && !hasSeen {
		return d, none, nil
	}
	type stmt struct {
		q    string
		args []any
	}
	var stmts []stmt
	field := func(table string, i int, row state.Row, col string, v any) error {
		if err := json.Unmarshal(row[col], v); err != nil || row[col] == nil || string(row[col]) == "null" {
			return fmt.Errorf("state: $.tables.%s[%d].%s: missing or of the wrong type", table, i, col)
		}
		return nil
	}
	for i, row := range fts {
		var text string
		var threadSeq int64
		if err := field(retiredFTSQueue, i, row, "text", &text); err != nil {
			return nil, nil, err
		}
		if err := field(retiredFTSQueue, i, row, "thread_seq", &threadSeq); err != nil {
			return nil, nil, err
		}
		stmts = append(stmts, stmt{`INSERT INTO events_fts(text, thread_seq) VALUES (?, ?)`, []any{text, threadSeq}})
	}
	for i, row := range seen {
		var chatID, userID, at string
		for _, f := range []struct {
			col string
			v   *string
		}{{"chat_id", &chatID}, {"user_id", &userID}, {"seen_up_to", &at}} {
			if err := field(retiredSeenQueue, i, row, f.col, f.v); err != nil {
				return nil, nil, err
			}
		}
		stmts = append(stmts, stmt{`UPDATE chat_users SET seen_up_to = ? WHERE chat_id = ? AND user_id = ? AND seen_up_to < ?`, []any{at, chatID, userID, at}})
	}
	c := *d
	c.Tables = maps.Clone(d.Tables)
	delete(c.Tables, retiredFTSQueue)
	delete(c.Tables, retiredSeenQueue)
	return &c, func(ctx context.Context, tx *sql.Tx) error {
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// seedOwed is settleImported for a seed document (Config.Seed), which is
// merged rather than loaded alone: it takes the document's watermark (its
// meta row store.DeferredSeqKey, as ExportDir exports a data directory
// whose emulator stopped with writes owed) out of d — a shallow copy when
// it has one; the server keeps its own — and returns the ids of the
// document's events after it. Those still owe their index rows and their
// authors' seen_up_to moves: once d is merged, seedDoc has writeOwed
// (owedByID) apply them, found by id since the merge may give them
// another seq. No watermark: nothing owed (nil).
func seedOwed(d *state.Document) (*state.Document, []string, error) {
	meta := d.Tables["meta"]
	at := -1
	var w int64
	for i, row := range meta {
		var key string
		if json.Unmarshal(row["key"], &key) != nil || key != store.DeferredSeqKey {
			continue
		}
		var raw string
		err := json.Unmarshal(row["value"], &raw)
		if err == nil {
			w, err = strconv.ParseInt(raw, 10, 64)
		} else {
			err = json.Unmarshal(row["value"], &w)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("state: $.tables.meta[%d].value: %s is %s, not an event seq (leave it as exported, or leave the row out)", i, store.DeferredSeqKey, row["value"])
		}
		at = i
	}
	if at < 0 {
		return d, nil, nil
	}
	var ids []string
	for i, row := range d.Tables["events"] {
		var seq int64
		if row["seq"] == nil || json.Unmarshal(row["seq"], &seq) != nil || seq <= w {
			continue // no seq: not an exported event, which the document indexes itself
		}
		var id string
		if err := json.Unmarshal(row["id"], &id); err != nil || id == "" {
			return nil, nil, fmt.Errorf("state: $.tables.events[%d].id: missing or not a string (the event is after %s, so its text is indexed by id)", i, store.DeferredSeqKey)
		}
		ids = append(ids, id)
	}
	c := *d
	c.Tables = maps.Clone(d.Tables)
	c.Tables["meta"] = slices.DeleteFunc(slices.Clone(meta), func(row state.Row) bool {
		var key string
		return json.Unmarshal(row["key"], &key) == nil && key == store.DeferredSeqKey
	})
	return &c, ids, nil
}
