package restv2

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/wiretest"
)

const (
	testLogin = "john.doe@example.com"
	testKey   = "c14b85863755158d7aa5cc4ba17f61cb"
)

var wantAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(testLogin+":"+testKey))

// request is what the test server saw.
type request = wiretest.Request

// server is a recording test server on 127.0.0.1 that answers from a
// queue of (status, body) replies, repeating the last one.
type server struct{ *wiretest.Server }

type reply struct {
	status int
	body   string
	header map[string]string
}

func newServer(t *testing.T, replies ...reply) *server {
	t.Helper()
	var mu sync.Mutex
	n := 0
	return &server{wiretest.NewServerFunc(t, func(w http.ResponseWriter, _ string, _ []byte) {
		mu.Lock()
		rep := reply{status: 200, body: "{}"}
		if n < len(replies) {
			rep = replies[n]
		} else if len(replies) > 0 {
			rep = replies[len(replies)-1]
		}
		n++
		mu.Unlock()
		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		io.WriteString(w, rep.body)
	})}
}

func (s *server) requests() []request { return s.Requests() }

func (s *server) client(t *testing.T, opts ...livechat.Option) *Client {
	t.Helper()
	opts = append([]livechat.Option{livechat.WithBaseURL(s.URL), livechat.WithRetryDelay(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := New(livechat.NewAPIKey(testLogin, testKey), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var jsonEqual = wiretest.JSONEqual

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

// wireCase describes one method call and the exact request it must send.
type wireCase struct {
	name   string
	reply  string
	call   func(ctx context.Context, c *Client) (any, error)
	method string
	path   string // escaped path
	query  url.Values
	body   string // JSON; "" = no body
	check  func(t *testing.T, v any)
}

func TestWire(t *testing.T) {
	cases := []wireCase{
		// ---- agents
		{name: "Agents.List", reply: `[{"name":"John Doe","permission":"owner","login":"john.doe@example.com","status":"accepting chats","avatar":"a.png"}]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Agents.List(ctx, AgentListOptions{}) },
			method: "GET", path: "/agents",
			check: func(t *testing.T, v any) {
				l := v.([]AgentSummary)
				if len(l) != 1 || l[0].Status != AcceptingChats || l[0].Permission != PermissionOwner {
					t.Errorf("got %+v", l)
				}
			}},
		{name: "Agents.List status", reply: `[]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Agents.List(ctx, AgentListOptions{Status: NotAcceptingChats})
			},
			method: "GET", path: "/agents", query: url.Values{"status": {"not accepting chats"}}},
		{name: "Agents.Get", reply: `{"login":"jenny@example.com","name":"Jenny","daily_summary":1,"notifications":{"new_visitor":1,"visitor_is_typing":0},"max_chats_count":6,"groups":[{"id":1,"name":"Sales"}],"status":"accepting chats","last_logout":1358427204,"work_scheduler":{"monday":{"enabled":1,"start":"09:00","end":"17:00"}}}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Agents.Get(ctx, "jenny@example.com") },
			method: "GET", path: "/agents/jenny@example.com",
			check: func(t *testing.T, v any) {
				a := v.(*Agent)
				if a.Login != "jenny@example.com" || !a.DailySummary || a.Notifications["new_visitor"] != 1 ||
					a.MaxChatsCount != 6 || a.Groups[0].Name != "Sales" || a.LastLogout != 1358427204 ||
					a.WorkScheduler["monday"].Start != "09:00" {
					t.Errorf("got %+v", a)
				}
			}},
		{name: "Agents.Create", reply: `{"login":"jenny@example.com","name":"Jenny Doe","permission":"administrator"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Agents.Create(ctx, CreateAgentRequest{Login: "jenny@example.com", Name: "Jenny Doe",
					Permission: PermissionAdministrator, Groups: []int{1, 2}, DailySummary: FlagOf(false),
					MaxChatsCount: intp(3), Notifications: map[string]int{NotifyNewGoal: 1}, Password: "secret1"})
			},
			method: "POST", path: "/agents",
			body: `{"login":"jenny@example.com","name":"Jenny Doe","permission":"administrator","groups":[1,2],"daily_summary":0,"max_chats_count":3,"notifications":{"new_goal":1},"password":"secret1"}`,
			check: func(t *testing.T, v any) {
				if v.(*Agent).Permission != PermissionAdministrator {
					t.Errorf("got %+v", v)
				}
			}},
		{name: "Agents.Update", reply: `{"login":"jenny@example.com","status":"not accepting chats","max_chats_count":2}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Agents.Update(ctx, "jenny@example.com", UpdateAgentRequest{Status: NotAcceptingChats, MaxChatsCount: intp(2),
					WorkScheduler: map[string]WorkDay{"monday": {Enabled: FlagOf(true), Start: "09:00", End: "17:00"}}})
			},
			method: "PUT", path: "/agents/jenny@example.com",
			body: `{"status":"not accepting chats","max_chats_count":2,"work_scheduler":{"monday":{"enabled":1,"start":"09:00","end":"17:00"}}}`},
		{name: "Agents.Delete", reply: `{"result":"jenny@example.com removed successfully"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Agents.Delete(ctx, "jenny@example.com") },
			method: "DELETE", path: "/agents/jenny@example.com",
			check: func(t *testing.T, v any) {
				if v.(string) != "jenny@example.com removed successfully" {
					t.Errorf("got %q", v)
				}
			}},
		{name: "Agents.ResetAPIKey", reply: `{"login":"jenny@example.com","api_key":"0123456789abcdef0123456789abcdef"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Agents.ResetAPIKey(ctx, "jenny@example.com")
			},
			method: "POST", path: "/agents/jenny@example.com/reset_api_key", body: `{}`,
			check: func(t *testing.T, v any) {
				a := v.(*Agent)
				if a.APIKey.Reveal() != "0123456789abcdef0123456789abcdef" {
					t.Errorf("api key not decoded")
				}
				if s := fmtAll(a.APIKey); strings.Contains(s, "0123456789abcdef") {
					t.Errorf("api key printed: %s", s)
				}
			}},
		// ---- chats
		{name: "Chats.List filters", reply: `{"chats":[{"type":"chat","id":"MH022RD0K5","visitor":{"id":"S1","name":"Mary"},"tags":["sales"],"events":[{"type":"message","text":"Hello","timestamp":1358937653}]}],"total":1,"pages":1}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.List(ctx, ChatListOptions{DateFrom: "2013-01-23", DateTo: "2013-02-01", Timezone: "Europe/Berlin",
					Page: 2, VisitorID: "S1", Query: "shoes", Agent: "john@example.com", Group: intp(0), Goal: intp(71),
					HasGoal: boolp(true), Sale: intp(3), HasSale: boolp(false), Queued: boolp(true), Rate: RatedGood,
					IncludePending: boolp(true), Tags: []string{"sales", "support"}, Tagged: boolp(true), Comment: boolp(false),
					City: "Berlin", Region: "Berlin", Country: "Germany"})
			},
			method: "GET", path: "/chats",
			query: url.Values{"date_from": {"2013-01-23"}, "date_to": {"2013-02-01"}, "timezone": {"Europe/Berlin"},
				"page": {"2"}, "visitor_id": {"S1"}, "query": {"shoes"}, "agent": {"john@example.com"}, "group": {"0"},
				"goal": {"71"}, "has_goal": {"1"}, "sale": {"3"}, "has_sale": {"0"}, "queued": {"1"}, "rate": {"rated_good"},
				"include_pending": {"1"}, "tag[]": {"sales", "support"}, "tagged": {"1"}, "comment": {"0"},
				"city": {"Berlin"}, "region": {"Berlin"}, "country": {"Germany"}},
			check: func(t *testing.T, v any) {
				p := v.(*ChatPage)
				if p.Total != 1 || p.Pages != 1 || p.Chats[0].ID != "MH022RD0K5" || p.Chats[0].Visitor.Name != "Mary" ||
					p.Chats[0].Events[0].Text != "Hello" {
					t.Errorf("got %+v", p)
				}
			}},
		{name: "Chats.Get", reply: `{"type":"chat","id":"MH022RD0K5","goals":[{"id":71,"order":{"price":"199"}}],"queue":{"duration":20}}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Chats.Get(ctx, "MH022RD0K5") },
			method: "GET", path: "/chats/MH022RD0K5",
			check: func(t *testing.T, v any) {
				ch := v.(*Chat)
				if ch.Goals[0].Order.Price != "199" || ch.Queue.Duration != 20 {
					t.Errorf("got %+v", ch)
				}
			}},
		{name: "Chats.UpdateTags", reply: `{"chats":[{"id":"OTHER"},{"id":"MH022RD0K5","tags":["a","b"]}],"total":2,"pages":1}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.UpdateTags(ctx, "MH022RD0K5", []string{"a", "b"})
			},
			method: "PUT", path: "/chats/MH022RD0K5/tags", body: `{"tag":["a","b"]}`,
			check: func(t *testing.T, v any) {
				if ch := v.(*Chat); ch.ID != "MH022RD0K5" || len(ch.Tags) != 2 {
					t.Errorf("got %+v", ch)
				}
			}},
		{name: "Chats.SendTranscript", reply: `{"result":"E-mail has been sent to mary@example.com."}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.SendTranscript(ctx, "MH022RD0K5", "mary@example.com")
			},
			method: "POST", path: "/chats/MH022RD0K5/send_transcript", body: `{"to":"mary@example.com"}`,
			check: func(t *testing.T, v any) {
				if v.(string) != "E-mail has been sent to mary@example.com." {
					t.Errorf("got %q", v)
				}
			}},
		// ---- canned responses
		{name: "CannedResponses.List", reply: `[{"id":3151,"group":1,"text":"Hi","creation_date":1358257181,"created_by":"john@example.com","tags":["help"]}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CannedResponses.List(ctx, CannedResponseListOptions{Group: intp(1)})
			},
			method: "GET", path: "/canned_responses", query: url.Values{"group": {"1"}},
			check: func(t *testing.T, v any) {
				if l := v.([]CannedResponse); l[0].ID != 3151 || l[0].Tags[0] != "help" {
					t.Errorf("got %+v", l)
				}
			}},
		{name: "CannedResponses.Get", reply: `{"id":3151}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CannedResponses.Get(ctx, 3151) },
			method: "GET", path: "/canned_responses/3151"},
		{name: "CannedResponses.Create", reply: `{"id":3181,"group":0,"text":"Bye","tags":["bye","cu"]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CannedResponses.Create(ctx, CreateCannedResponseRequest{Text: "Bye", Tags: []string{"bye", "cu"}, Group: intp(0)})
			},
			method: "POST", path: "/canned_responses", body: `{"text":"Bye","tags":["bye","cu"],"group":0}`},
		{name: "CannedResponses.Update", reply: `{"id":3181,"tags":["bye"]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CannedResponses.Update(ctx, 3181, UpdateCannedResponseRequest{Tags: []string{"bye"}})
			},
			method: "PUT", path: "/canned_responses/3181", body: `{"tags":["bye"]}`},
		{name: "CannedResponses.Delete", reply: `{"result":"Canned response removed successfully"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CannedResponses.Delete(ctx, 3181) },
			method: "DELETE", path: "/canned_responses/3181"},
		// ---- goals
		{name: "Goals.List", reply: `[{"id":1041,"name":"purchase","active":1,"type":"url"}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Goals.List(ctx, GoalListOptions{Type: GoalURL})
			},
			method: "GET", path: "/goals", query: url.Values{"type": {"url"}},
			check: func(t *testing.T, v any) {
				if g := v.([]Goal); !g[0].Active || g[0].Type != GoalURL {
					t.Errorf("got %+v", g)
				}
			}},
		{name: "Goals.Get", reply: `{"id":1181,"type":"sales_tracker","sales_tracker_id":12,"value":19.5}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Goals.Get(ctx, 1181) },
			method: "GET", path: "/goals/1181",
			check: func(t *testing.T, v any) {
				if g := v.(*Goal); g.SalesTrackerID != "12" || g.Value != "19.5" {
					t.Errorf("got %+v", g)
				}
			}},
		{name: "Goals.Create", reply: `{"id":2231,"name":"new goal","active":1,"type":"url","match_type":"exact","url":"http://shop.example.com/thanks"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Goals.Create(ctx, GoalRequest{Name: "new goal", Type: GoalURL, URL: "http://shop.example.com/thanks", MatchType: MatchExact})
			},
			method: "POST", path: "/goals", body: `{"name":"new goal","type":"url","url":"http://shop.example.com/thanks","match_type":"exact"}`},
		{name: "Goals.Update", reply: `{"id":2231,"active":0}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Goals.Update(ctx, 2231, GoalRequest{Name: "paused", Active: FlagOf(false)})
			},
			method: "PUT", path: "/goals/2231", body: `{"name":"paused","active":0}`},
		{name: "Goals.Delete", reply: `{"result":"goal removed successfully"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Goals.Delete(ctx, 2231) },
			method: "DELETE", path: "/goals/2231"},
		{name: "Goals.MarkAsSuccessful", reply: `{"result":"goal marked as successful"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Goals.MarkAsSuccessful(ctx, 1181, MarkGoalRequest{VisitorID: "S1281361958.2238ee3bd3", OrderPrice: "199.00", OrderCurrency: "USD"})
			},
			method: "POST", path: "/goals/1181/mark_as_successful",
			body: `{"visitor_id":"S1281361958.2238ee3bd3","order_price":"199.00","order_currency":"USD"}`,
			check: func(t *testing.T, v any) {
				if v.(string) != "goal marked as successful" {
					t.Errorf("got %q", v)
				}
			}},
		// ---- greetings
		{name: "Greetings.List", reply: `[{"id":2291,"active":true,"name":"t","rules":[{"id":8201,"value":"5","type":"visit_time_site","operator":"equals","condition":"and"}],"properties":{"active":"1","greeting-message_text":"Hello"}}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Greetings.List(ctx, GreetingListOptions{Group: intp(1)})
			},
			method: "GET", path: "/greetings", query: url.Values{"group": {"1"}},
			check: func(t *testing.T, v any) {
				g := v.([]Greeting)
				if !g[0].Active || g[0].Rules[0].Value != "5" || g[0].Message() != "Hello" {
					t.Errorf("got %+v", g)
				}
			}},
		{name: "Greetings.Get", reply: `{"id":2411}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Greetings.Get(ctx, 2411) },
			method: "GET", path: "/greetings/2411"},
		{name: "Greetings.Create", reply: `{"id":2451,"active":true,"rules":[{"id":8241,"value":15,"type":"visit_time_page"}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Greetings.Create(ctx, CreateGreetingRequest{Name: "inv", Group: intp(1), Active: FlagOf(true),
					Rules: []GreetingRule{
						{Type: RuleVisitTimePage, Value: "15", Operator: OpGreaterThan},
						{Type: RuleCustomVariable, VariableName: "cart", VariableValue: "full"},
						{Type: RuleURLFunnel, URLs: []FunnelURL{{URL: "shop/shoes", Operator: OpEquals}, {URL: "cart", Operator: OpContains}}},
					},
					Properties: map[string]string{PropertyMessageText: "Hi!"}})
			},
			method: "POST", path: "/greetings",
			body: `{"name":"inv","group":1,"active":1,"rules":[{"type":"visit_time_page","value":"15","operator":"greater_than"},{"type":"custom_variable","variable_name":"cart","variable_value":"full"},{"type":"url_funnel","urls":[{"url":"shop/shoes","operator":"equals"},{"url":"cart","operator":"contains"}]}],"properties":{"greeting-message_text":"Hi!"}}`,
			check: func(t *testing.T, v any) {
				if g := v.(*Greeting); g.Rules[0].Value != "15" {
					t.Errorf("got %+v", g)
				}
			}},
		{name: "Greetings.Update", reply: `{"id":2491,"active":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Greetings.Update(ctx, 2491, UpdateGreetingRequest{Active: FlagOf(false), Name: "athletic shoes"})
			},
			method: "PUT", path: "/greetings/2491", body: `{"name":"athletic shoes","active":0}`},
		{name: "Greetings.Delete", reply: `{"ok":true}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Greetings.Delete(ctx, 2491) },
			method: "DELETE", path: "/greetings/2491",
			check: func(t *testing.T, v any) {
				if v.(string) != "ok" {
					t.Errorf("got %q", v)
				}
			}},
		// ---- groups
		{name: "Groups.List", reply: `[{"id":0,"name":"All operators","language":"en","status":"accepting chats"},{"id":1,"name":"Invoicing","agents":["jane@example.com"],"status":"offline"}]`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Groups.List(ctx) },
			method: "GET", path: "/groups",
			check: func(t *testing.T, v any) {
				if g := v.([]Group); len(g) != 2 || g[1].Agents[0] != "jane@example.com" || g[1].Status != Offline {
					t.Errorf("got %+v", g)
				}
			}},
		{name: "Groups.Get", reply: `{"id":0}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Groups.Get(ctx, 0) },
			method: "GET", path: "/groups/0"},
		{name: "Groups.Create", reply: `{"id":4,"name":"HR"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.Create(ctx, GroupRequest{Name: "HR", Agents: []string{"jenny@example.com", "john@example.com"}, Language: "de"})
			},
			method: "POST", path: "/groups", body: `{"name":"HR","agents":["jenny@example.com","john@example.com"],"language":"de"}`},
		{name: "Groups.Update", reply: `{"id":3,"name":"QA"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.Update(ctx, 3, GroupRequest{Name: "QA"})
			},
			method: "PUT", path: "/groups/3", body: `{"name":"QA"}`},
		{name: "Groups.Delete", reply: `{"result":"group removed successfully"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Groups.Delete(ctx, 4) },
			method: "DELETE", path: "/groups/4"},
		// ---- status
		{name: "Status.Get", reply: `{"status":"online"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Status.Get(ctx, 1) },
			method: "GET", path: "/status/1",
			check: func(t *testing.T, v any) {
				if v.(OnlineStatus) != Online {
					t.Errorf("got %v", v)
				}
			}},
		// ---- tags
		{name: "Tags.List", reply: `[{"name":"sales","author":"john@example.com","creation_date":1402989014,"count":{"inChats":4,"inTickets":1},"group":1}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Tags.List(ctx, TagListOptions{Group: intp(1)})
			},
			method: "GET", path: "/tags", query: url.Values{"group": {"1"}},
			check: func(t *testing.T, v any) {
				if tg := v.([]Tag); tg[0].Count.InChats != 4 || tg[0].Group != 1 {
					t.Errorf("got %+v", tg)
				}
			}},
		{name: "Tags.Create", reply: `{"name":"support","group":0}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Tags.Create(ctx, CreateTagRequest{Tag: "support", Author: "john@example.com", Group: 0})
			},
			method: "POST", path: "/tags", body: `{"tag":"support","author":"john@example.com","group":0}`},
		{name: "Tags.Delete", reply: `{"ok":true}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Tags.Delete(ctx, "after sales", 1) },
			method: "DELETE", path: "/tags/after%20sales", body: `{"tag":"after sales","group":1}`},
		// ---- tickets
		{name: "Tickets.List", reply: `{"pages":1,"total":1,"tickets":[{"id":"5FUED","requester":{"mail":"mary@example.com"},"status":"open","events":[{"type":"message","author":{"id":"mary@example.com","type":"client"},"date":1384554260}],"firstResponse":{}}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Tickets.List(ctx, TicketListOptions{DateFrom: "2013-11-15", DateTo: "2013-11-20", Page: 1,
					Assigned: boolp(false), Order: Asc, Status: TicketOpen, Assignee: "jane@example.com", Query: "shoes",
					RequesterMail: "mary@example.com", Group: intp(2), Source: SourceMail, Tag: "sales", Tagged: boolp(true)})
			},
			method: "GET", path: "/tickets",
			query: url.Values{"date_from": {"2013-11-15"}, "date_to": {"2013-11-20"}, "page": {"1"}, "assigned": {"0"},
				"order": {"asc"}, "status": {"open"}, "assignee": {"jane@example.com"}, "query": {"shoes"},
				"requester[mail]": {"mary@example.com"}, "group": {"2"}, "source": {"mail"}, "tag": {"sales"}, "tagged": {"1"}},
			check: func(t *testing.T, v any) {
				p := v.(*TicketPage)
				if p.Tickets[0].ID != "5FUED" || p.Tickets[0].Events[0].Author.Type != "client" || string(p.Tickets[0].FirstResponse) != "{}" {
					t.Errorf("got %+v", p)
				}
			}},
		{name: "Tickets.Get wrapped", reply: `{"pages":1,"total":1,"tickets":[{"id":"5FUED","subject":"Shoes"}]}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Tickets.Get(ctx, "5FUED") },
			method: "GET", path: "/tickets/5FUED",
			check: func(t *testing.T, v any) {
				if tk := v.(*Ticket); tk.Subject != "Shoes" {
					t.Errorf("got %+v", tk)
				}
			}},
		{name: "Tickets.Get bare", reply: `{"id":"5FUED","subject":"Bare","tickets":"odd"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Tickets.Get(ctx, "5FUED") },
			method: "GET", path: "/tickets/5FUED",
			check: func(t *testing.T, v any) {
				if tk := v.(*Ticket); tk.Subject != "Bare" || tk.Extra["tickets"] == nil {
					t.Errorf("got %+v", tk)
				}
			}},
		{name: "Tickets.Create", reply: `{"id":"6ABCD","subject":"I have a problem"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Tickets.Create(ctx, CreateTicketRequest{Message: "Hi, my shoes.", Subject: "I have a problem",
					Requester: TicketRequester{Mail: "mary@example.com", Name: "Mary"}, Assignee: &TicketAssignee{ID: "jane@example.com"},
					Source: &TicketSource{Type: SourceChatWindow, URL: "https://shop.example.com"}, Group: []int{0, 2}})
			},
			method: "POST", path: "/tickets",
			body: `{"message":"Hi, my shoes.","subject":"I have a problem","requester":{"mail":"mary@example.com","name":"Mary"},"assignee":{"id":"jane@example.com"},"source":{"type":"chat-window","url":"https://shop.example.com"},"group":[0,2]}`,
			check: func(t *testing.T, v any) {
				if tk := v.(*Ticket); tk.ID != "6ABCD" {
					t.Errorf("got %+v", tk)
				}
			}},
		{name: "Tickets.UpdateTags", reply: `{"id":"5FUED","tags":["sales"]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Tickets.UpdateTags(ctx, "5FUED", []string{"sales"})
			},
			method: "PUT", path: "/tickets/5FUED/tags", body: `{"tag":["sales"]}`},
		// ---- visitors
		{name: "Visitors.List", reply: `[{"id":"S148dea44981.d9443253fef2","state":"chatting","latitude":"35.6127","page_views":16,"visit_path":[{"page":"https://example.com/","time_ts":1487244981}],"operators":[]}]`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Visitors.List(ctx, VisitorListOptions{State: VisitorChatting, Groups: []int{0, 2}})
			},
			method: "GET", path: "/visitors", query: url.Values{"state": {"chatting"}, "group[]": {"0", "2"}},
			check: func(t *testing.T, v any) {
				vs := v.([]Visitor)
				if vs[0].PageViews != 16 || vs[0].Latitude != "35.6127" || vs[0].Extra["operators"] == nil {
					t.Errorf("got %+v", vs)
				}
			}},
		{name: "Visitors.Count", reply: `{"count":7}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Visitors.Count(ctx, VisitorListOptions{}) },
			method: "GET", path: "/visitors", query: url.Values{"count": {"1"}},
			check: func(t *testing.T, v any) {
				if v.(int) != 7 {
					t.Errorf("got %v", v)
				}
			}},
		{name: "Visitors.AddDetails", reply: `{"result":"ok"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Visitors.AddDetails(ctx, "S1.2", VisitorDetailsRequest{LicenseID: 123, Token: "tok", ID: "crm",
					Fields: []DetailField{{Name: "Plan", Value: "Gold", URL: "https://crm.example.com/1"}}})
			},
			method: "POST", path: "/visitors/S1.2/details",
			body: `{"license_id":123,"token":"tok","id":"crm","fields":[{"name":"Plan","value":"Gold","url":"https://crm.example.com/1"}]}`},
		// ---- webhooks
		{name: "Webhooks.List", reply: `{"events":[{"licence":12345,"event_type":"chat_started","data_types":["chat","visitor"],"url":"https://example.com/hook","verified":true,"token":"0adec158e423091d5a36c9fce95775db","id":"39612eee5f1b431217aafb9de19c1e32"}]}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.List(ctx) },
			method: "GET", path: "/webhooks",
			check: func(t *testing.T, v any) {
				w := v.([]Webhook)
				if w[0].ID != "39612eee5f1b431217aafb9de19c1e32" || w[0].Token.Reveal() != "0adec158e423091d5a36c9fce95775db" || !w[0].Verified {
					t.Errorf("got %+v", w)
				}
			}},
		{name: "Webhooks.Create", reply: `{"events":[{"id":"old","event_type":"chat_ended","url":"https://x.example.com"},{"id":"new","event_type":"chat_started","url":"https://example.com/hook"}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Webhooks.Create(ctx, CreateWebhookRequest{EventType: EventChatStarted, DataTypes: []string{DataChat, DataVisitor}, URL: "https://example.com/hook"})
			},
			method: "POST", path: "/webhooks", body: `{"event_type":"chat_started","data_types":["chat","visitor"],"url":"https://example.com/hook"}`,
			check: func(t *testing.T, v any) {
				if w := v.(*Webhook); w.ID != "new" {
					t.Errorf("got %+v", w)
				}
			}},
		{name: "Webhooks.Delete", reply: `{"result":"Push notification removed successfully"}`,
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.Delete(ctx, "39612eee") },
			method: "DELETE", path: "/webhooks/39612eee"},
	}
	cases = append(cases, reportCases()...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, reply{status: 200, body: tc.reply})
			c := s.client(t)
			v, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			r := wiretest.CheckOne(t, s.Server, wiretest.Want{Method: tc.method, Path: tc.path, Auth: wantAuth, Query: tc.query, Body: tc.body})
			if got := r.Header.Get("X-API-Version"); got != "2" {
				t.Errorf("X-API-Version %q", got)
			}
			if got := r.Header.Get("User-Agent"); got != livechat.UserAgentString {
				t.Errorf("User-Agent %q", got)
			}
			if tc.check != nil {
				tc.check(t, v)
			}
		})
	}
}

func reportCases() []wireCase {
	opts := ReportOptions{DateFrom: "2013-01-29", DateTo: "2013-01-30", Timezone: "America/Phoenix", Group: intp(2),
		Agent: "john@example.com", GroupBy: GroupByHour, Tags: []string{"sales"}}
	common := url.Values{"date_from": {"2013-01-29"}, "date_to": {"2013-01-30"}, "timezone": {"America/Phoenix"},
		"group": {"2"}, "agent": {"john@example.com"}, "group_by": {"hour"}, "tag[]": {"sales"}}
	type rf func(context.Context, *ReportsService, ReportOptions) (any, error)
	wrap := func(f func(*ReportsService) func(context.Context, ReportOptions) (Report, error)) rf {
		return func(ctx context.Context, s *ReportsService, o ReportOptions) (any, error) { return f(s)(ctx, o) }
	}
	methods := map[ReportPath]rf{
		ReportTotalChats: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.TotalChats }),
		ReportEngagement: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.Engagement }),
		ReportNotRepliedChats: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) {
			return s.NotRepliedChats
		}),
		ReportChatRatings:    wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.ChatRatings }),
		ReportQueuedVisitors: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.QueuedVisitors }),
		ReportQueueWaitingTimes: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) {
			return s.QueueWaitingTimes
		}),
		ReportAvailability: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.Availability }),
		ReportChattingTime: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.ChattingTime }),
		ReportChatFirstResponseTime: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) {
			return s.ChatFirstResponseTime
		}),
		ReportChatResponseTime: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) {
			return s.ChatResponseTime
		}),
		ReportGoals:      wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.Goals }),
		ReportGreetings:  wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.Greetings }),
		ReportNewTickets: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.NewTickets }),
		ReportTicketFirstResponseTime: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) {
			return s.TicketFirstResponseTime
		}),
		ReportSolvedTickets: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.SolvedTickets }),
		ReportTicketResolutionTime: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) {
			return s.TicketResolutionTime
		}),
		ReportTicketSources: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.TicketSources }),
		ReportTicketRatings: wrap(func(s *ReportsService) func(context.Context, ReportOptions) (Report, error) { return s.TicketRatings }),
		ReportChatRanking: func(ctx context.Context, s *ReportsService, o ReportOptions) (any, error) {
			return s.ChatRanking(ctx, o)
		},
		ReportTicketRanking: func(ctx context.Context, s *ReportsService, o ReportOptions) (any, error) {
			return s.TicketRanking(ctx, o)
		},
		ReportAgentsOccupancy: func(ctx context.Context, s *ReportsService, o ReportOptions) (any, error) {
			return s.AgentsOccupancy(ctx, Monday, o)
		},
	}
	var out []wireCase
	for _, p := range ReportPaths() {
		f, ok := methods[p]
		if !ok {
			panic("no method for report " + p)
		}
		q := url.Values{}
		for k, v := range common {
			q[k] = v
		}
		replyBody := `{"2013-01-29":{"chats":18},"2013-01-30":{"chats":2}}`
		switch p {
		case ReportNotRepliedChats:
			delete(q, "group")
			delete(q, "agent")
			q["groups[]"] = []string{"2"}
			q["agents[]"] = []string{"john@example.com"}
		case ReportAgentsOccupancy:
			q["weekday"] = []string{"mon"}
			replyBody = `{"2015-03-16 09:00":13}`
		case ReportChatRanking, ReportTicketRanking:
			replyBody = `{"ranking":[{"good":2502,"bad":426,"total":2928,"score":0.836,"name":"john@example.com"}]}`
		}
		out = append(out, wireCase{
			name:   "Reports." + string(p),
			reply:  replyBody,
			call:   func(ctx context.Context, c *Client) (any, error) { return f(ctx, c.Reports, opts) },
			method: "GET", path: "/reports/" + string(p), query: q,
			check: func(t *testing.T, v any) {
				switch r := v.(type) {
				case *Ranking:
					if len(r.Ranking) != 1 || r.Ranking[0].Good != 2502 || r.Ranking[0].Score != 0.836 {
						t.Errorf("got %+v", r)
					}
				case Report:
					if len(r) == 0 {
						t.Errorf("empty report")
					}
				default:
					t.Errorf("unexpected %T", v)
				}
			},
		})
	}
	return out
}

func fmtAll(v any) string {
	var b strings.Builder
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		b.WriteString(fmt.Sprintf(f, v))
	}
	return b.String()
}

func TestReportsGet(t *testing.T) {
	s := newServer(t, reply{status: 200, body: `{"2014-01-10":{"first_response_time":{"count":5,"seconds":0.83}},"2014-01-20":{"first_response_time":{"count":0,"seconds":null}}}`})
	c := s.client(t)
	r, err := c.Reports.Get(context.Background(), ReportChatFirstResponseTime, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.requests()[0]; got.Path != "/reports/chats/first_response_time" || got.RawQuery != "" {
		t.Errorf("request %+v", got)
	}
	if p := r.Periods(); !reflect.DeepEqual(p, []string{"2014-01-10", "2014-01-20"}) {
		t.Errorf("periods %v", p)
	}
	if v, ok := r.Value("2014-01-10", "first_response_time.seconds"); !ok || v != 0.83 {
		t.Errorf("value %v %v", v, ok)
	}
	if _, ok := r.Value("2014-01-20", "first_response_time.seconds"); ok {
		t.Errorf("null value reported present")
	}
	if s := r.Series("first_response_time.count"); s["2014-01-10"] != 5 || s["2014-01-20"] != 0 || len(s) != 2 {
		t.Errorf("series %v", s)
	}
	type frt struct {
		FirstResponseTime struct {
			Count   int      `json:"count"`
			Seconds *float64 `json:"seconds"`
		} `json:"first_response_time"`
	}
	m, err := DecodeReport[frt](r)
	if err != nil || m["2014-01-10"].FirstResponseTime.Count != 5 || m["2014-01-20"].FirstResponseTime.Seconds != nil {
		t.Errorf("decode %+v %v", m, err)
	}
	var one frt
	if err := r.Decode("2014-01-10", &one); err != nil || one.FirstResponseTime.Count != 5 {
		t.Errorf("Decode %+v %v", one, err)
	}
	if err := r.Decode("1999-01-01", &one); err == nil {
		t.Error("Decode of a missing period succeeded")
	}
	occ := Report{"2015-03-16 09:00": json.RawMessage("13")}
	if v, ok := occ.Value("2015-03-16 09:00", ""); !ok || v != 13 {
		t.Errorf("occupancy %v %v", v, ok)
	}
	if _, err := c.Reports.Get(context.Background(), "chats/nope", ReportOptions{}); !isArg(err, "report") {
		t.Errorf("unknown path: %v", err)
	}
	if _, err := c.Reports.Get(context.Background(), ReportAgentsOccupancy, ReportOptions{}); !isArg(err, "weekday") {
		t.Errorf("occupancy without weekday: %v", err)
	}
}

func isArg(err error, field string) bool {
	var ae *livechat.ArgumentError
	return errors.As(err, &ae) && ae.Field == field
}

func TestNewBaseURL(t *testing.T) {
	creds := livechat.NewAPIKey(testLogin, testKey)
	c, err := New(creds)
	if err != nil || c.BaseURL() != "https://api.livechatinc.com" {
		t.Fatalf("default: %v %v", c, err)
	}
	ok := []string{"http://127.0.0.1:8080", "http://127.5.6.7/", "http://[::1]:9000/api/", "http://localhost:1234",
		"http://LOCALHOST", "https://api.example.com", "https://10.0.0.1/x"}
	for _, u := range ok {
		if _, err := New(creds, livechat.WithBaseURL(u)); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	bad := []string{"http://api.livechatinc.com", "http://10.0.0.1:8080", "http://192.168.1.2", "http://[::2]:80",
		"http://localhost.evil.com", "ftp://127.0.0.1", "127.0.0.1:8080", "https://", "https://u:p@example.com",
		"https://example.com/?q=1"}
	for _, u := range bad {
		_, err := New(creds, livechat.WithBaseURL(u))
		if !isArg(err, "base_url") {
			t.Errorf("%s accepted (err %v)", u, err)
		}
		if !errors.Is(err, livechat.ErrValidation) {
			t.Errorf("%s: error does not match ErrValidation", u)
		}
	}
	if _, err := New(nil); !isArg(err, "credentials") {
		t.Errorf("nil credentials: %v", err)
	}
	if c, err := New(creds, livechat.WithBaseURL("http://127.0.0.1:8080/emu/")); err != nil || c.BaseURL() != "http://127.0.0.1:8080/emu" {
		t.Errorf("path base: %v %v", c.BaseURL(), err)
	}
}

func TestBasePathAndEscaping(t *testing.T) {
	s := newServer(t, reply{status: 200, body: `{"login":"a b@example.com"}`})
	c, err := New(livechat.NewAPIKey(testLogin, testKey), livechat.WithBaseURL(s.URL+"/lc/"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Agents.Get(context.Background(), "a b/c@example.com"); err != nil {
		t.Fatal(err)
	}
	r := s.requests()[0]
	if r.RawPath != "/lc/agents/a%20b%2Fc@example.com" || r.Path != "/lc/agents/a b/c@example.com" {
		t.Errorf("path %q (raw %q)", r.Path, r.RawPath)
	}
}

func TestCredentials(t *testing.T) {
	s := newServer(t, reply{status: 200, body: `[]`})
	for _, tc := range []struct {
		creds livechat.Credentials
		want  string
	}{
		{livechat.NewPAT("jane@example.com", "fra:pat-secret"), "Basic " + base64.StdEncoding.EncodeToString([]byte("jane@example.com:fra:pat-secret"))},
		{livechat.NewBearerToken("dal:tok"), "Bearer dal:tok"},
	} {
		c, err := New(tc.creds, livechat.WithBaseURL(s.URL))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Groups.List(context.Background()); err != nil {
			t.Fatal(err)
		}
		reqs := s.requests()
		if got := reqs[len(reqs)-1].Header.Get("Authorization"); got != tc.want {
			t.Errorf("Authorization %q, want %q", got, tc.want)
		}
	}
	// The empty API key fails before sending.
	c, _ := New(livechat.NewAPIKey(testLogin, ""), livechat.WithBaseURL(s.URL))
	n := len(s.requests())
	if _, err := c.Groups.List(context.Background()); err == nil {
		t.Error("empty key accepted")
	}
	if len(s.requests()) != n {
		t.Error("request sent with empty key")
	}
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name     string
		status   int
		body     string
		header   map[string]string
		typ      livechat.ErrorType
		sentinel error
		msg      string
		data     string
	}{
		{"400 error string", 400, `{"error":"Wrong format of login"}`, nil, livechat.TypeValidation, livechat.ErrValidation, "Wrong format of login", ""},
		{"400 errors list", 400, `{"errors":["name is required","login is invalid"]}`, nil, livechat.TypeValidation, livechat.ErrValidation,
			"name is required; login is invalid", `["name is required","login is invalid"]`},
		{"400 errors object", 400, `{"errors":{"name":"is required","login":["is invalid"]}}`, nil, livechat.TypeValidation, livechat.ErrValidation,
			"login: is invalid; name: is required", `{"name":"is required","login":["is invalid"]}`},
		{"401 envelope", 401, `{"error":{"type":"authentication","message":"Invalid access token"}}`, nil, livechat.TypeAuthentication, livechat.ErrAuthentication, "Invalid access token", ""},
		{"401 plain text", 401, `Unauthorized`, nil, livechat.TypeAuthentication, livechat.ErrAuthentication, "Unauthorized", ""},
		{"404 error string", 404, `{"error":"Agent not found"}`, nil, livechat.TypeNotFound, livechat.ErrNotFound, "Agent not found", ""},
		{"404 empty body", 404, ``, nil, livechat.TypeNotFound, livechat.ErrNotFound, "Not Found", ""},
		{"404 envelope unknown type", 404, `{"error":{"type":"agent_gone","message":"gone"}}`, nil, livechat.TypeNotFound, livechat.ErrNotFound, "gone", ""},
		{"404 envelope specific type", 404, `{"error":{"type":"group_not_found","message":"Group not found"}}`, nil, livechat.TypeGroupNotFound, livechat.ErrGroupNotFound, "Group not found", ""},
		{"404 message", 404, `{"message":"No such chat"}`, nil, livechat.TypeNotFound, livechat.ErrNotFound, "No such chat", ""},
		{"500 html", 500, `<html>oops</html>`, nil, livechat.TypeInternal, livechat.ErrInternal, "<html>oops</html>", ""},
		{"500 error object", 500, `{"error":{"message":"db down","data":{"retry":true}}}`, nil, livechat.TypeInternal, livechat.ErrInternal, "db down", `{"retry":true}`},
		{"429", 429, `{"error":"slow down"}`, map[string]string{"Retry-After": "7"}, livechat.TypeTooManyRequests, livechat.ErrTooManyRequests, "slow down", ""},
		{"403", 403, `[]`, nil, livechat.TypeAuthorization, livechat.ErrAuthorization, "Forbidden", "[]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, reply{status: tc.status, body: tc.body, header: tc.header})
			c := s.client(t, livechat.WithMaxRetries(0))
			_, err := c.Agents.Create(context.Background(), CreateAgentRequest{Login: "a@example.com", Name: "A"})
			var le *livechat.Error
			if !errors.As(err, &le) {
				t.Fatalf("error %T %v is not *livechat.Error", err, err)
			}
			if le.Type != tc.typ || le.Status != tc.status || le.Message != tc.msg {
				t.Errorf("got type %q status %d message %q", le.Type, le.Status, le.Message)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v) false", err, tc.sentinel)
			}
			if string(le.Data) != tc.data {
				t.Errorf("data %s, want %s", le.Data, tc.data)
			}
			if le.Action != "POST /agents" {
				t.Errorf("action %q", le.Action)
			}
			if tc.header["Retry-After"] == "7" && le.RetryAfter != 7 {
				t.Errorf("retry after %d", le.RetryAfter)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error string leaks the key")
			}
		})
	}
}

func TestRetryGET(t *testing.T) {
	s := newServer(t,
		reply{status: 503, body: `{"error":"busy"}`},
		reply{status: 429, body: `{"error":"slow"}`, header: map[string]string{"Retry-After": "0"}},
		reply{status: 200, body: `[{"id":1,"name":"Sales"}]`})
	c := s.client(t)
	groups, err := c.Groups.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].Name != "Sales" {
		t.Errorf("groups %+v", groups)
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestRetryGETGivesUp(t *testing.T) {
	s := newServer(t, reply{status: 503, body: `{"error":"busy"}`})
	c := s.client(t, livechat.WithMaxRetries(2))
	_, err := c.Groups.List(context.Background())
	if !errors.Is(err, livechat.ErrServiceUnavailable) {
		t.Errorf("err %v", err)
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	// 4xx other than 429 is not retried.
	s2 := newServer(t, reply{status: 404, body: `{"error":"no"}`})
	if _, err := s2.client(t).Groups.Get(context.Background(), 9); !errors.Is(err, livechat.ErrNotFound) {
		t.Errorf("err %v", err)
	}
	if n := len(s2.requests()); n != 1 {
		t.Errorf("404 sent %d times", n)
	}
}

func TestNoRetryForWrites(t *testing.T) {
	calls := []func(ctx context.Context, c *Client) error{
		func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupRequest{Name: "x", Agents: []string{"a@example.com"}})
			return err
		},
		func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Update(ctx, 1, GroupRequest{Name: "x"})
			return err
		},
		func(ctx context.Context, c *Client) error { _, err := c.Groups.Delete(ctx, 1); return err },
	}
	for i, call := range calls {
		for _, st := range []int{503, 429, 500} {
			s := newServer(t, reply{status: st, body: `{"error":"busy"}`, header: map[string]string{"Retry-After": "0"}})
			if err := call(context.Background(), s.client(t)); err == nil {
				t.Fatalf("call %d: no error", i)
			}
			if n := len(s.requests()); n != 1 {
				t.Errorf("call %d status %d: sent %d times", i, st, n)
			}
		}
	}
}

func TestRetryNetworkErrorGET(t *testing.T) {
	// A server that drops the first connection, then answers.
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
			return
		}
		io.WriteString(w, `{"status":"offline"}`)
	}))
	defer srv.Close()
	c, _ := New(livechat.NewAPIKey(testLogin, testKey), livechat.WithBaseURL(srv.URL), livechat.WithRetryDelay(time.Millisecond, time.Millisecond))
	st, err := c.Status.Get(context.Background(), 0)
	if err != nil || st != OfflineStatus {
		t.Errorf("status %q err %v", st, err)
	}
	// A POST hitting the same failure is not retried.
	mu.Lock()
	n = 0
	mu.Unlock()
	_, err = c.Tags.Create(context.Background(), CreateTagRequest{Tag: "x", Author: "a@example.com"})
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Temporary() {
		t.Errorf("POST err %T %v", err, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n != 1 {
		t.Errorf("POST sent %d times", n)
	}
}

func TestRetryAfterBeyondMaxDelay(t *testing.T) {
	s := newServer(t, reply{status: 429, body: `{}`, header: map[string]string{"Retry-After": "30"}})
	_, err := s.client(t).Groups.List(context.Background())
	var le *livechat.Error
	if !errors.As(err, &le) || le.Type != livechat.TypeTooManyRequests || le.RetryAfter != 30 {
		t.Errorf("err %v", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1 (no waiting beyond the max delay)", n)
	}
}

func TestContextCancelStopsRetry(t *testing.T) {
	s := newServer(t, reply{status: 503, body: `{}`, header: map[string]string{"Retry-After": "30"}})
	c := s.client(t, livechat.WithRetryDelay(time.Millisecond, time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := c.Groups.List(ctx); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, livechat.ErrServiceUnavailable) {
			t.Errorf("err %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Retry-After wait ignored the context")
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests", n)
	}
}

func TestMorePages(t *testing.T) {
	for _, tc := range []struct {
		page, pages, n int
		want           bool
	}{
		{1, 3, 25, true}, {3, 3, 25, false}, {1, 0, 25, true}, {1, 0, 24, false},
		{2, 5, 0, false}, {maxPages, maxPages + 5, 25, false},
	} {
		if got := morePages(tc.page, tc.pages, tc.n); got != tc.want {
			t.Errorf("morePages(%d,%d,%d) = %v", tc.page, tc.pages, tc.n, got)
		}
	}
}

func TestSecretsDoNotPrint(t *testing.T) {
	r := CreateAgentRequest{Login: "a@example.com", Name: "A", Password: "hunter22"}
	u := UpdateAgentRequest{Password: "hunter22", CurrentPassword: "hunter33"}
	d := VisitorDetailsRequest{Token: "hunter44"}
	for _, v := range []any{r, &r, u, d} {
		if s := fmtAll(v); strings.Contains(s, "hunter") {
			t.Errorf("secret printed: %s", s)
		}
	}
	b, _ := json.Marshal(u)
	jsonEqual(t, b, `{"password":"hunter22","current_password":"hunter33"}`)
}

func TestDecodeErrorReported(t *testing.T) {
	s := newServer(t, reply{status: 200, body: `{"login":`})
	_, err := s.client(t).Agents.Get(context.Background(), "a@example.com")
	if err == nil || !strings.Contains(err.Error(), "decode response") {
		t.Errorf("err %v", err)
	}
}

func TestLogsHaveNoCredentials(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newServer(t, reply{status: 500, body: `{}`}, reply{status: 200, body: `[]`})
	c := s.client(t, livechat.WithLogger(logger))
	if _, err := c.Agents.List(context.Background(), AgentListOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "/agents") || !strings.Contains(out, "status=500") {
		t.Errorf("log lacks the request: %s", out)
	}
	enc := strings.TrimPrefix(wantAuth, "Basic ")
	if strings.Contains(out, testKey) || strings.Contains(out, enc) {
		t.Errorf("log leaks credentials: %s", out)
	}
}

func TestChatsAll(t *testing.T) {
	s := newServer(t,
		reply{status: 200, body: `{"chats":[{"id":"A"},{"id":"B"}],"total":5,"pages":3}`},
		reply{status: 200, body: `{"chats":[{"id":"C"},{"id":"D"}],"total":5,"pages":3}`},
		reply{status: 200, body: `{"chats":[{"id":"E"}],"total":5,"pages":3}`})
	c := s.client(t)
	var ids []string
	for chat, err := range c.Chats.All(context.Background(), ChatListOptions{Query: "x"}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, chat.ID)
	}
	if strings.Join(ids, "") != "ABCDE" {
		t.Errorf("ids %v", ids)
	}
	reqs := s.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i, r := range reqs {
		if r.Query.Get("page") != string(rune('1'+i)) || r.Query.Get("query") != "x" {
			t.Errorf("request %d query %v", i, r.Query)
		}
	}
	// Breaking early stops fetching.
	s2 := newServer(t, reply{status: 200, body: `{"chats":[{"id":"A"},{"id":"B"}],"total":50,"pages":25}`})
	for range s2.client(t).Chats.All(context.Background(), ChatListOptions{}) {
		break
	}
	if n := len(s2.requests()); n != 1 {
		t.Errorf("early break fetched %d pages", n)
	}
	// An error is yielded and ends the iteration.
	s3 := newServer(t, reply{status: 200, body: `{"chats":[{"id":"A"}],"pages":2}`}, reply{status: 401, body: `{"error":"bad"}`})
	var errs, items int
	for _, err := range s3.client(t).Chats.All(context.Background(), ChatListOptions{}) {
		if err != nil {
			errs++
			if !errors.Is(err, livechat.ErrAuthentication) {
				t.Errorf("err %v", err)
			}
			continue
		}
		items++
	}
	if errs != 1 || items != 1 {
		t.Errorf("errs %d items %d", errs, items)
	}
	// Invalid options yield the validation error without a request.
	s4 := newServer(t)
	for _, err := range s4.client(t).Chats.All(context.Background(), ChatListOptions{DateFrom: "yesterday"}) {
		if !isArg(err, "date_from") {
			t.Errorf("err %v", err)
		}
	}
	if len(s4.requests()) != 0 {
		t.Error("request sent")
	}
}

func TestTicketsAll(t *testing.T) {
	s := newServer(t,
		reply{status: 200, body: `{"tickets":[{"id":"T1"}],"total":2,"pages":2}`},
		reply{status: 200, body: `{"tickets":[{"id":"T2"}],"total":2,"pages":2}`})
	var ids []string
	for tk, err := range s.client(t).Tickets.All(context.Background(), TicketListOptions{Page: 1, Status: TicketSolved}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	if strings.Join(ids, ",") != "T1,T2" {
		t.Errorf("ids %v", ids)
	}
	if r := s.requests(); len(r) != 2 || r[1].Query.Get("page") != "2" || r[1].Query.Get("status") != "solved" {
		t.Errorf("requests %+v", r)
	}
}

func TestLossless(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		v    any
	}{
		{"agent", `{"login":"a@example.com","name":"A","daily_summary":0,"last_logout":0,"job_title":"","future":{"x":[1,2]},"groups":[]}`, &Agent{}},
		{"chat", `{"type":"chat","id":"X","pending":false,"visitor":{"id":"S","region":"","new_field":1},"events":[{"type":"event","event_type":"closed","extra":true}],"engagement":"immediate_start"}`, &Chat{}},
		{"greeting", `{"id":1,"active":false,"rules":[{"id":2,"type":"url_current","value":"shoes","condition":"and","weird":null}],"properties":{"active":"0"}}`, &Greeting{}},
		{"ticket", `{"id":"T","firstResponse":{},"events":[{"type":"message","is_private":false,"x":1}],"opened":[{"from":1}]}`, &Ticket{}},
		{"webhook", `{"id":"w","licence":1,"verified":false,"token":"t","new":"y"}`, &Webhook{}},
		{"goal", `{"id":1,"active":0,"type":"api","extra_field":"z"}`, &Goal{}},
		{"tag", `{"name":"n","count":{"inChats":0,"inTickets":0},"group":0}`, &Tag{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tc.in), tc.v); err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			jsonEqual(t, out, tc.in)
		})
	}
}

func TestFlagAndFlexString(t *testing.T) {
	var f struct {
		A, B, C, D Flag
	}
	if err := json.Unmarshal([]byte(`{"A":1,"B":"1","C":true,"D":0}`), &f); err != nil || !f.A || !f.B || !f.C || f.D {
		t.Errorf("flags %+v %v", f, err)
	}
	if err := json.Unmarshal([]byte(`{"A":2}`), &f); err == nil {
		t.Error("flag 2 accepted")
	}
	var s struct{ A, B, C FlexString }
	if err := json.Unmarshal([]byte(`{"A":15,"B":"x","C":true}`), &s); err != nil || s.A != "15" || s.B != "x" || s.C != "true" {
		t.Errorf("flex %+v %v", s, err)
	}
	if err := json.Unmarshal([]byte(`{"A":{}}`), &s); err == nil {
		t.Error("object accepted as FlexString")
	}
	if got := Date(time.Date(2024, 3, 5, 23, 0, 0, 0, time.UTC)); got != "2024-03-05" {
		t.Errorf("Date %s", got)
	}
}
