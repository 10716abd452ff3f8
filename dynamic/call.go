package dynamic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/livechat-go/livechat/internal/schema"

	"github.com/livechat-go/livechat"
)

// Call sends one operation and returns its answer as JSON.
//
// args are the operation's arguments: a map[string]any, a struct (encoded
// with encoding/json) or a json.RawMessage holding a JSON object; nil
// means none. They are validated against the operation's schema before
// anything is sent: a bad argument gives an *livechat.ArgumentError naming
// its JSON path (it matches livechat.ErrValidation). REST v2 arguments
// named like a path or query parameter of the operation go there, the
// others into the JSON body; the GET actions of the v3 APIs send theirs as
// query parameters.
//
// Header parameters are arguments too, under their name (in any case):
// "X-Author-Id" on the agent actions of API 3.5 and older acts as that bot
// with an agent token, and "X-API-Version" of REST v2 may be given (it
// must be "2"; the transport sends it anyway). They are sent as HTTP
// headers, never in the body. A header the operation does not declare but
// another one of the description does (X-Author-Id in API 3.6) is refused,
// as is one with control characters or one on a call that would go over
// RTM (WithRTM): the RTM connection cannot carry headers.
//
// The v3 APIs go through the Web transport of package transport/web
// (credentials on every call, retries only where safe), or through the
// RTM connection given to WithRTM for the actions that exist there; REST
// v2 through package restv2's client. An error answered by the platform is
// a *livechat.Error.
//
// upload_file (Operation.MediaType "multipart/form-data") takes its
// content as args["file"], a File; it goes through the Web transport's
// Upload (the 10 MB limit is checked before anything is sent).
//
// The accounts API (the OAuth server) takes a form body where the
// description gives only application/x-www-form-urlencoded (exchange_token);
// its OAuth errors ({"error": "invalid_client", "error_description": …})
// become a *livechat.Error with that code as Type and the description as
// Message. A redirect (authorize with a redirect_uri) is not followed but
// answered as {"status": 302, "location": "<URL>"}. The client's
// credentials are sent as Authorization, except Basic ones (a PAT) on the
// operations open to anonymous callers, where they would pass for the
// OAuth client's id and secret.
func (c *Client) Call(ctx context.Context, api, action string, args any) (json.RawMessage, error) {
	if c == nil || c.desc == nil {
		return nil, errNilClient
	}
	if ctx == nil {
		return nil, livechat.Required("context")
	}
	o, err := c.Operation(api, action)
	if err != nil {
		return nil, err
	}
	req, err := o.prepare(args)
	if err != nil {
		return nil, err
	}
	return c.send(ctx, o, req)
}

// Validate checks args against the operation's schema exactly as Call
// does before sending, and sends nothing: nil, or the same
// *livechat.ArgumentError Call would return.
func (o *Operation) Validate(args any) error {
	if o == nil {
		return livechat.Required("operation")
	}
	_, err := o.prepare(args)
	return err
}

// request is a validated call: the JSON body and the parameters.
type request struct {
	body   json.RawMessage // nil: no body
	path   map[string]string
	query  url.Values
	header http.Header    // header parameters (X-Author-Id, …); nil: none
	upload *File          // the file of a multipart operation
	values map[string]any // the decoded arguments (paging rewrites them)
}

// encodeArgs turns args into the JSON text of an object.
func encodeArgs(args any) (json.RawMessage, error) {
	switch a := args.(type) {
	case nil:
		return json.RawMessage("{}"), nil
	case json.RawMessage:
		if len(bytes.TrimSpace(a)) == 0 {
			return json.RawMessage("{}"), nil
		}
		return a, nil
	case []byte:
		if len(bytes.TrimSpace(a)) == 0 {
			return json.RawMessage("{}"), nil
		}
		return a, nil
	}
	b, err := json.Marshal(args)
	if err != nil {
		return nil, &livechat.ArgumentError{Field: "arguments", Problem: "cannot be encoded as JSON: " + err.Error()}
	}
	return b, nil
}

// prepare encodes, decodes and validates args and splits them into the
// body and the parameters.
func (o *Operation) prepare(args any) (*request, error) {
	if o.MediaType == mediaTypeMultipart {
		return o.prepareUpload(args)
	}
	if m, ok := args.(map[string]any); ok && nativeJSON(m, 0) {
		// Already JSON values: validated as they are, encoded once.
		return o.prepareValues(nil, m)
	}
	raw, err := encodeArgs(args)
	if err != nil {
		return nil, err
	}
	v, err := schema.Unmarshal(raw)
	if err != nil {
		return nil, &livechat.ArgumentError{Field: "arguments", Problem: "are not valid JSON: " + err.Error()}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &livechat.ArgumentError{Field: "arguments", Problem: "must be a JSON object"}
	}
	return o.prepareValues(raw, m)
}

// maxNativeDepth bounds nativeJSON's walk.
const maxNativeDepth = 64

// nativeJSON reports whether v holds only the values the validator takes
// as JSON (strings, finite numbers, booleans, nil, []any, map[string]any),
// so that it needs no encode/decode round trip before validation.
func nativeJSON(v any, depth int) bool {
	if depth > maxNativeDepth {
		return false
	}
	switch x := v.(type) {
	case nil, bool, string, json.Number, int, int64, int32:
		return true
	case float64:
		return !math.IsNaN(x) && !math.IsInf(x, 0)
	case []any:
		for _, e := range x {
			if !nativeJSON(e, depth+1) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !nativeJSON(e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// prepareValues validates decoded arguments m (whose JSON text is raw,
// or nil to encode m).
func (o *Operation) prepareValues(raw json.RawMessage, m map[string]any) (*request, error) {
	if err := o.validators(); err != nil {
		return nil, err
	}
	r := &request{values: m}
	if len(o.params) == 0 {
		if err := o.refuseHeaders(m); err != nil {
			return nil, err
		}
		if o.body != nil {
			if err := o.body.Validate(m); err != nil {
				return nil, argumentError(err)
			}
		}
		if raw == nil {
			var err error
			if raw, err = json.Marshal(m); err != nil {
				return nil, &livechat.ArgumentError{Field: "arguments", Problem: err.Error()}
			}
		}
		r.body = raw
		return r, nil
	}
	params, body, err := o.split(m)
	if err != nil {
		return nil, err
	}
	if err := o.paramSch.Validate(params); err != nil {
		return nil, argumentError(err)
	}
	if o.hasBody {
		if err := o.body.Validate(body); err != nil {
			return nil, argumentError(err)
		}
		b, err := json.Marshal(body)
		if err != nil {
			return nil, &livechat.ArgumentError{Field: "arguments", Problem: err.Error()}
		}
		r.body = b
	}
	return r, r.setParams(o.params, params)
}

// split sorts the arguments into parameters (keyed by their declared
// names; header names match in any case) and body members. Without a
// body, every argument is taken as a parameter, so that the parameters'
// schema refuses the unknown ones.
func (o *Operation) split(m map[string]any) (params, body map[string]any, err error) {
	params = map[string]any{}
	body = map[string]any{}
	for k, v := range m {
		p := o.param(k)
		switch {
		case p != nil:
			if _, dup := params[p.name]; dup {
				return nil, nil, livechat.Invalid(p.name, "is given twice (header names ignore case)")
			}
			params[p.name] = v
		case containsFold(o.headers, k):
			return nil, nil, o.notAHeader(k)
		case o.hasBody:
			body[k] = v
		default:
			params[k] = v
		}
	}
	return params, body, nil
}

// setParams puts the validated parameters where they travel.
func (r *request) setParams(ps []param, params map[string]any) error {
	r.path = map[string]string{}
	r.query = url.Values{}
	for _, p := range ps {
		v, ok := params[p.name]
		if !ok {
			continue
		}
		switch {
		case p.in == inPath:
			r.path[p.name] = scalar(v)
		case p.in == inHeader:
			s := scalar(v)
			if !validHeaderValue(s) {
				return livechat.Invalid(p.name, "must not contain control characters (it is sent as an HTTP header)")
			}
			if r.header == nil {
				r.header = http.Header{}
			}
			r.header.Set(p.name, s)
		default:
			if l, ok := v.([]any); ok {
				for _, e := range l {
					r.query.Add(p.name, scalar(e))
				}
				continue
			}
			r.query.Set(p.name, scalar(v))
		}
	}
	return nil
}

// param returns the parameter of o named name (a header's name in any
// case), or nil.
func (o *Operation) param(name string) *param {
	for i, p := range o.params {
		if p.name == name || (p.in == inHeader && strings.EqualFold(p.name, name)) {
			return &o.params[i]
		}
	}
	return nil
}

// refuseHeaders refuses an argument named like a header parameter of the
// description that o does not declare (X-Author-Id on API 3.6), instead of
// sending it as a body member.
func (o *Operation) refuseHeaders(m map[string]any) error {
	if len(o.headers) == 0 {
		return nil
	}
	for k := range m {
		if containsFold(o.headers, k) && o.param(k) == nil {
			return o.notAHeader(k)
		}
	}
	return nil
}

func (o *Operation) notAHeader(name string) error {
	var own []string
	for _, p := range o.params {
		if p.in == inHeader {
			own = append(own, p.name)
		}
	}
	msg := fmt.Sprintf("is not a header parameter of %s.%s in API %s", o.API, o.Action, o.Version)
	if len(own) > 0 {
		msg += " (its headers: " + strings.Join(own, ", ") + ")"
	}
	return livechat.Invalid(name, msg)
}

// validHeaderValue reports whether s may be sent as a header value: no
// control characters other than a tab.
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// scalar renders a decoded JSON value as a parameter value: strings as
// they are, numbers and booleans in JSON form, the rest as JSON text.
func scalar(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case json.Number:
		return s.String()
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// expandPath fills the {name} placeholders of a REST v2 path.
func expandPath(tmpl string, values map[string]string) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		tmpl = strings.ReplaceAll(tmpl, "{"+k+"}", url.PathEscape(values[k]))
	}
	return tmpl
}

// send routes a validated request to its wire.
func (c *Client) send(ctx context.Context, o *Operation, r *request) (json.RawMessage, error) {
	var resp json.RawMessage
	ctx = withHeaders(ctx, r.header)
	switch {
	case isV3(o.API):
		if r.body == nil {
			r.body = json.RawMessage("{}")
		}
		if conn := c.rtm[o.API]; conn != nil && o.OnRTM() {
			for name := range r.header {
				return nil, livechat.Invalid(name, fmt.Sprintf("is an HTTP header of the Web API; the RTM connection cannot carry it: call %s.%s on a client without WithRTM", o.API, o.Action))
			}
			if err := conn.Call(ctx, o.Action, r.body, &resp); err != nil {
				return nil, err
			}
			return resp, nil
		}
		if !o.OnWeb() {
			return nil, errNoRTM(o)
		}
		t := c.web[o.API]
		if t == nil {
			return nil, c.webErr[o.API]
		}
		var err error
		switch {
		case r.upload != nil:
			err = t.Upload(ctx, o.Action, r.upload.Name, r.upload.Content, &resp)
		case o.methodIsGet():
			err = t.Get(ctx, o.Action, r.query, &resp)
		default:
			err = t.Call(ctx, o.Action, r.body, &resp)
		}
		if err != nil {
			return nil, err
		}
		return resp, nil
	case o.API == apiAccounts:
		return c.sendAccounts(ctx, o, r)
	case o.API == apiRESTv2:
		if c.v2Err != nil {
			return nil, c.v2Err
		}
		var body any
		if r.body != nil {
			body = r.body
		}
		if err := c.v2.Do(ctx, o.Method, expandPath(o.Path, r.path), r.query, body, &resp); err != nil {
			return nil, err
		}
		return resp, nil
	}
	return nil, fmt.Errorf("dynamic: %s.%s: no transport for the %q API", o.API, o.Action, o.API)
}
