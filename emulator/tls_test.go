package emulator_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/emulator"
)

func tlsClient(pool *x509.CertPool, serverName string) *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: serverName}}}
}

func postListChats(t *testing.T, hc *http.Client, srv *emulator.Server) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL()+"/v3.6/agent/action/list_chats", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().Owner.Token)
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.TLS == nil {
		t.Fatalf("status %d, TLS %v", res.StatusCode, res.TLS != nil)
	}
}

func TestTLSInMemory(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{TLS: true})
	cr := srv.Credentials()
	if !strings.HasPrefix(srv.URL(), "https://") || !strings.HasPrefix(cr.AgentRTMURL, "wss://") {
		t.Fatalf("URLs %s %s", srv.URL(), cr.AgentRTMURL)
	}
	if srv.CACertFile() != "" || srv.CertPool() == nil {
		t.Fatal("in-memory TLS: want no CA file and a pool")
	}
	hc := tlsClient(srv.CertPool(), "")
	defer hc.CloseIdleConnections()
	postListChats(t, hc, srv)

	// WSS RTM login with the CA pool.
	ws, _, err := websocket.Dial(ctxT(t), cr.AgentRTMURL, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	ws.Write(ctxT(t), websocket.MessageText, []byte(`{"action":"login","request_id":"1","payload":{"token":"Bearer `+cr.Owner.Token+`"}}`))
	_, b, err := ws.Read(ctxT(t))
	if err != nil || !strings.Contains(string(b), `"success":true`) || !strings.Contains(string(b), cr.Owner.ID) {
		t.Fatalf("login: %s %v", b, err)
	}

	// Without the CA the certificate is refused.
	plain := &http.Client{Transport: &http.Transport{}}
	defer plain.CloseIdleConnections()
	_, err = plain.Post(srv.URL()+"/healthz", "application/json", nil)
	var uae x509.UnknownAuthorityError
	if !errors.As(err, &uae) {
		t.Fatalf("without the CA: %v", err)
	}
}

// The leaf covers the platform host names: a client that resolves
// api.livechatinc.com to the emulator verifies it.
func TestTLSPlatformHostNames(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{TLS: true})
	addr := strings.TrimPrefix(srv.URL(), "https://")
	for _, host := range emulator.TLSHosts {
		conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: srv.CertPool(), ServerName: host})
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		if ip := net.ParseIP(host); ip == nil {
			if err := conn.ConnectionState().PeerCertificates[0].VerifyHostname(host); err != nil {
				t.Fatal(err)
			}
		}
		conn.Close()
	}
	leaf := func() *x509.Certificate {
		conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: srv.CertPool()})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		return conn.ConnectionState().PeerCertificates[0]
	}()
	if k, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || k.Curve != elliptic.P256() {
		t.Fatalf("leaf key %T, want ECDSA P-256", leaf.PublicKey)
	}
	if _, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: srv.CertPool(), ServerName: "example.com"}); err == nil {
		t.Fatal("a foreign host name verified")
	}
}

func TestTLSFilesReusedAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	start := func(cfg emulator.Config) *emulator.Server {
		t.Helper()
		cfg.DataDir, cfg.Addr = dir, "127.0.0.1:0"
		srv, err := emulator.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Start(); err != nil {
			srv.Close()
			t.Fatal(err)
		}
		return srv
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, emulator.TLSDirName, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	srv := start(emulator.Config{TLS: true})
	caFile := srv.CACertFile()
	if caFile != filepath.Join(dir, "tls", "ca.pem") {
		t.Fatalf("CA file %q", caFile)
	}
	ca, leaf := read("ca.pem"), read("cert.pem")
	if !bytes.Equal(ca, srv.CACertPEM()) {
		t.Fatal("CACertPEM differs from ca.pem")
	}
	for _, name := range []string{"ca-key.pem", "key.pem"} {
		fi, err := os.Stat(filepath.Join(dir, "tls", name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", name, fi.Mode(), err)
		}
	}
	// The CA file alone is enough to trust the server.
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		t.Fatal("ca.pem is no PEM certificate")
	}
	hc := tlsClient(pool, "")
	postListChats(t, hc, srv)
	hc.CloseIdleConnections()
	srv.Close()

	// A restart reuses both certificates.
	srv = start(emulator.Config{TLS: true})
	if !bytes.Equal(read("ca.pem"), ca) || !bytes.Equal(read("cert.pem"), leaf) {
		t.Fatal("certificates regenerated on restart")
	}
	hc = tlsClient(pool, "")
	postListChats(t, hc, srv)
	hc.CloseIdleConnections()
	srv.Close()

	// A damaged leaf is replaced, under the same CA.
	os.WriteFile(filepath.Join(dir, "tls", "cert.pem"), []byte("junk"), 0o644)
	srv = start(emulator.Config{TLS: true})
	if !bytes.Equal(read("ca.pem"), ca) || bytes.Equal(read("cert.pem"), leaf) {
		t.Fatal("damaged leaf not replaced under the same CA")
	}
	hc = tlsClient(pool, "")
	postListChats(t, hc, srv)
	hc.CloseIdleConnections()
	srv.Close()
}

func TestTLSGivenFiles(t *testing.T) {
	// Make a CA and leaf with a first server, then serve them as given files.
	dir := t.TempDir()
	first, err := emulator.New(context.Background(), emulator.Config{DataDir: dir, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	caPEM := first.CACertPEM()
	first.Close()
	certFile, keyFile := filepath.Join(dir, "tls", "cert.pem"), filepath.Join(dir, "tls", "key.pem")
	srv := emulator.NewTest(t, emulator.Config{TLSCertFile: certFile, TLSKeyFile: keyFile})
	if !strings.HasPrefix(srv.URL(), "https://") || srv.CACertFile() != "" || srv.CACertPEM() != nil {
		t.Fatalf("given files: URL %s CA %q", srv.URL(), srv.CACertFile())
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	hc := tlsClient(pool, "")
	defer hc.CloseIdleConnections()
	postListChats(t, hc, srv)

	for _, cfg := range []emulator.Config{
		{DataDir: ":memory:", TLSCertFile: certFile},
		{DataDir: ":memory:", TLSCertFile: filepath.Join(dir, "missing.pem"), TLSKeyFile: keyFile},
		{DataDir: ":memory:", TLSCertFile: keyFile, TLSKeyFile: certFile},
	} {
		if s, err := emulator.New(context.Background(), cfg); err == nil {
			s.Close()
			t.Errorf("%+v: no error", cfg)
		}
	}
	if blk, _ := pem.Decode(caPEM); blk == nil {
		t.Fatal("CACertPEM is no PEM")
	}
}
