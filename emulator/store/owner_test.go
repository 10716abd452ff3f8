package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDataDirOwnedByOneProcess: while another process has a data
// directory open, Open fails with ErrInUse naming the directory and the
// process (found from its lock, without waiting for a timeout); once
// that process is gone, Open succeeds and finds what it wrote. Two DBs of
// one process share the directory.
func TestDataDirOwnedByOneProcess(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	first, err := Open(ctx, dir) // create it, then let the other process have it
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.SQL().Exec(`INSERT INTO meta(key, value) VALUES ('owner-test', 'kept')`); err != nil {
		t.Fatal(err)
	}
	second, err := Open(ctx, dir) // the same process: allowed
	if err != nil {
		t.Fatalf("a second Open in the same process: %v", err)
	}
	second.Close()
	// The second Open and Close must not have given up the process's lock.
	if out := tryOpen(t, dir); !strings.HasPrefix(out, "refused") || !strings.Contains(out, ErrInUse.Error()) {
		t.Fatalf("another process, while this one still has the directory open after a second Open/Close: %q, want refused", out)
	}
	first.Close()
	if out := tryOpen(t, dir); out != "opened" {
		t.Fatalf("another process, once this one closed the directory: %q, want opened", out)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORE_TEST_HOLD="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "open" {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("child: %q", line)
	}
	db, err := Open(ctx, dir)
	if err == nil {
		db.Close()
	}
	stdin.Close()
	if werr := cmd.Wait(); werr != nil {
		t.Errorf("child: %v", werr)
	}
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), fmt.Sprintf("process %d ", cmd.Process.Pid)) {
		t.Fatalf("Open while another process has the directory: %v, want ErrInUse naming %s", err, dir)
	}
	db, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("Open after the other process closed it: %v", err)
	}
	defer db.Close()
	var v string
	if err := db.SQL().QueryRow(`SELECT value FROM meta WHERE key = 'owner-test'`).Scan(&v); err != nil || v != "kept" {
		t.Fatalf("meta owner-test = %q, %v", v, err)
	}
}

// tryOpen runs Open on dir in another process (the test binary, see
// TestMain) and returns what it printed.
func tryOpen(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORE_TEST_TRY="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	return strings.TrimSpace(string(out))
}
