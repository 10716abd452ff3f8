package emulator

import (
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/livechat-go/livechat"
)

// activeChatsOf counts the active chats an agent is present in.
func (a *act) activeChatsOf(agentID string) (int, error) {
	var n int
	err := a.queryRow(`SELECT COUNT(*) FROM chat_users cu JOIN chats c ON c.id = cu.chat_id JOIN threads t ON t.id = c.last_thread_id
		WHERE cu.user_id = ? AND cu.present = 1 AND cu.user_type = 'agent' AND t.active = 1`, agentID).Scan(&n)
	return n, err
}

// pickAgent chooses an available agent of groups with a free slot:
// priority first → normal → last (never supervisor), then the fewest
// active chats, then id. Available means accepting chats and, for a
// human agent, logged in (routable). It returns "" when nobody can take
// the chat; first is then the available agent who would come first were
// they free ("" when nobody of groups is available at all: the groups are
// offline). One query answers both, so a failure cannot be taken for
// "offline".
func (a *act) pickAgent(groups []int, exclude []string) (id, first string, err error) {
	g, err := json.Marshal(groups)
	if err != nil {
		return "", "", err
	}
	rows, err := a.query(`SELECT ag.id, ag.is_bot, ag.max_chats, MIN(CASE gm.priority WHEN 'first' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END) AS pr,
		(SELECT COUNT(*) FROM chat_users cu JOIN chats c ON c.id = cu.chat_id JOIN threads t ON t.id = c.last_thread_id
		 WHERE cu.user_id = ag.id AND cu.present = 1 AND cu.user_type = 'agent' AND t.active = 1) AS active
		FROM agents ag JOIN group_members gm ON gm.agent_id = ag.id
		WHERE gm.group_id IN (SELECT value FROM json_each(?)) AND gm.priority != 'supervisor' AND ag.routing_status = 'accepting_chats'
		GROUP BY ag.id ORDER BY pr, active, ag.id`, string(g))
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	for rows.Next() {
		var ag string
		var isBot bool
		var maxChats, pr, active int
		if err := rows.Scan(&ag, &isBot, &maxChats, &pr, &active); err != nil {
			return "", "", err
		}
		if !a.routable(ag, isBot) {
			continue
		}
		if first == "" {
			first = ag
		}
		if active < maxChats && !containsStr(exclude, ag) {
			return ag, first, nil
		}
	}
	return "", first, rows.Err()
}

// routable reports whether an agent whose routing status is
// accepting_chats can be given chats now. As on the platform, where the
// status an agent sets lasts for their session, a human agent counts
// only while logged in: they hold an RTM connection that is not away, or
// they called the Web API within webPresenceTTL (a Web API integration
// has no connection; its "session" is its recent activity), or the
// running action is their RTM login (act.loggingIn). A bot has no
// session and counts whenever it accepts chats.
func (a *act) routable(agentID string, isBot bool) bool {
	return isBot || agentID == a.loggingIn || a.s.agentAvailable(agentID)
}

// assign makes agentID serve thread t of chat c (router action).
func (a *act) assign(c *chatRow, t *threadRow, agentID string) error {
	if err := a.addChatUser(c.id, agentID, "agent", "all"); err != nil {
		return err
	}
	if !containsStr(t.userIDs, agentID) {
		t.userIDs = append(t.userIDs, agentID)
	}
	if t.queuedAt != "" {
		if qt, err := parseTS(t.queuedAt); err == nil {
			t.queuesDuration += int(a.now.Sub(qt).Seconds())
		}
		t.queuedAt = ""
	}
	if err := a.saveThread(t); err != nil {
		return err
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return err
	}
	name := a.userName(agentID)
	return a.systemMessage(t, aud, "agent_joined", name+" joined the chat", map[string]string{"agent": name})
}

// routeQueue gives queued threads (oldest first) to agents with free
// slots, and tells the rest their new positions.
func (a *act) routeQueue() error {
	rows, err := a.query(`SELECT ` + threadCols + ` FROM threads WHERE active = 1 AND queued_at != '' ORDER BY queued_at, seq`)
	if err != nil {
		return err
	}
	var queued []*threadRow
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			rows.Close()
			return err
		}
		queued = append(queued, t)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	if len(queued) == 0 {
		return nil
	}
	var still []*threadRow
	for _, t := range queued {
		c, err := a.chat(t.chatID)
		if err != nil {
			return err
		}
		ag, _, err := a.pickAgent(c.groupIDs, nil)
		if err != nil {
			return err
		}
		if ag == "" {
			still = append(still, t)
			continue
		}
		if err := a.assign(c, t, ag); err != nil {
			return err
		}
		aud, err := a.chatAudience(c, true)
		if err != nil {
			return err
		}
		a.push("chat_transferred", map[string]any{"chat_id": c.id, "thread_id": t.id, "reason": "assigned",
			"transferred_to": map[string]any{"group_ids": c.groupIDs, "agent_ids": []string{ag}}}, aud...)
		if err := a.pushIncomingChatTo(c, t, nil, []string{ag}); err != nil {
			return err
		}
	}
	if len(still) > 0 && len(still) < len(queued) {
		var upd []any
		var aud []string
		for _, t := range still {
			q, err := a.queueJSON(t)
			if err != nil {
				return err
			}
			upd = append(upd, map[string]any{"chat_id": t.chatID, "thread_id": t.id, "queue": q})
			c, err := a.chat(t.chatID)
			if err != nil {
				return err
			}
			au, err := a.chatAudience(c, true)
			if err != nil {
				return err
			}
			aud = unionStrs(aud, au)
		}
		a.push("queue_positions_updated", upd, aud...)
	}
	return nil
}

// routeNew routes a customer's new thread: an available agent (pickAgent)
// with a free slot, else the queue; with nobody available at all (no
// agent of the groups accepting chats and logged in), groups_offline
// unless continuous, when the thread waits in the queue until an agent
// becomes available (routeQueue: a login, set_routing_status, a Web API
// call starting a session, set_away_status false).
func (a *act) routeNew(c *chatRow, t *threadRow, continuous bool) error {
	ag, accepting, err := a.pickAgent(c.groupIDs, nil)
	if err != nil {
		return err
	}
	if ag != "" {
		return a.assign(c, t, ag)
	}
	if !continuous && accepting == "" {
		return lerr(livechat.TypeGroupsOffline, "No agent is accepting chats in the chat's groups")
	}
	t.queuedAt = a.nowTS
	return a.saveThread(t)
}

// ---- presence and connection limits ----

// webPresenceTTL is how long a Web API call keeps an agent "connected".
const webPresenceTTL = 5 * time.Minute

// presenceState is the in-memory activity of a server's agents.
type presenceState struct {
	mu       sync.Mutex
	web      map[string]time.Time   // agent id → last Web API call
	timers   map[string]*time.Timer // agent id → its Web API presence's end (session.go)
	epoch    map[string]uint64      // agent id → sessions started (session.go)
	live     map[string]bool        // agent id → a session is open (session.go)
	away     map[string]bool        // agent id → auto-away set not_accepting_chats (session.go)
	gen      uint64                 // states replaced (Import, Reset: forgetSessions)
	loginSeq uint64
}

var presences sync.Map // *Server → *presenceState

func (s *Server) presence() *presenceState {
	if p, ok := presences.Load(s); ok {
		return p.(*presenceState)
	}
	p, _ := presences.LoadOrStore(s, &presenceState{web: map[string]time.Time{}, timers: map[string]*time.Timer{},
		epoch: map[string]uint64{}, live: map[string]bool{}, away: map[string]bool{}})
	return p.(*presenceState)
}

// noteWebActivity records a Web API call of agentID and reports whether
// it starts the agent's Web API "session" (no call within webPresenceTTL
// before it).
//
// undo puts back what was recorded before: the caller runs it when the
// call fails (its changes are rolled back, so it must not leave the agent
// counted as present without the queued chats it would have taken).
func (s *Server) noteWebActivity(agentID string) (started bool, undo func()) {
	p := s.presence()
	now := time.Now()
	p.mu.Lock()
	last, ok := p.web[agentID]
	p.web[agentID] = now
	s.armWebExpiry(p, agentID) // session.go
	p.mu.Unlock()
	undo = func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.web[agentID].Equal(now) {
			return // a later call recorded its own time
		}
		if ok {
			p.web[agentID] = last
		} else {
			delete(p.web, agentID)
		}
	}
	return !ok || now.Sub(last) >= webPresenceTTL, undo
}

// agentConnected reports whether an agent is connected: it holds at
// least one logged-in RTM connection, or it called the Web API within
// webPresenceTTL.
func (s *Server) agentConnected(agentID string) bool {
	return len(s.hub.connsOf(agentID)) > 0 || s.webPresent(agentID)
}

// agentAvailable is agentConnected without the RTM connections that are
// away (set_away_status, login with away): what routing counts.
func (s *Server) agentAvailable(agentID string) bool {
	for _, c := range s.hub.connsOf(agentID) {
		c.mu.Lock()
		away := c.away
		c.mu.Unlock()
		if !away {
			return true
		}
	}
	return s.webPresent(agentID)
}

// webPresent reports whether agentID called the Web API within
// webPresenceTTL.
func (s *Server) webPresent(agentID string) bool {
	p := s.presence()
	p.mu.Lock()
	defer p.mu.Unlock()
	t, ok := p.web[agentID]
	return ok && time.Since(t) < webPresenceTTL
}

// agentPresent is the "present" flag of an agent who is a member of a
// chat: true when the agent is connected (agentConnected). Bots, which
// work through the Web API without a session, are present unless their
// routing status is offline.
func (a *act) agentPresent(agentID string) bool {
	var isBot int
	var status string
	if err := a.queryRow(`SELECT is_bot, routing_status FROM agents WHERE id = ?`, agentID).Scan(&isBot, &status); err != nil {
		if !errors.Is(err, sql.ErrNoRows) {
			a.s.log.Error("agent presence lookup failed", "agent", agentID, "error", err)
		}
		return false
	}
	if isBot == 1 {
		return status != "offline"
	}
	return a.s.agentConnected(agentID)
}

// checkConnectionLimit refuses a login beyond Config.MaxConnections.
func (a *act) checkConnectionLimit() error {
	limit := a.s.cfg.MaxConnections
	if limit <= 0 {
		return nil
	}
	h := a.s.hub
	h.mu.RLock()
	n := 0
	for _, set := range h.conns {
		n += len(set)
	}
	h.mu.RUnlock()
	if n >= limit {
		return lerr(livechat.TypeLimitReached, "Too many connections: the license allows %d RTM connections", limit)
	}
	return nil
}

// evictOldConnections numbers a new login of agentID and, beyond
// Config.MaxAgentConnections, disconnects the agent's oldest connections
// with connection_evicted.
func (s *Server) evictOldConnections(c *rtmConn, agentID string) {
	p := s.presence()
	p.mu.Lock()
	p.loginSeq++
	seq := p.loginSeq
	p.mu.Unlock()
	c.mu.Lock()
	c.loginSeq = seq
	c.mu.Unlock()
	limit := s.cfg.MaxAgentConnections
	if limit <= 0 {
		return
	}
	conns := s.hub.connsOf(agentID)
	if len(conns) <= limit {
		return
	}
	seqOf := func(x *rtmConn) uint64 {
		x.mu.Lock()
		defer x.mu.Unlock()
		return x.loginSeq
	}
	sort.Slice(conns, func(i, j int) bool { return seqOf(conns[i]) < seqOf(conns[j]) })
	for _, old := range conns[:len(conns)-limit] {
		s.hub.mu.Lock()
		delete(s.hub.conns[agentID], old) // no more pushes for it
		s.hub.mu.Unlock()
		go old.disconnect("connection_evicted")
	}
}
