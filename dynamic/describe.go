package dynamic

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/internal/schema"
)

// The extensions of the description this package reads (see package api).
const (
	extAPI        = "x-livechat-api"
	extAction     = "x-livechat-action"
	extVersion    = "x-livechat-version"
	extTransports = "x-livechat-transports"
	extPagination = "x-livechat-pagination"
	extRTMActions = "x-livechat-rtm-actions"
	headerVersion = "X-API-Version"
	paramOrgID    = "organization_id"
	mediaTypeJSON = "application/json"
	transportWeb  = "web"
	transportRTM  = "rtm"
	apiRESTv2     = "restv2"
	apiAccounts   = "accounts"
	apiCustomer   = "customer"
	apiAgent      = "agent"
	apiConfig     = "configuration"
	versionRESTv2 = "2"
	inBody        = "body"
	inPath        = "path"
	inQuery       = "query"
	inHeader      = "header"
	mediaTypeForm = "application/x-www-form-urlencoded"
	// mediaTypeMultipart is the body of upload_file: see File.
	mediaTypeMultipart = "multipart/form-data"
	defaultVersion     = "3.6"
)

// Operation is one action of one API as the description states it.
type Operation struct {
	// API is the API it belongs to: "agent", "customer", "configuration",
	// "restv2" or "accounts".
	API string `json:"api"`
	// Action is the wire action name ("send_event"), or for REST v2 and
	// the accounts API a snake_case name ("list_agents").
	Action string `json:"action"`
	// Version is the API version ("3.6", "3.5", "3.4" or "2").
	Version string `json:"version"`
	// ID is the operationId ("agent.send_event", "agent.send_event.v3_5");
	// for RTM-only actions the key of x-livechat-rtm-actions.
	ID string `json:"id"`
	// Summary is a one-line description.
	Summary string `json:"summary,omitempty"`
	// Description is the longer text, when the description has one.
	Description string `json:"description,omitempty"`
	// Transports lists the wires the action exists on: "web", "rtm".
	Transports []string `json:"transports"`
	// Method and Path are the HTTP method and wire path (with {param}
	// placeholders for REST v2); both are empty for RTM-only actions.
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	// MediaType is the media type the request body is sent as:
	// "application/json", "application/x-www-form-urlencoded" (the
	// accounts server's exchange_token) or "multipart/form-data"
	// (upload_file, whose file argument is a File); "" without a body.
	MediaType string `json:"media_type,omitempty"`
	// Deprecated reports an operation marked deprecated.
	Deprecated bool `json:"deprecated,omitempty"`
	// Pagination is set on paged operations.
	Pagination *Pagination `json:"pagination,omitempty"`
	// Schema is the JSON Schema (2020-12, self-contained: referenced
	// components are under $defs) of the arguments object passed to Call:
	// the request body's members and, for REST v2 and GET actions, the
	// path and query parameters.
	Schema json.RawMessage `json:"schema"`
	// Fields lists the arguments, nested members dotted, for help texts
	// and completion.
	Fields []Field `json:"fields"`

	params  []param // arguments sent outside the body
	hasBody bool
	headers []string // the header parameters of the whole description
	// anonymous: the security requirements include {} (no credentials
	// needed), e.g. the accounts server's token exchange.
	anonymous bool

	// The validators are compiled once, on the operation's first call.
	once       sync.Once
	bodyDoc    map[string]any // bundled schema of the body arguments
	paramDoc   map[string]any // bundled schema of the parameter arguments
	body       *schema.Schema // validates the body arguments (nil: no body)
	paramSch   *schema.Schema // validates the parameter arguments (nil: none)
	compileErr error
}

// validators compiles the operation's schemas on first use.
func (o *Operation) validators() error {
	o.once.Do(func() {
		if o.paramDoc != nil {
			if o.paramSch, o.compileErr = compileArgs(o.ID+"/parameters", o.paramDoc); o.compileErr != nil {
				return
			}
		}
		if o.hasBody {
			o.body, o.compileErr = compileArgs(o.ID, o.bodyDoc)
		}
		o.bodyDoc, o.paramDoc = nil, nil
	})
	return o.compileErr
}

// Pagination names the members of a paged operation (the extension
// x-livechat-pagination).
type Pagination struct {
	// Items is the response member holding the items of a page.
	Items string `json:"items"`
	// PageID is the request argument that asks for a page.
	PageID string `json:"page_id"`
	// NextPageID is the response member holding the next page's id.
	NextPageID string `json:"next_page_id,omitempty"`
	// Page and Pages are set instead for numbered pages (REST v2): the
	// argument with the page number (from 1) and the response member
	// with the number of pages.
	Page  string `json:"page,omitempty"`
	Pages string `json:"pages,omitempty"`
}

// param is a path, query or header parameter of an operation.
type param struct {
	name, in string
	required bool
}

// reservedHeaders are the header parameters OpenAPI says to ignore: the
// transports set them.
var reservedHeaders = []string{"Accept", "Content-Type", "Authorization"}

// transportHeaders are header parameters the transports send themselves:
// a caller may give them (they are validated) but need not.
var transportHeaders = []string{headerVersion}

// OnWeb reports whether the operation exists over the Web API.
func (o *Operation) OnWeb() bool { return slices.Contains(o.Transports, transportWeb) }

// OnRTM reports whether the operation exists over RTM.
func (o *Operation) OnRTM() bool { return slices.Contains(o.Transports, transportRTM) }

// description is a loaded and indexed API description.
type description struct {
	ops     []*Operation // every operation, sorted by API, action, version
	headers []string     // the header parameters of any operation (canonical names)
}

// httpMethods are the operation members of an OpenAPI path item.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// parseDescription indexes an OpenAPI 3.1 document. With check, the
// document is first validated the standard way (package api's Validate:
// the OpenAPI 3.1 schema and the structural checks); the embedded
// description skips that step at run time because package api's tests
// validate it.
func parseDescription(_ context.Context, data []byte, check bool) (*description, error) {
	if check {
		if err := api.Validate(data); err != nil {
			return nil, fmt.Errorf("dynamic: %w", err)
		}
	}
	raw, err := schema.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("dynamic: decode the API description: %w", err)
	}
	d := &description{}
	paths, _ := raw["paths"].(map[string]any)
	for path, item := range paths {
		for _, method := range httpMethods {
			op, ok := schema.Child(item, method).(map[string]any)
			if !ok {
				continue
			}
			o, err := httpOperation(raw, path, strings.ToUpper(method), op)
			if err != nil {
				return nil, err
			}
			if o != nil {
				d.ops = append(d.ops, o)
				for _, p := range o.params {
					if p.in == inHeader && !containsFold(d.headers, p.name) {
						d.headers = append(d.headers, p.name)
					}
				}
			}
		}
	}
	rtmOps, err := rtmOperations(raw)
	if err != nil {
		return nil, err
	}
	d.ops = append(d.ops, rtmOps...)
	sort.Slice(d.ops, func(i, j int) bool {
		a, b := d.ops[i], d.ops[j]
		if a.API != b.API {
			return a.API < b.API
		}
		if a.Action != b.Action {
			return a.Action < b.Action
		}
		return a.Version > b.Version
	})
	if len(d.ops) == 0 {
		return nil, fmt.Errorf("dynamic: the API description has no operation marked with %s", extAPI)
	}
	for _, o := range d.ops {
		o.headers = d.headers
	}
	return d, nil
}

func extString(ext map[string]any, key string) string {
	s, _ := ext[key].(string)
	return s
}

func extStrings(v any) []string {
	var out []string
	for _, e := range asList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// httpOperation indexes one operation of the paths, or returns nil when it
// carries no x-livechat-api (it is not one of ours).
func httpOperation(raw schema.Doc, path, method string, op map[string]any) (*Operation, error) {
	api := extString(op, extAPI)
	if api == "" {
		return nil, nil
	}
	o := &Operation{
		API: api, Action: extString(op, extAction), Version: extString(op, extVersion),
		ID: extString(op, "operationId"), Summary: extString(op, "summary"), Description: extString(op, "description"),
		Transports: extStrings(op[extTransports]), Method: method, Path: path,
	}
	o.Deprecated, _ = op["deprecated"].(bool)
	security, ok := op["security"]
	if !ok {
		security = raw["security"]
	}
	for _, s := range asList(security) {
		if m, ok := s.(map[string]any); ok && len(m) == 0 {
			o.anonymous = true
		}
	}
	if o.Action == "" {
		return nil, fmt.Errorf("dynamic: operation %s %s has %s but no %s", method, path, extAPI, extAction)
	}
	if len(o.Transports) == 0 {
		o.Transports = []string{transportWeb}
	}
	if p, ok := op[extPagination].(map[string]any); ok {
		o.Pagination = &Pagination{Items: extString(p, "items"), PageID: extString(p, "page_id"), NextPageID: extString(p, "next_page_id"),
			Page: extString(p, "page"), Pages: extString(p, "pages")}
		if o.Pagination.Pages != "" && o.Pagination.Page == "" {
			o.Pagination.Page = "page"
		}
		if o.Pagination.Pages != "" {
			o.Pagination.PageID, o.Pagination.NextPageID = "", ""
		} else if o.Pagination.PageID == "" {
			o.Pagination.PageID = "page_id"
		}
		if o.Pagination.NextPageID == "" {
			o.Pagination.NextPageID = "next_page_id"
		}
	}
	rawOp := op
	var body map[string]any
	if rb := raw.Resolve(schema.Child(rawOp, "requestBody")); rb != nil {
		// JSON when offered, else a form (the accounts server's POST
		// /v2/token), else multipart (upload_file)
		for _, mt := range []string{mediaTypeJSON, mediaTypeForm, mediaTypeMultipart} {
			if s := schema.Child(schema.Child(schema.Child(rb, "content"), mt), "schema"); s != nil {
				body = raw.Bundle(s)
				o.hasBody, o.MediaType = true, mt
				break
			}
		}
	}
	params := map[string]any{}
	var required []any
	rawParams := append(asList(schema.Child(schema.Child(schema.Child(map[string]any(raw), "paths"), path), "parameters")), asList(schema.Child(rawOp, "parameters"))...)
	for _, rp := range rawParams {
		p := raw.Resolve(rp)
		name, _ := schema.Child(p, "name").(string)
		in, _ := schema.Child(p, "in").(string)
		if name == "" || (in != inPath && in != inQuery && in != inHeader) {
			continue // cookies
		}
		if in == inQuery && name == paramOrgID && api == apiCustomer {
			continue // livechat.WithOrganizationID supplies it
		}
		req, _ := schema.Child(p, "required").(bool)
		req = req || in == inPath
		if in == inHeader {
			if containsFold(reservedHeaders, name) {
				continue
			}
			req = req && !containsFold(transportHeaders, name)
		}
		o.params = slices.DeleteFunc(o.params, func(q param) bool { return q.name == name })
		o.params = append(o.params, param{name: name, in: in, required: req})
		params[name] = paramSchema(p)
		if req {
			required = append(required, name)
		}
	}
	var pschema map[string]any
	if len(o.params) > 0 {
		obj := map[string]any{"type": "object", "properties": params}
		if len(required) > 0 {
			obj["required"] = required
		}
		if !o.hasBody {
			obj["additionalProperties"] = false
		}
		pschema = raw.Bundle(obj)
	}
	if err := o.compile(body, pschema); err != nil {
		return nil, err
	}
	return o, nil
}

// paramSchema is the schema of a parameter, with the parameter's
// description when its schema has none (for help texts).
func paramSchema(p any) any {
	ps, ok := schema.Child(p, "schema").(map[string]any)
	if !ok {
		ps = map[string]any{}
	}
	desc, _ := schema.Child(p, "description").(string)
	if _, has := ps["description"]; desc == "" || has {
		return ps
	}
	out := make(map[string]any, len(ps)+1)
	for k, v := range ps {
		out[k] = v
	}
	out["description"] = desc
	return out
}

// compile builds the argument schema; the validators are compiled on
// first use (validators).
func (o *Operation) compile(body, pschema map[string]any) error {
	var err error
	schema := body
	o.bodyDoc, o.paramDoc = body, pschema
	if pschema != nil {
		schema = mergeForDisplay(pschema, body)
	}
	if schema == nil {
		schema = map[string]any{"type": "object", "additionalProperties": false}
	}
	if o.Schema, err = json.Marshal(schema); err != nil {
		return err
	}
	o.Fields = fields(schema, inBody)
	for i, f := range o.Fields {
		for _, p := range o.params {
			if f.Name == p.name {
				o.Fields[i].In = p.in
				if p.in == inHeader && containsFold(transportHeaders, p.name) {
					o.Fields[i].Description = strings.TrimSpace(f.Description + " Optional: the client sends it.")
				}
			}
		}
	}
	return nil
}

// mergeForDisplay is the arguments schema of an operation with
// parameters: the parameters and the body's top-level members side by side.
func mergeForDisplay(params, body map[string]any) map[string]any {
	if body == nil {
		return params
	}
	props := map[string]any{}
	for k, v := range params["properties"].(map[string]any) {
		props[k] = v
	}
	defs, _ := body["$defs"].(map[string]any)
	bp, breq := properties(body, defs, nil)
	for k, v := range bp {
		props[k] = v
	}
	var req []any
	req = append(req, asList(params["required"])...)
	for k := range breq {
		req = append(req, k)
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(req) > 0 {
		out["required"] = req
	}
	if defs != nil {
		out["$defs"] = defs
	}
	return out
}

// rtmOperations indexes the RTM-only actions of x-livechat-rtm-actions.
func rtmOperations(raw schema.Doc) ([]*Operation, error) {
	m, _ := raw[extRTMActions].(map[string]any)
	var out []*Operation
	for key, v := range m {
		api, action, ok := strings.Cut(key, ".")
		if !ok || api == "" || action == "" {
			return nil, fmt.Errorf("dynamic: %s: key %q is not <api>.<action>", extRTMActions, key)
		}
		versions := extStrings(schema.Child(v, "versions"))
		if len(versions) == 0 {
			versions = []string{defaultVersion}
		}
		for _, ver := range versions {
			o := &Operation{API: api, Action: action, Version: ver, ID: key, Transports: []string{transportRTM}}
			o.Summary, _ = schema.Child(v, "summary").(string)
			o.Description, _ = schema.Child(v, "description").(string)
			var body map[string]any
			if s := schema.Child(v, "request"); s != nil {
				body = raw.Bundle(s)
			} else {
				body = map[string]any{"type": "object"}
			}
			o.hasBody, o.MediaType = true, mediaTypeJSON
			if err := o.compile(body, nil); err != nil {
				return nil, err
			}
			out = append(out, o)
		}
	}
	return out, nil
}

// containsFold reports whether list holds name, ignoring case (header
// names are case-insensitive).
func containsFold(list []string, name string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, name) })
}

// isV3 reports whether api is one of the versioned v3 APIs.
func isV3(api string) bool { return api == apiAgent || api == apiCustomer || api == apiConfig }

// methodIsGet reports whether o is sent as an HTTP GET.
func (o *Operation) methodIsGet() bool { return o.Method == http.MethodGet }
