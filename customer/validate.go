package customer

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/livechat-go/livechat"
)

// Documented limits of the Customer Chat API.
const (
	// MaxListChatsLimit is the largest list_chats page (default 10).
	MaxListChatsLimit = 25
	// MaxListThreadsLimit is the largest list_threads page (default 3).
	MaxListThreadsLimit = 100
	// MaxMinEventsCount bounds list_threads min_events_count (1–100).
	MaxMinEventsCount = 100
	// MaxSessionFields is the largest number of session field keys.
	MaxSessionFields = 100
	// MaxMessageBytes bounds the text of a message event (16 KB of UTF-8).
	MaxMessageBytes = 16 * 1024
	// MaxRichElements and MaxRichButtons bound a rich message.
	MaxRichElements = 10
	MaxRichButtons  = 13
	// MaxURLLength bounds URLs sent by this client.
	MaxURLLength = 2048
)

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return livechat.Required(field)
	}
	return nil
}

func oneOf[T ~string](field string, v T, allowed ...T) error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = fmt.Sprintf("%q", string(a))
	}
	return livechat.Invalid(field, fmt.Sprintf("must be one of %s, got %q", strings.Join(names, ", "), string(v)))
}

func inRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return livechat.Invalid(field, fmt.Sprintf("must be between %d and %d, got %d", lo, hi, v))
	}
	return nil
}

func absURL(field, v string) error {
	if err := required(field, v); err != nil {
		return err
	}
	if len(v) > MaxURLLength {
		return livechat.Invalid(field, fmt.Sprintf("must be at most %d characters", MaxURLLength))
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return livechat.Invalid(field, fmt.Sprintf("must be an absolute URL, got %q", v))
	}
	return nil
}

func sessionFields(field string, sf livechat.SessionFields) error {
	n := 0
	for i, m := range sf {
		if len(m) == 0 {
			return livechat.Invalid(fmt.Sprintf("%s[%d]", field, i), "must hold a key and a value")
		}
		for k := range m {
			if k == "" {
				return livechat.Invalid(fmt.Sprintf("%s[%d]", field, i), "has an empty key")
			}
		}
		n += len(m)
	}
	if n > MaxSessionFields {
		return livechat.Invalid(field, fmt.Sprintf("must hold at most %d keys, got %d", MaxSessionFields, n))
	}
	return nil
}

func properties(field string, p livechat.Properties) error {
	if len(p) == 0 {
		return livechat.Required(field)
	}
	for ns, m := range p {
		if ns == "" {
			return livechat.Invalid(field, "has an empty namespace")
		}
		if len(m) == 0 {
			return livechat.Invalid(field+"."+ns, "must name at least one property")
		}
	}
	return nil
}

func propertyNames(field string, p livechat.PropertyNames) error {
	if len(p) == 0 {
		return livechat.Required(field)
	}
	for ns, names := range p {
		if ns == "" {
			return livechat.Invalid(field, "has an empty namespace")
		}
		if len(names) == 0 {
			return livechat.Invalid(field+"."+ns, "must name at least one property")
		}
		for _, n := range names {
			if n == "" {
				return livechat.Invalid(field+"."+ns, "has an empty property name")
			}
		}
	}
	return nil
}

// validateEvent checks what the platform requires of an event sent by a
// customer (protocol.md §3.1).
func validateEvent(field string, ev livechat.Event) error {
	if ev == nil {
		return livechat.Required(field)
	}
	base := ev.Common()
	if base == nil {
		return livechat.Required(field)
	}
	if err := oneOf(field+".visibility", base.Visibility, livechat.VisibilityAll, livechat.VisibilityAgents); err != nil {
		return err
	}
	switch e := ev.(type) {
	case *livechat.Message:
		if e.Text == "" {
			return livechat.Required(field + ".text")
		}
		if len(e.Text) > MaxMessageBytes {
			return livechat.Invalid(field+".text", fmt.Sprintf("must be at most %d bytes, got %d", MaxMessageBytes, len(e.Text)))
		}
		if !utf8.ValidString(e.Text) {
			return livechat.Invalid(field+".text", "must be valid UTF-8")
		}
		if p := e.Postback; p != nil {
			for _, f := range []struct{ n, v string }{{"id", p.ID}, {"thread_id", p.ThreadID}, {"event_id", p.EventID}} {
				if err := required(field+".postback."+f.n, f.v); err != nil {
					return err
				}
			}
			if (p.Type == "") != (p.Value == "") {
				return livechat.Invalid(field+".postback", "type and value must be given together")
			}
		}
	case *livechat.File:
		if err := required(field+".url", e.URL); err != nil {
			return err
		}
	case *livechat.RichMessage:
		if err := required(field+".template_id", e.TemplateID); err != nil {
			return err
		}
		if err := oneOf(field+".template_id", e.TemplateID, "cards", "sticker", "quick_replies"); err != nil {
			return err
		}
		if len(e.Elements) > MaxRichElements {
			return livechat.Invalid(field+".elements", fmt.Sprintf("must hold at most %d elements", MaxRichElements))
		}
		for i, el := range e.Elements {
			if len(el.Buttons) > MaxRichButtons {
				return livechat.Invalid(fmt.Sprintf("%s.elements[%d].buttons", field, i),
					fmt.Sprintf("must hold at most %d buttons", MaxRichButtons))
			}
		}
	case *livechat.RawEvent:
		if e.Type == "" {
			return livechat.Required(field + ".type")
		}
	}
	return nil
}
