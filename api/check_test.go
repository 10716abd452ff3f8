package api_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/api"
)

// TestValidateEmbedded: the embedded document passes the standard check
// (the OpenAPI 3.1 schema and the structural checks).
func TestValidateEmbedded(t *testing.T) {
	if err := api.Validate(api.JSON()); err != nil {
		t.Fatal(err)
	}
	b, err := api.WithServer("http://127.0.0.1:9999")
	if err != nil {
		t.Fatal(err)
	}
	if err := api.Validate(b); err != nil {
		t.Fatalf("the served document: %v", err)
	}
}

// TestValidateRejectsBrokenDocuments breaks the embedded document one way
// at a time and expects a *DocumentError naming the place.
func TestValidateRejectsBrokenDocuments(t *testing.T) {
	const sendEvent = "/v3.6/agent/action/send_event"
	cases := []struct {
		name    string
		break_  func(doc map[string]any)
		pointer string // the problem's JSON pointer
		words   string // in its message
	}{
		{"bad $ref", func(doc map[string]any) {
			op(doc, sendEvent, "post")["requestBody"] = map[string]any{"$ref": "#/components/requestBodies/nope"}
		}, "/paths/~1v3.6~1agent~1action~1send_event/post/requestBody/$ref", "does not resolve"},
		{"bad $ref in a schema", func(doc map[string]any) {
			schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
			schemas["Broken"] = map[string]any{"type": "object", "properties": map[string]any{"x": map[string]any{"$ref": "#/components/schemas/Nowhere"}}}
		}, "/components/schemas/Broken/properties/x/$ref", "does not resolve"},
		{"external $ref", func(doc map[string]any) {
			op(doc, sendEvent, "post")["requestBody"] = map[string]any{"$ref": "other.json#/x"}
		}, "/paths/~1v3.6~1agent~1action~1send_event/post/requestBody/$ref", "not local"},
		{"duplicate operationId", func(doc map[string]any) {
			op(doc, "/v3.5/agent/action/send_event", "post")["operationId"] = "agent.send_event"
		}, "/operationId", `"agent.send_event" is already used`},
		{"wrong type", func(doc map[string]any) {
			op(doc, sendEvent, "post")["summary"] = 5
		}, "/paths/~1v3.6~1agent~1action~1send_event/post/summary", "must be string, got number"},
		{"wrong type of a parameter member", func(doc map[string]any) {
			params := doc["components"].(map[string]any)["parameters"].(map[string]any)
			for _, p := range params {
				p.(map[string]any)["required"] = "yes"
				break
			}
		}, "/components/parameters/", "boolean"},
		{"unknown member", func(doc map[string]any) {
			op(doc, sendEvent, "post")["sumary"] = "typo"
		}, "/paths/~1v3.6~1agent~1action~1send_event/post", "sumary"},
		{"undeclared path parameter", func(doc map[string]any) {
			paths := doc["paths"].(map[string]any)
			paths["/agents/{login}/extra/{other}"] = paths["/agents/{login}"]
		}, "/paths/~1agents~1{login}~1extra~1{other}/", `"other" of the template is not declared`},
		{"unknown security scheme", func(doc map[string]any) {
			op(doc, sendEvent, "post")["security"] = []any{map[string]any{"nope": []any{}}}
		}, "/paths/~1v3.6~1agent~1action~1send_event/post/security/0/nope", "not declared"},
		{"not OpenAPI 3.1", func(doc map[string]any) { doc["openapi"] = "3.0.3" }, "/openapi", "pattern"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(api.JSON(), &doc); err != nil {
				t.Fatal(err)
			}
			c.break_(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = api.Validate(b)
			var de *api.DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("accepted or wrong error: %v", err)
			}
			found := false
			for _, p := range de.Problems {
				if strings.Contains(p.Pointer, c.pointer) && strings.Contains(p.String(), c.words) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no problem at %s mentioning %q in %v", c.pointer, c.words, de.Problems)
			}
			if !strings.Contains(err.Error(), de.Problems[0].Pointer) {
				t.Fatalf("the message %q does not name the place", err)
			}
		})
	}
	if err := api.Validate([]byte(`[1]`)); err == nil {
		t.Fatal("a JSON array was accepted")
	}
	if err := api.Validate([]byte(`{`)); err == nil {
		t.Fatal("invalid JSON was accepted")
	}
}

// op returns the operation object of a path and method of a decoded
// document.
func op(doc map[string]any, path, method string) map[string]any {
	return doc["paths"].(map[string]any)[path].(map[string]any)[method].(map[string]any)
}
