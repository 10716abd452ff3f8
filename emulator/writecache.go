package emulator

// The writer's write-through cache of the chat state that send_event
// reads on every call (the chat row, its members, its last thread and the
// push audience). Only the writer goroutine touches it, inside runBatch.
//
// Coherence rule: the cache survives an action only when that action
// succeeded and declared, by calling act.keepCache, that every write it
// made to chats, chat_users, threads or follows is mirrored into the
// cached state it was handed. After any other action — including every
// action that does not know about the cache, so new actions need no
// change — and after any rolled-back action or batch, the whole cache is
// dropped and the next read goes to SQLite again. SQLite stays the source
// of truth: every cached value was written to it in the same transaction.
//
// Code that writes those tables outside the writer (none today) must run
// through the writer instead, or the cache goes stale.

// maxCachedChats bounds the cache; when full it is simply dropped.
const maxCachedChats = 20000

// chatState is one chat as send_event sees it.
type chatState struct {
	chat     *chatRow
	users    []chatUser
	last     *threadRow // nil when the chat has no thread yet
	audience []string   // chatAudience(chat, false)
}

// writeCache maps a chat id to its state.
type writeCache struct {
	chats map[string]*chatState
}

func newWriteCache() *writeCache { return &writeCache{chats: map[string]*chatState{}} }

func (w *writeCache) reset() {
	if len(w.chats) > 0 {
		clear(w.chats)
	}
}

// chatState returns the chat's state, from the cache or read from the
// store. A caller that modifies chats, chat_users, threads or follows
// must mirror the change into the returned state and call keepCache, or
// not call keepCache at all (then the cache is dropped after the action).
func (a *act) chatState(id string) (*chatState, error) {
	if a.wc != nil {
		if st := a.wc.chats[id]; st != nil {
			return st, nil
		}
	}
	c, err := a.chat(id)
	if err != nil {
		return nil, err
	}
	us, err := a.chatUsers(c.id)
	if err != nil {
		return nil, err
	}
	t, err := a.lastThread(c)
	if err != nil {
		return nil, err
	}
	aud, err := a.chatAudience(c, false)
	if err != nil {
		return nil, err
	}
	st := &chatState{chat: c, users: us, last: t, audience: aud}
	if a.wc != nil {
		if len(a.wc.chats) >= maxCachedChats {
			a.wc.reset()
		}
		a.wc.chats[id] = st
	}
	return st, nil
}

// keepCache declares that the action mirrored all its writes to the
// cached tables into the state chatState returned (see writeCache).
func (a *act) keepCache() { a.keep = true }
