// Package apitest holds test helpers that check real HTTP answers against
// the project's API description (package api): wrap a client's transport
// and every answer of a described operation is validated against its
// response schema (200) or the documented error envelope (any other
// status), failing the test with the JSON path of the first bad member.
//
// The emulator's end-to-end tests use it through their client helpers,
// so every response they see is held to the description: Transport for
// the Web API and REST v2, CheckRTM for the answers of the raw RTM client
// (emulator/rtm_test.go dialRTM).
package apitest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/livechat-go/livechat/api/validate"
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

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
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
		return v.Schema("Error", payload)
	}
	err := v.Response(apiName, version, action, payload)
	if errors.Is(err, validate.ErrNoOperation) {
		return nil
	}
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
