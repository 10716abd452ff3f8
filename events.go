package livechat

import (
	"encoding/json"
	"fmt"
)

// EventType names the kind of an event ("message", "file", …).
type EventType string

// Documented event types.
const (
	EventMessage       EventType = "message"
	EventFile          EventType = "file"
	EventRichMessage   EventType = "rich_message"
	EventFilledForm    EventType = "filled_form"
	EventForm          EventType = "form"
	EventCustom        EventType = "custom"
	EventSystemMessage EventType = "system_message"
	EventSystem        EventType = "system" // API 3.6
)

// Visibility says who sees an event or a user: everyone or agents only.
type Visibility string

// Visibility values.
const (
	VisibilityAll    Visibility = "all"
	VisibilityAgents Visibility = "agents"
)

// Event is one of *Message, *File, *RichMessage, *FilledForm, *Form,
// *Custom, *SystemMessage, *System, or *RawEvent for a type this SDK does
// not know. Switch on the concrete type:
//
//	switch e := ev.(type) {
//	case *livechat.Message:
//		fmt.Println(e.Text)
//	case *livechat.RawEvent:
//		fmt.Println("unknown event", e.Type)
//	}
type Event interface {
	// EventType returns the wire type of the event.
	EventType() EventType
	// Common returns the fields every event has.
	Common() *EventBase
}

// EventBase holds the fields common to every event. The server fills ID,
// CreatedAt and AuthorID.
//
// It has no JSON methods of its own: they would be promoted to every event
// type that embeds it. Each event type encodes it, Extra included.
//
//losslessgen:skip
type EventBase struct {
	ID         string     `json:"id,omitempty"`
	CustomID   string     `json:"custom_id,omitempty"`
	Type       EventType  `json:"type"`
	CreatedAt  Timestamp  `json:"created_at,omitempty"`
	AuthorID   string     `json:"author_id,omitempty"`
	Visibility Visibility `json:"visibility,omitempty"`
	Properties Properties `json:"properties,omitempty"`
	Extra      Extra      `json:"-"`
}

// Common returns the event's common fields.
func (b *EventBase) Common() *EventBase { return b }

// Postback links a message to the rich-message button that produced it.
type Postback struct {
	ID       string `json:"id"`
	ThreadID string `json:"thread_id"`
	EventID  string `json:"event_id"`
	Type     string `json:"type,omitempty"`
	Value    string `json:"value,omitempty"`
}

// Message is a text message.
type Message struct {
	EventBase
	Text     string    `json:"text,omitempty"`
	Postback *Postback `json:"postback,omitempty"`
}

// File is an uploaded file; send one with the URL returned by upload_file.
type File struct {
	EventBase
	Name            string `json:"name,omitempty"`
	URL             string `json:"url,omitempty"`
	ContentType     string `json:"content_type,omitempty"`
	ThumbnailURL    string `json:"thumbnail_url,omitempty"`
	Thumbnail2xURL  string `json:"thumbnail2x_url,omitempty"`
	Size            int64  `json:"size,omitempty"`
	Width           int    `json:"width,omitempty"`
	Height          int    `json:"height,omitempty"`
	AlternativeText string `json:"alternative_text,omitempty"`
}

// RichImage is the image of a rich-message element.
type RichImage struct {
	URL             string `json:"url"`
	Name            string `json:"name,omitempty"`
	ContentType     string `json:"content_type,omitempty"`
	Size            int64  `json:"size,omitempty"`
	Width           int    `json:"width,omitempty"`
	Height          int    `json:"height,omitempty"`
	AlternativeText string `json:"alternative_text,omitempty"`
	Extra           Extra  `json:"-"`
}

// RichButton is a button of a rich-message element.
type RichButton struct {
	Text          string   `json:"text,omitempty"`
	Type          string   `json:"type,omitempty"` // webview, message, url, phone
	Value         string   `json:"value,omitempty"`
	WebviewHeight string   `json:"webview_height,omitempty"` // compact, full, tall
	PostbackID    string   `json:"postback_id,omitempty"`
	UserIDs       []string `json:"user_ids,omitempty"` // users who toggled it
	Target        string   `json:"target,omitempty"`   // new, current
	Extra         Extra    `json:"-"`
}

// RichElement is one card of a rich message.
type RichElement struct {
	Title    string       `json:"title,omitempty"`
	Subtitle string       `json:"subtitle,omitempty"`
	Image    *RichImage   `json:"image,omitempty"`
	Buttons  []RichButton `json:"buttons,omitempty"`
	Extra    Extra        `json:"-"`
}

// RichMessage is a message of cards, a sticker or quick replies.
type RichMessage struct {
	EventBase
	TemplateID string        `json:"template_id,omitempty"` // cards, sticker, quick_replies
	Elements   []RichElement `json:"elements,omitempty"`
}

// FormOption is a choice of a form field.
type FormOption struct {
	ID      NumberOrString `json:"id"`
	GroupID *int           `json:"group_id,omitempty"`
	Label   string         `json:"label,omitempty"`
	Extra   Extra          `json:"-"`
}

// FormField is a field of a form (prechat, postchat, …).
type FormField struct {
	Type     string       `json:"type"`
	ID       string       `json:"id"`
	Label    string       `json:"label,omitempty"`
	Required bool         `json:"required,omitempty"`
	Options  []FormOption `json:"options,omitempty"`
	Extra    Extra        `json:"-"`
}

// Form is a form definition, as get_form answers it.
type Form struct {
	ID     string      `json:"id"`
	Fields []FormField `json:"fields"`
	Extra  Extra       `json:"-"`
}

// FilledFormField is an answered form field. Simple fields (name, email,
// question, …) carry Answer as a JSON string; choice fields (radio, select,
// group_chooser) carry Answer as an object; checkbox carries Answers.
type FilledFormField struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	Label   string          `json:"label,omitempty"`
	Answer  json.RawMessage `json:"answer,omitempty"`
	Answers []FormOption    `json:"answers,omitempty"`
	Extra   Extra           `json:"-"`
}

// AnswerText returns the answer of a simple field, and false when the
// answer is not a string.
func (x FilledFormField) AnswerText() (string, bool) {
	var s string
	if err := json.Unmarshal(x.Answer, &s); err != nil {
		return "", false
	}
	return s, true
}

// AnswerChoice returns the answer of a choice field, and false when the
// answer is not an object.
func (x FilledFormField) AnswerChoice() (FormOption, bool) {
	var o FormOption
	if len(x.Answer) == 0 || x.Answer[0] != '{' {
		return o, false
	}
	if err := json.Unmarshal(x.Answer, &o); err != nil {
		return FormOption{}, false
	}
	return o, true
}

// FilledForm is a form a customer filled in.
type FilledForm struct {
	EventBase
	FormID   string            `json:"form_id,omitempty"`
	FormType string            `json:"form_type,omitempty"`
	Fields   []FilledFormField `json:"fields,omitempty"`
}

// FormEvent is a form sent into a chat (form_id + fields).
type FormEvent struct {
	EventBase
	FormID   string      `json:"form_id,omitempty"`
	FormType string      `json:"form_type,omitempty"`
	Fields   []FormField `json:"fields,omitempty"`
}

// Custom is an event with any JSON content.
type Custom struct {
	EventBase
	Content json.RawMessage `json:"content,omitempty"`
}

// SystemMessage is a message of the platform (routing, transfers, …).
type SystemMessage struct {
	EventBase
	SystemMessageType string            `json:"system_message_type,omitempty"`
	Text              string            `json:"text,omitempty"`
	TextVars          map[string]string `json:"text_vars,omitempty"`
}

// System is a structured system event (API 3.6): an order created, a
// skill started, …; Details is a JSON document encoded as a string.
type System struct {
	EventBase
	Source  string `json:"source,omitempty"`
	Subtype string `json:"subtype,omitempty"`
	Version int    `json:"version,omitempty"`
	Details string `json:"details,omitempty"`
}

// RawEvent is an event of a type this SDK does not model. Its common
// fields are decoded and everything else is kept in Extra.
//
// A RawEvent also stands for an event of a list (Events, a chat summary's
// last events, a push) that could not be decoded, so that one bad event
// never fails a whole answer: then Err is an *ItemError. For a malformed
// event (a known type with members of the wrong type, a non-object) the
// common fields are read where possible, Extra holds every member as sent
// and encoding writes the original bytes back; for an event with members
// nested deeper than MaxNesting, the other members are decoded and the
// dropped ones are named in the ItemError.
type RawEvent struct {
	EventBase
	// Err is nil for an event of an unknown type, and the *ItemError of an
	// undecodable one.
	Err error `json:"-"`

	raw json.RawMessage // the malformed event as received
}

// EventType implements Event.
func (*Message) EventType() EventType { return EventMessage }

// EventType implements Event.
func (*File) EventType() EventType { return EventFile }

// EventType implements Event.
func (*RichMessage) EventType() EventType { return EventRichMessage }

// EventType implements Event.
func (*FilledForm) EventType() EventType { return EventFilledForm }

// EventType implements Event.
func (*FormEvent) EventType() EventType { return EventForm }

// EventType implements Event.
func (*Custom) EventType() EventType { return EventCustom }

// EventType implements Event.
func (*SystemMessage) EventType() EventType { return EventSystemMessage }

// EventType implements Event.
func (*System) EventType() EventType { return EventSystem }

// EventType implements Event: the type found on the wire.
func (e *RawEvent) EventType() EventType { return e.Type }

func marshalEvent[T any](v *T, base *EventBase, t EventType) ([]byte, error) {
	if base.Type == "" {
		base.Type = t
	}
	return encodeObject(v, base.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e Message) MarshalJSON() ([]byte, error) {
	type plain Message
	return marshalEvent((*plain)(&e), &e.EventBase, EventMessage)
}

// UnmarshalJSON decodes losslessly.
func (e *Message) UnmarshalJSON(b []byte) error {
	type plain Message
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e File) MarshalJSON() ([]byte, error) {
	type plain File
	return marshalEvent((*plain)(&e), &e.EventBase, EventFile)
}

// UnmarshalJSON decodes losslessly.
func (e *File) UnmarshalJSON(b []byte) error {
	type plain File
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e RichMessage) MarshalJSON() ([]byte, error) {
	type plain RichMessage
	return marshalEvent((*plain)(&e), &e.EventBase, EventRichMessage)
}

// UnmarshalJSON decodes losslessly.
func (e *RichMessage) UnmarshalJSON(b []byte) error {
	type plain RichMessage
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e FilledForm) MarshalJSON() ([]byte, error) {
	type plain FilledForm
	return marshalEvent((*plain)(&e), &e.EventBase, EventFilledForm)
}

// UnmarshalJSON decodes losslessly.
func (e *FilledForm) UnmarshalJSON(b []byte) error {
	type plain FilledForm
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e FormEvent) MarshalJSON() ([]byte, error) {
	type plain FormEvent
	return marshalEvent((*plain)(&e), &e.EventBase, EventForm)
}

// UnmarshalJSON decodes losslessly.
func (e *FormEvent) UnmarshalJSON(b []byte) error {
	type plain FormEvent
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e Custom) MarshalJSON() ([]byte, error) {
	type plain Custom
	return marshalEvent((*plain)(&e), &e.EventBase, EventCustom)
}

// UnmarshalJSON decodes losslessly.
func (e *Custom) UnmarshalJSON(b []byte) error {
	type plain Custom
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e SystemMessage) MarshalJSON() ([]byte, error) {
	type plain SystemMessage
	return marshalEvent((*plain)(&e), &e.EventBase, EventSystemMessage)
}

// UnmarshalJSON decodes losslessly.
func (e *SystemMessage) UnmarshalJSON(b []byte) error {
	type plain SystemMessage
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly, with "type" set.
func (e System) MarshalJSON() ([]byte, error) {
	type plain System
	return marshalEvent((*plain)(&e), &e.EventBase, EventSystem)
}

// UnmarshalJSON decodes losslessly.
func (e *System) UnmarshalJSON(b []byte) error {
	type plain System
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// MarshalJSON encodes losslessly; a malformed event is written back as
// it was received.
func (e RawEvent) MarshalJSON() ([]byte, error) {
	if e.raw != nil {
		return e.raw, nil
	}
	type plain RawEvent
	return encodeObject((*plain)(&e), e.Extra)
}

// UnmarshalJSON decodes losslessly.
func (e *RawEvent) UnmarshalJSON(b []byte) error {
	type plain RawEvent
	return decodeObject(b, (*plain)(e), &e.Extra)
}

// NewEvent returns an empty event of the concrete type for t, or a
// *RawEvent for a type this SDK does not know.
func NewEvent(t EventType) Event {
	switch t {
	case EventMessage:
		return &Message{}
	case EventFile:
		return &File{}
	case EventRichMessage:
		return &RichMessage{}
	case EventFilledForm:
		return &FilledForm{}
	case EventForm:
		return &FormEvent{}
	case EventCustom:
		return &Custom{}
	case EventSystemMessage:
		return &SystemMessage{}
	case EventSystem:
		return &System{}
	}
	return &RawEvent{EventBase: EventBase{Type: t}}
}

// DecodeEvent decodes one event to its concrete type. An unknown type
// gives a *RawEvent; a known type with malformed members is an error. An
// event whose too-deep members UnmarshalLenient left out gives a *RawEvent
// with Err set.
//
// Lists of events (Events, LastEvent, the pushes) never fail on one event:
// they use DecodeEventLenient.
func DecodeEvent(data []byte) (Event, error) {
	var head struct {
		Type      *EventType      `json:"type"`
		Undecoded json.RawMessage `json:"__livechat_undecodable__"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("livechat: decode event: %w", err)
	}
	if head.Type == nil {
		return nil, fmt.Errorf("livechat: decode event: missing type")
	}
	if head.Undecoded != nil {
		e := &RawEvent{}
		type plain RawEvent
		if err := decodeObject(data, (*plain)(e), &e.Extra); err != nil {
			return nil, fmt.Errorf("livechat: decode %s event: %w", *head.Type, err)
		}
		ie := e.Extra.ItemError()
		ie.Kind, ie.Type = "event", string(*head.Type)
		e.Err = ie
		return e, nil
	}
	ev := NewEvent(*head.Type)
	if err := json.Unmarshal(data, ev); err != nil {
		return nil, fmt.Errorf("livechat: decode %s event: %w", *head.Type, err)
	}
	return ev, nil
}

// DecodeEventLenient decodes one event like DecodeEvent, but never fails:
// an event DecodeEvent cannot decode becomes a *RawEvent whose Err is an
// *ItemError holding the cause, whose common fields are read where
// possible, whose Extra holds every member as sent, and which encodes back
// to data.
func DecodeEventLenient(data []byte) Event {
	ev, err := DecodeEvent(data)
	if err == nil {
		return ev
	}
	e := &RawEvent{raw: append(json.RawMessage(nil), data...)}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) == nil {
		b := &e.EventBase
		_ = json.Unmarshal(m["type"], &b.Type)
		_ = json.Unmarshal(m["id"], &b.ID)
		_ = json.Unmarshal(m["custom_id"], &b.CustomID)
		_ = json.Unmarshal(m["created_at"], &b.CreatedAt)
		_ = json.Unmarshal(m["author_id"], &b.AuthorID)
		_ = json.Unmarshal(m["visibility"], &b.Visibility)
		b.Extra = m
	}
	e.Err = &ItemError{Kind: "event", Type: string(e.Type), Err: err}
	return e
}

// Events is a list of events that decodes each one to its concrete type.
// One event that cannot be decoded does not fail the list: it becomes a
// *RawEvent with Err set (see DecodeEventLenient).
type Events []Event

// UnmarshalJSON decodes every event with DecodeEventLenient.
func (es *Events) UnmarshalJSON(b []byte) error {
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return err
	}
	if raws == nil {
		*es = nil
		return nil
	}
	out := make(Events, len(raws))
	for i, r := range raws {
		out[i] = DecodeEventLenient(r)
	}
	*es = out
	return nil
}
