'use strict';
// @livechat/lc-sdk-js 4.0.2, unmodified: Agent RTM (wss://<apiUrl>/v3.4/agent/rtm/ws
// through ws) and Agent Web (https://<apiUrl>/v3.4/agent/action/… through axios).
// The host comes from the SDK's own `apiUrl` option.
const test = require('node:test');
const assert = require('assert');
const { Agent } = require('@livechat/lc-sdk-js');
const { creds, apiUrl, region, withTimeout } = require('./env');

test('lc-sdk-js: agent logs in over RTM, sends a message over Web, receives the push, lists chats', async () => {
  const owner = creds.owner;
  const rtm = new Agent.RTM({ apiUrl });
  await withTimeout(rtm.connect(), 10000, 'RTM connect');
  try {
    const login = await withTimeout(rtm.login(`Bearer ${owner.token}`), 10000, 'login');
    assert.strictEqual(login.my_profile.id, owner.id);
    assert.strictEqual(login.license.organization_id, creds.organization_id);

    const started = await rtm.startChat({
      chat: { thread: { events: [{ type: 'message', text: 'chat started by lc-sdk-js RTM' }] } },
    });
    assert.ok(started.chat_id, 'start_chat returned no chat_id');

    const web = new Agent.Web(creds.client_id, () => ({ accessToken: owner.token, region: region(owner.token) }), { apiUrl });
    const pushed = new Promise((resolve) => rtm.on('incoming_event', resolve));
    const sent = await web.sendEvent(started.chat_id, { type: 'message', text: 'hello from lc-sdk-js Web' });
    assert.ok(sent.event_id, 'send_event returned no event_id');

    const push = await withTimeout(pushed, 10000, 'incoming_event push');
    assert.strictEqual(push.chat_id, started.chat_id);
    assert.strictEqual(push.event.text, 'hello from lc-sdk-js Web');
    assert.strictEqual(push.event.id, sent.event_id);

    const overWeb = await web.listChats();
    assert.ok(overWeb.chats_summary.some((c) => c.id === started.chat_id), 'list_chats (Web) lacks the chat');
    const overRTM = await rtm.listChats();
    assert.ok(overRTM.chats_summary.some((c) => c.id === started.chat_id), 'list_chats (RTM) lacks the chat');

    // An error comes back as the SDK's rejected promise with the API error.
    await assert.rejects(web.getChat('NO_SUCH_CHAT'), (e) => e && e.type === 'not_found');
  } finally {
    // The SDK has no disconnect method: stop its ping timer and close its socket.
    clearInterval(rtm.heartbeatInterval);
    if (rtm.socket) rtm.socket.close();
  }
});
