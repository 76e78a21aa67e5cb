import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

// Exploit: typing another client's policy number into a form (and cancelling) counted as proof
// of ownership; the visitor then read status, history and staff notes of every case under that
// policy, guessed neighbouring references (they were sequential), and the policy check told them
// the client's name and manager.

const POLICY = 'CZ-2024-10001';
const OWNER = { company: 'Strojírny Morava', manager: 'Jana Nováková', managerMail: 'jana.novakova@example.com', managerPhone: '200 000 101' };
const overdueCs = ['Potřebuji nahlásit faktury po splatnosti', POLICY, 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Jan Novák', 'jan@acme.cz', 'Potvrdit'];

let bot: RunningApp;
let reference: string;

function chat(conversationId: string, userId: string, channelId = 'test') {
  return async (text: string) => {
    const { status, activities } = await postActivity(bot.url, messageActivity(text, { channelId, conversation: { id: conversationId }, from: { id: userId } }));
    expect(status).toBe(200);
    return activities.map((a) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`).join('\n');
  };
}

beforeAll(async () => {
  bot = await startTestApp();
  const owner = chat('owner-conv', 'owner-user');
  let last = '';
  for (const answer of overdueCs) last = await owner(answer);
  reference = /OVD-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(last)![0];
  await bot.app.internals.cases.updateStatus(reference, { status: 'in_review', note: 'Ověřujeme fakturu u odběratele', by: 'jana.novakova' }, new Date());
});
afterAll(async () => {
  await bot?.stop();
});

describe("another client's case data", () => {
  it('the owner sees their own case, history and note included', async () => {
    const text = await chat('owner-conv', 'owner-user')(`Jaký je stav ${reference}?`);
    expect(text).toContain('Ověřujeme fakturu');
  });

  it('typing the policy number tells a visitor only that it exists: no company, no manager', async () => {
    const attacker = chat('attacker-conv', 'attacker');
    await attacker('Potřebuji nahlásit faktury po splatnosti');
    const afterPolicy = await attacker(POLICY);
    for (const secret of Object.values(OWNER)) expect(afterPolicy).not.toContain(secret);
    expect(afterPolicy).toContain(POLICY);
    // Cancelling the form used to leave the policy behind as "proved".
    await attacker('zrušit');
    await attacker('ano');
    const status = await attacker(`Jaký je stav ${reference}?`);
    expect(status).not.toContain('Ověřujeme');
    expect(status).not.toMatch(/podáno|v řešení|in review/i);
    expect(status).toContain('nenacházím');
  });

  it('a summary card shows the policy number, never whose it is', async () => {
    const visitor = chat('summary-conv', 'visitor');
    let last = '';
    for (const answer of overdueCs.slice(0, -1)) last = await visitor(answer);
    expect(last).toContain(POLICY);
    for (const secret of Object.values(OWNER)) expect(last).not.toContain(secret);
  });

  it('the filing confirmation names no manager or contact', async () => {
    const visitor = chat('file-conv', 'visitor-2');
    let last = '';
    for (const answer of overdueCs) last = await visitor(answer);
    expect(last).toMatch(/OVD-\d{4}-\d{6}-[0-9A-Z]{4}/);
    for (const secret of [OWNER.manager, OWNER.managerMail, OWNER.managerPhone]) expect(last).not.toContain(secret);
  });

  it('the same user id on another channel is another identity', async () => {
    const text = await chat('owner-conv-2', 'owner-user', 'emulator')(`Jaký je stav ${reference}?`);
    expect(text).not.toContain('Ověřujeme');
  });

  it('references are not enumerable: the sequence number alone or with another suffix finds nothing', async () => {
    const [, kind, year, sequence] = /(OVD)-(\d{4})-(\d{6})/.exec(reference)!;
    const other = chat('guess-conv', 'owner-user');
    expect(await other(`Jaký je stav ${kind}-${year}-${sequence}?`)).not.toContain('Ověřujeme');
    const wrongSuffix = reference.endsWith('0000') ? '1111' : '0000';
    expect(await chat('owner-conv', 'owner-user')(`Jaký je stav ${kind}-${year}-${sequence}-${wrongSuffix}?`)).not.toContain('Ověřujeme');
  });
});
