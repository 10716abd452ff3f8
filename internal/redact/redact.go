// Package redact is the module's one secret redactor: everything that
// may carry a credential passes through it before it reaches a log
// line, an error string, a listing, a request log or a page.
//
// It hides, always with the same Mask:
//   - in URLs (URL): the password of the user information, or the whole
//     user information when it is a bare user (often a token), the values
//     of secret-named query parameters, and a fragment carrying
//     parameters (an OAuth implicit grant's access_token);
//   - in JSON and form bodies (Body): the values of secret-named members
//     and fields, at any depth, and secrets inside the other strings;
//   - in HTTP headers (Header, Headers): the credentials of Authorization
//     (the scheme stays), Cookie and Set-Cookie, and secret-named headers
//     such as X-Api-Key;
//   - in free text (Text, Error): Bearer/Basic credentials, LiveChat
//     access tokens (dal:…, fra:…), JWTs, URLs (as above), name=value and
//     "name": "value" pairs with a secret name.
//
// Whether a name is secret is decided by SecretName, from one list.
package redact

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// Mask replaces every hidden value.
const Mask = "[REDACTED]"

// secretWords are the words of a name (split at punctuation and
// camelCase) that mark its value secret: api_key, X-Api-Key, apiKey,
// client_secret, refresh_token, sessionId are all secret; author_id,
// country_code and session_fields are not.
var secretWords = map[string]bool{
	"token": true, "tokens": true, "secret": true, "secrets": true,
	"password": true, "passwd": true, "passphrase": true, "pass": true, "pwd": true,
	"pat": true, "key": true, "apikey": true, "sig": true, "signature": true,
	"jwt": true, "bearer": true, "cookie": true, "sid": true, "auth": true,
	"authorization": true, "credential": true, "credentials": true,
}

// secretParts are substrings that mark a name secret even inside one
// word (accesstoken, clientsecret, xauthtoken).
var secretParts = []string{"token", "secret", "password", "passwd", "apikey", "credential", "authorization", "cookie", "signature", "privatekey"}

// secretNames are whole names that are secret although their words are
// common elsewhere (the OAuth authorization code and its PKCE verifier,
// a session id).
var secretNames = map[string]bool{"code": true, "code_verifier": true, "session_id": true, "sessionid": true}

// notSecret are names that contain a secret word but carry none.
var notSecret = map[string]bool{"token_type": true}

// SecretName reports whether a JSON member, form field, query parameter
// or header of that name carries a secret.
func SecretName(name string) bool {
	n := strings.ToLower(name)
	if notSecret[n] {
		return false
	}
	if secretNames[n] {
		return true
	}
	for _, p := range secretParts {
		if strings.Contains(n, p) {
			return true
		}
	}
	for _, w := range words(name) {
		if secretWords[w] {
			return true
		}
	}
	return false
}

// words splits a name at punctuation and lower-to-upper case changes,
// lower-cased: "X-Api-Key" and "xApiKey" both give x, api, key.
func words(name string) []string {
	var out []string
	start := -1
	var prev rune
	for i, r := range name {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case !alnum:
			if start >= 0 {
				out = append(out, strings.ToLower(name[start:i]))
				start = -1
			}
		case start < 0:
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			out = append(out, strings.ToLower(name[start:i]))
			start = i
		}
		prev = r
	}
	if start >= 0 {
		out = append(out, strings.ToLower(name[start:]))
	}
	return out
}

// URL returns s, an absolute URL or a path with a query, with its
// secrets replaced by Mask: user:password@ becomes user:[REDACTED]@, a
// bare user (often a token) becomes [REDACTED]@, and the values of
// secret-named query (and fragment) parameters are hidden; the other
// parameters keep their order and encoding. Text that does not parse as
// a URL is redacted as free text.
func URL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return Text(s)
	}
	if u.Opaque != "" && strings.Contains(u.Opaque, "@") { // user:token@host without //
		return u.Scheme + ":" + Mask
	}
	changed := false
	var user string
	if u.User != nil {
		if _, has := u.User.Password(); has {
			user = u.User.Username() + ":" + Mask + "@"
		} else {
			user = Mask + "@"
		}
		u.User, changed = nil, true
	}
	rawQuery, rawFragment := u.RawQuery, u.EscapedFragment()
	if q := query(rawQuery); q != rawQuery {
		rawQuery, changed = q, true
	}
	if strings.Contains(rawFragment, "=") {
		if f := query(rawFragment); f != rawFragment {
			rawFragment, changed = f, true
		}
	}
	if !changed {
		return s
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	out := u.String()
	if user != "" {
		if i := strings.Index(out, "//"); i >= 0 {
			out = out[:i+2] + user + out[i+2:]
		} else {
			out = user + out
		}
	}
	if rawQuery != "" || u.ForceQuery {
		out += "?" + rawQuery
	}
	if rawFragment != "" {
		out += "#" + rawFragment
	}
	return out
}

// query hides the values of the secret-named parameters of a raw query
// (or form) string; the rest keeps its order and encoding. Values of
// other parameters are redacted as free text (a URL inside a parameter).
func query(raw string) string {
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, v, hasValue := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		switch {
		case !hasValue:
		case SecretName(name):
			if v != "" {
				parts[i] = k + "=" + Mask
			}
		default:
			if dv, err := url.QueryUnescape(v); err == nil {
				if r := Text(dv); r != dv {
					parts[i] = k + "=" + url.QueryEscape(r)
				}
			} else if r := Text(v); r != v {
				parts[i] = k + "=" + r
			}
		}
	}
	return strings.Join(parts, "&")
}

// Header returns the value of the header name with its secret hidden:
// Authorization and Proxy-Authorization keep their scheme ("Bearer
// [REDACTED]"), Cookie, Set-Cookie and secret-named headers (X-Api-Key,
// X-Auth-Token…) are hidden whole; other values are redacted as free
// text.
func Header(name, value string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		if scheme, _, ok := strings.Cut(strings.TrimSpace(value), " "); ok {
			return scheme + " " + Mask
		}
		return Mask
	case "cookie", "set-cookie":
		return Mask
	}
	if SecretName(name) {
		return Mask
	}
	return Text(value)
}

// Headers returns a copy of h with every value passed through Header.
func Headers(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		c := make([]string, len(vs))
		for i, v := range vs {
			c[i] = Header(k, v)
		}
		out[k] = c
	}
	return out
}

// Body returns b, a request or response body, with its secrets hidden: a
// JSON document is decoded, redacted with Value and encoded again
// (compact, members sorted); a form (a=1&b=2) has its secret fields
// hidden; anything else (a body cut short, plain text) is redacted as
// free text.
func Body(b []byte) string {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return ""
	}
	if t[0] == '{' || t[0] == '[' {
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil && !dec.More() {
			var out bytes.Buffer
			enc := json.NewEncoder(&out)
			enc.SetEscapeHTML(false)
			if enc.Encode(Value(v)) == nil {
				return strings.TrimSuffix(out.String(), "\n")
			}
		}
		return Text(string(t))
	}
	s := string(t)
	if strings.Contains(s, "=") && !strings.ContainsAny(s, " \t\r\n\"{}") {
		if _, err := url.ParseQuery(s); err == nil {
			return query(s)
		}
	}
	return Text(s)
}

// Value redacts a decoded JSON value in place and returns it: under a
// secret-named member every non-empty value (string, number, object,
// array) becomes Mask; other strings are redacted as free text.
func Value(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if SecretName(k) {
				switch e := e.(type) {
				case nil, bool:
				case string:
					if e != "" {
						x[k] = Mask
					}
				default:
					x[k] = Mask
				}
				continue
			}
			x[k] = Value(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = Value(e)
		}
		return x
	case string:
		return Text(x)
	}
	return v
}

var (
	// reAuth: an Authorization credential written anywhere.
	reAuth = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=:\-]+`)
	// reLiveChatToken: a LiveChat access token, region-prefixed.
	reLiveChatToken = regexp.MustCompile(`\b(dal|fra|sea|lon|ams):[A-Za-z0-9_\-]{8,}`)
	// reJWT: a JSON Web Token.
	reJWT = regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*`)
	// reURL: an absolute URL inside text.
	reURL = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>]+`)
	// reUserinfo: user information of a URL that did not parse.
	reUserinfo = regexp.MustCompile(`(://)[^/@\s"'?#]+@`)
	// reMember: a "name": "value" pair of JSON text, possibly cut short.
	reMember = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*("|$)`)
	// rePair: a name=value (or name: value) pair of free text.
	rePair = regexp.MustCompile(`([A-Za-z0-9_.\-]+)(=)([^\s&"',;)\]}]+)`)
)

// Text returns s, free text such as an error message or a log line,
// with its secrets hidden: Bearer/Basic credentials, LiveChat access
// tokens, JWTs, the secrets of every URL in it, secret-named "name":
// "value" pairs (even in JSON cut short) and name=value pairs.
func Text(s string) string {
	if s == "" {
		return s
	}
	s = reURL.ReplaceAllStringFunc(s, func(m string) string {
		if _, err := url.Parse(m); err != nil {
			return reUserinfo.ReplaceAllString(m, "${1}"+Mask+"@")
		}
		return URL(m)
	})
	s = reAuth.ReplaceAllStringFunc(s, func(m string) string {
		sub := reAuth.FindStringSubmatch(m)
		cred := m[len(sub[1])+len(sub[2]):]
		if strings.EqualFold(sub[1], "basic") && (len(cred) < 8 || strings.ToLower(cred) == cred && strings.IndexFunc(cred, func(r rune) bool { return !unicode.IsLetter(r) }) < 0) {
			return m // "basic authentication": a word, not a credential
		}
		return sub[1] + sub[2] + Mask
	})
	s = reMember.ReplaceAllStringFunc(s, func(m string) string {
		sub := reMember.FindStringSubmatch(m)
		if !SecretName(sub[1]) {
			return m
		}
		return `"` + sub[1] + `"` + sub[2] + `"` + Mask + `"`
	})
	s = rePair.ReplaceAllStringFunc(s, func(m string) string {
		sub := rePair.FindStringSubmatch(m)
		if !SecretName(sub[1]) || sub[3] == Mask || strings.HasPrefix(sub[3], "[") {
			return m
		}
		return sub[1] + sub[2] + Mask
	})
	s = reLiveChatToken.ReplaceAllString(s, "${1}:"+Mask)
	return reJWT.ReplaceAllString(s, Mask)
}

// Error returns err's text with its secrets hidden (Text): the URL that
// net/http's client errors quote, credentials inside the message.
func Error(err error) string {
	if err == nil {
		return ""
	}
	return Text(err.Error())
}
