package simpleagent

import "time"

// SetClock replaces the clock of a's sessions (idle expiry) for a test.
func SetClock(a *App, now func() time.Time) { a.sessions.SetClock(now) }

// SweepSessions ends a's idle sessions now and returns how many.
func SweepSessions(a *App) int { return a.sessions.Sweep() }

// Sessions returns the number of a's live sessions.
func Sessions(a *App) int { return a.sessions.Len() }
