package dynamic

import (
	"context"
	"net/http"
)

// Header parameters (X-Author-Id on the agent actions of API 3.5 and
// older, X-API-Version on REST v2) are arguments like the others: Call
// takes them by their name in args and validates them against the
// description. The transports have no per-call headers, so a validated
// call carries them in its context and the client's HTTP client, wrapped
// by headerTransport, writes them on the request.

// headerKey is the context key of a call's header parameters.
type headerKey struct{}

// headerTransport sets the header parameters of the call a request
// belongs to, then hands the request to next.
type headerTransport struct{ next http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (t *headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h, _ := r.Context().Value(headerKey{}).(http.Header)
	if len(h) == 0 {
		return t.next.RoundTrip(r)
	}
	r2 := r.Clone(r.Context()) // a RoundTripper must not modify its request
	for name, values := range h {
		r2.Header[name] = values
	}
	return t.next.RoundTrip(r2)
}

// withHeaderTransport returns a copy of hc whose requests carry the
// header parameters of their call.
func withHeaderTransport(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	w := *hc
	w.Transport = &headerTransport{next: next}
	return &w
}

// withHeaders returns ctx carrying the header parameters h of a call.
func withHeaders(ctx context.Context, h http.Header) context.Context {
	if len(h) == 0 {
		return ctx
	}
	return context.WithValue(ctx, headerKey{}, h)
}
