// Package simpleagent is Simple Agent, the sample agent app of the LiveChat
// Chat SDK, as a Go web app on this SDK.
//
// An agent signs in (OAuth 2 authorization code with PKCE against the
// accounts server, or a Personal Access Token configured on the server),
// sees the active chats live, reads and answers them, closes them, browses
// the archive and sees who they are. The server holds the agent's RTM
// connection (transport/rtm, one per signed-in browser session) and
// streams updates to the page with Server-Sent Events; the page is plain
// HTML, CSS and JavaScript embedded in the binary.
//
// Unread counts are the platform's: events others wrote after the agent's
// events_seen_up_to, which opening a chat moves (mark_events_as_seen), so
// they survive a reload. Sessions live in memory and end after
// WithSessionIdleTimeout (default 12 h) unused with no page open, closing
// their RTM connection.
//
// The access token never leaves the server: the browser holds only an
// HttpOnly, SameSite=Strict cookie naming its session (Secure under TLS),
// every state-changing request needs the session's CSRF token in a header,
// and the pages send a strict Content-Security-Policy.
//
//	app, err := simpleagent.New(
//		simpleagent.WithBaseURL("http://127.0.0.1:8080"),     // the emulator; omit for the platform
//		simpleagent.WithAccountsURL("http://127.0.0.1:8080"), // its accounts server
//		simpleagent.WithClientID(clientID),
//	)
//	http.ListenAndServe("127.0.0.1:8081", app)
//
// `livechat demo` runs it against the emulator; examples/simple-agent runs
// it against a real LiveChat account.
package simpleagent

import (
	"context"
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/webapp"
	"github.com/livechat-go/livechat/transport/rtm"
)

//go:embed static
var static embed.FS

// DefaultAccountsURL is the platform's accounts (OAuth) server.
const DefaultAccountsURL = "https://accounts.livechat.com"

type config struct {
	baseURL      string
	region       livechat.Region
	accountsURL  string
	authorizeURL string
	clientID     string
	patAccount   string
	pat          string
	publicURL    string
	secure       bool
	idle         time.Duration
	logger       *slog.Logger
	rtmOpts      []rtm.Option
}

// Option configures the app.
type Option func(*config)

// WithBaseURL sets the API base URL (e.g. the emulator's
// "http://127.0.0.1:8080"); by default the platform's, chosen by region.
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = strings.TrimRight(u, "/") } }

// WithRegion selects the platform's data centre (livechat.RegionUS or
// livechat.RegionEU) when the token does not tell.
func WithRegion(r livechat.Region) Option { return func(c *config) { c.region = r } }

// WithAccountsURL sets the accounts server that issues tokens (default
// https://accounts.livechat.com): its /v2/token is the token endpoint.
// The authorization endpoint is its root for the default server (the
// platform's) and /oauth/authorize for any other (the emulator's); see
// WithAuthorizeURL.
func WithAccountsURL(u string) Option {
	return func(c *config) { c.accountsURL = strings.TrimRight(u, "/") }
}

// WithAuthorizeURL sets the OAuth authorization endpoint explicitly.
func WithAuthorizeURL(u string) Option { return func(c *config) { c.authorizeURL = u } }

// WithClientID sets the OAuth client id (an app of the Developer Console
// with the redirect URI <app URL>/oauth/callback, or the emulator's
// seeded client). Without it OAuth sign-in is off.
func WithClientID(id string) Option { return func(c *config) { c.clientID = id } }

// WithPAT lets the agent sign in with a Personal Access Token kept on the
// server (account id and token from the Developer Console). Anyone who can
// open the app can then act as that agent: use it on loopback only.
func WithPAT(accountID, pat string) Option {
	return func(c *config) { c.patAccount, c.pat = accountID, pat }
}

// WithPublicURL sets the app's own URL as the browser sees it (for the
// OAuth redirect URI); by default it is taken from each request's Host.
func WithPublicURL(u string) Option {
	return func(c *config) { c.publicURL = strings.TrimRight(u, "/") }
}

// WithSecureCookies marks the session cookie Secure (set it when the app
// is served over TLS; requests over TLS get it anyway).
func WithSecureCookies(on bool) Option { return func(c *config) { c.secure = on } }

// DefaultSessionIdleTimeout is how long a signed-in session may go unused
// before it ends (WithSessionIdleTimeout).
const DefaultSessionIdleTimeout = 12 * time.Hour

// WithSessionIdleTimeout ends a signed-in session after d without a
// request from its browser and with no page of it open (an open page holds
// an event stream, which keeps the session alive): its RTM connection is
// closed, so the agent no longer counts as logged in for chat routing,
// and the browser has to sign in again. Default
// DefaultSessionIdleTimeout; d <= 0 keeps sessions until sign-out or
// Close.
func WithSessionIdleTimeout(d time.Duration) Option { return func(c *config) { c.idle = d } }

// WithLogger sets the logger (default: discarded). Tokens are never logged.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithRTMOptions adds options to every RTM connection (e.g. a shorter
// reconnect backoff in tests).
func WithRTMOptions(opts ...rtm.Option) Option {
	return func(c *config) { c.rtmOpts = append(c.rtmOpts, opts...) }
}

// App is the Simple Agent web app; it is an http.Handler.
type App struct {
	cfg      config
	mux      *http.ServeMux
	sessions *webapp.Sessions
	pending  sync.Map // OAuth state → *pendingLogin
	closed   chan struct{}
	closeMu  sync.Mutex // held while closing and while startSession creates a session
	once     sync.Once
}

// errClosing is the 503 answer once Close has been called.
const errClosing = "the app is shutting down"

// isClosed reports whether Close has been called.
func (a *App) isClosed() bool {
	select {
	case <-a.closed:
		return true
	default:
		return false
	}
}

// New returns the app. It needs a client id (OAuth) or a PAT.
func New(opts ...Option) (*App, error) {
	c := config{accountsURL: DefaultAccountsURL, idle: DefaultSessionIdleTimeout}
	for _, o := range opts {
		o(&c)
	}
	if c.clientID == "" && c.pat == "" {
		return nil, errors.New("simpleagent: set an OAuth client id (WithClientID) or a Personal Access Token (WithPAT)")
	}
	if (c.pat == "") != (c.patAccount == "") {
		return nil, errors.New("simpleagent: a PAT needs both the account id and the token")
	}
	if c.authorizeURL == "" {
		if c.accountsURL == DefaultAccountsURL {
			c.authorizeURL = DefaultAccountsURL + "/"
		} else {
			c.authorizeURL = c.accountsURL + "/oauth/authorize"
		}
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	a := &App{cfg: c, mux: http.NewServeMux(), sessions: &webapp.Sessions{Cookie: "simpleagent_session", Secure: c.secure}, closed: make(chan struct{})}
	if c.idle > 0 {
		a.sessions.IdleTimeout = c.idle
		a.sessions.OnExpire = func(ss *webapp.Session) {
			c.logger.Info("simpleagent: session expired after being idle", "idle", c.idle)
			ss.Value.(*session).close()
		}
		go a.sweepSessions(min(c.idle/4, time.Minute))
	}
	a.routes()
	return a, nil
}

// sweepSessions ends the idle sessions every interval until Close.
func (a *App) sweepSessions(interval time.Duration) {
	t := time.NewTicker(max(interval, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-a.closed:
			return
		case <-t.C:
			a.sessions.Sweep()
		}
	}
}

// ServeHTTP implements http.Handler.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.TLS != nil {
		a.sessions.ServedTLS()
	}
	webapp.Secure(a.mux).ServeHTTP(w, r)
}

// Close signs every session out of RTM (the tokens stay valid) and ends
// the event streams. The app answers 503 afterwards.
func (a *App) Close() error {
	a.once.Do(func() {
		a.closeMu.Lock()
		close(a.closed)
		a.closeMu.Unlock()
		for _, ss := range a.sessions.All() {
			ss.Value.(*session).close()
		}
	})
	return nil
}

func (a *App) routes() {
	m := a.mux
	webapp.MountStatic(m, static, "app.js", "app.css")
	m.HandleFunc("GET /login", a.login)
	m.HandleFunc("GET /oauth/callback", a.callback)
	m.HandleFunc("POST /login/pat", a.loginPAT)
	m.HandleFunc("POST /logout", a.withSession(a.logout))
	m.HandleFunc("GET /api/session", a.session)
	m.HandleFunc("GET /events", a.withSession(func(w http.ResponseWriter, r *http.Request, s *session) { s.hub.Serve(w, r) }))
	m.HandleFunc("GET /api/me", a.withSession(a.me))
	m.HandleFunc("GET /api/chats", a.withSession(a.listChats))
	m.HandleFunc("GET /api/chats/{id}", a.withSession(a.getChat))
	m.HandleFunc("POST /api/chats/{id}/messages", a.withSession(a.send))
	m.HandleFunc("POST /api/chats/{id}/typing", a.withSession(a.typing))
	m.HandleFunc("POST /api/chats/{id}/close", a.withSession(a.closeChat))
	m.HandleFunc("POST /api/chats/{id}/seen", a.withSession(a.seen))
	m.HandleFunc("GET /api/archives", a.withSession(a.archives))
}

// withSession runs h for a signed-in session; a state-changing request
// must pass the CSRF check.
func (a *App) withSession(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a.isClosed() {
			webapp.Error(w, http.StatusServiceUnavailable, errClosing)
			return
		}
		ss := a.sessions.Get(r)
		if ss == nil {
			webapp.Error(w, http.StatusUnauthorized, "not signed in")
			return
		}
		if r.Method != http.MethodGet && !webapp.CheckCSRF(w, r, ss) {
			return
		}
		h(w, r, ss.Value.(*session))
	}
}

// callTimeout bounds one API call made for the page.
const callTimeout = 15 * time.Second

func callCtx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), callTimeout)
}
