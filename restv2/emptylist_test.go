package restv2_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/restv2"
)

// An empty, non-nil list is sent as [] so that it can clear the members;
// a nil list is left out.
func TestEmptyListsAreSent(t *testing.T) {
	var bodies []map[string]json.RawMessage
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]json.RawMessage
		json.Unmarshal(b, &m)
		bodies = append(bodies, m)
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := restv2.New(livechat.NewAPIKey("a@example.com", "k"), livechat.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c.Groups.Update(ctx, 1, restv2.GroupRequest{Agents: []string{}})
	c.Agents.Update(ctx, "a@example.com", restv2.UpdateAgentRequest{Groups: []int{}})
	c.Agents.Update(ctx, "a@example.com", restv2.UpdateAgentRequest{Name: "A"})
	if len(bodies) != 3 {
		t.Fatalf("%d requests sent", len(bodies))
	}
	if string(bodies[0]["agents"]) != "[]" || string(bodies[1]["groups"]) != "[]" {
		t.Errorf("empty lists not sent: %v %v", bodies[0], bodies[1])
	}
	if _, ok := bodies[2]["groups"]; ok {
		t.Errorf("nil groups sent: %v", bodies[2])
	}
}
