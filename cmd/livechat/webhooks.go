package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat/emulator"
)

type deliveriesOptions struct {
	conn   connFlags
	data   string
	json   bool
	status string
	api    string
}

func newWebhooks() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks",
		Short: "Inspect the webhooks the emulator sent",
	}
	cmd.AddCommand(newDeliveries())
	return cmd
}

func newDeliveries() *cobra.Command {
	o := deliveriesOptions{}
	cmd := &cobra.Command{
		Use:   "deliveries",
		Short: "List webhook deliveries: what was sent, when, and the answers",
		Long: `List every webhook delivery of the emulator with each attempt (time,
HTTP status, error, duration). API says which registration it comes from:
v3 (Configuration API register_webhook; ACTION is the action) or v2
(legacy REST API POST /webhooks; ACTION is the event_type).

By default the running emulator is asked over HTTP (GET
<url>/emulator/webhooks/deliveries) with the owner's credentials: --token,
else $LIVECHAT_TOKEN, else the emulator's well-known owner token. Secret
keys are never listed; URL passwords and secret-looking query values are
redacted. With --data the SQLite state in that directory is read directly;
the emulator using it must be stopped (it holds the database exclusively),
and the directory must hold an emulator state (nothing is created).

Each delivery is one row (TIME is when it was created) followed by one row
per attempt: its number under ATTEMPTS, its time under TIME and the answer
and duration under URL / ANSWER.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDeliveries(cmd, o) },
	}
	f := cmd.Flags()
	o.conn.addAgent(f) // the owner's credentials
	f.StringVar(&o.data, "data", "", "read this (stopped) emulator's data directory instead of asking --url")
	f.BoolVar(&o.json, "json", false, "print JSON")
	f.StringVar(&o.status, "status", "", "only deliveries in this state ("+strings.Join(deliveryStatuses, ", ")+")")
	f.StringVar(&o.api, "api", "", "only deliveries of webhooks registered with this API (v3 or v2)")
	return cmd
}

// deliveryStatuses are the values --status accepts.
var deliveryStatuses = []string{emulator.DeliveryPending, emulator.DeliveryDelivered, emulator.DeliveryFailed, emulator.DeliveryCancelled}

func runDeliveries(cmd *cobra.Command, o deliveriesOptions) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	// Refuse bad flags before reading anything.
	if o.status != "" && !slices.Contains(deliveryStatuses, o.status) {
		return fmt.Errorf("--status must be one of %s, not %q", strings.Join(deliveryStatuses, ", "), o.status)
	}
	if o.api != "" && o.api != "v2" && o.api != "v3" {
		return fmt.Errorf("--api must be v2 or v3, not %q", o.api)
	}
	var list []emulator.WebhookDelivery
	var err error
	if cmd.Flags().Changed("data") {
		if err := existingDataDir(o.data); err != nil { // datadir.go
			return err
		}
		list, err = emulator.ListWebhookDeliveries(ctx, o.data)
		err = dataDirErr(err)
	} else {
		if err := o.conn.check(); err != nil {
			return err
		}
		list, err = fetchDeliveries(ctx, o.conn)
	}
	if err != nil {
		return err
	}
	if o.status != "" || o.api != "" {
		kept := list[:0]
		for _, d := range list {
			if (o.status == "" || d.Status == o.status) && (o.api == "" || d.API == o.api) {
				kept = append(kept, d)
			}
		}
		list = kept
	}
	return printDeliveries(cmd.OutOrStdout(), list, o.json)
}

// fetchDeliveries asks the running emulator for its deliveries
// (GET /emulator/webhooks/deliveries, as the owner).
func fetchDeliveries(ctx context.Context, c connFlags) ([]emulator.WebhookDelivery, error) {
	body, err := emulatorRequest(ctx, c, http.MethodGet, "/emulator/webhooks/deliveries")
	if err != nil {
		return nil, err
	}
	var out struct {
		Deliveries []emulator.WebhookDelivery `json:"deliveries"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("decode deliveries: %w", err)
	}
	return out.Deliveries, nil
}

func printDeliveries(w io.Writer, list []emulator.WebhookDelivery, asJSON bool) error {
	if asJSON {
		if list == nil {
			list = []emulator.WebhookDelivery{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no webhook deliveries")
		return err
	}
	// Each attempt is a row of its own under its delivery: its number under
	// ATTEMPTS, its time under TIME and the answer under URL / ANSWER, so
	// every cell sits under the header that names it.
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAPI\tACTION\tSTATUS\tATTEMPTS\tTIME\tURL / ANSWER")
	for _, d := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", d.ID, d.API, d.Action, d.Status, d.Attempts, d.CreatedAt, d.URL)
		for _, a := range d.AttemptLog {
			answer := fmt.Sprintf("HTTP %d", a.StatusCode)
			if a.StatusCode == 0 {
				answer = "no answer"
			}
			if a.Error != "" && a.Error != answer {
				answer += " (" + a.Error + ")"
			}
			fmt.Fprintf(tw, "\t\t\t\t#%d\t%s\t%s in %dms\n", a.N, a.At, answer, a.DurationMS)
		}
	}
	return tw.Flush()
}
