package agent_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
)

type badCase struct {
	name  string
	call  func(ctx context.Context, c *agent.Client) error
	field string
}

func ignore[T any](_ T, err error) error { return err }

func runBadCases(t *testing.T, version livechat.APIVersion, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newWebClient(t, version, func(w http.ResponseWriter, action string, _ []byte) {
				t.Errorf("request %s reached the server", action)
				w.WriteHeader(http.StatusInternalServerError)
			})
			err := tc.call(context.Background(), c)
			var ae *livechat.ArgumentError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v (%T), want *livechat.ArgumentError", err, err)
			}
			if ae.Field != tc.field {
				t.Errorf("field = %q (%v), want %q", ae.Field, err, tc.field)
			}
			if !errors.Is(err, livechat.ErrValidation) {
				t.Errorf("errors.Is(err, ErrValidation) = false")
			}
			if n := len(rec.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

func TestValidationSendsNothing(t *testing.T) {
	long := strings.Repeat("x", agent.MaxTextSize+1)
	elems := make([]livechat.RichElement, 11)
	buttons := make([]livechat.RichButton, 14)
	props := livechat.Properties{"ns": {"p": 1}}
	cases := []badCase{
		{"list_chats limit high", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{Limit: 101}))
		}, "limit"},
		{"list_chats limit negative", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{Limit: -1}))
		}, "limit"},
		{"list_chats sort order", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{SortOrder: "up"}))
		}, "sort_order"},
		{"list_chats page_id with limit", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{PageID: "MTU=", Limit: 10}))
		}, "page_id"},
		{"list_chats page_id with filters", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{PageID: "MTU=", Filters: &agent.ChatsFilters{}}))
		}, "page_id"},
		{"list_chats page_id with sort", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{PageID: "MTU=", SortOrder: agent.SortAsc}))
		}, "page_id"},
		{"list_chats group_ids", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{GroupIDs: make([]int, 201)}}))
		}, "filters.group_ids"},
		{"list_chats active and include_active", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{Active: ptr(true), IncludeActive: ptr(true)}}))
		}, "filters.active"},
		{"list_chats property filter", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{
				Properties: agent.PropertyFilters{"routing": {"idle": {Exists: ptr(true), Values: []any{true}}}}}}))
		}, "filters.properties.routing.idle"},
		{"list_threads zero", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListThreads(ctx, agent.ListThreadsRequest{}))
		}, "chat_id"},
		{"list_threads min_events_count with limit", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "A", MinEventsCount: 5, Limit: 3}))
		}, "min_events_count"},
		{"list_threads min_events_count with filters", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "A", MinEventsCount: 5, Filters: &agent.ThreadsFilters{}}))
		}, "min_events_count"},
		{"list_threads min_events_count range", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "A", MinEventsCount: 101}))
		}, "min_events_count"},
		{"list_threads bad from", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "A", Filters: &agent.ThreadsFilters{From: "yesterday"}}))
		}, "filters.from"},
		{"get_chat", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.GetChat(ctx, "", "K600PKZON8"))
		}, "chat_id"},
		{"list_archives thread_ids", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{ThreadIDs: make([]string, 21)}}))
		}, "filters.thread_ids"},
		{"list_archives thread_ids with query", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{ThreadIDs: []string{"K600PKZON8"}, Query: "refund"}}))
		}, "filters.thread_ids"},
		{"list_archives group_ids", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{GroupIDs: make([]int, 201)}}))
		}, "filters.group_ids"},
		{"list_archives limit", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Limit: 1000}))
		}, "limit"},
		{"list_archives page_id with filters", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{PageID: "MTU=", Filters: &agent.ArchivesFilters{Query: "x"}}))
		}, "page_id"},
		{"list_archives highlights", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Highlights: &agent.Highlights{PreTag: "<b>"}}))
		}, "highlights"},
		{"list_archives tags filter", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{Tags: &agent.StringFilter{}}}))
		}, "filters.tags"},
		{"list_archives event_types exists", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{EventTypes: &agent.StringFilter{Exists: ptr(true)}}}))
		}, "filters.event_types"},
		{"start_chat with id", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{ID: "PJ0MRSHTDG"}}))
		}, "chat.id"},
		{"start_chat user type", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Users: []agent.ChatUser{{ID: "a@b.c"}}}}))
		}, "chat.users[0].type"},
		{"start_chat user id", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Users: []agent.ChatUser{{Type: livechat.UserAgent}}}}))
		}, "chat.users[0].id"},
		{"start_chat two customers", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Users: []agent.ChatUser{
				{ID: "a", Type: livechat.UserCustomer}, {ID: "b", Type: livechat.UserCustomer}}}}))
		}, "chat.users"},
		{"start_chat empty initial message", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Thread: &agent.InitialThread{
				Events: []livechat.Event{agent.NewMessage("hi"), agent.NewMessage("")}}}}))
		}, "chat.thread.events[1].text"},
		{"start_chat too many agents", func(ctx context.Context, c *agent.Client) error {
			users := []agent.ChatUser{}
			for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
				users = append(users, agent.ChatUser{ID: id + "@example.com", Type: livechat.UserAgent})
			}
			return ignore(c.StartChat(ctx, agent.StartChatRequest{Chat: &agent.InitialChat{Users: users}}))
		}, "chat.users"},
		{"send_event type mismatch", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A",
				Event: &livechat.Message{EventBase: livechat.EventBase{Type: livechat.EventFile}, Text: "x"}}))
		}, "event.type"},
		{"multicast empty raw content", func(ctx context.Context, c *agent.Client) error {
			return c.Multicast(ctx, agent.MulticastRequest{Recipients: agent.MulticastRecipients{Customers: &agent.MulticastCustomers{IDs: []string{"c"}}},
				Content: json.RawMessage(nil)})
		}, "content"},
		{"resume_chat", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ResumeChat(ctx, agent.ResumeChatRequest{Continuous: ptr(true)}))
		}, "chat.id"},
		{"deactivate_chat", func(ctx context.Context, c *agent.Client) error {
			return c.DeactivateChat(ctx, agent.DeactivateChatRequest{})
		}, "id"},
		{"follow_chat", func(ctx context.Context, c *agent.Client) error { return c.FollowChat(ctx, "") }, "id"},
		{"unfollow_chat", func(ctx context.Context, c *agent.Client) error {
			return c.UnfollowChat(ctx, "")
		}, "id"},
		{"transfer_chat id", func(ctx context.Context, c *agent.Client) error {
			return c.TransferChat(ctx, agent.TransferChatRequest{Target: agent.ToGroups(1)})
		}, "id"},
		{"transfer_chat both targets", func(ctx context.Context, c *agent.Client) error {
			return c.TransferChat(ctx, agent.TransferChatRequest{ID: "A", Target: &agent.TransferTarget{AgentIDs: []string{"a"}, GroupIDs: []int{1}}})
		}, "target"},
		{"transfer_chat empty target", func(ctx context.Context, c *agent.Client) error {
			return c.TransferChat(ctx, agent.TransferChatRequest{ID: "A", Target: agent.ToAgents()})
		}, "target.ids"},
		{"add_user_to_chat visibility", func(ctx context.Context, c *agent.Client) error {
			return c.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: "A", UserID: "a@b.c", UserType: livechat.UserAgent})
		}, "visibility"},
		{"add_user_to_chat customer hidden", func(ctx context.Context, c *agent.Client) error {
			return c.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: "A", UserID: "u", UserType: livechat.UserCustomer, Visibility: livechat.VisibilityAgents})
		}, "visibility"},
		{"add_user_to_chat user type", func(ctx context.Context, c *agent.Client) error {
			return c.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: "A", UserID: "u", UserType: "bot", Visibility: livechat.VisibilityAll})
		}, "user_type"},
		{"remove_user_from_chat customer", func(ctx context.Context, c *agent.Client) error {
			return c.RemoveUserFromChat(ctx, agent.RemoveUserFromChatRequest{ChatID: "A", UserID: "u", UserType: livechat.UserCustomer})
		}, "user_type"},
		{"send_event zero", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{}))
		}, "chat_id"},
		{"send_event no event", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A"}))
		}, "event"},
		{"send_event typed nil event", func(ctx context.Context, c *agent.Client) error {
			var m *livechat.Message
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: m}))
		}, "event"},
		{"send_event text too long", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendMessage(ctx, "A", long))
		}, "event.text"},
		{"send_event empty text", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendMessage(ctx, "A", ""))
		}, "event.text"},
		{"send_message chat id", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendMessage(ctx, "", "hi"))
		}, "chat_id"},
		{"send_event visibility", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendMessage(ctx, "A", "hi", agent.WithVisibility("everyone")))
		}, "event.visibility"},
		{"send_event postback half", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.Message{Text: "yes",
				Postback: &livechat.Postback{ID: "p", ThreadID: "T", EventID: "E", Type: "message"}}}))
		}, "event.postback"},
		{"send_event postback id", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.Message{Text: "yes",
				Postback: &livechat.Postback{ThreadID: "T", EventID: "E"}}}))
		}, "event.postback.id"},
		{"send_event file url", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendFile(ctx, "A", ""))
		}, "event.url"},
		{"send_event rich template", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.RichMessage{TemplateID: "carousel"}}))
		}, "event.template_id"},
		{"send_event rich elements", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.RichMessage{TemplateID: "cards", Elements: elems}}))
		}, "event.elements"},
		{"send_event rich buttons", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.RichMessage{TemplateID: "cards",
				Elements: []livechat.RichElement{{Buttons: buttons}}}}))
		}, "event.elements[0].buttons"},
		{"send_event rich webview height", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.RichMessage{TemplateID: "cards",
				Elements: []livechat.RichElement{{Buttons: []livechat.RichButton{{Type: "url", WebviewHeight: "tall"}}}}}}))
		}, "event.elements[0].buttons[0].webview_height"},
		{"send_event system message type", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.SystemMessage{Text: "x"}}))
		}, "event.system_message_type"},
		{"send_event filled form", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SendEvent(ctx, agent.SendEventRequest{ChatID: "A", Event: &livechat.FilledForm{FormID: "f"}}))
		}, "event.fields"},
		{"send_event_preview visibility", func(ctx context.Context, c *agent.Client) error {
			return c.SendEventPreview(ctx, agent.SendEventPreviewRequest{ChatID: "A", Event: agent.NewMessage("x", agent.WithVisibility(livechat.VisibilityAgents))})
		}, "event.visibility"},
		{"send_event_preview event", func(ctx context.Context, c *agent.Client) error {
			return c.SendEventPreview(ctx, agent.SendEventPreviewRequest{ChatID: "A"})
		}, "event"},
		{"send_rich_message_postback", func(ctx context.Context, c *agent.Client) error {
			return c.SendRichMessagePostback(ctx, agent.SendRichMessagePostbackRequest{ChatID: "A", ThreadID: "T", EventID: "E"})
		}, "postback.id"},
		{"update_chat_properties", func(ctx context.Context, c *agent.Client) error {
			return c.UpdateChatProperties(ctx, agent.UpdateChatPropertiesRequest{ID: "A"})
		}, "properties"},
		{"delete_chat_properties", func(ctx context.Context, c *agent.Client) error {
			return c.DeleteChatProperties(ctx, agent.DeleteChatPropertiesRequest{ID: "A", Properties: livechat.PropertyNames{"ns": nil}})
		}, "properties.ns"},
		{"update_thread_properties", func(ctx context.Context, c *agent.Client) error {
			return c.UpdateThreadProperties(ctx, agent.UpdateThreadPropertiesRequest{ChatID: "A", Properties: props})
		}, "thread_id"},
		{"delete_thread_properties", func(ctx context.Context, c *agent.Client) error {
			return c.DeleteThreadProperties(ctx, agent.DeleteThreadPropertiesRequest{ThreadID: "T"})
		}, "chat_id"},
		{"update_event_properties", func(ctx context.Context, c *agent.Client) error {
			return c.UpdateEventProperties(ctx, agent.UpdateEventPropertiesRequest{ChatID: "A", ThreadID: "T", Properties: props})
		}, "event_id"},
		{"delete_event_properties", func(ctx context.Context, c *agent.Client) error {
			return c.DeleteEventProperties(ctx, agent.DeleteEventPropertiesRequest{ChatID: "A", ThreadID: "T", EventID: "E"})
		}, "properties"},
		{"tag_thread", func(ctx context.Context, c *agent.Client) error {
			return c.TagThread(ctx, agent.TagThreadRequest{ChatID: "A", ThreadID: "T"})
		}, "tag"},
		{"untag_thread", func(ctx context.Context, c *agent.Client) error {
			return c.UntagThread(ctx, agent.UntagThreadRequest{ChatID: "A", Tag: "x"})
		}, "thread_id"},
		{"get_customer", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.GetCustomer(ctx, ""))
		}, "id"},
		{"update_customer not uuid", func(ctx context.Context, c *agent.Client) error {
			return c.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: "customer-1", Name: "x"})
		}, "id"},
		{"update_customer uuid v1", func(ctx context.Context, c *agent.Client) error {
			return c.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: "b7eff798-f8df-1364-8059-649c35c9ed0c", Name: "x"})
		}, "id"},
		{"update_customer nothing", func(ctx context.Context, c *agent.Client) error {
			return c.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c"})
		}, "id"},
		{"ban_customer days", func(ctx context.Context, c *agent.Client) error {
			return c.BanCustomer(ctx, agent.BanCustomerRequest{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c"})
		}, "ban.days"},
		{"ban_customer negative", func(ctx context.Context, c *agent.Client) error {
			return c.BanCustomer(ctx, agent.BanCustomerRequest{ID: "x", Ban: agent.Ban{Days: -2}})
		}, "ban.days"},
		{"subscribe_customers limit", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{Limit: -1}))
		}, "limit"},
		{"unsubscribe_customers", func(ctx context.Context, c *agent.Client) error {
			return c.UnsubscribeCustomers(ctx, "")
		}, "subscription_id"},
		{"set_routing_status missing", func(ctx context.Context, c *agent.Client) error {
			return c.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{AgentID: "a@b.c"})
		}, "status"},
		{"set_routing_status bad", func(ctx context.Context, c *agent.Client) error {
			return c.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: "busy"})
		}, "status"},
		{"mark_events_as_seen missing", func(ctx context.Context, c *agent.Client) error {
			return c.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: "A"})
		}, "seen_up_to"},
		{"mark_events_as_seen bad", func(ctx context.Context, c *agent.Client) error {
			return c.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: "A", SeenUpTo: "2017-10-12 15:19"})
		}, "seen_up_to"},
		{"send_typing_indicator", func(ctx context.Context, c *agent.Client) error {
			return c.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: "A", Visibility: "me"})
		}, "visibility"},
		{"send_thinking_indicator", func(ctx context.Context, c *agent.Client) error {
			return c.SendThinkingIndicator(ctx, agent.SendThinkingIndicatorRequest{Title: "x"})
		}, "chat_id"},
		{"multicast recipients", func(ctx context.Context, c *agent.Client) error {
			return c.Multicast(ctx, agent.MulticastRequest{Recipients: agent.MulticastRecipients{Agents: &agent.MulticastAgents{}}, Content: "x"})
		}, "recipients"},
		{"multicast content", func(ctx context.Context, c *agent.Client) error {
			return c.Multicast(ctx, agent.MulticastRequest{Recipients: agent.MulticastRecipients{Agents: &agent.MulticastAgents{All: true}}})
		}, "content"},
		{"list_agents_for_transfer", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListAgentsForTransfer(ctx, ""))
		}, "chat_id"},
		{"request_thread_summary", func(ctx context.Context, c *agent.Client) error {
			return c.RequestThreadSummary(ctx, "A", "")
		}, "thread_id"},
		{"request_thread_summary chat_id", func(ctx context.Context, c *agent.Client) error {
			return c.RequestThreadSummary(ctx, "", "T")
		}, "chat_id"},
		{"upload_file name", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.UploadFile(ctx, "", bytes.NewReader([]byte("x"))))
		}, "filename"},
		{"upload_file path", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.UploadFile(ctx, "../etc/passwd", bytes.NewReader([]byte("x"))))
		}, "filename"},
		{"upload_file reader", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.UploadFile(ctx, "a.png", nil))
		}, "file"},
		{"upload_file too large", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.UploadFile(ctx, "big.bin", bytes.NewReader(make([]byte, 10<<20+1))))
		}, "file"},
	}
	runBadCases(t, livechat.V3_6, cases)

	runBadCases(t, livechat.V3_5, []badCase{
		{"list_chats only active needs 3.6", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{Active: ptr(true)}}))
		}, "filters.active"},
		{"list_customers page_id with filters", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListCustomers(ctx, agent.ListCustomersRequest{PageID: "MTU=", Filters: &agent.CustomersFilters{}}))
		}, "page_id"},
		{"list_customers sort_by", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListCustomers(ctx, agent.ListCustomersRequest{SortBy: "name"}))
		}, "sort_by"},
		{"list_customers chat_group_ids", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListCustomers(ctx, agent.ListCustomersRequest{Filters: &agent.CustomersFilters{ChatGroupIDs: &agent.GroupIDsFilter{Values: make([]int, 41)}}}))
		}, "filters.chat_group_ids.values"},
		{"list_customers created_at", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListCustomers(ctx, agent.ListCustomersRequest{Filters: &agent.CustomersFilters{CreatedAt: &agent.TimeRangeFilter{LT: "now"}}}))
		}, "filters.created_at.lt"},
		{"list_customers limit", func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListCustomers(ctx, agent.ListCustomersRequest{Limit: 101}))
		}, "limit"},
	})
}

func TestVersionGates(t *testing.T) {
	cases := []struct {
		name    string
		version livechat.APIVersion
		call    func(ctx context.Context, c *agent.Client) error
		want    []string
	}{
		{"list_customers on 3.6", livechat.V3_6, func(ctx context.Context, c *agent.Client) error {
			return ignore(c.ListCustomers(ctx, agent.ListCustomersRequest{}))
		}, []string{"list_customers", "removed", "3.6"}},
		{"create_customer on 3.6", livechat.V3_6, func(ctx context.Context, c *agent.Client) error {
			return ignore(c.CreateCustomer(ctx, agent.CreateCustomerRequest{Name: "x"}))
		}, []string{"create_customer", "removed", "3.6"}},
		{"customers iterator on 3.6", livechat.V3_6, func(ctx context.Context, c *agent.Client) error {
			for _, err := range c.Customers(ctx, agent.ListCustomersRequest{}) {
				return err
			}
			return nil
		}, []string{"list_customers", "3.6"}},
		{"send_event_preview on 3.5", livechat.V3_5, func(ctx context.Context, c *agent.Client) error {
			return c.SendEventPreview(ctx, agent.SendEventPreviewRequest{ChatID: "A", Event: agent.NewMessage("x")})
		}, []string{"send_event_preview", "3.6", "3.5"}},
		{"send_thinking_indicator on 3.5", livechat.V3_5, func(ctx context.Context, c *agent.Client) error {
			return c.SendThinkingIndicator(ctx, agent.SendThinkingIndicatorRequest{ChatID: "A"})
		}, []string{"send_thinking_indicator", "3.6", "3.5"}},
		{"request_thread_summary on 3.5", livechat.V3_5, func(ctx context.Context, c *agent.Client) error {
			return c.RequestThreadSummary(ctx, "A", "T")
		}, []string{"request_thread_summary", "3.6", "3.5"}},
		{"subscribe_customers on 3.5", livechat.V3_5, func(ctx context.Context, c *agent.Client) error {
			return ignore(c.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{}))
		}, []string{"subscribe_customers", "3.6", "3.5"}},
		{"unsubscribe_customers on 3.5", livechat.V3_5, func(ctx context.Context, c *agent.Client) error {
			return c.UnsubscribeCustomers(ctx, "s")
		}, []string{"unsubscribe_customers", "3.6", "3.5"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ft := &versionedFake{version: tc.version}
			err := tc.call(context.Background(), agent.New(ft))
			var ve *agent.VersionError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want *agent.VersionError", err, err)
			}
			if !errors.Is(err, livechat.ErrUnsupportedVersion) {
				t.Errorf("errors.Is(err, ErrUnsupportedVersion) = false")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if ft.calls() != 0 {
				t.Errorf("%d calls reached the transport", ft.calls())
			}
		})
	}
}

// TestZeroRequests checks that the zero value of every request struct with
// a required field is refused before anything is sent, naming the first
// missing wire field: the zero value is what nil used to be. (The actions
// whose only inputs are ids take them as arguments; their empty ids are
// checked in TestValidationSendsNothing.)
func TestZeroRequests(t *testing.T) {
	type ctxc = context.Context
	type cl = *agent.Client
	runBadCases(t, livechat.V3_6, []badCase{
		{"list_threads", func(ctx ctxc, c cl) error { return ignore(c.ListThreads(ctx, agent.ListThreadsRequest{})) }, "chat_id"},
		{"resume_chat", func(ctx ctxc, c cl) error { return ignore(c.ResumeChat(ctx, agent.ResumeChatRequest{})) }, "chat.id"},
		{"deactivate_chat", func(ctx ctxc, c cl) error { return c.DeactivateChat(ctx, agent.DeactivateChatRequest{}) }, "id"},
		{"transfer_chat", func(ctx ctxc, c cl) error { return c.TransferChat(ctx, agent.TransferChatRequest{}) }, "id"},
		{"add_user_to_chat", func(ctx ctxc, c cl) error { return c.AddUserToChat(ctx, agent.AddUserToChatRequest{}) }, "chat_id"},
		{"remove_user_from_chat", func(ctx ctxc, c cl) error { return c.RemoveUserFromChat(ctx, agent.RemoveUserFromChatRequest{}) }, "chat_id"},
		{"update_customer", func(ctx ctxc, c cl) error { return c.UpdateCustomer(ctx, agent.UpdateCustomerRequest{}) }, "id"},
		{"ban_customer", func(ctx ctxc, c cl) error { return c.BanCustomer(ctx, agent.BanCustomerRequest{}) }, "id"},
		{"send_event", func(ctx ctxc, c cl) error { return ignore(c.SendEvent(ctx, agent.SendEventRequest{})) }, "chat_id"},
		{"send_event_preview", func(ctx ctxc, c cl) error { return c.SendEventPreview(ctx, agent.SendEventPreviewRequest{}) }, "chat_id"},
		{"send_rich_message_postback", func(ctx ctxc, c cl) error {
			return c.SendRichMessagePostback(ctx, agent.SendRichMessagePostbackRequest{})
		}, "chat_id"},
		{"mark_events_as_seen", func(ctx ctxc, c cl) error { return c.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{}) }, "chat_id"},
		{"send_typing_indicator", func(ctx ctxc, c cl) error { return c.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{}) }, "chat_id"},
		{"send_thinking_indicator", func(ctx ctxc, c cl) error {
			return c.SendThinkingIndicator(ctx, agent.SendThinkingIndicatorRequest{})
		}, "chat_id"},
		{"multicast", func(ctx ctxc, c cl) error { return c.Multicast(ctx, agent.MulticastRequest{}) }, "recipients"},
		{"update_chat_properties", func(ctx ctxc, c cl) error { return c.UpdateChatProperties(ctx, agent.UpdateChatPropertiesRequest{}) }, "id"},
		{"delete_chat_properties", func(ctx ctxc, c cl) error { return c.DeleteChatProperties(ctx, agent.DeleteChatPropertiesRequest{}) }, "id"},
		{"update_thread_properties", func(ctx ctxc, c cl) error {
			return c.UpdateThreadProperties(ctx, agent.UpdateThreadPropertiesRequest{})
		}, "chat_id"},
		{"delete_thread_properties", func(ctx ctxc, c cl) error {
			return c.DeleteThreadProperties(ctx, agent.DeleteThreadPropertiesRequest{})
		}, "chat_id"},
		{"update_event_properties", func(ctx ctxc, c cl) error {
			return c.UpdateEventProperties(ctx, agent.UpdateEventPropertiesRequest{})
		}, "chat_id"},
		{"delete_event_properties", func(ctx ctxc, c cl) error {
			return c.DeleteEventProperties(ctx, agent.DeleteEventPropertiesRequest{})
		}, "chat_id"},
		{"tag_thread", func(ctx ctxc, c cl) error { return c.TagThread(ctx, agent.TagThreadRequest{}) }, "chat_id"},
		{"untag_thread", func(ctx ctxc, c cl) error { return c.UntagThread(ctx, agent.UntagThreadRequest{}) }, "chat_id"},
		{"set_routing_status", func(ctx ctxc, c cl) error { return c.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{}) }, "status"},
	})
}
