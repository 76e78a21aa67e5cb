import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 8: "jaká je lhůta pro nahlášení?" in the middle of a report got a fragment of a
// worked example. A question about the policy's own terms is answered from the policy (CZ-2024-10001:
// 60 days), with the invoice's own date when it is known, and the pending question follows.
describe('questions about the policy terms in the middle of a report', () => {
  it.each([
    ['cs', 'jaká je lhůta pro nahlášení?', /Podle vaší smlouvy CZ-2024-10001 je třeba fakturu po splatnosti oznámit do 60 dnů od jejího původního data splatnosti\.[\s\S]*⚠ Lhůta pro oznámení faktury F-1 uplynula 30\. 11\. 2025[\s\S]*zpět k vašemu hlášení[\s\S]*Na jakou částku faktura F-1 zní/],
    ['cs', 'do kdy to musím nahlásit', /do 60 dnů[\s\S]*zpět k vašemu hlášení[\s\S]*Na jakou částku/],
    ['en', 'what is the deadline for notifying?', /Under your policy CZ-2024-10001, an overdue invoice must be notified within 60 days[\s\S]*back to your report/i],
    ['en', 'how long do I have to report it', /within 60 days[\s\S]*back to your report/i],
  ] as const)('%s: %j', async (lang, question, expected) => {
    // Verified as the holder of CZ-2024-10001 (its only policy, so the form fills it in).
    const h = mainDialogHarness(await testServices(), lang, { verifiedAs: 'strojirny-morava' });
    const answers = lang === 'cs'
      ? ['Chci nahlásit fakturu po splatnosti', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 9. 2025', '1. 10. 2025']
      : ['I want to report an overdue invoice', 'ACME s.r.o.', 'CZ', '27074358', 'skip', 'F-1', '2025-09-01', '2025-10-01'];
    for (const answer of answers) await h.texts(answer);
    expect(await h.texts(question)).toMatch(expected);
  });

  it('a visitor who only typed the policy number is not told its terms', async () => {
    const h = mainDialogHarness(await testServices(), 'cs');
    for (const answer of ['Chci nahlásit fakturu po splatnosti', 'CZ-2024-10001']) await h.texts(answer);
    expect(await h.texts('jaká je lhůta pro nahlášení?')).not.toMatch(/Podle vaší smlouvy CZ-2024-10001|60 dnů/);
  });

  it('a question about something else goes to the knowledge base, then the form goes on', async () => {
    const h = mainDialogHarness(await testServices(), 'cs');
    for (const answer of ['Chci nahlásit fakturu po splatnosti', 'CZ-2024-10001']) await h.texts(answer);
    const reply = await h.texts('jak mám nahlásit škodnou událost?');
    expect(reply).not.toMatch(/do 60 dnů/);
    expect(reply).toMatch(/zpět k vašemu hlášení[\s\S]*Jak se jmenuje odběratel/);
  });

  it.each([
    ['cs', 'jak dlouho bude trvat vyřízení', /Pomohu vám jen s otázkami/],
    ['en', 'how long will the processing take', /I can only help with questions/i],
  ] as const)('%s: %j in a report is about the report: never "out of scope"', async (lang, question, outOfScope) => {
    const h = mainDialogHarness(await testServices(), lang);
    await h.texts(lang === 'cs' ? 'Chci nahlásit fakturu po splatnosti' : 'I want to report an overdue invoice');
    await h.texts('CZ-2024-10001');
    const reply = await h.texts(question);
    expect(reply).not.toMatch(outOfScope);
    expect(reply).toMatch(lang === 'cs' ? /zpět k vašemu hlášení[\s\S]*Jak se jmenuje odběratel/ : /back to your report[\s\S]*name of the buyer/i);
  });
});
