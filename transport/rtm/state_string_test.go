package rtm

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
)

func TestStateEventString(t *testing.T) {
	for _, c := range []struct {
		ev   StateEvent
		want string
	}{
		{StateEvent{State: StateConnecting}, "connecting"},
		{StateEvent{State: StateConnecting, Attempt: 2}, "connecting: attempt 3"},
		{StateEvent{State: StateConnected, Login: &LoginResponse{MyProfile: &livechat.MyProfile{ID: "a@example.com"}}}, "connected as a@example.com"},
		{StateEvent{State: StateDisconnected, Reason: "service_temporarily_unavailable", RetryIn: 351400 * time.Microsecond},
			"disconnected: service_temporarily_unavailable, retry in 351ms"},
		{StateEvent{State: StateDisconnected, Reason: "read_error", Err: errors.New("EOF"), RetryIn: time.Second},
			"disconnected: read_error, EOF, retry in 1s"},
		{StateEvent{State: StateClosed, Reason: "agent_logged_out_remotely"}, "closed: agent_logged_out_remotely"},
	} {
		if got := c.ev.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		// fmt and log/slog use it: no struct or pointer is printed.
		if got := fmt.Sprint(c.ev); got != c.want {
			t.Errorf("fmt.Sprint = %q", got)
		}
	}
}
