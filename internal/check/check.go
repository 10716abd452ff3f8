// Package check holds the argument checks shared by the typed clients.
// Every failure is a *livechat.ArgumentError naming the wire field.
package check

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
)

// Required fails when v is empty or blank.
func Required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return livechat.Required(field)
	}
	return nil
}

// OneOf fails when v is set and not one of allowed.
func OneOf[T ~string](field string, v T, allowed ...T) error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = fmt.Sprintf("%q", string(a))
	}
	return livechat.Invalid(field, fmt.Sprintf("must be one of %s, got %q", strings.Join(names, ", "), string(v)))
}

// RequiredOneOf fails when v is empty or not one of allowed.
func RequiredOneOf[T ~string](field string, v T, allowed ...T) error {
	if v == "" {
		return livechat.Required(field)
	}
	return OneOf(field, v, allowed...)
}

// FirstErr returns the first non-nil error.
func FirstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// MaxItems fails when a list holds more than max items.
func MaxItems(field string, n, max int) error {
	if n > max {
		return livechat.Invalid(field, fmt.Sprintf("has %d items, at most %d allowed", n, max))
	}
	return nil
}

// MaxChars fails when v is longer than n characters.
func MaxChars(field, v string, n int) error {
	if c := utf8.RuneCountInString(v); c > n {
		return livechat.Invalid(field, fmt.Sprintf("must be at most %d characters, got %d", n, c))
	}
	return nil
}

// HTTPURL fails unless v is an absolute http(s) URL of at most maxLen
// characters (maxLen ≤ 0: any length). The error shows v redacted.
func HTTPURL(field, v string, maxLen int) error {
	if err := Required(field, v); err != nil {
		return err
	}
	if maxLen > 0 {
		if err := MaxChars(field, v, maxLen); err != nil {
			return err
		}
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return livechat.Invalid(field, fmt.Sprintf("must be an absolute http(s) URL, got %q", redact.URL(v)))
	}
	return nil
}

// Visibility fails unless v is empty, "all" or "agents".
func Visibility(field string, v livechat.Visibility) error {
	return OneOf(field, v, livechat.VisibilityAll, livechat.VisibilityAgents)
}

// Timestamp fails unless ts is empty or an RFC 3339 date-time.
func Timestamp(field string, ts livechat.Timestamp) error {
	if ts == "" {
		return nil
	}
	if _, err := time.Parse(time.RFC3339Nano, string(ts)); err != nil {
		return livechat.Invalid(field, fmt.Sprintf("must be an RFC 3339 date-time, got %q", ts))
	}
	return nil
}

// Properties fails unless p names at least one property in non-empty namespaces.
func Properties(field string, p livechat.Properties) error {
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

// PropertyNames fails unless p names at least one property to delete.
func PropertyNames(field string, p livechat.PropertyNames) error {
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

// UUIDv4 reports whether s is a version-4 UUID (8-4-4-4-12 hex digits,
// version nibble 4, variant 8–b).
func UUIDv4(s string) bool {
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
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
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
