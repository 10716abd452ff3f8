package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/livechat-go/livechat"
)

// Lifecycle dates announced in the Legacy/Deprecation headers [inferred].
const (
	legacyDate      = "2026-12-31"
	deprecationDate = "2026-09-30"
)

var reqCounter atomic.Uint64

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.serveHTTP)
	return s.recoverer(s.recordHTTP(s.withBodyDeadline(mux))) // devtools.go: the request log; timeouts.go
}

// recoverer answers `internal` for any panic that escapes a handler.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				if rec == http.ErrAbortHandler {
					panic(rec)
				}
				s.log.Error("panic in HTTP handler", "path", r.URL.Path, "panic", rec)
				writeError(w, lerr(livechat.TypeInternal, ""), "")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(livechat.ErrorEnvelope{Error: lerr(livechat.TypeInternal, "")})
	}
	if !utf8.Valid(b) { // stored before input was checked: never answer invalid UTF-8
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, e *livechat.Error, version string) {
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	setLifecycle(w, version)
	writeJSON(w, e.Type.HTTPStatus(), livechat.ErrorEnvelope{Error: e})
}

// allowOnly reports whether r uses method; otherwise it answers 405 with
// the Allow header and a validation error saying which method to use
// (with the version's lifecycle headers when version is set).
func allowOnly(w http.ResponseWriter, r *http.Request, method, version string) bool {
	if r.Method == method {
		return true
	}
	w.Header().Set("Allow", method)
	setLifecycle(w, version)
	writeJSON(w, http.StatusMethodNotAllowed, livechat.ErrorEnvelope{Error: validation("Use %s", method)})
	return false
}

func setLifecycle(w http.ResponseWriter, version string) {
	switch version {
	case "3.5":
		w.Header().Set("Legacy", legacyDate)
	case "3.4":
		w.Header().Set("Deprecation", deprecationDate)
	}
}

// serveHTTP routes /v<ver>/<api>/action/<name>, /<api>/action/<name>
// (X-API-Version), /v<ver>/agent/rtm/ws, /files/… and /healthz.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", strconv.FormatUint(reqCounter.Add(1), 10))
	path := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(path, "/")
	if path == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		s.serveHome(w, r) // home.go
		return
	}
	if isV2Path(parts) { // restv2.go: legacy REST API v2 and Reports API v2
		s.serveV2(w, r, parts)
		return
	}
	if s.refuseInvalidQuery(w, r, path) { // oauthform.go
		return
	}
	if path == "openapi.json" {
		s.serveOpenAPI(w, r) // openapi.go: the API description (package api)
		return
	}
	if path == "healthz" {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
		return
	}
	if len(parts) >= 1 && parts[0] == "files" {
		s.serveFile(w, r, parts)
		return
	}
	if s.serveAccounts(w, r) { // oauth.go: /oauth/authorize, /v2/token, /v2/info, /v2/customer/token
		return
	}
	version, parts := apiVersion(r, parts)
	if len(parts) >= 3 && parts[0] == "agent" && parts[1] == "rtm" && parts[2] == "sjs" {
		s.serveSockJS(w, r, version, parts[3:]) // sockjs.go
		return
	}
	if len(parts) == 3 && parts[0] == "customer" && parts[1] == "rtm" && parts[2] == "ws" {
		s.serveCustomerRTM(w, r, version) // customer_rtm.go
		return
	}
	if len(parts) == 3 && parts[0] == "agent" && parts[1] == "rtm" && parts[2] == "ws" {
		if !supportedVersion(version) {
			writeError(w, unsupportedVersion(version), "")
			return
		}
		s.serveRTM(w, r, version)
		return
	}
	if len(parts) >= 2 && parts[0] == "emulator" && s.serveDevTools(w, r, path) { // devtools.go
		return
	}
	if len(parts) == 3 && parts[0] == "emulator" && parts[1] == "webhooks" && parts[2] == "deliveries" {
		s.serveDeliveries(w, r)
		return
	}
	if len(parts) != 3 || parts[1] != "action" || (parts[0] != "agent" && parts[0] != "customer" && parts[0] != "configuration") {
		if isV2Request(r) {
			v2UnknownPath(w, r) // messages.go: a REST API v2 request answers in the v2 error shape
			return
		}
		writeError(w, lerr(livechat.TypeNotFound, "No such endpoint: %s", r.URL.Path), "")
		return
	}
	s.serveAction(w, r, version, parts)
}

// serveAction serves POST /vX/{agent,customer,configuration}/action/NAME
// (and the documented GET actions): version and method checks, then the
// call is authenticated, dispatched and answered.
func (s *Server) serveAction(w http.ResponseWriter, r *http.Request, version string, parts []string) {
	if !supportedVersion(version) {
		writeError(w, unsupportedVersion(version), "")
		return
	}
	if r.Method == http.MethodGet && parts[0] == "configuration" && configGETActions[parts[2]] {
		s.serveConfigGET(w, r, version, parts[2])
		return
	}
	if r.Method == http.MethodGet && parts[0] == "customer" && customerGETActions[parts[2]] {
		s.serveCustomerGET(w, r, version, parts[2]) // customer_web.go
		return
	}
	if !allowOnly(w, r, http.MethodPost, version) {
		return
	}
	c, e := s.webCall(w, r, version, parts[0], parts[2])
	if e != nil {
		writeError(w, e, version)
		return
	}
	res, e := s.dispatch(r.Context(), c)
	if e != nil {
		writeError(w, e, version)
		return
	}
	setLifecycle(w, version)
	writeJSON(w, http.StatusOK, res)
}

// webCall authenticates a Web API action request (organization, token,
// region) and reads its body into the call to dispatch.
func (s *Server) webCall(w http.ResponseWriter, r *http.Request, version, api, action string) (*call, *livechat.Error) {
	if api == "customer" {
		if org := r.URL.Query().Get("organization_id"); org != s.creds.OrganizationID {
			return nil, validation("The organization_id query parameter is required and must name this organization")
		}
	}
	id, e := s.authenticate(r.Context(), r.Header.Get("Authorization"))
	if e != nil && e.Type == livechat.TypeRequesterSuspended && api == "configuration" && action == "request_agent_unsuspension" {
		id, e = s.authAny(r.Context(), r.Header.Get("Authorization"), nil)
	}
	if e != nil {
		return nil, e
	}
	if reg := r.Header.Get("X-Region"); reg != "" && id.Region != "" && reg != id.Region {
		e := lerr(livechat.TypeMisdirectedRequest, "")
		e.Data, _ = json.Marshal(map[string]string{"region": id.Region})
		return nil, e
	}
	c := &call{api: api, version: version, action: action, id: id, via: viaWeb, authorID: r.Header.Get("X-Author-Id")}
	if action == "upload_file" && (api == "agent" || api == "customer") {
		up, e := readUpload(w, r)
		if e != nil {
			return nil, e
		}
		c.upload = up
	} else {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, lerr(livechat.TypeEntityTooLarge, "Request body is larger than %d bytes", s.cfg.MaxBodyBytes)
			}
			return nil, validation("Cannot read the request body")
		}
		c.payload = body
	}
	return c, nil
}

// apiVersion takes the API version from the path's first segment
// ("/v3.6/..."), else the X-API-Version header, else the default, and
// returns the path's segments after it.
func apiVersion(r *http.Request, parts []string) (string, []string) {
	if len(parts) > 0 && strings.HasPrefix(parts[0], "v") && len(parts[0]) > 1 && parts[0][1] >= '0' && parts[0][1] <= '9' {
		return strings.TrimPrefix(parts[0], "v"), parts[1:]
	}
	if h := r.Header.Get("X-API-Version"); h != "" {
		return strings.TrimPrefix(strings.TrimSpace(h), "v"), parts
	}
	return string(livechat.DefaultAPIVersion), parts
}

// invalidQuery reports the first query parameter (name or value) that
// is not valid UTF-8, so that nothing undecodable reaches an action.
func invalidQuery(r *http.Request) (string, bool) {
	if r.URL.RawQuery == "" {
		return "", true
	}
	return invalidUTF8Field(r.URL.Query()) // oauthform.go
}

const maxUpload = 10 << 20

func readUpload(w http.ResponseWriter, r *http.Request) (*upload, *livechat.Error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, lerr(livechat.TypeEntityTooLarge, "")
		}
		return nil, validation("upload_file needs a multipart/form-data body with a file field")
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, validation("upload_file needs a multipart/form-data body with a file field")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil {
		return nil, validation("Cannot read the file")
	}
	if len(data) > maxUpload {
		return nil, lerr(livechat.TypeEntityTooLarge, "")
	}
	return &upload{name: hdr.Filename, contentType: hdr.Header.Get("Content-Type"), data: data}, nil
}

// serveFile serves an uploaded file: /files/<license>/<id>/<name>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, parts []string) {
	if len(parts) < 3 || r.Method != http.MethodGet {
		writeError(w, lerr(livechat.TypeNotFound, ""), "")
		return
	}
	var name, ct string
	var data []byte
	s.mu.Lock()
	err := s.db.SQL().QueryRowContext(r.Context(), `SELECT name, content_type, data FROM files WHERE id = ?`, parts[2]).Scan(&name, &ct, &data)
	s.mu.Unlock()
	if err != nil {
		writeError(w, lerr(livechat.TypeNotFound, "File not found"), "")
		return
	}
	setFileHeaders(w.Header(), name, ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// inlineTypes are the uploaded types served inline: raster images a chat
// shows. Anything else (HTML, SVG, scripts…) is served as an
// application/octet-stream attachment, so an upload never runs on the
// emulator's origin.
var inlineTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true}

// setFileHeaders sets the headers of an uploaded file: a safe type, an
// attachment disposition unless inline-safe, nosniff and a CSP that
// allows nothing (sandboxed).
func setFileHeaders(h http.Header, name, ct string) {
	mt, _, _ := mime.ParseMediaType(ct)
	disp := "inline"
	if !inlineTypes[mt] {
		mt, disp = "application/octet-stream", "attachment"
	}
	h.Set("Content-Type", mt)
	if d := mime.FormatMediaType(disp, map[string]string{"filename": name}); d != "" {
		h.Set("Content-Disposition", d)
	} else {
		h.Set("Content-Disposition", disp)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
}

// Do runs one action as the holder of authorization (an Authorization
// header value such as "Bearer dal:…") through the same dispatcher as
// the Web and RTM front ends, and returns the JSON response. api is
// "agent" or "customer"; version "" means 3.6.
func (s *Server) Do(ctx context.Context, authorization, api, version, action string, payload any) (json.RawMessage, error) {
	if version == "" {
		version = string(livechat.DefaultAPIVersion)
	}
	id, e := s.authenticate(ctx, authorization)
	if e != nil {
		return nil, e
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	if payload == nil {
		body = []byte("{}")
	}
	res, e := s.dispatch(ctx, &call{api: api, version: version, action: action, payload: body, id: id, via: viaGo})
	if e != nil {
		return nil, e
	}
	return json.Marshal(res)
}
