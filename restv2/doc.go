// Package restv2 is a client of the legacy LiveChat REST API v2
// ("LiveChat API 2.0", deprecated by the platform but still served), and of
// the Reports API v2 that shares its transport.
//
// Every request goes to https://api.livechatinc.com/<resource> (or to the
// base URL given with livechat.WithBaseURL, e.g. the local emulator) with
// HTTP Basic authentication (agent login and API key or Personal Access
// Token, see livechat.NewAPIKey and livechat.NewPAT; an OAuth Bearer token is
// accepted as well), the header X-API-Version: 2 and the SDK's User-Agent.
// GET requests carry their parameters in the query string; POST and PUT
// requests carry a JSON body.
//
// The client is organised in one service per resource:
//
//	c, err := restv2.New(livechat.NewAPIKey("john.doe@example.com", key))
//	agents, err := c.Agents.List(ctx, restv2.AgentListOptions{Status: restv2.AcceptingChats})
//	for chat, err := range c.Chats.All(ctx, restv2.ChatListOptions{DateFrom: "2024-01-01"}) { … }
//	report, err := c.Reports.TotalChats(ctx, restv2.ReportOptions{GroupBy: restv2.GroupByMonth})
//
// Option and request structs are passed by value, as in the other packages
// of the SDK; ids are positional arguments (c.Agents.Update(ctx, login,
// restv2.UpdateAgentRequest{…})). The zero value of an option struct is a
// call without options (c.Agents.List(ctx, restv2.AgentListOptions{})
// sends no query parameter); a request whose required field is missing,
// the zero value included, is refused like any other. No method changes
// the struct it is given, so one value can be sent again or shared.
//
// Arguments are validated before anything is sent: a missing required
// parameter, a value outside its enumeration or a malformed YYYY-MM-DD date
// returns a *livechat.ArgumentError naming the field (it matches
// livechat.ErrValidation under errors.Is).
//
// Answers other than 2xx become *livechat.Error with the HTTP status and
// the server's message, whatever the shape of the JSON body; the error type
// follows the status (400 validation, 401 authentication, 404 not_found,
// 429 too_many_requests, 500 internal, …) unless the body is the documented
// v3 envelope with a known type, so that
//
//	errors.Is(err, livechat.ErrNotFound)
//
// works. Only GET requests are retried (network errors, 429 and 5xx, with
// jittered exponential backoff or the server's Retry-After); POST, PUT and
// DELETE requests are never sent twice.
//
// Response structs keep the members this package does not model in an
// Extra map (livechat.Extra), so that decoding and encoding again loses
// nothing.
package restv2

// lossless.go: MarshalJSON/UnmarshalJSON of the types with an Extra field.
//go:generate go run github.com/livechat-go/livechat/internal/cmd/losslessgen
