package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/redact"
)

type triggerOptions struct {
	conn     connFlags
	set      []string
	file     string
	json     bool
	customer int
}

func newTrigger() *cobra.Command {
	o := triggerOptions{}
	cmd := &cobra.Command{
		Use:   "trigger [SCENARIO]",
		Short: "Act as the platform's other side: start a chat, send a customer message, close, transfer…",
		Long: `Run a named scenario against the emulator through the real Customer and
Agent Chat APIs, so pushes and webhooks fire exactly as in real use:

` + scenarioHelp() + `
--set field=value overrides a field (e.g. --set text="Hi" --set group=0).
A chat_id defaults to the customer's newest chat. Scenarios act as the
emulator's well-known customer (--customer N picks 1…3) and owner. New
chats go to group 1 (Sales), whose only agent is the owner: the agent
livechat listen logs in as by default, so its pushes reach it.

--file runs the steps of a JSON or YAML fixture in order; a step may
name itself and later steps refer to its results with ${name.field}:

  steps:
    - name: chat
      scenario: incoming_chat
      set: {text: "Where is my order?"}
    - scenario: customer_message
      set: {chat_id: "${chat.chat_id}", text: "Hello?"}
    - scenario: chat_transferred
      set: {chat_id: "${chat.chat_id}", group: 1}`,
		Example: `  livechat trigger incoming_chat --set text="I need help"
  livechat trigger customer_message --set text="Anyone there?"
  livechat trigger --file fixtures/support.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runTrigger(cmd, o, args) },
	}
	f := cmd.Flags()
	o.conn.addURL(f)
	f.StringArrayVar(&o.set, "set", nil, "override a scenario field: field=value (repeatable)")
	f.StringVar(&o.file, "file", "", "run the steps of this JSON or YAML fixture")
	f.BoolVar(&o.json, "json", false, "print each step's results as a JSON line")
	f.IntVar(&o.customer, "customer", 1, "which well-known customer acts (1…3)")
	return cmd
}

// scenario is one named trigger.
type scenario struct {
	help   string
	fields map[string]string // field → what it is
	run    func(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error)
}

var scenarios = map[string]scenario{
	"incoming_chat": {
		help:   "a customer starts a chat with a message",
		fields: map[string]string{"text": "the first message", "group": "the group the chat is for (default 1, Sales, served by the owner whom listen logs in as)"},
		run:    incomingChat,
	},
	"customer_message": {
		help:   "the customer sends a message (resuming the chat when it is closed)",
		fields: map[string]string{"chat_id": "the chat", "text": "the message"},
		run:    customerMessage,
	},
	"chat_closed": {
		help:   "the customer closes the chat",
		fields: map[string]string{"chat_id": "the chat"},
		run:    chatClosed,
	},
	"chat_transferred": {
		help:   "the owner transfers the chat to a group or an agent",
		fields: map[string]string{"chat_id": "the chat", "group": "target group (default 1)", "agent_id": "target agent instead of a group"},
		run:    chatTransferred,
	},
	"rich_message_postback": {
		help:   "the owner sends a card with a button, the customer clicks it",
		fields: map[string]string{"chat_id": "the chat", "postback_id": "the button's postback id (default yes)", "title": "the card title", "button": "the button text"},
		run:    richMessagePostback,
	},
	"customer_typing": {
		help:   "the customer types (a sneak peek of the text)",
		fields: map[string]string{"chat_id": "the chat", "text": "what the customer is typing"},
		run:    customerTyping,
	},
}

func scenarioNames() []string { return slices.Sorted(maps.Keys(scenarios)) }

func scenarioHelp() string {
	var b strings.Builder
	for _, n := range scenarioNames() {
		fmt.Fprintf(&b, "  %-22s %s\n", n, scenarios[n].help)
	}
	return b.String()
}

// triggerEnv holds the clients the scenarios act through.
type triggerEnv struct {
	cust  *customer.Client
	owner *agent.Client
}

// step is one step of a fixture.
type step struct {
	Name     string            `json:"name"`
	Scenario string            `json:"scenario"`
	Set      map[string]string `json:"set"`
}

func runTrigger(cmd *cobra.Command, o triggerOptions, args []string) error {
	steps, err := triggerSteps(o, args)
	if err != nil {
		return err
	}
	if err := o.conn.check(); err != nil {
		return err
	}
	if !o.conn.local() {
		return fmt.Errorf("trigger acts with the emulator's well-known credentials: --url must name a local emulator (127.0.0.1, localhost), not %s", redact.URL(o.conn.url))
	}
	ccreds, org, err := o.conn.customerCreds(o.customer)
	if err != nil {
		return err
	}
	acreds := livechat.NewBearerToken(strings.TrimPrefix(wellKnownOwnerToken(), "Bearer "))
	opts := []livechat.Option{livechat.WithBaseURL(o.conn.url), livechat.WithMaxRetries(0)}
	cust, err := customer.NewWeb(ccreds, append(opts, livechat.WithOrganizationID(org))...)
	if err != nil {
		return err
	}
	owner, err := agent.NewWeb(acreds, opts...)
	if err != nil {
		return err
	}
	env := &triggerEnv{cust: cust, owner: owner}
	results := map[string]map[string]string{}
	for i, st := range steps {
		fields, err := resolveRefs(st.Set, results)
		if err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, st.Scenario, err)
		}
		res, err := scenarios[st.Scenario].run(cmd.Context(), env, fields)
		if err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, st.Scenario, err)
		}
		if st.Name != "" {
			results[st.Name] = res
		}
		printResult(cmd.OutOrStdout(), st.Scenario, res, o.json)
	}
	return nil
}

func wellKnownOwnerToken() string { return wellKnown().Owner.Token }

// triggerSteps reads the steps (from SCENARIO and --set, or --file) and
// checks every scenario and field before anything is sent.
func triggerSteps(o triggerOptions, args []string) ([]step, error) {
	var steps []step
	switch {
	case o.file != "" && len(args) > 0:
		return nil, errors.New("give a SCENARIO or --file, not both")
	case o.file != "":
		if len(o.set) > 0 {
			return nil, errors.New("--set applies to a SCENARIO; a --file step has its own set")
		}
		var err error
		if steps, err = readFixture(o.file); err != nil {
			return nil, err
		}
	case len(args) == 1:
		st := step{Scenario: args[0], Set: map[string]string{}}
		for _, kv := range o.set {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("--set %q: want field=value", kv)
			}
			st.Set[k] = v
		}
		steps = []step{st}
	default:
		return nil, fmt.Errorf("name a scenario (%s) or give --file", strings.Join(scenarioNames(), ", "))
	}
	names := map[string]bool{}
	for i, st := range steps {
		sc, ok := scenarios[st.Scenario]
		where := fmt.Sprintf("scenario %q", st.Scenario)
		if o.file != "" {
			where = fmt.Sprintf("%s: steps[%d]: scenario %q", o.file, i, st.Scenario)
		}
		if !ok {
			return nil, fmt.Errorf("%s is unknown; scenarios: %s", where, strings.Join(scenarioNames(), ", "))
		}
		for k := range st.Set {
			if _, ok := sc.fields[k]; !ok {
				return nil, fmt.Errorf("%s has no field %q; fields: %s", where, k, strings.Join(slices.Sorted(maps.Keys(sc.fields)), ", "))
			}
		}
		for _, m := range refRE.FindAllStringSubmatch(strings.Join(slices.Collect(maps.Values(st.Set)), " "), -1) {
			if !names[m[1]] {
				return nil, fmt.Errorf("%s refers to ${%s.%s}, but no earlier step is named %q", where, m[1], m[2], m[1])
			}
		}
		if st.Name != "" {
			names[st.Name] = true
		}
	}
	return steps, nil
}

func readFixture(name string) ([]step, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var fx struct {
		Steps []step `json:"steps"`
	}
	if err := yaml.UnmarshalWithOptions(data, &fx, yaml.DisallowUnknownField(), yaml.UseJSONUnmarshaler()); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, false))
	}
	if len(fx.Steps) == 0 {
		return nil, fmt.Errorf("%s: no steps (want {steps: [{scenario: …, set: {…}}, …]})", name)
	}
	for i := range fx.Steps {
		if fx.Steps[i].Set == nil {
			fx.Steps[i].Set = map[string]string{}
		}
	}
	return fx.Steps, nil
}

var refRE = regexp.MustCompile(`\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}`)

func resolveRefs(set map[string]string, results map[string]map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(set))
	for k, v := range set {
		var err error
		out[k] = refRE.ReplaceAllStringFunc(v, func(m string) string {
			sub := refRE.FindStringSubmatch(m)
			r, ok := results[sub[1]][sub[2]]
			if !ok && err == nil {
				err = fmt.Errorf("${%s.%s}: step %q has no result %q (it has: %s)", sub[1], sub[2], sub[1], sub[2],
					strings.Join(slices.Sorted(maps.Keys(results[sub[1]])), ", "))
			}
			return r
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func printResult(w io.Writer, name string, res map[string]string, asJSON bool) {
	if asJSON {
		b, _ := json.Marshal(map[string]any{"scenario": name, "result": res})
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(res)) {
		fmt.Fprintf(&b, " %s=%s", k, res[k])
	}
	fmt.Fprintf(w, "%s:%s\n", name, b.String())
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func intField(f map[string]string, k string, def int) (int, error) {
	v, ok := f[k]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s must be an integer, not %q", k, v)
	}
	return n, nil
}

// newestChat returns the chat to act on: f["chat_id"] or the customer's newest.
func (e *triggerEnv) newestChat(ctx context.Context, f map[string]string) (string, error) {
	if id := f["chat_id"]; id != "" {
		return id, nil
	}
	list, err := e.cust.ListChats(ctx, customer.ListChatsRequest{Limit: 1, SortOrder: customer.SortDesc})
	if err != nil {
		return "", err
	}
	if len(list.ChatsSummary) == 0 {
		return "", errors.New("the customer has no chat yet: run incoming_chat first, or --set chat_id=…")
	}
	return list.ChatsSummary[0].ID, nil
}

func incomingChat(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error) {
	text := orDefault(f["text"], "Hello from livechat trigger")
	req := customer.StartChatRequest{Chat: &customer.ChatInit{Thread: &customer.ThreadInit{
		Events: livechat.Events{&livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventMessage}, Text: text}}}}}
	g, err := intField(f, "group", 1)
	if err != nil {
		return nil, err
	}
	req.Chat.Access = &livechat.Access{GroupIDs: []int{g}}
	// Continuous: with no agent logged in the chat waits in the queue (and
	// goes to the first agent who logs in) instead of failing groups_offline.
	continuous := true
	req.Continuous = &continuous
	r, err := e.cust.StartChat(ctx, req)
	if err != nil {
		return nil, err
	}
	res := map[string]string{"chat_id": r.ChatID, "thread_id": r.ThreadID}
	if len(r.EventIDs) > 0 {
		res["event_id"] = r.EventIDs[0]
	}
	return res, nil
}

func customerMessage(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error) {
	chatID, err := e.newestChat(ctx, f)
	if err != nil {
		return nil, err
	}
	text := orDefault(f["text"], "Another message from livechat trigger")
	id, err := e.cust.SendMessage(ctx, chatID, text)
	if errors.Is(err, livechat.ErrChatInactive) {
		r, err := e.cust.ResumeChat(ctx, customer.ResumeChatRequest{Chat: customer.ChatInit{ID: chatID, Thread: &customer.ThreadInit{
			Events: livechat.Events{&livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventMessage}, Text: text}}}}})
		if err != nil {
			return nil, err
		}
		res := map[string]string{"chat_id": chatID, "thread_id": r.ThreadID, "resumed": "true"}
		if len(r.EventIDs) > 0 {
			res["event_id"] = r.EventIDs[0]
		}
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]string{"chat_id": chatID, "event_id": id}, nil
}

func chatClosed(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error) {
	chatID, err := e.newestChat(ctx, f)
	if err != nil {
		return nil, err
	}
	if err := e.cust.DeactivateChat(ctx, chatID); err != nil {
		return nil, err
	}
	return map[string]string{"chat_id": chatID}, nil
}

func chatTransferred(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error) {
	chatID, err := e.newestChat(ctx, f)
	if err != nil {
		return nil, err
	}
	req := agent.TransferChatRequest{ID: chatID, IgnoreAgentsAvailability: true, IgnoreRequesterPresence: true}
	res := map[string]string{"chat_id": chatID}
	if a := f["agent_id"]; a != "" {
		if _, ok := f["group"]; ok {
			return nil, errors.New("set group or agent_id, not both")
		}
		req.Target = agent.ToAgents(a)
		res["agent_id"] = a
	} else {
		g, err := intField(f, "group", 1)
		if err != nil {
			return nil, err
		}
		req.Target = &agent.TransferTarget{GroupIDs: []int{g}}
		res["group"] = strconv.Itoa(g)
	}
	if err := e.owner.TransferChat(ctx, req); err != nil {
		return nil, err
	}
	return res, nil
}

func richMessagePostback(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error) {
	chatID, err := e.newestChat(ctx, f)
	if err != nil {
		return nil, err
	}
	pb := orDefault(f["postback_id"], "yes")
	card := &livechat.RichMessage{EventBase: livechat.EventBase{Type: livechat.EventRichMessage}, TemplateID: "cards",
		Elements: []livechat.RichElement{{Title: orDefault(f["title"], "Did this help?"),
			Buttons: []livechat.RichButton{{Text: orDefault(f["button"], "Yes"), Type: "message", Value: "yes", PostbackID: pb}}}}}
	sent, err := e.owner.SendEvent(ctx, agent.SendEventRequest{ChatID: chatID, Event: card})
	if err != nil {
		return nil, fmt.Errorf("the owner's card: %w", err)
	}
	chat, err := e.cust.GetChat(ctx, chatID, "")
	if err != nil {
		return nil, err
	}
	if chat.Thread == nil {
		return nil, fmt.Errorf("chat %s has no thread", chatID)
	}
	err = e.cust.SendRichMessagePostback(ctx, customer.SendRichMessagePostbackRequest{ChatID: chatID, ThreadID: chat.Thread.ID,
		EventID: sent.EventID, Postback: customer.RichMessagePostback{ID: pb, Toggled: true}})
	if err != nil {
		return nil, err
	}
	return map[string]string{"chat_id": chatID, "thread_id": chat.Thread.ID, "event_id": sent.EventID, "postback_id": pb}, nil
}

func customerTyping(ctx context.Context, e *triggerEnv, f map[string]string) (map[string]string, error) {
	chatID, err := e.newestChat(ctx, f)
	if err != nil {
		return nil, err
	}
	text := orDefault(f["text"], "I am typ")
	if err := e.cust.SendSneakPeek(ctx, chatID, text); err != nil {
		return nil, err
	}
	return map[string]string{"chat_id": chatID}, nil
}
