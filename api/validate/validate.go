// Package validate checks JSON payloads against the schemas of the
// project's OpenAPI description (package api): the request and response
// of every operation, the RTM-only actions, pushes and webhook payloads.
//
// Schemas are compiled once, on first use, by the project's one schema
// compiler (internal/schema, shared with package dynamic: JSON Schema
// 2020-12 with github.com/santhosh-tekuri/jsonschema, the validator
// kin-openapi uses for OpenAPI 3.1; a oneOf with a discriminator is
// checked against the matching branch only) and cached, so a check costs
// a JSON decode and a walk of the value. A failure is an *Error naming the JSON path of the bad
// member, e.g. "/event/text: is required".
//
// The emulator uses it for its optional request validation
// (emulator.Config.RequestValidator); the drift tests use it to hold the
// SDK and the emulator to the description.
package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/internal/schema"
)

// ErrNoOperation reports that the description has no such operation (or
// no such action in that API version).
var ErrNoOperation = errors.New("validate: no such operation in the API description")

// Error is a payload that does not match its schema.
type Error struct {
	// Path is the JSON pointer of the bad member ("" for the payload
	// itself), e.g. "/event/text".
	Path string
	// Reason says what is wrong with it, e.g. "is required".
	Reason string
	// In says which part of a REST API v2 request is bad: "query" or
	// "body" ("" for a v3 payload).
	In string
}

// Error implements error: "<path>: <reason>", or for a REST v2 request
// "<in> <path>: <reason>" (e.g. "query /page: must be integer, got string").
func (e *Error) Error() string {
	p := e.Path
	if p == "" {
		p = "(payload)"
	}
	if e.In != "" {
		p = e.In + " " + p
	}
	return p + ": " + e.Reason
}

// Validator holds the description and its compiled schemas. It is safe
// for concurrent use.
type Validator struct {
	doc    schema.Doc
	ops    map[string]opInfo // operationId → schema locations
	byWire map[string]string // "api/version/action" → operationId
	rtm    map[string]rtmInfo
	// pushes and webhooks: name → schema, APIs (pushes), versions.
	pushes   map[string]pushInfo
	webhooks map[string]pushInfo

	mu       sync.Mutex
	compiled map[string]*schema.Schema
}

type opInfo struct {
	request, response string // schema $refs ("" when none)
	method, path      string
}

type rtmInfo struct {
	versions          []string
	request, response string
}

var (
	defaultOnce sync.Once
	defaultV    *Validator
	defaultErr  error
)

// Default returns a Validator of the embedded description, built once.
func Default() (*Validator, error) {
	defaultOnce.Do(func() { defaultV, defaultErr = New(api.JSON()) })
	return defaultV, defaultErr
}

// New builds a Validator of an OpenAPI document (api.JSON() for the
// project's own).
func New(document []byte) (*Validator, error) {
	doc, err := schema.Decode(document)
	if err != nil {
		return nil, fmt.Errorf("validate: decode the document: %w", err)
	}
	v := &Validator{doc: doc, ops: map[string]opInfo{}, byWire: map[string]string{}, rtm: map[string]rtmInfo{},
		pushes: map[string]pushInfo{}, webhooks: map[string]pushInfo{}, compiled: map[string]*schema.Schema{}}
	v.index()
	v.indexPushes()
	return v, nil
}

func (v *Validator) index() {
	paths, _ := v.doc["paths"].(map[string]any)
	for path, item := range paths {
		item, _ := item.(map[string]any)
		for method, op := range item {
			op, ok := op.(map[string]any)
			if !ok || method == "servers" || method == "parameters" {
				continue
			}
			id, _ := op["operationId"].(string)
			info := opInfo{method: method, path: path, request: v.requestRef(op), response: v.responseRef(op)}
			apiName, _ := op["x-livechat-api"].(string)
			action, _ := op["x-livechat-action"].(string)
			ver, _ := op["x-livechat-version"].(string)
			if info.request == "" && method == "get" && apiName != "restv2" && apiName != "accounts" {
				// GET actions: their query parameters as one object.
				info.request = v.getRequestRef(apiName, action, ver)
			}
			v.ops[id] = info
			v.byWire[apiName+"/"+ver+"/"+action] = id
		}
	}
	rtm, _ := v.doc["x-livechat-rtm-actions"].(map[string]any)
	for key, a := range rtm {
		a, _ := a.(map[string]any)
		var info rtmInfo
		for _, x := range schema.List(a["versions"]) {
			s, _ := x.(string)
			info.versions = append(info.versions, s)
		}
		info.request = refOf(a["request"])
		info.response = refOf(a["response"])
		v.rtm[key] = info
	}
}

func (v *Validator) getRequestRef(apiName, action, ver string) string {
	schemas := v.component("schemas")
	for _, name := range []string{
		apiName + "." + action + ".v" + strings.ReplaceAll(ver, ".", "_") + ".Request",
		apiName + "." + action + ".Request",
	} {
		if _, ok := schemas[name]; ok {
			return "#/components/schemas/" + name
		}
	}
	return ""
}

func (v *Validator) component(kind string) map[string]any {
	comps, _ := v.doc["components"].(map[string]any)
	m, _ := comps[kind].(map[string]any)
	return m
}

// requestRef follows an operation's requestBody to the schema of its
// JSON (or multipart) content.
func (v *Validator) requestRef(op map[string]any) string {
	body, _ := op["requestBody"].(map[string]any)
	if r := refOf(body); r != "" {
		body, _ = v.component("requestBodies")[strings.TrimPrefix(r, "#/components/requestBodies/")].(map[string]any)
	}
	return contentRef(body)
}

func (v *Validator) responseRef(op map[string]any) string {
	resps, _ := op["responses"].(map[string]any)
	ok, _ := resps["200"].(map[string]any)
	if r := refOf(ok); r != "" {
		ok, _ = v.component("responses")[strings.TrimPrefix(r, "#/components/responses/")].(map[string]any)
	}
	return contentRef(ok)
}

func contentRef(m map[string]any) string {
	content, _ := m["content"].(map[string]any)
	for _, mt := range []string{"application/json", "multipart/form-data"} {
		media, _ := content[mt].(map[string]any)
		if media == nil {
			continue
		}
		if r := refOf(media["schema"]); r != "" {
			return r
		}
		if media["schema"] != nil {
			return "" // an inline schema: not addressable by reference here
		}
	}
	return ""
}

func refOf(x any) string {
	m, _ := x.(map[string]any)
	r, _ := m["$ref"].(string)
	return r
}

// OperationID returns the operationId of a v3 action in a version
// ("agent", "3.6", "send_event" → "agent.send_event"), or "" when the
// description has no such Web API operation.
func (v *Validator) OperationID(apiName, version, action string) string {
	return v.byWire[apiName+"/"+version+"/"+action]
}

// HasRTMAction reports whether apiName.action is an RTM-only action of
// the version.
func (v *Validator) HasRTMAction(apiName, version, action string) bool {
	a, ok := v.rtm[apiName+"."+action]
	return ok && slices.Contains(a.versions, version)
}

// Request checks the payload of a v3 action (Web or RTM) in a version.
// It returns ErrNoOperation when the description has no such action.
func (v *Validator) Request(apiName, version, action string, payload []byte) error {
	ref, err := v.actionRef(apiName, version, action, true)
	if err != nil {
		return err
	}
	return v.check(ref, payload)
}

// Response checks the answer of a v3 action in a version.
func (v *Validator) Response(apiName, version, action string, payload []byte) error {
	ref, err := v.actionRef(apiName, version, action, false)
	if err != nil {
		return err
	}
	return v.check(ref, payload)
}

func (v *Validator) actionRef(apiName, version, action string, request bool) (string, error) {
	if id := v.OperationID(apiName, version, action); id != "" {
		info := v.ops[id]
		if request {
			return info.request, nil
		}
		return info.response, nil
	}
	if a, ok := v.rtm[apiName+"."+action]; ok && slices.Contains(a.versions, version) {
		if request {
			return a.request, nil
		}
		return a.response, nil
	}
	return "", fmt.Errorf("%w: %s.%s in API %s", ErrNoOperation, apiName, action, version)
}

// OperationRequest checks a request body against the operation with the
// given operationId (any API, REST v2 and accounts included).
func (v *Validator) OperationRequest(operationID string, body []byte) error {
	info, ok := v.ops[operationID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoOperation, operationID)
	}
	return v.check(info.request, body)
}

// OperationResponse checks a 200 answer against the operation with the
// given operationId.
func (v *Validator) OperationResponse(operationID string, body []byte) error {
	info, ok := v.ops[operationID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoOperation, operationID)
	}
	return v.check(info.response, body)
}

// Schema checks a payload against a component schema by name, e.g.
// "Event", "push.incoming_event", "webhook.incoming_chat".
func (v *Validator) Schema(name string, payload []byte) error {
	if _, ok := v.component("schemas")[name]; !ok {
		return fmt.Errorf("%w: no component schema %q", ErrNoOperation, name)
	}
	return v.check("#/components/schemas/"+name, payload)
}

// Operations lists every operationId with its method and path.
func (v *Validator) Operations() map[string][2]string {
	out := make(map[string][2]string, len(v.ops))
	for id, info := range v.ops {
		out[id] = [2]string{strings.ToUpper(info.method), info.path}
	}
	return out
}

func (v *Validator) check(ref string, payload []byte) error {
	if ref == "" {
		return nil // nothing described (no body, or not JSON)
	}
	sch, err := v.schema(ref)
	if err != nil {
		return err
	}
	inst, err := schema.Unmarshal(payload)
	if err != nil {
		return &Error{Reason: "not valid JSON: " + err.Error()}
	}
	return asError(sch.Validate(inst))
}

// asError turns a failure of the schema compiler's validation into an
// *Error.
func asError(err error) error {
	var se *schema.Error
	if errors.As(err, &se) {
		return &Error{Path: se.Pointer(), Reason: se.Reason}
	}
	return err
}

// schema returns the compiled schema of a reference of the document
// ("#/components/schemas/X"), compiling it (bundled with the component
// schemas it uses) on first use.
func (v *Validator) schema(ref string) (*schema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.compiled[ref]; ok {
		return s, nil
	}
	if v.doc.Pointer(ref) == nil {
		return nil, fmt.Errorf("validate: %s is not in the document", ref)
	}
	s, err := schema.Compile(ref, v.doc.Bundle(map[string]any{"$ref": ref}))
	if err != nil {
		return nil, fmt.Errorf("validate: compile %s: %w", ref, err)
	}
	v.compiled[ref] = s
	return s, nil
}

// Find returns the operationId of the operation serving method and path
// (a concrete path such as /agents/a@b.c, matched against the templates;
// the query is ignored), or "".
func (v *Validator) Find(method, path string) string {
	method = strings.ToLower(method)
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for id, info := range v.ops {
		if info.method != method {
			continue
		}
		tmpl := strings.Split(strings.Trim(info.path, "/"), "/")
		if len(tmpl) != len(segs) {
			continue
		}
		match := true
		for i := range tmpl {
			if tmpl[i] != segs[i] && (!strings.HasPrefix(tmpl[i], "{") || segs[i] == "") {
				match = false
				break
			}
		}
		if match {
			return id
		}
	}
	return ""
}

// ErrorSchema names the component schema of an operation's error answers:
// "restv2.Error" for REST API v2, "" for the accounts server, "Error"
// otherwise.
func ErrorSchema(operationID string) string {
	switch {
	case strings.HasPrefix(operationID, "restv2."):
		return "restv2.Error"
	case strings.HasPrefix(operationID, "accounts."):
		return ""
	}
	return "Error"
}

// ValidateRequest implements emulator.RequestValidator: Request, except
// that an action the description does not know passes (the emulator
// answers unknown actions itself).
func (v *Validator) ValidateRequest(apiName, version, action string, payload []byte) error {
	err := v.Request(apiName, version, action, payload)
	if errors.Is(err, ErrNoOperation) {
		return nil
	}
	return err
}
