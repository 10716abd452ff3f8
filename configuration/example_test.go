package configuration_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
)

// Register a webhook that fires when a customer writes in a chat. A tiny
// stand-in server plays the platform here; against the real one, drop
// WithBaseURL.
func ExampleClient_RegisterWebhook() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path)
		fmt.Println(string(body))
		io.WriteString(w, `{"id":"pqi8oasdjahuakndw9nsad9na"}`)
	}))
	defer srv.Close()

	c, err := configuration.NewWeb(livechat.NewPAT("d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf", "dal:personal-access-token"),
		livechat.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	hook, err := c.RegisterWebhook(context.Background(), configuration.RegisterWebhookRequest{
		Action:        "incoming_event",
		URL:           "https://example.com/livechat/webhooks",
		SecretKey:     "laudla991lamda0pnoaa0",
		OwnerClientID: "0805e283233042b37f460ed8fbf22160",
		Type:          configuration.WebhookLicense,
		Filters:       &configuration.WebhookFilters{AuthorType: "customer"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("webhook", hook.ID)
	// Output:
	// POST /v3.6/configuration/action/register_webhook
	// {"action":"incoming_event","secret_key":"laudla991lamda0pnoaa0","url":"https://example.com/livechat/webhooks","filters":{"author_type":"customer"},"owner_client_id":"0805e283233042b37f460ed8fbf22160","type":"license"}
	// webhook pqi8oasdjahuakndw9nsad9na
}
