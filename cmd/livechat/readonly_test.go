package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/livechat-go/livechat/emulator"
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

// TestEmulatorEndpointsRedactURLPassword: the commands that call the
// emulator's own endpoints never print a password of --url (webhooks
// deliveries printed it when the emulator was unreachable).
func TestEmulatorEndpointsRedactURLPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://user:s3cr3t-pw@" + ln.Addr().String() + "/"
	ln.Close() // nothing listens there now
	for _, args := range [][]string{
		{"webhooks", "deliveries", "--url", closed},
		{"export", "--url", closed},
		{"reset", "--url", closed},
	} {
		out, err := runCLIErr(args...)
		if err == nil {
			t.Errorf("%v: no error from an address nothing listens on", args)
			continue
		}
		if strings.Contains(err.Error()+out, "s3cr3t-pw") {
			t.Errorf("%v: the URL's password was printed: %v\n%s", args, err, out)
		}
		if !strings.Contains(err.Error(), "user:[REDACTED]@") || strings.Contains(err.Error(), "//emulator") {
			t.Errorf("%v: error %q does not name the redacted URL once", args, err)
		}
	}
}

// TestDeliveriesCredentials: webhooks deliveries sends the owner's
// credentials like the other commands (the well-known token for a local
// emulator, --token, --pat, or a whole "Basic …" header), refuses a
// non-http URL before asking, and reports the emulator's error envelope.
func TestDeliveriesCredentials(t *testing.T) {
	var mu sync.Mutex
	var auths []string
	status := http.StatusOK
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		st := status
		mu.Unlock()
		if r.URL.Path != "/emulator/webhooks/deliveries" {
			t.Errorf("asked %s", r.URL.Path)
		}
		w.WriteHeader(st)
		if st != http.StatusOK {
			w.Write([]byte(`{"error":{"type":"authorization","message":"Owner only"}}`))
			return
		}
		w.Write([]byte(`{"deliveries":[]}`))
	}))
	defer fake.Close()
	t.Setenv("LIVECHAT_TOKEN", "")
	t.Setenv("LIVECHAT_PAT", "")
	basic := base64.StdEncoding.EncodeToString([]byte("acc-1:pat-1"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "Bearer " + emulator.WellKnownOwnerToken},
		{[]string{"--token", "tok-1"}, "Bearer tok-1"},
		{[]string{"--token", "Bearer tok-2"}, "Bearer tok-2"},
		{[]string{"--pat", "acc-1:pat-1"}, "Basic " + basic},
		{[]string{"--token", "Basic " + basic}, "Basic " + basic},
	} {
		mu.Lock()
		auths = nil
		mu.Unlock()
		out, err := runCLIErr(append([]string{"webhooks", "deliveries", "--url", fake.URL}, c.args...)...)
		mu.Lock()
		got := auths
		mu.Unlock()
		if err != nil || !strings.Contains(out, "no webhook deliveries") || len(got) != 1 || got[0] != c.want {
			t.Errorf("%v: %v %q, Authorization %q, want %q", c.args, err, out, got, c.want)
		}
	}
	mu.Lock()
	auths = nil
	status = http.StatusForbidden
	mu.Unlock()
	if _, err := runCLIErr("webhooks", "deliveries", "--url", fake.URL); err == nil || !strings.Contains(err.Error(), "Owner only") {
		t.Errorf("an error envelope: %v", err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--url", "ftp://" + strings.TrimPrefix(fake.URL, "http://")}, "--url must be an http(s) base URL"},
		{[]string{"--url", fake.URL, "--token", "Basic not base64!"}, `--token "Basic …" must be base64 of ACCOUNT_ID:PAT`},
		{[]string{"--url", fake.URL, "--token", "t", "--pat", "a:p"}, "give --token or --pat, not both"},
	} {
		if _, err := runCLIErr(append([]string{"webhooks", "deliveries"}, c.args...)...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(auths) != 1 {
		t.Errorf("%d requests, want only the one answered with the envelope: bad flags must be refused before asking", len(auths))
	}
}
