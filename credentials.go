package livechat

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"golang.org/x/oauth2"

	"github.com/livechat-go/livechat/internal/redact"
)

// redacted replaces a secret in every printed or logged form: the
// module's one mask (internal/redact).
const redacted = redact.Mask

// Authorization is what a request carries to authenticate: the value of
// the Authorization header and the region the credential belongs to. It
// redacts itself in every printed or logged form; only Header reveals the
// secret.
type Authorization struct {
	scheme string
	cred   *secret
	// Region is the data centre the credential selects ("dal", "fra"), or
	// "" when the credential says nothing about it.
	Region Region
}

// Header returns the Authorization header value, e.g. "Bearer dal:…".
func (a Authorization) Header() string {
	if a.cred.value() == "" {
		return ""
	}
	return a.scheme + " " + a.cred.value()
}

// Scheme returns "Bearer" or "Basic".
func (a Authorization) Scheme() string { return a.scheme }

// String redacts the secret.
func (a Authorization) String() string { return a.scheme + " " + redacted }

// GoString redacts the secret.
func (a Authorization) GoString() string { return "livechat.Authorization{" + a.String() + "}" }

// Format redacts the secret under every verb.
func (a Authorization) Format(f fmt.State, _ rune) { fmt.Fprint(f, a.String()) }

// LogValue redacts the secret in slog output.
func (a Authorization) LogValue() slog.Value { return slog.StringValue(a.String()) }

// Credentials produce the Authorization of each request. They are safe to
// print and log: every implementation in this package redacts its secrets.
type Credentials interface {
	// Authorize returns the authorization for the next request. A
	// TokenSource-backed credential may refresh its token here.
	Authorize(ctx context.Context) (Authorization, error)
}

// secret holds a credential behind a pointer: fmt prints a nested pointer
// as an address, so even a struct printed by reflection (where methods of
// unexported fields are not called) does not reveal it.
type secret struct{ v string }

func newSecret(v string) *secret { return &secret{v: v} }

func (s *secret) value() string {
	if s == nil {
		return ""
	}
	return s.v
}

func (*secret) String() string               { return redacted }
func (*secret) GoString() string             { return `"` + redacted + `"` }
func (*secret) Format(f fmt.State, _ rune)   { fmt.Fprint(f, redacted) }
func (*secret) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (*secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// BearerToken is an OAuth access token ("dal:…" or "fra:…"). The region
// prefix selects the data centre and the X-Region header.
type BearerToken struct{ token *secret }

// NewBearerToken returns credentials for an OAuth access token, with or
// without a leading "Bearer ".
func NewBearerToken(token string) *BearerToken {
	token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bearer "))
	return &BearerToken{token: newSecret(token)}
}

// Authorize implements Credentials.
func (b *BearerToken) Authorize(context.Context) (Authorization, error) {
	tok := b.token.value()
	if tok == "" {
		return Authorization{}, errors.New("livechat: empty access token")
	}
	return Authorization{scheme: "Bearer", cred: newSecret(tok), Region: RegionOf(tok)}, nil
}

// String redacts the token.
func (b BearerToken) String() string { return "livechat.BearerToken{" + redacted + "}" }

// Format redacts the token under every verb.
func (b BearerToken) Format(f fmt.State, _ rune) { fmt.Fprint(f, b.String()) }

// LogValue redacts the token in slog output.
func (b BearerToken) LogValue() slog.Value { return slog.StringValue(b.String()) }

// PersonalAccessToken is a PAT from the Developer Console, sent as HTTP
// Basic auth with the account id as user name.
type PersonalAccessToken struct {
	AccountID string
	pat       *secret
	region    Region
}

// NewPAT returns credentials for a Personal Access Token. The PAT may
// start with a region prefix ("fra:…"), which then selects the region.
func NewPAT(accountID, pat string) *PersonalAccessToken {
	return &PersonalAccessToken{AccountID: accountID, pat: newSecret(pat), region: RegionOf(pat)}
}

// Authorize implements Credentials.
func (p *PersonalAccessToken) Authorize(context.Context) (Authorization, error) {
	if p.AccountID == "" {
		return Authorization{}, errors.New("livechat: personal access token: empty account id")
	}
	if p.pat.value() == "" {
		return Authorization{}, errors.New("livechat: personal access token: empty token")
	}
	enc := base64.StdEncoding.EncodeToString([]byte(p.AccountID + ":" + p.pat.value()))
	return Authorization{scheme: "Basic", cred: newSecret(enc), Region: p.region}, nil
}

// String redacts the token.
func (p PersonalAccessToken) String() string {
	return "livechat.PersonalAccessToken{AccountID:" + p.AccountID + " PAT:" + redacted + "}"
}

// Format redacts the token under every verb.
func (p PersonalAccessToken) Format(f fmt.State, _ rune) { fmt.Fprint(f, p.String()) }

// LogValue redacts the token in slog output.
func (p PersonalAccessToken) LogValue() slog.Value { return slog.StringValue(p.String()) }

// APIKey is a legacy REST API v2 credential: the agent's login (e-mail)
// and API key (or a PAT), sent as HTTP Basic auth.
type APIKey struct {
	Login string
	key   *secret
}

// NewAPIKey returns legacy v2 credentials.
func NewAPIKey(login, apiKey string) *APIKey {
	return &APIKey{Login: login, key: newSecret(apiKey)}
}

// Authorize implements Credentials.
func (k *APIKey) Authorize(context.Context) (Authorization, error) {
	if k.Login == "" {
		return Authorization{}, errors.New("livechat: api key: empty login")
	}
	if k.key.value() == "" {
		return Authorization{}, errors.New("livechat: api key: empty key")
	}
	enc := base64.StdEncoding.EncodeToString([]byte(k.Login + ":" + k.key.value()))
	return Authorization{scheme: "Basic", cred: newSecret(enc)}, nil
}

// String redacts the key.
func (k APIKey) String() string {
	return "livechat.APIKey{Login:" + k.Login + " Key:" + redacted + "}"
}

// Format redacts the key under every verb.
func (k APIKey) Format(f fmt.State, _ rune) { fmt.Fprint(f, k.String()) }

// LogValue redacts the key in slog output.
func (k APIKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// OAuth2 adapts a golang.org/x/oauth2 TokenSource. Each request asks the
// source for a token, so a refreshed token is used on the next call (wrap
// the source in oauth2.ReuseTokenSource to cache it until expiry).
type OAuth2 struct{ src oauth2.TokenSource }

// NewTokenSource returns credentials backed by an oauth2.TokenSource.
func NewTokenSource(src oauth2.TokenSource) *OAuth2 { return &OAuth2{src: src} }

// Authorize implements Credentials.
func (o *OAuth2) Authorize(context.Context) (Authorization, error) {
	if o.src == nil {
		return Authorization{}, errors.New("livechat: nil oauth2.TokenSource")
	}
	tok, err := o.src.Token()
	if err != nil {
		return Authorization{}, fmt.Errorf("livechat: token source: %w", err)
	}
	if tok.AccessToken == "" {
		return Authorization{}, errors.New("livechat: token source returned an empty access token")
	}
	return Authorization{scheme: "Bearer", cred: newSecret(tok.AccessToken), Region: RegionOf(tok.AccessToken)}, nil
}

// Token returns the current oauth2 token, for callers that need its expiry
// (the RTM client refreshes its session before it).
func (o *OAuth2) Token() (*oauth2.Token, error) { return o.src.Token() }

// String describes the credential without its token.
func (o OAuth2) String() string { return "livechat.OAuth2{" + redacted + "}" }

// Format redacts under every verb.
func (o OAuth2) Format(f fmt.State, _ rune) { fmt.Fprint(f, o.String()) }

// LogValue redacts in slog output.
func (o OAuth2) LogValue() slog.Value { return slog.StringValue(o.String()) }
