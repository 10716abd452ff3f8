package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
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

// TestEmulatorDeepCustomEvent replays issue 15 point 1 end to end: a
// custom event nested as deep as a request may be (the content at 9,997
// levels, the request at 9,999) is stored by the emulator (while it still
// accepts it), and afterwards list_chats, get_chat, list_archives
// over the Web and the RTM login and list_chats still work for the agent.
func TestEmulatorDeepCustomEvent(t *testing.T) {
	srv := emulator.NewTest(t)
	token := srv.Credentials().Owner.Token
	w, err := web.New(web.Agent, livechat.NewBearerToken(token), livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	c := agent.New(w)
	ctx := context.Background()
	started, err := c.StartChat(ctx, agent.StartChatRequest{})
	if err != nil {
		t.Fatal(err)
	}
	const depth = 9997
	deep := &livechat.Custom{Content: json.RawMessage(strings.Repeat("[", depth) + strings.Repeat("]", depth))}
	if _, err := c.SendEvent(ctx, agent.SendEventRequest{ChatID: started.ChatID, Event: deep}); err != nil {
		if errors.Is(err, livechat.ErrValidation) {
			t.Skipf("the emulator refuses the deep event (its nesting limit): %v; the raw-server tests cover the decoding", err)
		}
		t.Fatal(err)
	}
	if _, err := c.SendMessage(ctx, started.ChatID, "after"); err != nil {
		t.Fatal(err)
	}
	check := func(what string, evs livechat.Events) {
		t.Helper()
		var deepSeen, after bool
		for _, ev := range evs {
			switch e := ev.(type) {
			case *livechat.RawEvent: // too deep where it sits in the answer
				deepSeen = deepSeen || (errors.Is(e.Err, livechat.ErrTooDeep) && e.EventType() == livechat.EventCustom)
			case *livechat.Custom: // shallow enough there to decode whole
				deepSeen = deepSeen || len(e.Content) == 2*depth
			case *livechat.Message:
				after = after || e.Text == "after"
			}
		}
		if !deepSeen || !after {
			t.Errorf("%s: deep event seen %v, later message seen %v in %d events", what, deepSeen, after, len(evs))
		}
	}
	summaryOK := func(what string, lc *agent.ListChatsResponse, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for _, cs := range lc.ChatsSummary {
			if cs.ID != started.ChatID {
				continue
			}
			// The summary's last custom event sits deeper than the decoder
			// allows: it is a RawEvent reporting ErrTooDeep.
			if ev, ok := cs.LastEventPerType["custom"].Event.(*livechat.RawEvent); !ok || !errors.Is(ev.Err, livechat.ErrTooDeep) {
				t.Errorf("%s: last custom event is a %T, want a *livechat.RawEvent with ErrTooDeep", what, cs.LastEventPerType["custom"].Event)
			}
			return
		}
		t.Errorf("%s: chat %s not listed", what, started.ChatID)
	}
	lc, err := c.ListChats(ctx, agent.ListChatsRequest{})
	summaryOK("ListChats", lc, err)
	chat, err := c.GetChat(ctx, started.ChatID, "")
	if err != nil {
		t.Fatalf("GetChat: %v", err)
	}
	check("get_chat", chat.Thread.Events)
	if _, err := c.ListArchives(ctx, agent.ListArchivesRequest{}); err != nil {
		t.Errorf("ListArchives: %v", err)
	}
	lt, err := c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: started.ChatID})
	if err != nil || len(lt.Threads) == 0 {
		t.Fatalf("ListThreads: %v", err)
	}
	check("list_threads", lt.Threads[0].Events)

	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := rtm.Dial(dctx, livechat.NewBearerToken(token), rtm.WithConfig(livechat.WithBaseURL(srv.URL())), rtm.WithMaxReconnects(0))
	if err != nil {
		t.Fatalf("RTM login: %v", err)
	}
	defer conn.Close()
	if lr := conn.LoginResponse(); lr == nil || len(lr.ChatsSummary) == 0 {
		t.Errorf("login response = %+v", lr)
	}
	rc := agent.New(conn)
	lc, err = rc.ListChats(dctx, agent.ListChatsRequest{})
	summaryOK("RTM ListChats", lc, err)
	rchat, err := rc.GetChat(dctx, started.ChatID, "")
	if err != nil {
		t.Fatalf("RTM GetChat: %v", err)
	}
	check("RTM get_chat", rchat.Thread.Events)
}
