package main

import (
	"errors"
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

// dataDirErr adds what to do to an error from reading a --data directory
// that a running emulator owns (store.ErrInUse): ask that emulator.
func dataDirErr(err error) error {
	if errors.Is(err, store.ErrInUse) {
		return fmt.Errorf("--data: %w; ask the running emulator instead with --url, or stop it first", err)
	}
	return err
}
