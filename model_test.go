package livechat_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/fixtures"
)

// modelFor picks the model type that a fixture file holds, by its path.
func modelFor(path string) (func([]byte) (any, error), bool) {
	dec := func(newV func() any) func([]byte) (any, error) {
		return func(b []byte) (any, error) {
			v := newV()
			err := json.Unmarshal(b, v)
			return v, err
		}
	}
	base := filepath.Base(path)
	switch {
	case strings.Contains(path, "/events/"), base == "systemEventBody.json", base == "systemMessageBody.json":
		return func(b []byte) (any, error) { return livechat.DecodeEvent(b) }, true
	case strings.HasSuffix(path, "users/agent.json"):
		return dec(func() any { return &livechat.Agent{} }), true
	case strings.HasSuffix(path, "users/customer.json"):
		return dec(func() any { return &livechat.Customer{} }), true
	case strings.HasSuffix(path, "users/myProfile.json"):
		return dec(func() any { return &livechat.MyProfile{} }), true
	case base == "thread.json":
		return dec(func() any { return &livechat.Thread{} }), true
	case base == "chat.json":
		return dec(func() any { return &livechat.Chat{} }), true
	case base == "chatSummary.json":
		return dec(func() any { return &livechat.ChatSummary{} }), true
	case base == "access.json":
		return dec(func() any {
			return &struct {
				Access livechat.Access `json:"access"`
			}{}
		}), true
	case base == "properties.json":
		return dec(func() any {
			return &struct {
				Properties livechat.Properties `json:"properties"`
			}{}
		}), true
	case base == "form.json":
		return dec(func() any { return &livechat.Form{} }), true
	case base == "formFields.json":
		return dec(func() any {
			return &struct {
				Fields []livechat.FormField `json:"fields"`
			}{}
		}), true
	case base == "filledFormFields.json":
		return dec(func() any {
			return &struct {
				Fields []livechat.FilledFormField `json:"fields"`
			}{}
		}), true
	}
	return nil, false
}

func sameJSON(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("fixture is not JSON: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("re-encoded value is not JSON: %v\n%s", err, got)
	}
	if !reflect.DeepEqual(w, g) {
		t.Errorf("round trip changed the value\nwant: %s\n got: %s", compact(want), compact(got))
	}
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

func TestFixturesRoundTrip(t *testing.T) {
	dir := fixtures.Dir(t)
	n := 0
	err := filepath.WalkDir(filepath.Join(dir, "messaging"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		decode, ok := modelFor(filepath.ToSlash(path))
		if !ok {
			return nil
		}
		n++
		t.Run(strings.TrimPrefix(path, dir), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			v, err := decode(raw)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if ev, ok := v.(livechat.Event); ok {
				if _, raw := ev.(*livechat.RawEvent); raw {
					t.Errorf("documented event type %q decoded as RawEvent", ev.EventType())
				}
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			sameJSON(t, raw, out)
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Fatalf("only %d fixtures walked; expected the documented model samples", n)
	}
}

func TestUnknownEventKeptRaw(t *testing.T) {
	in := []byte(`{"id":"X_1","type":"hologram","created_at":"2026-01-02T03:04:05.000006Z","beam":{"power":9},"visibility":"all"}`)
	ev, err := livechat.DecodeEvent(in)
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := ev.(*livechat.RawEvent)
	if !ok {
		t.Fatalf("got %T, want *RawEvent", ev)
	}
	if raw.EventType() != "hologram" || raw.ID != "X_1" {
		t.Errorf("common fields lost: %+v", raw.EventBase)
	}
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, in, out)
}

func TestMalformedKnownEventIsError(t *testing.T) {
	for _, in := range []string{
		`{"type":"message","text":5}`,
		`{"type":"file","url":["x"]}`,
		`{"type":"rich_message","elements":"nope"}`,
		`{"text":"no type"}`,
		`[1,2]`,
	} {
		if ev, err := livechat.DecodeEvent([]byte(in)); err == nil {
			t.Errorf("DecodeEvent(%s) = %T, want an error", in, ev)
		}
	}
}

func TestEventSwitchAndTypeOnEncode(t *testing.T) {
	b, err := json.Marshal(&livechat.Message{Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"type":"message","text":"hi"}` {
		t.Errorf("encoded %s", b)
	}
	ev, err := livechat.DecodeEvent(b)
	if err != nil {
		t.Fatal(err)
	}
	switch e := ev.(type) {
	case *livechat.Message:
		if e.Text != "hi" {
			t.Errorf("text = %q", e.Text)
		}
	default:
		t.Errorf("decoded to %T", ev)
	}
}

func TestTypedFieldWinsOverExtra(t *testing.T) {
	var a livechat.Agent
	if err := json.Unmarshal([]byte(`{"id":"a@b.c","type":"agent","present":false,"x":1}`), &a); err != nil {
		t.Fatal(err)
	}
	a.Present = true
	b, _ := json.Marshal(a)
	sameJSON(t, []byte(`{"id":"a@b.c","type":"agent","present":true,"x":1}`), b)
}

func TestErrorsIs(t *testing.T) {
	for _, typ := range livechat.ErrorTypes() {
		e := &livechat.Error{Type: typ, Message: "m", Status: 418}
		wrapped := errors.Join(errors.New("ctx"), e)
		if !errors.Is(wrapped, livechat.NewError(typ, "")) {
			t.Errorf("%s: errors.Is failed", typ)
		}
		if typ != livechat.TypeNotFound && errors.Is(wrapped, livechat.ErrNotFound) {
			t.Errorf("%s matched ErrNotFound", typ)
		}
	}
	if !errors.Is(livechat.Required("chat_id"), livechat.ErrValidation) {
		t.Error("argument error does not match ErrValidation")
	}
}

func TestRetryable(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{&livechat.Error{Type: livechat.TypeTooManyRequests}, true},
		{&livechat.Error{Type: livechat.TypeServiceUnavailable}, true},
		{&livechat.Error{Type: livechat.TypeInternal, Status: 500}, true},
		{&livechat.Error{Type: livechat.TypeValidation, Status: 400}, false},
		{&livechat.Error{Type: livechat.TypeAuthentication, Status: 401}, false},
		{livechat.Required("id"), false},
		{nil, false},
	}
	for _, c := range cases {
		if got := livechat.IsRetryable(c.err); got != c.want {
			t.Errorf("IsRetryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
