// Package safesend holds what the RTM and Web transports share for their
// exactly-once send_event: a custom_id on each event, a lookup of that
// custom_id in the chat's latest threads, and the answer built from what
// the lookup found.
package safesend

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
)

// Key identifies one send_event for the lookup.
type Key struct {
	ChatID   string
	CustomID string
}

// Prepare gives a send_event payload's event a custom_id (prefix followed
// by 24 random hex digits) unless it has one, and returns the payload to
// send with its Key. It returns the payload unchanged and a nil Key when
// the payload is not a send_event shape it understands ({"chat_id":…,
// "event":{…}}).
func Prepare(payload []byte, prefix string) ([]byte, *Key) {
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
		customID = prefix + hex.EncodeToString(b[:])
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
	return payload, &Key{ChatID: chatID, CustomID: customID}
}

// Caller sends one action (the transport's own Call).
type Caller func(ctx context.Context, action string, request, response any) error

// ThreadsChecked is how many of the chat's latest threads Find looks in.
const ThreadsChecked = 3

// Find looks for the event with key's custom_id in the chat's latest
// threads (list_threads, newest first) and returns its id.
func Find(ctx context.Context, call Caller, key *Key) (eventID string, found bool, err error) {
	var resp struct {
		Threads []struct {
			Events []struct {
				ID       string `json:"id"`
				CustomID string `json:"custom_id"`
			} `json:"events"`
		} `json:"threads"`
	}
	req := map[string]any{"chat_id": key.ChatID, "limit": ThreadsChecked, "sort_order": "desc"}
	if err := call(ctx, "list_threads", req, &resp); err != nil {
		return "", false, err
	}
	for _, th := range resp.Threads {
		for _, ev := range th.Events {
			if ev.CustomID == key.CustomID {
				return ev.ID, true, nil
			}
		}
	}
	return "", false, nil
}

// Answer is the send_event answer for an event found by Find.
func Answer(eventID string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"event_id": eventID})
	return b
}
