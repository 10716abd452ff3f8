package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// The typed shortcuts (`livechat chats list|get`, `livechat send`) run on
// the same engine as `livechat api`: the dynamic client, its validation,
// credentials and error reporting.

type chatsOptions struct {
	conn  apiFlags
	limit int
	all   bool
	json  bool
	jq    string
}

func newChats() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "chats",
		Short: "List chats and read one (Agent Chat API)",
		Long: `List the chats the agent can see and read one, without knowing action names.
Like livechat api, they call the local emulator with its well-known owner
credentials unless --url and --token/--pat say otherwise.`,
	}
	cmd.AddCommand(newChatsList(), newChatsGet())
	return cmd
}

func newChatsList() *cobra.Command {
	o := &chatsOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List chats, newest first (agent list_chats)",
		Long: `List chats, newest first: id, whether a thread is active, the customer and
the last message. --all follows every page; --json prints each chat summary as
JSON (one per line when piped), --jq filters them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return classifyErr(o.list(cmd)) },
	}
	o.register(cmd)
	cmd.Flags().IntVar(&o.limit, "limit", 25, "chats per page (1–100)")
	cmd.Flags().BoolVar(&o.all, "all", false, "list every page, not only the first")
	return cmd
}

func newChatsGet() *cobra.Command {
	o := &chatsOptions{}
	var thread string
	cmd := &cobra.Command{
		Use:   "get CHAT_ID",
		Short: "Show a chat's thread (agent get_chat)",
		Long: `Show a chat's latest thread (or --thread ID) as a transcript: one line per
event with its time, author and text. --json prints the chat as JSON.`,
		Args: exactArgs(1, "CHAT_ID"),
		RunE: func(cmd *cobra.Command, args []string) error { return classifyErr(o.get(cmd, args[0], thread)) },
	}
	o.register(cmd)
	cmd.Flags().StringVar(&thread, "thread", "", "thread id (default: the latest thread)")
	return cmd
}

func (o *chatsOptions) register(cmd *cobra.Command) {
	o.conn.register(cmd)
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON instead of a table")
	cmd.Flags().StringVar(&o.jq, "jq", "", "filter the JSON with a jq expression (implies --json)")
}

// exactArgs is cobra.ExactArgs with a usage error naming the arguments.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError(fmt.Sprintf("%s needs %s (got %d arguments)", cmd.CommandPath(), names, len(args)))
		}
		return nil
	}
}

type chatSummary struct {
	ID           string `json:"id"`
	LastThreadID string `json:"last_thread_id"`
	Users        []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
		Name string `json:"name"`
	} `json:"users"`
	LastThreadSummary struct {
		Active bool `json:"active"`
	} `json:"last_thread_summary"`
	LastEventPerType map[string]struct {
		Event struct {
			Text      string `json:"text"`
			CreatedAt string `json:"created_at"`
		} `json:"event"`
	} `json:"last_event_per_type"`
}

func (o *chatsOptions) list(cmd *cobra.Command) error {
	ctx := cmd.Context()
	c, err := o.conn.client(ctx, "agent", cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	args := map[string]any{"limit": o.limit}
	var out *output
	var tw *tabwriter.Writer
	if o.json || o.jq != "" {
		if out, err = newOutput(cmd.OutOrStdout(), o.jq); err != nil {
			return err
		}
	} else {
		tw = tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CHAT\tACTIVE\tCUSTOMER\tLAST MESSAGE")
	}
	n := 0
	for item, err := range c.Paginate(ctx, "agent", "list_chats", args) {
		if err != nil {
			return err
		}
		n++
		if out != nil {
			if err := out.print(item); err != nil {
				return err
			}
		} else {
			var s chatSummary
			if err := json.Unmarshal(item, &s); err != nil {
				return fmt.Errorf("decode a chat summary: %w", err)
			}
			active := "no"
			if s.LastThreadSummary.Active {
				active = "yes"
			}
			customer := ""
			for _, u := range s.Users {
				if u.Type == "customer" {
					customer = firstNonEmpty(u.Name, u.ID)
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.ID, active, customer, clip(s.LastEventPerType["message"].Event.Text, 60))
		}
		if !o.all && n >= o.limit {
			break
		}
	}
	if tw != nil {
		return tw.Flush()
	}
	return nil
}

func (o *chatsOptions) get(cmd *cobra.Command, chatID, threadID string) error {
	ctx := cmd.Context()
	c, err := o.conn.client(ctx, "agent", cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	args := map[string]any{"chat_id": chatID}
	if threadID != "" {
		args["thread_id"] = threadID
	}
	raw, err := c.Call(ctx, "agent", "get_chat", args)
	if err != nil {
		return err
	}
	if o.json || o.jq != "" {
		out, err := newOutput(cmd.OutOrStdout(), o.jq)
		if err != nil {
			return err
		}
		return out.print(raw)
	}
	return printTranscript(cmd.OutOrStdout(), raw)
}

func printTranscript(w io.Writer, raw json.RawMessage) error {
	var chat struct {
		ID    string `json:"id"`
		Users []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"users"`
		Thread struct {
			ID     string `json:"id"`
			Active bool   `json:"active"`
			Events []struct {
				Type       string `json:"type"`
				Text       string `json:"text"`
				AuthorID   string `json:"author_id"`
				CreatedAt  string `json:"created_at"`
				Name       string `json:"name"`
				URL        string `json:"url"`
				TemplateID string `json:"template_id"`
			} `json:"events"`
		} `json:"thread"`
	}
	if err := json.Unmarshal(raw, &chat); err != nil {
		return fmt.Errorf("decode the chat: %w", err)
	}
	names := map[string]string{}
	for _, u := range chat.Users {
		names[u.ID] = firstNonEmpty(u.Name, u.ID)
	}
	state := "closed"
	if chat.Thread.Active {
		state = "active"
	}
	fmt.Fprintf(w, "chat %s, thread %s (%s)\n", chat.ID, chat.Thread.ID, state)
	for _, ev := range chat.Thread.Events {
		at := ev.CreatedAt
		if len(at) >= 19 {
			at = strings.Replace(at[:19], "T", " ", 1)
		}
		who := firstNonEmpty(names[ev.AuthorID], ev.AuthorID, "system")
		text := ev.Text
		switch ev.Type {
		case "message", "system_message":
		case "file":
			text = "[file] " + firstNonEmpty(ev.Name, ev.URL)
		case "rich_message":
			text = "[rich message " + ev.TemplateID + "]"
		default:
			text = "[" + ev.Type + "] " + text
		}
		fmt.Fprintf(w, "%s  %s: %s\n", at, who, text)
	}
	return nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// clip shortens s to n runes on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
