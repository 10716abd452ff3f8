package livechat

import (
	"fmt"
	"strings"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// UserAgentString is the User-Agent sent by every client of this module.
const UserAgentString = "livechat-go/" + Version

// APIVersion is a LiveChat API version such as "3.6".
type APIVersion string

// Supported API versions.
const (
	V3_4 APIVersion = "3.4" // deprecated; spoken by old official SDKs
	V3_5 APIVersion = "3.5" // legacy
	V3_6 APIVersion = "3.6" // stable, the default
)

// DefaultAPIVersion is the version used when none is chosen.
const DefaultAPIVersion = V3_6

// ParseAPIVersion accepts "3.6", "v3.6" and returns an error naming the
// supported versions for anything else.
func ParseAPIVersion(s string) (APIVersion, error) {
	v := APIVersion(strings.TrimPrefix(strings.TrimSpace(s), "v"))
	switch v {
	case V3_4, V3_5, V3_6:
		return v, nil
	}
	return "", fmt.Errorf("livechat: unsupported API version %q (supported: 3.5, 3.6; 3.4 deprecated)", s)
}

// Region is a LiveChat data centre.
type Region string

// Regions. Access tokens carry their region as a prefix ("dal:…", "fra:…").
const (
	RegionUS Region = "dal"
	RegionEU Region = "fra"
)

// RegionOf returns the region prefix of an access token, or "".
func RegionOf(token string) Region {
	prefix, _, ok := strings.Cut(token, ":")
	if !ok {
		return ""
	}
	switch Region(prefix) {
	case RegionUS, RegionEU:
		return Region(prefix)
	}
	return ""
}

// APIHost returns the API host name of the region.
func (r Region) APIHost() string {
	if r == RegionEU {
		return "api-fra.livechatinc.com"
	}
	return "api.livechatinc.com"
}
