// Package apitest holds test helpers that check real HTTP answers against
// the project's API description (package api): wrap a client's transport
// and every answer of a described operation is validated against its
// response schema (200) or the documented error envelope (any other
// status), failing the test with the JSON path of the first bad member.
//
// The emulator's end-to-end tests use it through their client helpers,
// so every response, push and webhook delivery they see is held to the
// description: Transport for the Web API and REST v2; CheckRTMAnswer and
// CheckPushFrame for the answers and pushes of the raw RTM client
// (emulator/rtm_test.go dialRTM); RTMProxy, a relay that checks both for
// the typed RTM clients (package transport/rtm) without touching them;
// Webhooks for a webhook receiver. A push or webhook the description does
// not have fails (an RTM answer of an unknown action passes: the server
// answers those with an error of its own). Counts and Summary tell how
// many payloads a test run held to the description.
package apitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/internal/redact"
)

// Transport wraps next (nil: http.DefaultTransport) so that every answer
// of a described operation is validated; a mismatch is reported with
// t.Errorf. Answers that are not JSON (JSONP, redirects, files) and paths
// the description does not know are passed through unchecked.
func Transport(t testing.TB, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	v, err := validate.Default()
	if err != nil {
		t.Fatalf("apitest: %v", err)
	}
	return &checker{t: t, v: v, next: next}
}

// HTTPClient returns an *http.Client using Transport.
func HTTPClient(t testing.TB) *http.Client {
	return &http.Client{Transport: Transport(t, nil)}
}

type checker struct {
	t    testing.TB
	v    *validate.Validator
	next http.RoundTripper
}

func (c *checker) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	id := c.v.Find(req.Method, req.URL.Path)
	if id == "" || req.URL.Query().Has("callback") {
		return resp, nil
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil // the client sees the short body and reports it
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return resp, nil
	}
	if err := Check(c.v, id, resp.StatusCode, body); err != nil {
		c.t.Errorf("apitest: %s %s answered HTTP %d %s\n\tnot as described (%s): %v",
			req.Method, req.URL.Path, resp.StatusCode, truncate(body), id, err)
	}
	return resp, nil
}

// Check validates one answer of operation id: a 200 against its response
// schema, any other status against the error envelope.
func Check(v *validate.Validator, id string, status int, body []byte) error {
	if status == http.StatusOK {
		return v.OperationResponse(id, body)
	}
	if name := validate.ErrorSchema(id); name != "" {
		return v.Schema(name, body)
	}
	return nil
}

// truncate is how a mismatch report shows a body, payload or delivery:
// its secrets masked (redact.Body: a webhook's secret_key, tokens, …;
// before cutting, so a cut never leaves half a secret showing), then
// cut to 300 bytes.
func truncate(b []byte) string {
	s := redact.Body(b)
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// CheckRTM validates the payload of one RTM response frame of
// apiName.action in version: a success against the action's response
// schema (its Web API operation, or the RTM-only action such as login),
// a failure against the error envelope. An action the description does
// not know passes (nil).
func CheckRTM(v *validate.Validator, apiName, version, action string, success bool, payload []byte) error {
	if !success {
		if v.OperationID(apiName, version, action) == "" && !v.HasRTMAction(apiName, version, action) {
			return nil
		}
		err := v.Schema("Error", payload)
		countAnswer(err)
		return err
	}
	err := v.Response(apiName, version, action, payload)
	if errors.Is(err, validate.ErrNoOperation) {
		return nil
	}
	countAnswer(err)
	return err
}

// CheckRTMAnswer is CheckRTM reporting a mismatch with t.Errorf, as
// Transport does for HTTP answers.
func CheckRTMAnswer(t testing.TB, v *validate.Validator, apiName, version, action string, success bool, payload []byte) {
	t.Helper()
	if err := CheckRTM(v, apiName, version, action, success, payload); err != nil {
		t.Errorf("apitest: RTM %s.%s (API %s) answered %s\n\tnot as described: %v", apiName, action, version, truncate(payload), err)
	}
}

// CheckPush validates the payload of one RTM push frame of apiName
// ("agent" or "customer") in version against its x-livechat-pushes
// schema. Unlike CheckRTM, a push the description does not have for that
// API and version fails (an error wrapping validate.ErrNoPush): every
// push the platform sends is described.
func CheckPush(v *validate.Validator, apiName, version, action string, payload []byte) error {
	err := v.Push(apiName, version, action, payload)
	count(&stats.pushes, "push "+apiName+"."+action, err)
	return err
}

// CheckPushFrame is CheckPush reporting a mismatch with t.Errorf.
func CheckPushFrame(t testing.TB, v *validate.Validator, apiName, version, action string, payload []byte) {
	t.Helper()
	if err := CheckPush(v, apiName, version, action, payload); err != nil {
		t.Errorf("apitest: RTM push %s (%s API %s) %s\n\tnot as described: %v", action, apiName, version, truncate(payload), err)
	}
}

// CheckWebhook validates the body of one webhook delivery (the whole
// envelope) against the description's webhooks entry named by its action
// member; an unknown action fails (validate.ErrNoWebhook).
func CheckWebhook(v *validate.Validator, body []byte) error {
	err := v.Webhook(body)
	var head struct {
		Action any `json:"action"`
	}
	json.Unmarshal(body, &head) // v.Webhook reported a bad body
	count(&stats.webhooks, fmt.Sprint("webhook ", head.Action), err)
	return err
}

// Webhooks wraps a webhook receiver so that the body of every POST it is
// delivered is validated with CheckWebhook before next sees it; a
// mismatch is reported with t.Errorf, the delivery shown with its
// secret_key (and any other secret) masked as "[REDACTED]" (next still
// runs, so the test sees what it would have).
func Webhooks(t testing.TB, next http.Handler) http.Handler {
	v, err := validate.Default()
	if err != nil {
		t.Fatalf("apitest: %v", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err == nil {
			if err := CheckWebhook(v, body); err != nil {
				t.Errorf("apitest: webhook delivery %s\n\tnot as described: %v", truncate(body), err)
			}
		}
		next.ServeHTTP(w, r)
	})
}
