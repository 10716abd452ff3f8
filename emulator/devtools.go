package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator/reqlog"
	"github.com/livechat-go/livechat/emulator/ui"
	"github.com/livechat-go/livechat/internal/redact"
)

// The developer tools' glue: the request log (package emulator/reqlog),
// the web UI (package emulator/ui) and the /emulator/… routes of state
// control (snapshot.go).

// RequestLog returns the server's request log.
func (s *Server) RequestLog() *reqlog.Log { return s.reqs }

// serveDevTools routes /emulator/requests, /emulator/ui…,
// /emulator/reset and /emulator/export; false when path is none of them.
func (s *Server) serveDevTools(w http.ResponseWriter, r *http.Request, path string) bool {
	switch {
	case path == "emulator/requests":
		if localOnly(w, r) {
			w.Header().Set("X-Content-Type-Options", "nosniff")
			s.reqs.ServeHTTP(w, r)
		}
	case path == "emulator/ui" || strings.HasPrefix(path, "emulator/ui/"):
		if localOnly(w, r) {
			ui.Handler("/emulator/ui", uiSource{s}).ServeHTTP(w, r)
		}
	case path == "emulator/reset":
		s.serveReset(w, r)
	case path == "emulator/export":
		s.serveExport(w, r)
	default:
		return false
	}
	return true
}

// localOnly lets through requests from a loopback address naming a
// loopback host (no DNS rebinding): the request log and the UI need no
// credentials, and show nothing secret, but only to this machine.
func localOnly(w http.ResponseWriter, r *http.Request) bool {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	a := net.ParseIP(ip)
	hostOK := host == "localhost" || (net.ParseIP(host) != nil && net.ParseIP(host).IsLoopback())
	if a == nil || !a.IsLoopback() || !hostOK {
		writeError(w, lerr(livechat.TypeAuthorization, "The emulator's request log and UI are served to loopback clients only"), "")
		return false
	}
	return true
}

// recordHTTP records every HTTP request in the request log, except the
// UI's own polling and WebSocket upgrades (their RTM frames are recorded
// one by one by recordRTM).
func (s *Server) recordHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") ||
			strings.HasPrefix(p, "/emulator/ui") || p == "/emulator/requests" {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		body := &capture{r: r.Body}
		if r.Body != nil && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			r.Body = body
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		e := reqlog.Entry{Time: start, Kind: "http", Method: r.Method, Path: redact.URL(r.URL.RequestURI()),
			Status: rec.status, Duration: time.Since(start), Who: s.who(r.Header.Get("Authorization"))}
		e.API, e.Action = actionOf(p)
		if rec.status >= 400 {
			var env struct {
				Error struct {
					Type string `json:"type"`
				} `json:"error"`
			}
			if json.Unmarshal(rec.head.Bytes(), &env) == nil {
				e.Error = env.Error.Type
			}
		}
		s.reqs.Record(e, body.buf.Bytes())
	})
}

// actionOf returns the API and action of a Web API path
// (/v3.6/agent/action/send_event → agent, send_event).
func actionOf(path string) (api, action string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := 1; i+1 < len(parts); i++ {
		if parts[i] == "action" {
			return parts[i-1], parts[i+1]
		}
	}
	return "", ""
}

// who names the caller of an Authorization header value without any
// credential: the identity the token was resolved to (cached by the
// request itself), or the user name of Basic credentials.
func (s *Server) who(header string) string {
	if header == "" {
		return ""
	}
	key, user, e := credKey(header)
	if e != nil {
		return ""
	}
	if v, ok := s.tokenCache.Load(key); ok {
		return v.(*Identity).ID
	}
	return user
}

// recordRTM records one answered RTM frame (called by rtmConn.respond).
func (c *rtmConn) recordRTM(req *rtmRequest, e *livechat.Error) {
	if req.Action == "ping" && e == nil {
		return // every 15 s per connection: noise
	}
	if req.start.IsZero() {
		req.start = time.Now()
	}
	en := reqlog.Entry{Time: req.start, Kind: "rtm", API: c.apiName(), Action: req.Action, Who: c.agentID(), Duration: time.Since(req.start)}
	if e != nil {
		en.Error = string(e.Type)
	}
	c.s.reqs.Record(en, req.Payload)
}

// capture keeps the first reqlog.MaxBody bytes read from a body.
type capture struct {
	r   io.ReadCloser
	buf bytes.Buffer
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if room := reqlog.MaxBody + 1 - c.buf.Len(); room > 0 && n > 0 {
		c.buf.Write(p[:min(n, room)])
	}
	return n, err
}

func (c *capture) Close() error { return c.r.Close() }

// recorder notes the status and the start of an error answer.
type recorder struct {
	http.ResponseWriter
	status int
	head   bytes.Buffer
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	if r.status >= 400 && r.head.Len() < 2048 {
		r.head.Write(b[:min(len(b), 2048-r.head.Len())])
	}
	return r.ResponseWriter.Write(b)
}

// Flush lets streaming answers (SockJS) through.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// uiSource gives the web UI its snapshot of the state.
type uiSource struct{ s *Server }

func (u uiSource) Snapshot(ctx context.Context) (*ui.Snapshot, error) {
	s := u.s
	snap := &ui.Snapshot{Chats: []ui.Chat{}, Agents: []ui.User{}, Customers: []ui.User{}, Deliveries: []ui.Delivery{}, Connections: s.Connections()}
	s.mu.Lock()
	defer s.mu.Unlock()
	db := s.db.SQL()
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.created_at, COALESCE(t.id, ''), COALESCE(t.active, 0),
		COALESCE((SELECT group_concat(user_id, ',') FROM chat_users WHERE chat_id = c.id AND present = 1), ''),
		(SELECT COUNT(*) FROM events WHERE thread_seq IN (SELECT seq FROM threads WHERE chat_id = c.id)),
		COALESCE((SELECT body FROM events WHERE thread_seq = t.seq ORDER BY n DESC LIMIT 1), '')
		FROM chats c LEFT JOIN threads t ON t.id = c.last_thread_id ORDER BY c.seq DESC LIMIT 100`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c ui.Chat
		var users, body string
		if err := rows.Scan(&c.ID, &c.CreatedAt, &c.ThreadID, &c.Active, &users, &c.Events, &body); err != nil {
			rows.Close()
			return nil, err
		}
		if users != "" {
			c.Users = strings.Split(users, ",")
		}
		var ev struct {
			Type      string `json:"type"`
			Text      string `json:"text"`
			AuthorID  string `json:"author_id"`
			CreatedAt string `json:"created_at"`
		}
		if body != "" && json.Unmarshal([]byte(body), &ev) == nil {
			c.LastType, c.LastText, c.LastAuthor, c.LastAt = ev.Type, ev.Text, ev.AuthorID, ev.CreatedAt
		}
		snap.Chats = append(snap.Chats, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := snapshotUsers(ctx, s, snap); err != nil {
		return nil, err
	}
	return snap, snapshotDeliveries(ctx, s, snap)
}

func snapshotUsers(ctx context.Context, s *Server, snap *ui.Snapshot) error {
	rows, err := s.db.SQL().QueryContext(ctx, `SELECT id, name, role, routing_status, is_bot FROM agents ORDER BY created_at, id LIMIT 500`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var u ui.User
		var bot bool
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.Status, &bot); err != nil {
			rows.Close()
			return err
		}
		u.Kind = "agent"
		if bot {
			u.Kind = "bot"
		}
		u.Status = s.reportedStatus(u.ID, bot, u.Status) // session.go
		snap.Agents = append(snap.Agents, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.db.SQL().QueryContext(ctx, `SELECT id, name, email FROM customers ORDER BY seq DESC, created_at DESC LIMIT 500`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		u := ui.User{Kind: "customer"}
		if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
			return err
		}
		snap.Customers = append(snap.Customers, u)
	}
	return rows.Err()
}

func snapshotDeliveries(ctx context.Context, s *Server, snap *ui.Snapshot) error {
	rows, err := s.db.SQL().QueryContext(ctx, `SELECT d.id, d.webhook_id, d.action, d.url, d.status, d.attempts, d.created_at,
		COALESCE((SELECT status_code FROM webhook_attempts WHERE delivery_id = d.id ORDER BY n DESC LIMIT 1), 0),
		COALESCE((SELECT error FROM webhook_attempts WHERE delivery_id = d.id ORDER BY n DESC LIMIT 1), '')
		FROM webhook_deliveries d ORDER BY d.id DESC LIMIT 100`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d ui.Delivery
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.Action, &d.URL, &d.Status, &d.Attempts, &d.CreatedAt, &d.LastCode, &d.LastResult); err != nil {
			return err
		}
		d.URL = redact.URL(d.URL)
		d.LastResult = redact.Text(d.LastResult)
		snap.Deliveries = append(snap.Deliveries, d)
	}
	return rows.Err()
}
