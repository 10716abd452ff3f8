package rtm

import (
	"bytes"
	"encoding/json"
)

// decodeFrame decodes a frame's envelope into f (which must be zero), with
// the same result as json.Unmarshal(data, f): a valid frame whose member
// names are spelt exactly is scanned directly (no reflection; the field
// decoders are the same UnmarshalJSON methods), anything else (invalid
// JSON, not an object, names in another case or escaped, a field that
// does not decode) goes through json.Unmarshal, which then also gives the
// error.
func decodeFrame(data []byte, f *inFrame) error {
	if json.Valid(data) && scanFrame(data, f) {
		return nil
	}
	*f = inFrame{}
	return json.Unmarshal(data, f)
}

// frameFields are the envelope's member names, as inFrame spells them.
var frameFields = [...]string{"version", "request_id", "action", "type", "success", "payload"}

// scanFrame fills f from data, which must be valid JSON, and reports
// whether it could; false leaves f to be decoded by json.Unmarshal.
func scanFrame(data []byte, f *inFrame) bool {
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return false
	}
	i = skipSpace(data, i+1)
	if data[i] == '}' {
		return true
	}
	for {
		// data is valid: a member is "name" : value, then , or }.
		end := stringEnd(data, i)
		name := data[i+1 : end-1]
		i = skipSpace(data, end)
		i = skipSpace(data, i+1) // the ':'
		vend := valueEnd(data, i)
		if !f.set(name, data[i:vend]) {
			return false
		}
		i = skipSpace(data, vend)
		if data[i] == '}' {
			return true
		}
		i = skipSpace(data, i+1) // the ','
	}
}

// set decodes one member into f; false when json.Unmarshal must decide.
func (f *inFrame) set(name, v []byte) bool {
	var err error
	switch string(name) {
	case "version":
		err = f.Version.UnmarshalJSON(v)
	case "request_id":
		err = f.RequestID.UnmarshalJSON(v)
	case "action":
		err = f.Action.UnmarshalJSON(v)
	case "type":
		err = f.Type.UnmarshalJSON(v)
	case "success":
		err = f.Success.UnmarshalJSON(v)
	case "payload":
		err = f.Payload.UnmarshalJSON(v)
	default:
		// json.Unmarshal matches names case-insensitively (with Unicode
		// folding): leave it any name that might match.
		if bytes.IndexByte(name, '\\') >= 0 {
			return false
		}
		for _, b := range name {
			if b >= 0x80 {
				return false
			}
		}
		for _, ff := range frameFields {
			if bytes.EqualFold(name, []byte(ff)) {
				return false
			}
		}
		return true
	}
	return err == nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// stringEnd returns the index after the string starting at data[i] ('"').
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// valueEnd returns the index after the valid JSON value starting at data[i].
func valueEnd(data []byte, i int) int {
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for ; i < len(data); i++ {
			switch data[i] {
			case '"':
				i = stringEnd(data, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for ; i < len(data); i++ { // a number or a literal
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
	}
	return i
}
