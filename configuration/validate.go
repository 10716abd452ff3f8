package configuration

import (
	"fmt"
	"regexp"

	"github.com/livechat-go/livechat/internal/check"

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

func nonNegative(field string, v int) error {
	if v < 0 {
		return livechat.Invalid(field, fmt.Sprintf("must not be negative, got %d", v))
	}
	return nil
}

func eachOneOf[T ~string](field string, vs []T, allowed ...T) error {
	for i, v := range vs {
		if err := check.RequiredOneOf(fmt.Sprintf("%s[%d]", field, i), v, allowed...); err != nil {
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

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
