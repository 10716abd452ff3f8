package agent

import (
	"fmt"
	"reflect"
	"time"

	"github.com/livechat-go/livechat"
)

// Documented limits checked before a request is sent.
const (
	// MaxLimit is the largest page size of the list_* actions.
	MaxLimit = 100
	// MaxGroupIDs is the largest filters.group_ids of list_chats and list_archives.
	MaxGroupIDs = 200
	// MaxThreadIDs is the largest filters.thread_ids of list_archives.
	MaxThreadIDs = 20
	// MaxChatGroupIDs is the largest filters.chat_group_ids of list_customers.
	MaxChatGroupIDs = 40
	// MaxTextSize is the largest message text, in bytes of UTF-8 (16 KB).
	MaxTextSize = 16 * 1024
	// MaxRichElements is the largest number of elements of a rich message.
	MaxRichElements = 10
	// MaxRichButtons is the largest number of buttons of a rich-message element.
	MaxRichButtons = 13
	// MaxChatAgents is the number of agents besides the requester that
	// start_chat and resume_chat accept in chat.users.
	MaxChatAgents = 4
	// MaxMinEventsCount is the largest min_events_count of list_threads.
	MaxMinEventsCount = 100
)

// SortOrder orders paged results: SortAsc (oldest first) or SortDesc
// (newest first, the default).
type SortOrder string

// Sort orders.
const (
	SortAsc  SortOrder = "asc"
	SortDesc SortOrder = "desc"
)

func required(field, value string) error {
	if value == "" {
		return livechat.Required(field)
	}
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkLimit(field string, n, max int) error {
	if n != 0 && (n < 1 || n > max) {
		return livechat.Invalid(field, fmt.Sprintf("must be between 1 and %d, got %d", max, n))
	}
	return nil
}

func checkSortOrder(field string, s SortOrder) error {
	switch s {
	case "", SortAsc, SortDesc:
		return nil
	}
	return livechat.Invalid(field, fmt.Sprintf("must be \"asc\" or \"desc\", got %q", s))
}

func checkMaxLen(field string, n, max int) error {
	if n > max {
		return livechat.Invalid(field, fmt.Sprintf("has %d items, at most %d allowed", n, max))
	}
	return nil
}

// checkPaging enforces that page_id is sent alone: the API refuses
// filters, limit or sort_order together with page_id.
func checkPaging(pageID string, hasFilters bool, limit int, order SortOrder) error {
	if pageID == "" {
		return nil
	}
	if hasFilters || limit != 0 || order != "" {
		return livechat.Invalid("page_id", "cannot be combined with filters, limit or sort_order (they are remembered from the first page)")
	}
	return nil
}

func checkTimestamp(field string, ts livechat.Timestamp) error {
	if ts == "" {
		return nil
	}
	if _, err := time.Parse(time.RFC3339Nano, string(ts)); err != nil {
		return livechat.Invalid(field, fmt.Sprintf("must be an RFC 3339 date-time, got %q", ts))
	}
	return nil
}

func checkVisibility(field string, v livechat.Visibility) error {
	switch v {
	case "", livechat.VisibilityAll, livechat.VisibilityAgents:
		return nil
	}
	return livechat.Invalid(field, fmt.Sprintf("must be \"all\" or \"agents\", got %q", v))
}

// isUUIDv4 reports whether s is a UUID of version 4 (8-4-4-4-12 hex digits,
// version nibble 4, variant 8–b).
func isUUIDv4(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
			continue
		}
		if !isHex(c) {
			return false
		}
	}
	if s[14] != '4' {
		return false
	}
	switch s[19] {
	case '8', '9', 'a', 'b', 'A', 'B':
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// validateEvent checks an event about to be sent. field is the wire path
// of the event, e.g. "event" or "chat.thread.events[0]".
func validateEvent(field string, ev livechat.Event) error {
	if ev == nil {
		return livechat.Required(field)
	}
	if v := reflect.ValueOf(ev); v.Kind() == reflect.Pointer && v.IsNil() {
		return livechat.Required(field)
	}
	base := ev.Common()
	if base == nil {
		return livechat.Required(field)
	}
	if base.Type != "" && base.Type != ev.EventType() {
		return livechat.Invalid(field+".type", fmt.Sprintf("is %q but the event is a %s", base.Type, ev.EventType()))
	}
	if err := checkVisibility(field+".visibility", base.Visibility); err != nil {
		return err
	}
	switch e := ev.(type) {
	case *livechat.Message:
		if e == nil {
			return livechat.Required(field)
		}
		if e.Text == "" {
			return livechat.Required(field + ".text")
		}
		if len(e.Text) > MaxTextSize {
			return livechat.Invalid(field+".text", fmt.Sprintf("is %d bytes, at most %d (16 KB) allowed", len(e.Text), MaxTextSize))
		}
		if p := e.Postback; p != nil {
			if err := firstErr(required(field+".postback.id", p.ID),
				required(field+".postback.thread_id", p.ThreadID),
				required(field+".postback.event_id", p.EventID)); err != nil {
				return err
			}
			if (p.Type == "") != (p.Value == "") {
				return livechat.Invalid(field+".postback", "type and value must be given together")
			}
		}
	case *livechat.File:
		if e == nil {
			return livechat.Required(field)
		}
		if e.URL == "" {
			return livechat.Required(field + ".url")
		}
	case *livechat.RichMessage:
		if e == nil {
			return livechat.Required(field)
		}
		switch e.TemplateID {
		case "":
			return livechat.Required(field + ".template_id")
		case "cards", "sticker", "quick_replies":
		default:
			return livechat.Invalid(field+".template_id", fmt.Sprintf("must be cards, sticker or quick_replies, got %q", e.TemplateID))
		}
		if err := checkMaxLen(field+".elements", len(e.Elements), MaxRichElements); err != nil {
			return err
		}
		for i, el := range e.Elements {
			ef := fmt.Sprintf("%s.elements[%d]", field, i)
			if err := checkMaxLen(ef+".buttons", len(el.Buttons), MaxRichButtons); err != nil {
				return err
			}
			if el.Image != nil && el.Image.URL == "" {
				return livechat.Required(ef + ".image.url")
			}
			for j, b := range el.Buttons {
				bf := fmt.Sprintf("%s.buttons[%d]", ef, j)
				switch b.Type {
				case "", "webview", "message", "url", "phone", "cancel":
				default:
					return livechat.Invalid(bf+".type", fmt.Sprintf("must be webview, message, url or phone, got %q", b.Type))
				}
				if b.WebviewHeight != "" && b.Type != "webview" {
					return livechat.Invalid(bf+".webview_height", "is only valid for webview buttons")
				}
				switch b.WebviewHeight {
				case "", "compact", "full", "tall":
				default:
					return livechat.Invalid(bf+".webview_height", fmt.Sprintf("must be compact, full or tall, got %q", b.WebviewHeight))
				}
				switch b.Target {
				case "", "new", "current":
				default:
					return livechat.Invalid(bf+".target", fmt.Sprintf("must be new or current, got %q", b.Target))
				}
			}
		}
	case *livechat.FilledForm:
		if e == nil {
			return livechat.Required(field)
		}
		if e.FormID == "" {
			return livechat.Required(field + ".form_id")
		}
		if len(e.Fields) == 0 {
			return livechat.Required(field + ".fields")
		}
	case *livechat.FormEvent:
		if e == nil {
			return livechat.Required(field)
		}
		if e.FormID == "" {
			return livechat.Required(field + ".form_id")
		}
		if len(e.Fields) == 0 {
			return livechat.Required(field + ".fields")
		}
	case *livechat.SystemMessage:
		if e == nil {
			return livechat.Required(field)
		}
		if e.SystemMessageType == "" {
			return livechat.Required(field + ".system_message_type")
		}
	case *livechat.RawEvent:
		if e == nil {
			return livechat.Required(field)
		}
		if e.Type == "" {
			return livechat.Required(field + ".type")
		}
	}
	return nil
}
