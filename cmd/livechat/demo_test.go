package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat/emulator/store"
	"github.com/livechat-go/livechat/internal/syncbuf"
)

// TestDemoStartsAndStops runs `livechat demo` on free loopback ports: the
// banner names both apps, they answer with their CSP, and cancelling (what
// Ctrl+C does) stops everything and keeps the state on disk.
func TestDemoStartsAndStops(t *testing.T) {
	data := filepath.Join(t.TempDir(), "demo")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncbuf.Buffer
	ready := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- runDemo(ctx, demoOptions{addr: "127.0.0.1:0", agentAddr: "127.0.0.1:0", customerAddr: "127.0.0.1:0", data: data,
			ready: func(a, c string) { ready <- [2]string{a, c} }}, &out, &out)
	}()
	var urls [2]string
	select {
	case urls = <-ready:
	case err := <-done:
		t.Fatalf("demo ended at once: %v\n%s", err, out.String())
	case <-time.After(20 * time.Second):
		t.Fatal("demo did not start")
	}
	banner := out.String()
	for _, re := range []string{`(?m)^Simple Agent: ` + regexp.QuoteMeta(urls[0]) + `$`, `(?m)^Customer chat: ` + regexp.QuoteMeta(urls[1]) + `$`} {
		if !regexp.MustCompile(re).MatchString(banner) {
			t.Errorf("banner lacks %s:\n%s", re, banner)
		}
	}
	if strings.Contains(banner, "dal:") {
		t.Errorf("the banner shows a token:\n%s", banner)
	}
	for _, u := range urls {
		resp, err := http.Get(u + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("GET %s: %d, CSP %q", u, resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo stop: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("demo did not stop")
	}
	for _, u := range urls {
		if resp, err := http.Get(u + "/"); err == nil {
			resp.Body.Close()
			t.Errorf("%s still answers after the stop", u)
		}
	}
	if _, err := os.Stat(filepath.Join(data, store.FileName)); err != nil {
		t.Errorf("no state kept under --data: %v", err)
	}
}

func TestDemoRefusesPlainHTTPOffLoopback(t *testing.T) {
	var out bytes.Buffer
	err := runDemo(context.Background(), demoOptions{addr: "127.0.0.1:0", agentAddr: "0.0.0.0:0", customerAddr: "127.0.0.1:0", data: ":memory:"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "not loopback") || !strings.Contains(err.Error(), "--insecure-listen") {
		t.Fatalf("err = %v, want a refusal naming --insecure-listen", err)
	}
}
