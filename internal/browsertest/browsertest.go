// Package browsertest starts a real headless Chromium for Go tests and
// drives it with chromedp.
//
// Start finds Debian's /usr/bin/chromium (or LIVECHAT_CHROMIUM, or a
// chromium / chromium-browser / google-chrome on PATH) and launches it with
// a fresh profile and the project's fixed flag set (--headless --no-sandbox
// --disable-gpu --disable-quic --no-first-run --disable-background-networking
// --disable-component-update --disable-sync). When no browser is found the
// test is skipped with one line, unless the environment variable CI or
// LIVECHAT_REQUIRE_BROWSER is set: then it fails, so CI never passes a
// browser test by skipping it.
//
// Each Tab records the page's console messages and uncaught exceptions, and
// when the test has failed it saves a full-page screenshot and prints its
// path. Screenshots go to a directory under os.TempDir() named after the
// test (t.TempDir would be removed before anyone could look at them), or to
// LIVECHAT_SCREENSHOT_DIR when set.
//
//	b := browsertest.Start(t)
//	tab := b.Tab(t, "agent")
//	tab.Run(chromedp.Navigate(url), chromedp.WaitVisible("#chats"))
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultTimeout bounds one Tab.Run call.
const DefaultTimeout = 20 * time.Second

// Browser is one running Chromium process with a fresh profile.
type Browser struct {
	ctx    context.Context
	cancel context.CancelFunc
	Path   string // the executable that was started
}

// Find returns the Chromium executable to use: $LIVECHAT_CHROMIUM,
// /usr/bin/chromium, or the first of chromium, chromium-browser,
// google-chrome found on PATH. It returns "" when there is none.
func Find() string {
	if p := os.Getenv("LIVECHAT_CHROMIUM"); p != "" {
		return p
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && !st.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Required reports whether a missing browser must fail the test rather
// than skip it: the environment variable CI or LIVECHAT_REQUIRE_BROWSER is
// set to anything but "" or "0".
func Required() bool {
	for _, k := range []string{"LIVECHAT_REQUIRE_BROWSER", "CI"} {
		if v := os.Getenv(k); v != "" && v != "0" && !strings.EqualFold(v, "false") {
			return true
		}
	}
	return false
}

// Flags are the Chromium command-line flags Start uses, besides
// --user-data-dir and the window size.
var Flags = []string{"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
	"disable-background-networking", "disable-component-update", "disable-sync"}

// Start launches Chromium for t and stops it when t ends. It skips t when
// no browser is found (see Required for when it fails instead).
func Start(t testing.TB) *Browser {
	t.Helper()
	path := Find()
	if path == "" {
		msg := "browsertest: no Chromium found (apt-get install chromium, or set LIVECHAT_CHROMIUM)"
		if Required() {
			t.Fatal(msg + "; a browser is required here (CI or LIVECHAT_REQUIRE_BROWSER is set)")
		}
		t.Skip(msg)
	}
	// Start the browser now, so a broken install fails here, clearly. On a
	// busy machine Chromium can take long to print its DevTools address, or
	// exit while starting: wait generously and try once more before failing.
	var err error
	for attempt := 1; attempt <= 2; attempt++ {
		var b *Browser
		if b, err = launch(path, t.TempDir()); err == nil {
			t.Cleanup(b.cancel)
			return b
		}
		t.Logf("browsertest: start %s (attempt %d): %v", path, attempt, err)
	}
	t.Fatalf("browsertest: start %s: %v", path, err)
	return nil
}

// StartTimeout bounds how long Start waits for Chromium to come up.
const StartTimeout = 60 * time.Second

// launch starts one Chromium with a fresh profile in dir.
func launch(path, dir string) (*Browser, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
		chromedp.WSURLReadTimeout(StartTimeout),
	}
	for _, f := range Flags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		return nil, err
	}
	return &Browser{ctx: bctx, Path: path, cancel: func() { bcancel(); acancel() }}, nil
}

// Tab is one page of the browser.
type Tab struct {
	// Ctx is the chromedp context of the tab; pass it to chromedp.Run.
	Ctx  context.Context
	t    testing.TB
	name string

	mu   sync.Mutex
	logs []string
	exc  []string
}

// Tab opens a new tab named name (used for its screenshot's file name).
// When t has failed by the end of the test, the tab's screenshot is saved
// and its path printed with the console messages and exceptions seen.
func (b *Browser) Tab(t testing.TB, name string) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	tab := &Tab{Ctx: ctx, t: t, name: name}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("browsertest: open tab %s: %v", name, err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			tab.mu.Lock()
			if m.IsException() {
				tab.exc = append(tab.exc, m.String())
			} else {
				tab.logs = append(tab.logs, string(m.Type)+": "+m.Text)
			}
			tab.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		if t.Failed() {
			tab.dump()
		}
		cancel()
	})
	return tab
}

// Run runs actions in the tab, bounded by DefaultTimeout, and fails the
// test (after saving a screenshot) when one fails.
func (tab *Tab) Run(actions ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	if err := tab.RunErr(DefaultTimeout, actions...); err != nil {
		tab.t.Fatalf("browsertest: tab %s: %v", tab.name, err)
	}
}

// RunErr runs actions bounded by timeout and returns their error.
func (tab *Tab) RunErr(timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tab.Ctx, timeout)
	defer cancel()
	err := chromedp.Do(ctx, actions...)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %v: %w", timeout, err)
	}
	return err
}

// Eval evaluates a JavaScript expression in the tab and decodes its value
// into a T; it fails the test on error.
func Eval[T any](tab *Tab, expr string) T {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, DefaultTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tab.t.Fatalf("browsertest: tab %s: evaluate %.80s: %v", tab.name, expr, err)
	}
	return v
}

// Exceptions returns the uncaught JavaScript exceptions seen so far.
func (tab *Tab) Exceptions() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.exc...)
}

// Console returns the console messages seen so far ("type: text").
func (tab *Tab) Console() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.logs...)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ScreenshotDir returns the directory where screenshots of t are saved,
// creating it.
func ScreenshotDir(t testing.TB) (string, error) {
	base := os.Getenv("LIVECHAT_SCREENSHOT_DIR")
	if base == "" {
		base = filepath.Join(os.TempDir(), "livechat-browsertest")
	}
	dir := filepath.Join(base, unsafeName.ReplaceAllString(t.Name(), "_"))
	return dir, os.MkdirAll(dir, 0o755)
}

// Screenshot saves a full-page PNG of the tab and returns its path.
func (tab *Tab) Screenshot() (string, error) {
	dir, err := ScreenshotDir(tab.t)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, unsafeName.ReplaceAllString(tab.name, "_")+".png")
	return path, os.WriteFile(path, buf, 0o644)
}

func (tab *Tab) dump() {
	if path, err := tab.Screenshot(); err != nil {
		tab.t.Logf("browsertest: tab %s: no screenshot: %v", tab.name, err)
	} else {
		tab.t.Logf("browsertest: tab %s: screenshot saved to %s", tab.name, path)
	}
	for _, l := range tab.Console() {
		tab.t.Logf("browsertest: tab %s console %s", tab.name, l)
	}
	for _, e := range tab.Exceptions() {
		tab.t.Logf("browsertest: tab %s exception %s", tab.name, e)
	}
}
