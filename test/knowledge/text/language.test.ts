import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../knowledge/text/language.js';
import { langFromLocale } from '../../../locales/lang.js';

describe('detectLanguage', () => {
  it.each([
    ['Jak mám nahlásit škodnou událost?', 'cs'],
    ['jak nahlasit skodu', 'cs'],
    ['Potřebuji nahlásit faktury po splatnosti', 'cs'],
    ['Kdo mi pomůže s přístupem do portálu Atrium?', 'cs'],
    ['Who can help me use Atradius Insights?', 'en'],
    ['I want to file a claim for an unpaid invoice from ACME s.r.o.', 'en'],
    ['What is the weather in Prague tomorrow?', 'en'],
    ['help', 'en'],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('uses the hint for text without language signals', () => {
    expect(detectLanguage('Atradius Atrium', 'en')).toBe('en');
    expect(detectLanguage('Atradius Atrium', 'cs')).toBe('cs');
    expect(detectLanguage('', 'en')).toBe('en');
  });

  it('keeps the conversation language for a short answer such as a Czech name', () => {
    expect(detectLanguage('Jan Novák', 'en')).toBe('en');
    expect(detectLanguage('Plzeň', 'en')).toBe('en');
    expect(detectLanguage('Jan Novák')).toBe('cs');
  });

  it('does not switch away from the hint on one weak signal, but does on a clear sentence', () => {
    expect(detectLanguage('OK limit', 'cs')).toBe('cs');
    expect(detectLanguage('How do I report a claim?', 'cs')).toBe('en');
  });

  it.each([
    ['cs-CZ', 'cs'],
    ['en-US', 'en'],
    ['sk', 'cs'],
    ['de-DE', undefined],
    [undefined, undefined],
  ])('maps locale %s to %s', (locale, lang) => {
    expect(langFromLocale(locale)).toBe(lang);
  });
});

describe('an answer in a form keeps the conversation language unless it is prose of the other one', () => {
  it.each([
    ['Lucie Malá, lucie.mala@example.cz, +420 731 000 111', 'en', 'en'],
    ['Pekárna Novák s.r.o., Dlouhá 12, Třebíč', 'en', 'en'],
    ['Nordic Parts AB, Sweden', 'cs', 'cs'],
    ['prosím pokračujte dál, už jsem to psal', 'en', 'cs'],
    ['I would rather write in English from now on', 'cs', 'en'],
  ] as const)('%s (conversation in %s) → %s', (text, hint, expected) => {
    expect(detectLanguage(text, hint, { answer: true })).toBe(expected);
  });
});
