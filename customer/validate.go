package customer

import (
	"fmt"
	"net/url"

	"github.com/livechat-go/livechat/internal/check"
	"github.com/livechat-go/livechat/internal/redact"

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
	MaxMessageBytes = livechat.MaxTextSize
	// MaxRichElements and MaxRichButtons bound a rich message.
	MaxRichElements = livechat.MaxRichElements
	MaxRichButtons  = livechat.MaxRichButtons
	// MaxURLLength bounds URLs sent by this client.
	MaxURLLength = 2048
)

func inRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return livechat.Invalid(field, fmt.Sprintf("must be between %d and %d, got %d", lo, hi, v))
	}
	return nil
}

func absURL(field, v string) error {
	if err := check.Required(field, v); err != nil {
		return err
	}
	if len(v) > MaxURLLength {
		return livechat.Invalid(field, fmt.Sprintf("must be at most %d characters", MaxURLLength))
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return livechat.Invalid(field, fmt.Sprintf("must be an absolute URL, got %q", redact.URL(v)))
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
