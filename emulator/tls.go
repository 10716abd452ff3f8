package emulator

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/livechat-go/livechat/emulator/store"
)

// TLSHosts are the names and addresses in the generated leaf certificate:
// the loopback names, and the platform host names so that clients with a
// hard-wired host (resolved to 127.0.0.1 for them) verify the emulator.
var TLSHosts = []string{
	"localhost", "127.0.0.1", "::1",
	"api.livechatinc.com", "api-fra.livechatinc.com", "accounts.livechat.com",
}

// Files of the generated TLS material under DataDir/TLSDirName.
const (
	TLSDirName    = "tls"
	CACertName    = "ca.pem"
	caKeyName     = "ca-key.pem"
	leafCertName  = "cert.pem"
	leafKeyName   = "key.pem"
	leafLifetime  = 397 * 24 * time.Hour // the longest public browsers accept
	caLifetime    = 10 * 365 * 24 * time.Hour
	renewLeafLeft = 30 * 24 * time.Hour
)

type tlsState struct {
	cfg    *tls.Config
	caPEM  []byte // the generated CA; nil with Config.TLSCertFile
	caFile string // where caPEM is stored; "" in memory or with given files
}

// loadTLS returns nil when cfg asks for no TLS.
func loadTLS(cfg Config) (*tlsState, error) {
	if cfg.TLSCertFile != "" || cfg.TLSKeyFile != "" {
		if cfg.TLSCertFile == "" || cfg.TLSKeyFile == "" {
			return nil, errors.New("emulator: TLSCertFile and TLSKeyFile go together")
		}
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("emulator: TLS certificate: %w", err)
		}
		return &tlsState{cfg: serverTLSConfig(cert)}, nil
	}
	if !cfg.TLS {
		return nil, nil
	}
	now := time.Now()
	if cfg.DataDir == store.Memory {
		caCert, caKey, err := newCA(now)
		if err != nil {
			return nil, err
		}
		leafDER, leafKey, err := newLeaf(now, caCert, caKey)
		if err != nil {
			return nil, err
		}
		return &tlsState{cfg: serverTLSConfig(keyPair(leafDER, caCert, leafKey)), caPEM: certPEM(caCert.Raw)}, nil
	}
	return loadOrCreateTLS(filepath.Join(cfg.DataDir, TLSDirName), now)
}

// loadOrCreateTLS reuses the CA and leaf in dir, creating what is missing
// or no longer valid. The CA is kept as long as it is valid, so a client
// that trusts it keeps trusting the emulator across restarts.
func loadOrCreateTLS(dir string, now time.Time) (*tlsState, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("emulator: TLS directory: %w", err)
	}
	caFile := filepath.Join(dir, CACertName)
	caCert, caKey, err := readCA(dir, now)
	if err != nil {
		if caCert, caKey, err = newCA(now); err != nil {
			return nil, err
		}
		if err := writePEM(filepath.Join(dir, caKeyName), "EC PRIVATE KEY", marshalKey(caKey), 0o600); err != nil {
			return nil, err
		}
		if err := writePEM(caFile, "CERTIFICATE", caCert.Raw, 0o644); err != nil {
			return nil, err
		}
		// A new CA invalidates the old leaf.
		os.Remove(filepath.Join(dir, leafCertName))
	}
	leafDER, leafKey, err := readLeaf(dir, now, caCert)
	if err != nil {
		if leafDER, leafKey, err = newLeaf(now, caCert, caKey); err != nil {
			return nil, err
		}
		if err := writePEM(filepath.Join(dir, leafKeyName), "EC PRIVATE KEY", marshalKey(leafKey), 0o600); err != nil {
			return nil, err
		}
		if err := writePEM(filepath.Join(dir, leafCertName), "CERTIFICATE", leafDER, 0o644); err != nil {
			return nil, err
		}
	}
	return &tlsState{cfg: serverTLSConfig(keyPair(leafDER, caCert, leafKey)), caPEM: certPEM(caCert.Raw), caFile: caFile}, nil
}

func readCA(dir string, now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	cert, err := readCert(filepath.Join(dir, CACertName))
	if err != nil {
		return nil, nil, err
	}
	key, err := readKey(filepath.Join(dir, caKeyName))
	if err != nil {
		return nil, nil, err
	}
	if !cert.IsCA || now.After(cert.NotAfter.Add(-renewLeafLeft)) || !key.PublicKey.Equal(cert.PublicKey) {
		return nil, nil, errors.New("stale CA")
	}
	return cert, key, nil
}

func readLeaf(dir string, now time.Time, ca *x509.Certificate) ([]byte, *ecdsa.PrivateKey, error) {
	cert, err := readCert(filepath.Join(dir, leafCertName))
	if err != nil {
		return nil, nil, err
	}
	key, err := readKey(filepath.Join(dir, leafKeyName))
	if err != nil {
		return nil, nil, err
	}
	if !key.PublicKey.Equal(cert.PublicKey) || now.After(cert.NotAfter.Add(-renewLeafLeft)) {
		return nil, nil, errors.New("stale leaf")
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	for _, h := range TLSHosts {
		if _, err := cert.Verify(x509.VerifyOptions{DNSName: h, Roots: pool, CurrentTime: now}); err != nil {
			return nil, nil, err
		}
	}
	return cert.Raw, key, nil
}

func readCert(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, errors.New("no certificate")
	}
	return x509.ParseCertificate(blk.Bytes)
}

func readKey(path string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("no key")
	}
	return x509.ParseECPrivateKey(blk.Bytes)
}

func newCA(now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{Organization: []string{"livechat-go emulator"}, CommonName: "livechat-go emulator local CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(caLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		SubjectKeyId:          skid(&key.PublicKey),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("emulator: create CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

func newLeaf(now time.Time, ca *x509.Certificate, caKey *ecdsa.PrivateKey) ([]byte, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{Organization: []string{"livechat-go emulator"}, CommonName: "localhost"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(leafLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range TLSHosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("emulator: create TLS certificate: %w", err)
	}
	return der, key, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	return n.Add(n, big.NewInt(1))
}

func skid(pub *ecdsa.PublicKey) []byte {
	b, _ := x509.MarshalPKIXPublicKey(pub)
	h := sha256.Sum256(b)
	return h[:20]
}

func marshalKey(k *ecdsa.PrivateKey) []byte {
	b, _ := x509.MarshalECPrivateKey(k)
	return b
}

func certPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// writePEM writes atomically (temporary file, then rename).
func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := pem.Encode(tmp, &pem.Block{Type: typ, Bytes: der}); err != nil {
		tmp.Close()
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	return nil
}

// keyPair serves the leaf with the CA in the chain.
func keyPair(leafDER []byte, ca *x509.Certificate, key *ecdsa.PrivateKey) tls.Certificate {
	leaf, _ := x509.ParseCertificate(leafDER)
	return tls.Certificate{Certificate: [][]byte{leafDER, ca.Raw}, PrivateKey: key, Leaf: leaf}
}

func serverTLSConfig(cert tls.Certificate) *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		// WebSocket upgrades need HTTP/1.1.
		NextProtos: []string{"http/1.1"},
	}
}

func (s *Server) tlsListener(l net.Listener) net.Listener {
	if s.tls == nil {
		return l
	}
	return tls.NewListener(l, s.tls.cfg)
}

func (s *Server) scheme() string {
	if s.tls != nil {
		return "https"
	}
	return "http"
}

// CACertFile returns the path of the generated CA certificate (PEM,
// DataDir/tls/ca.pem), or "" without TLS, with an in-memory DataDir or
// with Config.TLSCertFile. Clients trust the emulator through it:
// NODE_EXTRA_CA_CERTS for Node, SSL_CERT_FILE for Go and OpenSSL (it
// replaces the system bundle), or update-ca-certificates system-wide.
func (s *Server) CACertFile() string {
	if s.tls == nil {
		return ""
	}
	return s.tls.caFile
}

// CACertPEM returns the generated CA certificate in PEM, or nil without TLS
// or with Config.TLSCertFile.
func (s *Server) CACertPEM() []byte {
	if s.tls == nil {
		return nil
	}
	return bytes.Clone(s.tls.caPEM)
}

// CertPool returns a pool holding the generated CA, or nil (see CACertPEM).
func (s *Server) CertPool() *x509.CertPool {
	pem := s.CACertPEM()
	if pem == nil {
		return nil
	}
	p := x509.NewCertPool()
	p.AppendCertsFromPEM(pem)
	return p
}
