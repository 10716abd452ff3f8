package reqlog

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
)

// Redacted replaces every secret value.
const Redacted = "[redacted]"

// SecretName reports whether a JSON member, form field or query parameter
// of that name holds a secret.
func SecretName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "pat", "code", "key", "signature", "password", "pass", "pwd", "cookie", "sid":
		return true
	}
	for _, s := range []string{"token", "secret", "password", "api_key", "apikey", "authorization", "code_verifier", "credential", "private_key"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// Redact returns body with every secret replaced by Redacted: the values
// of secret-named members (JSON) or fields (forms), credentials inside
// URLs, and Bearer/Basic credentials anywhere. Text that is neither JSON
// nor a form (a cut body) is redacted by pattern.
func Redact(body []byte) string {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return ""
	}
	if t[0] == '{' || t[0] == '[' {
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil && !dec.More() {
			b, err := json.Marshal(redactValue(v))
			if err == nil {
				return string(b)
			}
		}
		return redactText(string(t))
	}
	if q, err := url.ParseQuery(string(t)); err == nil && strings.Contains(string(t), "=") && !strings.ContainsAny(string(t), " \n\"{") {
		return redactQuery(q).Encode()
	}
	return redactText(string(t))
}

func redactValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if SecretName(k) {
				if e != nil && e != "" {
					x[k] = Redacted
				}
				continue
			}
			x[k] = redactValue(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = redactValue(e)
		}
		return x
	case string:
		return RedactString(x)
	}
	return v
}

var (
	reAuth     = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=:\-]+`)
	reUserinfo = regexp.MustCompile(`(://)[^/@\s"'?#]+@`)
	reMember   = regexp.MustCompile(`("([^"\\]*)"\s*:\s*)"(?:[^"\\]|\\.)*("|$)`)
)

// RedactString redacts a free-standing string: a URL's credentials and
// secret query values, Bearer/Basic credentials.
func RedactString(s string) string {
	if strings.Contains(s, "://") {
		s = RedactURL(s)
	}
	if reAuth.MatchString(s) {
		s = reAuth.ReplaceAllString(s, "$1 "+Redacted)
	}
	return s
}

// RedactURL replaces the user information of a URL and the values of its
// secret-named query parameters; text that is not a URL is redacted by
// pattern.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" && u.Host == "" && !strings.HasPrefix(s, "/") {
		return reUserinfo.ReplaceAllString(s, "${1}"+Redacted+"@")
	}
	if u.User != nil {
		u.User = url.User("redacted")
	}
	if u.RawQuery != "" {
		if q, err := url.ParseQuery(u.RawQuery); err == nil {
			u.RawQuery = redactQuery(q).Encode()
		} else {
			u.RawQuery = Redacted
		}
	}
	return u.String()
}

func redactQuery(q url.Values) url.Values {
	for k, vs := range q {
		for i := range vs {
			if SecretName(k) {
				vs[i] = Redacted
			} else {
				vs[i] = RedactString(vs[i])
			}
		}
	}
	return q
}

// redactText redacts text that does not parse: secret-named "member":
// "value" pairs (even cut short), URL user information, Bearer/Basic.
func redactText(s string) string {
	s = reMember.ReplaceAllStringFunc(s, func(m string) string {
		sub := reMember.FindStringSubmatch(m)
		if !SecretName(sub[2]) {
			return m
		}
		return sub[1] + `"` + Redacted + `"`
	})
	s = reUserinfo.ReplaceAllString(s, "${1}"+Redacted+"@")
	return reAuth.ReplaceAllString(s, "$1 "+Redacted)
}
