#!/usr/bin/env bash
# Compatibility test: the official LiveChat Node SDKs from npm, unmodified
# (@livechat/lc-sdk-js and @livechat/chat-sdk, pinned in package-lock.json),
# against the livechat-go emulator. One command, from anywhere:
#
#   compat/node/run.sh
#
# It builds `livechat`, serves it with --tls on 127.0.0.1:443 (the port the
# SDKs use; binding it needs root or CAP_NET_BIND_SERVICE), installs the
# packages with `npm ci`, and runs node's test runner with:
#   NODE_EXTRA_CA_CERTS  the emulator's generated CA (<data>/tls/ca.pem)
#   NODE_OPTIONS         --require loopback.js: api.livechatinc.com and
#                        api-fra.livechatinc.com resolve to 127.0.0.1 in the
#                        test processes only; other names do not resolve
#   LIVECHAT_API_URL     127.0.0.1:443, for lc-sdk-js's own apiUrl option
# Only loopback traffic: nothing here reaches the internet (npm ci talks to
# the npm registry to install the pinned packages).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=443 # the port @livechat/chat-sdk connects to (https/wss default)
work=$(mktemp -d "${TMPDIR:-/tmp}/livechat-compat-node.XXXXXX")
pid=""

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v node >/dev/null || { echo "compat/node: node is not installed" >&2; exit 1; }
command -v npm >/dev/null || { echo "compat/node: npm is not installed" >&2; exit 1; }
echo "compat/node: node $(node --version), npm $(npm --version 2>/dev/null)"

echo "compat/node: building the emulator"
(cd "$repo" && go build -o "$work/livechat" ./cmd/livechat)

echo "compat/node: npm ci"
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "compat/node: starting the emulator with TLS on 127.0.0.1:$port"
"$work/livechat" serve --addr "127.0.0.1:$port" --data "$work/data" --tls \
  --credentials "$work/creds.json" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/creds.json" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "compat/node: the emulator did not start:" >&2
    cat "$work/serve.log" >&2
    if [ "$port" -lt 1024 ] && [ "$(id -u)" != 0 ]; then
      echo "compat/node: port $port needs root (sudo compat/node/run.sh) or" >&2
      echo "  sudo sysctl net.ipv4.ip_unprivileged_port_start=$port" >&2
    fi
    exit 1
  fi
  sleep 0.1
done
[ -s "$work/creds.json" ] || { echo "compat/node: no credentials file" >&2; cat "$work/serve.log" >&2; exit 1; }

status=0
(
  cd "$here"
  export NODE_EXTRA_CA_CERTS="$work/data/tls/ca.pem"
  export NODE_OPTIONS="--require $here/loopback.js"
  export LIVECHAT_CREDENTIALS="$work/creds.json"
  export LIVECHAT_API_URL="127.0.0.1:$port"
  node --test test/*.test.js
) || status=$?
if [ "$status" != 0 ]; then
  echo "compat/node: FAILED; emulator log:" >&2
  tail -n 50 "$work/serve.log" >&2
fi
exit "$status"
