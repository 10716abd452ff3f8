package emulator

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/jsoncheck"
)

// Supported versions, oldest first.
var versions = []string{"3.4", "3.5", "3.6"}

func supportedVersion(v string) bool {
	for _, s := range versions {
		if s == v {
			return true
		}
	}
	return false
}

// transport names the front end a call arrived on.
type transport int

const (
	viaWeb transport = iota
	viaRTM
	viaGo // internal Go API
)

// handler describes one action.
type handler struct {
	fn func(*act) (any, error)
	// scopes: any one of them suffices; empty = any valid token.
	scopes []string
	web    bool
	rtm    bool
	// minVer/maxVer bound the versions that know the action ("" = no bound).
	minVer, maxVer string
	// agentOnly / customerOnly restrict the identity kind.
	customer bool
	// stateControl: seed, import, reset or export (snapshot.go), which
	// leave the full-text index and the deferred-write watermark as the
	// state they load needs (settleDeferred) instead of indexOwn.
	stateControl bool
}

// call is one action request as a front end sees it.
type call struct {
	api       string // "agent" or "customer"
	version   string
	action    string
	payload   json.RawMessage
	id        *Identity
	via       transport
	conn      *rtmConn
	requestID string
	authorID  string // X-Author-Id / RTM author_id (bots acting through an agent token, ≤3.5)
	upload    *upload
	// arriving: the call is counted in Server.arriving until it is queued
	// (RTM requests; see runWriter).
	arriving bool
}

// act is the context of one running action: its transaction, caller and
// the pushes it will emit once committed.
type act struct {
	ctx      context.Context
	s        *Server
	tx       *sql.Tx
	c        *call
	id       *Identity // the acting identity (after X-Author-Id)
	ver      string
	now      time.Time
	nowTS    string
	pushes   []outPush
	after    []func()
	payload  json.RawMessage
	wc       *writeCache          // the writer's chat-state cache (writecache.go); nil outside the writer
	keep     bool                 // the action kept wc coherent (keepCache)
	inserted int                  // events the action added (insertEvent; deferred.go)
	txst     map[string]*sql.Stmt // the batch's transaction-bound statements (stmt)
	// loggingIn is the agent whose RTM login this action is: routing
	// counts them as logged in before their connection is registered.
	loggingIn string
}

// outPush is a push to deliver after commit.
type outPush struct {
	action  string
	payload any
	agents  []string // recipient agent ids
	// allAgents delivers to every connected agent (multicast, routing statuses…).
	allAgents bool
	// requester is the RTM connection whose request caused the push; it gets the request_id.
	requester *rtmConn
	requestID string
}

var registry = map[string]map[string]*handler{} // api → action → handler

func register(api, action string, h *handler) {
	if registry[api] == nil {
		registry[api] = map[string]*handler{}
	}
	registry[api][action] = h
}

// lerr builds a *livechat.Error.
func lerr(t livechat.ErrorType, format string, args ...any) *livechat.Error {
	msg := ""
	if format != "" {
		msg = fmt.Sprintf(format, args...)
	}
	return livechat.NewError(t, msg)
}

func validation(format string, args ...any) *livechat.Error {
	return lerr(livechat.TypeValidation, format, args...)
}

// allow applies the per-token rate limit.
func (s *Server) allow(id *Identity) *livechat.Error {
	if s.cfg.RateLimit <= 0 || id == nil {
		return nil
	}
	v, _ := s.limiters.LoadOrStore(id.token, rate.NewLimiter(s.cfg.RateLimit, s.cfg.RateBurst))
	if !v.(*rate.Limiter).Allow() {
		e := lerr(livechat.TypeTooManyRequests, "")
		wait := time.Duration(float64(time.Second) / float64(s.cfg.RateLimit))
		e.RetryAfter = max(1, int((wait+time.Second-1)/time.Second))
		return e
	}
	return nil
}

// dispatch runs one action: lookup, version, transport, scope, decode,
// then the handler inside one transaction, and waits for its outcome.
// Pushes leave after commit.
func (s *Server) dispatch(ctx context.Context, c *call) (res any, lerrOut *livechat.Error) {
	if c.arriving {
		defer s.arrived(c) // on the paths that never queue the action
	}
	j, e := s.newJob(ctx, c)
	if e != nil {
		return nil, e
	}
	j.done = make(chan struct{})
	if e := s.submit(j); e != nil {
		return nil, e
	}
	if !s.awaitJob(j) {
		return nil, lerr(livechat.TypeServiceUnavailable, "The emulator is shutting down")
	}
	return j.outcome()
}

// dispatchAsync is dispatch without the wait, for the RTM reader: the
// action is queued and finish receives its outcome once it is committed
// (or failed), on the goroutine that fans the batch out (runFanout or the
// writer itself), in commit order. finish must not block. A call refused
// before it reaches the writer gets its finish on the calling goroutine,
// before dispatchAsync returns. The deadline (zero: none) turns an action
// still queued past it into a request_timeout.
func (s *Server) dispatchAsync(c *call, deadline time.Time, finish func(any, *livechat.Error)) {
	if c.arriving {
		defer s.arrived(c) // on the paths that never queue the action
	}
	j, e := s.newJobRecover(c)
	if e == nil {
		j.deadline, j.finish = deadline, finish
		e = s.submit(j)
	}
	if e != nil {
		finish(nil, e)
	}
}

// newJobRecover is newJob for dispatchAsync, whose finish must be called
// exactly once: a panic becomes an internal error.
func (s *Server) newJobRecover(c *call) (j *job, e *livechat.Error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in RTM request", "action", c.action, "panic", r, "stack", string(debug.Stack()))
			j, e = nil, lerr(livechat.TypeInternal, "")
		}
	}()
	return s.newJob(context.Background(), c)
}

// newJob runs dispatch's checks (lookup, version, transport, identity,
// rate limit, scope, payload) and returns the job to queue.
func (s *Server) newJob(ctx context.Context, c *call) (*job, *livechat.Error) {
	acts := registry[c.api]
	h := acts[c.action]
	if h == nil || (h.minVer != "" && c.version < h.minVer) || (h.maxVer != "" && c.version > h.maxVer) {
		return nil, validation("Unknown action %q in %s API %s", c.action, c.api, c.version)
	}
	if c.via == viaWeb && !h.web && c.action != "login" {
		return nil, validation("Action %q is available only over RTM", c.action)
	}
	if c.via == viaGo && !h.web {
		return nil, validation("Action %q is available only over RTM", c.action)
	}
	if c.via == viaRTM && !h.rtm {
		return nil, validation("Action %q is available only over the Web API", c.action)
	}
	id := c.id
	if id == nil {
		return nil, lerr(livechat.TypeAuthentication, "Invalid access token")
	}
	if h.customer != (id.Kind == "customer") {
		return nil, lerr(livechat.TypeAuthorization, "This token cannot be used with the %s API", c.api)
	}
	if e := s.allow(id); e != nil {
		return nil, e
	}
	if c.authorID != "" && c.authorID != id.ID {
		if c.version > "3.5" {
			return nil, validation("X-Author-Id is not supported since API 3.6; use the bot's own token")
		}
		bot, e := s.botIdentity(ctx, id, c.authorID)
		if e != nil {
			return nil, e
		}
		id = bot
	}
	if !id.Scopes.HasAny(h.scopes...) {
		return nil, lerr(livechat.TypeAuthorization, "Missing scope: one of %s is required", strings.Join(h.scopes, ", "))
	}
	payload := bytes.TrimSpace(c.payload)
	if len(payload) == 0 || string(payload) == "null" {
		payload = []byte("{}")
	}
	if payload[0] != '{' {
		return nil, validation("Request payload must be a JSON object")
	}
	// Stored JSON must decode again for every reader (jsoncheck.MaxDepth);
	// checked first so that a payload too deep even to parse names its field.
	if e := jsoncheck.Check(payload, 0); e != nil {
		return nil, validation("Invalid payload: %s", e)
	}
	// An RTM payload is part of a frame the decoder already accepted (runRTM).
	if c.via != viaRTM && !json.Valid(payload) {
		return nil, validation("Request payload must be a JSON object")
	}
	// Old clients may wrap the payload: {"payload": {...}} (before v3.1).
	if c.via == viaWeb {
		var wrap map[string]json.RawMessage
		if json.Unmarshal(payload, &wrap) == nil && len(wrap) == 1 {
			if p, ok := wrap["payload"]; ok && len(p) > 0 && p[0] == '{' {
				payload = p
			}
		}
	}
	if e := s.checkRequest(c, payload); e != nil { // openapi.go: Config.RequestValidator
		return nil, e
	}
	return &job{ctx: ctx, c: c, h: h, id: id, payload: payload}, nil
}

// submit queues j for the writer and ends its call's count in s.arriving.
func (s *Server) submit(j *job) *livechat.Error {
	select {
	case s.jobs <- j:
	case <-s.stopWriter:
		return lerr(livechat.TypeServiceUnavailable, "The emulator is shutting down")
	}
	s.arrived(j.c)
	return nil
}

// awaitJob waits for the writer to finish j (its done closed). It reports
// false when the writer stopped without finishing it (the emulator is
// closing).
func (s *Server) awaitJob(j *job) bool {
	select {
	case <-j.done:
		return true
	case <-s.writerDone:
		select {
		case <-j.done:
			return true
		default:
			return false
		}
	}
}

// outcome is the result of a finished job as dispatch returns it.
func (j *job) outcome() (any, *livechat.Error) {
	if j.err != nil {
		return nil, j.err
	}
	if j.res == nil {
		return struct{}{}, nil
	}
	return j.res, nil
}

// arrived ends c's count in s.arriving (once).
func (s *Server) arrived(c *call) {
	if c.arriving {
		c.arriving = false
		s.arriving.Add(-1)
	}
}

// job is one action waiting for the writer.
type job struct {
	ctx     context.Context
	c       *call
	h       *handler
	id      *Identity
	payload json.RawMessage
	res     any
	err     *livechat.Error
	a       *act
	// done is closed once the job is finished; an asynchronous job
	// (dispatchAsync) has finish, called instead, and no done.
	done     chan struct{}
	finish   func(any, *livechat.Error)
	deadline time.Time // zero: none (dispatchAsync)
}

// maxBatch bounds how many queued actions share one SQLite transaction.
const maxBatch = 256

// Adaptive micro-batching (runWriter): a batch that would start with
// fewer than minBatch actions while RTM requests are known to be on
// their way to the writer (read from their socket, not yet queued:
// Server.arriving) waits for them, yielding the processor, at most
// batchWait. An idle server (nothing arriving) never waits.
const (
	minBatch  = 8
	batchWait = 200 * time.Microsecond
)

// Savepoint statements, prepared once like every cached statement.
const (
	qSavepoint  = "SAVEPOINT act"
	qRelease    = "RELEASE act"
	qRollbackTo = "ROLLBACK TO act"
)

// runWriter is the single writer: it takes the queued actions, runs each
// inside its own SAVEPOINT of one transaction (an action that fails is
// rolled back alone, so nothing of it is written), commits once for the
// batch (group commit), then hands the batch to the fan-out goroutine,
// which delivers the pushes, runs the after-commit hooks and answers the
// callers in commit order while the writer already runs the next batch.
// A small batch while the fan-out goroutine has nothing left to do is
// fanned out by the writer itself (the same order; it saves two
// goroutine hand-offs on the serial path, where nothing would overlap).
// Nothing is answered or pushed before its transaction has committed.
func (s *Server) runWriter() {
	fan := make(chan []*job, 64)
	fanDone := make(chan struct{})
	var fanning atomic.Int32 // batches handed to runFanout and not fanned out yet
	go s.runFanout(fan, fanDone, &fanning)
	defer func() {
		close(fan)
		<-fanDone
		close(s.writerDone)
	}()
	wc := newWriteCache()
	var waitUntil time.Time // end of the current batch's micro-batching wait
	busy := false           // the previous batch was a crowd: more is likely on its way
	for {
		var batch []*job
		select {
		case j := <-s.jobs:
			batch = append(make([]*job, 0, 16), j)
		case <-s.stopWriter:
			return
		}
	drain:
		for len(batch) < maxBatch {
			select {
			case j := <-s.jobs:
				batch = append(batch, j)
			default:
				if len(batch) < minBatch && (busy || s.arriving.Load() > 0) {
					if waitUntil.IsZero() {
						waitUntil = time.Now().Add(batchWait)
					} else if time.Now().After(waitUntil) {
						break drain
					}
					runtime.Gosched()
					continue
				}
				break drain
			}
		}
		waitUntil = time.Time{}
		busy = len(batch) >= minBatch
		s.runBatch(batch, wc)
		// Only the writer adds to fanning: at 0, runFanout is done with
		// every earlier batch, so fanning out here keeps commit order.
		if !busy && fanning.Load() == 0 {
			s.fanOut(batch)
		} else {
			fanning.Add(1)
			fan <- batch
		}
		s.db.CatchUpWAL() // keeps the WAL bounded (store.CatchUpWAL)
	}
}

// runFanout fans out each committed batch it is handed (fanOut), one
// batch after the other (commit order).
func (s *Server) runFanout(fan <-chan []*job, done chan<- struct{}, fanning *atomic.Int32) {
	defer close(done)
	for batch := range fan {
		s.fanOut(batch)
		fanning.Add(-1)
	}
}

// fanOut delivers a committed batch's pushes, runs its after-commit hooks
// and releases its callers (or calls their finish), in batch order.
func (s *Server) fanOut(batch []*job) {
	for _, j := range batch {
		if j.a != nil {
			for i := range j.a.pushes {
				s.hub.deliver(&j.a.pushes[i])
			}
		}
	}
	for _, j := range batch {
		if j.a != nil {
			for _, f := range j.a.after {
				f()
			}
		}
		if j.finish != nil {
			s.finishJob(j)
		} else {
			close(j.done)
		}
	}
}

// finishJob hands an asynchronous job's outcome to its finish; a panic
// there is logged, it does not take the fan-out down.
func (s *Server) finishJob(j *job) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic answering a request", "action", j.c.action, "panic", r, "stack", string(debug.Stack()))
		}
	}()
	j.finish(j.outcome())
}

// execCached runs one of the writer's own statements (savepoints, the
// deferred-write queues) in tx, prepared once and reused (txStmt).
func (s *Server) execCached(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, q string, args ...any) error {
	var err error
	if st := s.txStmt(ctx, tx, txst, q); st != nil {
		_, err = st.ExecContext(ctx, args...)
	} else {
		_, err = tx.ExecContext(ctx, q, args...)
	}
	return err
}

// queryRowCached is execCached for a query of one row.
func (s *Server) queryRowCached(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, q string, args ...any) *sql.Row {
	if st := s.txStmt(ctx, tx, txst, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

// queryCached is execCached for a query.
func (s *Server) queryCached(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, q string, args ...any) (*sql.Rows, error) {
	if st := s.txStmt(ctx, tx, txst, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

// txStmt returns the prepared statement for q bound to tx, kept in txst
// (when not nil) for the batch's later uses; the transaction's end closes
// it. When q is not prepared yet it is noted for prepareMissing (which
// runs between transactions, when the single connection is free) and
// txStmt returns nil: the caller runs q unprepared.
func (s *Server) txStmt(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, q string) *sql.Stmt {
	if st, ok := txst[q]; ok {
		return st
	}
	if st, ok := s.stmts[q]; ok {
		st = tx.StmtContext(ctx, st)
		if txst != nil {
			txst[q] = st
		}
		return st
	}
	if len(s.stmts)+len(s.stmtMiss) < 2000 {
		s.stmtMiss[q] = struct{}{}
	}
	return nil
}

func (s *Server) runBatch(batch []*job, wc *writeCache) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prepareMissing()
	fail := func(e *livechat.Error) {
		wc.reset()
		s.forgetQueued() // recounted by the next transaction
		for _, j := range batch {
			j.err, j.res, j.a = e, nil, nil
		}
	}
	ctx := context.Background()
	tx, err := s.db.Begin(ctx)
	if err != nil {
		s.log.Error("begin transaction", "error", err)
		fail(lerr(livechat.TypeInternal, ""))
		return
	}
	txst := map[string]*sql.Stmt{}
	// deferred runs one of the deferred-write steps (deferred.go).
	deferred := func(step func(context.Context, *sql.Tx, map[string]*sql.Stmt) error) bool {
		if err := step(ctx, tx, txst); err != nil {
			tx.Rollback()
			s.log.Error("deferred writes failed; batch rolled back", "error", err)
			fail(lerr(livechat.TypeInternal, ""))
			return false
		}
		return true
	}
	for _, j := range batch {
		if j.ctx.Err() != nil || (!j.deadline.IsZero() && time.Now().After(j.deadline)) {
			j.err = lerr(livechat.TypeRequestTimeout, "")
			continue
		}
		if !deferOK[j.c.action] && !deferred(s.applyOwed) {
			return
		}
		// A batch of one action needs no savepoint: when the action fails,
		// the whole transaction is rolled back (nothing else is in it).
		alone := len(batch) == 1
		if !alone {
			if err := s.execCached(ctx, tx, txst, qSavepoint); err != nil {
				tx.Rollback()
				s.log.Error("savepoint failed; batch rolled back", "error", err)
				fail(lerr(livechat.TypeInternal, ""))
				return
			}
		}
		failed := s.runJob(ctx, tx, txst, j, wc)
		if failed && alone {
			if err := tx.Rollback(); err != nil {
				s.log.Error("roll back a failed action", "action", j.c.action, "error", err)
			}
			s.forgetQueued() // owed writes applied before the action were rolled back with it
			return
		}
		if failed {
			if err := s.execCached(ctx, tx, txst, qRollbackTo); err != nil {
				tx.Rollback()
				s.log.Error("rollback to savepoint failed; batch rolled back", "error", err)
				fail(lerr(livechat.TypeInternal, ""))
				return
			}
			s.forgetQueued() // the action may have moved the watermark (settleDeferred)
		}
		if !alone {
			if err := s.execCached(ctx, tx, txst, qRelease); err != nil {
				tx.Rollback()
				s.log.Error("release savepoint failed; batch rolled back", "error", err)
				fail(lerr(livechat.TypeInternal, ""))
				return
			}
		}
		if failed || j.a.inserted == 0 || j.h.stateControl {
			continue
		}
		if deferOK[j.c.action] {
			if s.owed >= 0 {
				s.owed += j.a.inserted
			}
		} else if !deferred(s.indexOwn) {
			return
		}
	}
	if !deferred(s.applyChunk) {
		return
	}
	if err := tx.Commit(); err != nil {
		s.log.Error("commit", "error", err)
		fail(lerr(livechat.TypeInternal, ""))
	}
}

// runJob runs j's handler in tx (inside its savepoint, if any) and
// records its outcome in j. It reports whether the action failed (its
// writes must then be rolled back).
func (s *Server) runJob(ctx context.Context, tx *sql.Tx, txst map[string]*sql.Stmt, j *job, wc *writeCache) (failed bool) {
	now := s.tick()
	a := &act{ctx: ctx, s: s, tx: tx, c: j.c, id: j.id, ver: j.c.version, now: now, nowTS: nowStamp(now), payload: j.payload, wc: wc, txst: txst}
	res, herr := runHandler(s, j.h, a)
	if herr != nil || !a.keep {
		wc.reset()
	}
	if herr == nil {
		j.res, j.a = res, a
		return false
	}
	var le *livechat.Error
	if errors.As(herr, &le) {
		j.err = le
	} else {
		s.log.Error("action failed", "action", j.c.action, "error", herr)
		j.err = lerr(livechat.TypeInternal, "")
	}
	return true
}

// stmt returns a prepared statement for q inside the action's
// transaction when one is cached, noting misses so that the writer
// prepares them between transactions (the single connection is then free).
func (a *act) stmt(q string) *sql.Stmt { return a.s.txStmt(a.ctx, a.tx, a.txst, q) }

func (s *Server) prepareMissing() {
	for q := range s.stmtMiss {
		if st, err := s.db.SQL().Prepare(q); err == nil {
			s.stmts[q] = st
		}
		delete(s.stmtMiss, q)
	}
}

// runHandler calls the handler, turning a panic into an internal error.
func runHandler(s *Server, h *handler, a *act) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in action", "action", a.c.action, "panic", r, "stack", string(debug.Stack()))
			res, err = nil, lerr(livechat.TypeInternal, "")
		}
	}()
	return h.fn(a)
}

// tick returns strictly increasing timestamps so that events_seen_up_to
// comparisons and orderings are stable; called with s.mu held.
func (s *Server) tick() time.Time {
	now := time.Now().UTC().Truncate(time.Microsecond)
	if !now.After(s.lastTick) {
		now = s.lastTick.Add(time.Microsecond)
	}
	s.lastTick = now
	return now
}

func nowStamp(t time.Time) string { return string(livechat.NewTimestamp(t)) }

// decode unmarshals the payload into v; type errors are validation errors.
func (a *act) decode(v any) error {
	if err := json.Unmarshal(a.payload, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return validation("Field %q has a wrong type: expected %s, got %s", te.Field, te.Type, te.Value)
		}
		return validation("Wrong format of request: %v", err)
	}
	return nil
}

// has reports whether the payload contains the top-level key.
func (a *act) has(key string) bool {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(a.payload, &m)
	_, ok := m[key]
	return ok
}

// push queues a push for the given agents.
func (a *act) push(action string, payload any, agents ...string) {
	a.pushes = append(a.pushes, outPush{action: action, payload: payload, agents: agents,
		requester: a.c.conn, requestID: a.c.requestID})
}

// pushAll queues a push for every connected agent.
func (a *act) pushAll(action string, payload any) {
	a.pushes = append(a.pushes, outPush{action: action, payload: payload, allAgents: true,
		requester: a.c.conn, requestID: a.c.requestID})
}

func (a *act) exec(q string, args ...any) error {
	_, err := a.execRes(q, args...)
	return err
}

func (a *act) execRes(q string, args ...any) (sql.Result, error) {
	if st := a.stmt(q); st != nil {
		return st.ExecContext(a.ctx, args...)
	}
	return a.tx.ExecContext(a.ctx, q, args...)
}

func (a *act) queryRow(q string, args ...any) *sql.Row {
	if st := a.stmt(q); st != nil {
		return st.QueryRowContext(a.ctx, args...)
	}
	return a.tx.QueryRowContext(a.ctx, q, args...)
}

func (a *act) query(q string, args ...any) (*sql.Rows, error) {
	if st := a.stmt(q); st != nil {
		return st.QueryContext(a.ctx, args...)
	}
	return a.tx.QueryContext(a.ctx, q, args...)
}

// closeRows closes rows and returns the error, if any, that ended its
// iteration (rows.Err stays valid after Close; a failure of Close itself
// is ignored, as before). Row loops that read everything into memory
// call it right after the loop: the store has one connection and the
// next query needs it.
func closeRows(rows *sql.Rows) error {
	rows.Close()
	return rows.Err()
}

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// newID returns a 10-character chat/thread id (A–Z, 0–9).
func newID() string {
	var b [10]byte
	for i := range b {
		b[i] = idAlphabet[rand.IntN(len(idAlphabet))]
	}
	return string(b[:])
}

func uniqueInts(in []int) []int {
	m := map[int]bool{}
	var out []int
	for _, v := range in {
		if !m[v] {
			m[v] = true
			out = append(out, v)
		}
	}
	sort.Ints(out)
	return out
}

func containsStr(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// botIdentity lets an agent token act as a bot (X-Author-Id, API ≤ 3.5).
func (s *Server) botIdentity(ctx context.Context, agent *Identity, botID string) (*Identity, *livechat.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var isBot int
	err := s.db.SQL().QueryRowContext(ctx, `SELECT is_bot FROM agents WHERE id = ?`, botID).Scan(&isBot)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.log.Error("bot identity: look up the bot", "bot", botID, "error", err)
		return nil, lerr(livechat.TypeInternal, "")
	}
	if err != nil || isBot != 1 {
		return nil, validation("X-Author-Id %q is not a bot of this license", botID)
	}
	if !agent.Scopes.HasAny("agents-bot--my:rw", "agents-bot--all:rw") {
		return nil, lerr(livechat.TypeAuthorization, "Acting as a bot requires agents-bot--all:rw")
	}
	bot := *agent
	bot.ID, bot.IsBot, bot.AccountID = botID, true, ""
	groups, err := collectColumn[int](s.db.SQL().QueryContext(ctx, agentGroupsSQL, botID)) // sqlscan.go
	if err != nil {
		s.log.Error("bot identity: list groups", "bot", botID, "error", err)
		return nil, lerr(livechat.TypeInternal, "")
	}
	bot.groups = groups
	return &bot, nil
}
