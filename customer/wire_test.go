package customer_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/internal/emutest"
	"github.com/livechat-go/livechat/transport/rtm"
)

// webOnlyCases are every method of customer.Client whose action RTM
// lacks, with arguments that pass the argument checks (and that the
// emulator accepts over the Web API).
var webOnlyCases = []struct {
	action string
	call   func(ctx context.Context, c *customer.Client) error
}{
	{"upload_file", func(ctx context.Context, c *customer.Client) error {
		_, err := c.UploadFile(ctx, "notes.txt", strings.NewReader("hello"))
		return err
	}},
	{"list_license_properties", func(ctx context.Context, c *customer.Client) error {
		_, err := c.ListLicenseProperties(ctx, "", "")
		return err
	}},
	{"list_group_properties", func(ctx context.Context, c *customer.Client) error {
		_, err := c.ListGroupProperties(ctx, 0, "", "")
		return err
	}},
	{"get_dynamic_configuration", func(ctx context.Context, c *customer.Client) error {
		_, err := c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{GroupID: customer.Int(0)})
		return err
	}},
	{"get_configuration", func(ctx context.Context, c *customer.Client) error {
		_, err := c.GetConfiguration(ctx, 0, "1")
		return err
	}},
	{"get_localization", func(ctx context.Context, c *customer.Client) error {
		_, err := c.GetLocalization(ctx, 0, "en", "1")
		return err
	}},
	{"check_goals", func(ctx context.Context, c *customer.Client) error {
		return c.CheckGoals(ctx, customer.CheckGoalsRequest{PageURL: "https://example.com/", GroupID: 0})
	}},
	{"request_email_verification", func(ctx context.Context, c *customer.Client) error {
		return c.RequestEmailVerification(ctx, "https://example.com/verified")
	}},
}

// TestWebOnlyCasesCoverTable fails when the package's table of Web-only
// actions and webOnlyCases differ.
func TestWebOnlyCasesCoverTable(t *testing.T) {
	var tested []string
	for _, tc := range webOnlyCases {
		tested = append(tested, tc.action)
	}
	table := customer.WebOnly()
	slices.Sort(tested)
	slices.Sort(table)
	if !slices.Equal(tested, table) {
		t.Errorf("Web-only actions %v, tested %v", table, tested)
	}
}

// tripwire is a customer RTM connection that fails the test when a
// Web-only action reaches it; it says it speaks RTM through the embedded
// connection and carries every other action.
type tripwire struct {
	*rtm.Conn
	t    *testing.T
	sent atomic.Int32
}

func (w *tripwire) Call(ctx context.Context, action string, req, resp any) error {
	w.sent.Add(1)
	if slices.Contains(customer.WebOnly(), action) {
		w.t.Errorf("%s reached the RTM connection", action)
	}
	return w.Conn.Call(ctx, action, req, resp)
}

// TestWebOnlyRefusedOverRTM: over a customer RTM connection to the
// emulator every Web-only method returns the refusal without reaching the
// connection, which still carries the other actions.
func TestWebOnlyRefusedOverRTM(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{})
	creds := srv.Credentials()
	conn, err := rtm.DialCustomer(context.Background(), livechat.NewBearerToken(creds.Customers[0].Token),
		rtm.WithConfig(livechat.WithBaseURL(srv.URL()), livechat.WithOrganizationID(creds.OrganizationID)),
		rtm.WithMaxReconnects(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	wire := &tripwire{Conn: conn, t: t}
	c := customer.New(wire)
	for _, tc := range webOnlyCases {
		err := tc.call(context.Background(), c)
		assertArgError(t, err, tc.action)
		if want := tc.action + " is available only over the Web API, not RTM"; !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
		if tc.action == "upload_file" && !errors.Is(err, customer.ErrUnsupported) {
			t.Errorf("errors.Is(err, ErrUnsupported) = false")
		}
	}
	if cu, err := c.GetCustomer(context.Background()); err != nil || cu.ID != creds.Customers[0].ID {
		t.Fatalf("get_customer over RTM: %+v, %v", cu, err)
	}
	if n := wire.sent.Load(); n != 1 {
		t.Errorf("%d actions reached the RTM connection, want 1 (get_customer)", n)
	}
}

// TestWebOnlyOverWeb: the same calls work over the Web transport to the
// emulator.
func TestWebOnlyOverWeb(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{})
	c := emutest.CustomerWeb(t, srv, 0, livechat.WithMaxRetries(0))
	for _, tc := range webOnlyCases {
		if err := tc.call(context.Background(), c); err != nil {
			t.Errorf("%s over Web: %v", tc.action, err)
		}
	}
}

// TestWebOnlyUnknownKind: a Call-only transport that does not say its
// wire gets every Web-only action but upload_file, which needs
// livechat.Uploader.
func TestWebOnlyUnknownKind(t *testing.T) {
	for _, tc := range webOnlyCases {
		ft := &callTransport{}
		err := tc.call(context.Background(), customer.New(ft))
		switch {
		case tc.action == "upload_file":
			if !errors.Is(err, customer.ErrUnsupported) || ft.n() != 0 {
				t.Errorf("upload_file: err = %v, %d calls", err, ft.n())
			}
		case err != nil || ft.n() != 1 || ft.calls[0].action != tc.action:
			t.Errorf("%s: err = %v, %d calls", tc.action, err, ft.n())
		}
	}
}
