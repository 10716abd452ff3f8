package rtm

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/livechat-go/livechat"
	"golang.org/x/oauth2"
)

// These tests run the client and the in-memory server inside a synctest
// bubble, so the 15 s ping interval, the 30 s liveness limit and the
// reconnect backoff run on the fake clock.

func TestPingIntervalSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newServer(t)
		c, err := Dial(context.Background(), testCreds(), s.pipeOptions())
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		time.Sleep(61 * time.Second)
		synctest.Wait()
		var at []string
		for _, f := range s.allFrames() {
			if f.Action == "ping" {
				at = append(at, f.at.Sub(start).String())
			}
		}
		if got := strings.Join(at, " "); got != "15s 30s 45s 1m0s" {
			t.Errorf("pings at %s", got)
		}
		if c.State() != StateConnected || s.connCount() != 1 {
			t.Errorf("state %v conns %d", c.State(), s.connCount())
		}
		c.Close()
		s.closeAll()
	})
}

func TestPingTimeoutSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newServer(t)
		// The server answers the first login and then goes silent.
		var mu sync.Mutex
		logins := 0
		s.onFrame = func(sc *srvConn, f reqFrame) bool {
			if f.Action == "login" {
				mu.Lock()
				logins++
				mu.Unlock()
				return false
			}
			return sc.n == 0
		}
		type stamped struct {
			ev StateEvent
			at time.Duration
		}
		var evs []stamped
		var evMu sync.Mutex
		start := time.Now()
		c, err := Dial(context.Background(), testCreds(), s.pipeOptions(),
			WithReconnectBackoff(time.Second, time.Second),
			WithStateHandler(func(ev StateEvent) {
				evMu.Lock()
				evs = append(evs, stamped{ev, time.Since(start)})
				evMu.Unlock()
			}))
		if err != nil {
			t.Fatal(err)
		}
		inflight := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			inflight <- c.Call(ctx, "never_answered", nil, nil)
		}()
		time.Sleep(29 * time.Second)
		synctest.Wait()
		if s.connCount() != 1 {
			t.Fatal("dropped too early")
		}
		time.Sleep(time.Second) // 30 s without any frame: dead
		synctest.Wait()
		if err := <-inflight; !errorsIsDisconnected(err) {
			t.Errorf("in-flight call: %v", err)
		}
		time.Sleep(time.Second) // backoff
		synctest.Wait()
		if s.connCount() != 2 || c.State() != StateConnected {
			t.Fatalf("no reconnect: conns %d state %v", s.connCount(), c.State())
		}
		c.Close()
		s.closeAll()
		evMu.Lock()
		defer evMu.Unlock()
		var got []string
		for _, e := range evs {
			got = append(got, fmt.Sprintf("%s(%s)@%v", e.ev.State, e.ev.Reason, e.at))
		}
		want := "connecting()@0s connected()@0s disconnected(ping_timeout)@30s connecting()@31s connected()@31s closed(closed)@31s"
		if strings.Join(got, " ") != want {
			t.Errorf("events\n got %s\nwant %s", strings.Join(got, " "), want)
		}
		// One ping at 15 s, none answered.
		if n := s.count("ping"); n != 1 {
			t.Errorf("pings %d", n)
		}
	})
}

func errorsIsDisconnected(err error) bool {
	return err != nil && livechat.IsRetryable(err) && strings.Contains(err.Error(), "ping_timeout")
}

func TestReconnectBackoffSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newServer(t)
		s.onFrame = func(sc *srvConn, f reqFrame) bool {
			if f.Action == "login" {
				_ = sc.fail(f, "internal", "try later")
				return true
			}
			return false
		}
		c, err := Dial(context.Background(), testCreds(), s.pipeOptions(), WithBackgroundConnect())
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * time.Minute)
		synctest.Wait()
		c.Close()
		s.closeAll()
		var at []time.Time
		for _, f := range s.allFrames() {
			at = append(at, f.at)
		}
		if len(at) < 10 {
			t.Fatalf("only %d attempts in 3 minutes", len(at))
		}
		for n := 1; n < len(at); n++ {
			d := at[n].Sub(at[n-1])
			ceil := min(DefaultMaxBackoff, DefaultMinBackoff<<(n-1))
			if d < DefaultMinBackoff || d > ceil {
				t.Errorf("attempt %d after %v, want [%v, %v]", n, d, DefaultMinBackoff, ceil)
			}
		}
	})
}

type fakeTokenSource struct {
	mu  sync.Mutex
	tok *oauth2.Token
}

func (f *fakeTokenSource) Token() (*oauth2.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := *f.tok
	return &t, nil
}

func (f *fakeTokenSource) set(tok *oauth2.Token) {
	f.mu.Lock()
	f.tok = tok
	f.mu.Unlock()
}

func TestUpdateSessionBeforeExpirySynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		src := &fakeTokenSource{tok: &oauth2.Token{AccessToken: "dal:first", Expiry: start.Add(10 * time.Minute)}}
		s := newServer(t)
		c, err := Dial(context.Background(), livechat.NewTokenSource(src), s.pipeOptions())
		if err != nil {
			t.Fatal(err)
		}
		// The source refreshes 30 s before expiry; the client asks it from
		// 1 minute before expiry on and sends update_session once it has
		// the new token.
		time.Sleep(9*time.Minute + 30*time.Second)
		src.set(&oauth2.Token{AccessToken: "dal:second", Expiry: start.Add(20 * time.Minute)})
		time.Sleep(time.Minute)
		synctest.Wait()
		var upd []reqFrame
		for _, f := range s.allFrames() {
			if f.Action == "update_session" {
				upd = append(upd, f)
			}
		}
		if len(upd) != 1 {
			t.Fatalf("update_session frames: %d", len(upd))
		}
		if m := decodeMap(t, upd[0].Payload); m["token"] != "Bearer dal:second" {
			t.Errorf("payload %v", m)
		}
		if d := upd[0].at.Sub(start); d < 9*time.Minute+30*time.Second || d > 9*time.Minute+35*time.Second {
			t.Errorf("update_session at %v", d)
		}
		if s.connCount() != 1 {
			t.Error("reconnected")
		}
		c.Close()
		s.closeAll()
	})
}

// blockingTokenSource blocks its call number blockAt until release is
// closed; the other calls return the token at once.
type blockingTokenSource struct {
	mu      sync.Mutex
	n       int
	blockAt int
	blocked chan struct{} // closed when the blocking call starts
	release chan struct{}
	tok     oauth2.Token
}

func (b *blockingTokenSource) Token() (*oauth2.Token, error) {
	b.mu.Lock()
	b.n++
	n := b.n
	b.mu.Unlock()
	if n == b.blockAt {
		close(b.blocked)
		<-b.release
	}
	t := b.tok
	return &t, nil
}

// A session refresh waiting for a slow token source does not hold up the
// reconnect of a socket that drops meanwhile.
func TestSlowTokenRefreshDoesNotDelayReconnectSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Calls: 1 the login, 2 the refresh timer's set-up, 3 the refresh.
		src := &blockingTokenSource{blockAt: 3, blocked: make(chan struct{}), release: make(chan struct{}),
			tok: oauth2.Token{AccessToken: "dal:first", Expiry: time.Now().Add(10 * time.Minute)}}
		s := newServer(t)
		c, err := Dial(context.Background(), livechat.NewTokenSource(src), s.pipeOptions(),
			WithReconnectBackoff(time.Millisecond, time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(9*time.Minute + 30*time.Second) // the refresh asks the source (call 3) and blocks
		<-src.blocked
		s.mu.Lock()
		sc := s.conns[0]
		s.mu.Unlock()
		sc.drop()
		time.Sleep(time.Second)
		synctest.Wait()
		if n := s.count("login"); n != 2 {
			t.Fatalf("%d logins while the token refresh is blocked, want 2 (the reconnect waited for the token source)", n)
		}
		close(src.release)
		synctest.Wait()
		if n := s.count("update_session"); n != 0 {
			t.Errorf("update_session sent for a socket that had ended: %d", n)
		}
		c.Close()
		s.closeAll()
	})
}
