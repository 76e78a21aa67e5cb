import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, parseAmount } from '../../../dialogs/validation/amount.js';

describe('parseAmount — Czech and English formats', () => {
  it.each([
    ['12 500,50', 12500.5, undefined],
    ['12 500,50 Kč', 12500.5, 'CZK'],
    ['12.500,50 EUR', 12500.5, 'EUR'],
    ['EUR 1,200.00', 1200, 'EUR'],
    ['1,200.00', 1200, undefined],
    ['€1 200', 1200, 'EUR'],
    ['$ 3,000', 3000, 'USD'],
    ['1200', 1200, undefined],
    ['12 500 Kč', 12500, 'CZK'],
    ['1 200,- Kč', 1200, 'CZK'],
    ['1 200,-- Kč', 1200, 'CZK'],
    ['1 200.- CZK', 1200, 'CZK'],
    ['12\u00a0500,50\u00a0Kč', 12500.5, 'CZK'], // no-break spaces, as Czech formatting writes them
    ['12\u202f500 Kč', 12500, 'CZK'], // narrow no-break space
    ["12'500.50 CHF", 12500.5, 'CHF'],
    ['1 234 567,89 Kč', 1234567.89, 'CZK'],
    ['1.234.567,89', 1234567.89, undefined],
    ['1,234,567.89 USD', 1234567.89, 'USD'],
    ['1 200.50', 1200.5, undefined],
    ['0,50 EUR', 0.5, 'EUR'],
    ['12500 eur', 12500, 'EUR'],
    ['12 500 eur.', 12500, 'EUR'],
    ['Kč 500', 500, 'CZK'],
    ['CZK1200', 1200, 'CZK'],
    ['US$ 100', 100, 'USD'],
    ['£250', 250, 'GBP'],
    ['100 zł', 100, 'PLN'],
    ['2 000 Ft', 2000, 'HUF'],
    ['100 korun českých', 100, 'CZK'],
    ['EUR 100 €', 100, 'EUR'],
    ['12 500 Kč bez DPH', 12500, 'CZK'],
    ['12 500 Kč vč. DPH', 12500, 'CZK'],
    ['150 tis. Kč', 150000, 'CZK'],
    ['1,5 mil. EUR', 1500000, 'EUR'],
    ['1,25 milionu Kč', 1250000, 'CZK'],
    ['12k EUR', 12000, 'EUR'],
    ['2 million USD', 2000000, 'USD'],
    ['1,2345 mil. Kč', 1234500, 'CZK'], // before a multiplier the digits may exceed cents
    ['10,125 EUR', 10125, 'EUR'],
    [String(MAX_AMOUNT), MAX_AMOUNT, undefined],
  ])('%j → %d %s', (input, amount, currency) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: currency === undefined ? { amount } : { amount, currency } });
  });
});

describe('parseAmount — ambiguous separators, decided by rule', () => {
  it.each([
    // A lone comma or dot followed by exactly three digits, with no other separator, groups thousands.
    ['1,200', 1200],
    ['1.200', 1200],
    ['12,500', 12500],
    // Otherwise a lone comma or dot is the decimal mark.
    ['1,20', 1.2],
    ['1,2', 1.2],
    ['1.5', 1.5],
    ['12,50', 12.5],
    // Both present: the last one is the decimal mark.
    ['1.200,5', 1200.5],
    ['1,200.5', 1200.5],
  ])('%j → %d', (input, amount) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: { amount } });
  });

  it.each([
    ['1 234,567', 'amount.tooManyDecimals'], // another separator is present, so the comma is decimal
    ['0,125', 'amount.tooManyDecimals'], // a zero integer part does not group thousands
    ['1,2345', 'amount.tooManyDecimals'],
  ])('%j → %s', (input, reason) => {
    const result = parseAmount(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });
});

describe('parseAmount — rejected', () => {
  it.each([
    ['0', 'amount.notPositive'],
    ['0,00 Kč', 'amount.notPositive'],
    ['-500 Kč', 'amount.notPositive'],
    ['− 500 EUR', 'amount.notPositive'],
    ['abc', 'amount.format'],
    ['Kč', 'amount.format'],
    ['1e13', 'amount.format'],
    ['12 5a0', 'amount.format'],
    ['1.2.3', 'amount.format'],
    ['1.200,50.00', 'amount.format'],
    ['1 20 000', 'amount.format'], // groups after the first must have three digits
    ['1.200 500,00', 'amount.format'], // two kinds of grouping
    ['1 200,50,- Kč', 'amount.format'], // ",-" says whole units, yet decimals are given
    ['cca 12 500 Kč', 'amount.format'],
    ['12,345,6', 'amount.format'],
    ['10,1255 EUR', 'amount.tooManyDecimals'],
    ['12 abc', 'amount.format'],
    ['1 000 000 000 000,01', 'amount.tooLarge'],
    ['5 000 000 000 000 Kč', 'amount.tooLarge'],
    ['99999999999999999999', 'amount.tooLarge'],
    ['2 mil. 500 Kč', 'amount.format'],
    ['1,2345678 tis. Kč', 'amount.tooManyDecimals'], // 1 234,5678 Kč after scaling
    ['12 XYZ', 'currency.unknown'],
    ['100 XAU', 'currency.notMonetary'],
    ['EUR 100 CZK', 'amount.currencyConflict'],
    ['$100 EUR', 'amount.currencyConflict'],
    ['', 'input.empty'],
    ['1'.repeat(10_000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    const result = parseAmount(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('names both currencies of a conflict', () => {
    expect(parseAmount('EUR 100 CZK')).toEqual({
      ok: false,
      reason: 'amount.currencyConflict',
      params: { first: 'EUR', second: 'CZK' },
    });
  });

  it('states the decimal limit', () => {
    expect(parseAmount('1,2345')).toEqual({ ok: false, reason: 'amount.tooManyDecimals', params: { max: 2 } });
  });

  it.each(['\ud800', '12\ud800500 Kč', '\udc00100 EUR', '€\ud83d'])('does not throw on lone surrogates (%j)', (input) => {
    expect(() => parseAmount(input)).not.toThrow();
  });
});
