package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/safesend"
)

// callSafe is Call for send_event with livechat.WithSafeSend: the event
// gets a custom_id, and until ctx ends a send whose answer was lost is
// looked up by that custom_id and sent again only when it was not stored.
func (t *Transport) callSafe(ctx context.Context, action string, body []byte, response any) error {
	body, key := safesend.Prepare(body, "web-")
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			// Nothing of this attempt was sent, and the previous one (if
			// any) was looked up and not found.
			return fmt.Errorf("livechat: %s: %w", action, err)
		}
		err := t.do(ctx, http.MethodPost, action, nil, body, "application/json", response)
		if err == nil || key == nil || !answerLost(err) {
			return err
		}
		id, found, cerr := t.lookup(ctx, key)
		if cerr != nil {
			return fmt.Errorf("livechat: %s: %w (custom_id %q, chat %s): %w; lookup: %w",
				action, livechat.ErrOutcomeUnknown, key.CustomID, key.ChatID, err, cerr)
		}
		if found {
			if response == nil {
				return nil
			}
			return livechat.UnmarshalLenient(safesend.Answer(id), response)
		}
		t.cfg.Logger.DebugContext(ctx, "livechat: resending send_event", "custom_id", key.CustomID, "attempt", attempt+1, "error", err)
	}
}

// answerLost reports whether err leaves open whether the server stored the
// request: no answer at all, the ctx ended while waiting, or a 5xx other
// than 503 (a 503 and a 429 refuse the request before acting on it).
func answerLost(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var le *livechat.Error
	return errors.As(err, &le) && le.Status >= 500 && le.Status != http.StatusServiceUnavailable
}

// lookup waits the check delay and looks the custom_id up, again and again
// while the lookup fails with a network or retryable error, until ctx ends.
func (t *Transport) lookup(ctx context.Context, key *safesend.Key) (string, bool, error) {
	for n := 0; ; n++ {
		d := t.cfg.SafeSendCheckDelay
		if n > 0 {
			d = max(d, Backoff(n, t.cfg.RetryBaseDelay, t.cfg.RetryMaxDelay))
		}
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return "", false, ctx.Err()
		case <-timer.C:
		}
		id, found, err := safesend.Find(ctx, t.Call, key)
		if err == nil || ctx.Err() != nil {
			return id, found, err
		}
		var ne *NetworkError
		if !errors.As(err, &ne) && !livechat.IsRetryable(err) {
			return "", false, err
		}
		t.cfg.Logger.DebugContext(ctx, "livechat: custom_id lookup failed, retrying", "custom_id", key.CustomID, "error", err)
	}
}
