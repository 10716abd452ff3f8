package emulator_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/state"
	"github.com/livechat-go/livechat/emulator/store"
	"github.com/livechat-go/livechat/webhooks"
)

// fullState builds a state holding every kind of object: chats, threads,
// events, files, tags, properties, webhooks and their deliveries through
// the real APIs, then one synthetic row in every table still empty, so
// that every table and column type (BLOB, REAL, JSON text, the FTS index,
// the AUTOINCREMENT counters) is exercised. It returns the export.
func fullState(t *testing.T, srv *emulator.Server) *state.Document {
	t.Helper()
	ctx := ctxT(t)
	cr := srv.Credentials()
	owner := newWeb(t, srv, cr.Owner.Token, livechat.V3_6)
	chatID, threadID := startChat(t, owner, "hello <b>state</b>", M{"properties": M{"routing": M{"pinned": true}}})
	do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "second message"}})
	do(t, owner, "tag_thread", M{"chat_id": chatID, "thread_id": threadID, "tag": "vip"})
	if err := owner.Upload(ctx, "upload_file", "notes.txt", strings.NewReader("file body \x00\x01 bytes"), nil); err != nil {
		t.Fatal(err)
	}
	rec := newHookReceiver(t, "s3cret")
	rec.h.OnIncomingEvent(func(_ context.Context, wh *webhooks.Webhook, _ *livechat.IncomingEventPush) error {
		rec.record(wh)
		return nil
	})
	c := ownerCfg(t, srv)
	registerHook(t, ctx, c, cr, rec.srv.URL, "incoming_event", nil)
	cfgMust(t, c.EnableLicenseWebhooks(ctx, cr.ClientID))
	do(t, owner, "send_event", M{"chat_id": chatID, "event": M{"type": "message", "text": "hooked"}})
	rec.wait(t, ctx)

	// The receiver answered; wait until the emulator recorded it (else
	// the export holds a pending delivery, which an import sends again).
	var doc *state.Document
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var err error
		if doc, err = srv.Export(ctx); err != nil {
			t.Fatal(err)
		}
		if d := doc.Tables["webhook_deliveries"]; len(d) == 1 && string(d[0]["status"]) == `"delivered"` {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the delivery was not recorded: %s", doc.Encode())
		}
	}
	fillEmptyTables(t, doc)
	if err := srv.Import(ctx, doc); err != nil {
		t.Fatalf("import of the filled state: %v", err)
	}
	doc, err := srv.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range doc.TableNames() {
		if len(doc.Tables[name]) == 0 {
			t.Errorf("table %s is empty: the round trip would not cover it", name)
		}
	}
	return doc
}

// fillEmptyTables adds one row of made-up values (of each column's type;
// foreign keys copied from the parent's first row) to every empty table.
func fillEmptyTables(t *testing.T, doc *state.Document) {
	t.Helper()
	db, err := store.Open(context.Background(), store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range doc.TableNames() {
		if len(doc.Tables[name]) > 0 || name == "sqlite_sequence" {
			continue
		}
		fks := map[string][2]string{} // column → parent table, parent column
		rows, err := db.SQL().Query(`SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var from, tbl, to string
			rows.Scan(&from, &tbl, &to)
			fks[from] = [2]string{tbl, to}
		}
		rows.Close()
		row := state.Row{}
		cols, err := db.SQL().Query(`SELECT name, upper(type) FROM pragma_table_info(?)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for cols.Next() {
			var col, typ string
			cols.Scan(&col, &typ)
			if fk, ok := fks[col]; ok {
				row[col] = doc.Tables[fk[0]][0][fk[1]]
				continue
			}
			switch typ {
			case "INTEGER":
				row[col] = json.RawMessage("7")
			case "REAL":
				row[col] = json.RawMessage("2.5")
			case "BLOB":
				row[col], _ = json.Marshal(base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 255}))
			default:
				row[col], _ = json.Marshal(name + "." + col + " ✓")
			}
		}
		cols.Close()
		doc.Tables[name] = []state.Row{row}
	}
}

// TestExportImportExportIsByteIdentical: export → import → export gives
// the same bytes, on the same server and on a fresh one, through JSON and
// through YAML.
func TestExportImportExportIsByteIdentical(t *testing.T) {
	srv := emulator.NewTest(t, emulator.Config{WebhookRetryDelay: time.Millisecond})
	ctx := ctxT(t)
	first := fullState(t, srv).Encode()

	parsed, err := state.Parse("state.json", first)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Import(ctx, parsed); err != nil {
		t.Fatal(err)
	}
	again, err := srv.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again.Encode()) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, again.Encode()))
	}

	y, err := parsed.EncodeYAML()
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := state.Parse("state.yaml", y)
	if err != nil {
		t.Fatal(err)
	}
	other := emulator.NewTest(t, emulator.Config{Import: fromYAML})
	third, err := other.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Through YAML the JSON text inside columns is re-encoded (e.g.
	// "\u003c" becomes "<"): the same values, not the same bytes.
	var v1, v3 any
	if json.Unmarshal(first, &v1) != nil || json.Unmarshal(third.Encode(), &v3) != nil {
		t.Fatal("an export is not JSON")
	}
	if diff := cmp.Diff(v1, v3); diff != "" {
		t.Fatalf("export → YAML → import on a new server → export differs (-want +got):\n%s", diff)
	}
	// The imported state serves: the chat is there with its events.
	cl, err := agent.NewWeb(livechat.NewBearerToken(other.Credentials().Owner.Token), livechat.WithBaseURL(other.URL()))
	if err != nil {
		t.Fatal(err)
	}
	list, err := cl.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{Query: "hooked"}})
	if err != nil || len(list.Chats) != 1 {
		t.Fatalf("search in the imported state: %+v %v", list, err)
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}

// TestImportIsAllOrNothing: a document with an error names the file, the
// line (YAML) and the path, and changes nothing.
func TestImportIsAllOrNothing(t *testing.T) {
	srv := emulator.NewTest(t)
	ctx := ctxT(t)
	before, err := srv.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, src, want string
	}{
		{"bad.yaml", "tables:\n  groups:\n    - id: 5\n      name: Five\n    - id: 6\n      nmae: Six\n", "bad.yaml:6: $.tables.groups[1].nmae: unknown column of groups"},
		{"bad.json", `{"tables": {"groupz": []}}`, "bad.json: $.tables.groupz: unknown table"},
		{"type.yaml", "tables:\n  groups:\n    - id: seven\n      name: x\n", "type.yaml:3: $.tables.groups[0].id: must be a number"},
		{"missing.json", `{"tables": {"tags": [{"group_ids": [0]}]}}`, "missing.json: $.tables.tags[0]: missing required column(s) of tags: name"},
		{"syntax.json", "{\n \"tables\": {\n  \"groups\": [,]\n }\n}", "syntax.json:3: not a JSON object"},
		// Valid alone, refused when written: the second row breaks a
		// foreign key after the first was inserted.
		{"fk.json", `{"tables": {"groups": [{"id": 9, "name": "Nine"}], "group_members": [{"group_id": 9, "agent_id": "nobody@example.com"}]}}`,
			"fk.json: $.tables.group_members[0]: cannot store this group_members row"},
	}
	for _, c := range cases {
		doc, err := state.Parse(c.name, []byte(c.src))
		if err == nil {
			err = srv.Import(ctx, doc)
		}
		var se *state.Error
		if !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	after, err := srv.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Encode(), after.Encode()) {
		t.Fatalf("a refused import changed the state:\n%s", firstDiff(before.Encode(), after.Encode()))
	}
}

// TestSeedAndReset: a YAML seed adds an agent with a token, a group and a
// chat with its thread and events; the agent works; Reset (Go and
// POST /emulator/reset) returns to the seed.
func TestSeedAndReset(t *testing.T) {
	seed, err := state.ReadFile(filepath.Join("testdata", "seed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := emulator.NewTest(t, emulator.Config{Seed: []*state.Document{seed}})
	ctx := ctxT(t)
	if !srv.NewState() {
		t.Fatal("NewState: want true for a fresh in-memory state")
	}
	jane, err := agent.NewWeb(livechat.NewBearerToken("dal:seed-jane-token"), livechat.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	chat, err := jane.GetChat(ctx, "SEEDCHAT01", "")
	if err != nil {
		t.Fatalf("the seeded agent reads the seeded chat: %v", err)
	}
	if chat.Thread == nil || len(chat.Thread.Events) != 2 {
		t.Fatalf("seeded chat: %+v", chat)
	}
	if _, err := jane.SendMessage(ctx, "SEEDCHAT01", "after the seed"); err != nil {
		t.Fatalf("send to the seeded chat: %v", err)
	}
	list, err := jane.ListArchives(ctx, agent.ListArchivesRequest{Filters: &agent.ArchivesFilters{Query: "seeded"}})
	if err != nil || len(list.Chats) != 1 {
		t.Fatalf("the seeded message is searchable: %+v %v", list, err)
	}

	// Reset through HTTP needs the owner.
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/emulator/reset", nil)
	req.Header.Set("Authorization", "Bearer dal:seed-jane-token")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("reset as a normal agent: %v %v", res, err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().Owner.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("reset as the owner: %v %v", res, err)
	}
	res.Body.Close()
	chat, err = jane.GetChat(ctx, "SEEDCHAT01", "")
	if err != nil || len(chat.Thread.Events) != 2 {
		t.Fatalf("after reset the chat is back to its 2 seeded events: %+v %v", chat, err)
	}
	if _, err := jane.SendMessage(ctx, "SEEDCHAT01", "again"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	chat, err = jane.GetChat(ctx, "SEEDCHAT01", "")
	if err != nil || len(chat.Thread.Events) != 2 {
		t.Fatalf("after srv.Reset the chat is back to its 2 seeded events: %+v %v", chat, err)
	}
}

// TestExportOnExit: Close writes the state to Config.ExportOnExit, and
// ExportDir reads a stopped data directory to the same document.
func TestExportOnExit(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "exit.json")
	data := filepath.Join(dir, "data")
	srv, err := emulator.New(context.Background(), emulator.Config{DataDir: data, Addr: "127.0.0.1:0", ExportOnExit: out})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	owner := newWeb(t, srv, srv.Credentials().Owner.Token, livechat.V3_6)
	startChat(t, owner, "kept on exit", nil)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(written, []byte("kept on exit")) {
		t.Fatal("the exported file lacks the chat")
	}
	doc, err := emulator.ExportDir(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc.Encode(), written) {
		t.Fatalf("ExportDir differs from the export on exit:\n%s", firstDiff(written, doc.Encode()))
	}
}
