import { describe, expect, it } from 'vitest';
import { redactPii } from '../../privacy/redact.js';

describe('redactPii', () => {
  it.each([
    ['Napište mi na jan.novak@firma.cz prosím', 'Napište mi na [e-mail] prosím'],
    ['mailto:Petra.Dvorakova+claims@example.co.uk.', 'mailto:[e-mail].'],
    ['IBAN CZ65 0800 0000 1920 0014 5399 please', 'IBAN [IBAN] please'],
    ['pay to DE89370400440532013000', 'pay to [IBAN]'],
    ['účet 19-2000145399/0800 je můj', 'účet [bank account] je můj'],
    ['účet 2000145399/0800', 'účet [bank account]'],
    ['DIČ CZ27074358', 'DIČ [VAT ID]'],
    ['IČO 27074358 nezaplatilo', 'IČO [IČO] nezaplatilo'],
    ['IČ: 270 74 358', 'IČ: [IČO]'],
    ['ICO 12345678 (wrong check digit, but labelled)', 'ICO [IČO] (wrong check digit, but labelled)'],
    ['company id 27074358', 'company id [IČO]'],
    ['odběratel 27074358 nezaplatil', 'odběratel [IČO] nezaplatil'],
    ['volejte +420 602 123 456', 'volejte [phone]'],
    ['call +44 20 7946 0958 today', 'call [phone] today'],
    ['tel. 00420602123456', 'tel. [phone]'],
    ['mobil 602 123 456.', 'mobil [phone].'],
    ['mobil 602-123-456', 'mobil [phone]'],
  ])('%s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  it.each([
    'Faktura 2024-118 na 12 500 EUR splatná 3. 3. 2026',
    'Policy CZ-2024-10001, invoice 2024-118',
    'Dlužná částka je 125 000 000 Kč',
    'Amount 1 250 000,- EUR due 2026-03-15',
    'Reference CLM-2026-000123-7KQ4',
    'Jak mám nahlásit škodnou událost?',
    'invoice number 12345678 (not a valid IČO)',
    'within 30 days, 60 % insured, 2026-11-25T09:00:00Z',
  ])('keeps ordinary numbers: %s', (input) => {
    expect(redactPii(input)).toBe(input);
  });

  it('redacts several identifiers in one message and leaves empty text alone', () => {
    expect(redactPii('ACME (IČO 27074358, jan@acme.cz, +420 777 888 999) dluží 12 500 EUR')).toBe('ACME (IČO [IČO], [e-mail], [phone]) dluží 12 500 EUR');
    expect(redactPii('')).toBe('');
  });
});
