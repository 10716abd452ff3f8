package dynamic_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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

// On API 3.5 an agent token acts as a bot with the header parameter
// X-Author-Id, given like any other argument; API 3.6 has no such header
// and refuses it before sending.
func ExampleClient_Call_headerParameter() {
	ctx := context.Background()
	srv, err := emulator.New(ctx, emulator.Config{DataDir: ":memory:", Addr: "127.0.0.1:0"})
	if err != nil {
		panic(err)
	}
	if err := srv.Start(); err != nil {
		panic(err)
	}
	defer srv.Close()
	owner, bot := srv.Credentials().Owner, srv.Credentials().Bot

	client, err := dynamic.New(livechat.NewBearerToken(owner.Token), livechat.WithBaseURL(srv.URL()),
		livechat.WithAPIVersion(livechat.V3_5))
	if err != nil {
		panic(err)
	}
	var started struct {
		ChatID string `json:"chat_id"`
	}
	raw, err := client.Call(ctx, "agent", "start_chat", map[string]any{"X-Author-Id": bot.ID})
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(raw, &started); err != nil {
		panic(err)
	}
	raw, err = client.Call(ctx, "agent", "get_chat", map[string]any{"chat_id": started.ChatID})
	if err != nil {
		panic(err)
	}
	var chat struct {
		Users []struct {
			ID string `json:"id"`
		} `json:"users"`
	}
	if err := json.Unmarshal(raw, &chat); err != nil {
		panic(err)
	}
	fmt.Println(len(chat.Users) == 1 && chat.Users[0].ID == bot.ID)

	v36, err := dynamic.New(livechat.NewBearerToken(owner.Token), livechat.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	_, err = v36.Call(ctx, "agent", "start_chat", map[string]any{"X-Author-Id": bot.ID})
	fmt.Println(err)
	// Output:
	// true
	// livechat: invalid argument: X-Author-Id is not a header parameter of agent.start_chat in API 3.6
}

// upload_file takes a File; the answer holds the address of the upload.
func ExampleFile() {
	ctx := context.Background()
	srv, err := emulator.New(ctx, emulator.Config{DataDir: ":memory:", Addr: "127.0.0.1:0"})
	if err != nil {
		panic(err)
	}
	if err := srv.Start(); err != nil {
		panic(err)
	}
	defer srv.Close()

	client, err := dynamic.New(livechat.NewBearerToken(srv.Credentials().Owner.Token), livechat.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	raw, err := client.Call(ctx, "agent", "upload_file", map[string]any{
		"file": dynamic.File{Name: "notes.txt", Content: strings.NewReader("hello")},
	})
	if err != nil {
		panic(err)
	}
	var up struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(raw, &up); err != nil {
		panic(err)
	}
	fmt.Println(strings.HasSuffix(up.URL, "/notes.txt"))
	// Output: true
}
