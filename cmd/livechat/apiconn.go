package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/dynamic"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/redact"
	"github.com/livechat-go/livechat/transport/rtm"
)

// defaultAPIURL is where `livechat api`, `chats` and `send` go by default:
// the local emulator of `livechat serve`.
const defaultAPIURL = "http://127.0.0.1:8080"

// apiFlags are the connection and credential flags shared by `livechat
// api`, `livechat chats` and `livechat send`.
type apiFlags struct {
	url         string
	token       string
	pat         string
	apiKey      string
	apiVersion  string
	region      string
	orgID       string
	credentials string
	description string
	verbose     bool
}

func (f *apiFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.url, "url", "", "base URL of the API (env LIVECHAT_URL; default "+defaultAPIURL+", the local emulator)")
	fl.StringVar(&f.token, "token", "", "OAuth access token sent as Bearer (env LIVECHAT_TOKEN)")
	fl.StringVar(&f.pat, "pat", "", "Personal Access Token as ACCOUNT_ID:PAT (env LIVECHAT_PAT)")
	fl.StringVar(&f.apiKey, "api-key", "", "REST API v2 credentials as LOGIN:API_KEY (env LIVECHAT_API_KEY)")
	fl.StringVar(&f.apiVersion, "api-version", "", "API version of the v3 APIs: 3.6 (default), 3.5 or 3.4")
	fl.StringVar(&f.region, "region", "", `data centre: "dal" (US) or "fra" (EU); default from the token`)
	fl.StringVar(&f.orgID, "organization-id", "", "organization id for the Customer Chat API (env LIVECHAT_ORGANIZATION_ID)")
	fl.StringVar(&f.credentials, "credentials", "", "an emulator's credentials file (livechat serve --credentials FILE) to take the credentials from")
	fl.StringVar(&f.description, "description", "", "an OpenAPI description (file or http(s) URL) to use instead of the built-in one")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "print each request and response on stderr (secrets redacted)")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err.Error()) })
}

func envValue(v, key string) string {
	if v != "" {
		return v
	}
	return os.Getenv(key)
}

// baseURL returns the API's base URL from --url, LIVECHAT_URL or the default.
func (f *apiFlags) baseURL() (string, error) {
	raw := strings.TrimRight(envValue(f.url, "LIVECHAT_URL"), "/")
	if raw == "" {
		raw = defaultAPIURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usageError(fmt.Sprintf("--url must be an absolute http(s) URL, got %q", redact.URL(raw)))
	}
	if u.User != nil {
		return "", usageError("--url must not carry a user name or password: use --token, --pat or --api-key")
	}
	return raw, nil
}

// isLocal reports whether base names this machine: then, without
// credentials, the emulator's well-known ones are used.
func isLocal(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// emulatorCredentials returns the credentials of a local emulator: the
// --credentials file when given, otherwise the well-known seed.
func (f *apiFlags) emulatorCredentials() (emulator.Credentials, error) {
	if f.credentials == "" {
		return emulator.WellKnownCredentials(), nil
	}
	b, err := os.ReadFile(f.credentials)
	if err != nil {
		return emulator.Credentials{}, usageError(fmt.Sprintf("--credentials: %v", err))
	}
	var c emulator.Credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return emulator.Credentials{}, usageError(fmt.Sprintf("--credentials %s is not an emulator credentials file: %v", f.credentials, err))
	}
	return c, nil
}

// credsFor picks the credentials of a call to api.
func (f *apiFlags) credsFor(api, base string) (livechat.Credentials, error) {
	token, pat, key := envValue(f.token, "LIVECHAT_TOKEN"), envValue(f.pat, "LIVECHAT_PAT"), envValue(f.apiKey, "LIVECHAT_API_KEY")
	n := 0
	for _, v := range []string{f.token, f.pat, f.apiKey} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		return nil, usageError("give only one of --token, --pat and --api-key")
	}
	switch {
	case f.token != "":
		return livechat.NewBearerToken(f.token), nil
	case f.pat != "":
		return parsePAT(f.pat)
	case f.apiKey != "":
		return parseAPIKey(f.apiKey)
	case token != "":
		return livechat.NewBearerToken(token), nil
	case pat != "":
		return parsePAT(pat)
	case key != "":
		return parseAPIKey(key)
	}
	if !isLocal(base) && f.credentials == "" {
		return nil, usageError("no credentials for " + base + ": pass --token, --pat ACCOUNT_ID:PAT or --api-key LOGIN:KEY (or set LIVECHAT_TOKEN)")
	}
	c, err := f.emulatorCredentials()
	if err != nil {
		return nil, err
	}
	switch api {
	case "customer":
		if len(c.Customers) == 0 {
			return nil, usageError("the credentials file has no customer")
		}
		return livechat.NewBearerToken(c.Customers[0].Token), nil
	case "restv2":
		return livechat.NewAPIKey(c.Owner.ID, c.Owner.APIKey), nil
	}
	return livechat.NewBearerToken(c.Owner.Token), nil
}

func parsePAT(v string) (livechat.Credentials, error) {
	acc, pat, ok := strings.Cut(v, ":")
	if !ok || acc == "" || pat == "" {
		return nil, usageError("--pat must be ACCOUNT_ID:PAT")
	}
	return livechat.NewPAT(acc, pat), nil
}

func parseAPIKey(v string) (livechat.Credentials, error) {
	login, key, ok := strings.Cut(v, ":")
	if !ok || login == "" || key == "" {
		return nil, usageError("--api-key must be LOGIN:API_KEY")
	}
	return livechat.NewAPIKey(login, key), nil
}

// options returns the client options of the flags.
func (f *apiFlags) options(base string, stderr io.Writer) ([]livechat.Option, error) {
	opts := []livechat.Option{livechat.WithBaseURL(base)}
	if f.apiVersion != "" {
		v, err := livechat.ParseAPIVersion(strings.TrimPrefix(f.apiVersion, "v"))
		if err != nil {
			return nil, usageError(fmt.Sprintf("--api-version: %v", err))
		}
		opts = append(opts, livechat.WithAPIVersion(v))
	}
	if f.region != "" {
		if f.region != string(livechat.RegionUS) && f.region != string(livechat.RegionEU) {
			return nil, usageError(fmt.Sprintf(`--region must be "dal" or "fra", got %q`, f.region))
		}
		opts = append(opts, livechat.WithRegion(livechat.Region(f.region)))
	}
	org := envValue(f.orgID, "LIVECHAT_ORGANIZATION_ID")
	if org == "" && (isLocal(base) || f.credentials != "") {
		if c, err := f.emulatorCredentials(); err == nil {
			org = c.OrganizationID
		}
	}
	if org != "" {
		opts = append(opts, livechat.WithOrganizationID(org))
	}
	hc := &http.Client{Transport: http.DefaultTransport}
	if f.verbose {
		hc.Transport = &verboseTransport{w: stderr, next: http.DefaultTransport}
	}
	opts = append(opts, livechat.WithHTTPClient(hc), livechat.WithMaxRetries(2))
	return opts, nil
}

// client returns a dynamic client for api from the flags. The built-in
// description is used unless --description names another one.
func (f *apiFlags) client(ctx context.Context, api string, stderr io.Writer) (*dynamic.Client, error) {
	creds, opts, err := f.connection(api, stderr)
	if err != nil {
		return nil, err
	}
	return f.fromDescription(ctx, creds, opts)
}

// connection resolves the flags' address, the credentials for api and the
// client options: what both client and dialRTM start from.
func (f *apiFlags) connection(api string, stderr io.Writer) (livechat.Credentials, []livechat.Option, error) {
	base, err := f.baseURL()
	if err != nil {
		return nil, nil, err
	}
	creds, err := f.credsFor(api, base)
	if err != nil {
		return nil, nil, err
	}
	opts, err := f.options(base, stderr)
	if err != nil {
		return nil, nil, err
	}
	return creds, opts, nil
}

// fromDescription makes a dynamic client from the built-in description,
// or the one --description names (a URL or a file).
func (f *apiFlags) fromDescription(ctx context.Context, creds livechat.Credentials, opts []livechat.Option) (*dynamic.Client, error) {
	switch {
	case f.description == "":
		return dynamic.New(creds, opts...)
	case strings.HasPrefix(f.description, "http://") || strings.HasPrefix(f.description, "https://"):
		return dynamic.Discover(ctx, f.description, creds, opts...)
	}
	b, err := os.ReadFile(f.description)
	if err != nil {
		return nil, usageError(fmt.Sprintf("--description: %v", err))
	}
	return dynamic.NewFromJSON(ctx, b, creds, opts...)
}

// dialRTM opens an RTM connection to api ("agent" or "customer") with the
// flags' address and credentials; the login is its first request.
func (f *apiFlags) dialRTM(ctx context.Context, api string, stderr io.Writer) (*rtm.Conn, error) {
	creds, opts, err := f.connection(api, stderr)
	if err != nil {
		return nil, err
	}
	dial := rtm.Dial
	if api == "customer" {
		dial = rtm.DialCustomer
	}
	return dial(ctx, creds, rtm.WithConfig(opts...), rtm.WithMaxReconnects(0))
}

// describer returns a client for listing and help only (no credentials
// needed): the same description as client.
func (f *apiFlags) describer(ctx context.Context) (*dynamic.Client, error) {
	var opts []livechat.Option
	if f.apiVersion != "" {
		v, err := livechat.ParseAPIVersion(strings.TrimPrefix(f.apiVersion, "v"))
		if err != nil {
			return nil, usageError(fmt.Sprintf("--api-version: %v", err))
		}
		opts = append(opts, livechat.WithAPIVersion(v))
	}
	return f.fromDescription(ctx, livechat.NewBearerToken("describe-only"), opts)
}

// cliError is an error printed as "type: message" with its own exit status.
type cliError struct {
	typ  string
	msg  string
	code int
}

func (e *cliError) Error() string { return e.typ + ": " + e.msg }

// Exit statuses of `livechat api`, `chats` and `send`.
const (
	exitAPIError = 1 // the platform answered an error
	exitInvalid  = 2 // bad usage or arguments: nothing was sent
	exitNetwork  = 3 // no answer: connection refused, timeout, …
)

func usageError(msg string) error { return &cliError{typ: "usage", msg: msg, code: exitInvalid} }

// classify turns an error of a call into a cliError.
func classify(err error) error {
	var ce *cliError
	if errors.As(err, &ce) {
		return ce
	}
	var le *livechat.Error
	if errors.As(err, &le) {
		msg := le.Message
		if le.Status != 0 {
			msg += fmt.Sprintf(" (HTTP %d)", le.Status)
		}
		return &cliError{typ: string(le.Type), msg: msg, code: exitAPIError}
	}
	var ae *livechat.ArgumentError
	if errors.As(err, &ae) {
		return &cliError{typ: "validation", msg: ae.Field + " " + ae.Problem, code: exitInvalid}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &cliError{typ: "canceled", msg: err.Error(), code: exitNetwork}
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &ne) || errors.As(err, &oe) {
		return &cliError{typ: "network", msg: strings.TrimPrefix(err.Error(), "livechat: "), code: exitNetwork}
	}
	return &cliError{typ: "error", msg: strings.TrimPrefix(err.Error(), "livechat: "), code: exitAPIError}
}

// reportError prints err on w and returns the exit status: "type: message"
// for the errors of api, chats and send, "livechat: …" for the others.
func reportError(w io.Writer, err error) int {
	var ce *cliError
	if errors.As(err, &ce) {
		fmt.Fprintln(w, ce.Error())
		return ce.code
	}
	fmt.Fprintln(w, "livechat:", err)
	return 1
}
