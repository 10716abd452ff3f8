package emulator_test

import (
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
)

// TestMulticastToCustomers: an agent's multicast with recipients.customers
// reaches those customers' Customer Chat RTM sessions as
// incoming_multicast {author_id, content, type}, and only them; agents
// named in the same call get it too.
func TestMulticastToCustomers(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_5)
	rec0, rec1, arec := cuNewRecorder(t), cuNewRecorder(t), cuNewRecorder(t)
	cuDial(t, srv, livechat.NewBearerToken(cr.Customers[0].Token), rec0)
	cuDial(t, srv, livechat.NewBearerToken(cr.Customers[1].Token), rec1)
	cuDialAgent(t, srv, livechat.NewBearerToken(cr.Owner.Token), arec)

	do(t, owner, "multicast", M{"recipients": M{"customers": M{"ids": []string{cr.Customers[0].ID}}},
		"content": M{"promo": "first"}, "type": "promo"})
	do(t, owner, "multicast", M{"recipients": M{"customers": M{"ids": []string{cr.Customers[1].ID}},
		"agents": M{"all": true}}, "content": M{"promo": "second"}})

	m := rec0.wait("incoming_multicast", nil)
	if m["author_id"] != cr.Owner.ID || cuJSON(m["content"]) != `{"promo":"first"}` || m["type"] != "promo" {
		t.Fatalf("customer 0 incoming_multicast: %v", m)
	}
	// Customer 1 was not a recipient of the first: its first multicast is the second.
	if m := rec1.wait("incoming_multicast", nil); cuJSON(m["content"]) != `{"promo":"second"}` {
		t.Fatalf("customer 1 incoming_multicast: %v", m)
	}
	if m := arec.wait("incoming_multicast", nil); cuJSON(m["content"]) != `{"promo":"second"}` {
		t.Fatalf("agent incoming_multicast: %v", m)
	}
	// At least one recipient kind; customer ids must be ids.
	wantErr(t, owner, "multicast", M{"recipients": M{"customers": M{"ids": []string{}}}, "content": M{"x": 1}}, livechat.TypeValidation, 400)
	wantErr(t, owner, "multicast", M{"recipients": M{"customers": M{"ids": []string{""}}}, "content": M{"x": 1}}, livechat.TypeValidation, 400)
	wantErr(t, owner, "multicast", M{"recipients": M{"agents": M{}}, "content": M{"x": 1}}, livechat.TypeValidation, 400)
}
