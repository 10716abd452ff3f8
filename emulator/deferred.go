package emulator

import (
	"context"
	"database/sql"
	"strings"
)

// Deferred writes: two side effects of send_event that only other actions
// can observe — the event's text in the full-text index and the author's
// events_seen_up_to — are not written in place by each event's
// transaction. The writer appends them to a queue table in that same
// transaction (so they are as durable as the event: a restart finds them
// queued) and moves each queue into place in one statement once it holds
// laterChunk rows, and before any action other than those in deferOK
// runs, so every other action reads what it would have read without the
// queues. In place, every event would rewrite one chat_users page and
// write one FTS5 index segment per transaction; queued, a transaction
// appends to one or two pages of each queue, and the index gets one
// segment per chunk.

// The deferred-write queues.
const (
	queueFTS  = iota // events_fts rows: text, thread_seq
	queueSeen        // chat_users.seen_up_to moves: chat_id, user_id, seen_up_to
	numQueues
)

// laterQueue describes one queue table.
type laterQueue struct {
	width  int       // values per row
	insert [7]string // INSERT of 1<<k rows (multiRow)
	apply  []string  // statements that move the queue into place, then empty it
	count  string    // counts its rows
}

var laterQueues = [numQueues]laterQueue{
	queueFTS: {
		width:  2,
		insert: multiRow(`INSERT INTO fts_queue(text, thread_seq) VALUES `, 2),
		apply: []string{
			`INSERT INTO events_fts(text, thread_seq) SELECT text, thread_seq FROM fts_queue ORDER BY rowid`,
			`DELETE FROM fts_queue`,
		},
		count: `SELECT COUNT(*) FROM fts_queue`,
	},
	queueSeen: {
		width:  3,
		insert: multiRow(`INSERT INTO seen_queue(chat_id, user_id, seen_up_to) VALUES `, 3),
		apply: []string{
			`UPDATE chat_users SET seen_up_to = q.seen
			FROM (SELECT chat_id, user_id, MAX(seen_up_to) AS seen FROM seen_queue GROUP BY chat_id, user_id) AS q
			WHERE chat_users.chat_id = q.chat_id AND chat_users.user_id = q.user_id AND q.seen > chat_users.seen_up_to`,
			`DELETE FROM seen_queue`,
		},
		count: `SELECT COUNT(*) FROM seen_queue`,
	},
}

// deferOK lists the actions that observe neither events_fts nor
// chat_users.seen_up_to, so the queues may stay as they are before them.
// send_event reads chat members only for their presence and visibility
// (its cached chat state may hold a stale seen_up_to of another member,
// which it never reads).
var deferOK = map[string]bool{"send_event": true}

// laterChunk is how many queued rows make the writer apply a queue even
// when no action needs it yet.
const laterChunk = 256

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

// indexText defers adding text to the full-text index of thread threadSeq
// until the action has succeeded (outside its savepoint: FTS5 flushes its
// pending index on every SAVEPOINT and RELEASE).
func (a *act) indexText(text string, threadSeq int64) {
	a.later[queueFTS] = append(a.later[queueFTS], text, threadSeq)
}

// deferSeen is seeAll for actions in deferOK: the user's events_seen_up_to
// moves to now through seen_queue.
func (a *act) deferSeen(chatID, userID string) {
	a.later[queueSeen] = append(a.later[queueSeen], chatID, userID, a.nowTS)
}

// forgetQueued makes the next transaction count the queues again (after a
// rollback, or at start).
func (s *Server) forgetQueued() {
	for i := range s.queued {
		s.queued[i] = -1
	}
}

// writeLater appends the batch's deferred rows to their queues and
// applies every queue that reached laterChunk, or every non-empty queue
// when force is set; rows is emptied. Called by the writer with no
// savepoint open; on error the caller rolls back (and forgetQueued).
func (s *Server) writeLater(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, rows *[numQueues][]any, force bool) error {
	for i := range rows {
		q := &laterQueues[i]
		if s.queued[i] < 0 {
			if err := tx.QueryRowContext(ctx, q.count).Scan(&s.queued[i]); err != nil {
				return err
			}
		}
		if len(rows[i]) > 0 {
			if err := s.insertRows(ctx, tx, txst, &q.insert, q.width, rows[i]); err != nil {
				return err
			}
			s.queued[i] += len(rows[i]) / q.width
			clear(rows[i])
			rows[i] = rows[i][:0]
		}
		if s.queued[i] >= laterChunk || (force && s.queued[i] > 0) {
			for _, st := range q.apply {
				if err := s.execCached(ctx, tx, txst, st); err != nil {
					return err
				}
			}
			s.queued[i] = 0
		}
	}
	return nil
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
