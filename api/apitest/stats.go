package apitest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Stats counts the payloads this process held to the description, for a
// test run's summary (see Summary).
type Stats struct {
	// Answers are the RTM answers checked by CheckRTM (those of actions
	// the description knows).
	Answers int64
	// Pushes and Webhooks are the push frames and webhook deliveries
	// checked; Failed counts the checks (of all three) that failed.
	Pushes, Webhooks, Failed int64
	// Kinds counts the checks by kind: "push agent.incoming_event",
	// "webhook incoming_chat", ….
	Kinds map[string]int64
}

var stats struct {
	answers, pushes, webhooks, failed atomic.Int64

	mu    sync.Mutex
	kinds map[string]int64
}

func count(n *atomic.Int64, kind string, err error) {
	n.Add(1)
	if err != nil {
		stats.failed.Add(1)
	}
	stats.mu.Lock()
	if stats.kinds == nil {
		stats.kinds = map[string]int64{}
	}
	stats.kinds[kind]++
	stats.mu.Unlock()
}

func countAnswer(err error) {
	stats.answers.Add(1)
	if err != nil {
		stats.failed.Add(1)
	}
}

// Counts returns what this process checked so far.
func Counts() Stats {
	stats.mu.Lock()
	defer stats.mu.Unlock()
	return Stats{Answers: stats.answers.Load(), Pushes: stats.pushes.Load(), Webhooks: stats.webhooks.Load(),
		Failed: stats.failed.Load(), Kinds: maps.Clone(stats.kinds)}
}

// Summary renders Counts in a few lines: the totals, then every kind with
// its count, sorted.
func Summary() string {
	s := Counts()
	var b strings.Builder
	fmt.Fprintf(&b, "apitest: held to api/openapi.json: %d RTM answers, %d pushes, %d webhook deliveries (%d did not validate)\n",
		s.Answers, s.Pushes, s.Webhooks, s.Failed)
	for _, k := range slices.Sorted(maps.Keys(s.Kinds)) {
		fmt.Fprintf(&b, "  %6d %s\n", s.Kinds[k], k)
	}
	return b.String()
}
