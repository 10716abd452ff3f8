package demotest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/browsertest"
)

// heldAnswers answers the page's GET requests for one path at once on the
// server (the snapshot is taken then) but delivers the answer only when
// released, so pushes that happen in between reach the page first.
type heldAnswers struct {
	mu      sync.Mutex
	path    string
	gate    chan struct{}
	started chan struct{}
}

func (h *heldAnswers) hold(path string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.path, h.gate, h.started = path, make(chan struct{}), make(chan struct{}, 16)
}

func (h *heldAnswers) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.gate)
	h.path = ""
}

func (h *heldAnswers) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		held, gate, started := r.Method == http.MethodGet && h.path != "" && r.URL.Path == h.path, h.gate, h.started
		h.mu.Unlock()
		if !held {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		started <- struct{}{}
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// TestResyncKeepsPushesThatOvertakeTheSnapshot: the chat list and the open
// chat are loaded with a request while pushes keep arriving. A snapshot
// taken before a push must not erase what the push showed (the chats listed
// by incoming_chat, the events shown by incoming_event).
func TestResyncKeepsPushesThatOvertakeTheSnapshot(t *testing.T) {
	b := browsertest.Start(t)
	h := &heldAnswers{}
	h.hold("/api/chats")
	st := newStackWrapped(t, h.wrap)
	tab := b.Tab(t, "simple-agent")
	signIn(t, tab, st.agentURL)
	<-h.started // the list snapshot is taken, with no chats yet
	clients, ids := startCustomers(t, st, 2)
	poll(t, tab, "chats pushed while the list request is held", `document.querySelectorAll("#chat-list li").length === 2`)
	h.release()
	poll(t, tab, "the list answer arrived", `document.getElementById("chats-empty").hidden === true && !document.getElementById("error").textContent`)
	if n := browsertest.Eval[int](tab, `document.querySelectorAll("#chat-list li").length`); n != 2 {
		t.Fatalf("after the stale list answer %d chats are listed, want 2", n)
	}

	// The open chat: its events are fetched while a message is pushed.
	owner := st.emu.Credentials().Owner
	if _, err := st.emu.Do(context.Background(), "Bearer "+owner.Token, "agent", "", "add_user_to_chat", map[string]any{
		"chat_id": ids[0], "user_id": owner.ID, "user_type": "agent", "visibility": "all", "ignore_requester_presence": true}); err != nil && !errors.Is(err, livechat.ErrAlreadyExists) {
		t.Fatal(err)
	}
	h.hold("/api/chats/" + ids[0])
	clickJS(t, tab, `#chat-list li[data-id="`+ids[0]+`"] button`)
	<-h.started
	if _, err := clients[0].SendMessage(context.Background(), ids[0], "sent while the chat loads"); err != nil {
		t.Fatal(err)
	}
	poll(t, tab, "pushed message shown", `document.getElementById("events").textContent.includes("sent while the chat loads")`)
	h.release()
	poll(t, tab, "the chat answer arrived", `document.getElementById("chat-title").textContent.startsWith("Chat with")`)
	if !browsertest.Eval[bool](tab, `document.getElementById("events").textContent.includes("sent while the chat loads")`) {
		t.Fatal("the chat's snapshot erased a message pushed while it loaded")
	}
	if !browsertest.Eval[bool](tab, `document.getElementById("events").textContent.includes("customer 0 says hello")`) {
		t.Fatal("the chat's own events are not shown")
	}
	noPageErrors(t, tab)
}
