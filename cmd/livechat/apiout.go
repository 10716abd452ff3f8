package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/itchyny/gojq"
	"golang.org/x/term"
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
			return &cliError{typ: "jq", msg: err.Error(), code: exitAPIError}
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
	u := *r.URL
	u.User = nil
	fmt.Fprintf(t.w, "> %s %s\n", r.Method, redactQuery(&u))
	printHeaders(t.w, "> ", r.Header)
	if len(body) > 0 {
		fmt.Fprintf(t.w, "> %s\n", redactBody(body))
	}
	res, err := t.next.RoundTrip(r)
	if err != nil {
		fmt.Fprintf(t.w, "< error: %v\n", err)
		return nil, err
	}
	data, rerr := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(data))
	fmt.Fprintf(t.w, "< %s %s\n", res.Proto, res.Status)
	printHeaders(t.w, "< ", res.Header)
	if len(data) > 0 {
		fmt.Fprintf(t.w, "< %s\n", redactBody(data))
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
			if isSecretName(k) || strings.EqualFold(k, "Cookie") || strings.EqualFold(k, "Set-Cookie") {
				if scheme, _, ok := strings.Cut(v, " "); ok && strings.EqualFold(k, "Authorization") {
					v = scheme + " [REDACTED]"
				} else {
					v = "[REDACTED]"
				}
			}
			fmt.Fprintf(w, "%s%s: %s\n", prefix, k, v)
		}
	}
}

// secretName matches the names of members, parameters and headers whose
// values are credentials.
var secretName = regexp.MustCompile(`(?i)(authorization|token|secret|password|api_?key|\bpat\b|^code$|^code_verifier$)`)

func isSecretName(name string) bool { return secretName.MatchString(name) }

// redactQuery hides secret query parameters of u.
func redactQuery(u *url.URL) string {
	q := u.Query()
	changed := false
	for k := range q {
		if isSecretName(k) {
			q.Set(k, "[REDACTED]")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactBody hides secret members of a JSON or form body.
func redactBody(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) == nil {
		redactValue(v)
		out, _ := json.Marshal(v)
		return string(out)
	}
	if q, err := url.ParseQuery(string(b)); err == nil && len(q) > 0 && !bytes.ContainsAny(b, "{[ ") {
		for k := range q {
			if isSecretName(k) {
				q.Set(k, "[REDACTED]")
			}
		}
		return q.Encode()
	}
	return string(b)
}

func redactValue(v any) {
	switch n := v.(type) {
	case map[string]any:
		for k, e := range n {
			if isSecretName(k) {
				if _, isStr := e.(string); isStr {
					n[k] = "[REDACTED]"
					continue
				}
			}
			redactValue(e)
		}
	case []any:
		for _, e := range n {
			redactValue(e)
		}
	}
}
