package demotest

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/livechat-go/livechat/apps/internal/apptest"
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

func newStack(t testing.TB, cfg ...emulator.Config) *stack {
	t.Helper()
	return newStackWrapped(t, nil, cfg...)
}

// newStackWrapped is newStack with Simple Agent's handler wrapped by wrap
// (when not nil), to delay or inspect the page's own API calls.
func newStackWrapped(t testing.TB, wrap func(http.Handler) http.Handler, cfg ...emulator.Config) *stack {
	t.Helper()
	emu := emulator.NewTest(t, cfg...)
	_, as := apptest.SimpleAgentWrapped(t, emu, wrap, simpleagent.WithRTMOptions(rtm.WithReconnectBackoff(700*time.Millisecond, time.Second)))
	_, cs := apptest.CustomerChat(t, emu)
	return &stack{emu: emu, agentURL: as.URL, customerURL: cs.URL}
}

// poll waits until the JavaScript expression is true in the tab.
func poll(t testing.TB, tab *browsertest.Tab, what, expr string) {
	t.Helper()
	pollFor(t, tab, 15*time.Second, what, expr)
}

// pollFor is poll with another time limit.
func pollFor(t testing.TB, tab *browsertest.Tab, limit time.Duration, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		left := time.Until(deadline)
		err := tab.RunErr(left, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(left)))
		if err == nil {
			return
		}
		// A navigation (the OAuth redirects) ends the poll: poll again.
		if time.Until(deadline) < 0 || !(strings.Contains(err.Error(), "context") || strings.Contains(err.Error(), "navigated")) {
			t.Fatalf("%s: waiting for %s: %v", what, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// signIn opens Simple Agent and signs in through the emulator's OAuth server.
func signIn(t testing.TB, tab *browsertest.Tab, url string) {
	t.Helper()
	tab.Run(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#oauth")), chromedp.Click(chromedp.CSS("#oauth")))
	poll(t, tab, "Simple Agent signed in and connected", `document.getElementById("conn").dataset.state === "ready"`)
}

// noPageErrors fails when a tab saw an exception or a CSP violation.
func noPageErrors(t testing.TB, tabs ...*browsertest.Tab) {
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
func clickJS(t testing.TB, tab *browsertest.Tab, sel string) {
	t.Helper()
	poll(t, tab, "click "+sel, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return false; e.click(); return true; })()`)
}

// docShot saves a screenshot of the tab's viewport as dir/name when
// LIVECHAT_DOC_SCREENSHOTS=dir is set (how docs/*.png were made).
func docShot(t testing.TB, tab *browsertest.Tab, name string) {
	t.Helper()
	dir := os.Getenv("LIVECHAT_DOC_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
