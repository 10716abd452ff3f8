package emulator

import (
	"encoding/json"

	"github.com/livechat-go/livechat"
)

// activeChatsOf counts the active chats an agent is present in.
func (a *act) activeChatsOf(agentID string) (int, error) {
	var n int
	err := a.queryRow(`SELECT COUNT(*) FROM chat_users cu JOIN chats c ON c.id = cu.chat_id JOIN threads t ON t.id = c.last_thread_id
		WHERE cu.user_id = ? AND cu.present = 1 AND cu.user_type = 'agent' AND t.active = 1`, agentID).Scan(&n)
	return n, err
}

// pickAgent chooses an accepting agent of groups with a free slot:
// priority first → normal → last (never supervisor), then the fewest
// active chats, then id. It returns "" when nobody can take the chat.
func (a *act) pickAgent(groups []int, exclude []string) (string, error) {
	g, _ := json.Marshal(groups)
	rows, err := a.query(`SELECT ag.id, ag.max_chats, MIN(CASE gm.priority WHEN 'first' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END) AS pr,
		(SELECT COUNT(*) FROM chat_users cu JOIN chats c ON c.id = cu.chat_id JOIN threads t ON t.id = c.last_thread_id
		 WHERE cu.user_id = ag.id AND cu.present = 1 AND cu.user_type = 'agent' AND t.active = 1) AS active
		FROM agents ag JOIN group_members gm ON gm.agent_id = ag.id
		WHERE gm.group_id IN (SELECT value FROM json_each(?)) AND gm.priority != 'supervisor' AND ag.routing_status = 'accepting_chats'
		GROUP BY ag.id ORDER BY pr, active, ag.id`, string(g))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var maxChats, pr, active int
		if err := rows.Scan(&id, &maxChats, &pr, &active); err != nil {
			return "", err
		}
		if active < maxChats && !containsStr(exclude, id) {
			return id, nil
		}
	}
	return "", rows.Err()
}

// anyAccepting reports whether some agent of groups is accepting chats.
func (a *act) anyAccepting(groups []int) bool {
	g, _ := json.Marshal(groups)
	var n int
	_ = a.queryRow(`SELECT COUNT(*) FROM agents ag JOIN group_members gm ON gm.agent_id = ag.id
		WHERE gm.group_id IN (SELECT value FROM json_each(?)) AND gm.priority != 'supervisor' AND ag.routing_status = 'accepting_chats'`, string(g)).Scan(&n)
	return n > 0
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
	rows.Close()
	if len(queued) == 0 {
		return nil
	}
	var still []*threadRow
	for _, t := range queued {
		c, err := a.chat(t.chatID)
		if err != nil {
			return err
		}
		ag, err := a.pickAgent(c.groupIDs, nil)
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
			c, _ := a.chat(t.chatID)
			if c != nil {
				au, _ := a.chatAudience(c, true)
				aud = unionStrs(aud, au)
			}
		}
		a.push("queue_positions_updated", upd, aud...)
	}
	return nil
}

// routeNew routes a customer's new thread: an agent with a free slot, else
// the queue; with nobody accepting at all, groups_offline unless continuous.
func (a *act) routeNew(c *chatRow, t *threadRow, continuous bool) error {
	ag, err := a.pickAgent(c.groupIDs, nil)
	if err != nil {
		return err
	}
	if ag != "" {
		return a.assign(c, t, ag)
	}
	if !continuous && !a.anyAccepting(c.groupIDs) {
		return lerr(livechat.TypeGroupsOffline, "No agent is accepting chats in the chat's groups")
	}
	t.queuedAt = a.nowTS
	return a.saveThread(t)
}
