package emulator

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/livechat-go/livechat"
)

// Error messages a newcomer reads first: each names what is wrong and what
// to send instead, under the documented error type.

// missingAuthorization is the authentication error of a request without
// credentials.
func missingAuthorization() *livechat.Error {
	return lerr(livechat.TypeAuthentication,
		`Missing Authorization header: send "Authorization: Bearer <access token>" or "Authorization: Basic <base64 of account_id:PAT>"`)
}

// malformedAuthorization is the authentication error of credentials with a
// scheme and no value, or a value and no scheme.
func malformedAuthorization() *livechat.Error {
	return lerr(livechat.TypeAuthentication,
		`Malformed credentials: use "Bearer <access token>" or "Basic <base64 of account_id:PAT>"`)
}

// supportedVersions lists the API versions served, newest first ("3.6, 3.5, 3.4").
func supportedVersions() string {
	vs := slices.Clone(versions)
	sort.Sort(sort.Reverse(sort.StringSlice(vs)))
	return strings.Join(vs, ", ")
}

// unsupportedVersion is the unsupported_version error naming the version
// asked for and the supported ones.
func unsupportedVersion(v string) *livechat.Error {
	if v == "" {
		return lerr(livechat.TypeUnsupportedVersion, "No API version given; supported versions: %s (e.g. /v3.6/agent/action/<action>)", supportedVersions())
	}
	return lerr(livechat.TypeUnsupportedVersion, "API version %q is not supported; supported versions: %s (e.g. /v3.6/agent/action/<action>)", v, supportedVersions())
}

// isV2Request reports whether a request asks for the REST API v2 by its
// X-API-Version header.
func isV2Request(r *http.Request) bool {
	return strings.TrimSpace(r.Header.Get("X-API-Version")) == "2"
}

// v2UnknownPath answers a REST API v2 request for a path that is no v2
// resource, in the v2 error shape ({"error": "…"}).
func v2UnknownPath(w http.ResponseWriter, r *http.Request) {
	names := make([]string, 0, len(v2Resources))
	for n := range v2Resources {
		names = append(names, n)
	}
	sort.Strings(names)
	v2WriteError(w, "", v2NotFound("No such resource: %s %s; the REST API v2 resources are /%s", r.Method, r.URL.Path, strings.Join(names, ", /")))
}
