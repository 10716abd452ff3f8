package dynamic_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/dynamic"
	"github.com/livechat-go/livechat/emulator"
)

// A call against the local emulator, and a bad argument refused before
// anything is sent.
func Example() {
	ctx := context.Background()
	srv, err := emulator.New(ctx, emulator.Config{DataDir: ":memory:", Addr: "127.0.0.1:0"})
	if err != nil {
		panic(err)
	}
	if err := srv.Start(); err != nil {
		panic(err)
	}
	defer srv.Close()

	creds := livechat.NewBearerToken(srv.Credentials().Owner.Token)
	client, err := dynamic.Discover(ctx, srv.URL(), creds) // the emulator serves /openapi.json
	if err != nil {
		panic(err)
	}
	op, _ := client.Operation("agent", "send_event")
	fmt.Println(op.ID, op.Method, op.Path)

	raw, err := client.Call(ctx, "configuration", "list_agents", nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(raw) > 2)

	_, err = client.Call(ctx, "agent", "send_event", map[string]any{
		"chat_id": "PJ0MRSHTDG",
		"event":   map[string]any{"type": "message"},
	})
	fmt.Println(err, errors.Is(err, livechat.ErrValidation))
	// Output:
	// agent.send_event POST /v3.6/agent/action/send_event
	// true
	// livechat: invalid argument: event.text is required true
}
