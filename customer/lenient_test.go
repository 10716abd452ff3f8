package customer_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
)

// TestWebCustomerListsSurviveUndecodableEvents pins issue 15 point 1 for
// the Customer Chat API: list_chats and get_chat answers holding an event
// nested too deeply, a malformed message and a malformed user decode.
func TestWebCustomerListsSurviveUndecodableEvents(t *testing.T) {
	n := livechat.MaxNesting + 10
	deep := `{"id":"E1","type":"custom","content":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
	users := `[{"id":"a@x","type":"agent","name":"A"},{"id":"c1","type":"customer","email":["not","a","string"]}]`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/list_chats"):
			io.WriteString(w, `{"chats_summary":[{"id":"C1","users":`+users+`,"last_event_per_type":{"custom":{"thread_id":"T1","event":`+deep+`}}}],"total_chats":1}`)
		case strings.HasSuffix(r.URL.Path, "/get_chat"):
			io.WriteString(w, `{"id":"C1","users":`+users+`,"thread":{"id":"T1","active":true,"events":[`+deep+`,{"id":"E2","type":"message","text":"ok"}]}}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c, err := customer.NewWeb(livechat.NewBearerToken(testToken), livechat.WithOrganizationID(testOrg),
		livechat.WithBaseURL(srv.URL), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	lc, err := c.ListChats(ctx, customer.ListChatsRequest{})
	if err != nil {
		t.Fatalf("ListChats: %v", err)
	}
	if len(lc.ChatsSummary) != 1 || lc.TotalChats != 1 {
		t.Fatalf("ListChats = %+v", lc)
	}
	cs := lc.ChatsSummary[0]
	if ev, ok := cs.LastEventPerType["custom"].Event.(*livechat.RawEvent); !ok || !errors.Is(ev.Err, livechat.ErrTooDeep) {
		t.Errorf("deep last event = %#v", cs.LastEventPerType["custom"].Event)
	}
	checkUsers(t, cs.Users)
	chat, err := c.GetChat(ctx, "C1", "T1")
	if err != nil {
		t.Fatalf("GetChat: %v", err)
	}
	checkUsers(t, chat.Users)
	evs := chat.Thread.Events
	if len(evs) != 2 {
		t.Fatalf("events = %#v", evs)
	}
	if ev, ok := evs[0].(*livechat.RawEvent); !ok || !errors.Is(ev.Err, livechat.ErrTooDeep) {
		t.Errorf("deep event = %#v", evs[0])
	}
	if m, ok := evs[1].(*livechat.Message); !ok || m.Text != "ok" {
		t.Errorf("event 1 = %#v", evs[1])
	}
}

func checkUsers(t *testing.T, us livechat.Users) {
	t.Helper()
	if len(us) != 2 || us.Agents()[0].Name != "A" {
		t.Fatalf("users = %#v", us)
	}
	var ie *livechat.ItemError
	if ru, ok := us[1].(*livechat.RawUser); !ok || !errors.As(ru.Err, &ie) || ie.Kind != "user" || ru.ID != "c1" {
		t.Errorf("malformed user = %#v", us[1])
	}
}
