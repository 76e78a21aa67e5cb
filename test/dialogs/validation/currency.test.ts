import { describe, expect, it } from 'vitest';
import {
  ISO_4217_CODES,
  currencyFromToken,
  isInvoiceCurrency,
  isIsoCurrencyCode,
  parseCurrency,
} from '../../../dialogs/validation/currency.js';

describe('ISO 4217 code list', () => {
  it('holds unique three-letter upper-case codes in alphabetical order', () => {
    expect(ISO_4217_CODES.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect(new Set(ISO_4217_CODES).size).toBe(ISO_4217_CODES.length);
    expect([...ISO_4217_CODES].sort()).toEqual(ISO_4217_CODES);
  });

  it.each(['CZK', 'EUR', 'USD', 'GBP', 'PLN', 'HUF', 'CHF', 'RON', 'SEK', 'JPY', 'CNY', 'XCG', 'ZWG', 'VED', 'SLE'])(
    'includes %s',
    (code) => expect(isIsoCurrencyCode(code)).toBe(true),
  );

  it.each(['HRK', 'CUC', 'ZWL', 'ANG', 'SKK', 'DEM', 'ABC', 'eur', 'EURO'])('excludes %s (withdrawn or not a code)', (code) => {
    expect(isIsoCurrencyCode(code)).toBe(false);
  });

  it.each([
    ['EUR', true],
    ['XAU', false],
    ['XXX', false],
    ['XTS', false],
    ['XDR', false],
    ['XOF', true],
  ])('isInvoiceCurrency(%s) → %s', (code, expected) => {
    expect(isInvoiceCurrency(code)).toBe(expected);
  });
});

describe('parseCurrency — accepted', () => {
  it.each([
    ['CZK', 'CZK'],
    ['czk', 'CZK'],
    ['Kč', 'CZK'],
    ['Kc', 'CZK'],
    ['kč.', 'CZK'],
    ['korun', 'CZK'],
    ['koruny', 'CZK'],
    ['české koruny', 'CZK'],
    ['korun českých', 'CZK'],
    ['Czech koruna', 'CZK'],
    ['€', 'EUR'],
    ['eur', 'EUR'],
    ['EUR', 'EUR'],
    ['euro', 'EUR'],
    ['eura', 'EUR'],
    ['$', 'USD'],
    ['USD', 'USD'],
    ['US$', 'USD'],
    ['dolarů', 'USD'],
    ['US dollars', 'USD'],
    ['£', 'GBP'],
    ['pounds sterling', 'GBP'],
    ['zł', 'PLN'],
    ['zloty', 'PLN'],
    ['PLN', 'PLN'],
    ['Ft', 'HUF'],
    ['forint', 'HUF'],
    ['CHF', 'CHF'],
    ['ron', 'RON'],
    ['  sek ', 'SEK'],
  ])('%j → %s', (input, expected) => {
    expect(parseCurrency(input)).toEqual({ ok: true, value: expected });
  });
});

describe('parseCurrency — rejected', () => {
  it.each([
    ['ABC', 'currency.unknown'],
    ['korunky a eura', 'currency.unknown'],
    ['HRK', 'currency.unknown'],
    ['XAU', 'currency.notMonetary'],
    ['XXX', 'currency.notMonetary'],
    ['', 'input.empty'],
    ['E'.repeat(10_000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    const result = parseCurrency(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('quotes what it did not recognise', () => {
    expect(parseCurrency('tolar')).toEqual({ ok: false, reason: 'currency.unknown', params: { currency: 'tolar' } });
  });

  it.each(['\ud800', 'EUR\udc00'])('does not throw on lone surrogates (%j)', (input) => {
    expect(() => parseCurrency(input)).not.toThrow();
  });
});

describe('currencyFromToken', () => {
  it.each([
    ['€', 'EUR'],
    ['KČ', 'CZK'],
    ['chf', 'CHF'],
    ['zl', 'PLN'],
    ['na', undefined],
    ['for', undefined],
    ['', undefined],
  ])('%j → %s', (token, expected) => {
    expect(currencyFromToken(token)).toBe(expected);
  });
});
