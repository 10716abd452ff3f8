package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
	"github.com/livechat-go/livechat/transport/rtm"
)

type listenOptions struct {
	conn      connFlags
	customer  bool
	json      bool
	events    string
	forwardTo string
	secret    string
	timeout   time.Duration
}

func newListen() *cobra.Command {
	o := listenOptions{}
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Print every RTM push as it arrives, and forward them to a local webhook handler",
		Long: `Connect over RTM (as an agent, or as a customer with --customer) and print
every push as it arrives: one line per push (time, name, the key ids and
text), or the full push as a JSON line with --json. --events keeps only
the named pushes. The connection logs in again by itself after a drop.

With --forward-to URL each push is also POSTed to URL as the documented
webhook envelope {webhook_id, secret_key, action, organization_id,
payload, additional_data}, secret_key from --secret, so a webhook handler
(e.g. one built with the webhooks package) can be developed against the
emulator or a real account with no public tunnel. The receiver's answer
is printed per delivery; a failed delivery is reported and listening
goes on.

Credentials: --token / --pat (or LIVECHAT_TOKEN / LIVECHAT_PAT); against a
local emulator the well-known owner (or customer 1) is used by default.`,
		Example: `  livechat listen
  livechat listen --events incoming_event,incoming_chat --json
  livechat listen --forward-to http://127.0.0.1:3000/webhooks --secret s3cret
  livechat listen --url https://api.livechatinc.com --pat "$ACCOUNT_ID:$PAT" --forward-to http://127.0.0.1:3000/webhooks --secret s3cret`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runListen(cmd, o) },
	}
	f := cmd.Flags()
	o.conn.add(f)
	f.BoolVar(&o.customer, "customer", false, "connect to the Customer Chat API as a customer")
	f.BoolVar(&o.json, "json", false, "print each push as a JSON line {time, action, payload}")
	f.StringVar(&o.events, "events", "", "only these pushes (comma-separated names, e.g. incoming_event,incoming_chat)")
	f.StringVar(&o.forwardTo, "forward-to", "", "POST each push to this URL as a webhook")
	f.StringVar(&o.secret, "secret", "", "secret_key of the forwarded webhooks (what your handler checks)")
	f.DurationVar(&o.timeout, "forward-timeout", 10*time.Second, "time allowed to the receiver per delivery")
	return cmd
}

// pushNames are the documented RTM pushes (Agent and Customer Chat API),
// for --events.
var pushNames = []string{
	"incoming_chat", "chat_deactivated", "chat_access_updated", "chat_transferred", "user_added_to_chat",
	"user_removed_from_chat", "incoming_event", "event_updated", "event_deleted", "incoming_rich_message_postback",
	"chat_properties_updated", "chat_properties_deleted", "thread_properties_updated", "thread_properties_deleted",
	"event_properties_updated", "event_properties_deleted", "thread_tagged", "thread_untagged", "customer_visit_started",
	"customer_page_visited", "customer_visit_ended", "customer_updated", "customer_created", "customer_banned",
	"customer_transferred", "customer_left", "subscribed_customers", "incoming_customers", "agent_disconnected",
	"customer_disconnected", "routing_status_set", "agent_deleted", "agent_updated", "agent_created", "incoming_typing_indicator",
	"incoming_sneak_peek", "events_marked_as_seen", "incoming_multicast", "incoming_greeting", "greeting_accepted",
	"greeting_canceled", "chat_unfollowed", "queue_positions_updated", "queue_position_updated", "customer_session_fields_updated",
	"customer_side_storage_updated", "incoming_event_properties", "thread_deactivated", "license_properties_updated",
	"group_properties_updated", "groups_status_updated", "incoming_forms", "unsubscribed_customers",
}

func runListen(cmd *cobra.Command, o listenOptions) error {
	if err := o.conn.check(); err != nil {
		return err
	}
	filter, err := parseEvents(o.events)
	if err != nil {
		return err
	}
	var fwd *forwarder
	if o.forwardTo != "" {
		if fwd, err = newForwarder(o.forwardTo, o.secret, o.timeout, cmd.OutOrStdout()); err != nil {
			return err
		}
	} else if o.secret != "" {
		return fmt.Errorf("--secret is only used with --forward-to")
	}
	ctx := cmd.Context()
	out := &lockedWriter{w: cmd.OutOrStdout()}
	errOut := cmd.ErrOrStderr()
	opts := []rtm.Option{
		rtm.WithPushHandler(rtm.AllPushes, func(p rtm.Push) {
			if filter != nil && !filter[p.Action] {
				return
			}
			printPush(out, p, o.json)
			if fwd != nil {
				fwd.enqueue(p)
			}
		}),
		rtm.WithStateHandler(func(ev rtm.StateEvent) {
			switch ev.State {
			case rtm.StateConnected:
				fmt.Fprintln(errOut, "listen: connected to", redact.URL(o.conn.url))
			case rtm.StateDisconnected:
				fmt.Fprintf(errOut, "listen: disconnected (%s); reconnecting in %v\n", ev.Reason, ev.RetryIn.Round(time.Millisecond))
			}
		}),
		rtm.WithReconnectBackoff(200*time.Millisecond, 10*time.Second),
	}
	var conn *rtm.Conn
	if o.customer {
		creds, org, err := o.conn.customerCreds(1)
		if err != nil {
			return err
		}
		if fwd != nil {
			fwd.org = org
		}
		opts = append(opts, rtm.WithConfig(livechat.WithBaseURL(o.conn.url), livechat.WithOrganizationID(org)))
		conn, err = rtm.DialCustomer(ctx, creds, opts...)
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
	} else {
		creds, err := o.conn.agentCreds()
		if err != nil {
			return err
		}
		if fwd != nil && o.conn.org != "" {
			fwd.org = o.conn.org
		}
		opts = append(opts, rtm.WithConfig(livechat.WithBaseURL(o.conn.url)))
		conn, err = rtm.Dial(ctx, creds, opts...)
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
	}
	if fwd != nil {
		go fwd.run()
	}
	fmt.Fprintln(errOut, "listen: waiting for pushes; Ctrl+C to stop")
	select {
	case <-ctx.Done():
	case <-conn.Done():
	}
	conn.Close()
	<-conn.Stopped()
	if fwd != nil {
		fwd.stop()
	}
	if ctx.Err() == nil {
		return fmt.Errorf("listen: connection closed: %w", conn.Err())
	}
	return nil
}

func parseEvents(s string) (map[string]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m := map[string]bool{}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(pushNames, n) {
			return nil, fmt.Errorf("--events: unknown push %q (pushes: %s)", n, strings.Join(pushNames, ", "))
		}
		m[n] = true
	}
	return m, nil
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// printPush writes one line: time, name, key ids and text; or JSON.
func printPush(w io.Writer, p rtm.Push, asJSON bool) {
	now := time.Now()
	if asJSON {
		b, _ := json.Marshal(struct {
			Time    time.Time       `json:"time"`
			Action  string          `json:"action"`
			Payload json.RawMessage `json:"payload"`
		}{now, p.Action, p.Payload})
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	fmt.Fprintf(w, "%s %s%s\n", now.Format("15:04:05.000"), p.Action, summarize(p.Payload))
}

// summarize picks the ids and text a reader wants from a push payload.
func summarize(payload json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(payload, &m) != nil {
		return ""
	}
	var b strings.Builder
	add := func(k string, v any) {
		if s, ok := v.(string); ok && s != "" {
			fmt.Fprintf(&b, " %s=%s", k, s)
		}
	}
	get := func(m map[string]any, path ...string) any {
		var cur any = m
		for _, p := range path {
			mm, ok := cur.(map[string]any)
			if !ok {
				return nil
			}
			cur = mm[p]
		}
		return cur
	}
	add("chat", m["chat_id"])
	add("chat", get(m, "chat", "id"))
	add("thread", m["thread_id"])
	add("thread", get(m, "chat", "thread", "id"))
	add("event", get(m, "event", "id"))
	add("type", get(m, "event", "type"))
	add("author", get(m, "event", "author_id"))
	add("user", m["user_id"])
	add("agent", m["agent_id"])
	add("customer", get(m, "customer", "id"))
	add("reason", m["reason"])
	add("status", m["status"])
	text := get(m, "event", "text")
	if text == nil {
		text = m["sneak_peek_text"]
	}
	if s, ok := text.(string); ok && s != "" {
		q, _ := json.Marshal(s)
		fmt.Fprintf(&b, " %s", q)
	}
	return b.String()
}

// forwarder POSTs pushes to a URL as webhooks, one at a time, in order.
type forwarder struct {
	url       string
	secret    string
	org       string
	webhookID string
	client    *http.Client
	out       io.Writer
	queue     chan rtm.Push
	done      chan struct{}
	once      sync.Once
}

func newForwarder(target, secret string, timeout time.Duration, out io.Writer) (*forwarder, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--forward-to must be an http(s) URL such as http://127.0.0.1:3000/webhooks, not %q", redact.URL(target))
	}
	if timeout <= 0 {
		return nil, fmt.Errorf("--forward-timeout must be positive")
	}
	id := make([]byte, 8)
	rand.Read(id)
	return &forwarder{url: target, secret: secret, webhookID: "listen-" + hex.EncodeToString(id),
		client: &http.Client{Timeout: timeout}, out: out, queue: make(chan rtm.Push, 1024), done: make(chan struct{})}, nil
}

func (f *forwarder) enqueue(p rtm.Push) {
	select {
	case f.queue <- p:
	default:
		fmt.Fprintf(f.out, "  → forward %s: dropped (the receiver is too slow: 1024 deliveries waiting)\n", p.Action)
	}
}

func (f *forwarder) stop() {
	f.once.Do(func() { close(f.queue) })
	<-f.done
}

func (f *forwarder) run() {
	defer close(f.done)
	for p := range f.queue {
		f.deliver(p)
	}
}

// envelope is the documented webhook body.
type envelope struct {
	WebhookID      string          `json:"webhook_id"`
	SecretKey      string          `json:"secret_key"`
	Action         string          `json:"action"`
	OrganizationID string          `json:"organization_id,omitempty"`
	Payload        json.RawMessage `json:"payload"`
	AdditionalData map[string]any  `json:"additional_data"`
}

func (f *forwarder) deliver(p rtm.Push) {
	body, _ := json.Marshal(envelope{WebhookID: f.webhookID, SecretKey: f.secret, Action: p.Action,
		OrganizationID: f.org, Payload: p.Payload, AdditionalData: map[string]any{}})
	start := time.Now()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, f.url, bytes.NewReader(body))
	if err != nil {
		fmt.Fprintf(f.out, "  → forward %s: failed: %v\n", p.Action, err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "livechat-listen")
	res, err := f.client.Do(req)
	if err != nil {
		fmt.Fprintf(f.out, "  → forward %s to %s: failed: %s\n", p.Action, redact.URL(f.url), redact.Text(oneLine(err)))
		return
	}
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	res.Body.Close()
	fmt.Fprintf(f.out, "  → forward %s to %s: %s (%v) %s\n", p.Action, redact.URL(f.url), res.Status,
		time.Since(start).Round(time.Millisecond), strings.TrimSpace(redact.Text(string(answer))))
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
