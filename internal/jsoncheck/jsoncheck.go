// Package jsoncheck checks that a JSON document can be stored and served
// back to any JSON reader: its strings are valid UTF-8 (no lone UTF-16
// surrogate escapes either), its numbers fit a float64, and it nests at
// most a given number of levels. The emulator runs it on every request
// body before an action sees it, so what it stores always decodes again.
//
// Check assumes a syntactically valid document (the caller has decoded or
// validated it); on anything else it reports a problem, never panics.
package jsoncheck

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDepth is the nesting limit the emulator applies to every request
// payload: objects and arrays, the payload object itself counting as
// level 1. A custom event's content inside send_event's payload
// ({"event":{"content":…}}) therefore nests at most MaxDepth-2 levels.
const MaxDepth = 32

// maxPathParts bounds how much of a path an error message shows.
const maxPathParts = 8

// Error is a problem found in a document, with the path of the value
// ("event.content[0]"; "" for the document itself).
type Error struct {
	Path    string
	Problem string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Problem
	}
	return e.Path + ": " + e.Problem
}

type frame struct {
	array   bool
	wantKey bool
	key     string
	index   int
}

type scanner struct {
	data  []byte
	stack []frame
	max   int
}

// Check scans data and returns the first problem found, or nil. maxDepth
// ≤ 0 means MaxDepth.
func Check(data []byte, maxDepth int) *Error {
	if maxDepth <= 0 {
		maxDepth = MaxDepth
	}
	sc := &scanner{data: data, max: maxDepth}
	return sc.run()
}

func (sc *scanner) run() *Error {
	d := sc.data
	for i := 0; i < len(d); {
		switch c := d[i]; c {
		case '{', '[':
			if len(sc.stack) >= sc.max {
				return &Error{Path: sc.path(), Problem: fmt.Sprintf("JSON nested deeper than %d levels", sc.max)}
			}
			sc.stack = append(sc.stack, frame{array: c == '[', wantKey: c == '{'})
			i++
		case '}', ']':
			if len(sc.stack) > 0 {
				sc.stack = sc.stack[:len(sc.stack)-1]
			}
			i++
		case ',':
			if n := len(sc.stack); n > 0 {
				if sc.stack[n-1].array {
					sc.stack[n-1].index++
				} else {
					sc.stack[n-1].wantKey = true
				}
			}
			i++
		case '"':
			end, s, e := sc.str(i)
			if e != nil {
				return e
			}
			if n := len(sc.stack); n > 0 && !sc.stack[n-1].array && sc.stack[n-1].wantKey {
				sc.stack[n-1].key, sc.stack[n-1].wantKey = s, false
			}
			i = end
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			j := i + 1
			float := false
			for j < len(d) && strings.IndexByte("0123456789+-.eE", d[j]) >= 0 {
				float = float || d[j] == 'e' || d[j] == 'E'
				j++
			}
			if float || j-i > 300 {
				f, err := strconv.ParseFloat(string(d[i:j]), 64)
				if math.IsInf(f, 0) || (err != nil && !isRange(err)) {
					return &Error{Path: sc.path(), Problem: fmt.Sprintf("number %s is out of range", clip(string(d[i:j])))}
				}
			}
			i = j
		default:
			i++
		}
	}
	return nil
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// str checks the string starting at d[i] (the quote) and returns the
// index after its closing quote and, for a key, its value.
func (sc *scanner) str(i int) (int, string, *Error) {
	d := sc.data
	wantKey := len(sc.stack) > 0 && !sc.stack[len(sc.stack)-1].array && sc.stack[len(sc.stack)-1].wantKey
	escaped := false
	j := i + 1
	for j < len(d) {
		c := d[j]
		switch {
		case c == '"':
			raw := d[i : j+1]
			if !wantKey {
				return j + 1, "", nil
			}
			if !escaped {
				return j + 1, string(raw[1 : len(raw)-1]), nil
			}
			var s string
			_ = json.Unmarshal(raw, &s)
			return j + 1, s, nil
		case c == '\\':
			escaped = true
			if j+1 < len(d) && d[j+1] == 'u' {
				n, e := sc.unicodeEscape(j)
				if e != nil {
					return 0, "", e
				}
				j = n
				continue
			}
			j += 2
		case c < utf8.RuneSelf:
			j++
		default:
			r, size := utf8.DecodeRune(d[j:])
			if r == utf8.RuneError && size <= 1 {
				return 0, "", sc.strErr(wantKey, "invalid UTF-8 in a string")
			}
			j += size
		}
	}
	return 0, "", sc.strErr(wantKey, "unterminated string")
}

// unicodeEscape checks the \uXXXX escape at d[j] (and its pair when it
// is a surrogate) and returns the index after it.
func (sc *scanner) unicodeEscape(j int) (int, *Error) {
	d := sc.data
	hex := func(at int) (rune, bool) {
		if at+6 > len(d) || d[at] != '\\' || d[at+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(d[at+2:at+6]), 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex(j)
	if !ok {
		return 0, sc.strErr(false, "invalid \\u escape")
	}
	switch {
	case r >= 0xDC00 && r <= 0xDFFF:
		return 0, sc.strErr(false, "lone UTF-16 surrogate in a string")
	case r >= 0xD800 && r <= 0xDBFF:
		r2, ok := hex(j + 6)
		if !ok || r2 < 0xDC00 || r2 > 0xDFFF {
			return 0, sc.strErr(false, "lone UTF-16 surrogate in a string")
		}
		return j + 12, nil
	}
	return j + 6, nil
}

func (sc *scanner) strErr(key bool, problem string) *Error {
	if key {
		problem = strings.Replace(problem, "a string", "a key", 1)
	}
	return &Error{Path: sc.path(), Problem: problem}
}

// path names the value being scanned: the keys and indexes of the open
// containers, the first maxPathParts of them.
func (sc *scanner) path() string {
	var b strings.Builder
	for n, f := range sc.stack {
		if n == maxPathParts {
			b.WriteString("…")
			break
		}
		if f.array {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if f.wantKey { // between members: the key is being read
			break
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(clip(strings.ToValidUTF8(f.key, "\uFFFD")))
	}
	return b.String()
}

func clip(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}
