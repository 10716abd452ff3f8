// Command archive-export writes every archived chat the agent can see as
// one JSON document per line (JSON Lines), following the pages of
// list_archives.
//
//	go run ./examples/archive-export -query refund > archives.jsonl
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "base URL of the API (empty: the LiveChat platform)")
	token := flag.String("token", "dal:emulator-owner-token", "agent access token")
	query := flag.String("query", "", "full-text query")
	flag.Parse()

	var opts []livechat.Option
	if *url != "" {
		opts = append(opts, livechat.WithBaseURL(*url))
	}
	client, err := agent.NewWeb(livechat.NewBearerToken(*token), opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	req := agent.ListArchivesRequest{Limit: 100}
	if *query != "" {
		req.Filters = &agent.ArchivesFilters{Query: *query}
	}
	enc := json.NewEncoder(os.Stdout)
	n := 0
	for chat, err := range client.Archives(context.Background(), req) {
		if err != nil {
			fmt.Fprintln(os.Stderr, "list_archives:", err)
			os.Exit(1)
		}
		if err := enc.Encode(chat); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "%d chats exported\n", n)
}
