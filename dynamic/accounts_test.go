package dynamic_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
)

// TestAccountsOAuth runs the accounts API's OAuth operations through the
// dynamic client against the emulator: authorize (a code), the code
// exchanged for tokens (a form body), token info, a refresh, a customer
// token for an agent, and revocation.
func TestAccountsOAuth(t *testing.T) {
	e := newEnv(t)
	ctype := &headerLog{name: "Content-Type", next: e.sent}
	owner := e.client(t, livechat.NewBearerToken(e.creds.Owner.Token), livechat.WithHTTPClient(&http.Client{Transport: ctype}))

	var grant struct {
		Code string `json:"code"`
	}
	call(t, owner, "accounts", "authorize", map[string]any{"response_type": "code", "client_id": e.creds.ClientID}, &grant)
	if grant.Code == "" {
		t.Fatal("authorize answered no code")
	}
	type token struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		AccountID    string `json:"account_id"`
		ClientID     string `json:"client_id"`
		Scope        string `json:"scope"`
		TokenType    string `json:"token_type"`
	}
	var tok token
	call(t, owner, "accounts", "exchange_token", map[string]any{"grant_type": "authorization_code", "client_id": e.creds.ClientID,
		"client_secret": emulator.OAuthClientSecret, "code": grant.Code}, &tok)
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.AccessToken == e.creds.Owner.Token {
		t.Fatalf("exchange_token answered %+v", tok)
	}
	if got := ctype.values(); got[len(got)-1] != "application/x-www-form-urlencoded" {
		t.Fatalf("exchange_token was sent as %q, want the description's form body", got[len(got)-1])
	}

	// the new token works for the APIs and describes itself
	fresh := e.client(t, livechat.NewBearerToken(tok.AccessToken))
	var info token
	call(t, fresh, "accounts", "get_token_info", nil, &info)
	if info.AccessToken != tok.AccessToken || info.AccountID != e.creds.Owner.AccountID || info.ClientID != e.creds.ClientID || info.Scope == "" {
		t.Fatalf("get_token_info = %+v, want the owner's token of client %s", info, e.creds.ClientID)
	}
	call(t, fresh, "agent", "list_chats", nil, nil)

	var refreshed token
	call(t, owner, "accounts", "exchange_token", map[string]any{"grant_type": "refresh_token", "client_id": e.creds.ClientID,
		"client_secret": emulator.OAuthClientSecret, "refresh_token": tok.RefreshToken}, &refreshed)
	if refreshed.AccessToken == "" || refreshed.AccessToken == tok.AccessToken {
		t.Fatalf("refresh answered %+v", refreshed)
	}

	// a customer token for an agent (agent_token grant, JSON body, the owner's Bearer)
	var cust struct {
		AccessToken string `json:"access_token"`
		EntityID    string `json:"entity_id"`
	}
	call(t, owner, "accounts", "create_customer_token", map[string]any{"grant_type": "agent_token", "client_id": e.creds.ClientID,
		"response_type": "token", "organization_id": e.creds.OrganizationID}, &cust)
	if cust.AccessToken == "" || cust.EntityID == "" {
		t.Fatalf("create_customer_token answered %+v", cust)
	}

	// the per-group variant: organization and group in the path
	var group struct {
		AccessToken string `json:"access_token"`
	}
	call(t, owner, "accounts", "create_group_customer_token", map[string]any{"organization_id": e.creds.OrganizationID, "group_id": "1",
		"grant_type": "agent_token", "client_id": e.creds.ClientID, "response_type": "token"}, &group)
	if group.AccessToken == "" || group.AccessToken == cust.AccessToken {
		t.Fatalf("create_group_customer_token answered %+v", group)
	}
	_, err := owner.Call(context.Background(), "accounts", "create_group_customer_token", map[string]any{"organization_id": e.creds.OrganizationID,
		"group_id": "x", "grant_type": "agent_token", "client_id": e.creds.ClientID, "response_type": "token"})
	if le := new(livechat.Error); !errors.As(err, &le) || le.Type != "invalid_request" || le.Status != http.StatusBadRequest {
		t.Fatalf("group_id x: err = %v, want invalid_request (HTTP 400)", err)
	}

	// revoke the first token (the Bearer of the call); it stops working
	call(t, fresh, "accounts", "revoke_token", nil, nil)
	_, err = fresh.Call(context.Background(), "accounts", "get_token_info", nil)
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != "unauthorized" || le.Status != http.StatusUnauthorized {
		t.Fatalf("get_token_info of a revoked token: err = %v, want the OAuth error unauthorized (HTTP 401)", err)
	}
	if strings.Contains(err.Error(), tok.AccessToken) {
		t.Fatalf("the error shows the token: %v", err)
	}
	// revoke by ?code=: the refreshed token
	call(t, owner, "accounts", "revoke_token", map[string]any{"code": refreshed.AccessToken}, nil)
	_, err = owner.Call(context.Background(), "accounts", "revoke_token", map[string]any{"code": refreshed.AccessToken})
	if !errors.As(err, &le) || le.Type != "invalid_grant" || le.Status != http.StatusBadRequest {
		t.Fatalf("revoking twice: err = %v, want invalid_grant (HTTP 400)", err)
	}
	if strings.Contains(err.Error(), refreshed.AccessToken) {
		t.Fatalf("the error shows the revoked token: %v", err)
	}
}

// TestAccountsErrors: the accounts server's OAuth errors come back as a
// *livechat.Error whose Type is the OAuth code, without the secrets sent.
func TestAccountsErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	owner := e.owner(t)
	const wrong = "not-the-secret-4f1d2c"
	_, err := owner.Call(ctx, "accounts", "exchange_token", map[string]any{"grant_type": "authorization_code",
		"client_id": e.creds.ClientID, "client_secret": wrong, "code": "whatever"})
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != "invalid_client" || le.Message != "wrong client_secret" || le.Status != http.StatusUnauthorized || le.Action != "exchange_token" {
		t.Fatalf("wrong client secret: err = %v (%#v), want invalid_client: wrong client_secret (HTTP 401)", err, le)
	}
	if s := err.Error(); strings.Contains(s, wrong) || strings.Contains(s, emulator.OAuthClientSecret) || strings.Contains(s, e.creds.Owner.Token) {
		t.Fatalf("the error shows a secret: %s", s)
	}
	_, err = owner.Call(ctx, "accounts", "exchange_token", map[string]any{"grant_type": "authorization_code",
		"client_id": e.creds.ClientID, "client_secret": emulator.OAuthClientSecret, "code": "no-such-code"})
	if !errors.As(err, &le) || le.Type != "invalid_grant" {
		t.Fatalf("unknown code: err = %v, want invalid_grant", err)
	}
	_, err = owner.Call(ctx, "accounts", "exchange_token", map[string]any{"grant_type": "authorization_code",
		"client_id": "no-such-client", "code": "x"})
	if !errors.As(err, &le) || le.Type != "invalid_client" || le.Message != "unknown client_id" {
		t.Fatalf("unknown client: err = %v, want invalid_client", err)
	}

	// refused before sending: a grant type the description does not list,
	// a missing client_id
	before := e.sent.n.Load()
	_, err = owner.Call(ctx, "accounts", "exchange_token", map[string]any{"grant_type": "password", "client_id": e.creds.ClientID})
	assertArg(t, err, "grant_type")
	_, err = owner.Call(ctx, "accounts", "exchange_token", map[string]any{"grant_type": "refresh_token", "client_secret": wrong})
	assertArg(t, err, "client_id")
	if strings.Contains(err.Error(), wrong) {
		t.Fatalf("the validation error shows the secret: %v", err)
	}
	if n := e.sent.n.Load(); n != before {
		t.Fatalf("%d requests sent for refused arguments", n-before)
	}
}

// TestAccountsRedirectAndPAT: authorize with a redirect_uri answers the
// redirect (not followed); a PAT (Basic) is not sent to an operation open
// to anonymous callers, where it would pass for the OAuth client's
// credentials.
func TestAccountsRedirectAndPAT(t *testing.T) {
	e := newEnv(t)
	pat := e.client(t, livechat.NewPAT(e.creds.Owner.AccountID, e.creds.Owner.PAT))
	var redirect struct {
		Status   int    `json:"status"`
		Location string `json:"location"`
	}
	call(t, pat, "accounts", "authorize", map[string]any{"response_type": "code", "client_id": e.creds.ClientID,
		"redirect_uri": "http://127.0.0.1:1/callback", "state": "s1"}, &redirect)
	loc, err := url.Parse(redirect.Location)
	if redirect.Status != http.StatusFound || err != nil || loc.Port() != "1" || loc.Query().Get("code") == "" || loc.Query().Get("state") != "s1" {
		t.Fatalf("authorize with redirect_uri answered %+v", redirect)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	call(t, pat, "accounts", "exchange_token", map[string]any{"grant_type": "authorization_code", "client_id": e.creds.ClientID,
		"client_secret": emulator.OAuthClientSecret, "code": loc.Query().Get("code"), "redirect_uri": "http://127.0.0.1:1/callback"}, &tok)
	if tok.AccessToken == "" {
		t.Fatal("exchange_token with a PAT client answered no token")
	}
}
