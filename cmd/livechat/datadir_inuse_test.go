package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator/store"
)

// TestDataDirErrInUse: reading a --data directory a running emulator owns
// says what to do instead; other errors pass through unchanged.
func TestDataDirErrInUse(t *testing.T) {
	inUse := fmt.Errorf("store: %w: /tmp/x (process 42 has it open)", store.ErrInUse)
	err := dataDirErr(inUse)
	if !errors.Is(err, store.ErrInUse) || !strings.Contains(err.Error(), "--url") || !strings.HasPrefix(err.Error(), "--data: ") {
		t.Fatalf("dataDirErr(in use) = %v", err)
	}
	other := errors.New("boom")
	if got := dataDirErr(other); got != other {
		t.Fatalf("dataDirErr(other) = %v", got)
	}
	if dataDirErr(nil) != nil {
		t.Fatal("dataDirErr(nil) != nil")
	}
}
