package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
	"github.com/livechat-go/livechat/restv2"
)

// TestCredentialsFromRunningEmulator: livechat credentials asks a running
// emulator (on loopback) and prints the same credentials as its banner.
func TestCredentialsFromRunningEmulator(t *testing.T) {
	srv := emulator.NewTest(t)
	want := srv.Credentials()
	out := runCLI(t, "credentials", "--url", srv.URL())
	for _, s := range []string{want.URL, want.Owner.Token, want.Owner.PAT, want.Owner.APIKey, want.Agent.Token,
		want.ReadOnly.Token, want.Bot.Token, want.Customers[2].Token, want.OrganizationID, want.LicenseID, want.ClientID} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	var got emulator.Credentials
	if err := json.Unmarshal([]byte(runCLI(t, "credentials", "--url", srv.URL(), "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.Owner.Token != want.Owner.Token || got.Agent.Basic != want.Agent.Basic || got.URL != want.URL || len(got.Customers) != 3 {
		t.Errorf("--json = %+v", got)
	}
}

// TestCredentialsRefused: an emulator that is not on loopback does not
// publish them, something that is not an emulator is named as such, and
// --url with --data is refused.
func TestCredentialsRefused(t *testing.T) {
	srv, err := emulator.New(context.Background(), emulator.Config{DataDir: store.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	front := httptest.NewServer(srv.Handler())
	defer front.Close()
	if _, err := runCLIErr("credentials", "--url", front.URL); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("off loopback: %v", err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("<html>hi</html>")) }))
	defer other.Close()
	if _, err := runCLIErr("credentials", "--url", other.URL); err == nil || !strings.Contains(err.Error(), "is it a livechat emulator?") {
		t.Errorf("not an emulator: %v", err)
	}
	if _, err := runCLIErr("credentials", "--url", other.URL, "--data", t.TempDir()); err == nil || !strings.Contains(err.Error(), "none of the others can be") {
		t.Errorf("--url with --data: %v", err)
	}
	if _, err := runCLIErr("credentials", "--data", t.TempDir()); err == nil || !strings.Contains(err.Error(), "holds no emulator state") {
		t.Errorf("--data without a state: %v", err)
	}
}

// TestCredentialsFromDataDir: --data reads the state, REST API v2 keys
// reset since the seed included.
func TestCredentialsFromDataDir(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	c := srv.Credentials()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	v2, err := restv2.New(livechat.NewAPIKey(c.Owner.ID, c.Owner.APIKey), livechat.WithBaseURL(srv.URL()), livechat.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	a, err := v2.Agents.ResetAPIKey(context.Background(), c.Agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	newKey := a.APIKey.Reveal()
	if newKey == "" || newKey == c.Agent.APIKey {
		t.Fatalf("reset key = %q", newKey)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	var got emulator.Credentials
	if err := json.Unmarshal([]byte(runCLI(t, "credentials", "--data", dir, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.Owner.Token != c.Owner.Token || got.Owner.APIKey != c.Owner.APIKey || got.Agent.APIKey != newKey || got.URL != "" {
		t.Errorf("--data --json: owner %+v, agent key %q (want %q)", got.Owner, got.Agent.APIKey, newKey)
	}
	if out := runCLI(t, "credentials", "--data", dir); !strings.Contains(out, newKey) || !strings.Contains(out, "state            "+dir) {
		t.Errorf("--data:\n%s", out)
	}
}
