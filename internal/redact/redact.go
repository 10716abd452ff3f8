// Package redact hides the secrets a URL may carry before it reaches a
// log line, an error string or a listing: the user information
// (https://user:password@host/, or a bare token as the user) and the
// values of query parameters whose name looks secret (token, secret,
// key, password, signature, auth, code, session…).
package redact

import (
	"net/url"
	"strings"
)

// Mask replaces every hidden value.
const Mask = "xxxxx"

// secretWords are the parts of a query parameter name that mark its value secret.
var secretWords = []string{"token", "secret", "key", "pass", "pwd", "sig", "auth", "code", "session", "credential", "jwt", "bearer", "cookie", "private"}

// SecretName reports whether a parameter (or header) name looks like it
// carries a secret.
func SecretName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// URL returns s with its user information and secret-looking query
// values replaced by Mask. A string that does not parse as a URL is
// returned with everything after its scheme hidden when it could hold
// user information or a query.
func URL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if strings.ContainsAny(s, "@?") {
			if i := strings.Index(s, "://"); i >= 0 {
				return s[:i+3] + Mask
			}
			return Mask
		}
		return s
	}
	return redactURL(u).String()
}

func redactURL(u *url.URL) *url.URL {
	c := *u
	if c.User != nil {
		if _, has := c.User.Password(); has {
			c.User = url.UserPassword(c.User.Username(), Mask)
		} else {
			c.User = url.User(Mask)
		}
	}
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			c.RawQuery = Mask
		} else {
			changed := false
			for k, vs := range q {
				if SecretName(k) {
					for i := range vs {
						vs[i] = Mask
					}
					changed = true
				}
			}
			if changed {
				c.RawQuery = q.Encode()
			}
		}
	}
	if c.Fragment != "" && strings.ContainsAny(c.Fragment, "=") {
		c.Fragment, c.RawFragment = Mask, ""
	}
	return &c
}

// Error returns err's text with the URL of a *url.Error (what
// net/http's client returns) redacted.
func Error(err error) string {
	if err == nil {
		return ""
	}
	var ue *url.Error
	if e, ok := err.(*url.Error); ok {
		ue = e
	}
	if ue == nil {
		return err.Error()
	}
	c := *ue
	c.URL = URL(ue.URL)
	return c.Error()
}
