package emulator

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Slow clients (a header, a body or a WebSocket frame that never ends)
// hold one goroutine and one socket each, never a lock, and only for a
// bounded time:
//
//   - headers must arrive within 10 s (http.Server.ReadHeaderTimeout);
//   - a request body must arrive within Config.BodyReadTimeout (default
//     10 s) of its headers: a body shorter than its Content-Length is
//     answered validation when the time is up and the connection closed
//     (withBodyDeadline). The deadline is per request, not a
//     server-wide ReadTimeout, which would also cancel the long-lived
//     SockJS streaming responses;
//   - an idle keep-alive connection is closed after Config.IdleTimeout
//     (default 2 minutes);
//   - a WebSocket frame header announcing more than the read limit is
//     refused at once (wsguard.go), and an RTM connection that never logs
//     in is closed after Config.LoginTimeout.

// withBodyDeadline bounds the time to read a request's body (see above).
func (s *Server) withBodyDeadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 && !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			rc := http.NewResponseController(w)
			if rc.SetReadDeadline(time.Now().Add(s.cfg.BodyReadTimeout)) == nil {
				r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// deadlineBody lifts the read deadline once the body has been read, so a
// handler that runs on after it keeps its request context.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	once sync.Once
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.once.Do(func() {
			if err == io.EOF {
				b.rc.SetReadDeadline(time.Time{})
			}
		})
	}
	return n, err
}
