package demotest

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/livechat-go/livechat/apps/customerchat"
	"github.com/livechat-go/livechat/apps/simpleagent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/browsertest"
	"github.com/livechat-go/livechat/transport/rtm"
)

// stack is the emulator with both apps on loopback.
type stack struct {
	emu                   *emulator.Server
	agentURL, customerURL string
}

func newStack(t *testing.T, cfg ...emulator.Config) *stack {
	t.Helper()
	emu := emulator.NewTest(t, cfg...)
	c := emu.Credentials()
	agentApp, err := simpleagent.New(simpleagent.WithBaseURL(c.URL), simpleagent.WithAccountsURL(c.URL), simpleagent.WithClientID(c.ClientID),
		simpleagent.WithRTMOptions(rtm.WithReconnectBackoff(700*time.Millisecond, time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	custApp, err := customerchat.New(customerchat.WithBaseURL(c.URL), customerchat.WithAccountsURL(c.URL),
		customerchat.WithOrganizationID(c.OrganizationID), customerchat.WithClientID(c.ClientID))
	if err != nil {
		t.Fatal(err)
	}
	as, cs := httptest.NewServer(agentApp), httptest.NewServer(custApp)
	t.Cleanup(func() {
		agentApp.Close()
		custApp.Close()
		as.Close()
		cs.Close()
	})
	return &stack{emu: emu, agentURL: as.URL, customerURL: cs.URL}
}

// poll waits until the JavaScript expression is true in the tab.
func poll(t *testing.T, tab *browsertest.Tab, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		left := time.Until(deadline)
		err := tab.RunErr(left, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(left)))
		if err == nil {
			return
		}
		// A navigation (the OAuth redirects) ends the poll: poll again.
		if time.Until(deadline) < 0 || !strings.Contains(err.Error(), "context") {
			t.Fatalf("%s: waiting for %s: %v", what, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// signIn opens Simple Agent and signs in through the emulator's OAuth server.
func signIn(t *testing.T, tab *browsertest.Tab, url string) {
	t.Helper()
	tab.Run(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#oauth")), chromedp.Click(chromedp.CSS("#oauth")))
	poll(t, tab, "Simple Agent signed in and connected", `document.getElementById("conn").dataset.state === "ready"`)
}

// noPageErrors fails when a tab saw an exception or a CSP violation.
func noPageErrors(t *testing.T, tabs ...*browsertest.Tab) {
	t.Helper()
	for _, tab := range tabs {
		if e := tab.Exceptions(); len(e) > 0 {
			t.Errorf("JavaScript exceptions: %q", e)
		}
		for _, l := range tab.Console() {
			if strings.Contains(l, "Content Security Policy") || strings.Contains(l, "Content-Security-Policy") {
				t.Errorf("CSP violation: %s", l)
			}
		}
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// clickJS clicks the first element matching sel once it exists (lists are
// re-rendered by pushes, so a node found earlier may be gone).
func clickJS(t *testing.T, tab *browsertest.Tab, sel string) {
	t.Helper()
	poll(t, tab, "click "+sel, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return false; e.click(); return true; })()`)
}
