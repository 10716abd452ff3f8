package validate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/livechat-go/livechat/internal/schema"
)

// V2Request checks a REST API v2 request against the operation serving
// method and path (a concrete path such as /agents/a@b.c): its query
// parameters and its body, both as the server decodes them (PHP-style
// names already nested: tag[]=a → {"tag": ["a"]}, requester[mail]=m →
// {"requester": {"mail": "m"}}; body is nil when there is none). Query
// values and form fields travel as text, so a string is taken as the
// integer, number or boolean (1/0, true/false) its schema asks for, and
// a single value as a one-item array, as the platform reads them.
//
// A failure is an *Error whose In is "query" or "body". It returns
// ErrNoOperation when the description has no such REST v2 operation.
func (v *Validator) V2Request(method, path string, query, body map[string]any) error {
	id := v.Find(method, path)
	if id == "" || !strings.HasPrefix(id, "restv2.") {
		return fmt.Errorf("%w: %s %s in REST API v2", ErrNoOperation, method, path)
	}
	query, body = copyJSON(query).(map[string]any), copyJSON(body).(map[string]any) // coerced in place
	qs, err := v.querySchema(id)
	if err != nil {
		return err
	}
	if qs != nil {
		if query == nil {
			query = map[string]any{}
		}
		if err := coerceAndValidate(qs, query); err != nil {
			return inPart("query", err)
		}
	}
	ref := v.ops[id].request
	if ref == "" {
		return nil
	}
	bs, err := v.schema(ref)
	if err != nil {
		return err
	}
	if body == nil {
		body = map[string]any{}
	}
	return inPart("body", coerceAndValidate(bs, body))
}

// ValidateV2Request implements the emulator's V2RequestValidator:
// V2Request, except that a request the description does not know passes
// (the emulator answers unknown resources itself).
func (v *Validator) ValidateV2Request(method, path string, query, body map[string]any) error {
	err := v.V2Request(method, path, query, body)
	if errors.Is(err, ErrNoOperation) {
		return nil
	}
	return err
}

// copyJSON deep-copies decoded JSON objects and arrays.
func copyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = copyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyJSON(e)
		}
		return out
	}
	return v
}

func inPart(in string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.In = in
		return e
	}
	return err
}

// maxCoercions bounds the text-to-type conversions of one request.
const maxCoercions = 64

// coerceAndValidate validates value; while the failure is a string where
// an integer, number, boolean or array is wanted and the string converts,
// it converts it in place and validates again.
func coerceAndValidate(s *schema.Schema, value map[string]any) error {
	for range maxCoercions {
		err := s.Validate(value)
		var se *schema.Error
		if !errors.As(err, &se) {
			return err
		}
		if len(se.WantTypes) == 0 || len(se.Location) == 0 || !coerce(value, se.Location, se.WantTypes) {
			return asError(err)
		}
	}
	return &Error{Reason: "too many values to convert"}
}

// coerce converts the string at loc in root to one of the wanted types;
// it reports whether it did.
func coerce(root any, loc []string, want []string) bool {
	parent := root
	for _, tok := range loc[:len(loc)-1] {
		var ok bool
		if parent, ok = schema.Elem(parent, tok); !ok {
			return false
		}
	}
	last := loc[len(loc)-1]
	cur, ok := schema.Elem(parent, last)
	if !ok {
		return false
	}
	next, ok := convert(cur, want)
	if !ok {
		return false
	}
	switch p := parent.(type) {
	case map[string]any:
		p[last] = next
	case []any:
		i, _ := strconv.Atoi(last)
		p[i] = next
	}
	return true
}

func convert(cur any, want []string) (any, bool) {
	s, isString := cur.(string)
	for _, w := range want {
		switch {
		case w == "array" && cur != nil:
			if _, isList := cur.([]any); !isList {
				return []any{cur}, true
			}
		case !isString:
		case w == "integer":
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n, true
			}
		case w == "number":
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return f, true
			}
		case w == "boolean":
			switch s {
			case "true", "1":
				return true, true
			case "false", "0":
				return false, true
			}
		}
	}
	return nil, false
}

// querySchema returns the compiled schema of an operation's query
// parameters as one object (nil when it has none), PHP-style names
// nested as the server decodes them.
func (v *Validator) querySchema(id string) (*schema.Schema, error) {
	key := id + "#query"
	v.mu.Lock()
	s, ok := v.compiled[key]
	v.mu.Unlock()
	if ok {
		return s, nil
	}
	info := v.ops[id]
	item, _ := schema.Child(v.doc["paths"], info.path).(map[string]any)
	params := append(slices.Clone(schema.List(item["parameters"])), schema.List(schema.Child(item[info.method], "parameters"))...)
	root := map[string]any{"type": "object", "properties": map[string]any{}}
	count := 0
	for _, p := range params {
		p := v.doc.Resolve(p)
		if in, _ := schema.Child(p, "in").(string); in != "query" {
			continue
		}
		name, _ := schema.Child(p, "name").(string)
		required, _ := schema.Child(p, "required").(bool)
		ps := schema.Child(p, "schema")
		if ps == nil {
			ps = map[string]any{}
		}
		addNested(root, phpSegments(name), ps, required)
		count++
	}
	if count > 0 {
		var err error
		if s, err = schema.Compile(key, v.doc.Bundle(root)); err != nil {
			return nil, fmt.Errorf("validate: compile the query of %s: %w", id, err)
		}
	}
	v.mu.Lock()
	v.compiled[key] = s
	v.mu.Unlock()
	return s, nil
}

// phpSegments splits a PHP-style parameter name: "tag[]" → [tag],
// "requester[mail]" → [requester mail].
func phpSegments(name string) []string {
	head, rest, ok := strings.Cut(name, "[")
	segs := []string{head}
	for ok {
		var seg string
		seg, rest, _ = strings.Cut(rest, "]")
		if seg != "" {
			segs = append(segs, seg)
		}
		_, rest, ok = strings.Cut(rest, "[")
	}
	return segs
}

// addNested adds a property schema at the nested segments of an object
// schema.
func addNested(obj map[string]any, segs []string, s any, required bool) {
	for _, seg := range segs[:len(segs)-1] {
		props := obj["properties"].(map[string]any)
		next, ok := props[seg].(map[string]any)
		if !ok {
			next = map[string]any{"type": "object", "properties": map[string]any{}}
			props[seg] = next
		}
		if required {
			obj["required"] = append(schema.List(obj["required"]), seg)
		}
		obj = next
	}
	last := segs[len(segs)-1]
	obj["properties"].(map[string]any)[last] = s
	if required {
		obj["required"] = append(schema.List(obj["required"]), last)
	}
}
