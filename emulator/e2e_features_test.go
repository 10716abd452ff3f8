package emulator_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/rtm"
)

// collect drains a paging iterator.
func e2eCollect[T any](t *testing.T, what string, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		out = append(out, v)
	}
	return out
}

// The paging iterators of the agent client walk several pages of the
// emulator's keyset pagination, over both transports.
func TestAgentClientPagingE2E(t *testing.T) {
	for _, tr := range []string{"web", "rtm"} {
		t.Run(tr, func(t *testing.T) {
			t.Parallel()
			srv := emulator.NewTest(t)
			cr := srv.Credentials()
			ctx := ctxT(t)
			owner := e2eNewAgentClient(t, srv, tr, cr.Owner.Token, livechat.V3_6)
			var chats []string
			for i := 0; i < 7; i++ {
				st := e2eMust[*agent.StartChatResponse](t, "start_chat")(owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{
					Thread: &agent.InitialThread{Events: livechat.Events{agent.NewMessage(fmt.Sprintf("ticket %d", i))}}}}))
				chats = append(chats, st.ChatID)
			}
			// five threads in the last chat
			last := chats[6]
			threads := []string{}
			for i := 0; i < 4; i++ {
				e2eOk(t, "deactivate_chat", owner.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: last}))
				rs := e2eMust[*agent.ResumeChatResponse](t, "resume_chat")(owner.ResumeChat(ctx, agent.ResumeChatRequest{Chat: agent.InitialChat{ID: last}}))
				threads = append(threads, rs.ThreadID)
			}
			got := e2eCollect(t, "Chats", owner.Chats(ctx, agent.ListChatsRequest{Limit: 3}))
			if len(got) != 7 {
				t.Fatalf("Chats: %d", len(got))
			}
			for i, c := range got { // newest first
				if c.ID != chats[6-i] {
					t.Fatalf("Chats[%d] = %s, want %s", i, c.ID, chats[6-i])
				}
			}
			ths := e2eCollect(t, "Threads", owner.Threads(ctx, agent.ListThreadsRequest{ChatID: last, Limit: 2}))
			if len(ths) != 5 || ths[0].ID != threads[3] || ths[3].ID != threads[0] {
				t.Fatalf("Threads: %d %v", len(ths), ths)
			}
			arch := e2eCollect(t, "Archives", owner.Archives(ctx, agent.ListArchivesRequest{Limit: 2, SortOrder: agent.SortAsc,
				Filters: &agent.ArchivesFilters{ChatIDs: []string{last}}, Highlights: &agent.Highlights{PreTag: "[", PostTag: "]"}}))
			if len(arch) != 5 || arch[4].Thread.ID != threads[3] {
				t.Fatalf("Archives: %d", len(arch))
			}
			// highlights are remembered across pages
			hl := e2eCollect(t, "Archives", owner.Archives(ctx, agent.ListArchivesRequest{Limit: 1,
				Filters: &agent.ArchivesFilters{Query: "TICKET"}, Highlights: &agent.Highlights{PreTag: "[", PostTag: "]"}}))
			if len(hl) != 7 {
				t.Fatalf("Archives with a query: %d", len(hl))
			}
			for _, c := range hl {
				if m, isMsg := c.Thread.Events[0].(*livechat.Message); !isMsg || !strings.HasPrefix(m.Text, "[ticket] ") {
					t.Fatalf("not highlighted: %+v", c.Thread.Events[0])
				}
			}

			// Customers (API 3.5).
			old := e2eNewAgentClient(t, srv, tr, cr.Owner.Token, livechat.V3_5)
			for i := 0; i < 5; i++ {
				e2eMust[*agent.CreateCustomerResponse](t, "create_customer")(old.CreateCustomer(ctx, agent.CreateCustomerRequest{
					Name: fmt.Sprintf("New %d", i), Email: fmt.Sprintf("new%d@example.com", i)}))
			}
			cs := e2eCollect(t, "Customers", old.Customers(ctx, agent.ListCustomersRequest{Limit: 3}))
			seen := map[string]bool{}
			for _, c := range cs {
				seen[c.ID] = true
			}
			if len(cs) != 8 || len(seen) != 8 || cs[0].Name != "New 4" {
				t.Fatalf("Customers: %d %d first %q", len(cs), len(seen), cs[0].Name)
			}
		})
	}
}

// list_customers: sort_by and filters over what the emulator stores.
func TestListCustomersSortAndFilters(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx := ctxT(t)
	owner := e2eNewAgentClient(t, srv, "web", cr.Owner.Token, livechat.V3_5)
	c0, c1, c2 := cr.Customers[0], cr.Customers[1], cr.Customers[2]
	startWith := func(cust emulator.CustomerCredentials, group int, text string) string {
		m := agent.NewMessage(text)
		m.AuthorID = cust.ID
		st := e2eMust[*agent.StartChatResponse](t, "start_chat")(owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{
			Access: &livechat.Access{GroupIDs: []int{group}},
			Users:  []agent.ChatUser{{ID: cust.ID, Type: livechat.UserCustomer}},
			Thread: &agent.InitialThread{Events: livechat.Events{m}}}}))
		return st.ChatID
	}
	ch1 := startWith(c1, 0, "one")
	e2eOk(t, "deactivate_chat", owner.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: ch1}))
	e2eMust[*agent.ResumeChatResponse](t, "resume_chat")(owner.ResumeChat(ctx, agent.ResumeChatRequest{Chat: agent.InitialChat{ID: ch1}}))
	ch0 := startWith(c0, 1, "zero") // c0: 1 thread in group 1, the latest customer event
	e2eMust[string](t, "send_message")(owner.SendMessage(ctx, ch0, "an agent answer"))
	e2eOk(t, "update_customer", owner.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: c2.ID, SessionFields: livechat.SessionFields{{"country_code": "DE"}}}))

	ids := func(r *agent.ListCustomersResponse) string {
		var s []string
		for _, c := range r.Customers {
			s = append(s, c.ID)
		}
		return strings.Join(s, ",")
	}
	list := func(req agent.ListCustomersRequest) *agent.ListCustomersResponse {
		t.Helper()
		return e2eMust[*agent.ListCustomersResponse](t, "list_customers")(owner.ListCustomers(ctx, req))
	}
	for _, tc := range []struct {
		name string
		req  agent.ListCustomersRequest
		want string
	}{
		{"threads_count desc", agent.ListCustomersRequest{SortBy: "threads_count"}, c1.ID + "," + c0.ID + "," + c2.ID},
		{"threads_count asc", agent.ListCustomersRequest{SortBy: "threads_count", SortOrder: agent.SortAsc}, c2.ID + "," + c0.ID + "," + c1.ID},
		{"customer_last_event", agent.ListCustomersRequest{SortBy: "customer_last_event"}, c0.ID + "," + c1.ID + "," + c2.ID},
		{"agent_last_event", agent.ListCustomersRequest{SortBy: "agent_last_event", SortOrder: agent.SortAsc}, c1.ID + "," + c2.ID + "," + c0.ID},
		{"agent_last_event_created_at", agent.ListCustomersRequest{Filters: &agent.CustomersFilters{AgentLastEventCreatedAt: &agent.TimeRangeFilter{GT: "2000-01-01T00:00:00Z"}}}, c0.ID},
		{"visits_count", agent.ListCustomersRequest{SortBy: "visits_count"}, c2.ID + "," + c1.ID + "," + c0.ID},
		{"created_at", agent.ListCustomersRequest{SortBy: "created_at", SortOrder: agent.SortAsc}, c0.ID + "," + c1.ID + "," + c2.ID},
		{"country", agent.ListCustomersRequest{Filters: &agent.CustomersFilters{Country: &agent.ValuesFilter{Values: []string{"de"}}}}, c2.ID},
		{"chat_group_ids", agent.ListCustomersRequest{Filters: &agent.CustomersFilters{ChatGroupIDs: &agent.GroupIDsFilter{Values: []int{1}}}}, c0.ID},
		{"without chats", agent.ListCustomersRequest{SortOrder: agent.SortAsc, Filters: &agent.CustomersFilters{IncludeCustomersWithoutChats: e2ePtr(false)}}, c0.ID + "," + c1.ID},
		{"threads_count gte", agent.ListCustomersRequest{Filters: &agent.CustomersFilters{ThreadsCount: &agent.RangeFilter{GTE: e2ePtr(2)}}}, c1.ID},
		{"visits_count eq", agent.ListCustomersRequest{Filters: &agent.CustomersFilters{VisitsCount: &agent.RangeFilter{EQ: e2ePtr(2)}}}, ""},
	} {
		if got := ids(list(tc.req)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	// sort_by is kept across pages
	r := list(agent.ListCustomersRequest{SortBy: "threads_count", Limit: 1})
	r2 := list(agent.ListCustomersRequest{PageID: r.NextPageID})
	if ids(r) != c1.ID || ids(r2) != c0.ID {
		t.Fatalf("paged threads_count: %s then %s", ids(r), ids(r2))
	}
	_, err := owner.ListCustomers(ctx, agent.ListCustomersRequest{Filters: &agent.CustomersFilters{
		AgentLastEventCreatedAt: &agent.TimeRangeFilter{GT: "not a time"}}})
	if err == nil {
		t.Fatal("bad timestamp accepted")
	}
}

// list_archives: the filters over events, properties and customers, and highlights.
func TestListArchivesFilters(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx := ctxT(t)
	raw := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	owner := agent.New(raw)
	c0, c1 := cr.Customers[0], cr.Customers[1]
	do(t, raw, "update_customer", M{"id": c0.ID, "session_fields": []M{{"country_code": "PL"}}})
	do(t, raw, "update_customer", M{"id": c1.ID, "session_fields": []M{{"country": "de"}}})
	form := func(typ, answer string) M {
		return M{"type": "filled_form", "form_id": "f1", "form_type": typ, "author_id": "", "fields": []M{
			{"type": "radio", "id": "q1", "label": "Q", "answer": M{"id": answer, "label": "A"}},
			{"type": "checkbox", "id": "q2", "label": "C", "answers": []M{{"id": answer + "x", "label": "X"}}}}}
	}
	start := func(cust emulator.CustomerCredentials, events ...M) (string, string) {
		for _, e := range events {
			if e["author_id"] == "" {
				e["author_id"] = cust.ID
			}
		}
		r := do(t, raw, "start_chat", M{"chat": M{"users": []M{{"id": cust.ID, "type": "customer"}},
			"thread": M{"events": events}}})
		return str(r, "chat_id"), str(r, "thread_id")
	}
	// T1: pre-chat form, greeting 5, an agent response, goal 7, customer in PL.
	ch1, t1 := start(c0, form("prechat", "a1"),
		M{"type": "message", "text": "Need a discount on shoes", "author_id": "", "properties": M{"lc2": M{"greeting_id": 5}}},
		M{"type": "message", "text": "Sure, 10% off shoes", "author_id": cr.Owner.ID})
	do(t, raw, "update_thread_properties", M{"chat_id": ch1, "thread_id": t1, "properties": M{"goals": M{"7": true}}})
	// T2: post-chat form, greeting 6, no agent response, sale 3, customer in DE.
	ch2, t2 := start(c1, form("postchat", "b2"),
		M{"type": "message", "text": "Where are my Shoes?", "author_id": "", "properties": M{"lc2": M{"greeting_id": 6}}})
	do(t, raw, "update_thread_properties", M{"chat_id": ch2, "thread_id": t2, "properties": M{"sales": M{"3": true}}})

	threads := func(f *agent.ArchivesFilters) string {
		t.Helper()
		r := e2eMust[*agent.ListArchivesResponse](t, "list_archives")(owner.ListArchives(ctx, agent.ListArchivesRequest{Filters: f, SortOrder: agent.SortAsc}))
		var s []string
		for _, c := range r.Chats {
			switch c.Thread.ID {
			case t1:
				s = append(s, "T1")
			case t2:
				s = append(s, "T2")
			default:
				s = append(s, c.Thread.ID)
			}
		}
		if r.FoundChats != len(s) {
			t.Errorf("found_chats %d for %d chats", r.FoundChats, len(s))
		}
		return strings.Join(s, ",")
	}
	yes, no := e2ePtr(true), e2ePtr(false)
	for _, tc := range []struct {
		name string
		f    *agent.ArchivesFilters
		want string
	}{
		{"goals", &agent.ArchivesFilters{Goals: &agent.IntFilter{Values: []int{7}}}, "T1"},
		{"goals exists false", &agent.ArchivesFilters{Goals: &agent.IntFilter{Exists: no}}, "T2"},
		{"sales", &agent.ArchivesFilters{Sales: &agent.IntFilter{Values: []int{3, 4}}}, "T2"},
		{"sales exclude", &agent.ArchivesFilters{Sales: &agent.IntFilter{ExcludeValues: []int{3}}}, "T1"},
		{"surveys pre_chat answer", &agent.ArchivesFilters{Surveys: []agent.SurveyFilter{{Type: "pre_chat", Values: []string{"a1"}}}}, "T1"},
		{"surveys checkbox answer", &agent.ArchivesFilters{Surveys: []agent.SurveyFilter{{Values: []string{"b2x"}}}}, "T2"},
		{"surveys post_chat exists", &agent.ArchivesFilters{Surveys: []agent.SurveyFilter{{Type: "post_chat", Exists: yes}}}, "T2"},
		{"surveys groups", &agent.ArchivesFilters{Surveys: []agent.SurveyFilter{{Type: "pre_chat", Groups: &agent.GroupsFilter{ExcludeValues: []int{0}}}}}, ""},
		{"forms", &agent.ArchivesFilters{Extra: livechat.Extra{"forms": []byte(`{"postchat":{"values":["b2"]}}`)}}, "T2"},
		{"greetings", &agent.ArchivesFilters{Greetings: &agent.GreetingsFilter{Values: []int{6}}}, "T2"},
		{"greetings exists", &agent.ArchivesFilters{Greetings: &agent.GreetingsFilter{Exists: yes}}, "T1,T2"},
		{"greetings from future", &agent.ArchivesFilters{Greetings: &agent.GreetingsFilter{From: "2999-01-01T00:00:00Z"}}, ""},
		{"agent_response exists", &agent.ArchivesFilters{AgentResponse: &agent.AgentResponseFilter{Exists: yes}}, "T1"},
		{"agent_response none", &agent.ArchivesFilters{AgentResponse: &agent.AgentResponseFilter{Exists: no}}, "T2"},
		{"agent_response first by owner", &agent.ArchivesFilters{AgentResponse: &agent.AgentResponseFilter{First: yes,
			Agents: &agent.AgentsIDsFilter{Values: []string{cr.Owner.ID}}}}, "T1"},
		{"agent_response by someone else", &agent.ArchivesFilters{AgentResponse: &agent.AgentResponseFilter{
			Agents: &agent.AgentsIDsFilter{Values: []string{cr.Agent.ID}}}}, ""},
		{"customer_countries", &agent.ArchivesFilters{CustomerCountries: &agent.StringFilter{Values: []string{"de"}}}, "T2"},
		{"customer_countries exclude", &agent.ArchivesFilters{CustomerCountries: &agent.StringFilter{ExcludeValues: []string{"DE"}}}, "T1"},
		{"event_types every", &agent.ArchivesFilters{EventTypes: &agent.StringFilter{Values: []string{"filled_form", "message"}, RequireEveryValue: yes}}, "T1,T2"},
		{"agent_types bot", &agent.ArchivesFilters{AgentTypes: []string{"bot"}}, ""},
		{"agent_types agent", &agent.ArchivesFilters{AgentTypes: []string{"agent"}}, "T1,T2"},
		{"query and country", &agent.ArchivesFilters{Query: "shoes", CustomerCountries: &agent.StringFilter{Values: []string{"PL"}}}, "T1"},
	} {
		if got := threads(tc.f); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// highlights: every match of every word, case-insensitive, custom tags.
	r := e2eMust[*agent.ListArchivesResponse](t, "list_archives")(owner.ListArchives(ctx, agent.ListArchivesRequest{
		Filters: &agent.ArchivesFilters{Query: "shoes off"}, Highlights: &agent.Highlights{PreTag: "<b>", PostTag: "</b>"}}))
	if len(r.Chats) != 1 || r.Chats[0].Thread.ID != t1 {
		t.Fatalf("query: %+v", r)
	}
	var texts []string
	for _, ev := range r.Chats[0].Thread.Events {
		if m, isMsg := ev.(*livechat.Message); isMsg {
			texts = append(texts, m.Text)
		}
	}
	if want := "Need a discount on <b>shoes</b>|Sure, 10% <b>off</b> <b>shoes</b>"; strings.Join(texts, "|") != want {
		t.Fatalf("highlights %q", texts)
	}
	wantErr(t, raw, "list_archives", M{"highlights": M{"pre_tag": "<i>"}}, livechat.TypeValidation, 400)
	wantErr(t, raw, "list_archives", M{"filters": M{"surveys": []M{{"type": "mid_chat"}}}}, livechat.TypeValidation, 400)
}

// customer_monitoring_level, subscribe_customers and the customer pushes.
func TestCustomerMonitoring(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx := ctxT(t)
	owner := e2eNewAgentClient(t, srv, "web", cr.Owner.Token, livechat.V3_6)
	// a chat of customer 0 with the agent in it
	st := e2eMust[*agent.StartChatResponse](t, "start_chat")(owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{
		Users: []agent.ChatUser{{ID: cr.Customers[0].ID, Type: livechat.UserCustomer}, {ID: cr.Agent.ID, Type: livechat.UserAgent}}}}))

	myConn, my := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{}) // level my (default)
	_, online := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{CustomerMonitoringLevel: "online"})
	count := func(m M) int {
		cs, _ := m["customers"].([]any)
		return len(cs)
	}
	if ic := my.wait(ctx, t, "incoming_customers", nil); count(ic) != 1 || ic["customer_monitoring_level"] != "my" {
		t.Fatalf("incoming_customers (my): %v", ic)
	}
	if ic := online.wait(ctx, t, "incoming_customers", nil); count(ic) != 3 || ic["customer_monitoring_level"] != "online" {
		t.Fatalf("incoming_customers (online): %v", ic)
	}
	_ = st
	// customer 2 has no chat: only "online" hears about it.
	e2eOk(t, "update_customer", owner.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: cr.Customers[2].ID, Name: "Cleo 2"}))
	online.wait(ctx, t, "customer_updated", func(m M) bool { return m["id"] == cr.Customers[2].ID })
	// customer 0 is in the agent's chat: both hear.
	e2eOk(t, "update_customer", owner.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: cr.Customers[0].ID, Name: "Carla 2"}))
	my.wait(ctx, t, "customer_updated", func(m M) bool { return m["id"] == cr.Customers[0].ID })
	if my.has("customer_updated", func(m M) bool { return m["id"] == cr.Customers[2].ID }) {
		t.Fatal("level my got a push about a customer outside its chats")
	}
	// a subscription of all customers widens the "my" connection.
	myAgent := agent.New(myConn)
	sub := e2eMust[*agent.SubscribeCustomersResponse](t, "subscribe_customers")(myAgent.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{}))
	if len(sub.Customers) != 3 {
		t.Fatalf("subscribe_customers: %+v", sub)
	}
	tot := my.wait(ctx, t, "subscribed_customers_totals_updated", nil)
	if fmt.Sprint(tot[sub.SubscriptionID]) != "3" {
		t.Fatalf("totals %v", tot)
	}
	e2eOk(t, "update_customer", owner.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: cr.Customers[2].ID, Name: "Cleo 3"}))
	my.wait(ctx, t, "customer_updated", func(m M) bool { return m["name"] == "Cleo 3" })
	// group 1 has no customer chats
	sub1 := e2eMust[*agent.SubscribeCustomersResponse](t, "subscribe_customers")(myAgent.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{1}, Limit: 5}))
	if len(sub1.Customers) != 0 {
		t.Fatalf("group 1 subscription %+v", sub1)
	}
	_, err := myAgent.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{42}})
	e2eWantIs(t, "subscribe_customers unknown group", err, livechat.ErrGroupNotFound)
	e2eOk(t, "unsubscribe_customers", myAgent.UnsubscribeCustomers(ctx, sub.SubscriptionID))
	e2eOk(t, "update_customer", owner.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: cr.Customers[2].ID, Name: "Cleo 4"}))
	online.wait(ctx, t, "customer_updated", func(m M) bool { return m["name"] == "Cleo 4" })
	// a later push to both proves the "my" connection skipped Cleo 4.
	e2eOk(t, "multicast", owner.Multicast(ctx, agent.MulticastRequest{Recipients: agent.MulticastRecipients{
		Agents: &agent.MulticastAgents{IDs: []string{cr.Agent.ID}}}, Content: M{"n": 1}, Type: "marker"}))
	my.wait(ctx, t, "incoming_multicast", func(m M) bool { return m["type"] == "marker" })
	if my.has("customer_updated", func(m M) bool { return m["name"] == "Cleo 4" }) {
		t.Fatal("push after unsubscribe_customers")
	}
}

// connection_evicted beyond MaxAgentConnections, too_many_connections
// beyond MaxConnections.
func TestConnectionLimits(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{MaxAgentConnections: 2, MaxConnections: 3})
	cr := srv.Credentials()
	ctx := ctxT(t)
	first, _ := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{})
	second, _ := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{})
	third, _ := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{})
	select {
	case <-first.Done():
	case <-ctx.Done():
		t.Fatal("the oldest connection was not evicted")
	}
	if err := first.Err(); err == nil || !strings.Contains(err.Error(), "connection_evicted") {
		t.Fatalf("evicted with %v", err)
	}
	for _, c := range []*rtm.Conn{second, third} {
		if _, err := agent.New(c).ListChats(ctx, agent.ListChatsRequest{}); err != nil {
			t.Fatalf("surviving connection: %v", err)
		}
	}
	e2eDialWatch(t, srv, cr.Owner.Token, livechat.V3_6, rtm.AgentLogin{}) // 3 logged in
	_, err := rtm.Dial(ctx, livechat.NewBearerToken(cr.Owner.Token), rtm.WithConfig(livechat.WithBaseURL(srv.URL())), rtm.WithMaxReconnects(0))
	if err == nil || !strings.Contains(err.Error(), "too_many_connections") {
		t.Fatalf("fourth connection: %v", err)
	}
}

// present reflects whether an agent is connected (RTM or recent Web calls).
func TestAgentPresence(t *testing.T) {
	srv := emulator.NewTest(t)
	cr := srv.Credentials()
	ctx := ctxT(t)
	owner := e2eNewAgentClient(t, srv, "web", cr.Owner.Token, livechat.V3_6)
	st := e2eMust[*agent.StartChatResponse](t, "start_chat")(owner.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{
		Users: []agent.ChatUser{{ID: cr.Agent.ID, Type: livechat.UserAgent}, {ID: cr.Bot.ID, Type: livechat.UserAgent}}}}))
	present := func(id string) bool {
		t.Helper()
		c := e2eMust[*livechat.Chat](t, "get_chat")(owner.GetChat(ctx, st.ChatID, ""))
		p, found := e2eUserPresent(c, id)
		if !found {
			t.Fatalf("%s not in the chat", id)
		}
		return p
	}
	if !present(cr.Owner.ID) || present(cr.Agent.ID) || !present(cr.Bot.ID) {
		t.Fatal("before: owner (Web caller) and bot present, agent (never connected) not")
	}
	conn, _ := e2eDialWatch(t, srv, cr.Agent.Token, livechat.V3_6, rtm.AgentLogin{})
	if !present(cr.Agent.ID) {
		t.Fatal("agent with an RTM connection is not present")
	}
	conn.Close()
	e2eWaitFor(ctx, t, "the server to drop the connection", func() bool { return srv.Connections() == 0 })
	if present(cr.Agent.ID) {
		t.Fatal("agent is present after its connection closed")
	}
}

// waitFor polls cond until it holds or ctx ends.
func e2eWaitFor(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		default:
			e2eYieldBriefly()
		}
	}
}

func e2eYieldBriefly() { time.Sleep(time.Millisecond) }
