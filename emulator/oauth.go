package emulator

// Global Accounts (accounts.livechat.com) on the emulator's own host
// (protocol.md §7). Endpoints:
//
//	GET    /oauth/authorize                       authorization endpoint (no login page, see below)
//	POST   /v2/token                              grant_type authorization_code (+PKCE) | refresh_token
//	GET    /v2/info                               validate a token (Bearer)
//	DELETE /v2/token                              revoke (Bearer or ?code=<token>); also revokes the refresh token
//	POST   /v2/customer/token                     customer tokens: grant_type cookie | agent_token
//	POST   /v2/customer/<organization_id>/<group_id>/token
//
// The one OAuth client is the seeded Credentials.ClientID with the secret
// OAuthClientSecret. Its redirect_uri must be registered (redirect.go): an
// http URL on a loopback host (127.0.0.1, [::1], localhost; any port, as
// RFC 8252 §7.3 allows native apps, which covers `livechat demo`), or one of
// Config.OAuthRedirectURIs; only http and https are ever accepted. A refused
// redirect_uri is answered as a JSON error and never redirected to. The
// redirect_uri must be repeated unchanged at the code exchange.
//
// /oauth/authorize stands in for https://accounts.livechat.com/?response_type=…:
// there is no login page. It signs in the agent named by the login_hint
// parameter (an agent id such as "agent@livechat.local" or its account id;
// default: the seeded owner) at once and redirects to redirect_uri with
// ?code=…&state=… (response_type=code) or #access_token=…&token_type=Bearer&expires_in=…
// (response_type=token). Without redirect_uri it answers the same values
// as JSON, which suits tests. Errors go back to redirect_uri as
// ?oauth_exception=<code>&exception_details=<text>, or as a JSON error
// when no valid redirect is known.
//
// Token endpoint errors use the OAuth 2 shape that golang.org/x/oauth2
// decodes: {"error": "invalid_grant", "error_description": "…"} with
// HTTP 400 (401 for invalid_client).

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/livechat-go/livechat"
)

// OAuthClientSecret is the client secret of the seeded OAuth client
// (Credentials.ClientID).
const OAuthClientSecret = "emulator-client-secret"

// Documented lifetimes [doc]: access and customer tokens 8 h.
const (
	defaultAccessTokenLifetime   = 28800 * time.Second
	defaultCustomerTokenLifetime = 28800 * time.Second
	defaultAuthCodeLifetime      = 5 * time.Minute
	customerCookieMaxAge         = 2 * 365 * 24 * 3600 // 2 years
	maxOAuthBody                 = 64 << 10
	maxTokensPerClient           = 25
)

func (s *Server) accessTTL() time.Duration {
	if s.cfg.AccessTokenLifetime > 0 {
		return s.cfg.AccessTokenLifetime
	}
	return defaultAccessTokenLifetime
}

func (s *Server) customerTTL() time.Duration {
	if s.cfg.CustomerTokenLifetime > 0 {
		return s.cfg.CustomerTokenLifetime
	}
	return defaultCustomerTokenLifetime
}

func (s *Server) codeTTL() time.Duration {
	if s.cfg.AuthCodeLifetime > 0 {
		return s.cfg.AuthCodeLifetime
	}
	return defaultAuthCodeLifetime
}

// oauthError is an OAuth 2 error answer (RFC 6749 §5.2).
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
	status      int
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

func oerr(status int, code, desc string) *oauthError {
	return &oauthError{Code: code, Description: desc, status: status}
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="`+e.Code+`"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.status, e)
}

// serveAccounts routes the Global Accounts paths; it reports false for
// any other path.
func (s *Server) serveAccounts(w http.ResponseWriter, r *http.Request) bool {
	path := strings.Trim(r.URL.Path, "/")
	switch {
	case path == "oauth/authorize":
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			writeOAuthError(w, oerr(http.StatusMethodNotAllowed, "invalid_request", "use GET"))
			return true
		}
		s.serveAuthorize(w, r)
	case path == "v2/token":
		switch r.Method {
		case http.MethodPost:
			s.serveToken(w, r)
		case http.MethodDelete:
			s.serveRevoke(w, r)
		default:
			w.Header().Set("Allow", "POST, DELETE")
			writeOAuthError(w, oerr(http.StatusMethodNotAllowed, "invalid_request", "use POST or DELETE"))
		}
	case path == "v2/info":
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			writeOAuthError(w, oerr(http.StatusMethodNotAllowed, "invalid_request", "use GET"))
			return true
		}
		s.serveInfo(w, r)
	case path == "v2/customer/token":
		s.serveCustomerToken(w, r, "", -1)
	case strings.HasPrefix(path, "v2/customer/") && strings.HasSuffix(path, "/token"):
		parts := strings.Split(path, "/")
		if len(parts) != 5 {
			return false
		}
		g, err := strconv.Atoi(parts[3])
		if err != nil || g < 0 {
			writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", "group id must be a non-negative number"))
			return true
		}
		s.serveCustomerToken(w, r, parts[2], g)
	default:
		return false
	}
	return true
}

// randToken returns n random bytes, base64url without padding.
func randToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// withTx runs fn in its own transaction, serialised with the action writer.
func (s *Server) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// readForm parses an application/x-www-form-urlencoded or JSON body into
// values, bounded by maxOAuthBody.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *oauthError) {
	r.Body = http.MaxBytesReader(w, r.Body, maxOAuthBody)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		data, err := io.ReadAll(r.Body)
		if err == nil && !utf8.Valid(data) { // the decoder would turn the bytes into U+FFFD
			return nil, oerr(http.StatusBadRequest, "invalid_request", "the body is not valid UTF-8")
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err == nil {
			err = dec.Decode(&m)
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, oerr(http.StatusRequestEntityTooLarge, "invalid_request", "request body too large")
			}
			return nil, oerr(http.StatusBadRequest, "invalid_request", "body must be a JSON object")
		}
		v := url.Values{}
		for k, x := range m {
			switch t := x.(type) {
			case string:
				v.Set(k, t)
			case json.Number:
				v.Set(k, t.String())
			case bool:
				v.Set(k, strconv.FormatBool(t))
			case nil:
			default:
				return nil, oerr(http.StatusBadRequest, "invalid_request", k+" must be a string")
			}
		}
		for k, vals := range r.URL.Query() {
			if _, ok := v[k]; !ok {
				v[k] = vals
			}
		}
		return v, formUTF8Error(v) // oauthform.go
	}
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, oerr(http.StatusRequestEntityTooLarge, "invalid_request", "request body too large")
		}
		return nil, oerr(http.StatusBadRequest, "invalid_request", "cannot parse the form body")
	}
	return r.Form, formUTF8Error(r.Form) // oauthform.go
}

// clientAuth returns the client id and secret from HTTP Basic auth or
// the form, and checks them: the id must be the seeded client's; the
// secret, when given, must match. It reports whether a secret was given.
func (s *Server) clientAuth(r *http.Request, f url.Values) (string, bool, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if basic {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = f.Get("client_id"), f.Get("client_secret")
	}
	if id == "" {
		return "", false, oerr(http.StatusBadRequest, "invalid_request", "client_id is required")
	}
	if id != s.creds.ClientID {
		return "", false, oerr(http.StatusUnauthorized, "invalid_client", "unknown client_id")
	}
	if secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(OAuthClientSecret)) != 1 {
		return "", false, oerr(http.StatusUnauthorized, "invalid_client", "wrong client_secret")
	}
	return id, secret != "", nil
}

var challengeRe = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		f, e := readForm(w, r)
		if e != nil {
			writeOAuthError(w, e)
			return
		}
		q = f
	}
	clientID, redirect, state := q.Get("client_id"), q.Get("redirect_uri"), q.Get("state")
	if clientID == "" {
		writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", "client_id is required"))
		return
	}
	if clientID != s.creds.ClientID {
		writeOAuthError(w, oerr(http.StatusBadRequest, "unauthorized_client", "unknown client_id"))
		return
	}
	var ru *url.URL
	if redirect != "" {
		u, e := s.checkRedirectURI(redirect)
		if e != nil {
			writeOAuthError(w, e)
			return
		}
		ru = u
	}
	fail := func(code, details string) {
		if ru == nil {
			writeOAuthError(w, oerr(http.StatusBadRequest, code, details))
			return
		}
		u := *ru
		v := u.Query()
		v.Set("oauth_exception", code)
		v.Set("exception_details", details)
		if state != "" {
			v.Set("state", state)
		}
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	rt := q.Get("response_type")
	if rt != "code" && rt != "token" {
		fail("unsupported_response_type", "response_type must be code or token")
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if method == "" && challenge != "" {
		method = "plain"
	}
	if challenge != "" || method != "" {
		if rt != "code" {
			fail("invalid_request", "code_challenge goes with response_type=code")
			return
		}
		if method != "plain" && method != "S256" {
			fail("invalid_request", "code_challenge_method must be plain or S256")
			return
		}
		if !challengeRe.MatchString(challenge) {
			fail("invalid_request", "code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]")
			return
		}
	}
	agentID, scopes, err := s.oauthUser(r.Context(), q.Get("login_hint"))
	var noAgent errNoSuchAgent
	if errors.As(err, &noAgent) {
		fail("access_denied", err.Error())
		return
	}
	if err != nil {
		s.log.Error("oauth authorize: user lookup", "error", err)
		fail("server_error", "cannot issue the grant")
		return
	}
	now := time.Now().UTC()
	out := url.Values{}
	if rt == "code" {
		code := randToken(24)
		err = s.withTx(r.Context(), func(tx *sql.Tx) error {
			_, err := tx.ExecContext(r.Context(), `INSERT INTO oauth_codes(code, client_id, redirect_uri, challenge, challenge_method, agent_id, scopes, expires_at)
				VALUES (?,?,?,?,?,?,?,?)`, code, clientID, redirect, challenge, method, agentID, scopes, nowStamp(now.Add(s.codeTTL())))
			return err
		})
		out.Set("code", code)
	} else {
		var tok *issued
		err = s.withTx(r.Context(), func(tx *sql.Tx) error {
			var err error
			tok, err = s.issueAgentToken(r.Context(), tx, clientID, agentID, scopes, false, false)
			return err
		})
		if tok != nil {
			out.Set("access_token", tok.access)
			out.Set("token_type", "Bearer")
			out.Set("expires_in", strconv.Itoa(int(s.accessTTL().Seconds())))
		}
	}
	if err != nil {
		s.log.Error("oauth authorize", "error", err)
		fail("server_error", "cannot issue the grant")
		return
	}
	if state != "" {
		out.Set("state", state)
	}
	if ru == nil {
		m := map[string]string{}
		for k := range out {
			m[k] = out.Get(k)
		}
		writeJSON(w, http.StatusOK, m)
		return
	}
	u := *ru
	if rt == "code" {
		v := u.Query()
		for k := range out {
			v.Set(k, out.Get(k))
		}
		u.RawQuery = v.Encode()
	} else {
		u.Fragment = out.Encode()
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// oauthUser resolves login_hint (agent id or account id; default owner)
// to an agent and the scopes of its first Bearer token.
func (s *Server) oauthUser(ctx context.Context, hint string) (string, string, error) {
	if hint == "" {
		hint = s.creds.Owner.ID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var id string
	err := s.db.SQL().QueryRowContext(ctx, `SELECT id FROM agents WHERE (id = ? OR (account_id = ? AND account_id != '')) AND is_bot = 0`, hint, hint).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errNoSuchAgent(hint)
	}
	if err != nil {
		return "", "", err
	}
	var scopes string
	err = s.db.SQL().QueryRowContext(ctx, `SELECT scopes FROM tokens WHERE entity_id = ? AND kind = 'bearer' ORDER BY (client_id != ''), created_at, token LIMIT 1`, id).Scan(&scopes)
	if errors.Is(err, sql.ErrNoRows) {
		scopes, err = strings.Join(agentScopes, ","), nil
	}
	return id, scopes, err
}

// errNoSuchAgent is oauthUser's answer for a login hint naming nobody.
type errNoSuchAgent string

func (e errNoSuchAgent) Error() string { return "no such agent: " + string(e) }

// issued is a freshly issued agent token pair.
type issued struct {
	access, refresh, accountID, scopes string
	expiresAt                          time.Time
}

// issueAgentToken stores a new access token (and, when withRefresh, a
// refresh token) for agentID; refresh names an existing refresh token to
// link instead of a new one.
func (s *Server) issueAgentToken(ctx context.Context, tx *sql.Tx, clientID, agentID, scopes string, withRefresh, rotate bool, reuseRefresh ...string) (*issued, error) {
	var acc string
	if err := tx.QueryRowContext(ctx, `SELECT account_id FROM agents WHERE id = ?`, agentID).Scan(&acc); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	t := &issued{access: "dal:" + randToken(20), accountID: acc, scopes: scopes, expiresAt: now.Add(s.accessTTL())}
	if len(reuseRefresh) > 0 && reuseRefresh[0] != "" {
		t.refresh = reuseRefresh[0]
	} else if withRefresh {
		t.refresh = randToken(24)
		if _, err := tx.ExecContext(ctx, `INSERT INTO oauth_refresh_tokens(token, client_id, agent_id, scopes, rotate, created_at) VALUES (?,?,?,?,?,?)`,
			t.refresh, clientID, agentID, scopes, b2i(rotate), nowStamp(now)); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at, expires_at, client_id, refresh_token)
		VALUES (?, 'bearer', ?, ?, ?, 'dal', 'oauth', ?, ?, ?, ?)`,
		t.access, acc, agentID, scopes, nowStamp(now), nowStamp(t.expiresAt), clientID, t.refresh); err != nil {
		return nil, err
	}
	return t, s.trimTokens(ctx, tx, clientID, agentID)
}

// trimTokens keeps at most 25 access tokens per client and user; the
// oldest go first [doc].
func (s *Server) trimTokens(ctx context.Context, tx *sql.Tx, clientID, entityID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT token FROM tokens WHERE client_id = ? AND entity_id = ? ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?`,
		clientID, entityID, maxTokensPerClient)
	if err != nil {
		return err
	}
	var old []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		old = append(old, t)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for _, t := range old {
		if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE token = ?`, t); err != nil {
			return err
		}
		s.tokenCache.Delete(t)
	}
	return nil
}

func tokenResponse(s *Server, t *issued, clientID string) map[string]any {
	out := map[string]any{
		"access_token": t.access, "account_id": t.accountID, "expires_in": int(time.Until(t.expiresAt).Round(time.Second).Seconds()),
		"organization_id": s.creds.OrganizationID, "scope": t.scopes, "token_type": "Bearer", "client_id": clientID,
	}
	if t.refresh != "" {
		out["refresh_token"] = t.refresh
	}
	return out
}

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	f, e := readForm(w, r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	switch f.Get("grant_type") {
	case "authorization_code":
		s.exchangeCode(w, r, f)
	case "refresh_token":
		s.refreshGrant(w, r, f)
	case "":
		writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", "grant_type is required"))
	default:
		writeOAuthError(w, oerr(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"))
	}
}

func verifyPKCE(method, challenge, verifier string) bool {
	if !challengeRe.MatchString(verifier) {
		return false
	}
	switch method {
	case "S256":
		sum := sha256.Sum256([]byte(verifier))
		return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
	case "plain":
		return subtle.ConstantTimeCompare([]byte(verifier), []byte(challenge)) == 1
	}
	return false
}

func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request, f url.Values) {
	clientID, hasSecret, e := s.clientAuth(r, f)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	code := f.Get("code")
	if code == "" {
		writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", "code is required"))
		return
	}
	ctx := r.Context()
	var tok *issued
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var cid, redirect, challenge, method, agentID, scopes, exp string
		var used int
		err := tx.QueryRowContext(ctx, `SELECT client_id, redirect_uri, challenge, challenge_method, agent_id, scopes, expires_at, used FROM oauth_codes WHERE code = ?`, code).
			Scan(&cid, &redirect, &challenge, &method, &agentID, &scopes, &exp, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return oerr(http.StatusBadRequest, "invalid_grant", "unknown authorization code")
		}
		if err != nil {
			return err
		}
		switch {
		case used != 0:
			return oerr(http.StatusBadRequest, "invalid_grant", "the authorization code was already used")
		case exp <= nowStamp(time.Now()):
			return oerr(http.StatusBadRequest, "invalid_grant", "the authorization code expired")
		case cid != clientID:
			return oerr(http.StatusBadRequest, "invalid_grant", "the code was issued to another client")
		case redirect != f.Get("redirect_uri"):
			return oerr(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
		}
		verifier := f.Get("code_verifier")
		if challenge != "" {
			if verifier == "" {
				return oerr(http.StatusBadRequest, "invalid_request", "code_verifier is required (PKCE)")
			}
			if !verifyPKCE(method, challenge, verifier) {
				return oerr(http.StatusBadRequest, "invalid_grant", "code_verifier does not match code_challenge")
			}
		} else if !hasSecret {
			return oerr(http.StatusUnauthorized, "invalid_client", "client_secret is required without PKCE")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE oauth_codes SET used = 1 WHERE code = ?`, code); err != nil {
			return err
		}
		// Refresh tokens rotate for web (PKCE, no secret) clients [doc].
		tok, err = s.issueAgentToken(ctx, tx, clientID, agentID, scopes, true, !hasSecret)
		return err
	})
	s.finishToken(w, tok, clientID, err)
}

func (s *Server) finishToken(w http.ResponseWriter, tok *issued, clientID string, err error) {
	var oe *oauthError
	if errors.As(err, &oe) {
		writeOAuthError(w, oe)
		return
	}
	if err != nil {
		s.log.Error("oauth token", "error", err)
		writeOAuthError(w, oerr(http.StatusInternalServerError, "server_error", "cannot issue the token"))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse(s, tok, clientID))
}

func (s *Server) refreshGrant(w http.ResponseWriter, r *http.Request, f url.Values) {
	clientID, _, e := s.clientAuth(r, f)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	rt := f.Get("refresh_token")
	if rt == "" {
		writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", "refresh_token is required"))
		return
	}
	ctx := r.Context()
	var tok *issued
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var cid, agentID, scopes string
		var rotate int
		err := tx.QueryRowContext(ctx, `SELECT client_id, agent_id, scopes, rotate FROM oauth_refresh_tokens WHERE token = ?`, rt).Scan(&cid, &agentID, &scopes, &rotate)
		if errors.Is(err, sql.ErrNoRows) {
			return oerr(http.StatusBadRequest, "invalid_grant", "unknown or revoked refresh token")
		}
		if err != nil {
			return err
		}
		if cid != clientID {
			return oerr(http.StatusBadRequest, "invalid_grant", "the refresh token was issued to another client")
		}
		if rotate == 1 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM oauth_refresh_tokens WHERE token = ?`, rt); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tokens SET refresh_token = '' WHERE refresh_token = ?`, rt); err != nil {
				return err
			}
			tok, err = s.issueAgentToken(ctx, tx, clientID, agentID, scopes, true, true)
			return err
		}
		tok, err = s.issueAgentToken(ctx, tx, clientID, agentID, scopes, false, false, rt)
		return err
	})
	s.finishToken(w, tok, clientID, err)
}

// bearerOf returns the token of an "Authorization: Bearer …" header.
func bearerOf(r *http.Request) string {
	scheme, cred, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "bearer") {
		return ""
	}
	return strings.TrimSpace(cred)
}

func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	tok := bearerOf(r)
	if tok == "" {
		writeOAuthError(w, oerr(http.StatusUnauthorized, "invalid_request", "Authorization: Bearer <token> is required"))
		return
	}
	var kind, acc, entity, scopes, exp, client, refresh string
	s.mu.Lock()
	err := s.db.SQL().QueryRowContext(r.Context(), `SELECT kind, account_id, entity_id, scopes, expires_at, client_id, refresh_token FROM tokens WHERE token = ? AND kind != 'pat'`, tok).
		Scan(&kind, &acc, &entity, &scopes, &exp, &client, &refresh)
	s.mu.Unlock()
	if errors.Is(err, sql.ErrNoRows) {
		writeOAuthError(w, oerr(http.StatusUnauthorized, "unauthorized", "invalid or revoked access token"))
		return
	}
	if err != nil {
		s.log.Error("oauth info: token lookup", "error", err)
		writeOAuthError(w, oerr(http.StatusInternalServerError, "server_error", "cannot read the token"))
		return
	}
	expiresIn := int(s.accessTTL().Seconds()) // seeded tokens never expire
	if exp != "" {
		t, err := parseTS(exp)
		if err != nil {
			s.log.Error("oauth info: token expiry", "error", err)
			writeOAuthError(w, oerr(http.StatusInternalServerError, "server_error", "cannot read the token"))
			return
		}
		if !time.Now().Before(t) {
			writeOAuthError(w, oerr(http.StatusUnauthorized, "unauthorized", "the access token expired"))
			return
		}
		expiresIn = int(time.Until(t).Round(time.Second).Seconds())
	}
	if client == "" {
		client = s.creds.ClientID
	}
	out := map[string]any{"access_token": tok, "account_id": acc, "client_id": client, "expires_in": expiresIn,
		"organization_id": s.creds.OrganizationID, "scope": scopes, "token_type": "Bearer"}
	if kind == "customer" {
		out["entity_id"] = entity
		delete(out, "account_id")
	}
	if refresh != "" {
		out["refresh_token"] = refresh
	}
	writeJSON(w, http.StatusOK, out)
}

// serveRevoke revokes an access token (and its refresh token) or a
// refresh token (and the access tokens issued with it).
func (s *Server) serveRevoke(w http.ResponseWriter, r *http.Request) {
	tok := bearerOf(r)
	if tok == "" {
		tok = r.URL.Query().Get("code")
	}
	if tok == "" {
		writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", "pass the token as Authorization: Bearer <token> or ?code=<token>"))
		return
	}
	ctx := r.Context()
	var revoked []string
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var refresh string
		err := tx.QueryRowContext(ctx, `SELECT refresh_token FROM tokens WHERE token = ? AND kind != 'pat'`, tok).Scan(&refresh)
		switch {
		case err == nil:
			revoked = append(revoked, tok)
			if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE token = ?`, tok); err != nil {
				return err
			}
			if refresh != "" {
				if _, err := tx.ExecContext(ctx, `DELETE FROM oauth_refresh_tokens WHERE token = ?`, refresh); err != nil {
					return err
				}
			}
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM oauth_refresh_tokens WHERE token = ?`, tok)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return oerr(http.StatusBadRequest, "invalid_grant", "unknown or already revoked token")
		}
		rows, err := tx.QueryContext(ctx, `SELECT token FROM tokens WHERE refresh_token = ?`, tok)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return err
			}
			revoked = append(revoked, t)
		}
		if err := closeRows(rows); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM tokens WHERE refresh_token = ?`, tok)
		return err
	})
	var oe *oauthError
	if errors.As(err, &oe) {
		writeOAuthError(w, oe)
		return
	}
	if err != nil {
		s.log.Error("oauth revoke", "error", err)
		writeOAuthError(w, oerr(http.StatusInternalServerError, "server_error", "cannot revoke"))
		return
	}
	for _, t := range revoked {
		s.tokenCache.Delete(t)
		s.hub.revoked(t)
	}
	writeJSON(w, http.StatusOK, struct{}{})
}

// serveCustomerToken issues customer access tokens (protocol.md §7):
// grant_type cookie (anonymous visitor; identified again by the
// __lc_cid/__lc_cst cookies) or agent_token (an agent Bearer token acting
// for an existing customer entity_id, or a new customer).
func (s *Server) serveCustomerToken(w http.ResponseWriter, r *http.Request, pathOrg string, group int) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeOAuthError(w, oerr(http.StatusMethodNotAllowed, "invalid_request", "use POST"))
		return
	}
	f, e := readForm(w, r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	req, e := s.customerTokenRequest(f, pathOrg)
	if e == nil {
		e = s.checkCustomerTokenGrant(r, req)
	}
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	tok, err := s.issueCustomerToken(r, req, group)
	var oe *oauthError
	if errors.As(err, &oe) {
		writeOAuthError(w, oe)
		return
	}
	if err != nil {
		s.log.Error("customer token", "error", err)
		writeOAuthError(w, oerr(http.StatusInternalServerError, "server_error", "cannot issue the token"))
		return
	}
	if req.grant == "cookie" && tok.secret != "" {
		for _, c := range []*http.Cookie{{Name: "__lc_cid", Value: tok.customerID}, {Name: "__lc_cst", Value: tok.secret}} {
			c.Path, c.MaxAge, c.HttpOnly, c.SameSite = "/", customerCookieMaxAge, true, http.SameSiteLaxMode
			http.SetCookie(w, c)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok.access, "entity_id": tok.customerID, "expires_in": int(s.customerTTL().Seconds()),
		"token_type": "Bearer", "organization_id": s.creds.OrganizationID, "client_id": req.clientID})
}

// customerTokenReq is a checked /v2/customer/token request.
type customerTokenReq struct {
	grant    string // cookie or agent_token
	clientID string
	entity   string // entity_id: the customer an agent_token grant acts for ("" = a new one)
}

// customerTokenRequest checks the form of a customer token request:
// grant_type, response_type, client_id, organization_id (pathOrg, from
// the URL, wins and must agree) and redirect_uri.
func (s *Server) customerTokenRequest(f url.Values, pathOrg string) (*customerTokenReq, *oauthError) {
	req := &customerTokenReq{grant: f.Get("grant_type"), clientID: f.Get("client_id"), entity: f.Get("entity_id")}
	switch {
	case req.grant == "":
		return nil, oerr(http.StatusBadRequest, "invalid_request", "grant_type is required")
	case req.grant != "cookie" && req.grant != "agent_token":
		return nil, oerr(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be cookie or agent_token")
	}
	if rt := f.Get("response_type"); rt != "" && rt != "token" {
		return nil, oerr(http.StatusBadRequest, "unsupported_response_type", "response_type must be token")
	}
	if req.clientID == "" {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "client_id is required")
	}
	if req.clientID != s.creds.ClientID {
		return nil, oerr(http.StatusUnauthorized, "invalid_client", "unknown client_id")
	}
	org := f.Get("organization_id")
	if pathOrg != "" {
		if org != "" && org != pathOrg {
			return nil, oerr(http.StatusBadRequest, "invalid_request", "organization_id differs from the path")
		}
		org = pathOrg
	}
	if org == "" && req.grant == "cookie" {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "organization_id is required")
	}
	if org != "" && org != s.creds.OrganizationID {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "unknown organization_id")
	}
	if ru := f.Get("redirect_uri"); ru != "" {
		if _, e := parseRedirectURI(ru); e != nil {
			return nil, e
		}
	}
	return req, nil
}

// checkCustomerTokenGrant checks who may use the grant: agent_token
// needs an agent Bearer token with customers:own (or customers:rw) and
// an entity_id, if any, that is a UUID; cookie takes no entity_id.
func (s *Server) checkCustomerTokenGrant(r *http.Request, req *customerTokenReq) *oauthError {
	if req.grant != "agent_token" {
		if req.entity != "" {
			return oerr(http.StatusBadRequest, "invalid_request", "entity_id goes with the agent_token grant")
		}
		return nil
	}
	tok := bearerOf(r)
	if tok == "" {
		return oerr(http.StatusUnauthorized, "invalid_request", "the agent_token grant needs Authorization: Bearer <agent token>")
	}
	id, le := s.authenticate(r.Context(), "Bearer "+tok)
	if le != nil || id.Kind != "agent" {
		return oerr(http.StatusUnauthorized, "unauthorized", "an agent access token is required")
	}
	if !id.Scopes["customers:own"] && !id.Scopes.Has("customers:rw") {
		return oerr(http.StatusForbidden, "invalid_scope", "the agent token lacks customers:own")
	}
	if req.entity != "" {
		if u, err := uuid.Parse(req.entity); err != nil || u.String() != strings.ToLower(req.entity) {
			return oerr(http.StatusBadRequest, "invalid_request", "entity_id must be a customer id (UUID)")
		}
	}
	return nil
}

// customerToken is an issued customer access token: the customer, the
// cookie secret that identifies them again (cookie grant) and the token.
type customerToken struct {
	customerID, secret, access string
}

// issueCustomerToken stores a new customer access token for the
// request's customer (customerForToken), in group when group >= 0 (which
// must exist), keeping only the client's newest tokens (trimTokens).
func (s *Server) issueCustomerToken(r *http.Request, req *customerTokenReq, group int) (customerToken, error) {
	ctx := r.Context()
	var tok customerToken
	exp := time.Now().UTC().Add(s.customerTTL())
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if group >= 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups WHERE id = ?`, group).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return oerr(http.StatusBadRequest, "invalid_request", "group not found")
			}
		}
		var err error
		if tok.customerID, tok.secret, err = customerForToken(ctx, tx, r, req); err != nil {
			return err
		}
		tok.access = "dal:" + randToken(20)
		if _, err := tx.ExecContext(ctx, `INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at, expires_at, client_id)
			VALUES (?, 'customer', '', ?, '', 'dal', ?, ?, ?, ?)`, tok.access, tok.customerID, req.grant, nowStamp(time.Now()), nowStamp(exp), req.clientID); err != nil {
			return err
		}
		return s.trimTokens(ctx, tx, req.clientID, tok.customerID)
	})
	return tok, err
}

// customerForToken finds the customer a token is for: the agent_token
// grant's entity_id (which must exist), the visitor the cookie grant's
// __lc_cid/__lc_cst cookies identify, or else a new customer (with a new
// cookie secret for the cookie grant).
func customerForToken(ctx context.Context, tx *sql.Tx, r *http.Request, req *customerTokenReq) (cid, secret string, err error) {
	switch {
	case req.entity != "":
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers WHERE id = ?`, req.entity).Scan(&n); err != nil {
			return "", "", err
		}
		if n == 0 {
			return "", "", oerr(http.StatusBadRequest, "invalid_request", "entity_id names no customer")
		}
		return req.entity, "", nil
	case req.grant == "cookie":
		if ck, err := r.Cookie("__lc_cid"); err == nil {
			if cs, err := r.Cookie("__lc_cst"); err == nil {
				var stored string
				err := tx.QueryRowContext(ctx, `SELECT secret FROM customer_cookies WHERE customer_id = ?`, ck.Value).Scan(&stored)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return "", "", err
				}
				if err == nil && subtle.ConstantTimeCompare([]byte(stored), []byte(cs.Value)) == 1 {
					return ck.Value, stored, nil
				}
			}
		}
	}
	cid = uuid.NewString()
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM customers`).Scan(&seq); err != nil {
		return "", "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO customers(id, created_at, seq) VALUES (?,?,?)`, cid, nowStamp(time.Now()), seq); err != nil {
		return "", "", err
	}
	if req.grant == "cookie" {
		secret = randToken(24)
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_cookies(customer_id, secret) VALUES (?,?)`, cid, secret); err != nil {
			return "", "", err
		}
	}
	return cid, secret, nil
}

// checkExpiry refuses an expired OAuth-issued token.
func checkExpiry(id *Identity) (*Identity, *livechat.Error) {
	if !id.expiresAt.IsZero() && !time.Now().Before(id.expiresAt) {
		return nil, livechat.NewError(livechat.TypeAuthentication, "Access token expired")
	}
	return id, nil
}
