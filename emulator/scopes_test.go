package emulator_test

import (
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

func TestScopesInclusion(t *testing.T) {
	cases := []struct {
		have, want string
		ok         bool
	}{
		{"chats--all:rw", "chats--access:ro", true},
		{"chats--access:rw", "chats--all:ro", false},
		{"chats--access:ro", "chats--access:rw", false},
		{"agents--all:ro", "agents--my:ro", true},
		{"customers:rw", "customers:ro", true},
		{"customers:ro", "customers:rw", false},
		// Modes outside ro ⊆ rw are granted only by themselves.
		{"customers:ro", "customers:own", false},
		{"customers:rw", "customers:own", false},
		{"customers:own", "customers:own", true},
		{"accounts--all:rc", "accounts--all:ro", false},
		{"tags--all:rw", "chats--all:ro", false},
	}
	for _, c := range cases {
		if got := emulator.ParseScopes(c.have).Has(c.want); got != c.ok {
			t.Errorf("%q has %q = %v, want %v", c.have, c.want, got, c.ok)
		}
	}
}
