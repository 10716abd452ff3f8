package dynamic

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/livechat-go/livechat"
)

// maxInline bounds how deep references other than component schemas are
// inlined while bundling a schema (a guard against reference cycles).
const maxInline = 32

// rawDoc is the description as plain JSON values, the form the JSON
// Schema 2020-12 compiler works on (kin-openapi's typed model is used for
// the structure: paths, operations, parameters and extensions).
type rawDoc map[string]any

// child returns node[key] when node is an object.
func child(node any, key string) any {
	if m, ok := node.(map[string]any); ok {
		return m[key]
	}
	return nil
}

// resolve follows a local reference ("#/components/…") until node is not
// a reference object.
func (d rawDoc) resolve(node any) any {
	for range maxInline {
		ref, ok := child(node, "$ref").(string)
		if !ok {
			return node
		}
		target := d.pointer(ref)
		if target == nil {
			return node
		}
		node = target
	}
	return node
}

// pointer returns the value at a local JSON pointer reference "#/a/b".
func (d rawDoc) pointer(ref string) any {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var node any = map[string]any(d)
	for _, tok := range strings.Split(p, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			node = n[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			node = n[i]
		default:
			return nil
		}
		if node == nil {
			return nil
		}
	}
	return node
}

const componentSchemas = "#/components/schemas/"

// bundle returns schema as a self-contained JSON Schema: the component
// schemas it refers to (transitively) are copied under "$defs" and the
// references rewritten to them; other local references are inlined.
func (d rawDoc) bundle(schema any) map[string]any {
	defs := map[string]any{}
	var pending []string
	var walk func(v any, depth int) any
	walk = func(v any, depth int) any {
		switch n := v.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok {
				if name, ok := strings.CutPrefix(ref, componentSchemas); ok {
					if _, seen := defs[name]; !seen {
						defs[name] = nil
						pending = append(pending, name)
					}
					out := copyWithout(n, "$ref", walk, depth)
					out["$ref"] = "#/$defs/" + name
					return out
				}
				if target := d.pointer(ref); target != nil && depth < maxInline {
					out := copyWithout(n, "$ref", walk, depth)
					inl, _ := walk(target, depth+1).(map[string]any)
					if len(out) == 0 {
						return inl
					}
					out["allOf"] = append(asList(out["allOf"]), inl)
					return out
				}
			}
			if d := discriminated(n); d != nil {
				return walk(d, depth)
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
		defs[name] = walk(d.pointer(componentSchemas+name), 0)
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
	for _, br := range asList(n["oneOf"]) {
		r, _ := child(br, "$ref").(string)
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
	out["allOf"] = append(append([]any(nil), asList(n["allOf"])...), chain)
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

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// compile compiles a bundled schema for JSON Schema 2020-12 validation.
func compile(name string, schema map[string]any) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	url := "urn:livechat:" + name
	if err := c.AddResource(url, schema); err != nil {
		return nil, fmt.Errorf("dynamic: schema of %s: %w", name, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("dynamic: schema of %s: %w", name, err)
	}
	return s, nil
}

// printer renders the validator's messages.
var printer = message.NewPrinter(language.English)

// argumentError turns a JSON Schema validation error into an
// *livechat.ArgumentError naming the JSON path of the first offending
// argument (e.g. "event.text", "filters.group_ids[0]").
func argumentError(err error) error {
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return &livechat.ArgumentError{Field: "arguments", Problem: err.Error()}
	}
	leaf := deepest(verr)
	path := leaf.InstanceLocation
	problem := leaf.ErrorKind.LocalizedString(printer)
	switch k := leaf.ErrorKind.(type) {
	case *kind.Pattern:
		problem = "does not match the pattern " + k.Want // the value stays out: it may be a secret
	case *kind.Format:
		problem = "is not a valid " + k.Want
	case *kind.Const:
		b, _ := json.Marshal(k.Want)
		problem = "must be " + string(b)
	case *kind.MinLength:
		problem = fmt.Sprintf("must be at least %d characters long", k.Want)
	case *kind.MaxLength:
		problem = fmt.Sprintf("is %d characters long, at most %d allowed", k.Got, k.Want)
	case *kind.Required:
		if len(k.Missing) > 0 {
			path = append(slices.Clone(path), k.Missing[0])
			problem = "is required"
		}
	case *kind.AdditionalProperties:
		if len(k.Properties) > 0 {
			path = append(slices.Clone(path), k.Properties[0])
			problem = "is not an argument of this operation"
			if len(leaf.InstanceLocation) > 0 {
				problem = "is not allowed here"
			}
		}
	case *kind.Type:
		problem = "must be " + strings.Join(k.Want, " or ") + ", got " + k.Got
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			b, _ := json.Marshal(w)
			want = append(want, string(b))
		}
		problem = "must be one of " + strings.Join(want, ", ")
	}
	field := jsonPath(path)
	if field == "" {
		field = "arguments"
	}
	return &livechat.ArgumentError{Field: field, Problem: problem}
}

// deepest picks the most specific cause. Inside a oneOf/anyOf whose
// branches are told apart by a constant (a discriminator such as an
// event's "type"), it follows the branch whose constant matched; when no
// branch matched, it reports the constants allowed.
func deepest(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(e.Causes) > 0 {
		switch k := e.ErrorKind.(type) {
		case *kind.OneOf, *kind.AnyOf:
			var matching []*jsonschema.ValidationError
			var consts []any
			var at []string
			for _, c := range e.Causes {
				if cst := findConst(c); cst != nil {
					consts = append(consts, cst.ErrorKind.(*kind.Const).Want)
					at = cst.InstanceLocation
				} else {
					matching = append(matching, c)
				}
			}
			if len(matching) == 1 {
				e = matching[0]
				continue
			}
			if len(matching) == 0 && len(consts) > 0 {
				return &jsonschema.ValidationError{InstanceLocation: at, ErrorKind: &kind.Enum{Want: consts}}
			}
			_ = k
		}
		best := e.Causes[0]
		for _, c := range e.Causes[1:] {
			if len(c.InstanceLocation) > len(best.InstanceLocation) {
				best = c
			}
		}
		e = best
	}
	return e
}

// findConst returns a const mismatch within e, the sign of a branch that
// does not apply.
func findConst(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	if _, ok := e.ErrorKind.(*kind.Const); ok {
		return e
	}
	for _, c := range e.Causes {
		if f := findConst(c); f != nil {
			return f
		}
	}
	return nil
}

// jsonPath renders pointer tokens as a dotted path with [i] for indexes.
func jsonPath(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil && b.Len() > 0 {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

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
