package customer_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/wiretest"
)

// callTransport is an RTM-like transport of unknown kind: Call only, no
// Get, no Upload, no Kind.
type callTransport struct {
	mu    sync.Mutex
	calls []struct {
		action string
		body   []byte
	}
	reply string
}

func (f *callTransport) Call(_ context.Context, action string, req, resp any) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.calls = append(f.calls, struct {
		action string
		body   []byte
	}{action, b})
	f.mu.Unlock()
	if resp != nil && f.reply != "" {
		return json.Unmarshal([]byte(f.reply), resp)
	}
	return nil
}

func (f *callTransport) n() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func TestValidationSendsNothing(t *testing.T) {
	long := strings.Repeat("x", customer.MaxMessageBytes+1)
	many := livechat.SessionFields{}
	for i := range customer.MaxSessionFields + 1 {
		many = append(many, map[string]string{"k" + strings.Repeat("a", i): "v"})
	}
	cases := []struct {
		name  string
		field string
		call  func(ctx context.Context, c *customer.Client) error
	}{
		{"list_chats limit", "limit", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListChats(ctx, customer.ListChatsRequest{Limit: 26})
			return err
		}},
		{"list_chats sort", "sort_order", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListChats(ctx, customer.ListChatsRequest{SortOrder: "up"})
			return err
		}},
		{"list_chats page with limit", "page_id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListChats(ctx, customer.ListChatsRequest{PageID: "x", Limit: 2})
			return err
		}},
		{"list_threads chat", "chat_id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListThreads(ctx, customer.ListThreadsRequest{})
			return err
		}},
		{"list_threads both", "min_events_count", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListThreads(ctx, customer.ListThreadsRequest{ChatID: "C", Limit: 3, MinEventsCount: 4})
			return err
		}},
		{"list_threads min", "min_events_count", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListThreads(ctx, customer.ListThreadsRequest{ChatID: "C", MinEventsCount: 101})
			return err
		}},
		{"get_chat", "chat_id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.GetChat(ctx, "", "T")
			return err
		}},
		{"start_chat id", "chat.id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.StartChat(ctx, customer.StartChatRequest{Chat: &customer.ChatInit{ID: "X"}})
			return err
		}},
		{"start_chat empty message", "chat.thread.events[0].text", func(ctx context.Context, c *customer.Client) error {
			_, err := c.StartChat(ctx, customer.StartChatRequest{Chat: &customer.ChatInit{
				Thread: &customer.ThreadInit{Events: livechat.Events{&livechat.Message{}}}}})
			return err
		}},
		{"resume_chat id", "chat.id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ResumeChat(ctx, customer.ResumeChatRequest{})
			return err
		}},
		{"deactivate_chat", "id", func(ctx context.Context, c *customer.Client) error { return c.DeactivateChat(ctx, " ") }},
		{"send_event nil", "event", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendEvent(ctx, customer.SendEventRequest{ChatID: "C"})
			return err
		}},
		{"send_event visibility", "event.visibility", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendEvent(ctx, customer.SendEventRequest{ChatID: "C",
				Event: &livechat.Message{EventBase: livechat.EventBase{Visibility: "everyone"}, Text: "x"}})
			return err
		}},
		{"send_event file url", "event.url", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendEvent(ctx, customer.SendEventRequest{ChatID: "C", Event: &livechat.File{}})
			return err
		}},
		{"send_event rich template", "event.template_id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendEvent(ctx, customer.SendEventRequest{ChatID: "C", Event: &livechat.RichMessage{TemplateID: "carousel"}})
			return err
		}},
		{"send_event form", "event", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendEvent(ctx, customer.SendEventRequest{ChatID: "C", Event: &livechat.FormEvent{}})
			return err
		}},
		{"send_message chat", "chat_id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendMessage(ctx, "", "hi")
			return err
		}},
		{"send_message text", "event.text", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendMessage(ctx, "C", "")
			return err
		}},
		{"send_message too long", "event.text", func(ctx context.Context, c *customer.Client) error {
			_, err := c.SendMessage(ctx, "C", long)
			return err
		}},
		{"delete_event", "event_id", func(ctx context.Context, c *customer.Client) error { return c.DeleteEvent(ctx, "C", "T", "") }},
		{"upload name", "file name", func(ctx context.Context, c *customer.Client) error {
			_, err := c.UploadFile(ctx, "", strings.NewReader("x"))
			return err
		}},
		{"postback", "postback.id", func(ctx context.Context, c *customer.Client) error {
			return c.SendRichMessagePostback(ctx, customer.SendRichMessagePostbackRequest{ChatID: "C", ThreadID: "T", EventID: "E"})
		}},
		{"sneak peek", "sneak_peek_text", func(ctx context.Context, c *customer.Client) error { return c.SendSneakPeek(ctx, "C", "") }},
		{"chat properties", "properties", func(ctx context.Context, c *customer.Client) error {
			return c.UpdateChatProperties(ctx, "C", nil)
		}},
		{"chat properties ns", "properties.ns", func(ctx context.Context, c *customer.Client) error {
			return c.DeleteChatProperties(ctx, "C", livechat.PropertyNames{"ns": {}})
		}},
		{"thread properties", "thread_id", func(ctx context.Context, c *customer.Client) error {
			return c.UpdateThreadProperties(ctx, "C", "", livechat.Properties{"ns": {"a": 1}})
		}},
		{"event properties", "event_id", func(ctx context.Context, c *customer.Client) error {
			return c.DeleteEventProperties(ctx, "C", "T", "", livechat.PropertyNames{"ns": {"a"}})
		}},
		{"update_customer empty", "customer", func(ctx context.Context, c *customer.Client) error {
			return c.UpdateCustomer(ctx, customer.UpdateCustomerRequest{})
		}},
		{"update_customer email", "email", func(ctx context.Context, c *customer.Client) error {
			return c.UpdateCustomer(ctx, customer.UpdateCustomerRequest{Email: "nope"})
		}},
		{"update_customer twilio", "omnichannel.twilio.phone_number", func(ctx context.Context, c *customer.Client) error {
			return c.UpdateCustomer(ctx, customer.UpdateCustomerRequest{Omnichannel: &customer.Omnichannel{Twilio: &customer.Twilio{}}})
		}},
		{"session fields limit", "session_fields", func(ctx context.Context, c *customer.Client) error {
			return c.SetCustomerSessionFields(ctx, many)
		}},
		{"session fields required", "session_fields", func(ctx context.Context, c *customer.Client) error {
			return c.SetCustomerSessionFields(ctx, nil)
		}},
		{"group statuses", "group_ids", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListGroupStatuses(ctx, customer.ListGroupStatusesRequest{})
			return err
		}},
		{"check goals url", "page_url", func(ctx context.Context, c *customer.Client) error {
			return c.CheckGoals(ctx, customer.CheckGoalsRequest{PageURL: "not a url"})
		}},
		{"get_form type", "type", func(ctx context.Context, c *customer.Client) error {
			_, err := c.GetForm(ctx, 0, "ticket")
			return err
		}},
		{"get_url_info", "url", func(ctx context.Context, c *customer.Client) error {
			_, err := c.GetURLInfo(ctx, "")
			return err
		}},
		{"mark seen", "seen_up_to", func(ctx context.Context, c *customer.Client) error {
			return c.MarkEventsAsSeen(ctx, "C", time.Time{})
		}},
		{"accept greeting", "greeting_id", func(ctx context.Context, c *customer.Client) error { return c.AcceptGreeting(ctx, 0, "U") }},
		{"cancel greeting", "unique_id", func(ctx context.Context, c *customer.Client) error { return c.CancelGreeting(ctx, "") }},
		{"greeting button", "button_id", func(ctx context.Context, c *customer.Client) error {
			return c.SendGreetingButtonClicked(ctx, "U", "")
		}},
		{"email verification", "callback_uri", func(ctx context.Context, c *customer.Client) error {
			return c.RequestEmailVerification(ctx, "/relative")
		}},
		{"group properties id", "id", func(ctx context.Context, c *customer.Client) error {
			_, err := c.ListGroupProperties(ctx, -1, "", "")
			return err
		}},
		{"dynamic config url", "url", func(ctx context.Context, c *customer.Client) error {
			_, err := c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{URL: "x"})
			return err
		}},
		{"configuration version", "version", func(ctx context.Context, c *customer.Client) error {
			_, err := c.GetConfiguration(ctx, 0, "")
			return err
		}},
		{"localization language", "language", func(ctx context.Context, c *customer.Client) error {
			_, err := c.GetLocalization(ctx, 0, "", "v")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Over a Web transport pointed at a live test server …
			s := newServer(t)
			err := tc.call(context.Background(), s.client(t))
			assertArgError(t, err, tc.field)
			if n := len(s.requests()); n != 0 {
				t.Errorf("%d requests sent on bad input", n)
			}
			// … and over a Call-only (RTM-like) transport.
			ft := &callTransport{}
			err = tc.call(context.Background(), customer.New(ft))
			assertArgError(t, err, tc.field)
			if ft.n() != 0 {
				t.Errorf("%d calls made on bad input", ft.n())
			}
		})
	}
}

var assertArgError = wiretest.AssertArgError

// TestCallOnlyTransport runs the GET actions and a regular one over a
// transport without Get/Upload that does not say which wire it speaks
// (livechat.KindOf gives ""), so nothing is assumed and all are sent.
func TestCallOnlyTransport(t *testing.T) {
	ft := &callTransport{reply: `{"0805":{"p":"v"}}`}
	c := customer.New(ft)
	ctx := context.Background()
	props, err := c.ListGroupProperties(ctx, 3, "0805", "")
	if err != nil || props["0805"]["p"] != "v" {
		t.Fatalf("props = %v, err = %v", props, err)
	}
	ft.reply = `{"chat_id":"C","thread_id":"T"}`
	if _, err := c.StartChat(ctx, customer.StartChatRequest{}); err != nil {
		t.Fatal(err)
	}
	ft.reply = `{"organization_id":"o","livechat":{"config_version":"1"}}`
	if _, err := c.GetDynamicConfiguration(ctx, customer.DynamicConfigurationRequest{GroupID: customer.Int(2), Test: true}); err != nil {
		t.Fatal(err)
	}
	want := []struct{ action, body string }{
		{"list_group_properties", `{"id":3,"namespace":"0805"}`},
		{"start_chat", `{}`},
		{"get_dynamic_configuration", `{"group_id":2,"test":true}`},
	}
	if len(ft.calls) != len(want) {
		t.Fatalf("%d calls, want %d", len(ft.calls), len(want))
	}
	for i, w := range want {
		if ft.calls[i].action != w.action {
			t.Errorf("call %d action = %s, want %s", i, ft.calls[i].action, w.action)
		}
		jsonEqual(t, ft.calls[i].body, w.body)
	}
	if _, err := c.UploadFile(ctx, "a.txt", strings.NewReader("x")); !errors.Is(err, customer.ErrUnsupported) {
		t.Errorf("upload over RTM: %v", err)
	}
	if ft.n() != len(want) {
		t.Errorf("upload over RTM sent something")
	}
}

// TestLossless decodes and re-encodes documented response samples.
func TestLossless(t *testing.T) {
	cases := []struct {
		name string
		v    any
		doc  string
	}{
		{"list_chats", &customer.ListChatsResponse{}, `{"next_page_id":"MTUx","chats_summary":[{"id":"PJ0MRSHTDG","last_thread_id":"K600PKZON8","last_thread_created_at":"2020-05-08T08:22:21.128420Z","last_event_per_type":{"message":{"thread_id":"K600PKZON9","thread_created_at":"2020-05-07T07:11:28.288340Z","event":{"id":"Q298LUVPRH_1","created_at":"2019-12-09T12:01:18.909000Z","type":"message","text":"hello world","author_id":"b7"}}},"users":[{"id":"b7","type":"customer","present":true},{"id":"b5","name":"Agent Smith","type":"agent","present":true,"avatar":"https://example.com/avatar.png","job_title":"Support Agent"}],"access":{"group_ids":[0]},"properties":{},"active":true}],"total_chats":1}`},
		{"dynamic", &customer.DynamicConfiguration{}, `{"organization_id":"o","default_widget":"livechat","livechat_active":true,"livechat":{"group_id":0,"client_limit_exceeded":false,"domain_allowed":true,"online_group_ids":[0],"config_version":"84","localization_version":"79","language":"en"}}`},
		{"configuration", &customer.Configuration{}, `{"buttons":[{"id":"0466ba53cb","type":"image","online_value":"a.png","offline_value":"b.png"}],"integrations":{},"properties":{"group":{},"license":{}}}`},
		{"predicted", &customer.PredictedAgent{}, `{"agent":{"id":"b5","name":"Agent Smith","avatar":"https://example.avatar/example.com","is_bot":false,"job_title":"support hero","type":"agent"},"queue":false}`},
		{"url_info", &customer.URLInfo{}, `{"title":"t","description":"d","image_url":"https://example.com/image.png","image_original_url":"https://example-original-url.com/image.png","image_width":200,"image_height":200,"url":"https://livechatinc.com"}`},
		{"group_statuses", &customer.ListGroupStatusesResponse{}, `{"groups_status":{"1":"online","2":"offline","3":"online_for_queue"}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tc.doc), tc.v); err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			jsonEqual(t, out, tc.doc)
		})
	}
}

var _ io.Reader = strings.NewReader("")
