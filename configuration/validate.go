package configuration

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/livechat-go/livechat"
)

// Documented limits of the Configuration API.
const (
	// MaxAgentChats is the largest max_chats_count of an agent.
	MaxAgentChats = 20
	// MaxBotChats is the largest max_chats_count of a bot.
	MaxBotChats = 500
	// MaxGroupNameLength is the longest group name, in characters.
	MaxGroupNameLength = 180
	// MaxWebhookURLLength is the longest webhook URL, in characters.
	MaxWebhookURLLength = 500
	// MaxGreetingRules and MaxFunnelURLs bound a greeting's rules.
	MaxGreetingRules = 10
	MaxFunnelURLs    = 10
	// MaxListGreetingsLimit is the largest list_greetings page.
	MaxListGreetingsLimit = 100
)

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return livechat.Required(field)
	}
	return nil
}

func nonNegative(field string, v int) error {
	if v < 0 {
		return livechat.Invalid(field, fmt.Sprintf("must not be negative, got %d", v))
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

func requiredOneOf[T ~string](field string, v T, allowed ...T) error {
	if v == "" {
		return livechat.Required(field)
	}
	return oneOf(field, v, allowed...)
}

func eachOneOf[T ~string](field string, vs []T, allowed ...T) error {
	for i, v := range vs {
		if err := requiredOneOf(fmt.Sprintf("%s[%d]", field, i), v, allowed...); err != nil {
			return err
		}
	}
	return nil
}

func maxCount(field string, v, hi int) error {
	if v < 0 || v > hi {
		return livechat.Invalid(field, fmt.Sprintf("must be between 1 and %d (0 leaves the default), got %d", hi, v))
	}
	return nil
}

func maxChars(field, v string, n int) error {
	if c := utf8.RuneCountInString(v); c > n {
		return livechat.Invalid(field, fmt.Sprintf("must be at most %d characters, got %d", n, c))
	}
	return nil
}

func httpURL(field, v string, maxLen int) error {
	if err := required(field, v); err != nil {
		return err
	}
	if err := maxChars(field, v, maxLen); err != nil {
		return err
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return livechat.Invalid(field, fmt.Sprintf("must be an absolute http(s) URL, got %q", v))
	}
	return nil
}

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
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
	}
	return nil
}
