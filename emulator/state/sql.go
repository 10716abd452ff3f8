package state

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Querier runs the queries of Export: a *sql.DB, *sql.Conn or *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Execer runs the statements of Load: a *sql.Tx (or *sql.Conn).
type Execer interface {
	Querier
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Mode says how Load applies a document.
type Mode int

const (
	// Replace empties every table, then inserts the document's rows
	// (an import).
	Replace Mode = iota
	// Merge inserts the document's rows over the current state; a row whose
	// key exists already updates the columns it names (a seed).
	Merge
)

type column struct {
	name    string
	typ     string // upper-cased declared type: INTEGER, TEXT, REAL, BLOB or ""
	notNull bool
	hasDflt bool
	pk      bool // part of the primary key
	pkAlias bool // INTEGER PRIMARY KEY (the rowid)
}

type table struct {
	name     string
	cols     []column
	virtual  bool
	parents  []string
	hasRowid bool
}

func (t *table) col(name string) *column {
	for i := range t.cols {
		if t.cols[i].name == name {
			return &t.cols[i]
		}
	}
	return nil
}

func (t *table) colNames() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.name
	}
	return out
}

const seqTable = "sqlite_sequence"

// schema reads the tables a document covers, parents before children:
// every table except SQLite's own, schema_migrations and the shadow tables
// of virtual tables; sqlite_sequence (the AUTOINCREMENT counters) last.
func schema(ctx context.Context, q Querier) ([]*table, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("state: read schema: %w", err)
	}
	type def struct{ name, sql string }
	var defs []def
	for rows.Next() {
		var d def
		if err := rows.Scan(&d.name, &d.sql); err != nil {
			rows.Close()
			return nil, err
		}
		defs = append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var virtual []string
	for _, d := range defs {
		if strings.HasPrefix(strings.ToUpper(d.sql), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, d.name)
		}
	}
	byName := map[string]*table{}
	var names []string
	hasSeq := false
	for _, d := range defs {
		if d.name == seqTable {
			hasSeq = true
			continue
		}
		if strings.HasPrefix(d.name, "sqlite_") || d.name == "schema_migrations" || isShadow(d.name, virtual) {
			continue
		}
		t := &table{name: d.name, virtual: slices.Contains(virtual, d.name),
			hasRowid: !strings.Contains(strings.ToUpper(d.sql), "WITHOUT ROWID")}
		if err := readColumns(ctx, q, t); err != nil {
			return nil, err
		}
		byName[d.name] = t
		names = append(names, d.name)
	}
	out := topoSort(names, byName)
	if hasSeq {
		out = append(out, &table{name: seqTable, cols: []column{{name: "name", typ: "TEXT"}, {name: "seq", typ: "INTEGER"}}, hasRowid: true})
	}
	return out, nil
}

func isShadow(name string, virtual []string) bool {
	for _, v := range virtual {
		if strings.HasPrefix(name, v+"_") {
			return true
		}
	}
	return false
}

// readColumns reads t's columns and the tables its foreign keys name.
func readColumns(ctx context.Context, q Querier, t *table) error {
	rows, err := q.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value IS NOT NULL, pk FROM pragma_table_info(?)`, t.name)
	if err != nil {
		return fmt.Errorf("state: columns of %s: %w", t.name, err)
	}
	pks := 0
	for rows.Next() {
		var c column
		var pk int
		if err := rows.Scan(&c.name, &c.typ, &c.notNull, &c.hasDflt, &pk); err != nil {
			rows.Close()
			return err
		}
		c.typ = strings.ToUpper(c.typ)
		if pk > 0 {
			pks++
			c.pk, c.pkAlias = true, c.typ == "INTEGER"
		}
		t.cols = append(t.cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range t.cols {
		c := &t.cols[i]
		if pks != 1 {
			c.pkAlias = false
		}
		// SQLite lets a non-INTEGER primary key be NULL; a row needs it.
		if c.pk && !c.pkAlias {
			c.notNull = true
		}
	}
	if t.name == "events" {
		// Not a declared foreign key, but an events row may name its
		// thread by id (planRow): threads are written first.
		t.parents = append(t.parents, "threads")
	}
	if t.virtual {
		return nil
	}
	fks, err := q.QueryContext(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, t.name)
	if err != nil {
		return fmt.Errorf("state: foreign keys of %s: %w", t.name, err)
	}
	defer fks.Close()
	for fks.Next() {
		var p string
		if err := fks.Scan(&p); err != nil {
			return err
		}
		if p != t.name {
			t.parents = append(t.parents, p)
		}
	}
	return fks.Err()
}

// topoSort orders tables so that every table comes after its parents
// (ties by name).
func topoSort(names []string, byName map[string]*table) []*table {
	var out []*table
	done := map[string]bool{}
	var visit func(n string, depth int)
	visit = func(n string, depth int) {
		t := byName[n]
		if t == nil || done[n] || depth > len(names) {
			return
		}
		for _, p := range t.parents {
			visit(p, depth+1)
		}
		if !done[n] {
			done[n] = true
			out = append(out, t)
		}
	}
	for _, n := range names {
		visit(n, 0)
	}
	return out
}

// Export reads every table through q into a document.
func Export(ctx context.Context, q Querier) (*Document, error) {
	tables, err := schema(ctx, q)
	if err != nil {
		return nil, err
	}
	d := &Document{Format: Format, Version: Version, Tables: map[string][]Row{}, cols: map[string][]string{}}
	if d.Schema, err = schemaVersion(ctx, q); err != nil {
		return nil, err
	}
	for _, t := range tables {
		rows, err := exportTable(ctx, q, t)
		if err != nil {
			return nil, err
		}
		d.order = append(d.order, t.name)
		d.cols[t.name] = t.colNames()
		d.Tables[t.name] = rows
	}
	return d, nil
}

func schemaVersion(ctx context.Context, q Querier) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
	if err != nil {
		return 0, nil // not an emulator store with migrations
	}
	defer rows.Close()
	v := 0
	if rows.Next() {
		if err := rows.Scan(&v); err != nil {
			return 0, err
		}
	}
	return v, rows.Err()
}

func exportTable(ctx context.Context, q Querier, t *table) ([]Row, error) {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = quoteIdent(c.name)
	}
	query := "SELECT " + strings.Join(names, ", ") + " FROM " + quoteIdent(t.name)
	if t.hasRowid {
		query += " ORDER BY rowid"
	} else {
		query += " ORDER BY 1"
	}
	if t.name == seqTable {
		query = `SELECT name, seq FROM sqlite_sequence ORDER BY name`
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("state: export %s: %w", t.name, err)
	}
	defer rows.Close()
	out := []Row{}
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("state: export %s: %w", t.name, err)
		}
		row := make(Row, len(t.cols))
		for i, c := range t.cols {
			v, err := exportValue(c, vals[i])
			if err != nil {
				return nil, fmt.Errorf("state: export %s.%s: %w", t.name, c.name, err)
			}
			row[c.name] = v
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// exportValue renders one stored value as JSON: a TEXT holding compact
// JSON object or array text as that value (lossless), any other text as a
// string, a BLOB column as base64.
func exportValue(c column, v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case nil:
		return json.RawMessage("null"), nil
	case int64:
		return json.RawMessage(strconv.FormatInt(x, 10)), nil
	case float64:
		return json.Marshal(x)
	case bool:
		if x {
			return json.RawMessage("1"), nil
		}
		return json.RawMessage("0"), nil
	case []byte:
		if c.typ == "BLOB" {
			return json.Marshal(base64.StdEncoding.EncodeToString(x))
		}
		return textValue(string(x))
	case string:
		if c.typ == "BLOB" {
			return json.Marshal(base64.StdEncoding.EncodeToString([]byte(x)))
		}
		return textValue(x)
	default:
		return json.Marshal(fmt.Sprint(x))
	}
}

func textValue(s string) (json.RawMessage, error) {
	if len(s) > 1 && (s[0] == '{' || s[0] == '[') && json.Valid([]byte(s)) {
		var c bytes.Buffer
		if json.Compact(&c, []byte(s)) == nil && c.String() == s {
			return json.RawMessage(s), nil
		}
	}
	return json.Marshal(s)
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// LoadOptions tune Load.
type LoadOptions struct {
	// Now fills a missing, required created_at column (default: empty,
	// which leaves it missing and refused).
	Now string
}

// Load applies d through tx (see Mode). The whole document is checked
// against the schema before anything is written; a failure while writing
// is returned too, and the caller rolls tx back: nothing of d stays.
// Errors are *Error values naming the file, line and JSON path.
func Load(ctx context.Context, tx Execer, d *Document, mode Mode, opt LoadOptions) error {
	tables, err := schema(ctx, tx)
	if err != nil {
		return err
	}
	if d.Schema > 0 {
		cur, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if cur > 0 && d.Schema > cur {
			return d.errAt("$.schema", "the document comes from store schema %d, newer than this emulator's %d", d.Schema, cur)
		}
	}
	byName := map[string]*table{}
	for _, t := range tables {
		byName[t.name] = t
	}
	plans, err := d.plan(tables, byName, mode, opt)
	if err != nil {
		return err
	}
	if mode == Replace {
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(tables[i].name)); err != nil {
				return fmt.Errorf("state: empty %s: %w", tables[i].name, err)
			}
		}
	}
	for _, p := range plans {
		if err := p.run(ctx, tx, d, mode); err != nil {
			return err
		}
	}
	return nil
}

// tablePlan is the checked rows of one table, ready to insert.
type tablePlan struct {
	t    *table
	rows []plannedRow
}

type plannedRow struct {
	path string
	cols []string
	vals []any
	// threadID: an events row that names its thread by id (thread_seq looked up).
	threadID string
}

func (d *Document) plan(tables []*table, byName map[string]*table, mode Mode, opt LoadOptions) ([]tablePlan, error) {
	names := make([]string, 0, len(d.Tables))
	for n := range d.Tables {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if byName[n] == nil {
			known := make([]string, 0, len(tables))
			for _, t := range tables {
				known = append(known, t.name)
			}
			return nil, d.errAt("$.tables."+n, "unknown table (tables: %s)", strings.Join(known, ", "))
		}
	}
	var plans []tablePlan
	for _, t := range tables {
		rows := d.Tables[t.name]
		if len(rows) == 0 {
			continue
		}
		p := tablePlan{t: t}
		for i, row := range rows {
			pr, err := d.planRow(t, row, fmt.Sprintf("$.tables.%s[%d]", t.name, i), opt)
			if err != nil {
				return nil, err
			}
			p.rows = append(p.rows, pr)
		}
		plans = append(plans, p)
	}
	return plans, nil
}

func (d *Document) planRow(t *table, row Row, path string, opt LoadOptions) (plannedRow, error) {
	pr := plannedRow{path: path}
	cols := make([]string, 0, len(row))
	for c := range row {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, name := range cols {
		c := t.col(name)
		if c == nil {
			return pr, d.errAt(path+"."+name, "unknown column of %s (columns: %s)", t.name, strings.Join(t.colNames(), ", "))
		}
		v, err := importValue(*c, row[name])
		if err != nil {
			return pr, d.errAt(path+"."+name, "%s", err)
		}
		pr.cols = append(pr.cols, name)
		pr.vals = append(pr.vals, v)
	}
	if t.name == "events" && row["thread_seq"] == nil && row["thread_id"] != nil {
		_ = json.Unmarshal(row["thread_id"], &pr.threadID)
	}
	var missing []string
	for _, c := range t.cols {
		if _, ok := row[c.name]; ok || !c.notNull || c.hasDflt || c.pkAlias {
			continue
		}
		switch {
		case c.name == "created_at" && opt.Now != "":
			pr.cols = append(pr.cols, c.name)
			pr.vals = append(pr.vals, opt.Now)
		case c.name == "thread_seq" && pr.threadID != "":
			pr.cols = append(pr.cols, c.name)
			pr.vals = append(pr.vals, nil) // looked up when inserted
		default:
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return pr, d.errAt(path, "missing required column(s) of %s: %s", t.name, strings.Join(missing, ", "))
	}
	return pr, nil
}

// importValue turns a JSON value into what is stored in column c.
func importValue(c column, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, fmt.Errorf("empty value")
	}
	switch raw[0] {
	case 'n':
		if c.notNull {
			return nil, fmt.Errorf("must not be null")
		}
		return nil, nil
	case 't', 'f':
		if c.typ == "TEXT" {
			return string(raw), nil
		}
		if raw[0] == 't' {
			return int64(1), nil
		}
		return int64(0), nil
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		switch c.typ {
		case "BLOB":
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return nil, fmt.Errorf("a BLOB column takes base64 text: %v", err)
			}
			return b, nil
		case "INTEGER", "REAL":
			return nil, fmt.Errorf("must be a number, not a string")
		}
		return s, nil
	case '{', '[':
		if c.typ == "INTEGER" || c.typ == "REAL" || c.typ == "BLOB" {
			return nil, fmt.Errorf("must be a %s, not a JSON %s", strings.ToLower(c.typ), map[byte]string{'{': "object", '[': "array"}[raw[0]])
		}
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return nil, err
		}
		return b.String(), nil
	default:
		n := json.Number(raw)
		switch c.typ {
		case "TEXT":
			return string(raw), nil
		case "REAL":
			f, err := n.Float64()
			if err != nil {
				return nil, fmt.Errorf("not a number: %s", raw)
			}
			return f, nil
		case "INTEGER":
			i, err := n.Int64()
			if err != nil {
				return nil, fmt.Errorf("must be an integer, not %s", raw)
			}
			return i, nil
		}
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		if err != nil {
			return nil, fmt.Errorf("not a number: %s", raw)
		}
		return f, nil
	}
}

func (p *tablePlan) run(ctx context.Context, tx Execer, d *Document, mode Mode) error {
	t := p.t
	for _, r := range p.rows {
		if t.name == seqTable { // no key: replace the counter of that table
			for i, c := range r.cols {
				if c == "name" {
					if _, err := tx.ExecContext(ctx, `DELETE FROM sqlite_sequence WHERE name = ?`, r.vals[i]); err != nil {
						return err
					}
				}
			}
		}
		if r.threadID != "" {
			var seq int64
			rows, err := tx.QueryContext(ctx, `SELECT seq FROM threads WHERE id = ?`, r.threadID)
			if err != nil {
				return err
			}
			found := rows.Next()
			if found {
				err = rows.Scan(&seq)
			}
			rows.Close()
			if err != nil {
				return err
			}
			if !found {
				return d.errAt(r.path+".thread_id", "no thread %q (threads come before their events)", r.threadID)
			}
			for i, c := range r.cols {
				if c == "thread_seq" {
					r.vals[i] = seq
				}
			}
		}
		q := insertSQL(t, r.cols, mode)
		if _, err := tx.ExecContext(ctx, q, r.vals...); err != nil {
			return d.errAt(r.path, "cannot store this %s row: %s", t.name, oneLine(err))
		}
	}
	return nil
}

func insertSQL(t *table, cols []string, mode Mode) string {
	q := make([]string, len(cols))
	ph := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
		ph[i] = "?"
	}
	s := "INSERT INTO " + quoteIdent(t.name) + "(" + strings.Join(q, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
	if mode == Merge && !t.virtual && t.name != seqTable {
		set := make([]string, len(cols))
		for i, c := range q {
			set[i] = c + " = excluded." + c
		}
		s += " ON CONFLICT DO UPDATE SET " + strings.Join(set, ", ")
	}
	return s
}
