package restv2

import (
	"net/http"
	"testing"

	"github.com/livechat-go/livechat/internal/fuzzcheck"
)

// FuzzDecodeError feeds any status and body to the REST v2 error decoder:
// never a panic, always a *livechat.Error with a type, the status and a
// bounded message.
func FuzzDecodeError(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
	}{
		{400, `{"error":"Invalid request","errors":{"email":["is required"]}}`},
		{401, `{"error":{"type":"authentication","message":"Invalid token"}}`},
		{422, `["first problem",{"message":"second"}]`},
		{500, `Internal Server Error`},
		{404, ``},
		{429, `{"errors":[{"message":"x"},"y",3]}`},
	} {
		f.Add(s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		res := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"3"}}}
		e := decodeError(res, body, "GET /chats")
		if e == nil || e.Type == "" || e.Status != status || len(e.Message) > 2000 {
			t.Fatalf("decodeError = %#v", e)
		}
	})
}

// FuzzDecodeResponses checks the REST v2 response decoders: never a panic,
// and the lossless types decode stably.
func FuzzDecodeResponses(f *testing.F) {
	for _, s := range []string{
		`{"chats":[{"id":"C","visitor":{"id":"v","name":"N"},"events":[{"type":"message","text":"t","date":"2020-01-01"}],"tags":[]}],"total":1,"pages":1}`,
		`{"id":"C","events":[],"custom_variables":[{"key":"k","value":"v"}]}`,
		`{"agents":[{"login":"a","name":"A","chats":3}],"total":{"chats":3}}`,
		`{"count":5}`, `12`, `[1,2,3]`, `null`,
		`{"login":"a@x","permission":"owner","groups":[{"id":0}],"work_scheduler":{"monday":{"start":"08:00"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = pickOne[Chat](data, "chats", "C", func(c *Chat) string { return c.ID })
		_, _ = decodeCount(data)
		var fs FlexString
		_ = fs.UnmarshalJSON(data)
		fuzzcheck.Stable[Chat](t, data)
		fuzzcheck.Stable[ChatPage](t, data)
		fuzzcheck.Stable[Ranking](t, data)
		fuzzcheck.Stable[Agent](t, data)
		fuzzcheck.Stable[Ticket](t, data)
	})
}
