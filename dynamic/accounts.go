package dynamic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// The accounts server (OAuth) is no LiveChat API: it takes form bodies
// (POST /v2/token), answers errors the OAuth way ({"error":
// "invalid_client", "error_description": …}) and redirects (authorize).
// sendAccounts speaks it as the description says.

// maxAccountsAnswer bounds an answer of the accounts server.
const maxAccountsAnswer = 1 << 20

// sendAccounts sends a validated call of the accounts API.
func (c *Client) sendAccounts(ctx context.Context, o *Operation, r *request) (json.RawMessage, error) {
	target := c.accBase + expandPath(o.Path, r.path)
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	var payload []byte
	contentType := ""
	if r.body != nil {
		payload, contentType = r.body, mediaTypeJSON
		if o.MediaType == mediaTypeForm {
			form, err := formBody(r.body)
			if err != nil {
				return nil, err
			}
			payload, contentType = []byte(form), mediaTypeForm
		}
	}
	retryable := o.Method == http.MethodGet
	for attempt := 0; ; attempt++ {
		res, data, err := c.accountsRoundTrip(ctx, o, target, payload, contentType)
		if err != nil {
			if ctx.Err() == nil && retryable && attempt < c.cfg.MaxRetries && !errors.As(err, new(*livechat.Error)) {
				if werr := web.RetryWait(ctx, c.cfg, attempt, 0); werr == nil {
					continue
				}
			}
			return nil, err
		}
		switch {
		case res.StatusCode >= 200 && res.StatusCode < 300:
			if len(bytes.TrimSpace(data)) == 0 {
				return json.RawMessage("{}"), nil
			}
			return data, nil
		case res.StatusCode >= 300 && res.StatusCode < 400 && res.Header.Get("Location") != "":
			// authorize redirects to redirect_uri with the code (or an
			// error): the redirect is the answer, not followed.
			return json.Marshal(map[string]any{"status": res.StatusCode, "location": res.Header.Get("Location")})
		}
		apiErr := oauthError(res, data, o.Action)
		if retryable && attempt < c.cfg.MaxRetries && apiErr.Temporary() {
			if werr := web.RetryWait(ctx, c.cfg, attempt, 0); werr == nil {
				continue
			}
		}
		return nil, apiErr
	}
}

// accountsRoundTrip sends one request and reads its answer.
func (c *Client) accountsRoundTrip(ctx context.Context, o *Operation, target string, payload []byte, contentType string) (*http.Response, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, o.Method, target, body)
	if err != nil {
		return nil, nil, fmt.Errorf("livechat: %s: %w", o.Action, err)
	}
	auth, err := c.creds.Authorize(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("livechat: %s: %w", o.Action, err)
	}
	// Basic credentials on an operation open to anonymous callers would
	// be read as the OAuth client's id and secret (RFC 6749 §2.3.1).
	if !(o.anonymous && strings.EqualFold(auth.Scheme(), "Basic")) {
		req.Header.Set("Authorization", auth.Header())
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", mediaTypeJSON)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	start := time.Now()
	res, err := c.accHTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("livechat: %s: %w", o.Action, ctx.Err())
		}
		// url.Error repeats the address, whose query may hold a token
		// (revoke_token's code): keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, &web.NetworkError{Action: o.Action, Err: err}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxAccountsAnswer))
	c.cfg.Logger.DebugContext(ctx, "livechat accounts request", "method", o.Method, "path", o.Path,
		"status", res.StatusCode, "duration", time.Since(start))
	if err != nil {
		return nil, nil, &web.NetworkError{Action: o.Action, Err: err}
	}
	return res, data, nil
}

// formBody encodes the JSON object of validated arguments as a form.
func formBody(raw json.RawMessage) (string, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return "", &livechat.ArgumentError{Field: "arguments", Problem: "must be a JSON object"}
	}
	form := url.Values{}
	for k, v := range m {
		switch x := v.(type) {
		case nil:
		case []any:
			for _, e := range x {
				form.Add(k, scalar(e))
			}
		default:
			form.Set(k, scalar(v))
		}
	}
	return form.Encode(), nil
}

// oauthError decodes an error answer of the accounts server: the OAuth
// {"error": code, "error_description": text} (the code becomes the Type)
// or a LiveChat envelope {"error": {"type", "message"}}.
func oauthError(res *http.Response, data []byte, action string) *livechat.Error {
	e := &livechat.Error{Type: livechat.TypeForStatus(res.StatusCode), Status: res.StatusCode, Action: action,
		RequestID: res.Header.Get("X-Request-Id")}
	var body struct {
		Error       json.RawMessage `json:"error"`
		Description string          `json:"error_description"`
	}
	if json.Unmarshal(data, &body) == nil {
		var code string
		var env livechat.Error
		switch {
		case json.Unmarshal(body.Error, &code) == nil && code != "":
			e.Type, e.Message = livechat.ErrorType(code), body.Description
		case json.Unmarshal(body.Error, &env) == nil && env.Type != "":
			e.Type, e.Message, e.Data = env.Type, env.Message, env.Data
		}
	}
	if e.Message == "" {
		e.Message = http.StatusText(res.StatusCode)
	}
	return e
}
