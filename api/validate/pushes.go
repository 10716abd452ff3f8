package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/livechat-go/livechat/internal/schema"
)

// ErrNoPush reports that the description has no such RTM push (or not
// for that API and version).
var ErrNoPush = errors.New("validate: no such push in the API description")

// ErrNoWebhook reports that the description has no such webhook.
var ErrNoWebhook = errors.New("validate: no such webhook in the API description")

type pushInfo struct {
	ref            string // the payload schema
	apis, versions []string
}

// A webhook's pushInfo has no apis.

// indexPushes reads x-livechat-pushes and webhooks.
func (v *Validator) indexPushes() {
	pushes, _ := v.doc["x-livechat-pushes"].(map[string]any)
	for name, p := range pushes {
		info := pushInfo{ref: refOf(p)}
		info.apis = stringList(schema.Child(p, "x-livechat-apis"))
		info.versions = stringList(schema.Child(p, "x-livechat-versions"))
		v.pushes[name] = info
	}
	hooks, _ := v.doc["webhooks"].(map[string]any)
	for name, h := range hooks {
		post, _ := schema.Child(h, "post").(map[string]any)
		if ref := v.requestRef(post); ref != "" {
			v.webhooks[name] = pushInfo{ref: ref, versions: stringList(post["x-livechat-versions"])}
		}
	}
}

func stringList(x any) []string {
	var out []string
	for _, s := range schema.List(x) {
		if s, ok := s.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Push checks the payload of an RTM push of apiName ("agent" or
// "customer") in version against its x-livechat-pushes schema. A push the
// description does not have for that API and version is an error
// wrapping ErrNoPush; a payload that does not match is an *Error.
func (v *Validator) Push(apiName, version, action string, payload []byte) error {
	info, ok := v.pushes[action]
	if !ok {
		return fmt.Errorf("%w: %q", ErrNoPush, action)
	}
	if !slices.Contains(info.apis, apiName) {
		return fmt.Errorf("%w: %q is a push of the %s API, not %s", ErrNoPush, action, strings.Join(info.apis, " and "), apiName)
	}
	if !slices.Contains(info.versions, version) {
		return fmt.Errorf("%w: %q is not a push of API %s (only %s)", ErrNoPush, action, version, strings.Join(info.versions, ", "))
	}
	return v.check(info.ref, payload)
}

// Pushes lists the described pushes of apiName in version, sorted.
func (v *Validator) Pushes(apiName, version string) []string {
	var out []string
	for name, info := range v.pushes {
		if slices.Contains(info.apis, apiName) && slices.Contains(info.versions, version) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Webhook checks the body of a webhook delivery (the whole envelope:
// webhook_id, secret_key, action, payload, …) against the description's
// webhooks entry named by its action member. A body without an action the
// description knows is an error wrapping ErrNoWebhook; one that does not
// match is an *Error.
func (v *Validator) Webhook(body []byte) error {
	var head struct {
		Action json.RawMessage `json:"action"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return &Error{Reason: "not a JSON object: " + err.Error()}
	}
	var action string
	if len(head.Action) == 0 || json.Unmarshal(head.Action, &action) != nil {
		return &Error{Path: "/action", Reason: "must be the webhook's name (a string)"}
	}
	h, ok := v.webhooks[action]
	if !ok {
		return fmt.Errorf("%w: %q", ErrNoWebhook, action)
	}
	return v.check(h.ref, body)
}

// Webhooks lists, sorted, the described webhooks that can be registered
// in version (its x-livechat-versions), or all of them when version is "".
func (v *Validator) Webhooks(version string) []string {
	out := make([]string, 0, len(v.webhooks))
	for name, h := range v.webhooks {
		if version == "" || slices.Contains(h.versions, version) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
