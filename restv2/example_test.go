package restv2_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/restv2"
)

// fakeAPI stands in for the REST API v2 (or the local emulator) so that
// the examples run offline.
func fakeAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/agents":
			io.WriteString(w, `[{"name":"John Doe","login":"john.doe@example.com","status":"accepting chats","permission":"owner"}]`)
		case r.URL.Path == "/agents/nobody@example.com":
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"Agent not found"}`)
		case r.URL.Path == "/chats":
			page := r.URL.Query().Get("page")
			io.WriteString(w, `{"chats":[{"id":"CHAT`+page+`A"},{"id":"CHAT`+page+`B"}],"total":4,"pages":2}`)
		case r.URL.Path == "/reports/chats/total_chats":
			io.WriteString(w, `{"2024-01-01":{"chats":18},"2024-01-02":{"chats":7}}`)
		case r.URL.Path == "/canned_responses" && r.Method == http.MethodPost:
			io.WriteString(w, `{"id":3181,"group":0,"text":"Have a great day!","tags":["bye"]}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"Not found"}`)
		}
	}))
}

func Example() {
	api := fakeAPI()
	defer api.Close()

	// Against the real API, omit WithBaseURL.
	c, err := restv2.New(livechat.NewAPIKey("john.doe@example.com", "c14b85863755158d7aa5cc4ba17f61cb"),
		livechat.WithBaseURL(api.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	agents, err := c.Agents.List(context.Background(), restv2.AgentListOptions{Status: restv2.AcceptingChats})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range agents {
		fmt.Println(a.Login, a.Status)
	}
	// Output: john.doe@example.com accepting chats
}

func ExampleNew_plainHTTPRefused() {
	_, err := restv2.New(livechat.NewAPIKey("john.doe@example.com", "key"),
		livechat.WithBaseURL("http://api.example.com"))
	fmt.Println(errors.Is(err, livechat.ErrValidation))
	// Output: true
}

func ExampleChatsService_All() {
	api := fakeAPI()
	defer api.Close()
	c, _ := restv2.New(livechat.NewAPIKey("john.doe@example.com", "key"), livechat.WithBaseURL(api.URL))

	for chat, err := range c.Chats.All(context.Background(), restv2.ChatListOptions{DateFrom: "2024-01-01"}) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(chat.ID)
	}
	// Output:
	// CHAT1A
	// CHAT1B
	// CHAT2A
	// CHAT2B
}

func ExampleReportsService_TotalChats() {
	api := fakeAPI()
	defer api.Close()
	c, _ := restv2.New(livechat.NewAPIKey("john.doe@example.com", "key"), livechat.WithBaseURL(api.URL))

	report, err := c.Reports.TotalChats(context.Background(), restv2.ReportOptions{
		DateFrom: "2024-01-01", DateTo: "2024-01-02", GroupBy: restv2.GroupByDay,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	chats := report.Series("chats")
	for _, day := range report.Periods() {
		fmt.Println(day, chats[day])
	}
	// Output:
	// 2024-01-01 18
	// 2024-01-02 7
}

func ExampleCannedResponsesService_Create() {
	api := fakeAPI()
	defer api.Close()
	c, _ := restv2.New(livechat.NewAPIKey("john.doe@example.com", "key"), livechat.WithBaseURL(api.URL))

	// Missing required fields are reported before anything is sent.
	_, err := c.CannedResponses.Create(context.Background(), restv2.CreateCannedResponseRequest{Text: "Bye"})
	fmt.Println(err)

	cr, err := c.CannedResponses.Create(context.Background(), restv2.CreateCannedResponseRequest{
		Text: "Have a great day!", Tags: []string{"bye"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cr.ID, strings.Join(cr.Tags, ","))
	// Output:
	// livechat: invalid argument: tags is required
	// 3181 bye
}

func ExampleAgentsService_Get_notFound() {
	api := fakeAPI()
	defer api.Close()
	c, _ := restv2.New(livechat.NewAPIKey("john.doe@example.com", "key"), livechat.WithBaseURL(api.URL))

	_, err := c.Agents.Get(context.Background(), "nobody@example.com")
	var le *livechat.Error
	if errors.Is(err, livechat.ErrNotFound) && errors.As(err, &le) {
		fmt.Println(le.Status, le.Message)
	}
	// Output: 404 Agent not found
}
