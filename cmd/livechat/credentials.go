package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat/emulator"
)

type credentialsOptions struct {
	url  string
	data string
	json bool
}

func newCredentials() *cobra.Command {
	o := credentialsOptions{}
	cmd := &cobra.Command{
		Use:   "credentials",
		Short: "Print the well-known credentials of a running emulator or of a data directory",
		Long: `Print the emulator's well-known credentials: the tokens, PATs and REST API
v2 keys of the seeded owner, agent, read-only owner, bot and customers, and
the organization, license and OAuth client ids. They are fixed development
credentials, public by design, and also printed on the start banner of
livechat serve.

By default the emulator running at --url is asked (GET / with Accept:
application/json). It publishes them only when it listens on a loopback
address; otherwise use its --credentials FILE. With --data the state in
that directory is read instead (it must exist; nothing is created), which
also shows REST API v2 keys reset since the seed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCredentials(cmd, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the running emulator")
	f.StringVar(&o.data, "data", "", "read the credentials of this data directory instead of asking --url")
	f.BoolVar(&o.json, "json", false, "print JSON (the format of serve --credentials FILE)")
	cmd.MarkFlagsMutuallyExclusive("url", "data")
	return cmd
}

func runCredentials(cmd *cobra.Command, o credentialsOptions) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	var c emulator.Credentials
	var err error
	if cmd.Flags().Changed("data") {
		if err := existingDataDir(o.data); err != nil { // datadir.go
			return err
		}
		c, err = emulator.ReadCredentials(ctx, o.data)
		err = dataDirErr(err)
	} else {
		c, err = fetchCredentials(ctx, o.url)
	}
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	}
	if c.URL != "" {
		fmt.Fprintf(w, "  base URL         %s\n", c.URL)
	} else {
		fmt.Fprintf(w, "  state            %s (URLs: the address livechat serve listens on, default http://127.0.0.1:8080)\n", o.data)
	}
	printCredentials(w, c) // serve.go
	return nil
}

// fetchCredentials asks a running emulator for its credentials through
// the JSON form of its home page.
func fetchCredentials(ctx context.Context, base string) (emulator.Credentials, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	base = strings.TrimRight(base, "/")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
	if err != nil {
		return emulator.Credentials{}, fmt.Errorf("--url: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return emulator.Credentials{}, fmt.Errorf("is the emulator running at %s? %w", base, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return emulator.Credentials{}, err
	}
	if res.StatusCode != http.StatusOK {
		return emulator.Credentials{}, fmt.Errorf("%s/ answered %s; is it a livechat emulator?", base, res.Status)
	}
	var home struct {
		Name        string                `json:"name"`
		Credentials *emulator.Credentials `json:"credentials"`
		Hidden      string                `json:"credentials_hidden"`
	}
	if err := json.Unmarshal(body, &home); err != nil || home.Name == "" {
		return emulator.Credentials{}, fmt.Errorf("%s/ did not answer the emulator's home page; is it a livechat emulator?", base)
	}
	if home.Credentials == nil {
		if home.Hidden == "" {
			home.Hidden = "the emulator did not publish its credentials"
		}
		return emulator.Credentials{}, errors.New(home.Hidden)
	}
	return *home.Credentials, nil
}
