package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// Input checks of the accounts server (/oauth/authorize, /v2/token,
// /v2/info, /v2/customer/token): a form body, a JSON body or a query
// string holding invalid UTF-8 is refused with the OAuth envelope
// (400 invalid_request naming the field) before anything is looked up,
// stored or echoed back (a state or redirect_uri would otherwise come
// back with U+FFFD in place of the bytes sent).

// isAccountsPath reports whether path (trimmed of slashes) is one of the
// accounts server's paths, which answer with the OAuth envelope.
func isAccountsPath(path string) bool {
	return path == "oauth/authorize" || path == "v2/token" || path == "v2/info" ||
		strings.HasPrefix(path, "v2/customer/") && strings.HasSuffix(path, "/token")
}

// invalidUTF8Field returns the first field (in name order) whose name or
// value is not valid UTF-8, and false; a bad name is shown with U+FFFD.
func invalidUTF8Field(v url.Values) (string, bool) {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !utf8.ValidString(k) {
			return strings.ToValidUTF8(k, "\uFFFD"), false
		}
		for _, s := range v[k] {
			if !utf8.ValidString(s) {
				return k, false
			}
		}
	}
	return "", true
}

// formUTF8Error is the accounts server's answer to a field that is not
// valid UTF-8 (nil when every field is).
func formUTF8Error(v url.Values) *oauthError {
	if name, ok := invalidUTF8Field(v); !ok {
		return oerr(http.StatusBadRequest, "invalid_request", fmt.Sprintf("%q is not valid UTF-8", name))
	}
	return nil
}

// refuseInvalidQuery answers a request whose query string is not valid
// UTF-8 — with the OAuth envelope on the accounts paths, the API's
// validation envelope elsewhere — and reports whether it did.
func (s *Server) refuseInvalidQuery(w http.ResponseWriter, r *http.Request, path string) bool {
	name, ok := invalidQuery(r)
	switch {
	case ok:
		return false
	case isAccountsPath(path):
		writeOAuthError(w, oerr(http.StatusBadRequest, "invalid_request", fmt.Sprintf("query parameter %q is not valid UTF-8", name)))
	default:
		writeError(w, validation("Query parameter %q is not valid UTF-8", name), "")
	}
	return true
}
