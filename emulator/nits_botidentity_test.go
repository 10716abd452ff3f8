package emulator_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
)

// TestBotIdentityLookupError: X-Author-Id (API 3.5) answers internal
// when the bot cannot be read, validation only when it is no bot.
func TestBotIdentityLookupError(t *testing.T) {
	dir := t.TempDir()
	srv := emulator.NewTest(t, emulator.Config{DataDir: dir})
	cr := srv.Credentials()
	srv = restartAltered(t, srv, dir,
		`ALTER TABLE agents RENAME TO agents_stored`,
		`CREATE VIEW agents AS SELECT id, account_id, name, avatar, role, job_title, max_chats, routing_status,
			CASE WHEN id = '`+cr.Bot.ID+`' THEN json('{') ELSE is_bot END AS is_bot, owner_client_id, created_at FROM agents_stored`)
	call := func(author string) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL()+"/v3.5/agent/action/list_routing_statuses", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+cr.Owner.Token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Author-Id", author)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, string(b)
	}
	if st, body := call(cr.Bot.ID); !strings.Contains(body, `"internal"`) {
		t.Fatalf("unreadable bot: %d %s, want internal", st, body)
	}
	if st, body := call("nobody0000000000000000000000000"); !strings.Contains(body, `"validation"`) {
		t.Fatalf("unknown bot: %d %s, want validation", st, body)
	}
}
