package api_test

import (
	"errors"
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

// Check an OpenAPI 3.1 document (here the embedded one, then a broken
// copy) the standard way: the OpenAPI 3.1 schema and the structural
// checks, without building kin-openapi's model.
func ExampleValidate() {
	fmt.Println(api.Validate(api.JSON()))
	broken := []byte(`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{
		"/a/{id}":{"get":{"operationId":"a","responses":{"200":{"$ref":"#/components/responses/Nope"}}}}}}`)
	err := api.Validate(broken)
	var de *api.DocumentError
	if errors.As(err, &de) {
		for _, p := range de.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// <nil>
	// /paths/~1a~1{id}/get/responses/200/$ref: reference "#/components/responses/Nope" does not resolve
	// /paths/~1a~1{id}/get/parameters: path parameter "id" of the template is not declared
}
