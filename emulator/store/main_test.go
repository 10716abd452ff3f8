package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them. With
// STORE_TEST_HOLD=DIR set it is instead the child process of
// TestDataDirOwnedByOneProcess: it opens DIR, prints "open", and keeps it
// open until its stdin closes. With STORE_TEST_TRY=DIR it tries to open
// DIR and prints "opened" or "refused ERROR".
func TestMain(m *testing.M) {
	if dir := os.Getenv("STORE_TEST_TRY"); dir != "" {
		db, err := Open(context.Background(), dir)
		if err != nil {
			fmt.Println("refused", err)
			os.Exit(0)
		}
		db.Close()
		fmt.Println("opened")
		os.Exit(0)
	}
	if dir := os.Getenv("STORE_TEST_HOLD"); dir != "" {
		db, err := Open(context.Background(), dir)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("open")
		bufio.NewReader(os.Stdin).ReadString('\n')
		db.Close()
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}
