import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

let bot: RunningApp;
beforeAll(async () => {
  bot = await startTestApp({}, { clock: { now: () => new Date('2026-11-25T09:00:00Z') } });
});
afterAll(async () => bot.stop());

const say = (text: string, conversation: string, user: string) => postActivity(bot.url, messageActivity(text, { conversation: { id: conversation }, from: { id: user } }));
const erase = (token: string | undefined, body: unknown) =>
  fetch(`${bot.url}/api/staff/privacy/erase`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

describe('privacy: erasing a client on request', () => {
  it('erases the client\'s cases, handoffs, transcripts and conversation state, and audits it', async () => {
    for (const text of ['Potřebuji nahlásit faktury po splatnosti', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Jan Novák', 'jan@acme.cz', 'Potvrdit']) {
      await say(text, 'priv-1', 'user-priv');
    }
    await say('Chci mluvit s člověkem', 'priv-1', 'user-priv');
    await say('CZ-2024-10001', 'priv-1', 'user-priv');
    await say('What is the address of your head office?', 'other-conv', 'someone-else');
    const stores = bot.app.internals.stores;
    expect(await stores.cases.listByClient('strojirny-morava')).toHaveLength(1);

    expect((await erase(undefined, { clientId: 'strojirny-morava' })).status).toBe(401);
    expect((await erase('demo-token-petr', { clientId: 'strojirny-morava' })).status).toBe(403);
    expect((await erase('demo-token-jana', {})).status).toBe(400);
    const res = await erase('demo-token-jana', { clientId: 'strojirny-morava' });
    expect(res.status).toBe(200);
    const { erased } = (await res.json()) as { erased: Record<string, number> };
    expect(erased).toMatchObject({ cases: 1, handoffs: 1 });
    expect(erased.transcriptEntries).toBeGreaterThan(10);
    expect(erased.conversationStates).toBeGreaterThanOrEqual(1);

    expect(await stores.cases.listByClient('strojirny-morava')).toEqual([]);
    expect(await stores.handoffs.list({})).toEqual([]);
    expect(await stores.transcripts.recentMessages('test', 'priv-1')).toEqual([]);
    // Someone else's conversation is untouched.
    expect((await stores.transcripts.recentMessages('test', 'other-conv')).length).toBeGreaterThan(0);

    const audit = (await (await fetch(`${bot.url}/api/staff/privacy/audit`, { headers: { authorization: 'Bearer demo-token-jana' } })).json()) as { audit: { actor: string; subject: string }[] };
    expect(audit.audit[0]).toMatchObject({ actor: 'jana.novakova', subject: 'client:strojirny-morava' });
  });
});
