package emulator_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat/emulator"
)

// TestRTMPendingLimitExact keeps exactly MaxPendingRequests (10) requests
// in flight on one connection, sending the next request the moment an
// answer arrives (from the reading goroutine, the fastest a client can),
// and requires that none is refused with pending_requests_limit_reached:
// a request stops counting as pending when its response is handed to the
// connection, so a client that has the answer can never be one over.
//
// It sends 100,000 list_chats (about 5 s on 2 busy cores; 2,000 with
// -short); LIVECHAT_PENDING_REQUESTS=n sends n.
func TestRTMPendingLimitExact(t *testing.T) {
	total := 100000
	if v := os.Getenv("LIVECHAT_PENDING_REQUESTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 {
			t.Fatalf("LIVECHAT_PENDING_REQUESTS=%q: want a number ≥ 10", v)
		}
		total = n
	}
	if testing.Short() {
		total = 2000
	}
	const inFlight = 10
	// list_chats goes through the dispatcher and a bit of work after its
	// response is queued: before the fix this refused ~1 request in
	// 15,000 here; ping, with less work after its response, far fewer.
	const action = "list_chats"
	srv := emulator.NewTest(t, emulator.Config{MaxPendingRequests: inFlight})
	url := "ws" + strings.TrimPrefix(srv.URL(), "http") + "/v3.6/agent/rtm/ws"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	send := func(id int, action string, payload string) {
		b := []byte(`{"request_id":"` + strconv.Itoa(id) + `","action":"` + action + `","payload":` + payload + `}`)
		if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
			t.Fatal(err)
		}
	}
	var f struct {
		RequestID string          `json:"request_id"`
		Type      string          `json:"type"`
		Success   *bool           `json:"success"`
		Payload   json.RawMessage `json:"payload"`
	}
	read := func() {
		for {
			_, b, err := conn.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			f.Success = nil
			if err := json.Unmarshal(b, &f); err != nil {
				t.Fatal(err)
			}
			if f.Type == "response" {
				return
			}
		}
	}
	send(0, "login", `{"token":`+strconv.Quote("Bearer "+srv.Credentials().Owner.Token)+`}`)
	read()
	if f.Success == nil || !*f.Success {
		t.Fatalf("login: %s", f.Payload)
	}
	sent, answered, refused := 0, 0, 0
	for ; sent < inFlight; sent++ {
		send(sent+1, action, "{}")
	}
	for answered < total {
		read()
		answered++
		if f.Success == nil || !*f.Success {
			if strings.Contains(string(f.Payload), "pending_requests_limit_reached") {
				refused++
			} else {
				t.Fatalf("request %s: %s", f.RequestID, f.Payload)
			}
		}
		if sent < total {
			sent++
			send(sent, action, "{}")
		}
	}
	if refused != 0 {
		t.Fatalf("%d of %d requests refused with pending_requests_limit_reached at exactly %d in flight", refused, total, inFlight)
	}
	t.Logf("%d requests at %d in flight: none refused", total, inFlight)
}
