package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/restv2"
)

// runCLI is runCLIErr failing t on an error.
func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runCLIErr(args...)
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return out
}

func TestWebhooksDeliveries(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer receiver.Close()
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	c, err := configuration.NewWeb(livechat.NewBearerToken(cr.Owner.Token), livechat.WithBaseURL(srv.URL()), livechat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{Action: "tag_created", SecretKey: "k", URL: receiver.URL,
		OwnerClientID: cr.ClientID, Type: configuration.WebhookLicense}); err != nil {
		t.Fatal(err)
	}
	if err := c.EnableLicenseWebhooks(ctx, cr.ClientID); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateTag(ctx, "cli"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryDelivered
	}); err != nil {
		t.Fatal(err)
	}

	out := runCLI(t, "webhooks", "deliveries", "--url", srv.URL())
	for _, want := range []string{"tag_created", "delivered", "HTTP 200", receiver.URL} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"k"`) {
		t.Errorf("secret listed:\n%s", out)
	}
	checkAttemptRowsAligned(t, out)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	var list []emulator.WebhookDelivery
	if err := json.Unmarshal([]byte(runCLI(t, "webhooks", "deliveries", "--data", dir, "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Attempts != 1 || list[0].AttemptLog[0].StatusCode != 200 {
		t.Fatalf("--data --json: %+v", list)
	}
	if out := runCLI(t, "webhooks", "deliveries", "--data", dir, "--status", "pending"); !strings.Contains(out, "no webhook deliveries") {
		t.Fatalf("--status pending: %s", out)
	}
}

// TestWebhooksDeliveriesV2: a REST API v2 webhook's deliveries are listed
// with API v2 and its event type, and --api filters them.
func TestWebhooksDeliveriesV2(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got := make(chan string, 4)
	receiver := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer receiver.Close()
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	v2, err := restv2.New(livechat.NewAPIKey(cr.Owner.ID, cr.Owner.APIKey), livechat.WithBaseURL(srv.URL()), livechat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	hook, err := v2.Webhooks.Create(ctx, restv2.CreateWebhookRequest{EventType: restv2.EventTicketCreated,
		DataTypes: []string{restv2.DataTicket}, URL: receiver.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v2.Tickets.Create(ctx, restv2.CreateTicketRequest{Message: "cli", Requester: restv2.TicketRequester{Mail: "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case body := <-got:
		if !strings.Contains(body, `"event_type":"ticket_created"`) || !strings.Contains(body, hook.Token.Reveal()) {
			t.Fatalf("delivered %s", body)
		}
	case <-ctx.Done():
		t.Fatal("no delivery")
	}
	if _, err := srv.AwaitWebhookDeliveries(ctx, func(l []emulator.WebhookDelivery) bool {
		return len(l) == 1 && l[0].Status == emulator.DeliveryDelivered
	}); err != nil {
		t.Fatal(err)
	}
	out := runCLI(t, "webhooks", "deliveries", "--url", srv.URL())
	if !regexp.MustCompile(`(?m)^1\s+v2\s+ticket_created\s+delivered\s+1\s`).MatchString(out) || strings.Contains(out, hook.Token.Reveal()) {
		t.Fatalf("listing:\n%s", out)
	}
	if out := runCLI(t, "webhooks", "deliveries", "--url", srv.URL(), "--api", "v3"); !strings.Contains(out, "no webhook deliveries") {
		t.Fatalf("--api v3:\n%s", out)
	}
	var list []emulator.WebhookDelivery
	if err := json.Unmarshal([]byte(runCLI(t, "webhooks", "deliveries", "--url", srv.URL(), "--api", "v2", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].API != "v2" || list[0].WebhookID != hook.ID || list[0].Action != "ticket_created" {
		t.Fatalf("--api v2 --json: %+v", list)
	}
}

// checkAttemptRowsAligned checks that every attempt row of a deliveries
// table puts its number under ATTEMPTS, its time under TIME and its answer
// under URL / ANSWER.
func checkAttemptRowsAligned(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	header := lines[0]
	col := func(name string) int {
		i := strings.Index(header, name)
		if i < 0 {
			t.Fatalf("header lacks %s: %q", name, header)
		}
		return i
	}
	attempts, at, answer := col("ATTEMPTS"), col("TIME"), col("URL / ANSWER")
	rows := 0
	for _, l := range lines[1:] {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		rows++
		if strings.TrimSpace(l[:attempts]) != "" || !strings.HasPrefix(l[attempts:], "#") {
			t.Errorf("attempt number not under ATTEMPTS:\n%s\n%s", header, l)
		}
		if len(l) <= answer || l[at-1] != ' ' || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT`).MatchString(l[at:]) {
			t.Errorf("attempt time not under TIME:\n%s\n%s", header, l)
		}
		if !strings.HasPrefix(l[answer:], "HTTP ") && !strings.HasPrefix(l[answer:], "no answer") {
			t.Errorf("attempt answer not under URL / ANSWER:\n%s\n%s", header, l)
		}
	}
	if rows == 0 {
		t.Errorf("no attempt rows in:\n%s", out)
	}
}
