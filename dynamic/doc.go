// Package dynamic calls any operation of a LiveChat API description by
// name: the BackChat seed in Go. Where the typed clients (agent, customer,
// configuration, restv2) have one method per action, a dynamic Client
// reads the OpenAPI 3.1 description of package api (or the one a server
// publishes, with Discover) and offers every operation it lists:
//
//	client, _ := dynamic.New(livechat.NewBearerToken(token))
//	for _, api := range client.APIs() { … }              // agent, customer, configuration, restv2, accounts
//	for _, op := range client.Operations("agent") { … }  // summaries, Fields, JSON Schema of the arguments
//	raw, err := client.Call(ctx, "agent", "send_event", map[string]any{
//		"chat_id": chatID,
//		"event":   map[string]any{"type": "message", "text": "Hi"},
//	})
//
// Arguments (a map, a struct or a json.RawMessage) are validated against
// the operation's schema (JSON Schema 2020-12, compiled once per
// operation) before anything is sent; a bad one is an
// *livechat.ArgumentError naming its JSON path, which matches
// livechat.ErrValidation. The v3 APIs go through package transport/web
// (credentials on every call, retries only where safe, *livechat.Error for
// platform errors) or, after WithRTM, over an RTM connection for the
// actions that exist there; REST v2 and the accounts API through package
// restv2's client, arguments mapped to path, query, header and body
// parameters as the description says:
//
//	// API 3.5: an agent token acting as a bot (the header X-Author-Id)
//	client.Call(ctx, "agent", "send_event", map[string]any{
//		"X-Author-Id": botID, "chat_id": chatID, "event": event,
//	})
//
// upload_file takes a File (a name and an io.Reader) as its "file"
// argument and is sent as multipart/form-data.
//
// The accounts API (OAuth: exchange_token, get_token_info, revoke_token,
// create_customer_token) sends form bodies where the description says so
// and answers its errors as a *livechat.Error whose Type is the OAuth
// error code ("invalid_client", "invalid_grant", …). Paginate iterates over the items of every page of
// a paged operation.
//
// The description's conventions (x-livechat-api, x-livechat-action,
// x-livechat-version, x-livechat-transports, x-livechat-pagination and the
// top-level x-livechat-rtm-actions) are documented in package api. The
// `livechat api` command is this package on the command line.
package dynamic
