package demotest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/livechat-go/livechat/internal/browsertest"
)

// TestDemoScenario is issue 12 point 6: a customer and an agent in two
// tabs of a real Chromium, end to end through both apps and the emulator.
func TestDemoScenario(t *testing.T) {
	b := browsertest.Start(t)
	st := newStack(t)
	creds := st.emu.Credentials()
	agentTab := b.Tab(t, "simple-agent")
	custTab := b.Tab(t, "customer-chat")

	// Sign in (OAuth code + PKCE through the emulator) and connect.
	signIn(t, agentTab, st.agentURL)
	if c := browsertest.Eval[string](agentTab, `document.cookie`); c != "" {
		t.Fatalf("the session cookie is readable by scripts: %q", c)
	}
	if html := browsertest.Eval[string](agentTab, `document.documentElement.outerHTML + location.href`); strings.Contains(html, "dal:") {
		t.Fatal("an access token reached the page")
	}

	// The customer starts a chat; it appears live in Simple Agent.
	custTab.Run(chromedp.Navigate(st.customerURL))
	poll(t, custTab, "customer connected", `document.getElementById("conn").dataset.state === "ready"`)
	custTab.Run(chromedp.SendKeys(chromedp.CSS("#name"), "Pat Visitor"),
		chromedp.SendKeys(chromedp.CSS("#message"), "Hello, my order of pineapples is late"+kb.Enter))
	poll(t, custTab, "customer message confirmed", `document.querySelector("#events li.pending") === null && document.querySelectorAll("#events li.mine").length === 1`)
	poll(t, agentTab, "chat listed live", `[...document.querySelectorAll("#chat-list li")].some(li => li.textContent.includes("Pat Visitor"))`)
	clickJS(t, agentTab, "#chat-list li button")
	poll(t, agentTab, "thread loaded", `document.getElementById("events").textContent.includes("pineapples is late")`)

	// Typing, agent → customer.
	agentTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), "Sorry"))
	poll(t, custTab, "agent typing shown", `document.getElementById("typing").textContent.includes("is typing")`)
	// The agent replies with Enter; the customer sees it.
	agentTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), " about that, it ships today"+kb.Enter))
	poll(t, agentTab, "reply confirmed", `(() => { const l = [...document.querySelectorAll("#events li.mine")]; return l.length === 1 && !l[0].classList.contains("pending") && l[0].dataset.id !== ""; })()`)
	poll(t, custTab, "customer sees the reply", `[...document.querySelectorAll("#events li:not(.mine)")].some(li => li.textContent.includes("Sorry about that, it ships today"))`)

	docShot(t, agentTab, "simple-agent.png")
	docShot(t, custTab, "customer-chat.png")

	// Typing, customer → agent (sneak peek).
	custTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), "Great"))
	poll(t, agentTab, "customer typing shown", `document.getElementById("typing").textContent.includes("is typing")`)
	custTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), ", thanks"+kb.Enter))
	poll(t, agentTab, "customer message live", `document.getElementById("events").textContent.includes("Great, thanks")`)

	// A message with HTML renders as text on both sides.
	const xss = `<img src=x onerror="document.title='pwned'"><b>bold?</b>`
	custTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), xss+kb.Enter))
	poll(t, agentTab, "XSS message shown", `[...document.querySelectorAll("#events li .body")].some(b => b.textContent === `+jsString(xss)+`)`)
	for _, tab := range []*browsertest.Tab{agentTab, custTab} {
		if n := browsertest.Eval[int](tab, `document.querySelectorAll("#events img, #events b").length`); n != 0 {
			t.Fatalf("the message was rendered as HTML (%d elements)", n)
		}
		if title := browsertest.Eval[string](tab, `document.title`); title == "pwned" {
			t.Fatal("the message's script ran")
		}
	}

	// The emulator drops the agent's connection: reconnecting, then ready,
	// and a message sent meanwhile is not lost.
	agentTab.Run(chromedp.Evaluate[chromedp.Void](`LC.metrics.states.length = 0`))
	if n := st.emu.DropAgentConnections(creds.Owner.ID); n != 1 {
		t.Fatalf("dropped %d connections, want 1", n)
	}
	custTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), "Sent while you were away"+kb.Enter))
	poll(t, agentTab, "reconnecting then ready", `(() => { const s = LC.metrics.states; const i = s.indexOf("reconnecting"); return i >= 0 && s.indexOf("ready", i) > i && document.getElementById("conn").dataset.state === "ready"; })()`)
	poll(t, agentTab, "nothing lost", `document.getElementById("events").textContent.includes("Sent while you were away")`)
	if n := browsertest.Eval[int](agentTab, `[...document.querySelectorAll("#events li")].filter(li => li.textContent.includes("Sent while you were away")).length`); n != 1 {
		t.Fatalf("the message sent during the outage is shown %d times", n)
	}

	// The agent closes the chat: it leaves Chats; the customer is told.
	agentTab.Run(chromedp.Click(chromedp.CSS("#close-chat")))
	poll(t, agentTab, "chat left the list", `document.querySelectorAll("#chat-list li").length === 0 && !document.getElementById("chat-closed").hidden`)
	poll(t, custTab, "customer sees the chat closed", `!document.getElementById("closed").hidden`)

	// Archive: found by a word of its text, opened read-only.
	agentTab.Run(chromedp.Click(chromedp.CSS("#tab-archive")),
		chromedp.SendKeys(chromedp.CSS("#archive-query"), "pineapples"+kb.Enter))
	poll(t, agentTab, "archive search", `document.querySelectorAll("#archive-list li").length === 1`)
	clickJS(t, agentTab, "#archive-list li button")
	poll(t, agentTab, "archived chat opened", `document.getElementById("archive-events").textContent.includes("it ships today")`)
	if n := browsertest.Eval[int](agentTab, `document.querySelectorAll("#panel-archive textarea, #panel-archive #close-chat").length`); n != 0 {
		t.Fatal("the archived chat is not read-only")
	}
	agentTab.Run(chromedp.Evaluate[chromedp.Void](`document.getElementById("archive-query").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#archive-query"), "nosuchwordanywhere"+kb.Enter))
	poll(t, agentTab, "archive search without a match", `document.querySelectorAll("#archive-list li").length === 0 && document.getElementById("archive-found").textContent.startsWith("0 ")`)

	// Agent tab: the seeded agent and license.
	agentTab.Run(chromedp.Click(chromedp.CSS("#tab-agent")))
	poll(t, agentTab, "agent details", `document.querySelector('#agent-details dd[data-field="name"]') !== null && document.querySelector('#agent-details dd[data-field="name"]').textContent === `+jsString(creds.Owner.Name))
	for field, want := range map[string]string{"e-mail": creds.Owner.ID, "license": creds.LicenseID, "role": "owner"} {
		got := browsertest.Eval[string](agentTab, `document.querySelector('#agent-details dd[data-field="`+field+`"]').textContent`)
		if got != want {
			t.Errorf("Agent tab %s = %q, want %q", field, got, want)
		}
	}

	// The customer starts a new chat after the close; it is live again.
	agentTab.Run(chromedp.Click(chromedp.CSS("#tab-chats")))
	custTab.Run(chromedp.SendKeys(chromedp.CSS("#message"), "One more question"+kb.Enter))
	poll(t, custTab, "new chat confirmed", `document.getElementById("closed").hidden && document.querySelector("#events li.pending") === null`)
	poll(t, agentTab, "resumed chat listed", `document.querySelectorAll("#chat-list li").length === 1`)
	clickJS(t, agentTab, "#chat-list li button")
	poll(t, agentTab, "new thread loaded", `document.getElementById("events").textContent.includes("One more question") && document.getElementById("chat-closed").hidden`)

	noPageErrors(t, agentTab, custTab)
}
