package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/livechat-go/livechat/emulator"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestServe(t *testing.T) {
	dir := t.TempDir()
	credFile := filepath.Join(dir, "creds.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "state"), "--credentials", credFile})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	var creds emulator.Credentials
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(credFile)
		if err == nil && json.Unmarshal(b, &creds) == nil && creds.URL != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no credentials file; output: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	req, _ := http.NewRequest("POST", creds.AgentWebURL+"list_chats", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+creds.Owner.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	http.DefaultClient.CloseIdleConnections()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LiveChat emulator ready", creds.Owner.Token, creds.OrganizationID, "ws://"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "state", "livechat-emulator.db")); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultDataDir(t *testing.T) {
	if d := defaultDataDir(); !strings.Contains(d, "livechat-go") {
		t.Fatal(d)
	}
}
