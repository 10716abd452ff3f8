package rtm

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/livechat-go/livechat"
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

// resendKey identifies a send_event for the safe-resend check.
type resendKey struct {
	chatID   string
	customID string
}

// withCustomID gives a send_event payload's event a custom_id if it has
// none. It returns the payload unchanged and nil when the payload is not
// a send_event shape it understands.
func withCustomID(payload []byte) ([]byte, *resendKey) {
	var req map[string]json.RawMessage
	if json.Unmarshal(payload, &req) != nil {
		return payload, nil
	}
	var chatID string
	if json.Unmarshal(req["chat_id"], &chatID) != nil || chatID == "" {
		return payload, nil
	}
	var ev map[string]json.RawMessage
	if json.Unmarshal(req["event"], &ev) != nil || ev == nil {
		return payload, nil
	}
	var customID string
	_ = json.Unmarshal(ev["custom_id"], &customID)
	if customID == "" {
		var b [12]byte
		_, _ = rand.Read(b[:])
		customID = "rtm-" + hex.EncodeToString(b[:])
		ev["custom_id"], _ = json.Marshal(customID)
		evb, err := json.Marshal(ev)
		if err != nil {
			return payload, nil
		}
		req["event"] = evb
		out, err := json.Marshal(req)
		if err != nil {
			return payload, nil
		}
		payload = out
	}
	return payload, &resendKey{chatID: chatID, customID: customID}
}

// findEvent waits for the re-login (and the resend check delay), then
// looks for the event with key's custom_id in the chat's latest threads.
func (c *Conn) findEvent(ctx context.Context, key *resendKey) (eventID string, found bool, err error) {
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
	var resp struct {
		Threads []struct {
			Events []struct {
				ID       string `json:"id"`
				CustomID string `json:"custom_id"`
			} `json:"events"`
		} `json:"threads"`
	}
	req := map[string]any{"chat_id": key.chatID, "limit": 3, "sort_order": "desc"}
	if err := c.Call(ctx, "list_threads", req, &resp); err != nil {
		return "", false, err
	}
	for _, th := range resp.Threads {
		for _, ev := range th.Events {
			if ev.CustomID == key.customID {
				return ev.ID, true, nil
			}
		}
	}
	return "", false, nil
}

var (
	_ livechat.Transport = (*Conn)(nil)
	_ livechat.Versioned = (*Conn)(nil)
)
