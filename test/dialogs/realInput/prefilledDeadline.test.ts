import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 3: a due date pre-filled from the first message skipped the notification-deadline
// check; an invoice long past its deadline was filed with no warning anywhere, summary included.
// Today is 25 November 2026 (helpers/dialogs.ts); CZ-2024-10001 allows 60 days after the due date.
const flows = {
  cs: [
    ['Chci oznámit fakturu po splatnosti: smlouva CZ-2024-10001, odběratel ACME s.r.o., IČO 27074358, faktura 2024-118 na 12 500 EUR splatná 3. 3. 2026', /Z vaší zprávy jsem si už poznamenal[\s\S]*⚠ Lhůta pro oznámení faktury 2024-118 uplynula 2\. 5\. 2026, před 207 dny/],
    ['přeskočit', /Kdy byla faktura 2024-118 vystavena/],
    ['1. 2. 2026', /zůstává neuhrazeno/],
    ['vše', /další neuhrazenou fakturu/],
    ['ne', /prodloužení splatnosti/],
    ['ne', /pro získání platby/],
    ['upomínka', /Rozporuje/],
    ['ne', /Koho máme/],
    ['Jan Novák', /e-mail nebo telefon/],
    ['jan@acme.cz', /Shrnutí[\s\S]*⚠ Lhůta pro oznámení faktury 2024-118 uplynula 2\. 5\. 2026/],
  ],
  en: [
    ['I want to notify an overdue invoice: policy CZ-2023-20417, buyer Nordic Parts AB, invoice NP-7 for EUR 2,000 due 2026-08-01', /⚠ The notification deadline for invoice NP-7 was/],
  ],
} as const;

describe('deadline warnings for pre-filled due dates', () => {
  it('tells a visitor who only typed the policy number nothing of its terms', async () => {
    const h = mainDialogHarness(await testServices(), 'cs');
    expect(await h.texts(flows.cs[0][0])).not.toMatch(/Lhůta pro oznámení|60 dnů/);
  });

  it.each(Object.entries(flows))('%s: warned after the first message and again on the summary', async (lang, steps) => {
    // The policy's terms are told to its verified holder only.
    const h = mainDialogHarness(await testServices(), lang as 'cs' | 'en', { verifiedAs: lang === 'cs' ? 'strojirny-morava' : 'bohemia-textil' });
    for (const [input, expected] of steps) expect(await h.texts(input), `after "${input}"`).toMatch(expected);
  });
});
