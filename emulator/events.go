package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// builtEvent is a validated event ready to be stored.
type builtEvent struct {
	fields     map[string]json.RawMessage
	typ        string
	visibility string
}

func rawStr(s string) json.RawMessage { return appendJSONString(nil, s) }

// buildEvent validates a client event (protocol.md §3.1).
func (a *act) buildEvent(raw json.RawMessage) (*builtEvent, error) {
	var f map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &f) != nil || f == nil {
		return nil, validation("event must be an object")
	}
	str := func(k string) (string, bool, error) {
		v, ok := f[k]
		if !ok || string(v) == "null" {
			return "", false, nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", true, validation("event.%s must be a string", k)
		}
		return s, true, nil
	}
	typ, ok, err := str("type")
	if err != nil {
		return nil, err
	}
	if !ok || typ == "" {
		return nil, validation("event.type is required")
	}
	vis, _, err := str("visibility")
	if err != nil {
		return nil, err
	}
	if vis == "" {
		vis = "all"
	}
	if vis != "all" && vis != "agents" {
		return nil, validation("event.visibility must be all or agents")
	}
	if _, _, err := str("custom_id"); err != nil {
		return nil, err
	}
	if p, ok := f["properties"]; ok && string(p) != "null" {
		if _, err := validateProps(p); err != nil {
			return nil, err
		}
	}
	ev := &builtEvent{fields: f, typ: typ, visibility: vis}
	switch typ {
	case "message":
		text, ok, err := str("text")
		if err != nil {
			return nil, err
		}
		if !ok || text == "" {
			return nil, validation("event.text is required for a message")
		}
		if len(text) > 16*1024 || !utf8.ValidString(text) {
			return nil, validation("event.text must be valid UTF-8 of at most 16 KB")
		}
		if pb, ok := f["postback"]; ok && string(pb) != "null" {
			var p struct {
				ID       string `json:"id"`
				ThreadID string `json:"thread_id"`
				EventID  string `json:"event_id"`
				Type     string `json:"type"`
				Value    string `json:"value"`
			}
			if err := json.Unmarshal(pb, &p); err != nil || p.ID == "" || p.ThreadID == "" || p.EventID == "" {
				return nil, validation("event.postback needs id, thread_id and event_id")
			}
			if (p.Type == "") != (p.Value == "") {
				return nil, validation("event.postback type and value go together")
			}
		}
	case "file":
		u, ok, err := str("url")
		if err != nil {
			return nil, err
		}
		if !ok || u == "" {
			return nil, validation("event.url is required for a file")
		}
		if err := a.fillFile(ev, u); err != nil {
			return nil, err
		}
	case "rich_message":
		tid, _, err := str("template_id")
		if err != nil {
			return nil, err
		}
		switch tid {
		case "cards", "sticker", "quick_replies":
		default:
			return nil, validation("event.template_id must be cards, sticker or quick_replies")
		}
		var els []struct {
			Title   string            `json:"title"`
			Buttons []json.RawMessage `json:"buttons"`
		}
		if e, ok := f["elements"]; ok {
			if err := json.Unmarshal(e, &els); err != nil {
				return nil, validation("event.elements must be a list of elements")
			}
		}
		if len(els) > 10 {
			return nil, validation("event.elements: at most 10 elements")
		}
		for _, el := range els {
			if len(el.Buttons) > 13 {
				return nil, validation("event.elements.buttons: at most 13 buttons")
			}
		}
	case "filled_form", "form":
		fid, _, err := str("form_id")
		if err != nil {
			return nil, err
		}
		var fields []map[string]json.RawMessage
		if fl, ok := f["fields"]; !ok || json.Unmarshal(fl, &fields) != nil || fields == nil {
			return nil, validation("event.fields must be a list")
		}
		if fid == "" {
			return nil, validation("event.form_id is required")
		}
	case "custom":
		if c, ok := f["content"]; ok && string(c) != "null" && (len(c) == 0 || c[0] != '{' && c[0] != '[') {
			if !json.Valid(c) {
				return nil, validation("event.content must be JSON")
			}
		}
	case "system_message":
		smt, _, err := str("system_message_type")
		if err != nil {
			return nil, err
		}
		if smt == "" {
			return nil, validation("event.system_message_type is required")
		}
		if _, _, err := str("text"); err != nil {
			return nil, err
		}
		if tv, ok := f["text_vars"]; ok {
			var m map[string]string
			if json.Unmarshal(tv, &m) != nil {
				return nil, validation("event.text_vars must be an object of strings")
			}
		}
	default:
		return nil, validation("event.type %q is not supported", typ)
	}
	for _, k := range []string{"id", "created_at", "author_id"} {
		delete(f, k)
	}
	return ev, nil
}

// fillFile checks a file URL (an upload of this emulator, or the
// LiveChat CDN) and completes name, content type and size.
func (a *act) fillFile(ev *builtEvent, u string) error {
	if i := strings.Index(u, "/files/"); i >= 0 {
		rest := strings.Split(u[i+len("/files/"):], "/")
		if len(rest) >= 2 {
			var name, ct string
			var size int64
			if err := a.queryRow(`SELECT name, content_type, size FROM files WHERE id = ?`, rest[1]).Scan(&name, &ct, &size); err == nil {
				ev.fields["name"], ev.fields["content_type"] = rawStr(name), rawStr(ct)
				ev.fields["size"] = json.RawMessage(strconv.FormatInt(size, 10))
				return nil
			}
		}
		return validation("event.url does not point to an uploaded file")
	}
	if strings.HasPrefix(u, "https://cdn.livechat-files.com/") {
		name := u[strings.LastIndex(u, "/")+1:]
		if _, ok := ev.fields["name"]; !ok {
			ev.fields["name"] = rawStr(name)
		}
		return nil
	}
	return validation("event.url must point to a file uploaded with upload_file")
}

// insertEvent stores ev in thread t as author (empty for system messages)
// and returns its id and wire form.
func (a *act) insertEvent(t *threadRow, ev *builtEvent, author string) (string, json.RawMessage, error) {
	t.eventSeq++
	id := t.id + "_" + strconv.Itoa(t.eventSeq)
	f := ev.fields
	f["id"], f["created_at"], f["type"], f["visibility"] = rawStr(id), rawStr(a.nowTS), rawStr(ev.typ), rawStr(ev.visibility)
	if ev.typ != "system_message" && author != "" {
		f["author_id"] = rawStr(author)
	} else {
		author = ""
	}
	if p, ok := f["properties"]; ok && string(p) == "null" {
		delete(f, "properties")
	}
	body, err := marshalFields(f)
	if err != nil {
		return "", nil, err
	}
	if err := a.exec(`INSERT INTO events(thread_seq, n, id, chat_id, thread_id, created_at, type, author_id, visibility, body) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		t.seq, t.eventSeq, id, t.chatID, t.id, a.nowTS, ev.typ, author, ev.visibility, string(body)); err != nil {
		return "", nil, err
	}
	a.inserted++ // its text is indexed by the writer (deferred.go: eventText)
	// threads.event_seq is not rewritten: the count is read back from the
	// events themselves (threadEventSeq).
	return id, body, nil
}

// systemMessage adds a documented system message to thread t and pushes it.
func (a *act) systemMessage(t *threadRow, audience []string, smType, text string, vars map[string]string) error {
	f := map[string]json.RawMessage{"system_message_type": rawStr(smType), "text": rawStr(text)}
	if len(vars) > 0 {
		b, _ := json.Marshal(vars)
		f["text_vars"] = b
	}
	ev := &builtEvent{fields: f, typ: "system_message", visibility: "all"}
	_, body, err := a.insertEvent(t, ev, "")
	if err != nil {
		return err
	}
	a.push("incoming_event", map[string]any{"chat_id": t.chatID, "thread_id": t.id, "event": body}, audience...)
	return nil
}

// marshalFields is json.Marshal of an event's fields (keys sorted, each
// value compacted and HTML-escaped) without reflection: the bytes are the
// same (TestMarshalFieldsMatchesMarshal). A value that is already compact
// and has nothing to escape — what clients usually send, and every value
// insertEvent sets — is copied as it is.
func marshalFields(f map[string]json.RawMessage) ([]byte, error) {
	keys := make([]string, 0, len(f))
	size := 2
	for k, v := range f {
		keys = append(keys, k)
		size += len(k) + len(v) + 4
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		v := f[k]
		if v == nil {
			b = append(b, "null"...)
			continue
		}
		if plainJSON(v) {
			if !json.Valid(v) {
				return nil, fmt.Errorf("event field %q is not valid JSON", k)
			}
			b = append(b, v...)
			continue
		}
		var c bytes.Buffer
		if err := json.Compact(&c, v); err != nil {
			return nil, err
		}
		var e bytes.Buffer
		json.HTMLEscape(&e, c.Bytes())
		b = append(b, e.Bytes()...)
	}
	return append(b, '}'), nil
}

// plainJSON reports whether v holds none of the bytes that compacting or
// HTML-escaping would change: whitespace, <, > and &, and the lead byte
// of U+2028 and U+2029.
func plainJSON(v []byte) bool {
	for _, ch := range v {
		switch ch {
		case ' ', '\t', '\n', '\r', '<', '>', '&', 0xe2:
			return false
		}
	}
	return true
}
