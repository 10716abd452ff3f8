package restv2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/redact"
)

// Flag is a yes/no parameter, sent as 1 or 0 as the v2 API expects. It
// decodes from 0/1, true/false and their string forms.
type Flag bool

// FlagOf returns a pointer to a Flag, for the optional *Flag fields of the
// request structs: restv2.FlagOf(false).
func FlagOf(b bool) *Flag { f := Flag(b); return &f }

// MarshalJSON encodes 1 or 0.
func (f Flag) MarshalJSON() ([]byte, error) {
	if f {
		return []byte("1"), nil
	}
	return []byte("0"), nil
}

// UnmarshalJSON accepts 0/1, true/false, "0"/"1" and "true"/"false".
func (f *Flag) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch strings.ToLower(s) {
	case "1", "true":
		*f = true
	case "0", "false", "", "null":
		*f = false
	default:
		return fmt.Errorf("restv2: flag: unexpected value %s", b)
	}
	return nil
}

// FlexString is a value the API sends sometimes as a string and sometimes
// as a number or boolean (greeting rule values, goal values). It decodes
// any scalar into its text and encodes as a JSON string.
type FlexString string

// UnmarshalJSON accepts a string, a number, a boolean or null.
func (s *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = FlexString(v)
		return nil
	}
	if string(b) == "null" {
		*s = ""
		return nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return fmt.Errorf("restv2: expected a scalar, got %.40s", b)
	}
	*s = FlexString(b)
	return nil
}

// Secret is a string that never prints itself (e.g. an API key returned by
// ResetAPIKey). Reveal returns the value; JSON encoding keeps it.
type Secret string

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// String redacts the secret.
func (s Secret) String() string { return redact.Mask }

// GoString redacts the secret.
func (s Secret) GoString() string { return `"` + redact.Mask + `"` }

// Format redacts the secret under every verb.
func (s Secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, redact.Mask) }

// LogValue redacts the secret in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redact.Mask) }

// Result is the answer of deletions and actions: {"result":"<text>"}
// (some endpoints answer {"ok":true} instead).
type Result struct {
	Result string `json:"result,omitempty"`
	OK     bool   `json:"ok,omitempty"`
}

// Text returns the result text, or "ok" for an {"ok":true} answer.
func (r Result) Text() string {
	if r.Result == "" && r.OK {
		return "ok"
	}
	return r.Result
}

// KeyValue is a key/value pair: custom variables, integration variables.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// ---- validation helpers -------------------------------------------------

// DateLayout is the layout of the date parameters (YYYY-MM-DD).
const DateLayout = "2006-01-02"

// Date formats t as YYYY-MM-DD for the date_from and date_to parameters.
func Date(t time.Time) string { return t.Format(DateLayout) }

func checkDate(field, v string) error {
	if v == "" {
		return nil
	}
	if _, err := time.Parse(DateLayout, v); err != nil {
		return livechat.Invalid(field, fmt.Sprintf("must be a date YYYY-MM-DD, got %q", v))
	}
	return nil
}

func checkDates(from, to string) error {
	if err := checkDate("date_from", from); err != nil {
		return err
	}
	if err := checkDate("date_to", to); err != nil {
		return err
	}
	if from != "" && to != "" && from > to {
		return livechat.Invalid("date_to", fmt.Sprintf("must not be before date_from (%s > %s)", from, to))
	}
	return nil
}

func checkEmail(field, v string) error {
	if v == "" {
		return livechat.Required(field)
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v {
		return livechat.Invalid(field, fmt.Sprintf("must be an e-mail address, got %q", v))
	}
	return nil
}

func checkID(field string, id int) error {
	if id <= 0 {
		return livechat.Invalid(field, fmt.Sprintf("must be a positive id, got %d", id))
	}
	return nil
}

func checkGroupID(field string, id int) error {
	if id < 0 {
		return livechat.Invalid(field, fmt.Sprintf("must not be negative, got %d", id))
	}
	return nil
}

func checkTags(field string, tags []string, required bool) error {
	if tags == nil && required {
		return livechat.Required(field)
	}
	for i, t := range tags {
		if strings.TrimSpace(t) == "" {
			return livechat.Invalid(fmt.Sprintf("%s[%d]", field, i), "must not be empty")
		}
	}
	return nil
}

func checkPage(page int) error {
	if page < 0 {
		return livechat.Invalid("page", fmt.Sprintf("must be 1 or more, got %d", page))
	}
	return nil
}

// ---- query helpers ------------------------------------------------------

type query struct{ url.Values }

func newQuery() query { return query{url.Values{}} }

func (q query) str(k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

func (q query) intp(k string, v *int) {
	if v != nil {
		q.Set(k, strconv.Itoa(*v))
	}
}

func (q query) pos(k string, v int) {
	if v > 0 {
		q.Set(k, strconv.Itoa(v))
	}
}

func (q query) flag(k string, v *bool) {
	if v != nil {
		if *v {
			q.Set(k, "1")
		} else {
			q.Set(k, "0")
		}
	}
}

func (q query) list(k string, vs []string) {
	for _, v := range vs {
		q.Add(k, v)
	}
}

func (q query) ints(k string, vs []int) {
	for _, v := range vs {
		q.Add(k, strconv.Itoa(v))
	}
}

func (q query) values() url.Values {
	if len(q.Values) == 0 {
		return nil
	}
	return q.Values
}
