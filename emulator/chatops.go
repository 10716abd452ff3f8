package emulator

import "encoding/json"

// Shared steps of the chat actions that both the Agent and the Customer
// Chat API take (start_chat, resume_chat, list_chats) and of the audience
// queries behind pushes.

// createChat inserts a new chat from spec: its groups (group 0 unless
// spec.access.group_ids names some; every group must exist) and its
// properties. The caller adds the users and opens the first thread.
func (a *act) createChat(spec *chatSpec) (*chatRow, error) {
	c := &chatRow{id: newID(), props: props{}, groupIDs: []int{0}, createdAt: a.nowTS}
	if spec.Access != nil && len(spec.Access.GroupIDs) > 0 {
		c.groupIDs = uniqueInts(spec.Access.GroupIDs)
	}
	if err := a.checkGroups(c.groupIDs); err != nil {
		return nil, err
	}
	if len(spec.Properties) > 0 && string(spec.Properties) != "null" {
		p, err := validateProps(spec.Properties)
		if err != nil {
			return nil, err
		}
		c.props = p
	}
	res, err := a.execRes(`INSERT INTO chats(id, properties, group_ids, created_at) VALUES (?,?,?,?)`,
		c.id, c.props.String(), mustJSON(c.groupIDs), c.createdAt)
	if err != nil {
		return nil, err
	}
	c.seq, _ = res.LastInsertId()
	return c, nil
}

// reopenChat loads the inactive chat spec.id for resume_chat and applies
// spec's groups (replacing) and properties (merged into the chat's). The
// caller saves the chat by opening its new thread.
func (a *act) reopenChat(spec *chatSpec) (*chatRow, error) {
	c, err := a.accessibleChat(spec.ID, true)
	if err != nil {
		return nil, err
	}
	last, err := a.lastThread(c)
	if err != nil {
		return nil, err
	}
	if last != nil && last.active {
		return nil, validation("Chat is already active")
	}
	if spec.Access != nil && len(spec.Access.GroupIDs) > 0 {
		g := uniqueInts(spec.Access.GroupIDs)
		if err := a.checkGroups(g); err != nil {
			return nil, err
		}
		c.groupIDs = g
	}
	if len(spec.Properties) > 0 && string(spec.Properties) != "null" {
		p, err := validateProps(spec.Properties)
		if err != nil {
			return nil, err
		}
		c.props.merge(p)
	}
	return c, nil
}

// chatSummaries loads the chats of a list_chats page (keys are chat seqs)
// and renders each with summarize.
func (a *act) chatSummaries(keys []int64, summarize func(*chatRow) (map[string]any, error)) ([]any, error) {
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		c, err := scanChat(a.queryRow(`SELECT `+chatCols+` FROM chats WHERE seq = ?`, k))
		if err != nil {
			return nil, err
		}
		s, err := summarize(c)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// addIDs adds to set the first column (a string) of every row of q.
func (a *act) addIDs(set map[string]bool, q string, args ...any) error {
	rows, err := a.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		set[id] = true
	}
	return rows.Err()
}

// writableThread loads chat chatID, which the requester must be able to
// write to, and its thread threadID.
func (a *act) writableThread(chatID, threadID string) (*chatRow, *threadRow, error) {
	c, err := a.accessibleChat(chatID, true)
	if err != nil {
		return nil, nil, err
	}
	t, err := a.thread(c.id, threadID)
	if err != nil {
		return nil, nil, err
	}
	return c, t, nil
}

// activeChatAudience loads chat chatID, which the requester must be able
// to write to, its active thread and its (narrow) chatAudience: what the
// typing, thinking and sneak peek indicators need.
func (a *act) activeChatAudience(chatID string) (*chatRow, *threadRow, []string, error) {
	c, err := a.accessibleChat(chatID, true)
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := a.activeThread(c)
	if err != nil {
		return nil, nil, nil, err
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, t, aud, nil
}

// lastEventPerType renders a chat summary's last_event_per_type: the
// newest event of each type across the chat's threads, among the events
// of visibility all only when customerView.
func (a *act) lastEventPerType(chatID string, customerView bool) (map[string]any, error) {
	vis := ""
	if customerView {
		vis = " AND visibility = 'all'"
	}
	rows, err := a.query(`SELECT x.type, x.body, th.id, th.created_at FROM
			(SELECT type, body, thread_seq, ROW_NUMBER() OVER (PARTITION BY type ORDER BY thread_seq DESC, n DESC) AS rn
			 FROM events WHERE thread_seq IN (SELECT seq FROM threads WHERE chat_id = ?)`+vis+`) x JOIN threads th ON th.seq = x.thread_seq WHERE x.rn = 1`, chatID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lept := map[string]any{}
	for rows.Next() {
		var typ, body, tid, tcreated string
		if err := rows.Scan(&typ, &body, &tid, &tcreated); err != nil {
			return nil, err
		}
		lept[typ] = map[string]any{"thread_id": tid, "thread_created_at": tcreated, "event": json.RawMessage(body)}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return lept, nil
}
