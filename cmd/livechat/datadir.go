package main

import (
	"fmt"

	"github.com/livechat-go/livechat/emulator/store"
)

// existingDataDir refuses a --data directory that holds no emulator state.
// Every command that only reads a state calls it before opening anything,
// so a mistyped --data never creates and seeds a new database.
func existingDataDir(dir string) error {
	if err := store.RequireExisting(dir); err != nil {
		return fmt.Errorf("--data: %w", err)
	}
	return nil
}
