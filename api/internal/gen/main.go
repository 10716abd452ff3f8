// Command gen writes the project's OpenAPI description (api/openapi.json)
// from the compact source in api/internal/spec. Run it with
// `go generate ./api`.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/livechat-go/livechat/api/internal/spec"
)

func main() {
	out := flag.String("o", "openapi.json", "file to write")
	flag.Parse()
	b, err := spec.Build()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
