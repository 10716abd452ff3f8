package agent_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
)

// deepCustom is a custom event nested deeper than encoding/json decodes.
func deepCustom(id string) string {
	n := livechat.MaxNesting + 10
	return `{"id":"` + id + `","type":"custom","content":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
}

const badMessage = `{"id":"BAD","type":"message","text":{"oops":1}}`

// TestWebListsSurviveUndecodableEvents pins issue 15 point 1 over the Web
// transport: list_chats, get_chat and list_archives answers holding an
// event nested too deeply and a malformed message decode; the bad events
// become *livechat.RawEvent with Err and everything else is intact.
func TestWebListsSurviveUndecodableEvents(t *testing.T) {
	thread := `{"id":"T1","active":true,"events":[` + deepCustom("E1") + `,` + badMessage + `,{"id":"E3","type":"message","text":"ok"}]}`
	c, _ := newWebClient(t, livechat.V3_6, func(w http.ResponseWriter, action string, _ []byte) {
		switch action {
		case "list_chats":
			io.WriteString(w, `{"chats_summary":[{"id":"C1","last_event_per_type":{"custom":{"thread_id":"T1","event":`+deepCustom("E1")+
				`},"message":{"thread_id":"T1","event":`+badMessage+`}}},{"id":"C2"}],"found_chats":2}`)
		case "get_chat":
			io.WriteString(w, `{"id":"C1","thread":`+thread+`}`)
		case "list_archives":
			io.WriteString(w, `{"chats":[{"id":"C1","thread":`+thread+`},{"id":"C2"}],"found_chats":2}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	ctx := context.Background()

	lc, err := c.ListChats(ctx, agent.ListChatsRequest{})
	if err != nil {
		t.Fatalf("ListChats: %v", err)
	}
	if len(lc.ChatsSummary) != 2 || lc.FoundChats != 2 {
		t.Fatalf("ListChats = %+v", lc)
	}
	lep := lc.ChatsSummary[0].LastEventPerType
	if ev, ok := lep["custom"].Event.(*livechat.RawEvent); !ok || !errors.Is(ev.Err, livechat.ErrTooDeep) || ev.ID != "E1" {
		t.Errorf("deep last event = %#v", lep["custom"].Event)
	}
	if ev, ok := lep["message"].Event.(*livechat.RawEvent); !ok || ev.Err == nil || ev.ID != "BAD" {
		t.Errorf("malformed last event = %#v", lep["message"].Event)
	}

	chat, err := c.GetChat(ctx, "C1", "T1")
	if err != nil {
		t.Fatalf("GetChat: %v", err)
	}
	checkEvents(t, "get_chat", chat.Thread.Events)

	la, err := c.ListArchives(ctx, agent.ListArchivesRequest{})
	if err != nil {
		t.Fatalf("ListArchives: %v", err)
	}
	if len(la.Chats) != 2 || la.Chats[1].ID != "C2" {
		t.Fatalf("ListArchives = %+v", la)
	}
	checkEvents(t, "list_archives", la.Chats[0].Thread.Events)
}

func checkEvents(t *testing.T, what string, evs livechat.Events) {
	t.Helper()
	if len(evs) != 3 {
		t.Fatalf("%s: %d events", what, len(evs))
	}
	var ie *livechat.ItemError
	if ev, ok := evs[0].(*livechat.RawEvent); !ok || !errors.As(ev.Err, &ie) || !errors.Is(ev.Err, livechat.ErrTooDeep) ||
		ev.EventType() != livechat.EventCustom {
		t.Errorf("%s: deep event = %#v", what, evs[0])
	}
	if ev, ok := evs[1].(*livechat.RawEvent); !ok || !errors.As(ev.Err, &ie) || ie.Type != "message" {
		t.Errorf("%s: malformed event = %#v", what, evs[1])
	}
	if m, ok := evs[2].(*livechat.Message); !ok || m.Text != "ok" {
		t.Errorf("%s: good event = %#v", what, evs[2])
	}
}
