package livechat

import "net/http"

// TypeForStatus returns the error type that an HTTP status means when an
// answer carries no error envelope.
func TypeForStatus(code int) ErrorType {
	switch code {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return TypeValidation
	case http.StatusUnauthorized:
		return TypeAuthentication
	case http.StatusPaymentRequired:
		return TypeLicenseExpired
	case http.StatusForbidden:
		return TypeAuthorization
	case http.StatusNotFound:
		return TypeNotFound
	case http.StatusMethodNotAllowed:
		return TypeNotAllowed
	case http.StatusConflict:
		return TypeAlreadyExists
	case http.StatusRequestEntityTooLarge:
		return TypeEntityTooLarge
	case http.StatusMisdirectedRequest:
		return TypeMisdirectedRequest
	case http.StatusTooManyRequests:
		return TypeTooManyRequests
	case http.StatusServiceUnavailable:
		return TypeServiceUnavailable
	case http.StatusRequestTimeout, http.StatusGatewayTimeout:
		return TypeRequestTimeout
	}
	if code >= 400 && code < 500 {
		return TypeValidation
	}
	return TypeInternal
}

// HTTPStatus returns the HTTP status that carries an error of type t on
// the Web API. The platform does not document it; this is the mapping of
// protocol.md §8 that the emulator answers with.
func (t ErrorType) HTTPStatus() int {
	switch t {
	case TypeAuthentication:
		return http.StatusUnauthorized
	case TypeAuthorization, TypeMissingAccess, TypeNotAllowed, TypeCustomerBanned, TypeUsersLimitReached,
		TypeSeatsLimitExceeded, TypeRequesterAlreadyOffline, TypeRequesterAwaitingApproval,
		TypeRequesterSuspended, TypeLicenseExpired:
		return http.StatusForbidden
	case TypeNotFound, TypeGroupNotFound, TypeGreetingNotFound, TypeLicenseNotFound:
		return http.StatusNotFound
	case TypeAlreadyExists:
		return http.StatusConflict
	case TypeEntityTooLarge:
		return http.StatusRequestEntityTooLarge
	case TypeTooManyRequests, TypePendingRequestsLimitReached:
		return http.StatusTooManyRequests
	case TypeMisdirectedRequest:
		return http.StatusMisdirectedRequest
	case TypeRequestTimeout:
		return http.StatusGatewayTimeout
	case TypeServiceUnavailable:
		return http.StatusServiceUnavailable
	case TypeInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}
