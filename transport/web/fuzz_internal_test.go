package web

import (
	"errors"
	"net/http"
	"testing"

	"github.com/livechat-go/livechat"
)

// FuzzDecodeError feeds any status, body and Retry-After to the Web error
// decoder: it never panics and always gives a *livechat.Error with a
// type, the status, the action, a bounded message and a non-negative
// RetryAfter; a documented type in the envelope is kept and matches its
// sentinel.
func FuzzDecodeError(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
		ra     string
	}{
		{400, `{"error":{"type":"validation","message":"Wrong format","data":{"x":1}}}`, ""},
		{429, `{"error":{"type":"too_many_requests","message":"slow down"}}`, "7"},
		{503, `<html>down</html>`, "Wed, 21 Oct 2015 07:28:00 GMT"},
		{500, ``, "-3"},
		{404, `{"error":"not an object"}`, ""},
		{401, `{"error":{"type":"","message":"empty type"}}`, ""},
		{418, `{"error":{"type":"brand_new","message":"?"}}`, "99999999999999999999"},
	} {
		f.Add(s.status, []byte(s.body), s.ra)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		if status < 100 || status > 999 {
			return
		}
		res := &http.Response{StatusCode: status, Header: http.Header{}}
		res.Header.Set("Retry-After", retryAfter)
		e := decodeError(res, body, "send_event")
		if e == nil || e.Type == "" || e.Status != status || e.Action != "send_event" || e.RetryAfter < 0 {
			t.Fatalf("decodeError = %#v", e)
		}
		if sentinel, ok := sentinelOf(e.Type); ok && !errors.Is(e, sentinel) {
			t.Fatalf("%s does not match its sentinel", e.Type)
		}
	})
}

func sentinelOf(typ livechat.ErrorType) (*livechat.Error, bool) {
	for _, t := range livechat.ErrorTypes() {
		if t == typ {
			return &livechat.Error{Type: typ}, true
		}
	}
	return nil, false
}
