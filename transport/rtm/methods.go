package rtm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/safesend"
)

// MessageOption adjusts a message sent by SendMessage.
type MessageOption func(*livechat.Message)

// MessageVisibility sets who sees the message: livechat.VisibilityAll (the
// default) or livechat.VisibilityAgents.
func MessageVisibility(v livechat.Visibility) MessageOption {
	return func(m *livechat.Message) { m.Visibility = v }
}

// MessageCustomID sets the event's custom_id.
func MessageCustomID(id string) MessageOption {
	return func(m *livechat.Message) { m.CustomID = id }
}

// MessageProperties sets the event's properties.
func MessageProperties(p livechat.Properties) MessageOption {
	return func(m *livechat.Message) { m.Properties = p }
}

// SendMessage sends a text message event to the active thread of a chat
// (send_event) and returns the new event's id.
func (c *Conn) SendMessage(ctx context.Context, chatID, text string, opts ...MessageOption) (string, error) {
	if chatID == "" {
		return "", livechat.Required("chat_id")
	}
	if text == "" {
		return "", livechat.Required("event.text")
	}
	m := &livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventMessage}, Text: text}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	req := struct {
		ChatID string            `json:"chat_id"`
		Event  *livechat.Message `json:"event"`
	}{chatID, m}
	var resp struct {
		EventID string `json:"event_id"`
	}
	if err := c.Call(ctx, "send_event", req, &resp); err != nil {
		return "", err
	}
	return resp.EventID, nil
}

// Ping sends the ping action and waits for its answer.
func (c *Conn) Ping(ctx context.Context) error { return c.Call(ctx, "ping", nil, nil) }

// SetAwayStatus marks this connection away (or back) — agents only.
func (c *Conn) SetAwayStatus(ctx context.Context, away bool) error {
	return c.Call(ctx, "set_away_status", map[string]bool{"away": away}, nil)
}

// Logout logs out of this connection (agents) and then closes the Conn;
// it does not reconnect.
func (c *Conn) Logout(ctx context.Context) error {
	err := c.Call(ctx, "logout", nil, nil)
	c.Close()
	return err
}

// UpdateSession (API 3.6) swaps the connection's token for the one creds
// produce, so the socket outlives the old token; creds are then used for
// later re-logins too. A nil creds re-authorizes the Conn's own
// credentials. With *livechat.OAuth2 credentials the Conn does this by
// itself before the token expires.
func (c *Conn) UpdateSession(ctx context.Context, creds livechat.Credentials) error {
	if c.cfg.APIVersion < livechat.V3_6 {
		return livechat.Invalid("api_version", "update_session needs API 3.6 or later, connection uses "+string(c.cfg.APIVersion))
	}
	if creds == nil {
		creds = c.credentials()
	}
	auth, err := creds.Authorize(ctx)
	if err != nil {
		return fmt.Errorf("livechat/rtm: credentials: %w", err)
	}
	if err := c.Call(ctx, "update_session", map[string]string{"token": auth.Header()}, nil); err != nil {
		return err
	}
	c.creds.Store(&credsBox{creds})
	return nil
}

// findEvent looks the event with key's custom_id up in the chat's latest
// threads, once logged in again and at least the resend check delay after
// the last disconnect. A lookup that fails because the connection dropped
// again, or with a retryable error, is repeated until ctx ends; it gives
// up on any other error (the lookup is refused).
func (c *Conn) findEvent(ctx context.Context, key *safesend.Key) (eventID string, found bool, err error) {
	for {
		if err := c.waitLoggedIn(ctx); err != nil {
			return "", false, err
		}
		c.mu.Lock()
		wait := time.Until(c.lastDisconnect.Add(c.s.resendDelay))
		c.mu.Unlock()
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return "", false, ctx.Err()
			}
		}
		eventID, found, err = safesend.Find(ctx, c.Call, key)
		if err == nil || ctx.Err() != nil || !(errors.Is(err, ErrDisconnected) || livechat.IsRetryable(err)) {
			return eventID, found, err
		}
		c.log.Debug("livechat/rtm: custom_id lookup failed, retrying", "custom_id", key.CustomID, "err", err)
		if !errors.Is(err, ErrDisconnected) {
			t := time.NewTimer(c.s.resendDelay)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return "", false, ctx.Err()
			}
		}
	}
}

var (
	_ livechat.Transport = (*Conn)(nil)
	_ livechat.Versioned = (*Conn)(nil)
)
