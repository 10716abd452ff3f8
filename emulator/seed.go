package emulator

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AgentCredentials are the well-known credentials of one seeded agent.
type AgentCredentials struct {
	ID        string `json:"id"` // agent id (e-mail)
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	Role      string `json:"role"`
	// Token is a Bearer access token with the region prefix ("dal:…").
	Token string `json:"token"`
	// PAT is a Personal Access Token, sent as Basic base64(AccountID:PAT).
	PAT string `json:"pat"`
	// Basic is the ready-made value of the Authorization header for the PAT.
	Basic  string   `json:"basic"`
	Scopes []string `json:"scopes"`
	// APIKey is the legacy REST API v2 key (HTTP Basic with ID as the
	// user name), valid until reset with POST /agents/<id>/reset_api_key.
	APIKey string `json:"api_key,omitempty"`
}

// BotCredentials are the well-known credentials of the seeded bot.
type BotCredentials struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	OwnerClientID string   `json:"owner_client_id"`
	Token         string   `json:"token"`
	Scopes        []string `json:"scopes"`
}

// CustomerCredentials are the well-known credentials of a seeded customer.
type CustomerCredentials struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Token string `json:"token"`
}

// Credentials are the seeded, well-known identities of the emulator.
type Credentials struct {
	URL            string `json:"url"`
	AgentWebURL    string `json:"agent_web_url"`
	AgentRTMURL    string `json:"agent_rtm_url"`
	OrganizationID string `json:"organization_id"`
	LicenseID      string `json:"license_id"`
	ClientID       string `json:"client_id"`
	// Owner has every scope (owner role, groups 0 and 1).
	Owner AgentCredentials `json:"owner"`
	// Agent is a normal agent with access-level scopes (group 0 only).
	Agent AgentCredentials `json:"agent"`
	// ReadOnly is a token of the owner with read-only scopes.
	ReadOnly  AgentCredentials      `json:"read_only"`
	Bot       BotCredentials        `json:"bot"`
	Customers []CustomerCredentials `json:"customers"`
	Groups    map[int]string        `json:"groups"`
	Tags      []string              `json:"tags"`
}

func (c *Credentials) setURL(u string) {
	c.URL = u
	c.AgentWebURL = u + "/v3.6/agent/action/"
	c.AgentRTMURL = "ws" + strings.TrimPrefix(u, "http") + "/v3.6/agent/rtm/ws?organization_id=" + c.OrganizationID
}

func (c Credentials) clone() Credentials {
	c.Customers = append([]CustomerCredentials(nil), c.Customers...)
	g := make(map[int]string, len(c.Groups))
	for k, v := range c.Groups {
		g[k] = v
	}
	c.Groups = g
	c.Tags = append([]string(nil), c.Tags...)
	return c
}

// The well-known seed. Fixed values so that documentation, examples and
// tests can rely on them.
const (
	seedOrganizationID = "0f3c6a0e-3f4b-4c5a-9d3e-7b1f2a6c8e01"
	seedLicenseID      = "10000001"
	seedClientID       = "e2c9f1a07b3d4c8e9f60a1b2c3d4e5f6"
)

var (
	allScopes = []string{
		"chats--all:rw", "customers:rw", "customers.ban:rw", "multicast:rw", "multicast:ro",
		"agents--all:rw", "agents-bot--all:rw", "groups--all:rw", "access_rules:rw",
		"canned_responses--all:rw", "properties.license.value--all:rw", "properties.group.value--all:rw",
		"properties.configuration:rw", "tags--all:rw", "webhooks--all:rw", "webhooks.state:rw",
		"webhooks.configuration:rw", "bots.templates:rw", "accounts--all:rw", "sessions--all:rw",
		"greetings:rw", "banlist_read", "banlist_write", "organization--my:rw",
	}
	agentScopes = []string{
		"chats--access:rw", "customers:rw", "multicast:rw", "agents--my:rw", "agents--all:ro",
		"agents-bot--all:ro", "groups--all:ro", "tags--all:ro",
	}
	readOnlyScopes = []string{
		"chats--all:ro", "customers:ro", "multicast:ro", "agents--all:ro", "agents-bot--all:ro",
		"groups--all:ro", "tags--all:ro",
	}
	botScopes = []string{"chats--access:rw", "agents-bot--my:rw", "customers:rw"}
)

// WellKnownOwnerToken is the seeded owner's access token (fixed and
// public, like the rest of Credentials; `livechat webhooks deliveries`
// uses it by default).
const WellKnownOwnerToken = "dal:emulator-owner-token"

// WellKnownCredentials returns the fixed credentials every emulator is
// seeded with (without URLs: Server.Credentials fills them in), for tools
// that talk to an emulator they did not start.
func WellKnownCredentials() Credentials { return seedCredentials() }

func seedCredentials() Credentials {
	basic := func(acc, pat string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(acc+":"+pat))
	}
	c := Credentials{
		OrganizationID: seedOrganizationID,
		LicenseID:      seedLicenseID,
		ClientID:       seedClientID,
		Owner: AgentCredentials{
			ID: "owner@livechat.local", Name: "Olivia Owner", AccountID: "5b2f7c1e-8a3d-4f6b-9c2e-1d0a3b4c5d61",
			Role: "owner", Token: WellKnownOwnerToken, PAT: "emulator-owner-pat", Scopes: allScopes,
		},
		Agent: AgentCredentials{
			ID: "agent@livechat.local", Name: "Adam Agent", AccountID: "8c4e2a9f-1b7d-4e3a-a5c6-2f9e8d7c6b52",
			Role: "normal", Token: "dal:emulator-agent-token", PAT: "emulator-agent-pat", Scopes: agentScopes,
		},
		Bot: BotCredentials{
			ID: "b07000000000000000000000000000b1", Name: "Echo Bot", OwnerClientID: seedClientID,
			Token: "dal:emulator-bot-token", Scopes: botScopes,
		},
		Customers: []CustomerCredentials{
			{ID: "c1000000-0000-4000-8000-000000000001", Name: "Carla Customer", Email: "carla@example.com", Token: "dal:emulator-customer-1-token"},
			{ID: "c2000000-0000-4000-8000-000000000002", Name: "Chris Customer", Email: "chris@example.com", Token: "dal:emulator-customer-2-token"},
			{ID: "c3000000-0000-4000-8000-000000000003", Name: "Cleo Customer", Email: "cleo@example.com", Token: "dal:emulator-customer-3-token"},
		},
		Groups: map[int]string{0: "General", 1: "Sales"},
		Tags:   []string{"bug", "sales", "support", "vip"},
	}
	c.ReadOnly = c.Owner
	c.ReadOnly.Token, c.ReadOnly.PAT, c.ReadOnly.Scopes = "dal:emulator-readonly-token", "emulator-readonly-pat", readOnlyScopes
	c.Owner.Basic = basic(c.Owner.AccountID, c.Owner.PAT)
	c.Agent.Basic = basic(c.Agent.AccountID, c.Agent.PAT)
	c.ReadOnly.Basic = ""
	c.ReadOnly.PAT = ""
	c.Owner.APIKey, c.Agent.APIKey = v2DefaultAPIKey(c.Owner.ID), v2DefaultAPIKey(c.Agent.ID) // restv2.go
	return c
}

// seed fills an empty database with the well-known state and the
// Config.Seed documents, and replaces it with Config.Import when set; a
// database that was seeded before is left unchanged (unless imported
// over), except that the well-known tokens get the scopes this version
// documents (refreshSeedScopes). All of it is one transaction.
func (s *Server) seed(ctx context.Context) (Credentials, error) {
	c := seedCredentials()
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	var v string
	err = tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'seeded'`).Scan(&v)
	switch {
	case err == nil:
		if err := refreshSeedScopes(ctx, tx, c); err != nil {
			return c, err
		}
	case errors.Is(err, sql.ErrNoRows):
		s.seededNow = true
		if err := s.baseline(ctx, tx, c, false); err != nil {
			return c, err
		}
	default:
		return c, err
	}
	if s.cfg.Import != nil && !s.seededNow {
		if err := s.baseline(ctx, tx, c, true); err != nil {
			return c, err
		}
	}
	return c, tx.Commit()
}

// insertSeed writes the well-known state into an empty database.
func insertSeed(ctx context.Context, tx *sql.Tx, c Credentials) error {
	var err error
	now := nowStamp(time.Now())
	ex := func(q string, args ...any) {
		if err != nil {
			return
		}
		_, err = tx.ExecContext(ctx, q, args...)
	}
	ex(`INSERT INTO meta(key, value) VALUES ('seeded', ?), ('organization_id', ?), ('license_id', ?), ('created_at', ?)`,
		now, c.OrganizationID, c.LicenseID, now)
	for id, name := range c.Groups {
		ex(`INSERT INTO groups(id, name) VALUES (?, ?)`, id, name)
	}
	for _, a := range []AgentCredentials{c.Owner, c.Agent} {
		ex(`INSERT INTO agents(id, account_id, name, role, job_title, max_chats, routing_status, created_at)
			VALUES (?, ?, ?, ?, 'Support Agent', 6, 'accepting_chats', ?)`, a.ID, a.AccountID, a.Name, a.Role, now)
		ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'bearer', ?, ?, ?, 'dal', ?, ?)`,
			a.Token, a.AccountID, a.ID, strings.Join(a.Scopes, ","), a.Role, now)
		ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'pat', ?, ?, ?, 'dal', ?, ?)`,
			"pat:"+a.AccountID+":"+a.PAT, a.AccountID, a.ID, strings.Join(a.Scopes, ","), a.Role+" pat", now)
		ex(`INSERT INTO group_members(group_id, agent_id, priority) VALUES (0, ?, 'normal')`, a.ID)
	}
	ex(`INSERT INTO group_members(group_id, agent_id, priority) VALUES (1, ?, 'normal')`, c.Owner.ID)
	ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'bearer', ?, ?, ?, 'dal', 'read only', ?)`,
		c.ReadOnly.Token, c.Owner.AccountID, c.Owner.ID, strings.Join(c.ReadOnly.Scopes, ","), now)
	ex(`INSERT INTO agents(id, account_id, name, role, job_title, max_chats, routing_status, is_bot, owner_client_id, created_at)
		VALUES (?, '', ?, 'normal', 'Bot', 500, 'not_accepting_chats', 1, ?, ?)`, c.Bot.ID, c.Bot.Name, c.Bot.OwnerClientID, now)
	ex(`INSERT INTO group_members(group_id, agent_id, priority) VALUES (0, ?, 'last')`, c.Bot.ID)
	ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'bearer', '', ?, ?, 'dal', 'bot', ?)`,
		c.Bot.Token, c.Bot.ID, strings.Join(c.Bot.Scopes, ","), now)
	for i, cu := range c.Customers {
		ex(`INSERT INTO customers(id, name, email, created_at, seq) VALUES (?, ?, ?, ?, ?)`, cu.ID, cu.Name, cu.Email, now, i+1)
		ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'customer', '', ?, '', 'dal', 'customer', ?)`,
			cu.Token, cu.ID, now)
	}
	for _, t := range c.Tags {
		ex(`INSERT INTO tags(name, group_ids, author_id, created_at) VALUES (?, '[0]', ?, ?)`, t, c.Owner.ID, now)
	}
	return err
}

// refreshSeedScopes gives the well-known tokens of a data directory seeded
// by an earlier version the scopes of this one (a version that emulates
// more actions grants the seeded owner their scopes too). Tokens that were
// revoked stay revoked.
func refreshSeedScopes(ctx context.Context, tx *sql.Tx, c Credentials) error {
	set := func(token string, scopes []string) error {
		_, err := tx.ExecContext(ctx, `UPDATE tokens SET scopes = ? WHERE token = ?`, strings.Join(scopes, ","), token)
		return err
	}
	for _, a := range []AgentCredentials{c.Owner, c.Agent} {
		if err := set(a.Token, a.Scopes); err != nil {
			return err
		}
		if err := set("pat:"+a.AccountID+":"+a.PAT, a.Scopes); err != nil {
			return err
		}
	}
	if err := set(c.ReadOnly.Token, c.ReadOnly.Scopes); err != nil {
		return err
	}
	return set(c.Bot.Token, c.Bot.Scopes)
}

// AgentSpec describes an agent created with CreateAgent.
type AgentSpec struct {
	ID        string   // e-mail; required
	Name      string   // default: ID
	Role      string   // owner, viceowner, administrator, normal (default)
	Groups    []int    // default [0]
	MaxChats  int      // default 6
	Scopes    []string // default: the normal agent's scopes
	Accepting bool     // routing status accepting_chats (else not_accepting_chats)
}

// CreateAgent adds an agent with a Bearer token (and a PAT) to the state
// — a Go-side shortcut until the Configuration API is emulated.
func (s *Server) CreateAgent(ctx context.Context, spec AgentSpec) (AgentCredentials, error) {
	if spec.ID == "" {
		return AgentCredentials{}, errors.New("emulator: CreateAgent: empty id")
	}
	if spec.Name == "" {
		spec.Name = spec.ID
	}
	if spec.Role == "" {
		spec.Role = "normal"
	}
	if len(spec.Groups) == 0 {
		spec.Groups = []int{0}
	}
	if spec.MaxChats <= 0 {
		spec.MaxChats = 6
	}
	if len(spec.Scopes) == 0 {
		spec.Scopes = agentScopes
	}
	acc := uuidFor(spec.ID)
	c := AgentCredentials{ID: spec.ID, Name: spec.Name, AccountID: acc, Role: spec.Role,
		Token: "dal:agent-" + strings.ReplaceAll(acc, "-", ""), PAT: "pat-" + strings.ReplaceAll(acc, "-", ""), Scopes: spec.Scopes}
	c.Basic = "Basic " + base64.StdEncoding.EncodeToString([]byte(c.AccountID+":"+c.PAT))
	c.APIKey = v2DefaultAPIKey(c.ID) // restv2.go
	status := "not_accepting_chats"
	if spec.Accepting {
		status = "accepting_chats"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	now := nowStamp(time.Now())
	ex := func(q string, args ...any) {
		if err == nil {
			_, err = tx.ExecContext(ctx, q, args...)
		}
	}
	ex(`INSERT INTO agents(id, account_id, name, role, max_chats, routing_status, created_at) VALUES (?,?,?,?,?,?,?)`,
		c.ID, acc, c.Name, c.Role, spec.MaxChats, status, now)
	ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'bearer', ?, ?, ?, 'dal', 'agent', ?)`,
		c.Token, acc, c.ID, strings.Join(c.Scopes, ","), now)
	ex(`INSERT INTO tokens(token, kind, account_id, entity_id, scopes, region, label, created_at) VALUES (?, 'pat', ?, ?, ?, 'dal', 'agent pat', ?)`,
		"pat:"+acc+":"+c.PAT, acc, c.ID, strings.Join(c.Scopes, ","), now)
	for _, g := range spec.Groups {
		ex(`INSERT INTO group_members(group_id, agent_id, priority) VALUES (?, ?, 'normal')`, g, c.ID)
	}
	if err != nil {
		return c, err
	}
	return c, tx.Commit()
}

// uuidFor derives a stable UUID-shaped account id from an agent id.
func uuidFor(id string) string {
	h := fnv64(id)
	h2 := fnv64(id + "#")
	s := fmt.Sprintf("%016x%016x", h, h2)
	return s[0:8] + "-" + s[8:12] + "-4" + s[13:16] + "-8" + s[17:20] + "-" + s[20:32]
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
