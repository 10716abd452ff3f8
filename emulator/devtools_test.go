package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/reqlog"
	"github.com/livechat-go/livechat/transport/rtm"
)

// TestRequestLogRecordsHTTPAndRTM: Web calls and RTM frames land in
// GET /emulator/requests with who, action, status or error type, and no
// credential anywhere in the answer.
func TestRequestLogRecordsHTTPAndRTM(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	cr := srv.Credentials()
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, _ := startChat(t, owner, "logged", nil)
	wantErr(t, owner, "send_event", M{"chat_id": "NOSUCHCHAT", "event": M{"type": "message", "text": "x"}}, livechat.TypeNotFound, 0)
	// A body carrying secrets: a webhook registration.
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/v3.6/configuration/action/register_webhook",
		strings.NewReader(`{"action":"incoming_chat","secret_key":"whsec-very-secret","url":"http://user:pw-in-url@127.0.0.1:1/hook?token=qtok","owner_client_id":"`+cr.ClientID+`","type":"license"}`))
	req.Header.Set("Authorization", "Bearer "+cr.Owner.Token)
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
	}

	conn, err := rtm.Dial(ctx, livechat.NewBearerToken(cr.Agent.Token), rtm.WithConfig(livechat.WithBaseURL(srv.URL())))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	<-conn.Ready()
	if err := conn.Call(ctx, "get_chat", M{"chat_id": chatID}, nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Call(ctx, "get_chat", M{"chat_id": "NOSUCHCHAT"}, nil); err == nil {
		t.Fatal("get_chat of no chat: want an error")
	}

	res, err := http.Get(srv.URL() + "/emulator/requests")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, secret := range []string{cr.Owner.Token, cr.Agent.Token, "whsec-very-secret", "pw-in-url", "qtok"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("GET /emulator/requests shows %q", secret)
		}
	}
	var page reqlog.Page
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	find := func(kind, action, errType string) *reqlog.Entry {
		for i := range page.Requests {
			e := &page.Requests[i]
			if e.Kind == kind && e.Action == action && e.Error == errType {
				return e
			}
		}
		t.Fatalf("no %s %s entry with error %q in %s", kind, action, errType, body)
		return nil
	}
	if e := find("http", "start_chat", ""); e.Who != cr.Owner.ID || e.Status != 200 || e.Method != "POST" || !strings.Contains(e.Body, "logged") {
		t.Errorf("start_chat entry: %+v", e)
	}
	if e := find("http", "send_event", "not_found"); e.Status != 404 {
		t.Errorf("send_event entry: %+v", e)
	}
	if e := find("http", "register_webhook", ""); !strings.Contains(e.Body, "incoming_chat") {
		t.Errorf("register_webhook entry: %+v", e)
	}
	if e := find("rtm", "login", ""); e.Who != cr.Agent.ID || e.API != "agent" {
		t.Errorf("login entry: %+v", e)
	}
	if e := find("rtm", "get_chat", ""); e.Who != cr.Agent.ID || !strings.Contains(e.Body, chatID) {
		t.Errorf("get_chat entry: %+v", e)
	}
	find("rtm", "get_chat", "not_found")
}

// TestDevToolsAreLoopbackOnly: the UI and the request log answer only
// requests naming a loopback host (no DNS rebinding).
func TestDevToolsAreLoopbackOnly(t *testing.T) {
	srv := emulator.NewTest(t)
	for _, path := range []string{"/emulator/requests", "/emulator/ui/", "/emulator/ui/api/snapshot"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
		req.Host = "evil.example:8080"
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s with Host evil.example: %d, want 403", path, res.StatusCode)
		}
		res, err = http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s from loopback: %d", path, res.StatusCode)
		}
		if strings.HasPrefix(path, "/emulator/ui") && !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, res.Header.Get("Content-Security-Policy"))
		}
	}
}
