package livechat_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/livechat-go/livechat"
)

// Decode a thread and switch on the concrete type of each event.
func ExampleEvent() {
	var th livechat.Thread
	_ = json.Unmarshal([]byte(`{"id":"K600PKZON8","active":true,"events":[
		{"id":"K600PKZON8_1","type":"message","text":"Hello","author_id":"smith@example.com"},
		{"id":"K600PKZON8_2","type":"file","url":"https://cdn.example/a.png","name":"a.png"},
		{"id":"K600PKZON8_3","type":"hologram","beam":1}]}`), &th)
	for _, ev := range th.Events {
		switch e := ev.(type) {
		case *livechat.Message:
			fmt.Println("message:", e.Text)
		case *livechat.File:
			fmt.Println("file:", e.Name)
		case *livechat.RawEvent:
			fmt.Println("unknown type kept raw:", e.EventType())
		}
	}
	// Output:
	// message: Hello
	// file: a.png
	// unknown type kept raw: hologram
}

// Match platform errors with errors.Is and read their details with errors.As.
func ExampleError() {
	var err error = &livechat.Error{Type: livechat.TypeChatInactive, Message: "Chat is inactive", Status: 400, Action: "send_event"}
	if errors.Is(err, livechat.ErrChatInactive) {
		fmt.Println("resume the chat first")
	}
	var le *livechat.Error
	if errors.As(err, &le) {
		fmt.Println(le.Status, le.Action, livechat.IsRetryable(err))
	}
	// Output:
	// resume the chat first
	// 400 send_event false
}

// Credentials never reveal their secret when printed or logged.
func ExampleNewPAT() {
	creds := livechat.NewPAT("b7eff798-f8df-4364-8059-649c35c9ed0c", "dal:my-secret-pat")
	fmt.Println(creds)
	// Output: livechat.PersonalAccessToken{AccountID:b7eff798-f8df-4364-8059-649c35c9ed0c PAT:[REDACTED]}
}
