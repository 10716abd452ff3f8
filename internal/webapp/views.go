package webapp

import (
	"encoding/json"

	"github.com/livechat-go/livechat"
)

// UserView is a chat member as the pages show it.
type UserView struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"` // agent, customer or other
	Email  string `json:"email,omitempty"`
	Avatar string `json:"avatar,omitempty"`
}

// Users maps user ids to their views.
type Users map[string]UserView

// UsersOf indexes the members of a chat.
func UsersOf(us livechat.Users) Users {
	out := Users{}
	for _, u := range us {
		v := UserView{ID: u.UserID(), Kind: "other"}
		switch x := u.(type) {
		case *livechat.Agent:
			v.Kind, v.Name, v.Email, v.Avatar = "agent", x.Name, x.Email, x.Avatar
		case *livechat.Customer:
			v.Kind, v.Name, v.Email, v.Avatar = "customer", x.Name, x.Email, x.Avatar
		}
		if v.Name == "" {
			v.Name = v.ID
			if v.Kind == "customer" {
				v.Name = "Customer"
			}
		}
		out[v.ID] = v
	}
	return out
}

// RichView is one card of a rich message.
type RichView struct {
	Title    string   `json:"title,omitempty"`
	Subtitle string   `json:"subtitle,omitempty"`
	Buttons  []string `json:"buttons,omitempty"`
}

// FieldView is one answered field of a filled form.
type FieldView struct {
	Label  string `json:"label"`
	Answer string `json:"answer"`
}

// EventView is an event as the pages render it. Every string is shown as
// text (textContent), never as HTML.
type EventView struct {
	ID         string          `json:"id"`
	CustomID   string          `json:"custom_id,omitempty"`
	Type       string          `json:"type"`
	CreatedAt  string          `json:"created_at,omitempty"`
	AuthorID   string          `json:"author_id,omitempty"`
	AuthorName string          `json:"author_name,omitempty"`
	AuthorKind string          `json:"author_kind,omitempty"` // agent, customer, system or other
	Text       string          `json:"text,omitempty"`
	URL        string          `json:"url,omitempty"`
	Name       string          `json:"name,omitempty"`
	Elements   []RichView      `json:"elements,omitempty"`
	Fields     []FieldView     `json:"fields,omitempty"`
	Raw        json.RawMessage `json:"raw,omitempty"`
}

// ViewEvent converts an SDK event; users names its author.
func ViewEvent(ev livechat.Event, users Users) EventView {
	c := ev.Common()
	v := EventView{ID: c.ID, CustomID: c.CustomID, Type: string(ev.EventType()), CreatedAt: string(c.CreatedAt), AuthorID: c.AuthorID}
	if u, ok := users[c.AuthorID]; ok {
		v.AuthorName, v.AuthorKind = u.Name, u.Kind
	} else if c.AuthorID != "" {
		v.AuthorName, v.AuthorKind = c.AuthorID, "other"
	}
	switch e := ev.(type) {
	case *livechat.Message:
		v.Text = e.Text
	case *livechat.SystemMessage:
		v.Text, v.AuthorKind = e.Text, "system"
	case *livechat.File:
		v.URL, v.Name = e.URL, e.Name
		if v.Name == "" {
			v.Name = e.URL
		}
	case *livechat.RichMessage:
		for _, el := range e.Elements {
			rv := RichView{Title: el.Title, Subtitle: el.Subtitle}
			for _, b := range el.Buttons {
				rv.Buttons = append(rv.Buttons, b.Text)
			}
			v.Elements = append(v.Elements, rv)
		}
	case *livechat.FilledForm:
		for _, f := range e.Fields {
			fv := FieldView{Label: f.Label}
			if fv.Label == "" {
				fv.Label = f.ID
			}
			if s, ok := f.AnswerText(); ok {
				fv.Answer = s
			} else if o, ok := f.AnswerChoice(); ok {
				fv.Answer = o.Label
			} else {
				var labels []byte
				for i, o := range f.Answers {
					if i > 0 {
						labels = append(labels, ", "...)
					}
					labels = append(labels, o.Label...)
				}
				fv.Answer = string(labels)
			}
			v.Fields = append(v.Fields, fv)
		}
	default:
		raw, err := json.Marshal(ev)
		if err == nil {
			v.Raw = raw
		}
	}
	return v
}

// ViewEvents converts a thread's events.
func ViewEvents(evs livechat.Events, users Users) []EventView {
	out := make([]EventView, 0, len(evs))
	for _, ev := range evs {
		out = append(out, ViewEvent(ev, users))
	}
	return out
}
