package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// DefaultVersion is the API version whose operations carry the plain
// operationId <api>.<action>; other versions get a .v3_5-style suffix.
const DefaultVersion = "3.6"

// v3 versions, oldest first.
var (
	all3     = []string{"3.4", "3.5", "3.6"}
	from35   = []string{"3.5", "3.6"}
	only36   = []string{"3.6"}
	upTo35   = []string{"3.4", "3.5"}
	only34   = []string{"3.4"}
	webRTM   = []string{"web", "rtm"}
	webOnlyT = []string{"web"}
)

// op is one action of the Agent Chat, Customer Chat or Configuration API
// served over the Web API (and maybe RTM).
type op struct {
	api, action   string
	summary, desc string
	versions      []string // default all3
	rtm           bool     // also an RTM action
	get           bool     // served as GET with query parameters
	multipart     bool     // multipart/form-data body (upload_file)
	paged         string   // response member holding the items of a paged list
	req, resp     Schema
	// reqFor / respFor override the request / response of one version.
	reqFor, respFor map[string]Schema
}

// rtmAction is an action that exists over RTM only.
type rtmAction struct {
	api, action   string
	summary, desc string
	versions      []string
	req, resp     Schema
}

// restOp is one REST API v2 operation.
type restOp struct {
	method, path  string // path in OpenAPI form: /agents/{login}
	action        string // snake_case verb_resource name
	summary, desc string
	query         []param
	body          Schema
	resp          Schema
	paged         map[string]any
}

// param is a query parameter.
type param struct {
	name string
	s    Schema
	req  bool
	desc string
}

// accountsOp is one operation of the accounts (OAuth) server.
type accountsOp struct {
	method, path, action string
	summary, desc        string
	query                []param
	form                 Schema // application/x-www-form-urlencoded body
	json                 Schema
	resp                 Schema
	security             []map[string][]string
	noJSONResponse       bool // a redirect, not JSON
}

// Build assembles the document and returns it as indented JSON.
func Build() ([]byte, error) {
	doc, err := document()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// opID is the operationId of an action in a version.
func opID(api, action, version string) string {
	if version == DefaultVersion || version == "2" || version == "" {
		return api + "." + action
	}
	return api + "." + action + ".v" + strings.ReplaceAll(version, ".", "_")
}

// compName is the component schema name of an action's request or response.
func compName(api, action, version, kind string) string {
	if version == "" {
		return api + "." + action + "." + kind
	}
	return api + "." + action + ".v" + strings.ReplaceAll(version, ".", "_") + "." + kind
}

func document() (map[string]any, error) {
	schemas := map[string]any{}
	for k, v := range sharedSchemas() {
		schemas[k] = v
	}
	paths := map[string]any{}
	bodies := map[string]any{}
	responses := map[string]any{
		"Error": map[string]any{
			"description": "The documented error envelope: {\"error\": {\"type\", \"message\", \"data\"?}}.",
			"content":     jsonContent(ref("Error")),
		},
		"V2Error": map[string]any{
			"description": "A REST API v2 error: {\"error\": \"<message>\"} (400, 401, 403, 404, 405, 500).",
			"content":     jsonContent(ref("restv2.Error")),
		},
	}
	ops := allOps()
	seen := map[string]bool{}
	for _, o := range ops {
		if seen[o.api+"."+o.action] {
			return nil, fmt.Errorf("spec: %s.%s listed twice", o.api, o.action)
		}
		seen[o.api+"."+o.action] = true
		if err := addOp(paths, schemas, bodies, responses, o); err != nil {
			return nil, err
		}
	}
	rtmActs := map[string]any{}
	for _, a := range allRTMActions() {
		key := a.api + "." + a.action
		if seen[key] {
			return nil, fmt.Errorf("spec: %s is both a Web and an RTM-only action", key)
		}
		seen[key] = true
		schemas[compName(a.api, a.action, "", "Request")] = a.req
		schemas[compName(a.api, a.action, "", "Response")] = a.resp
		rtmActs[key] = map[string]any{
			"summary":     a.summary,
			"description": a.desc,
			"versions":    a.versions,
			"request":     ref(compName(a.api, a.action, "", "Request")),
			"response":    ref(compName(a.api, a.action, "", "Response")),
		}
	}
	for _, r := range restOps() {
		if err := addRestOp(paths, schemas, r); err != nil {
			return nil, err
		}
	}
	for _, a := range accountsOps() {
		addAccountsOp(paths, a)
	}
	pushes, pushSchemas := allPushes()
	for k, v := range pushSchemas {
		schemas[k] = v
	}
	hooks, hookSchemas := allWebhooks()
	for k, v := range hookSchemas {
		schemas[k] = v
	}
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": map[string]any{
			"title":   "LiveChat platform APIs (livechat-go)",
			"version": "1.0.0",
			"summary": "Agent Chat, Customer Chat and Configuration APIs 3.4–3.6, REST API v2 and the accounts (OAuth) server.",
			"description": "The machine-readable description the livechat-go project owns: every action of the " +
				"Agent Chat, Customer Chat and Configuration APIs that the SDK and the local emulator implement, " +
				"at its wire path, the legacy REST API v2, the accounts server's OAuth endpoints, the RTM-only " +
				"actions (x-livechat-rtm-actions), the RTM pushes (x-livechat-pushes) and the webhook payloads " +
				"(webhooks). Written from the platform's public documentation; LiveChat publishes no such file. " +
				"Unknown members are allowed everywhere: the platform adds fields.",
			"license": map[string]any{"name": "MIT", "identifier": "MIT"},
		},
		"servers": []any{map[string]any{
			"url":         "https://api.livechatinc.com",
			"description": "The LiveChat platform (the local emulator serves this document with its own address).",
		}},
		"tags": []any{
			map[string]any{"name": "agent", "description": "Agent Chat API (Web; most actions also over RTM)."},
			map[string]any{"name": "customer", "description": "Customer Chat API (Web; most actions also over RTM). Every call carries organization_id."},
			map[string]any{"name": "configuration", "description": "Configuration API."},
			map[string]any{"name": "restv2", "description": "Legacy REST API v2 (deprecated by the platform): X-API-Version: 2."},
			map[string]any{"name": "accounts", "description": "Accounts server: OAuth 2.1 authorization, tokens, customer tokens."},
		},
		"security":               securityFor("agent"),
		"paths":                  paths,
		"webhooks":               hooks,
		"x-livechat-rtm-actions": rtmActs,
		"x-livechat-pushes":      pushes,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": securitySchemes(),
			"parameters":      parameters(),
			"responses":       responses,
			"requestBodies":   bodies,
		},
	}, nil
}

func jsonContent(s Schema) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": s}}
}

func securitySchemes() map[string]any {
	return map[string]any{
		"bearer": map[string]any{
			"type": "http", "scheme": "bearer",
			"description": "An agent or bot OAuth access token (\"dal:…\"/\"fra:…\"), e.g. from the accounts server or issue_bot_token.",
		},
		"pat": map[string]any{
			"type": "http", "scheme": "basic",
			"description": "Personal Access Token: Basic base64(account_id:PAT). Not for the Customer Chat API.",
		},
		"customer": map[string]any{
			"type": "http", "scheme": "bearer",
			"description": "A customer access token from POST /v2/customer/token (accounts server).",
		},
		"apiKey": map[string]any{
			"type": "http", "scheme": "basic",
			"description": "REST API v2: Basic base64(login:API key) (or login:PAT).",
		},
		"oauth2": map[string]any{
			"type":        "oauth2",
			"description": "OAuth 2.1 of the accounts server; the access token is then sent as a bearer token.",
			"flows": map[string]any{
				"authorizationCode": map[string]any{
					"authorizationUrl": "https://accounts.livechat.com/",
					"tokenUrl":         "https://accounts.livechat.com/v2/token",
					"refreshUrl":       "https://accounts.livechat.com/v2/token",
					"scopes":           scopeDescriptions(),
				},
			},
		},
	}
}

func parameters() map[string]any {
	return map[string]any{
		"organization_id": map[string]any{
			"name": "organization_id", "in": "query", "required": true,
			"description": "The organization (UUID); required on every Customer Chat API call.",
			"schema":      uuid(),
		},
		"X-API-Version-2": map[string]any{
			"name": "X-API-Version", "in": "header", "required": true,
			"description": "Must be 2 on every REST API v2 request.",
			"schema":      constant("2"),
		},
		"X-Author-Id": map[string]any{
			"name": "X-Author-Id", "in": "header", "required": false,
			"description": "A bot id to act as that bot with an agent token (API 3.5 and older).",
			"schema":      str(),
		},
		"X-Region": map[string]any{
			"name": "X-Region", "in": "header", "required": false,
			"description": "Data centre of the token (dal or fra); a mismatch answers misdirected_request.",
			"schema":      enum("dal", "fra"),
		},
	}
}

func securityFor(api string) []any {
	switch api {
	case "customer":
		return []any{map[string]any{"customer": []any{}}}
	case "restv2":
		return []any{map[string]any{"apiKey": []any{}}, map[string]any{"bearer": []any{}}}
	}
	return []any{map[string]any{"bearer": []any{}}, map[string]any{"pat": []any{}}, map[string]any{"oauth2": []any{}}}
}

func addOp(paths, schemas, bodies, responses map[string]any, o op) error {
	vers := o.versions
	if len(vers) == 0 {
		vers = all3
	}
	if o.req == nil || o.resp == nil {
		return fmt.Errorf("spec: %s.%s needs a request and a response schema", o.api, o.action)
	}
	key := o.api + "." + o.action
	mediaType := "application/json"
	if o.multipart {
		mediaType = "multipart/form-data"
	}
	body := func(name string) map[string]any {
		return map[string]any{"required": true, "content": map[string]any{mediaType: map[string]any{"schema": ref(name)}}}
	}
	resp := func(name string) map[string]any {
		return map[string]any{"description": "Success.", "content": jsonContent(ref(name))}
	}
	schemas[compName(o.api, o.action, "", "Request")] = o.req
	schemas[compName(o.api, o.action, "", "Response")] = o.resp
	if !o.get {
		bodies[key] = body(compName(o.api, o.action, "", "Request"))
	}
	responses[key] = resp(compName(o.api, o.action, "", "Response"))
	for _, v := range vers {
		bodyKey, respKey := key, key
		if s, ok := o.reqFor[v]; ok {
			name := compName(o.api, o.action, v, "Request")
			schemas[name] = s
			bodyKey = opID(o.api, o.action, v)
			bodies[bodyKey] = body(name)
		}
		if s, ok := o.respFor[v]; ok {
			name := compName(o.api, o.action, v, "Response")
			schemas[name] = s
			respKey = opID(o.api, o.action, v)
			responses[respKey] = resp(name)
		}
		transports := webOnlyT
		if o.rtm {
			transports = webRTM
		}
		operation := map[string]any{
			"operationId":           opID(o.api, o.action, v),
			"tags":                  []any{o.api},
			"summary":               o.summary,
			"description":           o.desc,
			"x-livechat-api":        o.api,
			"x-livechat-action":     o.action,
			"x-livechat-version":    v,
			"x-livechat-transports": transports,
			"responses": map[string]any{
				"200":     map[string]any{"$ref": "#/components/responses/" + respKey},
				"default": map[string]any{"$ref": "#/components/responses/Error"},
			},
		}
		if o.api == "customer" {
			operation["security"] = securityFor(o.api)
		}
		if o.paged != "" {
			operation["x-livechat-pagination"] = map[string]any{
				"items": o.paged, "page_id": "page_id", "next_page_id": "next_page_id",
				"previous_page_id": "previous_page_id", "limit": "limit",
			}
		}
		var params []any
		if o.api == "customer" {
			params = append(params, map[string]any{"$ref": "#/components/parameters/organization_id"})
		}
		if o.api == "agent" && v != "3.6" {
			params = append(params, map[string]any{"$ref": "#/components/parameters/X-Author-Id"})
		}
		method := "post"
		if o.get {
			method = "get"
			params = append(params, queryParams(o)...)
		} else {
			operation["requestBody"] = map[string]any{"$ref": "#/components/requestBodies/" + bodyKey}
		}
		if len(params) > 0 {
			operation["parameters"] = params
		}
		path := fmt.Sprintf("/v%s/%s/action/%s", v, o.api, o.action)
		paths[path] = map[string]any{method: operation}
	}
	return nil
}

// queryParams turns the top-level properties of a GET action's request
// schema into query parameters.
func queryParams(o op) []any {
	props, _ := o.req["properties"].(map[string]any)
	required, _ := o.req["required"].([]string)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []any
	for _, n := range names {
		out = append(out, map[string]any{
			"name": n, "in": "query", "required": slices.Contains(required, n), "schema": props[n],
		})
	}
	return out
}
