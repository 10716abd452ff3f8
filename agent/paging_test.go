package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/internal/wiretest"
	"github.com/livechat-go/livechat/transport/web"
)

// pagedServer answers a list action in 3 pages of 2 items. itemsKey names
// the array member; item builds item i. failOn, when not "", makes the
// request carrying that page_id fail with not_found.
func pagedServer(itemsKey string, item func(i int) string, failOn string) wiretest.Handler {
	next := map[string]string{"": "PAGE2", "PAGE2": "PAGE3", "PAGE3": ""}
	first := map[string]int{"": 0, "PAGE2": 2, "PAGE3": 4}
	return func(w http.ResponseWriter, _ string, body []byte) {
		var req struct {
			PageID string `json:"page_id"`
		}
		_ = json.Unmarshal(body, &req)
		if failOn != "" && req.PageID == failOn {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"type":"not_found","message":"Page not found"}}`)
			return
		}
		start, ok := first[req.PageID]
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"type":"validation","message":"bad page_id"}}`)
			return
		}
		items := []string{item(start), item(start + 1)}
		resp := fmt.Sprintf(`{%q:[%s],"found_chats":6,"found_threads":6,"total_customers":6`, itemsKey, strings.Join(items, ","))
		if n := next[req.PageID]; n != "" {
			resp += fmt.Sprintf(`,"next_page_id":%q`, n)
		}
		if req.PageID != "" {
			resp += `,"previous_page_id":"PREV"`
		}
		io.WriteString(w, resp+"}")
	}
}

func chatItem(i int) string {
	return fmt.Sprintf(`{"id":"CHAT%d","thread":{"id":"T%d","active":false,"events":[{"id":"T%d_1","type":"message","text":"m%d"}]}}`, i, i, i, i)
}

func summaryItem(i int) string { return fmt.Sprintf(`{"id":"CHAT%d","is_followed":false}`, i) }

func threadItem(i int) string { return fmt.Sprintf(`{"id":"T%d","active":%v}`, i, i == 0) }

func customerItem(i int) string {
	return fmt.Sprintf(`{"id":"00000000-0000-4000-8000-00000000000%d","type":"customer"}`, i)
}

func bodies(rec *wiretest.Server) []string {
	var out []string
	for _, r := range rec.Requests() {
		out = append(out, wiretest.Compact(r.Body))
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestArchivesPaging(t *testing.T) {
	ctx := context.Background()
	req := agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{Query: "refund"}, Limit: 2, SortOrder: agent.SortAsc}

	t.Run("all pages", func(t *testing.T) {
		c, rec := newWebClient(t, livechat.V3_6, pagedServer("chats", chatItem, ""))
		var ids []string
		for chat, err := range c.Archives(ctx, req) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, chat.ID+"/"+chat.Thread.ID)
		}
		if want := []string{"CHAT0/T0", "CHAT1/T1", "CHAT2/T2", "CHAT3/T3", "CHAT4/T4", "CHAT5/T5"}; !equalStrings(ids, want) {
			t.Errorf("ids = %v, want %v", ids, want)
		}
		want := []string{`{"filters":{"query":"refund"},"sort_order":"asc","limit":2}`, `{"page_id":"PAGE2"}`, `{"page_id":"PAGE3"}`}
		if got := bodies(rec); !equalStrings(got, want) {
			t.Errorf("bodies = %v, want %v", got, want)
		}
	})

	t.Run("early break", func(t *testing.T) {
		c, rec := newWebClient(t, livechat.V3_6, pagedServer("chats", chatItem, ""))
		n := 0
		for _, err := range c.Archives(ctx, req) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if n == 3 {
				break
			}
		}
		if got := len(rec.Requests()); got != 2 {
			t.Errorf("%d requests after breaking on item 3, want 2", got)
		}
	})

	t.Run("error mid-way", func(t *testing.T) {
		c, rec := newWebClient(t, livechat.V3_6, pagedServer("chats", chatItem, "PAGE2"))
		var ids []string
		var errs []error
		for chat, err := range c.Archives(ctx, req) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ids = append(ids, chat.ID)
		}
		if !equalStrings(ids, []string{"CHAT0", "CHAT1"}) {
			t.Errorf("ids = %v", ids)
		}
		if len(errs) != 1 || !errors.Is(errs[0], livechat.ErrNotFound) {
			t.Errorf("errors = %v, want one not_found", errs)
		}
		if got := len(rec.Requests()); got != 2 {
			t.Errorf("%d requests, want 2", got)
		}
	})

	t.Run("invalid first request", func(t *testing.T) {
		c, rec := newWebClient(t, livechat.V3_6, pagedServer("chats", chatItem, ""))
		var errs []error
		for _, err := range c.Archives(ctx, agent.ListArchivesRequest{Limit: 500}) {
			errs = append(errs, err)
		}
		if len(errs) != 1 || !errors.Is(errs[0], livechat.ErrValidation) {
			t.Errorf("errors = %v", errs)
		}
		if len(rec.Requests()) != 0 {
			t.Errorf("a request was sent")
		}
	})
}

func TestChatsPaging(t *testing.T) {
	c, rec := newWebClient(t, livechat.V3_6, pagedServer("chats_summary", summaryItem, ""))
	var ids []string
	for s, err := range c.Chats(context.Background(), agent.ListChatsRequest{Filters: &agent.ChatsFilters{Active: ptr(true)}, Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if len(ids) != 6 || ids[5] != "CHAT5" {
		t.Errorf("ids = %v", ids)
	}
	want := []string{`{"filters":{"active":true},"limit":2}`, `{"page_id":"PAGE2"}`, `{"page_id":"PAGE3"}`}
	if got := bodies(rec); !equalStrings(got, want) {
		t.Errorf("bodies = %v, want %v", got, want)
	}
}

func TestThreadsPaging(t *testing.T) {
	c, rec := newWebClient(t, livechat.V3_6, pagedServer("threads", threadItem, ""))
	var ids []string
	for th, err := range c.Threads(context.Background(), agent.ListThreadsRequest{ChatID: "PJ0MRSHTDG", Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, th.ID)
	}
	if !equalStrings(ids, []string{"T0", "T1", "T2", "T3", "T4", "T5"}) {
		t.Errorf("ids = %v", ids)
	}
	want := []string{`{"chat_id":"PJ0MRSHTDG","limit":2}`, `{"chat_id":"PJ0MRSHTDG","page_id":"PAGE2"}`, `{"chat_id":"PJ0MRSHTDG","page_id":"PAGE3"}`}
	if got := bodies(rec); !equalStrings(got, want) {
		t.Errorf("bodies = %v, want %v", got, want)
	}
}

func TestCustomersPaging(t *testing.T) {
	c, rec := newWebClient(t, livechat.V3_5, pagedServer("customers", customerItem, "PAGE3"))
	var n int
	var lastErr error
	for cu, err := range c.Customers(context.Background(), agent.ListCustomersRequest{Limit: 2}) {
		if err != nil {
			lastErr = err
			break
		}
		if !strings.HasPrefix(cu.ID, "00000000-") {
			t.Errorf("id = %q", cu.ID)
		}
		n++
	}
	if n != 4 || !errors.Is(lastErr, livechat.ErrNotFound) {
		t.Errorf("n = %d, err = %v", n, lastErr)
	}
	want := []string{`{"limit":2}`, `{"page_id":"PAGE2"}`, `{"page_id":"PAGE3"}`}
	if got := bodies(rec); !equalStrings(got, want) {
		t.Errorf("bodies = %v, want %v", got, want)
	}
	for _, r := range rec.Requests() {
		if r.Path != "/v3.5/agent/action/list_customers" {
			t.Errorf("path = %s", r.Path)
		}
	}
}

func TestPagingStopsOnRepeatedPageID(t *testing.T) {
	ft := &fakeTransport{answer: map[string]string{"list_chats": `{"chats_summary":[{"id":"A"}],"found_chats":1,"next_page_id":"SAME"}`}}
	var errs []error
	n := 0
	for _, err := range agent.New(ft).Chats(context.Background(), agent.ListChatsRequest{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if len(errs) != 1 || n != 2 || ft.calls() != 2 {
		t.Errorf("items=%d errs=%v calls=%d", n, errs, ft.calls())
	}
}

func TestUploadFile(t *testing.T) {
	var gotName, gotContent, gotCT, gotAuth, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotCT, gotAuth, gotPath = r.Header.Get("Content-Type"), r.Header.Get("Authorization"), r.URL.Path
		_, params, err := mime.ParseMediaType(gotCT)
		if err != nil {
			t.Errorf("content type %q: %v", gotCT, err)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		part, err := mr.NextPart()
		if err != nil {
			t.Errorf("multipart: %v", err)
			return
		}
		if part.FormName() != "file" {
			t.Errorf("form field = %q, want file", part.FormName())
		}
		gotName = part.FileName()
		b, _ := io.ReadAll(part)
		gotContent = string(b)
		io.WriteString(w, `{"url":"https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/image.png"}`)
	}))
	defer srv.Close()
	c, err := agent.NewWeb(livechat.NewBearerToken(testToken), livechat.WithBaseURL(srv.URL), livechat.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.UploadFile(context.Background(), "image.png", strings.NewReader("PNG-bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if u != "https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/image.png" {
		t.Errorf("url = %q", u)
	}
	if gotPath != "/v3.6/agent/action/upload_file" || gotAuth != testAuthHdr || !strings.HasPrefix(gotCT, "multipart/form-data; boundary=") {
		t.Errorf("path=%q auth=%q content-type=%q", gotPath, gotAuth, gotCT)
	}
	if gotName != "image.png" || gotContent != "PNG-bytes" {
		t.Errorf("file %q = %q", gotName, gotContent)
	}
}

func TestUploadFileWithoutUploader(t *testing.T) {
	ft := &fakeTransport{}
	_, err := agent.New(ft).UploadFile(context.Background(), "a.png", strings.NewReader("x"))
	if !errors.Is(err, agent.ErrUploadUnsupported) || ft.calls() != 0 {
		t.Fatalf("err = %v, calls = %d", err, ft.calls())
	}
}

// TestOtherTransport runs methods over a transport that is neither
// Versioned nor an Uploader, as an RTM connection may be: the same
// payloads reach it and responses decode the same way.
func TestOtherTransport(t *testing.T) {
	ft := &fakeTransport{answer: map[string]string{
		"send_event": `{"event_id":"K600PKZON8_1"}`,
		"list_chats": `{"chats_summary":[{"id":"PJ0MRSHTDG"}],"found_chats":1}`,
	}}
	c := agent.New(ft)
	if v := c.APIVersion(); v != livechat.DefaultAPIVersion {
		t.Errorf("version = %s, want the default", v)
	}
	ctx := context.Background()
	id, err := c.SendMessage(ctx, "PJ0MRSHTDG", "hi")
	if err != nil || id != "K600PKZON8_1" {
		t.Fatalf("SendMessage = %q, %v", id, err)
	}
	r, err := c.ListChats(ctx, agent.ListChatsRequest{Filters: &agent.ChatsFilters{Active: ptr(true)}})
	if err != nil || r.ChatsSummary[0].ID != "PJ0MRSHTDG" {
		t.Fatalf("ListChats = %+v, %v", r, err)
	}
	if err := c.SendTypingIndicator(ctx, agent.SendTypingIndicatorRequest{ChatID: "PJ0MRSHTDG"}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`send_event {"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"hi"}}`,
		`list_chats {"filters":{"active":true}}`,
		`send_typing_indicator {"chat_id":"PJ0MRSHTDG","is_typing":false}`,
	}
	var got []string
	for i, a := range ft.actions {
		got = append(got, a+" "+string(ft.bodies[i]))
	}
	if !equalStrings(got, want) {
		t.Errorf("calls =\n%v\nwant\n%v", got, want)
	}
	if _, err := c.ListCustomers(ctx, agent.ListCustomersRequest{}); !errors.Is(err, livechat.ErrUnsupportedVersion) {
		t.Errorf("ListCustomers on the default version: %v", err)
	}
}

func TestNoTransport(t *testing.T) {
	var c agent.Client
	if err := c.FollowChat(context.Background(), "A"); err == nil {
		t.Fatal("want an error from a client without transport")
	}
	if _, err := agent.NewWeb(nil); err == nil {
		t.Fatal("NewWeb(nil) succeeded")
	}
	if _, err := agent.NewWeb(livechat.NewBearerToken(testToken), livechat.WithBaseURL("ftp://x")); err == nil {
		t.Fatal("NewWeb with a bad base URL succeeded")
	}
}

func TestNewWebVersion(t *testing.T) {
	c, err := agent.NewWeb(livechat.NewBearerToken(testToken), livechat.WithAPIVersion(livechat.V3_5))
	if err != nil {
		t.Fatal(err)
	}
	if c.APIVersion() != livechat.V3_5 {
		t.Errorf("version = %s", c.APIVersion())
	}
	if _, ok := c.Transport().(*web.Transport); !ok {
		t.Errorf("transport = %T", c.Transport())
	}
}

// TestRequestsDecode checks that a server (the emulator) can decode the
// wire payloads into the request types and that they encode back the same.
func TestRequestsDecode(t *testing.T) {
	cases := []struct {
		body string
		into any
	}{
		{`{"chat_id":"PW94SJTGW6","event":{"type":"message","text":"hello world","visibility":"all"}}`, &agent.SendEventRequest{}},
		{`{"chat_id":"PW94SJTGW6","event":{"type":"file","url":"https://cdn.livechat-files.com/x.png"},"attach_to_last_thread":true}`, &agent.SendEventRequest{}},
		{`{"chat":{"users":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer"}],"thread":{"events":[{"type":"message","text":"Hello"}]}},"active":false}`, &agent.StartChatRequest{}},
		{`{"id":"PJ0MRSHTDG","target":{"type":"group","ids":[19]}}`, &agent.TransferChatRequest{}},
		{`{"id":"PJ0MRSHTDG","target":{"type":"agent","ids":["smith@example.com"]}}`, &agent.TransferChatRequest{}},
		{`{"filters":{"include_active":false,"group_ids":[0]},"limit":10}`, &agent.ListChatsRequest{}},
		{`{"filters":{"active":true}}`, &agent.ListChatsRequest{}},
		{`{"filters":{"query":"x","forms":{"prechat":{"values":["1"]}}},"limit":5}`, &agent.ListArchivesRequest{}},
	}
	for _, tc := range cases {
		if err := json.Unmarshal([]byte(tc.body), tc.into); err != nil {
			t.Errorf("decode %s into %T: %v", tc.body, tc.into, err)
			continue
		}
		b, err := json.Marshal(tc.into)
		if err != nil {
			t.Errorf("encode %T: %v", tc.into, err)
			continue
		}
		wiretest.JSONEqual(t, b, tc.body)
	}
	var se agent.SendEventRequest
	_ = json.Unmarshal([]byte(cases[0].body), &se)
	if m, ok := se.Event.(*livechat.Message); !ok || m.Text != "hello world" {
		t.Errorf("event = %#v", se.Event)
	}
	var lc agent.ListChatsRequest
	_ = json.Unmarshal([]byte(cases[5].body), &lc)
	if lc.Filters.IncludeActive == nil || *lc.Filters.IncludeActive {
		t.Errorf("include_active not decoded: %+v", lc.Filters)
	}
}
