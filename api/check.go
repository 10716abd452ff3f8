package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/livechat-go/livechat/api/internal/oas31"
	"github.com/livechat-go/livechat/internal/schema"
)

// Problem is one defect of an OpenAPI document.
type Problem struct {
	// Pointer is the JSON pointer of the faulty member, e.g.
	// "/paths/~1agents/get/operationId".
	Pointer string
	// Message says what is wrong with it.
	Message string
}

// String renders the problem as "<pointer>: <message>".
func (p Problem) String() string { return p.Pointer + ": " + p.Message }

// DocumentError is an OpenAPI document that Validate refused.
type DocumentError struct {
	// Problems lists the defects found (at most maxProblems): the OpenAPI
	// 3.1 schema's first, then the references' (sorted by pointer), then
	// the operations' (by path).
	Problems []Problem
}

const maxProblems = 20

// Error implements error, naming the first problems.
func (e *DocumentError) Error() string {
	var b strings.Builder
	b.WriteString("api: invalid OpenAPI document: ")
	for i, p := range e.Problems {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-3)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

var (
	metaOnce sync.Once
	metaDoc  *schema.Schema // the OpenAPI 3.1 schema
	metaPath *schema.Schema // its $defs/paths, for paths validated apart
	metaErr  error
)

// meta returns the compiled OpenAPI 3.1 schema (compiled once).
func meta() (doc, paths *schema.Schema, err error) {
	metaOnce.Do(func() {
		var m any
		if metaErr = json.Unmarshal(oas31.Schema, &m); metaErr != nil {
			return
		}
		var s []*schema.Schema
		s, metaErr = schema.CompileURLs(map[string]any{oas31.URL: m}, oas31.URL, oas31.URL+"#/$defs/paths")
		if metaErr == nil {
			metaDoc, metaPath = s[0], s[1]
		}
	})
	return metaDoc, metaPath, metaErr
}

// pathChunks is how many parts the paths are validated in, concurrently.
const pathChunks = 3

// validateSchema checks the decoded document against the OpenAPI 3.1
// schema. The paths (most of the work) are checked in parts against the
// schema's own definition of a paths object, concurrently with the rest
// of the document (which is checked with an empty paths object); the
// result is the same as one pass over the whole document.
func validateSchema(root map[string]any) []Problem {
	msDoc, msPaths, err := meta()
	if err != nil {
		return []Problem{{Message: "the OpenAPI 3.1 schema: " + err.Error()}}
	}
	type part struct {
		s      *schema.Schema
		v      any
		prefix string
	}
	parts := []part{{s: msDoc, v: root}}
	if paths, ok := root["paths"].(map[string]any); ok && len(paths) > 0 {
		rest := maps.Clone(root)
		rest["paths"] = map[string]any{}
		parts[0].v = rest
		keys := slices.Sorted(maps.Keys(paths))
		n := (len(keys) + pathChunks - 1) / pathChunks
		for chunk := range slices.Chunk(keys, n) {
			m := make(map[string]any, len(chunk))
			for _, k := range chunk {
				m[k] = paths[k]
			}
			parts = append(parts, part{s: msPaths, v: m, prefix: "/paths"})
		}
	}
	found := make([]*Problem, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Go(func() {
			if err := p.s.Validate(p.v); err != nil {
				var se *schema.Error
				if errors.As(err, &se) {
					found[i] = &Problem{Pointer: p.prefix + se.Pointer(), Message: se.Reason}
				} else {
					found[i] = &Problem{Pointer: p.prefix, Message: err.Error()}
				}
			}
		})
	}
	wg.Wait()
	var out []Problem
	for _, p := range found {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// Validate checks an OpenAPI 3.1 document the standard way, without
// building kin-openapi's model: the document must match the official
// JSON Schema of OpenAPI 3.1 documents
// (https://spec.openapis.org/oas/3.1/schema/2022-10-07, embedded), and
// pass the checks that schema cannot express:
//
//   - every $ref (and discriminator mapping) is a local reference that
//     resolves in the document;
//   - operationIds are unique;
//   - every {param} of a path template is declared as a path parameter
//     of each of its operations, and every path parameter is in the
//     template;
//   - every security requirement names a declared security scheme.
//
// A refused document gets a *DocumentError naming the JSON pointer of
// each problem. The Schema Objects themselves are checked against JSON
// Schema 2020-12 when they are compiled (package api/validate; its tests
// compile every one of the embedded document's).
//
// It takes a few times a plain JSON decode of the document (see
// BENCHMARKS.md); Parse, which builds kin-openapi's model, is several
// times slower.
func Validate(data []byte) error {
	if _, _, err := meta(); err != nil {
		return fmt.Errorf("api: the OpenAPI 3.1 schema: %w", err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("api: decode the OpenAPI document: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return &DocumentError{Problems: []Problem{{Pointer: "", Message: "the document is not a JSON object"}}}
	}
	var problems []Problem
	c := &checker{doc: schema.Doc(root)}
	var wg sync.WaitGroup
	wg.Go(func() { problems = validateSchema(root) })
	c.refs(root, nil)
	sort.Slice(c.problems, func(i, j int) bool { return c.problems[i].Pointer < c.problems[j].Pointer })
	c.operations()
	wg.Wait()
	problems = append(problems, c.problems...)
	if len(problems) > 0 {
		return &DocumentError{Problems: problems}
	}
	return nil
}

// checker runs the structural checks of Validate.
type checker struct {
	doc      schema.Doc
	problems []Problem
}

func (c *checker) add(at []string, format string, args ...any) {
	if len(c.problems) < maxProblems {
		c.problems = append(c.problems, Problem{Pointer: pointer(at), Message: fmt.Sprintf(format, args...)})
	}
}

func pointer(at []string) string {
	var b strings.Builder
	for _, t := range at {
		b.WriteString("/" + strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// refs checks every $ref and discriminator mapping under node (at).
func (c *checker) refs(node any, at []string) {
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok {
			c.ref(ref, append(at, "$ref"))
		}
		if d, ok := n["discriminator"].(map[string]any); ok {
			if m, ok := d["mapping"].(map[string]any); ok {
				for k, v := range m {
					if ref, ok := v.(string); ok {
						c.ref(ref, append(at, "discriminator", "mapping", k))
					}
				}
			}
		}
		for k, v := range n {
			switch v.(type) {
			case map[string]any, []any:
				c.refs(v, append(at, k))
			}
		}
	case []any:
		for i, v := range n {
			switch v.(type) {
			case map[string]any, []any:
				c.refs(v, append(at, fmt.Sprint(i)))
			}
		}
	}
}

func (c *checker) ref(ref string, at []string) {
	if !strings.HasPrefix(ref, "#") {
		c.add(at, "reference %q is not local to the document", ref)
		return
	}
	if c.doc.Pointer(ref) == nil {
		c.add(at, "reference %q does not resolve", ref)
	}
}

var templateParam = regexp.MustCompile(`\{([^{}]+)\}`)

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operations checks operationId uniqueness, path parameters and security
// requirements over paths and webhooks.
func (c *checker) operations() {
	schemes, _ := schema.Child(c.doc["components"], "securitySchemes").(map[string]any)
	c.security(c.doc["security"], schemes, []string{"security"})
	seen := map[string]string{} // operationId → pointer of its first use
	for _, top := range []string{"paths", "webhooks"} {
		items, _ := c.doc[top].(map[string]any)
		keys := make([]string, 0, len(items))
		for k := range items {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, path := range keys {
			item, _ := c.doc.Resolve(items[path]).(map[string]any)
			var want []string
			if top == "paths" {
				for _, m := range templateParam.FindAllStringSubmatch(path, -1) {
					want = append(want, m[1])
				}
			}
			for _, method := range methods {
				op, ok := item[method].(map[string]any)
				if !ok {
					continue
				}
				at := []string{top, path, method}
				if id, ok := op["operationId"].(string); ok {
					if first, dup := seen[id]; dup {
						c.add(append(at, "operationId"), "operationId %q is already used at %s", id, first)
					} else {
						seen[id] = pointer(append(at, "operationId"))
					}
				}
				if top == "paths" {
					c.pathParams(want, item["parameters"], op["parameters"], at)
				}
				c.security(op["security"], schemes, append(at, "security"))
			}
		}
	}
}

// pathParams checks that the path parameters of an operation (its path
// item's and its own) are exactly the template's.
func (c *checker) pathParams(want []string, itemParams, opParams any, at []string) {
	var have []string
	for _, p := range append(slices.Clone(schema.List(itemParams)), schema.List(opParams)...) {
		p := c.doc.Resolve(p)
		if in, _ := schema.Child(p, "in").(string); in == "path" {
			name, _ := schema.Child(p, "name").(string)
			have = append(have, name)
		}
	}
	for _, w := range want {
		if !slices.Contains(have, w) {
			c.add(append(at, "parameters"), "path parameter %q of the template is not declared", w)
		}
	}
	for _, h := range have {
		if !slices.Contains(want, h) {
			c.add(append(at, "parameters"), "path parameter %q is not in the path template", h)
		}
	}
}

// security checks that a list of security requirements names declared
// schemes.
func (c *checker) security(reqs any, schemes map[string]any, at []string) {
	for i, r := range schema.List(reqs) {
		m, _ := r.(map[string]any)
		for name := range m {
			if _, ok := schemes[name]; !ok {
				c.add(append(at, fmt.Sprint(i), name), "security scheme %q is not declared in components.securitySchemes", name)
			}
		}
	}
}
