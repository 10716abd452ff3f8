package configuration_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
)

// One item of a batch answer that does not decode is that item's
// DecodeErr (with its raw answer); the other items, refused or not, are
// decoded all the same.
func TestBatchUndecodableItemIsPerItem(t *testing.T) {
	s := newServer(t)
	s.SetReply(`{"responses":[{"id":"a@x.com"},{"id":123},{"error":{"type":"validation","message":"bad name"}},{"id":"d@x.com","extra":"kept"}]}`)
	res, err := s.client(t).BatchCreateAgents(context.Background(), []configuration.CreateAgentRequest{
		{ID: "a@x.com", Name: "A"}, {ID: "b@x.com", Name: "B"}, {ID: "c@x.com", Name: "C"}, {ID: "d@x.com", Name: "D"}})
	if err != nil {
		t.Fatalf("one undecodable item failed the whole batch: %v", err)
	}
	if len(res) != 4 {
		t.Fatalf("%d results", len(res))
	}
	if r := res[0]; r.Error() != nil || r.Response == nil || r.Response.ID != "a@x.com" {
		t.Errorf("item 0: %+v", r)
	}
	r := res[1]
	var ie *livechat.ItemError
	if r.Response != nil || r.DecodeErr == nil || !errors.As(r.Error(), &ie) || string(r.Raw) != `{"id":123}` {
		t.Fatalf("item 1: %+v", r)
	}
	if msg := r.Error().Error(); !strings.Contains(msg, "batch_create_agents") || !strings.Contains(msg, "response 1") || !strings.Contains(msg, "cannot unmarshal number") {
		t.Errorf("item 1 error does not say what failed: %s", msg)
	}
	var le *livechat.Error
	if r := res[2]; r.Response != nil || r.DecodeErr != nil || !errors.As(r.Error(), &le) || le.Type != "validation" {
		t.Errorf("item 2: %+v", r)
	}
	if r := res[3]; r.Error() != nil || r.Response == nil || r.Response.ID != "d@x.com" || string(r.Response.Extra["extra"]) != `"kept"` {
		t.Errorf("item 3: %+v", r)
	}
}

// An item nested deeper than encoding/json decodes keeps its other
// members; DecodeErr names the member left out.
func TestBatchTooDeepItemIsPerItem(t *testing.T) {
	s := newServer(t)
	deep := strings.Repeat("[", livechat.MaxNesting+5) + strings.Repeat("]", livechat.MaxNesting+5)
	s.SetReply(`{"responses":[{"id":"1","secret":"s1"},{"id":"2","secret":"s2","junk":` + deep + `}]}`)
	res, err := s.client(t).BatchCreateBots(context.Background(), []configuration.CreateBotRequest{{Name: "A"}, {Name: "B"}})
	if err != nil {
		t.Fatalf("a too-deep item failed the whole batch: %v", err)
	}
	if r := res[0]; r.Error() != nil || r.Response.ID != "1" {
		t.Errorf("item 0: %+v", r)
	}
	r := res[1]
	if r.Response == nil || r.Response.ID != "2" || r.Response.Secret != "s2" {
		t.Fatalf("item 1 lost its decodable members: %+v", r)
	}
	if r.DecodeErr == nil || !errors.Is(r.Error(), livechat.ErrTooDeep) || len(r.DecodeErr.Members) != 1 || r.DecodeErr.Members[0] != "junk" {
		t.Errorf("item 1 does not report the member left out: %+v", r.DecodeErr)
	}
}

// An answer that is not one response per request still fails the batch:
// no result could be matched to its request.
func TestBatchWrongResponseCountFails(t *testing.T) {
	s := newServer(t)
	s.SetReply(`{"responses":[{}]}`)
	if _, err := s.client(t).BatchDeleteBots(context.Background(), []string{"1", "2"}); err == nil || !strings.Contains(err.Error(), "1 responses for 2 requests") {
		t.Errorf("err = %v", err)
	}
}
