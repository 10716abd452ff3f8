package configuration_test

import (
	"testing"

	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/internal/fuzzcheck"
)

// FuzzLossless checks the Configuration API response types: any input
// either fails to decode or decodes losslessly and stably.
func FuzzLossless(f *testing.F) {
	for _, s := range []string{
		`{"id":"a@x","name":"A","role":"viceowner","groups":[{"id":0,"priority":"first"}],"work_scheduler":{"schedule":[{"day":"monday","enabled":true,"start":"08:00","end":"16:00"}]},"unknown":[1]}`,
		`{"id":1,"name":"G","language_code":"en","agent_priorities":{"a@x":"normal"},"routing_status":"offline"}`,
		`{"id":"b","name":"Bot","default_group_priority":"first","groups":[],"owner_client_id":"c"}`,
		`{"id":3,"type":"greeting","active":true,"rules":[{"condition":"and","type":"visit_time_page","value":30,"operator":"greater_or_equal"}],"rich_message":{"template_id":"cards","elements":[]}}`,
		`{"id":"w","url":"https://x","action":"incoming_chat","secret_key":"k","filters":{"chat_presence":{"user_ids":{"values":["a"]}}},"additional_data":["chat_properties"]}`,
		`{"id":"aa","access":{"groups":[0]},"conditions":{"url":{"values":[{"value":"x","exact_match":true}]},"geolocation":{"values":[{"country":"PL"}]}}}`,
		`{"name":"t","group_ids":[0],"created_at":"2020","author_id":"a"}`,
		`{"type":"int","access":{"chat":{"agent":["read"]}},"domain":[1,2],"range":{"from":0,"to":5},"default_value":0}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.Stable[configuration.Agent](t, data)
		fuzzcheck.Stable[configuration.Group](t, data)
		fuzzcheck.Stable[configuration.Bot](t, data)
		fuzzcheck.Stable[configuration.Greeting](t, data)
		fuzzcheck.Stable[configuration.Webhook](t, data)
		fuzzcheck.Stable[configuration.AutoAccess](t, data)
		fuzzcheck.Stable[configuration.Tag](t, data)
		fuzzcheck.Stable[configuration.PropertyConfig](t, data)
	})
}
