package livechat_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

// TestREADMEPrograms compiles every complete program (a ```go block that
// starts with "package main") of README.md against this module, so the
// README cannot drift from the API.
func TestREADMEPrograms(t *testing.T) {
	goTool, readme := readmeAndGo(t, "builds programs with the go command")
	var programs []string
	for _, block := range strings.Split(readme, "```go\n")[1:] {
		code, _, ok := strings.Cut(block, "```")
		switch {
		case !ok:
		case strings.HasPrefix(code, "package main"):
			programs = append(programs, code)
		case strings.Contains(code, "rtm.Dial("):
			// The RTM snippet: compiled as written, inside a main that
			// declares the names it takes from the text around it.
			programs = append(programs, rtmSnippetPrologue+code+"}\n")
		}
	}
	if len(programs) < 2 {
		t.Fatalf("README.md has %d programs and RTM snippets; want the first program and the RTM snippet", len(programs))
	}
	dir := moduleTempDir(t, "readme-programs-")
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

// rtmSnippetPrologue wraps the README's RTM snippet into a program.
const rtmSnippetPrologue = `package main

import (
	"context"
	"log"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/transport/rtm"
)

func main() {
	ctx := context.Background()
	token, chatID := "dal:your-access-token", "PJ0MRSHTDG"
`

// TestREADMEFirstProgramRuns runs the README's first program against a
// fresh in-process emulator (its base URL swapped for the emulator's):
// it must print the chat it starts and the message it sends.
func TestREADMEFirstProgramRuns(t *testing.T) {
	goTool, readme := readmeAndGo(t, "builds and runs a program with the go command")
	_, after, _ := strings.Cut(readme, "## A first program")
	_, block, _ := strings.Cut(after, "```go\n")
	code, _, _ := strings.Cut(block, "```")
	if !strings.Contains(code, `"http://127.0.0.1:8080"`) {
		t.Fatalf("the first program does not target the local emulator:\n%s", code)
	}
	srv := emulator.NewTest(t)
	code = strings.Replace(code, `"http://127.0.0.1:8080"`, strconv.Quote(srv.URL()), 1)
	dir := moduleTempDir(t, "readme-first-")
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(goTool, "run", "./"+filepath.Base(dir)).CombinedOutput()
	if err != nil {
		t.Fatalf("the first program failed: %v\n%s", err, out)
	}
	for _, want := range []string{"started chat ", "chat ", "sent message "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the first program's output lacks %q:\n%s", want, out)
		}
	}
}

// readmeAndGo returns the go command and README.md; it skips t in -short
// mode (what says what the test does with the go command) or when there
// is no go command.
func readmeAndGo(t *testing.T, what string) (goTool, readme string) {
	t.Helper()
	if testing.Short() {
		t.Skip(what)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	return goTool, string(b)
}

// moduleTempDir makes a directory inside the module, so that programs
// written there resolve its packages without a go.mod of their own; it is
// removed when t ends.
func moduleTempDir(t *testing.T, pattern string) string {
	t.Helper()
	dir, err := os.MkdirTemp(".", pattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
