package simpleagent

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/internal/webapp"
	"github.com/livechat-go/livechat/transport/rtm"
)

// session is one signed-in browser: its RTM connection, the agent client
// over it, and the event stream to the page.
type session struct {
	app    *App
	conn   *rtm.Conn
	client *agent.Client
	hub    webapp.Hub

	mu        sync.Mutex
	users     map[string]webapp.Users // chat id → its members, for author names
	state     string
	connected bool // logged in at least once
}

// startSession connects to RTM in the background (the page shows the
// progress) and sets the session cookie. Once the app is closed it starts
// nothing, answers 503 and reports false.
func (a *App) startSession(w http.ResponseWriter, creds livechat.Credentials, refreshMargin time.Duration) bool {
	if a.isClosed() {
		webapp.Error(w, http.StatusServiceUnavailable, errClosing)
		return false
	}
	s := &session{app: a, users: map[string]webapp.Users{}, state: "connecting"}
	cfg := []livechat.Option{livechat.WithLogger(a.cfg.logger)}
	if a.cfg.baseURL != "" {
		cfg = append(cfg, livechat.WithBaseURL(a.cfg.baseURL))
	}
	if a.cfg.region != "" {
		cfg = append(cfg, livechat.WithRegion(a.cfg.region))
	}
	opts := []rtm.Option{
		rtm.WithConfig(cfg...),
		rtm.WithBackgroundConnect(),
		rtm.WithAgentLogin(rtm.AgentLogin{Application: &rtm.Application{Name: "Simple Agent (livechat-go)"}}),
		rtm.WithStateHandler(s.onState),
		rtm.WithErrorHandler(func(err error) { a.cfg.logger.Warn("simpleagent: rtm", "error", err) }),
		rtm.WithPushHandler("incoming_chat", s.onIncomingChat),
		rtm.WithPushHandler("chat_deactivated", s.onChatDeactivated),
		rtm.WithPushHandler("incoming_event", s.onIncomingEvent),
		rtm.WithPushHandler("incoming_sneak_peek", s.onSneakPeek),
		rtm.WithPushHandler("incoming_typing_indicator", s.onTyping),
		rtm.WithPushHandler("user_added_to_chat", s.onUserAdded),
	}
	if refreshMargin > 0 {
		opts = append(opts, rtm.WithSessionRefreshMargin(refreshMargin/2))
	}
	opts = append(opts, a.cfg.rtmOpts...)
	conn, err := rtm.Dial(context.Background(), creds, opts...)
	if err != nil { // only bad options fail here with a background connect
		a.cfg.logger.Error("simpleagent: rtm dial", "error", err)
	}
	s.conn = conn
	if conn != nil {
		s.client = agent.New(conn)
	}
	// Close may have run since the check above: it would not see this
	// session, so the connection is closed here. Creating the session
	// under closeMu makes every later Close see it.
	a.closeMu.Lock()
	defer a.closeMu.Unlock()
	if a.isClosed() {
		if conn != nil {
			conn.Close()
		}
		webapp.Error(w, http.StatusServiceUnavailable, errClosing)
		return false
	}
	a.sessions.Create(w, s)
	return true
}

func (s *session) publish(v map[string]any) { s.hub.Publish(v) }

// onState turns the RTM client's state events into the page's indicator:
// connecting (first attempt), ready, reconnecting, closed.
func (s *session) onState(ev rtm.StateEvent) {
	s.mu.Lock()
	st := ""
	switch ev.State {
	case rtm.StateConnecting:
		st = "connecting"
		if s.connected || ev.Attempt > 0 {
			st = "reconnecting"
		}
	case rtm.StateConnected:
		st = "ready"
		s.connected = true
	case rtm.StateDisconnected:
		st = "reconnecting"
	case rtm.StateClosed:
		st = "closed"
	}
	s.state = st
	s.mu.Unlock()
	msg := map[string]any{"type": "state", "state": st, "reason": ev.Reason}
	if ev.State == rtm.StateClosed && ev.Err != nil {
		msg["error"] = closedText(ev.Err)
	}
	s.publish(msg)
}

func closedText(err error) string {
	var ce *rtm.ClosedError
	if errorsAs(err, &ce) && ce.Reason != "" {
		return "the connection ended: " + ce.Reason
	}
	return "the connection ended"
}

func (s *session) remember(chatID string, us webapp.Users) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.users[chatID]; old != nil {
		for k, v := range us {
			old[k] = v
		}
		return
	}
	s.users[chatID] = us
}

func (s *session) usersOf(chatID string) webapp.Users {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.users[chatID]
}

func (s *session) onIncomingChat(p rtm.Push) {
	var x livechat.IncomingChatPush
	if err := p.Decode(&x); err != nil || x.Chat == nil {
		return
	}
	us := webapp.UsersOf(x.Chat.Users)
	s.remember(x.Chat.ID, us)
	s.publish(map[string]any{"type": "incoming_chat", "chat": chatFromFull(x.Chat, us, s.myID())})
}

func (s *session) onChatDeactivated(p rtm.Push) {
	var x livechat.ChatDeactivatedPush
	if p.Decode(&x) == nil {
		s.publish(map[string]any{"type": "chat_deactivated", "chat_id": x.ChatID, "thread_id": x.ThreadID})
	}
}

func (s *session) onIncomingEvent(p rtm.Push) {
	var x livechat.IncomingEventPush
	if err := p.Decode(&x); err != nil || x.Event == nil {
		return
	}
	ev := webapp.ViewEvent(x.Event, s.usersOf(x.ChatID))
	s.publish(map[string]any{"type": "incoming_event", "chat_id": x.ChatID, "thread_id": x.ThreadID, "event": ev,
		"mine":    x.Event.Common().AuthorID == s.myID(),
		"sent_at": float64(time.Now().UnixMicro()) / 1000}) // ms; the page measures the SSE leg with it

}

func (s *session) onSneakPeek(p rtm.Push) {
	var x livechat.IncomingSneakPeekPush
	if p.Decode(&x) == nil && x.SneakPeek != nil {
		s.publish(map[string]any{"type": "typing", "chat_id": x.ChatID, "is_typing": x.SneakPeek.Text != "", "text": x.SneakPeek.Text})
	}
}

func (s *session) onTyping(p rtm.Push) {
	var x livechat.IncomingTypingIndicatorPush
	if p.Decode(&x) == nil && x.TypingIndicator != nil && x.TypingIndicator.AuthorID != s.myID() {
		s.publish(map[string]any{"type": "typing", "chat_id": x.ChatID, "is_typing": x.TypingIndicator.IsTyping})
	}
}

func (s *session) onUserAdded(p rtm.Push) {
	var x livechat.UserAddedToChatPush
	if p.Decode(&x) == nil && x.User != nil {
		s.remember(x.ChatID, webapp.UsersOf(livechat.Users{x.User}))
	}
}

// myID is the signed-in agent's id ("" before the first login).
func (s *session) myID() string {
	if s.conn == nil {
		return ""
	}
	if d, ok := s.conn.AgentDetails(); ok {
		return d.MyProfile.ID
	}
	return ""
}

// InUse reports whether a page of the session is open (its event
// stream): such a session is not idle (webapp.InUse).
func (s *session) InUse() bool { return s.hub.Streams() > 0 }

// close ends the RTM connection and the page's streams.
func (s *session) close() {
	if s.conn != nil {
		s.conn.Close()
	}
	s.hub.Close()
}

// logout logs the agent's connection out, then closes it.
func (s *session) logout() {
	if s.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.conn.Logout(ctx)
		cancel()
	}
	s.close()
}
