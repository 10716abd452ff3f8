package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/time/rate"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

type serveOptions struct {
	addr        string
	data        string
	credentials string
	rateLimit   float64
	rateBurst   int
	verbose     bool
	tls         bool         // --tls: serve HTTPS/WSS (serve_tls.go)
	tlsCert     string       // --tls-cert
	tlsKey      string       // --tls-key
	caFile      string       // the generated CA, set once started
	redirects   []string     // --oauth-redirect-uri
	state       stateOptions // --seed, --import, --export-on-exit (serve_state.go)
	validate    bool         // --validate: check requests against api/openapi.json (serve_openapi.go)
}

func defaultDataDir() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "livechat-go", "emulator")
}

func newServe() *cobra.Command {
	o := serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the local LiveChat emulator: Agent Chat, Customer Chat, Configuration, REST v2, webhooks, OAuth",
		Long: `Run the local LiveChat emulator. It serves, on one address:
  - the Agent Chat API over Web (/v3.6/agent/action/<action>), RTM
    (/v3.6/agent/rtm/ws) and SockJS; versions 3.4, 3.5 and 3.6
  - the Customer Chat API over Web and RTM (?organization_id=…)
  - the Configuration API (/v3.6/configuration/action/<action>)
  - the legacy REST API v2 (X-API-Version: 2, Basic login:API key)
  - webhooks: v3 (register_webhook) and v2 (POST /webhooks), retried and
    persisted; inspect them with livechat webhooks deliveries
  - OAuth: /oauth/authorize, /v2/token, /v2/customer/token, /v2/info
  - a home page at / (HTML, or JSON with Accept: application/json)

State is kept in SQLite under --data and survives restarts; --data :memory:
keeps a throwaway state. The well-known seeded credentials are printed on
start (and written as JSON with --credentials FILE; livechat credentials
prints them later).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address")
	f.StringVar(&o.data, "data", defaultDataDir(), `data directory, or ":memory:" for a throwaway state`)
	f.StringVar(&o.credentials, "credentials", "", "write every credential and URL as JSON to this file")
	f.Float64Var(&o.rateLimit, "rate-limit", 0, "requests per second allowed per token (0 = unlimited)")
	f.IntVar(&o.rateBurst, "rate-burst", 0, "burst allowed per token (default: the rate limit)")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "log one line per request and RTM action (method or action, who, status or error, duration), and errors, to stderr")
	f.StringArrayVar(&o.redirects, "oauth-redirect-uri", nil, "register an OAuth redirect URI for the client (repeatable; loopback URLs are always allowed; a trailing / allows the paths below)")
	addTLSFlags(cmd, &o)     // serve_tls.go
	o.state.add(f)           // serve_state.go
	addValidateFlag(cmd, &o) // serve_openapi.go
	return cmd
}

func runServe(cmd *cobra.Command, o serveOptions) error {
	ctx := cmd.Context()
	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
	start := time.Now()
	validator, err := requestValidator(o) // serve_openapi.go
	if err != nil {
		return err
	}
	cfg := emulator.Config{Addr: o.addr, DataDir: o.data, Logger: logger,
		RateLimit: rate.Limit(o.rateLimit), RateBurst: o.rateBurst,
		TLS: o.tls, TLSCertFile: o.tlsCert, TLSKeyFile: o.tlsKey, OAuthRedirectURIs: o.redirects,
		RequestValidator: validator}
	if err := o.state.apply(&cfg, o.verbose); err != nil { // serve_state.go
		return err
	}
	srv, err := emulator.New(ctx, cfg)
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		srv.Close()
		return err
	}
	creds := srv.Credentials()
	o.caFile = srv.CACertFile()
	if o.credentials != "" {
		b, _ := json.MarshalIndent(creds, "", "  ")
		if err := os.WriteFile(o.credentials, append(b, '\n'), 0o600); err != nil {
			srv.Close()
			return fmt.Errorf("write credentials: %w", err)
		}
	}
	printBanner(cmd.OutOrStdout(), creds, o, time.Since(start))
	o.state.report(cmd.OutOrStdout(), srv, o.data) // serve_state.go
	<-ctx.Done()
	fmt.Fprintln(cmd.OutOrStdout(), "shutting down…")
	return srv.Close()
}

func printBanner(w io.Writer, c emulator.Credentials, o serveOptions, took time.Duration) {
	data := o.data
	if data != store.Memory {
		data = filepath.Join(data, store.FileName)
	}
	fmt.Fprintf(w, "LiveChat emulator ready in %v\n", took.Round(time.Millisecond))
	fmt.Fprintf(w, "  state            %s\n", data)
	fmt.Fprintf(w, "  base URL         %s\n", c.URL)
	fmt.Fprintf(w, "  agent Web API    %s<action>   (also /v3.5/, /v3.4/)\n", c.AgentWebURL)
	fmt.Fprintf(w, "  agent RTM        %s\n", c.AgentRTMURL)
	fmt.Fprintf(w, "  customer Web API %s/v3.6/customer/action/<action>?organization_id=%s\n", c.URL, c.OrganizationID)
	fmt.Fprintf(w, "  customer RTM     %s/v3.6/customer/rtm/ws?organization_id=%s\n", wsURL(c.URL), c.OrganizationID)
	fmt.Fprintf(w, "  configuration    %s/v3.6/configuration/action/<action>\n", c.URL)
	fmt.Fprintf(w, "  REST API v2      %s/<resource>   (X-API-Version: 2)\n", c.URL)
	fmt.Fprintf(w, "  OAuth            %s/oauth/authorize, %s/v2/token, %s/v2/customer/token, %s/v2/info\n", c.URL, c.URL, c.URL, c.URL)
	fmt.Fprintf(w, "  API description  %s/openapi.json   (OpenAPI 3.1: Swagger UI, Redoc, restish, livechat api)\n", c.URL)
	fmt.Fprintf(w, "  webhook log      %s/emulator/webhooks/deliveries   (livechat webhooks deliveries)\n", c.URL)
	fmt.Fprintf(w, "  home page        %s/   (what is served, credentials, links)\n", c.URL)
	printCredentials(w, c)
	if o.credentials != "" {
		fmt.Fprintf(w, "\n  credentials written to %s\n", o.credentials)
	}
	printTLS(w, o) // serve_tls.go
	fmt.Fprintln(w, "\nPress Ctrl+C to stop.")
}

// printCredentials prints the well-known credentials (the banner of serve
// and livechat credentials).
func printCredentials(w io.Writer, c emulator.Credentials) {
	fmt.Fprintf(w, "  organization_id  %s\n", c.OrganizationID)
	fmt.Fprintf(w, "  license_id       %s\n", c.LicenseID)
	fmt.Fprintf(w, "  client_id        %s\n\n", c.ClientID)
	for _, a := range []emulator.AgentCredentials{c.Owner, c.Agent} {
		fmt.Fprintf(w, "  %-7s %s (%s)\n", a.Role, a.ID, a.Name)
		fmt.Fprintf(w, "          Authorization: Bearer %s\n", a.Token)
		fmt.Fprintf(w, "          PAT: account_id %s, token %s\n", a.AccountID, a.PAT)
		fmt.Fprintf(w, "          Authorization: %s\n", a.Basic)
		fmt.Fprintf(w, "          REST API v2: X-API-Version: 2, Basic %s:%s (login:API key)\n", a.ID, a.APIKey)
	}
	fmt.Fprintf(w, "  read-only token  Bearer %s (owner, read scopes only)\n", c.ReadOnly.Token)
	fmt.Fprintf(w, "  bot              %s (%s)  Bearer %s\n", c.Bot.ID, c.Bot.Name, c.Bot.Token)
	for _, cu := range c.Customers {
		fmt.Fprintf(w, "  customer         %s (%s)  Bearer %s\n", cu.ID, cu.Name, cu.Token)
	}
}

// wsURL turns an http(s) base URL into its ws(s) form.
func wsURL(u string) string {
	if strings.HasPrefix(u, "https://") {
		return "wss://" + strings.TrimPrefix(u, "https://")
	}
	return "ws://" + strings.TrimPrefix(u, "http://")
}
