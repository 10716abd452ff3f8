// Package web is the HTTP transport of the LiveChat Web APIs: one POST
// (or GET) per action to https://api.livechatinc.com/v3.6/<api>/action/<name>.
//
// It authenticates every request from livechat.Credentials, sends the
// SDK's User-Agent and the X-Region header, decodes the documented error
// envelope into *livechat.Error, logs at debug level through slog (never a
// credential), surfaces Legacy/Deprecation headers as warnings, and retries
// with jittered backoff only where it is safe: read actions (list_*, get_*,
// check_*) on network errors, 429 and 5xx; any action on 429 and 503, when
// the server refused the request before acting on it. Other writes, such as
// send_event, are never retried blindly; with livechat.WithSafeSend a
// send_event whose answer was lost is looked up by its custom_id and sent
// again only when it was not stored (see safe.go).
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
)

// API names one of the Web APIs.
type API string

// The Web APIs.
const (
	Agent         API = "agent"
	Customer      API = "customer"
	Configuration API = "configuration"
)

// MaxUploadSize is the platform's upload limit (10 MB).
const MaxUploadSize = 10 << 20

// maxResponseSize bounds how much of a response body is read.
const maxResponseSize = 64 << 20

// Transport sends actions of one Web API over HTTP. It is safe for
// concurrent use and implements livechat.Transport.
type Transport struct {
	api   API
	creds livechat.Credentials
	cfg   livechat.Config
	warn  sync.Map // header warning already logged → struct{}
}

// New returns a transport for api. The credentials are required.
func New(api API, creds livechat.Credentials, opts ...livechat.Option) (*Transport, error) {
	switch api {
	case Agent, Customer, Configuration:
	default:
		return nil, livechat.Invalid("api", fmt.Sprintf("must be agent, customer or configuration, got %q", api))
	}
	if creds == nil {
		return nil, livechat.Required("credentials")
	}
	cfg := livechat.NewConfig(opts...)
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if api == Customer && cfg.OrganizationID == "" {
		return nil, livechat.Invalid("organization_id", "is required by the Customer Chat API (use livechat.WithOrganizationID)")
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, livechat.Invalid("base_url", fmt.Sprintf("must be an absolute http(s) URL, got %q", redact.URL(cfg.BaseURL)))
		}
	}
	return &Transport{api: api, creds: creds, cfg: cfg}, nil
}

// Config returns the transport's configuration.
func (t *Transport) Config() livechat.Config { return t.cfg }

// URL returns the address of action for a request with auth.
func (t *Transport) URL(action string, auth livechat.Authorization) string {
	base := strings.TrimRight(t.cfg.BaseURL, "/")
	if base == "" {
		base = "https://" + t.cfg.RegionFor(auth).APIHost()
	}
	u := base + "/v" + string(t.cfg.APIVersion) + "/" + string(t.api) + "/action/" + action
	if t.api == Customer {
		u += "?organization_id=" + url.QueryEscape(t.cfg.OrganizationID)
	}
	return u
}

// IsReadOnly reports whether action only reads (list_*, get_*, check_*),
// so that sending it twice is harmless.
func IsReadOnly(action string) bool {
	return strings.HasPrefix(action, "list_") || strings.HasPrefix(action, "get_") ||
		strings.HasPrefix(action, "check_")
}

// Call POSTs request as JSON to action and decodes the answer into
// response (nil to discard it).
func (t *Transport) Call(ctx context.Context, action string, request, response any) error {
	if action == "" {
		return livechat.Required("action")
	}
	body := []byte("{}")
	if request != nil {
		b, err := json.Marshal(request)
		if err != nil {
			return fmt.Errorf("livechat: %s: encode request: %w", action, err)
		}
		body = b
	}
	if t.cfg.SafeSend && action == "send_event" {
		return t.callSafe(ctx, action, body, response)
	}
	return t.do(ctx, http.MethodPost, action, nil, body, "application/json", response)
}

// Get sends action as a GET with query parameters (the Customer Chat API's
// GET methods) and decodes the answer into response.
func (t *Transport) Get(ctx context.Context, action string, query url.Values, response any) error {
	if action == "" {
		return livechat.Required("action")
	}
	return t.do(ctx, http.MethodGet, action, query, nil, "", response)
}

// Upload sends the content of r as the multipart field "file" named
// filename. More than MaxUploadSize bytes are refused before anything is sent.
func (t *Transport) Upload(ctx context.Context, action, filename string, r io.Reader, response any) error {
	if filename == "" {
		return livechat.Required("file name")
	}
	if r == nil {
		return livechat.Required("file")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadSize+1))
	if err != nil {
		return fmt.Errorf("livechat: %s: read file: %w", action, err)
	}
	if len(data) > MaxUploadSize {
		return &livechat.ArgumentError{Field: "file", Problem: "is larger than the 10 MB upload limit"}
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		return err
	}
	if _, err := fw.Write(data); err != nil {
		return err
	}
	if err := mw.Close(); err != nil {
		return err
	}
	return t.do(ctx, http.MethodPost, action, nil, buf.Bytes(), mw.FormDataContentType(), response)
}

func (t *Transport) do(ctx context.Context, method, action string, query url.Values, body []byte, contentType string, response any) error {
	log := t.cfg.Logger
	readOnly := IsReadOnly(action) || method == http.MethodGet
	for attempt := 0; ; attempt++ {
		auth, err := t.creds.Authorize(ctx)
		if err != nil {
			return fmt.Errorf("livechat: %s: %w", action, err)
		}
		u := t.URL(action, auth)
		if len(query) > 0 {
			sep := "?"
			if strings.Contains(u, "?") {
				sep = "&"
			}
			u += sep + query.Encode()
		}
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u, rd)
		if err != nil {
			return fmt.Errorf("livechat: %s: %w", action, err)
		}
		req.Header.Set("Authorization", auth.Header())
		req.Header.Set("User-Agent", t.cfg.UserAgent)
		req.Header.Set("Accept", "application/json")
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if r := t.cfg.RegionFor(auth); r != "" {
			req.Header.Set("X-Region", string(r))
		}
		start := time.Now()
		res, err := t.cfg.HTTPClient.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("livechat: %s: %w", action, ctx.Err())
			}
			log.DebugContext(ctx, "livechat request failed", "api", t.api, "action", action, "attempt", attempt, "error", err)
			if readOnly && attempt < t.cfg.MaxRetries {
				if werr := RetryWait(ctx, t.cfg, attempt, 0); werr != nil {
					return fmt.Errorf("livechat: %s: %w", action, werr)
				}
				continue
			}
			return &NetworkError{Action: action, Err: err}
		}
		data, rerr := io.ReadAll(io.LimitReader(res.Body, maxResponseSize))
		res.Body.Close()
		log.DebugContext(ctx, "livechat request", "api", t.api, "method", method, "action", action,
			"status", res.StatusCode, "attempt", attempt, "duration", time.Since(start))
		t.warnLifecycle(ctx, res.Header)
		if rerr != nil {
			return &NetworkError{Action: action, Err: rerr}
		}
		if res.StatusCode == http.StatusOK {
			if response == nil || len(bytes.TrimSpace(data)) == 0 {
				return nil
			}
			if err := livechat.UnmarshalLenient(data, response); err != nil {
				return fmt.Errorf("livechat: %s: decode response: %w", action, err)
			}
			return nil
		}
		apiErr := decodeError(res, data, action)
		retry := res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusServiceUnavailable ||
			(readOnly && res.StatusCode >= 500)
		if retry && attempt < t.cfg.MaxRetries {
			log.DebugContext(ctx, "livechat retrying", "action", action, "status", res.StatusCode, "retry_after", apiErr.RetryAfter)
			if werr := RetryWait(ctx, t.cfg, attempt, time.Duration(apiErr.RetryAfter)*time.Second); werr != nil {
				return apiErr
			}
			continue
		}
		return apiErr
	}
}

// RetryWait sleeps before retry number attempt+1 (0-based attempt) the
// way the Web transport does: for retryAfter (the server's Retry-After)
// when positive, otherwise a Backoff of cfg's RetryBaseDelay and
// RetryMaxDelay. It returns ctx.Err() when ctx ends first. The REST API
// v2 client and the dynamic client retry with it too.
func RetryWait(ctx context.Context, cfg livechat.Config, attempt int, retryAfter time.Duration) error {
	d := retryAfter
	if d <= 0 {
		d = Backoff(attempt, cfg.RetryBaseDelay, cfg.RetryMaxDelay)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Backoff returns a full-jitter delay for retry attempt (0-based): a
// random duration in [0, min(max, base·2^attempt)].
func Backoff(attempt int, base, max time.Duration) time.Duration {
	if base <= 0 {
		return 0
	}
	ceil := max
	if attempt < 32 && base<<attempt > 0 && base<<attempt < max {
		ceil = base << attempt
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

func (t *Transport) warnLifecycle(ctx context.Context, h http.Header) {
	for _, name := range []string{"Legacy", "Deprecation"} {
		v := h.Get(name)
		if v == "" {
			continue
		}
		if _, seen := t.warn.LoadOrStore(name+v, struct{}{}); seen {
			continue
		}
		t.cfg.Logger.WarnContext(ctx, "livechat API version is being retired",
			"header", name, "date", v, "api_version", string(t.cfg.APIVersion))
	}
}

// decodeError turns a non-200 answer into *livechat.Error, falling back to
// a type derived from the status when the body is not the envelope.
func decodeError(res *http.Response, data []byte, action string) *livechat.Error {
	var env livechat.ErrorEnvelope
	e := &livechat.Error{}
	if json.Unmarshal(data, &env) == nil && env.Error != nil && env.Error.Type != "" {
		e = env.Error
	} else {
		e.Type = livechat.TypeForStatus(res.StatusCode)
		msg := strings.TrimSpace(string(data))
		if len(msg) > 200 {
			msg = msg[:200]
		}
		if msg == "" {
			msg = http.StatusText(res.StatusCode)
		}
		e.Message = msg
	}
	e.Status = res.StatusCode
	e.Action = action
	e.RequestID = res.Header.Get("X-Request-Id")
	if ra := res.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
			e.RetryAfter = s
		} else if at, err := http.ParseTime(ra); err == nil {
			e.RetryAfter = max(0, int(time.Until(at).Seconds()+0.5))
		}
	}
	return e
}

// NetworkError is a failure to get an answer at all (connection refused,
// reset, TLS). Whether the server acted on the request is unknown, so it is
// retryable only for read actions.
type NetworkError struct {
	Action string
	Err    error
}

// Error implements error.
func (e *NetworkError) Error() string { return "livechat: " + e.Action + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Temporary reports whether retrying is safe: only for read actions.
func (e *NetworkError) Temporary() bool { return IsReadOnly(e.Action) }

var _ livechat.Transport = (*Transport)(nil)

// APIVersion implements livechat.Versioned.
func (t *Transport) APIVersion() livechat.APIVersion { return t.cfg.APIVersion }

// Kind reports livechat.TransportWeb (see livechat.KindOf).
func (t *Transport) Kind() livechat.TransportKind { return livechat.TransportWeb }

var (
	_ livechat.Versioned = (*Transport)(nil)
	_ livechat.Uploader  = (*Transport)(nil)
	_ livechat.Getter    = (*Transport)(nil)
)
