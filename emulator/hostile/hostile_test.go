package hostile_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/redact"
)

// TestHostileHTTP sends the HTTP categories to one emulator, then checks
// that normal calls still work, every chat still decodes and no secret
// reached an answer or a log line.
func TestHostileHTTP(t *testing.T) {
	e := newEnv(t, emulator.Config{WebhookRetryDelay: 20 * time.Millisecond, WebhookMaxRetryDelay: 40 * time.Millisecond, WebhookMaxRetries: 2})
	chatID, threadID := e.setup()
	e.setupDone = true
	t.Run("malformed JSON", func(t *testing.T) { e.malformed() })
	t.Run("wrong types per field", func(t *testing.T) { e.wrongTypes(chatID) })
	t.Run("huge values", func(t *testing.T) { e.huge(chatID) })
	t.Run("deep nesting", func(t *testing.T) { e.deep(chatID) })
	t.Run("invalid UTF-8 and numbers", func(t *testing.T) { e.utf8AndNumbers(chatID) })
	t.Run("full-text queries", func(t *testing.T) { e.fullText() })
	t.Run("authorization headers", func(t *testing.T) { e.authHeaders() })
	t.Run("JSONP and CORS", func(t *testing.T) { e.jsonpCORS() })
	t.Run("injection", func(t *testing.T) { e.injection(chatID, threadID) })
	t.Run("uploads", func(t *testing.T) { e.uploads() })
	t.Run("deliveries listing", func(t *testing.T) { e.deliveries(chatID) })
	t.Run("random mutations", func(t *testing.T) { e.mutations(chatID) })
	e.stillWorks(chatID)
	e.noSecrets()
	// The secret check had something to look at: attempts to the webhook
	// URL were logged, redacted.
	if logs := e.logs.String(); !strings.Contains(logs, `"msg":"webhook attempt"`) || !strings.Contains(logs, redact.Mask) {
		t.Errorf("no redacted webhook attempt in the log")
	}
	t.Logf("hostile HTTP requests sent: %d", e.sent.Load())
}

// setup starts a chat and registers webhooks whose URLs carry a password
// and a token (to a receiver that fails, so attempts are logged).
func (e *env) setup() (chatID, threadID string) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }))
	e.t.Cleanup(hook.Close)
	u, _ := url.Parse(hook.URL)
	u.User = url.UserPassword("hook", webhookPassword)
	u.RawQuery = "token=" + webhookQueryToken + "&page=1"
	e.call("configuration", "register_webhook", map[string]any{"action": "incoming_event", "secret_key": webhookSecret,
		"url": u.String(), "owner_client_id": e.creds.ClientID, "type": "license"})
	e.call("configuration", "enable_license_webhooks", map[string]any{"owner_client_id": e.creds.ClientID})
	v2 := req{name: "v2 webhook", path: "/webhooks", header: map[string]string{"X-API-Version": "2",
		"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(e.creds.Owner.ID+":"+e.creds.Owner.APIKey))},
		body: []byte(`{"event_type":"chat_started","data_types":["chat"],"url":"` + u.String() + `","token":"` + v2WebhookToken + `"}`)}
	if st, b := e.send(v2); st != 200 {
		e.t.Fatalf("v2 webhook: %d %s", st, b)
	}
	m := e.call("agent", "start_chat", map[string]any{"chat": map[string]any{"thread": map[string]any{"events": []any{
		map[string]any{"type": "message", "text": "hello hostile world"}}}}})
	chatID, _ = m["chat_id"].(string)
	threadID, _ = m["thread_id"].(string)
	if chatID == "" {
		e.t.Fatalf("start_chat: %v", m)
	}
	return chatID, threadID
}

func (e *env) malformed() {
	bodies := []string{"", "{", "}", "[]", `"x"`, "1", "null", `{"a":}`, `{"a" 1}`, "{\"a\":1}garbage", "\xef\xbb\xbf{}",
		"\x00", "{\x00}", `{"chat_id":"a","chat_id":"b"}`, `{"a":1,}`, `[{"chat_id":"x"}]`, "{'a':1}", `{"a":NaN}`,
		`{"a":Infinity}`, `{"a":01}`, `{"a":"\u00"}`, strings.Repeat("{", 100), `{"payload":{"chat_id":1}}`}
	for _, api := range []string{"agent", "customer", "configuration"} {
		for _, action := range []string{"send_event", "list_chats", "get_chat", "start_chat", "create_tag", "no_such_action", "../x"} {
			for _, b := range bodies {
				e.send(e.action(api, action, []byte(b)))
			}
		}
	}
	// Methods, paths and content types.
	for _, m := range []string{"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"} {
		r := e.action("agent", "list_chats", []byte("{}"))
		r.method, r.name = m, m+" list_chats"
		e.send(r)
	}
	for _, p := range []string{"/", "/v3.6", "/v9.9/agent/action/list_chats", "/v3.6/agent/action/", "/v3.6//agent/action/list_chats",
		"/v3.6/agent/action/list_chats/extra", "/%ff", "/files/../../../etc/passwd", "/files/x/y/z", "/emulator/", "/healthz?x=%ff",
		"/v3.6/agent/rtm/ws", "/v3.6/customer/rtm/ws", "/v3.6/agent/rtm/sjs/info", "/v3.6/agent/rtm/sjs/000/abc/xhr_send"} {
		e.send(req{name: "path " + p, method: "GET", path: p, header: e.bearer(e.creds.Owner.Token), public: p == "/"})
		e.send(req{name: "POST path " + p, path: p, header: e.bearer(e.creds.Owner.Token), body: []byte(`{}`)})
	}
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "bogus/;;;"} {
		r := e.action("agent", "list_chats", []byte("{}"))
		r.header["Content-Type"] = ct
		e.send(r)
	}
}

// fieldValues are the wrong-typed values tried for every field.
var fieldValues = []any{nil, true, 0, -1, 1.5, 1e300, "", "x", strings.Repeat("y", 300), []any{}, []any{1, "a"},
	map[string]any{}, map[string]any{"a": 1}, "\u202e\u0000\ufeff"}

// wrongTypes replaces, one at a time, each field of a valid payload (at
// any depth) with each value of fieldValues.
func (e *env) wrongTypes(chatID string) {
	cases := []struct {
		api, action string
		payload     map[string]any
	}{
		{"agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "t", "visibility": "all"}}},
		{"agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "custom", "content": map[string]any{"a": 1}}}},
		{"agent", "list_chats", map[string]any{"limit": 10, "sort_order": "asc", "filters": map[string]any{"include_active": true}}},
		{"agent", "list_archives", map[string]any{"limit": 10, "filters": map[string]any{"query": "hello", "from": "2020-01-01T00:00:00Z"}}},
		{"agent", "get_chat", map[string]any{"chat_id": chatID}},
		{"agent", "list_threads", map[string]any{"chat_id": chatID, "limit": 5}},
		{"agent", "start_chat", map[string]any{"chat": map[string]any{"properties": map[string]any{"routing": map[string]any{"pinned": true}},
			"thread": map[string]any{"events": []any{map[string]any{"type": "message", "text": "x"}}}}}},
		{"agent", "update_chat_properties", map[string]any{"id": chatID, "properties": map[string]any{"routing": map[string]any{"pinned": true}}}},
		{"agent", "tag_thread", map[string]any{"chat_id": chatID, "thread_id": "x", "tag": "bug"}},
		{"customer", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "t"}}},
		{"customer", "start_chat", map[string]any{"chat": map[string]any{"thread": map[string]any{"events": []any{map[string]any{"type": "message", "text": "x"}}}}}},
		{"customer", "set_customer_session_fields", map[string]any{"session_fields": []any{map[string]any{"k": "v"}}}},
		{"configuration", "create_tag", map[string]any{"name": "t1", "group_ids": []any{0}}},
		{"configuration", "create_agent", map[string]any{"id": "a@x.io", "name": "A", "role": "normal", "groups": []any{map[string]any{"id": 0, "priority": "normal"}}}},
		{"configuration", "register_webhook", map[string]any{"action": "incoming_chat", "secret_key": "k", "url": "http://127.0.0.1:1/", "owner_client_id": "c", "type": "license"}},
		{"configuration", "create_group", map[string]any{"name": "G", "agent_priorities": map[string]any{"agent@livechat.local": "normal"}}},
		{"configuration", "register_property", map[string]any{"name": "p", "owner_client_id": "c", "type": "string", "access": map[string]any{"chat": map[string]any{"agent": []any{"read"}}}}},
	}
	for _, c := range cases {
		for _, path := range fieldPaths(c.payload, nil) {
			for _, v := range fieldValues {
				p := withField(c.payload, path, v)
				b, _ := json.Marshal(p)
				e.send(e.action(c.api, c.action, b))
			}
		}
	}
}

// fieldPaths lists the key paths of every field of m.
func fieldPaths(m map[string]any, prefix []string) [][]string {
	var out [][]string
	for k, v := range m {
		p := append(append([]string(nil), prefix...), k)
		out = append(out, p)
		if sub, ok := v.(map[string]any); ok {
			out = append(out, fieldPaths(sub, p)...)
		}
	}
	return out
}

// withField returns a deep copy of m with the field at path set to v.
func withField(m map[string]any, path []string, v any) map[string]any {
	b, _ := json.Marshal(m)
	var c map[string]any
	json.Unmarshal(b, &c)
	cur := c
	for _, k := range path[:len(path)-1] {
		cur = cur[k].(map[string]any)
	}
	cur[path[len(path)-1]] = v
	return c
}

func (e *env) huge(chatID string) {
	big := strings.Repeat("A", 900<<10)
	e.send(e.action("agent", "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"message","text":"`+big+`"}}`)))
	r := e.action("agent", "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"message","text":"`+strings.Repeat("B", 2<<20)+`"}}`))
	r.want = http.StatusRequestEntityTooLarge
	e.send(r)
	for _, b := range []string{`{"limit":1e18}`, `{"limit":-5}`, `{"limit":9223372036854775808}`, `{"page_id":"` + strings.Repeat("Z", 100000) + `"}`,
		`{"filters":{"agent_ids":{"values":[` + strings.Repeat(`"x",`, 20000) + `"x"]}}}`, `{"filters":{"thread_ids":[` + strings.Repeat(`"t",`, 5000) + `"t"]}}`} {
		e.send(e.action("agent", "list_chats", []byte(b)))
		e.send(e.action("agent", "list_archives", []byte(b)))
	}
	e.send(e.action("agent", strings.Repeat("x", 10000), []byte("{}")))
	many := map[string]any{}
	for i := range 20000 {
		many[fmt.Sprint("k", i)] = i
	}
	b, _ := json.Marshal(map[string]any{"chat_id": chatID, "event": map[string]any{"type": "custom", "content": many}})
	e.send(e.action("agent", "send_event", b))
	// A header near Go's 1 MiB limit, then over it.
	r = e.action("agent", "list_chats", []byte("{}"))
	r.header["X-Big"] = strings.Repeat("h", 900<<10)
	e.send(r)
	r.header["X-Big"] = strings.Repeat("h", 2<<20)
	r.want = http.StatusRequestHeaderFieldsTooLarge
	e.send(r)
}

func (e *env) deep(chatID string) {
	for _, n := range []int{29, 31, 40, 1000, 9990, 100000} {
		content := strings.Repeat("[", n) + strings.Repeat("]", n)
		for _, api := range []string{"agent", "customer"} {
			r := e.action(api, "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"custom","content":`+content+`}}`))
			if n > 29 {
				r.want, r.wantSub = 400, "event.content"
			}
			e.send(r)
		}
		deepProps := strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
		r := e.action("agent", "update_chat_properties", []byte(`{"id":"`+chatID+`","properties":{"ns":{"p":`+deepProps+`}}}`))
		if n > 29 {
			r.want, r.wantSub = 400, "properties.ns.p"
		}
		e.send(r)
		r = req{name: fmt.Sprintf("v2 deep %d", n), path: "/tags", header: e.v2Header(), body: []byte(`{"tag":` + content + `,"author_id":"x","group":0}`)}
		e.send(r)
	}
}

func (e *env) v2Header() map[string]string {
	return map[string]string{"X-API-Version": "2",
		"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(e.creds.Owner.ID+":"+e.creds.Owner.APIKey))}
}

func (e *env) utf8AndNumbers(chatID string) {
	bad := []string{"bad\xffutf8", "\xc3\x28", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80", "\xe2\x82"}
	for _, s := range bad {
		for _, api := range []string{"agent", "customer"} {
			r := e.action(api, "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"message","text":"`+s+`"}}`))
			r.want, r.wantSub = 400, "event.text"
			e.send(r)
		}
		r := e.action("configuration", "create_tag", []byte(`{"name":"`+s+`","group_ids":[0]}`))
		r.want = 400
		e.send(r)
		r = e.action("agent", "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"custom","content":{"`+s+`":1}}}`))
		r.want = 400
		e.send(r)
		// REST v2 JSON and form bodies, and query strings everywhere.
		e.send(req{name: "v2 tag " + clip(s), path: "/tags", header: e.v2Header(), body: []byte(`{"tag":"` + s + `","author_id":"` + e.creds.Owner.ID + `","group":0}`), want: 400})
		e.send(req{name: "v2 form " + clip(s), path: "/tags", header: mergeH(e.v2Header(), "Content-Type", "application/x-www-form-urlencoded"),
			body: []byte("tag=" + url.QueryEscape(s) + "&author_id=" + url.QueryEscape(e.creds.Owner.ID) + "&group=0"), want: 400})
		e.send(req{name: "v2 query " + clip(s), method: "GET", path: "/chats?query=" + url.QueryEscape(s), header: e.v2Header(), want: 400})
		e.send(req{name: "config GET " + clip(s), method: "GET", path: "/v3.6/configuration/action/list_agents?x=" + url.QueryEscape(s), header: e.bearer(e.creds.Owner.Token), want: 400})
		e.send(req{name: "customer GET " + clip(s), method: "GET", path: "/v3.6/customer/action/get_dynamic_configuration?organization_id=" + e.creds.OrganizationID + "&url=" + url.QueryEscape(s), header: e.bearer(e.creds.Customers[0].Token), want: 400})
	}
	for _, esc := range []string{`\ud800`, `\udfff`, `x\ud83dy`} {
		r := e.action("agent", "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"message","text":"`+esc+`"}}`))
		r.want, r.wantSub = 400, "surrogate"
		e.send(r)
	}
	for _, n := range []string{"1e999", "-1e999", strings.Repeat("9", 400), "1e309"} {
		r := e.action("agent", "send_event", []byte(`{"chat_id":"`+chatID+`","event":{"type":"custom","content":{"n":`+n+`}}}`))
		r.want, r.wantSub = 400, "out of range"
		e.send(r)
		r = e.action("agent", "list_chats", []byte(`{"limit":`+n+`}`))
		r.want = 400
		e.send(r)
		e.send(req{name: "v2 number " + n, path: "/tags", header: e.v2Header(), body: []byte(`{"tag":"n","author_id":"x","group":` + n + `}`), want: 400})
	}
	// Fine: a small exponent and a valid astral character.
	e.call("agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "custom", "content": map[string]any{"n": 1e-300, "s": "😀"}}})
}

func mergeH(h map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range h {
		if a != k {
			out[a] = b
		}
	}
	return out
}

func (e *env) fullText() {
	for _, q := range []string{"a\x00b", "\x00", `"`, `""`, `hello" OR 1`, "NEAR(a b)", "*", "^", "col:x", "(((", "-x", "a AND", strings.Repeat("w ", 64), "😀", "\u200b"} {
		b, _ := json.Marshal(map[string]any{"filters": map[string]any{"query": q}})
		r := e.action("agent", "list_archives", b)
		r.want = 200
		e.send(r)
		e.send(req{name: "v2 query " + clip(q), method: "GET", path: "/chats?query=" + url.QueryEscape(q), header: e.v2Header(), want: 200})
	}
	b, _ := json.Marshal(map[string]any{"filters": map[string]any{"query": strings.Repeat("w ", 65)}})
	r := e.action("agent", "list_archives", b)
	r.want, r.wantSub = 400, "filters.query"
	e.send(r)
}

func (e *env) authHeaders() {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	variants := []string{"", "Bearer", "Bearer ", "Bearer  " + e.creds.Owner.Token + "x", "bearer " + sentinelToken, "Bearer " + sentinelToken,
		"Basic", "Basic !!!", "Basic " + b64("nocolon"), "Basic " + b64(":"), "Basic " + b64(e.creds.Owner.AccountID+":"+sentinelToken),
		"Basic " + b64(e.creds.Owner.ID+":"+sentinelToken), "Token " + sentinelToken, "Bearer " + strings.Repeat("t", 100000),
		"Bearer " + e.creds.Customers[0].Token, "Bearer dal:" + sentinelToken, "Bearer " + sentinelToken + "\t", "Digest x",
		"Bearer " + e.creds.Owner.Token + "," + sentinelToken}
	for _, v := range variants {
		for _, path := range []string{"/v3.6/agent/action/list_chats", "/v3.6/configuration/action/list_agents", "/emulator/webhooks/deliveries"} {
			method := "POST"
			if strings.HasPrefix(path, "/emulator") {
				method = "GET"
			}
			e.send(req{name: "auth " + clip(v) + " " + path, method: method, path: path, header: map[string]string{"Authorization": v}, body: []byte("{}"), want: 0})
		}
		e.send(req{name: "v2 auth " + clip(v), method: "GET", path: "/chats", header: map[string]string{"Authorization": v, "X-API-Version": "2"}})
	}
	// A thousand anonymous calls: all 401.
	for i := range 200 {
		e.send(req{name: fmt.Sprint("anonymous ", i), path: "/v3.6/agent/action/list_chats", body: []byte("{}"), want: 401})
	}
}

func (e *env) jsonpCORS() {
	h := e.v2Header()
	for _, cb := range []string{"cb", "a.b$c_1", "alert(1)//", "<script>", "", "x\"y", strings.Repeat("c", 5000)} {
		e.send(req{name: "jsonp " + clip(cb), method: "GET", path: "/chats?callback=" + url.QueryEscape(cb), header: h})
	}
	e.send(req{name: "jsonp ok", method: "GET", path: "/agents?callback=cb", header: h, want: 200, wantSub: "cb("})
	for _, p := range []string{"/chats", "/v3.6/agent/action/list_chats", "/v3.6/customer/action/list_chats?organization_id=" + e.creds.OrganizationID} {
		for _, m := range []string{"OPTIONS", "POST", "GET"} {
			hh := mergeH(h, "Origin", "https://evil.example")
			hh["Access-Control-Request-Method"] = "POST"
			st, _ := e.send(req{name: "cors " + m + " " + p, method: m, path: p, header: hh, body: []byte("{}")})
			_ = st
		}
	}
	// No answer ever allows an arbitrary origin with credentials.
	for _, p := range []string{"/chats", "/v3.6/agent/action/list_chats"} {
		hr, _ := http.NewRequest("OPTIONS", e.srv.URL()+p, nil)
		hr.Header.Set("Origin", "https://evil.example")
		hr.Header.Set("Access-Control-Request-Method", "POST")
		res, err := e.client.Do(hr)
		e.sent.Add(1)
		if err != nil {
			e.t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Access-Control-Allow-Origin") == "https://evil.example" && res.Header.Get("Access-Control-Allow-Credentials") == "true" {
			e.t.Errorf("%s: credentialed CORS for any origin", p)
		}
	}
}

func (e *env) injection(chatID, threadID string) {
	inj := []string{`' OR 1=1 --`, `"; DROP TABLE chats; --`, `x') UNION SELECT secret_key FROM webhook_deliveries --`, `%`, `_`, `\`,
		`../../etc/passwd`, `{{7*7}}`, `${jndi:ldap://x}`, "<script>alert(1)</script>", "\r\nX-Injected: 1", "chat\x00id"}
	for _, s := range inj {
		q, _ := json.Marshal(s)
		for _, b := range []string{`{"chat_id":` + string(q) + `}`, `{"chat_id":"` + chatID + `","thread_id":` + string(q) + `,"tag":` + string(q) + `}`,
			`{"filters":{"query":` + string(q) + `,"tags":{"values":[` + string(q) + `]}}}`} {
			for _, a := range []string{"get_chat", "tag_thread", "list_archives", "list_threads", "deactivate_chat"} {
				e.send(e.action("agent", a, []byte(b)))
			}
		}
		e.send(req{name: "v2 inj " + clip(s), method: "GET", path: "/chats/" + url.PathEscape(s), header: e.v2Header()})
		e.send(req{name: "v2 inj q " + clip(s), method: "GET", path: "/chats?visitor_id=" + url.QueryEscape(s) + "&tag=" + url.QueryEscape(s), header: e.v2Header()})
		e.send(req{name: "file inj " + clip(s), method: "GET", path: "/files/" + url.PathEscape(s) + "/" + url.PathEscape(s) + "/x"})
	}
	// The tables survived.
	e.call("agent", "get_chat", map[string]any{"chat_id": chatID, "thread_id": threadID})
}

func (e *env) uploads() {
	upload := func(name, ct string, data []byte) string {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + name + `"`}
		h["Content-Type"] = []string{ct}
		w, _ := mw.CreatePart(h)
		w.Write(data)
		mw.Close()
		st, body := e.send(req{name: "upload " + name, path: "/v3.6/agent/action/upload_file", header: mergeH(e.bearer(e.creds.Owner.Token), "Content-Type", mw.FormDataContentType()), body: b.Bytes()})
		var out struct{ URL string }
		json.Unmarshal(body, &out)
		if st != 200 {
			return ""
		}
		return out.URL
	}
	for _, c := range []struct{ name, ct, body, wantCT, wantDisp string }{
		{"x.html", "text/html", "<script>alert(document.domain)</script>", "application/octet-stream", "attachment"},
		{"x.svg", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "application/octet-stream", "attachment"},
		{"x.png", "image/png", "\x89PNG\r\n\x1a\n<script>", "image/png", "inline"},
		{"x.txt", "text/html; charset=utf-8", "<b>hi</b>", "application/octet-stream", "attachment"},
	} {
		u := upload(c.name, c.ct, []byte(c.body))
		if u == "" {
			continue // refused at upload: also safe
		}
		res, err := e.client.Get(u)
		e.sent.Add(1)
		if err != nil {
			e.t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Content-Type") != c.wantCT || !strings.HasPrefix(res.Header.Get("Content-Disposition"), c.wantDisp) ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			e.t.Errorf("%s served with %v", c.name, res.Header)
		}
	}
	// Broken multipart bodies.
	for _, b := range []string{"", "--x\r\n", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", strings.Repeat("--x\r\n", 10000)} {
		e.send(req{name: "multipart " + clip(b), path: "/v3.6/agent/action/upload_file", header: mergeH(e.bearer(e.creds.Owner.Token), "Content-Type", "multipart/form-data; boundary=x"), body: []byte(b)})
	}
}

func (e *env) deliveries(chatID string) {
	// Produce a delivery (the receiver fails: attempts are logged at debug level).
	e.call("agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "for the webhook"}})
	ctx := e.t.Context()
	if _, err := e.srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		for _, d := range l {
			if len(d.AttemptLog) > 0 {
				return true
			}
		}
		return false
	}); err != nil {
		e.t.Fatal(err)
	}
	e.send(req{name: "deliveries anonymous", method: "GET", path: "/emulator/webhooks/deliveries", want: 401})
	e.send(req{name: "deliveries agent", method: "GET", path: "/emulator/webhooks/deliveries", header: e.bearer(e.creds.Agent.Token), want: 403})
	e.send(req{name: "deliveries customer", method: "GET", path: "/emulator/webhooks/deliveries", header: e.bearer(e.creds.Customers[0].Token), want: 403})
	_, body := e.send(req{name: "deliveries owner", method: "GET", path: "/emulator/webhooks/deliveries", header: e.bearer(e.creds.Owner.Token), want: 200, wantSub: redact.Mask})
	if !bytes.Contains(body, []byte(`"url"`)) {
		e.t.Errorf("deliveries: %s", body)
	}
}

// mutations sends random byte-level mutations of valid payloads.
func (e *env) mutations(chatID string) {
	n := 400
	if long() {
		n = 15000
	}
	seeds := []string{
		`{"chat_id":"` + chatID + `","event":{"type":"message","text":"hi"}}`,
		`{"filters":{"query":"hello","tags":{"values":["bug"]}},"limit":10}`,
		`{"chat":{"thread":{"events":[{"type":"message","text":"x"}]}}}`,
		`{"name":"tag","group_ids":[0]}`,
	}
	actions := []struct{ api, name string }{{"agent", "send_event"}, {"agent", "list_archives"}, {"agent", "start_chat"}, {"configuration", "create_tag"}, {"customer", "send_event"}, {"agent", "list_chats"}}
	rng := rand.New(rand.NewPCG(15, 15))
	var bad atomic.Int64
	for i := range n {
		b := []byte(seeds[rng.IntN(len(seeds))])
		for range 1 + rng.IntN(4) {
			switch k := rng.IntN(5); {
			case k == 0 && len(b) > 1:
				j := rng.IntN(len(b))
				b = append(b[:j], b[j+1:]...)
			case k == 1:
				j := rng.IntN(len(b) + 1)
				b = append(b[:j], append([]byte{byte(rng.IntN(256))}, b[j:]...)...)
			case k == 2:
				const chars = "{}[]\",:0-e\\\x00\xff"
				b[rng.IntN(len(b))] = chars[rng.IntN(len(chars))]
			case k == 3:
				j := rng.IntN(len(b) + 1)
				ins := []string{"1e999", "[[[[[[[[", `"\ud800"`, "null", `{"a":`, "\xff", strings.Repeat("[", 40)}[rng.IntN(7)]
				b = append(b[:j], append([]byte(ins), b[j:]...)...)
			default:
				j := rng.IntN(len(b))
				b = append(b, b[j:]...)
			}
		}
		a := actions[(i+rng.IntN(2))%len(actions)]
		st, _ := e.send(e.action(a.api, a.name, b))
		if st >= 500 {
			bad.Add(1)
		}
	}
}

// stillWorks: normal calls succeed and every chat and thread still
// decodes with encoding/json.
func (e *env) stillWorks(chatID string) {
	e.call("agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "still here"}})
	m := e.call("agent", "list_chats", map[string]any{"limit": 100})
	b, _ := json.Marshal(m)
	var typed struct {
		Chats []struct {
			ID string `json:"id"`
		} `json:"chats_summary"`
	}
	if err := json.Unmarshal(b, &typed); err != nil || len(typed.Chats) == 0 {
		e.t.Fatalf("list_chats after the attack: %v %s", err, clip(string(b)))
	}
	for _, c := range typed.Chats {
		e.call("agent", "get_chat", map[string]any{"chat_id": c.ID})
		e.call("agent", "list_threads", map[string]any{"chat_id": c.ID})
	}
	e.call("agent", "list_archives", map[string]any{"limit": 100})
	e.call("customer", "list_chats", map[string]any{})
	e.send(req{name: "v2 chats after", method: "GET", path: "/chats", header: e.v2Header(), want: 200})
}
