// Command simple-agent serves Simple Agent (package apps/simpleagent) on
// its own, against the LiveChat platform or any emulator.
//
// Against a real LiveChat account: create an app in the Developer Console
// with the Authorization block, add http://127.0.0.1:8081/oauth/callback
// to its redirect URI whitelist, give it the chat scopes the agent needs
// (chats--access:rw or chats--all:rw, customers:ro, agents--my:ro), then:
//
//	go run ./examples/simple-agent -client-id <your client id> [-region fra]
//
// and open http://127.0.0.1:8081. Or sign in with a Personal Access Token
// (the environment keeps it out of your shell history and process list):
//
//	LIVECHAT_ACCOUNT_ID=<account id> LIVECHAT_PAT=<token> go run ./examples/simple-agent
//
// Against the local emulator (go run ./cmd/livechat serve):
//
//	go run ./examples/simple-agent -base-url http://127.0.0.1:8080 \
//	    -accounts-url http://127.0.0.1:8080 -client-id <its client_id>
//
// The app listens on loopback only unless it is given a TLS certificate
// (-tls-cert, -tls-key) or -insecure-listen.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/apps/simpleagent"
	"github.com/livechat-go/livechat/internal/webapp"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "simple-agent:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:8081", "listen address")
	baseURL := flag.String("base-url", "", "API base URL (empty: the LiveChat platform)")
	region := flag.String("region", "", "platform region: dal (US) or fra (EU); default: from the token")
	accounts := flag.String("accounts-url", simpleagent.DefaultAccountsURL, "accounts (OAuth) server")
	clientID := flag.String("client-id", "", "OAuth client id (Developer Console app)")
	publicURL := flag.String("public-url", "", "the app's URL as browsers see it (default: from the request)")
	tlsCert := flag.String("tls-cert", "", "serve HTTPS with this certificate (PEM)")
	tlsKey := flag.String("tls-key", "", "and this key (PEM)")
	insecure := flag.Bool("insecure-listen", false, "allow plain HTTP on a non-loopback address")
	idle := flag.Duration("session-idle", simpleagent.DefaultSessionIdleTimeout, "end a signed-in session unused this long, closing its RTM connection (0: never)")
	verbose := flag.Bool("v", false, "debug logging (tokens are never logged)")
	flag.Parse()

	tls := *tlsCert != "" || *tlsKey != ""
	if tls && (*tlsCert == "" || *tlsKey == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	if err := webapp.CheckListen(*addr, tls, *insecure); err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	opts := []simpleagent.Option{simpleagent.WithAccountsURL(*accounts), simpleagent.WithLogger(logger), simpleagent.WithSecureCookies(tls),
		simpleagent.WithSessionIdleTimeout(*idle)}
	if *baseURL != "" {
		opts = append(opts, simpleagent.WithBaseURL(*baseURL))
	}
	switch livechat.Region(*region) {
	case "":
	case livechat.RegionUS, livechat.RegionEU:
		opts = append(opts, simpleagent.WithRegion(livechat.Region(*region)))
	default:
		return fmt.Errorf("-region %q: use dal or fra", *region)
	}
	if *clientID != "" {
		opts = append(opts, simpleagent.WithClientID(*clientID))
	}
	if *publicURL != "" {
		opts = append(opts, simpleagent.WithPublicURL(*publicURL))
	}
	if acc, pat := os.Getenv("LIVECHAT_ACCOUNT_ID"), os.Getenv("LIVECHAT_PAT"); pat != "" {
		opts = append(opts, simpleagent.WithPAT(acc, pat))
	}
	app, err := simpleagent.New(opts...)
	if err != nil {
		return err
	}
	defer app.Close()
	srv := &http.Server{Addr: *addr, Handler: app, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- srv.ListenAndServeTLS(*tlsCert, *tlsKey)
		} else {
			errc <- srv.ListenAndServe()
		}
	}()
	scheme := "http"
	if tls {
		scheme = "https"
	}
	fmt.Printf("Simple Agent: %s://%s\n", scheme, *addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	app.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
