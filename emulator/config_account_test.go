package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/emulator"
)

func TestConfigCustomerBans(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c, _ := cfgScoped(t, srv, "bans@example.com", "banlist_read", "banlist_write")
	banned := cr.Customers[1]

	bans, err := c.ListCustomerBans(ctx)
	cfgMust(t, err)
	if len(bans) != 0 {
		t.Fatalf("bans before any ban: %+v", bans)
	}
	do(t, newWeb(t, srv, cr.Owner.Token, livechat.V3_6), "ban_customer", M{"id": banned.ID, "ban": M{"days": 2}})
	cu := cuWeb(t, srv, livechat.NewBearerToken(banned.Token), livechat.V3_6)
	_, err = cu.StartChat(ctx, customer.StartChatRequest{})
	cuErrType(t, err, livechat.TypeCustomerBanned)

	bans, err = c.ListCustomerBans(ctx)
	cfgMust(t, err)
	if len(bans) != 1 || bans[0].CustomerID != banned.ID || bans[0].IP != "" {
		t.Fatalf("list_customer_bans: %+v", bans)
	}
	exp, err := bans[0].ExpiresAt.Time()
	cfgMust(t, err)
	if d := time.Until(exp); d < 47*time.Hour || d > 49*time.Hour {
		t.Fatalf("expires_at %s is not in 2 days", bans[0].ExpiresAt)
	}

	// Scopes: banlist_read lists but cannot unban; without it, nothing.
	ro, _ := cfgScoped(t, srv, "banreader@example.com", "banlist_read")
	_, err = ro.ListCustomerBans(ctx)
	cfgMust(t, err)
	cfgWantType(t, ro.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{CustomerID: banned.ID}), livechat.TypeAuthorization)
	_, err = cfgClient(t, srv, livechat.NewBearerToken(cr.Agent.Token)).ListCustomerBans(ctx)
	cfgWantType(t, err, livechat.TypeAuthorization)

	// Validation: exactly one of ip and customer_id; ip must be an address.
	tr := c.Transport()
	for _, req := range []M{{}, {"ip": "10.0.0.1", "customer_id": banned.ID}, {"ip": "not-an-ip"}, {"customer_id": 7}} {
		wantErr(t, tr, "unban_customer", req, livechat.TypeValidation, http.StatusBadRequest)
	}
	// not_found: no ban for that ip (the emulator bans by customer only),
	// an unknown customer, a customer not banned.
	cfgWantType(t, c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{IP: "192.168.1.1"}), livechat.TypeNotFound)
	cfgWantType(t, c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{CustomerID: "no-such-customer"}), livechat.TypeNotFound)
	cfgWantType(t, c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{CustomerID: cr.Customers[0].ID}), livechat.TypeNotFound)

	cfgMust(t, c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{CustomerID: banned.ID}))
	bans, err = c.ListCustomerBans(ctx)
	cfgMust(t, err)
	if len(bans) != 0 {
		t.Fatalf("bans after unban: %+v", bans)
	}
	_, err = cu.StartChat(ctx, customer.StartChatRequest{}) // the ban no longer applies
	cfgMust(t, err)
	cfgWantType(t, c.UnbanCustomer(ctx, configuration.UnbanCustomerRequest{CustomerID: banned.ID}), livechat.TypeNotFound)

	// API 3.6 only.
	old, err := configuration.NewWeb(livechat.NewBearerToken(cr.Owner.Token), livechat.WithBaseURL(srv.URL()),
		livechat.WithAPIVersion(livechat.V3_5), livechat.WithMaxRetries(0))
	cfgMust(t, err)
	_, err = old.ListCustomerBans(ctx)
	cfgWantType(t, err, livechat.TypeValidation)
}

func TestConfigReactivateEmail(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c := ownerCfg(t, srv) // agents--all:rw
	cfgMust(t, c.ReactivateEmail(ctx, cr.Agent.ID))
	cfgWantType(t, c.ReactivateEmail(ctx, "nobody@example.com"), livechat.TypeNotFound)
	cfgWantType(t, c.ReactivateEmail(ctx, cr.Bot.ID), livechat.TypeNotFound)
	wantErr(t, c.Transport(), "reactivate_email", M{}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, c.Transport(), "reactivate_email", M{"agent_id": 5}, livechat.TypeValidation, http.StatusBadRequest)
	agent := cfgClient(t, srv, livechat.NewBearerToken(cr.Agent.Token)) // agents--my:rw only
	cfgWantType(t, agent.ReactivateEmail(ctx, cr.Agent.ID), livechat.TypeAuthorization)
}

func TestConfigUpdateCompanyDetails(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c, _ := cfgScoped(t, srv, "org@example.com", "organization--my:rw")

	if d, err := srv.CompanyDetails(ctx); err != nil || len(d) != 0 {
		t.Fatalf("company details before any update: %v %v", d, err)
	}
	cfgMust(t, c.UpdateCompanyDetails(ctx, configuration.CompanyDetails{Enrich: configuration.Bool(true), URL: "www.text.com", Company: "Text"}))
	cfgMust(t, c.UpdateCompanyDetails(ctx, configuration.CompanyDetails{City: "Wrocław", Company: "Text Inc."}))
	d, err := srv.CompanyDetails(ctx)
	cfgMust(t, err)
	if len(d) != 3 || d["url"] != "www.text.com" || d["company"] != "Text Inc." || d["city"] != "Wrocław" {
		t.Fatalf("company details: %v", d)
	}
	// Only enrich is a valid (if, here, effectless) update.
	cfgMust(t, c.UpdateCompanyDetails(ctx, configuration.CompanyDetails{Enrich: configuration.Bool(false)}))

	tr := c.Transport()
	for _, req := range []M{{}, {"city": 5}, {"enrich": "yes"}, {"url": nil}} {
		wantErr(t, tr, "update_company_details", req, livechat.TypeValidation, http.StatusBadRequest)
	}
	if d2, _ := srv.CompanyDetails(ctx); len(d2) != 3 {
		t.Fatalf("a refused update changed the details: %v", d2)
	}
	agent := cfgClient(t, srv, livechat.NewBearerToken(cr.Agent.Token))
	cfgWantType(t, agent.UpdateCompanyDetails(ctx, configuration.CompanyDetails{City: "x"}), livechat.TypeAuthorization)
}
