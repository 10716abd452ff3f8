package livechat_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEPrograms compiles every complete program (a ```go block that
// starts with "package main") of README.md against this module, so the
// README cannot drift from the API.
func TestREADMEPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs with the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var programs []string
	for _, block := range strings.Split(string(readme), "```go\n")[1:] {
		code, _, ok := strings.Cut(block, "```")
		if ok && strings.HasPrefix(code, "package main") {
			programs = append(programs, code)
		}
	}
	if len(programs) == 0 {
		t.Fatal("README.md has no complete program")
	}
	// Inside the module, so that its packages resolve without a go.mod of
	// its own; removed afterwards.
	dir, err := os.MkdirTemp(".", "readme-programs-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for i, code := range programs {
		sub := filepath.Join(dir, "p"+string(rune('a'+i)))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "main.go"), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goTool, "vet", "./"+filepath.Base(dir)+"/...")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("README programs do not compile: %v\n%s", err, out)
	}
}
