// Package api holds the project's machine-readable description of every
// LiveChat API it speaks: an OpenAPI 3.1 document (api/openapi.json,
// embedded) covering the Agent Chat, Customer Chat and Configuration APIs
// 3.4–3.6 at their wire paths, the legacy REST API v2, the accounts
// server's OAuth endpoints, the RTM-only actions, the RTM pushes and the
// webhook payloads.
//
// LiveChat publishes no such description; this one is written from the
// platform's public documentation and is the contract the typed SDK
// (agent, customer, configuration, restv2), the emulator and the dynamic
// client are all tested against.
//
// Conventions of the document:
//
//   - operationId is <api>.<action> for API 3.6 (and for REST v2 and the
//     accounts server), with a version suffix otherwise:
//     agent.send_event, agent.send_event.v3_5, agent.send_event.v3_4;
//   - every operation carries x-livechat-api (agent, customer,
//     configuration, restv2, accounts), x-livechat-action (the wire action
//     or, for REST v2, a verb_resource name such as list_agents),
//     x-livechat-version (3.6, 3.5, 3.4 or 2) and x-livechat-transports
//     (["web"] or ["web","rtm"]); paged lists carry x-livechat-pagination
//     naming the items member and the paging members;
//   - RTM-only actions (login, subscribe_customers, …) are under the
//     top-level x-livechat-rtm-actions, keyed <api>.<action>; RTM pushes
//     under x-livechat-pushes keyed by push name; webhook payloads under
//     the OpenAPI 3.1 top-level webhooks;
//   - unknown members are allowed everywhere (the platform adds fields).
//
// The document is generated from a compact source (api/internal/spec) by
// `go generate ./api`; a test fails when the checked-in file is stale.
// The local emulator serves it at GET /openapi.json with its own address
// in servers (see WithServer).
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:generate go run ./internal/gen -o openapi.json

//go:embed openapi.json
var document []byte

// JSON returns the raw OpenAPI document. The caller must not modify it.
func JSON() []byte { return document }

var (
	loadOnce sync.Once
	loaded   *openapi3.T
	loadErr  error
)

// Load parses the document with kin-openapi and validates it as an
// OpenAPI 3.1 document. Building kin-openapi's model is several times
// slower than Validate (see BENCHMARKS.md); use Load when you need the
// model, Validate to check a document. The result is cached: every call returns the same
// *openapi3.T, which the caller must treat as read-only.
func Load() (*openapi3.T, error) {
	loadOnce.Do(func() { loaded, loadErr = Parse(document) })
	return loaded, loadErr
}

// Parse parses and validates an OpenAPI document (for example JSON, or
// the answer of an emulator's /openapi.json). Unlike Load it does not
// cache.
func Parse(data []byte) (*openapi3.T, error) {
	// kin-openapi's LoadFromData reads JSON through its YAML parser, which
	// is ten times slower on this document; decode it as JSON and resolve
	// the references with the loader.
	doc := &openapi3.T{}
	if err := json.Unmarshal(data, doc); err != nil {
		return nil, fmt.Errorf("api: parse the OpenAPI document: %w", err)
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, fmt.Errorf("api: resolve the OpenAPI document's references: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("api: invalid OpenAPI document: %w", err)
	}
	return doc, nil
}

var (
	serversMu sync.Mutex
	servers   = map[string][]byte{} // base URL → document
)

// WithServer returns the document with every servers entry (the
// top-level one and the accounts server's per-path ones) replaced by
// baseURL, e.g. "http://127.0.0.1:8080". Results are cached per URL.
func WithServer(baseURL string) ([]byte, error) {
	serversMu.Lock()
	b, ok := servers[baseURL]
	serversMu.Unlock()
	if ok {
		return b, nil
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(document, &doc); err != nil {
		return nil, fmt.Errorf("api: decode the document: %w", err)
	}
	srv, err := json.Marshal([]map[string]string{{"url": baseURL, "description": "This server."}})
	if err != nil {
		return nil, err
	}
	doc["servers"] = srv
	var paths map[string]map[string]json.RawMessage
	if err := json.Unmarshal(doc["paths"], &paths); err != nil {
		return nil, fmt.Errorf("api: decode the paths: %w", err)
	}
	for _, item := range paths {
		if _, ok := item["servers"]; ok {
			item["servers"] = srv
		}
	}
	if doc["paths"], err = json.Marshal(paths); err != nil {
		return nil, err
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	serversMu.Lock()
	if len(servers) < 16 { // a few base URLs per process at most
		servers[baseURL] = out
	}
	serversMu.Unlock()
	return out, nil
}
