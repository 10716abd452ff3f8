package web_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// RetryWait returns at once when the context has ended, whatever the
// delay, and sleeps a Backoff of the config's delays when there is no
// Retry-After (zero base delay: no wait at all).
func TestRetryWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := web.RetryWait(ctx, livechat.NewConfig(), 0, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	cfg := livechat.NewConfig(livechat.WithRetryDelay(0, 0))
	if err := web.RetryWait(context.Background(), cfg, 5, 0); err != nil {
		t.Errorf("zero backoff: %v", err)
	}
}
