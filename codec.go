package livechat

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Extra holds the members of a JSON object that the typed fields of a
// model struct do not reproduce on their own: members this SDK does not
// know (yet), and known members that were sent with an empty value
// (false, 0, "", [], {} or null) which the typed field would omit. Encoding
// the struct writes them back, so decode → encode is lossless.
//
// A typed field that holds a non-empty value always wins over an entry of
// the same name in Extra.
type Extra map[string]json.RawMessage

// knownFields maps the JSON member names of struct type t to the field
// index path and whether the field is tagged omitempty.
type knownField struct {
	index     []int
	omitEmpty bool
}

var knownCache sync.Map // reflect.Type → map[string]knownField

func knownFields(t reflect.Type) map[string]knownField {
	if v, ok := knownCache.Load(t); ok {
		return v.(map[string]knownField)
	}
	m := map[string]knownField{}
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		m[name] = knownField{index: f.Index, omitEmpty: strings.Contains(opts, "omitempty")}
	}
	knownCache.Store(t, m)
	return m
}

// omitted reports whether encoding/json leaves the field out.
func (k knownField) omitted(v reflect.Value) bool {
	if !k.omitEmpty {
		return false
	}
	f := v.FieldByIndex(k.index)
	switch f.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return f.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return f.IsZero()
	}
	return false
}

// decodeObject decodes data into *v (a method-less twin of a model type)
// and stores in *extra what the typed fields would not write back.
func decodeObject[T any](data []byte, v *T, extra *Extra) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	known := knownFields(reflect.TypeFor[T]())
	if folded := foldedMembers(raw, known); folded != nil {
		// encoding/json matches member names case-insensitively, so a
		// member such as "Id" beside "id" would overwrite the typed field
		// (and re-encoding would change which one wins). Decode the typed
		// fields from the exact names only; the others go to Extra.
		exact := make(map[string]json.RawMessage, len(raw))
		for k, m := range raw {
			if !folded[k] {
				exact[k] = m
			}
		}
		b, err := json.Marshal(exact)
		if err != nil {
			return err
		}
		var zero T
		*v = zero
		if err := json.Unmarshal(b, v); err != nil {
			return err
		}
	}
	rv := reflect.ValueOf(v).Elem()
	var ex Extra
	for k, m := range raw {
		if f, ok := known[k]; ok && !f.omitted(rv) {
			continue
		}
		if ex == nil {
			ex = Extra{}
		}
		ex[k] = m
	}
	*extra = ex
	return nil
}

// foldedMembers returns the members of raw that are not a known name but
// equal one under case folding (nil when there are none).
func foldedMembers(raw map[string]json.RawMessage, known map[string]knownField) map[string]bool {
	var out map[string]bool
	for k := range raw {
		if _, ok := known[k]; ok {
			continue
		}
		for name := range known {
			if strings.EqualFold(k, name) {
				if out == nil {
					out = map[string]bool{}
				}
				out[k] = true
				break
			}
		}
	}
	return out
}

// encodeObject encodes *v (a method-less twin of a model type) and adds
// the members of extra that the typed fields did not write.
func encodeObject[T any](v *T, extra Extra) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	known := knownFields(reflect.TypeFor[T]())
	rv := reflect.ValueOf(v).Elem()
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if f, ok := known[k]; ok && !f.omitted(rv) {
			continue
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return b, nil
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	buf.Grow(len(b) + 64*len(keys))
	buf.Write(b[:len(b)-1]) // drop '}'
	empty := len(b) == 2
	for _, k := range keys {
		if !empty {
			buf.WriteByte(',')
		}
		empty = false
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		val := extra[k]
		if len(val) == 0 {
			val = json.RawMessage("null")
		}
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalWithExtra decodes data into v, a pointer to a struct type
// without its own UnmarshalJSON (declare `type plain T` and pass
// (*plain)(x)), and stores in *extra what the typed fields would not write
// back. With MarshalWithExtra it gives any struct the lossless round trip
// of this package's model types:
//
//	func (x *T) UnmarshalJSON(b []byte) error {
//		type plain T
//		return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
//	}
func UnmarshalWithExtra[T any](data []byte, v *T, extra *Extra) error {
	return decodeObject(data, v, extra)
}

// MarshalWithExtra encodes v (a pointer to a method-less struct type, see
// UnmarshalWithExtra) and adds the members of extra the typed fields did
// not write.
func MarshalWithExtra[T any](v *T, extra Extra) ([]byte, error) {
	return encodeObject(v, extra)
}
