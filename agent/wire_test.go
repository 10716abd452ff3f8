package agent_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
	"github.com/livechat-go/livechat/transport/rtm"
)

// wireCase is one method whose action only one wire has.
type wireCase struct {
	action string
	lacks  livechat.TransportKind // the wire without the action
	call   func(ctx context.Context, c *agent.Client) error
}

// wireCases are every method of agent.Client refused on one wire, with
// arguments that pass the argument checks.
var wireCases = []wireCase{
	{"upload_file", livechat.TransportRTM, func(ctx context.Context, c *agent.Client) error {
		return ignore(c.UploadFile(ctx, "note.txt", strings.NewReader("hello file")))
	}},
	{"get_license_info", livechat.TransportRTM, func(ctx context.Context, c *agent.Client) error {
		return ignore(c.GetLicenseInfo(ctx))
	}},
	{"subscribe_customers", livechat.TransportWeb, func(ctx context.Context, c *agent.Client) error {
		return ignore(c.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{0}}))
	}},
	{"unsubscribe_customers", livechat.TransportWeb, func(ctx context.Context, c *agent.Client) error {
		return c.UnsubscribeCustomers(ctx, "b7eff798f8df43648059649c35c9ed0c")
	}},
}

// TestWireCasesCoverTable fails when the package's table of restricted
// actions and wireCases differ.
func TestWireCasesCoverTable(t *testing.T) {
	table := agent.WireRestricted()
	for _, tc := range wireCases {
		if lacks, ok := table[tc.action]; !ok || lacks != tc.lacks {
			t.Errorf("%s: the table says %q lacks it, the test %q", tc.action, lacks, tc.lacks)
		}
		delete(table, tc.action)
	}
	for action := range table {
		t.Errorf("%s is restricted but has no wire case", action)
	}
}

// assertWireRefusal checks the refusal of action over the wire lacks.
func assertWireRefusal(t *testing.T, err error, action string, lacks livechat.TransportKind) {
	t.Helper()
	var ae *livechat.ArgumentError
	if !errors.As(err, &ae) || ae.Field != action {
		t.Fatalf("err = %v (%T), want a *livechat.ArgumentError of %s", err, err, action)
	}
	if !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("errors.Is(err, ErrValidation) = false")
	}
	want := action + " is available only over the Web API, not RTM"
	if lacks == livechat.TransportWeb {
		want = action + " is available only over RTM, not the Web API"
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

// TestWireRefusedOverWeb: the RTM-only methods over the Web transport
// return the refusal and the server (which fails the test) sees nothing.
func TestWireRefusedOverWeb(t *testing.T) {
	for _, tc := range wireCases {
		if tc.lacks != livechat.TransportWeb {
			continue
		}
		t.Run(tc.action, func(t *testing.T) {
			c, rec := newWebClient(t, livechat.V3_6, func(w http.ResponseWriter, action string, _ []byte) {
				t.Errorf("request %s reached the server", action)
				w.WriteHeader(http.StatusInternalServerError)
			})
			assertWireRefusal(t, tc.call(context.Background(), c), tc.action, tc.lacks)
			if n := len(rec.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

// countingConn is an RTM connection that counts the calls reaching it; it
// says it speaks RTM through the embedded connection.
type countingConn struct {
	*rtm.Conn
	calls atomic.Int32
}

func (c *countingConn) Call(ctx context.Context, action string, req, resp any) error {
	c.calls.Add(1)
	return c.Conn.Call(ctx, action, req, resp)
}

// TestWireRefusedOverRTM: the Web-only methods over an RTM connection to
// the emulator return the refusal without a call reaching the connection,
// and the RTM-only methods work on that same connection.
func TestWireRefusedOverRTM(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{})
	cr := srv.Credentials()
	ctx := context.Background()
	conn, err := rtm.Dial(ctx, livechat.NewBearerToken(cr.Owner.Token),
		rtm.WithConfig(livechat.WithBaseURL(srv.URL())), rtm.WithMaxReconnects(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	cc := &countingConn{Conn: conn}
	c := agent.New(cc)
	for _, tc := range wireCases {
		if tc.lacks != livechat.TransportRTM {
			continue
		}
		t.Run(tc.action, func(t *testing.T) {
			before := cc.calls.Load()
			err := tc.call(ctx, c)
			assertWireRefusal(t, err, tc.action, tc.lacks)
			if tc.action == "upload_file" && !errors.Is(err, agent.ErrUploadUnsupported) {
				t.Errorf("errors.Is(err, ErrUploadUnsupported) = false")
			}
			if n := cc.calls.Load() - before; n != 0 {
				t.Errorf("%d calls reached the RTM connection, want none", n)
			}
		})
	}
	// The right wire: subscribe_customers and unsubscribe_customers.
	sub, err := c.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{0}})
	if err != nil || sub.SubscriptionID == "" {
		t.Fatalf("subscribe_customers over RTM: %+v, %v", sub, err)
	}
	if err := c.UnsubscribeCustomers(ctx, sub.SubscriptionID); err != nil {
		t.Fatalf("unsubscribe_customers over RTM: %v", err)
	}
	if n := cc.calls.Load(); n != 2 {
		t.Errorf("%d calls reached the RTM connection, want 2", n)
	}
}

// TestWireWebOnlyOverWeb: the Web-only methods work over the Web transport
// to the emulator.
func TestWireWebOnlyOverWeb(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{})
	cr := srv.Credentials()
	ctx := context.Background()
	c := emutest.OwnerWeb(t, srv, livechat.WithMaxRetries(0))
	if li, err := c.GetLicenseInfo(ctx); err != nil || li.LicenseID.String() != cr.LicenseID {
		t.Fatalf("get_license_info over Web: %+v, %v", li, err)
	}
	if u, err := c.UploadFile(ctx, "note.txt", strings.NewReader("hello file")); err != nil || u == "" {
		t.Fatalf("upload_file over Web: %q, %v", u, err)
	}
}

// TestWireUnknownKindSends: a transport that does not say its wire gets
// every action but upload_file, which needs livechat.Uploader.
func TestWireUnknownKindSends(t *testing.T) {
	ctx := context.Background()
	for _, tc := range wireCases {
		t.Run(tc.action, func(t *testing.T) {
			ft := &versionedFake{version: livechat.V3_6}
			err := tc.call(ctx, agent.New(ft))
			if tc.action == "upload_file" {
				if !errors.Is(err, agent.ErrUploadUnsupported) || ft.calls() != 0 {
					t.Fatalf("err = %v, calls = %d", err, ft.calls())
				}
				return
			}
			if err != nil || ft.calls() != 1 || ft.actions[0] != tc.action {
				t.Fatalf("err = %v, actions = %v", err, ft.actions)
			}
		})
	}
}
