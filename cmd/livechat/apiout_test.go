package main

import (
	"bytes"
	"strings"
	"testing"
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

func TestRedactBody(t *testing.T) {
	got := redactBody([]byte(`{"grant_type":"refresh_token","refresh_token":"r-secret","client_secret":"c-secret","code":"x-code","nested":{"access_token":"a-secret"},"text":"hello"}`))
	for _, leak := range []string{"r-secret", "c-secret", "x-code", "a-secret"} {
		if strings.Contains(got, leak) {
			t.Errorf("%s leaked: %s", leak, got)
		}
	}
	if !strings.Contains(got, `"text":"hello"`) || !strings.Contains(got, `"grant_type":"refresh_token"`) {
		t.Errorf("redacted too much: %s", got)
	}
	form := redactBody([]byte("grant_type=authorization_code&code=abc&client_secret=s3"))
	if strings.Contains(form, "abc") || strings.Contains(form, "s3") {
		t.Errorf("form leaked: %s", form)
	}
}
