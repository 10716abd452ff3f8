package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/pflag"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/reqlog"
	"github.com/livechat-go/livechat/emulator/state"
)

// stateOptions are serve's state flags: --seed, --import, --export-on-exit.
type stateOptions struct {
	seeds        []string
	importFile   string
	exportOnExit string
}

func (o *stateOptions) add(f *pflag.FlagSet) {
	f.StringArrayVar(&o.seeds, "seed", nil, "JSON/YAML state document merged over the well-known seed when the state is created, and by reset (repeatable)")
	f.StringVar(&o.importFile, "import", "", "JSON/YAML state document (livechat export) replacing the state on start; reset returns to it")
	f.StringVar(&o.exportOnExit, "export-on-exit", "", "write the state to this file (JSON, or YAML for .yaml/.yml) when stopping")
}

// apply reads the documents (any error names the file, line and path;
// nothing starts) and, with -v, logs one line per request.
func (o *stateOptions) apply(cfg *emulator.Config, verbose bool) error {
	for _, name := range o.seeds {
		d, err := state.ReadFile(name)
		if err != nil {
			return fmt.Errorf("--seed: %w", err)
		}
		cfg.Seed = append(cfg.Seed, d)
	}
	if o.importFile != "" {
		d, err := state.ReadFile(o.importFile)
		if err != nil {
			return fmt.Errorf("--import: %w", err)
		}
		cfg.Import = d
	}
	cfg.ExportOnExit = o.exportOnExit
	if verbose {
		cfg.RequestLog = reqlog.New(reqlog.DefaultSize, reqlog.WithLogger(cfg.Logger.With(slog.String("log", "request"))))
	}
	return nil
}

// report prints what became of the state flags.
func (o *stateOptions) report(w io.Writer, srv *emulator.Server, data string) {
	fmt.Fprintf(w, "  dev UI           %s/emulator/ui   (request log: %s/emulator/requests)\n", srv.URL(), srv.URL())
	switch {
	case o.importFile != "":
		fmt.Fprintf(w, "  imported         %s\n", o.importFile)
	case len(o.seeds) > 0 && srv.NewState():
		fmt.Fprintf(w, "  seeded from      %v\n", o.seeds)
	case len(o.seeds) > 0:
		fmt.Fprintf(w, "  note: %s holds an existing state, so --seed was not applied now (livechat reset applies it; or use --data :memory:)\n", data)
	}
	if o.exportOnExit != "" {
		fmt.Fprintf(w, "  export on exit   %s\n", o.exportOnExit)
	}
}
