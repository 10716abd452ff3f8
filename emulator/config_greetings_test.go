package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/restv2"
)

// cfgScoped returns a Configuration API client of a new administrator
// holding exactly scopes, and that agent's Bearer token.
func cfgScoped(t testing.TB, srv *emulator.Server, id string, scopes ...string) (*configuration.Client, string) {
	t.Helper()
	creds, err := srv.CreateAgent(ctxT(t), emulator.AgentSpec{ID: id, Role: "administrator", Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	return cfgClient(t, srv, livechat.NewBearerToken(creds.Token)), creds.Token
}

// cfgGreetingReq is a valid create_greeting request using every rule shape.
func cfgGreetingReq(name string, group int) configuration.CreateGreetingRequest {
	return configuration.CreateGreetingRequest{Type: "normal", Active: true, Name: name, Group: group,
		ActiveFrom: "2024-01-01T00:00:00Z", ActiveUntil: "2030-12-31T23:59:59Z",
		Rules: []configuration.GreetingRule{
			{Condition: "and", Type: "url_current", Operator: "contains", Value: "checkout"},
			{Condition: "or", Type: "visit_time_site", Operator: "greater_than", Value: "30"},
			{Condition: "and", Type: "url_funnel", URLs: []configuration.GreetingURL{{URL: "shop", Operator: "contains"}, {URL: "cart", Operator: "equals"}}},
			{Condition: "and", Type: "custom_variable", SessionField: map[string]string{"cart": "full"}},
			{Condition: "or", Type: "ads_traffic", SessionField: map[string]string{"google": "spring"}},
		},
		Properties: map[string]string{"addon": "chat_widget", "greeting-message_text": "Hello!"},
		RichMessage: &configuration.GreetingRichMessage{TemplateID: "cards", Elements: []livechat.RichElement{{
			Title: "Welcome!", Subtitle: "How can we help?",
			Buttons: []livechat.RichButton{
				{Text: "Support", Type: "message", Value: "I need support", PostbackID: "support"},
				{Text: "Docs", Type: "url", Value: "https://example.com", PostbackID: "docs",
					Extra: livechat.Extra{"button_id": json.RawMessage(`"keep-me"`), "role": json.RawMessage(`"primary"`)}},
			},
		}}},
	}
}

func buttonID(t testing.TB, b livechat.RichButton) string {
	t.Helper()
	var id string
	if raw, ok := b.Extra["button_id"]; ok {
		_ = json.Unmarshal(raw, &id)
	}
	return id
}

func TestConfigGreetings(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	c, _ := cfgScoped(t, srv, "greeter@example.com", "greetings:rw")

	res, err := c.CreateGreeting(ctx, cfgGreetingReq("Welcome greeting", 1))
	cfgMust(t, err)
	if res.ID <= 0 {
		t.Fatalf("create_greeting id %d", res.ID)
	}
	g, err := c.GetGreeting(ctx, res.ID)
	cfgMust(t, err)
	if g.ID != res.ID || g.Type != "normal" || !g.Active || g.Name != "Welcome greeting" || g.Group != 1 ||
		g.ActiveFrom != "2024-01-01T00:00:00Z" || g.ActiveUntil != "2030-12-31T23:59:59Z" ||
		g.Properties["addon"] != "chat_widget" || g.Properties["greeting-message_text"] != "Hello!" || len(g.Rules) != 5 {
		t.Fatalf("get_greeting: %+v", g)
	}
	if r := g.Rules[0]; r.Condition != "and" || r.Type != "url_current" || r.Operator != "contains" || r.Value != "checkout" {
		t.Fatalf("rule 0: %+v", r)
	}
	if r := g.Rules[1]; r.Condition != "or" || r.Value != "30" {
		t.Fatalf("rule 1: %+v", r)
	}
	if r := g.Rules[2]; len(r.URLs) != 2 || r.URLs[1].URL != "cart" || r.URLs[1].Operator != "equals" || r.Operator != "" {
		t.Fatalf("rule 2: %+v", r)
	}
	if r := g.Rules[3]; r.SessionField["cart"] != "full" || len(r.SessionField) != 1 || r.Extra["id"] != nil {
		t.Fatalf("rule 3: %+v", r)
	}
	if r := g.Rules[4]; r.SessionField["google"] != "spring" {
		t.Fatalf("rule 4: %+v", r)
	}
	rm := g.RichMessage
	if rm == nil || rm.TemplateID != "cards" || len(rm.Elements) != 1 || rm.Elements[0].Title != "Welcome!" || len(rm.Elements[0].Buttons) != 2 {
		t.Fatalf("rich_message: %+v", rm)
	}
	generated := buttonID(t, rm.Elements[0].Buttons[0])
	if generated == "" || buttonID(t, rm.Elements[0].Buttons[1]) != "keep-me" || string(rm.Elements[0].Buttons[1].Extra["role"]) != `"primary"` {
		t.Fatalf("buttons: %+v", rm.Elements[0].Buttons)
	}

	// update_greeting changes only what it is given; properties merge.
	cfgMust(t, c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: res.ID, Type: "announcement", Active: configuration.Bool(false),
		Name: "Renamed", Properties: map[string]string{"is_exit_intent": "true"},
		Rules: []configuration.GreetingRule{{Condition: "and", Type: "geolocation", Operator: "equals", Value: "PL"}}}))
	g, err = c.GetGreeting(ctx, res.ID)
	cfgMust(t, err)
	if g.Type != "announcement" || g.Active || g.Name != "Renamed" || g.Group != 1 || len(g.Rules) != 1 || g.Rules[0].Value != "PL" ||
		g.Properties["is_exit_intent"] != "true" || g.Properties["addon"] != "chat_widget" || g.ActiveFrom == "" || g.RichMessage == nil {
		t.Fatalf("after update_greeting: %+v", g)
	}
	// A new rich message: the ids passed again are kept, the others are new.
	kept := livechat.RichButton{Text: "Again", Type: "message", Value: "v", PostbackID: "p",
		Extra: livechat.Extra{"button_id": json.RawMessage(strconv.Quote(generated))}}
	fresh := livechat.RichButton{Text: "New", Type: "phone", Value: "+48123", PostbackID: "q"}
	cfgMust(t, c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: res.ID, RichMessage: &configuration.GreetingRichMessage{
		TemplateID: "quick_replies", Elements: []livechat.RichElement{{Title: "T", Buttons: []livechat.RichButton{kept, fresh}}}}}))
	g, err = c.GetGreeting(ctx, res.ID)
	cfgMust(t, err)
	if bs := g.RichMessage.Elements[0].Buttons; g.RichMessage.TemplateID != "quick_replies" || len(bs) != 2 ||
		buttonID(t, bs[0]) != generated || buttonID(t, bs[1]) == "" || buttonID(t, bs[1]) == generated || g.Name != "Renamed" {
		t.Fatalf("after rich update: %+v", g)
	}

	// not_found for unknown ids.
	_, err = c.GetGreeting(ctx, 999999)
	cfgWantType(t, err, livechat.TypeNotFound)
	cfgWantType(t, c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: 999999, Name: "x"}), livechat.TypeNotFound)
	cfgWantType(t, c.DeleteGreeting(ctx, 999999), livechat.TypeNotFound)
	_, err = c.CreateGreeting(ctx, cfgGreetingReq("Nowhere", 77))
	cfgWantType(t, err, livechat.TypeGroupNotFound)

	// delete_greeting.
	cfgMust(t, c.DeleteGreeting(ctx, res.ID))
	_, err = c.GetGreeting(ctx, res.ID)
	cfgWantType(t, err, livechat.TypeNotFound)
	cfgWantType(t, c.DeleteGreeting(ctx, res.ID), livechat.TypeNotFound)

	// Scopes: greetings:ro reads but cannot write; no greetings scope, nothing.
	ro, _ := cfgScoped(t, srv, "reader@example.com", "greetings:ro")
	id2, err := c.CreateGreeting(ctx, cfgGreetingReq("Second", 0))
	cfgMust(t, err)
	_, err = ro.GetGreeting(ctx, id2.ID)
	cfgMust(t, err)
	_, err = ro.ListGreetings(ctx, configuration.ListGreetingsRequest{})
	cfgMust(t, err)
	_, err = ro.CreateGreeting(ctx, cfgGreetingReq("Denied", 0))
	cfgWantType(t, err, livechat.TypeAuthorization)
	cfgWantType(t, ro.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: id2.ID, Name: "x"}), livechat.TypeAuthorization)
	cfgWantType(t, ro.DeleteGreeting(ctx, id2.ID), livechat.TypeAuthorization)
	agent := cfgClient(t, srv, livechat.NewBearerToken(cr.Agent.Token))
	_, err = agent.GetGreeting(ctx, id2.ID)
	cfgWantType(t, err, livechat.TypeAuthorization)
	_, err = agent.ListGreetings(ctx, configuration.ListGreetingsRequest{})
	cfgWantType(t, err, livechat.TypeAuthorization)

	// The greetings actions are API 3.6 only.
	old, err := configuration.NewWeb(livechat.NewBearerToken(cr.Owner.Token), livechat.WithBaseURL(srv.URL()),
		livechat.WithAPIVersion(livechat.V3_5), livechat.WithMaxRetries(0))
	cfgMust(t, err)
	_, err = old.GetGreeting(ctx, id2.ID)
	cfgWantType(t, err, livechat.TypeValidation)
}

// TestConfigGreetingsValidation sends what the SDK would refuse before
// sending, through the client's own Web transport.
func TestConfigGreetingsValidation(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	c, token := cfgScoped(t, srv, "greeter@example.com", "greetings:rw")
	tr := c.Transport()
	valid := func() M {
		b, _ := json.Marshal(cfgGreetingReq("Valid", 0))
		var m M
		_ = json.Unmarshal(b, &m)
		return m
	}
	with := func(k string, v any) M {
		m := valid()
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	rule := func(kv ...any) M {
		m := M{"condition": "and", "type": "url_current", "operator": "equals", "value": "x"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		return m
	}
	button := M{"text": "t", "type": "message", "value": "v", "postback_id": "p"}
	tooMany := func(n int, v any) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	bad := []struct {
		name string
		req  M
	}{
		{"no type", with("type", nil)},
		{"bad type", with("type", "popup")},
		{"no active", with("active", nil)},
		{"active not bool", with("active", "yes")},
		{"no name", with("name", nil)},
		{"blank name", with("name", "  ")},
		{"no group", with("group", nil)},
		{"group not int", with("group", "zero")},
		{"negative group", with("group", -1)},
		{"no rules", with("rules", nil)},
		{"empty rules", with("rules", []any{})},
		{"11 rules", with("rules", tooMany(11, rule()))},
		{"bad active_from", with("active_from", "yesterday")},
		{"until before from", with("active_until", "2023-01-01T00:00:00Z")},
		{"bad condition", with("rules", []any{rule("condition", "xor")})},
		{"no condition", with("rules", []any{rule("condition", nil)})},
		{"bad rule type", with("rules", []any{rule("type", "weather")})},
		{"bad operator", with("rules", []any{rule("operator", "like")})},
		{"no operator", with("rules", []any{rule("operator", nil)})},
		{"no value", with("rules", []any{rule("value", nil)})},
		{"value not string", with("rules", []any{rule("value", 10)})},
		{"visit time 901", with("rules", []any{rule("type", "visit_time_site", "value", "901")})},
		{"visit time not int", with("rules", []any{rule("type", "visit_time_page", "value", "soon")})},
		{"funnel without urls", with("rules", []any{rule("type", "url_funnel")})},
		{"funnel 11 urls", with("rules", []any{rule("type", "url_funnel", "urls", tooMany(11, M{"url": "a", "operator": "equals"}))})},
		{"funnel url without operator", with("rules", []any{rule("type", "url_funnel", "urls", []any{M{"url": "a"}})})},
		{"custom variable two pairs", with("rules", []any{rule("type", "custom_variable", "session_field", M{"a": "1", "b": "2"})})},
		{"custom variable none", with("rules", []any{rule("type", "custom_variable")})},
		{"custom variable 256", with("rules", []any{rule("type", "custom_variable", "session_field", M{"a": strings.Repeat("x", 256)})})},
		{"ads traffic bad source", with("rules", []any{rule("type", "ads_traffic", "session_field", M{"bing": "x"})})},
		{"unknown property", with("properties", M{"text": "Hello"})},
		{"property not string", with("properties", M{"addon": 1})},
		{"rich without template", with("rich_message", M{"elements": []any{}})},
		{"rich bad template", with("rich_message", M{"template_id": "carousel"})},
		{"rich 11 elements", with("rich_message", M{"template_id": "cards", "elements": tooMany(11, M{"title": "t"})})},
		{"rich 14 buttons", with("rich_message", M{"template_id": "cards", "elements": []any{M{"buttons": tooMany(14, button)}}})},
		{"button without postback_id", with("rich_message", M{"template_id": "cards", "elements": []any{M{"buttons": []any{
			M{"text": "t", "type": "message", "value": "v"}}}}})},
		{"button bad type", with("rich_message", M{"template_id": "cards", "elements": []any{M{"buttons": []any{
			M{"text": "t", "type": "email", "value": "v", "postback_id": "p"}}}}})},
		{"button bad role", with("rich_message", M{"template_id": "cards", "elements": []any{M{"buttons": []any{
			M{"text": "t", "type": "message", "value": "v", "postback_id": "p", "role": "loud"}}}}})},
		{"image without url", with("rich_message", M{"template_id": "cards", "elements": []any{M{"image": M{"name": "x"}}}})},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, tr, "create_greeting", tc.req, livechat.TypeValidation, http.StatusBadRequest)
		})
	}
	do(t, tr, "create_greeting", valid())
	created := do(t, tr, "create_greeting", valid())
	id, _ := created["id"].(float64)
	for _, tc := range []struct {
		name string
		req  M
	}{
		{"no id", M{"name": "x"}},
		{"id not int", M{"id": "1"}},
		{"null rules", M{"id": id, "rules": nil}},
		{"empty rules", M{"id": id, "rules": []any{}}},
		{"bad type", M{"id": id, "type": "popup"}},
		{"blank name", M{"id": id, "name": ""}},
		{"bad until", M{"id": id, "active_until": "never"}},
		{"until before from", M{"id": id, "active_until": "2023-01-01T00:00:00Z"}},
	} {
		t.Run("update "+tc.name, func(t *testing.T) {
			wantErr(t, tr, "update_greeting", tc.req, livechat.TypeValidation, http.StatusBadRequest)
		})
	}
	// An empty active_until clears it.
	do(t, tr, "update_greeting", M{"id": id, "active_until": ""})
	if g := do(t, tr, "get_greeting", M{"id": id}); g["active_until"] != nil || g["active_from"] == nil {
		t.Fatalf("after clearing active_until: %v", g)
	}
	wantErr(t, tr, "get_greeting", M{}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, tr, "delete_greeting", M{"id": "x"}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, tr, "list_greetings", M{"limit": 0}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, tr, "list_greetings", M{"limit": 101}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, tr, "list_greetings", M{"groups": "0"}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, tr, "list_greetings", M{"page_id": "garbage"}, livechat.TypeValidation, http.StatusBadRequest)
	page := do(t, tr, "list_greetings", M{"limit": 1})
	next, _ := page["next_page_id"].(string)
	if next == "" {
		t.Fatalf("no next_page_id: %v", page)
	}
	wantErr(t, tr, "list_greetings", M{"page_id": next, "limit": 1}, livechat.TypeValidation, http.StatusBadRequest)
	wantErr(t, tr, "list_greetings", M{"page_id": next, "groups": []int{0}}, livechat.TypeValidation, http.StatusBadRequest)

	// The wire envelope of a validation error.
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/v3.6/configuration/action/create_greeting", strings.NewReader(`{"type":"normal"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	cfgMust(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var env struct {
		Error *struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if resp.StatusCode != http.StatusBadRequest || json.Unmarshal(body, &env) != nil || env.Error == nil ||
		env.Error.Type != "validation" || env.Error.Message == "" {
		t.Fatalf("envelope: HTTP %d %s", resp.StatusCode, body)
	}
}

func TestConfigListGreetingsPaging(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	c, _ := cfgScoped(t, srv, "greeter@example.com", "greetings:rw")
	empty, err := c.ListGreetings(ctx, configuration.ListGreetingsRequest{})
	cfgMust(t, err)
	if len(empty.Greetings) != 0 || empty.FoundGreetings != 0 || empty.NextPageID != "" {
		t.Fatalf("empty list: %+v", empty)
	}
	var in0, in1 []int
	for i := range 5 {
		group := i % 2
		r, err := c.CreateGreeting(ctx, cfgGreetingReq("G"+strconv.Itoa(i), group))
		cfgMust(t, err)
		if group == 0 {
			in0 = append(in0, r.ID)
		} else {
			in1 = append(in1, r.ID)
		}
	}
	all, err := c.ListGreetings(ctx, configuration.ListGreetingsRequest{})
	cfgMust(t, err)
	if len(all.Greetings) != 5 || all.FoundGreetings != 5 || all.NextPageID != "" || all.Greetings[0].Name != "G0" || len(all.Greetings[0].Rules) != 5 {
		t.Fatalf("list_greetings: %+v", all)
	}
	g1, err := c.ListGreetings(ctx, configuration.ListGreetingsRequest{Groups: []int{1}})
	cfgMust(t, err)
	if len(g1.Greetings) != 2 || g1.FoundGreetings != 2 || g1.Greetings[0].ID != in1[0] || g1.Greetings[1].ID != in1[1] {
		t.Fatalf("groups [1]: %+v", g1)
	}
	// Pages of 2 over group 0 (3 greetings): the filter travels in page_id.
	var got []int
	req := configuration.ListGreetingsRequest{Groups: []int{0}, Limit: 2}
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		p, err := c.ListGreetings(ctx, req)
		cfgMust(t, err)
		if p.FoundGreetings != 3 || len(p.Greetings) > 2 {
			t.Fatalf("page %d: %+v", pages, p)
		}
		for _, g := range p.Greetings {
			if g.Group != 0 {
				t.Fatalf("page %d holds group %d", pages, g.Group)
			}
			got = append(got, g.ID)
		}
		if p.NextPageID == "" {
			break
		}
		req = configuration.ListGreetingsRequest{PageID: p.NextPageID}
	}
	if len(got) != 3 || got[0] != in0[0] || got[1] != in0[1] || got[2] != in0[2] {
		t.Fatalf("paged ids %v, want %v", got, in0)
	}
}

// TestConfigGreetingsSharedWithV2: greetings are one feature behind REST
// API v2 and Configuration API 3.6.
func TestConfigGreetingsSharedWithV2(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	c, _ := cfgScoped(t, srv, "greeter@example.com", "greetings:rw")
	v2 := v2Owner(t, srv)

	// Created over v2, read and changed over 3.6.
	old := v2must(v2.Greetings.Create(ctx, restv2.CreateGreetingRequest{Name: "from v2", Rules: []restv2.GreetingRule{
		{Type: restv2.RuleVisitTimePage, Value: "15", Operator: restv2.OpGreaterThan},
		{Type: restv2.RuleCustomVariable, VariableName: "plan", VariableValue: "pro"},
	}, Properties: map[string]string{restv2.PropertyMessageText: "Hi from v2"}}))(t)
	g, err := c.GetGreeting(ctx, old.ID)
	cfgMust(t, err)
	if g.Name != "from v2" || g.Type != "normal" || !g.Active || g.Group != 0 || len(g.Rules) != 2 ||
		g.Rules[0].Type != "visit_time_page" || g.Rules[0].Value != "15" || g.Rules[0].Condition != "and" ||
		g.Rules[1].SessionField["plan"] != "pro" || g.Properties["greeting-message_text"] != "Hi from v2" {
		t.Fatalf("v2 greeting over 3.6: %+v", g)
	}
	cfgMust(t, c.UpdateGreeting(ctx, configuration.UpdateGreetingRequest{ID: old.ID, Active: configuration.Bool(false),
		Properties: map[string]string{"addon": "x"}}))
	back := v2must(v2.Greetings.Get(ctx, old.ID))(t)
	if back.Active || back.Message() != "Hi from v2" || back.Properties["addon"] != "x" || len(back.Rules) != 2 || back.Rules[1].VariableName != "plan" {
		t.Fatalf("v2 after 3.6 update: %+v", back)
	}

	// Created over 3.6, read over v2 (rules in v2's shape, with ids).
	res, err := c.CreateGreeting(ctx, cfgGreetingReq("from 3.6", 1))
	cfgMust(t, err)
	one := 1
	list := v2must(v2.Greetings.List(ctx, restv2.GreetingListOptions{Group: &one}))(t)
	if len(list) != 1 || list[0].ID != res.ID || list[0].Name != "from 3.6" || !list[0].Active || len(list[0].Rules) != 5 ||
		list[0].Message() != "Hello!" {
		t.Fatalf("3.6 greeting over v2: %+v", list)
	}
	ids := map[int]bool{}
	for _, r := range append(list[0].Rules, back.Rules...) {
		if r.ID == 0 || ids[r.ID] {
			t.Fatalf("rule ids not unique across APIs: %+v", r)
		}
		ids[r.ID] = true
	}
	if r := list[0].Rules[3]; r.Type != restv2.RuleCustomVariable || r.VariableName != "cart" || r.VariableValue != "full" {
		t.Fatalf("custom_variable over v2: %+v", r)
	}
	// Deleted over v2, gone over 3.6.
	v2must(v2.Greetings.Delete(ctx, res.ID))(t)
	_, err = c.GetGreeting(ctx, res.ID)
	cfgWantType(t, err, livechat.TypeNotFound)
}
