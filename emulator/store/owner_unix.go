//go:build unix

package store

import (
	"io"
	"os"
	"syscall"
)

// sqliteLockBytes is where SQLite places its POSIX locks in a database
// file (PENDING_BYTE, RESERVED_BYTE and the 510-byte SHARED range from
// 0x40000000): exclVFS keeps an exclusive lock there while a process has
// the database open.
const (
	sqliteLockStart = 0x40000000
	sqliteLockLen   = 512
)

// lockedByOther reports the id of another process holding SQLite's locks on
// the database file at path, or 0 when none does (or the file does not
// exist yet). It only asks (F_GETLK): it takes no lock. Locks held by this
// process never conflict with its own question, so the DBs of one process
// share a directory.
func lockedByOther(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: sqliteLockStart, Len: sqliteLockLen}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return 0 // cannot tell: Open finds out through the busy timeout
	}
	if lk.Type == syscall.F_UNLCK {
		return 0
	}
	return int(lk.Pid)
}
