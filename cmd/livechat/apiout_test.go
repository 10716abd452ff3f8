package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/internal/redact"
)

// On a terminal the answer is indented; piped, compact (newOutput picks
// pretty from the writer, a terminal *os.File).
func TestOutputPrettyAndCompact(t *testing.T) {
	var b bytes.Buffer
	o := &output{w: &b, pretty: true}
	if err := o.print([]byte(`{"a":[1,2],"b":{"c":"d"}}`)); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  }\n}\n"
	if b.String() != want {
		t.Errorf("pretty = %q", b.String())
	}
	b.Reset()
	o, err := newOutput(&b, "")
	if err != nil {
		t.Fatal(err)
	}
	if o.pretty {
		t.Fatal("a buffer is not a terminal")
	}
	if err := o.print([]byte("{ \"a\" : 1 }")); err != nil || b.String() != "{\"a\":1}\n" {
		t.Errorf("compact = %q, %v", b.String(), err)
	}
}

// -v prints requests and answers with every secret hidden: the query,
// the headers and both bodies (a real round trip over loopback).
func TestVerboseTransportRedacts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "sid=cookie-secret")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"a-secret","refresh_token":"r-secret","token_type":"Bearer","expires_in":3600}`)
	}))
	defer srv.Close()
	var log bytes.Buffer
	hc := &http.Client{Transport: &verboseTransport{w: &log, next: http.DefaultTransport}}
	req, _ := http.NewRequest("POST", srv.URL+"/v2/token?code=q-code&client_id=c1", strings.NewReader("grant_type=authorization_code&code=x-code&client_secret=c-secret"))
	req.Header.Set("Authorization", "Basic YWNjOnBhdC1zZWNyZXQ=")
	req.Header.Set("X-Api-Key", "k-secret")
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "a-secret") {
		t.Errorf("the caller's answer was changed: %s", body)
	}
	out := log.String()
	for _, leak := range []string{"q-code", "x-code", "c-secret", "YWNjOnBhdC1zZWNyZXQ=", "k-secret", "cookie-secret", "a-secret", "r-secret"} {
		if strings.Contains(out, leak) {
			t.Errorf("%s leaked:\n%s", leak, out)
		}
	}
	for _, want := range []string{"client_id=c1", "grant_type=authorization_code", "Authorization: Basic " + redact.Mask, `"expires_in":3600`} {
		if !strings.Contains(out, want) {
			t.Errorf("redacted too much, %q missing:\n%s", want, out)
		}
	}
}

func TestJQErrorsHideValues(t *testing.T) {
	const token = "dal:verysecrettokenvalue1234567890"
	for expr, want := range map[string]string{
		".access_token[]":   "jq: cannot iterate over: string",
		".access_token.x":   "jq: expected an object but got: string",
		".access_token + 1": "jq: cannot add: string and number",
		".n[]":              "jq: cannot iterate over: number",
	} {
		o, err := newOutput(io.Discard, expr)
		if err != nil {
			t.Fatal(err)
		}
		err = o.print(json.RawMessage(`{"access_token":"` + token + `","n":12}`))
		if err == nil || err.Error() != want {
			t.Errorf("%s: err = %v, want %q", expr, err, want)
		}
	}
	if got := withoutPreviews(`cannot add: string ("a) \" (b ...") and object ({"x":"(" ...})`); got != "cannot add: string and object" {
		t.Errorf("withoutPreviews = %q", got)
	}
}
