// Package configuration is the typed client of the LiveChat Configuration
// API (protocol.md §5): agents, auto accesses, bots and bot templates,
// groups, properties, tags, webhooks, customer bans, greetings and the
// batch methods, one method per action.
//
// Build a client over the Web transport with NewWeb, or over any
// livechat.Transport with New:
//
//	c, err := configuration.NewWeb(livechat.NewPAT(accountID, pat))
//	if err != nil { … }
//	hook, err := c.RegisterWebhook(ctx, configuration.RegisterWebhookRequest{…})
//
// Every request is validated before anything is sent: a missing required
// field, a value outside its documented enumeration ("accepting chats" for
// login_status, with its space; first|normal|last|supervisor for
// priorities; int|string|bool|tokenized_string for property types; …) or
// beyond a documented limit (group names ≤ 180 characters,
// max_chats_count ≤ 20 for agents and ≤ 500 for bots, webhook URLs ≤ 500
// characters) gives a *livechat.ArgumentError naming the wire field; it
// matches livechat.ErrValidation under errors.Is. Errors answered by the
// platform are *livechat.Error values, matched with errors.Is against the
// sentinels of package livechat.
//
// Response types whose documented samples exist decode losslessly: members
// the SDK does not model are kept in Extra and written back on encoding.
//
// Batch methods (BatchCreateAgents, …) send {"requests":[…]} and return one
// BatchResult per request, in the same order, each holding either the
// response or the *livechat.Error of that item.
package configuration

// lossless.go: MarshalJSON/UnmarshalJSON of the types with an Extra field.
//go:generate go run github.com/livechat-go/livechat/internal/cmd/losslessgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/livechat-go/livechat/internal/check"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/transport/web"
)

// Client calls the Configuration API. It holds no mutable state and is
// safe for concurrent use when its transport is.
type Client struct {
	t livechat.Transport
}

// New returns a client that sends every action through t.
func New(t livechat.Transport) *Client { return &Client{t: t} }

// NewWeb returns a client over the Web (HTTP) transport: POST
// https://api.livechatinc.com/v3.6/configuration/action/<action>.
func NewWeb(creds livechat.Credentials, opts ...livechat.Option) (*Client, error) {
	t, err := web.New(web.Configuration, creds, opts...)
	if err != nil {
		return nil, err
	}
	return New(t), nil
}

// Transport returns the transport the client sends actions through.
func (c *Client) Transport() livechat.Transport { return c.t }

// Empty is the answer of methods documented with no response payload
// ({}); it keeps whatever the server sent in Extra.
type Empty struct {
	Extra livechat.Extra `json:"-"`
}

// Bool returns a pointer to v, for optional boolean fields.
func Bool(v bool) *bool { return &v }

// String returns a pointer to v, for optional string fields.
func String(v string) *string { return &v }

// validator is implemented by every request type.
type validator interface{ validate() error }

func (c *Client) call(ctx context.Context, action string, req validator, resp any) error {
	if c == nil || c.t == nil {
		return livechat.Required("transport")
	}
	var body any = struct{}{}
	if req != nil {
		if err := req.validate(); err != nil {
			return err
		}
		body = req
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

// get sends a GET action with query parameters through a livechat.Getter,
// or as an ordinary action with the same parameters otherwise.
func (c *Client) get(ctx context.Context, action string, name string, value any, resp any) error {
	if c == nil || c.t == nil {
		return livechat.Required("transport")
	}
	if g, ok := c.t.(livechat.Getter); ok {
		return g.Get(ctx, action, url.Values{name: {fmt.Sprint(value)}}, resp)
	}
	return c.t.Call(ctx, action, map[string]any{name: value}, resp)
}

// BatchResult is the outcome of one request of a batch: Response on
// success, Err when the platform refused that item, DecodeErr when the
// platform answered that item with something that does not decode into T
// (the other items are decoded all the same).
type BatchResult[T any] struct {
	Response *T
	Err      *livechat.Error
	// DecodeErr is set, with Response nil, when this item's answer could not
	// be decoded; its Err holds the cause. It is also set next to a
	// Response whose members nested deeper than livechat.MaxNesting were
	// left out (Members names them). Raw then holds the item's answer as
	// received.
	DecodeErr *livechat.ItemError
	Raw       json.RawMessage
}

// Error returns the item's error as an error value: the platform's
// refusal or the decoding error (nil on success).
func (r BatchResult[T]) Error() error {
	switch {
	case r.Err != nil:
		return r.Err
	case r.DecodeErr != nil:
		return r.DecodeErr
	}
	return nil
}

type batchRequest[R any] struct {
	Requests []R `json:"requests"`
}

func (b *batchRequest[R]) validate() error {
	if len(b.Requests) == 0 {
		return livechat.Required("requests")
	}
	for i := range b.Requests {
		v, ok := any(&b.Requests[i]).(validator)
		if !ok {
			continue
		}
		if err := v.validate(); err != nil {
			return indexed(i, err)
		}
	}
	return nil
}

// indexed prefixes the field of an argument error with requests[i].
func indexed(i int, err error) error {
	var ae *livechat.ArgumentError
	if errors.As(err, &ae) {
		return &livechat.ArgumentError{Field: fmt.Sprintf("requests[%d].%s", i, ae.Field), Problem: ae.Problem}
	}
	return err
}

// batch validates every request, sends them in one batch action and
// decodes one result per request. Only an answer that is not a list of
// one response per request fails the whole batch: an item that does not
// decode is that item's DecodeErr.
func batch[R, T any](ctx context.Context, c *Client, action string, reqs []R) ([]BatchResult[T], error) {
	var raw struct {
		Responses []json.RawMessage `json:"responses"`
	}
	if err := c.call(ctx, action, &batchRequest[R]{Requests: reqs}, &raw); err != nil {
		return nil, err
	}
	if len(raw.Responses) != len(reqs) {
		return nil, fmt.Errorf("livechat: %s: %d responses for %d requests", action, len(raw.Responses), len(reqs))
	}
	out := make([]BatchResult[T], len(reqs))
	for i, r := range raw.Responses {
		var env livechat.ErrorEnvelope
		if json.Unmarshal(r, &env) == nil && env.Error != nil && env.Error.Type != "" {
			env.Error.Action = action
			out[i].Err = env.Error
			continue
		}
		out[i] = decodeBatchItem[T](action, i, r)
	}
	return out, nil
}

// decodeBatchItem decodes the answer r to request i of a batch.
func decodeBatchItem[T any](action string, i int, r json.RawMessage) BatchResult[T] {
	v := new(T)
	if err := livechat.UnmarshalLenient(r, v); err != nil {
		return BatchResult[T]{Raw: r, DecodeErr: &livechat.ItemError{Kind: "item",
			Err: fmt.Errorf("%s: response %d: %w", action, i, err)}}
	}
	var x livechat.Extra // the members UnmarshalLenient left out, if any
	if json.Unmarshal(r, &x) == nil {
		if ie := x.ItemError(); ie != nil {
			return BatchResult[T]{Response: v, Raw: r, DecodeErr: ie}
		}
	}
	return BatchResult[T]{Response: v}
}

type idRequest struct {
	ID string `json:"id"`
}

func (r *idRequest) validate() error { return check.Required("id", r.ID) }

func idRequests(ids []string) []idRequest {
	out := make([]idRequest, len(ids))
	for i, id := range ids {
		out[i] = idRequest{ID: id}
	}
	return out
}

type intIDRequest struct {
	ID int `json:"id"`
}

func (r *intIDRequest) validate() error { return nonNegative("id", r.ID) }
