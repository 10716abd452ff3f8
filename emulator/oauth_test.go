package emulator_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

const oaRedirect = "http://127.0.0.1:5555/callback" // loopback: always registered (redirect.go)

func oaWeb(t *testing.T, srv *emulator.Server, creds livechat.Credentials) *web.Transport {
	t.Helper()
	tr, err := web.New(web.Agent, creds, livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func oaConfig(srv *emulator.Server, secret string) *oauth2.Config {
	return &oauth2.Config{ClientID: srv.Credentials().ClientID, ClientSecret: secret, RedirectURL: oaRedirect,
		Endpoint: oauth2.Endpoint{AuthURL: srv.URL() + "/oauth/authorize", TokenURL: srv.URL() + "/v2/token"}}
}

// oaNoRedirect is an HTTP client that reports redirects instead of following them.
var oaNoRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// oaAuthorize visits the authorization URL and returns the redirect target.
func oaAuthorize(t *testing.T, authURL string) *url.URL {
	t.Helper()
	resp, err := oaNoRedirect.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: HTTP %d", resp.StatusCode)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func oaCode(t *testing.T, cfg *oauth2.Config, opts ...oauth2.AuthCodeOption) string {
	t.Helper()
	u := oaAuthorize(t, cfg.AuthCodeURL("st4te", opts...))
	if u.Query().Get("state") != "st4te" || u.Query().Get("code") == "" {
		t.Fatalf("authorize redirect: %s", u)
	}
	return u.Query().Get("code")
}

func oaErrCode(t *testing.T, err error, want string) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != want {
		t.Fatalf("got %v, want OAuth error %s", err, want)
	}
}

// oaDo sends a request and decodes the JSON answer.
func oaDo(t *testing.T, method, u, auth, ctype, body string) (int, M) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m M
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m
}

func TestOAuthCodePKCEAndRefresh(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	ctx := ctxT(t)
	cfg := oaConfig(srv, "") // a web (public) client: PKCE, no secret

	verifier := oauth2.GenerateVerifier()
	code := oaCode(t, cfg, oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("login_hint", creds.Agent.ID))
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil {
		t.Fatal("exchange with a wrong verifier succeeded")
	} else {
		oaErrCode(t, err, "invalid_grant")
	}
	code = oaCode(t, cfg, oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("login_hint", creds.Agent.ID))
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok.AccessToken, "dal:") || tok.RefreshToken == "" || tok.TokenType != "Bearer" ||
		tok.Expiry.Before(time.Now().Add(7*time.Hour)) || tok.Extra("account_id") != creds.Agent.AccountID ||
		tok.Extra("organization_id") != creds.OrganizationID {
		t.Fatalf("token: %+v", tok)
	}
	// Codes are single-use.
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier)); err == nil {
		t.Fatal("a code was exchanged twice")
	} else {
		oaErrCode(t, err, "invalid_grant")
	}
	// The token acts as the agent.
	agentWeb := newWeb(t, srv, tok.AccessToken, "3.6")
	do(t, agentWeb, "list_chats", M{})
	// /v2/info.
	status, info := oaDo(t, "GET", srv.URL()+"/v2/info", "Bearer "+tok.AccessToken, "", "")
	if status != 200 || info["account_id"] != creds.Agent.AccountID || info["client_id"] != creds.ClientID ||
		info["refresh_token"] != tok.RefreshToken || info["expires_in"].(float64) < 28000 || info["scope"] == "" {
		t.Fatalf("info: %d %v", status, info)
	}

	// Refresh through a TokenSource; refresh tokens rotate for public clients.
	old := *tok
	old.Expiry = time.Now().Add(-time.Minute)
	ts := cfg.TokenSource(ctx, &old)
	fresh, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if fresh.AccessToken == tok.AccessToken || fresh.RefreshToken == "" || fresh.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh: %+v", fresh)
	}
	if _, err := cfg.TokenSource(ctx, &old).Token(); err == nil {
		t.Fatal("a rotated refresh token worked again")
	} else {
		oaErrCode(t, err, "invalid_grant")
	}
	// The SDK's credentials over a token source.
	sdkWeb := oaWeb(t, srv, livechat.NewTokenSource(ts))
	do(t, sdkWeb, "list_chats", M{})

	// Revoke: the access token and its refresh token stop working.
	status, _ = oaDo(t, "DELETE", srv.URL()+"/v2/token", "Bearer "+fresh.AccessToken, "", "")
	if status != 200 {
		t.Fatalf("revoke: %d", status)
	}
	wantErr(t, newWeb(t, srv, fresh.AccessToken, "3.6"), "list_chats", M{}, livechat.TypeAuthentication, 401)
	if status, _ := oaDo(t, "GET", srv.URL()+"/v2/info", "Bearer "+fresh.AccessToken, "", ""); status != 401 {
		t.Fatalf("info after revoke: %d", status)
	}
	stale := *fresh
	stale.Expiry = time.Now().Add(-time.Minute)
	if _, err := cfg.TokenSource(ctx, &stale).Token(); err == nil {
		t.Fatal("the refresh token of a revoked access token worked")
	} else {
		oaErrCode(t, err, "invalid_grant")
	}
	// Revoking twice: invalid_grant, and ?code= works too.
	status, e := oaDo(t, "DELETE", srv.URL()+"/v2/token?code="+url.QueryEscape(fresh.AccessToken), "", "", "")
	if status != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("second revoke: %d %v", status, e)
	}
	status, _ = oaDo(t, "DELETE", srv.URL()+"/v2/token?code="+url.QueryEscape(tok.AccessToken), "", "", "")
	if status != 200 {
		t.Fatalf("revoke by ?code=: %d", status)
	}
	wantErr(t, agentWeb, "list_chats", M{}, livechat.TypeAuthentication, 401)

	// The plain PKCE method.
	plain := oauth2.GenerateVerifier()
	code = oaCode(t, cfg, oauth2.SetAuthURLParam("code_challenge", plain), oauth2.SetAuthURLParam("code_challenge_method", "plain"))
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(plain)); err != nil {
		t.Fatal(err)
	}
}

func TestOAuthConfidentialClient(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cfg := oaConfig(srv, emulator.OAuthClientSecret)
	tok, err := cfg.Exchange(ctx, oaCode(t, cfg)) // default user: the owner
	if err != nil {
		t.Fatal(err)
	}
	if tok.Extra("account_id") != srv.Credentials().Owner.AccountID {
		t.Fatalf("owner token: %+v", tok)
	}
	old := *tok
	old.Expiry = time.Now().Add(-time.Minute)
	fresh, err := cfg.TokenSource(ctx, &old).Token()
	if err != nil {
		t.Fatal(err)
	}
	if fresh.RefreshToken != tok.RefreshToken || fresh.AccessToken == tok.AccessToken {
		t.Fatalf("server-side clients keep their refresh token: %+v", fresh)
	}
	// Without a secret and without PKCE the code cannot be exchanged.
	public := oaConfig(srv, "")
	if _, err := public.Exchange(ctx, oaCode(t, public)); err == nil {
		t.Fatal("exchange without secret or PKCE succeeded")
	} else {
		oaErrCode(t, err, "invalid_client")
	}
	bad := oaConfig(srv, "wrong")
	if _, err := bad.Exchange(ctx, oaCode(t, bad)); err == nil {
		t.Fatal("exchange with a wrong secret succeeded")
	} else {
		oaErrCode(t, err, "invalid_client")
	}
	// A redirect_uri that differs from the authorization request.
	other := oaConfig(srv, emulator.OAuthClientSecret)
	code := oaCode(t, other)
	other.RedirectURL = "https://evil.example.com/"
	if _, err := other.Exchange(ctx, code); err == nil {
		t.Fatal("exchange with another redirect_uri succeeded")
	} else {
		oaErrCode(t, err, "invalid_grant")
	}
}

func TestOAuthAuthorizeAndTokenErrors(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	base := srv.URL() + "/oauth/authorize?client_id=" + creds.ClientID
	// Implicit grant: the token comes in the fragment.
	u := oaAuthorize(t, base+"&response_type=token&redirect_uri="+url.QueryEscape(oaRedirect)+"&state=s")
	frag, _ := url.ParseQuery(u.Fragment)
	if frag.Get("access_token") == "" || frag.Get("expires_in") != "28800" || frag.Get("token_type") != "Bearer" || frag.Get("state") != "s" {
		t.Fatalf("implicit: %s", u)
	}
	do(t, newWeb(t, srv, frag.Get("access_token"), "3.6"), "list_chats", M{})
	// Errors go back to the redirect_uri.
	u = oaAuthorize(t, base+"&response_type=magic&redirect_uri="+url.QueryEscape(oaRedirect))
	if u.Query().Get("oauth_exception") != "unsupported_response_type" {
		t.Fatalf("bad response_type: %s", u)
	}
	u = oaAuthorize(t, base+"&response_type=code&code_challenge=short&redirect_uri="+url.QueryEscape(oaRedirect))
	if u.Query().Get("oauth_exception") != "invalid_request" {
		t.Fatalf("short challenge: %s", u)
	}
	u = oaAuthorize(t, base+"&response_type=code&login_hint=nobody@example.com&redirect_uri="+url.QueryEscape(oaRedirect))
	if u.Query().Get("oauth_exception") != "access_denied" {
		t.Fatalf("unknown user: %s", u)
	}
	// Without a redirect_uri the grant is answered as JSON.
	status, m := oaDo(t, "GET", base+"&response_type=code", "", "", "")
	if status != 200 || m["code"] == nil {
		t.Fatalf("JSON authorize: %d %v", status, m)
	}
	status, m = oaDo(t, "GET", srv.URL()+"/oauth/authorize?client_id=nope&response_type=code", "", "", "")
	if status != 400 || m["error"] != "unauthorized_client" {
		t.Fatalf("unknown client: %d %v", status, m)
	}
	// Token endpoint.
	form := "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		method, ctype, body string
		status              int
		code                string
	}{
		{"POST", form, "grant_type=password&client_id=" + creds.ClientID, 400, "unsupported_grant_type"},
		{"POST", form, "client_id=" + creds.ClientID, 400, "invalid_request"},
		{"POST", form, "grant_type=authorization_code&client_id=" + creds.ClientID, 400, "invalid_request"},
		{"POST", form, "grant_type=authorization_code&code=x&client_id=" + creds.ClientID, 400, "invalid_grant"},
		{"POST", form, "grant_type=authorization_code&code=x", 400, "invalid_request"},
		{"POST", form, "grant_type=refresh_token&refresh_token=x&client_id=other", 401, "invalid_client"},
		{"POST", form, "grant_type=refresh_token&client_id=" + creds.ClientID, 400, "invalid_request"},
		{"POST", "application/json", "{not json", 400, "invalid_request"},
		{"POST", "application/json", `{"grant_type": ["x"]}`, 400, "invalid_request"},
		{"POST", form, strings.Repeat("a", 70<<10), 413, "invalid_request"},
		{"PUT", form, "", 405, "invalid_request"},
		{"DELETE", "", "", 400, "invalid_request"},
	} {
		status, m := oaDo(t, tc.method, srv.URL()+"/v2/token", "", tc.ctype, tc.body)
		if status != tc.status || m["error"] != tc.code {
			t.Errorf("%s %.40q: %d %v, want %d %s", tc.method, tc.body, status, m, tc.status, tc.code)
		}
	}
	if status, m := oaDo(t, "GET", srv.URL()+"/v2/info", "", "", ""); status != 401 || m["error"] == nil {
		t.Fatalf("info without token: %d %v", status, m)
	}
}

func TestOAuthTokenLifetime(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{AccessTokenLifetime: time.Nanosecond, CustomerTokenLifetime: time.Nanosecond})
	ctx := ctxT(t)
	cfg := oaConfig(srv, emulator.OAuthClientSecret)
	tok, err := cfg.Exchange(ctx, oaCode(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	// Already expired: refused everywhere.
	wantErr(t, newWeb(t, srv, tok.AccessToken, "3.6"), "list_chats", M{}, livechat.TypeAuthentication, 401)
	if status, _ := oaDo(t, "GET", srv.URL()+"/v2/info", "Bearer "+tok.AccessToken, "", ""); status != 401 {
		t.Fatalf("info of an expired token: %d", status)
	}
	_, err = rtm.Dial(ctx, livechat.NewBearerToken(tok.AccessToken), rtm.WithConfig(livechat.WithBaseURL(srv.URL())), rtm.WithMaxReconnects(0))
	if err == nil {
		t.Fatal("RTM login with an expired token succeeded")
	}
	_, m := oaDo(t, "POST", srv.URL()+"/v2/customer/token", "", "application/json",
		`{"grant_type":"cookie","client_id":"`+srv.Credentials().ClientID+`","response_type":"token","organization_id":"`+srv.Credentials().OrganizationID+`"}`)
	c := cuWeb(t, srv, livechat.NewBearerToken(m["access_token"].(string)), "3.6")
	if _, err := c.GetCustomer(ctx); err == nil {
		t.Fatal("an expired customer token worked")
	} else {
		cuErrType(t, err, livechat.TypeAuthentication)
	}
}

// TestOAuthRTMUpdateSession: an agent RTM connection swaps its OAuth token
// with update_session; revoking the old token leaves it alone, revoking
// the new one ends it with access_token_revoked.
func TestOAuthRTMUpdateSession(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cfg := oaConfig(srv, emulator.OAuthClientSecret)
	tok, err := cfg.Exchange(ctx, oaCode(t, cfg, oauth2.SetAuthURLParam("login_hint", srv.Credentials().Agent.ID)))
	if err != nil {
		t.Fatal(err)
	}
	rec := cuNewRecorder(t)
	conn := cuDialAgent(t, srv, livechat.NewTokenSource(oauth2.StaticTokenSource(tok)), rec)
	old := *tok
	old.Expiry = time.Now().Add(-time.Minute)
	fresh, err := cfg.TokenSource(ctx, &old).Token()
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.UpdateSession(ctx, livechat.NewTokenSource(oauth2.StaticTokenSource(fresh))); err != nil {
		t.Fatal(err)
	}
	if status, _ := oaDo(t, "DELETE", srv.URL()+"/v2/token", "Bearer "+tok.AccessToken, "", ""); status != 200 {
		t.Fatal("revoke old")
	}
	if err := conn.Call(ctx, "list_chats", M{}, nil); err != nil {
		t.Fatalf("after revoking the replaced token: %v", err)
	}
	// A token of another agent cannot take over the session.
	if err := conn.UpdateSession(ctx, livechat.NewBearerToken(srv.Credentials().Owner.Token)); err == nil {
		t.Fatal("update_session with another agent's token succeeded")
	}
	if status, _ := oaDo(t, "DELETE", srv.URL()+"/v2/token", "Bearer "+fresh.AccessToken, "", ""); status != 200 {
		t.Fatal("revoke fresh")
	}
	rec.wait("agent_disconnected", func(m M) bool { return m["reason"] == "access_token_revoked" })
	<-conn.Done()
}

func oaCustomerToken(t *testing.T, srv *emulator.Server, client *http.Client, path, auth, body string) (int, M) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL()+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m M
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func TestCustomerTokens(t *testing.T) {
	srv := emulator.NewTest(t)
	creds := srv.Credentials()
	online(t, srv, creds.Owner.Token, creds.Agent.Token) // routing counts logged-in agents only
	ctx := ctxT(t)
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	cookie := `{"grant_type":"cookie","client_id":"` + creds.ClientID + `","response_type":"token","organization_id":"` + creds.OrganizationID + `"}`

	status, first := oaCustomerToken(t, srv, browser, "/v2/customer/token", "", cookie)
	if status != 200 || first["entity_id"] == "" || first["expires_in"].(float64) != 28800 || first["token_type"] != "Bearer" ||
		first["organization_id"] != creds.OrganizationID {
		t.Fatalf("cookie grant: %d %v", status, first)
	}
	// The same browser (cookies) is the same customer; another is a new one.
	_, again := oaCustomerToken(t, srv, browser, "/v2/customer/token", "", cookie)
	if again["entity_id"] != first["entity_id"] || again["access_token"] == first["access_token"] {
		t.Fatalf("cookie grant again: %v", again)
	}
	_, stranger := oaCustomerToken(t, srv, http.DefaultClient, "/v2/customer/token", "", cookie)
	if stranger["entity_id"] == first["entity_id"] {
		t.Fatal("a browser without cookies got the same customer")
	}
	// The token works on the Customer Chat API, Web and RTM.
	c := cuWeb(t, srv, livechat.NewBearerToken(first["access_token"].(string)), "3.6")
	me, err := c.GetCustomer(ctx)
	if err != nil || me.ID != first["entity_id"] {
		t.Fatalf("get_customer: %+v %v", me, err)
	}
	rec := cuNewRecorder(t)
	conn := cuDial(t, srv, livechat.NewBearerToken(first["access_token"].(string)), rec)
	if lr := conn.LoginResponse(); lr.Customer.ID != first["entity_id"] {
		t.Fatalf("login: %s", lr.Raw)
	}
	if _, err := customer.New(conn).StartChat(ctx, customer.StartChatRequest{}); err != nil {
		t.Fatal(err)
	}

	// agent_token grant for an existing customer, also per group.
	agentGrant := `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `","response_type":"token","entity_id":"` + first["entity_id"].(string) + `"}`
	status, second := oaCustomerToken(t, srv, http.DefaultClient, "/v2/customer/"+creds.OrganizationID+"/1/token", "Bearer "+creds.Owner.Token, agentGrant)
	if status != 200 || second["entity_id"] != first["entity_id"] {
		t.Fatalf("agent_token grant: %d %v", status, second)
	}
	// The session moves to the second token; revoking the first keeps it.
	if err := conn.UpdateSession(ctx, livechat.NewBearerToken(second["access_token"].(string))); err != nil {
		t.Fatal(err)
	}
	if status, _ := oaDo(t, "DELETE", srv.URL()+"/v2/token", "Bearer "+first["access_token"].(string), "", ""); status != 200 {
		t.Fatal("revoke first")
	}
	if _, err := customer.New(conn).GetCustomer(ctx); err != nil {
		t.Fatalf("after revoking the replaced token: %v", err)
	}
	if _, err := c.GetCustomer(ctx); err == nil {
		t.Fatal("a revoked customer token worked")
	}
	// Another customer's token cannot take over the session.
	if err := conn.UpdateSession(ctx, livechat.NewBearerToken(creds.Customers[0].Token)); err == nil {
		t.Fatal("update_session with another customer's token succeeded")
	}
	if status, _ := oaDo(t, "DELETE", srv.URL()+"/v2/token", "Bearer "+second["access_token"].(string), "", ""); status != 200 {
		t.Fatal("revoke second")
	}
	rec.wait("customer_disconnected", func(m M) bool { return m["reason"] == "access_token_revoked" })
	<-conn.Done()

	// A new customer from an agent token.
	status, fresh := oaCustomerToken(t, srv, http.DefaultClient, "/v2/customer/token", "Bearer "+creds.Agent.Token,
		`{"grant_type":"agent_token","client_id":"`+creds.ClientID+`","response_type":"token"}`)
	if status != 200 || fresh["entity_id"] == "" || fresh["entity_id"] == first["entity_id"] {
		t.Fatalf("agent_token grant for a new customer: %d %v", status, fresh)
	}
	// Errors.
	for _, tc := range []struct {
		path, auth, body string
		status           int
		code             string
	}{
		{"/v2/customer/token", "", `{"client_id":"` + creds.ClientID + `"}`, 400, "invalid_request"},
		{"/v2/customer/token", "", `{"grant_type":"password","client_id":"` + creds.ClientID + `"}`, 400, "unsupported_grant_type"},
		{"/v2/customer/token", "", `{"grant_type":"cookie","organization_id":"` + creds.OrganizationID + `"}`, 400, "invalid_request"},
		{"/v2/customer/token", "", `{"grant_type":"cookie","client_id":"nope","organization_id":"` + creds.OrganizationID + `"}`, 401, "invalid_client"},
		{"/v2/customer/token", "", `{"grant_type":"cookie","client_id":"` + creds.ClientID + `"}`, 400, "invalid_request"},
		{"/v2/customer/token", "", `{"grant_type":"cookie","client_id":"` + creds.ClientID + `","organization_id":"other"}`, 400, "invalid_request"},
		{"/v2/customer/token", "", `{"grant_type":"cookie","client_id":"` + creds.ClientID + `","organization_id":"` + creds.OrganizationID + `","response_type":"code"}`, 400, "unsupported_response_type"},
		{"/v2/customer/token", "", `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `"}`, 401, "invalid_request"},
		{"/v2/customer/token", creds.Agent.Basic, `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `"}`, 401, "invalid_request"},
		{"/v2/customer/token", "Bearer " + creds.Customers[0].Token, `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `"}`, 401, "unauthorized"},
		{"/v2/customer/token", "Bearer " + creds.ReadOnly.Token, `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `"}`, 403, "invalid_scope"},
		{"/v2/customer/token", "Bearer " + creds.Owner.Token, `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `","entity_id":"c9000000-0000-4000-8000-000000000009"}`, 400, "invalid_request"},
		{"/v2/customer/token", "Bearer " + creds.Owner.Token, `{"grant_type":"agent_token","client_id":"` + creds.ClientID + `","entity_id":"x"}`, 400, "invalid_request"},
		{"/v2/customer/" + creds.OrganizationID + "/77/token", "", cookie, 400, "invalid_request"},
		{"/v2/customer/" + creds.OrganizationID + "/x/token", "", cookie, 400, "invalid_request"},
		{"/v2/customer/token", "", `[1,2]`, 400, "invalid_request"},
		{"/v2/customer/token", "", `{"grant_type":"cookie","client_id":{"a":1}}`, 400, "invalid_request"},
	} {
		status, m := oaCustomerToken(t, srv, http.DefaultClient, tc.path, tc.auth, tc.body)
		if status != tc.status || m["error"] != tc.code {
			t.Errorf("%s %s %s: %d %v, want %d %s", tc.path, tc.auth, tc.body, status, m, tc.status, tc.code)
		}
	}
}
