package dynamic_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/dynamic"
)

// TestUploadFile: upload_file (a multipart operation) takes a File; the
// emulator stores it and serves it back at the answered URL. Bad file
// arguments are refused with nothing sent.
func TestUploadFile(t *testing.T) {
	e := newEnv(t)
	c := e.owner(t)
	op, err := c.Operation("agent", "upload_file")
	if err != nil {
		t.Fatal(err)
	}
	if op.MediaType != "multipart/form-data" {
		t.Fatalf("upload_file media type = %q", op.MediaType)
	}
	const content = "hello, file"
	var up struct {
		URL string `json:"url"`
	}
	call(t, c, "agent", "upload_file", map[string]any{"file": dynamic.File{Name: "note.txt", Content: strings.NewReader(content)}}, &up)
	if up.URL == "" {
		t.Fatal("upload_file answered no url")
	}
	res, err := http.Get(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(got) != content {
		t.Fatalf("GET %s: %s %q, want %q", up.URL, res.Status, got, content)
	}

	before := e.sent.n.Load()
	for _, tc := range []struct {
		args  any
		field string
	}{
		{map[string]any{}, "file"},
		{map[string]any{"file": "note.txt"}, "file"},
		{map[string]any{"file": dynamic.File{Name: "x"}}, "file"},
		{map[string]any{"other": dynamic.File{Name: "x", Content: strings.NewReader("x")}}, "other"},
		{map[string]any{"file": dynamic.File{Name: "x", Content: strings.NewReader("x")}, "text": "no"}, "text"},
		{json.RawMessage(`{"file":"x"}`), "arguments"},
		{map[string]any{"file": dynamic.File{Name: "big.bin", Content: io.LimitReader(zeros{}, 10<<20+1)}}, "file"},
	} {
		_, err := c.Call(context.Background(), "agent", "upload_file", tc.args)
		assertArg(t, err, tc.field)
	}
	// a File in a JSON body
	_, err = c.Call(context.Background(), "agent", "send_event", map[string]any{"chat_id": "X", "event": dynamic.File{Name: "x"}})
	if err == nil || !strings.Contains(err.Error(), "multipart") {
		t.Fatalf("a File in send_event: err = %v", err)
	}
	if n := e.sent.n.Load() - before; n != 0 {
		t.Fatalf("%d requests sent for refused uploads", n)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
