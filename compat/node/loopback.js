'use strict';
// Preloaded (NODE_OPTIONS=--require …/loopback.js) into the compatibility
// test processes only. The official SDKs are used unmodified; those with a
// hard-wired host (@livechat/chat-sdk connects to https://api.livechatinc.com
// or https://api-fra.livechatinc.com, with no option to change it) reach the
// emulator because this preload makes exactly the platform host names
// resolve to 127.0.0.1. Node's net/tls/http clients (and so axios, ws,
// faye-websocket and sockjs-client) resolve names through dns.lookup, looked
// up on the dns module at call time, so wrapping it is enough.
//
// It also keeps the tests off the network: any other name except localhost
// fails to resolve. Nothing is changed outside this process (no /etc/hosts).
const dns = require('dns');

const PLATFORM_HOSTS = new Set(['api.livechatinc.com', 'api-fra.livechatinc.com', 'accounts.livechat.com']);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

const original = dns.lookup;

function loopbackLookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  } else if (typeof options === 'number') {
    options = { family: options };
  } else if (options == null) {
    options = {};
  }
  const name = String(hostname).toLowerCase().replace(/\.$/, '');
  if (PLATFORM_HOSTS.has(name)) {
    const address = '127.0.0.1';
    process.nextTick(() => {
      if (options.all) callback(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    });
    return {};
  }
  if (LOCAL_HOSTS.has(name)) {
    return original.call(dns, hostname, options, callback);
  }
  const err = new Error(`compat loopback guard: refusing to resolve ${hostname} (tests talk to the local emulator only)`);
  err.code = 'ENOTFOUND';
  err.hostname = hostname;
  process.nextTick(() => callback(err));
  return {};
}

dns.lookup = loopbackLookup;
dns.promises.lookup = (hostname, options) =>
  new Promise((resolve, reject) => {
    loopbackLookup(hostname, { ...(typeof options === 'number' ? { family: options } : options) }, (err, address, family) => {
      if (err) reject(err);
      else if (Array.isArray(address)) resolve(address);
      else resolve({ address, family });
    });
  });
