package rtm

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/fuzzcheck"
)

// fuzzConn is a Conn with no socket and one call in flight (request 1,
// get_chat), enough for the frame reader.
func fuzzConn() (*Conn, *call) {
	c := &Conn{s: defaultSettings(), log: slog.New(slog.DiscardHandler), dq: newDispatchQueue(8), pending: map[uint64]*call{}}
	cl := &call{id: 1, action: "get_chat", done: make(chan result, 1)}
	c.pending[1] = cl
	c.inflight = 1
	return c, cl
}

var frameSeeds = []string{
	`{"request_id":"1","action":"get_chat","type":"response","success":true,"payload":{"id":"C","thread":{"id":"T","events":[{"type":"message","text":"hi"},{"type":"message","text":5}]}}}`,
	`{"request_id":"1","action":"get_chat","type":"response","success":false,"payload":{"error":{"type":"not_found","message":"Chat not found"}}}`,
	`{"request_id":"1","type":"response","success":false,"payload":{"error":"oops"}}`,
	`{"request_id":1,"type":"response","payload":null}`,
	`{"version":"3.6","action":"incoming_event","type":"push","payload":{"chat_id":"C","event":{"type":"custom","content":[[1]]}}}`,
	`{"action":"agent_disconnected","type":"push","payload":{"reason":"misdirected_connection","data":{"region":"fra"}}}`,
	`{"action":"customer_side_storage_updated","type":"push","payload":{"customer_side_storage":{"k":"v"}}}`,
	`{"type":"nonsense"}`,
	`[1,2,3]`,
	``,
	`{"request_id":"1","type":"response","success":true,"payload":{"license":{"id":"1"},"my_profile":{"id":"a","type":"agent"},"chats_summary":[{"id":"C"}]}}`,
}

// FuzzReadFrame feeds any message to the RTM frame reader (readMessage,
// handleFrame) with one call in flight: nothing panics, an answer to the
// call is delivered once, an error answer is a *livechat.Error of a named
// type, and a success payload decodes (leniently) as a chat and a login.
func FuzzReadFrame(f *testing.F) {
	for _, s := range frameSeeds {
		f.Add([]byte(s))
	}
	n := livechat.MaxNesting + 2
	f.Add([]byte(`{"request_id":"1","type":"response","success":true,"payload":{"id":"C","thread":{"id":"T","events":[{"type":"custom","content":` +
		strings.Repeat("[", n) + strings.Repeat("]", n) + `}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, cl := fuzzConn()
		msg, err := readMessage(bytes.NewReader(data), 1<<20, nil)
		if err != nil {
			return
		}
		c.handleFrame(&socket{}, msg, new(inFrame))
		_, stillPending := c.pending[1]
		select {
		case r := <-cl.done:
			if stillPending {
				t.Fatal("call answered but still pending")
			}
			if r.err != nil {
				var le *livechat.Error
				if !errors.As(r.err, &le) || le.Type == "" || le.Action != "get_chat" || le.RequestID != "1" {
					t.Fatalf("error answer = %#v", r.err)
				}
				return
			}
			var chat livechat.Chat
			_ = decodeInto("get_chat", r.payload, &chat)
			if lr, err := decodeLogin(r.payload); err == nil {
				if _, err := json.Marshal(lr); err != nil {
					t.Fatalf("decoded login does not encode: %v", err)
				}
			}
		default:
			if !stillPending {
				t.Fatal("call left pending without an answer")
			}
		}
	})
}

// FuzzDecodeLogin checks the login response decoder: never a panic, and
// the agent and customer parts it decodes are stable.
func FuzzDecodeLogin(f *testing.F) {
	for _, s := range []string{
		`{"license":{"id":"1","plan":"enterprise","in_trial":false},"my_profile":{"id":"a@x","type":"agent","name":"A"},"chats_summary":[{"id":"C","last_event_per_type":{"message":{"event":{"type":"message","text":1}}}}]}`,
		`{"customer":{"id":"c","type":"customer"},"has_active_thread":true,"chats":[{"chat_id":"C","has_unread_events":false}],"greeting":{"id":1}}`,
		`{"chats_summary":[{"id":"C","users":[{"id":5}]}]}`,
		`null`, `[]`, `{"license":5}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lr, err := decodeLogin(data)
		if err != nil {
			return
		}
		if !bytes.Equal(lr.Raw, data) {
			t.Fatal("Raw is not the payload")
		}
		fuzzcheck.Stable[livechat.License](t, data)
		fuzzcheck.Stable[LoginResponse](t, data)
		// What the Conn keeps is the same whether it decodes the whole
		// response (a state handler is set) or only the kept part.
		kept, err := decodeKeptLogin(data)
		if err != nil {
			t.Fatalf("whole response decodes, kept part does not: %v", err)
		}
		a, _ := json.Marshal(lr.retained())
		b, _ := json.Marshal(kept)
		if !bytes.Equal(a, b) {
			t.Fatalf("kept part differs:\n whole %s\n kept  %s", a, b)
		}
	})
}

// FuzzDecodeFrame checks the envelope scanner against json.Unmarshal: the
// same fields, and an error exactly when json.Unmarshal gives one.
func FuzzDecodeFrame(f *testing.F) {
	for _, s := range frameSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		` { "Type" : "push" , "payload" : [ 1 , {"a":"}"} ] } `,
		`{"request_id":"1","request_id":"2","payload":null,"payload":{"x":"\""}}`,
		`{"type":"response","success":"yes"}`,
		`{"action":"a","\u0074ype":"push"}`,
		`{"ſuccess":true,"versıon":"1"}`,
		`{"extra":{"type":"push"},"type":"response","success":true,"payload":-1.5e3}`,
		`{}`, `{"a":1}x`, `"x"`, `{"payload":tru}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got, want inFrame
		gerr := decodeFrame(data, &got)
		werr := json.Unmarshal(data, &want)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("decodeFrame error %v, json.Unmarshal error %v", gerr, werr)
		}
		if werr != nil {
			return
		}
		if !bytes.Equal(got.Version, want.Version) || !bytes.Equal(got.RequestID, want.RequestID) ||
			!bytes.Equal(got.Action, want.Action) || !bytes.Equal(got.Type, want.Type) ||
			got.Success != want.Success || !bytes.Equal(got.Payload, want.Payload) ||
			(got.Payload == nil) != (want.Payload == nil) {
			t.Fatalf("decodeFrame = %+v, json.Unmarshal = %+v", got, want)
		}
	})
}
