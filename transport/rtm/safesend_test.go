package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
)

// safeServer is a server for safe-resend tests: it stores send_event
// events, answers list_threads from them, and drops the socket instead
// of answering while dropSend / dropLookup say so.
type safeServer struct {
	*server
	mu         sync.Mutex
	events     []map[string]any
	sends      int
	lookups    int
	dropSend   func(n int) (store, drop bool) // n: 1-based send_event count
	dropLookup func(n int) bool
	swallow    bool // never answer send_event
}

func newSafeServer(t *testing.T) *safeServer {
	ss := &safeServer{server: newServer(t)}
	ss.onFrame = func(sc *srvConn, f reqFrame) bool {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		switch f.Action {
		case "send_event":
			ss.sends++
			if ss.swallow {
				return true
			}
			var p struct{ Event map[string]any }
			_ = json.Unmarshal(f.Payload, &p)
			p.Event["id"] = fmt.Sprintf("T1_%d", len(ss.events)+1)
			store, drop := true, false
			if ss.dropSend != nil {
				store, drop = ss.dropSend(ss.sends)
			}
			if store {
				ss.events = append(ss.events, p.Event)
			}
			if drop {
				sc.drop()
				return true
			}
			_ = sc.respond(f, map[string]any{"event_id": p.Event["id"]})
			return true
		case "list_threads":
			ss.lookups++
			if ss.dropLookup != nil && ss.dropLookup(ss.lookups) {
				sc.drop()
				return true
			}
			_ = sc.respond(f, map[string]any{"threads": []any{map[string]any{"id": "T1", "events": ss.events}}})
			return true
		}
		return false
	}
	return ss
}

func (ss *safeServer) counts() (events, sends, lookups int) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.events), ss.sends, ss.lookups
}

// TestSafeResendKeepsCheckingWhenTheLookupDrops pins issue 15 point 9:
// the custom_id lookup dropping again is retried, not an error, and a
// stored event is never sent twice.
func TestSafeResendKeepsCheckingWhenTheLookupDrops(t *testing.T) {
	ss := newSafeServer(t)
	ss.dropSend = func(n int) (bool, bool) { return true, n == 1 } // stored, answer lost
	ss.dropLookup = func(n int) bool { return n <= 3 }
	c := dialTest(t, ss.server, WithSafeResend(time.Millisecond))
	id, err := c.SendMessage(context.Background(), "C1", "once")
	if err != nil || id != "T1_1" {
		t.Fatalf("SendMessage = %q, %v", id, err)
	}
	if ev, sends, lookups := ss.counts(); ev != 1 || sends != 1 || lookups != 4 {
		t.Errorf("events %d, send_event frames %d, lookups %d; want 1, 1, 4", ev, sends, lookups)
	}
}

// TestSafeResendBeyondThreeAttempts pins that resending goes on past the
// old limit of 3 attempts, checking before each one.
func TestSafeResendBeyondThreeAttempts(t *testing.T) {
	ss := newSafeServer(t)
	ss.dropSend = func(n int) (bool, bool) { return n > 6, n <= 6 } // 6 lost unstored, the 7th works
	c := dialTest(t, ss.server, WithSafeResend(time.Millisecond))
	id, err := c.SendMessage(context.Background(), "C1", "persist")
	if err != nil || id != "T1_1" {
		t.Fatalf("SendMessage = %q, %v", id, err)
	}
	if ev, sends, lookups := ss.counts(); ev != 1 || sends != 7 || lookups != 6 {
		t.Errorf("events %d, send_event frames %d, lookups %d; want 1, 7, 6", ev, sends, lookups)
	}
}

// TestSafeResendOutcomeUnknown pins the one error that does not mean
// "not stored": the request was sent and ctx ended before any answer or
// lookup could tell.
func TestSafeResendOutcomeUnknown(t *testing.T) {
	ss := newSafeServer(t)
	ss.swallow = true
	c := dialTest(t, ss.server, WithSafeResend(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.SendMessage(ctx, "C1", "lost")
	if !errors.Is(err, livechat.ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}

	// A refusal is an ordinary error: not stored, not unknown.
	ss2 := newSafeServer(t)
	ss2.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "send_event" {
			_ = sc.fail(f, "validation", "bad event")
			return true
		}
		return false
	}
	c2 := dialTest(t, ss2.server, WithSafeResend(time.Millisecond))
	_, err = c2.SendMessage(context.Background(), "C1", "refused")
	if !errors.Is(err, livechat.ErrValidation) || errors.Is(err, livechat.ErrOutcomeUnknown) {
		t.Fatalf("refused send: %v", err)
	}
}

// TestSafeResendClosedInFlight: Close with the send in flight cannot
// tell whether it was stored.
func TestSafeResendClosedInFlight(t *testing.T) {
	ss := newSafeServer(t)
	ss.swallow = true
	c := dialTest(t, ss.server, WithSafeResend(time.Millisecond))
	go func() {
		ss.waitFrame(t, "send_event")
		c.Close()
	}()
	_, err := c.SendMessage(context.Background(), "C1", "lost")
	if !errors.Is(err, livechat.ErrOutcomeUnknown) || !errors.Is(err, ErrClosed) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown and ErrClosed", err)
	}
}
