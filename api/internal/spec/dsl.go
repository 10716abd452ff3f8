// Package spec is the compact source of the project's OpenAPI description
// (api/openapi.json): tables of operations, shared schemas, pushes and
// webhooks written with a few schema helpers, and Build, which assembles
// them into the document. `go generate ./api` runs Build and writes the
// file; a test in package api fails when the checked-in file is stale.
//
// The facts (required fields, enums, versions) come from the platform's
// documentation (livechat/livechat-public-docs) and the project's
// protocol notes; the emulator and the typed SDK are checked against the
// result, never the other way round.
package spec

import "maps"

// Schema is one JSON Schema (2020-12) object.
type Schema map[string]any

// D returns s with a description.
func (s Schema) D(desc string) Schema { s["description"] = desc; return s }

// Def returns s with a default value.
func (s Schema) Def(v any) Schema { s["default"] = v; return s }

// Ex returns s with one example.
func (s Schema) Ex(v any) Schema { s["examples"] = []any{v}; return s }

// With returns a copy of s with the key set.
func (s Schema) With(k string, v any) Schema {
	c := maps.Clone(s)
	c[k] = v
	return c
}

// prop is one property of an object schema.
type prop struct {
	name string
	s    Schema
	req  bool
}

// req is a required property.
func req(name string, s Schema) prop { return prop{name, s, true} }

// opt is an optional property.
func opt(name string, s Schema) prop { return prop{name, s, false} }

// obj is an object with the given properties; unknown members stay allowed
// (the platform adds fields).
func obj(props ...prop) Schema {
	s := Schema{"type": "object"}
	p := map[string]any{}
	var required []string
	for _, pr := range props {
		p[pr.name] = pr.s
		if pr.req {
			required = append(required, pr.name)
		}
	}
	if len(p) > 0 {
		s["properties"] = p
	}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// empty is the {} answer of actions without a response payload.
func empty() Schema { return obj().D("No payload: an empty object.") }

func str() Schema              { return Schema{"type": "string"} }
func nonEmpty() Schema         { return Schema{"type": "string", "minLength": 1} }
func strMax(n int) Schema      { return Schema{"type": "string", "maxLength": n} }
func integer() Schema          { return Schema{"type": "integer"} }
func intMin(lo int) Schema     { return Schema{"type": "integer", "minimum": lo} }
func intr(lo, hi int) Schema   { return Schema{"type": "integer", "minimum": lo, "maximum": hi} }
func number() Schema           { return Schema{"type": "number"} }
func boolean() Schema          { return Schema{"type": "boolean"} }
func anyv() Schema             { return Schema{} }
func object() Schema           { return Schema{"type": "object"} }
func mapOf(v Schema) Schema    { return Schema{"type": "object", "additionalProperties": v} }
func arr(items Schema) Schema  { return Schema{"type": "array", "items": items} }
func dateTime() Schema         { return Schema{"type": "string", "format": "date-time"} }
func date() Schema             { return Schema{"type": "string", "format": "date"} }
func email() Schema            { return Schema{"type": "string", "format": "email"} }
func uri() Schema              { return Schema{"type": "string", "format": "uri"} }
func uuid() Schema             { return Schema{"type": "string", "format": "uuid"} }
func ref(name string) Schema   { return Schema{"$ref": "#/components/schemas/" + name} }
func constant(v string) Schema { return Schema{"const": v} }

// arrMax is an array of at most n items.
func arrMax(items Schema, n int) Schema {
	return Schema{"type": "array", "items": items, "maxItems": n}
}

// enum is a string with a closed set of values.
func enum(vals ...string) Schema {
	v := make([]any, len(vals))
	for i, s := range vals {
		v[i] = s
	}
	return Schema{"type": "string", "enum": v}
}

// intEnum is an integer with a closed set of values.
func intEnum(vals ...int) Schema {
	v := make([]any, len(vals))
	for i, n := range vals {
		v[i] = n
	}
	return Schema{"type": "integer", "enum": v}
}

// oneOf is exactly one of the schemas.
func oneOf(ss ...Schema) Schema { return Schema{"oneOf": toAny(ss)} }

// anyOf is at least one of the schemas.
func anyOf(ss ...Schema) Schema { return Schema{"anyOf": toAny(ss)} }

// allOf extends base with more properties (required ones included).
func allOf(ss ...Schema) Schema { return Schema{"allOf": toAny(ss)} }

// nullable is s or JSON null.
func nullable(s Schema) Schema { return anyOf(s, Schema{"type": "null"}) }

// strOrInt is a string or an integer (ids the platform sends either way).
func strOrInt() Schema { return Schema{"type": []any{"string", "integer"}} }

func toAny(ss []Schema) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
