package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func fastRetry() livechat.Option {
	return livechat.WithRetryDelay(time.Millisecond, 5*time.Millisecond)
}

func TestCallRequestShape(t *testing.T) {
	var got *http.Request
	var body []byte
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		w.Write([]byte(`{"chat_id":"PJ0MRSHTDG"}`))
	})
	tr, err := web.New(web.Agent, livechat.NewBearerToken("fra:secret-token"), livechat.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		ChatID string `json:"chat_id"`
	}
	if err := tr.Call(context.Background(), "start_chat", map[string]any{"active": true}, &resp); err != nil {
		t.Fatal(err)
	}
	if got.Method != http.MethodPost || got.URL.Path != "/v3.6/agent/action/start_chat" {
		t.Errorf("request %s %s", got.Method, got.URL.Path)
	}
	for h, want := range map[string]string{
		"Authorization": "Bearer fra:secret-token",
		"Content-Type":  "application/json",
		"User-Agent":    livechat.UserAgentString,
		"X-Region":      "fra",
	} {
		if v := got.Header.Get(h); v != want {
			t.Errorf("%s = %q, want %q", h, v, want)
		}
	}
	if string(body) != `{"active":true}` {
		t.Errorf("body %s", body)
	}
	if resp.ChatID != "PJ0MRSHTDG" {
		t.Errorf("decoded %+v", resp)
	}
}

func TestHostsVersionsAndCustomerOrg(t *testing.T) {
	auth, _ := livechat.NewBearerToken("dal:x").Authorize(context.Background())
	fra, _ := livechat.NewBearerToken("fra:x").Authorize(context.Background())
	cases := []struct {
		api  web.API
		opts []livechat.Option
		auth livechat.Authorization
		want string
	}{
		{web.Agent, nil, auth, "https://api.livechatinc.com/v3.6/agent/action/list_chats"},
		{web.Agent, nil, fra, "https://api-fra.livechatinc.com/v3.6/agent/action/list_chats"},
		{web.Agent, []livechat.Option{livechat.WithRegion(livechat.RegionEU)}, auth, "https://api-fra.livechatinc.com/v3.6/agent/action/list_chats"},
		{web.Configuration, []livechat.Option{livechat.WithAPIVersion(livechat.V3_5)}, auth, "https://api.livechatinc.com/v3.5/configuration/action/list_chats"},
		{web.Customer, []livechat.Option{livechat.WithOrganizationID("org-1"), livechat.WithBaseURL("http://127.0.0.1:9/")}, auth, "http://127.0.0.1:9/v3.6/customer/action/list_chats?organization_id=org-1"},
	}
	for _, c := range cases {
		tr, err := web.New(c.api, livechat.NewBearerToken("dal:x"), c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.URL("list_chats", c.auth); got != c.want {
			t.Errorf("URL = %s, want %s", got, c.want)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	creds := livechat.NewBearerToken("dal:x")
	cases := []struct {
		name  string
		api   web.API
		creds livechat.Credentials
		opts  []livechat.Option
		field string
	}{
		{"api", "reports", creds, nil, "api"},
		{"creds", web.Agent, nil, nil, "credentials"},
		{"version", web.Agent, creds, []livechat.Option{livechat.WithAPIVersion("2.0")}, ""},
		{"org", web.Customer, creds, nil, "organization_id"},
		{"base", web.Agent, creds, []livechat.Option{livechat.WithBaseURL("ftp://x")}, "base_url"},
	}
	for _, c := range cases {
		_, err := web.New(c.api, c.creds, c.opts...)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		var ae *livechat.ArgumentError
		if c.field != "" && (!errors.As(err, &ae) || ae.Field != c.field) {
			t.Errorf("%s: error %v does not name %q", c.name, err, c.field)
		}
	}
}

func TestErrorEnvelope(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"type":"not_found","message":"Chat not found","data":{"id":"X"}}}`))
	})
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	err := tr.Call(context.Background(), "get_chat", map[string]string{"chat_id": "X"}, nil)
	if !errors.Is(err, livechat.ErrNotFound) {
		t.Fatalf("err = %v, want not_found", err)
	}
	var le *livechat.Error
	if !errors.As(err, &le) || le.Status != 404 || le.RequestID != "req-42" || le.Action != "get_chat" || le.Message != "Chat not found" {
		t.Errorf("error fields: %+v", le)
	}
	if string(le.Data) != `{"id":"X"}` {
		t.Errorf("data = %s", le.Data)
	}
}

func TestNonEnvelopeErrorUsesStatus(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad gateway thing", http.StatusUnauthorized)
	})
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	err := tr.Call(context.Background(), "send_event", nil, nil)
	if !errors.Is(err, livechat.ErrAuthentication) {
		t.Fatalf("err = %v", err)
	}
}

func TestDecodeErrorIsNotSwallowed(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"chat_id":5}`)) })
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	var resp struct {
		ChatID string `json:"chat_id"`
	}
	if err := tr.Call(context.Background(), "start_chat", nil, &resp); err == nil || !strings.Contains(err.Error(), "decode response") {
		t.Fatalf("err = %v", err)
	}
}

func TestRetryPolicy(t *testing.T) {
	cases := []struct {
		name     string
		action   string
		statuses []int
		want     int // requests seen
		ok       bool
	}{
		{"read retried on 500", "list_chats", []int{500, 502, 200}, 3, true},
		{"read retried on 429", "get_chat", []int{429, 200}, 2, true},
		{"write retried on 429", "send_event", []int{429, 200}, 2, true},
		{"write retried on 503", "send_event", []int{503, 200}, 2, true},
		{"write not retried on 500", "send_event", []int{500, 200}, 1, false},
		{"write not retried on 502", "start_chat", []int{502, 200}, 1, false},
		{"validation never retried", "list_chats", []int{400, 200}, 1, false},
		{"gives up after max", "list_chats", []int{500, 500, 500, 500, 500}, 4, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var n atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				w.WriteHeader(c.statuses[min(i, len(c.statuses)-1)])
				w.Write([]byte(`{}`))
			})
			tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL), fastRetry())
			err := tr.Call(context.Background(), c.action, nil, nil)
			if (err == nil) != c.ok {
				t.Errorf("err = %v, want ok=%v", err, c.ok)
			}
			if int(n.Load()) != c.want {
				t.Errorf("server saw %d requests, want %d", n.Load(), c.want)
			}
		})
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	var n atomic.Int32
	var first time.Time
	var gap time.Duration
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error":{"type":"too_many_requests","message":"slow down"}}`))
			return
		}
		gap = time.Since(first)
		w.Write([]byte(`{}`))
	})
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL), fastRetry())
	if err := tr.Call(context.Background(), "list_chats", nil, nil); err != nil {
		t.Fatal(err)
	}
	// The backoff alone would wait ≤5 ms; Retry-After: 1 must dominate.
	if gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want ≥ 1 s from Retry-After", gap)
	}
}

func TestRetryStopsOnContextCancel(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := tr.Call(ctx, "list_chats", nil, nil)
	if !errors.Is(err, livechat.ErrServiceUnavailable) {
		t.Errorf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("waited out Retry-After despite cancelled context")
	}
}

func TestNetworkErrorRetryOnlyForReads(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // connection refused from now on
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(url), fastRetry())
	err := tr.Call(context.Background(), "send_event", nil, nil)
	var ne *web.NetworkError
	if !errors.As(err, &ne) || livechat.IsRetryable(err) {
		t.Errorf("send_event network error: %v retryable=%v", err, livechat.IsRetryable(err))
	}
	err = tr.Call(context.Background(), "list_chats", nil, nil)
	if !errors.As(err, &ne) || !livechat.IsRetryable(err) {
		t.Errorf("list_chats network error: %v retryable=%v", err, livechat.IsRetryable(err))
	}
}

func TestUploadMultipartAndLimit(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		f, hdr, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		data, _ := io.ReadAll(f)
		if hdr.Filename != "a.txt" || string(data) != "hello" {
			http.Error(w, "wrong file", 400)
			return
		}
		w.Write([]byte(`{"url":"https://cdn.example/a.txt"}`))
	})
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	var resp struct{ URL string }
	if err := tr.Upload(context.Background(), "upload_file", "a.txt", strings.NewReader("hello"), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.URL != "https://cdn.example/a.txt" {
		t.Errorf("url %q", resp.URL)
	}
	big := bytes.NewReader(make([]byte, web.MaxUploadSize+1))
	err := tr.Upload(context.Background(), "upload_file", "big.bin", big, &resp)
	if !errors.Is(err, livechat.ErrValidation) {
		t.Errorf("oversized upload: %v", err)
	}
	if n.Load() != 1 {
		t.Errorf("server saw %d uploads, want 1 (oversized must not be sent)", n.Load())
	}
}

func TestGetSendsQuery(t *testing.T) {
	var got *http.Request
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { got = r; w.Write([]byte(`{}`)) })
	tr, _ := web.New(web.Customer, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL), livechat.WithOrganizationID("org"))
	if err := tr.Get(context.Background(), "get_localization", map[string][]string{"group_id": {"0"}}, nil); err != nil {
		t.Fatal(err)
	}
	if got.Method != http.MethodGet || got.URL.Query().Get("organization_id") != "org" || got.URL.Query().Get("group_id") != "0" {
		t.Errorf("got %s %s", got.Method, got.URL)
	}
}

func TestLifecycleHeadersWarnOnce(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Legacy", "2027-01-01")
		w.Write([]byte(`{}`))
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL), livechat.WithLogger(logger), livechat.WithAPIVersion(livechat.V3_5))
	for range 3 {
		if err := tr.Call(context.Background(), "list_chats", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if c := strings.Count(buf.String(), "Legacy"); c != 1 {
		t.Errorf("warning logged %d times, want once:\n%s", c, buf.String())
	}
	if !strings.Contains(buf.String(), "2027-01-01") {
		t.Error("warning does not carry the date")
	}
}

func TestDebugLogHasNoCredentials(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	creds := livechat.NewPAT("acc-1", "pat-SUPERSECRET")
	tr, _ := web.New(web.Agent, creds, livechat.WithBaseURL(srv.URL), livechat.WithLogger(logger))
	if err := tr.Call(context.Background(), "list_chats", nil, nil); err != nil {
		t.Fatal(err)
	}
	logger.Debug("creds", "c", creds)
	auth, _ := creds.Authorize(context.Background())
	logger.Debug("auth", "a", auth)
	out := buf.String()
	if !strings.Contains(out, "list_chats") {
		t.Fatalf("no debug log line: %s", out)
	}
	if strings.Contains(out, "SUPERSECRET") || strings.Contains(out, strings.TrimPrefix(auth.Header(), "Basic ")) {
		t.Errorf("credential leaked into the log: %s", out)
	}
}

func TestBackoffBounds(t *testing.T) {
	for attempt := range 40 {
		d := web.Backoff(attempt, 200*time.Millisecond, 30*time.Second)
		ceil := min(30*time.Second, 200*time.Millisecond<<min(attempt, 20))
		if d < 0 || d > ceil {
			t.Fatalf("attempt %d: %v outside [0, %v]", attempt, d, ceil)
		}
	}
}

func TestRequestBodyIsJSONNotWrapped(t *testing.T) {
	var body map[string]any
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&body)
		w.Write([]byte(`{}`))
	})
	tr, _ := web.New(web.Agent, livechat.NewBearerToken("dal:t"), livechat.WithBaseURL(srv.URL))
	tr.Call(context.Background(), "deactivate_chat", map[string]string{"id": "C"}, nil)
	if body["id"] != "C" || body["payload"] != nil {
		t.Errorf("body = %v", body)
	}
}
