package redact

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/hook":                           "https://example.com/hook",
		"https://user:hunter2@example.com/hook":              "https://user:xxxxx@example.com/hook",
		"https://tok3n@example.com/":                         "https://xxxxx@example.com/",
		"https://example.com/h?token=abc&x=1":                "https://example.com/h?token=xxxxx&x=1",
		"https://example.com/h?API_KEY=abc&sig=s&page=2":     "https://example.com/h?API_KEY=xxxxx&page=2&sig=xxxxx",
		"http://a:b@[::1]:99/?access_token=z":                "http://a:xxxxx@[::1]:99/?access_token=xxxxx",
		"https://example.com/cb#access_token=t&token_type=b": "https://example.com/cb#xxxxx",
		"http://u:p@host:bad/?token=z":                       "http://xxxxx",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestError(t *testing.T) {
	err := &url.Error{Op: "Post", URL: "https://u:pw@example.com/?secret=s1", Err: errors.New("dial tcp: refused")}
	got := Error(err)
	if strings.Contains(got, "pw@") || strings.Contains(got, "s1") || !strings.Contains(got, "dial tcp: refused") {
		t.Errorf("Error = %q", got)
	}
	if Error(errors.New("plain")) != "plain" || Error(nil) != "" {
		t.Error("plain errors change")
	}
}
