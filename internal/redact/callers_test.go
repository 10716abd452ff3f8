package redact_test

import (
	"context"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/configuration"
	"github.com/livechat-go/livechat/restv2"
	"github.com/livechat-go/livechat/transport/rtm"
	"github.com/livechat-go/livechat/transport/web"
)

// The SDK's constructors refuse a bad base URL with an error that names
// it redacted, if at all: a password or token written into it never reaches the
// error string.
func TestConstructorsRedactBadBaseURLs(t *testing.T) {
	creds := livechat.NewBearerToken("t")
	for _, raw := range []string{"ftp://user:hunter2@example.com/", "http://user:hunter2@host:bad/?token=tok-999"} {
		_, errWeb := web.New(web.Agent, creds, livechat.WithBaseURL(raw))
		_, errRTM := rtm.Dial(context.Background(), creds, rtm.WithConfig(livechat.WithBaseURL(raw)))
		_, errV2 := restv2.New(livechat.NewAPIKey("a@b.c", "k"), livechat.WithBaseURL(raw))
		for name, err := range map[string]error{"web": errWeb, "rtm": errRTM, "restv2": errV2} {
			if err == nil {
				t.Errorf("%s accepted %q", name, raw)
				continue
			}
			if s := err.Error(); strings.Contains(s, "hunter2") || strings.Contains(s, "tok-999") {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// Webhook URLs refused by the SDK's validation are shown redacted.
func TestWebhookURLValidationRedacts(t *testing.T) {
	const bad = "ftp://user:hunter2@example.com/hook?token=tok-999"
	c, err := configuration.NewWeb(livechat.NewBearerToken("t"), livechat.WithBaseURL("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	_, errConf := c.RegisterWebhook(context.Background(), configuration.RegisterWebhookRequest{Action: "incoming_chat", SecretKey: "k", URL: bad, OwnerClientID: "c", Type: "license"})
	errV2 := restv2.CreateWebhookRequest{EventType: restv2.WebhookEvent("chat_started"), DataTypes: []string{"chat"}, URL: bad}.Validate()
	for name, err := range map[string]error{"configuration": errConf, "restv2": errV2} {
		if err == nil || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "tok-999") || !strings.Contains(err.Error(), "url") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
