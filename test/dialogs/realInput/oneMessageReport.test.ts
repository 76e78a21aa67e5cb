import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 2: a whole report in one message without a request verb got "I don't know".
describe('a report written as one message, without "I want to report"', () => {
  it.each([
    ['cs', 'ACME s.r.o., IČO 27074358, nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.', /Oznámíme faktury po splatnosti[\s\S]*Z vaší zprávy jsem si už poznamenal[\s\S]*ACME s\.r\.o\.[\s\S]*27074358[\s\S]*2024-118/],
    ['en', 'Nordic Parts AB has not paid invoice NP-7 for EUR 2,000 due 1 August 2026', /overdue invoices[\s\S]*Nordic Parts AB[\s\S]*NP-7/i],
  ] as const)('%s: starts the overdue notice pre-filled', async (lang, text, expected) => {
    const h = mainDialogHarness(await testServices(), lang);
    const reply = await h.texts(text);
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(/nevím|do not know|don't know/i);
  });

  it.each([
    ['cs', 'Jak dlouho mám na nahlášení faktury po splatnosti?'],
    ['cs', 'Kolik stojí pojištění na 12 500 EUR?'],
    ['en', 'What happens to invoice 2024-118 for EUR 12,500 after I report it?'],
  ] as const)('%s: a question with numbers is still answered as a question: %j', async (lang, text) => {
    const h = mainDialogHarness(await testServices(), lang);
    expect(await h.texts(text)).not.toMatch(/Oznámíme faktury po splatnosti|report the overdue invoices together/i);
  });
});
