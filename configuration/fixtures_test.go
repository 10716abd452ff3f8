package configuration_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/internal/fixtures"
)

// fixtureDir is where the documented response samples are: beside the
// checkout in ../shared, skipped when absent (see internal/fixtures).
func fixtureDir(t *testing.T) string {
	t.Helper()
	return filepath.Join(fixtures.Dir(t), "management")
}

// fixtureTypes maps a sample file (relative to
// <version>/configuration-api/responses) to a fresh value of the type the
// client decodes it into.
var fixtureTypes = map[string]func() any{
	"agents/createAgent.json":               func() any { return new(configuration.CreateAgentResponse) },
	"agents/getAgent.json":                  func() any { return new(configuration.Agent) },
	"agents/listAgents.json":                func() any { return new([]configuration.Agent) },
	"bans/listCustomerBans.json":            func() any { return new([]configuration.CustomerBan) },
	"bans/unbanCustomer.json":               func() any { return new(configuration.Empty) },
	"bots/createBot.json":                   func() any { return new(configuration.CreateBotResponse) },
	"bots/createBotTemplate.json":           func() any { return new(configuration.CreateBotResponse) },
	"bots/getBot.json":                      func() any { return new(configuration.Bot) },
	"bots/issueBotToken.json":               func() any { return new(configuration.BotToken) },
	"bots/listBotTemplates.json":            func() any { return new([]configuration.Bot) },
	"bots/listBots.json":                    func() any { return new([]configuration.Bot) },
	"bots/resetBotSecret.json":              func() any { return new(configuration.SecretResponse) },
	"bots/resetBotTemplateSecret.json":      func() any { return new(configuration.SecretResponse) },
	"greetings/createGreeting.json":         func() any { return new(configuration.CreateGreetingResponse) },
	"greetings/getGreeting.json":            func() any { return new(configuration.Greeting) },
	"greetings/listGreetings.json":          func() any { return new(configuration.ListGreetingsResponse) },
	"groups/createGroup.json":               func() any { return new(configuration.CreateGroupResponse) },
	"groups/getGroup.json":                  func() any { return new(configuration.Group) },
	"groups/listGroups.json":                func() any { return new([]configuration.Group) },
	"other/checkProductLimitsForPlan.json":  func() any { return new([]configuration.ProductLimit) },
	"other/getLicenseID.json":               func() any { return new(configuration.LicenseIDResponse) },
	"other/getOrganizationID.json":          func() any { return new(configuration.OrganizationIDResponse) },
	"other/getProductSource.json":           func() any { return new(configuration.ProductSource) },
	"other/listChannels.json":               func() any { return new([]configuration.Channel) },
	"properties/listGroupsProperties.json":  func() any { return new([]configuration.GroupProperties) },
	"properties/listLicenseProperties.json": func() any { return new(livechat.Properties) },
	"properties/listProperties.json":        func() any { return new(map[string]configuration.PropertyConfig) },
	"tags/listTags.json":                    func() any { return new([]configuration.Tag) },
	"webhooks/getWebhooksState.json":        func() any { return new(configuration.WebhooksState) },
	"webhooks/listWebhookNames.json":        func() any { return new([]configuration.WebhookName) },
	"webhooks/listWebhooks.json":            func() any { return new([]configuration.Webhook) },
	"webhooks/registerWebhook.json":         func() any { return new(configuration.RegisterWebhookResponse) },
}

// roundTripDir decodes every JSON file under root into the type
// fixtureTypes names for its path and re-encodes it to the same JSON value.
// It returns how many files it checked and how many made-up members (see
// fixtures.MadeUpPrefix) they kept; with typed set, it also fails for a
// known member that landed in Extra instead of its typed field.
func roundTripDir(t *testing.T, root, prefix string, typed bool) (n, madeUp int) {
	t.Helper()
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("samples missing: %v", err)
	}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		n++
		t.Run(prefix+rel, func(t *testing.T) {
			mk, ok := fixtureTypes[rel]
			if !ok {
				t.Fatalf("no type for sample %s", rel)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			v := mk()
			if err := json.Unmarshal(data, v); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if typed {
				madeUp += fixtures.CheckTyped(t, rel, v)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			var want, got any
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("round trip changed the value (-sample +ours):\n%s", d)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n, madeUp
}

// TestFixturesRoundTrip decodes every documented Configuration API
// response sample of API 3.5 and 3.6 (from ../shared; skipped when absent)
// and re-encodes it to the same JSON value.
func TestFixturesRoundTrip(t *testing.T) {
	dir := fixtureDir(t)
	n := 0
	for _, version := range []string{"v3.5", "v3.6"} {
		k, _ := roundTripDir(t, filepath.Join(dir, version, "configuration-api", "responses"), version+"/", false)
		n += k
	}
	if n < 50 {
		t.Errorf("only %d fixtures found", n)
	}
}

// TestOwnPayloadsRoundTrip does the same with the project's own
// hand-written responses under testdata/responses, which run in a plain
// clone: each decodes into typed fields (only made-up x_ members and empty
// values sit in Extra) and re-encodes to the same JSON value.
func TestOwnPayloadsRoundTrip(t *testing.T) {
	n, madeUp := roundTripDir(t, filepath.Join("testdata", "responses"), "", true)
	if n < 12 {
		t.Errorf("only %d hand-written responses under testdata/responses", n)
	}
	if madeUp < 2 {
		t.Errorf("only %d made-up members kept; the payloads should exercise unknown members", madeUp)
	}
}

// TestFixturesTyped checks that samples land in typed fields, not only in Extra.
func TestFixturesTyped(t *testing.T) {
	dir := fixtureDir(t)
	read := func(rel string, v any) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, "v3.6", "configuration-api", "responses", rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	var agents []configuration.Agent
	read("agents/listAgents.json", &agents)
	if len(agents) != 2 || agents[1].Role != configuration.RoleViceowner || agents[1].LoginStatus != configuration.LoginAcceptingChats ||
		agents[0].MaxChatsCount != 5 || agents[1].LastLogout == "" || len(agents[0].Extra) != 0 {
		t.Errorf("agents = %+v", agents)
	}
	var bot configuration.Bot
	read("bots/getBot.json", &bot)
	if len(bot.Groups) != 3 || bot.Groups[2].Priority != configuration.PriorityFirst || bot.AvatarPath == "" || len(bot.Extra) != 0 {
		t.Errorf("bot = %+v", bot)
	}
	var g configuration.Group
	read("groups/getGroup.json", &g)
	if g.ID != 19 || g.AgentPriorities["agent3@example.com"] != configuration.PriorityLast {
		t.Errorf("group = %+v", g)
	}
	var hooks []configuration.Webhook
	read("webhooks/listWebhooks.json", &hooks)
	if len(hooks) != 1 || hooks[0].Filters == nil || !hooks[0].Filters.ChatPresence.MyBots ||
		hooks[0].Filters.ChatPresence.UserIDs.Values[0] != "johndoe@mail.com" {
		t.Errorf("webhooks = %+v", hooks)
	}
	var gr configuration.Greeting
	read("greetings/getGreeting.json", &gr)
	if gr.ID != 123 || len(gr.Rules) != 1 || gr.Rules[0].Operator != "greater_than" || gr.RichMessage == nil ||
		gr.RichMessage.Elements[0].Buttons[0].PostbackID != "support_request" {
		t.Errorf("greeting = %+v", gr)
	}
	var lid configuration.LicenseIDResponse
	read("other/getLicenseID.json", &lid)
	if lid.LicenseID != 104130623 {
		t.Errorf("license id = %d", lid.LicenseID)
	}
}
