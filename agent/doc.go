// Package agent is a typed client of the LiveChat Agent Chat API: one
// method per documented action (list_chats, send_event, transfer_chat, …)
// with request and response structs whose JSON tags match the wire.
//
// # Web or RTM
//
// The Agent Chat API carries the same payloads over two transports, and a
// Client is written once against livechat.Transport, so the very same
// methods run over either:
//
//   - Web API (HTTP, stateless): NewWeb builds a client over the web
//     transport (transport/web). Every call is one POST to
//     https://api.livechatinc.com/v3.6/agent/action/<action>. Use it for
//     bots, back-end jobs, scripts and anything that does not need pushes.
//     Only the Web API can upload files (UploadFile) and read the license
//     (GetLicenseInfo).
//   - RTM API (one WebSocket): wrap an RTM connection with New, for example
//     conn, err := rtm.Dial(ctx, creds) (package transport/rtm) and then
//     agent.New(conn). Calls
//     travel as request frames on the socket and the connection also
//     receives pushes. The RTM-only actions login, logout, set_away_status,
//     update_session and ping are methods of the connection itself, not of
//     this Client. Of the Client's methods, only SubscribeCustomers and
//     UnsubscribeCustomers are RTM only.
//
// A method whose action the transport's wire lacks is refused before
// anything is sent: the client asks livechat.KindOf which wire the
// transport speaks and, when it is the wrong one, returns a
// *livechat.ArgumentError whose Field is the action, e.g.
// "get_license_info is available only over the Web API, not RTM" (it
// matches livechat.ErrValidation under errors.Is; over RTM, UploadFile
// returns the ErrUploadUnsupported value). The refusal comes after the
// method's argument checks. A transport that does not say which wire it
// speaks (KindOf gives "", e.g. your own livechat.Transport) is trusted
// and every action is sent to it. The restricted actions are the same in
// API 3.5 and 3.6:
//
//	upload_file            Web API only  UploadFile
//	get_license_info       Web API only  GetLicenseInfo
//	subscribe_customers    RTM only      SubscribeCustomers (3.6+)
//	unsubscribe_customers  RTM only      UnsubscribeCustomers (3.6+)
//
// # Versions
//
// The client asks the transport for its API version through
// livechat.Versioned (the default is 3.6) and adapts: list_chats sends the
// filter "active" on 3.6 and "include_active" on 3.5; list_customers and
// create_customer (removed in 3.6) and the 3.6 additions
// (send_event_preview, send_thinking_indicator, request_thread_summary,
// subscribe_customers, unsubscribe_customers) refuse with a *VersionError
// before anything is sent when the version does not have them.
//
// # Requests
//
// A method takes its request struct by value, e.g.
// client.ListChats(ctx, agent.ListChatsRequest{Limit: 25}); an action
// whose only inputs are one or two ids takes them as arguments instead:
// GetChat(ctx, chatID, threadID), FollowChat, UnfollowChat, GetCustomer,
// ListAgentsForTransfer, UnsubscribeCustomers and RequestThreadSummary.
// The zero value of a request is a request without options (list_chats,
// list_archives and start_chat send {}); a method whose request has a
// required field refuses the zero value like any other request that
// lacks it. No method changes the request it is given, so one value can
// be sent again or shared.
//
// # Validation
//
// Every method checks its arguments before sending: required fields,
// documented limits (limit 1–100, group_ids ≤ 200, message text ≤ 16 KB,
// rich-message elements ≤ 10, …) and combinations the API refuses (page_id
// with filters, limit or sort_order). A bad argument gives a
// *livechat.ArgumentError naming the wire field (for example "chat_id" or
// "event.text"); it matches livechat.ErrValidation under errors.Is.
// Errors answered by the platform are *livechat.Error values, matched with
// errors.Is(err, livechat.ErrNotFound) and friends.
//
// # Paging
//
// Chats, Threads, Archives and Customers return iter.Seq2 iterators that
// follow next_page_id until the last page, the first error (yielded once)
// or the consumer's break:
//
//	for chat, err := range client.Archives(ctx, agent.ListArchivesRequest{Limit: 100}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(chat.ID)
//	}
package agent

// lossless.go: MarshalJSON/UnmarshalJSON of the types with an Extra field.
//go:generate go run github.com/livechat-go/livechat/internal/cmd/losslessgen
