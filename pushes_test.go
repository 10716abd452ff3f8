package livechat

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pushSamples are the documented sample payloads of the agent and
// customer RTM pushes and of the webhooks (payload member only), with the
// placeholders of the docs filled in.
var pushSamples = []struct {
	name, doc, json string
}{
	{PushIncomingChat, "agent 3.6", `{"requester_id":"smith@example.com","chat":{"id":"PJ0MRSHTDG","users":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas Anderson","present":true,"events_seen_up_to":"2019-12-05T07:27:08.820000Z"},{"id":"smith@example.com","type":"agent","name":"Agent Smith","present":true,"visibility":"all"}],"properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}},"thread":{"id":"K600PKZON8","active":true,"user_ids":["b7eff798-f8df-4364-8059-649c35c9ed0c","smith@example.com"],"events":[{"id":"K600PKZON8_1","created_at":"2019-12-05T07:27:08.820000Z","visibility":"all","type":"message","text":"Hello","author_id":"smith@example.com"}],"properties":{},"access":{"group_ids":[0]},"created_at":"2019-12-05T07:27:08.820000Z"}},"transferred_from":{"group_ids":[1],"agent_ids":["agent@example.com"]}}`},
	{PushIncomingChat, "customer 3.6 (transferred_from inside chat)", `{"requester_id":"b5657aff34dd32e198160d54666df9d8","chat":{"id":"PJ0MRSHTDG","users":[],"properties":{},"access":{"group_ids":[1]},"thread":{"id":"K600PKZON8","active":false},"transferred_from":{"group_ids":[1],"agent_ids":["bbb67d600796e9f277e360e842418833"]}}}`},
	{PushChatDeactivated, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}`},
	{PushChatDeleted, "agent 3.6", `{"chat_id":"PJ0MRSHTDG"}`},
	{PushThreadDeleted, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}`},
	{PushThreadsDeleted, "agent 3.6", `{"date_from":"2017-10-12T15:19:21.010200Z","date_to":"2019-10-12T15:19:21.010200Z","tag":"bug_report"}`},
	{PushChatAccessUpdated, "agent 3.6", `{"id":"PJ0MRSHTDG","access":{"group_ids":[0,1]}}`},
	{PushChatTransferred, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","requester_id":"jones@example.com","reason":"manual","transferred_to":{"group_ids":[19],"agent_ids":["smith@example.com"]},"queue":{"position":42,"wait_time":1337,"queued_at":"2019-12-09T12:01:18.909000Z"}}`},
	{PushChatTransferred, "webhook 3.5 (queued_at_us)", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","requester_id":"jones@example.com","reason":"manual","transferred_to":{"group_ids":[19],"agent_ids":["smith@example.com"]},"queue":{"position":42,"wait_time":1337,"queued_at_us":"2019-12-09T12:01:18.909000Z"}}`},
	{PushUserAddedToChat, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user":{"id":"smith@example.com","type":"agent","name":"Agent Smith","email":"smith@example.com","present":false,"events_seen_up_to":"1970-01-01T00:00:00Z","avatar":"https://example.com/avatar.png","visibility":"all"},"reason":"manual","requester_id":"smith@example.com"}`},
	{PushUserAddedToChat, "webhook 3.6 (customer, user_type)", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user":{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas Anderson","present":true},"user_type":"customer","reason":"manual","requester_id":"smith@example.com"}`},
	{PushUserRemovedFromChat, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","user_id":"agent@example.com","reason":"manual","requester_id":"smith@example.com"}`},
	{PushIncomingEvent, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"Q20163UAHO_2","created_at":"2019-12-05T07:27:08.820000Z","visibility":"all","type":"message","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}},"text":"Hello","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c"}}`},
	{PushIncomingEvent, "customer 3.5 (recipients)", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"Q20163UAHO_2","created_at":"2019-12-05T07:27:08.820000Z","recipients":"all","type":"message","properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}},"text":"Hello","author_id":"b5657aff-34dd-32e1-98160d54666df9d8"}}`},
	{PushIncomingEvent, "unknown event type", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"Q20163UAHO_3","type":"hologram","created_at":"2019-12-05T07:27:08.820000Z","shape":{"sides":3}}}`},
	{PushEventUpdated, "agent 3.6", `{"chat_id":"123-123-123-123","thread_id":"E2WDHA8A","event":{"id":"E2WDHA8A_2","created_at":"2019-12-05T07:27:08.820000Z","visibility":"all","type":"file","author_id":"smith@example.com","name":"photo.png","url":"https://cdn.livechat-files.com/api/file/lc/att/1/hash/photo.png","content_type":"image/png","size":123444,"width":640,"height":480}}`},
	{PushEventDeleted, "agent 3.6", `{"chat_id":"123-123-123-123","thread_id":"E2WDHA8A","event_id":"E2WDHA8A_4"}`},
	{PushIncomingRichMessagePostback, "agent 3.6", `{"user_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"a0c22fdd-fb71-40b5-bfc6-a8a0bc3117f7","postback":{"id":"action_yes","toggled":true}}`},
	{PushChatPropertiesUpdated, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","properties":{"rating":{"score":1,"comment":"Well done!"}}}`},
	{PushChatPropertiesDeleted, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","properties":{"rating":["score","comment"]}}`},
	{PushThreadPropertiesUpdated, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","properties":{"rating":{"score":1,"comment":"Well done!"}}}`},
	{PushThreadPropertiesDeleted, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","properties":{"rating":["score","comment"]}}`},
	{PushEventPropertiesUpdated, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"2_E2WDHA8A","properties":{"rating":{"score":1,"comment":"Well done!"}}}`},
	{PushEventPropertiesDeleted, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event_id":"2_E2WDHA8A","properties":{"rating":["score","comment"]}}`},
	{PushThreadTagged, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","tag":"bug_report"}`},
	{PushThreadUntagged, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","tag":"bug_report"}`},
	{PushIncomingCustomers, "agent 3.6", `{"customer_monitoring_level":"invited","customers":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas Anderson","email":"t.anderson@example.com","email_verified":false,"avatar":"https://example.com/avatars/1.jpg","created_at":"2017-10-12T15:19:21.010200Z","session_fields":[{"custom_key":"custom_value"}],"statistics":{"chats_count":3,"threads_count":9,"visits_count":5,"page_views_count":1337,"greetings_shown_count":69,"greetings_accepted_count":16}}]}`},
	{PushIncomingCustomer, "agent push 3.5 (customer object)", `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer","name":"Thomas Anderson","email":"t.anderson@example.com","last_visit":{"started_at":"2017-10-12T15:19:21.010200Z","referrer":"http://www.google.com/","ip":"<customer_ip>","user_agent":"Mozilla/5.0","geolocation":{"latitude":"-14.6973803","longitude":"-75.1266898","country":"Poland","country_code":"PL","region":"Dolnoslaskie","city":"Wroclaw","timezone":"Europe/Warsaw"},"last_pages":[{"opened_at":"2017-10-12T15:19:21.010200Z","url":"https://www.livechat.com/","title":"LiveChat - Homepage"}]},"statistics":{"chats_count":3}}`},
	{PushIncomingCustomer, "webhook 3.5 ({customer})", `{"customer":{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","name":"Thomas Anderson","email":"t.anderson@example.com","avatar":"https://example.com/avatars/1.jpg","session_fields":[{"custom_key":"custom_value"},{"another_custom_key":"another_custom_value"}]}}`},
	{PushCustomerUpdated, "agent 3.6", `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","name":"Thomas Anderson","email":"t.anderson@example.com","avatar":"https://example.com/avatars/1.jpg","phone_number":"+14155552671","type":"customer","session_fields":[{"custom_key":"custom_value"},{"another_custom_key":"another_custom_value"}],"omnichannel":{"fb_messenger":[{"id":"4f0ad8d8-1b7e-4519-8400-fa955eb11d12","name":"Anderson"}],"twilio":[{"phone_number":"+14155552671"}]},"address":{"address":"1600 Pennsylvania Avenue NW","city":"Washington","country":"United States","state":"DC","postal_code":"20500"}}`},
	{PushCustomerPageUpdated, "agent 3.6", `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","visit_id":42,"opened_at":"2017-10-12T15:19:21.010200Z","url":"https://www.livechat.com/","title":"LiveChat - Homepage"}`},
	{PushCustomerStatisticsUpdated, "agent 3.6", `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","statistics":{"chats_count":9,"threads_count":13,"visits_count":14,"page_views_count":15,"greetings_accepted_count":0,"greetings_converted_count":0,"tickets_count":6,"tickets_inbox_count":6,"tickets_archive_count":0,"tickets_spam_count":0,"tickets_trash_count":0,"orders_count":15,"last_visit_started_at":"2025-10-17T13:37:15Z"}}`},
	{PushCustomerBanned, "agent 3.6", `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","ban":{"days":5}}`},
	{PushCustomerTransferred, "agent 3.6", `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","transferred_to":{"group_ids":[1]},"followed":true}`},
	{PushCustomerLeft, "agent 3.6", `{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","left_at":"2017-10-12T15:19:21.010200Z"}`},
	{PushSubscribedCustomersTotalsUpdated, "agent 3.6", `{"b7eff798f8df43648059649c35c9ed0c":123,"a0c22fddfb7140b5bfc6a8a0bc3117f7":321}`},
	{PushTicketCreated, "agent 3.6", `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","ticket_id":"0c04cb99-817a-4935-9d62-137c89a74388","silo":"inbox","created_at":"2019-12-05T07:27:08.820000Z"}`},
	{PushTicketDeleted, "agent 3.6", `{"customer_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","ticket_id":"0c04cb99-817a-4935-9d62-137c89a74388"}`},
	{PushCustomerSessionFieldsUpdated, "webhook 3.6", `{"id":"5280e68c-9692-4212-4ba9-85f7d8af55cd","active_chat":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"},"session_fields":[{"key":"value"}]}`},
	{PushRoutingStatusSet, "agent 3.6", `{"agent_id":"smith@example.com","status":"accepting_chats"}`},
	{PushRoutingStatusSet, "webhook 3.6 (spaces)", `{"agent_id":"agent1@example.com","status":"accepting chats"}`},
	{PushAgentDisconnected, "agent 3.6", `{"reason":"misdirected_request","data":{"region":"fra"}}`},
	{PushAgentCreated, "agent 3.6", `{"id":"smith@example.com","name":"Agent Smith","role":"viceowner","awaiting_approval":false,"groups":[{"id":5,"priority":"first"},{"id":2,"priority":"last"},{"id":1,"priority":"normal"}],"notifications":["new_visitor","new_goal","visitor_is_typing"],"email_subscriptions":["weekly_summary"],"work_scheduler":{"timezone":"Europe/Warsaw","schedule":[{"day":"monday","enabled":true,"start":"08:30","end":"12:30"},{"day":"monday","enabled":true,"start":"13:30","end":"16:30"}]}}`},
	{PushAgentApproved, "agent 3.6", `{"id":"smith@example.com"}`},
	{PushAgentUpdated, "agent 3.6", `{"id":"smith@example.com","work_scheduler":{"timezone":"Europe/Warsaw","schedule":[{"day":"monday","enabled":true,"start":"08:30","end":"12:30"},{"day":"monday","enabled":true,"start":"13:30","end":"16:30"},{"day":"friday","enabled":true,"start":"07:30","end":"21:30"}]}}`},
	{PushAgentSuspended, "agent 3.6", `{"id":"smith@example.com"}`},
	{PushAgentUnsuspended, "agent 3.6", `{"id":"smith@example.com"}`},
	{PushAgentDeleted, "agent 3.6", `{"id":"smith@example.com"}`},
	{PushAutoAccessesUpdated, "agent 3.6 (added)", `[{"id":"dc70916fdc9d02ea0bcdee5b2fa64717","next_id":"b1cd0bfea640f671694110c6ae34356f","status":"updated"},{"id":"b1cd0bfea640f671694110c6ae34356f","description":"","access":{"groups":[0]},"conditions":{"url":{"values":[{"value":"https://www.auto-access.test","exact_match":false}]},"domain":{"values":[{"value":"https://www.auto-access.test","exact_match":true}]},"geolocation":{"values":[{"country":"United States","country_code":"US","region":"California","city":"Mountain View"}]}},"next_id":"","status":"added"}]`},
	{PushAutoAccessesUpdated, "agent 3.6 (deleted)", `[{"id":"b1cd0bfea640f671694110c6ae34356f","next_id":"","status":"updated"},{"id":"dc70916fdc9d02ea0bcdee5b2fa64717","status":"deleted"}]`},
	{PushBotCreated, "agent 3.6", `{"id":"5c9871d5372c824cbf22d860a707a578","name":"Bot Name","default_group_priority":"first","groups":[{"id":0,"priority":"normal"}],"owner_client_id":"asXdesldiAJSq9padj"}`},
	{PushBotUpdated, "agent 3.6", `{"id":"5c9871d5372c824cbf22d860a707a578","name":"New Bot Name"}`},
	{PushBotDeleted, "agent 3.6", `{"id":"5c9871d5372c824cbf22d860a707a578"}`},
	{PushGroupCreated, "agent 3.6", `{"id":42,"name":"Sales","language_code":"en","agent_priorities":{"agent@example.com":"normal","other_agent@example.com":"first"}}`},
	{PushGroupUpdated, "agent 3.6", `{"id":42,"name":"Sales"}`},
	{PushGroupUpdated, "group 0", `{"id":0,"language_code":"pl"}`},
	{PushGroupDeleted, "agent 3.6", `{"id":42}`},
	{PushTagCreated, "agent 3.6", `{"name":"docs_feedback","group_ids":[0,42],"created_at":"2019-12-09T12:01:18.909000Z","author_id":"smith@example.com"}`},
	{PushTagUpdated, "agent 3.6", `{"name":"docs_feedback","group_ids":[0,42]}`},
	{PushTagDeleted, "agent 3.6", `{"name":"docs_feedback"}`},
	{PushGroupsStatusUpdated, "agent 3.6", `{"groups":[{"id":0,"status":"offline"}]}`},
	{PushLicensePropertiesUpdated, "agent 3.6", `{"properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}}}`},
	{PushGroupPropertiesUpdated, "agent 3.6", `{"group_id":1,"properties":{"0805e283233042b37f460ed8fbf22160":{"string_property":"string value"}}}`},
	{PushIncomingThinkingIndicator, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","author_id":"smith@example.com","sent_at":"2025-07-16T12:34:56.909000Z","title":"Thinking...","description":"Fetching data from the Billing API...","custom_id":"31-0C-1C-07-DB-16"}`},
	{PushIncomingTypingIndicator, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","typing_indicator":{"author_id":"smith@example.com","visibility":"all","timestamp":1574245378,"is_typing":true}}`},
	{PushIncomingTypingIndicator, "customer 3.5 (recipients, false)", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","typing_indicator":{"author_id":"d17cd570-11a9-45c0-45c0-1b020b7586dc","recipients":"all","timestamp":1574245378,"is_typing":false}}`},
	{PushIncomingSneakPeek, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","sneak_peek":{"author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","text":"Hello","timestamp":1574245378}}`},
	{PushEventsMarkedAsSeen, "agent 3.6", `{"user_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","chat_id":"PJ0MRSHTDG","seen_up_to":"2017-10-12T15:19:21.010200Z"}`},
	{PushIncomingMulticast, "agent 3.6", `{"author_id":"smith@example.com","content":{"example":{"nested":"json"}},"type":"type1"}`},
	{PushChatUnfollowed, "agent 3.6", `{"chat_id":"PJ0MRSHTDG"}`},
	{PushQueuePositionsUpdated, "agent 3.6", `[{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","queue":{"position":42,"wait_time":1337}},{"chat_id":"PJ0VRSATDS","thread_id":"K60QPKSON9","queue":{"position":43,"wait_time":1373}}]`},
	{PushThreadSummarySet, "agent 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","summary":{"status":"ok","text":"• Customer asks about discount codes.","updated_at":"2025-12-09T12:01:18.909000Z"}}`},
	{PushIncomingError, "agent 3.6", `{"action":"set_thread_summary","chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8"}`},
	{PushIncomingError, "with error", `{"action":"request_thread_summary","chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","error":{"type":"internal","message":"Internal server error"}}`},
	{PushCustomerSideStorageUpdated, "customer 3.6", `{"customer_side_storage":{"customer_visits":"1"}}`},
	{PushCustomerDisconnected, "customer 3.6", `{"reason":"misdirected_connection","data":{"region":"fra"}}`},
	{PushIncomingGreeting, "customer 3.6", `{"id":7,"unique_id":"Q10O0N5B5D","displayed_first_time":true,"addon":"email","subtype":"announcement","event":{"id":"Q10O0N5B5D_1","type":"message","text":"Hello, can I help you?","created_at":"2019-12-05T07:27:08.820000Z","author_id":"b5657aff34dd32e198160d54666df9d8"},"agent":{"name":"Agent Smith","id":"b5657aff34dd32e198160d54666df9d8","avatar":"https://example.com/image25.png","job_title":"Support Agent","is_bot":false}}`},
	{PushGreetingAccepted, "customer 3.6", `{"unique_id":"Q40R0832IN"}`},
	{PushGreetingCanceled, "customer 3.6", `{"unique_id":"Q10O0N5B5D"}`},
	{PushQueuePositionUpdated, "customer 3.6", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","queue":{"position":42,"wait_time":1337}}`},
	{PushIncomingEvent, "explicit null event", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":null}`},
}

func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	return v
}

func TestPushSamplesRoundTrip(t *testing.T) {
	for _, s := range pushSamples {
		t.Run(s.name+"/"+s.doc, func(t *testing.T) {
			v, err := DecodePushPayload(s.name, []byte(s.json))
			if err != nil {
				t.Fatal(err)
			}
			if _, raw := v.(json.RawMessage); raw {
				t.Fatalf("%s is not registered", s.name)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(jsonValue(t, []byte(s.json)), jsonValue(t, out)); diff != "" {
				t.Errorf("round trip changed the payload (-doc +ours):\n%s", diff)
			}
		})
	}
}

func TestEverySampledNameAndEveryRegistryName(t *testing.T) {
	sampled := map[string]bool{}
	for _, s := range pushSamples {
		sampled[s.name] = true
	}
	for _, name := range PushNames() {
		if !sampled[name] {
			t.Errorf("no documented sample for %s", name)
		}
		v, ok := NewPushPayload(name)
		if !ok || v == nil || reflect.TypeOf(v).Kind() != reflect.Pointer {
			t.Fatalf("NewPushPayload(%q) = %T, %v", name, v, ok)
		}
		empty := "{}"
		if k := reflect.TypeOf(v).Elem().Kind(); k == reflect.Slice {
			empty = "[]"
		}
		if err := json.Unmarshal([]byte(empty), v); err != nil {
			t.Errorf("%s: decode %s: %v", name, empty, err)
		}
		if _, err := json.Marshal(v); err != nil {
			t.Errorf("%s: encode: %v", name, err)
		}
	}
	if _, ok := NewPushPayload("no_such_push"); ok {
		t.Error("unknown name registered")
	}
	raw, err := DecodePushPayload("no_such_push", []byte(`{"a":1}`))
	if err != nil || string(raw.(json.RawMessage)) != `{"a":1}` {
		t.Errorf("unknown push = %v, %v", raw, err)
	}
}

func TestNameListsAreRegistered(t *testing.T) {
	for _, v := range []APIVersion{V3_5, V3_6, ""} {
		for _, list := range [][]string{AgentPushNames(v), CustomerPushNames(v), WebhookActions(v)} {
			seen := map[string]bool{}
			for _, n := range list {
				if _, ok := NewPushPayload(n); !ok {
					t.Errorf("%s: %s not registered", v, n)
				}
				if seen[n] {
					t.Errorf("%s: %s listed twice", v, n)
				}
				seen[n] = true
			}
		}
	}
	w35, w36 := WebhookActions(V3_5), WebhookActions(V3_6)
	if len(w35) != 37 || len(w36) != 38 {
		t.Errorf("webhook actions: 3.5 has %d, 3.6 has %d; want 37 and 38", len(w35), len(w36))
	}
	if !slices.Contains(w35, PushIncomingCustomer) || slices.Contains(w36, PushIncomingCustomer) {
		t.Error("incoming_customer must be a 3.5-only webhook")
	}
	for _, n := range []string{PushEventDeleted, PushThreadSummarySet} {
		if slices.Contains(w35, n) || !slices.Contains(w36, n) {
			t.Errorf("%s must be a 3.6-only webhook", n)
		}
	}
	if slices.Contains(AgentPushNames(V3_5), PushIncomingError) || !slices.Contains(AgentPushNames(V3_6), PushIncomingError) {
		t.Error("incoming_error must be a 3.6 push")
	}
	// The lists are copies.
	w36[0] = "mutated"
	if WebhookActions(V3_6)[0] == "mutated" {
		t.Error("WebhookActions returned shared storage")
	}
}

func TestTypedPushFields(t *testing.T) {
	v, err := DecodePushPayload(PushIncomingEvent, []byte(pushSamples[12].json))
	if err != nil {
		t.Fatal(err)
	}
	p := v.(*IncomingEventPush)
	m, ok := p.Event.(*Message)
	if !ok || m.Text != "Hello" || p.ChatID != "PJ0MRSHTDG" {
		t.Fatalf("incoming_event decoded to %#v", p)
	}

	var ua UserAddedToChatPush
	if err := json.Unmarshal([]byte(`{"chat_id":"C","user":{"id":"a@b.c","type":"agent","name":"A"}}`), &ua); err != nil {
		t.Fatal(err)
	}
	if a, ok := ua.User.(*Agent); !ok || a.Name != "A" {
		t.Errorf("user = %#v", ua.User)
	}

	var rs RoutingStatusSetPush
	_ = json.Unmarshal([]byte(`{"agent_id":"a","status":"not accepting chats"}`), &rs)
	if rs.RoutingStatus() != NotAcceptingChats {
		t.Errorf("RoutingStatus() = %q", rs.RoutingStatus())
	}

	var ic IncomingCustomerPush
	_ = json.Unmarshal([]byte(`{"customer":{"id":"c1","name":"N"}}`), &ic)
	if !ic.Wrapped || ic.Customer.ID != "c1" {
		t.Errorf("webhook incoming_customer = %#v", ic)
	}
	ic = IncomingCustomerPush{}
	_ = json.Unmarshal([]byte(`{"id":"c2","name":"N"}`), &ic)
	if ic.Wrapped || ic.Customer.ID != "c2" {
		t.Errorf("push incoming_customer = %#v", ic)
	}

	var ie IncomingErrorPush
	_ = json.Unmarshal([]byte(`{"action":"request_thread_summary","error":{"type":"internal","message":"x"}}`), &ie)
	if e := ie.Err(); e == nil || e.Type != TypeInternal || e.Action != "request_thread_summary" {
		t.Errorf("Err() = %v", e)
	}

	ad := AgentDisconnectedPush{Reason: "access_token_expired"}
	if !ad.ShouldReconnect() || (&AgentDisconnectedPush{Reason: "license_expired"}).ShouldReconnect() {
		t.Error("ShouldReconnect advice is wrong")
	}

	// Group 0 keeps its id when built in code.
	b, _ := json.Marshal(GroupUpdatedPush{ID: 0, Name: "General"})
	if string(b) != `{"id":0,"name":"General"}` {
		t.Errorf("group 0 = %s", b)
	}
}

func TestPushDecodeErrors(t *testing.T) {
	for name, bad := range map[string]string{
		PushChatDeactivated:       `{"chat_id":5}`,
		PushIncomingEvent:         `{"chat_id":5,"event":{"type":"message","text":"x"}}`,
		PushGroupDeleted:          `{"id":"x"}`,
		PushQueuePositionsUpdated: `{}`,
	} {
		n, _, _ := strings.Cut(name, "/")
		if _, err := DecodePushPayload(n, []byte(bad)); err == nil {
			t.Errorf("%s: %s decoded without error", name, bad)
		}
	}
}

// TestPushBadItemIsRaw pins that a push whose event or user cannot be
// decoded still decodes: the item becomes a *RawEvent / *RawUser with Err,
// written back as received.
func TestPushBadItemIsRaw(t *testing.T) {
	for _, bad := range []string{
		`{"chat_id":"C","event":{"type":"message","text":5}}`,
		`{"chat_id":"C","event":{"text":"x"}}`,
	} {
		v, err := DecodePushPayload(PushIncomingEvent, []byte(bad))
		if err != nil {
			t.Fatalf("%s: %v", bad, err)
		}
		p := v.(*IncomingEventPush)
		raw, ok := p.Event.(*RawEvent)
		if !ok || raw.Err == nil || p.ChatID != "C" {
			t.Fatalf("%s: event = %#v", bad, p.Event)
		}
		var ie *ItemError
		if !errors.As(raw.Err, &ie) || ie.Kind != "event" {
			t.Errorf("%s: Err = %v", bad, raw.Err)
		}
		b, _ := json.Marshal(p)
		if !strings.Contains(string(b), strings.TrimPrefix(bad, `{"chat_id":"C",`)[:20]) {
			t.Errorf("%s re-encoded as %s", bad, b)
		}
	}
	v, err := DecodePushPayload(PushUserAddedToChat, []byte(`{"chat_id":"C","user":[1]}`))
	if err != nil {
		t.Fatal(err)
	}
	u, ok := v.(*UserAddedToChatPush).User.(*RawUser)
	if !ok || u.Err == nil {
		t.Fatalf("user = %#v", v.(*UserAddedToChatPush).User)
	}
	if b, _ := json.Marshal(u); string(b) != `[1]` {
		t.Errorf("user re-encoded as %s", b)
	}
}

// FuzzDecodePushPayload checks that no input panics the payload decoders
// and that whatever decodes re-encodes to JSON that decodes to the same
// encoding again.
func FuzzDecodePushPayload(f *testing.F) {
	for _, s := range pushSamples {
		f.Add(s.name, []byte(s.json))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		v, err := DecodePushPayload(name, data)
		if err != nil {
			return
		}
		if _, raw := v.(json.RawMessage); raw {
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: encode after decode: %v", name, err)
		}
		v2, err := DecodePushPayload(name, out)
		if err != nil {
			t.Fatalf("%s: re-decode %s: %v", name, out, err)
		}
		out2, err := json.Marshal(v2)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(jsonValue(t, out), jsonValue(t, out2)) {
			t.Fatalf("%s: unstable round trip:\n%s\n%s", name, out, out2)
		}
	})
}
