package emulator

// Webhook delivery (protocol.md §5.4).
//
// Every action that emits a push also queues, inside its own transaction,
// one delivery per registered webhook whose action and filters match
// (webhook_deliveries). Queuing happens in a wrapper installed around
// every registered handler (installWebhookHook), so no action has to know
// about webhooks. A delivery is therefore committed together with the
// change it reports, or not at all.
//
// After commit a single worker goroutine POSTs the envelope
// {webhook_id, secret_key, action, organization_id, payload,
// additional_data} to the webhook's URL. A 2xx answer marks it delivered;
// anything else (or no answer within Config.WebhookTimeout, default 10 s)
// is retried after Config.WebhookRetryDelay, doubling up to
// Config.WebhookMaxRetryDelay, at most Config.WebhookMaxRetries times
// (default 10), then marked failed. Every attempt is recorded
// (webhook_attempts: time, HTTP status, error, duration). Pending
// deliveries live in SQLite, so a restarted server resumes them; the due
// time of a retry is computed from the last attempt with the current
// configuration. An attempt interrupted by Close is not recorded and is
// made again after a restart.
//
// Legacy REST API v2 webhooks (v2hooks.go) are queued by the same
// wrapper and delivered by the same worker: their body is the v2 one
// ({event_type, token, license_id, <data types>}), their token is kept
// like a secret key, and they are listed with API "v2".
//
// Ordering: the deliveries of one chat to one webhook are made in event
// order. Only the oldest pending delivery of a (webhook, chat) pair is
// ever in flight; the next one starts after it was delivered or finally
// failed, so a receiver that keeps failing holds back that chat's later
// deliveries (to that webhook only) until its retries run out. Deliveries
// not about a chat (configuration actions) are ordered per webhook the
// same way. Different chats and different webhooks are delivered
// concurrently (at most 16 attempts at a time) in no set order.
//
// A delivery whose envelope cannot be built (a stored envelope that no
// longer decodes) counts as a failed attempt and is retried and failed
// like any other, so it never spins the worker.
//
// Deliveries are listed by Server.WebhookDeliveries, by GET
// /emulator/webhooks/deliveries on the running server (owner's
// credentials required: Bearer or PAT with webhooks.configuration:rw) and
// by `livechat webhooks deliveries`. Secret keys and v2 tokens are never
// listed, and webhook URLs are redacted in listings, attempt errors and
// logs (user information and secret-looking query values, internal/redact).

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator/store"
	"github.com/livechat-go/livechat/internal/redact"
)

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
	DeliveryCancelled = "cancelled" // the webhook was unregistered first
)

// WebhookDelivery is one webhook sent (or to be sent) by the emulator.
type WebhookDelivery struct {
	ID int64 `json:"id"`
	// API is "v3" (register_webhook) or "v2" (REST API v2 POST /webhooks).
	API       string `json:"api"`
	WebhookID string `json:"webhook_id"`
	// Action is the v3 action, or the v2 event_type.
	Action string `json:"action"`
	// URL is the webhook's URL, its password (if any) redacted.
	URL string `json:"url"`
	// Status is pending, delivered, failed or cancelled.
	Status        string `json:"status"`
	Attempts      int    `json:"attempts"`
	CreatedAt     string `json:"created_at"`
	LastAttemptAt string `json:"last_attempt_at,omitempty"`
	DeliveredAt   string `json:"delivered_at,omitempty"`
	// Envelope is the body sent, without its secret_key (v2: token).
	Envelope json.RawMessage `json:"envelope"`
	// AttemptLog lists every attempt, oldest first.
	AttemptLog []WebhookAttempt `json:"attempt_log"`
}

// WebhookAttempt is one POST of a delivery.
type WebhookAttempt struct {
	N  int    `json:"n"`
	At string `json:"at"`
	// StatusCode is the receiver's HTTP status (0 when none was received).
	StatusCode int    `json:"status_code"`
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

type webhookWorker struct {
	s      *Server
	ctx    context.Context
	cancel context.CancelFunc
	client *http.Client
	wake   chan struct{}
	wg     sync.WaitGroup
	count  atomic.Int64 // registered webhooks (may overcount; 0 = skip matching)
	// v2count counts the registered REST API v2 webhooks likewise.
	v2count atomic.Int64

	mu       sync.Mutex
	inflight map[int64]bool
	changed  chan struct{} // closed and replaced after every recorded attempt
}

const maxInflightDeliveries = 16

func (s *Server) startWebhooks() {
	c := &s.cfg
	if c.WebhookTimeout <= 0 {
		c.WebhookTimeout = 10 * time.Second
	}
	if c.WebhookRetryDelay <= 0 {
		c.WebhookRetryDelay = 20 * time.Second
	}
	if c.WebhookMaxRetryDelay <= 0 {
		c.WebhookMaxRetryDelay = time.Hour
	}
	if c.WebhookMaxRetryDelay < c.WebhookRetryDelay {
		c.WebhookMaxRetryDelay = c.WebhookRetryDelay
	}
	if c.WebhookMaxRetries <= 0 {
		c.WebhookMaxRetries = 10
	}
	installWebhookHook()
	w := &webhookWorker{s: s, wake: make(chan struct{}, 1), inflight: map[int64]bool{}, changed: make(chan struct{}),
		client: &http.Client{Timeout: c.WebhookTimeout, Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second,
			DisableKeepAlives: true}}}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	s.mu.Lock()
	var n, n2 int64
	_ = s.db.SQL().QueryRow(`SELECT COUNT(*) FROM webhooks`).Scan(&n)
	_ = s.db.SQL().QueryRow(`SELECT COUNT(*) FROM v2_webhooks`).Scan(&n2)
	s.mu.Unlock()
	w.count.Store(n)
	w.v2count.Store(n2)
	s.wh = w
	w.wg.Add(1)
	go w.run()
}

func (s *Server) stopWebhooks() {
	if s.wh == nil {
		return
	}
	s.wh.cancel()
	s.wh.wg.Wait()
	s.wh.client.CloseIdleConnections()
}

func (w *webhookWorker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *webhookWorker) run() {
	defer w.wg.Done()
	for {
		next := w.startDue()
		var timer *time.Timer
		var tc <-chan time.Time
		if !next.IsZero() {
			timer = time.NewTimer(max(time.Until(next), time.Millisecond))
			tc = timer.C
		}
		select {
		case <-w.ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return
		case <-w.wake:
		case <-tc:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// retryDelay is the wait after the n-th failed attempt (n ≥ 1).
func (w *webhookWorker) retryDelay(n int) time.Duration {
	d := w.s.cfg.WebhookRetryDelay
	for i := 1; i < n && d < w.s.cfg.WebhookMaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, w.s.cfg.WebhookMaxRetryDelay)
}

type pendingDelivery struct {
	id                                  int64
	webhook, chat                       string // the ordering key (see startDue)
	action, url, secret, envelope, last string
	attempts                            int
}

// startDue starts an attempt for every due delivery and returns when the
// next one falls due (zero when none is waiting).
func (w *webhookWorker) startDue() time.Time {
	s := w.s
	// w.mu is held from the read to the marking so that an attempt that
	// finishes meanwhile (it records, then clears its in-flight mark) is
	// either still marked or already visible in the list.
	w.mu.Lock()
	defer w.mu.Unlock()
	s.mu.Lock()
	rows, err := s.db.SQL().QueryContext(w.ctx, `SELECT id, webhook_id, chat_id, action, url, secret_key, envelope, attempts, last_attempt_at
		FROM webhook_deliveries WHERE status = 'pending' ORDER BY id`)
	var list []pendingDelivery
	if err == nil {
		for rows.Next() {
			var d pendingDelivery
			if err = rows.Scan(&d.id, &d.webhook, &d.chat, &d.action, &d.url, &d.secret, &d.envelope, &d.attempts, &d.last); err != nil {
				break
			}
			list = append(list, d)
		}
		if cerr := closeRows(rows); err == nil {
			err = cerr
		}
	}
	s.mu.Unlock()
	if err != nil {
		if w.ctx.Err() == nil {
			s.log.Error("webhooks: list pending deliveries", "error", err)
		}
		return time.Time{}
	}
	now := time.Now()
	var next time.Time
	// Only the oldest pending delivery of each (webhook, chat) may be in
	// flight or start: the next one waits until it is delivered or failed.
	heads := map[[2]string]bool{}
	for _, d := range list {
		k := [2]string{d.webhook, d.chat}
		if heads[k] {
			continue // a finishing attempt of the head wakes the loop again
		}
		heads[k] = true
		due := now
		if d.attempts > 0 {
			if t, err := parseTS(d.last); err == nil {
				due = t.Add(w.retryDelay(d.attempts))
			}
		}
		if due.After(now) {
			if next.IsZero() || due.Before(next) {
				next = due
			}
			continue
		}
		busy := w.inflight[d.id] || len(w.inflight) >= maxInflightDeliveries
		if !busy {
			w.inflight[d.id] = true
		}
		if busy {
			continue // a finishing attempt wakes the loop again
		}
		w.wg.Add(1)
		go w.attempt(d)
	}
	return next
}

func (w *webhookWorker) attempt(d pendingDelivery) {
	defer w.wg.Done()
	defer func() {
		w.mu.Lock()
		delete(w.inflight, d.id)
		w.mu.Unlock()
		w.poke()
	}()
	field := "secret_key"
	if strings.HasPrefix(d.action, v2ActionPrefix) {
		field = "token" // a v2 body carries the webhook's token
	}
	start := time.Now()
	body, err := withSecret(d.envelope, field, d.secret)
	if err != nil {
		// A failed attempt like any other: retried with backoff, then
		// failed, never a hot loop (the poke below finds it not due).
		w.s.log.Error("webhooks: cannot build the envelope", "delivery", d.id, "error", err)
		w.record(d, start, 0, "cannot build the envelope: "+err.Error())
		return
	}
	status, errText := 0, ""
	req, err := http.NewRequestWithContext(w.ctx, http.MethodPost, d.url, bytes.NewReader(body))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "livechat-emulator-webhooks")
		var res *http.Response
		res, err = w.client.Do(req)
		if err == nil {
			status = res.StatusCode
			io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
			res.Body.Close()
			if status < 200 || status > 299 {
				errText = fmt.Sprintf("HTTP %d", status)
			}
		}
	}
	if err != nil {
		if w.ctx.Err() != nil {
			return // shutting down: not an attempt; resumed after a restart
		}
		errText = redact.Error(err) // the URL may carry a password or a token
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			errText = "timeout after " + w.s.cfg.WebhookTimeout.String() + ": " + errText
		}
	}
	w.record(d, start, status, errText)
}

// withSecret adds the secret kept out of the stored envelope as field.
func withSecret(envelope, field, secret string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(envelope), &m); err != nil {
		return nil, err
	}
	m[field] = rawStr(secret)
	return json.Marshal(m)
}

func (w *webhookWorker) record(d pendingDelivery, start time.Time, status int, errText string) {
	s := w.s
	n := d.attempts + 1
	at := nowStamp(time.Now())
	newStatus := DeliveryPending
	delivered := ""
	switch {
	case errText == "":
		newStatus, delivered = DeliveryDelivered, at
	case n > s.cfg.WebhookMaxRetries:
		newStatus = DeliveryFailed
	}
	s.mu.Lock()
	err := func() error {
		tx, err := s.db.Begin(context.Background())
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.Exec(`INSERT INTO webhook_attempts(delivery_id, n, at, status_code, error, duration_ms) VALUES (?,?,?,?,?,?)`,
			d.id, n, nowStamp(start), status, errText, time.Since(start).Milliseconds()); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE webhook_deliveries SET attempts = ?, last_attempt_at = ?, delivered_at = ?,
			status = CASE WHEN status = 'pending' THEN ? ELSE status END WHERE id = ?`,
			n, at, delivered, newStatus, d.id); err != nil {
			return err
		}
		return tx.Commit()
	}()
	s.mu.Unlock()
	if err != nil {
		s.log.Error("webhooks: record attempt", "delivery", d.id, "error", err)
	}
	s.log.Debug("webhook attempt", "delivery", d.id, "url", redact.URL(d.url), "attempt", n, "status", status, "error", errText)
	w.mu.Lock()
	close(w.changed)
	w.changed = make(chan struct{})
	w.mu.Unlock()
}

// WebhookDeliveries lists every webhook delivery with its attempts,
// oldest first.
func (s *Server) WebhookDeliveries(ctx context.Context) ([]WebhookDelivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listDeliveries(ctx, s.db.SQL())
}

// AwaitWebhookDeliveries blocks until cond holds for the list of
// deliveries (checked now and after every recorded attempt) and returns
// that list, or ctx's error.
func (s *Server) AwaitWebhookDeliveries(ctx context.Context, cond func([]WebhookDelivery) bool) ([]WebhookDelivery, error) {
	for {
		s.wh.mu.Lock()
		ch := s.wh.changed
		s.wh.mu.Unlock()
		list, err := s.WebhookDeliveries(ctx)
		if err != nil {
			return nil, err
		}
		if cond(list) {
			return list, nil
		}
		select {
		case <-ctx.Done():
			return list, ctx.Err()
		case <-ch:
		}
	}
}

// ListWebhookDeliveries reads the deliveries stored in a data directory
// (the emulator using it must not be running: it locks the database). A
// directory that holds no emulator state is an error; nothing is created.
func ListWebhookDeliveries(ctx context.Context, dataDir string) ([]WebhookDelivery, error) {
	if dataDir == "" || dataDir == store.Memory {
		return nil, errors.New("emulator: ListWebhookDeliveries needs a data directory")
	}
	if err := store.RequireExisting(dataDir); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return listDeliveries(ctx, db.SQL())
}

func listDeliveries(ctx context.Context, db querier) ([]WebhookDelivery, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, webhook_id, action, url, status, attempts, created_at, last_attempt_at,
		delivered_at, envelope FROM webhook_deliveries ORDER BY id`)
	if err != nil {
		return nil, err
	}
	out := []WebhookDelivery{}
	idx := map[int64]int{}
	for rows.Next() {
		var d WebhookDelivery
		var env string
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.Action, &d.URL, &d.Status, &d.Attempts, &d.CreatedAt,
			&d.LastAttemptAt, &d.DeliveredAt, &env); err != nil {
			rows.Close()
			return nil, err
		}
		d.Envelope = json.RawMessage(env)
		d.AttemptLog = []WebhookAttempt{}
		d.API = "v3"
		if ev, ok := strings.CutPrefix(d.Action, v2ActionPrefix); ok {
			d.API, d.Action = "v2", ev
		}
		d.URL = redact.URL(d.URL)
		idx[d.ID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT delivery_id, n, at, status_code, error, duration_ms FROM webhook_attempts ORDER BY delivery_id, n`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at WebhookAttempt
		if err := rows.Scan(&id, &at.N, &at.At, &at.StatusCode, &at.Error, &at.DurationMS); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].AttemptLog = append(out[i].AttemptLog, at)
		}
	}
	return out, rows.Err()
}

// serveDeliveries answers GET /emulator/webhooks/deliveries to an agent
// (not a bot) whose token may manage webhooks (webhooks.configuration:rw,
// as list_webhooks needs): the owner's credentials, Bearer or PAT.
func (s *Server) serveDeliveries(w http.ResponseWriter, r *http.Request) {
	if !allowOnly(w, r, http.MethodGet, "") {
		return
	}
	id, e := s.authenticate(r.Context(), r.Header.Get("Authorization"))
	if e != nil {
		writeError(w, e, "")
		return
	}
	if id.Kind != "agent" || id.IsBot || !id.Scopes.HasAny("webhooks.configuration:rw") {
		writeError(w, lerr(livechat.TypeAuthorization, "Listing webhook deliveries needs the owner's credentials (scope webhooks.configuration:rw)"), "")
		return
	}
	list, err := s.WebhookDeliveries(r.Context())
	if err != nil {
		writeError(w, lerr(livechat.TypeInternal, ""), "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": list})
}

// ---- queuing deliveries inside actions ----

var hookOnce sync.Once

// installWebhookHook wraps every registered handler (once per process,
// after every init has registered its actions) with withWebhooks. The
// REST API v2 handlers, which are not in the registry, are wrapped by
// v2Run.
func installWebhookHook() {
	hookOnce.Do(func() {
		for _, acts := range registry {
			for _, h := range acts {
				h.fn = withWebhooks(h.fn)
			}
		}
	})
}

// withWebhooks makes a successful action queue, in its own transaction,
// the v3 and the v2 webhooks of the pushes it emitted.
func withWebhooks(fn func(*act) (any, error)) func(*act) (any, error) {
	return func(a *act) (any, error) {
		res, err := fn(a)
		if err != nil {
			return res, err
		}
		if werr := a.queueWebhooks(0); werr != nil {
			return nil, werr
		}
		if werr := a.queueV2Webhooks(); werr != nil {
			return nil, werr
		}
		return res, nil
	}
}

// webhookActionSet is every action a webhook can be registered for, in any version.
var webhookActionSet = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range versions {
		for _, a := range livechat.WebhookActions(livechat.APIVersion(v)) {
			m[a] = true
		}
	}
	return m
}()

type webhookRow struct {
	id, owner, typ, action, url, secret, version string
	filters                                      webhookFilters
	additional                                   []string
}

type webhookFilters struct {
	AuthorType   string `json:"author_type,omitempty"`
	OnlyMyChats  bool   `json:"only_my_chats,omitempty"`
	ChatPresence *struct {
		UserIDs *strFilter `json:"user_ids,omitempty"`
		MyBots  bool       `json:"my_bots,omitempty"`
	} `json:"chat_presence,omitempty"`
	SourceType []string `json:"source_type,omitempty"`
}

// queueWebhooks queues the deliveries of a.pushes[from:].
func (a *act) queueWebhooks(from int) error {
	w := a.s.wh
	if w == nil || w.count.Load() == 0 || from >= len(a.pushes) {
		return nil
	}
	seen := map[string]bool{}
	queued := 0
	for i := from; i < len(a.pushes); i++ {
		p := &a.pushes[i]
		if !webhookActionSet[p.action] {
			continue
		}
		payload, err := json.Marshal(p.payload)
		if err != nil {
			return err
		}
		key := p.action + "\x00" + string(payload)
		if seen[key] {
			continue // the same push to another audience
		}
		seen[key] = true
		n, err := a.queueWebhooksFor(p.action, payload)
		if err != nil {
			return err
		}
		queued += n
	}
	if queued > 0 {
		a.after = append(a.after, w.poke)
	}
	return nil
}

func (a *act) queueWebhooksFor(action string, payload json.RawMessage) (int, error) {
	rows, err := a.query(`SELECT id, owner_client_id, type, url, secret_key, filters, additional_data, version
		FROM webhooks WHERE action = ? ORDER BY seq`, action)
	if err != nil {
		return 0, err
	}
	var hooks []webhookRow
	for rows.Next() {
		h := webhookRow{action: action}
		var filters, add string
		if err := rows.Scan(&h.id, &h.owner, &h.typ, &h.url, &h.secret, &filters, &add, &h.version); err != nil {
			rows.Close()
			return 0, err
		}
		_ = json.Unmarshal([]byte(filters), &h.filters)
		_ = json.Unmarshal([]byte(add), &h.additional)
		hooks = append(hooks, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(hooks) == 0 {
		return 0, nil
	}
	var m map[string]any
	_ = json.Unmarshal(payload, &m)
	chatID := webhookChatID(action, m)
	var present []chatUser
	var chatProps props
	if chatID != "" {
		present, err = a.chatUsers(chatID)
		if err != nil {
			return 0, err
		}
		var ps string
		if err := a.queryRow(`SELECT properties FROM chats WHERE id = ?`, chatID).Scan(&ps); err == nil {
			chatProps = parseProps(ps)
		}
	}
	presentIDs := []string{}
	for _, u := range present {
		if u.present {
			presentIDs = append(presentIDs, u.userID)
		}
	}
	sort.Strings(presentIDs)
	requester := a.requesterClientID()
	n := 0
	for _, h := range hooks {
		if !containsStr(livechat.WebhookActions(livechat.APIVersion(h.version)), action) {
			continue
		}
		ok, err := a.webhookMatches(&h, m, chatID, presentIDs, chatProps, requester)
		if err != nil {
			return 0, err
		}
		if !ok {
			continue
		}
		env := map[string]any{"webhook_id": h.id, "action": action, "organization_id": a.s.creds.OrganizationID,
			"payload": payload}
		if len(h.additional) > 0 {
			ad := map[string]any{}
			for _, k := range h.additional {
				switch k {
				case "chat_properties":
					if chatProps != nil {
						ad[k] = chatProps
					} else if chatID != "" {
						ad[k] = props{}
					}
				case "chat_presence_user_ids":
					if chatID != "" {
						ad[k] = presentIDs
					}
				}
			}
			env["additional_data"] = ad
		}
		b, err := json.Marshal(env)
		if err != nil {
			return 0, err
		}
		if err := a.exec(`INSERT INTO webhook_deliveries(webhook_id, action, url, secret_key, envelope, created_at, chat_id) VALUES (?,?,?,?,?,?,?)`,
			h.id, action, h.url, h.secret, string(b), a.nowTS, chatID); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// webhookChatID finds the chat a payload is about ("" for configuration pushes).
func webhookChatID(action string, m map[string]any) string {
	if m == nil {
		return ""
	}
	if s, ok := m["chat_id"].(string); ok {
		return s
	}
	if c, ok := m["chat"].(map[string]any); ok {
		if s, ok := c["id"].(string); ok {
			return s
		}
	}
	if action == "chat_access_updated" {
		if s, ok := m["id"].(string); ok {
			return s
		}
	}
	return ""
}

// requesterClientID is the OAuth client the action came from: the owner
// client of a bot, else the emulator's well-known client.
func (a *act) requesterClientID() string {
	if a.id != nil && a.id.IsBot {
		var owner string
		if a.queryRow(`SELECT owner_client_id FROM agents WHERE id = ?`, a.id.ID).Scan(&owner) == nil && owner != "" {
			return owner
		}
	}
	return a.s.creds.ClientID
}

// whBotPresent reports whether one of the users present in a chat is a
// bot of the webhook's owner (a "bot" webhook, the my_bots filter).
func (a *act) whBotPresent(owner string, present []string) (bool, error) {
	bots, err := scanColumn[string](a, `SELECT id FROM agents WHERE is_bot = 1 AND owner_client_id = ?`, owner) // sqlscan.go
	if err != nil {
		return false, err
	}
	for _, id := range present {
		if slices.Contains(bots, id) {
			return true, nil
		}
	}
	return false, nil
}

func (a *act) webhookMatches(h *webhookRow, m map[string]any, chatID string, present []string, chatProps props, requester string) (bool, error) {
	switch h.typ {
	case "license":
		var en int
		err := a.queryRow(`SELECT enabled FROM webhook_state WHERE owner_client_id = ?`, h.owner).Scan(&en)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		if en != 1 {
			return false, nil
		}
	case "bot":
		if chatID == "" {
			return false, nil
		}
		if in, err := a.whBotPresent(h.owner, present); err != nil || !in {
			return false, err
		}
	}
	f := h.filters
	if f.AuthorType != "" && (h.action == "incoming_event" || h.action == "event_updated") {
		ev, _ := m["event"].(map[string]any)
		author, _ := ev["author_id"].(string)
		typ := "agent"
		var ut string
		if a.queryRow(`SELECT user_type FROM chat_users WHERE chat_id = ? AND user_id = ?`, chatID, author).Scan(&ut) == nil && ut == "customer" {
			typ = "customer"
		} else if ut == "" {
			var n int
			if a.queryRow(`SELECT COUNT(*) FROM customers WHERE id = ?`, author).Scan(&n) == nil && n > 0 {
				typ = "customer"
			}
		}
		if typ != f.AuthorType {
			return false, nil
		}
	}
	if f.OnlyMyChats && chatID != "" {
		var src map[string]json.RawMessage
		if chatProps != nil {
			src = chatProps["source"]
		}
		var cid string
		_ = json.Unmarshal(src["client_id"], &cid)
		if cid != h.owner {
			return false, nil
		}
	}
	if cp := f.ChatPresence; cp != nil && chatID != "" {
		if cp.UserIDs != nil {
			if len(cp.UserIDs.Values) > 0 && !cfgAnyIn(cp.UserIDs.Values, present) {
				return false, nil
			}
			if cfgAnyIn(cp.UserIDs.ExcludeValues, present) {
				return false, nil
			}
		}
		if cp.MyBots {
			if in, err := a.whBotPresent(h.owner, present); err != nil || !in {
				return false, err
			}
		}
	}
	if len(f.SourceType) > 0 {
		src := "other_clients"
		if ev, ok := m["event"].(map[string]any); ok && ev["type"] == "system_message" {
			src = "system"
		} else if requester == h.owner {
			src = "my_client"
		}
		if !containsStr(f.SourceType, src) {
			return false, nil
		}
	}
	return true, nil
}

func cfgAnyIn(want, have []string) bool {
	for _, w := range want {
		if containsStr(have, w) {
			return true
		}
	}
	return false
}

// cancelDeliveries marks the pending deliveries of a webhook cancelled.
func (a *act) cancelDeliveries(webhookID string) error {
	return a.exec(`UPDATE webhook_deliveries SET status = 'cancelled' WHERE webhook_id = ? AND status = 'pending'`, webhookID)
}

// webhookID returns a new 25-character lower-case id.
func newWebhookID() string {
	return strings.ToLower(newID() + newID() + newID()[:5])
}
