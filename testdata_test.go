package livechat_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/fixtures"
)

// The project's own payloads under testdata/ are hand-written for this
// repository (not copied from the platform's documentation), so the
// lossless decoding of every model type is tested in a plain clone, with
// no ../shared beside it. Members whose name starts with "x_" are made up:
// they must survive a round trip through Extra.

// ownModel decodes a file under testdata/model to the type its place names.
func ownModel(rel string) (func([]byte) (any, error), bool) {
	dec := func(newV func() any) func([]byte) (any, error) {
		return func(b []byte) (any, error) {
			v := newV()
			return v, json.Unmarshal(b, v)
		}
	}
	base := strings.TrimSuffix(filepath.Base(rel), ".json")
	kind, _, _ := strings.Cut(base, "_")
	switch {
	case strings.HasPrefix(rel, "events/"):
		return func(b []byte) (any, error) { return livechat.DecodeEvent(b) }, true
	case rel == "users/myProfile.json":
		return dec(func() any { return &livechat.MyProfile{} }), true
	case strings.HasPrefix(rel, "users/"):
		return func(b []byte) (any, error) { return livechat.DecodeUser(b) }, true
	}
	switch kind {
	case "chat":
		return dec(func() any { return &livechat.Chat{} }), true
	case "thread":
		return dec(func() any { return &livechat.Thread{} }), true
	case "chatSummary":
		return dec(func() any { return &livechat.ChatSummary{} }), true
	case "threadSummary":
		return dec(func() any { return &livechat.ThreadSummary{} }), true
	case "license":
		return dec(func() any { return &livechat.License{} }), true
	case "form":
		return dec(func() any { return &livechat.Form{} }), true
	case "access":
		return dec(func() any {
			return &struct {
				Access livechat.Access `json:"access"`
			}{}
		}), true
	case "properties":
		return dec(func() any {
			return &struct {
				Properties livechat.Properties `json:"properties"`
			}{}
		}), true
	}
	return nil, false
}

// TestOwnPayloadsRoundTrip decodes every hand-written model payload,
// re-encodes it to the same JSON value, checks that known members landed
// in typed fields (only made-up x_ members and empty values sit in
// Extra), and that every event type, user type, chat, thread and summary
// is covered.
func TestOwnPayloadsRoundTrip(t *testing.T) {
	root := filepath.Join("testdata", "model")
	seen := map[string]bool{}
	madeUp := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		decode, ok := ownModel(rel)
		if !ok {
			t.Errorf("%s: no model type for this file; name it after the type it holds", rel)
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		v, err := decode(raw)
		if err != nil {
			t.Errorf("%s: decode: %v", rel, err)
			return nil
		}
		seen[reflect.TypeOf(v).String()] = true
		if ev, ok := v.(livechat.Event); ok {
			seen["event:"+string(ev.EventType())] = true
		}
		if u, ok := v.(livechat.User); ok {
			seen["user:"+string(u.UserType())] = true
		}
		madeUp += fixtures.CheckTyped(t, rel, v)
		out, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%s: encode: %v", rel, err)
			return nil
		}
		t.Run(rel, func(t *testing.T) { sameJSON(t, raw, out) })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range []livechat.Event{
		&livechat.Message{}, &livechat.File{}, &livechat.RichMessage{}, &livechat.FilledForm{},
		&livechat.FormEvent{}, &livechat.Custom{}, &livechat.SystemMessage{}, &livechat.System{},
	} {
		want = append(want, "event:"+string(e.EventType()))
	}
	want = append(want, "*livechat.RawEvent", "*livechat.Agent", "*livechat.Customer", "*livechat.RawUser",
		"*livechat.MyProfile", "*livechat.Chat", "*livechat.Thread", "*livechat.ChatSummary",
		"*livechat.ThreadSummary", "*livechat.License", "*livechat.Form")
	for _, w := range want {
		if !seen[w] {
			t.Errorf("no hand-written payload under %s decodes to %s", root, w)
		}
	}
	if madeUp < 5 {
		t.Errorf("only %d made-up x_ members kept in Extra; the payloads should exercise unknown members", madeUp)
	}
}

// TestOwnPayloadsTyped spot-checks that the hand-written payloads land in
// the typed fields a program reads.
func TestOwnPayloadsTyped(t *testing.T) {
	read := func(rel string, v any) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", "model", rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
	}
	var chat livechat.Chat
	read("chat.json", &chat)
	if len(chat.Users.Agents()) != 1 || chat.Users.Customer() == nil || chat.Users.Customer().Name != "Halina Wrona" {
		t.Errorf("chat users = %#v", chat.Users)
	}
	if _, ok := chat.Users[2].(*livechat.RawUser); !ok {
		t.Errorf("unknown user type decoded to %T, want *RawUser", chat.Users[2])
	}
	if chat.Thread == nil || len(chat.Thread.Events) != 4 {
		t.Fatalf("chat thread = %+v", chat.Thread)
	}
	if m, ok := chat.Thread.Events[0].(*livechat.Message); !ok || m.Text != "Hello, is anyone baking today?" {
		t.Errorf("first event = %#v", chat.Thread.Events[0])
	}
	if f, ok := chat.Thread.Events[1].(*livechat.File); !ok || f.Size != 96 {
		t.Errorf("second event = %#v", chat.Thread.Events[1])
	}
	if _, ok := chat.Thread.Events[3].(*livechat.RawEvent); !ok {
		t.Errorf("unknown event decoded to %T", chat.Thread.Events[3])
	}
	if string(chat.Extra["x_shop_note"]) != `"call before baking"` {
		t.Errorf("chat extra = %v", chat.Extra)
	}

	var form livechat.FilledForm
	read("events/filled_form.json", &form)
	if s, ok := form.Fields[0].AnswerText(); !ok || s != "Halina Wrona" {
		t.Errorf("name answer = %q, %v", s, ok)
	}
	if o, ok := form.Fields[3].AnswerChoice(); !ok || o.GroupID == nil || *o.GroupID != 3 || o.Label != "Old Town" {
		t.Errorf("group_chooser answer = %+v, %v", o, ok)
	}
	if len(form.Fields[4].Answers) != 2 || form.Fields[4].Answers[1].Label != "Vegan" {
		t.Errorf("checkbox answers = %+v", form.Fields[4].Answers)
	}

	var sum livechat.ChatSummary
	read("chatSummary.json", &sum)
	if m, ok := sum.LastEventPerType["message"].Event.(*livechat.Message); !ok || m.Text != "See you at six!" {
		t.Errorf("last message = %#v", sum.LastEventPerType["message"].Event)
	}
	if le := sum.LastEventPerType["system_message"]; le.Event != nil || le.RestrictedAccess == "" {
		t.Errorf("restricted last event = %+v", le)
	}
	if sum.LastThreadSummary == nil || sum.LastThreadSummary.Queue == nil || sum.LastThreadSummary.Queue.Position != 1 {
		t.Errorf("last thread summary = %+v", sum.LastThreadSummary)
	}

	var c livechat.Customer
	read("users/customer.json", &c)
	if c.Visit == nil || c.Visit.Geolocation == nil || c.Visit.Geolocation.City != "Krakow" || len(c.Visit.LastPages) != 2 {
		t.Errorf("customer visit = %+v", c.Visit)
	}
	if lat, err := c.Visit.Geolocation.Latitude.Float64(); err != nil || lat != 50.0614 {
		t.Errorf("latitude = %v, %v", lat, err)
	}
	if c.Statistics == nil || c.Statistics.PageViewsCount != 58 || len(c.SessionFields) != 2 {
		t.Errorf("customer statistics/session fields = %+v %v", c.Statistics, c.SessionFields)
	}
}

// TestOwnPushPayloadsRoundTrip decodes every hand-written push payload
// (testdata/pushes/<push name>.json) with DecodePushPayload and re-encodes
// it to the same JSON value; a name the SDK does not know stays raw JSON.
func TestOwnPushPayloadsRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "pushes", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	known := 0
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			v, err := livechat.DecodePushPayload(name, raw)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			_, isRaw := v.(json.RawMessage)
			if isRaw == slices.Contains(livechat.PushNames(), name) {
				t.Fatalf("%s decoded to %T", name, v)
			}
			if !isRaw {
				known++
				fixtures.CheckTyped(t, name, v)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			sameJSON(t, raw, out)
		})
	}
	if known < 8 {
		t.Errorf("only %d known push payloads under testdata/pushes", known)
	}
}

// TestOwnPushPayloadsTyped checks the typed members of two pushes.
func TestOwnPushPayloadsTyped(t *testing.T) {
	decode := func(name string) any {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join("testdata", "pushes", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		v, err := livechat.DecodePushPayload(name, raw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ev := decode(livechat.PushIncomingEvent).(*livechat.IncomingEventPush)
	if rm, ok := ev.Event.(*livechat.RichMessage); !ok || rm.Elements[0].Buttons[0].PostbackID != "reserve_rye" {
		t.Errorf("incoming_event event = %#v", ev.Event)
	}
	ic := decode(livechat.PushIncomingChat).(*livechat.IncomingChatPush)
	if ic.Chat == nil || ic.Chat.Thread == nil || ic.TransferredFrom == nil || ic.TransferredFrom.AgentIDs[0] != "night-shift@crumbs.test" {
		t.Errorf("incoming_chat = %+v", ic)
	}
	added := decode(livechat.PushUserAddedToChat).(*livechat.UserAddedToChatPush)
	if a, ok := added.User.(*livechat.Agent); !ok || a.Name != "Oven Bot" {
		t.Errorf("user_added_to_chat user = %#v", added.User)
	}
}
