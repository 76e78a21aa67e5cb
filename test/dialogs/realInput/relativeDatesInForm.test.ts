import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 6 in a conversation: relative dates answer the date questions (today: 25 November 2026).
const steps = {
  cs: [
    ['Chci nahlásit fakturu po splatnosti', /číslo vaší pojistné smlouvy/],
    ['CZ-2024-10001', /Jak se jmenuje odběratel/],
    ['ACME s.r.o.', /zemi/],
    ['CZ', /IČO/],
    ['27074358', /DIČ/],
    ['přeskočit', /číslo/],
    ['F-1', /Kdy byla faktura F-1 vystavena/],
    ['před dvěma měsíci', /původní datum splatnosti faktury F-1/],
    ['minulý pátek', /Na jakou částku faktura F-1 zní/],
  ],
  en: [
    ['I want to report an overdue invoice', /policy number/],
    ['CZ-2023-20417', /name of the buyer/],
    ['Nordic Parts AB', /country/],
    ['Sweden', /registration number/],
    ['5560000001', /VAT/],
    ['skip', /number/],
    ['NP-1', /When was invoice NP-1 issued/],
    ['two months ago', /original due date of invoice NP-1/],
    ['last Friday', /amount of invoice NP-1/],
  ],
} as const;

describe('relative dates in the report form', () => {
  it.each(Object.entries(steps))('%s', async (lang, rows) => {
    const h = mainDialogHarness(await testServices(), lang as 'cs' | 'en');
    for (const [input, expected] of rows) expect(await h.texts(input), `after "${input}"`).toMatch(expected);
  });
});
