package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
)

// Conn is one logical RTM connection: a WebSocket that is logged in,
// kept alive and re-established as needed. Create it with Dial or
// DialCustomer; end it with Close.
type Conn struct {
	s     settings
	cfg   livechat.Config
	api   string // "agent" or "customer"
	log   *slog.Logger
	hc    *http.Client
	creds atomic.Pointer[credsBox]

	ctx    context.Context // lifetime; cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // supervisor and readers (and their socket timers)

	dq      *dispatchQueue
	stopped chan struct{} // closed by the last dispatcher, last of all goroutines
	stateV  atomic.Int32

	hmu         sync.Mutex
	handlers    map[string][]*handler
	nextHandler uint64

	seq       atomic.Uint64
	leads     atomic.Uint64 // calls whose caller read the socket itself (lead.go)
	calls     sync.Pool     // *call, see newCall
	lastFrame atomic.Int64  // UnixNano of the last frame received

	ready     chan struct{}
	readyOnce sync.Once
	done      chan struct{}
	closeOnce sync.Once

	mu             sync.Mutex
	sock           *socket
	loggedIn       bool
	loginCh        chan struct{} // closed while logged in
	queue          []*call
	holdUntil      time.Time   // no sending before (refused.go)
	holdTimer      *time.Timer // drains the queue at holdUntil
	expiry         *time.Timer // ends calls at their request timeout (expire)
	expiryAt       int64       // when expiry fires (UnixNano); 0: not armed
	pending        map[uint64]*call
	inflight       int
	draining       bool
	closed         bool
	err            error
	login          *LoginResponse
	sideStorage    json.RawMessage
	relogin        bool
	lastDisconnect time.Time
}

type credsBox struct{ c livechat.Credentials }

// socket is one WebSocket of the Conn.
type socket struct {
	// ws is read and written with context.Background: a cancelled ctx
	// would close the socket under a reader or writer, and a
	// non-cancellable ctx spares coder/websocket a context.AfterFunc per
	// frame. The socket is ended only by Close/closeSocket (kill, Conn.end, the
	// ping timer).
	ws         *websocket.Conn
	readerDone chan struct{}
	readErr    error // set by the reader before readerDone closes

	// set by the reader from agent_disconnected/customer_disconnected (under Conn.mu)
	discReason string
	discData   json.RawMessage

	// While the socket is served (see Conn.serve), under Conn.mu: its
	// timers (ping, session refresh) and who supervises it once it ends.
	served   bool   // handed to its reader, which supervises it once it ends
	ended    bool   // the reader has stopped reading
	stopped  bool   // timers stopped: their callbacks no longer start
	localWhy string // why the Conn dropped the socket itself ("ping_timeout")
	localErr error
	timers   sync.WaitGroup
	ping     *time.Timer
	refresh  *refresher

	// Who reads (see lead.go). bc is set before the reader starts; the
	// rest is under Conn.mu, except yielded (the reader's) and msgs (the
	// role holder's).
	bc          *boundaryConn // nil: only the reader goroutine ever reads
	closing     atomic.Bool   // closeSocket was called: the reader must read
	noLead      atomic.Bool   // bc lost track of the stream (Conn.noLead)
	park        sync.Mutex    // the reader goroutine waits on it for the role
	parked      bool
	role        atomic.Uint32
	leader      *call
	handed      error // the socket error a leader met, for the reader
	freeAt      int64 // UnixNano the role became free
	lastAnswer  int64 // UnixNano the reader last answered a call (yield)
	resumed     bool  // the resume timer gave the role back unused
	resumeArmed bool
	resume      *time.Timer
	yielded     bool   // the reader gave the role up (only the reader)
	msgs        uint64 // messages read (by whoever holds the role)
}

// LoginResponse is the answer to login. Agent logins fill License,
// MyProfile and ChatsSummary; customer logins fill Customer,
// HasActiveThread, Chats and Greeting. Raw keeps the whole payload.
//
// The whole response is delivered once per login, in the StateConnected
// StateEvent. Between logins the Conn keeps only its account-independent
// part (see Conn.LoginResponse), so that an idle connection's memory does
// not grow with the number of chats on the account.
type LoginResponse struct {
	License      *livechat.License      `json:"license,omitempty"`
	MyProfile    *livechat.MyProfile    `json:"my_profile,omitempty"`
	ChatsSummary []livechat.ChatSummary `json:"chats_summary,omitempty"`

	Customer        *livechat.Customer `json:"customer,omitempty"`
	HasActiveThread bool               `json:"has_active_thread,omitempty"`
	Chats           []CustomerChat     `json:"chats,omitempty"`
	Greeting        json.RawMessage    `json:"greeting,omitempty"`

	// Raw is the login response payload as received.
	Raw json.RawMessage `json:"-"`
}

// CustomerChat is an entry of a customer login's chats list.
type CustomerChat struct {
	ChatID          string `json:"chat_id"`
	HasUnreadEvents bool   `json:"has_unread_events,omitempty"`
}

// AgentDetails is what the agent login told about the agent.
type AgentDetails struct {
	MyProfile livechat.MyProfile
	License   livechat.License
	// Login is the login response as the Conn keeps it (see
	// Conn.LoginResponse): without ChatsSummary, Greeting and Raw.
	Login *LoginResponse
}

// retained is what the Conn keeps of a login response between logins: the
// agent's profile and license, the customer, has_active_thread and the
// customer's chat list (ids and unread flags). The chats summary, the
// greeting and the raw payload, which grow with the account, are dropped:
// they were delivered in the StateConnected event.
func (lr *LoginResponse) retained() *LoginResponse {
	if lr == nil {
		return nil
	}
	return &LoginResponse{License: lr.License, MyProfile: lr.MyProfile, Customer: lr.Customer,
		HasActiveThread: lr.HasActiveThread, Chats: slices.Clip(lr.Chats)}
}

// Dial connects to the Agent Chat RTM API
// (wss://api.livechatinc.com/v3.6/agent/rtm/ws, or api-fra for the EU
// region, or the WithBaseURL host) and logs in with creds. Unless
// WithBackgroundConnect is given it returns once logged in, or the error of
// that first attempt; ctx bounds only this wait.
func Dial(ctx context.Context, creds livechat.Credentials, opts ...Option) (*Conn, error) {
	return dial(ctx, "agent", creds, opts)
}

// DialCustomer connects to the Customer Chat RTM API
// (/v3.6/customer/rtm/ws?organization_id=…) and logs in with a customer
// token. livechat.WithOrganizationID (through WithConfig) is required.
func DialCustomer(ctx context.Context, creds livechat.Credentials, opts ...Option) (*Conn, error) {
	return dial(ctx, "customer", creds, opts)
}

func dial(ctx context.Context, api string, creds livechat.Credentials, opts []Option) (*Conn, error) {
	if creds == nil {
		return nil, livechat.Required("credentials")
	}
	s := defaultSettings()
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	cfg := livechat.NewConfig(s.lc...)
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if api == "customer" && cfg.OrganizationID == "" {
		return nil, livechat.Required("organization_id")
	}
	if cfg.BaseURL != "" {
		if _, err := wsBase(cfg.BaseURL); err != nil {
			return nil, err
		}
	}
	c := &Conn{
		s:        s,
		cfg:      cfg,
		api:      api,
		log:      cfg.Logger,
		hc:       cfg.HTTPClient,
		dq:       newDispatchQueue(s.pushQueueSize),
		stopped:  make(chan struct{}),
		handlers: map[string][]*handler{},
		ready:    make(chan struct{}),
		done:     make(chan struct{}),
		loginCh:  make(chan struct{}),
		pending:  map[uint64]*call{},
	}
	c.dq.spawn = func() { go c.dispatch() }
	c.dq.wanted = c.hasHandler
	c.creds.Store(&credsBox{creds})
	for _, h := range s.handlers {
		c.On(h.name, h.fn)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	first := make(chan error, 1)
	c.wg.Add(1)
	go c.run(first)
	if s.background {
		return c, nil
	}
	select {
	case err := <-first:
		if err != nil {
			c.closeAndWait()
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		c.closeAndWait()
		return nil, ctx.Err()
	}
}

// Close ends the Conn and returns nil. It fails every queued and in-flight
// call with an error matching ErrClosed, stops reconnecting, closes the
// socket with a normal closure, discards the pushes not yet delivered, and
// waits for the supervisor and socket reader goroutines to end (they never
// wait for handlers). It is idempotent and safe to call from any goroutine,
// from several at once, and from a push, state or error handler.
//
// No handler invocation starts after Close returns. Whether Close also
// waits for the dispatcher depends on whether a handler invocation is in
// progress when Close is called (the dispatcher decides to invoke a
// handler under the lock that Close takes to look):
//
//   - None is (the usual case when Close is called from outside the
//     handlers): Close returns only once the dispatcher has delivered the
//     state events and errors still queued, StateClosed included, and
//     exited; Stopped is then closed.
//   - One is: it may be the caller, and waiting for it would deadlock, so
//     Close does not wait for it. Instead it stops delivery outright:
//     nothing still queued is delivered (the state handler does not see
//     StateClosed, and the handlers registered after the running one for
//     the same push do not run). The running handler finishes on its own;
//     Stopped is closed when it has returned.
//
// Go gives Close no way to tell whether its caller is the dispatcher
// goroutine (short of parsing goroutine ids out of stack traces, which
// this package does not do), so "a handler is running" is the signal that
// the caller may be one. To be sure every handler has finished, call
// Close and then wait on Stopped, from outside the handlers.
//
// Close must not be called from the Conn's credentials (Authorize, or the
// TokenSource of *livechat.OAuth2): they run on the supervisor goroutine,
// which Close waits for.
func (c *Conn) Close() error {
	running := c.dq.stop(true)
	c.end()
	if !running {
		<-c.stopped
	}
	return nil
}

// closeAndWait closes a Conn that Dial gives up on. No handler can be the
// caller (no one has the Conn yet), so nothing is halted: the queued state
// events are delivered, StateClosed included, and every goroutine has
// ended on return.
func (c *Conn) closeAndWait() {
	c.dq.stop(false)
	c.end()
	<-c.stopped
}

// end marks the Conn closed, fails it with ErrClosed unless it already
// failed, and stops the supervisor and readers, waiting for them.
func (c *Conn) end() {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		if c.err == nil {
			c.err = ErrClosed
		}
		c.closed = true
		s := c.sock
		c.mu.Unlock()
		c.cancel()
		if s != nil {
			// Its reader ends and, if the socket was served, supervises
			// the end (see serve). A socket still logging in fails its
			// login on the cancelled ctx (or is caught by serve). A caller
			// reading it (lead.go) stops at once.
			s.closing.Store(true)
			_ = s.ws.Close(websocket.StatusNormalClosure, "")
			c.closeSocket(s)
		}
	})
	c.wg.Wait()
}

// Ready is closed once the first login succeeded.
func (c *Conn) Ready() <-chan struct{} { return c.ready }

// Done is closed when the Conn has ended for good (Close, or a disconnect
// that forbids reconnecting): calls fail from then on and Err is non-nil.
// Handlers may still be running then, delivering the pushes and state
// events queued before the end; see Stopped.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Stopped is closed once every goroutine of the Conn has exited: after
// Done, once the dispatcher has delivered or dropped what was queued and
// no handler is running or will run again. After Close returns it closes
// as soon as the handler running at that moment, if any, returns; when the
// Conn ended by itself (Done without Close) it closes once the queued
// pushes and state events have been delivered.
//
// Waiting on Stopped from a handler of the same Conn waits for the
// handler itself, forever: from a handler, use Done.
//
// "Every goroutine" means the long-lived ones (the socket reader and
// supervisor, the push dispatcher) and the handlers. A short-lived
// goroutine that sends queued calls, or a timer's callback, may still be
// returning when Stopped closes; once the Conn is closed they find nothing
// to do and touch no handler, so a goroutine-leak check right after
// Stopped may briefly see one.
func (c *Conn) Stopped() <-chan struct{} { return c.stopped }

// Err returns nil while the Conn is usable, then why it ended: ErrClosed
// after Close, or a *ClosedError.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		return nil
	}
	return c.err
}

// State returns the current state.
func (c *Conn) State() State { return State(c.stateV.Load()) }

// APIVersion implements livechat.Versioned.
func (c *Conn) APIVersion() livechat.APIVersion { return c.cfg.APIVersion }

// Kind reports livechat.TransportRTM (see livechat.KindOf).
func (c *Conn) Kind() livechat.TransportKind { return livechat.TransportRTM }

// LoginResponse returns the response of the latest login, or nil before
// the first one, as the Conn keeps it: License, MyProfile, Customer,
// HasActiveThread and Chats. ChatsSummary, Greeting and Raw are not kept
// (they grow with the account); read them from the Login of the
// StateConnected event (WithStateHandler), delivered at every login.
func (c *Conn) LoginResponse() *LoginResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.login
}

// AgentDetails returns the agent's profile and license from the latest
// agent login; ok is false before the first login or on customer
// connections.
func (c *Conn) AgentDetails() (d AgentDetails, ok bool) {
	lr := c.LoginResponse()
	if lr == nil || lr.MyProfile == nil {
		return AgentDetails{Login: lr}, false
	}
	d = AgentDetails{MyProfile: *lr.MyProfile, Login: lr}
	if lr.License != nil {
		d.License = *lr.License
	}
	return d, true
}

func wsBase(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, livechat.Invalid("base_url", redact.Error(err))
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "ws", "wss":
	default:
		return nil, livechat.Invalid("base_url", "scheme must be http, https, ws or wss")
	}
	if u.Host == "" {
		return nil, livechat.Invalid("base_url", "has no host")
	}
	return u, nil
}

// endpoint returns the WebSocket URL for a connection with auth.
func (c *Conn) endpoint(auth livechat.Authorization) string {
	path := "/v" + string(c.cfg.APIVersion) + "/" + c.api + "/rtm/ws"
	var u *url.URL
	if c.cfg.BaseURL != "" {
		u, _ = wsBase(c.cfg.BaseURL) // validated by dial
		u.Path = strings.TrimSuffix(u.Path, "/") + path
	} else {
		u = &url.URL{Scheme: "wss", Host: c.cfg.RegionFor(auth).APIHost(), Path: path}
	}
	if c.cfg.OrganizationID != "" {
		q := u.Query()
		q.Set("organization_id", c.cfg.OrganizationID)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// URL returns the WebSocket URL the Conn connects to for credentials of
// the given region ("" when unknown).
func (c *Conn) URL(region livechat.Region) string {
	return c.endpoint(livechat.Authorization{Region: region})
}

func (c *Conn) credentials() livechat.Credentials { return c.creds.Load().c }

// loginPayload builds the login request. The token is the credentials'
// Authorization header; it is never logged.
func (c *Conn) loginPayload(auth livechat.Authorization) ([]byte, error) {
	token := auth.Header()
	if token == "" {
		return nil, errors.New("livechat/rtm: credentials produced an empty authorization")
	}
	c.mu.Lock()
	relogin, side := c.relogin, c.sideStorage
	c.mu.Unlock()
	var base any
	var extra map[string]any
	if c.api == "agent" {
		l := c.s.agentLogin
		if relogin {
			l.Reconnect = true
		}
		base, extra = l, l.Extra
	} else {
		l := c.s.customerLogin
		if l.CustomerSideStorage == nil && side != nil {
			l.CustomerSideStorage = side
		}
		base, extra = l, l.Extra
	}
	b, err := json.Marshal(base)
	if err != nil {
		return nil, fmt.Errorf("livechat/rtm: login payload: %w", err)
	}
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("livechat/rtm: login payload: %w", err)
	}
	for k, v := range extra {
		if _, ok := m[k]; ok || k == "token" {
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("livechat/rtm: login payload: extra %q: %w", k, err)
		}
		m[k] = raw
	}
	m["token"], _ = json.Marshal(token)
	return json.Marshal(m)
}

// keptLogin is the part of a login response the Conn keeps (see retained).
type keptLogin struct {
	License         *livechat.License   `json:"license,omitempty"`
	MyProfile       *livechat.MyProfile `json:"my_profile,omitempty"`
	Customer        *livechat.Customer  `json:"customer,omitempty"`
	HasActiveThread bool                `json:"has_active_thread,omitempty"`
	Chats           []CustomerChat      `json:"chats,omitempty"`
}

// decodeKeptLogin decodes only the part of a login response the Conn keeps
// (the decoder skips the rest without building it): used when no state
// handler would receive the whole response, so that the chats summary of
// a large account is never built, nor leaves garbage interleaved with what
// is kept.
func decodeKeptLogin(raw json.RawMessage) (*LoginResponse, error) {
	var k keptLogin
	if len(raw) > 0 && string(raw) != "null" {
		if err := livechat.UnmarshalLenient(raw, &k); err != nil {
			return &LoginResponse{}, err
		}
	}
	return &LoginResponse{License: k.License, MyProfile: k.MyProfile, Customer: k.Customer,
		HasActiveThread: k.HasActiveThread, Chats: slices.Clip(k.Chats)}, nil
}

func decodeLogin(raw json.RawMessage) (*LoginResponse, error) {
	lr := &LoginResponse{}
	if len(raw) > 0 && string(raw) != "null" {
		if err := livechat.UnmarshalLenient(raw, lr); err != nil {
			return &LoginResponse{Raw: raw}, err
		}
	}
	lr.Raw = raw
	return lr, nil
}
