package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat/apps/customerchat"
	"github.com/livechat-go/livechat/apps/simpleagent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
	"github.com/livechat-go/livechat/internal/webapp"
)

type demoOptions struct {
	addr, agentAddr, customerAddr string
	data                          string
	insecure                      bool
	verbose                       bool
	ready                         func(agentURL, customerURL string) // tests
}

func defaultDemoDataDir() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "livechat-go", "demo")
}

func newDemo() *cobra.Command {
	o := demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the emulator with Simple Agent and a customer chat page: the whole platform, no account",
		Long: `Run the local emulator, the Simple Agent app (signed in as the seeded owner
through the emulator's OAuth server) and a customer chat page, all on
loopback. Open the two URLs printed: write as the customer, answer as the
agent. State is kept under --data (":memory:" for a throwaway one).
Ctrl+C stops everything.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "emulator listen address")
	f.StringVar(&o.agentAddr, "agent-addr", "127.0.0.1:8081", "Simple Agent listen address")
	f.StringVar(&o.customerAddr, "customer-addr", "127.0.0.1:8082", "customer chat listen address")
	f.StringVar(&o.data, "data", defaultDemoDataDir(), `data directory, or ":memory:" for a throwaway state`)
	f.BoolVar(&o.insecure, "insecure-listen", false, "allow the apps to listen on a non-loopback address over plain HTTP")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "log to stderr")
	return cmd
}

// runDemo runs until ctx ends, then stops the apps, their servers and the
// emulator, in that order.
func runDemo(ctx context.Context, o demoOptions, stdout, stderr io.Writer) error {
	for _, a := range []string{o.agentAddr, o.customerAddr} {
		if err := webapp.CheckListen(a, false, o.insecure); err != nil {
			return err
		}
	}
	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if o.data != store.Memory {
		if err := os.MkdirAll(o.data, 0o700); err != nil {
			return fmt.Errorf("data directory: %w", err)
		}
	}
	emu, err := emulator.New(ctx, emulator.Config{Addr: o.addr, DataDir: o.data, Logger: logger})
	if err != nil {
		return err
	}
	if err := emu.Start(); err != nil {
		emu.Close()
		return err
	}
	creds := emu.Credentials()
	agentLn, err := net.Listen("tcp", o.agentAddr)
	if err != nil {
		emu.Close()
		return fmt.Errorf("Simple Agent: %w", err)
	}
	custLn, err := net.Listen("tcp", o.customerAddr)
	if err != nil {
		agentLn.Close()
		emu.Close()
		return fmt.Errorf("customer chat: %w", err)
	}
	agentApp, err := simpleagent.New(simpleagent.WithBaseURL(creds.URL), simpleagent.WithAccountsURL(creds.URL),
		simpleagent.WithClientID(creds.ClientID), simpleagent.WithLogger(logger))
	if err != nil {
		return err
	}
	custApp, err := customerchat.New(customerchat.WithBaseURL(creds.URL), customerchat.WithAccountsURL(creds.URL),
		customerchat.WithOrganizationID(creds.OrganizationID), customerchat.WithClientID(creds.ClientID), customerchat.WithLogger(logger))
	if err != nil {
		return err
	}
	servers := []*http.Server{
		{Handler: agentApp, ReadHeaderTimeout: 10 * time.Second},
		{Handler: custApp, ReadHeaderTimeout: 10 * time.Second},
	}
	errc := make(chan error, 2)
	for i, ln := range []net.Listener{agentLn, custLn} {
		go func() {
			if err := servers[i].Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
	}
	agentURL, custURL := "http://"+agentLn.Addr().String(), "http://"+custLn.Addr().String()
	state := o.data
	if state != store.Memory {
		state = filepath.Join(state, store.FileName)
	}
	fmt.Fprintf(stdout, "LiveChat demo: the emulator, Simple Agent and a customer chat page\n\n")
	fmt.Fprintf(stdout, "Simple Agent: %s\n", agentURL)
	fmt.Fprintf(stdout, "Customer chat: %s\n\n", custURL)
	fmt.Fprintf(stdout, "  emulator   %s   (state %s)\n", creds.URL, state)
	fmt.Fprintf(stdout, "  agent      %s (%s), signed in through %s/oauth/authorize\n", creds.Owner.ID, creds.Owner.Name, creds.URL)
	fmt.Fprintf(stdout, "  inside     %s/emulator/ui (chats, users, webhook deliveries, request log)\n", creds.URL)
	fmt.Fprintf(stdout, "  API        %s/openapi.json; livechat api --url %s agent list_chats\n\n", creds.URL, creds.URL)
	fmt.Fprintln(stdout, "Write a message on the customer chat page and answer it in Simple Agent.")
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
	if o.ready != nil {
		o.ready(agentURL, custURL)
	}
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	fmt.Fprintln(stdout, "shutting down…")
	agentApp.Close()
	custApp.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(sctx); err != nil {
			s.Close()
		}
	}
	return errors.Join(runErr, emu.Close())
}
