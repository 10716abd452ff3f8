'use strict';
// The Node side of the peer benchmark (bench.sh): @livechat/lc-sdk-js,
// unmodified, against the emulator. Prints one JSON line per run, in the
// schema of the Go side (bench/peer):
//
//   node bench.js rtm --inflight 1|10 --n 1000   RTM send_event
//   node bench.js web --inflight 10 --n 1000     Web send_event
//   node --expose-gc bench.js mem --conns 200    idle logged-in RTM connections
//   node bench.js summarize results.jsonl        medians and ratios (Markdown)
//
// cpu_us is process.cpuUsage() (user+system) of the measured loop ÷ requests;
// p50/p99 run from the call to its settled promise. mem's kib_per_conn is the
// growth of heapUsed+external (after gc) ÷ connections, rss_kib that of RSS.
const fs = require('fs');

function args() {
  const a = { mode: process.argv[2], inflight: 1, n: 1000, conns: 200, file: process.argv[3] };
  for (let i = 3; i < process.argv.length; i += 2) {
    const k = process.argv[i].replace(/^--/, '');
    if (k in a) a[k] = Number(process.argv[i + 1]);
  }
  return a;
}

async function loop(a, op) {
  const lat = new Array(a.n);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= a.n) return;
      const s = process.hrtime.bigint();
      await op();
      lat[i] = Number(process.hrtime.bigint() - s) / 1000;
    }
  };
  await Promise.all(Array.from({ length: a.inflight }, worker));
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((x, y) => x - y);
  return {
    n: a.n, inflight: a.inflight, ops_per_s: a.n / wall, cpu_us: (cpu.user + cpu.system) / a.n,
    p50_us: Math.round(lat[Math.floor(a.n / 2)]), p99_us: Math.round(lat[Math.floor(a.n * 99 / 100)]),
  };
}

function env() {
  const { creds, apiUrl, region } = require('./test/env');
  return { creds, apiUrl, region, Agent: require('@livechat/lc-sdk-js').Agent };
}

async function rtmConn(e) {
  const rtm = new e.Agent.RTM({ apiUrl: e.apiUrl });
  await rtm.connect();
  await rtm.login(`Bearer ${e.creds.owner.token}`);
  return rtm;
}

function closeRTM(rtm) {
  // The SDK has no disconnect method: stop its ping timer and close its socket.
  clearInterval(rtm.heartbeatInterval);
  if (rtm.socket) rtm.socket.close();
}

const event = { type: 'message', text: 'hello from the peer benchmark' };

async function benchRTM(a) {
  const e = env();
  const rtm = await rtmConn(e);
  try {
    const { chat_id: chatID } = await rtm.startChat({ chat: {} });
    const r = await loop(a, async () => {
      const res = await rtm.sendEvent(chatID, event);
      if (!res.event_id) throw new Error('send_event: no event_id');
    });
    return { kind: 'rtm', impl: 'lc-sdk-js', action: 'send_event', ...r };
  } finally {
    closeRTM(rtm);
  }
}

async function benchWeb(a) {
  const e = env();
  const owner = e.creds.owner;
  const web = new e.Agent.Web(e.creds.client_id, () => ({ accessToken: owner.token, region: e.region(owner.token) }), { apiUrl: e.apiUrl });
  const { chat_id: chatID } = await web.startChat({ chat: {} });
  const r = await loop(a, async () => {
    const res = await web.sendEvent(chatID, event);
    if (!res.event_id) throw new Error('send_event: no event_id');
  });
  return { kind: 'web', impl: 'lc-sdk-js', action: 'send_event', ...r };
}

function mem() {
  for (let i = 0; i < 5; i++) global.gc();
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.external, rss: m.rss };
}

async function benchMem(a) {
  if (typeof global.gc !== 'function') throw new Error('mem needs node --expose-gc');
  const e = env();
  (await rtmConn(e)) && null; // warm up the modules and TLS context once
  const before = mem();
  const conns = [];
  let next = 0;
  const dialer = async () => {
    while (next++ < a.conns) conns.push(await rtmConn(e));
  };
  await Promise.all(Array.from({ length: 4 }, dialer));
  await new Promise((r) => setTimeout(r, 1000));
  const after = mem();
  for (const c of conns) closeRTM(c);
  return {
    kind: 'mem', impl: 'lc-sdk-js', conns: a.conns,
    kib_per_conn: (after.js - before.js) / a.conns / 1024, rss_kib: (after.rss - before.rss) / a.conns / 1024,
  };
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// summarize prints, per case, the medians of every implementation and the
// medians of the per-round ratios against go-raw and lc-sdk-js.
function summarize(file) {
  const rows = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const cases = new Map();
  for (const r of rows) {
    const key = r.kind === 'mem' ? `mem chats=${r.chats || 0}` : `${r.kind} ${r.action} inflight=${r.inflight}`;
    if (!cases.has(key)) cases.set(key, new Map());
    const impls = cases.get(key);
    if (!impls.has(r.impl)) impls.set(r.impl, []);
    impls.get(r.impl).push(r);
  }
  const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '' : x.toFixed(d));
  for (const [key, impls] of cases) {
    console.log(`\n${key}\n`);
    if (key.startsWith('mem')) {
      console.log('| impl | runs | KiB/conn | heap KiB | stack KiB | RSS KiB (node) |');
      console.log('| -- | --: | --: | --: | --: | --: |');
      for (const [impl, rs] of impls) {
        const med = (k) => median(rs.map((r) => r[k]).filter((v) => v !== undefined));
        console.log(`| ${impl} | ${rs.length} | ${f(med('kib_per_conn'))} | ${f(med('heap_kib'))} | ${f(med('stack_kib'))} | ${f(med('rss_kib'))} |`);
      }
      continue;
    }
    console.log('| impl | runs | ops/s | CPU µs/op | p50 µs | p99 µs | new conns | server CPU µs/op | ops/s ÷ raw | CPU ÷ raw | ops/s ÷ lc-sdk-js | CPU ÷ lc-sdk-js |');
    console.log('| -- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
    const ratio = (impl, base, k) => {
      const a = impls.get(impl); const b = impls.get(base);
      if (!a || !b) return undefined;
      const n = Math.min(a.length, b.length);
      return median(Array.from({ length: n }, (_, i) => a[i][k] / b[i][k]));
    };
    for (const [impl, rs] of impls) {
      const med = (k) => median(rs.map((r) => r[k] || 0));
      const raw = impls.has('go-raw') ? 'go-raw' : 'go-pooled';
      console.log(`| ${impl} | ${rs.length} | ${f(med('ops_per_s'), 0)} | ${f(med('cpu_us'))} | ${f(med('p50_us'), 0)} | ${f(med('p99_us'), 0)} | ${key.startsWith('web') ? f(med('new_conns'), 0) : ''} | ${rs[0].server_cpu_us ? f(med('server_cpu_us'), 0) : ''} | ${f(ratio(impl, raw, 'ops_per_s'), 2)} | ${f(ratio(impl, raw, 'cpu_us'), 2)} | ${f(ratio(impl, 'lc-sdk-js', 'ops_per_s'), 2)} | ${f(ratio(impl, 'lc-sdk-js', 'cpu_us'), 2)} |`);
    }
  }
}

(async () => {
  const a = args();
  let r;
  switch (a.mode) {
    case 'rtm': r = await benchRTM(a); break;
    case 'web': r = await benchWeb(a); break;
    case 'mem': r = await benchMem(a); break;
    case 'summarize': summarize(a.file); return;
    default: throw new Error('usage: node bench.js rtm|web|mem|summarize');
  }
  console.log(JSON.stringify(r));
  process.exit(0);
})().catch((err) => {
  console.error('bench.js:', err);
  process.exit(1);
});
