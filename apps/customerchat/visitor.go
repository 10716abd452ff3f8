package customerchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/webapp"
	"github.com/livechat-go/livechat/transport/rtm"
)

// identityCookie keeps the visitor's __lc_cid and __lc_cst (joined by
// ".") for two years, as the widget's own cookies do.
const identityCookie = "customerchat_identity"

const callTimeout = 15 * time.Second

// visitor is one browser's customer: its token, RTM connection and chat.
type visitor struct {
	app    *App
	conn   *rtm.Conn
	client *customer.Client
	hub    webapp.Hub
	id     string // customer id

	mu     sync.Mutex
	chatID string
	active bool
	users  webapp.Users
}

// grant is what the cookie grant answered.
type grant struct {
	token      *oauth2.Token
	customerID string
	cid, cst   string
}

// cookieGrant asks the accounts server for a customer token, sending the
// visitor's identity cookies so the same customer comes back.
func (a *App) cookieGrant(ctx context.Context, cid, cst string) (*grant, error) {
	body, _ := json.Marshal(map[string]string{"grant_type": "cookie", "client_id": a.cfg.clientID,
		"organization_id": a.cfg.orgID, "response_type": "token"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.cfg.accountsURL+"/v2/customer/token", strings.NewReader(string(body)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if cid != "" && cst != "" {
		req.AddCookie(&http.Cookie{Name: "__lc_cid", Value: cid})
		req.AddCookie(&http.Cookie{Name: "__lc_cst", Value: cst})
	}
	resp, err := a.cfg.httpClient.Do(req)
	if err != nil {
		return nil, errors.New("customer token: cannot reach the accounts server")
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
		EntityID    string `json:"entity_id"`
		ExpiresIn   int    `json:"expires_in"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&out); err != nil {
		return nil, fmt.Errorf("customer token: HTTP %d with an unreadable body", resp.StatusCode)
	}
	if resp.StatusCode != http.StatusOK || out.AccessToken == "" {
		return nil, fmt.Errorf("customer token refused: HTTP %d %s: %s", resp.StatusCode, out.Error, out.Description)
	}
	g := &grant{customerID: out.EntityID, cid: cid, cst: cst,
		token: &oauth2.Token{AccessToken: out.AccessToken, TokenType: "Bearer", Expiry: time.Now().Add(time.Duration(out.ExpiresIn) * time.Second)}}
	for _, c := range resp.Cookies() {
		switch c.Name {
		case "__lc_cid":
			g.cid = c.Value
		case "__lc_cst":
			g.cst = c.Value
		}
	}
	return g, nil
}

// tokenSource grants a new customer token shortly before the current one
// expires (the RTM connection then swaps it in with update_session).
type tokenSource struct {
	app      *App
	cid, cst string
	mu       sync.Mutex
	tok      *oauth2.Token
}

func (s *tokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if time.Until(s.tok.Expiry) > 2*time.Minute {
		return s.tok, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	g, err := s.app.cookieGrant(ctx, s.cid, s.cst)
	if err != nil {
		if time.Now().Before(s.tok.Expiry) {
			return s.tok, nil
		}
		return nil, err
	}
	s.tok = g.token
	return s.tok, nil
}

func splitIdentity(r *http.Request) (string, string) {
	c, err := r.Cookie(identityCookie)
	if err != nil {
		return "", ""
	}
	cid, cst, _ := strings.Cut(c.Value, ".")
	return cid, cst
}

// newVisitor gets a token, connects the customer over RTM and starts a
// session for the browser.
func (a *App) newVisitor(w http.ResponseWriter, r *http.Request) (*webapp.Session, error) {
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	cid, cst := splitIdentity(r)
	g, err := a.cookieGrant(ctx, cid, cst)
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{Name: identityCookie, Value: g.cid + "." + g.cst, Path: "/", MaxAge: 2 * 365 * 24 * 3600,
		HttpOnly: true, Secure: a.sessions.SecureCookies() || r.TLS != nil, SameSite: http.SameSiteLaxMode})
	v := &visitor{app: a, id: g.customerID, users: webapp.Users{}}
	cfg := []livechat.Option{livechat.WithOrganizationID(a.cfg.orgID), livechat.WithLogger(a.cfg.logger)}
	if a.cfg.baseURL != "" {
		cfg = append(cfg, livechat.WithBaseURL(a.cfg.baseURL))
	}
	src := &tokenSource{app: a, cid: g.cid, cst: g.cst, tok: g.token}
	opts := append([]rtm.Option{
		rtm.WithConfig(cfg...),
		rtm.WithStateHandler(v.onState),
		rtm.WithErrorHandler(func(err error) { a.cfg.logger.Warn("customerchat: rtm", "error", err) }),
		rtm.WithPushHandler("incoming_event", v.onEvent),
		rtm.WithPushHandler("incoming_chat", v.onChat),
		rtm.WithPushHandler("chat_deactivated", v.onDeactivated),
		rtm.WithPushHandler("incoming_typing_indicator", v.onTyping),
		rtm.WithPushHandler("user_added_to_chat", v.onUserAdded),
	}, a.cfg.rtmOpts...)
	conn, err := rtm.DialCustomer(ctx, livechat.NewTokenSource(src), opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot connect to the chat: %w", err)
	}
	v.conn, v.client = conn, customer.New(conn)
	if err := v.findChat(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	// Close may have run while the visitor was being set up: it would not
	// see this session, so the connection is closed here. Creating the
	// session under a.mu makes every later Close see it.
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		v.close()
		return nil, errClosing
	}
	return a.sessions.Create(w, v), nil
}

// errClosing is newVisitor's answer once Close has been called.
var errClosing = errors.New("the page is shutting down")

// findChat picks the visitor's latest chat, if any.
func (v *visitor) findChat(ctx context.Context) error {
	res, err := v.client.ListChats(ctx, customer.ListChatsRequest{Limit: 1})
	if err != nil {
		return err
	}
	if len(res.ChatsSummary) == 0 {
		return nil
	}
	c := res.ChatsSummary[0]
	v.mu.Lock()
	defer v.mu.Unlock()
	v.chatID = c.ID
	v.active = c.LastThreadSummary != nil && c.LastThreadSummary.Active
	for k, u := range webapp.UsersOf(c.Users) {
		v.users[k] = u
	}
	return nil
}

func (v *visitor) current() (string, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.chatID, v.active
}

func (v *visitor) close() {
	v.conn.Close()
	v.hub.Close()
}

func (v *visitor) onState(ev rtm.StateEvent) {
	st := map[rtm.State]string{rtm.StateConnecting: "connecting", rtm.StateConnected: "ready", rtm.StateDisconnected: "reconnecting", rtm.StateClosed: "closed"}[ev.State]
	if ev.State == rtm.StateConnecting && ev.Attempt > 0 {
		st = "reconnecting"
	}
	v.hub.Publish(map[string]any{"type": "state", "state": st})
}

func (v *visitor) onEvent(p rtm.Push) {
	var x livechat.IncomingEventPush
	if p.Decode(&x) != nil || x.Event == nil {
		return
	}
	if id, _ := v.current(); id != x.ChatID {
		return
	}
	v.mu.Lock()
	ev := webapp.ViewEvent(x.Event, v.users)
	v.mu.Unlock()
	v.hub.Publish(map[string]any{"type": "incoming_event", "chat_id": x.ChatID, "event": ev, "mine": x.Event.Common().AuthorID == v.id})
}

func (v *visitor) onChat(p rtm.Push) {
	var x livechat.IncomingChatPush
	if p.Decode(&x) != nil || x.Chat == nil {
		return
	}
	v.mu.Lock()
	v.chatID, v.active = x.Chat.ID, true
	for k, u := range webapp.UsersOf(x.Chat.Users) {
		v.users[k] = u
	}
	v.mu.Unlock()
	v.hub.Publish(map[string]any{"type": "chat_active", "chat_id": x.Chat.ID})
}

func (v *visitor) onDeactivated(p rtm.Push) {
	var x livechat.ChatDeactivatedPush
	if p.Decode(&x) != nil {
		return
	}
	v.mu.Lock()
	if x.ChatID == v.chatID {
		v.active = false
	}
	v.mu.Unlock()
	v.hub.Publish(map[string]any{"type": "chat_deactivated", "chat_id": x.ChatID})
}

func (v *visitor) onUserAdded(p rtm.Push) {
	var x livechat.UserAddedToChatPush
	if p.Decode(&x) != nil || x.User == nil {
		return
	}
	v.mu.Lock()
	for k, u := range webapp.UsersOf(livechat.Users{x.User}) {
		v.users[k] = u
	}
	v.mu.Unlock()
}

func (v *visitor) onTyping(p rtm.Push) {
	var x livechat.IncomingTypingIndicatorPush
	if p.Decode(&x) != nil || x.TypingIndicator == nil || x.TypingIndicator.AuthorID == v.id {
		return
	}
	v.mu.Lock()
	name := v.users[x.TypingIndicator.AuthorID].Name
	v.mu.Unlock()
	if name == "" {
		name = "The agent"
	}
	v.hub.Publish(map[string]any{"type": "typing", "chat_id": x.ChatID, "is_typing": x.TypingIndicator.IsTyping, "name": name})
}

// session answers the page's state: the CSRF token and the current chat
// with its events (starting the visitor's session when needed).
func (a *App) session(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	closed := a.closed
	a.mu.Unlock()
	if closed {
		webapp.Error(w, http.StatusServiceUnavailable, errClosing.Error())
		return
	}
	ss := a.sessions.Get(r)
	if ss == nil {
		var err error
		if ss, err = a.newVisitor(w, r); errors.Is(err, errClosing) {
			webapp.Error(w, http.StatusServiceUnavailable, err.Error())
			return
		} else if err != nil {
			webapp.CallError(w, err)
			return
		}
	}
	v := ss.Value.(*visitor)
	out := map[string]any{"csrf": ss.CSRF, "me": v.id}
	chatID, active := v.current()
	if chatID != "" {
		ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
		defer cancel()
		c, err := v.client.GetChat(ctx, chatID, "")
		if err != nil {
			webapp.CallError(w, err)
			return
		}
		us := webapp.UsersOf(c.Users)
		v.mu.Lock()
		for k, u := range us {
			v.users[k] = u
		}
		v.mu.Unlock()
		chat := map[string]any{"id": c.ID, "active": active, "events": []webapp.EventView{}}
		if c.Thread != nil {
			chat["events"] = webapp.ViewEvents(c.Thread.Events, us)
			chat["active"] = c.Thread.Active
		}
		out["chat"] = chat
	}
	webapp.JSON(w, http.StatusOK, out)
}

// send sends the visitor's message: to the active chat, or resuming the
// closed one, or starting the first one.
func (a *App) send(w http.ResponseWriter, r *http.Request, v *visitor) {
	var body struct {
		Text     string `json:"text"`
		CustomID string `json:"custom_id"`
		Name     string `json:"name"`
	}
	if !webapp.ReadJSON(w, r, &body) {
		return
	}
	if strings.TrimSpace(body.Text) == "" {
		webapp.Error(w, http.StatusBadRequest, "the message is empty")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	if name := strings.TrimSpace(body.Name); name != "" {
		if err := v.client.UpdateCustomer(ctx, customer.UpdateCustomerRequest{Name: name}); err != nil {
			webapp.CallError(w, err)
			return
		}
	}
	chatID, active := v.current()
	if chatID != "" && active {
		var opts []customer.MessageOption
		if body.CustomID != "" {
			opts = append(opts, customer.WithCustomID(body.CustomID))
		}
		id, err := v.client.SendMessage(ctx, chatID, body.Text, opts...)
		if err == nil {
			webapp.JSON(w, http.StatusOK, map[string]any{"event_id": id, "chat_id": chatID})
			return
		}
		if !errors.Is(err, livechat.ErrChatInactive) {
			webapp.CallError(w, err)
			return
		}
	}
	msg := &livechat.Message{Text: body.Text}
	msg.CustomID = body.CustomID
	thread := &customer.ThreadInit{Events: livechat.Events{msg}}
	// With no agent logged in the group is offline: the chat is then
	// started (or resumed) continuous, and waits in the queue for the next
	// agent who signs in (queued: the page says so).
	var eventIDs []string
	queued := false
	for _, continuous := range []bool{false, true} {
		var cont *bool
		if continuous {
			cont, queued = &continuous, true
		}
		var err error
		if chatID != "" {
			var res *customer.ResumeChatResponse
			if res, err = v.client.ResumeChat(ctx, customer.ResumeChatRequest{Chat: customer.ChatInit{ID: chatID, Thread: thread}, Continuous: cont}); err == nil {
				eventIDs = res.EventIDs
			}
		} else {
			var res *customer.StartChatResponse
			if res, err = v.client.StartChat(ctx, customer.StartChatRequest{Chat: &customer.ChatInit{
				Access: &livechat.Access{GroupIDs: []int{a.cfg.group}}, Thread: thread}, Continuous: cont}); err == nil {
				chatID, eventIDs = res.ChatID, res.EventIDs
			}
		}
		if err == nil {
			break
		}
		if continuous || !errors.Is(err, livechat.ErrGroupsOffline) {
			webapp.CallError(w, err)
			return
		}
	}
	v.mu.Lock()
	v.chatID, v.active = chatID, true
	v.mu.Unlock()
	out := map[string]any{"chat_id": chatID, "new_thread": true, "queued": queued}
	if len(eventIDs) > 0 {
		out["event_id"] = eventIDs[0]
	}
	webapp.JSON(w, http.StatusOK, out)
}

// typing forwards what the visitor is typing to the agents (send_sneak_peek).
func (a *App) typing(w http.ResponseWriter, r *http.Request, v *visitor) {
	var body struct {
		Text string `json:"text"`
	}
	if !webapp.ReadJSON(w, r, &body) {
		return
	}
	chatID, active := v.current()
	if chatID == "" || !active {
		webapp.JSON(w, http.StatusOK, map[string]bool{"ok": false})
		return
	}
	if rs := []rune(body.Text); len(rs) > 1000 {
		body.Text = string(rs[:1000])
	}
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	if err := v.client.SendSneakPeek(ctx, chatID, body.Text); err != nil {
		webapp.CallError(w, err)
		return
	}
	webapp.JSON(w, http.StatusOK, map[string]bool{"ok": true})
}
