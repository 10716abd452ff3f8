package livechat_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
)

func TestValidateEvent(t *testing.T) {
	var nilMsg *livechat.Message
	manyButtons := make([]livechat.RichButton, livechat.MaxRichButtons+1)
	cases := []struct {
		ev    livechat.Event
		field string // "" = valid
	}{
		{&livechat.Message{Text: "hi"}, ""},
		{nil, "event"},
		{nilMsg, "event"},
		{&livechat.Message{}, "event.text"},
		{&livechat.Message{Text: strings.Repeat("x", livechat.MaxTextSize+1)}, "event.text"},
		{&livechat.Message{Text: "\xff"}, "event.text"},
		{&livechat.Message{Text: "hi", EventBase: livechat.EventBase{Visibility: "everyone"}}, "event.visibility"},
		{&livechat.Message{Text: "hi", EventBase: livechat.EventBase{Type: livechat.EventFile}}, "event.type"},
		{&livechat.Message{Text: "hi", Postback: &livechat.Postback{ID: "p", ThreadID: "t"}}, "event.postback.event_id"},
		{&livechat.File{}, "event.url"},
		{&livechat.RichMessage{}, "event.template_id"},
		{&livechat.RichMessage{TemplateID: "carousel"}, "event.template_id"},
		{&livechat.RichMessage{TemplateID: "cards", Elements: make([]livechat.RichElement, 11)}, "event.elements"},
		{&livechat.RichMessage{TemplateID: "cards", Elements: []livechat.RichElement{{Buttons: manyButtons}}}, "event.elements[0].buttons"},
		{&livechat.RichMessage{TemplateID: "cards", Elements: []livechat.RichElement{{Buttons: []livechat.RichButton{{Type: "url", WebviewHeight: "tall"}}}}}, "event.elements[0].buttons[0].webview_height"},
		{&livechat.FilledForm{}, "event.form_id"},
		{&livechat.FilledForm{FormID: "f"}, "event.fields"},
		{&livechat.SystemMessage{}, "event.system_message_type"},
		{&livechat.Custom{}, ""},
	}
	for i, c := range cases {
		err := livechat.ValidateEvent("event", c.ev)
		if c.field == "" {
			if err != nil {
				t.Errorf("%d: unexpected error %v", i, err)
			}
			continue
		}
		var ae *livechat.ArgumentError
		if !errors.As(err, &ae) || ae.Field != c.field {
			t.Errorf("%d: error %v, want one naming %q", i, err, c.field)
		}
		if !errors.Is(err, livechat.ErrValidation) {
			t.Errorf("%d: %v does not match ErrValidation", i, err)
		}
	}
}

func TestStatusMapping(t *testing.T) {
	for _, typ := range livechat.ErrorTypes() {
		st := typ.HTTPStatus()
		if st < 400 || st > 599 {
			t.Errorf("%s → %d", typ, st)
		}
	}
	for typ, want := range map[livechat.ErrorType]int{
		livechat.TypeAuthentication: 401, livechat.TypeAuthorization: 403, livechat.TypeNotFound: 404,
		livechat.TypeValidation: 400, livechat.TypeChatInactive: 400, livechat.TypeTooManyRequests: 429,
		livechat.TypeInternal: 500, livechat.TypeEntityTooLarge: 413,
	} {
		if got := typ.HTTPStatus(); got != want {
			t.Errorf("%s → %d, want %d", typ, got, want)
		}
		// The mapping back from the status gives a type of the same status.
		if back := livechat.TypeForStatus(want); back.HTTPStatus() != want {
			t.Errorf("TypeForStatus(%d) = %s, whose status is %d", want, back, back.HTTPStatus())
		}
	}
	if livechat.TypeForStatus(http.StatusTeapot) != livechat.TypeValidation || livechat.TypeForStatus(502) != livechat.TypeInternal {
		t.Error("fallback mapping")
	}
}
