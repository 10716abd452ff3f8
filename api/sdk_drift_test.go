package api_test

// Drift tests between the typed SDK and the description: every typed
// method of agent, customer, configuration and restv2 is called with a
// representative request against a loopback HTTP server that records
// what it sends; each request must be an operation of the description
// and its body must validate against the operation's request schema;
// every operation of those APIs must be reached by some method, or be
// listed (with the reason) in notTyped.

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/restv2"
)

// notTyped lists the operations no typed SDK method calls, and why.
var notTyped = map[string]string{
	"restv2.get_status":       "the SDK always names the group: GET /status/{group} (restv2.get_group_status)",
	"accounts.authorize":      "a browser redirect: golang.org/x/oauth2 builds the URL (see README, OAuth)",
	"accounts.exchange_token": "golang.org/x/oauth2 speaks it; livechat.NewTokenSource wraps its TokenSource",
	"accounts.revoke_token":   "not wrapped by the SDK: an HTTP DELETE with the token",
	"accounts.get_token_info": "not wrapped by the SDK: an HTTP GET with the token",
	"accounts.create_customer_token": "not wrapped by the SDK: the customer page and the emulator tests " +
		"POST it directly",
	"accounts.create_group_customer_token": "not wrapped by the SDK (per-group customer identity)",
	// RTM-only actions the transport speaks itself (transport/rtm), not
	// through a typed method:
	"agent.login":                     "transport/rtm sends it on connect (rtm.WithAgentLogin)",
	"agent.logout":                    "transport/rtm: Conn.Logout",
	"agent.set_away_status":           "transport/rtm: Conn.SetAwayStatus",
	"agent.update_session":            "transport/rtm: Conn.UpdateSession (3.6)",
	"agent.change_push_notifications": "API 3.4 only (mobile push); not wrapped",
	"customer.login":                  "transport/rtm sends it on connect (rtm.WithCustomerLogin)",
	"customer.update_session":         "transport/rtm: Conn.UpdateSession (3.6)",
	"customer.update_customer_page":   "transport/rtm (customer connections)",
}

// notActions are exported methods of the clients that are not actions.
var notActions = map[string]bool{"APIVersion": true, "Transport": true}

type sent struct {
	method, path, contentType string
	query                     url.Values
	body                      []byte
}

// recorder is a loopback HTTP server answering {} to everything and
// keeping what it received.
type recorder struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []sent
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, sent{req.Method, req.URL.Path, req.Header.Get("Content-Type"), req.URL.Query(), b})
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *recorder) take() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}

// rtmRecorder is a livechat.Transport that reports itself as RTM and
// records the action and payload (as transport/rtm would frame them), for
// the RTM-only methods.
type rtmRecorder struct{ got []sent }

func (r *rtmRecorder) Kind() livechat.TransportKind { return livechat.TransportRTM }

func (r *rtmRecorder) Call(ctx context.Context, action string, req, resp any) error {
	b, err := jsonMarshal(req)
	if err != nil {
		return err
	}
	r.got = append(r.got, sent{method: "RTM", path: "/v3.6/agent/action/" + action, body: b})
	return nil
}

var wirePath = regexp.MustCompile(`^/v(3\.\d)/(agent|customer|configuration)/action/([a-z_]+)$`)

func ptr[T any](v T) *T { return &v }

func TestSDKMatchesDescription(t *testing.T) {
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts := func(ver string) []livechat.Option {
		o := []livechat.Option{livechat.WithBaseURL(rec.srv.URL), livechat.WithMaxRetries(0),
			livechat.WithOrganizationID("0f3c6a0e-3f4b-4c5a-9d3e-7b1f2a6c8e01")}
		if ver != "" {
			o = append(o, livechat.WithAPIVersion(livechat.APIVersion(ver)))
		}
		return o
	}
	creds := livechat.NewBearerToken("dal:test-token")
	ag, _ := agent.NewWeb(creds, opts("")...)
	ag35, _ := agent.NewWeb(creds, opts("3.5")...)
	cu, _ := customer.NewWeb(creds, opts("")...)
	cf, _ := configuration.NewWeb(creds, opts("")...)
	v2, _ := restv2.New(livechat.NewAPIKey("agent@example.com", "key"), opts("")...)
	rtmRec := &rtmRecorder{}
	agRTM := agent.New(rtmRec)

	hit := map[string]bool{}
	check := func(t *testing.T, name string, calls []sent) {
		if len(calls) == 0 {
			t.Fatalf("%s sent nothing", name)
		}
		for _, c := range calls {
			if c.method == "RTM" || strings.HasPrefix(c.path, "/v3.") {
				checkV3(t, v, hit, name, c)
			} else {
				checkV2(t, v, hit, name, c)
			}
		}
	}

	for _, group := range []struct {
		name   string
		client any
		calls  map[string]func()
	}{
		{"agent", ag, agentCalls(ctx, ag, ag35, agRTM)},
		{"customer", cu, customerCalls(ctx, cu)},
		{"configuration", cf, configurationCalls(ctx, cf)},
	} {
		typ := reflect.TypeOf(group.client)
		for i := range typ.NumMethod() {
			m := typ.Method(i).Name
			if _, ok := group.calls[m]; !ok && !notActions[m] {
				t.Errorf("%s.Client.%s has no representative call in this test: add one", group.name, m)
			}
		}
		for m, call := range group.calls {
			t.Run(group.name+"."+m, func(t *testing.T) {
				call()
				check(t, group.name+"."+m, append(rec.take(), takeRTM(rtmRec)...))
			})
		}
	}
	v2calls := restv2Calls(ctx, v2)
	rv := reflect.ValueOf(v2).Elem()
	for i := range rv.NumField() {
		svc := rv.Field(i)
		if !rv.Type().Field(i).IsExported() {
			continue
		}
		st := svc.Type()
		for j := range st.NumMethod() {
			name := rv.Type().Field(i).Name + "." + st.Method(j).Name
			if _, ok := v2calls[name]; !ok {
				t.Errorf("restv2 %s has no representative call in this test: add one", name)
			}
		}
	}
	for m, call := range v2calls {
		t.Run("restv2."+m, func(t *testing.T) {
			call()
			check(t, "restv2."+m, rec.take())
		})
	}

	// Every operation of the typed APIs is reached, or listed in notTyped.
	for id := range v.Operations() {
		if strings.HasPrefix(id, "webhook.") {
			continue
		}
		base := id
		if i := strings.Index(id, ".v3_"); i >= 0 {
			base = id[:i] // versions share their method
		}
		if !hit[base] && notTyped[id] == "" && notTyped[base] == "" {
			t.Errorf("operation %s has no typed SDK method (add one, or list it in notTyped with the reason)", id)
		}
	}
	for id := range notTyped {
		apiName, action, _ := strings.Cut(id, ".")
		if _, ok := v.Operations()[id]; !ok && !v.HasRTMAction(apiName, "3.6", action) && !v.HasRTMAction(apiName, "3.4", action) {
			t.Errorf("notTyped lists %s, which the description does not have", id)
		}
		if hit[id] {
			t.Errorf("notTyped lists %s, but a typed method calls it: remove it from the list", id)
		}
	}
}

func takeRTM(r *rtmRecorder) []sent {
	out := r.got
	r.got = nil
	return out
}

func checkV3(t *testing.T, v *validate.Validator, hit map[string]bool, name string, c sent) {
	t.Helper()
	m := wirePath.FindStringSubmatch(c.path)
	if m == nil {
		t.Errorf("%s: %s %s is not a v3 action path", name, c.method, c.path)
		return
	}
	ver, apiName, action := m[1], m[2], m[3]
	if c.method == "RTM" {
		if !v.HasRTMAction(apiName, ver, action) {
			t.Errorf("%s: RTM action %s.%s is not in x-livechat-rtm-actions for %s", name, apiName, action, ver)
			return
		}
		hit[apiName+"."+action] = true
		if err := v.Request(apiName, ver, action, c.body); err != nil {
			t.Errorf("%s: %s payload %s does not match the description: %v", name, action, c.body, err)
		}
		return
	}
	id := v.OperationID(apiName, ver, action)
	if id == "" {
		t.Errorf("%s: %s %s is not an operation of the description", name, c.method, c.path)
		return
	}
	hit[strings.SplitN(id, ".v3_", 2)[0]] = true
	method := v.Operations()[id][0]
	if c.method != method {
		t.Errorf("%s: sent %s %s, the description says %s", name, c.method, c.path, method)
	}
	switch {
	case method == "GET":
		body := queryAsJSON(t, v, id, c.query)
		if err := v.Request(apiName, ver, action, body); err != nil {
			t.Errorf("%s: query %v does not match the description: %v", name, c.query, err)
		}
	case strings.HasPrefix(c.contentType, "multipart/"):
		if _, params, err := mime.ParseMediaType(c.contentType); err != nil || params["boundary"] == "" ||
			!strings.Contains(string(c.body), `name="file"`) {
			t.Errorf("%s: multipart body without a file field", name)
		}
	default:
		if err := v.Request(apiName, ver, action, c.body); err != nil {
			t.Errorf("%s: body %s does not match the description: %v", name, c.body, err)
		}
	}
}

// checkV2 matches a REST v2 request to its operation by method and path
// template, checks the query parameters are declared and the body
// validates.
func checkV2(t *testing.T, v *validate.Validator, hit map[string]bool, name string, c sent) {
	t.Helper()
	id := matchV2(v, c.method, c.path)
	if id == "" {
		t.Errorf("%s: %s %s is not an operation of the description", name, c.method, c.path)
		return
	}
	hit[id] = true
	declared := v2Params(id)
	for k := range c.query {
		if !declared[k] {
			t.Errorf("%s: query parameter %q of %s is not declared", name, k, id)
		}
	}
	if len(c.body) > 0 {
		if err := v.OperationRequest(id, c.body); err != nil {
			t.Errorf("%s: body %s does not match %s: %v", name, c.body, id, err)
		}
	}
}

// operation finds an operation of the parsed description by operationId.
func operation(t *testing.T, id string) (string, string, *openapi3.Operation) {
	t.Helper()
	doc, err := api.Load()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == id {
				return method, path, op
			}
		}
	}
	t.Fatalf("no operation %s", id)
	return "", "", nil
}

// queryAsJSON turns the query of a GET action into the JSON object its
// request schema describes, converting values by the parameter's type;
// an undeclared parameter is an error.
func queryAsJSON(t *testing.T, v *validate.Validator, id string, q url.Values) []byte {
	t.Helper()
	_, _, op := operation(t, id)
	types := map[string]string{}
	for _, p := range op.Parameters {
		if p.Value.In == "query" && p.Value.Schema != nil && p.Value.Schema.Value.Type != nil {
			types[p.Value.Name] = (*p.Value.Schema.Value.Type)[0]
		}
	}
	obj := map[string]any{}
	for k, vals := range q {
		typ, ok := types[k]
		if !ok {
			t.Errorf("%s: query parameter %q is not declared", id, k)
			continue
		}
		switch typ {
		case "integer":
			n, err := strconv.Atoi(vals[0])
			if err != nil {
				t.Errorf("%s: %s=%q is not an integer", id, k, vals[0])
			}
			obj[k] = n
		case "boolean":
			obj[k] = vals[0] == "true" || vals[0] == "1"
		default:
			obj[k] = vals[0]
		}
	}
	b, _ := json.Marshal(obj)
	return b
}

func matchV2(v *validate.Validator, method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for id, mp := range v.Operations() {
		if !strings.HasPrefix(id, "restv2.") || mp[0] != method {
			continue
		}
		tmpl := strings.Split(strings.Trim(mp[1], "/"), "/")
		if len(tmpl) != len(segs) {
			continue
		}
		ok := true
		for i := range tmpl {
			if tmpl[i] != segs[i] && !(strings.HasPrefix(tmpl[i], "{") && segs[i] != "") {
				ok = false
				break
			}
		}
		if ok {
			return id
		}
	}
	return ""
}

var v2ParamsCache sync.Map

func v2Params(id string) map[string]bool {
	if m, ok := v2ParamsCache.Load(id); ok {
		return m.(map[string]bool)
	}
	doc, _ := api.Load()
	out := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				for _, p := range op.Parameters {
					if p.Value.In == "query" {
						out[p.Value.Name] = true
					}
				}
			}
		}
	}
	v2ParamsCache.Store(id, out)
	return out
}
