package dynamic

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/schema"
)

// argumentError turns a failed validation of the arguments into an
// *livechat.ArgumentError naming the JSON path of the first offending
// argument (e.g. "event.text", "filters.group_ids[0]").
func argumentError(err error) error {
	var se *schema.Error
	if !errors.As(err, &se) {
		return &livechat.ArgumentError{Field: "arguments", Problem: err.Error()}
	}
	problem := se.Reason
	if se.NotAllowed && len(se.Location) == 1 {
		problem = "is not an argument of this operation"
	}
	field := se.Dotted()
	if field == "" {
		field = "arguments"
	}
	return &livechat.ArgumentError{Field: field, Problem: problem}
}

func asList(v any) []any { return schema.List(v) }

// Field describes one argument of an operation, for help texts and shell
// completion. Nested members of object arguments are listed with dotted
// names ("event.text").
type Field struct {
	// Name is the dotted path of the argument, e.g. "chat_id" or "event.type".
	Name string `json:"name"`
	// Type is the JSON type ("string", "integer", "object", …; several
	// joined with "|"), or "" when the description does not constrain it.
	Type string `json:"type,omitempty"`
	// Required reports whether the argument must be given (when its parent is).
	Required bool `json:"required,omitempty"`
	// Enum lists the allowed values, when the description enumerates them.
	Enum []string `json:"enum,omitempty"`
	// Description is the description's text for the argument.
	Description string `json:"description,omitempty"`
	// In says where the argument travels: "body", "path" or "query".
	In string `json:"in"`
}

// maxFieldDepth bounds how deep fields are listed (event.text is depth 2).
const maxFieldDepth = 3

// fields lists the properties of a bundled schema, nested ones dotted.
func fields(schema map[string]any, in string) []Field {
	defs, _ := schema["$defs"].(map[string]any)
	var out []Field
	var walk func(s map[string]any, prefix string, depth int, seen []string)
	walk = func(s map[string]any, prefix string, depth int, seen []string) {
		props, required := properties(s, defs, seen)
		names := make([]string, 0, len(props))
		for n := range props {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p := deref(props[n], defs)
			f := Field{Name: prefix + n, Type: typeOf(p, defs), Required: required[n], In: in}
			f.Description, _ = p["description"].(string)
			if f.Description == "" {
				f.Description, _ = p["title"].(string)
			}
			for _, e := range asList(p["enum"]) {
				f.Enum = append(f.Enum, fmt.Sprint(e))
			}
			if c, ok := p["const"]; ok && len(f.Enum) == 0 {
				f.Enum = []string{fmt.Sprint(c)}
			}
			out = append(out, f)
			if depth+1 < maxFieldDepth {
				ref, _ := props[n].(map[string]any)["$ref"].(string)
				if ref == "" || !slices.Contains(seen, ref) {
					walk(p, prefix+n+".", depth+1, append(seen, ref))
				}
			}
		}
	}
	walk(schema, "", 0, nil)
	return out
}

// properties collects the properties and required names of s, through
// allOf and a $ref.
func properties(s map[string]any, defs map[string]any, seen []string) (map[string]any, map[string]bool) {
	props := map[string]any{}
	req := map[string]bool{}
	var add func(s map[string]any, depth int)
	add = func(s map[string]any, depth int) {
		if s == nil || depth > 8 {
			return
		}
		if ref, ok := s["$ref"].(string); ok && !slices.Contains(seen, ref) {
			add(deref(s, defs), depth+1)
		}
		if p, ok := s["properties"].(map[string]any); ok {
			for k, v := range p {
				props[k] = v
			}
		}
		for _, r := range asList(s["required"]) {
			if n, ok := r.(string); ok {
				req[n] = true
			}
		}
		for _, sub := range asList(s["allOf"]) {
			m, _ := sub.(map[string]any)
			if _, ok := m["if"]; ok { // a discriminated dispatch (see discriminated)
				for step := m; step != nil; step, _ = step["else"].(map[string]any) {
					branch := deref(step["then"], defs)
					if branch == nil {
						branch = step
					}
					bp, _ := properties(branch, defs, seen)
					for k, v := range bp {
						props[k] = union(props[k], v, defs)
					}
				}
				continue
			}
			add(m, depth+1)
		}
		for _, key := range []string{"oneOf", "anyOf"} {
			for _, sub := range asList(s[key]) {
				bp, _ := properties(deref(sub, defs), defs, seen)
				for k, v := range bp {
					props[k] = union(props[k], v, defs)
				}
			}
		}
	}
	add(s, 0)
	return props, req
}

// union merges a property seen in several oneOf/anyOf branches: their
// constants become an enum; otherwise the first wins.
func union(prev, next any, defs map[string]any) any {
	if prev == nil {
		return next
	}
	p, n := deref(prev, defs), deref(next, defs)
	pc, pok := p["const"]
	nc, nok := n["const"]
	if pe := asList(p["enum"]); pok || len(pe) > 0 {
		if !nok {
			return prev
		}
		vals := pe
		if pok {
			vals = []any{pc}
		}
		if !slices.Contains(vals, nc) {
			vals = append(slices.Clone(vals), nc)
		}
		return map[string]any{"type": "string", "enum": vals}
	}
	return prev
}

// deref follows a "#/$defs/X" reference of a bundled schema.
func deref(v any, defs map[string]any) map[string]any {
	m, _ := v.(map[string]any)
	for range 8 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		if !ok {
			return m
		}
		next, _ := defs[name].(map[string]any)
		if next == nil {
			return m
		}
		merged := make(map[string]any, len(next)+len(m))
		for k, v := range next {
			merged[k] = v
		}
		for k, v := range m {
			if k != "$ref" {
				merged[k] = v
			}
		}
		m = merged
	}
	return m
}

func typeOf(s map[string]any, defs map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		var parts []string
		for _, e := range t {
			parts = append(parts, fmt.Sprint(e))
		}
		return strings.Join(parts, "|")
	}
	if _, ok := s["properties"]; ok {
		return "object"
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		var parts []string
		for _, sub := range asList(s[key]) {
			if t := typeOf(deref(sub, defs), defs); t != "" && !slices.Contains(parts, t) {
				parts = append(parts, t)
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, "|")
		}
	}
	return ""
}

// compileArgs compiles a bundled arguments schema with the project's one
// schema compiler (internal/schema, shared with api/validate).
func compileArgs(name string, s map[string]any) (*schema.Schema, error) {
	c, err := schema.Compile(name, s)
	if err != nil {
		return nil, fmt.Errorf("dynamic: %w", err)
	}
	return c, nil
}
