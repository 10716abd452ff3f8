package emulator

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/livechat-go/livechat/internal/redact"
)

// The redirect_uri allow-list of the seeded OAuth client (issue 15 point 5).
// The platform only redirects to the URIs registered for a client in the
// Developer Console; the emulator registers the loopback ones (any port and
// path, RFC 8252 §7.3: what `livechat demo` and local apps use) and
// Config.OAuthRedirectURIs.

// parseRedirectURI checks the form of a redirect_uri: an absolute http or
// https URL with a host, no fragment and no user info.
func parseRedirectURI(raw string) (*url.URL, *oauthError) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, oerr(http.StatusBadRequest, "invalid_request", "redirect_uri must be an http or https URL")
	}
	switch {
	case u.Host == "" || u.Opaque != "":
		return nil, oerr(http.StatusBadRequest, "invalid_request", "redirect_uri must name a host")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, oerr(http.StatusBadRequest, "invalid_request", "redirect_uri must not have a fragment")
	case u.User != nil:
		return nil, oerr(http.StatusBadRequest, "invalid_request", "redirect_uri must not carry user info")
	}
	return u, nil
}

// isLoopbackHost reports whether host (no port) is a loopback name or address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkRedirectURI returns the parsed redirect_uri when the seeded client
// may use it, or the invalid_request error naming why not.
func (s *Server) checkRedirectURI(raw string) (*url.URL, *oauthError) {
	u, e := parseRedirectURI(raw)
	if e != nil {
		return nil, e
	}
	if isLoopbackHost(u.Hostname()) {
		return u, nil
	}
	for _, allowed := range s.cfg.OAuthRedirectURIs {
		if redirectMatches(allowed, u) {
			return u, nil
		}
	}
	return nil, oerr(http.StatusBadRequest, "invalid_request",
		"redirect_uri is not registered for this client (loopback URLs and Config.OAuthRedirectURIs / livechat serve --oauth-redirect-uri are)")
}

// redirectMatches reports whether u is the registered URI allowed: the same
// scheme, host and port, and the same path (every path below it when
// allowed ends in "/"). The query of u is not compared.
func redirectMatches(allowed string, u *url.URL) bool {
	a, err := url.Parse(allowed)
	if err != nil || !strings.EqualFold(a.Scheme, u.Scheme) || !strings.EqualFold(a.Host, u.Host) {
		return false
	}
	ap, up := a.EscapedPath(), u.EscapedPath()
	if ap == "" {
		ap = "/"
	}
	if up == "" {
		up = "/"
	}
	if strings.HasSuffix(ap, "/") {
		low := strings.ToLower(up)
		return strings.HasPrefix(up, ap) && !strings.Contains(low, "/..") && !strings.Contains(low, "%2e")
	}
	return up == ap
}

// validateRedirectURIs checks Config.OAuthRedirectURIs at New.
func validateRedirectURIs(list []string) error {
	for _, r := range list {
		if _, e := parseRedirectURI(r); e != nil {
			return fmt.Errorf("emulator: Config.OAuthRedirectURIs: %q: %s", redact.URL(r), e.Description)
		}
	}
	return nil
}
