package ui_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/browsertest"
	"github.com/livechat-go/livechat/webhooks"
)

// TestUIInChromium opens /emulator/ui from the home page's link in a real
// Chromium: the chats, users, webhook deliveries and request log appear,
// the page follows new activity by itself, chat text is shown as text
// (never markup) and no secret reaches the page.
func TestUIInChromium(t *testing.T) {
	b := browsertest.Start(t)
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond})
	ctx := context.Background()
	cr := srv.Credentials()
	owner, err := agent.NewWeb(livechat.NewBearerToken(cr.Owner.Token), livechat.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	const xss = `<img src=x onerror="window.__xss=1">hello ui`
	started, err := owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Thread: &agent.InitialThread{
		Events: livechat.Events{agent.NewMessage(xss)}}}})
	if err != nil {
		t.Fatal(err)
	}

	tab := b.Tab(t, "ui")
	var mu sync.Mutex
	var failed []string // URLs answered >= 400
	seen := 0
	if err := chromedp.Listen(tab.Ctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok && r.Response != nil {
			mu.Lock()
			seen++
			if r.Response.Status >= 400 {
				failed = append(failed, fmt.Sprintf("%s %d", r.Response.URL, r.Response.Status))
			}
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	tab.Run(chromedp.Navigate(srv.URL()+"/"), chromedp.WaitVisible(chromedp.CSS(`#links a[href="/emulator/ui"]`)))
	tab.Run(chromedp.Click(chromedp.CSS(`#links a[href="/emulator/ui"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#chats-body tr[data-chat="`+started.ChatID+`"]`)))
	if url := browsertest.Eval[string](tab, `location.pathname`); url != "/emulator/ui/" {
		t.Fatalf("the link led to %s", url)
	}
	last := browsertest.Eval[string](tab, `document.querySelector('#chats-body tr[data-chat="`+started.ChatID+`"] td.last').textContent`)
	if !strings.Contains(last, xss) {
		t.Errorf("last event cell %q, want the text as typed", last)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll("main img").length`); n != 0 {
		t.Errorf("chat text became markup: %d img elements", n)
	}
	users := browsertest.Eval[string](tab, `document.getElementById("users-body").textContent`)
	for _, want := range []string{cr.Owner.ID, cr.Agent.ID, cr.Customers[0].ID} {
		if !strings.Contains(users, want) {
			t.Errorf("users table lacks %s", want)
		}
	}

	// Live: a message, a webhook delivery and their requests show up
	// without reloading.
	rec := httptest.NewServer(webhooks.New("ui-secret-value"))
	defer rec.Close()
	cfg, err := configuration.NewWeb(livechat.NewBearerToken(cr.Owner.Token), livechat.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{Action: "incoming_event", SecretKey: "ui-secret-value",
		URL: rec.URL + "/hook?token=url-token-value", OwnerClientID: cr.ClientID, Type: configuration.WebhookLicense}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.EnableLicenseWebhooks(ctx, cr.ClientID); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.SendMessage(ctx, started.ChatID, "live update works"); err != nil {
		t.Fatal(err)
	}
	tab.Run(chromedp.Poll[chromedp.Void](`document.getElementById("chats-body").textContent.includes("live update works") &&
		document.getElementById("deliveries-body").textContent.includes("incoming_event") &&
		document.getElementById("requests-body").textContent.includes("send_event")`))
	reqs := browsertest.Eval[string](tab, `document.getElementById("requests-body").textContent`)
	if !strings.Contains(reqs, cr.Owner.ID) || !strings.Contains(reqs, "/v3.6/agent/action/send_event") {
		t.Errorf("request log rows lack who or the path: %.300s", reqs)
	}
	// A refused call shows its error type.
	if _, err := owner.SendMessage(ctx, "NOSUCHCHAT", "x"); err == nil {
		t.Fatal("want an error")
	}
	tab.Run(chromedp.Poll[chromedp.Void](`document.getElementById("requests-body").textContent.includes("not_found")`))

	page := browsertest.Eval[string](tab, `document.documentElement.outerHTML`)
	for _, secret := range []string{cr.Owner.Token, "ui-secret-value", "url-token-value"} {
		if strings.Contains(page, secret) {
			t.Errorf("the page shows the secret %q", secret)
		}
	}
	if got := browsertest.Eval[bool](tab, `window.__xss === 1`); got {
		t.Error("chat text ran as script")
	}
	if e := tab.Exceptions(); len(e) != 0 {
		t.Errorf("page exceptions: %q", e)
	}
	// Every resource loaded (the home page's /favicon.ico is not the UI's).
	mu.Lock()
	if seen < 4 { // the home page, the UI's page, script and style, its polls
		t.Errorf("only %d responses seen: the network check would see nothing", seen)
	}
	for _, f := range failed {
		if !strings.Contains(f, "/favicon.ico ") {
			t.Errorf("failed resource: %s", f)
		}
	}
	mu.Unlock()
	for _, l := range tab.Console() {
		if strings.HasPrefix(l, "error") && !strings.Contains(l, "Failed to load resource") {
			t.Errorf("console: %s", l) // a CSP violation or a script error
		}
	}
}
