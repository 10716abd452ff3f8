package api_test

import (
	"fmt"
	"log"

	"github.com/livechat-go/livechat/api"
)

// Load the embedded description and look an operation up by path.
func ExampleLoad() {
	doc, err := api.Load()
	if err != nil {
		log.Fatal(err)
	}
	op := doc.Paths.Find("/v3.6/agent/action/send_event").Post
	fmt.Println(op.OperationID, op.Extensions["x-livechat-transports"])
	schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
	fmt.Println("required:", schema.Required)
	// Output:
	// agent.send_event [web rtm]
	// required: [chat_id event]
}
