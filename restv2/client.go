package restv2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
	"github.com/livechat-go/livechat/transport/web"
)

// DefaultBaseURL is the address of the REST API v2.
const DefaultBaseURL = "https://api.livechatinc.com/"

// APIVersion is the value of the X-API-Version header sent on every request.
const APIVersion = "2"

// maxResponseSize bounds how much of a response body is read.
const maxResponseSize = 64 << 20

// Client is a REST API v2 client. It is safe for concurrent use; its
// configuration never changes after New.
type Client struct {
	cfg   livechat.Config
	creds livechat.Credentials
	base  string // scheme://host[/path], without a trailing slash

	// Agents manages agents (/agents).
	Agents *AgentsService
	// Chats reads the chat archives (/chats).
	Chats *ChatsService
	// CannedResponses manages canned responses (/canned_responses).
	CannedResponses *CannedResponsesService
	// Goals manages goals (/goals).
	Goals *GoalsService
	// Greetings manages greetings (/greetings).
	Greetings *GreetingsService
	// Groups manages agent groups (/groups).
	Groups *GroupsService
	// Status reads the online status of the license or a group (/status).
	Status *StatusService
	// Tags manages tags (/tags).
	Tags *TagsService
	// Tickets manages tickets (/tickets).
	Tickets *TicketsService
	// Visitors lists the visitors on the website (/visitors).
	Visitors *VisitorsService
	// Webhooks manages legacy webhooks (/webhooks).
	Webhooks *WebhooksService
	// Reports reads the Reports API v2 (/reports/...).
	Reports *ReportsService
}

// New returns a client that authenticates every request with creds
// (livechat.NewAPIKey, livechat.NewPAT or livechat.NewBearerToken).
//
// The base URL defaults to DefaultBaseURL; livechat.WithBaseURL replaces it,
// e.g. with the local emulator's address. A plain http:// base URL is
// refused unless its host is a loopback address (127.0.0.0/8, ::1 or
// localhost), so that credentials never travel unencrypted over a network.
func New(creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	if creds == nil {
		return nil, livechat.Required("credentials")
	}
	cfg := livechat.NewConfig(opts...)
	if cfg.MaxRetries < 0 {
		return nil, livechat.Invalid("max_retries", "must not be negative")
	}
	raw := cfg.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := checkBaseURL(raw)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, creds: creds, base: base}
	c.Agents = &AgentsService{c}
	c.Chats = &ChatsService{c}
	c.CannedResponses = &CannedResponsesService{c}
	c.Goals = &GoalsService{c}
	c.Greetings = &GreetingsService{c}
	c.Groups = &GroupsService{c}
	c.Status = &StatusService{c}
	c.Tags = &TagsService{c}
	c.Tickets = &TicketsService{c}
	c.Visitors = &VisitorsService{c}
	c.Webhooks = &WebhooksService{c}
	c.Reports = &ReportsService{c}
	return c, nil
}

// checkBaseURL validates raw and returns it without a trailing slash.
func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", livechat.Invalid("base_url", fmt.Sprintf("must be an absolute http(s) URL, got %q", redact.URL(raw)))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", livechat.Invalid("base_url", "must not carry user info, a query or a fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", livechat.Invalid("base_url",
				fmt.Sprintf("plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost), got %q; use https", u.Host))
		}
	default:
		return "", livechat.Invalid("base_url", fmt.Sprintf("must be an absolute http(s) URL, got %q", redact.URL(raw)))
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// isLoopback reports whether host names the local machine.
func isLoopback(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the base URL requests are sent to, without a trailing slash.
func (c *Client) BaseURL() string { return c.base }

// Do sends one request to the API and decodes a 2xx answer into out (nil
// to discard it). path is the resource path, e.g. "/agents"; each segment
// must already be escaped (see url.PathEscape). query is sent as the query
// string; body, when not nil, is encoded as JSON. The services use Do; it
// is exported for endpoints this package does not model, such as the 2017
// visitor chat calls.
//
// GET requests are retried on network errors, 429 and 5xx answers, after
// the server's Retry-After or a jittered backoff; when Retry-After exceeds
// the configured maximum delay (livechat.WithRetryDelay) the error is
// returned at once with its RetryAfter. Other methods are sent once.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	if ctx == nil {
		return livechat.Required("context")
	}
	method = strings.ToUpper(method)
	if method == "" {
		return livechat.Required("method")
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("livechat: restv2: %s %s: encode request: %w", method, path, err)
		}
		payload = b
	}
	target := c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	retryable := method == http.MethodGet
	log := c.cfg.Logger
	for attempt := 0; ; attempt++ {
		auth, err := c.creds.Authorize(ctx)
		if err != nil {
			return fmt.Errorf("livechat: restv2: %s %s: %w", method, path, err)
		}
		var rd io.Reader
		if payload != nil {
			rd = bytes.NewReader(payload)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, rd)
		if err != nil {
			return fmt.Errorf("livechat: restv2: %s %s: %w", method, path, err)
		}
		req.Header.Set("Authorization", auth.Header())
		req.Header.Set("X-API-Version", APIVersion)
		req.Header.Set("User-Agent", c.cfg.UserAgent)
		req.Header.Set("Accept", "application/json")
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if auth.Region != "" {
			req.Header.Set("X-Region", string(auth.Region))
		}
		start := time.Now()
		res, err := c.cfg.HTTPClient.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("livechat: restv2: %s %s: %w", method, path, ctx.Err())
			}
			log.DebugContext(ctx, "livechat restv2 request failed", "method", method, "path", path,
				"attempt", attempt, "error", err)
			if retryable && attempt < c.cfg.MaxRetries {
				if werr := web.RetryWait(ctx, c.cfg, attempt, 0); werr != nil {
					return fmt.Errorf("livechat: restv2: %s %s: %w", method, path, werr)
				}
				continue
			}
			return &NetworkError{Method: method, Path: path, Err: err}
		}
		data, rerr := io.ReadAll(io.LimitReader(res.Body, maxResponseSize))
		res.Body.Close()
		log.DebugContext(ctx, "livechat restv2 request", "method", method, "path", path,
			"status", res.StatusCode, "attempt", attempt, "duration", time.Since(start))
		if rerr != nil {
			return &NetworkError{Method: method, Path: path, Err: rerr}
		}
		if res.StatusCode >= 200 && res.StatusCode < 300 {
			if out == nil || len(bytes.TrimSpace(data)) == 0 {
				return nil
			}
			if err := livechat.UnmarshalLenient(data, out); err != nil {
				return fmt.Errorf("livechat: restv2: %s %s: decode response: %w", method, path, err)
			}
			return nil
		}
		apiErr := decodeError(res, data, method+" "+path)
		if retryable && attempt < c.cfg.MaxRetries &&
			(res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500) {
			log.DebugContext(ctx, "livechat restv2 retrying", "method", method, "path", path,
				"status", res.StatusCode, "retry_after", apiErr.RetryAfter)
			ra := time.Duration(apiErr.RetryAfter) * time.Second
			if ra > c.cfg.RetryMaxDelay {
				// The server asks for a longer pause than we may wait:
				// leave the decision (and RetryAfter) to the caller.
				return apiErr
			}
			if werr := web.RetryWait(ctx, c.cfg, attempt, ra); werr != nil {
				return apiErr
			}
			continue
		}
		return apiErr
	}
}

// NetworkError is a failure to get an answer at all (connection refused,
// reset, TLS). Whether the server acted on the request is unknown.
type NetworkError struct {
	// Method and Path identify the request.
	Method, Path string
	// Err is the underlying error.
	Err error
}

// Error implements error.
func (e *NetworkError) Error() string {
	return "livechat: restv2: " + e.Method + " " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Temporary reports whether sending the request again is safe: only for GET.
func (e *NetworkError) Temporary() bool { return e.Method == http.MethodGet }

// decodeError turns a non-2xx answer into *livechat.Error. The type follows
// the HTTP status, unless the body is the v3 envelope
// {"error":{"type":…}} with a documented type. The message is taken from
// whichever shape the body has: {"error":"…"}, {"errors":[…]},
// {"errors":{"field":"…"}}, {"error":{"message":…}}, {"message":"…"} or
// plain text.
func decodeError(res *http.Response, data []byte, action string) *livechat.Error {
	e := &livechat.Error{
		Type:      livechat.TypeForStatus(res.StatusCode),
		Status:    res.StatusCode,
		Action:    action,
		RequestID: res.Header.Get("X-Request-Id"),
	}
	msg, typ, details := parseErrorBody(data)
	if typ != "" && slices.Contains(livechat.ErrorTypes(), livechat.ErrorType(typ)) {
		e.Type = livechat.ErrorType(typ)
	}
	if msg == "" {
		msg = http.StatusText(res.StatusCode)
	}
	e.Message = msg
	e.Data = details
	if ra := res.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && s >= 0 {
			e.RetryAfter = s
		} else if at, err := http.ParseTime(ra); err == nil {
			e.RetryAfter = max(0, int(time.Until(at).Seconds()+0.5))
		}
	}
	return e
}

// parseErrorBody extracts a message, an error type and details from an
// error body of any shape.
func parseErrorBody(data []byte) (msg, typ string, details json.RawMessage) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return "", "", nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		var list []json.RawMessage
		if json.Unmarshal(data, &list) == nil {
			return joinMessages(list), "", json.RawMessage(data)
		}
		return truncate(string(data)), "", nil
	}
	if v, ok := obj["error"]; ok {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s, "", obj["data"]
		}
		var env struct {
			Type    string          `json:"type"`
			Message string          `json:"message"`
			Data    json.RawMessage `json:"data"`
		}
		if json.Unmarshal(v, &env) == nil && (env.Type != "" || env.Message != "") {
			return env.Message, env.Type, env.Data
		}
		return messageOf(v), "", v
	}
	if v, ok := obj["errors"]; ok {
		return messageOf(v), "", v
	}
	for _, k := range []string{"message", "error_description", "detail", "result"} {
		var s string
		if v, ok := obj[k]; ok && json.Unmarshal(v, &s) == nil && s != "" {
			return s, "", nil
		}
	}
	return truncate(string(data)), "", nil
}

// messageOf renders a JSON value (string, list or object of messages) as text.
func messageOf(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) == nil {
		return joinMessages(list)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(v, &obj) == nil {
		if m, ok := obj["message"]; ok {
			return messageOf(m)
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+": "+messageOf(obj[k]))
		}
		return strings.Join(parts, "; ")
	}
	return truncate(string(v))
}

func joinMessages(list []json.RawMessage) string {
	parts := make([]string, 0, len(list))
	for _, item := range list {
		if m := messageOf(item); m != "" {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, "; ")
}

func truncate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// get, post, put and del are the verbs the services use.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	return c.Do(ctx, http.MethodGet, path, q, nil, out)
}

func (c *Client) post(ctx context.Context, path string, body, out any) error {
	if body == nil {
		body = struct{}{}
	}
	return c.Do(ctx, http.MethodPost, path, nil, body, out)
}

func (c *Client) put(ctx context.Context, path string, body, out any) error {
	return c.Do(ctx, http.MethodPut, path, nil, body, out)
}

// del sends a DELETE (with an optional JSON body) and returns the result text.
func (c *Client) del(ctx context.Context, path string, body any) (string, error) {
	var r Result
	if err := c.Do(ctx, http.MethodDelete, path, nil, body, &r); err != nil {
		return "", err
	}
	return r.Text(), nil
}

// action POSTs body and returns the result text.
func (c *Client) action(ctx context.Context, path string, body any) (string, error) {
	var r Result
	if err := c.post(ctx, path, body, &r); err != nil {
		return "", err
	}
	return r.Text(), nil
}

// seg escapes one path segment.
func seg(s string) string { return url.PathEscape(s) }

// segInt formats an integer path segment.
func segInt(n int) string { return strconv.Itoa(n) }
