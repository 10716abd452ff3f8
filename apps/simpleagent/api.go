package simpleagent

import (
	"errors"
	"net/http"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/internal/webapp"
)

// The JSON API of the page (all under a signed-in session):
//
//	GET  /api/me                    the agent and license from the RTM login (Agent tab)
//	GET  /api/chats                 active chats (list_chats, every page) with unread counts (unread.go)
//	GET  /api/chats/{id}?thread=    a chat with its thread (get_chat); marks its events seen
//	POST /api/chats/{id}/messages   send a message (send_event)        {text, custom_id}
//	POST /api/chats/{id}/typing     typing indicator (send_typing_indicator) {is_typing}
//	POST /api/chats/{id}/close      close the chat (deactivate_chat)
//	POST /api/chats/{id}/seen       mark events as seen (mark_events_as_seen) {seen_up_to}
//	GET  /api/archives?query=&page= archived chats (list_archives), 10 a page
//	GET  /events                    Server-Sent Events: state, incoming_chat, chat_deactivated, incoming_event, typing

// maxChats bounds the chats the list shows.
const maxChats = 5000

// chatView is a chat of the list.
type chatView struct {
	ID        string             `json:"id"`
	ThreadID  string             `json:"thread_id,omitempty"`
	Active    bool               `json:"active"`
	Customer  string             `json:"customer"`
	Last      string             `json:"last,omitempty"`
	LastAt    string             `json:"last_at,omitempty"`
	Users     []webapp.UserView  `json:"users,omitempty"`
	Events    []webapp.EventView `json:"events,omitempty"`
	CreatedAt string             `json:"created_at,omitempty"`
	// Unread counts the events others wrote after the agent's
	// events_seen_up_to (unread.go).
	Unread int `json:"unread"`
}

func customerName(us webapp.Users) string {
	for _, u := range us {
		if u.Kind == "customer" {
			return u.Name
		}
	}
	return "Customer"
}

func userList(us webapp.Users) []webapp.UserView {
	out := make([]webapp.UserView, 0, len(us))
	for _, u := range us {
		out = append(out, u)
	}
	return out
}

func chatFromSummary(c livechat.ChatSummary, us webapp.Users) chatView {
	v := chatView{ID: c.ID, Customer: customerName(us), Users: userList(us)}
	if t := c.LastThreadSummary; t != nil {
		v.ThreadID, v.Active, v.CreatedAt = t.ID, t.Active, string(t.CreatedAt)
	}
	if le, ok := c.LastEventPerType["message"]; ok && le.Event != nil {
		if m, ok := le.Event.(*livechat.Message); ok {
			v.Last, v.LastAt = m.Text, string(m.CreatedAt)
		}
	}
	return v
}

// chatFromFull converts a chat with its thread (incoming_chat, get_chat),
// counting the unread events of the agent me.
func chatFromFull(c *livechat.Chat, us webapp.Users, me string) chatView {
	v := chatView{ID: c.ID, Customer: customerName(us), Users: userList(us)}
	t := c.Thread
	if t == nil && len(c.Threads) > 0 {
		t = &c.Threads[len(c.Threads)-1]
	}
	if t != nil {
		v.ThreadID, v.Active, v.CreatedAt = t.ID, t.Active, string(t.CreatedAt)
		v.Events = webapp.ViewEvents(t.Events, us)
		if seen, member := seenMarker(c.Users, me); member {
			v.Unread = unreadIn(t.Events, me, seen)
		}
		for i := len(t.Events) - 1; i >= 0; i-- {
			if m, ok := t.Events[i].(*livechat.Message); ok {
				v.Last, v.LastAt = m.Text, string(m.CreatedAt)
				break
			}
		}
	}
	return v
}

func (a *App) me(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := s.conn.AgentDetails()
	if !ok {
		webapp.Error(w, http.StatusServiceUnavailable, "not connected yet")
		return
	}
	p, l := d.MyProfile, d.License
	webapp.JSON(w, http.StatusOK, map[string]any{"id": p.ID, "name": p.Name, "email": p.Email, "avatar": p.Avatar,
		"role": p.Permission, "routing_status": p.RoutingStatus, "license_id": l.ID, "plan": l.Plan,
		"organization_id": l.OrganizationID, "in_trial": l.InTrial})
}

func (a *App) listChats(w http.ResponseWriter, r *http.Request, s *session) {
	ctx, cancel := callCtx(r)
	defer cancel()
	active := true
	out := []chatView{}
	var summaries []livechat.ChatSummary
	for c, err := range s.client.Chats(ctx, agent.ListChatsRequest{Limit: agent.MaxLimit, Filters: &agent.ChatsFilters{Active: &active}}) {
		if err != nil {
			webapp.CallError(w, err)
			return
		}
		us := webapp.UsersOf(c.Users)
		s.remember(c.ID, us)
		out = append(out, chatFromSummary(c, us))
		summaries = append(summaries, c)
		if len(out) >= maxChats {
			break
		}
	}
	s.countUnread(ctx, out, summaries, s.myID())
	webapp.JSON(w, http.StatusOK, map[string]any{"chats": out})
}

func (a *App) getChat(w http.ResponseWriter, r *http.Request, s *session) {
	ctx, cancel := callCtx(r)
	defer cancel()
	c, err := s.client.GetChat(ctx, r.PathValue("id"), r.URL.Query().Get("thread"))
	if err != nil {
		webapp.CallError(w, err)
		return
	}
	us := webapp.UsersOf(c.Users)
	s.remember(c.ID, us)
	me := s.myID()
	v := chatFromFull(c, us, me)
	out := map[string]any{"chat": v, "me": me}
	// Opened: everything in it is seen (the marker stays on the platform).
	if r.URL.Query().Get("thread") == "" {
		if err := s.markSeen(ctx, c, me); err != nil {
			out["seen_error"] = webapp.ErrorText(err)
		} else {
			v.Unread = 0
			out["chat"] = v
		}
	}
	webapp.JSON(w, http.StatusOK, out)
}

func (a *App) send(w http.ResponseWriter, r *http.Request, s *session) {
	var body struct {
		Text     string `json:"text"`
		CustomID string `json:"custom_id"`
	}
	if !webapp.ReadJSON(w, r, &body) {
		return
	}
	if strings.TrimSpace(body.Text) == "" {
		webapp.Error(w, http.StatusBadRequest, "the message is empty")
		return
	}
	ctx, cancel := callCtx(r)
	defer cancel()
	var opts []agent.MessageOption
	if body.CustomID != "" {
		opts = append(opts, agent.WithCustomID(body.CustomID))
	}
	chatID := r.PathValue("id")
	id, err := s.client.SendMessage(ctx, chatID, body.Text, opts...)
	if errors.Is(err, livechat.ErrMissingAccess) && s.myID() != "" {
		// Not a member of the chat (it was routed to someone else): join
		// it, as the agent app does when an agent takes a chat over, and
		// send again.
		if err = s.client.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: chatID, UserID: s.myID(),
			UserType: livechat.UserAgent, Visibility: livechat.VisibilityAll}); err == nil {
			id, err = s.client.SendMessage(ctx, chatID, body.Text, opts...)
		}
	}
	if err != nil {
		webapp.CallError(w, err)
		return
	}
	webapp.JSON(w, http.StatusOK, map[string]string{"event_id": id, "custom_id": body.CustomID})
}

func (a *App) typing(w http.ResponseWriter, r *http.Request, s *session) {
	var body struct {
		IsTyping bool `json:"is_typing"`
	}
	if !webapp.ReadJSON(w, r, &body) {
		return
	}
	ctx, cancel := callCtx(r)
	defer cancel()
	if err := s.client.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: r.PathValue("id"), IsTyping: body.IsTyping}); err != nil {
		webapp.CallError(w, err)
		return
	}
	webapp.JSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (a *App) closeChat(w http.ResponseWriter, r *http.Request, s *session) {
	ctx, cancel := callCtx(r)
	defer cancel()
	if err := s.client.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: r.PathValue("id")}); err != nil {
		webapp.CallError(w, err)
		return
	}
	webapp.JSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (a *App) archives(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	req := agent.ListArchivesRequest{PageID: q.Get("page")}
	if req.PageID == "" {
		req.Limit = 10
		if query := strings.TrimSpace(q.Get("query")); query != "" {
			req.Filters = &agent.ArchivesFilters{Query: query}
		}
	}
	ctx, cancel := callCtx(r)
	defer cancel()
	res, err := s.client.ListArchives(ctx, req)
	if err != nil {
		webapp.CallError(w, err)
		return
	}
	out := make([]chatView, 0, len(res.Chats))
	for i := range res.Chats {
		c := &res.Chats[i]
		us := webapp.UsersOf(c.Users)
		v := chatFromFull(c, us, "")
		v.Events = nil
		out = append(out, v)
	}
	webapp.JSON(w, http.StatusOK, map[string]any{"chats": out, "next_page": res.NextPageID, "found": res.FoundChats})
}

var errorsAs = errors.As
