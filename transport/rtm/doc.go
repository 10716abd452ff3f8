// Package rtm is the Real-Time Messaging (WebSocket) transport of the
// LiveChat Agent Chat and Customer Chat APIs.
//
// # Lifecycle
//
// Dial (agent) or DialCustomer (customer) opens one WebSocket, sends the
// login action and, by default, returns once the server accepted it. With
// WithBackgroundConnect it returns at once and connects in the background;
// Ready is closed after the first successful login either way.
//
//	conn, err := rtm.Dial(ctx, livechat.NewBearerToken(token),
//		rtm.WithConfig(livechat.WithRegion(livechat.RegionEU)),
//		rtm.WithAgentLogin(rtm.AgentLogin{CustomerMonitoringLevel: "chatting"}),
//	)
//	if err != nil { … }
//	defer conn.Close()
//
// While the connection is up the client:
//
//   - sends every request through Call (the livechat.Transport interface, so
//     the typed agent and customer clients run over it), matching answers on
//     request_id and type "response" only: a push that echoes a request_id
//     never resolves a call;
//   - keeps at most 10 requests in flight (the server's limit); further calls
//     wait in a FIFO queue and are sent in call order as answers free slots;
//     calls made before login (or while reconnecting) wait in the same queue
//     and are sent, in order, right after login;
//   - sends again, after a short pause (25 ms doubling to 400 ms, jittered),
//     a request the server refused with pending_requests_limit_reached: it
//     was refused before anything was done, so this is safe for every
//     action; after MaxLimitRetries refusals the error is returned;
//   - sends the ping action every 15 s and treats the socket as dead when no
//     frame at all arrived for two intervals;
//   - on API 3.6 with *livechat.OAuth2 credentials, calls update_session with
//     the refreshed token shortly before the current token expires;
//   - delivers pushes, in arrival order, one handler at a time, through a
//     bounded queue (see WithPushQueueSize for the overflow policy); a push
//     that arrives when no handler is registered for it and nothing is
//     queued ahead of it is dropped at once.
//
// When the socket drops, calls in flight fail with an error matching
// ErrDisconnected (livechat.IsRetryable reports true); queued calls that were
// never sent stay queued. The client reconnects with full-jitter
// exponential backoff (200 ms to 30 s by default), logs in again (with
// reconnect: true) and reports each step as a StateEvent. It does not
// reconnect when the server's agent_disconnected / customer_disconnected
// reason forbids it (for example access_token_revoked, license_expired,
// too_many_connections) or when login fails with a permanent error such as
// authentication: the Conn is then closed, Done is closed, Err returns a
// *ClosedError that matches ErrClosed and wraps the cause, and pending calls
// fail with it.
//
// Close stops everything: it fails queued and in-flight calls with an error
// matching ErrClosed, stops reconnecting, closes the socket with a normal
// closure and discards pushes not yet delivered. No handler invocation
// starts after Close returns.
//
// # Goroutines and memory
//
// An idle logged-in Conn keeps one goroutine: the reader of its socket.
// Pings and the liveness check, the request timeout (one timer per Conn,
// not per call) and the session refresh run on timers; calls write their
// own requests; the dispatcher goroutine runs only while pushes, state
// events or errors wait to be delivered, and exits when the queue is
// empty; when the socket ends, its reader reconnects (or shuts the Conn
// down) and hands the new socket to a new reader. Between logins the Conn
// keeps only the account-independent part of the login response, and no
// read buffer. Measured with 1,000 connections to the emulator, an idle
// logged-in connection over TLS costs about 33 KiB of heap and stacks, and
// about 40 KiB when the agent has 20 chats (crypto/tls keeps a record
// buffer grown to the largest record read; a minimal client pays the same
// growth); see BENCHMARKS.md.
//
// # Who reads the socket
//
// Answers and pushes are read by the socket's reader goroutine, except for
// a caller making one call at a time: when its call has been sent and
// nobody else is reading, Call reads the socket on the caller's own
// goroutine until its answer (and whatever arrived with it) has come,
// handling pushes and other callers' answers on the way exactly as the
// reader goroutine does. This spares each serial call the hand-off of its
// answer from one goroutine to another (a thread wake-up on another core),
// which made the SDK's CPU per serial call about 1.3 times a minimal
// client's; with it the SDK is within a few per cent (see BENCHMARKS.md).
// Calls keep their order and timeouts, pushes keep their order, and with
// several calls in flight the reader goroutine reads as before. A caller
// whose ctx ends (or whose request times out) while it reads stops at the
// next message boundary without harm to the socket; if a message stalls
// mid-frame for a second at that moment, the socket is given up (the
// call's ctx error is returned, other calls in flight fail with
// ErrDisconnected, the Conn reconnects), since a WebSocket cannot be left
// mid-frame and read on later. After such a call, while no other call
// comes, nobody reads for at most 5 ms: a push that arrives in that window
// (rather than with the answer) is read when the next call is made or when
// the 5 ms are up. The reader goroutine gives its role up this way only
// after answering calls that come back to back, so a program that makes a
// call now and then (a bot answering pushes) does not see it.
//
// This needs the SDK to see the connection under the WebSocket: it dials it
// itself when the HTTP client's Transport is an *http.Transport (the
// default) without the deprecated Dial or DialTLS hooks, the server is
// reached directly (not through a proxy), and the connection supports read
// deadlines (a caller is stopped by one). For that dial the SDK uses a
// clone of the Transport, made per dial and dropped after it, whose
// DialTLSContext calls the Transport's own (when set) or dials with its
// DialContext and runs the TLS handshake with its TLSClientConfig and
// TLSHandshakeTimeout; net/http's httptrace TLS hooks do not fire for it,
// and a handshake timeout reads as a context deadline error. Otherwise (any
// other RoundTripper, a proxy, the deprecated hooks, no read deadlines) the
// reader goroutine reads everything, as before.
//
// # Concurrency
//
// All methods are safe for concurrent use. Handlers (push, state and error)
// run one at a time, in order, on the dispatcher goroutine; they may call
// Conn methods, including Call and Close, but a handler that blocks delays
// every later push.
//
// Stopping and waiting for the handlers are split (as net/http's
// Server.Close does not wait for running handlers): Close stops, and
// Stopped is closed when every goroutine of the Conn, and so every
// handler, has finished. Close cannot tell whether it is called by a
// handler, so it never waits for a handler that is running when it is
// called: it then returns once the supervisor and readers have ended, and
// makes sure nothing else is delivered (not even the final StateClosed).
// When no handler is running, the usual case outside the handlers, Close
// also waits for the dispatcher to deliver the queued state events and
// exit, so Stopped is already closed when it returns. Hence:
//
//	defer conn.Close()                 // anywhere, handlers included
//	conn.Close(); <-conn.Stopped()     // outside handlers: every handler has returned
//
// Done, in contrast, is closed as soon as the Conn has ended, possibly
// before the last handlers have run; it is the one to watch from a
// handler.
package rtm
