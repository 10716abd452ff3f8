package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat/emulator"
)

// runServeUntilCreds starts `livechat serve args…` and returns the
// credentials once written, a stop function and the output (read it after stop).
func runServeUntilCreds(t *testing.T, args ...string) (emulator.Credentials, func(), *bytes.Buffer) {
	t.Helper()
	credFile := filepath.Join(t.TempDir(), "creds.json")
	ctx, cancel := context.WithCancel(context.Background())
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0", "--credentials", credFile}, args...))
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	var creds emulator.Credentials
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(credFile)
		if err == nil && json.Unmarshal(b, &creds) == nil && creds.URL != "" {
			return creds, stop, &out
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended: %v; output: %s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("no credentials file; output: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func listChatsTLS(t *testing.T, creds emulator.Credentials, caPEM []byte) {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("CA is no PEM certificate")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer hc.CloseIdleConnections()
	req, _ := http.NewRequest("POST", creds.AgentWebURL+"list_chats", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+creds.Owner.Token)
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
}

func TestServeTLS(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state")
	creds, stop, out := runServeUntilCreds(t, "--data", data, "--tls")
	if !strings.HasPrefix(creds.URL, "https://") || !strings.HasPrefix(creds.AgentRTMURL, "wss://") {
		stop()
		t.Fatalf("URLs %s %s", creds.URL, creds.AgentRTMURL)
	}
	ca := filepath.Join(data, "tls", "ca.pem")
	caPEM, err := os.ReadFile(ca)
	if err != nil {
		stop()
		t.Fatal(err)
	}
	listChatsTLS(t, creds, caPEM)
	stop()
	for _, want := range []string{"TLS CA", ca, "NODE_EXTRA_CA_CERTS=" + ca, "SSL_CERT_FILE=" + ca, "update-ca-certificates", "wss://"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}

	// --tls-cert/--tls-key serve given files (here: the generated leaf).
	creds, stop, out = runServeUntilCreds(t, "--data", ":memory:",
		"--tls-cert", filepath.Join(data, "tls", "cert.pem"), "--tls-key", filepath.Join(data, "tls", "key.pem"))
	listChatsTLS(t, creds, caPEM)
	stop()
	if !strings.Contains(out.String(), "cert.pem") {
		t.Errorf("banner lacks the certificate:\n%s", out.String())
	}
}
