package ui_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/livechat-go/livechat/emulator/ui"
)

type fixed struct{ snap ui.Snapshot }

func (f fixed) Snapshot(context.Context) (*ui.Snapshot, error) { return &f.snap, nil }

// The emulator mounts the UI at /emulator/ui with itself as the Source.
func ExampleHandler() {
	h := ui.Handler("/emulator/ui", fixed{ui.Snapshot{Chats: []ui.Chat{{ID: "PJ0MRSHTDG", Active: true, LastText: "Hi!"}}}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/emulator/ui/api/snapshot", nil))
	body, _ := io.ReadAll(rec.Body)
	fmt.Println(rec.Code, rec.Header().Get("X-Content-Type-Options"))
	fmt.Println(string(body))
	// Output:
	// 200 nosniff
	// {"chats":[{"id":"PJ0MRSHTDG","created_at":"","thread_id":"","active":true,"users":null,"events":0,"last_type":"","last_text":"Hi!","last_author":"","last_at":""}],"agents":null,"customers":null,"deliveries":null,"connections":0}
}
