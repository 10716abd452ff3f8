// The emulator's read-only UI: polls the snapshot and the request log
// every second and renders them with textContent only.
"use strict";
(function () {
  var lastRequest = 0;
  var maxRequests = 200;

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text === undefined || text === null ? "" : String(text);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function fill(id, rows, render) {
    var body = document.getElementById(id + "-body");
    var fresh = document.createElement("tbody");
    fresh.id = body.id;
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      render(tr, r);
      fresh.appendChild(tr);
    });
    body.parentNode.replaceChild(fresh, body);
    document.getElementById(id + "-count").textContent = "(" + rows.length + ")";
  }

  function status(ok, text) {
    var s = document.getElementById("status");
    s.textContent = text;
    s.className = "status " + (ok ? "ok" : "err");
  }

  function renderSnapshot(s) {
    fill("chats", s.chats || [], function (tr, c) {
      tr.dataset.chat = c.id;
      cell(tr, c.id);
      cell(tr, c.thread_id);
      cell(tr, c.active ? "active" : "inactive");
      cell(tr, (c.users || []).join(", "));
      cell(tr, c.events);
      cell(tr, (c.last_author ? c.last_author + ": " : "") + (c.last_text || c.last_type || ""), "last");
      cell(tr, c.last_at);
    });
    var users = (s.agents || []).concat(s.customers || []);
    fill("users", users, function (tr, u) {
      cell(tr, u.id);
      cell(tr, u.name);
      cell(tr, u.kind);
      cell(tr, u.role);
      cell(tr, u.status || u.email);
    });
    fill("deliveries", s.deliveries || [], function (tr, d) {
      if (d.status === "failed") { tr.className = "error"; }
      cell(tr, d.id);
      cell(tr, d.action);
      cell(tr, d.url);
      cell(tr, d.status);
      cell(tr, d.attempts);
      cell(tr, d.last_code ? d.last_code : (d.last_error || ""));
      cell(tr, d.created_at);
    });
    document.getElementById("connections").textContent = s.connections + " RTM connection(s)";
  }

  function addRequests(list) {
    var body = document.getElementById("requests-body");
    list.forEach(function (e) {
      var tr = document.createElement("tr");
      if (e.error || e.status >= 400) { tr.className = "error"; }
      cell(tr, e.id);
      cell(tr, new Date(e.time).toLocaleTimeString());
      cell(tr, e.kind);
      cell(tr, e.kind === "rtm" ? (e.api || "agent") + " " + e.action : e.method + " " + e.path);
      cell(tr, e.who);
      cell(tr, e.error ? e.error : (e.status ? e.status : "ok"));
      cell(tr, (e.duration_ns / 1e6).toFixed(1));
      cell(tr, e.body, "body");
      body.insertBefore(tr, body.firstChild);
    });
    while (body.rows.length > maxRequests) { body.deleteRow(body.rows.length - 1); }
    document.getElementById("requests-count").textContent = "(" + body.rows.length + " shown)";
  }

  function getJSON(url) {
    return fetch(url, { cache: "no-store", credentials: "omit" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function tick() {
    Promise.all([getJSON("api/snapshot"), getJSON("../requests?since=" + lastRequest)])
      .then(function (res) {
        renderSnapshot(res[0]);
        addRequests(res[1].requests || []);
        lastRequest = res[1].last_id || lastRequest;
        status(true, "live");
      })
      .catch(function (err) { status(false, "offline: " + err.message); })
      .then(function () { setTimeout(tick, 1000); });
  }
  tick();
})();
