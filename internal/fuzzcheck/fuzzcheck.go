// Package fuzzcheck holds the invariant that the SDK's decoder fuzz
// targets check on every input: decoding never panics, and what decodes
// re-encodes to JSON that decodes and encodes to the same JSON value
// (lossless, stable decoding).
package fuzzcheck

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/livechat-go/livechat"
)

// Stable decodes data into a new T as the transports do
// (livechat.UnmarshalLenient). When that works, T must encode, the encoding
// must decode into a T again, and that T must encode to the same JSON
// value. It reports whether data decoded.
func Stable[T any](t testing.TB, data []byte) bool {
	t.Helper()
	var v T
	if livechat.UnmarshalLenient(data, &v) != nil {
		return false
	}
	b1, err := json.Marshal(&v)
	if err != nil {
		t.Fatalf("%T: encode of a decoded value failed: %v\ninput: %q", v, err, data)
	}
	var v2 T
	if err := json.Unmarshal(b1, &v2); err != nil {
		t.Fatalf("%T: re-decode failed: %v\nencoded: %s\ninput: %q", v, err, b1, data)
	}
	b2, err := json.Marshal(&v2)
	if err != nil {
		t.Fatalf("%T: second encode failed: %v", v, err)
	}
	if !SameJSON(b1, b2) {
		t.Fatalf("%T: not stable:\n%s\n%s\ninput: %q", v, b1, b2, data)
	}
	return true
}

// SameJSON reports whether a and b hold the same JSON value.
func SameJSON(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}
