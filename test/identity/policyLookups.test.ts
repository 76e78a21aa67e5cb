import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyLookupGuard } from '../../dialogs/policyLookupGuard.js';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

describe('PolicyLookupGuard', () => {
  it('allows the limit per requester per hour, then refuses until the hour has passed', () => {
    let now = new Date('2026-11-25T10:00:00Z');
    const guard = new PolicyLookupGuard(2, () => now);
    expect([guard.allow('a'), guard.allow('a'), guard.allow('a'), guard.allow('b')]).toEqual([true, true, false, true]);
    now = new Date('2026-11-25T11:00:01Z');
    expect(guard.allow('a')).toBe(true);
  });

  it('remembers a bounded number of requesters', () => {
    const guard = new PolicyLookupGuard(1, () => new Date(), 2);
    guard.allow('a');
    guard.allow('b');
    guard.allow('c');
    // "a" was forgotten (idle longest), so it may look up again; "c" may not.
    expect(guard.allow('a')).toBe(true);
    expect(guard.allow('c')).toBe(false);
  });
});

describe('policy lookups in a report form', () => {
  let bot: RunningApp;
  beforeAll(async () => {
    bot = await startTestApp({ POLICY_LOOKUPS_PER_HOUR: '2' });
  });
  afterAll(() => bot.stop());

  it('stops checking policy numbers past the limit and points to a person', async () => {
    const say = async (text: string) => (await postActivity(bot.url, messageActivity(text, { conversation: { id: 'lookups-1' }, from: { id: 'prober' } }))).activities.map((a) => a.text ?? '').join('\n');
    await say('I want to notify an overdue invoice');
    expect(await say('CZ-2099-00001')).toMatch(/could not find policy/);
    expect(await say('CZ-2099-00002')).toMatch(/could not find/);
    const third = await say('CZ-2024-10001');
    expect(third).toMatch(/Too many policy numbers have been entered/);
    expect(third).not.toMatch(/CZ-2024-10001 (is|was) found|found/i);
  });
});

describe('stopping a handoff at its policy question', () => {
  let bot: RunningApp;
  beforeAll(async () => {
    bot = await startTestApp();
  });
  afterAll(() => bot.stop());

  it('"end" stops it: nobody is handed over', async () => {
    const say = async (text: string) => (await postActivity(bot.url, messageActivity(text, { conversation: { id: 'stop-1' }, from: { id: 'stopper' }, locale: 'en-US' }))).activities.map((a) => a.text ?? '').join('\n');
    expect(await say('I want to talk to a person')).toMatch(/policy number/);
    expect(await say('end')).toMatch(/^All right\./);
    expect(await bot.app.internals.handoff.listFor({ id: 'jana.novakova', name: 'Jana Nováková', teams: ['cz-service'] })).toEqual([]);
  });
});
