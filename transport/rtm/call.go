package rtm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/safesend"
)

// orphanTTL is how long an answer is awaited for a request nobody waits
// for any more (its caller gave up, or an internal ping) before its
// in-flight slot is reclaimed.
const orphanTTL = 30 * time.Second

type call struct {
	id     uint64
	action string
	// frame is the encoded request, kept until the call is recycled so
	// that a request the server refused before acting on it
	// (pending_requests_limit_reached) can be sent again. It is counted
	// (frameBuf.refs): drain holds a reference while it writes the frame,
	// so whoever recycles the call may do so while the write goes on.
	frame *frameBuf
	done  chan result // buffered 1; nil for internal calls
	cb    func(result)

	// deadline is when the request timeout ends the call (UnixNano; 0:
	// none, the caller's ctx bounds it). See expire.
	deadline int64

	// under Conn.mu
	abandoned bool
	refused   uint8 // times the server answered pending_requests_limit_reached
	sentAt    time.Time
}

type result struct {
	payload json.RawMessage
	err     error
	// abandoned: the call timed out after it was sent (expire); it stays
	// pending and must not be recycled.
	abandoned bool
}

// Conn.calls recycles the calls of Call, with their result channel. A
// call goes back to the pool only once its caller received its result (or
// took it out of the queue itself), so no one else refers to it any more;
// abandoned calls are left to the garbage collector. The pool belongs to
// the Conn rather than to the package so that its channels never cross
// testing/synctest bubbles.
func (c *Conn) newCall(action string) *call {
	cl, _ := c.calls.Get().(*call)
	if cl == nil {
		cl = &call{done: make(chan result, 1)}
	}
	cl.id = c.seq.Add(1)
	cl.action = action
	return cl
}

func (c *Conn) putCall(cl *call) {
	if cl.frame != nil {
		cl.frame.release()
	}
	*cl = call{done: cl.done}
	c.calls.Put(cl)
}

// frameBuf is a pooled request frame with its JSON encoder.
type frameBuf struct {
	b    bytes.Buffer
	enc  *json.Encoder
	refs atomic.Int32 // holders: its call, and drain while it writes it
}

// getFrame returns an empty frame from the pool with one reference.
func getFrame() *frameBuf {
	f := framePool.Get().(*frameBuf)
	f.refs.Store(1)
	return f
}

// release drops a reference; the last one returns f to the pool.
func (f *frameBuf) release() {
	if f.refs.Add(-1) == 0 {
		putFrame(f)
	}
}

var framePool = sync.Pool{New: func() any {
	f := &frameBuf{}
	f.enc = json.NewEncoder(&f.b)
	return f
}}

// putFrame returns f to the pool, wiped: frames such as login and
// update_session carry a token.
func putFrame(f *frameBuf) {
	if f.b.Cap() > 64<<10 {
		return
	}
	clear(f.b.Bytes())
	f.b.Reset()
	framePool.Put(f)
}

// encodeFrame encodes the request frame of id and action, with request as
// payload, in one pass into a pooled buffer: the envelope by hand, the
// payload by the JSON encoder (the same bytes as json.Marshal; nil and a
// JSON null become {}, a json.RawMessage is checked and copied as is).
func encodeFrame(id uint64, action string, request any) (*frameBuf, error) {
	f := getFrame()
	b := &f.b
	frameHead(b, id, action)
	switch p := request.(type) {
	case nil:
		b.Write(emptyObject)
	case json.RawMessage:
		if len(p) == 0 {
			b.Write(emptyObject)
			break
		}
		if !json.Valid(p) {
			putFrame(f)
			return nil, errors.New("request is not valid JSON")
		}
		b.Write(p)
	default:
		start := b.Len()
		if err := f.enc.Encode(request); err != nil {
			putFrame(f)
			return nil, err
		}
		b.Truncate(b.Len() - 1) // the encoder's newline
		if string(b.Bytes()[start:]) == "null" {
			b.Truncate(start)
			b.Write(emptyObject)
		}
	}
	b.WriteByte('}')
	return f, nil
}

// payloadFrame builds the request frame around an encoded payload.
func payloadFrame(id uint64, action string, payload []byte) *frameBuf {
	f := getFrame()
	frameHead(&f.b, id, action)
	f.b.Write(payload)
	f.b.WriteByte('}')
	return f
}

func frameHead(b *bytes.Buffer, id uint64, action string) {
	b.WriteString(`{"request_id":"`)
	b.Write(strconv.AppendUint(b.AvailableBuffer(), id, 10))
	b.WriteString(`","action":"`)
	b.WriteString(action)
	b.WriteString(`","payload":`)
}

// finish delivers r; the caller must have removed cl from the queue or the
// pending map (under Conn.mu), which makes it the only one to finish cl.
func (cl *call) finish(r result) {
	if cl.abandoned {
		return
	}
	if cl.cb != nil {
		cl.cb(r)
		if cl.frame != nil {
			cl.frame.release()
			cl.frame = nil
		}
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
	if c.s.safeResend && action == "send_event" {
		return c.callResending(ctx, action, request, response)
	}
	cl := c.newCall(action)
	// The request timeout is a deadline checked by one timer per Conn
	// (see expire), rather than a timer or a context.WithTimeout per call.
	if _, ok := ctx.Deadline(); !ok && c.s.requestTimeout > 0 {
		cl.deadline = time.Now().Add(c.s.requestTimeout).UnixNano()
	}
	f, err := encodeFrame(cl.id, action, request)
	if err != nil {
		c.putCall(cl)
		return fmt.Errorf("livechat/rtm: %s: encode request: %w", action, err)
	}
	cl.frame = f
	if err := c.enqueue(cl); err != nil {
		c.putCall(cl)
		return err
	}
	raw, err := c.await(ctx, cl)
	if err != nil {
		return err
	}
	return decodeInto(action, raw, response)
}

// callResending is Call for send_event with safe resend (see
// WithSafeResend): the payload gets a custom_id, and until ctx ends a call
// whose answer was lost is looked up by that custom_id and resent only
// when it was not stored.
func (c *Conn) callResending(ctx context.Context, action string, request, response any) error {
	payload, err := marshalPayload(request)
	if err != nil {
		return fmt.Errorf("livechat/rtm: %s: encode request: %w", action, err)
	}
	if _, ok := ctx.Deadline(); !ok && c.s.requestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.s.requestTimeout)
		defer cancel()
	}
	payload, key := safesend.Prepare(payload, "rtm-")
	for attempt := 1; ; attempt++ {
		raw, err := c.roundTrip(ctx, action, payload, nil)
		if err == nil {
			return decodeInto(action, raw, response)
		}
		if key == nil || !outcomeLost(err) {
			return err
		}
		id, found, cerr := c.findEvent(ctx, key)
		if cerr != nil {
			return fmt.Errorf("livechat/rtm: %s: %w (custom_id %q, chat %s): %w; lookup: %w",
				action, livechat.ErrOutcomeUnknown, key.CustomID, key.ChatID, err, cerr)
		}
		if found {
			return decodeInto(action, safesend.Answer(id), response)
		}
		c.log.Debug("livechat/rtm: resending send_event", "custom_id", key.CustomID, "attempt", attempt+1)
	}
}

// outcomeLost reports whether err means the request was sent and its
// answer lost: the socket dropped, the caller gave up waiting, or the Conn
// closed with the request in flight.
func outcomeLost(err error) bool {
	var se *sentError
	return errors.Is(err, ErrDisconnected) || errors.As(err, &se)
}

// sentError marks the error of a call that was sent and then given up
// (its ctx ended) or failed by the Conn's end before its answer came.
type sentError struct{ error }

func (e *sentError) Unwrap() error { return e.error }

// roundTrip queues one request with an encoded payload and, unless cb is
// set, waits for its answer; with cb, the answer goes to cb.
func (c *Conn) roundTrip(ctx context.Context, action string, payload []byte, cb func(result)) (json.RawMessage, error) {
	var cl *call
	if cb == nil {
		cl = c.newCall(action)
	} else {
		cl = &call{id: c.seq.Add(1), action: action, cb: cb}
	}
	cl.frame = payloadFrame(cl.id, action, payload)
	if err := c.enqueue(cl); err != nil {
		if cb == nil {
			c.putCall(cl)
		}
		return nil, err
	}
	if cb != nil {
		c.needReader() // no caller reads this answer (lead.go)
		return nil, nil
	}
	return c.await(ctx, cl)
}

// enqueue appends cl to the queue and sends what can be sent.
func (c *Conn) enqueue(cl *call) error {
	c.mu.Lock()
	if c.closed {
		err := c.err
		c.mu.Unlock()
		return err
	}
	c.queue = append(c.queue, cl)
	if cl.deadline != 0 && (c.expiryAt == 0 || cl.deadline < c.expiryAt) {
		c.armExpiry(cl.deadline)
	}
	c.mu.Unlock()
	c.send(true)
	return nil
}

// armExpiry sets the Conn's expiry timer to fire at the deadline at
// (UnixNano; under c.mu). It is armed for the earliest deadline of the
// calls waiting when it was set, and re-armed by expire: the calls' own
// deadlines come later, as every call has the same timeout, so a call
// does not touch the timer while it is armed.
func (c *Conn) armExpiry(at int64) {
	c.expiryAt = at
	d := time.Duration(at - time.Now().UnixNano())
	if c.expiry == nil {
		c.expiry = time.AfterFunc(d, c.expire)
	} else {
		c.expiry.Reset(d)
	}
}

// expire ends the calls whose request timeout has passed, as their ctx
// would: a queued call leaves the queue; a sent one is abandoned (it keeps
// its in-flight slot until its answer or orphanTTL). Then it re-arms the
// timer for the earliest deadline left.
func (c *Conn) expire() {
	now := time.Now().UnixNano()
	var due, sent []*call
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.expiryAt = 0
	next := int64(0)
	later := func(d int64) {
		if next == 0 || d < next {
			next = d
		}
	}
	kept := c.queue[:0]
	for _, cl := range c.queue {
		switch {
		case cl.deadline == 0:
		case cl.deadline <= now:
			due = append(due, cl)
			continue
		default:
			later(cl.deadline)
		}
		kept = append(kept, cl)
	}
	clear(c.queue[len(kept):])
	c.queue = kept
	for _, cl := range c.pending {
		switch {
		case cl.deadline == 0 || cl.abandoned:
		case cl.deadline <= now:
			cl.abandoned = true
			sent = append(sent, cl)
		default:
			later(cl.deadline)
		}
	}
	if next != 0 {
		c.armExpiry(next)
	}
	c.mu.Unlock()
	// Each of these calls was taken out of the queue, or marked
	// abandoned, under the lock: no one else delivers a result to it.
	for _, cl := range due {
		cl.done <- result{err: fmt.Errorf("livechat/rtm: %s: %w", cl.action, context.DeadlineExceeded)}
	}
	for _, cl := range sent {
		err := fmt.Errorf("livechat/rtm: %s: %w", cl.action, context.DeadlineExceeded)
		cl.done <- result{err: &sentError{err}, abandoned: true}
	}
	// A call whose caller reads the socket (lead.go) may be due (it went
	// back to the queue, refused by the pending limit) or sent: either
	// way its caller must stop reading.
	if s := c.socketOf(); s != nil && len(due)+len(sent) > 0 {
		for _, cl := range due {
			c.interrupt(s, cl)
		}
		for _, cl := range sent {
			c.interrupt(s, cl)
		}
	}
}

// socketOf returns the current socket, if any.
func (c *Conn) socketOf() *socket {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sock
}

// await waits for the answer to cl, which must come from newCall, until
// it comes (or the request timeout, see expire) or ctx is done; it
// recycles cl unless the call is abandoned.
func (c *Conn) await(ctx context.Context, cl *call) (json.RawMessage, error) {
	c.lead(ctx, cl)
	select {
	case r := <-cl.done:
		if !r.abandoned {
			c.putCall(cl)
		}
		return r.payload, r.err
	case <-ctx.Done():
	}
	err := fmt.Errorf("livechat/rtm: %s: %w", cl.action, ctx.Err())
	switch r, state := c.abandon(cl); state {
	case wasQueued:
		c.putCall(cl)
	case beingFinished:
		if !r.abandoned {
			c.putCall(cl)
		}
		return r.payload, r.err
	case wasSent:
		return nil, &sentError{err}
	}
	return nil, err
}

const (
	wasQueued     = iota // taken out of the queue: never sent
	wasSent              // sent: left pending, marked abandoned
	beingFinished        // neither: its result is (being) delivered
)

// abandon forgets a call whose caller gave up: a queued call leaves the
// queue; a sent one keeps its in-flight slot (the server still counts it)
// until its answer or orphanTTL, and must not be recycled. A call that is
// in neither place is being finished by whoever took it out of the queue
// or the pending map: abandon then waits for that result and returns it.
func (c *Conn) abandon(cl *call) (result, int) {
	c.mu.Lock()
	if i := slices.Index(c.queue, cl); i >= 0 {
		c.queue = slices.Delete(c.queue, i, i+1)
		c.mu.Unlock()
		return result{}, wasQueued
	}
	if c.pending[cl.id] == cl {
		cl.abandoned = true
		c.mu.Unlock()
		return result{}, wasSent
	}
	c.mu.Unlock()
	return <-cl.done, beingFinished
}

// kick drains the queue on a goroutine of its own, for a caller that
// must not write (the reader: a write blocked by a server that waits for
// us to read would block the reader too) or must not wait (a timer).
func (c *Conn) kick() { go c.drain() }

// drain sends queued calls, in order, while logged in and below the
// in-flight limit. One goroutine drains at a time, so frames leave in queue
// order; others only queue and let the current drainer pick their call up.
// The drainer takes a reference to the frames under the lock and never
// touches the calls after that: an answer may recycle a call while later
// frames of the batch are still being written.
func (c *Conn) drain() { c.send(false) }

// send is drain; caller tells that the goroutine is a caller that will
// read its answer itself or make sure someone does (lead.go). Otherwise
// the calls it sends are answered to callers that wait without reading,
// and the reader goroutine must read.
func (c *Conn) send(caller bool) {
	c.mu.Lock()
	if c.draining {
		c.mu.Unlock()
		return
	}
	c.draining = true
	var frames [DefaultMaxInFlight]*frameBuf
	var actions [DefaultMaxInFlight]string
	for c.loggedIn && c.sock != nil && len(c.queue) > 0 && c.inflight < c.s.maxInFlight && !c.held() {
		n := min(len(c.queue), c.s.maxInFlight-c.inflight, len(frames))
		now := time.Now()
		for i, cl := range c.queue[:n] {
			c.pending[cl.id] = cl
			cl.sentAt = now
			cl.frame.refs.Add(1)
			frames[i], actions[i] = cl.frame, cl.action
		}
		c.queue = slices.Delete(c.queue, 0, n)
		c.inflight += n
		s := c.sock
		if !caller {
			s.needReader()
		}
		c.mu.Unlock()
		failed := false
		for i, f := range frames[:n] {
			if !failed {
				if err := s.ws.Write(context.Background(), websocket.MessageText, f.b.Bytes()); err != nil {
					// The socket is broken; the reader sees it and the
					// supervisor fails the pending calls with ErrDisconnected.
					c.log.Debug("livechat/rtm: write failed", "action", actions[i], "err", err)
					c.closeSocket(s)
					failed = true
				}
			}
			f.release()
		}
		clear(frames[:n])
		clear(actions[:n])
		c.mu.Lock()
	}
	c.draining = false
	c.mu.Unlock()
}

// sweep reclaims the slots of abandoned requests older than orphanTTL.
func (c *Conn) sweep() { c.sweepAt(time.Now()) }

func (c *Conn) sweepAt(now time.Time) {
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
	cl := &call{id: c.seq.Add(1), action: "ping", abandoned: true}
	cl.frame = payloadFrame(cl.id, "ping", emptyObject)
	c.queue = append(c.queue, cl)
	if c.sock != nil {
		c.sock.needReader() // no caller reads its answer (lead.go)
	}
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
	if err := livechat.UnmarshalLenient(raw, response); err != nil {
		return fmt.Errorf("livechat/rtm: %s: decode response: %w", action, err)
	}
	return nil
}

// requestID is a frame's request_id, sent as a string or a number: the
// bytes of the string (or of the number). Unescaped strings, the usual
// case, alias the frame being decoded (no copy: the frame stays unchanged
// until handleFrame returns, and nothing keeps a requestID beyond that).
type requestID []byte

func (r *requestID) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		if len(b) >= 2 {
			if s := b[1 : len(b)-1]; bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
				*r = s
				return nil
			}
		}
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
	*r = b
	return nil
}

// callID returns the id of one of our calls: canonical decimal digits.
func (r requestID) callID() (uint64, bool) {
	if len(r) == 0 || len(r) > 19 || r[0] == '0' {
		return 0, false
	}
	var n uint64
	for _, d := range r {
		if d < '0' || d > '9' {
			return 0, false
		}
		n = n*10 + uint64(d-'0')
	}
	return n, true
}

// jsonText is a JSON string field of a frame, kept as its bytes. A string
// without escapes, the usual case, aliases the frame being decoded (see
// requestID); anything else is decoded (or rejected) as a Go string would be.
type jsonText []byte

func (t *jsonText) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = nil
		return nil
	}
	if len(b) >= 2 && b[0] == '"' {
		if s := b[1 : len(b)-1]; bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) {
			*t = s
			return nil
		}
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*t = jsonText(s)
	return nil
}

// optBool is an optional JSON boolean, decoded without allocating.
type optBool uint8

const (
	boolAbsent optBool = iota // absent or null
	boolFalse
	boolTrue
)

func (o *optBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true":
		*o = boolTrue
	case "false":
		*o = boolFalse
	case "null":
		*o = boolAbsent
	default:
		var v bool
		return json.Unmarshal(b, &v)
	}
	return nil
}

// inFrame is a decoded frame. Only Payload is a copy: the other fields
// alias the frame's bytes and are valid until handleFrame returns.
type inFrame struct {
	Version   jsonText        `json:"version"`
	RequestID requestID       `json:"request_id"`
	Action    jsonText        `json:"action"`
	Type      jsonText        `json:"type"`
	Success   optBool         `json:"success"`
	Payload   json.RawMessage `json:"payload"`
}

var errTooBig = errors.New("message larger than the read limit")

// inFrames holds the decoded frames of every Conn's readers: an idle
// connection holds none.
var inFrames = sync.Pool{New: func() any { return new(inFrame) }}

// readBufMax is the largest read buffer kept for reuse.
const readBufMax = 64 << 10

// readBufs holds the read buffers of every Conn's readers: a reader takes
// one when a message arrives and gives it back once the message is
// handled, so an idle connection holds no read buffer, and one large
// message (a login answer listing many chats) does not leave a buffer of
// its size with the connection.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// readLoop is the socket's reader goroutine. It reads every message into a
// pooled buffer: decoding copies what outlives handleFrame (strings,
// payloads, the head of a bad frame). Once the socket ends, the reader of
// a socket that was handed to it (see serve) becomes the supervisor: it
// reconnects or shuts the Conn down.
//
// This is the goroutine an idle connection keeps, blocked in Reader: its
// own frame is kept small (the work is in readFrom) so that the garbage
// collector can shrink its stack to the least size.
func (c *Conn) readLoop(s *socket) {
	defer c.readerEnded(s)
	s.park.Lock() // held while the reader reads (see awaitRole)
	for {
		_, r, err := s.ws.Reader(context.Background())
		if err == nil {
			err = c.readFrom(s, r)
		} else if s.bc != nil && errors.Is(err, errInterrupted) {
			// An interrupt meant for a leader that stopped reading first.
			c.mu.Lock()
			s.bc.clearInterrupt()
			c.mu.Unlock()
			continue
		}
		if err == nil && s.yielded {
			// The role is free for the next call's caller (lead.go).
			s.yielded = false
			err = c.awaitRole(s)
		}
		if err != nil {
			s.readErr = err
			return
		}
	}
}

// readerEnded runs when the reader of s stops reading.
func (c *Conn) readerEnded(s *socket) {
	defer c.wg.Done()
	close(s.readerDone)
	c.mu.Lock()
	s.ended = true
	served := s.served
	c.mu.Unlock()
	if served {
		c.supervise(nil, s)
	}
}

// readFrom reads and handles one message; an error ends the socket.
func (c *Conn) readFrom(s *socket, r io.Reader) error {
	bp := readBufs.Get().(*[]byte)
	data, err := readMessage(r, c.s.readLimit, (*bp)[:0])
	if err != nil && !errors.Is(err, errTooBig) {
		readBufs.Put(bp)
		return err
	}
	s.msgs++
	if s.bc != nil && !s.bc.t.consistent(s.msgs) {
		c.noLead(s)
	}
	c.lastFrame.Store(time.Now().UnixNano())
	if err != nil {
		readBufs.Put(bp)
		c.protocolError(fmt.Sprintf("message larger than the read limit (%d bytes) discarded", c.s.readLimit), data, nil)
		return nil
	}
	f := inFrames.Get().(*inFrame)
	c.handleFrame(s, data, f)
	*f = inFrame{} // no reference to the buffer once it is back in the pool
	inFrames.Put(f)
	if cap(data) <= readBufMax {
		*bp = data[:0]
		readBufs.Put(bp)
	}
	return nil
}

// readMessage reads one message, appending at most limit bytes to buf; a
// larger message is read to its end, discarded, and reported with errTooBig
// and its first bytes.
func readMessage(r io.Reader, limit int64, buf []byte) ([]byte, error) {
	keep := limit + 1 // read one byte more than the limit to detect larger messages
	if keep <= 0 {
		keep = math.MaxInt64
	}
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(max(cap(buf), 512)), keep-int64(len(buf)))))
		}
		room := buf[len(buf):cap(buf)]
		if left := keep - int64(len(buf)); left < int64(len(room)) {
			room = room[:left]
		}
		n, err := r.Read(room)
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			if _, err := io.Copy(io.Discard, r); err != nil {
				return nil, err
			}
			return head(buf), errTooBig
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (c *Conn) protocolError(problem string, frame []byte, err error) {
	c.log.Warn("livechat/rtm: bad frame", "problem", problem, "err", err)
	c.report(&ProtocolError{Problem: problem, Frame: head(frame), Err: err})
}

func (c *Conn) handleFrame(s *socket, data []byte, f *inFrame) {
	*f = inFrame{}
	if err := decodeFrame(data, f); err != nil {
		if !livechat.IsTooDeep(err) {
			c.protocolError("frame is not a JSON object", data, err)
			return
		}
		// A frame nested deeper than the decoder allows (a chat holding a
		// deeply nested custom event): decode it with the too-deep members
		// of its events or items left out (see livechat.UnmarshalLenient).
		if err := livechat.UnmarshalLenient(data, f); err != nil {
			c.protocolError("frame nested too deeply", data, err)
			return
		}
	}
	switch string(f.Type) {
	case "response":
		c.resolve(s, f)
	case "push":
		c.onPush(s, f)
	default:
		c.protocolError("unknown frame type "+strconv.Quote(string(f.Type)), data, nil)
	}
}

// resolve completes the call the response answers.
func (c *Conn) resolve(s *socket, f *inFrame) {
	id, ok := f.RequestID.callID()
	var cl *call
	c.mu.Lock()
	if ok {
		cl = c.pending[id]
	}
	own := false // the caller reads this answer itself
	if cl != nil {
		delete(c.pending, id)
		c.inflight--
		own = s.leader == cl
		if !own && cl.done != nil && cl.cb == nil && !cl.abandoned && s.role.Load() == roleReader {
			// A caller waits for this answer: let its next call read its own.
			s.yielded = c.yield(s)
		}
	}
	// A freed slot lets a queued call go, unless a drain is under way: it
	// checks the slots again before it stops.
	more := cl != nil && c.loggedIn && len(c.queue) > 0 && !c.draining
	c.mu.Unlock()
	if cl == nil {
		c.log.Debug("livechat/rtm: answer to an unknown request", "request_id", string(f.RequestID), "action", string(f.Action))
		return
	}
	var r result
	if f.Success == boolFalse {
		r.err = decodeError(cl.action, strconv.FormatUint(id, 10), f.Payload)
		if c.retryRefused(cl, r.err) {
			return
		}
	}
	if more {
		c.kick()
	}
	if f.Success != boolFalse {
		r.payload = f.Payload
	}
	// A caller blocked in Call is now runnable on this P. Yield the P to it
	// at once: otherwise it waits until this reader is parked in its next
	// read, and an idle P woken meanwhile may steal it, which costs an OS
	// thread wake-up on the other core. On the 2-core benchmark machine
	// this took serial round trips from ~30 µs to ~55 µs in most runs; the
	// yield removed that mode without changing throughput at 10 in flight.
	// (woken is read before finish: the caller may recycle cl at once.)
	woken := cl.done != nil && cl.cb == nil && !cl.abandoned && !own
	cl.finish(r)
	if woken {
		runtime.Gosched()
	}
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
	p := &Push{Action: string(f.Action), Payload: f.Payload, RequestID: string(f.RequestID), Version: string(f.Version)}
	switch p.Action {
	case "agent_disconnected", "customer_disconnected":
		var d struct {
			Reason string          `json:"reason"`
			Data   json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(f.Payload, &d); err != nil {
			c.protocolError(p.Action+" payload", f.Payload, err)
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
