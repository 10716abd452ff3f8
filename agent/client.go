package agent

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// Client calls the Agent Chat API over a livechat.Transport (Web or RTM).
// It holds no mutable state and is safe for concurrent use when its
// transport is.
type Client struct {
	t livechat.Transport
}

// New returns a client that sends every action through t: the Web
// transport (see NewWeb) or an RTM connection.
func New(t livechat.Transport) *Client { return &Client{t: t} }

// NewWeb returns a client of the Agent Chat Web API authenticated by creds.
// Options select the API version (livechat.WithAPIVersion, default 3.6),
// region, base URL (livechat.WithBaseURL for the local emulator), HTTP
// client, logger and retries.
func NewWeb(creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	t, err := web.New(web.Agent, creds, opts...)
	if err != nil {
		return nil, err
	}
	return New(t), nil
}

// Transport returns the transport the client sends through.
func (c *Client) Transport() livechat.Transport { return c.t }

// APIVersion returns the API version the client speaks: the transport's
// when it implements livechat.Versioned, otherwise livechat.DefaultAPIVersion.
func (c *Client) APIVersion() livechat.APIVersion {
	if v, ok := c.t.(livechat.Versioned); ok {
		if av := v.APIVersion(); av != "" {
			return av
		}
	}
	return livechat.DefaultAPIVersion
}

// errNoTransport is returned by every call of a client built without a transport.
var errNoTransport = errors.New("livechat: agent: client has no transport (use agent.New or agent.NewWeb)")

// call sends one action, unless the transport's wire lacks it (checkWire).
// Arguments must have been validated by the caller.
func (c *Client) call(ctx context.Context, action string, req, resp any) error {
	if c == nil || c.t == nil {
		return errNoTransport
	}
	if ctx == nil {
		return livechat.Required("context")
	}
	if err := c.checkWire(action); err != nil {
		return err
	}
	return c.t.Call(ctx, action, req, resp)
}

// callFor sends action through c.call and returns its answer decoded
// into a new T.
func callFor[T any](ctx context.Context, c *Client, action string, req any) (*T, error) {
	var resp T
	if err := c.call(ctx, action, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// VersionError reports an action that the transport's API version does not
// have: removed in a later version or added in a later one. Nothing was
// sent. It matches livechat.ErrUnsupportedVersion under errors.Is.
type VersionError struct {
	// Action is the API action, e.g. "list_customers".
	Action string
	// Version is the version the transport speaks.
	Version livechat.APIVersion
	// Since is the first version that has the action ("" when it always existed).
	Since livechat.APIVersion
	// RemovedIn is the first version without the action ("" when not removed).
	RemovedIn livechat.APIVersion
}

// Error implements error.
func (e *VersionError) Error() string {
	if e.RemovedIn != "" {
		return fmt.Sprintf("livechat: %s was removed in Agent Chat API %s; the transport speaks %s (use livechat.WithAPIVersion(livechat.V3_5))",
			e.Action, e.RemovedIn, e.Version)
	}
	return fmt.Sprintf("livechat: %s needs Agent Chat API %s or later; the transport speaks %s",
		e.Action, e.Since, e.Version)
}

// Is makes a VersionError match livechat.ErrUnsupportedVersion.
func (e *VersionError) Is(target error) bool {
	t, ok := target.(*livechat.Error)
	return ok && t.Type == livechat.TypeUnsupportedVersion
}

// since refuses action when the client's version is older than v.
func (c *Client) since(action string, v livechat.APIVersion) error {
	have := c.APIVersion()
	if versionLess(have, v) {
		return &VersionError{Action: action, Version: have, Since: v}
	}
	return nil
}

// removedIn refuses action when the client's version is v or newer.
func (c *Client) removedIn(action string, v livechat.APIVersion) error {
	have := c.APIVersion()
	if !versionLess(have, v) {
		return &VersionError{Action: action, Version: have, RemovedIn: v}
	}
	return nil
}

// versionLess compares "major.minor" versions numerically; unparsable
// versions compare as text.
func versionLess(a, b livechat.APIVersion) bool {
	am, an, aok := splitVersion(a)
	bm, bn, bok := splitVersion(b)
	if !aok || !bok {
		return a < b
	}
	if am != bm {
		return am < bm
	}
	return an < bn
}

func splitVersion(v livechat.APIVersion) (int, int, bool) {
	s := strings.TrimPrefix(string(v), "v")
	maj, mnr, ok := strings.Cut(s, ".")
	if !ok {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(mnr)
	return a, b, err1 == nil && err2 == nil
}
