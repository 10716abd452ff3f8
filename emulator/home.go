package emulator

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator/home"
)

// The home page (GET /) is rendered by package home; this file only
// gathers what it shows.

// homeAlways are the emulator's own pages that a browser can open as they
// are (no credentials needed), always served.
var homeAlways = []home.Link{
	{Path: "/healthz", Title: "health check"},
}

// homeOptional are pages that other parts of the emulator may serve. The
// home page links one only after checking, once, that it answers, so it
// never links to a 404.
var homeOptional = []home.Link{
	{Path: "/openapi.json", Title: "OpenAPI description of the APIs"},
	{Path: "/emulator/ui", Title: "developer UI: requests, webhooks and state"},
}

// serveHome answers GET / and HEAD / with the home page.
func (s *Server) serveHome(w http.ResponseWriter, r *http.Request) {
	home.Handler(home.SourceFunc(s.homePage)).ServeHTTP(w, r)
}

func (s *Server) homePage(r *http.Request) home.Page {
	c := s.Credentials()
	base := c.URL
	if base == "" { // served through Handler without Start/Serve
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	ws := "ws" + strings.TrimPrefix(base, "http")
	p := home.Page{
		Name: "LiveChat emulator", Version: livechat.Version, BaseURL: base,
		OrganizationID: c.OrganizationID, LicenseID: c.LicenseID, ClientID: c.ClientID,
		APIs: []home.API{
			{Name: "Agent Chat API", Endpoints: []string{base + "/v3.6/agent/action/<action>", ws + "/v3.6/agent/rtm/ws", base + "/v3.6/agent/rtm/sjs/…"},
				Note: "Web (POST), RTM (WebSocket) and SockJS; versions 3.6, 3.5 and 3.4. Authorization: Bearer <token> or Basic <account_id:PAT>."},
			{Name: "Customer Chat API", Endpoints: []string{base + "/v3.6/customer/action/<action>?organization_id=" + c.OrganizationID,
				ws + "/v3.6/customer/rtm/ws?organization_id=" + c.OrganizationID}, Note: "Web and RTM, with a customer token."},
			{Name: "Configuration API", Endpoints: []string{base + "/v3.6/configuration/action/<action>"},
				Note: "Agents, bots, groups, properties, tags, auto access, webhooks, greetings, bans."},
			{Name: "REST API v2", Endpoints: []string{base + "/<resource>"},
				Note: "Legacy API: header X-API-Version: 2, Basic <login:API key>."},
			{Name: "Webhooks", Endpoints: []string{base + "/emulator/webhooks/deliveries"},
				Note: "v3 (register_webhook) and v2 (POST /webhooks) webhooks are delivered with retries; the deliveries are listed at this URL with the owner's credentials (livechat webhooks deliveries)."},
			{Name: "OAuth", Endpoints: []string{base + "/oauth/authorize", base + "/v2/token", base + "/v2/customer/token", base + "/v2/info"},
				Note: "Authorization code (PKCE), refresh token and customer tokens."},
		},
		Links: append(append([]home.Link(nil), homeAlways...), s.servedOptionalLinks()...),
	}
	if s.onLoopback() {
		p.Credentials = c
		for _, a := range []AgentCredentials{c.Owner, c.Agent} {
			p.CredentialRows = append(p.CredentialRows, home.Credential{Who: a.Role + " " + a.ID,
				Bearer: a.Token, PAT: a.AccountID + ":" + a.PAT, APIKey: a.ID + ":" + a.APIKey})
		}
		p.CredentialRows = append(p.CredentialRows,
			home.Credential{Who: "read-only owner", Bearer: c.ReadOnly.Token},
			home.Credential{Who: "bot " + c.Bot.ID, Bearer: c.Bot.Token})
		for _, cu := range c.Customers {
			p.CredentialRows = append(p.CredentialRows, home.Credential{Who: "customer " + cu.Name, Bearer: cu.Token})
		}
	} else {
		p.CredentialsHidden = "The well-known credentials are shown only when the emulator listens on a loopback address; " +
			"see the start banner of livechat serve, or its --credentials FILE."
	}
	return p
}

// onLoopback reports whether the server listens on a loopback address
// only; its well-known credentials are published (GET /) only then.
func (s *Server) onLoopback() bool {
	s.mux.Lock()
	l := s.listener
	s.mux.Unlock()
	if l == nil {
		return false
	}
	addr, ok := l.Addr().(*net.TCPAddr)
	return ok && addr.IP.IsLoopback()
}

// servedOptionalLinks returns the homeOptional pages that answer a GET
// with a success or a redirect, asking the server's own handler once.
func (s *Server) servedOptionalLinks() []home.Link {
	s.homeOnce.Do(func() {
		for _, l := range homeOptional {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.Path, nil)
			if err == nil {
				req.RemoteAddr = "127.0.0.1:0"
				req.Host = "localhost"
				st := &statusOnly{header: http.Header{}}
				s.handler.ServeHTTP(st, req)
				if st.status == 0 {
					st.status = http.StatusOK
				}
				if st.status < 400 {
					s.homeLinks = append(s.homeLinks, l)
				}
			}
			cancel()
		}
	})
	return s.homeLinks
}

// statusOnly is an http.ResponseWriter that keeps the status and drops the body.
type statusOnly struct {
	header http.Header
	status int
}

func (w *statusOnly) Header() http.Header { return w.header }
func (w *statusOnly) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}
func (w *statusOnly) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
