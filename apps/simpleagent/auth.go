package simpleagent

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/webapp"
)

// Sign-in: OAuth 2 authorization code with PKCE (S256), or the server's PAT.
//
//	GET  /login            redirect to the authorization endpoint (state, code_challenge)
//	GET  /oauth/callback   check state, exchange the code with the verifier, start the session
//	POST /login/pat        start a session with the configured PAT
//	POST /logout           end the session (RTM logout)

// pendingLogin is an authorization request in flight.
type pendingLogin struct {
	verifier, redirect string
	expires            time.Time
}

const (
	oauthCookie     = "simpleagent_oauth"
	pendingLifetime = 10 * time.Minute
)

func (a *App) oauthConfig(redirect string) *oauth2.Config {
	return &oauth2.Config{ClientID: a.cfg.clientID, RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{AuthURL: a.cfg.authorizeURL, TokenURL: a.cfg.accountsURL + "/v2/token", AuthStyle: oauth2.AuthStyleInParams}}
}

// redirectURI is <app URL>/oauth/callback.
func (a *App) redirectURI(r *http.Request) string {
	if a.cfg.publicURL != "" {
		return a.cfg.publicURL + "/oauth/callback"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/oauth/callback"
}

func (a *App) login(w http.ResponseWriter, r *http.Request) {
	if a.cfg.clientID == "" {
		webapp.Error(w, http.StatusNotFound, "OAuth sign-in is not configured (no client id)")
		return
	}
	state, verifier := webapp.RandToken(24), oauth2.GenerateVerifier()
	p := &pendingLogin{verifier: verifier, redirect: a.redirectURI(r), expires: time.Now().Add(pendingLifetime)}
	a.pending.Store(state, p)
	a.prunePending()
	// The state is also bound to this browser, so a callback started
	// elsewhere (login CSRF) is refused.
	http.SetCookie(w, &http.Cookie{Name: oauthCookie, Value: state, Path: "/oauth/callback", MaxAge: int(pendingLifetime.Seconds()),
		HttpOnly: true, Secure: a.sessions.SecureCookies(), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, a.oauthConfig(p.redirect).AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

func (a *App) prunePending() {
	now := time.Now()
	a.pending.Range(func(k, v any) bool {
		if now.After(v.(*pendingLogin).expires) {
			a.pending.Delete(k)
		}
		return true
	})
}

// signInError sends the browser back to the page with a message it shows.
func signInError(w http.ResponseWriter, r *http.Request, msg string) {
	http.Redirect(w, r, "/?error="+url.QueryEscape(msg), http.StatusFound)
}

func (a *App) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := q.Get("state")
	c, err := r.Cookie(oauthCookie)
	http.SetCookie(w, &http.Cookie{Name: oauthCookie, Path: "/oauth/callback", MaxAge: -1, HttpOnly: true, Secure: a.sessions.SecureCookies(), SameSite: http.SameSiteLaxMode})
	v, ok := a.pending.LoadAndDelete(state)
	if state == "" || !ok || err != nil || c.Value != state {
		signInError(w, r, "sign-in failed: unknown or expired sign-in attempt, try again")
		return
	}
	p := v.(*pendingLogin)
	if time.Now().After(p.expires) {
		signInError(w, r, "sign-in failed: the sign-in attempt expired, try again")
		return
	}
	if e := q.Get("oauth_exception"); e != "" {
		signInError(w, r, "sign-in refused by the accounts server: "+e+": "+q.Get("exception_details"))
		return
	}
	if e := q.Get("error"); e != "" {
		signInError(w, r, "sign-in refused by the accounts server: "+e)
		return
	}
	code := q.Get("code")
	if code == "" {
		signInError(w, r, "sign-in failed: the accounts server sent no code")
		return
	}
	cfg := a.oauthConfig(p.redirect)
	ctx, cancel := context.WithTimeout(r.Context(), callTimeout)
	defer cancel()
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(p.verifier))
	if err != nil {
		a.cfg.logger.Warn("simpleagent: code exchange failed", "error", oauthErrText(err))
		signInError(w, r, "sign-in failed: "+oauthErrText(err))
		return
	}
	src := newRefreshingSource(cfg, tok)
	if a.startSession(w, livechat.NewTokenSource(src), src.margin) {
		http.Redirect(w, r, "/", http.StatusFound)
	}
}

// oauthErrText names an OAuth failure without echoing any token.
func oauthErrText(err error) string {
	if re, ok := err.(*oauth2.RetrieveError); ok {
		if re.ErrorCode != "" {
			return re.ErrorCode + ": " + re.ErrorDescription
		}
		return "token endpoint answered HTTP " + re.Response.Status
	}
	return "cannot reach the accounts server"
}

func (a *App) loginPAT(w http.ResponseWriter, r *http.Request) {
	if a.cfg.pat == "" {
		webapp.Error(w, http.StatusNotFound, "no Personal Access Token is configured")
		return
	}
	if !webapp.SameOrigin(r) {
		webapp.Error(w, http.StatusForbidden, "cross-origin sign-in refused")
		return
	}
	if a.startSession(w, livechat.NewPAT(a.cfg.patAccount, a.cfg.pat), 0) {
		webapp.JSON(w, http.StatusOK, map[string]bool{"signed_in": true})
	}
}

func (a *App) logout(w http.ResponseWriter, r *http.Request, s *session) {
	a.sessions.Delete(w, r)
	s.logout()
	webapp.JSON(w, http.StatusOK, map[string]bool{"signed_in": false})
}

// session tells the page whether it is signed in, its CSRF token and the
// sign-in methods offered.
func (a *App) session(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{"signed_in": false, "oauth": a.cfg.clientID != "", "pat": a.cfg.pat != ""}
	if ss := a.sessions.Get(r); ss != nil {
		out["signed_in"], out["csrf"] = true, ss.CSRF
	}
	webapp.JSON(w, http.StatusOK, out)
}

// refreshingSource hands out the OAuth token and refreshes it a margin
// before it expires (a quarter of its lifetime, at most 2 minutes), so the
// RTM connection's update_session gets the new one in time.
type refreshingSource struct {
	cfg    *oauth2.Config
	margin time.Duration

	mu  sync.Mutex
	tok *oauth2.Token
}

func newRefreshingSource(cfg *oauth2.Config, tok *oauth2.Token) *refreshingSource {
	margin := 2 * time.Minute
	if !tok.Expiry.IsZero() {
		if q := time.Until(tok.Expiry) / 4; q < margin {
			margin = q
		}
	}
	return &refreshingSource{cfg: cfg, tok: tok, margin: margin}
}

// Token implements oauth2.TokenSource.
func (s *refreshingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.Expiry.IsZero() || time.Until(s.tok.Expiry) > s.margin || s.tok.RefreshToken == "" {
		return s.tok, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	tok, err := s.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: s.tok.RefreshToken}).Token()
	if err != nil {
		if time.Now().Before(s.tok.Expiry) {
			return s.tok, nil // still valid: try again on the next call
		}
		return nil, err
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = s.tok.RefreshToken
	}
	s.tok = tok
	return tok, nil
}
