package api_test

// Drift tests between the emulator and the description: every action the
// emulator's dispatcher registers (emulator.Actions) is an operation (or
// an RTM-only action) of every version it serves, over the same
// transports, and every operation is served; every REST API v2 route is
// an operation and every REST v2 operation is routed.

import (
	"slices"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/emulator"
)

// emulatorAliases are actions the emulator accepts that the description
// deliberately leaves out.
var emulatorAliases = map[string]string{
	"configuration.enable_license_webhook": "singular spelling (protocol.md) kept as an alias; " +
		"the docs and the SDK use enable_license_webhooks",
	"configuration.disable_license_webhook": "singular alias of disable_license_webhooks",
}

// emulatorV2Aliases are REST v2 routes the emulator accepts beyond the
// description.
var emulatorV2Aliases = map[string]string{
	"POST /canned_responses/{id}": "the 2017 docs' path table lists POST for updates; PUT is described",
	"POST /greetings/{id}":        "POST accepted for updates like canned responses; PUT is described",
}

func served(a emulator.ActionInfo, ver string) bool {
	return (a.MinVersion == "" || ver >= a.MinVersion) && (a.MaxVersion == "" || ver <= a.MaxVersion)
}

func TestEmulatorMatchesDescription(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	doc := loadRaw(t)
	registered := map[string]bool{}
	for _, a := range emulator.Actions() {
		key := a.API + "." + a.Name
		if emulatorAliases[key] != "" {
			continue
		}
		for _, ver := range emulator.Versions() {
			if !served(a, ver) {
				continue
			}
			registered[a.API+"/"+ver+"/"+a.Name] = true
			id := v.OperationID(a.API, ver, a.Name)
			switch {
			case a.Web && id == "":
				t.Errorf("the emulator serves %s %s over the Web API; the description has no operation", key, ver)
			case a.Web:
				want := []any{"web"}
				if a.RTM {
					want = []any{"web", "rtm"}
				}
				if got := transportsOf(doc, id); !slices.Equal(got, want) {
					t.Errorf("%s: x-livechat-transports %v, the emulator serves %v", id, got, want)
				}
			case a.RTM && !v.HasRTMAction(a.API, ver, a.Name):
				t.Errorf("the emulator serves RTM-only %s %s; x-livechat-rtm-actions lacks it", key, ver)
			}
		}
	}
	for id, mp := range v.Operations() {
		if !strings.HasPrefix(mp[1], "/v3.") {
			continue
		}
		m := wirePath.FindStringSubmatch(mp[1])
		if m == nil || !registered[m[2]+"/"+m[1]+"/"+m[3]] {
			t.Errorf("operation %s (%s %s) is not served by the emulator", id, mp[0], mp[1])
		}
	}
	rtm, _ := doc["x-livechat-rtm-actions"].(map[string]any)
	for key, x := range rtm {
		apiName, action, _ := strings.Cut(key, ".")
		for _, ver := range x.(map[string]any)["versions"].([]any) {
			if !registered[apiName+"/"+ver.(string)+"/"+action] {
				t.Errorf("RTM action %s %s is described but not served by the emulator", key, ver)
			}
		}
	}
}

func TestEmulatorV2RoutesMatchDescription(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	reports := 0
	for id, mp := range v.Operations() {
		if !strings.HasPrefix(id, "restv2.") {
			continue
		}
		if strings.HasPrefix(mp[1], "/reports/") {
			reports++
			continue
		}
		described[mp[0]+" "+normalize(mp[1])] = true
	}
	routes := map[string]bool{}
	for _, r := range emulator.V2Routes() {
		if r == "GET /reports/*" {
			continue
		}
		key := normalize(r)
		routes[key] = true
		if !described[key] && emulatorV2Aliases[r] == "" {
			t.Errorf("the emulator routes REST v2 %s; the description has no operation", r)
		}
	}
	for k := range described {
		if !routes[k] {
			t.Errorf("REST v2 operation %s is not routed by the emulator", k)
		}
	}
	if !slices.Contains(emulator.V2Routes(), "GET /reports/*") || reports == 0 {
		t.Errorf("Reports API v2: emulator routes %v, %d described reports", emulator.V2Routes(), reports)
	}
}

// normalize names every path parameter {p}.
func normalize(route string) string {
	segs := strings.Split(route, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "{p}"
		}
	}
	return strings.Join(segs, "/")
}
