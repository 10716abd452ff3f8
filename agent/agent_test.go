package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/internal/wiretest"
)

// methodCase drives one action over the web transport and checks the wire;
// an RTM-only action (rtm) goes through an RTM-kind fake instead.
type methodCase struct {
	name     string
	action   string
	call     func(ctx context.Context, c *agent.Client) (any, error)
	wantBody string
	response string
	check    func(t *testing.T, got any)
	rtm      bool
}

func runMethodCases(t *testing.T, version livechat.APIVersion, cases []methodCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.response
			if resp == "" {
				resp = "{}"
			}
			if tc.rtm {
				runRTMCase(t, version, tc, resp)
				return
			}
			c, rec := newWebClient(t, version, reply(http.StatusOK, resp))
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			wiretest.CheckOne(t, rec, wiretest.Want{Method: http.MethodPost, Path: "/v" + string(version) + "/agent/action/" + tc.action,
				Auth: testAuthHdr, Body: tc.wantBody})
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// runRTMCase runs tc over an RTM-kind fake answering resp: one call of
// tc.action with the exact body.
func runRTMCase(t *testing.T, version livechat.APIVersion, tc methodCase, resp string) {
	t.Helper()
	ft := newRTMFake(version)
	ft.answer = map[string]string{tc.action: resp}
	got, err := tc.call(context.Background(), agent.New(ft))
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	if len(ft.actions) != 1 || ft.actions[0] != tc.action {
		t.Fatalf("actions = %v, want [%s]", ft.actions, tc.action)
	}
	wiretest.JSONEqual(t, ft.bodies[0], tc.wantBody)
	if tc.check != nil {
		tc.check(t, got)
	}
}

func msgText(t *testing.T, ev livechat.Event) string {
	t.Helper()
	m, ok := ev.(*livechat.Message)
	if !ok {
		t.Fatalf("event is %T, want *livechat.Message", ev)
	}
	return m.Text
}

func TestMethods36(t *testing.T) {
	props := livechat.Properties{"0805e283233042b37f460ed8fbf22160": {"string_property": "Chat property value updated by Agent"}}
	names := livechat.PropertyNames{"0805e283233042b37f460ed8fbf22160": {"string_property"}}
	cases := []methodCase{
		{
			name: "list_chats", action: "list_chats",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListChats(ctx, agent.ListChatsRequest{
					Filters: &agent.ChatsFilters{
						Active: ptr(false), IncludeChatsWithoutThreads: ptr(false), GroupIDs: []int{0, 19},
						Properties: agent.PropertyFilters{"routing": {"unassigned": {Values: []any{true}}}},
					},
					SortOrder: agent.SortAsc, Limit: 25,
				})
			},
			wantBody: `{"filters":{"active":false,"include_chats_without_threads":false,"group_ids":[0,19],
				"properties":{"routing":{"unassigned":{"values":[true]}}}},"sort_order":"asc","limit":25}`,
			response: listChatsSample,
			check: func(t *testing.T, got any) {
				r := got.(*agent.ListChatsResponse)
				if len(r.ChatsSummary) != 1 || r.FoundChats != 4 || r.NextPageID != "MTUxNzM5ODEzMTQ5Ng==" {
					t.Fatalf("unexpected %+v", r)
				}
				s := r.ChatsSummary[0]
				if s.ID != "PJ0MRSHTDG" || !s.IsFollowed || s.LastThreadSummary.ID != "K600PKZON8" || !s.LastThreadSummary.Active {
					t.Errorf("summary = %+v", s)
				}
				if txt := msgText(t, s.LastEventPerType["message"].Event); txt != "hello world" {
					t.Errorf("last message = %q", txt)
				}
				if sm, ok := s.LastEventPerType["system_message"].Event.(*livechat.SystemMessage); !ok || sm.SystemMessageType != "routing.assigned_other" {
					t.Errorf("last system message = %#v", s.LastEventPerType["system_message"].Event)
				}
				if s.Users.Customer() == nil || len(s.Users.Agents()) != 1 {
					t.Errorf("users = %#v", s.Users)
				}
			},
		},
		{
			name: "list_chats/no filters", action: "list_chats",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListChats(ctx, agent.ListChatsRequest{})
			},
			wantBody: `{}`, response: `{"chats_summary":[],"found_chats":0}`,
		},
		{
			name: "list_chats/include_active false maps to active false", action: "list_chats",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{IncludeActive: ptr(false)}})
			},
			wantBody: `{"filters":{"active":false}}`, response: `{"chats_summary":[],"found_chats":0}`,
		},
		{
			name: "list_threads", action: "list_threads",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "PWJ8Y4THAV", SortOrder: agent.SortDesc, Limit: 3,
					Filters: &agent.ThreadsFilters{From: "2019-12-17T07:57:41.512000Z"}})
			},
			wantBody: `{"chat_id":"PWJ8Y4THAV","sort_order":"desc","limit":3,"filters":{"from":"2019-12-17T07:57:41.512000Z"}}`,
			response: listThreadsSample,
			check: func(t *testing.T, got any) {
				r := got.(*agent.ListThreadsResponse)
				if r.FoundThreads != 42 || len(r.Threads) != 1 || r.PreviousPageID != "MTUxNzM5ODEzMTQ5Nw==" {
					t.Fatalf("unexpected %+v", r)
				}
				th := r.Threads[0]
				if th.ID != "K600PKZON8" || !th.Active || th.NextThreadID != "K600PKZOO8" || msgText(t, th.Events[0]) != "Hello" {
					t.Errorf("thread = %+v", th)
				}
				if _, ok := th.Extra["customer_visit"]; !ok {
					t.Errorf("customer_visit (3.6) not kept in Extra: %v", th.Extra)
				}
			},
		},
		{
			name: "list_threads/min_events_count", action: "list_threads",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListThreads(ctx, agent.ListThreadsRequest{ChatID: "PWJ8Y4THAV", MinEventsCount: 20})
			},
			wantBody: `{"chat_id":"PWJ8Y4THAV","min_events_count":20}`, response: `{"threads":[],"found_threads":0}`,
		},
		{
			name: "get_chat", action: "get_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.GetChat(ctx, "PWJ8Y4THAV", "K600PKZON8")
			},
			wantBody: `{"chat_id":"PWJ8Y4THAV","thread_id":"K600PKZON8"}`,
			response: getChatSample,
			check: func(t *testing.T, got any) {
				ch := got.(*livechat.Chat)
				if ch.ID != "PJ0MRSHTDG" || ch.Thread == nil || ch.Thread.ID != "K600PKZON8" || !ch.IsFollowed {
					t.Fatalf("chat = %+v", ch)
				}
				if cu := ch.Users.Customer(); cu == nil || cu.Statistics == nil || cu.Statistics.ChatsCount != 1 {
					t.Errorf("customer = %+v", cu)
				}
				if ag := ch.Users.Agents(); len(ag) != 1 || ag[0].Name != "Agent Smith" {
					t.Errorf("agents = %+v", ag)
				}
				if ch.Properties["0805e283233042b37f460ed8fbf22160"]["string_property"] != "string_value" {
					t.Errorf("properties = %v", ch.Properties)
				}
			},
		},
		{
			name: "get_chat/latest thread", action: "get_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.GetChat(ctx, "PWJ8Y4THAV", "")
			},
			wantBody: `{"chat_id":"PWJ8Y4THAV"}`, response: getChatSample,
		},
		{
			name: "list_archives", action: "list_archives",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListArchives(ctx, agent.ListArchivesRequest{
					Filters: &agent.ArchivesFilters{
						EventTypes: &agent.StringFilter{Values: []string{"message", "filled_form"}},
						Tags:       &agent.StringFilter{Values: []string{"sales", "vip"}, RequireEveryValue: ptr(true)},
						Agents:     &agent.StringFilter{Exists: ptr(false)},
						From:       "2020-05-01T00:00:00.000000Z",
						CustomerID: "b7eff798-f8df-4364-8059-649c35c9ed0c",
						Extra:      livechat.Extra{"forms": json.RawMessage(`{"prechat":{"values":["1"]}}`)},
					},
					Limit:      10,
					Highlights: &agent.Highlights{},
				})
			},
			wantBody: `{"filters":{"from":"2020-05-01T00:00:00.000000Z","agents":{"exists":false},
				"tags":{"values":["sales","vip"],"require_every_value":true},
				"event_types":{"values":["message","filled_form"]},
				"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c",
				"forms":{"prechat":{"values":["1"]}}},"limit":10,"highlights":{}}`,
			response: listArchivesSample,
			check: func(t *testing.T, got any) {
				r := got.(*agent.ListArchivesResponse)
				if r.FoundChats != 42 || len(r.Chats) != 1 || r.NextPageID == "" {
					t.Fatalf("unexpected %+v", r)
				}
				th := r.Chats[0].Thread
				if th == nil || th.Active || th.NextAccessibleThreadID != "K600PKZOO8" || msgText(t, th.Events[0]) != "Hello there" {
					t.Errorf("thread = %+v", th)
				}
			},
		},
		{
			name: "start_chat", action: "start_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.StartChat(ctx, agent.StartChatRequest{
					Chat: &agent.InitialChat{
						Access: &livechat.Access{GroupIDs: []int{0}},
						Users:  []agent.ChatUser{{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c", Type: livechat.UserCustomer}},
						Thread: &agent.InitialThread{Events: []livechat.Event{agent.NewMessage("Hello")}},
					},
					Continuous: ptr(true),
				})
			},
			wantBody: `{"chat":{"access":{"group_ids":[0]},"users":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer"}],
				"thread":{"events":[{"type":"message","text":"Hello"}]}},"continuous":true}`,
			response: `{"chat_id":"PJ0MRSHTDG","thread_id":"PGDGHT5G","event_ids":["PGDGHT5G_1"]}`,
			check: func(t *testing.T, got any) {
				r := got.(*agent.StartChatResponse)
				if r.ChatID != "PJ0MRSHTDG" || r.ThreadID != "PGDGHT5G" || len(r.EventIDs) != 1 {
					t.Errorf("response = %+v", r)
				}
			},
		},
		{
			name: "start_chat/empty", action: "start_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.StartChat(ctx, agent.StartChatRequest{})
			},
			wantBody: `{}`, response: `{"chat_id":"PJ0MRSHTDG","thread_id":"PGDGHT5G"}`,
		},
		{
			name: "start_chat/inactive", action: "start_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.StartChat(ctx, agent.StartChatRequest{Active: ptr(false)})
			},
			wantBody: `{"active":false}`, response: `{"chat_id":"PJ0MRSHTDG","thread_id":"PGDGHT5G"}`,
		},
		{
			name: "resume_chat", action: "resume_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ResumeChat(ctx, agent.ResumeChatRequest{Chat: agent.InitialChat{ID: "PWJ8Y4THAV"}, Continuous: ptr(false)})
			},
			wantBody: `{"chat":{"id":"PWJ8Y4THAV"},"continuous":false}`,
			response: `{"thread_id":"Z8AGR5OUW"}`,
			check: func(t *testing.T, got any) {
				if r := got.(*agent.ResumeChatResponse); r.ThreadID != "Z8AGR5OUW" {
					t.Errorf("response = %+v", r)
				}
			},
		},
		{
			name: "deactivate_chat", action: "deactivate_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.DeactivateChat(ctx, agent.DeactivateChatRequest{ID: "PJ0MRSHTDG", IgnoreRequesterPresence: true})
			},
			wantBody: `{"id":"PJ0MRSHTDG","ignore_requester_presence":true}`,
		},
		{
			name: "follow_chat", action: "follow_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.FollowChat(ctx, "PW94SJTGW6")
			},
			wantBody: `{"id":"PW94SJTGW6"}`,
		},
		{
			name: "unfollow_chat", action: "unfollow_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UnfollowChat(ctx, "PJ0MRSHTDG")
			},
			wantBody: `{"id":"PJ0MRSHTDG"}`,
		},
		{
			name: "transfer_chat/group", action: "transfer_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.TransferChat(ctx, agent.TransferChatRequest{ID: "PJ0MRSHTDG", Target: agent.ToGroups(19)})
			},
			wantBody: `{"id":"PJ0MRSHTDG","target":{"type":"group","ids":[19]}}`,
		},
		{
			name: "transfer_chat/agent", action: "transfer_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.TransferChat(ctx, agent.TransferChatRequest{ID: "PJ0MRSHTDG", Target: agent.ToAgents("smith@example.com"),
					IgnoreAgentsAvailability: true, IgnoreRequesterPresence: true})
			},
			wantBody: `{"id":"PJ0MRSHTDG","target":{"type":"agent","ids":["smith@example.com"]},"ignore_agents_availability":true,"ignore_requester_presence":true}`,
		},
		{
			name: "add_user_to_chat", action: "add_user_to_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.AddUserToChat(ctx, agent.AddUserToChatRequest{ChatID: "PW94SJTGW6", UserID: "smith@example.com",
					UserType: livechat.UserAgent, Visibility: livechat.VisibilityAll, IgnoreRequesterPresence: true})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","user_id":"smith@example.com","user_type":"agent","visibility":"all","ignore_requester_presence":true}`,
		},
		{
			name: "remove_user_from_chat", action: "remove_user_from_chat",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.RemoveUserFromChat(ctx, agent.RemoveUserFromChatRequest{ChatID: "PW94SJTGW6", UserID: "smith@example.com", UserType: livechat.UserAgent})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","user_id":"smith@example.com","user_type":"agent"}`,
		},
		{
			name: "get_license_info", action: "get_license_info",
			call:     func(ctx context.Context, c *agent.Client) (any, error) { return c.GetLicenseInfo(ctx) },
			wantBody: `{}`,
			response: `{"license_id":104130623,"expires_at":"2030-01-01T00:00:00.000000Z","created_at":"2017-10-11T15:19:21.010200Z","in_trial":true}`,
			check: func(t *testing.T, got any) {
				li := got.(*agent.LicenseInfo)
				if li.LicenseID.String() != "104130623" || !li.InTrial || li.ExpiresAt.String() != "2030-01-01T00:00:00.000000Z" {
					t.Errorf("license = %+v", li)
				}
			},
		},
		{
			name: "send_event", action: "send_event",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SendEvent(ctx, agent.SendEventRequest{ChatID: "PW94SJTGW6",
					Event: &livechat.Message{EventBase: livechat.EventBase{Visibility: livechat.VisibilityAll}, Text: "hello world"}})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"message","text":"hello world","visibility":"all"}}`,
			response: `{"event_id":"K600PKZON8"}`,
			check: func(t *testing.T, got any) {
				if r := got.(*agent.SendEventResponse); r.EventID != "K600PKZON8" {
					t.Errorf("response = %+v", r)
				}
			},
		},
		{
			name: "send_event/rich message", action: "send_event",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SendEvent(ctx, agent.SendEventRequest{ChatID: "PW94SJTGW6", Event: &livechat.RichMessage{
					TemplateID: "quick_replies",
					Elements: []livechat.RichElement{{Title: "Are you satisfied?", Buttons: []livechat.RichButton{
						{Text: "Yes", Type: "message", Value: "yes", PostbackID: "ok_yes"},
						{Text: "No", Type: "message", Value: "no", PostbackID: "ok_no"},
					}}},
				}})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"rich_message","template_id":"quick_replies","elements":[{"title":"Are you satisfied?",
				"buttons":[{"text":"Yes","type":"message","value":"yes","postback_id":"ok_yes"},{"text":"No","type":"message","value":"no","postback_id":"ok_no"}]}]}}`,
			response: `{"event_id":"K600PKZON8_2"}`,
		},
		{
			name: "send_event/system message to last thread", action: "send_event",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SendEvent(ctx, agent.SendEventRequest{ChatID: "PW94SJTGW6", AttachToLastThread: true,
					Event: &livechat.SystemMessage{SystemMessageType: "custom.note", Text: "closed by bot"}})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"system_message","system_message_type":"custom.note","text":"closed by bot"},"attach_to_last_thread":true}`,
			response: `{"event_id":"K600PKZON8_3"}`,
		},
		{
			name: "SendMessage", action: "send_event",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SendMessage(ctx, "PW94SJTGW6", "internal note",
					agent.WithVisibility(livechat.VisibilityAgents), agent.WithCustomID("31-0C-1C-07-DB-16"))
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"message","custom_id":"31-0C-1C-07-DB-16","visibility":"agents","text":"internal note"}}`,
			response: `{"event_id":"K600PKZON8_4"}`,
			check: func(t *testing.T, got any) {
				if got.(string) != "K600PKZON8_4" {
					t.Errorf("event id = %v", got)
				}
			},
		},
		{
			name: "SendFile", action: "send_event",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SendFile(ctx, "PW94SJTGW6", "https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/image.png")
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"file","url":"https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/image.png"}}`,
			response: `{"event_id":"K600PKZON8_5"}`,
		},
		{
			name: "send_event_preview", action: "send_event_preview",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SendEventPreview(ctx, agent.SendEventPreviewRequest{ChatID: "PW94SJTGW6",
					Event: agent.NewMessage("Preview of a longer response...", agent.WithVisibility(livechat.VisibilityAll), agent.WithCustomID("31-0C-1C-07-DB-16"))})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"message","text":"Preview of a longer response...","visibility":"all","custom_id":"31-0C-1C-07-DB-16"}}`,
		},
		{
			name: "send_rich_message_postback", action: "send_rich_message_postback",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SendRichMessagePostback(ctx, agent.SendRichMessagePostbackRequest{ChatID: "PJ0MRSHTDG", ThreadID: "K600PKZON8",
					EventID: "a0c22fdd-fb71-40b5-bfc6-a8a0bc3117f7", Postback: agent.RichMessagePostback{ID: "Method URL_yes", Toggled: true}})
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"a0c22fdd-fb71-40b5-bfc6-a8a0bc3117f7","postback":{"id":"Method URL_yes","toggled":true}}`,
		},
		{
			name: "send_rich_message_postback/untoggled", action: "send_rich_message_postback",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SendRichMessagePostback(ctx, agent.SendRichMessagePostbackRequest{ChatID: "PJ0MRSHTDG", ThreadID: "K600PKZON8",
					EventID: "K600PKZON8_1", Postback: agent.RichMessagePostback{ID: "yes"}})
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"K600PKZON8_1","postback":{"id":"yes","toggled":false}}`,
		},
		{
			name: "update_chat_properties", action: "update_chat_properties",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UpdateChatProperties(ctx, agent.UpdateChatPropertiesRequest{ID: "Q1VZR7AJCE", Properties: props})
			},
			wantBody: `{"id":"Q1VZR7AJCE","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"Chat property value updated by Agent"}}}`,
		},
		{
			name: "delete_chat_properties", action: "delete_chat_properties",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.DeleteChatProperties(ctx, agent.DeleteChatPropertiesRequest{ID: "Q1VZR7AJCE", Properties: names})
			},
			wantBody: `{"id":"Q1VZR7AJCE","properties":{"0805e283233042b37f460ed8fbf22160":["string_property"]}}`,
		},
		{
			name: "update_thread_properties", action: "update_thread_properties",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UpdateThreadProperties(ctx, agent.UpdateThreadPropertiesRequest{ChatID: "Q1WZ073OA7", ThreadID: "Q1WZ073OB7", Properties: props})
			},
			wantBody: `{"chat_id":"Q1WZ073OA7","thread_id":"Q1WZ073OB7","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"Chat property value updated by Agent"}}}`,
		},
		{
			name: "delete_thread_properties", action: "delete_thread_properties",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.DeleteThreadProperties(ctx, agent.DeleteThreadPropertiesRequest{ChatID: "Q1WZ073OA7", ThreadID: "Q1WZ073OB7", Properties: names})
			},
			wantBody: `{"chat_id":"Q1WZ073OA7","thread_id":"Q1WZ073OB7","properties":{"0805e283233042b37f460ed8fbf22160":["string_property"]}}`,
		},
		{
			name: "update_event_properties", action: "update_event_properties",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UpdateEventProperties(ctx, agent.UpdateEventPropertiesRequest{ChatID: "Q1GZ3FNAT9", ThreadID: "Q1GZ3FNAU9", EventID: "Q1GZ3FNAU9_1", Properties: props})
			},
			wantBody: `{"chat_id":"Q1GZ3FNAT9","thread_id":"Q1GZ3FNAU9","event_id":"Q1GZ3FNAU9_1","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"Chat property value updated by Agent"}}}`,
		},
		{
			name: "delete_event_properties", action: "delete_event_properties",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.DeleteEventProperties(ctx, agent.DeleteEventPropertiesRequest{ChatID: "Q16ZSBGX3J", ThreadID: "Q16ZSBGX4J", EventID: "Q16ZSBGX4J_1", Properties: names})
			},
			wantBody: `{"chat_id":"Q16ZSBGX3J","thread_id":"Q16ZSBGX4J","event_id":"Q16ZSBGX4J_1","properties":{"0805e283233042b37f460ed8fbf22160":["string_property"]}}`,
		},
		{
			name: "tag_thread", action: "tag_thread",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.TagThread(ctx, agent.TagThreadRequest{ChatID: "PW94SJTGW6", ThreadID: "PWS6GIKAKH", Tag: "support"})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","thread_id":"PWS6GIKAKH","tag":"support"}`,
		},
		{
			name: "untag_thread", action: "untag_thread",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UntagThread(ctx, agent.UntagThreadRequest{ChatID: "PW94SJTGW6", ThreadID: "PWS6GIKAKH", Tag: "support"})
			},
			wantBody: `{"chat_id":"PW94SJTGW6","thread_id":"PWS6GIKAKH","tag":"support"}`,
		},
		{
			name: "get_customer", action: "get_customer",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.GetCustomer(ctx, "b7eff798-f8df-4364-8059-649c35c9ed0c")
			},
			wantBody: `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}`,
			response: getCustomerSample,
			check: func(t *testing.T, got any) {
				cu := got.(*livechat.Customer)
				if cu.Name != "Thomas Anderson" || cu.Statistics.PageViewsCount != 1337 || len(cu.ChatIDs) != 1 ||
					cu.LastVisit == nil || len(cu.LastVisit.LastPages) != 2 || cu.LastVisit.Geolocation.City != "Wroclaw" {
					t.Errorf("customer = %+v", cu)
				}
				if len(cu.SessionFields) != 2 || cu.SessionFields[0]["custom_key"] != "custom_value" {
					t.Errorf("session fields = %v", cu.SessionFields)
				}
			},
		},
		{
			name: "update_customer", action: "update_customer",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UpdateCustomer(ctx, agent.UpdateCustomerRequest{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c",
					Name: "Thomas Anderson", Email: "t.anderson@example.com", Avatar: "https://example.com/avatars/1.png",
					SessionFields: livechat.SessionFields{{"custom_key": "custom_value"}, {"another_custom_key": "another_custom_value"}}})
			},
			wantBody: `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","name":"Thomas Anderson","email":"t.anderson@example.com",
				"avatar":"https://example.com/avatars/1.png","session_fields":[{"custom_key":"custom_value"},{"another_custom_key":"another_custom_value"}]}`,
		},
		{
			name: "ban_customer", action: "ban_customer",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.BanCustomer(ctx, agent.BanCustomerRequest{ID: "b7eff798-f8df-4364-8059-649c35c9ed0c", Ban: agent.Ban{Days: 3}})
			},
			wantBody: `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","ban":{"days":3}}`,
		},
		{
			name: "subscribe_customers", action: "subscribe_customers", rtm: true,
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SubscribeCustomers(ctx, agent.SubscribeCustomersRequest{GroupIDs: []int{0, 42}, Limit: 100})
			},
			wantBody: `{"group_ids":[0,42],"limit":100}`,
			response: `{"subscription_id":"b7eff798f8df43648059649c35c9ed0c","customers":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas Anderson"}]}`,
			check: func(t *testing.T, got any) {
				r := got.(*agent.SubscribeCustomersResponse)
				if r.SubscriptionID != "b7eff798f8df43648059649c35c9ed0c" || len(r.Customers) != 1 || r.Customers[0].Name != "Thomas Anderson" {
					t.Errorf("response = %+v", r)
				}
			},
		},
		{
			name: "unsubscribe_customers", action: "unsubscribe_customers", rtm: true,
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.UnsubscribeCustomers(ctx, "b7eff798f8df43648059649c35c9ed0c")
			},
			wantBody: `{"subscription_id":"b7eff798f8df43648059649c35c9ed0c"}`,
		},
		{
			name: "set_routing_status", action: "set_routing_status",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SetRoutingStatus(ctx, agent.SetRoutingStatusRequest{Status: livechat.AcceptingChats, AgentID: "smith@example.com"})
			},
			wantBody: `{"status":"accepting_chats","agent_id":"smith@example.com"}`,
		},
		{
			name: "list_routing_statuses", action: "list_routing_statuses",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListRoutingStatuses(ctx, agent.ListRoutingStatusesRequest{Filters: &agent.RoutingStatusFilters{GroupIDs: []int{0}}})
			},
			wantBody: `{"filters":{"group_ids":[0]}}`,
			response: `[{"agent_id":"smith@example.com","status":"accepting_chats"},{"agent_id":"agent@example.com","status":"not_accepting_chats"}]`,
			check: func(t *testing.T, got any) {
				r := got.([]agent.AgentRoutingStatus)
				if len(r) != 2 || r[1].AgentID != "agent@example.com" || r[1].Status != livechat.NotAcceptingChats {
					t.Errorf("statuses = %+v", r)
				}
			},
		},
		{
			name: "mark_events_as_seen", action: "mark_events_as_seen",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.MarkEventsAsSeen(ctx, agent.MarkEventsAsSeenRequest{ChatID: "PJ0MRSHTDG", SeenUpTo: "2017-10-12T15:19:21.010200Z"})
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","seen_up_to":"2017-10-12T15:19:21.010200Z"}`,
		},
		{
			name: "send_typing_indicator", action: "send_typing_indicator",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: "PJ0MRSHTDG", IsTyping: true})
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","is_typing":true}`,
		},
		{
			name: "send_typing_indicator/off", action: "send_typing_indicator",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: "PJ0MRSHTDG", Visibility: livechat.VisibilityAgents})
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","visibility":"agents","is_typing":false}`,
		},
		{
			name: "send_thinking_indicator", action: "send_thinking_indicator",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.SendThinkingIndicator(ctx, agent.SendThinkingIndicatorRequest{ChatID: "PJ0MRSHTDG", Title: "Thinking...",
					Description: "Fetching data from the Billing API...", Visibility: livechat.VisibilityAll, CustomID: "31-0C-1C-07-DB-16"})
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","title":"Thinking...","description":"Fetching data from the Billing API...","visibility":"all","custom_id":"31-0C-1C-07-DB-16"}`,
		},
		{
			name: "multicast", action: "multicast",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.Multicast(ctx, agent.MulticastRequest{
					Recipients: agent.MulticastRecipients{
						Agents:    &agent.MulticastAgents{All: true, IDs: []string{"smith@example.com", "agent@example.com"}, Groups: []int{1, 2}},
						Customers: &agent.MulticastCustomers{IDs: []string{"b7eff798-f8df-4364-8059-649c35c9ed0c"}},
					},
					Content: map[string]any{"example": map[string]any{"nested": "json"}},
				})
			},
			wantBody: `{"recipients":{"agents":{"all":true,"ids":["smith@example.com","agent@example.com"],"groups":[1,2]},
				"customers":{"ids":["b7eff798-f8df-4364-8059-649c35c9ed0c"]}},"content":{"example":{"nested":"json"}}}`,
		},
		{
			name: "list_agents_for_transfer", action: "list_agents_for_transfer",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListAgentsForTransfer(ctx, "PJ0MRSHTDG")
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG"}`,
			response: `[{"agent_id":"smith@example.com","total_active_chats":2},{"agent_id":"agent@example.com","total_active_chats":5}]`,
			check: func(t *testing.T, got any) {
				r := got.([]agent.AgentForTransfer)
				if len(r) != 2 || r[0].AgentID != "smith@example.com" || r[1].TotalActiveChats != 5 {
					t.Errorf("agents = %+v", r)
				}
			},
		},
		{
			name: "request_thread_summary", action: "request_thread_summary",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return nil, c.RequestThreadSummary(ctx, "PJ0MRSHTDG", "K600PKZON8")
			},
			wantBody: `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}`,
		},
	}
	runMethodCases(t, livechat.V3_6, cases)
}

func TestMethods35(t *testing.T) {
	cases := []methodCase{
		{
			name: "list_chats/include_active", action: "list_chats",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{IncludeActive: ptr(false), GroupIDs: []int{0}}})
			},
			wantBody: `{"filters":{"include_active":false,"group_ids":[0]}}`,
			response: listChatsSample,
		},
		{
			name: "list_chats/include_active true kept", action: "list_chats",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{IncludeActive: ptr(true)}})
			},
			wantBody: `{"filters":{"include_active":true}}`, response: `{"chats_summary":[],"found_chats":0}`,
		},
		{
			name: "list_chats/active false maps to include_active false", action: "list_chats",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{Active: ptr(false)}})
			},
			wantBody: `{"filters":{"include_active":false}}`, response: `{"chats_summary":[],"found_chats":0}`,
		},
		{
			name: "list_customers", action: "list_customers",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.ListCustomers(ctx, agent.ListCustomersRequest{Limit: 20, SortOrder: agent.SortAsc, SortBy: "threads_count",
					Filters: &agent.CustomersFilters{
						Email:                        &agent.ValuesFilter{Values: []string{"t.anderson@example.com"}},
						ChatsCount:                   &agent.RangeFilter{GTE: ptr(0)},
						CreatedAt:                    &agent.TimeRangeFilter{GT: "2017-10-01T00:00:00.000000Z"},
						ChatGroupIDs:                 &agent.GroupIDsFilter{Values: []int{0}},
						IncludeCustomersWithoutChats: ptr(false),
					}})
			},
			wantBody: `{"limit":20,"sort_order":"asc","sort_by":"threads_count","filters":{"email":{"values":["t.anderson@example.com"]},
				"chats_count":{"gte":0},"created_at":{"gt":"2017-10-01T00:00:00.000000Z"},"chat_group_ids":{"values":[0]},
				"include_customers_without_chats":false}}`,
			response: listCustomersSample,
			check: func(t *testing.T, got any) {
				r := got.(*agent.ListCustomersResponse)
				if r.TotalCustomers != 2340 || len(r.Customers) != 1 || r.Customers[0].Statistics.ThreadsCount != 9 || r.NextPageID == "" {
					t.Errorf("response = %+v", r)
				}
			},
		},
		{
			name: "create_customer", action: "create_customer",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.CreateCustomer(ctx, agent.CreateCustomerRequest{Name: "Thomas Anderson", Email: "t.anderson@example.com",
					Avatar: "https://example.com/avatars/1.png", SessionFields: livechat.SessionFields{{"custom_key": "custom_value"}}})
			},
			wantBody: `{"name":"Thomas Anderson","email":"t.anderson@example.com","avatar":"https://example.com/avatars/1.png","session_fields":[{"custom_key":"custom_value"}]}`,
			response: `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}`,
			check: func(t *testing.T, got any) {
				if r := got.(*agent.CreateCustomerResponse); r.CustomerID != "b7eff798-f8df-4364-8059-649c35c9ed0c" {
					t.Errorf("response = %+v", r)
				}
			},
		},
		{
			name: "send_event", action: "send_event",
			call: func(ctx context.Context, c *agent.Client) (any, error) {
				return c.SendMessage(ctx, "PW94SJTGW6", "hello world")
			},
			wantBody: `{"chat_id":"PW94SJTGW6","event":{"type":"message","text":"hello world"}}`,
			response: `{"event_id":"K600PKZON8"}`,
		},
	}
	runMethodCases(t, livechat.V3_5, cases)
}

func TestPlatformErrors(t *testing.T) {
	cases := []struct {
		status   int
		body     string
		sentinel error
		typ      livechat.ErrorType
	}{
		{404, `{"error":{"type":"not_found","message":"Chat not found"}}`, livechat.ErrNotFound, livechat.TypeNotFound},
		{401, `{"error":{"type":"authentication","message":"Invalid access token"}}`, livechat.ErrAuthentication, livechat.TypeAuthentication},
		{403, `{"error":{"type":"authorization","message":"Requester is not allowed"}}`, livechat.ErrAuthorization, livechat.TypeAuthorization},
		{400, `{"error":{"type":"validation","message":"Wrong format of request"}}`, livechat.ErrValidation, livechat.TypeValidation},
		{422, `{"error":{"type":"chat_inactive","message":"Chat is inactive"}}`, livechat.ErrChatInactive, livechat.TypeChatInactive},
		{429, `{"error":{"type":"too_many_requests","message":"Too many requests"}}`, livechat.ErrTooManyRequests, livechat.TypeTooManyRequests},
		{421, `{"error":{"type":"misdirected_request","message":"Wrong region","data":{"region":"fra"}}}`, livechat.ErrMisdirectedRequest, livechat.TypeMisdirectedRequest},
	}
	for _, tc := range cases {
		t.Run(string(tc.typ), func(t *testing.T) {
			c, rec := newWebClient(t, livechat.V3_6, reply(tc.status, tc.body))
			_, err := c.SendMessage(context.Background(), "PJ0MRSHTDG", "hi")
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("err = %v, want errors.Is %v", err, tc.sentinel)
			}
			var le *livechat.Error
			if !errors.As(err, &le) {
				t.Fatalf("err %T is not *livechat.Error", err)
			}
			if le.Status != tc.status || le.Action != "send_event" || le.Type != tc.typ || le.Message == "" {
				t.Errorf("error = %+v", le)
			}
			if tc.typ == livechat.TypeMisdirectedRequest && le.Region() != "fra" {
				t.Errorf("region = %q", le.Region())
			}
			if n := len(rec.Requests()); n != 1 {
				t.Errorf("%d requests sent, want 1 (writes are not retried)", n)
			}
		})
	}
	t.Run("get_chat not found", func(t *testing.T) {
		c, _ := newWebClient(t, livechat.V3_6, reply(404, `{"error":{"type":"not_found","message":"Chat not found"}}`))
		chat, err := c.GetChat(context.Background(), "NOPE000000", "")
		if chat != nil || !errors.Is(err, livechat.ErrNotFound) {
			t.Fatalf("chat=%v err=%v", chat, err)
		}
	})
	t.Run("undecodable response", func(t *testing.T) {
		c, _ := newWebClient(t, livechat.V3_6, reply(200, `{"chat_id": 12`))
		if _, err := c.StartChat(context.Background(), agent.StartChatRequest{}); err == nil || !strings.Contains(err.Error(), "decode") {
			t.Fatalf("err = %v, want a decode error", err)
		}
	})
}
