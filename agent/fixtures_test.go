package agent_test

// Documented response samples of the Agent Chat Web API (3.6 reference,
// livechat/livechat-public-docs), with the doc comments removed and the
// placeholder objects filled in.

const listChatsSample = `{
  "next_page_id": "MTUxNzM5ODEzMTQ5Ng==",
  "chats_summary": [{
    "id": "PJ0MRSHTDG",
    "last_event_per_type": {
      "message": {
        "thread_id": "K600PKZON8",
        "thread_created_at": "2020-05-07T07:11:28.288340Z",
        "event": {
          "id": "Q298LUVPRH_1",
          "created_at": "2019-12-09T12:01:18.909000Z",
          "visibility": "all",
          "type": "message",
          "text": "hello world",
          "author_id": "b7eff798-f8df-4364-8059-649c35c9ed0c"
        }
      },
      "system_message": {
        "thread_id": "K600PKZON8",
        "thread_created_at": "2020-05-07T07:11:28.288340Z",
        "event": {
          "id": "Q298LUVPRH_2",
          "created_at": "2019-12-09T12:01:19.909000Z",
          "visibility": "all",
          "type": "system_message",
          "system_message_type": "routing.assigned_other",
          "text": "Chat assigned to Agent Smith"
        }
      }
    },
    "users": [{
      "id": "b7eff798-f8df-4364-8059-649c35c9ed0c",
      "type": "customer",
      "present": true,
      "created_at": "2019-12-17T08:53:20.693553+01:00"
    }, {
      "id": "smith@example.com",
      "name": "Agent Smith",
      "email": "smith@example.com",
      "type": "agent",
      "present": true,
      "avatar": "https://example.com/avatar.jpg",
      "visibility": "all"
    }],
    "last_thread_summary": {
      "id": "K600PKZON8",
      "created_at": "2020-05-07T07:11:28.288340Z",
      "user_ids": ["b7eff798-f8df-4364-8059-649c35c9ed0c", "smith@example.com"],
      "properties": {"routing": {"idle": false}},
      "active": true,
      "access": {"group_ids": [0]}
    },
    "properties": {"routing": {"continuous": false}},
    "access": {"group_ids": [0]},
    "is_followed": true
  }],
  "found_chats": 4
}`

const listThreadsSample = `{
  "threads": [{
    "id": "K600PKZON8",
    "created_at": "2019-12-17T07:57:41.512000Z",
    "active": true,
    "user_ids": ["b7eff798-f8df-4364-8059-649c35c9ed0c", "smith@example.com"],
    "events": [{
      "id": "Q20N9CKRX2_1",
      "created_at": "2019-12-17T07:57:41.512000Z",
      "visibility": "all",
      "type": "message",
      "text": "Hello",
      "author_id": "smith@example.com"
    }],
    "properties": {},
    "access": {"group_ids": [0]},
    "previous_thread_id": "K600PKZOM8",
    "next_thread_id": "K600PKZOO8",
    "customer_visit": {
      "ip": "<customer_ip>",
      "user_agent": "Mozilla/5.0",
      "geolocation": {
        "latitude": "-14.6973803",
        "longitude": "-75.1266898",
        "country": "Poland",
        "country_code": "PL",
        "region": "Dolnoslaskie",
        "city": "Wroclaw",
        "timezone": "Europe/Warsaw"
      }
    }
  }],
  "found_threads": 42,
  "next_page_id": "MTUxNzM5ODEzMTQ5Ng==",
  "previous_page_id": "MTUxNzM5ODEzMTQ5Nw=="
}`

const getChatSample = `{
  "id": "PJ0MRSHTDG",
  "thread": {
    "id": "K600PKZON8",
    "created_at": "2020-05-07T07:11:28.288340Z",
    "active": true,
    "user_ids": ["b7eff798-f8df-4364-8059-649c35c9ed0c", "smith@example.com"],
    "events": [{
      "id": "Q20N9CKRX2_1",
      "created_at": "2019-12-17T07:57:41.512000Z",
      "visibility": "all",
      "type": "message",
      "text": "Hello",
      "author_id": "smith@example.com"
    }],
    "properties": {"0805e283233042b37f460ed8fbf22160": {"string_property": "string_value"}},
    "access": {"group_ids": [0]},
    "previous_thread_id": "K600PKZOM8",
    "next_thread_id": "K600PKZOO8"
  },
  "users": [{
    "id": "b7eff798-f8df-4364-8059-649c35c9ed0c",
    "type": "customer",
    "present": true,
    "created_at": "2019-12-17T08:53:20.693553+01:00",
    "statistics": {"chats_count": 1},
    "agent_last_event_created_at": "2019-12-17T09:04:05.239000+01:00"
  }, {
    "id": "smith@example.com",
    "name": "Agent Smith",
    "email": "smith@example.com",
    "type": "agent",
    "present": true,
    "avatar": "https://example.com/avatar.jpg",
    "visibility": "all"
  }],
  "properties": {"0805e283233042b37f460ed8fbf22160": {"string_property": "string_value"}},
  "access": {"group_ids": [0]},
  "is_followed": true
}`

const listArchivesSample = `{
  "chats": [{
    "id": "PJ0MRSHTDG",
    "users": [{
      "id": "smith@example.com",
      "name": "Agent Smith",
      "email": "smith@example.com",
      "type": "agent",
      "present": true,
      "avatar": "https://cdn.livechat-files.com/api/file/avatar.png",
      "visibility": "all"
    }],
    "thread": {
      "id": "K600PKZON8",
      "active": false,
      "user_ids": ["smith@example.com"],
      "events": [{
        "id": "QBT14H0Y3Y_1",
        "created_at": "2020-05-28T11:45:32.269000Z",
        "visibility": "all",
        "type": "message",
        "properties": {"0805e283233042b37f460ed8fbf22160": {"event_property": "property_value"}},
        "text": "Hello there",
        "author_id": "smith@example.com"
      }],
      "properties": {"0805e283233042b37f460ed8fbf22160": {"thread_property": "property_value"}},
      "access": {"group_ids": [0]},
      "created_at": "2020-05-28T11:44:58.829000Z",
      "previous_thread_id": "K600PKZOM8",
      "next_thread_id": "K600PKZOO8",
      "previous_accessible_thread_id": "K600PKZOM8",
      "next_accessible_thread_id": "K600PKZOO8"
    },
    "properties": {"0805e283233042b37f460ed8fbf22160": {"chat_property": "property_value"}},
    "access": {"group_ids": [0]},
    "is_followed": false
  }],
  "found_chats": 42,
  "next_page_id": "MTUxNzM5ODEzMTQ5Ng==",
  "previous_page_id": "MTUxNzM5ODEzMTQ5Ng=="
}`

const getCustomerSample = `{
  "id": "b7eff798-f8df-4364-8059-649c35c9ed0c",
  "type": "customer",
  "created_at": "2017-10-11T15:19:21.010200Z",
  "name": "Thomas Anderson",
  "email": "t.anderson@example.com",
  "avatar": "example.com/avatars/1.jpg",
  "session_fields": [{"custom_key": "custom_value"}, {"another_custom_key": "another_custom_value"}],
  "last_visit": {
    "started_at": "2017-10-12T15:19:21.010200Z",
    "ended_at": "2017-10-12T15:20:22.010200Z",
    "referrer": "http://www.google.com/",
    "ip": "<customer_ip>",
    "user_agent": "Mozilla/5.0",
    "geolocation": {
      "latitude": "-14.6973803",
      "longitude": "-75.1266898",
      "country": "Poland",
      "country_code": "PL",
      "region": "Dolnoslaskie",
      "city": "Wroclaw",
      "timezone": "Europe/Warsaw"
    },
    "last_pages": [{
      "opened_at": "2017-10-12T15:19:21.010200Z",
      "url": "https://www.livechat.com/",
      "title": "LiveChat - Homepage"
    }, {
      "opened_at": "2017-10-12T15:19:21.010200Z",
      "url": "https://www.livechat.com/tour",
      "title": "LiveChat - Tour"
    }]
  },
  "statistics": {
    "chats_count": 3,
    "threads_count": 9,
    "visits_count": 5,
    "page_views_count": 1337,
    "greetings_shown_count": 69,
    "greetings_accepted_count": 42
  },
  "__priv_lc2_customer_id": "test_771305.dafea66e5c",
  "agent_last_event_created_at": "2017-10-12T15:19:21.010200Z",
  "customer_last_event_created_at": "2017-10-12T15:19:21.010200Z",
  "chat_ids": ["PWJ8Y4THAV"]
}`

const listCustomersSample = `{
  "customers": [{
    "id": "b7eff798-f8df-4364-8059-649c35c9ed0c",
    "type": "customer",
    "created_at": "2017-10-11T15:19:21.010200Z",
    "name": "Thomas Anderson",
    "email": "t.anderson@example.com",
    "statistics": {"chats_count": 3, "threads_count": 9, "visits_count": 5}
  }],
  "total_customers": 2340,
  "next_page_id": "ESZ4MDkzMTQ5Ng=="
}`
