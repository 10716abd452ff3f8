package rtm

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/livechat-go/livechat"
)

// Refused requests. The server answers pending_requests_limit_reached to a
// request that arrives while it already has its limit of unanswered
// requests for the connection: it refused the request before doing
// anything with it, so sending it again is safe, whatever the action. The
// Conn never has more than 10 requests in flight, which is the server's
// limit, but a server that frees a slot only some time after the answer
// leaves the socket can still refuse one. Such a call is not handed to the
// caller: it goes back to its place in the queue (before the calls queued
// after it), the queue is held for a short jittered delay (25 ms, doubling
// up to 400 ms), and the call is sent again, at most MaxLimitRetries times;
// the limit of 10 in flight holds throughout. The caller's ctx (or the
// request timeout) still bounds the whole call; the last refusal is
// returned as the call's error (a *livechat.Error matching
// livechat.ErrPendingRequestsLimitReached).

// MaxLimitRetries is how many times a call refused with
// pending_requests_limit_reached is sent again before the error is
// returned.
const MaxLimitRetries = 5

// limitRetryDelay is the first hold of the queue after a refusal.
const limitRetryDelay = 25 * time.Millisecond

// retryRefused puts cl, which resolve has just taken out of the pending
// map, back in the queue if err refused it before the server acted and it
// may be tried again; it reports whether it did.
func (c *Conn) retryRefused(cl *call, err error) bool {
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != livechat.TypePendingRequestsLimitReached {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl.abandoned || cl.frame == nil || int(cl.refused) >= MaxLimitRetries || c.closed {
		return false // (nobody waits for an abandoned call: finish drops it)
	}
	cl.refused++
	i := 0
	for i < len(c.queue) && c.queue[i].id < cl.id {
		i++
	}
	c.queue = append(c.queue, nil)
	copy(c.queue[i+1:], c.queue[i:])
	c.queue[i] = cl
	d := limitRetryDelay << (cl.refused - 1)
	d = d/2 + rand.N(d/2+1) // jittered: [d/2, d]
	if until := time.Now().Add(d); until.After(c.holdUntil) {
		c.holdUntil = until
		if c.holdTimer == nil {
			c.holdTimer = time.AfterFunc(d, c.drain)
		} else {
			c.holdTimer.Reset(d)
		}
	}
	c.log.Debug("livechat/rtm: request refused by the pending limit; sending it again", "action", cl.action, "attempt", cl.refused, "in", d)
	return true
}

// held reports whether sending is held after a refusal (under c.mu).
func (c *Conn) held() bool {
	if c.holdUntil.IsZero() {
		return false
	}
	if time.Now().Before(c.holdUntil) {
		return true
	}
	c.holdUntil = time.Time{}
	return false
}
