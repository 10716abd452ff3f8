package rtm

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrClosed is returned by calls on a closed Conn, and matched (errors.Is)
// by every error of calls that a Close or a final server disconnect ended.
var ErrClosed = errors.New("livechat/rtm: connection closed")

// ErrDisconnected is matched (errors.Is) by the error of a call that was
// sent but not answered when the socket dropped. The request may or may not
// have been applied. It is retryable: livechat.IsRetryable reports true.
var ErrDisconnected error = &disconnectedError{}

type disconnectedError struct{ reason string }

func (e *disconnectedError) Error() string {
	if e.reason == "" {
		return "livechat/rtm: disconnected"
	}
	return "livechat/rtm: disconnected: " + e.reason
}

// Temporary reports true: the request may succeed when sent again.
func (e *disconnectedError) Temporary() bool { return true }

// Is matches ErrDisconnected.
func (e *disconnectedError) Is(target error) bool { return target == ErrDisconnected }

func disconnected(reason string) error { return &disconnectedError{reason: reason} }

// ClosedError ends a Conn that will not reconnect: the server's disconnect
// reason forbade it, login failed for good, or reconnect attempts ran out.
// It matches ErrClosed and unwraps to the cause (e.g. a *livechat.Error of
// type authentication).
type ClosedError struct {
	// Reason is the server's disconnect reason (e.g. "access_token_revoked")
	// or a local one ("login_failed", "reconnect_limit").
	Reason string
	// Data is the disconnect push's optional data (e.g. {"region":"fra"}).
	Data json.RawMessage
	// Err is the underlying error, if any.
	Err error
}

// Error implements error.
func (e *ClosedError) Error() string {
	s := "livechat/rtm: connection closed: " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is matches ErrClosed.
func (e *ClosedError) Is(target error) bool { return target == ErrClosed }

// Unwrap returns the cause.
func (e *ClosedError) Unwrap() error { return e.Err }

// SlowConsumerError reports pushes dropped because the push queue was full
// (the handlers are slower than the server).
type SlowConsumerError struct {
	// Dropped counts the pushes lost in this episode.
	Dropped int
	// First is the action of the first dropped push.
	First string
}

// Error implements error.
func (e *SlowConsumerError) Error() string {
	return fmt.Sprintf("livechat/rtm: slow consumer: %d push(es) dropped, first %q", e.Dropped, e.First)
}

// ProtocolError reports a frame the client could not use: not JSON, of an
// unknown type, or larger than the read limit. The connection stays up.
type ProtocolError struct {
	Problem string
	// Frame is the start of the offending frame (at most 256 bytes).
	Frame []byte
	Err   error
}

// Error implements error.
func (e *ProtocolError) Error() string {
	s := "livechat/rtm: protocol: " + e.Problem
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *ProtocolError) Unwrap() error { return e.Err }

// HandlerPanicError reports a panic of a push or state handler; the
// dispatcher recovers and goes on with the next push.
type HandlerPanicError struct {
	Push  string
	Value any
}

// Error implements error.
func (e *HandlerPanicError) Error() string {
	return fmt.Sprintf("livechat/rtm: handler for %q panicked: %v", e.Push, e.Value)
}

func head(b []byte) []byte {
	if len(b) > 256 {
		b = b[:256]
	}
	return append([]byte(nil), b...)
}
