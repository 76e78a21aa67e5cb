import { describe, expect, it } from 'vitest';
import * as validation from '../../../dialogs/validation/index.js';
import { validationReasons, type ValidationReason, type ValidationResult } from '../../../dialogs/validation/reasons.js';

const today = '2026-11-25';

/** One answer that produces each reason, so the locale catalogue has no dead or missing key. */
const producers: Record<ValidationReason, () => ValidationResult<unknown>> = {
  'input.empty': () => validation.parseIco('  '),
  'input.tooLong': () => validation.parseAmount('9'.repeat(10_000)),
  'ico.format': () => validation.parseIco('12345'),
  'ico.checksum': () => validation.parseIco('27074359'),
  'vat.format': () => validation.parseVatId('DE12345'),
  'vat.checksum': () => validation.parseVatId('CZ27074359'),
  'amount.format': () => validation.parseAmount('twelve'),
  'amount.notPositive': () => validation.parseAmount('0 Kč'),
  'amount.tooManyDecimals': () => validation.parseAmount('12,5055 Kč'),
  'amount.tooLarge': () => validation.parseAmount('2 000 000 000 000 EUR'),
  'amount.currencyConflict': () => validation.parseAmount('EUR 100 Kč'),
  'currency.unknown': () => validation.parseCurrency('tolar'),
  'currency.notMonetary': () => validation.parseCurrency('XAU'),
  'date.invalid': () => validation.parseDate('soon', { today }),
  'date.impossible': () => validation.parseDate('31. 2. 2026', { today }),
  'date.ambiguous': () => validation.parseDate('1. 3. 2026 or 2. 3. 2026', { today }),
  'date.yearOutOfRange': () => validation.parseDate('1. 3. 1820', { today }),
  'yesno.unclear': () => validation.parseYesNo('perhaps'),
  'name.tooShort': () => validation.parseName('J'),
  'name.tooLong': () => validation.parseName('J'.repeat(201)),
  'name.noLetters': () => validation.parseName('123'),
  'email.format': () => validation.parseEmail('jan@firma'),
  'email.tooLong': () => validation.parseEmail(`${'j'.repeat(60)}@${'f'.repeat(250)}.cz`),
  'phone.format': () => validation.parsePhone('12345'),
  'phone.length': () => validation.parsePhone('+420 601 12'),
  'policy.format': () => validation.parsePolicyNumber('ABCD'),
  'policy.length': () => validation.parsePolicyNumber('P1'),
  'invoice.format': () => validation.parseInvoiceNumber('---'),
  'invoice.tooLong': () => validation.parseInvoiceNumber('1'.repeat(60)),
};

describe('validation reasons', () => {
  it('are unique, dotted keys', () => {
    expect(new Set(validationReasons).size).toBe(validationReasons.length);
    expect(validationReasons.every((reason) => /^[a-z]+\.[a-zA-Z]+$/.test(reason))).toBe(true);
  });

  it('are each produced by some answer', () => {
    expect(Object.keys(producers).sort()).toEqual([...validationReasons].sort());
  });

  it.each([...validationReasons])('%s', (reason) => {
    const result = producers[reason]();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('carry only string and number parameters', () => {
    for (const produce of Object.values(producers)) {
      const result = produce();
      if (!result.ok && result.params) {
        expect(Object.values(result.params).every((value) => typeof value === 'string' || typeof value === 'number')).toBe(true);
      }
    }
  });
});

describe('validation index', () => {
  it.each([
    'parseIco', 'parseVatId', 'parseAmount', 'parseCurrency', 'parseDate', 'parseYesNo', 'parseName', 'parseEmail',
    'parsePhone', 'parsePolicyNumber', 'parseInvoiceNumber', 'findDateMentions', 'resolveDateMention', 'accept', 'reject',
  ])('re-exports %s', (name) => {
    expect(typeof (validation as Record<string, unknown>)[name]).toBe('function');
  });
});
