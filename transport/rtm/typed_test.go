package rtm

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/livechat-go/livechat"
)

func TestTypedPushHandlers(t *testing.T) {
	s := newServer(t)
	s.onFrame = func(sc *srvConn, f reqFrame) bool {
		if f.Action == "go" {
			_ = sc.push("incoming_event", map[string]any{"chat_id": "C1", "thread_id": "T1",
				"event": map[string]any{"id": "T1_1", "type": "message", "text": "hello", "author_id": "b7ef"}}, "")
			_ = sc.push("chat_deactivated", map[string]any{"chat_id": "C1", "thread_id": "T1"}, "")
			_ = sc.push("incoming_event", map[string]any{"chat_id": 42}, "") // does not decode
			_ = sc.push("something_new", map[string]any{"x": 1}, "")
			_ = sc.push("done", map[string]any{}, "")
		}
		return false
	}
	var mu sync.Mutex
	var texts, closed, anyNames []string
	var errs []error
	done := make(chan struct{})
	c := dialTest(t, s, WithErrorHandler(func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }))
	c.OnIncomingEvent(func(p *livechat.IncomingEventPush) {
		mu.Lock()
		defer mu.Unlock()
		if m, ok := p.Event.(*livechat.Message); ok {
			texts = append(texts, p.ChatID+":"+m.Text)
		}
	})
	id := OnPush(c, "chat_deactivated", func(p *livechat.ChatDeactivatedPush) {
		mu.Lock()
		closed = append(closed, p.ChatID+"/"+p.ThreadID)
		mu.Unlock()
	})
	c.OnAnyPush(func(name string, payload any) {
		mu.Lock()
		defer mu.Unlock()
		switch payload.(type) {
		case *livechat.IncomingEventPush, *livechat.ChatDeactivatedPush:
			anyNames = append(anyNames, name)
		default:
			anyNames = append(anyNames, "raw:"+name)
		}
	})
	c.Once("done", func(Push) { close(done) })
	if err := c.Call(context.Background(), "go", nil, nil); err != nil {
		t.Fatal(err)
	}
	<-done
	// The catch-all handler of "done" runs after the named Once handler.
	waitFor(t, "catch-all handler", func() bool { mu.Lock(); defer mu.Unlock(); return len(anyNames) == 4 })
	mu.Lock()
	defer mu.Unlock()
	if len(texts) != 1 || texts[0] != "C1:hello" || len(closed) != 1 || closed[0] != "C1/T1" {
		t.Errorf("texts %v closed %v", texts, closed)
	}
	var pe *ProtocolError
	if len(errs) != 2 || !errors.As(errs[0], &pe) {
		t.Errorf("errors %v", errs)
	}
	if !c.Off(id) {
		t.Error("Off typed handler")
	}
	if got := len(anyNames); got != 4 || anyNames[2] != "raw:something_new" {
		t.Errorf("any %v", anyNames)
	}
}
