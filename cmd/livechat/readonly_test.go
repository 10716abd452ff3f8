package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// runCLIErr runs the command line and returns its output and error.
func runCLIErr(args ...string) (string, error) {
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	http.DefaultClient.CloseIdleConnections()
	return out.String(), err
}

// TestDeliveriesFlagsRefusedBeforeAsking: a bad --status or --api is
// refused with the valid values, and nothing is asked of the emulator.
func TestDeliveriesFlagsRefusedBeforeAsking(t *testing.T) {
	var hits atomic.Int32
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"deliveries":[]}`))
	}))
	defer fake.Close()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--status", "bogus"}, `--status must be one of pending, delivered, failed, cancelled, not "bogus"`},
		{[]string{"--api", "v9"}, `--api must be v2 or v3, not "v9"`},
	} {
		_, err := runCLIErr(append([]string{"webhooks", "deliveries", "--url", fake.URL}, c.args...)...)
		if err == nil || err.Error() != c.want {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the emulator was asked %d times despite bad flags", n)
	}
	// A valid status is accepted and asks the emulator.
	if out, err := runCLIErr("webhooks", "deliveries", "--url", fake.URL, "--status", "failed"); err != nil || !strings.Contains(out, "no webhook deliveries") {
		t.Errorf("--status failed: %v\n%s", err, out)
	}
	if hits.Load() != 1 {
		t.Errorf("valid flags: %d requests", hits.Load())
	}
}

// TestReadOnlyCommandsRefuseMissingData: a read-only command given a
// --data directory without an emulator state fails and creates nothing.
func TestReadOnlyCommandsRefuseMissingData(t *testing.T) {
	base := t.TempDir()
	missing := filepath.Join(base, "typo")
	empty := filepath.Join(base, "empty")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"webhooks", "deliveries", "--data", missing},
		{"webhooks", "deliveries", "--data", empty},
		{"webhooks", "deliveries", "--data", ":memory:"},
		{"webhooks", "deliveries", "--data", ""},
		{"credentials", "--data", missing},
		{"credentials", "--data", empty},
		{"export", "--data", missing},
		{"export", "--data", empty},
		{"export", "--data", ""},
		{"export", "--data", ":memory:"},
	} {
		_, err := runCLIErr(args...)
		if err == nil || !strings.HasPrefix(err.Error(), "--data: store: ") {
			t.Errorf("%v: error %v, want a --data error", args, err)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("%s was created", missing)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("files were created in %s: %v", empty, entries)
	}
}

// TestHelpSaysWhatIsServed: the root and serve summaries name every API
// the emulator serves.
func TestHelpSaysWhatIsServed(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}} {
		out, err := runCLIErr(args...)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Agent Chat", "Customer Chat", "Configuration", "REST", "v2", "webhooks", "OAuth", "RTM"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v lacks %q:\n%s", args, want, out)
			}
		}
	}
	out, _ := runCLIErr("--help")
	if !strings.Contains(out, "Run the local LiveChat emulator: Agent Chat, Customer Chat, Configuration, REST v2, webhooks, OAuth") {
		t.Errorf("root help does not summarise serve:\n%s", out)
	}
}
