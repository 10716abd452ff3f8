'use strict';
// Shared setup: the emulator's credentials (written by `livechat serve
// --credentials`) and where it listens. run.sh sets both variables.
const fs = require('fs');
const assert = require('assert');

const credFile = process.env.LIVECHAT_CREDENTIALS;
assert.ok(credFile, 'LIVECHAT_CREDENTIALS must name the emulator credentials file (use ./run.sh)');
const creds = JSON.parse(fs.readFileSync(credFile, 'utf8'));

// host:port of the emulator for SDKs with a documented host option.
const apiUrl = process.env.LIVECHAT_API_URL || '127.0.0.1:443';

// Bearer tokens carry their region as a prefix ("dal:…").
const region = (token) => token.split(':')[0];

// withTimeout rejects when p does not settle in ms (a hung SDK fails the
// test instead of hanging the run).
function withTimeout(p, ms, what) {
  let timer;
  return Promise.race([
    p,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

module.exports = { creds, apiUrl, region, withTimeout };
