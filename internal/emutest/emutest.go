// Package emutest holds helpers for tests that run against the in-process
// emulator (emulator.NewTest) and need to ask it about its state the way
// a client would.
package emutest

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
)

// OwnerWeb returns an Agent Chat API client over the Web transport for
// emu's seeded owner (their access token, emu's URL, then opts). Its first
// call opens the owner's session, which makes group 0 online.
func OwnerWeb(t testing.TB, emu *emulator.Server, opts ...livechat.Option) *agent.Client {
	t.Helper()
	c := emu.Credentials()
	cl, err := agent.NewWeb(livechat.NewBearerToken(c.Owner.Token), append([]livechat.Option{livechat.WithBaseURL(c.URL)}, opts...)...)
	if err != nil {
		t.Fatalf("agent client of the owner: %v", err)
	}
	return cl
}

// CustomerWeb returns a Customer Chat API client over the Web transport
// for emu's seeded customer i (their access token, emu's URL and
// organization, then opts).
func CustomerWeb(t testing.TB, emu *emulator.Server, i int, opts ...livechat.Option) *customer.Client {
	t.Helper()
	c := emu.Credentials()
	if i < 0 || i >= len(c.Customers) {
		t.Fatalf("customer %d: the emulator seeds %d customers", i, len(c.Customers))
	}
	cl, err := customer.NewWeb(livechat.NewBearerToken(c.Customers[i].Token),
		append([]livechat.Option{livechat.WithBaseURL(c.URL), livechat.WithOrganizationID(c.OrganizationID)}, opts...)...)
	if err != nil {
		t.Fatalf("customer client %d: %v", i, err)
	}
	return cl
}

// WaitLimit bounds how long WaitGroupStatus waits: generous, as the
// emulator notices a closed connection asynchronously and CI machines are
// slow.
const WaitLimit = 20 * time.Second

// GroupStatus returns group g's status as the Customer Chat API tells it
// (list_group_statuses, asked with the first seeded customer's token):
// "online" while an agent of the group who accepts chats is logged in,
// "online_for_queue" or "offline" otherwise. An unknown group fails the
// test (the emulator answers group_not_found).
func GroupStatus(t testing.TB, emu *emulator.Server, g int) string {
	t.Helper()
	raw, err := emu.Do(t.Context(), "Bearer "+emu.Credentials().Customers[0].Token, "customer", "", "list_group_statuses",
		map[string]any{"group_ids": []int{g}})
	if err != nil {
		t.Fatalf("list_group_statuses of group %d: %v", g, err)
	}
	var st struct {
		GroupsStatus map[string]string `json:"groups_status"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("list_group_statuses of group %d: %v in %s", g, err, raw)
	}
	return st.GroupsStatus[strconv.Itoa(g)]
}

// WaitGroupStatus waits, up to WaitLimit, until GroupStatus of g is want,
// and fails the test with the last status seen otherwise.
func WaitGroupStatus(t testing.TB, emu *emulator.Server, g int, want string) {
	t.Helper()
	deadline := time.Now().Add(WaitLimit)
	for {
		got := GroupStatus(t, emu, g)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %d is %q after %v, want %q", g, got, WaitLimit, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
