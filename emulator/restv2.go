package emulator

// The legacy REST API v2 ("LiveChat API 2.0") and the Reports API v2,
// served on the same server and over the same state as the v3 APIs:
// version-less resource paths (/agents, /chats, …, /reports/…), the
// X-API-Version: 2 header, HTTP Basic (agent login + API key or PAT) or
// Bearer authentication, JSON or PHP-style form bodies, JSONP on GET and
// no cross-origin browser access (protocol.md §6).
//
// Webhooks registered with POST /webhooks are delivered (v2hooks.go):
// chat_started, visitor_queued, chat_ended and chat_changed whichever API
// (v3 or v2) caused them, ticket_created on POST /tickets and
// canned_response_changed on every change of a canned response, each
// POSTed as {"event_type", "token", "license_id", <data types>} by the
// v3 delivery worker (retries, persistence, `livechat webhooks
// deliveries`, where they are listed with API "v2"). Every v2 call also
// queues the v3 webhooks of the pushes it emits (a v2 tag update fires a
// registered thread_tagged webhook).

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/jsoncheck"
)

// v2Resources are the first path segments served by the REST API v2.
var v2Resources = map[string]bool{
	"agents": true, "chats": true, "canned_responses": true, "goals": true, "greetings": true,
	"groups": true, "status": true, "tags": true, "tickets": true, "visitors": true,
	"webhooks": true, "reports": true,
}

// isV2Path reports whether a request path (split on "/", without the
// leading slash) belongs to the REST API v2.
func isV2Path(parts []string) bool {
	return len(parts) > 0 && v2Resources[parts[0]]
}

// v2Error is an error answer of the v2 API: {"error": "<message>"}.
type v2Error struct {
	status int
	msg    string
}

func (e *v2Error) Error() string { return e.msg }

func v2Err(status int, format string, args ...any) *v2Error {
	return &v2Error{status: status, msg: fmt.Sprintf(format, args...)}
}

func v2Bad(format string, args ...any) *v2Error { return v2Err(http.StatusBadRequest, format, args...) }

func v2NotFound(format string, args ...any) *v2Error {
	return v2Err(http.StatusNotFound, format, args...)
}

func v2Forbidden(format string, args ...any) *v2Error {
	return v2Err(http.StatusForbidden, format, args...)
}

// v2Callback is a valid JSONP callback name.
var v2Callback = regexp.MustCompile(`^[A-Za-z0-9_.$]{1,128}$`)

// v2Req is one REST API v2 request as its handler sees it.
type v2Req struct {
	method string
	parts  []string // path segments after the resource
	params v2Params // query string (GET) merged with the body (others)
	query  url.Values
}

// v2Handler answers one request inside the request's transaction.
type v2Handler func(a *act, r *v2Req) (any, error)

// serveV2 serves one REST API v2 request.
func (s *Server) serveV2(w http.ResponseWriter, r *http.Request, parts []string) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// Browser cross-origin requests are refused, preflights included, and
	// no CORS header is ever sent.
	if r.Method == http.MethodOptions || r.Header.Get("Origin") != "" {
		v2WriteError(w, "", v2Forbidden("Cross-domain requests are not allowed"))
		return
	}
	if v := strings.TrimSpace(r.Header.Get("X-API-Version")); v != "2" {
		if v == "" {
			v2WriteError(w, "", v2Bad("The X-API-Version header is required: send X-API-Version: 2"))
		} else {
			v2WriteError(w, "", v2Bad("Unsupported X-API-Version %q: this API is version 2", v))
		}
		return
	}
	query := r.URL.Query()
	callback := ""
	if r.Method == http.MethodGet {
		if cbs, ok := query["callback"]; ok {
			callback = cbs[0]
			if len(cbs) != 1 || !v2Callback.MatchString(callback) {
				v2WriteError(w, "", v2Bad("Invalid JSONP callback name: use letters, digits, '_', '.' and '$' only"))
				return
			}
			query.Del("callback")
		}
	}
	id, e := s.v2Authenticate(r.Context(), r.Header.Get("Authorization"))
	if e != nil {
		v2WriteError(w, callback, e)
		return
	}
	h, route, e := v2Route(r.Method, parts)
	if e != nil {
		if e.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", route)
		}
		v2WriteError(w, callback, e)
		return
	}
	params, e := v2ParseQuery(query)
	if e != nil {
		v2WriteError(w, callback, e)
		return
	}
	var body v2Params
	if r.Method != http.MethodGet {
		if body, e = s.v2ReadBody(w, r); e != nil {
			v2WriteError(w, callback, e)
			return
		}
	}
	if e := s.checkV2Request(r, params, body); e != nil { // openapi.go: Config.RequestValidator
		v2WriteError(w, callback, e)
		return
	}
	for k, v := range body {
		params[k] = v
	}
	req := &v2Req{method: r.Method, parts: parts[1:], params: params, query: query}
	res, e := s.v2Run(r.Context(), id, route, func(a *act) (any, error) { return h(a, req) })
	if e != nil {
		v2WriteError(w, callback, e)
		return
	}
	v2Write(w, callback, http.StatusOK, res)
}

// v2Run runs fn as one transaction on the single writer, like a v3 action:
// a failing fn is rolled back entirely, pushes leave after the commit.
func (s *Server) v2Run(ctx context.Context, id *Identity, name string, fn func(*act) (any, error)) (any, *v2Error) {
	if e := s.allow(id); e != nil {
		return nil, v2Err(http.StatusTooManyRequests, "Too many requests")
	}
	c := &call{api: "v2", version: "2", action: name, id: id, via: viaWeb, payload: json.RawMessage("{}")}
	j := &job{ctx: ctx, c: c, h: &handler{fn: withWebhooks(fn)}, id: id, payload: c.payload, done: make(chan struct{})}
	select {
	case s.jobs <- j:
	case <-s.stopWriter:
		return nil, v2Err(http.StatusServiceUnavailable, "The emulator is shutting down")
	case <-ctx.Done():
		return nil, v2Err(http.StatusServiceUnavailable, "Request cancelled")
	}
	if !s.awaitJob(j) {
		return nil, v2Err(http.StatusServiceUnavailable, "The emulator is shutting down")
	}
	if j.err != nil {
		return nil, v2FromLerr(j.err)
	}
	if j.res == nil {
		return map[string]any{}, nil
	}
	return j.res, nil
}

// v2FromLerr turns an error that crossed the dispatcher (*livechat.Error,
// possibly wrapping a *v2Error message) into a v2 error.
func v2FromLerr(e *livechat.Error) *v2Error {
	st := e.Type.HTTPStatus()
	if e.Status != 0 {
		st = e.Status
	}
	msg := e.Message
	if msg == "" {
		msg = string(e.Type)
	}
	if st == http.StatusInternalServerError {
		msg = "Internal server error"
	}
	return &v2Error{status: st, msg: msg}
}

// v2Wrap makes a handler error travel through the writer: a *v2Error
// becomes a *livechat.Error carrying its status.
func v2Wrap(err error) error {
	var ve *v2Error
	if errors.As(err, &ve) {
		e := livechat.NewError(livechat.TypeForStatus(ve.status), ve.msg)
		e.Status = ve.status
		return e
	}
	return err
}

func v2WriteError(w http.ResponseWriter, callback string, e *v2Error) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="LiveChat API"`)
	}
	v2Write(w, callback, e.status, map[string]any{"error": e.msg})
}

// v2Write answers v as JSON, or as JSONP when callback is set.
func v2Write(w http.ResponseWriter, callback string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"Internal server error"}`)
	}
	if callback != "" {
		w.Header().Set("Content-Type", "application/javascript; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%s(%s);", callback, b)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// ---- authentication ----

// v2Authenticate accepts HTTP Basic with an agent's login (e-mail) and
// API key or PAT, HTTP Basic with an account id and PAT (as in v3), or a
// Bearer token.
func (s *Server) v2Authenticate(ctx context.Context, header string) (*Identity, *v2Error) {
	if strings.TrimSpace(header) == "" {
		return nil, v2Err(http.StatusUnauthorized, "Missing Authorization header: use HTTP Basic with your login and API key, or a Bearer token")
	}
	scheme, cred, _ := strings.Cut(strings.TrimSpace(header), " ")
	if strings.TrimSpace(cred) == "" {
		return nil, v2Err(http.StatusUnauthorized, "Authentication required: use HTTP Basic (login and API key) or a Bearer token")
	}
	var id *Identity
	if strings.EqualFold(scheme, "basic") {
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
		if err != nil {
			return nil, v2Err(http.StatusUnauthorized, "Invalid basic credentials")
		}
		login, key, ok := strings.Cut(string(raw), ":")
		if !ok || login == "" || key == "" {
			return nil, v2Err(http.StatusUnauthorized, "Invalid basic credentials")
		}
		s.mu.Lock()
		id, err = s.v2KeyIdentity(ctx, login, key)
		s.mu.Unlock()
		if err != nil {
			s.log.Error("v2 api key lookup failed", "error", err)
			return nil, v2Err(http.StatusInternalServerError, "Internal server error")
		}
	}
	if id == nil {
		var e *livechat.Error
		id, e = s.authenticate(ctx, header)
		if e != nil {
			if e.Type == livechat.TypeInternal {
				return nil, v2Err(http.StatusInternalServerError, "Internal server error")
			}
			if strings.EqualFold(scheme, "basic") {
				// Neither login + API key nor account id + PAT.
				return nil, v2Err(http.StatusUnauthorized, "Invalid login or API key")
			}
			return nil, v2Err(http.StatusUnauthorized, "Invalid credentials: %s", e.Message)
		}
	}
	if id.Kind != "agent" {
		return nil, v2Err(http.StatusUnauthorized, "Customer credentials cannot be used with this API")
	}
	return id, nil
}

// v2Scopes are granted to an API key: the old protocol's scopes by role.
var (
	v2ReadScopes  = []string{"agents_read", "archives_read", "canned_responses_read", "goals_read", "greetings_read", "groups_read", "tags_read", "tickets_read", "visitors_read", "reports_read"}
	v2WriteScopes = []string{"agents_write", "archives_write", "canned_responses_write", "goals_write", "greetings_write", "groups_write", "tags_write", "tickets_write", "webhooks_manage"}
)

// v2KeyIdentity resolves login + key (an API key, or a PAT of the agent
// with that login); nil when they match nothing. s.mu is held.
func (s *Server) v2KeyIdentity(ctx context.Context, login, key string) (*Identity, error) {
	db := s.db.SQL()
	var acc, role string
	var isBot int
	err := db.QueryRowContext(ctx, `SELECT account_id, role, is_bot FROM agents WHERE id = ?`, login).Scan(&acc, &role, &isBot)
	if errors.Is(err, sql.ErrNoRows) || isBot == 1 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	stored := ""
	err = db.QueryRowContext(ctx, `SELECT api_key FROM v2_api_keys WHERE agent_id = ?`, login).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if stored == "" {
		stored = v2DefaultAPIKey(login)
	}
	if key != stored {
		// A PAT of this agent, given with the login instead of the account id.
		id, err := lookupToken(ctx, db, "pat:"+acc+":"+key)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return id, err
	}
	id := &Identity{Kind: "agent", ID: login, AccountID: acc, Region: "dal", token: "v2key:" + login}
	var scopes []string
	scopes = append(scopes, v2ReadScopes...)
	scopes = append(scopes, "archives_write", "tickets_write", "agents--my:rw")
	if v2IsAdmin(role) {
		scopes = append(scopes, v2WriteScopes...)
		scopes = append(scopes, allScopes...)
	} else {
		scopes = append(scopes, agentScopes...)
	}
	id.Scopes = ParseScopes(strings.Join(scopes, ","))
	groups, err := collectColumn[int](db.QueryContext(ctx, agentGroupsSQL, login)) // sqlscan.go
	if err != nil {
		return nil, err
	}
	id.groups = groups
	return id, nil
}

func v2IsAdmin(role string) bool {
	return role == "owner" || role == "viceowner" || role == "administrator"
}

// v2DefaultAPIKey is the well-known API key of an agent until it is reset:
// 32 hex characters derived from the login.
func v2DefaultAPIKey(login string) string {
	return fmt.Sprintf("%016x%016x", fnv64("v2-api-key:"+login), fnv64(login+"#v2-api-key"))
}

func v2RandomHex(n int) string {
	b := make([]byte, n/2)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// v2Need checks that the caller may use a resource. newScopes are the v3
// scopes, old the old protocol's scope; a resource without a v3
// equivalent (fallbackAdmin) is readable by every agent and writable by
// owners and administrators.
func (a *act) v2Need(old string, newScopes ...string) error {
	if a.id.Scopes.Has(old) || (len(newScopes) > 0 && a.id.Scopes.HasAny(newScopes...)) {
		return nil
	}
	if len(newScopes) == 0 {
		if strings.HasSuffix(old, "_read") {
			return nil
		}
		var role string
		_ = a.queryRow(`SELECT role FROM agents WHERE id = ?`, a.id.ID).Scan(&role)
		if v2IsAdmin(role) {
			return nil
		}
		return v2Forbidden("Only owners and administrators may do this (scope %s)", old)
	}
	return v2Forbidden("Missing scope: %s or %s", old, strings.Join(newScopes, " or "))
}

// ---- bodies and parameters ----

// v2ReadBody reads a JSON or form-encoded body into parameters.
func (s *Server) v2ReadBody(w http.ResponseWriter, r *http.Request) (v2Params, *v2Error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, v2Err(http.StatusRequestEntityTooLarge, "Request body is larger than %d bytes", s.cfg.MaxBodyBytes)
		}
		return nil, v2Bad("Cannot read the request body")
	}
	trimmed := strings.TrimSpace(string(data))
	if trimmed == "" {
		return v2Params{}, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	isJSON := ct == "application/json" || strings.HasSuffix(ct, "+json") ||
		(ct != "application/x-www-form-urlencoded" && (trimmed[0] == '{' || trimmed[0] == '['))
	if isJSON {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
			return nil, v2Bad("The request body must be a JSON object")
		}
		if e := jsoncheck.Check([]byte(trimmed), 0); e != nil {
			return nil, v2Bad("Invalid request body: %s", e)
		}
		out := v2Params{}
		for k, v := range m {
			out[strings.TrimSuffix(k, "[]")] = v
		}
		return out, nil
	}
	if ct != "" && ct != "application/x-www-form-urlencoded" && ct != "text/plain" {
		return nil, v2Bad("Unsupported Content-Type %q: send JSON or application/x-www-form-urlencoded", ct)
	}
	vals, err := url.ParseQuery(trimmed)
	if err != nil {
		return nil, v2Bad("Malformed form body")
	}
	return v2ParseQuery(vals)
}

// v2ParseQuery turns PHP-style form keys (groups[]=1, rules[0][type]=x,
// requester[mail]=y) into nested parameters.
func v2ParseQuery(vals url.Values) (v2Params, *v2Error) {
	root := map[string]any{}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		segs, ok := v2SplitKey(k)
		if !ok || !utf8.ValidString(k) {
			return nil, v2Bad("Malformed parameter name %q", k)
		}
		for _, v := range vals[k] {
			if !utf8.ValidString(v) {
				return nil, v2Bad("Parameter %q is not valid UTF-8", k)
			}
			if err := v2Insert(root, segs, v); err != nil {
				return nil, err
			}
		}
	}
	return v2Params(v2Finish(root).(map[string]any)), nil
}

func v2SplitKey(k string) ([]string, bool) {
	i := strings.IndexByte(k, '[')
	if i < 0 {
		return []string{k}, k != ""
	}
	segs := []string{k[:i]}
	rest := k[i:]
	for rest != "" {
		if rest[0] != '[' {
			return nil, false
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return nil, false
		}
		segs = append(segs, rest[1:j])
		rest = rest[j+1:]
	}
	if segs[0] == "" || len(segs) > 8 {
		return nil, false
	}
	return segs, true
}

// v2Insert stores v at segs; containers are maps, "" appends.
func v2Insert(cur map[string]any, segs []string, v string) *v2Error {
	for i, seg := range segs {
		if seg == "" {
			seg = strconv.Itoa(len(cur))
		}
		if i == len(segs)-1 {
			if _, isMap := cur[seg].(map[string]any); isMap {
				return v2Bad("Parameter %q is given both as a value and as an array", segs[0])
			}
			cur[seg] = v
			return nil
		}
		next, ok := cur[seg].(map[string]any)
		if !ok {
			if _, exists := cur[seg]; exists {
				return v2Bad("Parameter %q is given both as a value and as an array", segs[0])
			}
			next = map[string]any{}
			cur[seg] = next
		}
		cur = next
	}
	return nil
}

// v2Finish turns maps whose keys are all indices into lists (except the root).
func v2Finish(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, x := range m {
		m[k] = v2Finish(x)
	}
	return m
}

// v2Params are decoded parameters: strings from forms and query strings,
// JSON values (json.Number for numbers) from JSON bodies.
type v2Params map[string]any

func (p v2Params) has(k string) bool { _, ok := p[k]; return ok && p[k] != nil }

// str returns a scalar parameter as text.
func (p v2Params) str(k string) (string, error) {
	return v2Scalar(k, p[k])
}

func v2Scalar(k string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		if x {
			return "1", nil
		}
		return "0", nil
	default:
		return "", v2Bad("Parameter %s must be a single value", k)
	}
}

// integer returns an integer parameter; ok is false when absent.
func (p v2Params) integer(k string) (n int, ok bool, err error) {
	s, err := p.str(k)
	if err != nil || s == "" {
		return 0, false, err
	}
	n, err = strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, false, v2Bad("Parameter %s must be an integer, got %q", k, s)
	}
	return n, true, nil
}

// flag returns a 0/1 parameter; ok is false when absent.
func (p v2Params) flag(k string) (b bool, ok bool, err error) {
	s, err := p.str(k)
	if err != nil || s == "" {
		return false, false, err
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true":
		return true, true, nil
	case "0", "false":
		return false, true, nil
	}
	return false, false, v2Bad("Parameter %s must be 0 or 1, got %q", k, s)
}

// list returns an array parameter (a single value counts as one item).
func (p v2Params) list(k string) ([]any, error) {
	return v2List(k, p[k])
}

func v2List(k string, v any) ([]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return x, nil
	case map[string]any:
		idx := make([]int, 0, len(x))
		for key := range x {
			n, err := strconv.Atoi(key)
			if err != nil || n < 0 {
				return nil, v2Bad("Parameter %s must be an array", k)
			}
			idx = append(idx, n)
		}
		sort.Ints(idx)
		out := make([]any, 0, len(idx))
		for _, n := range idx {
			out = append(out, x[strconv.Itoa(n)])
		}
		return out, nil
	default:
		return []any{x}, nil
	}
}

func (p v2Params) strList(k string) ([]string, bool, error) {
	l, err := p.list(k)
	if err != nil || l == nil {
		return nil, p.has(k), err
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		s, err := v2Scalar(k, v)
		if err != nil {
			return nil, true, err
		}
		out = append(out, s)
	}
	return out, true, nil
}

func (p v2Params) intList(k string) ([]int, bool, error) {
	l, ok, err := p.strList(k)
	if err != nil || !ok {
		return nil, ok, err
	}
	out := make([]int, 0, len(l))
	for _, s := range l {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, true, v2Bad("Parameter %s must hold integers, got %q", k, s)
		}
		out = append(out, n)
	}
	return out, true, nil
}

// obj returns an object parameter (nil when absent).
func (p v2Params) obj(k string) (v2Params, error) {
	switch x := p[k].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v2Params(x), nil
	default:
		return nil, v2Bad("Parameter %s must be an object", k)
	}
}

// objList returns a list of objects (rules, urls, fields).
func (p v2Params) objList(k string) ([]v2Params, error) {
	l, err := p.list(k)
	if err != nil {
		return nil, err
	}
	out := make([]v2Params, 0, len(l))
	for i, v := range l {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, v2Bad("Parameter %s[%d] must be an object", k, i)
		}
		out = append(out, v2Params(m))
	}
	return out, nil
}

// ---- routing ----

type v2RouteEntry struct {
	methods map[string]v2Handler
}

// v2Route finds the handler of method on parts; route names it (and is
// the Allow header value on 405).
func v2Route(method string, parts []string) (v2Handler, string, *v2Error) {
	res := parts[0]
	rest := parts[1:]
	var key string
	switch {
	case len(rest) == 0:
		key = res
	case res == "reports":
		key = "reports/*"
	case len(rest) == 1:
		key = res + "/:id"
	case len(rest) == 2:
		key = res + "/:id/" + rest[1]
	default:
		return nil, "", v2NotFound("No such resource: /%s", strings.Join(parts, "/"))
	}
	if res == "status" && len(rest) == 1 {
		key = "status"
	}
	e, ok := v2Routes[key]
	if !ok {
		return nil, "", v2NotFound("No such resource: /%s", strings.Join(parts, "/"))
	}
	h, ok := e.methods[method]
	if !ok {
		var allow []string
		for m := range e.methods {
			allow = append(allow, m)
		}
		sort.Strings(allow)
		return nil, strings.Join(allow, ", "), v2Err(http.StatusMethodNotAllowed, "Method %s is not allowed on /%s", method, strings.Join(parts, "/"))
	}
	return func(a *act, r *v2Req) (any, error) {
		res, err := h(a, r)
		return res, v2Wrap(err)
	}, method + " " + key, nil
}

var v2Routes map[string]v2RouteEntry

func init() {
	r := func(pairs ...any) v2RouteEntry {
		e := v2RouteEntry{methods: map[string]v2Handler{}}
		for i := 0; i < len(pairs); i += 2 {
			e.methods[pairs[i].(string)] = pairs[i+1].(func(*act, *v2Req) (any, error))
		}
		return e
	}
	const get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	v2Routes = map[string]v2RouteEntry{
		"agents":                       r(get, v2ListAgents, post, v2CreateAgent),
		"agents/:id":                   r(get, v2GetAgent, put, v2UpdateAgent, del, v2DeleteAgent),
		"agents/:id/reset_api_key":     r(post, v2ResetAPIKey),
		"chats":                        r(get, v2ListChats),
		"chats/:id":                    r(get, v2GetChat),
		"chats/:id/tags":               r(put, v2UpdateChatTags),
		"chats/:id/send_transcript":    r(post, v2SendTranscript),
		"canned_responses":             r(get, v2ListCanned, post, v2CreateCanned),
		"canned_responses/:id":         r(get, v2GetCanned, put, v2UpdateCanned, post, v2UpdateCanned, del, v2DeleteCanned),
		"goals":                        r(get, v2ListGoals, post, v2CreateGoal),
		"goals/:id":                    r(get, v2GetGoal, put, v2UpdateGoal, del, v2DeleteGoal),
		"goals/:id/mark_as_successful": r(post, v2MarkGoal),
		"greetings":                    r(get, v2ListGreetings, post, v2CreateGreeting),
		"greetings/:id":                r(get, v2GetGreeting, put, v2UpdateGreeting, post, v2UpdateGreeting, del, v2DeleteGreeting),
		"groups":                       r(get, v2ListGroups, post, v2CreateGroup),
		"groups/:id":                   r(get, v2GetGroup, put, v2UpdateGroup, del, v2DeleteGroup),
		"status":                       r(get, v2Status),
		"tags":                         r(get, v2ListTags, post, v2CreateTag),
		"tags/:id":                     r(del, v2DeleteTag),
		"tickets":                      r(get, v2ListTickets, post, v2CreateTicket),
		"tickets/:id":                  r(get, v2GetTicket),
		"tickets/:id/tags":             r(put, v2UpdateTicketTags),
		"visitors":                     r(get, v2ListVisitors),
		"visitors/:id/details":         r(post, v2VisitorDetails),
		"webhooks":                     r(get, v2ListWebhooks, post, v2CreateWebhook),
		"webhooks/:id":                 r(del, v2DeleteWebhook),
		"reports/*":                    r(get, v2Report),
	}
}
