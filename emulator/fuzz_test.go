package emulator

// Fuzz targets for what the emulator reads from the network. Each has
// seeds, runs as a plain test over them (go test), and for longer with
// go test -run '^$' -fuzz '^FuzzX$' -fuzztime 60s ./emulator. The
// properties: never a panic, never an internal error or a 5xx, answers
// valid UTF-8 (and JSON), and a frame is answered or its connection
// closed, never left hanging. FuzzFTSQuery is in fts_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat"
)

// checkAnswer fails on a 5xx, invalid UTF-8 or invalid JSON.
func checkAnswer(t *testing.T, what string, status int, ct string, body []byte) {
	t.Helper()
	if status >= 500 {
		t.Fatalf("%s: HTTP %d %.300s", what, status, body)
	}
	if !utf8.Valid(body) {
		t.Fatalf("%s: answer not UTF-8: %.300q", what, body)
	}
	if strings.HasPrefix(ct, "application/json") && len(body) > 0 && !json.Valid(body) {
		t.Fatalf("%s: answer not JSON: %.300q", what, body)
	}
}

// rtmFuzzer keeps one logged-in RTM connection per fuzz worker.
type rtmFuzzer struct {
	srv   *Server
	url   string
	token string
	mu    sync.Mutex
	c     *websocket.Conn
}

func newRTMFuzzer(f *testing.F, customer bool) *rtmFuzzer {
	srv := NewTest(f, Config{LoginTimeout: 5 * time.Second})
	cr := srv.Credentials()
	z := &rtmFuzzer{srv: srv, url: "ws" + strings.TrimPrefix(srv.URL(), "http") + "/v3.6/agent/rtm/ws", token: cr.Owner.Token}
	if customer {
		z.url = "ws" + strings.TrimPrefix(srv.URL(), "http") + "/v3.6/customer/rtm/ws?organization_id=" + cr.OrganizationID
		z.token = cr.Customers[0].Token
	}
	f.Cleanup(func() {
		if z.c != nil {
			z.c.CloseNow()
		}
	})
	return z
}

func (z *rtmFuzzer) conn(t *testing.T) *websocket.Conn {
	if z.c != nil {
		return z.c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, z.url, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.SetReadLimit(16 << 20)
	z.c = c
	if !z.roundTrip(t, []byte(`{"action":"login","request_id":"login","payload":{"token":"Bearer `+z.token+`"}}`), "login") {
		t.Fatal("login failed")
	}
	return c
}

// roundTrip writes frame and reads to the response with request id rid
// (any response when rid is ""); false when the connection closed.
func (z *rtmFuzzer) roundTrip(t *testing.T, frame []byte, rid string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := z.c.Write(ctx, websocket.MessageText, frame); err != nil {
		z.c.CloseNow()
		z.c = nil
		return false
	}
	for {
		_, data, err := z.c.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				t.Fatalf("frame %.200q: no answer in 10 s", frame)
			}
			z.c.CloseNow()
			z.c = nil
			return false
		}
		checkAnswer(t, "rtm", 200, "application/json", data)
		var m struct {
			Type      string `json:"type"`
			RequestID any    `json:"request_id"`
			Success   bool   `json:"success"`
			Payload   struct {
				Error *struct{ Type string } `json:"error"`
			} `json:"payload"`
		}
		json.Unmarshal(data, &m)
		if m.Type != "response" {
			continue
		}
		if m.Payload.Error != nil && m.Payload.Error.Type == string(livechat.TypeInternal) {
			t.Fatalf("frame %.200q: internal error %s", frame, data)
		}
		if rid == "" || fmt.Sprint(m.RequestID) == rid {
			return rid == "" || m.Success
		}
	}
}

// fuzzRTM sends the input as one frame (any response ends it), then a
// ping that must be answered on a live connection.
func fuzzRTM(f *testing.F, customer bool) {
	for _, s := range []string{`{"action":"ping","request_id":"1"}`, `{"action":"list_chats","payload":{"limit":1}}`,
		`{"action":"send_event","request_id":2,"payload":{"chat_id":"x","event":{"type":"message","text":"hi"}}}`,
		`{"action":"login","payload":{"token":"x"}}`, `{"action":"get_chat","payload":{"chat_id":"\u0000"}}`, `[]`, `{`, "\xff",
		`{"action":"start_chat","payload":{"chat":{"thread":{"events":[{"type":"custom","content":[[[[1e999]]]]}]}}}}`,
		`{"action":"list_archives","payload":{"filters":{"query":"a\u0000b"}}}`, `{"action":"set_away_status","payload":{"away":true}}`} {
		f.Add([]byte(s))
	}
	z := newRTMFuzzer(f, customer)
	f.Fuzz(func(t *testing.T, frame []byte) {
		if len(frame) > 64<<10 || bytes.Contains(frame, []byte("logout")) {
			return
		}
		z.mu.Lock()
		defer z.mu.Unlock()
		z.conn(t)
		if !z.roundTrip(t, frame, "") {
			return // closed by the frame: a fresh connection next time
		}
		if z.c != nil && !z.roundTrip(t, []byte(`{"action":"ping","request_id":"fuzz-ping"}`), "fuzz-ping") && z.c != nil {
			t.Fatalf("after %.200q: ping failed", frame)
		}
	})
}

// FuzzRTMFrame: agent RTM frames.
func FuzzRTMFrame(f *testing.F) { fuzzRTM(f, false) }

// FuzzCustomerRTMFrame: customer RTM frames.
func FuzzCustomerRTMFrame(f *testing.F) { fuzzRTM(f, true) }

// FuzzSockJSFrame: a SockJS WebSocket message (a JSON array of RTM frames
// or one string) is decoded or the session closed, and a ping after it is
// answered or the session is gone.
func FuzzSockJSFrame(f *testing.F) {
	for _, s := range []string{`["{\"action\":\"ping\",\"request_id\":\"1\"}"]`, `"{\"action\":\"ping\"}"`, `[]`, `[1]`, `["x"]`, "[\"\xff\"]", `[`, ` `, `["{}","{}"]`} {
		f.Add([]byte(s))
	}
	srv := NewTest(f)
	u := "ws" + strings.TrimPrefix(srv.URL(), "http") + "/v3.6/agent/rtm/sjs/123/fuzzsess/websocket"
	n := 0
	f.Fuzz(func(t *testing.T, msg []byte) {
		if len(msg) > 64<<10 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		c.SetReadLimit(16 << 20)
		if _, open, err := c.Read(ctx); err != nil || string(open) != "o" {
			t.Fatalf("open frame %q %v", open, err)
		}
		c.Write(ctx, websocket.MessageText, msg)
		n++
		ping, _ := json.Marshal([]string{fmt.Sprintf(`{"action":"ping","request_id":"p%d"}`, n)})
		if c.Write(ctx, websocket.MessageText, ping) != nil {
			return
		}
		for {
			_, data, err := c.Read(ctx)
			if err != nil {
				if ctx.Err() != nil {
					t.Fatalf("%.200q: no answer and no close in 10 s", msg)
				}
				return
			}
			checkAnswer(t, "sockjs", 200, "", data)
			if bytes.Contains(data, []byte(fmt.Sprintf(`p%d`, n))) || bytes.HasPrefix(data, []byte("c")) {
				return
			}
		}
	})
}

// FuzzAuthorization: any Authorization header (Bearer, Basic PAT, REST
// v2 Basic login:key) authenticates or is refused with an authentication
// type error that does not repeat the credential.
func FuzzAuthorization(f *testing.F) {
	srv := NewTest(f)
	cr := srv.Credentials()
	for _, s := range []string{"Bearer " + cr.Owner.Token, "Bearer", "", "Basic " + cr.Owner.AccountID, "Basic !!!", "bearer x",
		"Basic NWIyZjdjMWUtOGEzZC00ZjZiLTljMmUtMWQwYTNiNGM1ZDYxOmVtdWxhdG9yLW93bmVyLXBhdA==",
		"Basic b3duZXJAbGl2ZWNoYXQubG9jYWw6ODgxZmVmYjk1Yzk5NDM5MDAwMjYyMzFmYjQyZmEwNDE=", "Bearer dal:\x00", "Basic Og=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		ctx := context.Background()
		secret := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(h, "Bearer "), "Basic "))
		if id, e := srv.authenticate(ctx, h); e != nil {
			if e.Type == livechat.TypeInternal {
				t.Fatalf("%q: internal", h)
			}
			if len(secret) >= 8 && strings.Contains(e.Message, secret) {
				t.Fatalf("%q: error repeats the credential: %s", h, e.Message)
			}
		} else if id == nil {
			t.Fatalf("%q: no identity and no error", h)
		}
		if _, e := srv.v2Authenticate(ctx, h); e != nil && (e.status >= 500 || (len(secret) >= 8 && strings.Contains(e.msg, secret))) {
			t.Fatalf("v2 %q: %d %s", h, e.status, e.msg)
		}
	})
}

// FuzzV2Params: REST v2 query strings and bodies (JSON or form) parse or
// are refused with 4xx.
func FuzzV2Params(f *testing.F) {
	for _, s := range []struct{ q, ct, body string }{
		{"query=a&tag[]=x&tag[]=y", "application/json", `{"tag":"x","group":0}`},
		{"rules[0][type]=url&rules[0][value]=x", "application/x-www-form-urlencoded", "a[b][c]=1&a[b][d]=2"},
		{"a[=1", "", `[`}, {"%ff=1", "text/plain", "a=%ff"}, {"a=1&a[x]=2", "application/json", `{"a":1e999}`},
	} {
		f.Add(s.q, s.ct, []byte(s.body))
	}
	srv := NewTest(f)
	f.Fuzz(func(t *testing.T, q, ct string, body []byte) {
		if vals, err := url.ParseQuery(q); err == nil {
			if p, e := v2ParseQuery(vals); e == nil && p == nil {
				t.Fatal("nil params")
			} else if e != nil && e.status >= 500 {
				t.Fatalf("%q: %d", q, e.status)
			}
		}
		r := httptest.NewRequest("POST", "/chats", bytes.NewReader(body))
		r.Header.Set("Content-Type", ct)
		if _, e := srv.v2ReadBody(httptest.NewRecorder(), r); e != nil && e.status >= 500 {
			t.Fatalf("body %q: %d %s", body, e.status, e.msg)
		}
	})
}

// FuzzOAuthForms: the accounts endpoints (token, authorize, info,
// revoke, customer token) answer any form or query below 500. Read-only
// fuzzing of oauth.go through its HTTP handler.
func FuzzOAuthForms(f *testing.F) {
	srv := NewTest(f)
	cr := srv.Credentials()
	for _, s := range []struct{ path, ct, body string }{
		{"/v2/token", "application/x-www-form-urlencoded", "grant_type=authorization_code&code=x&client_id=" + cr.ClientID + "&redirect_uri=http://127.0.0.1/cb&code_verifier=abc"},
		{"/v2/token", "application/json", `{"grant_type":"refresh_token","refresh_token":"x","client_id":1}`},
		{"/oauth/authorize?response_type=code&client_id=" + cr.ClientID + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&state=s&code_challenge=x&code_challenge_method=S256", "", ""},
		{"/oauth/authorize?response_type=token&redirect_uri=javascript:alert(1)", "", ""},
		{"/v2/info", "", ""}, {"/v2/token/revoke", "application/x-www-form-urlencoded", "token=x"},
		{"/v2/token?state=%ff", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=%C3%28&client_id=" + cr.ClientID},
		{"/oauth/authorize", "application/json", "{\"state\":\"bad\xffutf8\"}"},
		{"/v2/customer/token", "application/json", `{"grant_type":"cookie","client_id":"` + cr.ClientID + `","response_type":"token","organization_id":"` + cr.OrganizationID + `"}`},
	} {
		f.Add(s.path, s.ct, []byte(s.body))
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, path, ct string, body []byte) {
		if !strings.HasPrefix(path, "/v2/") && !strings.HasPrefix(path, "/oauth/") {
			return
		}
		u, err := url.ParseRequestURI(path)
		if err != nil {
			return
		}
		for _, m := range []string{"GET", "POST"} {
			r, err := http.NewRequest(m, "http://127.0.0.1"+u.RequestURI(), bytes.NewReader(body))
			if err != nil {
				return // not a request a client can send
			}
			r.Header.Set("Content-Type", ct)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			checkAnswer(t, m+" "+path, w.Code, w.Header().Get("Content-Type"), w.Body.Bytes())
		}
	})
}

// FuzzPageID: a page_id decodes to a page of its action or is refused
// with validation; a decoded one encodes back to an equal page; and
// list_chats with it never fails internally.
func FuzzPageID(f *testing.F) {
	f.Add(encodePage(pageState{Action: "list_chats", Dir: "next", Cursor: 5, Sort: "desc", Limit: 10}))
	f.Add(encodePage(pageState{Action: "list_chats", Dir: "prev", Filters: json.RawMessage(`{"include_active":true}`)}))
	f.Add("")
	f.Add("!!!!")
	f.Add("eyJhIjoibGlzdF9jaGF0cyIsImQiOiJuZXh0In0")
	srv := NewTest(f)
	id, e := srv.authenticate(context.Background(), "Bearer "+srv.Credentials().Owner.Token)
	if e != nil {
		f.Fatal(e)
	}
	f.Fuzz(func(t *testing.T, pid string) {
		p, err := decodePage("list_chats", pid)
		if err != nil {
			var le *livechat.Error
			if !errorsAs(err, &le) || le.Type != livechat.TypeValidation {
				t.Fatalf("%q: %v", pid, err)
			}
		} else if p2, err := decodePage("list_chats", encodePage(*p)); err != nil || p2.Cursor != p.Cursor || p2.Dir != p.Dir {
			t.Fatalf("%q: round trip %+v %+v %v", pid, p, p2, err)
		}
		body, _ := json.Marshal(map[string]string{"page_id": pid})
		for _, a := range []string{"list_chats", "list_archives", "list_threads"} {
			_, le := srv.dispatch(context.Background(), &call{api: "agent", version: "3.6", action: a, payload: body, id: id, via: viaWeb})
			if le != nil && le.Type == livechat.TypeInternal {
				t.Fatalf("%s page_id %q: internal", a, pid)
			}
		}
	})
}

// FuzzUpload: any multipart body is stored as a file or refused below 500.
func FuzzUpload(f *testing.F) {
	mk := func(name, ct, data string) []byte {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.SetBoundary("fuzzboundary")
		h := map[string][]string{"Content-Disposition": {`form-data; name="file"; filename="` + name + `"`}, "Content-Type": {ct}}
		w, _ := mw.CreatePart(h)
		w.Write([]byte(data))
		mw.Close()
		return b.Bytes()
	}
	f.Add("fuzzboundary", mk("a.png", "image/png", "\x89PNG"))
	f.Add("fuzzboundary", mk("../../x.html", "text/html", "<script>"))
	f.Add("x", []byte("--x\r\n\r\n--x--"))
	f.Add("", []byte{})
	srv := NewTest(f)
	h := srv.Handler()
	tok := "Bearer " + srv.Credentials().Owner.Token
	f.Fuzz(func(t *testing.T, boundary string, body []byte) {
		r := httptest.NewRequest("POST", "http://127.0.0.1/v3.6/agent/action/upload_file", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		r.Header.Set("Authorization", tok)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		checkAnswer(t, "upload", w.Code, w.Header().Get("Content-Type"), w.Body.Bytes())
	})
}

// fuzzActions runs any payload through every action of api (chosen by
// index; webhook registration left out: it would send requests out).
func fuzzActions(f *testing.F, api, token string, seeds []string) {
	var names []string
	for n := range registry[api] {
		if !strings.Contains(n, "webhook") && n != "upload_file" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for i, s := range seeds {
		f.Add(uint16(i*7), []byte(s))
	}
	srv := NewTest(f)
	cr := srv.Credentials()
	tok := cr.Owner.Token
	if token == "customer" {
		tok = cr.Customers[0].Token
	}
	id, e := srv.authenticate(context.Background(), "Bearer "+tok)
	if e != nil {
		f.Fatal(e)
	}
	f.Fuzz(func(t *testing.T, which uint16, payload []byte) {
		if len(payload) > 64<<10 {
			return
		}
		action := names[int(which)%len(names)]
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, le := srv.dispatch(ctx, &call{api: api, version: "3.6", action: action, payload: payload, id: id, via: viaWeb})
		if le != nil {
			if le.Type == livechat.TypeInternal {
				t.Fatalf("%s %.200q: internal error %q", action, payload, le.Message)
			}
			return
		}
		b, err := json.Marshal(res)
		if err != nil || !utf8.Valid(b) {
			t.Fatalf("%s %.200q: answer %v %.200q", action, payload, err, b)
		}
	})
}

// FuzzCustomerActions: Customer Chat API actions with any payload.
func FuzzCustomerActions(f *testing.F) {
	fuzzActions(f, "customer", "customer", []string{`{}`, `{"chat":{"thread":{"events":[{"type":"message","text":"hi"}]}}}`,
		`{"chat_id":"x","event":{"type":"message","text":"t"}}`, `{"session_fields":[{"a":"b"}]}`, `{"customer":{"name":"\u0000"}}`,
		`{"filters":{"query":"x"}}`, `{"page_id":"!"}`, `{"url":"http://127.0.0.1/"}`})
}

// FuzzConfigurationActions: Configuration API actions with any payload.
func FuzzConfigurationActions(f *testing.F) {
	fuzzActions(f, "configuration", "owner", []string{`{}`, `{"name":"t","group_ids":[0]}`, `{"id":"a@b.c","name":"A"}`,
		`{"name":"p","owner_client_id":"c","type":"string","access":{"chat":{"agent":["read"]}}}`, `{"requests":[{"id":"x"}]}`,
		`{"id":0,"name":"G","agent_priorities":{"x":"normal"}}`, `{"ip":"1.2.3.4"}`, `{"group_id":0,"type":"url","rules":[]}`})
}

func errorsAs(err error, le **livechat.Error) bool {
	e, ok := err.(*livechat.Error)
	if ok {
		*le = e
	}
	return ok
}
