package emulator_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

// TestBotTokenExpires: a token from issue_bot_token is valid for 24 hours
// (emulator.BotTokenLifetime) and refused with authentication once
// expired. The expiry is moved into the past in the stored data, the
// server being stopped.
func TestBotTokenExpires(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	ctx := ctxT(t)
	c := ownerCfg(t, srv)
	bot, err := c.CreateBot(ctx, configuration.CreateBotRequest{Name: "Expiring", OwnerClientID: cr.ClientID})
	cfgMust(t, err)
	tok, err := c.IssueBotToken(ctx, configuration.IssueBotTokenRequest{BotID: bot.ID, ClientID: cr.ClientID, BotSecret: bot.Secret, OrganizationID: cr.OrganizationID})
	cfgMust(t, err)
	do(t, newWeb(t, srv, tok.Token, livechat.V3_5), "list_routing_statuses", M{})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var created, expires string
	if err := db.QueryRowContext(context.Background(), `SELECT created_at, expires_at FROM tokens WHERE token = ?`, tok.Token).Scan(&created, &expires); err != nil {
		t.Fatal(err)
	}
	ct, err1 := time.Parse(time.RFC3339Nano, created)
	et, err2 := time.Parse(time.RFC3339Nano, expires)
	if err1 != nil || err2 != nil || et.Sub(ct) != emulator.BotTokenLifetime || emulator.BotTokenLifetime != 24*time.Hour {
		t.Fatalf("bot token issued at %q expires at %q, want 24 h later", created, expires)
	}
	past := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339Nano)
	if _, err := db.ExecContext(context.Background(), `UPDATE tokens SET expires_at = ? WHERE token = ?`, past, tok.Token); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	srv2 := emulator.NewTest(t, emulator.Config{DataDir: dir})
	wantErr(t, newWeb(t, srv2, tok.Token, livechat.V3_5), "list_routing_statuses", M{}, livechat.TypeAuthentication, 401)
	// The owner's own token is untouched.
	do(t, newWeb(t, srv2, cr.Owner.Token, livechat.V3_5), "list_routing_statuses", M{})
}
