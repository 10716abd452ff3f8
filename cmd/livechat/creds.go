package main

import (
	"encoding/base64"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/redact"
)

// defaultURL is the local emulator `livechat serve` starts.
const defaultURL = "http://127.0.0.1:8080"

// connFlags are the connection and credential flags of the commands that
// talk to the emulator or to a real account (listen, trigger, export,
// reset). Environment: LIVECHAT_URL, LIVECHAT_TOKEN, LIVECHAT_PAT,
// LIVECHAT_ORGANIZATION_ID. Without credentials, the local emulator's
// well-known ones are used (only for a loopback URL).
type connFlags struct {
	url   string
	token string // Bearer access token
	pat   string // ACCOUNT_ID:PAT
	org   string // organization id (customer APIs)
}

func (c *connFlags) add(f *pflag.FlagSet) {
	c.addAgent(f)
	f.StringVar(&c.org, "organization-id", "", "organization id for the Customer Chat API ($LIVECHAT_ORGANIZATION_ID; default for a local emulator: its organization)")
}

// addAgent adds --url, --token and --pat (commands acting as an agent or
// the owner only).
func (c *connFlags) addAgent(f *pflag.FlagSet) {
	c.addURL(f)
	f.StringVar(&c.token, "token", "", "Bearer access token ($LIVECHAT_TOKEN; default for a local emulator: its well-known token)")
	f.StringVar(&c.pat, "pat", "", "Personal Access Token as ACCOUNT_ID:PAT ($LIVECHAT_PAT)")
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// addURL adds --url alone (commands acting with well-known credentials).
func (c *connFlags) addURL(f *pflag.FlagSet) {
	f.StringVar(&c.url, "url", envOr("LIVECHAT_URL", defaultURL), "base URL: the local emulator, or https://api.livechatinc.com for a real account ($LIVECHAT_URL)")
}

// check refuses a URL that is not http(s) before anything is sent.
func (c *connFlags) check() error {
	u, err := url.Parse(c.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url must be an http(s) base URL such as %s, not %q", defaultURL, redact.URL(c.url))
	}
	if c.token == "" {
		c.token = os.Getenv("LIVECHAT_TOKEN")
	}
	if c.pat == "" {
		c.pat = os.Getenv("LIVECHAT_PAT")
	}
	if c.org == "" {
		c.org = os.Getenv("LIVECHAT_ORGANIZATION_ID")
	}
	if c.token != "" && c.pat != "" {
		return fmt.Errorf("give --token or --pat, not both")
	}
	if enc, ok := strings.CutPrefix(c.token, "Basic "); ok {
		// A whole Basic header is a PAT: base64 of ACCOUNT_ID:PAT.
		dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
		if err != nil {
			return fmt.Errorf("--token \"Basic …\" must be base64 of ACCOUNT_ID:PAT (or give --pat ACCOUNT_ID:PAT)")
		}
		c.token, c.pat = "", string(dec)
	}
	if c.pat != "" {
		if acc, p, ok := strings.Cut(c.pat, ":"); !ok || acc == "" || p == "" {
			return fmt.Errorf("--pat must be ACCOUNT_ID:PAT")
		}
	}
	return nil
}

// local reports whether the URL names this machine (the emulator).
func (c *connFlags) local() bool {
	u, err := url.Parse(c.url)
	if err != nil {
		return false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return h == "localhost" || (ip != nil && ip.IsLoopback())
}

// agentCreds returns the agent credentials: --token, --pat, or the local
// emulator's owner.
func (c *connFlags) agentCreds() (livechat.Credentials, error) {
	switch {
	case c.token != "":
		return livechat.NewBearerToken(strings.TrimPrefix(c.token, "Bearer ")), nil
	case c.pat != "":
		acc, p, _ := strings.Cut(c.pat, ":")
		return livechat.NewPAT(acc, p), nil
	case c.local():
		return livechat.NewBearerToken(emulator.WellKnownCredentials().Owner.Token), nil
	}
	return nil, fmt.Errorf("no credentials for %s: give --token or --pat (or LIVECHAT_TOKEN / LIVECHAT_PAT)", redact.URL(c.url))
}

// customerCreds returns the customer credentials and organization id:
// --token, or the local emulator's customer n (1…3).
func (c *connFlags) customerCreds(n int) (livechat.Credentials, string, error) {
	wk := emulator.WellKnownCredentials()
	org := c.org
	if org == "" && c.local() {
		org = wk.OrganizationID
	}
	if org == "" {
		return nil, "", fmt.Errorf("the Customer Chat API needs --organization-id (or LIVECHAT_ORGANIZATION_ID)")
	}
	switch {
	case c.token != "":
		return livechat.NewBearerToken(strings.TrimPrefix(c.token, "Bearer ")), org, nil
	case c.pat != "":
		return nil, "", fmt.Errorf("customers log in with a token (--token), not a PAT")
	case c.local():
		if n < 1 || n > len(wk.Customers) {
			return nil, "", fmt.Errorf("customer must be 1…%d (the emulator's well-known customers), not %d", len(wk.Customers), n)
		}
		return livechat.NewBearerToken(wk.Customers[n-1].Token), org, nil
	}
	return nil, "", fmt.Errorf("no customer credentials for %s: give --token (or LIVECHAT_TOKEN)", redact.URL(c.url))
}

func wellKnown() emulator.Credentials { return emulator.WellKnownCredentials() }
