package customer_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/wiretest"
)

const (
	testOrg   = "142cf3ad-5d54-4cf6-8ce1-3773d14d7f3f"
	testToken = "dal:customer-token"
)

type request = wiretest.Request

// server is the shared recording test server with a client for it.
type server struct{ *wiretest.Server }

func newServer(t *testing.T) *server { return &server{wiretest.NewServer(t)} }

func (s *server) client(t *testing.T, opts ...livechat.Option) *customer.Client {
	t.Helper()
	opts = append([]livechat.Option{livechat.WithBaseURL(s.URL), livechat.WithOrganizationID(testOrg),
		livechat.WithMaxRetries(0)}, opts...)
	c, err := customer.NewWeb(livechat.NewBearerToken(testToken), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (s *server) requests() []request { return s.Requests() }

var jsonEqual = wiretest.JSONEqual

type methodCase struct {
	name   string // Client method, optionally "/variant"
	action string
	get    bool              // sent as GET with query parameters
	body   string            // exact JSON body (POST)
	query  map[string]string // exact query (GET), besides organization_id
	reply  string
	call   func(ctx context.Context, c *customer.Client) (any, error)
	check  func(t *testing.T, res any)
}

var seen = time.Date(2017, 10, 12, 15, 19, 21, 10200000, time.UTC)

func methodCases() []methodCase {
	return []methodCase{
		{name: "ListChats", action: "list_chats", body: `{"limit":5,"sort_order":"asc"}`,
			reply: `{"chats_summary":[{"id":"PJ0MRSHTDG","last_thread_id":"K600PKZON8","users":[{"id":"b7","type":"customer","present":true}]}],"total_chats":1,"next_page_id":"MTU="}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListChats(ctx, customer.ListChatsRequest{Limit: 5, SortOrder: customer.SortAsc})
			},
			check: func(t *testing.T, res any) {
				r := res.(*customer.ListChatsResponse)
				if len(r.ChatsSummary) != 1 || r.ChatsSummary[0].LastThreadID != "K600PKZON8" || r.TotalChats != 1 || r.NextPageID != "MTU=" {
					t.Errorf("got %+v", r)
				}
				if r.ChatsSummary[0].Users.Customer() == nil {
					t.Errorf("customer user not decoded")
				}
			}},
		{name: "ListChats/page", action: "list_chats", body: `{"page_id":"MTU="}`, reply: `{"chats_summary":[]}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListChats(ctx, customer.ListChatsRequest{PageID: "MTU="})
			}},
		{name: "ListThreads", action: "list_threads", body: `{"chat_id":"PWJ8Y4THAV","sort_order":"desc","min_events_count":10}`,
			reply: `{"threads":[{"id":"K600PKZON8","active":true,"events":[{"id":"Q_1","type":"message","text":"Hello","author_id":"a"}]}],"found_threads":42}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListThreads(ctx, customer.ListThreadsRequest{ChatID: "PWJ8Y4THAV", SortOrder: customer.SortDesc, MinEventsCount: 10})
			},
			check: func(t *testing.T, res any) {
				r := res.(*customer.ListThreadsResponse)
				if r.FoundThreads != 42 || len(r.Threads) != 1 || len(r.Threads[0].Events) != 1 {
					t.Fatalf("got %+v", r)
				}
				if m, ok := r.Threads[0].Events[0].(*livechat.Message); !ok || m.Text != "Hello" {
					t.Errorf("event = %#v", r.Threads[0].Events[0])
				}
			}},
		{name: "GetChat", action: "get_chat", body: `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}`,
			reply: `{"id":"PJ0MRSHTDG","thread":{"id":"K600PKZON8","active":true},"access":{"group_ids":[0]}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetChat(ctx, "PJ0MRSHTDG", "K600PKZON8")
			},
			check: func(t *testing.T, res any) {
				if ch := res.(*livechat.Chat); ch.ID != "PJ0MRSHTDG" || ch.Thread == nil || ch.Thread.ID != "K600PKZON8" {
					t.Errorf("got %+v", ch)
				}
			}},
		{name: "GetChat/latest", action: "get_chat", body: `{"chat_id":"PJ0MRSHTDG"}`, reply: `{"id":"PJ0MRSHTDG"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) { return c.GetChat(ctx, "PJ0MRSHTDG", "") }},
		{name: "StartChat", action: "start_chat", body: `{}`, reply: `{"chat_id":"PJ0MRSHTDG","thread_id":"PGDGHT5G"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.StartChat(ctx, customer.StartChatRequest{})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.StartChatResponse); r.ChatID != "PJ0MRSHTDG" || r.ThreadID != "PGDGHT5G" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "StartChat/full", action: "start_chat",
			body:  `{"chat":{"properties":{"ns":{"p":"v"}},"access":{"group_ids":[1]},"thread":{"events":[{"type":"message","text":"hi","custom_id":"c1"}],"properties":{"ns":{"t":1}}}},"active":false,"continuous":true}`,
			reply: `{"chat_id":"A","thread_id":"B","event_ids":["B_1"]}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.StartChat(ctx, customer.StartChatRequest{
					Chat: &customer.ChatInit{
						Properties: livechat.Properties{"ns": {"p": "v"}},
						Access:     &livechat.Access{GroupIDs: []int{1}},
						Thread: &customer.ThreadInit{
							Events:     livechat.Events{&livechat.Message{EventBase: livechat.EventBase{CustomID: "c1"}, Text: "hi"}},
							Properties: livechat.Properties{"ns": {"t": 1}},
						},
					},
					Active: customer.Bool(false), Continuous: customer.Bool(true),
				})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.StartChatResponse); len(r.EventIDs) != 1 || r.EventIDs[0] != "B_1" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "ResumeChat", action: "resume_chat", body: `{"chat":{"id":"PWLW03ICW7"},"continuous":false}`, reply: `{"thread_id":"Z8AGR5OUW"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ResumeChat(ctx, customer.ResumeChatRequest{Chat: customer.ChatInit{ID: "PWLW03ICW7"}, Continuous: customer.Bool(false)})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.ResumeChatResponse); r.ThreadID != "Z8AGR5OUW" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "DeactivateChat", action: "deactivate_chat", body: `{"id":"PWLW03ICW7"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.DeactivateChat(ctx, "PWLW03ICW7")
			}},
		{name: "SendEvent", action: "send_event",
			body:  `{"chat_id":"PWLW03ICW7","event":{"type":"file","url":"https://cdn.livechat-files.com/api/file/x.png"},"attach_to_last_thread":true}`,
			reply: `{"event_id":"K600PKZON8_2"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.SendEvent(ctx, customer.SendEventRequest{ChatID: "PWLW03ICW7",
					Event: &livechat.File{URL: "https://cdn.livechat-files.com/api/file/x.png"}, AttachToLastThread: true})
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.SendEventResponse); r.EventID != "K600PKZON8_2" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "SendMessage", action: "send_event",
			body:  `{"chat_id":"PWLW03ICW7","event":{"type":"message","text":"hello world","custom_id":"x1","properties":{"ns":{"k":"v"}}},"attach_to_last_thread":true}`,
			reply: `{"event_id":"E_1"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.SendMessage(ctx, "PWLW03ICW7", "hello world", customer.WithCustomID("x1"),
					customer.WithMessageProperties(livechat.Properties{"ns": {"k": "v"}}), customer.WithAttachToLastThread())
			},
			check: func(t *testing.T, res any) {
				if res.(string) != "E_1" {
					t.Errorf("event id = %v", res)
				}
			}},
		{name: "DeleteEvent", action: "delete_event", body: `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"K600PKZON8_4"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.DeleteEvent(ctx, "PJ0MRSHTDG", "K600PKZON8", "K600PKZON8_4")
			}},
		{name: "UploadFile", action: "upload_file", reply: `{"url":"https://cdn.livechat-files.com/api/file/lc/att/1/h/image.png"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.UploadFile(ctx, "image.png", strings.NewReader("PNGDATA"))
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.UploadFileResponse); !strings.HasSuffix(r.URL, "/image.png") {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "SendRichMessagePostback", action: "send_rich_message_postback",
			body: `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"a0c2","postback":{"id":"yes","toggled":true}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.SendRichMessagePostback(ctx, customer.SendRichMessagePostbackRequest{ChatID: "PJ0MRSHTDG",
					ThreadID: "K600PKZON8", EventID: "a0c2", Postback: customer.RichMessagePostback{ID: "yes", Toggled: true}})
			}},
		{name: "SendSneakPeek", action: "send_sneak_peek", body: `{"chat_id":"PJ0MRSHTDG","sneak_peek_text":"hello wor"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.SendSneakPeek(ctx, "PJ0MRSHTDG", "hello wor")
			}},
		{name: "UpdateChatProperties", action: "update_chat_properties", body: `{"id":"Q1","properties":{"ns":{"string_property":"v"}}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.UpdateChatProperties(ctx, "Q1", livechat.Properties{"ns": {"string_property": "v"}})
			}},
		{name: "DeleteChatProperties", action: "delete_chat_properties", body: `{"id":"Q1","properties":{"ns":["string_property"]}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.DeleteChatProperties(ctx, "Q1", livechat.PropertyNames{"ns": {"string_property"}})
			}},
		{name: "UpdateThreadProperties", action: "update_thread_properties",
			body: `{"chat_id":"Q1","thread_id":"T1","properties":{"ns":{"b":true}}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.UpdateThreadProperties(ctx, "Q1", "T1", livechat.Properties{"ns": {"b": true}})
			}},
		{name: "DeleteThreadProperties", action: "delete_thread_properties",
			body: `{"chat_id":"Q1","thread_id":"T1","properties":{"ns":["b"]}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.DeleteThreadProperties(ctx, "Q1", "T1", livechat.PropertyNames{"ns": {"b"}})
			}},
		{name: "UpdateEventProperties", action: "update_event_properties",
			body: `{"chat_id":"Q1","thread_id":"T1","event_id":"T1_1","properties":{"ns":{"i":3}}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.UpdateEventProperties(ctx, "Q1", "T1", "T1_1", livechat.Properties{"ns": {"i": 3}})
			}},
		{name: "DeleteEventProperties", action: "delete_event_properties",
			body: `{"chat_id":"Q1","thread_id":"T1","event_id":"T1_1","properties":{"ns":["i"]}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.DeleteEventProperties(ctx, "Q1", "T1", "T1_1", livechat.PropertyNames{"ns": {"i"}})
			}},
		{name: "ListLicenseProperties", action: "list_license_properties", get: true,
			query: map[string]string{"namespace": "0805", "name": "string_property"},
			reply: `{"0805":{"string_property":"string value"}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListLicenseProperties(ctx, "0805", "string_property")
			},
			check: func(t *testing.T, res any) {
				if p := res.(livechat.Properties); p["0805"]["string_property"] != "string value" {
					t.Errorf("got %v", p)
				}
			}},
		{name: "ListLicenseProperties/all", action: "list_license_properties", get: true, query: map[string]string{}, reply: `{}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListLicenseProperties(ctx, "", "")
			}},
		{name: "ListGroupProperties", action: "list_group_properties", get: true,
			query: map[string]string{"id": "1", "namespace": "0805", "name": "p"}, reply: `{"0805":{"p":"v"}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListGroupProperties(ctx, 1, "0805", "p")
			}},
		{name: "UpdateCustomer", action: "update_customer",
			body: `{"name":"Thomas Anderson","email":"t.anderson@example.com","avatar":"https://example.com/avatars/1.png","session_fields":[{"custom_key":"custom_value"},{"another_custom_key":"another_custom_value"}],"omnichannel":{"twilio":{"phone_number":"+48123"}}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.UpdateCustomer(ctx, customer.UpdateCustomerRequest{Name: "Thomas Anderson",
					Email: "t.anderson@example.com", Avatar: "https://example.com/avatars/1.png",
					SessionFields: livechat.SessionFields{{"custom_key": "custom_value"}, {"another_custom_key": "another_custom_value"}},
					Omnichannel:   &customer.Omnichannel{Twilio: &customer.Twilio{PhoneNumber: "+48123"}}})
			}},
		{name: "SetCustomerSessionFields", action: "set_customer_session_fields", body: `{"session_fields":[{"a":"1"},{"b":"2"}]}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.SetCustomerSessionFields(ctx, livechat.SessionFields{{"a": "1"}, {"b": "2"}})
			}},
		{name: "GetCustomer", action: "get_customer", body: `{}`,
			reply: `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas Anderson","session_fields":[{"custom_key":"custom_value"}]}`,
			call:  func(ctx context.Context, c *customer.Client) (any, error) { return c.GetCustomer(ctx) },
			check: func(t *testing.T, res any) {
				if cu := res.(*livechat.Customer); cu.Name != "Thomas Anderson" || len(cu.SessionFields) != 1 {
					t.Errorf("got %+v", cu)
				}
			}},
		{name: "ListGroupStatuses", action: "list_group_statuses", body: `{"all":true}`,
			reply: `{"groups_status":{"1":"online","2":"offline","3":"online_for_queue"}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{All: true})
			},
			check: func(t *testing.T, res any) {
				r := res.(*customer.ListGroupStatusesResponse)
				if r.GroupsStatus[3] != customer.GroupOnlineForQueue || r.GroupsStatus[1] != customer.GroupOnline {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "ListGroupStatuses/ids", action: "list_group_statuses", body: `{"group_ids":[0,19]}`, reply: `{"groups_status":{}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{GroupIDs: []int{0, 19}})
			}},
		{name: "CheckGoals", action: "check_goals",
			body: `{"page_url":"https://mypage.com","session_fields":[{"custom_key":"custom_value"}],"group_id":0}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.CheckGoals(ctx, customer.CheckGoalsRequest{PageURL: "https://mypage.com",
					SessionFields: livechat.SessionFields{{"custom_key": "custom_value"}}})
			}},
		{name: "CheckGoals/nofields", action: "check_goals", body: `{"page_url":"https://mypage.com","session_fields":[],"group_id":2}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.CheckGoals(ctx, customer.CheckGoalsRequest{PageURL: "https://mypage.com", GroupID: 2})
			}},
		{name: "GetForm", action: "get_form", body: `{"group_id":0,"type":"prechat"}`,
			reply: `{"form":{"id":"156630109416307809","fields":[{"type":"header","id":"1","label":"Welcome"}]},"enabled":true}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetForm(ctx, 0, customer.FormPrechat)
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.GetFormResponse); !r.Enabled || r.Form == nil || len(r.Form.Fields) != 1 {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "GetPredictedAgent", action: "get_predicted_agent", body: `{}`,
			reply: `{"agent":{"id":"b5657aff34dd32e198160d54666df9d8","name":"Agent Smith","is_bot":false,"type":"agent"},"queue":false}`,
			call:  func(ctx context.Context, c *customer.Client) (any, error) { return c.GetPredictedAgent(ctx) },
			check: func(t *testing.T, res any) {
				if r := res.(*customer.PredictedAgent); r.Agent == nil || r.Agent.Name != "Agent Smith" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "GetURLInfo", action: "get_url_info", body: `{"url":"https://livechatinc.com"}`,
			reply: `{"title":"LiveChat","image_url":"https://example.com/image.png","image_width":200,"url":"https://livechatinc.com"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetURLInfo(ctx, "https://livechatinc.com")
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.URLInfo); r.Title != "LiveChat" || r.ImageWidth != 200 {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "MarkEventsAsSeen", action: "mark_events_as_seen", body: `{"chat_id":"PJ0MRSHTDG","seen_up_to":"2017-10-12T15:19:21.010200Z"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.MarkEventsAsSeen(ctx, "PJ0MRSHTDG", seen)
			}},
		{name: "AcceptGreeting", action: "accept_greeting", body: `{"greeting_id":7,"unique_id":"Q10X0W041P"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.AcceptGreeting(ctx, 7, "Q10X0W041P")
			}},
		{name: "CancelGreeting", action: "cancel_greeting", body: `{"unique_id":"Q10X0W041P"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.CancelGreeting(ctx, "Q10X0W041P")
			}},
		{name: "SendGreetingButtonClicked", action: "send_greeting_button_clicked",
			body: `{"greeting_unique_id":"Q10X0W041P","button_id":"20ff"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.SendGreetingButtonClicked(ctx, "Q10X0W041P", "20ff")
			}},
		{name: "RequestEmailVerification", action: "request_email_verification", body: `{"callback_uri":"https://example.com/verified"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return nil, c.RequestEmailVerification(ctx, "https://example.com/verified")
			}},
		{name: "GetDynamicConfiguration", action: "get_dynamic_configuration", get: true,
			query: map[string]string{"group_id": "0", "url": "https://example.com/shop", "channel_type": "code", "test": "true"},
			reply: `{"organization_id":"` + testOrg + `","default_widget":"livechat","livechat_active":true,"livechat":{"group_id":0,"client_limit_exceeded":false,"domain_allowed":true,"online_group_ids":[0],"config_version":"84cc","localization_version":"79cc","language":"en"}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{GroupID: customer.Int(0),
					URL: "https://example.com/shop", ChannelType: "code", Test: true})
			},
			check: func(t *testing.T, res any) {
				r := res.(*customer.DynamicConfiguration)
				if e := r.Effective(); e.ConfigVersion != "84cc" || e.LocalizationVersion != "79cc" || !e.DomainAllowed {
					t.Errorf("got %+v", e)
				}
			}},
		{name: "GetDynamicConfiguration/3.5", action: "get_dynamic_configuration", get: true, query: map[string]string{},
			reply: `{"group_id":2,"organization_id":"o","client_limit_exceeded":false,"domain_allowed":true,"config_version":"c35","localization_version":"l35","language":"pl"}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{})
			},
			check: func(t *testing.T, res any) {
				if e := res.(*customer.DynamicConfiguration).Effective(); e.GroupID != 2 || e.ConfigVersion != "c35" || e.Language != "pl" {
					t.Errorf("got %+v", e)
				}
			}},
		{name: "GetConfiguration", action: "get_configuration", get: true, query: map[string]string{"group_id": "0", "version": "84cc"},
			reply: `{"buttons":[{"id":"3344e63cad","type":"text","online_value":"Live chat now","offline_value":"Leave us a message"}],"integrations":{},"properties":{"group":{},"license":{}}}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetConfiguration(ctx, 0, "84cc")
			},
			check: func(t *testing.T, res any) {
				if r := res.(*customer.Configuration); len(r.Buttons) != 1 || r.Buttons[0].OnlineValue != "Live chat now" {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "GetLocalization", action: "get_localization", get: true,
			query: map[string]string{"group_id": "0", "language": "en", "version": "79cc"},
			reply: `{"Agents_not_available":"Our agents are not available at the moment."}`,
			call: func(ctx context.Context, c *customer.Client) (any, error) {
				return c.GetLocalization(ctx, 0, "en", "79cc")
			},
			check: func(t *testing.T, res any) {
				if r := res.(customer.Localization); r["Agents_not_available"] == "" {
					t.Errorf("got %+v", r)
				}
			}},
	}
}

// TestMethods checks method, path, query, Authorization and exact body of
// every Customer Chat API method over the Web transport.
func TestMethods(t *testing.T) {
	for _, tc := range methodCases() {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			if tc.reply != "" {
				s.SetReply(tc.reply)
			}
			res, err := tc.call(context.Background(), s.client(t))
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			want := wiretest.Want{Method: http.MethodPost, Path: "/v3.6/customer/action/" + tc.action, Auth: "Bearer " + testToken,
				Query: url.Values{"organization_id": {testOrg}}, Body: tc.body}
			if tc.get {
				want.Method, want.Body = http.MethodGet, ""
			}
			for k, v := range tc.query {
				want.Query.Set(k, v)
			}
			if tc.action == "upload_file" {
				want.Raw = func(t testing.TB, contentType string, body []byte) {
					if !strings.HasPrefix(contentType, "multipart/form-data") || !strings.Contains(string(body), "PNGDATA") ||
						!strings.Contains(string(body), `name="file"; filename="image.png"`) {
						t.Errorf("upload: content type %q body %q", contentType, body)
					}
				}
			}
			wiretest.CheckOne(t, s.Server, want)
			if tc.check != nil {
				tc.check(t, res)
			}
		})
	}
}

// TestEveryMethodCovered fails when a Client method has no case in
// methodCases.
func TestEveryMethodCovered(t *testing.T) {
	var names []string
	for _, tc := range methodCases() {
		names = append(names, tc.name)
	}
	wiretest.AssertMethodsCovered(t, reflect.TypeFor[*customer.Client](), names, "Transport")
}

func TestErrorsMapToLivechatError(t *testing.T) {
	s := newServer(t)
	s.SetStatus(http.StatusBadRequest)
	s.SetReply(`{"error":{"type":"chat_inactive","message":"Chat is inactive"}}`)
	_, err := s.client(t).SendMessage(context.Background(), "PJ0MRSHTDG", "hi")
	if !errors.Is(err, livechat.ErrChatInactive) {
		t.Fatalf("err = %v, want chat_inactive", err)
	}
	var le *livechat.Error
	if !errors.As(err, &le) || le.Status != http.StatusBadRequest || le.Action != "send_event" {
		t.Fatalf("err = %#v", err)
	}

	s.SetStatus(http.StatusForbidden)
	s.SetReply(`{"error":{"type":"customer_banned","message":"Customer is banned"}}`)
	_, err = s.client(t).GetConfiguration(context.Background(), 0, "v")
	if !errors.Is(err, livechat.ErrCustomerBanned) {
		t.Fatalf("GET err = %v, want customer_banned", err)
	}
}

func TestNewWebRequiresOrganizationID(t *testing.T) {
	_, err := customer.NewWeb(livechat.NewBearerToken(testToken), livechat.WithBaseURL("http://127.0.0.1:1"))
	var ae *livechat.ArgumentError
	if !errors.As(err, &ae) || ae.Field != "organization_id" || !strings.Contains(err.Error(), "WithOrganizationID") {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("not a validation error: %v", err)
	}
}
