package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
)

// orphanTTL is how long an answer is awaited for a request nobody waits
// for any more (its caller gave up, or an internal ping) before its
// in-flight slot is reclaimed.
const orphanTTL = 30 * time.Second

type call struct {
	id     string
	action string
	frame  []byte
	done   chan result // buffered 1; nil for internal calls
	cb     func(result)

	// under Conn.mu
	abandoned bool
	sentAt    time.Time
}

type result struct {
	payload json.RawMessage
	err     error
}

// finish delivers r; the caller must have removed cl from the queue or the
// pending map (under Conn.mu), which makes it the only one to finish cl.
func (cl *call) finish(r result) {
	if cl.abandoned {
		return
	}
	if cl.cb != nil {
		cl.cb(r)
		return
	}
	if cl.done != nil {
		cl.done <- r
	}
}

// Call sends action with request as payload and decodes the answer's
// payload into response (nil to ignore it; a *json.RawMessage keeps it
// raw). It implements livechat.Transport, so the typed agent and customer
// clients run over RTM.
//
// Before login, and while reconnecting, the call waits in a FIFO queue and
// is sent, in call order, right after login. At most 10 calls are in flight;
// the rest wait in the same queue. The ctx bounds the whole call; when it
// has no deadline, the request timeout (15 s by default) applies. An error
// answer is a *livechat.Error (errors.Is with the livechat sentinels works);
// a socket drop before the answer gives an error matching ErrDisconnected.
func (c *Conn) Call(ctx context.Context, action string, request, response any) error {
	if err := checkAction(action); err != nil {
		return err
	}
	payload, err := marshalPayload(request)
	if err != nil {
		return fmt.Errorf("livechat/rtm: %s: encode request: %w", action, err)
	}
	if _, ok := ctx.Deadline(); !ok && c.s.requestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.s.requestTimeout)
		defer cancel()
	}
	var safe *resendKey
	if c.s.safeResend && action == "send_event" {
		payload, safe = withCustomID(payload)
	}
	for attempt := 1; ; attempt++ {
		raw, err := c.roundTrip(ctx, action, payload, nil)
		if err == nil {
			return decodeInto(action, raw, response)
		}
		if safe == nil || attempt >= 3 || !errors.Is(err, ErrDisconnected) {
			return err
		}
		id, found, cerr := c.findEvent(ctx, safe)
		if cerr != nil {
			return fmt.Errorf("%w (not resent: check for custom_id %q failed: %w)", err, safe.customID, cerr)
		}
		if found {
			raw, _ := json.Marshal(map[string]string{"event_id": id})
			return decodeInto(action, raw, response)
		}
		c.log.Debug("livechat/rtm: resending send_event", "custom_id", safe.customID, "attempt", attempt+1)
	}
}

// roundTrip queues one request and waits for its answer.
func (c *Conn) roundTrip(ctx context.Context, action string, payload []byte, cb func(result)) (json.RawMessage, error) {
	cl := &call{id: c.nextID(), action: action, cb: cb}
	if cb == nil {
		cl.done = make(chan result, 1)
	}
	cl.frame = buildFrame(cl.id, action, payload)
	c.mu.Lock()
	if c.closed {
		err := c.err
		c.mu.Unlock()
		return nil, err
	}
	c.queue = append(c.queue, cl)
	c.mu.Unlock()
	c.drain()
	if cb != nil {
		return nil, nil
	}
	select {
	case r := <-cl.done:
		return r.payload, r.err
	case <-ctx.Done():
		c.abandon(cl)
		select {
		case r := <-cl.done:
			return r.payload, r.err
		default:
		}
		return nil, fmt.Errorf("livechat/rtm: %s: %w", action, ctx.Err())
	}
}

// abandon forgets a call whose caller gave up: a queued call leaves the
// queue; a sent one keeps its in-flight slot (the server still counts it)
// until its answer or orphanTTL.
func (c *Conn) abandon(cl *call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i := slices.Index(c.queue, cl); i >= 0 {
		c.queue = slices.Delete(c.queue, i, i+1)
		return
	}
	if c.pending[cl.id] == cl {
		cl.abandoned = true
	}
}

func (c *Conn) nextID() string { return strconv.FormatUint(c.seq.Add(1), 10) }

// kick asks the supervisor to drain the queue.
func (c *Conn) kick() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// drain sends queued calls, in order, while logged in and below the
// in-flight limit. One goroutine drains at a time, so frames leave in queue
// order; others only queue and let the current drainer pick their call up.
func (c *Conn) drain() {
	c.mu.Lock()
	if c.draining {
		c.mu.Unlock()
		return
	}
	c.draining = true
	var buf [DefaultMaxInFlight]*call
	for c.loggedIn && c.sock != nil && len(c.queue) > 0 && c.inflight < c.s.maxInFlight {
		n := min(len(c.queue), c.s.maxInFlight-c.inflight)
		batch := append(buf[:0], c.queue[:n]...)
		c.queue = slices.Delete(c.queue, 0, n)
		now := time.Now()
		for _, cl := range batch {
			c.pending[cl.id] = cl
			cl.sentAt = now
		}
		c.inflight += n
		s := c.sock
		c.mu.Unlock()
		for _, cl := range batch {
			if err := s.ws.Write(context.Background(), websocket.MessageText, cl.frame); err != nil {
				// The socket is broken; the reader sees it and the
				// supervisor fails the pending calls with ErrDisconnected.
				c.log.Debug("livechat/rtm: write failed", "action", cl.action, "err", err)
				_ = s.ws.CloseNow()
				break
			}
		}
		clear(buf[:])
		c.mu.Lock()
	}
	c.draining = false
	c.mu.Unlock()
}

// sweep reclaims the slots of abandoned requests older than orphanTTL.
func (c *Conn) sweep() {
	now := time.Now()
	freed := false
	c.mu.Lock()
	for id, cl := range c.pending {
		if cl.abandoned && now.Sub(cl.sentAt) > orphanTTL {
			delete(c.pending, id)
			c.inflight--
			freed = true
		}
	}
	c.mu.Unlock()
	if freed {
		c.drain()
	}
}

// ping queues a ping unless the connection is busy anyway.
func (c *Conn) ping() {
	c.mu.Lock()
	if !c.loggedIn || c.closed || len(c.queue) > 0 || c.inflight >= c.s.maxInFlight {
		c.mu.Unlock()
		return
	}
	cl := &call{id: c.nextID(), action: "ping", abandoned: true}
	cl.frame = buildFrame(cl.id, "ping", emptyObject)
	c.queue = append(c.queue, cl)
	c.mu.Unlock()
	c.drain()
}

var emptyObject = []byte("{}")

func checkAction(action string) error {
	if action == "" {
		return livechat.Required("action")
	}
	for i := 0; i < len(action); i++ {
		b := action[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b >= 'A' && b <= 'Z') {
			return livechat.Invalid("action", "must contain only letters, digits and underscores")
		}
	}
	return nil
}

func marshalPayload(v any) ([]byte, error) {
	switch p := v.(type) {
	case nil:
		return emptyObject, nil
	case json.RawMessage:
		if len(p) == 0 {
			return emptyObject, nil
		}
		if !json.Valid(p) {
			return nil, errors.New("request is not valid JSON")
		}
		return p, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return emptyObject, nil
	}
	return b, nil
}

func buildFrame(id, action string, payload []byte) []byte {
	b := make([]byte, 0, len(payload)+len(action)+len(id)+44)
	b = append(b, `{"request_id":"`...)
	b = append(b, id...)
	b = append(b, `","action":"`...)
	b = append(b, action...)
	b = append(b, `","payload":`...)
	b = append(b, payload...)
	return append(b, '}')
}

func decodeInto(action string, raw json.RawMessage, response any) error {
	if response == nil {
		return nil
	}
	if rm, ok := response.(*json.RawMessage); ok {
		*rm = append((*rm)[:0], raw...)
		return nil
	}
	if len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, response); err != nil {
		return fmt.Errorf("livechat/rtm: %s: decode response: %w", action, err)
	}
	return nil
}

// requestID accepts a request_id sent as a string or a number.
type requestID string

func (r *requestID) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = requestID(s)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	*r = requestID(b)
	return nil
}

type inFrame struct {
	Version   string          `json:"version"`
	RequestID requestID       `json:"request_id"`
	Action    string          `json:"action"`
	Type      string          `json:"type"`
	Success   *bool           `json:"success"`
	Payload   json.RawMessage `json:"payload"`
}

var errTooBig = errors.New("message larger than the read limit")

// readLoop is the socket's reader goroutine.
func (c *Conn) readLoop(s *socket) {
	defer c.wg.Done()
	defer close(s.readerDone)
	for {
		_, r, err := s.ws.Reader(context.Background())
		if err != nil {
			s.readErr = err
			return
		}
		data, err := readMessage(r, c.s.readLimit)
		if err != nil && !errors.Is(err, errTooBig) {
			s.readErr = err
			return
		}
		c.lastFrame.Store(time.Now().UnixNano())
		if err != nil {
			c.protocolError(fmt.Sprintf("message larger than the read limit (%d bytes) discarded", c.s.readLimit), data, nil)
			continue
		}
		c.handleFrame(s, data)
	}
}

// readMessage reads one message, keeping at most limit bytes; a larger
// message is read to its end, discarded, and reported with errTooBig and
// its first bytes.
func readMessage(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return nil, err
		}
		return head(data), errTooBig
	}
	return data, nil
}

func (c *Conn) protocolError(problem string, frame []byte, err error) {
	c.log.Warn("livechat/rtm: bad frame", "problem", problem, "err", err)
	c.report(&ProtocolError{Problem: problem, Frame: head(frame), Err: err})
}

func (c *Conn) handleFrame(s *socket, data []byte) {
	var f inFrame
	if err := json.Unmarshal(data, &f); err != nil {
		c.protocolError("frame is not a JSON object", data, err)
		return
	}
	switch f.Type {
	case "response":
		c.resolve(&f)
	case "push":
		c.onPush(s, &f)
	default:
		c.protocolError("unknown frame type "+strconv.Quote(f.Type), data, nil)
	}
}

// resolve completes the call the response answers.
func (c *Conn) resolve(f *inFrame) {
	id := string(f.RequestID)
	c.mu.Lock()
	cl := c.pending[id]
	if cl != nil {
		delete(c.pending, id)
		c.inflight--
	}
	more := cl != nil && c.loggedIn && len(c.queue) > 0
	c.mu.Unlock()
	if cl == nil {
		c.log.Debug("livechat/rtm: answer to an unknown request", "request_id", id, "action", f.Action)
		return
	}
	if more {
		c.kick()
	}
	var r result
	if f.Success != nil && !*f.Success {
		r.err = decodeError(cl.action, id, f.Payload)
	} else {
		r.payload = f.Payload
	}
	cl.finish(r)
}

func decodeError(action, id string, payload json.RawMessage) error {
	var env livechat.ErrorEnvelope
	if err := json.Unmarshal(payload, &env); err != nil || env.Error == nil || env.Error.Type == "" {
		e := livechat.NewError(livechat.TypeInternal, "malformed error response")
		e.Action, e.RequestID = action, id
		return e
	}
	env.Error.Action, env.Error.RequestID = action, id
	return env.Error
}

func (c *Conn) onPush(s *socket, f *inFrame) {
	p := &Push{Action: f.Action, Payload: f.Payload, RequestID: string(f.RequestID), Version: f.Version}
	switch f.Action {
	case "agent_disconnected", "customer_disconnected":
		var d struct {
			Reason string          `json:"reason"`
			Data   json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(f.Payload, &d); err != nil {
			c.protocolError(f.Action+" payload", f.Payload, err)
		}
		c.log.Info("livechat/rtm: server disconnects", "reason", d.Reason)
		c.mu.Lock()
		s.discReason, s.discData = d.Reason, d.Data
		c.mu.Unlock()
	case "customer_side_storage_updated":
		var d struct {
			Storage json.RawMessage `json:"customer_side_storage"`
		}
		if json.Unmarshal(f.Payload, &d) == nil && len(d.Storage) > 0 {
			c.mu.Lock()
			c.sideStorage = d.Storage
			c.mu.Unlock()
		}
	}
	if c.dq.addPush(p) {
		c.log.Warn("livechat/rtm: push dropped: slow consumer", "action", p.Action)
	}
}
