package agent_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/transport/web"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	testToken    = "dal:test_1fgTbfXmgthj4cZSA"
	testAuthHdr  = "Bearer " + testToken
	jsonMIMEType = "application/json"
)

// captured is one request seen by the test server.
type captured struct {
	Method, Path, Auth, ContentType string
	Body                            []byte
}

// recorder collects the requests a test server receives.
type recorder struct {
	mu   sync.Mutex
	reqs []captured
}

func (r *recorder) add(c captured) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, c)
}

func (r *recorder) all() []captured {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]captured(nil), r.reqs...)
}

// handlerFunc answers one request: the action name and the raw body are given.
type handlerFunc func(w http.ResponseWriter, action string, body []byte)

// newWebClient starts an httptest server on 127.0.0.1 and returns an agent
// client over the real web transport pointed at it.
func newWebClient(t *testing.T, version livechat.APIVersion, h handlerFunc) (*agent.Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.add(captured{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"),
			ContentType: r.Header.Get("Content-Type"), Body: body})
		action := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		h(w, action, body)
	}))
	t.Cleanup(srv.Close)
	tr, err := web.New(web.Agent, livechat.NewBearerToken(testToken),
		livechat.WithBaseURL(srv.URL), livechat.WithAPIVersion(version),
		livechat.WithMaxRetries(0), livechat.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return agent.New(tr), rec
}

// reply answers every request with status and body.
func reply(status int, body string) handlerFunc {
	return func(w http.ResponseWriter, _ string, _ []byte) {
		w.Header().Set("Content-Type", jsonMIMEType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// jsonEqual reports whether a and b hold the same JSON value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("invalid JSON %q: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return string(b)
	}
	return buf.String()
}

func ptr[T any](v T) *T { return &v }

// fakeTransport is a transport without Upload (like an RTM connection). It
// records every call; version "" means it does not implement Versioned.
type fakeTransport struct {
	mu      sync.Mutex
	actions []string
	bodies  [][]byte
	answer  map[string]string
}

func (f *fakeTransport) Call(_ context.Context, action string, req, resp any) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.actions = append(f.actions, action)
	f.bodies = append(f.bodies, b)
	ans := f.answer[action]
	f.mu.Unlock()
	if resp != nil && ans != "" {
		return json.Unmarshal([]byte(ans), resp)
	}
	return nil
}

func (f *fakeTransport) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.actions)
}

// versionedFake is a fakeTransport that says which version it speaks.
type versionedFake struct {
	fakeTransport
	version livechat.APIVersion
}

func (v *versionedFake) APIVersion() livechat.APIVersion { return v.version }

// rtmFake is a versionedFake that says it speaks RTM (livechat.KindOf), as
// an rtm.Conn does.
type rtmFake struct{ versionedFake }

func (*rtmFake) Kind() livechat.TransportKind { return livechat.TransportRTM }

func newRTMFake(version livechat.APIVersion) *rtmFake {
	return &rtmFake{versionedFake{version: version}}
}
