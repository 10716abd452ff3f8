package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/state"
	"github.com/livechat-go/livechat/internal/redact"
)

type exportOptions struct {
	conn   connFlags
	data   string
	format string
	out    string
}

func newExport() *cobra.Command {
	o := exportOptions{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the emulator's whole state as a JSON or YAML document",
		Long: `Write the emulator's state (every agent, group, customer, chat with its
threads and events, tag, property, webhook and delivery…) in the format
that livechat serve --import and --seed read (README: Develop locally).
export → import → export gives the same bytes.

With --data the SQLite state in that directory is read directly (the
emulator using it must be stopped); otherwise the running emulator at
--url is asked (GET /emulator/export, as the owner).`,
		Example: `  livechat export --data ./state > state.json
  livechat export --format yaml -o state.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExport(cmd, o) },
	}
	f := cmd.Flags()
	o.conn.add(f)
	f.StringVar(&o.data, "data", "", "read this (stopped) emulator's data directory instead of asking --url")
	f.StringVar(&o.format, "format", "", "json or yaml (default: from -o's extension, else json)")
	f.StringVarP(&o.out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func runExport(cmd *cobra.Command, o exportOptions) error {
	format := strings.ToLower(o.format)
	if format == "" {
		format = "json"
		if strings.HasSuffix(o.out, ".yaml") || strings.HasSuffix(o.out, ".yml") {
			format = "yaml"
		}
	}
	if format != "json" && format != "yaml" {
		return fmt.Errorf("--format must be json or yaml, not %q", o.format)
	}
	ctx := cmd.Context()
	var doc *state.Document
	var err error
	if cmd.Flags().Changed("data") {
		if err := existingDataDir(o.data); err != nil { // datadir.go
			return err
		}
		doc, err = emulator.ExportDir(ctx, o.data)
		err = dataDirErr(err)
	} else {
		if err := o.conn.check(); err != nil {
			return err
		}
		doc, err = fetchExport(ctx, o.conn)
	}
	if err != nil {
		return err
	}
	data := doc.Encode()
	if format == "yaml" {
		if data, err = doc.EncodeYAML(); err != nil {
			return err
		}
	}
	if o.out == "" {
		_, err = cmd.OutOrStdout().Write(data)
		return err
	}
	return os.WriteFile(o.out, data, 0o600)
}

func fetchExport(ctx context.Context, c connFlags) (*state.Document, error) {
	body, err := emulatorRequest(ctx, c, http.MethodGet, "/emulator/export")
	if err != nil {
		return nil, err
	}
	return state.Parse(redact.URL(c.url)+"/emulator/export", body)
}

// emulatorRequest calls one of the emulator's own endpoints as the owner.
func emulatorRequest(ctx context.Context, c connFlags, method, path string) ([]byte, error) {
	creds, err := c.agentCreds()
	if err != nil {
		return nil, err
	}
	auth, err := creds.Authorize(ctx)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(c.url, "/")
	req, err := http.NewRequestWithContext(ctx, method, base+path, nil)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %s", method, redact.URL(base)+path, redact.Text(oneLine(err)))
	}
	req.Header.Set("Authorization", auth.Header())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %s (is livechat serve running?)", method, redact.URL(base)+path, redact.Text(oneLine(err)))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		var env livechat.ErrorEnvelope
		if json.Unmarshal(body, &env) == nil && env.Error != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, env.Error)
		}
		return nil, fmt.Errorf("%s %s: HTTP %d", method, path, res.StatusCode)
	}
	return body, nil
}

type resetOptions struct{ conn connFlags }

func newReset() *cobra.Command {
	o := resetOptions{}
	cmd := &cobra.Command{
		Use:   "reset",
		Short: "Return the running emulator to its seed (POST /emulator/reset)",
		Long: `Return the running emulator's state to what it started from: the
well-known seed plus the --seed files, or the --import document. RTM
connections are closed. Test suites can reset between tests (Go tests:
Server.Reset).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.conn.check(); err != nil {
				return err
			}
			if _, err := emulatorRequest(cmd.Context(), o.conn, http.MethodPost, "/emulator/reset"); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "emulator state reset")
			return nil
		},
	}
	o.conn.add(cmd.Flags())
	return cmd
}
