// Command livechat is the livechat-go command line. `livechat serve` runs
// the local LiveChat emulator.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRoot().ExecuteContext(ctx); err != nil {
		os.Exit(reportError(os.Stderr, err)) // apiconn.go: "type: message" and exit status for api, chats, send
	}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "livechat",
		Short: "Tools for the LiveChat platform: a local emulator of its APIs and commands to inspect it",
		Long: `livechat is the command line of livechat-go.

livechat serve runs a local LiveChat platform with persistent state: the
Agent Chat API (Web, RTM and SockJS), the Customer Chat API (Web and RTM),
the Configuration API, the legacy REST API v2, webhooks (v3 and v2) and OAuth
(authorize, token, customer token). Point an SDK at it with its base URL and
the well-known credentials (livechat credentials).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newServe())
	root.AddCommand(newWebhooks()) // webhooks.go
	root.AddCommand(newVersion())  // version.go
	setVersionFlag(root)           // version.go: livechat --version
	root.AddCommand(newDemo())     // demo.go

	root.AddCommand(newCredentials())                                   // credentials.go
	root.AddCommand(newListen(), newTrigger(), newExport(), newReset()) // listen.go, trigger.go, export.go

	root.AddCommand(newAPI(), newChats(), newSend()) // api.go, chats.go, send.go
	return root
}
