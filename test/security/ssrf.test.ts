import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { startTeamsReceiver, type TeamsReceiver } from '../channels/teams/teamsHelpers.js';

// Exploit: with SERVICE_URL_ALLOWLIST unset (the default) an unsigned activity made the bot POST
// its replies to any serviceUrl, private ranges and other hosts included. Unsigned activities are
// now refused by default (teamsImpersonation.test.ts); under the development opt-in they may name
// only a loopback serviceUrl, the Emulator's.

let bot: RunningApp;
let emulator: TeamsReceiver;
beforeAll(async () => {
  bot = await startTestApp({ DEV_ALLOW_ANONYMOUS_MESSAGES: 'true' });
  emulator = await startTeamsReceiver();
});
afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

async function send(activity: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  return { status: res.status, text: await res.text() };
}

describe('an unsigned activity never makes the bot call another machine', () => {
  it.each([
    'http://10.0.0.1/',
    'http://192.168.1.10:8080/',
    'https://attacker.example/',
    'http://127.0.0.1.attacker.example/',
    'http://localhost@attacker.example/',
    'http://169.254.169.254/latest/meta-data/',
    'file:///etc/passwd',
  ])('refuses serviceUrl %s with 403, even for expectReplies (a handoff would call it later)', async (serviceUrl) => {
    for (const deliveryMode of ['normal', 'expectReplies']) {
      const { status } = await send(messageActivity('Jak nahlásit škodu?', { channelId: 'emulator', serviceUrl, deliveryMode, conversation: { id: `ssrf-${deliveryMode}` } }));
      expect([400, 403]).toContain(status);
    }
  });

  it('refuses a request that came through a proxy (every client would look local)', async () => {
    const { status } = await send(messageActivity('ahoj', { channelId: 'emulator', serviceUrl: emulator.url, deliveryMode: 'normal', conversation: { id: 'proxied' } }), { 'x-forwarded-for': '203.0.113.9' });
    expect(status).toBe(403);
    expect(emulator.calls.filter((c) => c.conversationId === 'proxied')).toEqual([]);
  });

  it('still serves the Emulator: replies are POSTed to its loopback serviceUrl', async () => {
    const { status } = await send(messageActivity('Jak nahlásit škodu?', { channelId: 'emulator', serviceUrl: emulator.url, deliveryMode: 'normal', conversation: { id: 'emulator-1' } }));
    expect(status).toBe(200);
    const reply = await emulator.waitFor((c) => c.conversationId === 'emulator-1' && c.activity.type === 'message', 'the reply at the Emulator');
    expect(reply.activity.text).toBeTruthy();
  });
});
