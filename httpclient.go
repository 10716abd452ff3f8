package livechat

import (
	"net/http"
	"time"
)

// DefaultMaxIdleConnsPerHost is how many idle keep-alive connections per
// host the SDK's default HTTP client keeps: more than the calls one
// process usually has in flight to the platform (the RTM limit is 10 per
// connection; Web callers are bounded only by themselves), so that a burst
// reuses connections instead of opening, and paying the TLS handshake of,
// a new one for every call above Go's default of 2.
const DefaultMaxIdleConnsPerHost = 64

// defaultHTTPClient is the client of every Config built without
// WithHTTPClient; one per process, so that all SDK clients share its pool.
var defaultHTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: NewHTTPTransport()}

// DefaultHTTPClient returns the *http.Client the SDK uses when none is
// given with WithHTTPClient: one per process, shared by every client, with
// a 30 s timeout and the transport of NewHTTPTransport. Do not modify it;
// build your own from NewHTTPTransport to change it.
func DefaultHTTPClient() *http.Client { return defaultHTTPClient }

// NewHTTPTransport returns a new transport sized for concurrent use, as the
// SDK's default client has: http.DefaultTransport's settings (proxy from
// the environment, dial and TLS handshake timeouts, HTTP/2 over TLS where
// the server offers it, keep-alives) with up to DefaultMaxIdleConnsPerHost
// idle connections per host and 256 in all, instead of Go's 2 per host.
func NewHTTPTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
	t.IdleConnTimeout = 90 * time.Second
	t.ForceAttemptHTTP2 = true
	t.DisableKeepAlives = false
	return t
}
