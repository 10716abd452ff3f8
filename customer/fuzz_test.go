package customer_test

import (
	"testing"

	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/fuzzcheck"
)

// FuzzLossless checks the Customer Chat API response types: any input
// either fails to decode or decodes losslessly and stably, one bad event
// or user of a chat list included.
func FuzzLossless(f *testing.F) {
	for _, s := range []string{
		`{"chats_summary":[{"id":"C","last_thread_id":"T","users":[{"id":"c","type":"customer"},{"id":5,"type":"agent"}],"last_event_per_type":{"message":{"event":{"type":"message","text":7}}}}],"total_chats":1,"next_page_id":"p"}`,
		`{"threads":[{"id":"T","active":true,"events":[{"type":"file","url":"u"},{"type":"custom","content":{"a":[1]}}]}],"found_threads":1}`,
		`{"form":{"id":"f","fields":[{"type":"header","id":"1","label":"L"},{"type":"radio","id":"2","options":[{"id":"1","label":"x"}]}]},"enabled":true}`,
		`{"organization_id":"o","default_widget":"livechat","livechat_active":true,"livechat":{"group_id":0,"online_group_ids":[0],"config_version":"1"}}`,
		`{"agent":{"id":"a","name":"A","type":"agent","is_bot":false},"queue":false}`,
		`{"buttons":[{"id":"b","type":"image","online_value":"u","offline_value":""}],"grid":{},"properties":{"group":{}},"integrations":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.Stable[customer.ListChatsResponse](t, data)
		fuzzcheck.Stable[customer.ListThreadsResponse](t, data)
		fuzzcheck.Stable[customer.GetFormResponse](t, data)
		fuzzcheck.Stable[customer.DynamicConfiguration](t, data)
		fuzzcheck.Stable[customer.PredictedAgent](t, data)
		fuzzcheck.Stable[customer.Configuration](t, data)
	})
}
