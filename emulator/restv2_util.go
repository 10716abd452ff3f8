package emulator

import (
	"slices"
	"strings"
)

// Helpers shared by the REST API v2 handlers.

// scanColumn runs a one-column query and collects its values (nil when
// there are none).
func scanColumn[T any](a *act, q string, args ...any) ([]T, error) {
	return collectColumn[T](a.query(q, args...)) // sqlscan.go
}

// v2NeedPathInt checks the caller's scopes (as v2Need) and then parses the
// integer id in the path; what names the resource in the 404 message.
func (a *act) v2NeedPathInt(r *v2Req, what, old string, newScopes ...string) (int, error) {
	if err := a.v2Need(old, newScopes...); err != nil {
		return 0, err
	}
	return v2PathInt(r, what)
}

// v2Each renders every id with render, in order; an empty result is [].
func v2Each[K any](ids []K, render func(K) (map[string]any, error)) ([]map[string]any, error) {
	out := []map[string]any{}
	for _, id := range ids {
		m, err := render(id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// v2TagsParam reads the required "tag" list, trimmed, without empty or
// repeated tags; check, when set, vets every non-empty tag first.
func v2TagsParam(p v2Params, check func(tag string) error) ([]string, error) {
	tags, ok, err := p.strList("tag")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, v2Bad("tag is required: an array of tags")
	}
	clean := []string{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if check != nil {
			if err := check(t); err != nil {
				return nil, err
			}
		}
		if !slices.Contains(clean, t) {
			clean = append(clean, t)
		}
	}
	return clean, nil
}
