// Package livechat is the root of livechat-go, a Go toolkit for the
// LiveChat messaging platform. It holds what every other package shares:
//
//   - the data model (Chat, ChatSummary, Thread, the Event sum type,
//     Users, Customer, MyProfile, Access, Properties, License), decoded
//     losslessly: members this SDK does not know are kept in Extra and
//     written back on encode, and an event of an unknown type is kept as a
//     *RawEvent instead of being dropped;
//   - errors: *Error carries the documented error type, message, data,
//     HTTP status and request id, and matches the sentinels (ErrNotFound,
//     ErrValidation, …) under errors.Is; IsRetryable says whether retrying
//     is worth it; *ArgumentError reports bad input found before sending;
//   - credentials: NewBearerToken (OAuth access token, "dal:"/"fra:" prefix
//     selects the region), NewPAT (Personal Access Token), NewAPIKey
//     (legacy REST v2 login + API key) and NewTokenSource (any
//     golang.org/x/oauth2 TokenSource). None of them ever prints or logs
//     its secret;
//   - Options (WithRegion, WithAPIVersion, WithBaseURL, WithHTTPClient,
//     WithLogger, …) and the Transport interface that the Web
//     (transport/web) and RTM (transport/rtm) transports implement.
//
// The typed clients live in sub-packages: agent, customer and
// configuration run over either transport; restv2 speaks the legacy REST
// API v2; webhooks receives webhooks. The emulator package is a local
// LiveChat platform for tests and development (`livechat serve`).
package livechat

// lossless.go: MarshalJSON/UnmarshalJSON of the types with an Extra field.
//go:generate go run github.com/livechat-go/livechat/internal/cmd/losslessgen
