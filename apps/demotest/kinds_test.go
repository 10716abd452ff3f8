package demotest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/agent"
	"github.com/livechat-go/livechat/customer"
	"github.com/livechat-go/livechat/internal/browsertest"
)

// TestEventKindsUnreadAndPhoneWidth: events are rendered by type (rich
// message, file, filled form, anything else as a labelled raw event),
// unread counts follow events of the chats not open, and the page works at
// phone width (list, then chat, then back; nothing wider than the screen).
func TestEventKindsUnreadAndPhoneWidth(t *testing.T) {
	b := browsertest.Start(t)
	st := newStack(t)
	owner := st.emu.Credentials().Owner
	tab := b.Tab(t, "simple-agent")
	tab.Run(chromedp.EmulateViewport(390, 800))
	signIn(t, tab, st.agentURL)
	clients, ids := startCustomers(t, st, 2)
	ctx := context.Background()
	as := func(action string, payload map[string]any) {
		t.Helper()
		if _, err := st.emu.Do(ctx, "Bearer "+owner.Token, "agent", "", action, payload); err != nil && !errors.Is(err, livechat.ErrAlreadyExists) {
			t.Fatalf("%s: %v", action, err)
		}
	}
	for _, id := range ids {
		as("add_user_to_chat", map[string]any{"chat_id": id, "user_id": owner.ID, "user_type": "agent", "visibility": "all", "ignore_requester_presence": true})
	}
	as("send_event", map[string]any{"chat_id": ids[0], "event": map[string]any{"type": "rich_message", "template_id": "cards",
		"elements": []any{map[string]any{"title": "Pick a size", "subtitle": "<i>sub</i>", "buttons": []any{
			map[string]any{"text": "Small", "type": "message", "value": "s", "postback_id": "p1", "user_ids": []string{}},
			map[string]any{"text": "Large", "type": "message", "value": "l", "postback_id": "p2", "user_ids": []string{}}}}}}})
	web, err := agent.NewWeb(livechat.NewBearerToken(owner.Token), livechat.WithBaseURL(st.emu.URL()))
	if err != nil {
		t.Fatal(err)
	}
	fileURL, err := web.UploadFile(ctx, "invoice.pdf", strings.NewReader("%PDF-1.4 demo"))
	if err != nil {
		t.Fatal(err)
	}
	as("send_event", map[string]any{"chat_id": ids[0], "event": map[string]any{"type": "file", "url": fileURL, "name": "invoice.pdf"}})
	as("send_event", map[string]any{"chat_id": ids[0], "event": map[string]any{"type": "custom", "content": map[string]any{"order": 42}}})
	if _, err := clients[0].SendEvent(ctx, customerForm(ids[0])); err != nil {
		t.Fatalf("filled form: %v", err)
	}
	poll(t, tab, "both chats listed", `document.querySelectorAll("#chat-list li").length === 2`)
	clickJS(t, tab, `#chat-list li[data-id="`+ids[0]+`"] button`)
	poll(t, tab, "events rendered", `document.querySelector("#events .ev-custom") !== null`)
	checks := map[string]string{
		`[...document.querySelectorAll("#events .ev-rich_message .title")].map(e => e.textContent).join()`:                           "Pick a size",
		`[...document.querySelectorAll("#events .ev-rich_message .subtitle")].map(e => e.textContent).join()`:                        "<i>sub</i>",
		`[...document.querySelectorAll("#events .ev-rich_message .button")].map(e => e.textContent).join()`:                          "Small,Large",
		`document.querySelector("#events .ev-file a").textContent`:                                                                   "invoice.pdf",
		`document.querySelector("#events .ev-file a").getAttribute("href")`:                                                          fileURL,
		`[...document.querySelectorAll("#events .ev-filled_form dt, #events .ev-filled_form dd")].map(e => e.textContent).join("|")`: "Name|Pat|E-mail|pat@example.com",
		`document.querySelector("#events .ev-custom .label").textContent`:                                                            "Event of type custom",
		`String(document.querySelector("#events .ev-custom .raw").textContent.includes("42"))`:                                       "true",
		`String(document.querySelectorAll("#events i").length)`:                                                                      "0",
	}
	for expr, want := range checks {
		if got := browsertest.Eval[string](tab, expr); got != want {
			t.Errorf("%s = %q, want %q", expr, got, want)
		}
	}
	// Phone width: the open chat replaces the list; Back shows it again.
	if w := browsertest.Eval[int](tab, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %d px wide at a 390 px viewport", w)
	}
	if vis := browsertest.Eval[bool](tab, `document.querySelector(".list-pane").offsetParent === null && document.getElementById("message").offsetParent !== null`); !vis {
		t.Error("at phone width the open chat does not replace the list")
	}
	tab.Run(chromedp.Click(chromedp.CSS("#back")))
	if vis := browsertest.Eval[bool](tab, `document.querySelector(".list-pane").offsetParent !== null`); !vis {
		t.Error("Back does not show the list")
	}
	// Unread: the customer's first message and two more in the other chat.
	for _, text := range []string{"first unread", "second unread"} {
		if _, err := clients[1].SendMessage(ctx, ids[1], text); err != nil {
			t.Fatal(err)
		}
	}
	unread := func(what, n, total string) {
		t.Helper()
		poll(t, tab, what, `(() => { const li = document.querySelector('#chat-list li[data-id="`+ids[1]+`"]'); return li && li.querySelector(".badge").textContent === "`+n+`" && document.getElementById("unread-total").textContent === "`+total+`"; })()`)
	}
	unread("unread count", "3", "3")
	// The counts come from the agent's seen markers on the platform: a
	// reload finds them again.
	tab.Run(chromedp.Reload())
	poll(t, tab, "reloaded and connected", `document.getElementById("conn").dataset.state === "ready"`)
	unread("unread count after a reload", "3", "3")
	clickJS(t, tab, `#chat-list li[data-id="`+ids[1]+`"] button`)
	poll(t, tab, "unread cleared", `document.getElementById("unread-total").textContent === "" && document.getElementById("events").textContent.includes("second unread")`)
	tab.Run(chromedp.Click(chromedp.CSS("#back")))
	tab.Run(chromedp.Reload())
	poll(t, tab, "reloaded and connected", `document.getElementById("conn").dataset.state === "ready"`)
	unread("read chat after a reload", "", "")
	clickJS(t, tab, `#chat-list li[data-id="`+ids[1]+`"] button`)
	poll(t, tab, "chat open again", `document.getElementById("events").textContent.includes("second unread")`)

	// A failed send is shown on the message and at the top of the page.
	tab.Run(chromedp.Evaluate[chromedp.Void](`document.getElementById("message").value = "x".repeat(17000)`),
		chromedp.SendKeys(chromedp.CSS("#message"), kb.Enter))
	poll(t, tab, "failed send shown", `(() => { const f = document.querySelector("#events li.failed .status"); return f && f.textContent.startsWith("Not sent:") && !document.getElementById("error").hidden; })()`)
	noPageErrors(t, tab)
}

// TestArchivePaging: "More" fetches the next page of list_archives.
func TestArchivePaging(t *testing.T) {
	b := browsertest.Start(t)
	st := newStack(t)
	owner := st.emu.Credentials().Owner
	_, ids := startCustomers(t, st, 12)
	for _, id := range ids {
		if _, err := st.emu.Do(context.Background(), "Bearer "+owner.Token, "agent", "", "deactivate_chat",
			map[string]any{"id": id, "ignore_requester_presence": true}); err != nil {
			t.Fatal(err)
		}
	}
	tab := b.Tab(t, "simple-agent")
	signIn(t, tab, st.agentURL)
	clickJS(t, tab, "#tab-archive")
	poll(t, tab, "first page", `document.querySelectorAll("#archive-list li").length === 10 && !document.getElementById("archive-more").hidden`)
	clickJS(t, tab, "#archive-more")
	poll(t, tab, "second page", `document.querySelectorAll("#archive-list li").length === 12 && document.getElementById("archive-more").hidden`)
	texts := browsertest.Eval[[]string](tab, `[...document.querySelectorAll("#archive-list .preview")].map(e => e.textContent)`)
	seen := map[string]bool{}
	for _, x := range texts {
		if seen[x] {
			t.Fatalf("archive pages repeat %q: %q", x, texts)
		}
		seen[x] = true
	}
	noPageErrors(t, tab)
}

func customerForm(chatID string) customer.SendEventRequest {
	f := &livechat.FilledForm{FormID: "prechat", FormType: "prechat", Fields: []livechat.FilledFormField{
		{Type: "name", ID: "n", Label: "Name", Answer: json.RawMessage(`"Pat"`)},
		{Type: "email", ID: "e", Label: "E-mail", Answer: json.RawMessage(`"pat@example.com"`)},
	}}
	return customer.SendEventRequest{ChatID: chatID, Event: f}
}
