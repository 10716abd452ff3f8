// Package durability holds the kill -9 durability test of the emulator
// (its tests only): a child emulator process on a data directory is
// killed with SIGKILL while Web and RTM senders write events; after each
// restart every event the emulator acknowledged must be there, and the
// SQLite database must pass its integrity check.
//
//	go test ./emulator/durability                    # short (CI): 3 kills
//	LIVECHAT_LONG=1 go test ./emulator/durability    # 25 kills
package durability
