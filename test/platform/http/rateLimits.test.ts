import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../../helpers/app.js';

let bot: RunningApp;
beforeAll(async () => {
  bot = await startTestApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '20', RATE_LIMIT_PER_USER_PER_MINUTE: '5' });
});
afterAll(async () => bot.stop());

describe('rate limits (429 with Retry-After)', () => {
  it('limits the messages of one channel user', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postActivity(bot.url, messageActivity('help', { from: { id: 'chatty' }, conversation: { id: 'rl-1' } }))).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity('help', { from: { id: 'chatty' } })) });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await postActivity(bot.url, messageActivity('help', { from: { id: 'quiet' } }))).status).toBe(200);
  });

  it('limits one address across users, /api/ask and the staff API included', async () => {
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) {
      const res = await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'Atrium?' }) });
      last = res.status;
    }
    expect(last).toBe(429);
    const staff = await fetch(`${bot.url}/api/staff/handoffs`, { headers: { authorization: 'Bearer demo-token-jana' } });
    expect(staff.status).toBe(429);
    expect(staff.headers.get('retry-after')).toBeTruthy();
  });
});
