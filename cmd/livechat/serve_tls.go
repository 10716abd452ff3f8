package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat/emulator/store"
)

func addTLSFlags(cmd *cobra.Command, o *serveOptions) {
	f := cmd.Flags()
	f.BoolVar(&o.tls, "tls", false, "serve HTTPS and WSS with a local CA and certificate generated under <data>/tls (reused across restarts)")
	f.StringVar(&o.tlsCert, "tls-cert", "", "serve this PEM certificate (chain) instead of the generated one (implies --tls; needs --tls-key)")
	f.StringVar(&o.tlsKey, "tls-key", "", "the PEM private key of --tls-cert")
}

// printTLS tells how to trust the generated CA.
func printTLS(w io.Writer, o serveOptions) {
	switch {
	case o.tlsCert != "":
		fmt.Fprintf(w, "\n  TLS              certificate %s, key %s\n", o.tlsCert, o.tlsKey)
	case o.caFile != "":
		ca := o.caFile
		fmt.Fprintf(w, "\n  TLS CA           %s\n", ca)
		fmt.Fprintf(w, "  The certificate covers localhost, 127.0.0.1, ::1, api.livechatinc.com,\n")
		fmt.Fprintf(w, "  api-fra.livechatinc.com and accounts.livechat.com. To trust it:\n")
		fmt.Fprintf(w, "    Node            NODE_EXTRA_CA_CERTS=%s\n", ca)
		fmt.Fprintf(w, "    Go, curl, Python, OpenSSL  SSL_CERT_FILE=%s (replaces the system bundle for that process)\n", ca)
		fmt.Fprintf(w, "    system-wide (Debian/Ubuntu)  sudo cp %s /usr/local/share/ca-certificates/livechat-emulator.crt && sudo update-ca-certificates\n", ca)
	case o.tls && o.data == store.Memory:
		fmt.Fprintf(w, "\n  TLS              with a CA kept in memory (--data :memory:): use a data directory to get a CA file to trust\n")
	}
}
