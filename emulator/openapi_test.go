package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/livechat-go/livechat/api"
	"github.com/livechat-go/livechat/emulator"
)

// TestServeOpenAPI: GET /openapi.json answers the description, without
// authentication, with servers pointing at the emulator itself.
func TestServeOpenAPI(t *testing.T) {
	srv := emulator.NewTest(t)
	resp, err := http.Get(srv.URL() + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	doc, err := api.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != srv.URL() {
		t.Fatalf("servers = %v, want %s", doc.Servers, srv.URL())
	}
	if doc.Paths.Find("/v3.6/agent/action/send_event") == nil {
		t.Fatal("agent.send_event is not described")
	}

	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/openapi.json", nil)
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	var env struct {
		Error struct{ Type, Message string } `json:"error"`
	}
	if err := json.NewDecoder(resp2.Body).Decode(&env); err != nil || resp2.StatusCode != http.StatusNotFound || env.Error.Type != "not_found" {
		t.Fatalf("POST /openapi.json: status %d, %+v, %v", resp2.StatusCode, env, err)
	}
}
