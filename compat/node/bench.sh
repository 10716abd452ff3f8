#!/usr/bin/env bash
# Peer benchmark: the official @livechat/lc-sdk-js (Node), the Go SDK and a
# minimal raw coder/websocket client (bench/peer) against ONE emulator
# (TLS, loopback), in alternating rounds; prints medians and the medians of
# the per-round ratios. Not part of .ci/run (it takes minutes).
#
#   compat/node/bench.sh                      # 4 rounds
#   ROUNDS=6 RTM_N=3000 WEB_N=3000 MEM_CONNS=1000 compat/node/bench.sh
#   OLD_PEER=/path/to/peer-built-from-an-older-commit compat/node/bench.sh
#
# Cases per round (the order rotates each round): RTM send_event serially
# and at 10 in flight (go-sdk, go-raw, lc-sdk-js), Web send_event at 10 in
# flight (go-sdk = the SDK's default client, go-pooled = a hand-tuned pool,
# go-godefault = Go's default transport, lc-sdk-js). Then idle memory per
# logged-in RTM connection with 0 and with 20 chats on the account (go-sdk,
# go-raw, lc-sdk-js; go-old when OLD_PEER is set). Raw results go to
# $OUT (default bench-results.jsonl in the current directory). The Go runs
# also report the emulator's CPU per request (server_cpu_us, from /proc).
# @livechat/chat-sdk is not driven here: it only reaches the hard-wired
# api.livechatinc.com:443 over SockJS (see run.sh), a different wire.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ROUNDS=${ROUNDS:-4}
RTM_N=${RTM_N:-2000}
RTM_SERIAL_N=${RTM_SERIAL_N:-1000}
WEB_N=${WEB_N:-2000}
MEM_CONNS=${MEM_CONNS:-200}
PORT=${PORT:-18443}
OUT=${OUT:-$PWD/bench-results.jsonl}
work=$(mktemp -d "${TMPDIR:-/tmp}/livechat-bench-node.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v node >/dev/null || { echo "bench: node is not installed" >&2; exit 1; }
echo "bench: building the emulator and bench/peer" >&2
(cd "$repo" && go build -o "$work/livechat" ./cmd/livechat && go build -o "$work/peer" ./bench/peer)
if [ ! -d "$here/node_modules/@livechat/lc-sdk-js" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

"$work/livechat" serve --addr "127.0.0.1:$PORT" --data "$work/data" --tls \
  --credentials "$work/creds.json" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/creds.json" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
export LIVECHAT_URL="https://127.0.0.1:$PORT" LIVECHAT_CREDENTIALS="$work/creds.json" LIVECHAT_CA="$work/data/tls/ca.pem"
export NODE_EXTRA_CA_CERTS="$LIVECHAT_CA" LIVECHAT_API_URL="127.0.0.1:$PORT"
: >"$OUT"

run() { echo "bench: $*" >&2; "$@" >>"$OUT"; }
node_() { (cd "$here" && run node "$@"); }

# Memory first: the account has no chat yet.
mem_round() {
  local chats=$1
  run "$work/peer" mem -impl sdk -label go-sdk -conns "$MEM_CONNS" -chats "$chats"
  if [ -n "${OLD_PEER:-}" ]; then run "$OLD_PEER" mem -impl sdk -label go-old -conns "$MEM_CONNS" -chats "$chats"; fi
  run "$work/peer" mem -impl raw -label go-raw -conns "$MEM_CONNS" -chats "$chats"
  (cd "$here" && echo "bench: node lc-sdk-js mem" >&2 &&
    node --expose-gc bench.js mem --conns "$MEM_CONNS" | node -e "
      let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);r.chats=$chats;console.log(JSON.stringify(r))})" >>"$OUT")
}
mem_round 0
mem_round 20

cases=(rtm1 rtm10 web10)
for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round of $ROUNDS" >&2
  for k in $(seq 0 2); do
    c=${cases[$(((round + k) % 3))]}
    case $c in
    rtm1)
      run "$work/peer" rtm -impl sdk -label go-sdk -inflight 1 -n "$RTM_SERIAL_N" -server-pid "$pid"
      run "$work/peer" rtm -impl raw -label go-raw -inflight 1 -n "$RTM_SERIAL_N" -server-pid "$pid"
      node_ bench.js rtm --inflight 1 --n "$RTM_SERIAL_N" ;;
    rtm10)
      run "$work/peer" rtm -impl sdk -label go-sdk -inflight 10 -n "$RTM_N" -server-pid "$pid"
      run "$work/peer" rtm -impl raw -label go-raw -inflight 10 -n "$RTM_N" -server-pid "$pid"
      node_ bench.js rtm --inflight 10 --n "$RTM_N" ;;
    web10)
      run "$work/peer" web -impl sdk -label go-sdk -inflight 10 -n "$WEB_N" -server-pid "$pid"
      run "$work/peer" web -impl pooled -label go-pooled -inflight 10 -n "$WEB_N" -server-pid "$pid"
      run "$work/peer" web -impl godefault -label go-godefault -inflight 10 -n "$WEB_N" -server-pid "$pid"
      node_ bench.js web --inflight 10 --n "$WEB_N" ;;
    esac
  done
done
(cd "$here" && node bench.js summarize "$OUT")
