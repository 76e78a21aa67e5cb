import { describe, expect, it } from 'vitest';
import { mainDialogHarness, testServices } from '../../helpers/dialogs.js';

// #17 defect 4: a question without "?" was taken as an answer in free-text fields ("how long do I
// have to report an overdue invoice" became the buyer's name; "Please continue in English" too).
// Each row: the language the form runs in, what the client types at the buyer-name step, what the
// reply must contain, and what it must not.
const rows = [
  ['cs', 'jak dlouho mám na nahlášení faktury po splatnosti', /zpět k vašemu hlášení[\s\S]*Jak se jmenuje odběratel/i, /Jaké je DIČ|ve které zemi/i],
  ['en', 'how long do I have to report an overdue invoice', /back to your report[\s\S]*name of the buyer/i, /which country/i],
  ['en', 'what documents do I need to send', /back to your report[\s\S]*name of the buyer/i, /which country/i],
  ['cs', 'Please continue in English', /All right, I will continue in English\.[\s\S]*name of the buyer/, /ve které zemi|which country/i],
  ['en', 'Pokračujte prosím česky', /Dobře, pokračuji česky\.[\s\S]*Jak se jmenuje odběratel/, /which country|ve které zemi/i],
  // Short question-like names are still names.
  ['cs', 'Jak s.r.o.', /ve které zemi|Ve které zemi/i, /zpět k vašemu hlášení/i],
] as const;

describe('questions and requests at a free-text step', () => {
  it.each(rows)('%s: %j', async (lang, typed, expected, notExpected) => {
    const h = mainDialogHarness(await testServices(), lang);
    await h.texts(lang === 'cs' ? 'Chci nahlásit fakturu po splatnosti' : 'I want to report an overdue invoice');
    expect(await h.texts('CZ-2024-10001')).toMatch(lang === 'cs' ? /Jak se jmenuje odběratel/ : /name of the buyer/);
    const reply = await h.texts(typed);
    expect(reply).toMatch(expected);
    expect(reply).not.toMatch(notExpected);
  });

  it('"Czech Republic" where the country is asked is the country, not a language switch', async () => {
    const h = mainDialogHarness(await testServices(), 'en');
    await h.texts('I want to report an overdue invoice');
    await h.texts('CZ-2024-10001');
    expect(await h.texts('ACME s.r.o.')).toMatch(/which country/i);
    expect(await h.texts('Czech Republic')).toMatch(/registration number/i);
  });
});
