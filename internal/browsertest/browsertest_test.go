package browsertest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/livechat-go/livechat/internal/browsertest"
)

func TestFindHonoursOverride(t *testing.T) {
	t.Setenv("LIVECHAT_CHROMIUM", "/opt/custom/chrome")
	if got := browsertest.Find(); got != "/opt/custom/chrome" {
		t.Fatalf("Find() = %q, want the LIVECHAT_CHROMIUM path", got)
	}
}

func TestRequired(t *testing.T) {
	for _, tc := range []struct {
		ci, req string
		want    bool
	}{{"", "", false}, {"true", "", true}, {"", "1", true}, {"0", "0", false}, {"false", "", false}} {
		t.Setenv("CI", tc.ci)
		t.Setenv("LIVECHAT_REQUIRE_BROWSER", tc.req)
		if got := browsertest.Required(); got != tc.want {
			t.Errorf("CI=%q LIVECHAT_REQUIRE_BROWSER=%q: Required() = %v, want %v", tc.ci, tc.req, got, tc.want)
		}
	}
}

// TestPageAndScreenshot drives a real page: it reads text set by a script,
// records a console message and an exception, and saves a PNG screenshot.
func TestPageAndScreenshot(t *testing.T) {
	b := browsertest.Start(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/app.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `document.getElementById("out").textContent = "hello " + (2 + 3);
console.log("from the page");
setTimeout(function () { throw new Error("boom"); }, 0);
setTimeout(function () { window.thrown = true; }, 20);`)
		default:
			fmt.Fprint(w, `<!doctype html><title>t</title><p id="out">…</p><script src="/app.js"></script>`)
		}
	}))
	defer srv.Close()
	tab := b.Tab(t, "page")
	tab.Run(chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS("#out")),
		chromedp.Poll[chromedp.Void](`document.getElementById("out").textContent.startsWith("hello")`))
	text := browsertest.Eval[string](tab, `document.getElementById("out").textContent`)
	if text != "hello 5" {
		t.Fatalf("text = %q, want the script's output", text)
	}
	tab.Run(chromedp.Poll[chromedp.Void](`window.thrown === true`)) // the exception has been thrown
	if c := strings.Join(tab.Console(), "\n"); !strings.Contains(c, "from the page") {
		t.Errorf("console = %q, want the page's log line", c)
	}
	if e := strings.Join(tab.Exceptions(), "\n"); !strings.Contains(e, "boom") {
		t.Errorf("exceptions = %q, want the thrown error", e)
	}
	path, err := tab.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 100 {
		t.Fatalf("screenshot %s is not a PNG (%d bytes)", path, len(png))
	}
}
