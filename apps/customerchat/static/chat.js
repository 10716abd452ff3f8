// Customer chat page. Data is shown with textContent only (common.js).
"use strict";

(function () {
  var $ = function (id) { return document.getElementById(id); };
  var el = LC.el;
  var me = "", chatID = "", active = false, connState = "offline";
  var peekTimer = 0, lastPeek = "", typingHide = 0;

  function showError(msg) { $("error").textContent = msg; $("error").hidden = !msg; }

  function append(ev, mine) {
    var list = $("events");
    if (ev.id && list.querySelector('li[data-id="' + CSS.escape(ev.id) + '"]')) return;
    if (ev.custom_id) {
      var p = list.querySelector('li[data-custom-id="' + CSS.escape(ev.custom_id) + '"]');
      if (p) { confirm(p, ev.id); return; }
    }
    list.appendChild(LC.renderEvent(ev, mine));
    list.scrollTop = list.scrollHeight;
  }
  function confirm(li, id) {
    li.classList.remove("pending");
    if (id) li.dataset.id = id;
    var st = li.querySelector(".status");
    if (st) st.remove();
  }

  function setActive(on) {
    active = on;
    $("closed").hidden = on || !chatID;
  }

  function load() {
    return LC.api("GET", "/api/session").then(function (s) {
      LC.setCSRF(s.csrf);
      me = s.me;
      // What arrived while the request was in flight (pushed events, messages
      // still sending) is newer than the snapshot: keep what it lacks.
      var kept = Array.prototype.slice.call($("events").querySelectorAll("li[data-id], li.pending, li.failed"));
      $("events").replaceChildren();
      if (s.chat) {
        chatID = s.chat.id;
        $("intro").hidden = true;
        $("name-row").hidden = true;
        s.chat.events.forEach(function (ev) { append(ev, ev.author_id === me); });
        setActive(s.chat.active);
      }
      kept.forEach(function (li) {
        var list = $("events");
        var dup = (li.dataset.id && list.querySelector('li[data-id="' + CSS.escape(li.dataset.id) + '"]')) ||
          (li.dataset.customId && list.querySelector('li[data-custom-id="' + CSS.escape(li.dataset.customId) + '"]'));
        if (!dup) $("events").appendChild(li);
      });
    }).catch(function (e) { showError("Cannot open the chat: " + e.message); });
  }

  function send(text) {
    var customID = "cc-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
    var li = LC.renderEvent({ custom_id: customID, type: "message", text: text, author_name: "You", author_kind: "customer", created_at: new Date().toISOString() }, true);
    li.classList.add("pending");
    li.appendChild(el("div", "status", "Sending…"));
    if (!active) $("events").appendChild(el("li", "event ev-system_message", chatID ? "New chat" : "Chat started"));
    $("events").appendChild(li);
    $("events").scrollTop = $("events").scrollHeight;
    $("intro").hidden = true;
    var name = $("name").value;
    return LC.api("POST", "/api/messages", { text: text, custom_id: customID, name: name }).then(function (d) {
      confirm(li, d.event_id);
      chatID = d.chat_id;
      if (d.queued) $("events").appendChild(el("li", "event ev-system_message queued", "No agent is available right now: your message waits for the next agent who signs in."));
      $("name-row").hidden = true;
      setActive(true);
    }).catch(function (err) {
      li.classList.remove("pending");
      li.classList.add("failed");
      li.querySelector(".status").textContent = "Not sent: " + err.message;
      showError("The message was not sent: " + err.message);
    });
  }

  function peek() {
    var t = $("message").value;
    if (t === lastPeek || !active) return;
    lastPeek = t;
    LC.api("POST", "/api/typing", { text: t }).catch(function () {});
  }

  function onPush(m) {
    switch (m.type) {
      case "state":
        var was = connState;
        connState = m.state;
        $("conn").dataset.state = m.state;
        $("conn").textContent = m.state === "ready" ? "online" : m.state;
        if (m.state === "ready" && was === "reconnecting") load();
        break;
      case "incoming_event":
        if (m.chat_id !== chatID) break;
        append(m.event, m.mine);
        if (!m.mine) { $("typing").textContent = ""; }
        LC.mark(LC.metrics.arrivals, { id: m.event.id, t: LC.now() });
        break;
      case "chat_active":
        chatID = m.chat_id;
        setActive(true);
        break;
      case "chat_deactivated":
        if (m.chat_id === chatID) { setActive(false); $("typing").textContent = ""; }
        break;
      case "typing":
        if (m.chat_id !== chatID) break;
        clearTimeout(typingHide);
        $("typing").textContent = m.is_typing ? m.name + " is typing…" : "";
        if (m.is_typing) typingHide = setTimeout(function () { $("typing").textContent = ""; }, 10000);
        break;
    }
  }

  $("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    var t = $("message").value.trim();
    if (!t) return;
    $("message").value = "";
    lastPeek = "";
    send(t);
  });
  $("message").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("composer").requestSubmit(); }
  });
  $("message").addEventListener("input", function () {
    clearTimeout(peekTimer);
    peekTimer = setTimeout(peek, 300);
  });

  load().then(function () {
    LC.connect(onPush, null, function () { $("conn").dataset.state = "offline"; $("conn").textContent = "offline"; connState = "offline"; });
    $("message").focus();
  });
})();
