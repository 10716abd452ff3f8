package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Error is a value that does not match its schema: the most useful leaf
// of the validator's error tree.
type Error struct {
	// Location is the path of the bad member as JSON pointer tokens
	// (empty for the value itself), e.g. ["event", "text"].
	Location []string
	// Reason says what is wrong with it, e.g. "is required". It never
	// quotes the value (which may be a secret).
	Reason string
	// NotAllowed reports a member that the schema does not allow
	// (additionalProperties).
	NotAllowed bool
	// WantTypes lists the JSON types allowed when the value has another
	// type ("integer", "array", …), else nil.
	WantTypes []string
}

// Error implements error: "<pointer>: <reason>".
func (e *Error) Error() string {
	p := e.Pointer()
	if p == "" {
		p = "(value)"
	}
	return p + ": " + e.Reason
}

// Pointer renders Location as a JSON pointer ("/event/text"; "" for the
// value itself).
func (e *Error) Pointer() string {
	var b strings.Builder
	for _, t := range e.Location {
		b.WriteString("/" + strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// Dotted renders Location as a dotted path with [i] for array indexes
// ("event.text", "filters.group_ids[0]").
func (e *Error) Dotted() string {
	var b strings.Builder
	for _, t := range e.Location {
		if _, err := strconv.Atoi(t); err == nil && b.Len() > 0 {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

// printer renders the validator's own messages.
var printer = message.NewPrinter(language.English)

// Explain turns a validation error of the compiler into an *Error naming
// the first offending member; other errors become an *Error on the value.
func Explain(err error) *Error {
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return &Error{Reason: err.Error()}
	}
	leaf := deepest(verr)
	out := &Error{Location: slices.Clone(leaf.InstanceLocation), Reason: leaf.ErrorKind.LocalizedString(printer)}
	switch k := leaf.ErrorKind.(type) {
	case *kind.Pattern:
		out.Reason = "does not match the pattern " + k.Want
	case *kind.Format:
		out.Reason = "is not a valid " + k.Want
	case *kind.Const:
		b, _ := json.Marshal(k.Want)
		out.Reason = "must be " + string(b)
	case *kind.MinLength:
		out.Reason = fmt.Sprintf("must be at least %d characters long", k.Want)
	case *kind.MaxLength:
		out.Reason = fmt.Sprintf("is %d characters long, at most %d allowed", k.Got, k.Want)
	case *kind.Required:
		if len(k.Missing) > 0 {
			out.Location = append(out.Location, k.Missing[0])
			out.Reason = "is required"
		}
	case *kind.AdditionalProperties:
		if len(k.Properties) > 0 {
			out.Location = append(out.Location, k.Properties[0])
			out.Reason = "is not allowed here"
			out.NotAllowed = true
		}
	case *kind.Type:
		out.Reason = "must be " + strings.Join(k.Want, " or ") + ", got " + k.Got
		out.WantTypes = k.Want
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			b, _ := json.Marshal(w)
			want = append(want, string(b))
		}
		out.Reason = "must be one of " + strings.Join(want, ", ")
	}
	return out
}

// deepest picks the most specific cause. Inside a oneOf/anyOf whose
// branches are told apart by a constant (a discriminator such as an
// event's "type"), it follows the branch whose constant matched; when no
// branch matched, it reports the constants allowed.
func deepest(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(e.Causes) > 0 {
		switch e.ErrorKind.(type) {
		case *kind.OneOf, *kind.AnyOf:
			var matching []*jsonschema.ValidationError
			var consts []any
			var at []string
			for _, c := range e.Causes {
				if cst := findConst(c); cst != nil {
					consts = append(consts, cst.ErrorKind.(*kind.Const).Want)
					at = cst.InstanceLocation
				} else {
					matching = append(matching, c)
				}
			}
			if len(matching) == 1 {
				e = matching[0]
				continue
			}
			if len(matching) == 0 && len(consts) > 0 {
				return &jsonschema.ValidationError{InstanceLocation: at, ErrorKind: &kind.Enum{Want: consts}}
			}
		}
		best := e.Causes[0]
		for _, c := range e.Causes[1:] {
			if len(c.InstanceLocation) > len(best.InstanceLocation) {
				best = c
			}
		}
		e = best
	}
	return e
}

// findConst returns a const mismatch within e, the sign of a branch that
// does not apply.
func findConst(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	if _, ok := e.ErrorKind.(*kind.Const); ok {
		return e
	}
	for _, c := range e.Causes {
		if f := findConst(c); f != nil {
			return f
		}
	}
	return nil
}
