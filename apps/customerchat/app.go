// Package customerchat is a minimal chat page for a website visitor, on
// the Customer Chat API: the visitor starts or resumes a chat, sends
// messages, sees the agent's replies and typing live, and can start a new
// chat after the agent closed one.
//
// Like a LiveChat widget, it gets a customer access token from the
// accounts server's cookie grant (POST /v2/customer/token with
// grant_type=cookie); the identity cookies that grant answers
// (__lc_cid, __lc_cst) are kept in one HttpOnly cookie of this app, so
// the visitor finds their chat again after a reload or a restart of the
// browser. The token itself stays on the server, which holds the
// customer's RTM connection and streams updates to the page with
// Server-Sent Events.
//
//	h, err := customerchat.New(
//		customerchat.WithBaseURL("http://127.0.0.1:8080"),
//		customerchat.WithAccountsURL("http://127.0.0.1:8080"),
//		customerchat.WithOrganizationID(orgID),
//		customerchat.WithClientID(clientID),
//	)
package customerchat

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/livechat-go/livechat/internal/webapp"
	"github.com/livechat-go/livechat/transport/rtm"
)

//go:embed static
var static embed.FS

type config struct {
	baseURL, accountsURL, orgID, clientID string
	group                                 int
	secure                                bool
	logger                                *slog.Logger
	rtmOpts                               []rtm.Option
	httpClient                            *http.Client
}

// Option configures the page.
type Option func(*config)

// WithBaseURL sets the API base URL (e.g. the emulator's).
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = strings.TrimRight(u, "/") } }

// WithAccountsURL sets the accounts server of the cookie grant (default
// https://accounts.livechat.com).
func WithAccountsURL(u string) Option {
	return func(c *config) { c.accountsURL = strings.TrimRight(u, "/") }
}

// WithOrganizationID sets the organization the visitor chats with (required).
func WithOrganizationID(id string) Option { return func(c *config) { c.orgID = id } }

// WithClientID sets the OAuth client id of the cookie grant (required).
func WithClientID(id string) Option { return func(c *config) { c.clientID = id } }

// WithGroupID routes new chats to a group (default 0).
func WithGroupID(g int) Option { return func(c *config) { c.group = g } }

// WithSecureCookies marks the cookies Secure (served over TLS behind a
// proxy; when the app itself is served over TLS they are Secure anyway).
func WithSecureCookies(on bool) Option { return func(c *config) { c.secure = on } }

// WithLogger sets the logger (default: discarded). Tokens are never logged.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithRTMOptions adds options to every customer RTM connection.
func WithRTMOptions(opts ...rtm.Option) Option {
	return func(c *config) { c.rtmOpts = append(c.rtmOpts, opts...) }
}

// WithHTTPClient sets the client of the token requests.
func WithHTTPClient(h *http.Client) Option { return func(c *config) { c.httpClient = h } }

// App is the customer chat page; it is an http.Handler.
type App struct {
	cfg      config
	mux      *http.ServeMux
	sessions *webapp.Sessions
	mu       sync.Mutex
	closed   bool
}

// New returns the page's handler.
func New(opts ...Option) (*App, error) {
	c := config{accountsURL: "https://accounts.livechat.com", httpClient: http.DefaultClient}
	for _, o := range opts {
		o(&c)
	}
	if c.orgID == "" || c.clientID == "" {
		return nil, errors.New("customerchat: the organization id (WithOrganizationID) and the client id (WithClientID) are required")
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	a := &App{cfg: c, mux: http.NewServeMux(), sessions: &webapp.Sessions{Cookie: "customerchat_session", Secure: c.secure}}
	a.routes()
	return a, nil
}

// ServeHTTP implements http.Handler.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.TLS != nil {
		a.sessions.ServedTLS() // the session cookie is Secure from now on
	}
	webapp.Secure(a.mux).ServeHTTP(w, r)
}

// Close ends every visitor's RTM connection and event stream.
func (a *App) Close() error {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	for _, ss := range a.sessions.All() {
		ss.Value.(*visitor).close()
	}
	return nil
}

func (a *App) routes() {
	m := a.mux
	webapp.MountStatic(m, static, "chat.js", "chat.css")
	m.HandleFunc("GET /api/session", a.session)
	m.HandleFunc("GET /events", a.withVisitor(func(w http.ResponseWriter, r *http.Request, v *visitor) { v.hub.Serve(w, r) }))
	m.HandleFunc("POST /api/messages", a.withVisitor(a.send))
	m.HandleFunc("POST /api/typing", a.withVisitor(a.typing))
}

func (a *App) withVisitor(h func(http.ResponseWriter, *http.Request, *visitor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ss := a.sessions.Get(r)
		if ss == nil {
			webapp.Error(w, http.StatusUnauthorized, "no chat session: reload the page")
			return
		}
		if r.Method != http.MethodGet && !webapp.CheckCSRF(w, r, ss) {
			return
		}
		h(w, r, ss.Value.(*visitor))
	}
}
