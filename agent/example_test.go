package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
)

// fakeAgentAPI stands in for the platform (or the local emulator) in the
// examples: it answers start_chat, send_event and a two-page list_archives.
func fakeAgentAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			PageID string `json:"page_id"`
		}
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:] {
		case "start_chat":
			io.WriteString(w, `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}`)
		case "send_event":
			io.WriteString(w, `{"event_id":"K600PKZON8_1"}`)
		case "list_archives":
			if req.PageID == "" {
				io.WriteString(w, `{"chats":[{"id":"PJ0MRSHTDG","thread":{"id":"K600PKZON8","active":false,
					"events":[{"id":"K600PKZON8_1","type":"message","text":"Where is my order?","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}]}}],
					"found_chats":2,"next_page_id":"MTUxNzM5ODEzMTQ5Ng=="}`)
				return
			}
			io.WriteString(w, `{"chats":[{"id":"PWJ8Y4THAV","thread":{"id":"Q20N9CKRX2","active":false,
				"events":[{"id":"Q20N9CKRX2_1","type":"message","text":"Refund, please","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}]}}],
				"found_chats":2,"previous_page_id":"MTUxNzM5ODEzMTQ5Nw=="}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"type":"not_found","message":"Unknown action"}}`)
		}
	}))
}

// Start a chat and send a message in it over the Web API. Against the real
// platform, leave out WithBaseURL; against the local emulator, point it there.
func ExampleClient_SendMessage() {
	srv := fakeAgentAPI()
	defer srv.Close()

	client, err := agent.NewWeb(livechat.NewBearerToken("dal:test_1fgTbfXmgthj4cZSA"), livechat.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	chat, err := client.StartChat(ctx, agent.StartChatRequest{
		Chat: &agent.InitialChat{Access: &livechat.Access{GroupIDs: []int{0}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	eventID, err := client.SendMessage(ctx, chat.ChatID, "Hello! How can I help?")
	if err != nil {
		log.Fatal(err)
	}
	// An internal note only agents see:
	if _, err := client.SendMessage(ctx, chat.ChatID, "VIP customer", agent.WithVisibility(livechat.VisibilityAgents)); err != nil {
		log.Fatal(err)
	}
	fmt.Println("chat:", chat.ChatID, "thread:", chat.ThreadID)
	fmt.Println("event:", eventID)
	// Output:
	// chat: PJ0MRSHTDG thread: K600PKZON8
	// event: K600PKZON8_1
}

// Iterate over all archived threads matching a query; the iterator follows
// next_page_id for you.
func ExampleClient_Archives() {
	srv := fakeAgentAPI()
	defer srv.Close()

	client, err := agent.NewWeb(livechat.NewBearerToken("dal:test_1fgTbfXmgthj4cZSA"), livechat.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	req := agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{Query: "order"}, Limit: 1}
	for chat, err := range client.Archives(context.Background(), req) {
		if err != nil {
			log.Fatal(err)
		}
		for _, ev := range chat.Thread.Events {
			if m, ok := ev.(*livechat.Message); ok {
				fmt.Printf("%s/%s: %s\n", chat.ID, chat.Thread.ID, m.Text)
			}
		}
	}
	// Output:
	// PJ0MRSHTDG/K600PKZON8: Where is my order?
	// PWJ8Y4THAV/Q20N9CKRX2: Refund, please
}

// Errors answered by the platform match the livechat sentinels; bad
// arguments are caught before anything is sent.
func ExampleClient_GetChat_errors() {
	srv := fakeAgentAPI()
	defer srv.Close()

	client, err := agent.NewWeb(livechat.NewBearerToken("dal:test_1fgTbfXmgthj4cZSA"),
		livechat.WithBaseURL(srv.URL), livechat.WithMaxRetries(0))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, err = client.GetChat(ctx, "", "")
	var arg *livechat.ArgumentError
	fmt.Println(errors.As(err, &arg), arg.Field)

	_, err = client.GetChat(ctx, "PJ0MRSHTDG", "")
	fmt.Println(errors.Is(err, livechat.ErrNotFound))
	// Output:
	// true chat_id
	// true
}

// The same methods run over any livechat.Transport, such as an RTM
// connection: wrap it with agent.New.
func ExampleNew() {
	var conn livechat.Transport = &fakeTransport{answer: map[string]string{"send_event": `{"event_id":"K600PKZON8_2"}`}}
	client := agent.New(conn) // e.g. agent.New(rtmConn) after login
	id, err := client.SendMessage(context.Background(), "PJ0MRSHTDG", "sent over RTM")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(id)
	// Output: K600PKZON8_2
}
