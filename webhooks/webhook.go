// Package webhooks receives LiveChat webhooks: an http.Handler that checks
// the secret key of every delivery, decodes the payload to the typed push
// payloads of package livechat and dispatches it to the function
// registered for its action.
//
// The platform POSTs one JSON envelope per webhook to the URL given to
// register_webhook:
//
//	{"webhook_id":"…","secret_key":"…","action":"incoming_event",
//	 "organization_id":"…","payload":{…},"additional_data":{…}}
//
// There is no signature header: a delivery is authentic when its
// secret_key equals the secret the webhook was registered with. A non-200
// answer makes the platform retry the delivery, so a handler returns an
// error only when it wants the webhook again.
//
// Status codes of Handler.ServeHTTP:
//
//	405 the method is not POST
//	413 the body is larger than the limit (WithMaxBodyBytes, default 1 MiB)
//	400 the body is not a JSON envelope with an action, or the payload of
//	    an action with a typed handler does not decode to its type
//	401 secret_key is missing or wrong; no handler runs
//	200 handled, or no handler is registered for the action (the fallback
//	    handler, if any, runs first; see WithFallback)
//	500 the handler returned an error or panicked
package webhooks

// lossless.go: MarshalJSON/UnmarshalJSON of the types with an Extra field.
//go:generate go run github.com/livechat-go/livechat/internal/cmd/losslessgen

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
)

// redacted replaces secrets in every printed or logged form of a Webhook.
// It is the module's one mask (internal/redact).
const redacted = redact.Mask

// Webhook is one delivery of a LiveChat webhook: the envelope the
// platform POSTs, with the action's payload kept as raw JSON. Decode
// Payload with livechat.DecodePushPayload, or register a typed handler
// (On, OnIncomingEvent, …) and receive it decoded.
//
// SecretKey never appears in String, Format (every fmt verb) or LogValue
// output. MarshalJSON does write it, because the envelope carries it on
// the wire; do not log the JSON encoding.
type Webhook struct {
	// WebhookID is the id returned by register_webhook.
	WebhookID string `json:"webhook_id,omitempty"`
	// SecretKey is the secret the webhook was registered with.
	SecretKey string `json:"secret_key,omitempty"`
	// Action is the webhook's action name, e.g. "incoming_event".
	Action string `json:"action,omitempty"`
	// OrganizationID is the organization of the license the webhook is for.
	OrganizationID string `json:"organization_id,omitempty"`
	// LicenseID is sent by older API versions, as a number.
	LicenseID livechat.NumberOrString `json:"license_id,omitempty"`
	// Payload is the action's payload, the same as the push of that name.
	Payload json.RawMessage `json:"payload,omitempty"`
	// AdditionalData holds what the registration asked for in additional_data.
	AdditionalData *AdditionalData `json:"additional_data,omitempty"`
	// Requester says who caused a configuration webhook (agent_created, …).
	Requester *Requester `json:"requester,omitempty"`
	// Extra holds envelope members this package does not model.
	Extra livechat.Extra `json:"-"`
}

// AdditionalData is the additional_data of a webhook: the chat's
// properties and the ids of the users present in the chat, when the
// registration asked for them.
type AdditionalData struct {
	// ChatProperties are the properties of the chat the webhook is about.
	ChatProperties livechat.Properties `json:"chat_properties,omitempty"`
	// ChatPresenceUserIDs are the ids of the users present in that chat.
	ChatPresenceUserIDs []string `json:"chat_presence_user_ids,omitempty"`
	// Extra holds members this package does not model.
	Extra livechat.Extra `json:"-"`
}

// Requester identifies who caused a configuration webhook.
type Requester struct {
	// UserID is the agent id (e-mail) of the requester.
	UserID string `json:"user_id,omitempty"`
	// AccountID is the requester's Global Accounts id.
	AccountID string `json:"account_id,omitempty"`
	// ClientID is the OAuth client the request was made with.
	ClientID string `json:"client_id,omitempty"`
	// Extra holds members this package does not model.
	Extra livechat.Extra `json:"-"`
}

// String describes the webhook without its secret or payload.
func (w Webhook) String() string {
	var b strings.Builder
	b.WriteString("webhooks.Webhook{action=")
	b.WriteString(w.Action)
	b.WriteString(" webhook_id=")
	b.WriteString(w.WebhookID)
	if w.OrganizationID != "" {
		b.WriteString(" organization_id=")
		b.WriteString(w.OrganizationID)
	}
	if w.SecretKey != "" {
		b.WriteString(" secret_key=" + redacted)
	}
	fmt.Fprintf(&b, " payload=%dB}", len(w.Payload))
	return b.String()
}

// GoString implements fmt.GoStringer with the secret redacted.
func (w Webhook) GoString() string { return w.String() }

// Format implements fmt.Formatter so that every verb (%v, %+v, %#v, %s,
// %q, …) prints String, never the secret.
func (w Webhook) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", w.String())
		return
	}
	_, _ = f.Write([]byte(w.String()))
}

// LogValue implements slog.LogValuer: the envelope's identifiers, the
// secret redacted, the payload's size.
func (w Webhook) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("action", w.Action),
		slog.String("webhook_id", w.WebhookID),
	}
	if w.OrganizationID != "" {
		attrs = append(attrs, slog.String("organization_id", w.OrganizationID))
	}
	if w.SecretKey != "" {
		attrs = append(attrs, slog.String("secret_key", redacted))
	}
	attrs = append(attrs, slog.Int("payload_bytes", len(w.Payload)))
	return slog.GroupValue(attrs...)
}

// Decode decodes the payload into the typed payload of the webhook's
// action (see livechat.DecodePushPayload): a pointer such as
// *livechat.IncomingEventPush, or a json.RawMessage for an action this
// SDK does not know.
func (w *Webhook) Decode() (any, error) {
	return livechat.DecodePushPayload(w.Action, w.Payload)
}
