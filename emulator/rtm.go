package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat"
)

// maxQueuedFrames bounds the outgoing queue of one RTM connection; a
// client that falls further behind is disconnected.
const maxQueuedFrames = 10000

// hub tracks logged-in RTM connections by agent.
type hub struct {
	s     *Server
	mu    sync.RWMutex
	conns map[string]map[*rtmConn]struct{} // agent id → connections
	all   map[*rtmConn]struct{}            // every open connection (logged in or not)
	wg    sync.WaitGroup

	// customers: customer id → customer RTM connections (customer_rtm.go)
	customers map[string]map[*rtmConn]struct{}
	chatCust  map[string]string // chat id → its customer, cached (customer_rtm.go)
}

func newHub(s *Server) *hub {
	return &hub{s: s, conns: map[string]map[*rtmConn]struct{}{}, all: map[*rtmConn]struct{}{}}
}

func (h *hub) open(c *rtmConn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.s.closed:
		return false
	default:
	}
	h.all[c] = struct{}{}
	h.wg.Add(1)
	return true
}

func (h *hub) login(c *rtmConn, agentID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.all[c]; !ok {
		return
	}
	if c.api == "customer" {
		h.addCustomer(c, agentID) // customer_rtm.go
		return
	}
	if h.conns[agentID] == nil {
		h.conns[agentID] = map[*rtmConn]struct{}{}
	}
	h.conns[agentID][c] = struct{}{}
}

// gone forgets c; the caller then calls h.wg.Done (runRTM, once the
// end of the agent's session is handled).
func (h *hub) gone(c *rtmConn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.all[c]; !ok {
		return
	}
	delete(h.all, c)
	if c.api == "customer" {
		h.dropCustomer(c) // customer_rtm.go
	} else if id := c.agentID(); id != "" {
		delete(h.conns[id], c)
		if len(h.conns[id]) == 0 {
			delete(h.conns, id)
		}
	}
}

// connsOf returns the agent's logged-in connections.
func (h *hub) connsOf(agentID string) []*rtmConn {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*rtmConn, 0, len(h.conns[agentID]))
	for c := range h.conns[agentID] {
		out = append(out, c)
	}
	return out
}

// Connections returns the number of open RTM connections.
func (s *Server) Connections() int {
	s.hub.mu.RLock()
	defer s.hub.mu.RUnlock()
	return len(s.hub.all)
}

func (h *hub) closeAll(reason string) {
	h.mu.RLock()
	list := make([]*rtmConn, 0, len(h.all))
	for c := range h.all {
		list = append(list, c)
	}
	h.mu.RUnlock()
	for _, c := range list {
		c.disconnect(reason)
	}
}

func (h *hub) wait() { h.wg.Wait() }

// deliver sends p to its recipients' connections, honouring login.pushes.
func (h *hub) deliver(p *outPush) {
	payload, err := marshalPayload(p.payload)
	if err != nil {
		h.s.log.Error("encode push", "action", p.action, "error", err)
		return
	}
	h.mu.RLock()
	var targets []*rtmConn
	if p.allAgents {
		for _, set := range h.conns {
			for c := range set {
				targets = append(targets, c)
			}
		}
	} else {
		for _, id := range p.agents {
			for c := range h.conns[id] {
				targets = append(targets, c)
			}
			for c := range h.customers[id] { // a customer named explicitly (customer_rtm.go)
				targets = append(targets, c)
			}
		}
	}
	h.mu.RUnlock()
	filter, _ := p.payload.(connFilter) // customer pushes (customers.go in actions_misc.go)
	for _, c := range targets {
		if !c.wants(p.action) || (filter != nil && !filter.acceptConn(c)) {
			continue
		}
		rid := ""
		if c == p.requester {
			rid = p.requestID
		}
		c.enqueueFrame(pushFrame(c.version, p.action, rid, payload), rid, false)
	}
	h.deliverCustomers(p, payload) // customer_rtm.go
}

func pushFrame(version, action, requestID string, payload []byte) []byte {
	b := make([]byte, 0, len(payload)+96)
	b = append(b, `{"version":`...)
	b = appendJSONString(b, version)
	if requestID != "" {
		b = append(b, `,"request_id":`...)
		b = appendJSONString(b, requestID)
	}
	b = append(b, `,"action":`...)
	b = appendJSONString(b, action)
	b = append(b, `,"type":"push","payload":`...)
	b = append(b, payload...)
	return append(b, '}')
}

// rtmConn is one agent RTM WebSocket.
type rtmConn struct {
	s       *Server
	ws      rtmSocket // *websocket.Conn, or a SockJS adapter (sockjs.go)
	cork    *corkConn // the connection under ws; flush corks runs of frames (cork.go)
	version string

	mu       sync.Mutex
	id       *Identity
	pushes   map[string]bool // nil = every push
	away     bool
	queue    [][]byte
	writing  bool
	closed   bool
	timer    *time.Timer
	afterLog []byte // incoming_customers push to send after the login response

	api      string      // "" (agent) or "customer" (customer_rtm.go)
	expTimer *time.Timer // ends the session when an OAuth token expires (customer_rtm.go)

	level    string             // customer_monitoring_level (actions_misc.go)
	subs     map[string]custSub // subscribe_customers subscriptions by id (actions_misc.go)
	loginSeq uint64             // login order, for connection eviction (routing.go)
	// endReason is why the server ended the connection: its
	// agent_disconnected reason, or "logout" ("": the peer went away).
	// It names the end of the agent's session (session.go).
	endReason string

	// awaiting maps the request ids being handled to the pushes that
	// carry them, held until the response is queued (enqueueFrame).
	awaiting map[string][][]byte

	writeTimer *time.Timer // the write deadline of flush (rtmWriteTimeout)

	pending atomic.Int32
	done    chan struct{}
	once    sync.Once
	reqWG   sync.WaitGroup
}

func (c *rtmConn) agentID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.id == nil {
		return ""
	}
	return c.id.ID
}

func (c *rtmConn) identity() *Identity {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.id
}

func (c *rtmConn) wants(action string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pushes == nil || c.pushes[action]
}

// touch records activity: before login the login deadline stands; after
// login silence longer than PingTimeout ends the connection.
func (c *rtmConn) touch() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.id != nil && c.timer != nil {
		c.timer.Reset(c.s.cfg.PingTimeout)
	}
}

func (c *rtmConn) enqueue(frame []byte) { c.enqueueFrame(frame, "", false) }

// enqueueFrame queues frame for writing. The pushes caused by a request
// of this connection carry its request_id; while that request is being
// handled (see awaitResponse) they are held and follow its response, the
// order the platform keeps and that clients settling a request on the
// first frame with its request_id (@livechat/chat-sdk) rely on.
func (c *rtmConn) enqueueFrame(frame []byte, rid string, isResponse bool) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	frames := [][]byte{frame}
	if rid != "" {
		if held, awaiting := c.awaiting[rid]; awaiting {
			if !isResponse {
				c.awaiting[rid] = append(held, frame)
				c.mu.Unlock()
				return
			}
			delete(c.awaiting, rid)
			frames = append(frames, held...)
		}
	}
	if len(c.queue) >= maxQueuedFrames {
		c.mu.Unlock()
		go c.disconnect("internal_error")
		return
	}
	c.queue = append(c.queue, frames...)
	start := !c.writing
	c.writing = true
	c.mu.Unlock()
	if start {
		go c.flush()
	}
}

// awaitResponse marks request rid as being handled: its pushes wait for
// its response (enqueueFrame).
func (c *rtmConn) awaitResponse(rid string) {
	if rid == "" {
		return
	}
	c.mu.Lock()
	if c.awaiting == nil {
		c.awaiting = map[string][][]byte{}
	}
	if _, dup := c.awaiting[rid]; !dup {
		c.awaiting[rid] = nil
	}
	c.mu.Unlock()
}

// rtmWriteTimeout bounds each frame write of flush.
const rtmWriteTimeout = 10 * time.Second

// flush writes queued frames; the goroutine exists only while there is
// something to write, so an idle connection costs no writer goroutine.
// It takes every frame queued so far at once and, when there are
// several (a response and the pushes held behind it, or pushes that
// piled up during a write), corks the connection around them so that
// they leave in one write.
func (c *rtmConn) flush() {
	var frames [][]byte
	for {
		c.mu.Lock()
		if len(c.queue) == 0 || c.closed {
			c.writing = false
			c.queue = nil
			c.mu.Unlock()
			return
		}
		frames, c.queue = c.queue, frames[:0]
		c.mu.Unlock()
		// A write still blocked after rtmWriteTimeout ends the connection
		// (as the per-frame context.WithTimeout did): one timer per
		// connection, re-armed per run of frames, instead of a context and
		// timer per frame. Only the one flush goroutine touches writeTimer.
		if c.writeTimer == nil {
			c.writeTimer = time.AfterFunc(rtmWriteTimeout, func() { c.ws.CloseNow() })
		} else {
			c.writeTimer.Reset(rtmWriteTimeout)
		}
		corked := c.cork != nil && len(frames) > 1
		if corked {
			c.cork.cork()
		}
		var err error
		for i, f := range frames {
			frames[i] = nil
			if err == nil {
				err = c.ws.Write(context.Background(), websocket.MessageText, f)
			}
		}
		if corked {
			if uerr := c.cork.uncork(); err == nil {
				err = uerr
			}
		}
		c.writeTimer.Stop()
		if err != nil {
			c.mu.Lock()
			c.writing = false
			c.mu.Unlock()
			c.ws.CloseNow()
			return
		}
	}
}

// disconnect sends agent_disconnected{reason} and closes the socket.
func (c *rtmConn) disconnect(reason string) {
	c.once.Do(func() {
		c.mu.Lock()
		if c.timer != nil {
			c.timer.Stop()
		}
		c.endReason = reason
		c.mu.Unlock()
		push, reason := c.disconnectPush(reason) // customer_rtm.go: customer_disconnected for customers
		payload, _ := json.Marshal(map[string]any{"reason": reason})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = c.ws.Write(ctx, websocket.MessageText, pushFrame(c.version, push, "", payload))
		cancel()
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		go func() {
			// Close waits for the peer's close frame; bound it.
			done := make(chan struct{})
			go func() { c.ws.Close(websocket.StatusNormalClosure, reason); close(done) }()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				c.ws.CloseNow()
			}
		}()
	})
}

type rtmRequest struct {
	Version   *string         `json:"version"`
	RequestID json.RawMessage `json:"request_id"`
	Action    string          `json:"action"`
	Payload   json.RawMessage `json:"payload"`
	AuthorID  string          `json:"author_id"`

	rid   string       // requestID's answer, worked out once (setRID)
	slot  *pendingSlot // its place in rtmConn.pending; nil when not counted
	start time.Time    // when the frame was read (the request log, devtools.go)
}

// pendingSlot is a request's place in its connection's pending count
// (Config.MaxPendingRequests). It is released exactly once: when the
// request's response is handed to the connection (respond), before the
// client can possibly read it, or when the handler ends without a
// response. Releasing it only after the handler returned let a fast
// client, answered already, send its next request while the count still
// held the answered one, and be refused at exactly the limit.
type pendingSlot struct{ released atomic.Bool }

// release frees req's place in the pending count, once.
func (c *rtmConn) release(req rtmRequest) {
	if req.slot != nil && req.slot.released.CompareAndSwap(false, true) {
		c.pending.Add(-1)
	}
}

// setRID works out the request id once for the frame's response and pushes.
func (r *rtmRequest) setRID() {
	r.rid = ""
	raw := r.RequestID
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' && bytes.IndexByte(raw[1:n-1], '\\') < 0 {
		r.rid = string(raw[1 : n-1]) // a plain string (the decoder checked it is valid)
		return
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		r.rid = s
		return
	}
	r.rid = string(raw) // a number: echo its text
}

func (s *Server) serveRTM(w http.ResponseWriter, r *http.Request, version string) {
	if org := r.URL.Query().Get("organization_id"); org != "" && org != s.creds.OrganizationID {
		writeError(w, lerr(livechat.TypeValidation, "Unknown organization_id"), version)
		return
	}
	c := &rtmConn{s: s, version: version, done: make(chan struct{})}
	ws, cork, err := acceptWS(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		OnPingReceived: func(context.Context, []byte) bool {
			c.touch()
			return true
		},
	}, s.cfg.MaxBodyBytes)
	if err != nil {
		return
	}
	c.ws, c.cork = ws, cork
	s.runRTM(c)
}

// runRTM runs the RTM session of c (whose ws is set) until the peer goes
// away; the WebSocket and SockJS (sockjs.go) front ends share it.
func (s *Server) runRTM(c *rtmConn) {
	ws := c.ws
	if !s.hub.open(c) {
		ws.Close(websocket.StatusGoingAway, "shutting down")
		return
	}
	defer s.hub.wg.Done() // after afterDisconnect: Close waits for it
	c.mu.Lock()
	c.timer = time.AfterFunc(s.cfg.LoginTimeout, func() { c.disconnect("connection_timeout") })
	c.mu.Unlock()
	ctx := context.Background()
	for {
		_, data, err := ws.Read(ctx)
		if err != nil {
			break
		}
		c.touch()
		req := rtmRequest{start: time.Now()}
		err = json.Unmarshal(data, &req)
		req.setRID()
		if err != nil || req.Action == "" {
			c.respond(req, nil, validation("Each frame must be a JSON object with an action"))
			continue
		}
		if int(c.pending.Add(1)) > s.cfg.MaxPendingRequests {
			c.pending.Add(-1)
			c.respond(req, nil, lerr(livechat.TypePendingRequestsLimitReached, ""))
			continue
		}
		req.slot = new(pendingSlot)
		s.arriving.Add(1) // until handle has queued the action or given up (runWriter)
		c.handle(req)
	}
	c.once.Do(func() {}) // no agent_disconnected after the peer left
	c.mu.Lock()
	c.closed = true
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.expTimer != nil {
		c.expTimer.Stop()
	}
	c.mu.Unlock()
	c.reqWG.Wait()
	ws.CloseNow()
	s.hub.gone(c)
	s.afterDisconnect(c) // session.go
}

// respond queues the response frame
// {"action","payload","request_id","success","type":"response"}
// (the key order json.Marshal gave the map it was built from before).
func (c *rtmConn) respond(req rtmRequest, res any, e *livechat.Error) {
	c.recordRTM(&req, e) // devtools.go
	var payload []byte
	var err error
	if e != nil {
		payload, err = json.Marshal(struct {
			Error *livechat.Error `json:"error"`
		}{e})
	} else {
		payload, err = marshalPayload(res)
	}
	if err != nil {
		e = lerr(livechat.TypeInternal, "")
		payload, _ = json.Marshal(struct {
			Error *livechat.Error `json:"error"`
		}{e})
	}
	if !utf8.Valid(payload) { // stored before input was checked: never answer invalid UTF-8
		payload = bytes.ToValidUTF8(payload, []byte("\uFFFD"))
	}
	rid := req.rid
	if err != nil {
		rid = "" // as before: the fallback frame carries no request_id
	}
	b := make([]byte, 0, len(payload)+len(req.Action)+len(rid)+80)
	b = append(b, `{"action":`...)
	b = appendJSONString(b, req.Action)
	b = append(b, `,"payload":`...)
	b = append(b, payload...)
	if rid != "" {
		b = append(b, `,"request_id":`...)
		b = appendJSONString(b, rid)
	}
	if e == nil {
		b = append(b, `,"success":true,"type":"response"}`...)
	} else {
		b = append(b, `,"success":false,"type":"response"}`...)
	}
	c.release(req)
	c.enqueueFrame(b, req.rid, true)
}

// jsonAppender is a response or push payload that encodes itself, without
// reflection, to exactly the bytes json.Marshal would give it.
type jsonAppender interface{ appendJSON([]byte) []byte }

// marshalPayload is json.Marshal, through appendJSON when v has it.
func marshalPayload(v any) ([]byte, error) {
	if ap, ok := v.(jsonAppender); ok {
		return ap.appendJSON(make([]byte, 0, 256)), nil
	}
	return json.Marshal(v)
}

// appendJSONString appends s as a JSON string, escaped like json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if ch := s[i]; ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\' || ch == '<' || ch == '>' || ch == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// handle checks a request read by runRTM and queues its action for the
// writer (dispatchAsync); finish answers it once it is committed. The
// reader goes on reading meanwhile, so a client can keep several
// requests in flight, and no goroutine waits for each request.
func (c *rtmConn) handle(req rtmRequest) {
	arriving := true // runRTM counted the request in s.arriving
	defer func() {
		if arriving {
			c.s.arriving.Add(-1)
		}
	}()
	defer func() {
		if r := recover(); r != nil { // before dispatchAsync, which answers its own
			c.s.log.Error("panic in RTM request", "action", req.Action, "panic", r)
			c.respond(req, nil, lerr(livechat.TypeInternal, ""))
		}
	}()
	c.awaitResponse(req.rid)
	version := c.version
	if req.Version != nil && *req.Version != "" {
		v := *req.Version
		if !supportedVersion(v) {
			c.respond(req, nil, unsupportedVersion(v))
			return
		}
		if v < c.version {
			c.respond(req, nil, validation("version %s is lower than the connection version %s", v, c.version))
			return
		}
		version = v
	}
	id := c.identity()
	if req.Action == "ping" {
		c.respond(req, struct{}{}, nil)
		return
	}
	if req.Action == "login" {
		ident, e := c.loginIdentity(req, id)
		if e != nil {
			c.respond(req, nil, e)
			return
		}
		id = ident
	} else if id == nil {
		c.respond(req, nil, lerr(livechat.TypeAuthentication, "Log in first"))
		return
	}
	arriving = false // dispatchAsync takes the count over
	c.reqWG.Add(1)   // until finish (runRTM waits for it)
	deadline := time.Now().Add(c.s.cfg.RequestTimeout)
	c.s.dispatchAsync(&call{api: c.apiName(), version: version, action: req.Action, payload: req.Payload,
		id: id, via: viaRTM, conn: c, requestID: req.rid, authorID: req.AuthorID, arriving: true},
		deadline, func(res any, e *livechat.Error) {
			defer c.reqWG.Done()
			c.finish(req, deadline, res, e)
		})
}

// loginIdentity authenticates a login request's token for this
// connection's API (id: the connection's identity so far).
func (c *rtmConn) loginIdentity(req rtmRequest, id *Identity) (*Identity, *livechat.Error) {
	if id != nil {
		return nil, validation("Already logged in")
	}
	var lp struct {
		Token string `json:"token"`
	}
	if json.Unmarshal(req.Payload, &lp) != nil || lp.Token == "" {
		return nil, validation("login needs a token (\"Bearer <token>\")")
	}
	ident, e := c.s.authenticate(context.Background(), lp.Token)
	if e != nil {
		return nil, e
	}
	if c.api == "customer" && ident.Kind != "customer" {
		return nil, lerr(livechat.TypeAuthorization, "Only customer tokens can log in to the Customer Chat API")
	}
	if c.api != "customer" && ident.Kind != "agent" {
		return nil, lerr(livechat.TypeAuthorization, "Customer tokens cannot log in to the Agent Chat API")
	}
	return ident, nil
}

// finish answers a request handle queued, with the outcome of its action
// (dispatchAsync's finish: it must not block). An action answered after
// deadline answers request_timeout, as before.
func (c *rtmConn) finish(req rtmRequest, deadline time.Time, res any, e *livechat.Error) {
	defer c.release(req) // when no response was sent
	if e == nil && time.Now().After(deadline) {
		e = lerr(livechat.TypeRequestTimeout, "")
	}
	if req.Action == "login" && e != nil && e.Type == livechat.TypeLimitReached {
		go c.disconnect("too_many_connections") // Config.MaxConnections (routing.go)
		return
	}
	c.respond(req, res, e)
	if e == nil { // a push that must follow the response (login, subscribe_customers)
		c.mu.Lock()
		after := c.afterLog
		c.afterLog = nil
		c.mu.Unlock()
		if after != nil {
			c.enqueue(after)
		}
	}
	if req.Action == "logout" && e == nil {
		c.mu.Lock()
		c.endReason = "logout"
		c.mu.Unlock()
		go func() {
			time.Sleep(50 * time.Millisecond)
			c.mu.Lock()
			c.closed = true
			c.mu.Unlock()
			c.once.Do(func() {})
			c.ws.Close(websocket.StatusNormalClosure, "logged out")
		}()
	}
}

// ---- RTM-only actions ----

func init() {
	rtm := func(fn func(*act) (any, error), scopes ...string) *handler {
		return &handler{fn: fn, scopes: scopes, rtm: true}
	}
	register("agent", "login", rtm(undoSessionOnFail(rtmLogin))) // session.go
	register("agent", "logout", rtm(func(*act) (any, error) { return nil, nil }))
	register("agent", "set_away_status", rtm(undoSessionOnFail(setAwayStatus), "agents--my:rw", "agents-bot--my:rw"))
	h := rtm(updateSession)
	h.minVer = "3.6"
	register("agent", "update_session", h)
	h = rtm(changePushNotifications)
	h.maxVer = "3.4"
	register("agent", "change_push_notifications", h)
}

var monitoringLevels = map[string]bool{"my": true, "chatting": true, "invited": true, "online": true, "highest_available": true}

func rtmLogin(a *act) (any, error) {
	c := a.c.conn
	if c == nil {
		return nil, validation("login is available only over RTM")
	}
	var req struct {
		Token                   string                          `json:"token"`
		Timezone                string                          `json:"timezone"`
		Reconnect               bool                            `json:"reconnect"`
		Away                    bool                            `json:"away"`
		CustomerMonitoringLevel string                          `json:"customer_monitoring_level"`
		Pushes                  map[string][]string             `json:"pushes"`
		Application             *struct{ Name, Version string } `json:"application"`
		PushNotifications       json.RawMessage                 `json:"push_notifications"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if len(req.PushNotifications) > 0 && a.ver > "3.4" {
		return nil, validation("push_notifications was removed in API 3.5")
	}
	level := req.CustomerMonitoringLevel
	if level == "" {
		level = "my"
	}
	if !monitoringLevels[level] {
		return nil, validation("customer_monitoring_level must be my, chatting, invited, online or highest_available")
	}
	filter, err := pushFilter(req.Pushes, c.version) // customer_rtm.go; pushes go in the connection's version only
	if err != nil {
		return nil, err
	}
	// A login that opens the agent's session sets their routing status
	// (session.go): before the profile below.
	if !a.id.IsBot && !a.s.agentConnected(a.id.ID) {
		if _, err := a.startSession(a.id.ID, req.Reconnect); err != nil {
			return nil, err
		}
	}
	if !a.id.IsBot { // auto-away (session.go): this connection is away or not
		back := a.backFromAway
		if req.Away {
			back = a.autoAway
		}
		if err := back(a.id.ID); err != nil {
			return nil, err
		}
	}
	// Profile.
	var name, avatar, role, status string
	if err := a.queryRow(`SELECT name, avatar, role, routing_status FROM agents WHERE id = ?`, a.id.ID).Scan(&name, &avatar, &role, &status); err != nil {
		return nil, err
	}
	_, ct, err := a.licenseCreated() // actions_misc.go
	if err != nil {
		return nil, err
	}
	// Logged in, the agent can take queued chats (routing.go): before the
	// summary below, so that the response lists them.
	if !req.Away && !a.id.IsBot {
		if e := a.checkConnectionLimit(); e != nil { // routing.go; handle disconnects
			return nil, e
		}
		a.loggingIn = a.id.ID
		if err := a.routeQueue(); err != nil {
			return nil, err
		}
	}
	summaries, custSet, err := a.loginChats()
	if err != nil {
		return nil, err
	}
	customers, err := a.monitoredCustomers(level, custSet) // actions_misc.go
	if err != nil {
		return nil, err
	}
	if e := a.checkConnectionLimit(); e != nil { // routing.go; handle disconnects
		return nil, e
	}
	incoming, _ := json.Marshal(map[string]any{"customer_monitoring_level": level, "customers": customers})
	id := a.id
	a.after = append(a.after, func() {
		c.mu.Lock()
		c.id, c.pushes, c.away, c.level = id, filter, req.Away, level
		if filter == nil || filter["incoming_customers"] {
			c.afterLog = pushFrame(c.version, "incoming_customers", "", incoming)
		}
		if c.timer != nil {
			c.timer.Stop()
			c.timer = time.AfterFunc(c.s.cfg.PingTimeout, func() { c.disconnect("connection_timeout") })
		}
		c.mu.Unlock()
		c.armExpiry(id) // customer_rtm.go
		c.s.hub.login(c, id.ID)
		c.s.evictOldConnections(c, id.ID) // routing.go
	})
	profile := map[string]any{"id": a.id.ID, "type": "agent", "name": name, "email": a.id.ID, "present": true,
		"avatar": avatar, "routing_status": status, "permission": role}
	if a.id.IsBot {
		profile["email"] = ""
	}
	license := map[string]any{"id": a.s.creds.LicenseID, "organization_id": a.s.creds.OrganizationID, "plan": "enterprise",
		"expiration_timestamp": ct.AddDate(10, 0, 0).Unix(), "creation_timestamp": ct.Unix(), "in_trial": false,
		"website_last_activity": a.now.Format("2006-01-02")}
	return map[string]any{"license": license, "my_profile": profile, "chats_summary": summaries}, nil
}

// loginChats returns the summaries of the chats the agent is in with an
// active thread (newest first) for the login answer, and the ids of
// their customers.
func (a *act) loginChats() ([]any, map[string]bool, error) {
	rows, err := a.query(`SELECT `+chatCols+` FROM chats c WHERE c.id IN
		(SELECT chat_id FROM chat_users WHERE user_id = ? AND present = 1)
		AND EXISTS (SELECT 1 FROM threads t WHERE t.id = c.last_thread_id AND t.active = 1) ORDER BY c.seq DESC`, a.id.ID)
	if err != nil {
		return nil, nil, err
	}
	var chats []*chatRow
	for rows.Next() {
		cr, err := scanChat(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		chats = append(chats, cr)
	}
	if err := closeRows(rows); err != nil {
		return nil, nil, err
	}
	summaries := make([]any, 0, len(chats))
	custSet := map[string]bool{}
	for _, cr := range chats {
		sj, err := a.summaryJSON(cr)
		if err != nil {
			return nil, nil, err
		}
		summaries = append(summaries, sj)
		users, _ := sj["users"].([]map[string]any) // summaryJSON read them (usersJSON)
		for _, u := range users {
			if id, _ := u["id"].(string); id != "" && u["type"] == "customer" {
				custSet[id] = true
			}
		}
	}
	return summaries, custSet, nil
}

func setAwayStatus(a *act) (any, error) {
	c := a.c.conn
	var req struct {
		Away *bool `json:"away"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Away == nil {
		return nil, validation("away is required")
	}
	c.mu.Lock()
	c.away = *req.Away
	c.mu.Unlock()
	if !*req.Away {
		if err := a.backFromAway(a.id.ID); err != nil { // session.go
			return nil, err
		}
		return nil, a.routeQueue() // available again (routing.go)
	}
	return nil, a.autoAway(a.id.ID) // session.go
}

func updateSession(a *act) (any, error) {
	var req struct {
		Token string `json:"token"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.Token == "" {
		return nil, validation("token is required")
	}
	ident, e := a.authenticate(req.Token)
	if e != nil {
		return nil, e
	}
	if ident.ID != a.id.ID {
		return nil, validation("The new token belongs to another agent")
	}
	c := a.c.conn
	a.after = append(a.after, func() {
		c.mu.Lock()
		c.id = ident
		c.mu.Unlock()
		c.armExpiry(ident) // customer_rtm.go
	})
	return nil, nil
}

func changePushNotifications(a *act) (any, error) {
	var req struct {
		FirebaseToken string `json:"firebase_token"`
		Platform      string `json:"platform"`
		Enabled       *bool  `json:"enabled"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if req.FirebaseToken == "" || req.Enabled == nil || (req.Platform != "ios" && req.Platform != "android") {
		return nil, validation("firebase_token, platform (ios|android) and enabled are required")
	}
	return nil, nil
}

var errClosed = errors.New("emulator: closed")
