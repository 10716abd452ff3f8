package durability_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

const childEnv = "LIVECHAT_DURABILITY_CHILD_DIR"

// TestMain runs the child emulator when the test binary is started as one.
func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		runChild(dir)
		return
	}
	os.Exit(m.Run())
}

// runChild serves an emulator on dir at 127.0.0.1:<free port>, prints its
// URL and serves until killed.
func runChild(dir string) {
	srv, err := emulator.New(context.Background(), emulator.Config{DataDir: dir, Addr: "127.0.0.1:0"})
	if err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	if err := srv.Start(); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	fmt.Println("URL", srv.URL())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	<-ch
	srv.Close()
}

type child struct {
	cmd *exec.Cmd
	url string
}

func startChild(t *testing.T, dir string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "URL ") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child emulator: %q %v", line, err)
	}
	return &child{cmd: cmd, url: strings.TrimSpace(strings.TrimPrefix(line, "URL "))}
}

func (c *child) kill9() {
	c.cmd.Process.Kill() // SIGKILL
	c.cmd.Wait()
}

// acked is an event the emulator answered success for.
type acked struct{ chatID, eventID, text string }

// TestKill9Durability: no acknowledged event is lost across kill -9.
func TestKill9Durability(t *testing.T) {
	kills, senders := 3, 4
	if os.Getenv("LIVECHAT_LONG") != "" {
		kills, senders = 25, 8
	}
	dir := t.TempDir()
	creds := emulator.Credentials{}
	var all []acked
	rng := rand.New(rand.NewPCG(9, 9))
	for round := range kills {
		ch := startChild(t, dir)
		if round == 0 {
			creds = fetchCreds(t, ch.url)
		}
		// Every event acknowledged before this start is still there, and
		// the writes it owed (deferred: search index, seen_up_to) are done.
		verify(t, ch.url, creds.Owner.Token, all)
		verifyOwed(t, ch.url, creds.Owner.Token, all)
		chats := make([]string, senders)
		for i := range chats {
			chats[i] = startChat(t, ch.url, creds.Owner.Token)
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		var stop atomic.Bool
		for i := range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				send := webSend
				if i%2 == 1 {
					send = rtmSender(ch.url, creds.Owner.Token)
				}
				for n := 0; !stop.Load(); n++ {
					text := fmt.Sprintf("r%d s%d n%d", round, i, n)
					id, err := send(ch.url, creds.Owner.Token, chats[i], text)
					if err != nil {
						return // the emulator is gone: what was acknowledged must be kept
					}
					mu.Lock()
					all = append(all, acked{chats[i], id, text})
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(300+rng.IntN(700)) * time.Millisecond)
		ch.kill9()
		stop.Store(true)
		wg.Wait()
	}
	ch := startChild(t, dir)
	verify(t, ch.url, creds.Owner.Token, all)
	verifyOwed(t, ch.url, creds.Owner.Token, all)
	ch.cmd.Process.Signal(os.Interrupt)
	ch.cmd.Wait()
	db, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := db.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	db.Close()
	t.Logf("kill -9: %d kills, %d acknowledged events checked after restarts, 0 lost", kills, len(all))
}

func post(url, token, action string, payload any) (map[string]any, error) {
	b, _ := json.Marshal(payload)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", url+"/v3.6/agent/action/"+action, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return nil, err
	}
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("%s: HTTP %d %v", action, res.StatusCode, m)
	}
	return m, nil
}

func fetchCreds(t *testing.T, url string) emulator.Credentials {
	// The seeded credentials are fixed; an in-process server on memory has the same.
	srv, err := emulator.New(context.Background(), emulator.Config{DataDir: store.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	return srv.Credentials()
}

func startChat(t *testing.T, url, token string) string {
	t.Helper()
	m, err := post(url, token, "start_chat", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	return m["chat_id"].(string)
}

func webSend(url, token, chatID, text string) (string, error) {
	m, err := post(url, token, "send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": text}})
	if err != nil {
		return "", err
	}
	id, _ := m["event_id"].(string)
	return id, nil
}

// rtmSender returns a sender over one RTM connection (opened on first use).
func rtmSender(url, token string) func(string, string, string, string) (string, error) {
	var c *websocket.Conn
	n := 0
	return func(_, _, chatID, text string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		call := func(action string, payload any) (map[string]any, error) {
			n++
			rid := fmt.Sprint("r", n)
			b, _ := json.Marshal(map[string]any{"action": action, "request_id": rid, "payload": payload})
			if err := c.Write(ctx, websocket.MessageText, b); err != nil {
				return nil, err
			}
			for {
				_, data, err := c.Read(ctx)
				if err != nil {
					return nil, err
				}
				var f struct {
					Type      string         `json:"type"`
					RequestID string         `json:"request_id"`
					Success   bool           `json:"success"`
					Payload   map[string]any `json:"payload"`
				}
				json.Unmarshal(data, &f)
				if f.Type == "response" && f.RequestID == rid {
					if !f.Success {
						return nil, fmt.Errorf("%s: %v", action, f.Payload)
					}
					return f.Payload, nil
				}
			}
		}
		if c == nil {
			var err error
			c, _, err = websocket.Dial(ctx, strings.Replace(url, "http", "ws", 1)+"/v3.6/agent/rtm/ws", nil)
			if err != nil {
				return "", err
			}
			c.SetReadLimit(8 << 20)
			if _, err := call("login", map[string]any{"token": "Bearer " + token}); err != nil {
				return "", err
			}
		}
		m, err := call("send_event", map[string]any{"chat_id": chatID, "event": map[string]any{"type": "message", "text": text}})
		if err != nil {
			c.CloseNow()
			return "", err
		}
		id, _ := m["event_id"].(string)
		return id, nil
	}
}

// verify reads every chat of events and checks each acknowledged one.
func verify(t *testing.T, url, token string, events []acked) {
	t.Helper()
	byChat := map[string]map[string]string{}
	for _, e := range events {
		if byChat[e.chatID] == nil {
			byChat[e.chatID] = map[string]string{}
		}
		byChat[e.chatID][e.eventID] = e.text
	}
	lost := 0
	for chatID, want := range byChat {
		m, err := post(url, token, "list_threads", map[string]any{"chat_id": chatID, "limit": 100})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		threads, _ := m["threads"].([]any)
		for _, th := range threads {
			evs, _ := th.(map[string]any)["events"].([]any)
			for _, ev := range evs {
				em := ev.(map[string]any)
				id, _ := em["id"].(string)
				text, _ := em["text"].(string)
				got[id] = text
			}
		}
		for id, text := range want {
			if got[id] != text {
				lost++
				if lost < 5 {
					t.Errorf("chat %s: acknowledged event %s (%q) lost after kill -9", chatID, id, text)
				}
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged events lost", lost, len(events))
	}
}

// verifyOwed checks the deferred writes of each chat's last acknowledged
// event — the likeliest to have been still owed when the emulator was
// killed (emulator/deferred.go): list_archives finds the chat by the
// event's text, and the owner's events_seen_up_to has reached the event.
func verifyOwed(t *testing.T, url, token string, events []acked) {
	t.Helper()
	last := map[string]acked{}
	for _, e := range events {
		last[e.chatID] = e
	}
	for chatID, e := range last {
		m, err := post(url, token, "list_archives", map[string]any{"filters": map[string]any{"query": e.text}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		chats, _ := m["chats"].([]any)
		for _, c := range chats {
			if c.(map[string]any)["id"] == chatID {
				found = true
			}
		}
		if !found {
			t.Errorf("chat %s: its last acknowledged event %q is not found by list_archives after kill -9", chatID, e.text)
		}
		chat, err := post(url, token, "get_chat", map[string]any{"chat_id": chatID})
		if err != nil {
			t.Fatal(err)
		}
		var createdAt, seen string
		thread, _ := chat["thread"].(map[string]any)
		evs, _ := thread["events"].([]any)
		for _, ev := range evs {
			if em := ev.(map[string]any); em["id"] == e.eventID {
				createdAt, _ = em["created_at"].(string)
			}
		}
		users, _ := chat["users"].([]any)
		for _, u := range users {
			if um := u.(map[string]any); um["type"] == "agent" {
				seen, _ = um["events_seen_up_to"].(string)
			}
		}
		if createdAt == "" || seen < createdAt {
			t.Errorf("chat %s: owner's events_seen_up_to %q, want at least the last acknowledged event's %q", chatID, seen, createdAt)
		}
	}
}
