package webhooks

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/livechat-go/livechat"
)

// DefaultMaxBodyBytes is the default limit on the size of a delivery: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// HandlerFunc handles one webhook delivery. Returning an error answers
// HTTP 500, which makes the platform deliver the webhook again.
type HandlerFunc func(ctx context.Context, wh *Webhook) error

// SecretFunc returns the secret a webhook was registered with, found by
// its webhook id or action, and false when the delivery is not expected
// (it is then refused with 401). It runs for every delivery, after the
// envelope is decoded and before any handler.
type SecretFunc func(ctx context.Context, webhookID, action string) (secret string, ok bool)

// Option configures a Handler.
type Option func(*Handler)

// WithSecretFunc looks the expected secret up per delivery, for receivers
// of webhooks registered with different secrets. When f reports false, the
// secret given to New (if not empty) is tried instead.
func WithSecretFunc(f SecretFunc) Option {
	return func(h *Handler) { h.lookup = f }
}

// WithMaxBodyBytes sets the largest body accepted; larger ones are
// answered 413. n <= 0 restores DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) Option {
	return func(h *Handler) {
		if n <= 0 {
			n = DefaultMaxBodyBytes
		}
		h.maxBody = n
	}
}

// WithLogger logs every refused or failed delivery (and, at debug level,
// every handled one) to l. Secrets are never logged. The default logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) {
		if l != nil {
			h.log = l
		}
	}
}

// WithFallback runs f for every authentic delivery whose action has no
// registered handler (an action this SDK does not know yet, or one the
// receiver did not register). Its error answers 500 as usual; without a
// fallback such deliveries are answered 200 and dropped.
func WithFallback(f HandlerFunc) Option {
	return func(h *Handler) { h.fallback = f }
}

// Handler is an http.Handler that receives LiveChat webhooks. Create it
// with New, register handlers with Handle, On or the On… methods, and
// mount it on the URL registered with register_webhook. It is safe for
// concurrent use, including registering while serving.
type Handler struct {
	secret   string
	lookup   SecretFunc
	maxBody  int64
	log      *slog.Logger
	fallback HandlerFunc

	mu       sync.RWMutex
	handlers map[string]HandlerFunc
}

// New returns a Handler that accepts deliveries whose secret_key equals
// secret (compared in constant time). With an empty secret and no
// WithSecretFunc every delivery is refused with 401.
func New(secret string, opts ...Option) *Handler {
	h := &Handler{
		secret:   secret,
		maxBody:  DefaultMaxBodyBytes,
		log:      slog.New(slog.DiscardHandler),
		handlers: map[string]HandlerFunc{},
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Handle registers f for action, replacing any earlier handler of that
// action. f receives the envelope with the raw payload. A nil f removes
// the handler.
func (h *Handler) Handle(action string, f HandlerFunc) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f == nil {
		delete(h.handlers, action)
		return
	}
	h.handlers[action] = f
}

// payloadError marks a payload that does not decode to the registered type.
type payloadError struct {
	action string
	err    error
}

func (e *payloadError) Error() string {
	return fmt.Sprintf("webhooks: decode %s payload: %v", e.action, e.err)
}

func (e *payloadError) Unwrap() error { return e.err }

// On registers f for action with the payload decoded into a new *T, for
// example:
//
//	webhooks.On(h, "incoming_event", func(ctx context.Context, wh *webhooks.Webhook, p *livechat.IncomingEventPush) error { … })
//
// A payload that does not decode into T is answered 400 and f does not
// run. The On… methods of Handler do the same with the documented type of
// each action.
func On[T any](h *Handler, action string, f func(ctx context.Context, wh *Webhook, payload *T) error) {
	if f == nil {
		h.Handle(action, nil)
		return
	}
	h.Handle(action, func(ctx context.Context, wh *Webhook) error {
		p := new(T)
		if len(wh.Payload) > 0 {
			if err := livechat.UnmarshalLenient(wh.Payload, p); err != nil {
				return &payloadError{action: action, err: err}
			}
		}
		return f(ctx, wh, p)
	})
}

// secretOK compares the delivered secret with the expected one in
// constant time (over SHA-256 digests, so the length does not leak either).
func (h *Handler) secretOK(ctx context.Context, wh *Webhook) bool {
	if wh.SecretKey == "" {
		return false
	}
	want, ok := "", false
	if h.lookup != nil {
		want, ok = h.lookup(ctx, wh.WebhookID, wh.Action)
	}
	if !ok || want == "" {
		want, ok = h.secret, h.secret != ""
	}
	if !ok {
		return false
	}
	a, b := sha256.Sum256([]byte(wh.SecretKey)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// ServeHTTP receives one delivery; see the package documentation for the
// status codes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(ctx, w, http.StatusMethodNotAllowed, "method not allowed", slog.String("method", r.Method))
		return
	}
	if r.ContentLength > h.maxBody {
		h.refuse(ctx, w, http.StatusRequestEntityTooLarge, "body too large", slog.Int64("content_length", r.ContentLength))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.refuse(ctx, w, http.StatusRequestEntityTooLarge, "body too large", slog.Int64("limit", h.maxBody))
			return
		}
		h.refuse(ctx, w, http.StatusBadRequest, "cannot read body", slog.String("error", err.Error()))
		return
	}
	var wh Webhook
	if err := livechat.UnmarshalLenient(body, &wh); err != nil {
		h.refuse(ctx, w, http.StatusBadRequest, "malformed webhook", slog.String("error", err.Error()))
		return
	}
	if !h.secretOK(ctx, &wh) {
		h.refuse(ctx, w, http.StatusUnauthorized, "wrong secret key", slog.String("action", wh.Action), slog.String("webhook_id", wh.WebhookID))
		return
	}
	if wh.Action == "" {
		h.refuse(ctx, w, http.StatusBadRequest, "missing action", slog.String("webhook_id", wh.WebhookID))
		return
	}

	h.mu.RLock()
	f, known := h.handlers[wh.Action]
	h.mu.RUnlock()
	if !known {
		f = h.fallback
	}
	if f == nil {
		h.log.LogAttrs(ctx, slog.LevelDebug, "webhook without handler", slog.Any("webhook", wh))
		w.WriteHeader(http.StatusOK)
		return
	}
	if err := h.run(ctx, f, &wh); err != nil {
		var pe *payloadError
		if errors.As(err, &pe) {
			h.refuse(ctx, w, http.StatusBadRequest, "malformed payload", slog.Any("webhook", wh), slog.String("error", err.Error()))
			return
		}
		h.log.LogAttrs(ctx, slog.LevelError, "webhook handler failed", slog.Any("webhook", wh), slog.String("error", err.Error()))
		http.Error(w, "handler failed", http.StatusInternalServerError)
		return
	}
	h.log.LogAttrs(ctx, slog.LevelDebug, "webhook handled", slog.Any("webhook", wh))
	w.WriteHeader(http.StatusOK)
}

// run calls f and turns a panic into an error.
func (h *Handler) run(ctx context.Context, f HandlerFunc, wh *Webhook) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("webhooks: handler panic: %v", p)
		}
	}()
	return f(ctx, wh)
}

// refuse logs and answers a refused delivery.
func (h *Handler) refuse(ctx context.Context, w http.ResponseWriter, status int, msg string, attrs ...slog.Attr) {
	h.log.LogAttrs(ctx, slog.LevelWarn, "webhook refused: "+msg, append(attrs, slog.Int("status", status))...)
	http.Error(w, msg, status)
}

// Compile-time check.
var _ http.Handler = (*Handler)(nil)
