package agent_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/internal/wiretest"
	"github.com/livechat-go/livechat/transport/web"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	testToken    = "dal:test_1fgTbfXmgthj4cZSA"
	testAuthHdr  = "Bearer " + testToken
	jsonMIMEType = "application/json"
)

// newWebClient starts a recording test server on 127.0.0.1 answering with
// h and returns an agent client over the real web transport pointed at it.
func newWebClient(t *testing.T, version livechat.APIVersion, h wiretest.Handler) (*agent.Client, *wiretest.Server) {
	t.Helper()
	srv := wiretest.NewServerFunc(t, h)
	tr, err := web.New(web.Agent, livechat.NewBearerToken(testToken),
		livechat.WithBaseURL(srv.URL), livechat.WithAPIVersion(version),
		livechat.WithMaxRetries(0), livechat.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return agent.New(tr), srv
}

// reply answers every request with status and body.
func reply(status int, body string) wiretest.Handler {
	return func(w http.ResponseWriter, _ string, _ []byte) {
		w.Header().Set("Content-Type", jsonMIMEType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
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
