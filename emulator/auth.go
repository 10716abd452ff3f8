package emulator

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
)

// Identity is who a request acts as, resolved from its credentials.
type Identity struct {
	// Kind is "agent" (agents and bots) or "customer".
	Kind string
	// ID is the agent id (e-mail), bot id or customer id.
	ID string
	// AccountID is the Global Accounts id of an agent ("" for bots and customers).
	AccountID string
	// IsBot is true for a bot.
	IsBot bool
	// Region is the token's region prefix.
	Region string
	// Scopes are the token's scopes.
	Scopes Scopes
	// Token is the credential's key, used for rate limiting (never logged).
	token string
	// groups are the agent's group ids.
	groups []int
	// suspended / awaitingApproval mirror the Configuration API state.
	suspended, awaitingApproval bool
	// expiresAt is the expiry of an OAuth-issued token or a bot token
	// (issue_bot_token); zero: never.
	expiresAt time.Time
}

// Scopes is a parsed scope list with the documented inclusion rules:
// rw ⊇ ro, and all ⊇ access ⊇ my.
type Scopes map[string]bool

// ParseScopes parses a comma- or space-separated scope list.
func ParseScopes(s string) Scopes {
	out := Scopes{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out[f] = true
	}
	return out
}

// String lists the scopes, comma-separated.
func (s Scopes) String() string {
	var b []string
	for k := range s {
		b = append(b, k)
	}
	return strings.Join(b, ",")
}

var levelRank = map[string]int{"my": 1, "access": 2, "groups": 2, "all": 3}
var modeRank = map[string]int{"ro": 1, "rw": 2}

// splitScope splits "chats--access:ro" into ("chats", "access", "ro").
func splitScope(s string) (res, level, mode string) {
	res, mode, _ = strings.Cut(s, ":")
	res, level, _ = strings.Cut(res, "--")
	return
}

// Has reports whether the scopes grant want, taking inclusion into account.
func (s Scopes) Has(want string) bool {
	if s[want] {
		return true
	}
	wr, wl, wm := splitScope(want)
	for have := range s {
		hr, hl, hm := splitScope(have)
		if hr != wr {
			continue
		}
		// A level or mode outside the known orders (e.g. "own", "rc")
		// is granted only by itself.
		if wl != hl && (levelRank[hl] == 0 || levelRank[wl] == 0 || levelRank[hl] < levelRank[wl]) {
			continue
		}
		if wm != hm && (modeRank[hm] == 0 || modeRank[wm] == 0 || modeRank[hm] < modeRank[wm]) {
			continue
		}
		return true
	}
	return false
}

// HasAny reports whether any of want is granted (an empty list needs nothing).
func (s Scopes) HasAny(want ...string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if s.Has(w) {
			return true
		}
	}
	return false
}

// authenticate resolves an Authorization header value ("Bearer …" or
// "Basic …") to an identity.
func (s *Server) authenticate(ctx context.Context, header string) (*Identity, *livechat.Error) {
	return s.auth(ctx, header, nil)
}

// authenticateLocked is authenticate from inside an action (s.mu held).
func (a *act) authenticate(header string) (*Identity, *livechat.Error) {
	return a.s.auth(a.ctx, header, a.tx)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Server) auth(ctx context.Context, header string, tx *sql.Tx) (*Identity, *livechat.Error) {
	id, e := s.authAny(ctx, header, tx)
	if e != nil {
		return nil, e
	}
	// Agents suspended or awaiting approval (Configuration API) are refused.
	if id.suspended {
		return nil, livechat.NewError(livechat.TypeRequesterSuspended, "The agent is suspended")
	}
	if id.awaitingApproval {
		return nil, livechat.NewError(livechat.TypeRequesterAwaitingApproval, "The agent awaits approval")
	}
	return id, nil
}

// forgetIdentities drops the cached identities of the given agents (after
// a Configuration API change of their groups, state or existence).
func (s *Server) forgetIdentities(agentIDs ...string) {
	set := map[string]bool{}
	for _, id := range agentIDs {
		set[id] = true
	}
	s.tokenCache.Range(func(k, v any) bool {
		if set[v.(*Identity).ID] {
			s.tokenCache.Delete(k)
		}
		return true
	})
}

// credKey turns an Authorization header value into the tokens table key
// ("<token>" or "pat:<account>:<pat>"); user is the Basic user name.
func credKey(header string) (key, user string, e *livechat.Error) {
	if strings.TrimSpace(header) == "" {
		return "", "", missingAuthorization() // messages.go
	}
	scheme, cred, _ := strings.Cut(strings.TrimSpace(header), " ")
	cred = strings.TrimSpace(cred)
	if cred == "" {
		return "", "", malformedAuthorization()
	}
	switch strings.ToLower(scheme) {
	case "bearer":
		return cred, "", nil
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return "", "", livechat.NewError(livechat.TypeAuthentication, "Invalid basic credentials")
		}
		acc, pat, ok := strings.Cut(string(raw), ":")
		if !ok || acc == "" || pat == "" {
			return "", "", livechat.NewError(livechat.TypeAuthentication, "Invalid basic credentials")
		}
		return "pat:" + acc + ":" + pat, acc, nil
	default:
		return "", "", livechat.NewError(livechat.TypeAuthentication, "Unsupported authorization scheme")
	}
}

// authAny resolves credentials without refusing suspended agents.
func (s *Server) authAny(ctx context.Context, header string, tx *sql.Tx) (*Identity, *livechat.Error) {
	key, _, e := credKey(header)
	if e != nil {
		return nil, e
	}
	if id, ok := s.tokenCache.Load(key); ok {
		return checkExpiry(id.(*Identity)) // oauth.go
	}
	var id *Identity
	var err error
	if tx != nil {
		id, err = lookupToken(ctx, tx, key)
	} else {
		s.mu.Lock()
		id, err = lookupToken(ctx, s.db.SQL(), key)
		s.mu.Unlock()
	}
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, livechat.NewError(livechat.TypeAuthentication, "Invalid access token")
		}
		s.log.Error("token lookup failed", "error", err)
		return nil, livechat.NewError(livechat.TypeInternal, "")
	}
	s.tokenCache.Store(key, id)
	return checkExpiry(id) // oauth.go
}

func lookupToken(ctx context.Context, db querier, key string) (*Identity, error) {
	var kind, acc, entity, scopes, region, expires string
	err := db.QueryRowContext(ctx, `SELECT kind, account_id, entity_id, scopes, region, expires_at FROM tokens WHERE token = ?`, key).
		Scan(&kind, &acc, &entity, &scopes, &region, &expires)
	if err != nil {
		return nil, err
	}
	id := &Identity{ID: entity, AccountID: acc, Region: region, Scopes: ParseScopes(scopes), token: key}
	if expires != "" { // OAuth-issued tokens (oauth.go) and bot tokens (config_bots.go)
		if id.expiresAt, err = time.Parse(time.RFC3339Nano, expires); err != nil {
			return nil, err // a token that would never expire
		}
	}
	if kind == "customer" {
		id.Kind = "customer"
		return id, nil
	}
	id.Kind = "agent"
	var isBot int
	if err := db.QueryRowContext(ctx, `SELECT is_bot FROM agents WHERE id = ?`, entity).Scan(&isBot); err != nil {
		return nil, err
	}
	id.IsBot = isBot == 1
	var susp, awaiting int
	if err := db.QueryRowContext(ctx, `SELECT suspended, awaiting_approval FROM cfg_agents WHERE agent_id = ?`, entity).Scan(&susp, &awaiting); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	id.suspended, id.awaitingApproval = susp == 1, awaiting == 1
	groups, err := collectColumn[int](db.QueryContext(ctx, agentGroupsSQL, entity)) // sqlscan.go
	if err != nil {
		return nil, err
	}
	id.groups = groups
	return id, nil
}
