package rtm

import (
	"encoding/json"
	"time"

	"github.com/livechat-go/livechat"
)

// Defaults of the tunable limits.
const (
	// DefaultPingInterval is how often the ping action is sent after login
	// (protocol: every 15 s, the server drops the socket after ~30 s).
	DefaultPingInterval = 15 * time.Second
	// DefaultRequestTimeout bounds a call whose ctx has no deadline; it is
	// also the server's own per-request timeout.
	DefaultRequestTimeout = 15 * time.Second
	// DefaultMaxInFlight is the server's limit of unanswered requests per
	// connection.
	DefaultMaxInFlight = 10
	// DefaultPushQueueSize bounds the pushes waiting for the dispatcher.
	DefaultPushQueueSize = 1024
	// DefaultReadLimit is the largest message accepted (8 MiB); larger
	// messages are discarded and reported, the socket stays up.
	DefaultReadLimit = 8 << 20
	// DefaultMinBackoff and DefaultMaxBackoff bound the reconnect delay.
	DefaultMinBackoff = 200 * time.Millisecond
	DefaultMaxBackoff = 30 * time.Second
	// DefaultSessionRefreshMargin is how long before an OAuth2 token's
	// expiry update_session is attempted.
	DefaultSessionRefreshMargin = time.Minute
	// DefaultResendCheckDelay is the least time between a disconnect and
	// the check that decides whether a send_event is sent again.
	DefaultResendCheckDelay = time.Second
)

// Option configures a Conn. Pass livechat.Option values through WithConfig.
type Option func(*settings)

type settings struct {
	lc []livechat.Option

	leadIdle time.Duration // see lead.go

	agentLogin    AgentLogin
	customerLogin CustomerLogin

	handlers     []pendingHandler
	stateHandler func(StateEvent)
	errorHandler func(error)

	pingInterval   time.Duration
	requestTimeout time.Duration
	maxInFlight    int
	pushQueueSize  int
	readLimit      int64
	minBackoff     time.Duration
	maxBackoff     time.Duration
	maxReconnects  int
	background     bool
	safeResend     bool
	resendDelay    time.Duration
	refreshMargin  time.Duration
}

type pendingHandler struct {
	name string
	fn   func(Push)
}

func defaultSettings() settings {
	return settings{
		pingInterval:   DefaultPingInterval,
		requestTimeout: DefaultRequestTimeout,
		maxInFlight:    DefaultMaxInFlight,
		pushQueueSize:  DefaultPushQueueSize,
		readLimit:      DefaultReadLimit,
		minBackoff:     DefaultMinBackoff,
		maxBackoff:     DefaultMaxBackoff,
		maxReconnects:  -1,
		resendDelay:    DefaultResendCheckDelay,
		refreshMargin:  DefaultSessionRefreshMargin,
		leadIdle:       leadIdle,
	}
}

// WithConfig applies livechat options: WithRegion, WithAPIVersion (3.6 by
// default, 3.5 supported), WithBaseURL (e.g. "http://127.0.0.1:8080" for the
// emulator: http becomes ws, https becomes wss), WithLogger (credentials
// are never logged), WithOrganizationID, WithHTTPClient (its Transport is
// used for the handshake, an *http.Transport through a per-dial clone, see
// "Who reads the socket"; its Timeout is ignored) and WithUserAgent.
func WithConfig(opts ...livechat.Option) Option {
	return func(s *settings) { s.lc = append(s.lc, opts...) }
}

// Application identifies the client app in the login request.
type Application struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	// ChannelType is sent by customer logins only.
	ChannelType string `json:"channel_type,omitempty"`
}

// AgentLogin holds the optional fields of the agent login request
// (protocol.md §2.3). The token is taken from the credentials.
type AgentLogin struct {
	// CustomerMonitoringLevel is my, chatting, invited, online or
	// highest_available.
	CustomerMonitoringLevel string `json:"customer_monitoring_level,omitempty"`
	// Pushes subscribes to a subset of pushes per version, e.g.
	// {"3.6": {"incoming_chat", "incoming_event"}} or {"3.6": {"all"}}.
	Pushes map[string][]string `json:"pushes,omitempty"`
	// Application names the client app.
	Application *Application `json:"application,omitempty"`
	// Away marks this connection away at once.
	Away bool `json:"away,omitempty"`
	// Timezone of the agent, e.g. "Europe/Warsaw".
	Timezone string `json:"timezone,omitempty"`
	// Reconnect restores the last known status instead of the default one.
	// Automatic re-logins always send reconnect: true.
	Reconnect bool `json:"reconnect,omitempty"`
	// Extra holds further members sent as they are (undocumented or newer
	// fields). Typed fields win over Extra entries of the same name.
	Extra map[string]any `json:"-"`
}

// CustomerInfo is the customer block of a customer login.
type CustomerInfo struct {
	Name          string                 `json:"name,omitempty"`
	Email         string                 `json:"email,omitempty"`
	Avatar        string                 `json:"avatar,omitempty"`
	SessionFields livechat.SessionFields `json:"session_fields,omitempty"`
}

// CustomerPage is the page the customer is on.
type CustomerPage struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
}

// CustomerLogin holds the optional fields of the customer login request
// (protocol.md §4). The token is taken from the credentials.
type CustomerLogin struct {
	Customer     *CustomerInfo `json:"customer,omitempty"`
	CustomerPage *CustomerPage `json:"customer_page,omitempty"`
	// CustomerSideStorage is echoed back to the server. When nil, the
	// client sends what the last customer_side_storage_updated push held.
	CustomerSideStorage json.RawMessage     `json:"customer_side_storage,omitempty"`
	IsMobile            bool                `json:"is_mobile,omitempty"`
	GroupID             *int                `json:"group_id,omitempty"`
	Referrer            string              `json:"referrer,omitempty"`
	Application         *Application        `json:"application,omitempty"`
	Pushes              map[string][]string `json:"pushes,omitempty"`
	// Extra holds further members sent as they are.
	Extra map[string]any `json:"-"`
}

// WithAgentLogin sets the optional fields of the agent login request.
func WithAgentLogin(l AgentLogin) Option { return func(s *settings) { s.agentLogin = l } }

// WithCustomerLogin sets the optional fields of the customer login request.
func WithCustomerLogin(l CustomerLogin) Option { return func(s *settings) { s.customerLogin = l } }

// WithPushHandler registers a push handler before the connection opens,
// so that no push (e.g. incoming_customers right after login) is missed.
// name "*" (AllPushes) matches every push.
func WithPushHandler(name string, fn func(Push)) Option {
	return func(s *settings) {
		if fn != nil {
			s.handlers = append(s.handlers, pendingHandler{name, fn})
		}
	}
}

// WithStateHandler receives every state change (connecting, connected,
// disconnected with its reason, closed) on the dispatcher goroutine, in
// order with the pushes. The final StateClosed is not delivered when Close
// is called while a handler is running (see Close).
func WithStateHandler(fn func(StateEvent)) Option { return func(s *settings) { s.stateHandler = fn } }

// WithErrorHandler receives asynchronous errors on the dispatcher
// goroutine: *SlowConsumerError when pushes were dropped, *ProtocolError
// for frames that could not be used, and panics of handlers.
func WithErrorHandler(fn func(error)) Option { return func(s *settings) { s.errorHandler = fn } }

// WithPingInterval changes the ping interval (default 15 s). The socket is
// considered dead after two intervals without any frame. 0 disables both.
func WithPingInterval(d time.Duration) Option { return func(s *settings) { s.pingInterval = d } }

// WithRequestTimeout bounds calls whose ctx has no deadline (default 15 s;
// 0 means no bound).
func WithRequestTimeout(d time.Duration) Option { return func(s *settings) { s.requestTimeout = d } }

// WithMaxInFlight changes how many requests may await their answer at once
// (default and server limit: 10).
func WithMaxInFlight(n int) Option {
	return func(s *settings) {
		if n > 0 {
			s.maxInFlight = n
		}
	}
}

// WithPushQueueSize bounds the pushes waiting for the dispatcher (default
// 1024). Overflow policy: a push arriving while the queue is full is
// dropped (never blocking the reader, so calls keep working), and the
// error handler receives a *SlowConsumerError counting the drops of that
// episode once the dispatcher catches up.
func WithPushQueueSize(n int) Option {
	return func(s *settings) {
		if n > 0 {
			s.pushQueueSize = n
		}
	}
}

// WithReadLimit sets the largest message kept (default 8 MiB). A larger
// message is read to its end and discarded; a *ProtocolError is reported
// and the socket stays up.
func WithReadLimit(n int64) Option {
	return func(s *settings) {
		if n > 0 {
			s.readLimit = n
		}
	}
}

// WithReconnectBackoff sets the bounds of the reconnect delay (default
// 200 ms and 30 s). Attempt n waits a random time between min and
// min(max, min·2ⁿ) ("full jitter" above a floor).
func WithReconnectBackoff(min, max time.Duration) Option {
	return func(s *settings) {
		if min > 0 {
			s.minBackoff = min
		}
		if max >= s.minBackoff {
			s.maxBackoff = max
		}
	}
}

// WithMaxReconnects bounds consecutive failed reconnect attempts; a
// negative n (the default) retries forever, 0 never reconnects.
func WithMaxReconnects(n int) Option { return func(s *settings) { s.maxReconnects = n } }

// WithBackgroundConnect makes Dial return at once: connecting and logging
// in happen in the background, retried like reconnects, and calls made
// meanwhile are queued. Wait on Ready for the first login.
func WithBackgroundConnect() Option { return func(s *settings) { s.background = true } }

// WithSafeResend makes send_event exactly-once. Each send_event gets a
// custom_id (unless it has one). When the answer is lost (the socket drops
// before it arrives, or the call's ctx ends, or the Conn closes, after the
// request was written), the call waits for the re-login, at least
// checkDelay after the disconnect (0 means DefaultResendCheckDelay), looks
// the custom_id up in the chat's latest threads (list_threads) and:
//   - if the event is there, the call succeeds with its id and nothing is
//     sent again;
//   - otherwise the request is sent again, and so on, until ctx ends.
//
// A lookup that fails because the socket dropped again, or with a
// retryable error, is repeated. So an error from a safe send_event means
// the event was not stored, except one matching livechat.ErrOutcomeUnknown
// (errors.Is): the request was sent and ctx ended (or the Conn closed for
// good, or the lookup was refused) before the lookup could tell. When ctx
// has no deadline the request timeout bounds the whole sequence. A request
// the server was still processing when the lookup ran (longer than
// checkDelay after the disconnect) could in theory be stored after it, so
// use a checkDelay above your server's processing time if duplicates are
// costly.
func WithSafeResend(checkDelay time.Duration) Option {
	return func(s *settings) {
		s.safeResend = true
		if checkDelay > 0 {
			s.resendDelay = checkDelay
		}
	}
}

// WithSessionRefreshMargin sets how long before the expiry of an
// *livechat.OAuth2 token update_session is attempted (API 3.6; default 1
// minute). The token source must hand out the new token by then; until it
// does, the client asks it again every few seconds.
func WithSessionRefreshMargin(d time.Duration) Option {
	return func(s *settings) {
		if d > 0 {
			s.refreshMargin = d
		}
	}
}
