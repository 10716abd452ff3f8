// Shared by the Simple Agent and customer chat pages. Every piece of data
// is put in the page with textContent or as an attribute value: never as
// HTML. Served as /common.js (the pages' CSP forbids inline scripts).
"use strict";

var LC = (function () {
  var csrf = "";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // api calls the app's JSON API; state-changing calls carry the CSRF token.
  function api(method, path, body) {
    var opts = { method: method, headers: {}, credentials: "same-origin" };
    if (method !== "GET") opts.headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        var data = {};
        try { data = t ? JSON.parse(t) : {}; } catch (e) { data = { error: "bad answer (HTTP " + r.status + ")" }; }
        if (!r.ok) {
          var err = new Error(data.error || ("HTTP " + r.status));
          err.status = r.status;
          throw err;
        }
        return data;
      });
    });
  }

  function timeOf(ts) {
    if (!ts) return "";
    var d = new Date(ts);
    if (isNaN(d.getTime())) return "";
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  // renderEvent returns the element of one event. mine tells whether the
  // viewer wrote it (it is then drawn on the right).
  function renderEvent(ev, mine) {
    var kind = ev.author_kind || "other";
    var li = el("li", "event ev-" + ev.type + " from-" + kind + (mine ? " mine" : ""));
    li.dataset.id = ev.id || "";
    if (ev.custom_id) li.dataset.customId = ev.custom_id;
    if (ev.type !== "system_message") {
      var head = el("div", "meta");
      head.appendChild(el("span", "author", ev.author_name || (mine ? "You" : "")));
      head.appendChild(el("time", "when", timeOf(ev.created_at)));
      li.appendChild(head);
    }
    var body = el("div", "body");
    switch (ev.type) {
      case "message":
      case "system_message":
        body.textContent = ev.text || "";
        break;
      case "file":
        var a = el("a", "file", ev.name || ev.url || "file");
        if (/^https?:\/\//i.test(ev.url || "")) {
          a.href = ev.url;
          a.rel = "noopener noreferrer";
          a.target = "_blank";
        }
        body.appendChild(el("span", "label", "File: "));
        body.appendChild(a);
        break;
      case "rich_message":
        (ev.elements || []).forEach(function (x) {
          var card = el("div", "card");
          if (x.title) card.appendChild(el("strong", "title", x.title));
          if (x.subtitle) card.appendChild(el("div", "subtitle", x.subtitle));
          if (x.buttons && x.buttons.length) {
            var ul = el("ul", "buttons");
            x.buttons.forEach(function (b) { ul.appendChild(el("li", "button", b)); });
            card.appendChild(ul);
          }
          body.appendChild(card);
        });
        break;
      case "filled_form":
        var dl = el("dl", "form");
        (ev.fields || []).forEach(function (f) {
          dl.appendChild(el("dt", "", f.label));
          dl.appendChild(el("dd", "", f.answer));
        });
        body.appendChild(el("span", "label", "Form"));
        body.appendChild(dl);
        break;
      default:
        body.appendChild(el("span", "label", "Event of type " + ev.type));
        body.appendChild(el("pre", "raw", ev.raw ? JSON.stringify(ev.raw, null, 1) : ""));
    }
    li.appendChild(body);
    return li;
  }

  // connect opens the app's Server-Sent Events stream. The browser
  // reconnects by itself; onOpen runs on every (re)connection.
  function connect(onMessage, onOpen, onDrop) {
    var es = new EventSource("/events");
    es.onmessage = function (m) {
      var msg;
      try { msg = JSON.parse(m.data); } catch (e) { return; }
      onMessage(msg);
    };
    es.onopen = function () { if (onOpen) onOpen(); };
    es.onerror = function () { if (onDrop) onDrop(); };
    return es;
  }

  // metrics: arrival times of pushes (performance.now() based wall clock),
  // read by the benchmark in the browser tests; bounded.
  var metrics = { arrivals: [], renders: [], states: [] };
  function mark(list, v) {
    list.push(v);
    if (list.length > 5000) list.splice(0, list.length - 5000);
  }
  function now() { return performance.timeOrigin + performance.now(); }

  return {
    el: el, api: api, renderEvent: renderEvent, connect: connect, timeOf: timeOf,
    setCSRF: function (t) { csrf = t; },
    metrics: metrics, mark: mark, now: now
  };
})();
