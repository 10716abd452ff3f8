package customer_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
)

// Start a chat as a customer and send a message. A tiny stand-in server
// plays the platform here; against the real one, drop WithBaseURL.
func Example_startChat() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch {
		case strings.HasSuffix(r.URL.Path, "/start_chat"):
			fmt.Println("start_chat", r.URL.Query().Get("organization_id"), string(body))
			io.WriteString(w, `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_ids":["K600PKZON8_1"]}`)
		case strings.HasSuffix(r.URL.Path, "/send_event"):
			fmt.Println("send_event", string(body))
			io.WriteString(w, `{"event_id":"K600PKZON8_2"}`)
		}
	}))
	defer srv.Close()

	c, err := customer.NewWeb(livechat.NewBearerToken("dal:customer-access-token"),
		livechat.WithOrganizationID("142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f"),
		livechat.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	started, err := c.StartChat(ctx, customer.StartChatRequest{
		Chat: &customer.ChatInit{Thread: &customer.ThreadInit{
			Events: livechat.Events{&livechat.Message{Text: "Hi, I need help"}},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("chat", started.ChatID, "thread", started.ThreadID)

	id, err := c.SendMessage(ctx, started.ChatID, "Are you there?")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent", id)
	// Output:
	// start_chat 142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f {"chat":{"thread":{"events":[{"type":"message","text":"Hi, I need help"}]}}}
	// chat PJ0MRSHTDG thread K600PKZON8
	// send_event {"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"Are you there?"}}
	// sent K600PKZON8_2
}
