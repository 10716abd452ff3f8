package dynamic

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/internal/redact"
	"github.com/livechat-go/livechat/restv2"
	"github.com/livechat-go/livechat/transport/web"
)

// DescriptionPath is where Discover looks for the description under a
// base URL (the local emulator serves it there).
const DescriptionPath = "/openapi.json"

// accountsBaseURL is the platform's accounts (OAuth) host.
const accountsBaseURL = "https://accounts.livechat.com"

// maxDescriptionSize bounds a fetched description.
const maxDescriptionSize = 32 << 20

// Client calls every operation of an API description. It is safe for
// concurrent use and never changes after construction (WithRTM returns a
// new Client).
type Client struct {
	desc    *description
	cfg     livechat.Config
	creds   livechat.Credentials
	version string
	byKey   map[opKey]*Operation // the operations of the client's version
	web     map[string]*web.Transport
	webErr  map[string]error
	v2      *restv2.Client
	v2Err   error
	accBase string       // the accounts server
	accHTTP *http.Client // follows no redirect (authorize answers one)
	rtm     map[string]livechat.Transport
}

type opKey struct{ api, action string }

// API describes one API of the description.
type API struct {
	// Name is the name used with Operations and Call: "agent",
	// "customer", "configuration", "restv2" or "accounts".
	Name string `json:"name"`
	// Title is the API's human name, e.g. "Agent Chat API".
	Title string `json:"title"`
	// Operations is the number of operations of the client's version.
	Operations int `json:"operations"`
}

var apiTitles = map[string]string{
	apiAgent:    "Agent Chat API",
	apiCustomer: "Customer Chat API",
	apiConfig:   "Configuration API",
	apiRESTv2:   "REST API v2 (legacy)",
	apiAccounts: "Accounts API (OAuth)",
}

// New returns a client of the description embedded in this module
// (package api), for the real platform, which serves no description, or
// any server named with livechat.WithBaseURL. Options select the API
// version (default 3.6), region, base URL, organization id (needed by the
// Customer Chat API), HTTP client, logger and retries, as for the typed
// clients.
func New(creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	if creds == nil {
		return nil, livechat.Required("credentials")
	}
	d, err := embedded()
	if err != nil {
		return nil, err
	}
	return newClient(d, creds, opts)
}

var (
	embeddedOnce sync.Once
	embeddedDesc *description
	embeddedErr  error
)

// embedded indexes the embedded description once per process.
func embedded() (*description, error) {
	embeddedOnce.Do(func() {
		embeddedDesc, embeddedErr = parseDescription(context.Background(), api.JSON(), false)
	})
	return embeddedDesc, embeddedErr
}

// NewFromJSON returns a client of the OpenAPI 3.1 description data, which
// must follow the conventions of package api (x-livechat-* extensions).
func NewFromJSON(ctx context.Context, data []byte, creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	if creds == nil {
		return nil, livechat.Required("credentials")
	}
	d, err := parseDescription(ctx, data, true)
	if err != nil {
		return nil, err
	}
	return newClient(d, creds, opts)
}

// Discover fetches the description of the server at baseURL
// (<baseURL>/openapi.json, or baseURL itself when it names a .json
// document) and returns a client once it is ready. Calls go to the
// server's base URL unless livechat.WithBaseURL says otherwise. The error
// says which address was tried and why it failed.
func Discover(ctx context.Context, baseURL string, creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	if creds == nil {
		return nil, livechat.Required("credentials")
	}
	descURL, base, err := descriptionURL(baseURL)
	if err != nil {
		return nil, err
	}
	cfg := livechat.NewConfig(opts...)
	data, err := fetch(ctx, cfg.HTTPClient, descURL)
	if err != nil {
		return nil, err
	}
	d, err := parseDescription(ctx, data, true)
	if err != nil {
		return nil, fmt.Errorf("dynamic: discover %s: %w", redact.URL(descURL.String()), err)
	}
	if cfg.BaseURL == "" {
		opts = append([]livechat.Option{livechat.WithBaseURL(base)}, opts...)
	}
	return newClient(d, creds, opts)
}

// descriptionURL splits what Discover was given into the description's
// address and the base URL of the API.
func descriptionURL(raw string) (*url.URL, string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", livechat.Invalid("base_url", fmt.Sprintf("must be an absolute http(s) URL, got %q", redact.URL(raw)))
	}
	if u.User != nil {
		return nil, "", livechat.Invalid("base_url", "must not carry a user name or password (pass credentials instead)")
	}
	base := u.Scheme + "://" + u.Host
	if strings.HasSuffix(u.Path, ".json") {
		if dir := u.Path[:strings.LastIndex(u.Path, "/")]; dir != "" {
			base += dir
		}
		return u, base, nil
	}
	base += strings.TrimRight(u.Path, "/")
	d := *u
	d.Path = strings.TrimRight(u.Path, "/") + DescriptionPath
	return &d, base, nil
}

func fetch(ctx context.Context, hc *http.Client, u *url.URL) ([]byte, error) {
	where := redact.URL(u.String())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("dynamic: discover %s: %w", where, err)
	}
	req.Header.Set("Accept", mediaTypeJSON)
	req.Header.Set("User-Agent", livechat.UserAgentString)
	res, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = where // the client's error repeats the URL with its query
		}
		return nil, fmt.Errorf("dynamic: discover: GET %s: %w", where, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxDescriptionSize+1))
	if err != nil {
		return nil, fmt.Errorf("dynamic: discover: GET %s: read: %w", where, err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("dynamic: discover: GET %s answered %s (is it a LiveChat emulator or does it serve an OpenAPI description there?)", where, res.Status)
	}
	if len(data) > maxDescriptionSize {
		return nil, fmt.Errorf("dynamic: discover: GET %s: the description is larger than %d MB", where, maxDescriptionSize>>20)
	}
	return data, nil
}

func newClient(d *description, creds livechat.Credentials, opts []livechat.Option) (*Client, error) {
	cfg := livechat.NewConfig(opts...)
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Client{desc: d, cfg: cfg, creds: creds, version: string(cfg.APIVersion),
		byKey: map[opKey]*Operation{}, web: map[string]*web.Transport{}, webErr: map[string]error{}}
	if len(d.headers) > 0 {
		// The last WithHTTPClient wins: the caller's client, wrapped.
		opts = append(slices.Clone(opts), livechat.WithHTTPClient(withHeaderTransport(cfg.HTTPClient)))
	}
	for _, o := range d.ops {
		if isV3(o.API) && o.Version != c.version {
			continue
		}
		k := opKey{o.API, o.Action}
		if prev, ok := c.byKey[k]; ok && prev.OnWeb() && !o.OnWeb() {
			continue // an HTTP operation wins over an RTM-only entry of the same name
		}
		c.byKey[k] = o
	}
	for _, a := range []web.API{web.Agent, web.Customer, web.Configuration} {
		t, err := web.New(a, creds, opts...)
		if err != nil {
			c.webErr[string(a)] = err
			continue
		}
		c.web[string(a)] = t
	}
	c.v2, c.v2Err = restv2.New(creds, opts...)
	c.accBase = strings.TrimRight(cmp.Or(cfg.BaseURL, accountsBaseURL), "/")
	hc := livechat.NewConfig(opts...).HTTPClient
	noRedirect := *hc
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.accHTTP = &noRedirect
	return c, nil
}

// WithRTM returns a client that sends the actions of api ("agent" or
// "customer") that exist over RTM through conn (an *rtm.Conn logged in to
// that API), and everything else as before. The RTM-only actions of the
// description (login's companions such as set_away_status) need it.
func (c *Client) WithRTM(api string, conn livechat.Transport) (*Client, error) {
	if api != apiAgent && api != apiCustomer {
		return nil, livechat.Invalid("api", fmt.Sprintf("RTM serves the agent and customer APIs, got %q", api))
	}
	if conn == nil {
		return nil, livechat.Required("conn")
	}
	if k := livechat.KindOf(conn); k != "" && k != livechat.TransportRTM {
		return nil, livechat.Invalid("conn", fmt.Sprintf("speaks %s, not rtm", k))
	}
	if v, ok := conn.(livechat.Versioned); ok && v.APIVersion() != "" && string(v.APIVersion()) != c.version {
		return nil, livechat.Invalid("conn", fmt.Sprintf("speaks API %s but the client %s", v.APIVersion(), c.version))
	}
	n := *c
	n.rtm = map[string]livechat.Transport{}
	for k, v := range c.rtm {
		n.rtm[k] = v
	}
	n.rtm[api] = conn
	return &n, nil
}

// Version returns the API version of the client's v3 operations.
func (c *Client) Version() string { return c.version }

// Config returns the client's configuration.
func (c *Client) Config() livechat.Config { return c.cfg }

// APIs lists the APIs of the description, sorted by name.
func (c *Client) APIs() []API {
	count := map[string]int{}
	for k := range c.byKey {
		count[k.api]++
	}
	out := make([]API, 0, len(count))
	for name, n := range count {
		title := apiTitles[name]
		if title == "" {
			title = name
		}
		out = append(out, API{Name: name, Title: title, Operations: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Operations lists the operations of api in the client's version, sorted
// by action. It returns nil for an unknown API.
func (c *Client) Operations(api string) []*Operation {
	var out []*Operation
	for k, o := range c.byKey {
		if k.api == api {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Action < out[j].Action })
	return out
}

// Operation returns one operation of the client's version, or an
// *livechat.ArgumentError naming what is unknown.
func (c *Client) Operation(api, action string) (*Operation, error) {
	if o := c.byKey[opKey{api, action}]; o != nil {
		return o, nil
	}
	if len(c.Operations(api)) == 0 {
		var names []string
		for _, a := range c.APIs() {
			names = append(names, a.Name)
		}
		return nil, livechat.Invalid("api", fmt.Sprintf("%q is not an API of the description (known: %s)", api, strings.Join(names, ", ")))
	}
	var other []string
	for _, o := range c.desc.ops {
		if o.API == api && o.Action == action && !slices.Contains(other, o.Version) {
			other = append(other, o.Version)
		}
	}
	if len(other) > 0 {
		return nil, livechat.Invalid("action", fmt.Sprintf("%s.%s is not in API version %s (it is in %s; use livechat.WithAPIVersion)",
			api, action, c.version, strings.Join(other, ", ")))
	}
	msg := fmt.Sprintf("%q is not an action of the %s API", action, api)
	if s := c.suggest(api, action); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return nil, livechat.Invalid("action", msg)
}

// suggest returns the action of api closest to a mistyped one, or "".
func (c *Client) suggest(api, action string) string {
	best, bestD := "", len(action)/2+2
	for _, o := range c.Operations(api) {
		if d := distance(action, o.Action); d < bestD {
			best, bestD = o.Action, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// errNoRTM reports an RTM-only action called without an RTM connection.
func errNoRTM(o *Operation) error {
	return livechat.Invalid("transport", fmt.Sprintf("%s.%s exists only over RTM: use (*dynamic.Client).WithRTM(%q, conn)", o.API, o.Action, o.API))
}

var errNilClient = errors.New("dynamic: nil client (use dynamic.New or dynamic.Discover)")
