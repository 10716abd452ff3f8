'use strict';
// @livechat/chat-sdk 0.2.0, unmodified. It connects through
// @livechat/platform-client and sockjs-client to the hard-wired
// https://api.livechatinc.com/v3.4/agent/rtm/sjs (region "europe":
// api-fra.livechatinc.com) — SockJS /info over HTTPS, then the SockJS
// websocket transport over WSS on port 443. It has no host option, so
// loopback.js (preloaded by run.sh) resolves those names to 127.0.0.1,
// where the emulator serves TLS on 443 with a certificate trusted through
// NODE_EXTRA_CA_CERTS.
const test = require('node:test');
const assert = require('assert');
const ChatSDK = require('@livechat/chat-sdk');
const { creds, withTimeout } = require('./env');

async function session(config, token, body) {
  const sdk = new ChatSDK(config);
  try {
    const ready = new Promise((resolve) => sdk.on('ready', resolve));
    sdk.init({ access_token: token });
    await withTimeout(ready, 15000, 'ChatSDK ready (SockJS connect + login)');
    await body(sdk);
  } finally {
    sdk.destroy();
  }
}

test('chat-sdk: agent logs in over SockJS, sends a message, receives the push, lists chats', async () => {
  const agent = creds.agent;
  await session({}, agent.token, async (sdk) => {
    const me = await sdk.getAgentDetails();
    assert.strictEqual(me.my_profile.id, agent.id);

    const started = await sdk.methodFactory({
      action: 'start_chat',
      payload: { chat: { thread: { events: [{ type: 'message', text: 'chat started by chat-sdk' }] } } },
    });
    assert.ok(started.chat_id, 'start_chat returned no chat_id');

    const pushed = new Promise((resolve) => sdk.on('incoming_event', resolve));
    const sent = await sdk.sendMessage(started.chat_id, 'hello from chat-sdk');
    assert.ok(sent.event_id, 'send_event returned no event_id');

    // ChatSDK emits the whole push frame.
    const push = await withTimeout(pushed, 10000, 'incoming_event push');
    assert.strictEqual(push.type, 'push');
    assert.strictEqual(push.payload.chat_id, started.chat_id);
    assert.strictEqual(push.payload.event.text, 'hello from chat-sdk');

    const list = await sdk.methodFactory({ action: 'list_chats', payload: {} });
    assert.ok(list.chats_summary.some((c) => c.id === started.chat_id), 'list_chats lacks the chat');

    // A failing action rejects with the response frame.
    await assert.rejects(sdk.methodFactory({ action: 'get_chat', payload: { chat_id: 'NO_SUCH_CHAT' } }),
      (e) => e && e.success === false && e.payload.error.type === 'not_found');
  });
});

test('chat-sdk: region europe (api-fra.livechatinc.com) and a personal access token', async () => {
  const owner = creds.owner;
  // personal_access_token is sent as "Basic <value>": the value is base64(account_id:PAT).
  const pat = owner.basic.replace(/^Basic /, '');
  const sdk = new ChatSDK({ region: 'europe' });
  try {
    const ready = new Promise((resolve) => sdk.on('ready', resolve));
    sdk.init({ personal_access_token: pat });
    await withTimeout(ready, 15000, 'ChatSDK ready (europe, PAT)');
    const me = await sdk.getAgentDetails();
    assert.strictEqual(me.my_profile.id, owner.id);
    const list = await sdk.methodFactory({ action: 'list_chats', payload: {} });
    assert.ok(Array.isArray(list.chats_summary));
  } finally {
    sdk.destroy();
  }
});
