package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator/state"
	"github.com/livechat-go/livechat/emulator/store"
)

// State control: seed, import, export and reset (the document format is
// package emulator/state). Everything here runs as one job of the single
// writer (exclusive), so it sees a committed, quiescent store, its
// deferred writes applied, and the writer's caches are dropped after it.

// NewState reports whether New created the state (the well-known seed and
// Config.Seed were applied) rather than opening an existing one.
func (s *Server) NewState() bool { return s.seededNow }

// Export returns the whole state as a document (see package
// emulator/state); its Encode is byte-identical for the same state.
func (s *Server) Export(ctx context.Context) (*state.Document, error) {
	var doc *state.Document
	err := s.exclusive(ctx, "export", false, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		doc, err = state.Export(ctx, tx)
		return err
	})
	return doc, err
}

// Import replaces the whole state with doc, all or nothing: on error
// nothing changed. Every RTM connection is closed with ReasonShutdown
// (clients reconnect and log in to the new state).
func (s *Server) Import(ctx context.Context, doc *state.Document) error {
	if doc == nil {
		return errors.New("emulator: Import: nil document")
	}
	return s.exclusive(ctx, "import", true, func(ctx context.Context, tx *sql.Tx) error {
		return s.importDoc(ctx, tx, doc)
	})
}

// Reset returns the state to what the server started from: Config.Import
// when set, otherwise the well-known seed plus Config.Seed. RTM
// connections are closed as by Import.
func (s *Server) Reset(ctx context.Context) error {
	return s.exclusive(ctx, "reset", true, func(ctx context.Context, tx *sql.Tx) error {
		return s.baseline(ctx, tx, seedCredentials(), true)
	})
}

// baseline writes into tx the state Reset returns to. clear empties the
// store first (an existing state); Config.Import replaces it anyway.
func (s *Server) baseline(ctx context.Context, tx *sql.Tx, c Credentials, clear bool) error {
	if s.cfg.Import != nil {
		return s.importDoc(ctx, tx, s.cfg.Import)
	}
	if clear {
		if err := state.Load(ctx, tx, &state.Document{}, state.Replace, state.LoadOptions{}); err != nil {
			return err
		}
	}
	if err := insertSeed(ctx, tx, c); err != nil {
		return err
	}
	for _, d := range s.cfg.Seed {
		if err := s.seedDoc(ctx, tx, d); err != nil {
			return err
		}
	}
	// The seed indexed what it added (seedDoc): nothing is owed.
	return s.settleDeferred(ctx, tx)
}

func (s *Server) importDoc(ctx context.Context, tx *sql.Tx, doc *state.Document) error {
	doc, queued, err := retiredQueues(doc) // deferred.go: documents of schema 6–9
	if err != nil {
		return err
	}
	if err := state.Load(ctx, tx, doc, state.Replace, state.LoadOptions{Now: nowStamp(time.Now())}); err != nil {
		return err
	}
	if err := queued(ctx, tx); err != nil {
		return err
	}
	// A restart must not seed over an imported state.
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO meta(key, value) VALUES ('seeded', ?)`, nowStamp(time.Now())); err != nil {
		return err
	}
	return s.settleImported(ctx, tx) // deferred.go: what the document's events still owe
}

// seedDoc merges one seed document; message events it adds are indexed
// for list_archives unless it brings its own events_fts rows. The events
// a document exported with writes owed still owes (seedOwed) get them, as
// Import gives them (settleImported).
func (s *Server) seedDoc(ctx context.Context, tx *sql.Tx, d *state.Document) error {
	var before int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events`).Scan(&before); err != nil {
		return err
	}
	d, queued, err := retiredQueues(d) // deferred.go: documents of schema 6–9
	if err != nil {
		return err
	}
	d, owed, err := seedOwed(d) // deferred.go: documents exported with writes owed
	if err != nil {
		return err
	}
	if err := state.Load(ctx, tx, d, state.Merge, state.LoadOptions{Now: nowStamp(time.Now())}); err != nil {
		return err
	}
	if err := queued(ctx, tx); err != nil {
		return err
	}
	ids, err := json.Marshal(append([]string{}, owed...)) // never null: json_each(null) is one NULL, and NOT IN (NULL) chooses nothing
	if err != nil {
		return err
	}
	if len(owed) > 0 {
		if err := s.writeOwed(ctx, tx, nil, owedByID, string(ids), true); err != nil {
			return err
		}
	}
	if _, ok := d.Tables["events_fts"]; ok {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO events_fts(text, thread_seq)
		SELECT json_extract(body, '$.text'), thread_seq FROM events
		WHERE seq > ? AND type = 'message' AND COALESCE(json_extract(body, '$.text'), '') <> ''
		AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY seq`, before, string(ids))
	return err
}

// exclusive runs fn as one job of the writer, inside its own savepoint
// (an error rolls back everything fn wrote) and returns fn's error.
// replaced says fn may have replaced any state: the server then forgets
// every cached identity and chat, and closes the RTM connections.
func (s *Server) exclusive(ctx context.Context, name string, replaced bool, fn func(context.Context, *sql.Tx) error) error {
	var ferr error
	h := &handler{stateControl: true, fn: func(a *act) (any, error) {
		if err := fn(a.ctx, a.tx); err != nil {
			ferr = err
			return nil, lerr(livechat.TypeValidation, "")
		}
		if replaced {
			s.forgetQueued() // the writer holds s.mu: recounted by the next batch
			a.after = append(a.after, s.forgetAll)
		}
		return nil, nil
	}}
	j := &job{ctx: ctx, c: &call{api: "emulator", action: name, via: viaGo}, h: h,
		payload: []byte("{}"), done: make(chan struct{})}
	select {
	case s.jobs <- j:
	case <-s.stopWriter:
		return errors.New("emulator: closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	if !s.awaitJob(j) {
		return errors.New("emulator: closed")
	}
	if ferr != nil {
		return ferr
	}
	if j.err != nil {
		return fmt.Errorf("emulator: %s: %w", name, j.err)
	}
	return nil
}

// forgetAll drops what the server remembers of a state that was replaced.
func (s *Server) forgetAll() {
	s.tokenCache.Clear()
	s.limiters.Clear()
	s.hub.mu.Lock()
	clear(s.hub.chatCust)
	s.hub.mu.Unlock()
	s.forgetSessions()             // session.go: the old state's sessions end nothing in the new one
	s.hub.closeAll(ReasonShutdown) // reconnectable: clients log in again to the new state
	if s.wh != nil {
		s.wh.poke()
	}
}

// exportOnExit writes the state to Config.ExportOnExit (called by Close
// before anything stops).
func (s *Server) exportOnExit() error {
	if s.cfg.ExportOnExit == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	doc, err := s.Export(ctx)
	if err != nil {
		return err
	}
	return WriteState(s.cfg.ExportOnExit, doc)
}

// WriteState writes doc to name: YAML for .yaml and .yml names, else JSON
// (through a temporary file renamed into place).
func WriteState(name string, doc *state.Document) error {
	data := doc.Encode()
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".yaml" || ext == ".yml" {
		var err error
		if data, err = doc.EncodeYAML(); err != nil {
			return err
		}
	}
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("emulator: export: %w", err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("emulator: export: %w", err)
	}
	return nil
}

// ExportDir exports the state of a stopped emulator's data directory
// (read directly, with nothing started: no webhook is sent).
func ExportDir(ctx context.Context, dir string) (*state.Document, error) {
	if err := store.RequireExisting(dir); err != nil { // never creates a database
		return nil, fmt.Errorf("emulator: export: %w", err)
	}
	db, err := store.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return state.Export(ctx, db.SQL())
}

// serveReset answers POST /emulator/reset (owner credentials required).
func (s *Server) serveReset(w http.ResponseWriter, r *http.Request) {
	if !allowOnly(w, r, http.MethodPost, "") {
		return
	}
	if e := s.ownerOnly(r); e != nil {
		writeError(w, e, "")
		return
	}
	if err := s.Reset(r.Context()); err != nil {
		s.log.Error("reset", "error", err)
		writeError(w, lerr(livechat.TypeInternal, "reset failed"), "")
		return
	}
	writeJSON(w, http.StatusOK, struct{}{})
}

// serveExport answers GET /emulator/export (owner credentials required)
// with the state document, JSON.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	if !allowOnly(w, r, http.MethodGet, "") {
		return
	}
	if e := s.ownerOnly(r); e != nil {
		writeError(w, e, "")
		return
	}
	doc, err := s.Export(r.Context())
	if err != nil {
		s.log.Error("export", "error", err)
		writeError(w, lerr(livechat.TypeInternal, "export failed"), "")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(doc.Encode())
}

// ownerOnly accepts an agent token with the owner's accounts--all:rw scope.
func (s *Server) ownerOnly(r *http.Request) *livechat.Error {
	id, e := s.authenticate(r.Context(), r.Header.Get("Authorization"))
	if e != nil {
		return e
	}
	if id.Kind != "agent" || !id.Scopes.Has("accounts--all:rw") {
		return lerr(livechat.TypeAuthorization, "Only the license owner may do this")
	}
	return nil
}
