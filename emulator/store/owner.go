package store

import (
	"path/filepath"
	"sync"
)

// openHere counts, per database file, the DBs this process has open. The
// ownership probe (lockedByOther) must not run on a file this process
// already has open: closing the probe's descriptor would release every
// POSIX lock the process holds on that file (POSIX lock semantics),
// including exclVFS's exclusive lock, and let another process in.
var openHere = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

// claim checks that no other process has the database file at path open
// and counts one more DB of this process on it. The returned release
// undoes the count (call it once, when the DB closes or its Open fails).
func claim(path string) (release func(), pid int) {
	key := path
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	openHere.Lock()
	defer openHere.Unlock()
	if openHere.n[key] == 0 {
		if pid := lockedByOther(key); pid != 0 {
			return nil, pid
		}
	}
	openHere.n[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			openHere.Lock()
			defer openHere.Unlock()
			if openHere.n[key]--; openHere.n[key] <= 0 {
				delete(openHere.n, key)
			}
		})
	}, 0
}
