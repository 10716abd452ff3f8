// Package customer is the typed client of the LiveChat Customer Chat API
// (protocol.md §4): one method per action, written once against
// livechat.Transport, so the same client runs over the Web transport
// (HTTP, package transport/web) and over an RTM (WebSocket) transport.
//
// Every request is checked before anything is sent: a missing required
// field, a value outside its documented enumeration or beyond a documented
// limit gives an *livechat.ArgumentError naming the wire field, which
// matches livechat.ErrValidation under errors.Is. Errors answered by the
// platform are *livechat.Error values; match them with errors.Is against
// the sentinels of package livechat (livechat.ErrChatInactive, …).
//
// The Customer Chat API authenticates customers with a customer access
// token (not an agent token, not a PAT), and every Web API call carries the
// organization id as the organization_id query parameter:
//
//	c, err := customer.NewWeb(livechat.NewBearerToken(token),
//		livechat.WithOrganizationID(orgID))
//	if err != nil { … }
//	started, err := c.StartChat(ctx, customer.StartChatRequest{})
//	if err != nil { … }
//	_, err = c.SendMessage(ctx, started.ChatID, "Hello!")
//
// A few actions exist only over one transport: upload_file needs a
// transport implementing livechat.Uploader (the Web transport), and the
// GET actions (list_license_properties, list_group_properties,
// get_dynamic_configuration, get_configuration, get_localization) are sent
// as HTTP GET with query parameters when the transport implements
// livechat.Getter, and as ordinary actions otherwise.
package customer

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// Client calls the Customer Chat API. It holds no mutable state and is safe
// for concurrent use when its transport is.
type Client struct {
	t livechat.Transport
}

// New returns a client that sends every action through t, a Web or an RTM
// transport.
func New(t livechat.Transport) *Client { return &Client{t: t} }

// NewWeb returns a client over the Web (HTTP) transport. The organization
// id is required by the Customer Chat API: pass
// livechat.WithOrganizationID(id) among opts.
func NewWeb(creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	cfg := livechat.NewConfig(opts...)
	if cfg.OrganizationID == "" {
		return nil, livechat.Invalid("organization_id",
			"is required by the Customer Chat API: pass livechat.WithOrganizationID(<organization id>)")
	}
	t, err := web.New(web.Customer, creds, opts...)
	if err != nil {
		return nil, err
	}
	return New(t), nil
}

// Transport returns the transport the client sends actions through.
func (c *Client) Transport() livechat.Transport { return c.t }

// ErrUnsupported reports that the client's transport cannot carry an
// action, e.g. upload_file over RTM. Nothing was sent.
var ErrUnsupported = errors.New("customer: the transport does not support this action")

// validator is implemented by every request type.
type validator interface{ validate() error }

// call validates req and sends it as action.
func (c *Client) call(ctx context.Context, action string, req validator, resp any) error {
	if c == nil || c.t == nil {
		return livechat.Required("transport")
	}
	if req != nil {
		if err := req.validate(); err != nil {
			return err
		}
	}
	var body any = req
	if req == nil {
		body = struct{}{}
	}
	return c.t.Call(ctx, action, body, resp)
}

// callFor sends action through c.call and returns its answer decoded
// into a new T.
func callFor[T any](ctx context.Context, c *Client, action string, req validator) (*T, error) {
	var resp T
	if err := c.call(ctx, action, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// param is one parameter of a GET action, in wire order.
type param struct {
	name  string
	value any
}

// get sends a GET action: as an HTTP GET with query parameters through a
// livechat.Getter, otherwise as an ordinary action whose payload holds the
// same parameters (typed: numbers stay numbers).
func (c *Client) get(ctx context.Context, action string, params []param, resp any) error {
	if c == nil || c.t == nil {
		return livechat.Required("transport")
	}
	if g, ok := c.t.(livechat.Getter); ok {
		q := url.Values{}
		for _, p := range params {
			q.Set(p.name, fmt.Sprint(p.value))
		}
		return g.Get(ctx, action, q, resp)
	}
	body := make(map[string]any, len(params))
	for _, p := range params {
		body[p.name] = p.value
	}
	return c.t.Call(ctx, action, body, resp)
}
