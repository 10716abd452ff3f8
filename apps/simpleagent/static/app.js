// Simple Agent page. Data from the server is shown with textContent only
// (see common.js); state-changing calls carry the session's CSRF token.
"use strict";

(function () {
  var $ = function (id) { return document.getElementById(id); };
  var el = LC.el;
  var chats = {};          // id → chat view (with unread count)
  var order = [];          // chat ids, newest first
  var openID = "";         // the chat shown
  var openThread = "";
  var me = "";
  var connState = "offline";
  var typingTimer = 0, typingSentAt = 0, typingStop = 0;
  var archiveNext = "";
  // listReplay collects the list pushes (incoming_chat, chat_deactivated)
  // that arrive while GET /api/chats is in flight: the answer is a snapshot
  // taken before them, so they are applied again on top of it.
  var listSeq = 0, listReplay = null;
  // listTouched: the chats whose unread count changed on the page (opened,
  // or a push counted) while GET /api/chats is in flight: the snapshot's
  // count is older than the page's for them.
  var listTouched = null;
  var seenTimer = 0, seenChat = "", seenUpTo = "";
  var eventsOf = "";       // the chat whose events #events holds

  function showError(msg) {
    var e = $("error");
    e.textContent = msg;
    e.hidden = !msg;
  }
  function fail(prefix) {
    return function (err) { showError(prefix + ": " + err.message); };
  }

  // ---- connection indicator and resync ----
  function setConn(state, detail) {
    var c = $("conn");
    c.dataset.state = state;
    c.textContent = state + (detail ? " (" + detail + ")" : "");
  }

  function resync() {
    loadChats();
    if (openID) openChat(openID, true);
  }

  // ---- chat list ----
  function upsert(c) {
    var old = chats[c.id];
    c.unread = old ? old.unread : (c.unread || 0);
    chats[c.id] = c;
    var i = order.indexOf(c.id);
    if (i >= 0) order.splice(i, 1);
    order.unshift(c.id);
  }

  function forget(id) {
    delete chats[id];
    var i = order.indexOf(id);
    if (i >= 0) order.splice(i, 1);
  }

  function totalUnread() {
    var n = 0;
    order.forEach(function (id) { n += chats[id].unread || 0; });
    $("unread-total").textContent = n ? String(n) : "";
  }

  function chatItem(c) {
    var li = el("li", c.unread ? "unread" : "");
    li.dataset.id = c.id;
    var b = el("button");
    b.type = "button";
    if (c.id === openID) b.setAttribute("aria-current", "true");
    b.appendChild(el("span", "name", c.customer || "Customer"));
    var badge = el("span", "badge", c.unread ? String(c.unread) : "");
    if (c.unread) badge.setAttribute("aria-label", c.unread + " unread");
    b.appendChild(badge);
    b.appendChild(el("span", "preview", c.last || ""));
    b.addEventListener("click", function () { openChat(c.id); });
    li.appendChild(b);
    return li;
  }

  function renderList() {
    var t0 = performance.now();
    var ul = $("chat-list");
    var frag = document.createDocumentFragment();
    order.forEach(function (id) { frag.appendChild(chatItem(chats[id])); });
    ul.replaceChildren(frag);
    $("chats-empty").hidden = order.length > 0;
    totalUnread();
    LC.mark(LC.metrics.renders, { chats: order.length, ms: performance.now() - t0 });
  }

  function updateItem(id) {
    var c = chats[id];
    var old = $("chat-list").querySelector('li[data-id="' + CSS.escape(id) + '"]');
    if (!c) { if (old) old.remove(); }
    else if (old && order[0] === id) old.replaceWith(chatItem(c));
    else {
      if (old) old.remove();
      $("chat-list").prepend(chatItem(c));
    }
    $("chats-empty").hidden = order.length > 0;
    totalUnread();
  }

  function loadChats() {
    var seq = ++listSeq, replay = listReplay = [], touched = listTouched = {};
    return LC.api("GET", "/api/chats").then(function (d) {
      if (seq !== listSeq) return; // a newer request answers
      listReplay = null; listTouched = null;
      var prev = chats;
      chats = {}; order = [];
      // Unread counts come from the server (the agent's seen markers), but
      // the open chat is read, and a chat whose count changed meanwhile
      // keeps the page's newer count.
      d.chats.forEach(function (c) {
        if (c.id === openID) c.unread = 0;
        else if (touched[c.id] && prev[c.id]) c.unread = prev[c.id].unread;
        else c.unread = c.unread || 0;
        chats[c.id] = c; order.push(c.id);
      });
      order.sort(function (a, b) { return (chats[b].last_at || chats[b].created_at || "").localeCompare(chats[a].last_at || chats[a].created_at || ""); });
      replay.forEach(function (m) {
        if (m.type === "incoming_chat") upsert(m.chat);
        else forget(m.chat_id);
      });
      renderList();
      if (openID && !chats[openID]) markClosed();
    }).catch(function (err) {
      if (seq === listSeq) { listReplay = null; listTouched = null; }
      fail("Cannot list the chats")(err);
    });
  }

  // ---- the open chat ----
  function appendEvent(ev, mine) {
    var list = $("events");
    if (ev.id && list.querySelector('li[data-id="' + CSS.escape(ev.id) + '"]')) return;
    if (ev.custom_id) {
      var pending = list.querySelector('li[data-custom-id="' + CSS.escape(ev.custom_id) + '"]');
      if (pending) { confirmEvent(pending, ev.id); return; }
    }
    list.appendChild(LC.renderEvent(ev, mine));
    list.scrollTop = list.scrollHeight;
  }

  function confirmEvent(li, id) {
    li.classList.remove("pending");
    if (id) li.dataset.id = id;
    var st = li.querySelector(".status");
    if (st) st.remove();
  }

  function openChat(id, keepScroll) {
    openID = id;
    var c = chats[id];
    if (c) { c.unread = 0; updateItem(id); }
    if (listTouched) listTouched[id] = true;
    $("chat-empty").hidden = true;
    $("chat-open").hidden = false;
    $("chat-closed").hidden = true;
    $("composer").querySelector("button").disabled = false;
    $("close-chat").disabled = false;
    document.querySelector(".split").classList.add("reading");
    Array.prototype.forEach.call($("chat-list").querySelectorAll("button[aria-current]"), function (b) { b.removeAttribute("aria-current"); });
    var cur = $("chat-list").querySelector('li[data-id="' + CSS.escape(id) + '"] button');
    if (cur) cur.setAttribute("aria-current", "true");
    $("typing").textContent = "";
    if (eventsOf !== id) { $("events").replaceChildren(); eventsOf = id; }
    return LC.api("GET", "/api/chats/" + encodeURIComponent(id)).then(function (d) {
      if (openID !== id) return;
      me = d.me || me;
      openThread = d.chat.thread_id;
      $("chat-title").textContent = "Chat with " + (d.chat.customer || "Customer");
      var pending = Array.prototype.slice.call($("events").querySelectorAll("li.pending, li.failed"));
      // Events pushed while the request was in flight are newer than the
      // snapshot: keep the ones it does not have.
      var pushed = Array.prototype.slice.call($("events").querySelectorAll("li[data-id]:not(.pending):not(.failed)"));
      $("events").replaceChildren();
      d.chat.events.forEach(function (ev) { appendEvent(ev, ev.author_id === me); });
      pushed.forEach(function (li) { if (!$("events").querySelector('li[data-id="' + CSS.escape(li.dataset.id) + '"]')) $("events").appendChild(li); });
      pending.forEach(function (li) { if (!li.dataset.customId || !$("events").querySelector('li[data-id][data-custom-id="' + CSS.escape(li.dataset.customId) + '"]')) $("events").appendChild(li); });
      if (!d.chat.active) markClosed();
      if (d.seen_error) showError("Cannot mark the chat as read: " + d.seen_error);
      if (!keepScroll) $("message").focus();
    }).catch(fail("Cannot open the chat"));
  }

  // markSeen moves the agent's seen marker of the open chat to an event
  // shown in it (the server keeps unread counts from it), at most every
  // 300 ms.
  function markSeen(id, at) {
    if (!at) return;
    if (seenChat !== id) { clearTimeout(seenTimer); seenTimer = 0; seenChat = id; seenUpTo = ""; }
    if (at > seenUpTo) seenUpTo = at;
    if (seenTimer) return;
    seenTimer = setTimeout(function () {
      seenTimer = 0;
      LC.api("POST", "/api/chats/" + encodeURIComponent(seenChat) + "/seen", { seen_up_to: seenUpTo }).catch(fail("Cannot mark the chat as read"));
    }, 300);
  }

  function markClosed() {
    $("chat-closed").hidden = false;
    $("composer").querySelector("button").disabled = true;
    $("close-chat").disabled = true;
    $("typing").textContent = "";
  }

  function send(text) {
    var id = openID;
    var customID = "sa-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
    var li = LC.renderEvent({ id: "", custom_id: customID, type: "message", text: text, author_name: "You", author_kind: "agent", created_at: new Date().toISOString() }, true);
    li.classList.add("pending");
    li.appendChild(el("div", "status", "Sending…"));
    $("events").appendChild(li);
    $("events").scrollTop = $("events").scrollHeight;
    stopTyping();
    return LC.api("POST", "/api/chats/" + encodeURIComponent(id) + "/messages", { text: text, custom_id: customID }).then(function (d) {
      confirmEvent(li, d.event_id);
      var c = chats[id];
      if (c) { c.last = text; }
    }).catch(function (err) {
      li.classList.remove("pending");
      li.classList.add("failed");
      var st = li.querySelector(".status");
      st.textContent = "Not sent: " + err.message;
      showError("The message was not sent: " + err.message);
    });
  }

  function sendTyping(on) {
    if (!openID) return;
    LC.api("POST", "/api/chats/" + encodeURIComponent(openID) + "/typing", { is_typing: on }).catch(fail("Typing indicator failed"));
  }
  function stopTyping() {
    clearTimeout(typingStop);
    if (typingSentAt) { typingSentAt = 0; sendTyping(false); }
  }
  function onInput() {
    var now = Date.now();
    if (now - typingSentAt > 2500) { typingSentAt = now; sendTyping(true); }
    clearTimeout(typingStop);
    typingStop = setTimeout(stopTyping, 3000);
  }

  // ---- pushes ----
  function onPush(m) {
    switch (m.type) {
      case "state":
        var was = connState;
        connState = m.state;
        LC.mark(LC.metrics.states, m.state);
        setConn(m.state, m.error || "");
        if (m.state === "ready" && was !== "ready") resync();
        break;
      case "incoming_chat":
        if (listReplay) listReplay.push(m);
        upsert(m.chat);
        renderList();
        if (m.chat.id === openID) openChat(openID, true);
        break;
      case "chat_deactivated":
        if (listReplay) listReplay.push(m);
        forget(m.chat_id);
        updateItem(m.chat_id);
        if (m.chat_id === openID) markClosed();
        break;
      case "incoming_event":
        var c = chats[m.chat_id];
        if (c && m.event.type === "message") { c.last = m.event.text; c.last_at = m.event.created_at; }
        if (m.chat_id === openID) {
          appendEvent(m.event, m.mine);
          if (!m.mine) { $("typing").textContent = ""; markSeen(m.chat_id, m.event.created_at); }
        } else if (c && !m.mine && m.event.type !== "system_message") {
          c.unread = (c.unread || 0) + 1;
          if (listTouched) listTouched[m.chat_id] = true;
        }
        if (c) {
          var j = order.indexOf(m.chat_id);
          if (j > 0) { order.splice(j, 1); order.unshift(m.chat_id); }
          updateItem(m.chat_id);
        }
        LC.mark(LC.metrics.arrivals, { id: m.event.id, t: LC.now(), sent: m.sent_at || 0 });
        break;
      case "typing":
        if (m.chat_id === openID) {
          $("typing").textContent = m.is_typing ? ((chats[openID] && chats[openID].customer) || "The customer") + " is typing…" : "";
        }
        break;
    }
  }

  // ---- archive ----
  function archiveItem(c) {
    var li = el("li");
    var b = el("button");
    b.type = "button";
    b.appendChild(el("span", "name", c.customer || "Customer"));
    b.appendChild(el("time", "", c.created_at ? new Date(c.created_at).toLocaleString() : ""));
    b.appendChild(el("span", "preview", c.last || ""));
    b.addEventListener("click", function () { openArchived(c); });
    li.appendChild(b);
    return li;
  }
  function searchArchive(more) {
    var url = more ? "/api/archives?page=" + encodeURIComponent(archiveNext) : "/api/archives?query=" + encodeURIComponent($("archive-query").value);
    return LC.api("GET", url).then(function (d) {
      if (!more) { $("archive-list").replaceChildren(); $("archive-view").hidden = true; }
      var frag = document.createDocumentFragment();
      d.chats.forEach(function (c) { frag.appendChild(archiveItem(c)); });
      $("archive-list").appendChild(frag);
      $("archive-found").textContent = d.found + (d.found === 1 ? " chat found" : " chats found");
      archiveNext = d.next_page || "";
      $("archive-more").hidden = !archiveNext;
    }).catch(fail("Cannot search the archive"));
  }
  function openArchived(c) {
    return LC.api("GET", "/api/chats/" + encodeURIComponent(c.id) + "?thread=" + encodeURIComponent(c.thread_id)).then(function (d) {
      $("archive-view").hidden = false;
      $("archive-title").textContent = "Chat with " + (d.chat.customer || "Customer");
      var list = $("archive-events");
      list.replaceChildren();
      d.chat.events.forEach(function (ev) { list.appendChild(LC.renderEvent(ev, ev.author_id === d.me)); });
      $("archive-title").focus();
    }).catch(fail("Cannot open the archived chat"));
  }

  // ---- agent ----
  function loadAgent() {
    return LC.api("GET", "/api/me").then(function (d) {
      var dl = $("agent-details");
      dl.replaceChildren();
      [["Name", d.name], ["E-mail", d.email], ["Role", d.role], ["License", d.license_id], ["Plan", d.plan], ["Organization", d.organization_id]].forEach(function (p) {
        dl.appendChild(el("dt", "", p[0]));
        var dd = el("dd", "", p[1] || "—");
        dd.dataset.field = p[0].toLowerCase();
        dl.appendChild(dd);
      });
      var img = $("agent-avatar");
      if (/^https?:\/\//i.test(d.avatar || "")) { img.src = d.avatar; img.alt = "Avatar of " + d.name; img.hidden = false; }
      else { img.hidden = true; }
    }).catch(fail("Cannot read the agent"));
  }

  // ---- tabs ----
  function selectTab(name) {
    ["chats", "archive", "agent"].forEach(function (n) {
      var on = n === name;
      var t = $("tab-" + n);
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      $("panel-" + n).hidden = !on;
    });
    if (name === "agent") loadAgent();
    if (name === "archive" && !$("archive-list").children.length) searchArchive(false);
  }

  // ---- start ----
  function start() {
    var q = new URLSearchParams(location.search);
    if (q.get("error")) showError(q.get("error"));
    if (location.search) history.replaceState(null, "", "/");
    LC.api("GET", "/api/session").then(function (s) {
      if (!s.signed_in) {
        $("signin").hidden = false;
        $("oauth").hidden = !s.oauth;
        $("pat").hidden = !s.pat;
        return;
      }
      LC.setCSRF(s.csrf);
      $("app").hidden = false;
      $("logout").hidden = false;
      setConn("connecting");
      LC.connect(onPush, null, function () { setConn("offline", "app unreachable"); connState = "offline"; });
    }).catch(fail("Cannot reach the app"));

    $("pat").addEventListener("click", function () {
      LC.api("POST", "/login/pat").then(function () { location.reload(); }).catch(fail("Sign-in failed"));
    });
    $("logout").addEventListener("click", function () {
      LC.api("POST", "/logout").then(function () { location.reload(); }).catch(fail("Sign-out failed"));
    });
    ["chats", "archive", "agent"].forEach(function (n, i, all) {
      var t = $("tab-" + n);
      t.addEventListener("click", function () { selectTab(n); });
      t.addEventListener("keydown", function (e) {
        if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
        var next = all[(i + (e.key === "ArrowRight" ? 1 : all.length - 1)) % all.length];
        selectTab(next);
        $("tab-" + next).focus();
      });
    });
    $("composer").addEventListener("submit", function (e) {
      e.preventDefault();
      var t = $("message").value.trim();
      if (!t || !openID) return;
      $("message").value = "";
      send(t);
    });
    $("message").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        $("composer").requestSubmit();
      }
    });
    $("message").addEventListener("input", onInput);
    $("close-chat").addEventListener("click", function () {
      var id = openID;
      LC.api("POST", "/api/chats/" + encodeURIComponent(id) + "/close").catch(fail("Cannot close the chat"));
    });
    $("back").addEventListener("click", function () { document.querySelector(".split").classList.remove("reading"); });
    $("archive-search").addEventListener("submit", function (e) { e.preventDefault(); searchArchive(false); });
    $("archive-more").addEventListener("click", function () { searchArchive(true); });
  }

  start();
})();
