package emutest_test

import (
	"testing"

	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
)

// TestGroupStatus: group 0 is offline while no agent is logged in, and
// online once the owner, its agent, opens a Web API session.
func TestGroupStatus(t *testing.T) {
	emu := emulator.NewTest(t)
	if got := emutest.GroupStatus(t, emu, 0); got != "offline" {
		t.Fatalf("group 0 with nobody logged in is %q, want offline", got)
	}
	if _, err := emutest.OwnerWeb(t, emu).ListChats(t.Context(), agent.ListChatsRequest{}); err != nil {
		t.Fatal(err)
	}
	emutest.WaitGroupStatus(t, emu, 0, "online")
	if got := emutest.GroupStatus(t, emu, 0); got != "online" {
		t.Fatalf("group 0 after WaitGroupStatus online is %q", got)
	}
}
