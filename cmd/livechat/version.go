package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat"
)

// buildInfo is runtime/debug.ReadBuildInfo; tests replace it.
var buildInfo = debug.ReadBuildInfo

// versionInfo is what `livechat version` prints.
type versionInfo struct {
	Module    string // module path
	Version   string // module version: a tag, a pseudo-version, or "(devel)" from a checkout
	SDK       string // livechat.Version
	Go        string // Go version the binary was built with
	Revision  string // vcs.revision, when built from a checkout
	Time      string // vcs.time
	Modified  bool   // vcs.modified: the checkout had uncommitted changes
	HaveBuild bool   // build information was available
}

func readVersion() versionInfo {
	v := versionInfo{Module: "github.com/livechat-go/livechat", Version: "unknown", SDK: livechat.Version}
	bi, ok := buildInfo()
	if !ok || bi == nil {
		return v
	}
	v.HaveBuild = true
	v.Go = bi.GoVersion
	if bi.Main.Path != "" {
		v.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the one-line form, used by --version.
func (v versionInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "livechat %s (sdk %s", v.Version, v.SDK)
	if v.Go != "" {
		fmt.Fprintf(&b, ", %s", v.Go)
	}
	if v.Revision != "" {
		fmt.Fprintf(&b, ", commit %s", short(v.Revision))
		if v.Modified {
			b.WriteString("+modified")
		}
	}
	b.WriteString(")")
	return b.String()
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

func (v versionInfo) print(w io.Writer) {
	fmt.Fprintf(w, "livechat %s\n", v.Version)
	fmt.Fprintf(w, "  module   %s\n", v.Module)
	fmt.Fprintf(w, "  sdk      %s (User-Agent %s)\n", v.SDK, livechat.UserAgentString)
	if v.Go != "" {
		fmt.Fprintf(w, "  go       %s\n", v.Go)
	}
	if v.Revision != "" {
		mod := ""
		if v.Modified {
			mod = " (with uncommitted changes)"
		}
		fmt.Fprintf(w, "  commit   %s%s\n", v.Revision, mod)
	}
	if v.Time != "" {
		fmt.Fprintf(w, "  time     %s\n", v.Time)
	}
	if !v.HaveBuild {
		fmt.Fprintln(w, "  (no build information in this binary)")
	}
}

func newVersion() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the module version, Go version and commit this binary was built from",
		Long: `Print the module version (a tag or pseudo-version when installed with
go install …@version, "(devel)" when built from a checkout), the SDK version
sent in the User-Agent, the Go version, and — when built from a git checkout —
the commit and whether it had uncommitted changes. livechat --version prints
the same in one line.`,
		Args: cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			readVersion().print(cmd.OutOrStdout())
		},
	}
}

// setVersionFlag makes `livechat --version` print the one-line version.
func setVersionFlag(root *cobra.Command) {
	root.Version = readVersion().String()
	root.SetVersionTemplate("{{.Version}}\n")
}
