// Package emulator is a local, persistent emulator of the LiveChat
// platform, so that the SDK, its examples and any integration run and are
// tested with no account and no network. It serves:
//
//   - the Agent Chat API (versions 3.4, 3.5 and 3.6) over Web
//     (POST /v3.6/agent/action/<name>), RTM (WebSocket /v3.6/agent/rtm/ws)
//     and SockJS (/v3.6/agent/rtm/sjs/…, used by @livechat/chat-sdk);
//   - the Customer Chat API over Web and RTM, and the Configuration API;
//   - the legacy REST API v2 on the same data, its webhooks included;
//   - webhooks (registered with the Configuration API or REST v2, delivered
//     with retries and persisted), and the accounts/OAuth endpoints.
//
// Both front ends only frame and authenticate; one action dispatcher runs
// every action, whatever its transport, inside one SQLite transaction (a
// savepoint per action within a group commit: a failed action writes
// nothing), then fans out the resulting pushes to the RTM connections
// allowed to see them. Nothing is answered before its commit. State lives
// in SQLite through modernc.org/sqlite (WAL) in a data directory, or in
// memory (store.Memory); a restart on the same directory keeps everything.
//
// Chats are routed only to agents who accept chats and are logged in (an
// RTM connection that is not away, or an Agent Chat Web API call within
// the last 5 minutes; bots always): with nobody available a customer's
// chat is refused with groups_offline, or queued when continuous, and
// queued chats go to the next agent who becomes available (routing.go;
// README "Chat routing").
//
// Start one in a test with NewTest, or from the command line with
// `livechat serve`. The seeded, well-known credentials are returned by
// Server.Credentials.
package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/livechat-go/livechat/emulator/home"
	"github.com/livechat-go/livechat/emulator/reqlog"
	"github.com/livechat-go/livechat/emulator/state"
	"github.com/livechat-go/livechat/emulator/store"
)

// Config configures a Server. The zero value of every field has a default.
type Config struct {
	// Addr is the listen address for Start (default "127.0.0.1:8080").
	Addr string
	// DataDir holds the SQLite database; store.Memory (":memory:") keeps
	// everything in memory. Required.
	DataDir string
	// Logger receives the server's logs (default: discarded).
	Logger *slog.Logger
	// RateLimit is the sustained number of requests per second allowed per
	// token; 0 (the default) disables rate limiting.
	RateLimit rate.Limit
	// RateBurst is the burst allowed per token (default: max(1, RateLimit)).
	RateBurst int
	// LoginTimeout is how long an RTM connection may stay without login (default 30 s).
	LoginTimeout time.Duration
	// PingTimeout closes a logged-in RTM connection that stays silent that
	// long, with reason connection_timeout (default 30 s).
	PingTimeout time.Duration
	// RequestTimeout bounds one RTM request (default 15 s) → request_timeout.
	RequestTimeout time.Duration
	// MaxPendingRequests bounds unanswered requests per RTM connection (default 10);
	// one more is refused with pending_requests_limit_reached. A request stops
	// counting when its response is handed to the connection, so a client that
	// sends its next request only after an answer is never refused.
	MaxPendingRequests int
	// MaxBodyBytes bounds a Web API request body and an RTM frame (default 1 MiB).
	MaxBodyBytes int64
	// AccessTokenLifetime is the lifetime of agent access tokens issued by
	// the OAuth endpoints (default 28 800 s, as documented). See oauth.go.
	AccessTokenLifetime time.Duration
	// CustomerTokenLifetime is the lifetime of customer access tokens from
	// /v2/customer/token (default 28 800 s).
	CustomerTokenLifetime time.Duration
	// AuthCodeLifetime is how long an authorization code stays usable
	// (default 5 minutes).
	AuthCodeLifetime time.Duration
	// OAuthRedirectURIs are the redirect URIs registered for the seeded
	// OAuth client (Credentials.ClientID) besides the loopback ones, which
	// are always allowed: /oauth/authorize refuses any other. An entry
	// ending in "/" allows every path below it. See oauth.go.
	OAuthRedirectURIs []string
	// SockJSHeartbeat is the interval of "h" frames on the SockJS RTM
	// endpoint /v3.x/agent/rtm/sjs (default 25 s). See sockjs.go.
	SockJSHeartbeat time.Duration
	// TLS serves HTTPS and WSS with a local CA and a leaf certificate for
	// localhost, 127.0.0.1, ::1 and the platform host names, generated on
	// first use under DataDir/tls and reused after (kept in memory with
	// store.Memory). See Server.CACertFile and tls.go.
	TLS bool
	// TLSCertFile and TLSKeyFile name a PEM certificate (chain) and its key
	// to serve instead of the generated ones; setting them implies TLS.
	TLSCertFile, TLSKeyFile string
	// MaxAgentConnections bounds the RTM connections one agent may hold;
	// a login beyond it evicts the agent's oldest connection with
	// agent_disconnected{reason: connection_evicted} (0: no limit).
	MaxAgentConnections int
	// MaxConnections bounds the logged-in RTM connections of the license;
	// a login beyond it is refused and the new connection is closed with
	// agent_disconnected{reason: too_many_connections} (0: no limit).
	MaxConnections int
	// WebhookTimeout bounds one webhook delivery attempt (default 10 s);
	// a slower receiver counts as a failed attempt.
	WebhookTimeout time.Duration
	// WebhookRetryDelay is the delay before the first retry of a failed
	// webhook delivery (default 20 s); each further retry waits twice as
	// long, up to WebhookMaxRetryDelay (default 1 h). See webhooks.go.
	WebhookRetryDelay, WebhookMaxRetryDelay time.Duration
	// WebhookMaxRetries is how many times a failed delivery is retried
	// before it is marked failed (default 10).
	WebhookMaxRetries int
	// RequestValidator, when set, checks every action's payload (Web API
	// and RTM) before it runs and answers a validation error naming the
	// JSON path of the bad member (off by default, like Prism's); when it
	// is also a V2RequestValidator, REST API v2 requests are checked too
	// and refused with REST v2's 400 {"error"}. *validate.Validator of
	// package api/validate implements both against api/openapi.json; see
	// openapi.go and `livechat serve --validate`.
	RequestValidator RequestValidator
	// BodyReadTimeout bounds the time to read a request body after its
	// headers (default 10 s); IdleTimeout closes an idle keep-alive
	// connection (default 2 minutes). See timeouts.go.
	BodyReadTimeout, IdleTimeout time.Duration

	// Seed documents (package emulator/state; state.ReadFile or
	// state.FromValue) are merged over the well-known seed when New
	// creates the state, and again by Reset.
	Seed []*state.Document
	// Import, when set, replaces the state on start (an existing one
	// too), and Reset returns to it.
	Import *state.Document
	// ExportOnExit names a file Close writes the state to (JSON, or YAML
	// for .yaml/.yml names) before stopping.
	ExportOnExit string
	// RequestLog records every HTTP request and RTM frame (default: a
	// reqlog.Log of reqlog.DefaultSize entries); GET /emulator/requests
	// and /emulator/ui read it.
	RequestLog *reqlog.Log
}

func (c *Config) defaults() error {
	if c.DataDir == "" {
		return errors.New("emulator: Config.DataDir is required (use \":memory:\" for a throwaway state)")
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.RateBurst <= 0 {
		c.RateBurst = max(1, int(c.RateLimit))
	}
	if c.LoginTimeout <= 0 {
		c.LoginTimeout = 30 * time.Second
	}
	if c.PingTimeout <= 0 {
		c.PingTimeout = 30 * time.Second
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 15 * time.Second
	}
	if c.MaxPendingRequests <= 0 {
		c.MaxPendingRequests = 10
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.BodyReadTimeout <= 0 {
		c.BodyReadTimeout = 10 * time.Second
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 2 * time.Minute
	}
	if c.RequestLog == nil {
		c.RequestLog = reqlog.New(reqlog.DefaultSize)
	}
	return nil
}

// Server is a running (or ready to run) emulator.
type Server struct {
	cfg   Config
	log   *slog.Logger
	db    *store.DB
	creds Credentials

	// mu serialises actions: one transaction at a time, and pushes leave
	// in commit order.
	mu sync.Mutex

	tokenCache sync.Map // credential key → *Identity
	limiters   sync.Map // credential key → *rate.Limiter
	hub        *hub

	jobs       chan *job
	arriving   atomic.Int64 // RTM requests read but not yet queued for the writer (runWriter)
	stopWriter chan struct{}
	writerDone chan struct{}
	stmts      map[string]*sql.Stmt // guarded by mu
	stmtMiss   map[string]struct{}  // guarded by mu
	lastTick   time.Time            // guarded by mu
	deferW     int64                // deferred-write watermark, -1 = not read yet; guarded by mu (deferred.go)
	owed       int                  // events after deferW, -1 = not counted yet; guarded by mu (deferred.go)

	wh *webhookWorker // webhook delivery (webhooks.go)

	seededNow bool        // New created the state (snapshot.go)
	reqs      *reqlog.Log // request log (reqlog.go)

	tls      *tlsState // nil without TLS (tls.go)
	httpSrv  *http.Server
	handler  http.Handler
	mux      sync.Mutex
	listener net.Listener
	url      string
	closed   chan struct{}
	closeErr error
	once     sync.Once
	serveWG  sync.WaitGroup

	homeOnce  sync.Once   // home.go: the optional links are checked once
	homeLinks []home.Link // home.go
}

// New opens (or creates and seeds) the state in cfg.DataDir and returns
// a server that is not yet listening; call Start or Serve.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if err := validateRedirectURIs(cfg.OAuthRedirectURIs); err != nil { // redirect.go
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, db: db, closed: make(chan struct{}), reqs: cfg.RequestLog,
		jobs: make(chan *job, 1024), stopWriter: make(chan struct{}), writerDone: make(chan struct{}),
		stmts: map[string]*sql.Stmt{}, stmtMiss: map[string]struct{}{}}
	s.forgetQueued()
	s.hub = newHub(s)
	if s.tls, err = loadTLS(cfg); err != nil { // tls.go
		db.Close()
		return nil, err
	}
	creds, err := s.seed(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("emulator: seed: %w", err)
	}
	s.creds = creds
	go s.runWriter()
	s.startWebhooks() // webhooks.go
	s.handler = s.routes()
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       cfg.IdleTimeout, // slow clients: timeouts.go
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	return s, nil
}

// Handler returns the server's http.Handler (for embedding it elsewhere).
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on Config.Addr and serves in the background.
func (s *Server) Start() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("emulator: listen: %w", err)
	}
	l = s.tlsListener(l)
	s.setListener(l)
	s.serveWG.Add(1)
	go func() {
		defer s.serveWG.Done()
		if err := s.httpSrv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "error", err)
		}
	}()
	return nil
}

// Serve serves on l until Close; it returns nil after Close.
func (s *Server) Serve(l net.Listener) error {
	l = s.tlsListener(l)
	s.setListener(l)
	err := s.httpSrv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func (s *Server) setListener(l net.Listener) {
	s.mux.Lock()
	defer s.mux.Unlock()
	s.listener = l
	s.url = s.scheme() + "://" + l.Addr().String()
	s.creds.setURL(s.url)
}

// URL returns the base URL ("http://127.0.0.1:8080") once listening.
func (s *Server) URL() string {
	s.mux.Lock()
	defer s.mux.Unlock()
	return s.url
}

// Credentials returns the seeded well-known credentials, with URLs filled
// in once the server listens.
func (s *Server) Credentials() Credentials {
	s.mux.Lock()
	defer s.mux.Unlock()
	return s.creds.clone()
}

// ReasonShutdown is the disconnect reason Close gives every RTM client
// (agent_disconnected and customer_disconnected pushes, and the WebSocket
// close reason): the one the platform uses when its service goes away for
// a while. Clients may reconnect on it (livechat's ShouldReconnect is true,
// as for every reason not documented as final), so SDK clients reconnect
// with backoff and resume once an emulator serves the same data again.
const ReasonShutdown = "service_temporarily_unavailable"

// Close writes the state to Config.ExportOnExit when set, disconnects
// every RTM client with ReasonShutdown, stops the HTTP
// server and closes the database. It is safe to call twice.
func (s *Server) Close() error {
	s.once.Do(func() {
		exportErr := s.exportOnExit() // snapshot.go
		close(s.closed)
		s.hub.closeAll(ReasonShutdown)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.httpSrv.Shutdown(ctx); err != nil {
			s.httpSrv.Close()
		}
		s.hub.wait()
		s.serveWG.Wait()
		close(s.stopWriter)
		<-s.writerDone
		s.stopWebhooks() // webhooks.go
		s.mu.Lock()
		for _, st := range s.stmts {
			st.Close()
		}
		s.closeErr = errors.Join(exportErr, s.db.Close())
		s.mu.Unlock()
	})
	return s.closeErr
}

// NewTest starts an in-memory emulator on 127.0.0.1:0 and closes it when
// the test ends. Optional cfg values override the test defaults.
func NewTest(t testing.TB, cfg ...Config) *Server {
	t.Helper()
	c := Config{}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	if c.DataDir == "" {
		c.DataDir = store.Memory
	}
	c.Addr = "127.0.0.1:0"
	s, err := New(context.Background(), c)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	if err := s.Start(); err != nil {
		s.Close()
		t.Fatalf("emulator: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
