package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

type sendOptions struct {
	conn       apiFlags
	visibility string
	customer   bool
}

func newSend() *cobra.Command {
	o := &sendOptions{}
	cmd := &cobra.Command{
		Use:   "send CHAT_ID TEXT",
		Short: "Send a message to a chat (send_event)",
		Long: `Send a text message to a chat and print the new event's id. By default as the
agent (Agent Chat API); --customer sends it as the customer (Customer Chat
API). Like livechat api, it calls the local emulator with its well-known
credentials unless --url and --token/--pat say otherwise.`,
		Args: exactArgs(2, "CHAT_ID and TEXT"),
		RunE: func(cmd *cobra.Command, args []string) error { return classifyErr(o.run(cmd, args[0], args[1])) },
	}
	o.conn.register(cmd)
	cmd.Flags().StringVar(&o.visibility, "visibility", "", `"all" (default) or "agents" (an internal note)`)
	cmd.Flags().BoolVar(&o.customer, "customer", false, "send as the customer (Customer Chat API)")
	return cmd
}

func (o *sendOptions) run(cmd *cobra.Command, chatID, text string) error {
	ctx := cmd.Context()
	api := "agent"
	if o.customer {
		api = "customer"
	}
	c, err := o.conn.client(ctx, api, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	event := map[string]any{"type": "message", "text": text}
	if o.visibility != "" {
		event["visibility"] = o.visibility
	}
	raw, err := c.Call(ctx, api, "send_event", map[string]any{"chat_id": chatID, "event": event})
	if err != nil {
		return err
	}
	var resp struct {
		EventID string `json:"event_id"`
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return fmt.Errorf("decode the answer: %w", err)
	}
	_, err = fmt.Fprintln(cmd.OutOrStdout(), resp.EventID)
	return err
}
