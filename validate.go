package livechat

import (
	"fmt"
	"reflect"
	"unicode/utf8"
)

// Documented limits of events.
const (
	// MaxTextSize is the largest message text, in bytes of UTF-8 (16 KB).
	MaxTextSize = 16 * 1024
	// MaxRichElements is the largest number of elements of a rich message.
	MaxRichElements = 10
	// MaxRichButtons is the largest number of buttons of a rich-message element.
	MaxRichButtons = 13
)

// ValidateEvent checks an event about to be sent against the documented
// rules (protocol.md §3.1): the required fields of its type, the text
// size, the rich-message limits and enumerations. field is the wire path
// of the event used in the error, e.g. "event" or "chat.thread.events[0]".
// Both the SDK (before sending) and the emulator (on receipt) use it.
func ValidateEvent(field string, ev Event) error {
	if ev == nil {
		return Required(field)
	}
	if v := reflect.ValueOf(ev); v.Kind() == reflect.Pointer && v.IsNil() {
		return Required(field)
	}
	base := ev.Common()
	if base.Type != "" && base.Type != ev.EventType() {
		return Invalid(field+".type", fmt.Sprintf("is %q but the event is a %s", base.Type, ev.EventType()))
	}
	switch base.Visibility {
	case "", VisibilityAll, VisibilityAgents:
	default:
		return Invalid(field+".visibility", fmt.Sprintf("must be \"all\" or \"agents\", got %q", base.Visibility))
	}
	switch e := ev.(type) {
	case *Message:
		if e.Text == "" {
			return Required(field + ".text")
		}
		if len(e.Text) > MaxTextSize {
			return Invalid(field+".text", fmt.Sprintf("is %d bytes, at most %d (16 KB) allowed", len(e.Text), MaxTextSize))
		}
		if !utf8.ValidString(e.Text) {
			return Invalid(field+".text", "must be valid UTF-8")
		}
		if p := e.Postback; p != nil {
			for _, f := range [...]struct{ name, v string }{{"id", p.ID}, {"thread_id", p.ThreadID}, {"event_id", p.EventID}} {
				if f.v == "" {
					return Required(field + ".postback." + f.name)
				}
			}
			if (p.Type == "") != (p.Value == "") {
				return Invalid(field+".postback", "type and value must be given together")
			}
		}
	case *File:
		if e.URL == "" {
			return Required(field + ".url")
		}
	case *RichMessage:
		return validateRich(field, e)
	case *FilledForm:
		if e.FormID == "" {
			return Required(field + ".form_id")
		}
		if len(e.Fields) == 0 {
			return Required(field + ".fields")
		}
	case *FormEvent:
		if e.FormID == "" {
			return Required(field + ".form_id")
		}
		if len(e.Fields) == 0 {
			return Required(field + ".fields")
		}
	case *SystemMessage:
		if e.SystemMessageType == "" {
			return Required(field + ".system_message_type")
		}
	case *RawEvent:
		if e.Type == "" {
			return Required(field + ".type")
		}
	}
	return nil
}

func validateRich(field string, e *RichMessage) error {
	switch e.TemplateID {
	case "":
		return Required(field + ".template_id")
	case "cards", "sticker", "quick_replies":
	default:
		return Invalid(field+".template_id", fmt.Sprintf("must be cards, sticker or quick_replies, got %q", e.TemplateID))
	}
	if n := len(e.Elements); n > MaxRichElements {
		return Invalid(field+".elements", fmt.Sprintf("has %d items, at most %d allowed", n, MaxRichElements))
	}
	for i, el := range e.Elements {
		ef := fmt.Sprintf("%s.elements[%d]", field, i)
		if n := len(el.Buttons); n > MaxRichButtons {
			return Invalid(ef+".buttons", fmt.Sprintf("has %d items, at most %d allowed", n, MaxRichButtons))
		}
		if el.Image != nil && el.Image.URL == "" {
			return Required(ef + ".image.url")
		}
		for j, b := range el.Buttons {
			bf := fmt.Sprintf("%s.buttons[%d]", ef, j)
			switch b.Type {
			case "", "webview", "message", "url", "phone", "cancel":
			default:
				return Invalid(bf+".type", fmt.Sprintf("must be webview, message, url or phone, got %q", b.Type))
			}
			switch b.WebviewHeight {
			case "":
			case "compact", "full", "tall":
				if b.Type != "webview" {
					return Invalid(bf+".webview_height", "is only valid for webview buttons")
				}
			default:
				return Invalid(bf+".webview_height", fmt.Sprintf("must be compact, full or tall, got %q", b.WebviewHeight))
			}
			switch b.Target {
			case "", "new", "current":
			default:
				return Invalid(bf+".target", fmt.Sprintf("must be new or current, got %q", b.Target))
			}
		}
	}
	return nil
}
