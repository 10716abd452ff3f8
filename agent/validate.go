package agent

import (
	"fmt"

	"github.com/livechat-go/livechat/internal/check"

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
	MaxTextSize = livechat.MaxTextSize
	// MaxRichElements is the largest number of elements of a rich message.
	MaxRichElements = livechat.MaxRichElements
	// MaxRichButtons is the largest number of buttons of a rich-message element.
	MaxRichButtons = livechat.MaxRichButtons
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

var (
	required        = check.Required
	firstErr        = check.FirstErr
	checkMaxLen     = check.MaxItems
	checkTimestamp  = check.Timestamp
	checkVisibility = check.Visibility
	isUUIDv4        = check.UUIDv4
	validateEvent   = livechat.ValidateEvent
)
