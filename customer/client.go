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
// # Web or RTM
//
// A few actions exist only in the Web API, never over RTM: upload_file,
// the GET actions (list_license_properties, list_group_properties,
// get_dynamic_configuration, get_configuration, get_localization),
// check_goals and request_email_verification (the same in API 3.5 and
// 3.6). Their methods (UploadFile, ListLicenseProperties,
// ListGroupProperties, GetDynamicConfiguration, GetConfiguration,
// GetLocalization, CheckGoals, RequestEmailVerification) are refused before
// anything is sent when livechat.KindOf says the transport speaks RTM: they
// return a *livechat.ArgumentError whose Field is the action, e.g.
// "check_goals is available only over the Web API, not RTM" (it matches
// livechat.ErrValidation; for UploadFile it is the ErrUnsupported value).
// The refusal comes after the method's argument checks. A transport that
// does not say which wire it speaks (KindOf gives "", e.g. your own
// livechat.Transport) is trusted: the GET actions go to it as ordinary
// actions, and only upload_file, which needs livechat.Uploader, is refused
// when it cannot upload. The RTM-only actions, login and
// update_customer_page, are not methods of this Client but of the RTM
// connection (package transport/rtm).
//
// Over the Web transport the GET actions are sent as HTTP GET with query
// parameters (livechat.Getter) and upload_file as multipart/form-data
// (livechat.Uploader).
package customer

// lossless.go: MarshalJSON/UnmarshalJSON of the types with an Extra field.
//go:generate go run github.com/livechat-go/livechat/internal/cmd/losslessgen

import (
	"context"
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

// ErrUnsupported is returned by UploadFile when the transport cannot send
// files: an RTM connection (upload_file exists only in the Web API), or a
// transport of unknown kind that does not implement livechat.Uploader.
// Nothing was sent. It is the *livechat.ArgumentError of upload_file in
// the table of Web-only actions, so it also matches livechat.ErrValidation
// under errors.Is.
var ErrUnsupported error = webOnly["upload_file"]

// validator is implemented by every request type.
type validator interface{ validate() error }

// call validates req and sends it as action, unless the transport's wire
// lacks the action (checkWire).
func (c *Client) call(ctx context.Context, action string, req validator, resp any) error {
	if c == nil || c.t == nil {
		return livechat.Required("transport")
	}
	if req != nil {
		if err := req.validate(); err != nil {
			return err
		}
	}
	if err := c.checkWire(action); err != nil {
		return err
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
// livechat.Getter, otherwise, unless the transport speaks RTM (the GET
// actions are Web only; checkWire), as an ordinary action whose payload
// holds the same parameters (typed: numbers stay numbers).
func (c *Client) get(ctx context.Context, action string, params []param, resp any) error {
	if c == nil || c.t == nil {
		return livechat.Required("transport")
	}
	if err := c.checkWire(action); err != nil {
		return err
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
