package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"

	"github.com/itchyny/gojq"
	"golang.org/x/term"

	"github.com/livechat-go/livechat/internal/redact"
)

// output prints JSON answers: indented on a terminal, compact otherwise,
// through an optional jq filter.
type output struct {
	w      io.Writer
	pretty bool
	jq     *gojq.Code
}

// newOutput prepares printing to w with the jq expression expr ("" for none).
func newOutput(w io.Writer, expr string) (*output, error) {
	o := &output{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		o.pretty = true
	}
	if expr != "" {
		q, err := gojq.Parse(expr)
		if err != nil {
			return nil, usageError(fmt.Sprintf("--jq: %v", err))
		}
		code, err := gojq.Compile(q)
		if err != nil {
			return nil, usageError(fmt.Sprintf("--jq: %v", err))
		}
		o.jq = code
	}
	return o, nil
}

// print writes one JSON value (an answer, or an item of a page).
func (o *output) print(raw json.RawMessage) error {
	if o.jq == nil {
		return o.value(raw)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("the answer is not JSON: %w", err)
	}
	iter := o.jq.Run(v)
	for {
		r, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := r.(error); ok {
			if h, ok := err.(*gojq.HaltError); ok && h.Value() == nil {
				return nil
			}
			return &cliError{typ: "jq", msg: withoutPreviews(err.Error()), code: exitAPIError}
		}
		if s, ok := r.(string); ok { // strings are printed raw, like jq -r and gh --jq
			fmt.Fprintln(o.w, s)
			continue
		}
		b, err := gojq.Marshal(r)
		if err != nil {
			return &cliError{typ: "jq", msg: err.Error(), code: exitAPIError}
		}
		if err := o.value(b); err != nil {
			return err
		}
	}
}

func (o *output) value(raw []byte) error {
	var buf bytes.Buffer
	var err error
	if o.pretty {
		err = json.Indent(&buf, raw, "", "  ")
	} else {
		err = json.Compact(&buf, raw)
	}
	if err != nil {
		buf.Reset()
		buf.Write(bytes.TrimSpace(raw))
	}
	buf.WriteByte('\n')
	_, err = o.w.Write(buf.Bytes())
	return err
}

// verboseTransport prints every request and response on w, with the
// Authorization header and secret-looking members redacted.
type verboseTransport struct {
	w    io.Writer
	next http.RoundTripper
}

func (t *verboseTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	fmt.Fprintf(t.w, "> %s %s\n", r.Method, redact.URL(r.URL.String()))
	printHeaders(t.w, "> ", r.Header)
	if len(body) > 0 {
		fmt.Fprintf(t.w, "> %s\n", redact.Body(body))
	}
	res, err := t.next.RoundTrip(r)
	if err != nil {
		fmt.Fprintf(t.w, "< error: %s\n", redact.Error(err))
		return nil, err
	}
	if res.StatusCode == http.StatusSwitchingProtocols {
		// an RTM WebSocket: the body is the connection itself
		fmt.Fprintf(t.w, "< %s %s\n", res.Proto, res.Status)
		printHeaders(t.w, "< ", res.Header)
		return res, nil
	}
	data, rerr := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(data))
	fmt.Fprintf(t.w, "< %s %s\n", res.Proto, res.Status)
	printHeaders(t.w, "< ", res.Header)
	if len(data) > 0 {
		fmt.Fprintf(t.w, "< %s\n", redact.Body(data))
	}
	if rerr != nil {
		return nil, rerr
	}
	return res, nil
}

func printHeaders(w io.Writer, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			fmt.Fprintf(w, "%s%s: %s\n", prefix, k, redact.Header(k, v))
		}
	}
}

// jqTypes are the type names gojq follows with a preview of the value in
// its error messages: `cannot iterate over: string ("dal:abc…")`.
var jqTypes = []string{"null", "boolean", "number", "string", "array", "object"}

// withoutPreviews removes the value previews from a jq error message:
// the answer may hold a token, and the error is printed on stderr.
func withoutPreviews(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		j := previewAt(msg, i)
		if j < 0 {
			b.WriteByte(msg[i])
			i++
			continue
		}
		i = j
	}
	return b.String()
}

// previewAt returns where the preview " (…)" starting at msg[i] ends, or
// -1 when none starts there. It must follow a jq type name.
func previewAt(msg string, i int) int {
	if !strings.HasPrefix(msg[i:], " (") {
		return -1
	}
	typed := false
	for _, t := range jqTypes {
		if strings.HasSuffix(msg[:i], t) {
			typed = true
		}
	}
	if !typed {
		return -1
	}
	depth, inString := 0, false
	for j := i + 1; j < len(msg); j++ {
		switch c := msg[j]; {
		case inString && c == '\\':
			j++
		case c == '"':
			inString = !inString
		case inString:
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 {
				return j + 1
			}
		}
	}
	return len(msg) // an unterminated preview: drop the rest
}
