package api_test

// The platform's documented sample payloads (../shared/fixtures/docs)
// validate against the description. Every file is classified: a schema
// or operation it must match, or (in notDescribed) the reason it is no
// payload of a described operation.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/internal/fixtures"
)

// notDescribed are sample files that are no request or response of a
// described operation.
var notDescribed = map[string]string{
	"customSkillAwaitingFeedbackV2.json": "the decoded details of a system event; the description keeps details as a string",
	"customSkillCompletedV2.json":        "the decoded details of a system event",
	"customSkillFailedV2.json":           "the decoded details of a system event",
	"customSkillRejectedV2.json":         "the decoded details of a system event",
	"customSkillStartedV2.json":          "the decoded details of a system event",
	"storeOrderWasCreatedV1.json":        "the decoded details of a system event",
	"storeOrderWasCreatedV2.json":        "the decoded details of a system event",
	"storeProductAddedToCartV1.json":     "the decoded details of a system event",
	"storeProductRemovedFromCartV1.json": "the decoded details of a system event",
	"summaryV1.json":                     "the decoded details of a thread summary system event",
}

// structureSchemas maps messaging sample names to component schemas.
var structureSchemas = map[string]string{
	"access.json": "Access", "chat.json": "Chat", "chatSummary.json": "ChatSummary", "thread.json": "Thread",
	"properties.json": "Properties", "agent.json": "User", "customer.json": "User", "myProfile.json": "User",
	"cart.json": "Cart", "cartItem.json": "CartItem", "systemEventBody.json": "Event",
	"systemMessageBody.json": "Event",
}

// configActions maps configuration sample names whose action name is not
// the file name in snake case.
var configActions = map[string]string{
	"getWebhooksState":  "get_license_webhooks_state",
	"getLicenseID":      "get_license_id",
	"getOrganizationID": "get_organization_id",
}

var camel = regexp.MustCompile(`([a-z0-9])([A-Z])`)

func TestDocsFixturesValidate(t *testing.T) {
	dir := fixtures.Dir(t)
	v, err := validate.Default()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		name := d.Name()
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		t.Run(rel, func(t *testing.T) {
			if why := notDescribed[name]; why != "" {
				t.Skip("not a described payload: " + why)
			}
			parts := strings.Split(filepath.ToSlash(rel), "/")
			switch {
			case parts[0] == "management" && len(parts) >= 6:
				ver := strings.TrimPrefix(parts[1], "v")
				base := strings.TrimSuffix(name, ".json")
				action := configActions[base]
				if action == "" {
					action = strings.ToLower(camel.ReplaceAllString(base, "${1}_${2}"))
				}
				if err := v.Response("configuration", ver, action, body); err != nil {
					t.Errorf("configuration.%s %s response: %v", action, ver, err)
				}
			case strings.Contains(rel, "/events/"):
				checkSchema(t, v, "Event", body)
			case name == "formFields.json" || name == "filledFormFields.json":
				// {"fields": [...]} of a form / filled_form event.
				typ := map[string]string{"formFields.json": "form", "filledFormFields.json": "filled_form"}[name]
				wrapped := `{"type":"` + typ + `","form_id":"f",` + strings.TrimSpace(string(body))[1:]
				checkSchema(t, v, "Event", []byte(wrapped))
			case name == "form.json":
				wrapped := `{"type":"form","form_id":"f",` + strings.TrimSpace(string(body))[1:]
				checkSchema(t, v, "Event", []byte(wrapped))
			case structureSchemas[name] != "":
				checkSchema(t, v, structureSchemas[name], body)
			default:
				t.Errorf("sample %s is not classified: map it to a schema or list it in notDescribed", rel)
			}
			checked++
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no sample validated")
	}
}

func checkSchema(t *testing.T, v *validate.Validator, name string, body []byte) {
	t.Helper()
	if err := v.Schema(name, body); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}
