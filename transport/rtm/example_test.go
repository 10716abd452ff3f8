package rtm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/coder/websocket"
	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/transport/rtm"
)

// exampleServer is a minimal stand-in for the platform (or the emulator):
// it answers login and send_event, and pushes incoming_event for every
// event sent.
func exampleServer() (baseURL string, stop func()) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		ctx := context.Background()
		for {
			_, data, err := ws.Read(ctx)
			if err != nil {
				return
			}
			var req struct {
				RequestID string          `json:"request_id"`
				Action    string          `json:"action"`
				Payload   json.RawMessage `json:"payload"`
			}
			_ = json.Unmarshal(data, &req)
			var payload any = map[string]any{}
			switch req.Action {
			case "login":
				payload = map[string]any{
					"license":    map[string]any{"id": "104130623"},
					"my_profile": map[string]any{"id": "smith@example.com", "type": "agent", "name": "Agent Smith"},
				}
			case "send_event":
				var p struct {
					ChatID string          `json:"chat_id"`
					Event  json.RawMessage `json:"event"`
				}
				_ = json.Unmarshal(req.Payload, &p)
				push, _ := json.Marshal(map[string]any{"version": "3.6", "type": "push", "action": "incoming_event",
					"request_id": req.RequestID, "payload": map[string]any{"chat_id": p.ChatID, "thread_id": "K600PKZON8", "event": p.Event}})
				_ = ws.Write(ctx, websocket.MessageText, push)
				payload = map[string]any{"event_id": "K600PKZON8_1"}
			}
			resp, _ := json.Marshal(map[string]any{"request_id": req.RequestID, "action": req.Action,
				"type": "response", "success": true, "payload": payload})
			_ = ws.Write(ctx, websocket.MessageText, resp)
		}
	}))
	return srv.URL, srv.Close
}

// Dial an agent connection, watch pushes and send a message.
func Example() {
	base, stop := exampleServer()
	defer stop()
	ctx := context.Background()

	got := make(chan string, 1)
	conn, err := rtm.Dial(ctx, livechat.NewBearerToken("dal:example-token"),
		rtm.WithConfig(livechat.WithBaseURL(base)), // omit to reach api.livechatinc.com
		rtm.WithAgentLogin(rtm.AgentLogin{
			CustomerMonitoringLevel: "chatting",
			Application:             &rtm.Application{Name: "example", Version: "1.0"},
		}),
		rtm.WithStateHandler(func(ev rtm.StateEvent) {
			if ev.State == rtm.StateDisconnected {
				fmt.Println("disconnected:", ev.Reason)
			}
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	details, _ := conn.AgentDetails()
	fmt.Println("logged in as", details.MyProfile.ID, "on license", details.License.ID)

	conn.OnIncomingEvent(func(p *livechat.IncomingEventPush) {
		if m, ok := p.Event.(*livechat.Message); ok {
			got <- m.Text
		}
	})
	id, err := conn.SendMessage(ctx, "PJ0MRSHTDG", "Hello!", rtm.MessageVisibility(livechat.VisibilityAll))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sent", id)
	fmt.Println("pushed back:", <-got)
	// Output:
	// logged in as smith@example.com on license 104130623
	// sent K600PKZON8_1
	// pushed back: Hello!
}

// A Conn is a livechat.Transport: the typed Agent Chat client runs over it.
func Example_agentClient() {
	base, stop := exampleServer()
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	conn, err := rtm.Dial(ctx, livechat.NewBearerToken("dal:example-token"), rtm.WithConfig(livechat.WithBaseURL(base)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	client := agent.New(conn)
	resp, err := client.SendEvent(ctx, agent.SendEventRequest{ChatID: "PJ0MRSHTDG", Event: agent.NewMessage("Hi from RTM")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.EventID)
	// Output: K600PKZON8_1
}

// Call sends any action and decodes its answer.
func ExampleConn_Call() {
	base, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	conn, err := rtm.Dial(ctx, livechat.NewBearerToken("dal:example-token"), rtm.WithConfig(livechat.WithBaseURL(base)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	var resp struct {
		EventID string `json:"event_id"`
	}
	err = conn.Call(ctx, "send_event", map[string]any{
		"chat_id": "PJ0MRSHTDG",
		"event":   map[string]any{"type": "message", "text": "raw call", "visibility": "agents"},
	}, &resp)
	fmt.Println(resp.EventID, err)
	// Output: K600PKZON8_1 <nil>
}

// OnPush decodes a push into any type, here a type of the livechat package.
func ExampleOnPush() {
	base, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	conn, err := rtm.Dial(ctx, livechat.NewBearerToken("dal:example-token"), rtm.WithConfig(livechat.WithBaseURL(base)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()

	chats := make(chan string, 1)
	rtm.OnPush(conn, livechat.PushIncomingEvent, func(p *livechat.IncomingEventPush) { chats <- p.ChatID })
	if _, err := conn.SendMessage(ctx, "PJ0MRSHTDG", "ping"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-chats)
	// Output: PJ0MRSHTDG
}
