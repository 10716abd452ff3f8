package emulator

import (
	"net/http"
	"sort"
	"strings"
)

// ActionInfo describes one action the emulator's dispatcher serves (see
// dispatch.go, registry). The API description's drift tests (package api)
// compare it with the operations of api/openapi.json.
type ActionInfo struct {
	API, Name string
	// Web and RTM say which front ends accept the action.
	Web, RTM bool
	// MinVersion and MaxVersion bound the API versions that know it
	// ("" = no bound).
	MinVersion, MaxVersion string
}

// Actions lists every registered v3 action, sorted by API and name.
func Actions() []ActionInfo {
	var out []ActionInfo
	for apiName, acts := range registry {
		for name, h := range acts {
			out = append(out, ActionInfo{API: apiName, Name: name, Web: h.web, RTM: h.rtm,
				MinVersion: h.minVer, MaxVersion: h.maxVer})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].API != out[j].API {
			return out[i].API < out[j].API
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Versions lists the API versions the emulator serves, oldest first.
func Versions() []string { return append([]string(nil), versions...) }

// V2Routes lists the REST API v2 routes as "METHOD /path", with path
// parameters as {id} and the Reports API v2 as "GET /reports/*".
func V2Routes() []string {
	var out []string
	for key, e := range v2Routes {
		path := "/" + strings.ReplaceAll(key, ":id", "{id}")
		for m := range e.methods {
			out = append(out, m+" "+path)
		}
	}
	out = append(out, http.MethodGet+" /status/{id}") // v2Route maps /status/<group> to "status"
	sort.Strings(out)
	return out
}
