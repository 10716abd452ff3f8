package simpleagent

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/internal/webapp"
)

// Unread counts live on the platform, not in the app: an event is unread
// when someone else wrote it after the agent's events_seen_up_to in the
// chat (as the RTM API reference advises: compare the event's created_at
// with the user's events_seen_up_to). Opening a chat moves the marker to
// its newest event with mark_events_as_seen, and so does the page for
// every event that arrives in the open chat (POST /api/chats/{id}/seen),
// so a reload — or another browser — finds the same counts. Only chats the
// agent is a member of have a marker; others count 0 after a load.

// maxExactUnread bounds the chats of one list load whose unread events are
// counted exactly (one get_chat each); the others with unread events
// count 1 ("at least one").
const maxExactUnread = 100

// seenMarker returns the agent's events_seen_up_to in a chat of users, and
// whether the agent is a member of it.
func seenMarker(users livechat.Users, me string) (time.Time, bool) {
	for _, u := range users {
		if a, ok := u.(*livechat.Agent); ok && a.ID == me && me != "" {
			t, _ := a.EventsSeenUpTo.Time() // zero: nothing seen yet
			return t, true
		}
	}
	return time.Time{}, false
}

// countsAsUnread reports whether ev, of the chat where the agent's marker
// is seen, is unread: written by someone else, not a system message, after
// the marker.
func countsAsUnread(ev livechat.Event, me string, seen time.Time) bool {
	if ev == nil {
		return false
	}
	b := ev.Common()
	if b.AuthorID == me || b.Type == livechat.EventSystemMessage {
		return false
	}
	at, err := b.CreatedAt.Time()
	return err == nil && at.After(seen)
}

// unreadIn counts the unread events of a thread's events.
func unreadIn(events livechat.Events, me string, seen time.Time) int {
	n := 0
	for _, ev := range events {
		if countsAsUnread(ev, me, seen) {
			n++
		}
	}
	return n
}

// summaryUnread tells from a chat summary whether the agent has unread
// events in it (the last event of some type is unread).
func summaryUnread(c livechat.ChatSummary, me string) bool {
	seen, member := seenMarker(c.Users, me)
	if !member {
		return false
	}
	for _, le := range c.LastEventPerType {
		if countsAsUnread(le.Event, me, seen) {
			return true
		}
	}
	return false
}

// countUnread sets Unread on the chats of a list: exactly (get_chat) for
// the first maxExactUnread chats that have unread events, 1 for the rest.
// A chat that cannot be read keeps 1.
func (s *session) countUnread(ctx context.Context, views []chatView, summaries []livechat.ChatSummary, me string) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	exact := 0
	for i := range views {
		if !summaryUnread(summaries[i], me) {
			continue
		}
		views[i].Unread = 1
		if exact >= maxExactUnread {
			continue
		}
		exact++
		wg.Add(1)
		go func(v *chatView, users livechat.Users) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := s.client.GetChat(ctx, v.ID, "")
			if err != nil || c.Thread == nil {
				return
			}
			seen, _ := seenMarker(c.Users, me)
			if n := unreadIn(c.Thread.Events, me, seen); n > 0 {
				v.Unread = n
			}
		}(&views[i], summaries[i].Users)
	}
	wg.Wait()
}

// markSeen moves the agent's marker in chat c to its newest event when
// the agent is a member and the marker is older. It returns the error of
// mark_events_as_seen.
func (s *session) markSeen(ctx context.Context, c *livechat.Chat, me string) error {
	seen, member := seenMarker(c.Users, me)
	if !member || c.Thread == nil || len(c.Thread.Events) == 0 {
		return nil
	}
	last := c.Thread.Events[len(c.Thread.Events)-1].Common().CreatedAt
	at, err := last.Time()
	if err != nil || !at.After(seen) {
		return nil
	}
	return s.client.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: c.ID, SeenUpTo: last})
}

// seen moves the agent's marker in a chat to seen_up_to (an event's
// created_at the page showed in the open chat). A chat the agent is not a
// member of has no marker: nothing is sent.
func (a *App) seen(w http.ResponseWriter, r *http.Request, s *session) {
	var body struct {
		SeenUpTo string `json:"seen_up_to"`
	}
	if !webapp.ReadJSON(w, r, &body) {
		return
	}
	if _, err := time.Parse(time.RFC3339Nano, body.SeenUpTo); err != nil {
		webapp.Error(w, http.StatusBadRequest, "seen_up_to must be an RFC 3339 time")
		return
	}
	chatID, me := r.PathValue("id"), s.myID()
	if _, member := s.usersOf(chatID)[me]; !member || me == "" {
		webapp.JSON(w, http.StatusOK, map[string]bool{"ok": true, "member": false})
		return
	}
	ctx, cancel := callCtx(r)
	defer cancel()
	if err := s.client.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: chatID, SeenUpTo: livechat.Timestamp(body.SeenUpTo)}); err != nil {
		webapp.CallError(w, err)
		return
	}
	webapp.JSON(w, http.StatusOK, map[string]bool{"ok": true, "member": true})
}
