package home_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/browsertest"
)

// TestHomePageInChromium opens the emulator's base URL in a real browser:
// the page renders its API table and credentials, every link it shows
// answers, and the page throws nothing.
func TestHomePageInChromium(t *testing.T) {
	b := browsertest.Start(t)
	srv := emulator.NewTest(t)
	tab := b.Tab(t, "home")
	tab.Run(chromedp.Navigate(srv.URL()+"/"), chromedp.WaitVisible(chromedp.CSS("#apis")))
	if title := browsertest.Eval[string](tab, `document.title`); title != "LiveChat emulator" {
		t.Errorf("title = %q", title)
	}
	apis := browsertest.Eval[[]string](tab, `[...document.querySelectorAll("#apis tr td:first-child")].map(td => td.textContent)`)
	if len(apis) < 6 || apis[0] != "Agent Chat API" {
		t.Errorf("API rows = %q", apis)
	}
	creds := browsertest.Eval[string](tab, `document.getElementById("credentials").textContent`)
	if !strings.Contains(creds, srv.Credentials().Owner.Token) {
		t.Errorf("credentials table lacks the owner token: %q", creds)
	}
	// Every link of the page answers (fetch follows redirects).
	tab.Run(chromedp.Evaluate[chromedp.Void](`(async () => {
		const out = [];
		for (const a of document.querySelectorAll("#links a")) {
			const r = await fetch(a.href);
			out.push(a.getAttribute("href") + " " + r.status);
		}
		window.linkStatus = out;
	})(), true`), chromedp.Poll[chromedp.Void](`Array.isArray(window.linkStatus)`))
	statuses := browsertest.Eval[[]string](tab, `window.linkStatus`)
	if len(statuses) < 1 {
		t.Errorf("links = %q", statuses)
	}
	for _, s := range statuses {
		if !strings.HasSuffix(s, " 200") {
			t.Errorf("link %s", s)
		}
	}
	if e := tab.Exceptions(); len(e) != 0 {
		t.Errorf("page exceptions: %q", e)
	}
}
