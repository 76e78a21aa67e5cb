import { describe, expect, it } from 'vitest';
import { countryOfVatPrefix, normalizeVatId, parseVatId } from '../../../dialogs/validation/vatId.js';

describe('parseVatId — accepted', () => {
  it.each([
    ['CZ27074358', 'CZ27074358', 'CZ'],
    ['cz27074358', 'CZ27074358', 'CZ'],
    ['CZ 270 74 358', 'CZ27074358', 'CZ'],
    ['CZ-270.74.358', 'CZ27074358', 'CZ'],
    ['DIČ: CZ27074358', 'CZ27074358', 'CZ'],
    ['CZ123456789', 'CZ123456789', 'CZ'], // nine digits: an individual, shape only
    ['CZ1234567890', 'CZ1234567890', 'CZ'], // ten digits: an individual, shape only
    ['SK2020317068', 'SK2020317068', 'SK'],
    ['IČ DPH SK2020317068', 'SK2020317068', 'SK'],
    ['DE123456789', 'DE123456789', 'DE'],
    ['VAT no. DE 123 456 789', 'DE123456789', 'DE'],
    ['ATU12345678', 'ATU12345678', 'AT'],
    ['atu 1234 5678', 'ATU12345678', 'AT'],
    ['PL1234567890', 'PL1234567890', 'PL'],
    ['HU12345678', 'HU12345678', 'HU'],
    ['NL123456789B01', 'NL123456789B01', 'NL'],
    ['EL123456789', 'EL123456789', 'GR'], // Greece uses EL
    ['FR12345678901', 'FR12345678901', 'FR'],
  ])('%j → %s (%s)', (input, vatId, country) => {
    const result = parseVatId(input);
    expect(result).toEqual({ ok: true, value: { vatId, prefix: vatId.slice(0, 2), country } });
  });

  it.each([
    ['GB123456789', 'GB123456789'],
    ['CH-123.456.789', 'CH123456789'],
    ['NO 123456789 MVA', 'NO123456789MVA'],
    ['AB12', 'AB12'],
  ])('generic shape for other prefixes: %j → %s, no country', (input, vatId) => {
    expect(parseVatId(input)).toEqual({ ok: true, value: { vatId, prefix: vatId.slice(0, 2) } });
  });
});

describe('parseVatId — rejected', () => {
  it.each([
    ['CZ27074359', 'vat.checksum'], // eight digits = IČO, mod-11 fails
    ['CZ1234567', 'vat.format'],
    ['CZ12345678901', 'vat.format'],
    ['SK123456789', 'vat.format'],
    ['DE12345678', 'vat.format'],
    ['AT12345678', 'vat.format'], // the U is part of the Austrian id
    ['PL123456789', 'vat.format'],
    ['CZABCDEFGH', 'vat.format'],
    ['27074358', 'vat.format'], // no prefix
    ['X1', 'vat.format'],
    ['AB1', 'vat.format'],
    ['AB12345678901234', 'vat.format'], // 14 characters after the prefix
    ['??', 'vat.format'],
    ['', 'input.empty'],
    ['C'.repeat(10_000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    const result = parseVatId(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('names the country whose format was not met', () => {
    expect(parseVatId('SK123')).toEqual({ ok: false, reason: 'vat.format', params: { country: 'SK' } });
  });

  it.each(['\ud800', 'CZ\udc0027074358'])('does not throw on lone surrogates (%j)', (input) => {
    expect(() => parseVatId(input)).not.toThrow();
  });
});

describe('VAT helpers', () => {
  it.each([
    ['CZ', 'CZ'],
    ['EL', 'GR'],
    ['XI', 'GB'],
    ['GB', undefined],
    ['ZZ', undefined],
  ])('countryOfVatPrefix(%s) → %s', (prefix, country) => {
    expect(countryOfVatPrefix(prefix)).toBe(country);
  });

  it.each([
    ['cz 270-74.358', 'CZ27074358'],
    ['DIČ: CZ27074358', 'CZ27074358'],
    ['USt-IdNr. DE123456789', 'DE123456789'],
  ])('normalizeVatId(%j) → %s', (input, expected) => {
    expect(normalizeVatId(input)).toBe(expected);
  });
});
