package livechat

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Transport carries one API action to the platform and decodes its
// answer into response (which may be nil). The Web (HTTP) and RTM
// (WebSocket) transports both implement it, so the typed clients of the
// agent and customer packages run unchanged over either.
type Transport interface {
	Call(ctx context.Context, action string, request, response any) error
}

// Config is the resolved configuration of a client. Build it with
// NewConfig from Options; clients never change it after construction.
type Config struct {
	// Region selects the US (default) or EU data centre. A token's own
	// region prefix wins when the region was not set explicitly.
	Region Region
	// APIVersion is the API version used in paths (default 3.6).
	APIVersion APIVersion
	// BaseURL replaces the platform's host, e.g. "http://127.0.0.1:8080"
	// for the local emulator. Paths are appended to it.
	BaseURL string
	// HTTPClient sends Web API requests and dials RTM sockets. The
	// default, DefaultHTTPClient, pools connections for concurrent use (30 s
	// timeout, keep-alives, up to DefaultMaxIdleConnsPerHost idle
	// connections per host, HTTP/2 where the server offers it); a client
	// given with WithHTTPClient is used as it is.
	HTTPClient *http.Client
	// Logger receives debug logs of requests; credentials are never logged.
	Logger *slog.Logger
	// UserAgent is sent on every request.
	UserAgent string
	// MaxRetries bounds the retries of one call where retrying is safe (default 3).
	MaxRetries int
	// RetryBaseDelay and RetryMaxDelay bound the jittered backoff (default 200 ms and 10 s).
	RetryBaseDelay, RetryMaxDelay time.Duration
	// OrganizationID is required by the Customer Chat API (query parameter
	// organization_id) and customer RTM connections.
	OrganizationID string
	// SafeSend makes send_event exactly-once over the Web transport (see
	// WithSafeSend); SafeSendCheckDelay is the least wait between a lost
	// answer and the lookup of its custom_id.
	SafeSend           bool
	SafeSendCheckDelay time.Duration

	regionSet bool
}

// Option configures a client.
type Option func(*Config)

// WithRegion selects the data centre (RegionUS or RegionEU).
func WithRegion(r Region) Option {
	return func(c *Config) { c.Region, c.regionSet = r, true }
}

// WithAPIVersion selects the API version (V3_5 or V3_6).
func WithAPIVersion(v APIVersion) Option { return func(c *Config) { c.APIVersion = v } }

// WithBaseURL sends every request to base instead of the platform, e.g. the
// local emulator at "http://127.0.0.1:8080".
func WithBaseURL(base string) Option { return func(c *Config) { c.BaseURL = base } }

// WithHTTPClient sets the *http.Client used for Web API requests (and to
// dial RTM sockets). It is used untouched: size its transport's
// MaxIdleConnsPerHost for your concurrency (see NewHTTPTransport).
func WithHTTPClient(hc *http.Client) Option { return func(c *Config) { c.HTTPClient = hc } }

// WithLogger sets the slog logger for debug logs of requests.
func WithLogger(l *slog.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithUserAgent replaces the User-Agent (the SDK's name and version are kept as a suffix).
func WithUserAgent(ua string) Option {
	return func(c *Config) { c.UserAgent = ua + " " + UserAgentString }
}

// WithMaxRetries bounds retries of safe calls; 0 disables retrying.
func WithMaxRetries(n int) Option { return func(c *Config) { c.MaxRetries = n } }

// WithRetryDelay sets the bounds of the jittered retry backoff.
func WithRetryDelay(base, max time.Duration) Option {
	return func(c *Config) { c.RetryBaseDelay, c.RetryMaxDelay = base, max }
}

// WithOrganizationID sets the organization id (Customer Chat API).
func WithOrganizationID(id string) Option { return func(c *Config) { c.OrganizationID = id } }

// DefaultSafeSendCheckDelay is the default least wait between a lost
// send_event answer and the lookup of its custom_id (WithSafeSend).
const DefaultSafeSendCheckDelay = time.Second

// WithSafeSend makes send_event exactly-once over the Web transport
// (transport/web; over RTM use rtm.WithSafeResend). Each send_event gets a
// custom_id (unless it has one). When its answer is lost (a network error
// after the request may have been written, or a 5xx other than 503, which
// may come after the server acted), the transport waits checkDelay (0
// means DefaultSafeSendCheckDelay), looks the custom_id up in the chat's
// latest threads (list_threads) and returns the stored event's id if it
// is there, or sends the request again otherwise; lookups that fail
// with a network or retryable error are repeated. This goes on until the
// call's ctx ends, so an error means the event was not stored, except one
// matching ErrOutcomeUnknown (errors.Is): the request was sent and ctx
// ended (or the lookup was refused) before the lookup could tell. A request
// still being processed longer than checkDelay after its answer was lost
// could in theory be stored after the lookup: choose a checkDelay above
// your server's processing time if duplicates are costly.
func WithSafeSend(checkDelay time.Duration) Option {
	return func(c *Config) {
		c.SafeSend = true
		c.SafeSendCheckDelay = checkDelay
	}
}

// NewConfig applies opts over the defaults.
func NewConfig(opts ...Option) Config {
	c := Config{
		Region:         RegionUS,
		APIVersion:     DefaultAPIVersion,
		UserAgent:      UserAgentString,
		MaxRetries:     3,
		RetryBaseDelay: 200 * time.Millisecond,
		RetryMaxDelay:  10 * time.Second,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.SafeSendCheckDelay <= 0 {
		c.SafeSendCheckDelay = DefaultSafeSendCheckDelay
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// RegionFor returns the region a request with auth goes to: the explicit
// WithRegion choice, else the token's prefix, else US.
func (c Config) RegionFor(auth Authorization) Region {
	if c.regionSet || auth.Region == "" {
		return c.Region
	}
	return auth.Region
}

// Validate checks the configuration and names what is wrong.
func (c Config) Validate() error {
	if _, err := ParseAPIVersion(string(c.APIVersion)); err != nil {
		return err
	}
	switch c.Region {
	case RegionUS, RegionEU:
	default:
		return Invalid("region", "must be \"dal\" (US) or \"fra\" (EU), got "+string(c.Region))
	}
	if c.MaxRetries < 0 {
		return Invalid("max_retries", "must not be negative")
	}
	return nil
}

// Versioned is implemented by transports that know the API version they
// speak; typed clients use it to pick a version's field names.
type Versioned interface {
	APIVersion() APIVersion
}

// TransportKind names the wire protocol a Transport speaks. Some actions
// exist only on one of them (protocol.md §2.4: upload_file and
// get_license_info only over the Web API; login and the subscriptions only
// over RTM); clients use KindOf to refuse those before sending anything.
type TransportKind string

// The transports of this module.
const (
	TransportWeb TransportKind = "web" // HTTPS requests (package transport/web)
	TransportRTM TransportKind = "rtm" // one WebSocket (package transport/rtm)
)

// KindOf reports which wire t speaks, or "" when t does not say (a
// Transport written by the caller, a test double): then nothing is
// assumed and every action is sent.
func KindOf(t Transport) TransportKind {
	if k, ok := t.(interface{ Kind() TransportKind }); ok {
		return k.Kind()
	}
	return ""
}

// Uploader is implemented by transports that can send a file as
// multipart/form-data (the Web transport; RTM cannot).
type Uploader interface {
	Upload(ctx context.Context, action, filename string, r io.Reader, response any) error
}

// Getter is implemented by transports that can send an action as an HTTP
// GET with query parameters (the Customer Chat API's GET methods).
type Getter interface {
	Get(ctx context.Context, action string, query url.Values, response any) error
}
