package dynamic_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/dynamic"
	"github.com/livechat-go/livechat/emulator"
)

// BenchmarkSendEvent compares a dynamic send_event (validated against the
// description, routed by operation) with the typed agent.SendEvent: the
// same Web transport settings and the same *http.Client, against the same
// in-process emulator and chat. Run the two alternately, e.g.
//
//	go test ./dynamic -run '^$' -bench SendEvent -count 6
//
// and compare the medians (BENCHMARKS.md).
func BenchmarkSendEvent(b *testing.B) {
	srv := emulator.NewTest(b)
	creds := livechat.NewBearerToken(srv.Credentials().Owner.Token)
	opts := []livechat.Option{livechat.WithBaseURL(srv.URL()), livechat.WithHTTPClient(&http.Client{})}
	typed, err := agent.NewWeb(creds, opts...)
	if err != nil {
		b.Fatal(err)
	}
	dyn, err := dynamic.New(creds, opts...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	started, err := typed.StartChat(ctx, agent.StartChatRequest{})
	if err != nil {
		b.Fatal(err)
	}
	chatID := started.ChatID
	b.Run("typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := typed.SendEvent(ctx, agent.SendEventRequest{ChatID: chatID, Event: agent.NewMessage("hello")}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dynamic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			args := map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": "hello"}}
			if _, err := dyn.Call(ctx, "agent", "send_event", args); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSendEventClientOnly is BenchmarkSendEvent against a loopback
// server that answers at once without doing anything: the ratio then
// shows the client-side cost alone (the worst case for dynamic).
func BenchmarkSendEventClientOnly(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"event_id":"K600PKZON8_1"}`)
	}))
	b.Cleanup(srv.Close)
	creds := livechat.NewBearerToken("dal:bench")
	opts := []livechat.Option{livechat.WithBaseURL(srv.URL), livechat.WithHTTPClient(srv.Client())}
	typed, err := agent.NewWeb(creds, opts...)
	if err != nil {
		b.Fatal(err)
	}
	dyn, err := dynamic.New(creds, opts...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := typed.SendEvent(ctx, agent.SendEventRequest{ChatID: "PJ0MRSHTDG", Event: agent.NewMessage("hello")}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dynamic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			args := map[string]any{"chat_id": "PJ0MRSHTDG", "event": map[string]any{"type": "message", "text": "hello"}}
			if _, err := dyn.Call(ctx, "agent", "send_event", args); err != nil {
				b.Fatal(err)
			}
		}
	})
}
