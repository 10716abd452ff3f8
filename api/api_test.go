package api_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/api/internal/spec"
)

// TestLoadValidates loads the embedded document with kin-openapi and
// validates it as OpenAPI 3.1.
func TestLoadValidates(t *testing.T) {
	doc, err := api.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	op := doc.Paths.Find("/v3.6/agent/action/send_event")
	if op == nil || op.Post == nil || op.Post.OperationID != "agent.send_event" {
		t.Fatalf("agent.send_event missing: %+v", op)
	}
}

// TestGeneratedIsFresh fails when api/openapi.json differs from what
// `go generate ./api` writes from api/internal/spec.
func TestGeneratedIsFresh(t *testing.T) {
	want, err := spec.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(api.JSON(), want) {
		t.Fatal("api/openapi.json is stale: run `go generate ./api` and commit the result")
	}
}

// TestWithServer replaces every servers entry.
func TestWithServer(t *testing.T) {
	b, err := api.WithServer("http://127.0.0.1:9999")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Servers []struct{ URL string } `json:"servers"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "http://127.0.0.1:9999" {
		t.Fatalf("servers = %+v", doc.Servers)
	}
	if bytes.Contains(b, []byte("https://api.livechatinc.com\"")) {
		t.Fatal("the platform's address is still in the document")
	}
	if _, err := api.Parse(b); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkLoad measures parsing and validating the whole document (the
// target is at most 50 ms). Baseline: decoding the same bytes with
// encoding/json into a map.
func BenchmarkLoad(b *testing.B) {
	b.Run("kin-openapi-parse-validate", func(b *testing.B) {
		for b.Loop() {
			if _, err := api.Parse(api.JSON()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-json-decode", func(b *testing.B) {
		for b.Loop() {
			var m map[string]any
			if err := json.Unmarshal(api.JSON(), &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func loadRaw(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(api.JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// transportsOf returns x-livechat-transports of an operation.
func transportsOf(doc map[string]any, id string) []any {
	for _, item := range doc["paths"].(map[string]any) {
		for _, op := range item.(map[string]any) {
			if op, ok := op.(map[string]any); ok && op["operationId"] == id {
				tr, _ := op["x-livechat-transports"].([]any)
				return tr
			}
		}
	}
	return nil
}
