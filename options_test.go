package livechat_test

import (
	"context"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

type customTransport struct{}

func (customTransport) Call(context.Context, string, any, any) error { return nil }

func TestKindOf(t *testing.T) {
	w, err := web.New(web.Agent, livechat.NewBearerToken("dal:x"))
	if err != nil {
		t.Fatal(err)
	}
	if k := livechat.KindOf(w); k != livechat.TransportWeb {
		t.Fatalf("web transport: %q", k)
	}
	if k := livechat.KindOf(customTransport{}); k != "" {
		t.Fatalf("custom transport: %q", k)
	}
}
