package livechat

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrorType is the documented machine-readable kind of a platform error,
// the "type" member of the error envelope
// {"error":{"type":…,"message":…,"data":…}}.
type ErrorType string

// Error types of the LiveChat platform (protocol.md §8). Each has a matching
// sentinel (ErrAuthentication, ErrNotFound, …) usable with errors.Is.
const (
	TypeAuthentication              ErrorType = "authentication"
	TypeAuthorization               ErrorType = "authorization"
	TypeMissingAccess               ErrorType = "missing_access"
	TypeNotAllowed                  ErrorType = "not_allowed"
	TypeValidation                  ErrorType = "validation"
	TypeNotFound                    ErrorType = "not_found"
	TypeGroupNotFound               ErrorType = "group_not_found"
	TypeGreetingNotFound            ErrorType = "greeting_not_found"
	TypeLicenseNotFound             ErrorType = "license_not_found"
	TypeAlreadyExists               ErrorType = "already_exists"
	TypeChatInactive                ErrorType = "chat_inactive"
	TypeChatAnonymized              ErrorType = "chat_anonymized"
	TypeAgentOffline                ErrorType = "agent_offline"
	TypeGroupOffline                ErrorType = "group_offline"
	TypeGroupUnavailable            ErrorType = "group_unavailable"
	TypeGroupsOffline               ErrorType = "groups_offline"
	TypeCustomerBanned              ErrorType = "customer_banned"
	TypeLimitReached                ErrorType = "limit_reached"
	TypeUsersLimitReached           ErrorType = "users_limit_reached"
	TypeSeatsLimitExceeded          ErrorType = "seats_limit_exceeded"
	TypeRequesterAlreadyOffline     ErrorType = "requester_already_offline"
	TypeRequesterAwaitingApproval   ErrorType = "requester_awaiting_approval"
	TypeRequesterSuspended          ErrorType = "requester_suspended"
	TypeLicenseExpired              ErrorType = "license_expired"
	TypeWrongProductVersion         ErrorType = "wrong_product_version"
	TypeEntityTooLarge              ErrorType = "entity_too_large"
	TypeTooManyRequests             ErrorType = "too_many_requests"
	TypePendingRequestsLimitReached ErrorType = "pending_requests_limit_reached"
	TypeMisdirectedRequest          ErrorType = "misdirected_request"
	TypeUnsupportedVersion          ErrorType = "unsupported_version"
	TypeRequestTimeout              ErrorType = "request_timeout"
	TypeServiceUnavailable          ErrorType = "service_unavailable"
	TypeInternal                    ErrorType = "internal"
	TypeOwnershipTransfer           ErrorType = "ownership_transfer"
	TypeTransferOwnership           ErrorType = "transfer_ownership"
)

// Sentinel errors, one per documented error type. They match any *Error of
// the same Type under errors.Is:
//
//	if errors.Is(err, livechat.ErrNotFound) { … }
var (
	ErrAuthentication              = &Error{Type: TypeAuthentication, Message: "Authentication error"}
	ErrAuthorization               = &Error{Type: TypeAuthorization, Message: "Authorization error"}
	ErrMissingAccess               = &Error{Type: TypeMissingAccess, Message: "Missing access"}
	ErrNotAllowed                  = &Error{Type: TypeNotAllowed, Message: "Not allowed"}
	ErrValidation                  = &Error{Type: TypeValidation, Message: "Wrong format of request"}
	ErrNotFound                    = &Error{Type: TypeNotFound, Message: "Not found"}
	ErrGroupNotFound               = &Error{Type: TypeGroupNotFound, Message: "Group not found"}
	ErrGreetingNotFound            = &Error{Type: TypeGreetingNotFound, Message: "Greeting not found"}
	ErrLicenseNotFound             = &Error{Type: TypeLicenseNotFound, Message: "License not found"}
	ErrAlreadyExists               = &Error{Type: TypeAlreadyExists, Message: "Already exists"}
	ErrChatInactive                = &Error{Type: TypeChatInactive, Message: "Chat is inactive"}
	ErrChatAnonymized              = &Error{Type: TypeChatAnonymized, Message: "Chat anonymized"}
	ErrAgentOffline                = &Error{Type: TypeAgentOffline, Message: "Agent offline"}
	ErrGroupOffline                = &Error{Type: TypeGroupOffline, Message: "Group offline"}
	ErrGroupUnavailable            = &Error{Type: TypeGroupUnavailable, Message: "Group unavailable"}
	ErrGroupsOffline               = &Error{Type: TypeGroupsOffline, Message: "Groups offline"}
	ErrCustomerBanned              = &Error{Type: TypeCustomerBanned, Message: "Customer is banned"}
	ErrLimitReached                = &Error{Type: TypeLimitReached, Message: "Limit reached"}
	ErrUsersLimitReached           = &Error{Type: TypeUsersLimitReached, Message: "Users limit reached"}
	ErrSeatsLimitExceeded          = &Error{Type: TypeSeatsLimitExceeded, Message: "Seats limit exceeded"}
	ErrRequesterAlreadyOffline     = &Error{Type: TypeRequesterAlreadyOffline, Message: "Requester already offline"}
	ErrRequesterAwaitingApproval   = &Error{Type: TypeRequesterAwaitingApproval, Message: "Requester awaiting approval"}
	ErrRequesterSuspended          = &Error{Type: TypeRequesterSuspended, Message: "Requester suspended"}
	ErrLicenseExpired              = &Error{Type: TypeLicenseExpired, Message: "License expired"}
	ErrWrongProductVersion         = &Error{Type: TypeWrongProductVersion, Message: "Wrong product version"}
	ErrEntityTooLarge              = &Error{Type: TypeEntityTooLarge, Message: "Upload limit exceeded (10MB)."}
	ErrTooManyRequests             = &Error{Type: TypeTooManyRequests, Message: "Too many requests"}
	ErrPendingRequestsLimitReached = &Error{Type: TypePendingRequestsLimitReached, Message: "Requests limit reached"}
	ErrMisdirectedRequest          = &Error{Type: TypeMisdirectedRequest, Message: "Wrong region"}
	ErrUnsupportedVersion          = &Error{Type: TypeUnsupportedVersion, Message: "Cannot call unsupported API versions."}
	ErrRequestTimeout              = &Error{Type: TypeRequestTimeout, Message: "Request timed out"}
	ErrServiceUnavailable          = &Error{Type: TypeServiceUnavailable, Message: "Service unavailable"}
	ErrInternal                    = &Error{Type: TypeInternal, Message: "Internal server error"}
	ErrOwnershipTransfer           = &Error{Type: TypeOwnershipTransfer, Message: "Invalid transfer ownership request"}
	ErrTransferOwnership           = &Error{Type: TypeTransferOwnership, Message: "Invalid transfer ownership request"}
)

var sentinels = map[ErrorType]*Error{}

func init() {
	for _, e := range []*Error{
		ErrAuthentication, ErrAuthorization, ErrMissingAccess, ErrNotAllowed, ErrValidation, ErrNotFound,
		ErrGroupNotFound, ErrGreetingNotFound, ErrLicenseNotFound, ErrAlreadyExists, ErrChatInactive,
		ErrChatAnonymized, ErrAgentOffline, ErrGroupOffline, ErrGroupUnavailable, ErrGroupsOffline,
		ErrCustomerBanned, ErrLimitReached, ErrUsersLimitReached, ErrSeatsLimitExceeded,
		ErrRequesterAlreadyOffline, ErrRequesterAwaitingApproval, ErrRequesterSuspended, ErrLicenseExpired,
		ErrWrongProductVersion, ErrEntityTooLarge, ErrTooManyRequests, ErrPendingRequestsLimitReached,
		ErrMisdirectedRequest, ErrUnsupportedVersion, ErrRequestTimeout, ErrServiceUnavailable, ErrInternal,
		ErrOwnershipTransfer, ErrTransferOwnership,
	} {
		sentinels[e.Type] = e
	}
}

// ErrorTypes returns every documented error type, in no particular order.
func ErrorTypes() []ErrorType {
	out := make([]ErrorType, 0, len(sentinels))
	for t := range sentinels {
		out = append(out, t)
	}
	return out
}

// Error is an error answered by the LiveChat platform (or the local
// emulator): the documented envelope plus what the transport knows about it.
//
// Match it with errors.Is against the sentinels (errors.Is(err,
// livechat.ErrNotFound)) or extract it with errors.As to read Data, Status
// and RequestID.
type Error struct {
	// Type is the documented error type, e.g. "not_found".
	Type ErrorType `json:"type"`
	// Message is the human-readable text sent by the server.
	Message string `json:"message"`
	// Data carries optional details, e.g. {"region":"fra"} for misdirected_request.
	Data json.RawMessage `json:"data,omitempty"`
	// Status is the HTTP status code of a Web API answer; 0 over RTM.
	Status int `json:"-"`
	// RequestID identifies the request: the RTM request_id, or the
	// X-Request-Id header of a Web API answer when the server sent one.
	RequestID string `json:"-"`
	// Action is the API action that failed, when known.
	Action string `json:"-"`
	// RetryAfter is the server's advice, in seconds, from a Retry-After
	// header (0 when absent).
	RetryAfter int `json:"-"`
}

// Error implements error. It never includes credentials: only the type,
// message, action and status.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("livechat: ")
	if e.Action != "" {
		b.WriteString(e.Action)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Type))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	return b.String()
}

// Is reports whether target is an *Error of the same Type, so that the
// sentinels work with errors.Is.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Type == e.Type
}

// Temporary reports whether the same request may succeed if sent again
// later: rate limiting, timeouts, overload and internal errors.
func (e *Error) Temporary() bool {
	switch e.Type {
	case TypeTooManyRequests, TypeRequestTimeout, TypeServiceUnavailable, TypeInternal,
		TypePendingRequestsLimitReached:
		return true
	}
	switch e.Status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Region returns data.region of a misdirected_request error: the region
// the request should have been sent to ("dal" or "fra"), or "".
func (e *Error) Region() string {
	if len(e.Data) == 0 {
		return ""
	}
	var d struct {
		Region string `json:"region"`
	}
	_ = json.Unmarshal(e.Data, &d)
	return d.Region
}

// IsRetryable reports whether err is worth retrying: a temporary platform
// error (see Error.Temporary) or an error that says so itself through a
// Temporary() bool method (for example a dropped RTM connection).
// Validation, authentication and other permanent errors are not.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	var le *Error
	if errors.As(err, &le) {
		return le.Temporary()
	}
	var t interface{ Temporary() bool }
	if errors.As(err, &t) {
		return t.Temporary()
	}
	return false
}

// ErrorEnvelope is the documented wire form of an error:
// {"error":{"type":…,"message":…,"data":…}}.
type ErrorEnvelope struct {
	Error *Error `json:"error"`
}

// NewError returns an *Error of type t; an empty message takes the
// documented default message of that type.
func NewError(t ErrorType, message string) *Error {
	if message == "" {
		if s, ok := sentinels[t]; ok {
			message = s.Message
		}
	}
	return &Error{Type: t, Message: message}
}

// ArgumentError reports an invalid argument found before anything was
// sent. It matches ErrValidation under errors.Is.
type ArgumentError struct {
	// Field names the offending argument as it appears on the wire, e.g. "chat_id".
	Field string
	// Problem says what is wrong with it, e.g. "is required".
	Problem string
}

// Error names the field and the problem.
func (e *ArgumentError) Error() string {
	return "livechat: invalid argument: " + e.Field + " " + e.Problem
}

// Is makes an ArgumentError match ErrValidation.
func (e *ArgumentError) Is(target error) bool { return target == ErrValidation }

// Required returns an *ArgumentError for a missing required field.
func Required(field string) error { return &ArgumentError{Field: field, Problem: "is required"} }

// Invalid returns an *ArgumentError saying what is wrong with field.
func Invalid(field, problem string) error { return &ArgumentError{Field: field, Problem: problem} }

// ErrOutcomeUnknown is matched (errors.Is) by the error of a safe send
// (rtm.WithSafeResend, or WithSafeSend over the Web transport) whose outcome
// cannot be known: the request was sent, no answer came, and the caller's
// context ended (or the connection closed for good, or the custom_id lookup
// was refused) before a lookup of its custom_id could tell whether the event
// was stored. Any other error of a safe send means the event was not stored.
var ErrOutcomeUnknown = errors.New("livechat: outcome unknown: the event may or may not have been stored")
