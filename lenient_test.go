package livechat_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
)

// deepJSON is an array nested n levels deep.
func deepJSON(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

func TestUnmarshalLenientDeepEventInThread(t *testing.T) {
	doc := `{"id":"C1","thread":{"id":"T1","active":true,"events":[` +
		`{"id":"E1","type":"custom","custom_id":"x1","author_id":"a","content":` + deepJSON(livechat.MaxNesting+5) + `,"properties":{"ns":{"k":1}}},` +
		`{"id":"E2","type":"message","text":"fine"},` +
		`{"id":"E3","type":"message","text":{"not":"a string"}}` +
		`]}}`
	var raw any
	if err := json.Unmarshal([]byte(doc), &raw); err == nil || !livechat.IsTooDeep(err) {
		t.Fatalf("json.Unmarshal = %v, want the depth error (the test input is not deep enough)", err)
	}
	var chat livechat.Chat
	if err := livechat.UnmarshalLenient([]byte(doc), &chat); err != nil {
		t.Fatal(err)
	}
	evs := chat.Thread.Events
	if chat.ID != "C1" || len(evs) != 3 {
		t.Fatalf("chat = %+v", chat)
	}
	deep, ok := evs[0].(*livechat.RawEvent)
	if !ok {
		t.Fatalf("deep event = %T", evs[0])
	}
	var ie *livechat.ItemError
	if !errors.As(deep.Err, &ie) || !errors.Is(deep.Err, livechat.ErrTooDeep) || ie.Kind != "event" ||
		strings.Join(ie.Members, ",") != "content" || ie.Type != "custom" {
		t.Fatalf("deep event Err = %#v", deep.Err)
	}
	if deep.ID != "E1" || deep.CustomID != "x1" || deep.AuthorID != "a" || deep.EventType() != livechat.EventCustom ||
		deep.Properties["ns"]["k"] != float64(1) {
		t.Errorf("deep event common fields = %+v", deep.EventBase)
	}
	if m, ok := evs[1].(*livechat.Message); !ok || m.Text != "fine" {
		t.Errorf("event 2 = %#v", evs[1])
	}
	bad, ok := evs[2].(*livechat.RawEvent)
	if !ok || !errors.As(bad.Err, &ie) || ie.Kind != "event" || ie.Type != "message" || bad.ID != "E3" {
		t.Fatalf("malformed event = %#v", evs[2])
	}
	if b, _ := json.Marshal(bad); string(b) != `{"id":"E3","type":"message","text":{"not":"a string"}}` {
		t.Errorf("malformed event re-encoded as %s", b)
	}
	// The chat re-encodes (the trimmed event keeps its marker) and decodes the same.
	b, err := json.Marshal(chat)
	if err != nil {
		t.Fatal(err)
	}
	var again livechat.Chat
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatalf("re-decode: %v\n%s", err, b)
	}
	if r, ok := again.Thread.Events[0].(*livechat.RawEvent); !ok || r.Err == nil {
		t.Errorf("re-decoded deep event = %#v", again.Thread.Events[0])
	}
}

func TestUnmarshalLenientDeepLastEventAndProperties(t *testing.T) {
	doc := `{"chats_summary":[` +
		`{"id":"C1","last_event_per_type":{"custom":{"thread_id":"T","event":{"id":"E","type":"custom","content":{"a":` + deepJSON(livechat.MaxNesting) + `}}}}},` +
		`{"id":"C2","properties":{"ns":{"deep":` + deepJSON(livechat.MaxNesting) + `,"ok":true}},"users":[{"id":"u","type":"agent","name":"A"},{"id":5,"type":"customer"}]},` +
		`{"id":"C3"}],"found_chats":3}`
	var resp struct {
		ChatsSummary []livechat.ChatSummary `json:"chats_summary"`
		FoundChats   int                    `json:"found_chats"`
	}
	if err := livechat.UnmarshalLenient([]byte(doc), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.ChatsSummary) != 3 || resp.FoundChats != 3 || resp.ChatsSummary[2].ID != "C3" {
		t.Fatalf("resp = %+v", resp)
	}
	le := resp.ChatsSummary[0].LastEventPerType["custom"]
	if r, ok := le.Event.(*livechat.RawEvent); !ok || !errors.Is(r.Err, livechat.ErrTooDeep) || r.ID != "E" || le.ThreadID != "T" {
		t.Fatalf("last event = %+v", le)
	}
	c2 := resp.ChatsSummary[1]
	ie := c2.Extra.ItemError()
	if c2.ID != "C2" || ie == nil || strings.Join(ie.Members, ",") != "properties" || !errors.Is(ie, livechat.ErrTooDeep) {
		t.Fatalf("chat 2 = %+v, item error %v", c2, ie)
	}
	if len(c2.Users) != 2 || c2.Users[0].UserID() != "u" {
		t.Fatalf("users = %#v", c2.Users)
	}
	ru, ok := c2.Users[1].(*livechat.RawUser)
	if !ok || ru.Err == nil || ru.Type != livechat.UserCustomer {
		t.Fatalf("bad user = %#v", c2.Users[1])
	}
	if b, _ := json.Marshal(ru); string(b) != `{"id":5,"type":"customer"}` {
		t.Errorf("bad user re-encoded as %s", b)
	}
	if resp.ChatsSummary[0].Extra.ItemError() != nil {
		t.Error("chat 1 reports an item error although only its event was trimmed")
	}
}

func TestUnmarshalLenientOutsideItems(t *testing.T) {
	var v map[string]any
	err := livechat.UnmarshalLenient([]byte(`[1,`+deepJSON(livechat.MaxNesting+1)+`]`), &v)
	if !errors.Is(err, livechat.ErrTooDeep) || !strings.Contains(err.Error(), "outside any object") {
		t.Fatalf("err = %v", err)
	}
	// Outside any event or list item, the answer itself is the item.
	var chat livechat.Chat
	if err := livechat.UnmarshalLenient([]byte(`{"id":"C","properties":{"ns":{"p":`+deepJSON(livechat.MaxNesting)+`}},"is_followed":true}`), &chat); err != nil {
		t.Fatal(err)
	}
	ie := chat.Extra.ItemError()
	if chat.ID != "C" || !chat.IsFollowed || ie == nil || strings.Join(ie.Members, ",") != "properties" {
		t.Fatalf("chat = %+v, item error %v", chat, ie)
	}
	// Shallow data and other syntax errors are json.Unmarshal's business.
	if err := livechat.UnmarshalLenient([]byte(`{"a":[1,2]}`), &v); err != nil || len(v["a"].([]any)) != 2 {
		t.Fatalf("shallow: %v %v", err, v)
	}
	if err := livechat.UnmarshalLenient([]byte(`{"a":`), &v); err == nil {
		t.Fatal("truncated input decoded")
	}
}

func TestTrimDeepKeepsShallowData(t *testing.T) {
	in := []byte(`{"events":[{"type":"message","text":"a \"]} b"}]}`)
	out, err := livechat.TrimDeep(in)
	if err != nil || string(out) != string(in) {
		t.Fatalf("TrimDeep = %s, %v", out, err)
	}
}
