package agent

import "github.com/livechat-go/livechat"

// WireRestricted returns the table of wire-restricted actions as action →
// the wire that lacks it, so that the tests can check they cover it all.
func WireRestricted() map[string]livechat.TransportKind {
	m := make(map[string]livechat.TransportKind, len(onlyOver))
	for action, w := range onlyOver {
		m[action] = w.lacks
	}
	return m
}
