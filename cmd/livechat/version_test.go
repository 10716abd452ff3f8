package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	old := buildInfo
	t.Cleanup(func() { buildInfo = old })
	buildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Path: "github.com/livechat-go/livechat", Version: "(devel)"},
			Settings: []debug.BuildSetting{
				{Key: "vcs", Value: "git"},
				{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
				{Key: "vcs.time", Value: "2026-12-03T07:00:00Z"},
				{Key: "vcs.modified", Value: "true"},
			},
		}, true
	}
	out := runCLI(t, "version")
	for _, want := range []string{"livechat (devel)", "module   github.com/livechat-go/livechat", "go       go1.26.8",
		"commit   0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)", "time     2026-12-03T07:00:00Z", "sdk      0.1.0"} {
		if !strings.Contains(out, want) {
			t.Errorf("version output lacks %q:\n%s", want, out)
		}
	}
	line := runCLI(t, "--version")
	if want := "livechat (devel) (sdk 0.1.0, go1.26.8, commit 0123456789ab+modified)\n"; line != want {
		t.Errorf("--version = %q, want %q", line, want)
	}

	// Installed with go install …@v1.2.3: a module version, no vcs settings.
	buildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/livechat-go/livechat", Version: "v1.2.3"}}, true
	}
	if line := runCLI(t, "--version"); line != "livechat v1.2.3 (sdk 0.1.0, go1.26.8)\n" {
		t.Errorf("--version = %q", line)
	}
	buildInfo = func() (*debug.BuildInfo, bool) { return nil, false }
	if out := runCLI(t, "version"); !strings.Contains(out, "livechat unknown") || !strings.Contains(out, "no build information") {
		t.Errorf("without build info: %s", out)
	}
}

// TestVersionOfThisBinary reads the real build information of the test
// binary: it has one, with the Go version that built it.
func TestVersionOfThisBinary(t *testing.T) {
	v := readVersion()
	if !v.HaveBuild || !strings.HasPrefix(v.Go, "go1.") {
		t.Errorf("readVersion() = %+v", v)
	}
}
