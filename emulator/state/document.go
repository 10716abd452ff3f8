// Package state reads, writes and applies the emulator's state documents:
// the format of `livechat serve --seed FILE`, `livechat serve --import
// FILE`, `livechat export` and `serve --export-on-exit` (JSON or YAML).
//
// A document holds the rows of the emulator's store, table by table, with
// the store's own column names:
//
//	{
//	  "format": "livechat-emulator-state",
//	  "version": 1,
//	  "schema": 8,
//	  "tables": {
//	    "agents": [{"id": "jane@example.com", "account_id": "…", "name": "Jane", …}],
//	    "events": [{"thread_seq": 1, "n": 1, "id": "T1_1", "body": {"type": "message", "text": "Hi"}, …}]
//	  }
//	}
//
// A column holding JSON text (properties, event bodies, group lists…) is
// written as a JSON value when that is lossless, and may be given as one;
// a BLOB column is base64. Export writes every table, in the order rows
// must be inserted (parents first), each row's columns in schema order, so
// export → import → export is byte-identical. In a seed, a row names only
// the columns it needs: the others take their defaults, a missing
// created_at is now, and an events row may name its thread by thread_id
// instead of thread_seq.
//
// Loading is all or nothing: the document is checked against the schema
// first (unknown tables or columns, wrong types, missing required
// columns), then written inside the caller's transaction; any error names
// the file, the line (YAML, or a JSON syntax error) and the JSON path of
// the offending value, and the caller rolls back.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
)

// Format is the value of a document's "format" member.
const Format = "livechat-emulator-state"

// Version is the document version this package reads and writes.
const Version = 1

// Row is one row of a table: column name → JSON value.
type Row map[string]json.RawMessage

// Document is a state document.
type Document struct {
	// Format is Format (optional when reading).
	Format string
	// Version is Version (optional when reading; a higher one is refused).
	Version int
	// Schema is the store schema version the document was exported from
	// (0: not said); a document from a newer schema is refused.
	Schema int
	// Tables maps a table name to its rows.
	Tables map[string][]Row

	order []string            // table order of an export (Encode)
	cols  map[string][]string // column order per table of an export (Encode)
	src   *source             // where the document was read from (errors)
}

// source remembers the text a document was parsed from, to give lines.
type source struct {
	name string
	data []byte
	yaml bool
}

// Error is a problem with a document: File and Line (0 when unknown)
// locate it, Path is the JSON path of the value ("$.tables.agents[2].name").
type Error struct {
	File string
	Line int
	Path string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// errAt builds an Error for path in d, finding its line when it can.
func (d *Document) errAt(path, format string, args ...any) *Error {
	e := &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
	if d.src != nil {
		e.File = d.src.name
		e.Line = d.src.line(path)
	}
	return e
}

// ReadFile reads a JSON or YAML document (YAML for .yaml and .yml names).
func ReadFile(name string) (*Document, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Parse reads a document from data; name is used in errors, and its
// extension (.yaml, .yml) selects YAML. JSON is valid YAML, so a document
// whose first non-space byte is not '{' is read as YAML too.
func Parse(name string, data []byte) (*Document, error) {
	src := &source{name: name, data: data}
	ext := strings.ToLower(filepath.Ext(name))
	trimmed := bytes.TrimSpace(data)
	src.yaml = ext == ".yaml" || ext == ".yml" || (len(trimmed) > 0 && trimmed[0] != '{')
	js := data
	if src.yaml {
		var err error
		if js, err = yaml.YAMLToJSON(data); err != nil {
			return nil, &Error{File: name, Line: yamlErrLine(err), Msg: "invalid YAML: " + oneLine(err)}
		}
	}
	d, err := decode(js, src)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FromValue turns a Go value (a map or struct that marshals to the
// document's JSON shape) into a Document, for seeding from Go.
func FromValue(v any) (*Document, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	return decode(b, &source{name: "(Go value)"})
}

func decode(js []byte, src *source) (*Document, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(js, &top); err != nil {
		e := &Error{File: src.name, Msg: "not a JSON object: " + oneLine(err)}
		var se *json.SyntaxError
		if errors.As(err, &se) && !src.yaml {
			e.Line = 1 + bytes.Count(js[:min(int(se.Offset), len(js))], []byte("\n"))
		}
		return nil, e
	}
	d := &Document{Tables: map[string][]Row{}, src: src}
	for k, v := range top {
		var err error
		switch k {
		case "format":
			err = json.Unmarshal(v, &d.Format)
			if err == nil && d.Format != Format {
				return nil, d.errAt("$.format", "must be %q, not %q", Format, d.Format)
			}
		case "version":
			err = json.Unmarshal(v, &d.Version)
			if err == nil && d.Version > Version {
				return nil, d.errAt("$.version", "version %d is newer than this emulator reads (%d)", d.Version, Version)
			}
		case "schema":
			err = json.Unmarshal(v, &d.Schema)
		case "tables":
			err = d.decodeTables(v)
			if e := (*Error)(nil); errors.As(err, &e) {
				return nil, e
			}
		default:
			return nil, d.errAt("$."+k, "unknown member (want format, version, schema, tables)")
		}
		if err != nil {
			return nil, d.errAt("$."+k, "%s", oneLine(err))
		}
	}
	return d, nil
}

func (d *Document) decodeTables(v json.RawMessage) error {
	var tables map[string]json.RawMessage
	if err := json.Unmarshal(v, &tables); err != nil {
		return d.errAt("$.tables", "must be an object of tables")
	}
	for name, raw := range tables {
		var rows []json.RawMessage
		if err := json.Unmarshal(raw, &rows); err != nil {
			return d.errAt("$.tables."+name, "must be an array of rows")
		}
		list := make([]Row, 0, len(rows))
		for i, r := range rows {
			var row Row
			if err := json.Unmarshal(r, &row); err != nil || row == nil {
				return d.errAt(fmt.Sprintf("$.tables.%s[%d]", name, i), "a row must be an object of columns")
			}
			list = append(list, row)
		}
		d.Tables[name] = list
	}
	return nil
}

// TableNames lists d's tables: in insertion order for an export,
// otherwise by name.
func (d *Document) TableNames() []string {
	if d.order != nil {
		return slices.Clone(d.order)
	}
	names := make([]string, 0, len(d.Tables))
	for n := range d.Tables {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Encode writes d as indented JSON: tables in insertion order (as
// exported; otherwise by name), one row per line, columns in schema order
// (otherwise by name). The same state always encodes to the same bytes.
func (d *Document) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"format\": %q,\n  \"version\": %d,\n  \"schema\": %d,\n  \"tables\": {", Format, Version, d.Schema)
	names := d.TableNames()
	for i, name := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		writeJSONString(&b, name)
		b.WriteString(": [")
		rows := d.Tables[name]
		for j, row := range rows {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n      {")
			for k, col := range d.columnsOf(name, row) {
				if k > 0 {
					b.WriteString(", ")
				}
				writeJSONString(&b, col)
				b.WriteString(": ")
				var c bytes.Buffer
				if json.Compact(&c, row[col]) != nil {
					c.Reset()
					c.WriteString("null")
				}
				b.Write(c.Bytes())
			}
			b.WriteByte('}')
		}
		if len(rows) > 0 {
			b.WriteString("\n    ")
		}
		b.WriteByte(']')
	}
	if len(names) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}\n}\n")
	return b.Bytes()
}

// EncodeYAML writes d as YAML (the same content as Encode).
func (d *Document) EncodeYAML() ([]byte, error) {
	return yaml.JSONToYAML(d.Encode())
}

// columnsOf lists the columns of row in schema order, then any others by name.
func (d *Document) columnsOf(table string, row Row) []string {
	out := make([]string, 0, len(row))
	seen := map[string]bool{}
	for _, c := range d.cols[table] {
		if _, ok := row[c]; ok {
			out = append(out, c)
			seen[c] = true
		}
	}
	var rest []string
	for c := range row {
		if !seen[c] {
			rest = append(rest, c)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func writeJSONString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// yamlErrLine extracts the line of a go-yaml error ("[3:5] …").
func yamlErrLine(err error) int {
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return tk.Position.Line
		}
	}
	return 0
}

// line finds the line of the value at a JSON path ($.tables.t[2].col) in
// a YAML source; 0 for JSON sources or when not found.
func (s *source) line(path string) int {
	if !s.yaml || path == "" {
		return 0
	}
	p, err := yaml.PathString(path)
	if err != nil {
		return 0
	}
	n, err := p.ReadNode(bytes.NewReader(s.data))
	if err != nil || n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		// The column may be missing: try the row.
		if i := strings.LastIndexByte(path, '.'); i > 0 && strings.HasSuffix(path[:i], "]") {
			return s.line(path[:i])
		}
		return 0
	}
	return n.GetToken().Position.Line
}
