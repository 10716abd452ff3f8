package api_test

import (
	"bytes"
	"encoding/json"
	"syscall"
	"testing"
	"time"

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

// BenchmarkLoad measures loading and validating the whole document (the
// target is at most 50 ms): "validate" is Validate (decode, the OpenAPI
// 3.1 schema, the structural checks), "kin-openapi" is Parse (kin-openapi's
// model, reference resolution and validator). Baseline: decoding the same
// bytes with encoding/json into a map. Run with -count and alternate.
func BenchmarkLoad(b *testing.B) {
	if err := api.Validate(api.JSON()); err != nil { // compiles the OpenAPI 3.1 schema once
		b.Fatal(err)
	}
	b.Run("validate", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			if err := api.Validate(api.JSON()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-json-decode", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			var m map[string]any
			if err := json.Unmarshal(api.JSON(), &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("kin-openapi-parse-validate", func(b *testing.B) {
		defer cpuPerOp(b)()
		for b.Loop() {
			if _, err := api.Parse(api.JSON()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// cpuPerOp reports the process's CPU time (user + system, all threads,
// the garbage collector's included) per operation as "cpu-ms/op": on a
// loaded machine wall time measures the wait for a core, CPU time the
// work.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
