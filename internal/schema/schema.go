// Package schema is the project's one JSON Schema compiler for the
// OpenAPI 3.1 description (package api): it turns a schema of the
// description into a self-contained JSON Schema 2020-12 (Bundle),
// compiles it with github.com/santhosh-tekuri/jsonschema (Compile) and
// explains a failure as the JSON path of the bad member and what is wrong
// with it (Error). Package api/validate (the emulator's request
// validation, the drift tests) and package dynamic (the dynamic client's
// argument checks) both use it.
package schema

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// maxInline bounds how deep references other than component schemas are
// inlined while bundling a schema (a guard against reference cycles).
const maxInline = 32

// Doc is a decoded OpenAPI document: plain JSON values, numbers as
// json.Number (the form the compiler works on).
type Doc map[string]any

// Decode decodes an OpenAPI document.
func Decode(data []byte) (Doc, error) {
	v, err := Unmarshal(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the document is not a JSON object")
	}
	return Doc(m), nil
}

// Unmarshal decodes one JSON value as the validator expects it (numbers
// as json.Number).
func Unmarshal(data []byte) (any, error) {
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

// Child returns node[key] when node is an object, else nil.
func Child(node any, key string) any {
	if m, ok := node.(map[string]any); ok {
		return m[key]
	}
	return nil
}

// List returns v as a JSON array, or nil.
func List(v any) []any {
	l, _ := v.([]any)
	return l
}

// Resolve follows a local reference ("#/components/…") until node is not
// a reference object.
func (d Doc) Resolve(node any) any {
	for range maxInline {
		ref, ok := Child(node, "$ref").(string)
		if !ok {
			return node
		}
		target := d.Pointer(ref)
		if target == nil {
			return node
		}
		node = target
	}
	return node
}

// Pointer returns the value at a local JSON pointer reference "#/a/b",
// or nil.
func (d Doc) Pointer(ref string) any {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		if ref == "#" {
			return map[string]any(d)
		}
		return nil
	}
	var node any = map[string]any(d)
	for _, tok := range strings.Split(p, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var ok bool
		if node, ok = Elem(node, tok); !ok || node == nil {
			return nil
		}
	}
	return node
}

// Elem returns the member tok of a decoded JSON object, or the element at
// index tok of an array (one step of a JSON pointer); ok is false when node
// is neither or tok is not an index in it. A missing member is (nil, true).
func Elem(node any, tok string) (elem any, ok bool) {
	switch n := node.(type) {
	case map[string]any:
		return n[tok], true
	case []any:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(n) {
			return nil, false
		}
		return n[i], true
	}
	return nil, false
}

// ComponentSchemas is the reference prefix of the component schemas.
const ComponentSchemas = "#/components/schemas/"

// Bundle returns schema (a schema of the document, or a reference to
// one) as a self-contained JSON Schema: the component schemas it refers
// to (transitively) are copied under "$defs" and the references rewritten
// to them; other local references are inlined. A oneOf with a
// discriminator mapping becomes a dispatch on the discriminating member
// (see discriminated).
func (d Doc) Bundle(schema any) map[string]any {
	defs := map[string]any{}
	var pending []string
	var walk func(v any, depth int) any
	walk = func(v any, depth int) any {
		switch n := v.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				if name, ok := strings.CutPrefix(ref, ComponentSchemas); ok {
					if _, seen := defs[name]; !seen {
						defs[name] = nil
						pending = append(pending, name)
					}
					out := copyWithout(n, "$ref", walk, depth)
					out["$ref"] = "#/$defs/" + name
					return out
				}
				if target := d.Pointer(ref); target != nil && depth < maxInline {
					out := copyWithout(n, "$ref", walk, depth)
					inl, _ := walk(target, depth+1).(map[string]any)
					if len(out) == 0 {
						return inl
					}
					out["allOf"] = append(List(out["allOf"]), inl)
					return out
				}
			}
			if disc := discriminated(n); disc != nil {
				return walk(disc, depth)
			}
			return copyWithout(n, "", walk, depth)
		case []any:
			out := make([]any, len(n))
			for i, e := range n {
				out[i] = walk(e, depth)
			}
			return out
		default:
			return v
		}
	}
	var root map[string]any
	switch s := walk(schema, 0).(type) {
	case map[string]any:
		root = s
	case bool:
		if s {
			root = map[string]any{}
		} else {
			root = map[string]any{"not": map[string]any{}}
		}
	default:
		root = map[string]any{}
	}
	for len(pending) > 0 {
		name := pending[0]
		pending = pending[1:]
		defs[name] = walk(d.Pointer(ComponentSchemas+name), 0)
	}
	if len(defs) > 0 {
		root["$defs"] = defs
	}
	return root
}

// discriminated rewrites a oneOf with an OpenAPI discriminator (and its
// mapping) into a dispatch on the discriminating member: a chain of
// if/then/else, one step per value in the oneOf's order, ending with an
// enum of the values. A value is then checked against its own branch
// only, and the chain stops at the first match (a message, the first
// event kind, costs one test instead of eight branch validations), which
// is faster and gives the branch's own error. It returns nil when n is
// not such a schema.
func discriminated(n map[string]any) map[string]any {
	disc, ok := n["discriminator"].(map[string]any)
	if !ok || n["oneOf"] == nil {
		return nil
	}
	prop, _ := disc["propertyName"].(string)
	mapping, _ := disc["mapping"].(map[string]any)
	if prop == "" || len(mapping) == 0 {
		return nil
	}
	byRef := map[string][]string{}
	for v, ref := range mapping {
		r, ok := ref.(string)
		if !ok {
			return nil
		}
		byRef[r] = append(byRef[r], v)
	}
	var values []string
	for _, br := range List(n["oneOf"]) {
		r, _ := Child(br, "$ref").(string)
		vs := byRef[r]
		sort.Strings(vs)
		values = append(values, vs...)
		delete(byRef, r)
	}
	var rest []string
	for _, vs := range byRef {
		rest = append(rest, vs...)
	}
	sort.Strings(rest)
	values = append(values, rest...)
	enum := make([]any, len(values))
	for i, v := range values {
		enum[i] = v
	}
	var chain any = map[string]any{"required": []any{prop}, "properties": map[string]any{prop: map[string]any{"enum": enum}}}
	for i := len(values) - 1; i >= 0; i-- {
		chain = map[string]any{
			"if":   map[string]any{"required": []any{prop}, "properties": map[string]any{prop: map[string]any{"const": values[i]}}},
			"then": map[string]any{"$ref": mapping[values[i]]},
			"else": chain,
		}
	}
	out := make(map[string]any, len(n))
	for k, v := range n {
		if k != "oneOf" && k != "discriminator" {
			out[k] = v
		}
	}
	out["allOf"] = append(append([]any(nil), List(n["allOf"])...), chain)
	return out
}

func copyWithout(n map[string]any, skip string, walk func(any, int) any, depth int) map[string]any {
	out := make(map[string]any, len(n))
	for k, v := range n {
		if k == skip {
			continue
		}
		out[k] = walk(v, depth)
	}
	return out
}

// Schema is a compiled schema. It is safe for concurrent use.
type Schema struct {
	s *jsonschema.Schema
}

// Compile compiles a self-contained schema (see Bundle) for JSON Schema
// 2020-12 validation; the compiler checks it against the 2020-12
// meta-schema. name only names it in errors.
func Compile(name string, schema map[string]any) (*Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	u := "urn:livechat:" + url.PathEscape(name)
	if err := c.AddResource(u, schema); err != nil {
		return nil, fmt.Errorf("schema of %s: %w", name, err)
	}
	s, err := c.Compile(u)
	if err != nil {
		return nil, fmt.Errorf("schema of %s: %w", name, err)
	}
	return &Schema{s: s}, nil
}

// Validate checks a decoded JSON value (map[string]any, []any, string,
// json.Number or float64, bool, nil). It returns nil or an *Error.
func (s *Schema) Validate(v any) error {
	if err := s.s.Validate(v); err != nil {
		return Explain(err)
	}
	return nil
}

// ValidateJSON decodes data and checks it.
func (s *Schema) ValidateJSON(data []byte) error {
	v, err := Unmarshal(data)
	if err != nil {
		return &Error{Reason: "is not valid JSON: " + err.Error()}
	}
	return s.Validate(v)
}

// CompileURLs compiles the schemas at urls (each a URL, possibly with a
// fragment such as "#/$defs/paths") from a set of resources (decoded JSON
// schemas keyed by their URL), e.g. a published meta-schema that refers
// to the JSON Schema 2020-12 one (built into the compiler).
func CompileURLs(resources map[string]any, urls ...string) ([]*Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	for u, r := range resources {
		if err := c.AddResource(u, r); err != nil {
			return nil, fmt.Errorf("schema %s: %w", u, err)
		}
	}
	out := make([]*Schema, len(urls))
	for i, u := range urls {
		s, err := c.Compile(u)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", u, err)
		}
		out[i] = &Schema{s: s}
	}
	return out, nil
}
