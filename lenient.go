package livechat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// MaxNesting is the deepest nesting of JSON arrays and objects that
// encoding/json, and so this SDK, can decode. An answer nested deeper (a
// custom event whose content is [[[…]]] thousands of levels deep) is still
// decoded by UnmarshalLenient, which the transports use: the members of
// the enclosing event or list item that go too deep are left out and the
// item reports it (see ItemError).
const MaxNesting = 10000

// ErrTooDeep is the cause of an ItemError for members nested deeper than
// MaxNesting.
var ErrTooDeep = errors.New("nested deeper than the decoder allows (" + fmt.Sprint(MaxNesting) + " levels)")

// undecodableKey is the member UnmarshalLenient adds to an item whose
// too-deep members it left out. Its value is {"members":[…],"problem":…}.
const undecodableKey = "__livechat_undecodable__"

// ItemError is the per-item decoding error of one event, user or list item
// of an answer that was otherwise decoded. A malformed event of a known type
// or a user that cannot be decoded becomes a *RawEvent or *RawUser whose Err
// is an *ItemError; an item with members nested deeper than MaxNesting keeps
// its other members and reports the dropped ones, in RawEvent.Err for an
// event and through Extra.ItemError for any other model type.
type ItemError struct {
	// Kind says what the item is: "event", "user" or "item".
	Kind string
	// Type is the item's "type" member when it could be read.
	Type string
	// Members lists the members left out because they were nested too
	// deeply (empty for a malformed item).
	Members []string
	// Err is the cause: ErrTooDeep, or the decoding error.
	Err error
}

// Error implements error.
func (e *ItemError) Error() string {
	what := e.Kind
	if e.Type != "" {
		what += " of type " + fmt.Sprintf("%q", e.Type)
	}
	if len(e.Members) > 0 {
		return fmt.Sprintf("livechat: undecodable %s: members %s left out: %v", what, strings.Join(e.Members, ", "), e.Err)
	}
	return fmt.Sprintf("livechat: undecodable %s: %v", what, e.Err)
}

// Unwrap returns the cause.
func (e *ItemError) Unwrap() error { return e.Err }

// ItemError returns the per-item error of a model value whose members
// nested deeper than MaxNesting were left out by UnmarshalLenient, or nil.
func (x Extra) ItemError() *ItemError {
	raw, ok := x[undecodableKey]
	if !ok {
		return nil
	}
	var m struct {
		Members []string `json:"members"`
	}
	_ = json.Unmarshal(raw, &m)
	var typ string
	_ = json.Unmarshal(x["type"], &typ)
	return &ItemError{Kind: "item", Type: typ, Members: m.Members, Err: ErrTooDeep}
}

// UnmarshalLenient is json.Unmarshal for answers of the platform that may
// hold values nested deeper than encoding/json can decode (MaxNesting). It
// first decodes data as json.Unmarshal does; only when that fails because of
// the depth does it rewrite data: in every event (the value of an "event"
// member or an element of an "events" array), or failing that in every
// element of a list of chats, threads, users or other items, or failing
// that in the answer itself (the top-level object, or the payload of an
// RTM frame), the members that go too deep are left out and the item is
// marked, so that it decodes to a *RawEvent with Err set, or reports
// Extra.ItemError (a type without Extra just lacks the member). Only a
// too-deep value under a top-level array outside any item is an error.
func UnmarshalLenient(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil || !IsTooDeep(err) {
		return err
	}
	trimmed, terr := TrimDeep(data)
	if terr != nil {
		return terr
	}
	return json.Unmarshal(trimmed, v)
}

// IsTooDeep reports whether err is encoding/json's error for input nested
// deeper than it decodes.
func IsTooDeep(err error) bool {
	var se *json.SyntaxError
	return errors.As(err, &se) && strings.Contains(se.Error(), "exceeded max depth")
}

// itemArrays are the members whose array elements are items that
// TrimDeep may mark, when no event encloses the too-deep value.
var itemArrays = map[string]bool{
	"chats": true, "chats_summary": true, "threads": true, "users": true, "customers": true,
	"agents": true, "items": true, "records": true, "results": true, "data": true,
	"responses": true, // the per-request answers of a batch action
}

// deepFrame is an open container during TrimDeep's scan.
type deepFrame struct {
	start       int    // offset of '{' or '['
	obj         bool   // an object
	key         string // current member (objects), or the member holding this array
	memberStart int    // offset of the current member's key (objects)
	event, item bool   // this container is an event / another list item
}

// deepCut is a member (or a whole non-object item) to leave out.
type deepCut struct {
	itemStart   int
	memberStart int // -1: replace the whole item
	event       bool
}

// TrimDeep returns data with the members nested deeper than MaxNesting
// left out of their enclosing event or list item, as UnmarshalLenient
// describes, and data itself when nothing is too deep. It fails when data
// is not JSON or a too-deep value lies outside any item.
func TrimDeep(data []byte) ([]byte, error) {
	cuts, err := findDeep(data)
	if err != nil || len(cuts) == 0 {
		if err == nil {
			return data, nil
		}
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(data))
	t := &trimmer{data: data, cuts: cuts}
	t.emit(&out, 0, len(data))
	return out.Bytes(), nil
}

// findDeep scans data and returns, in order, the members to leave out.
func findDeep(data []byte) ([]deepCut, error) {
	var (
		stack      []deepFrame
		cuts       []deepCut
		firstEvent = -1 // outermost event on the stack
		firstItem  = -1 // outermost other item on the stack
		quiet      = -1 // no new cut while len(stack) > quiet
		expectKey  bool
	)
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case ' ', '\t', '\n', '\r', ':', ',':
			if c == ',' && len(stack) > 0 && stack[len(stack)-1].obj {
				expectKey = true
			}
		case '"':
			end, err := skipString(data, i)
			if err != nil {
				return nil, err
			}
			if expectKey && len(stack) > 0 {
				top := &stack[len(stack)-1]
				top.memberStart = i
				top.key = ""
				if end-i < 40 {
					var k string
					if json.Unmarshal(data[i:end], &k) == nil {
						top.key = k
					}
				}
				expectKey = false
			}
			i = end - 1
		case '{', '[':
			f := deepFrame{start: i, obj: c == '{'}
			if n := len(stack); n > 0 {
				p := stack[n-1]
				switch {
				case p.obj && p.key == "event" && f.obj:
					f.event = true
				case !p.obj && p.key == "events":
					f.event = true
				case !p.obj && itemArrays[p.key]:
					f.item = true
				}
				if !p.obj {
					f.key = ""
				}
				if p.obj && !f.obj {
					f.key = p.key // an array remembers the member holding it
				}
			}
			stack = append(stack, f)
			idx := len(stack) - 1
			if f.event && firstEvent < 0 {
				firstEvent = idx
			}
			if f.item && firstItem < 0 {
				firstItem = idx
			}
			expectKey = f.obj
			if len(stack) > MaxNesting && (quiet < 0 || len(stack) <= quiet) {
				at := firstEvent
				if at < 0 {
					at = firstItem
				}
				if at < 0 {
					at = rootItem(stack)
				}
				if at < 0 {
					return nil, fmt.Errorf("livechat: decode: value at offset %d %w, outside any object", i, ErrTooDeep)
				}
				it := stack[at]
				cut := deepCut{itemStart: it.start, memberStart: -1, event: it.event}
				if it.obj {
					cut.memberStart = it.memberStart
				}
				cuts = append(cuts, cut)
				quiet = at + 1 // the item's member value (or the item) is done when the stack is back to this
			}
		case '}', ']':
			if len(stack) == 0 {
				return nil, fmt.Errorf("livechat: decode: unexpected %q at offset %d", c, i)
			}
			stack = stack[:len(stack)-1]
			n := len(stack)
			if firstEvent >= n {
				firstEvent = -1
			}
			if firstItem >= n {
				firstItem = -1
			}
			if quiet >= 0 && n <= quiet {
				quiet = -1
			}
			expectKey = false
		default:
			// a number or a literal: skip to its end
			for i+1 < len(data) && !isDelim(data[i+1]) {
				i++
			}
		}
	}
	if len(stack) != 0 {
		return nil, errors.New("livechat: decode: unexpected end of JSON input")
	}
	return cuts, nil
}

// rootItem returns the stack index of the item to trim when no event or
// list item encloses a too-deep value: the object in the "payload" member
// of an RTM frame, else the top-level object, else -1.
func rootItem(stack []deepFrame) int {
	if len(stack) > 1 && stack[0].obj && stack[0].key == "payload" && stack[1].obj {
		return 1
	}
	if stack[0].obj {
		return 0
	}
	return -1
}

// skipString returns the offset just past the JSON string starting at i.
func skipString(data []byte, i int) (int, error) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("livechat: decode: unterminated string at offset %d", i)
}

// skipValue returns the offset just past the JSON value starting at i (after
// white space), at any depth.
func skipValue(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '"':
			end, err := skipString(data, i)
			if err != nil {
				return len(data)
			}
			i = end - 1
			if depth == 0 {
				return end
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return i + 1
			}
		default:
			if depth == 0 && !isSpace(data[i]) {
				for i < len(data) && !isDelim(data[i]) {
					i++
				}
				return i
			}
		}
	}
	return len(data)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDelim(c byte) bool { return isSpace(c) || c == ',' || c == ':' || c == ']' || c == '}' }

// trimmer writes data with the cuts applied.
type trimmer struct {
	data []byte
	cuts []deepCut // ordered by memberStart within an item, items in scan order
}

// emit writes data[from:to], rebuilding the items that start inside it.
func (t *trimmer) emit(out *bytes.Buffer, from, to int) {
	for from < to {
		next := -1
		for _, c := range t.cuts {
			if c.itemStart >= from && c.itemStart < to && (next < 0 || c.itemStart < next) {
				next = c.itemStart
			}
		}
		if next < 0 {
			out.Write(t.data[from:to])
			return
		}
		out.Write(t.data[from:next])
		from = t.emitItem(out, next)
	}
}

// emitItem rebuilds the item starting at start and returns its end.
func (t *trimmer) emitItem(out *bytes.Buffer, start int) int {
	end := skipValue(t.data, start)
	drop := map[int]bool{}
	whole, event := false, false
	for _, c := range t.cuts {
		if c.itemStart != start {
			continue
		}
		event = event || c.event
		if c.memberStart < 0 {
			whole = true
		}
		drop[c.memberStart] = true
	}
	kind := "item"
	if event {
		kind = "event"
	}
	var dropped []string
	var kept [][2]int
	if !whole {
		for i := start + 1; i < end; {
			for i < end && (isSpace(t.data[i]) || t.data[i] == ',') {
				i++
			}
			if i >= end || t.data[i] != '"' {
				break
			}
			keyEnd, _ := skipString(t.data, i)
			j := keyEnd
			for j < end && (isSpace(t.data[j]) || t.data[j] == ':') {
				j++
			}
			valEnd := skipValue(t.data, j)
			if drop[i] {
				var k string
				_ = json.Unmarshal(t.data[i:keyEnd], &k)
				dropped = append(dropped, k)
			} else {
				kept = append(kept, [2]int{i, valEnd})
			}
			i = valEnd
		}
	}
	marker, _ := json.Marshal(map[string]any{"kind": kind, "members": dropped, "problem": ErrTooDeep.Error()})
	out.WriteString(`{"` + undecodableKey + `":`)
	out.Write(marker)
	for _, m := range kept {
		out.WriteByte(',')
		t.emit(out, m[0], m[1])
	}
	out.WriteByte('}')
	return end
}
