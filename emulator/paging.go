package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// pageState is what an opaque page_id carries: the action it belongs
// to, the direction, the key to continue from, and the original sort
// order, limit and filters (page_id must not be combined with them).
type pageState struct {
	Action  string          `json:"a"`
	Dir     string          `json:"d"` // "next" | "prev"
	Cursor  int64           `json:"c"`
	Sort    string          `json:"s"`
	Limit   int             `json:"l"`
	Filters json.RawMessage `json:"f,omitempty"`
	Extra   json.RawMessage `json:"x,omitempty"`
}

func encodePage(p pageState) string {
	b, _ := json.Marshal(p)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePage(action, id string) (*pageState, error) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	var p pageState
	if err != nil || json.Unmarshal(b, &p) != nil || p.Action != action || (p.Dir != "next" && p.Dir != "prev") {
		return nil, validation("Invalid page_id")
	}
	return &p, nil
}

// pageRequest holds the common paging arguments of a list request.
type pageRequest struct {
	PageID    string          `json:"page_id"`
	Limit     *int            `json:"limit"`
	SortOrder string          `json:"sort_order"`
	Filters   json.RawMessage `json:"filters"`
}

// resolve applies the documented rules: page_id excludes limit,
// sort_order and filters; limit defaults to def and is bounded by [1,max].
func (r pageRequest) resolve(action string, def, maxLimit int) (*pageState, error) {
	if r.PageID != "" {
		if r.Limit != nil || r.SortOrder != "" || (len(r.Filters) > 0 && string(r.Filters) != "null") {
			return nil, validation("page_id cannot be combined with limit, sort_order or filters")
		}
		return decodePage(action, r.PageID)
	}
	st := &pageState{Action: action, Dir: "next", Sort: "desc", Limit: def, Filters: r.Filters}
	switch r.SortOrder {
	case "", "desc":
	case "asc":
		st.Sort = "asc"
	default:
		return nil, validation("sort_order must be asc or desc")
	}
	if r.Limit != nil {
		if *r.Limit < 1 || *r.Limit > maxLimit {
			return nil, validation("limit must be between 1 and %d", maxLimit)
		}
		st.Limit = *r.Limit
	}
	if string(st.Filters) == "null" {
		st.Filters = nil
	}
	return st, nil
}

// pageKeys runs a keyset-paginated query over key column keyCol of the
// rows selected by from+where, returning the keys of this page in the
// requested order and the page ids around it.
func (a *act) pageKeys(st *pageState, keyCol, from, where string, args []any) (keys []int64, next, prev string, err error) {
	asc := st.Sort == "asc"
	fwd := st.Dir == "next"
	// Walking forwards in the sort order or backwards decides comparison and order.
	ascQuery := asc == fwd
	cond := where
	qargs := append([]any(nil), args...)
	if st.Cursor != 0 {
		op := "<"
		if ascQuery {
			op = ">"
		}
		if cond != "" {
			cond += " AND "
		}
		cond += fmt.Sprintf("%s %s ?", keyCol, op)
		qargs = append(qargs, st.Cursor)
	}
	q := "SELECT " + keyCol + " FROM " + from
	if cond != "" {
		q += " WHERE " + cond
	}
	dir := "DESC"
	if ascQuery {
		dir = "ASC"
	}
	q += fmt.Sprintf(" ORDER BY %s %s LIMIT %d", keyCol, dir, st.Limit+1)
	rows, err := a.query(q, qargs...)
	if err != nil {
		return nil, "", "", err
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, "", "", err
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, "", "", err
	}
	more := len(keys) > st.Limit
	if more {
		keys = keys[:st.Limit]
	}
	if !fwd {
		for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
			keys[i], keys[j] = keys[j], keys[i]
		}
	}
	if len(keys) == 0 {
		return keys, "", "", nil
	}
	mk := func(dir string, cur int64) string {
		p := *st
		p.Dir, p.Cursor = dir, cur
		return encodePage(p)
	}
	hasNext, hasPrev := more, st.Cursor != 0
	if !fwd {
		hasNext, hasPrev = st.Cursor != 0, more
	}
	if hasNext {
		next = mk("next", keys[len(keys)-1])
	}
	if hasPrev {
		prev = mk("prev", keys[0])
	}
	return keys, next, prev, nil
}

// inList renders "?,?,?" for n values.
func inList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// countRows counts the rows of from matching where (every row when where
// is empty): the found/total count next to a page of pageKeys.
func (a *act) countRows(from, where string, args []any) (int, error) {
	q := "SELECT COUNT(*) FROM " + from
	if where != "" {
		q += " WHERE " + where
	}
	var n int
	err := a.queryRow(q, args...).Scan(&n)
	return n, err
}

// withPageIDs adds the page ids pageKeys returned to a listing response,
// each only when there is such a page.
func withPageIDs(res map[string]any, next, prev string) map[string]any {
	if next != "" {
		res["next_page_id"] = next
	}
	if prev != "" {
		res["previous_page_id"] = prev
	}
	return res
}
