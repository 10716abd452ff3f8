package dynamic_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/dynamic"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testDescription is the description the tests run on.
func testDescription(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// counter counts the HTTP requests that leave the client.
type counter struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

type env struct {
	srv   *emulator.Server
	creds emulator.Credentials
	sent  *counter
	desc  []byte // nil: the embedded description
}

// newEnv starts an emulator. The clients use the embedded description
// (package api) when it has every operation in need ("api.action"),
// otherwise the hand-written testdata/openapi.json, which follows the
// same conventions.
func newEnv(t testing.TB, need ...string) *env {
	srv := emulator.NewTest(t)
	e := &env{srv: srv, creds: srv.Credentials(), sent: &counter{next: http.DefaultTransport}}
	emb, err := dynamic.New(livechat.NewBearerToken("x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range need {
		api, action, _ := strings.Cut(n, ".")
		if _, err := emb.Operation(api, action); err != nil {
			t.Logf("using testdata/openapi.json: the embedded description lacks %s", n)
			e.desc = testDescription(t)
			break
		}
	}
	return e
}

// client returns a dynamic client on the emulator whose requests are counted.
func (e *env) client(t testing.TB, creds livechat.Credentials, opts ...livechat.Option) *dynamic.Client {
	t.Helper()
	opts = append([]livechat.Option{livechat.WithBaseURL(e.srv.URL()), livechat.WithOrganizationID(e.creds.OrganizationID),
		livechat.WithHTTPClient(&http.Client{Transport: e.sent})}, opts...)
	var c *dynamic.Client
	var err error
	if e.desc == nil {
		c, err = dynamic.New(creds, opts...)
	} else {
		c, err = dynamic.NewFromJSON(context.Background(), e.desc, creds, opts...)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) owner(t testing.TB) *dynamic.Client {
	return e.client(t, livechat.NewBearerToken(e.creds.Owner.Token))
}

func (e *env) customer(t testing.TB) *dynamic.Client {
	return e.client(t, livechat.NewBearerToken(e.creds.Customers[0].Token))
}

func call(t testing.TB, c *dynamic.Client, api, action string, args any, out any) {
	t.Helper()
	raw, err := c.Call(context.Background(), api, action, args)
	if err != nil {
		t.Fatalf("%s.%s: %v", api, action, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s.%s: decode %s: %v", api, action, raw, err)
		}
	}
}

// startChat starts a chat as the first customer and returns its id.
func (e *env) startChat(t testing.TB) string {
	t.Helper()
	var started struct {
		ChatID string `json:"chat_id"`
	}
	// continuous: no agent is logged in, so the chat waits in the queue.
	call(t, e.customer(t), "customer", "start_chat", map[string]any{"continuous": true}, &started)
	if started.ChatID == "" {
		t.Fatal("start_chat answered no chat_id")
	}
	return started.ChatID
}

// agentChat starts a chat as the owner and returns its id.
func (e *env) agentChat(t testing.TB) string {
	t.Helper()
	var started struct {
		ChatID string `json:"chat_id"`
	}
	call(t, e.owner(t), "agent", "start_chat", nil, &started)
	if started.ChatID == "" {
		t.Fatal("start_chat answered no chat_id")
	}
	return started.ChatID
}

// texts returns the texts of the messages of the chat's last thread.
func texts(t testing.TB, c *dynamic.Client, chatID string) []string {
	t.Helper()
	var chat struct {
		Thread struct {
			Events []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"events"`
		} `json:"thread"`
	}
	call(t, c, "agent", "get_chat", map[string]any{"chat_id": chatID}, &chat)
	var out []string
	for _, ev := range chat.Thread.Events {
		if ev.Type == "message" {
			out = append(out, ev.Text)
		}
	}
	return out
}

func TestAgentOverWeb(t *testing.T) {
	e := newEnv(t, "agent.start_chat", "agent.send_event", "agent.get_chat")
	chatID := e.agentChat(t)
	c := e.owner(t)
	// args as a struct
	type message struct {
		ChatID string         `json:"chat_id"`
		Event  map[string]any `json:"event"`
	}
	var sent struct {
		EventID string `json:"event_id"`
	}
	call(t, c, "agent", "send_event", message{ChatID: chatID, Event: map[string]any{"type": "message", "text": "from a struct"}}, &sent)
	if sent.EventID == "" {
		t.Fatal("send_event answered no event_id")
	}
	// args as raw JSON
	call(t, c, "agent", "send_event", json.RawMessage(`{"chat_id":"`+chatID+`","event":{"type":"message","text":"from raw JSON"}}`), nil)
	got := texts(t, c, chatID)
	if strings.Join(got, "|") != "from a struct|from raw JSON" {
		t.Fatalf("messages = %q", got)
	}
}

func TestPlatformErrorIsTyped(t *testing.T) {
	e := newEnv(t, "agent.get_chat")
	_, err := e.owner(t).Call(context.Background(), "agent", "get_chat", map[string]any{"chat_id": "NOSUCHCHAT"})
	var le *livechat.Error
	if !errors.As(err, &le) || !errors.Is(err, livechat.ErrNotFound) {
		t.Fatalf("err = %v (%T), want a *livechat.Error not_found", err, err)
	}
	if le.Status != http.StatusNotFound || le.Action != "get_chat" {
		t.Errorf("status %d action %q", le.Status, le.Action)
	}
}

func TestCustomerOverWeb(t *testing.T) {
	e := newEnv(t, "customer.start_chat", "customer.send_event", "customer.list_license_properties", "agent.get_chat")
	chatID := e.startChat(t)
	cust := e.customer(t)
	call(t, cust, "customer", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "hello agent"}}, nil)
	if got := texts(t, e.owner(t), chatID); len(got) != 1 || got[0] != "hello agent" {
		t.Fatalf("messages = %q", got)
	}
	// a GET action: its arguments travel as query parameters
	before := e.sent.n.Load()
	var props map[string]any
	call(t, cust, "customer", "list_license_properties", map[string]any{"namespace": "routing"}, &props)
	if e.sent.n.Load() != before+1 {
		t.Errorf("list_license_properties sent %d requests", e.sent.n.Load()-before)
	}
	_, err := cust.Call(context.Background(), "customer", "list_license_properties", map[string]any{"nope": 1})
	assertArg(t, err, "nope")
}

func TestConfigurationOverWeb(t *testing.T) {
	e := newEnv(t, "configuration.create_tag", "configuration.list_agents")
	c := e.owner(t)
	call(t, c, "configuration", "create_tag", map[string]any{"name": "dynamic", "group_ids": []int{0}}, nil)
	var agents []struct {
		ID string `json:"id"`
	}
	call(t, c, "configuration", "list_agents", nil, &agents)
	var ids []string
	for _, a := range agents {
		ids = append(ids, a.ID)
	}
	if !strings.Contains(strings.Join(ids, ","), e.creds.Owner.ID) {
		t.Fatalf("list_agents = %v, want the owner among them", ids)
	}
}

func TestRESTv2(t *testing.T) {
	e := newEnv(t, "restv2.list_agents", "restv2.get_agent", "restv2.create_tag", "configuration.list_tags")
	c := e.client(t, livechat.NewAPIKey(e.creds.Owner.ID, e.creds.Owner.APIKey))
	var list []struct {
		Login string `json:"login"`
	}
	call(t, c, "restv2", "list_agents", nil, &list)
	if len(list) < 2 {
		t.Fatalf("list_agents = %v", list)
	}
	// a path parameter
	var one struct {
		Login string `json:"login"`
	}
	call(t, c, "restv2", "get_agent", map[string]any{"login": e.creds.Agent.ID}, &one)
	if one.Login != e.creds.Agent.ID {
		t.Fatalf("get_agent = %+v", one)
	}
	// a query parameter with an enum, validated before sending
	before := e.sent.n.Load()
	_, err := c.Call(context.Background(), "restv2", "list_agents", map[string]any{"status": "asleep"})
	assertArg(t, err, "status")
	if e.sent.n.Load() != before {
		t.Fatal("an invalid REST v2 call was sent")
	}
	// a body
	call(t, c, "restv2", "create_tag", map[string]any{"tag": "v2tag", "author": e.creds.Owner.ID, "group": 0}, nil)
	var tags []struct {
		Name string `json:"name"`
	}
	call(t, e.owner(t), "configuration", "list_tags", nil, &tags)
	found := false
	for _, tg := range tags {
		found = found || tg.Name == "v2tag"
	}
	if !found {
		t.Fatalf("the tag created over REST v2 is not listed: %+v", tags)
	}
}

func assertArg(t testing.TB, err error, field string) {
	t.Helper()
	var ae *livechat.ArgumentError
	if !errors.As(err, &ae) || !errors.Is(err, livechat.ErrValidation) {
		t.Fatalf("err = %v (%T), want *livechat.ArgumentError", err, err)
	}
	if ae.Field != field {
		t.Fatalf("field = %q (%v), want %q", ae.Field, err, field)
	}
}

// TestValidationSendsNothing: bad arguments are refused with the JSON path
// of the offending value; no request leaves the client and the chat in the
// emulator is unchanged.
func TestValidationSendsNothing(t *testing.T) {
	e := newEnv(t, "agent.start_chat", "agent.send_event", "agent.get_chat")
	chatID := e.agentChat(t)
	c := e.owner(t)
	call(t, c, "agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "kept"}}, nil)
	before := e.sent.n.Load()
	cases := []struct {
		args  any
		field string
		says  string
	}{
		{map[string]any{"event": map[string]any{"type": "message", "text": "x"}}, "chat_id", "is required"},
		{map[string]any{"chat_id": 42, "event": map[string]any{"type": "message", "text": "x"}}, "chat_id", "must be string"},
		{map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message"}}, "event.text", "is required"},
		{map[string]any{"chat_id": chatID, "event": map[string]any{"type": "shout", "text": "x"}}, "event.type", `must be one of "message", "file", "rich_message"`},
		{map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "x"}, "attach_to_last_thread": "yes"}, "attach_to_last_thread", "must be boolean"},
		{json.RawMessage(`[1,2]`), "arguments", "must be a JSON object"},
		{json.RawMessage(`{"chat_id":`), "arguments", "not valid JSON"},
	}
	for _, tc := range cases {
		_, err := c.Call(context.Background(), "agent", "send_event", tc.args)
		assertArg(t, err, tc.field)
		if !strings.Contains(err.Error(), tc.says) {
			t.Errorf("error %q does not say %q", err, tc.says)
		}
	}
	// Operation.Validate gives the same answers without a client call
	op, err := c.Operation("agent", "send_event")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		assertArg(t, op.Validate(tc.args), tc.field)
	}
	if err := op.Validate(map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "x"}}); err != nil {
		t.Fatalf("Validate of good arguments: %v", err)
	}
	if n := e.sent.n.Load() - before; n != 0 {
		t.Fatalf("%d requests were sent for invalid arguments", n)
	}
	if got := texts(t, c, chatID); len(got) != 1 || got[0] != "kept" {
		t.Fatalf("the chat changed: %q", got)
	}
}

func TestUnknownOperation(t *testing.T) {
	e := newEnv(t, "agent.send_event", "agent.set_away_status")
	c := e.owner(t)
	_, err := c.Call(context.Background(), "agnet", "send_event", nil)
	assertArg(t, err, "api")
	_, err = c.Call(context.Background(), "agent", "send_evnt", nil)
	assertArg(t, err, "action")
	if !strings.Contains(err.Error(), "did you mean send_event") {
		t.Errorf("no suggestion: %v", err)
	}
	// set_away_status exists only over RTM
	_, err = c.Call(context.Background(), "agent", "set_away_status", map[string]any{"away": true})
	assertArg(t, err, "transport")
	if e.sent.n.Load() != 0 {
		t.Fatal("requests were sent")
	}
}

func TestAPIsAndOperations(t *testing.T) {
	e := newEnv(t)
	e.desc = testDescription(t) // a known set of APIs
	c := e.owner(t)
	var names []string
	for _, a := range c.APIs() {
		names = append(names, a.Name)
		if a.Operations == 0 || a.Title == "" {
			t.Errorf("%+v", a)
		}
	}
	if got := strings.Join(names, ","); got != "agent,configuration,customer,restv2" {
		t.Fatalf("APIs = %s", got)
	}
	var send *dynamic.Operation
	for _, o := range c.Operations("agent") {
		if o.Action == "send_event" {
			send = o
		}
	}
	if send == nil || send.Version != "3.6" || send.Summary == "" || !send.OnWeb() || !send.OnRTM() {
		t.Fatalf("send_event = %+v", send)
	}
	var schema map[string]any
	if err := json.Unmarshal(send.Schema, &schema); err != nil {
		t.Fatal(err)
	}
	if _, ok := schema["properties"].(map[string]any)["chat_id"]; !ok {
		t.Errorf("schema lacks chat_id: %s", send.Schema)
	}
	found := map[string]dynamic.Field{}
	for _, f := range send.Fields {
		found[f.Name] = f
	}
	if f := found["chat_id"]; !f.Required || f.Type != "string" {
		t.Errorf("chat_id = %+v", f)
	}
	if f := found["event.type"]; !f.Required || len(f.Enum) == 0 {
		t.Errorf("event.type = %+v", f)
	}
	v35, err := dynamic.NewFromJSON(context.Background(), testDescription(t), livechat.NewBearerToken("x"), livechat.WithAPIVersion(livechat.V3_5))
	if err != nil {
		t.Fatal(err)
	}
	if o, err := v35.Operation("agent", "send_event"); err != nil || o.Version != "3.5" || o.ID != "agent.send_event.v3_5" {
		t.Fatalf("3.5 send_event = %+v, %v", o, err)
	}
	if _, err := v35.Operation("agent", "list_chats"); err == nil || !strings.Contains(err.Error(), "not in API version 3.5") {
		t.Fatalf("list_chats in 3.5: %v", err)
	}
}

func TestPaginate(t *testing.T) {
	e := newEnv(t, "customer.start_chat", "agent.list_chats")
	want := map[string]bool{}
	for range 5 {
		want[e.startChat(t)] = true
	}
	c := e.owner(t)
	before := e.sent.n.Load()
	got := map[string]bool{}
	for item, err := range c.Paginate(context.Background(), "agent", "list_chats", map[string]any{"limit": 2}) {
		if err != nil {
			t.Fatal(err)
		}
		var chat struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(item, &chat); err != nil {
			t.Fatal(err)
		}
		if got[chat.ID] {
			t.Fatalf("chat %s twice", chat.ID)
		}
		got[chat.ID] = true
	}
	for id := range want {
		if !got[id] {
			t.Errorf("chat %s not listed", id)
		}
	}
	if pages := e.sent.n.Load() - before; pages != 3 {
		t.Errorf("%d pages fetched for 5 chats by 2, want 3", pages)
	}
	// breaking out of the loop stops fetching
	before = e.sent.n.Load()
	for range c.Paginate(context.Background(), "agent", "list_chats", map[string]any{"limit": 2}) {
		break
	}
	if n := e.sent.n.Load() - before; n != 1 {
		t.Errorf("%d requests after an early break", n)
	}
	for _, err := range c.Paginate(context.Background(), "agent", "get_chat", map[string]any{"chat_id": "X"}) {
		if err == nil || !strings.Contains(err.Error(), "not a paged operation") {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestRTM(t *testing.T) {
	e := newEnv(t, "agent.start_chat", "agent.send_event", "agent.get_chat", "agent.set_away_status", "agent.get_license_info", "customer.start_chat", "customer.send_event", "customer.get_customer")
	chatID := e.agentChat(t)
	ctx := context.Background()
	conn, err := rtm.Dial(ctx, livechat.NewBearerToken(e.creds.Owner.Token),
		rtm.WithConfig(livechat.WithBaseURL(e.srv.URL())), rtm.WithMaxReconnects(0))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c, err := e.owner(t).WithRTM("agent", conn)
	if err != nil {
		t.Fatal(err)
	}
	before := e.sent.n.Load()
	call(t, c, "agent", "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "over rtm"}}, nil)
	call(t, c, "agent", "set_away_status", map[string]any{"away": false}, nil)
	_, err = c.Call(ctx, "agent", "set_away_status", map[string]any{"away": "yes"})
	assertArg(t, err, "away")
	if n := e.sent.n.Load() - before; n != 0 {
		t.Fatalf("%d HTTP requests for RTM actions", n)
	}
	// a Web-only action still goes over the Web
	call(t, c, "agent", "get_license_info", nil, nil)
	if n := e.sent.n.Load() - before; n != 1 {
		t.Fatalf("%d HTTP requests for get_license_info", n)
	}
	if got := texts(t, c, chatID); len(got) != 1 || got[0] != "over rtm" {
		t.Fatalf("messages = %q", got)
	}

	cconn, err := rtm.DialCustomer(ctx, livechat.NewBearerToken(e.creds.Customers[0].Token),
		rtm.WithConfig(livechat.WithBaseURL(e.srv.URL()), livechat.WithOrganizationID(e.creds.OrganizationID)),
		rtm.WithMaxReconnects(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cconn.Close()
	cc, err := e.customer(t).WithRTM("customer", cconn)
	if err != nil {
		t.Fatal(err)
	}
	custChat := e.startChat(t)
	before = e.sent.n.Load()
	call(t, cc, "customer", "send_event", map[string]any{"chat_id": custChat, "event": map[string]any{"type": "message", "text": "customer over rtm"}}, nil)
	var me struct {
		ID string `json:"id"`
	}
	call(t, cc, "customer", "get_customer", nil, &me)
	if me.ID != e.creds.Customers[0].ID {
		t.Errorf("get_customer = %+v", me)
	}
	if n := e.sent.n.Load() - before; n != 0 {
		t.Fatalf("%d HTTP requests for customer RTM actions", n)
	}
	if got := texts(t, c, custChat); len(got) != 1 || got[0] != "customer over rtm" {
		t.Fatalf("messages = %q", got)
	}
	if _, err := e.owner(t).WithRTM("configuration", conn); err == nil {
		t.Fatal("WithRTM accepted the configuration API")
	}
}

func TestEmbeddedDescription(t *testing.T) {
	c, err := dynamic.New(livechat.NewBearerToken("x"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Operation("agent", "send_event")
	if err != nil {
		t.Fatal(err)
	}
	if o.ID != "agent.send_event" || o.Version != "3.6" || o.Path != "/v3.6/agent/action/send_event" || o.Method != "POST" {
		t.Fatalf("%+v", o)
	}
	names := map[string]bool{}
	for _, f := range o.Fields {
		names[f.Name] = true
	}
	for _, want := range []string{"chat_id", "event", "event.type", "event.text"} {
		if !names[want] {
			t.Errorf("send_event has no field %s", want)
		}
	}
}

func TestDiscover(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	creds := livechat.NewBearerToken(e.creds.Owner.Token)
	for _, u := range []string{e.srv.URL(), e.srv.URL() + "/", e.srv.URL() + "/openapi.json"} {
		c, err := dynamic.Discover(ctx, u, creds)
		if err != nil {
			t.Fatalf("Discover(%s): %v", u, err)
		}
		if c.Config().BaseURL != e.srv.URL() {
			t.Errorf("Discover(%s) base = %s", u, c.Config().BaseURL)
		}
		// the calls go to the discovered server
		_, err = c.Call(ctx, "agent", "get_chat", map[string]any{"chat_id": "NOSUCHCHAT"})
		if !errors.Is(err, livechat.ErrNotFound) {
			t.Fatalf("get_chat: %v", err)
		}
	}
	_, err := dynamic.Discover(ctx, e.srv.URL()+"/nothing/here", creds)
	if err == nil || !strings.Contains(err.Error(), e.srv.URL()+"/nothing/here/openapi.json") || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: %v", err)
	}
	_, err = dynamic.Discover(ctx, "http://127.0.0.1:1", creds)
	if err == nil || !strings.Contains(err.Error(), "GET http://127.0.0.1:1/openapi.json") {
		t.Errorf("refused: %v", err)
	}
	_, err = dynamic.Discover(ctx, "http://me:hunter2@127.0.0.1:1", creds)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("password in URL: %v", err)
	}
	_, err = dynamic.Discover(ctx, "ftp://x", creds)
	assertArg(t, err, "base_url")
}

// TestPaginateNumberedPages: REST v2 lists come in numbered pages of 25.
func TestPaginateNumberedPages(t *testing.T) {
	e := newEnv(t, "restv2.list_chats", "customer.start_chat")
	c := e.client(t, livechat.NewAPIKey(e.creds.Owner.ID, e.creds.Owner.APIKey))
	o, err := c.Operation("restv2", "list_chats")
	if err != nil || o.Pagination == nil || o.Pagination.Pages == "" {
		t.Skipf("the description does not page restv2.list_chats by number: %+v %v", o, err)
	}
	for range 27 {
		e.startChat(t)
	}
	before := e.sent.n.Load()
	n := 0
	for _, err := range c.Paginate(context.Background(), "restv2", "list_chats", map[string]any{"include_pending": 1}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 27 {
		t.Errorf("%d chats over the pages, want 27", n)
	}
	if pages := e.sent.n.Load() - before; pages != 2 {
		t.Errorf("%d requests, want 2 pages", pages)
	}
}
