package emulator

import (
	"net/http"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/api"
)

// serveOpenAPI answers GET /openapi.json: the project's OpenAPI 3.1
// description of every API the emulator serves (package api), with
// servers pointing at the address the client used. No authentication.
func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, lerr(livechat.TypeNotFound, "Method %s is not allowed on /openapi.json; use GET", r.Method), "")
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	b, err := api.WithServer(scheme + "://" + r.Host)
	if err != nil {
		writeError(w, lerr(livechat.TypeInternal, "The API description cannot be served: %v", err), "")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*") // Swagger UI / Redoc served from elsewhere
	w.Write(b)
}

// RequestValidator checks the payload of an action against a description
// of the API (Config.RequestValidator). An error names the bad member; a
// nil error lets the action run. *validate.Validator (package
// api/validate) implements it.
type RequestValidator interface {
	ValidateRequest(api, version, action string, payload []byte) error
}

// checkRequest runs the optional request validation of one call.
func (s *Server) checkRequest(c *call, payload []byte) *livechat.Error {
	v := s.cfg.RequestValidator
	if v == nil {
		return nil
	}
	if err := v.ValidateRequest(c.api, c.version, c.action, payload); err != nil {
		return validation("Request does not match the API description: %v", err)
	}
	return nil
}

// V2RequestValidator is a RequestValidator that also checks REST API v2
// requests (*validate.Validator is one): the query parameters and the
// body, as serveV2 decodes them (PHP-style names nested, form fields as
// text). An error names the bad member; it is answered as REST v2's
// error, HTTP 400 {"error": "<message>"} (protocol.md §6.1).
type V2RequestValidator interface {
	ValidateV2Request(method, path string, query, body map[string]any) error
}

// checkV2Request runs the optional request validation of one REST v2
// request (when Config.RequestValidator is a V2RequestValidator).
func (s *Server) checkV2Request(r *http.Request, query, body v2Params) *v2Error {
	v, ok := s.cfg.RequestValidator.(V2RequestValidator)
	if !ok {
		return nil
	}
	var b map[string]any
	if body != nil {
		b = body
	}
	if err := v.ValidateV2Request(r.Method, r.URL.Path, query, b); err != nil {
		return v2Bad("Request does not match the API description: %v", err)
	}
	return nil
}
