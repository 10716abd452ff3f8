package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/livechat-go/livechat"
)

// Agent sessions. A human agent's session lasts while they are logged in
// (routing.go: an RTM connection, or a Web API call within
// webPresenceTTL). As on the platform:
//
//   - the routing status an agent sets lasts for the session: the APIs
//     report a human agent with no session as offline (reportedStatus),
//     and an RTM login that opens a session sets the status the agent's
//     settings give (login_status), or, with login's reconnect: true,
//     the last one the agent had;
//   - when the session ends (logout, the last RTM connection lost, the
//     Web API presence lapsing, a remote sign-out), everyone hears
//     routing_status_set offline and the router takes the agent's chats
//     away: each goes to another available agent of its groups
//     (routing.assigned_<reason>, chat_transferred reason assigned,
//     incoming_chat to the new agent) or, with nobody available, back to
//     the queue (routing.unassigned_<reason>, chat_transferred reason
//     unassigned with the queue).
//
// Not accepting chats never takes chats away: the agent keeps their
// ongoing chats and only gets no new ones.

// Why a session ended, as the router's system messages name it
// (routing.assigned_<reason>, routing.unassigned_<reason>).
const (
	endSignedOut         = "signed_out"
	endRemotelySignedOut = "remotely_signed_out"
	endDisconnected      = "disconnected"
	endDeleted           = "deleted"
)

// endPhrases completes "because <agent> …" in the router's messages.
var endPhrases = map[string]string{
	endSignedOut:         "had signed out",
	endRemotelySignedOut: "had been remotely signed out",
	endDisconnected:      "had lost internet connection",
	endDeleted:           "account had been deleted",
}

// sessionEndReason maps how an agent's last RTM connection ended (its
// agent_disconnected reason, "logout", or "" when the peer went away) to
// the router's reason.
func sessionEndReason(connReason string) string {
	switch connReason {
	case "logout":
		return endSignedOut
	case "agent_logged_out_remotely", "access_token_revoked", "agent_disconnected_by_server",
		"license_expired", "license_not_found":
		return endRemotelySignedOut
	}
	return endDisconnected
}

// reportedStatus is the routing status the APIs report for an agent
// whose stored status is stored: a human agent with no session is
// offline (the stored status is then the last one they had, which a
// login with reconnect: true restores).
func (s *Server) reportedStatus(agentID string, isBot bool, stored string) string {
	if isBot || stored == "offline" || s.agentConnected(agentID) {
		return stored
	}
	return "offline"
}

// reportedStatuses runs q, which selects agents' id, stored status and
// is_bot, and returns the statuses reported (reportedStatus).
func (a *act) reportedStatuses(q string, args ...any) ([]string, error) {
	rows, err := a.query(q, args...)
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var id, st string
		var isBot bool
		if err := rows.Scan(&id, &st, &isBot); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a.s.reportedStatus(id, isBot, st))
	}
	return out, closeRows(rows)
}

// startSession opens agentID's session inside the running action (an
// RTM login, or a Web API call starting the agent's Web API presence,
// neither with a session already open). The status becomes the agent's
// login_status setting, or stays the last one they had when keep (login
// reconnect: true; every Web API session, which has no login) and that
// is accepting_chats or not_accepting_chats. Everyone hears
// routing_status_set. It returns the status.
func (a *act) startSession(agentID string, keep bool) (string, error) {
	p := a.s.presence()
	p.mu.Lock()
	p.epoch[agentID]++ // a pending end of an earlier session no longer applies
	p.live[agentID] = true
	if !keep {
		delete(p.away, agentID)
	}
	p.mu.Unlock()
	var stored string
	if err := a.queryRow(`SELECT routing_status FROM agents WHERE id = ?`, agentID).Scan(&stored); err != nil {
		return "", err
	}
	st := stored
	if !keep || (stored != "accepting_chats" && stored != "not_accepting_chats") {
		def, err := a.loginStatus(agentID)
		if err != nil {
			return "", err
		}
		st = def
	}
	if st != stored {
		if err := a.exec(`UPDATE agents SET routing_status = ? WHERE id = ?`, st, agentID); err != nil {
			return "", err
		}
	}
	a.pushAll("routing_status_set", map[string]any{"agent_id": agentID, "status": st})
	return st, nil
}

// autoAway is the auto-away feature: when every RTM connection of
// agentID is away (set_away_status true, login with away: true), an
// agent accepting chats stops accepting them (routing_status_set). The
// emulator remembers that auto-away did it (backFromAway).
func (a *act) autoAway(agentID string) error {
	for _, o := range a.s.hub.connsOf(agentID) {
		o.mu.Lock()
		away := o.away
		o.mu.Unlock()
		if !away {
			return nil
		}
	}
	switched, err := a.switchStatus(agentID, "accepting_chats", "not_accepting_chats")
	if switched {
		p := a.s.presence()
		p.mu.Lock()
		p.away[agentID] = true
		p.mu.Unlock()
	}
	return err
}

// switchStatus sets agentID's status to to, telling everyone
// (routing_status_set), when it is from.
func (a *act) switchStatus(agentID, from, to string) (bool, error) {
	var st string
	if err := a.queryRow(`SELECT routing_status FROM agents WHERE id = ?`, agentID).Scan(&st); err != nil {
		return false, err
	}
	if st != from {
		return false, nil
	}
	if err := a.exec(`UPDATE agents SET routing_status = ? WHERE id = ?`, to, agentID); err != nil {
		return false, err
	}
	a.pushAll("routing_status_set", map[string]any{"agent_id": agentID, "status": to})
	return true, nil
}

// backFromAway undoes autoAway when a connection of agentID is no longer
// away (set_away_status false, a login without away): "click anywhere in
// your application to change it back to Accept chats" (LiveChat help,
// auto-away). A status the agent set themselves is left alone.
func (a *act) backFromAway(agentID string) error {
	p := a.s.presence()
	p.mu.Lock()
	auto := p.away[agentID]
	delete(p.away, agentID)
	p.mu.Unlock()
	if !auto {
		return nil
	}
	_, err := a.switchStatus(agentID, "not_accepting_chats", "accepting_chats")
	return err
}

// forgetAutoAway notes that agentID's status was set by hand
// (set_routing_status): auto-away no longer undoes it.
func (s *Server) forgetAutoAway(agentID string) {
	p := s.presence()
	p.mu.Lock()
	delete(p.away, agentID)
	p.mu.Unlock()
}

// loginStatus is the status agentID's settings give after logging in:
// the Configuration API's login_status, else the REST API v2's, else
// accepting_chats.
func (a *act) loginStatus(agentID string) (string, error) {
	var ls string
	err := a.queryRow(`SELECT login_status FROM cfg_agents WHERE agent_id = ?`, agentID).Scan(&ls)
	if errors.Is(err, sql.ErrNoRows) {
		st, err := a.v2Settings(agentID)
		if err != nil {
			return "", err
		}
		ls = st.LoginStatus
	} else if err != nil {
		return "", err
	}
	if ls == "not accepting chats" {
		return "not_accepting_chats", nil
	}
	return "accepting_chats", nil
}

// afterDisconnect ends the session of the agent whose RTM connection c
// is gone (removed from the hub) when it was their last one and they
// have no Web API presence either. Nothing happens while the emulator
// shuts down: the agents' chats stay theirs for the next start.
func (s *Server) afterDisconnect(c *rtmConn) {
	if c.api == "customer" {
		return
	}
	id := c.identity()
	if id == nil || id.IsBot {
		return
	}
	c.mu.Lock()
	reason := c.endReason
	c.mu.Unlock()
	s.sessionMayEnd(id.ID, sessionEndReason(reason))
}

// sessionMayEnd ends agentID's session, through the writer, when they
// have none left (no RTM connection, no Web API presence) and it was
// open; it returns once that is done.
func (s *Server) sessionMayEnd(agentID, reason string) {
	if epoch, ok := s.sessionToEnd(agentID); ok {
		s.endSessionEpoch(agentID, reason, epoch)
	}
}

// sessionToEnd reports whether agentID's session should end (it is open,
// they have no RTM connection and no Web API presence, the emulator is
// not stopping) and the epoch of the session to end (endSession).
func (s *Server) sessionToEnd(agentID string) (uint64, bool) {
	select {
	case <-s.closed:
		return 0, false
	default:
	}
	if s.agentConnected(agentID) {
		return 0, false
	}
	p := s.presence()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.epoch[agentID], p.live[agentID]
}

// endSessionEpoch ends session epoch of agentID through the writer
// (endSession) and waits for it.
func (s *Server) endSessionEpoch(agentID, reason string, epoch uint64) {
	e := s.runSystem("end_agent_session", func(a *act) (any, error) {
		return nil, a.endSession(agentID, reason, epoch)
	})
	if e != nil && e.Type != livechat.TypeServiceUnavailable {
		s.log.Error("ending an agent session failed", "agent", agentID, "error", e)
	}
}

// endSession is the writer's end of the session epoch of agentID (see
// sessionMayEnd): nothing when a new session started since or the agent
// is connected again.
func (a *act) endSession(agentID, reason string, epoch uint64) error {
	p := a.s.presence()
	p.mu.Lock()
	stale := p.epoch[agentID] != epoch || !p.live[agentID]
	p.mu.Unlock()
	if stale || a.s.agentConnected(agentID) {
		return nil
	}
	p.mu.Lock()
	p.live[agentID] = false
	p.mu.Unlock()
	a.pushAll("routing_status_set", map[string]any{"agent_id": agentID, "status": "offline"})
	return a.releaseChats(agentID, reason)
}

// endSessionNow ends agentID's session inside the running action (a
// remote sign-out, suspension, deletion): like endSession, and once the
// action is committed the agent's Web API presence is forgotten and their
// RTM connections stop counting at once, and are disconnected with
// connReason (agent_disconnected).
func (a *act) endSessionNow(agentID, reason, connReason string) error {
	if a.s.agentConnected(agentID) {
		a.pushAll("routing_status_set", map[string]any{"agent_id": agentID, "status": "offline"})
	}
	s, p := a.s, a.s.presence()
	a.after = append(a.after, func() {
		p.mu.Lock()
		delete(p.web, agentID)
		p.epoch[agentID]++
		p.live[agentID] = false
		p.mu.Unlock()
		conns := s.hub.connsOf(agentID)
		s.hub.mu.Lock()
		delete(s.hub.conns, agentID) // a login right after opens a new session
		s.hub.mu.Unlock()
		for _, c := range conns {
			go c.disconnect(connReason)
		}
	})
	return a.releaseChats(agentID, reason)
}

// releaseChats takes agentID out of their active chats for reason. A
// chat with other agents just loses them (user_removed_from_chat); any
// other goes to another available agent of its groups or, with nobody
// available, to the queue. No chat is closed: the emulator's queue is
// always on (the platform archives such chats, routing.archived_*, only
// when queues are disabled).
func (a *act) releaseChats(agentID, reason string) error {
	ids, err := a.colStrings(`SELECT c.id FROM chat_users cu JOIN chats c ON c.id = cu.chat_id JOIN threads t ON t.id = c.last_thread_id
		WHERE cu.user_id = ? AND cu.present = 1 AND cu.user_type = 'agent' AND t.active = 1 ORDER BY c.seq`, agentID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := a.releaseChat(id, agentID, reason); err != nil {
			return err
		}
	}
	return nil
}

// releaseChat takes agentID out of chat chatID (see releaseChats).
func (a *act) releaseChat(chatID, agentID, reason string) error {
	c, err := a.chat(chatID)
	if err != nil {
		return err
	}
	t, err := a.activeThread(c)
	if err != nil {
		return err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return err
	}
	oldAud, err := a.chatAudience(c, true)
	if err != nil {
		return err
	}
	// Only an agent the customer sees serves the chat: a supervisor
	// (visibility agents) stays, but the chat still goes to another agent
	// or the queue.
	others := []string{}
	for _, u := range us {
		if u.userType == "agent" && u.present && u.visibility == "all" && u.userID != agentID {
			others = append(others, u.userID)
		}
	}
	if len(others) > 0 {
		if err := a.exec(`UPDATE chat_users SET present = 0 WHERE chat_id = ? AND user_id = ?`, c.id, agentID); err != nil {
			return err
		}
		t.userIDs = removeStr(t.userIDs, agentID)
		if err := a.saveThread(t); err != nil {
			return err
		}
		a.push("user_removed_from_chat", map[string]any{"chat_id": c.id, "thread_id": t.id, "user_id": agentID, "reason": "other"}, oldAud...)
		return nil
	}
	to := transferDest{groups: c.groupIDs, newGroups: c.groupIDs}
	ag, _, err := a.pickAgent(c.groupIDs, []string{agentID})
	if err != nil {
		return err
	}
	if ag != "" {
		to.agents = []string{ag}
	}
	if err := a.moveChat(c, t, []string{agentID}, &to); err != nil {
		return err
	}
	return a.announceRelease(c, t, oldAud, agentID, to.agents, reason)
}

// announceRelease writes the router's system message and sends
// chat_transferred (reason assigned, or unassigned with the queue) and
// incoming_chat to the agent who took the chat over, if any.
func (a *act) announceRelease(c *chatRow, t *threadRow, oldAud []string, from string, to []string, reason string) error {
	newAud, err := a.chatAudience(c, true)
	if err != nil {
		return err
	}
	aud := unionStrs(oldAud, newAud)
	gone, phrase := a.userName(from), endPhrases[reason]
	p := map[string]any{"chat_id": c.id, "thread_id": t.id,
		"transferred_to": map[string]any{"group_ids": c.groupIDs, "agent_ids": nonNilStrs(to)}}
	if len(to) > 0 {
		took := a.userName(to[0])
		if err := a.systemMessage(t, aud, "routing.assigned_"+reason, "Chat assigned to "+took+" because "+gone+" "+phrase,
			map[string]string{"agent_added": took, "agent_removed": gone}); err != nil {
			return err
		}
		p["reason"] = "assigned"
		a.push("chat_transferred", p, aud...)
		cj, err := a.chatJSON(c, t)
		if err != nil {
			return err
		}
		delete(cj, "is_followed")
		a.push("incoming_chat", map[string]any{"chat": cj,
			"transferred_from": map[string]any{"group_ids": c.groupIDs, "agent_ids": []string{from}}}, to...)
		return nil
	}
	if reason == endDeleted {
		phrase = "account has been deleted"
	}
	if err := a.systemMessage(t, aud, "routing.unassigned_"+reason, "Customer was queued because "+gone+" "+phrase,
		map[string]string{"agent": gone}); err != nil {
		return err
	}
	p["reason"] = "unassigned"
	q, err := a.queueJSON(t)
	if err != nil {
		return err
	}
	if q != nil {
		p["queue"] = q
	}
	a.push("chat_transferred", p, aud...)
	return nil
}

// systemIdentity acts for the emulator itself (the router).
var systemIdentity = &Identity{Kind: "agent"}

// runSystem runs fn as an action of the emulator itself through the
// writer (its pushes and webhooks leave after commit, like any
// action's) and waits for it.
func (s *Server) runSystem(name string, fn func(*act) (any, error)) *livechat.Error {
	c := &call{api: "agent", version: versions[len(versions)-1], action: name, payload: json.RawMessage("{}"), id: systemIdentity, via: viaGo}
	j := &job{ctx: context.Background(), c: c, h: &handler{fn: withWebhooks(fn)}, id: systemIdentity, payload: c.payload, done: make(chan struct{})}
	if e := s.submit(j); e != nil {
		return e
	}
	if !s.awaitJob(j) {
		return lerr(livechat.TypeServiceUnavailable, "The emulator is shutting down")
	}
	_, e := j.outcome()
	return e
}

// armWebExpiry (called with p.mu held) makes agentID's Web API presence
// lapse webPresenceTTL after their last call (webPresenceLapsed).
func (s *Server) armWebExpiry(p *presenceState, agentID string) {
	if t := p.timers[agentID]; t != nil {
		t.Reset(webPresenceTTL)
		return
	}
	p.timers[agentID] = time.AfterFunc(webPresenceTTL, func() { s.webPresenceLapsed(agentID, time.Now()) })
}

// webPresenceLapsed forgets agentID's Web API presence when their last
// call is webPresenceTTL old at now (else it waits for the rest), and
// then ends their session unless they hold an RTM connection.
func (s *Server) webPresenceLapsed(agentID string, now time.Time) {
	p := s.presence()
	p.mu.Lock()
	last, ok := p.web[agentID]
	if !ok {
		p.mu.Unlock()
		return
	}
	if rest := webPresenceTTL - now.Sub(last); rest > 0 {
		if t := p.timers[agentID]; t != nil {
			t.Reset(rest)
		}
		p.mu.Unlock()
		return
	}
	delete(p.web, agentID)
	p.mu.Unlock()
	s.sessionMayEnd(agentID, endDisconnected)
}

// forgetSessions forgets every agent's session when the state is
// replaced (Import, Reset: forgetAll, before it closes the RTM
// connections): the sessions belonged to the old state. A session that
// was open, or whose end is pending, never ends against the new state,
// the connections being closed stop counting at once (a login to the new
// state opens a session there), and Web API presence is forgotten (the
// next call opens a session).
func (s *Server) forgetSessions() {
	p := s.presence()
	p.mu.Lock()
	for id, live := range p.live {
		if live {
			p.epoch[id]++
		}
	}
	for _, t := range p.timers {
		t.Stop()
	}
	clear(p.live)
	clear(p.web)
	clear(p.timers)
	clear(p.away)
	p.gen++
	p.mu.Unlock()
	s.hub.mu.Lock()
	clear(s.hub.conns) // still open until closed, but logged in to the old state
	s.hub.mu.Unlock()
}

// presenceMark is an agent's presence before an action that may open
// their session (startSession) or change auto-away, for putting it back
// when the action fails (undoPresence).
type presenceMark struct {
	agentID    string
	gen, epoch uint64
	live, away bool
}

// markPresence records agentID's presence (see presenceMark).
func (s *Server) markPresence(agentID string) presenceMark {
	p := s.presence()
	p.mu.Lock()
	defer p.mu.Unlock()
	return presenceMark{agentID: agentID, gen: p.gen, epoch: p.epoch[agentID], live: p.live[agentID], away: p.away[agentID]}
}

// undoPresence puts back m after the action failed (its writes were
// rolled back). A session the action opened is dropped again under a new
// epoch, so that nothing decided while it seemed open applies; when a
// session was open before (maybe with its end pending, which the opening
// made stale) it ends now unless the agent is still connected.
func (s *Server) undoPresence(m presenceMark) {
	p := s.presence()
	p.mu.Lock()
	if p.gen != m.gen { // the state was replaced meanwhile
		p.mu.Unlock()
		return
	}
	id, end := m.agentID, false
	if p.epoch[id] != m.epoch {
		p.epoch[id]++
		p.live[id] = m.live
		end = m.live
	}
	if m.away {
		p.away[id] = true
	} else {
		delete(p.away, id)
	}
	p.mu.Unlock()
	if end {
		go s.sessionMayEnd(id, endDisconnected) // not from the writer, which runs this action
	}
}

// undoSessionOnFail wraps an agent's action that may open their session
// or change auto-away (login, set_away_status): when it fails, the
// in-memory presence is put back too (undoPresence).
func undoSessionOnFail(fn func(*act) (any, error)) func(*act) (any, error) {
	return func(a *act) (any, error) {
		if a.id == nil || a.id.Kind != "agent" || a.id.IsBot {
			return fn(a)
		}
		m, ok := a.s.markPresence(a.id.ID), false
		defer func() { // also when fn panics (runHandler recovers)
			if !ok {
				a.s.undoPresence(m)
			}
		}()
		res, err := fn(a)
		ok = err == nil
		return res, err
	}
}

// removeStr returns list without v.
func removeStr(list []string, v string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
