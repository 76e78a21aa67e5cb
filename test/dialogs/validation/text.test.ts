import { describe, expect, it } from 'vitest';
import {
  parseEmail,
  parseInvoiceNumber,
  parseName,
  parsePhone,
  parsePolicyNumber,
  parseYesNo,
} from '../../../dialogs/validation/text.js';
import type { ValidationResult } from '../../../dialogs/validation/reasons.js';
import { contactSchema } from '../../../dialogs/reportSchemas.js';

function reasonOf<T>(result: ValidationResult<T>): string | undefined {
  return result.ok ? undefined : result.reason;
}

const hostileInputs = ['\ud800', '\udc00abc', 'ab\ud83d', 'x'.repeat(10_000), '\u0000\u0001', '🙂'.repeat(3_000)];

describe('parseYesNo', () => {
  it.each([
    'ano', 'Ano.', 'ANO!', 'jo', 'Jo jo', 'jj', 'jasně', 'určitě', 'samozřejmě', 'souhlasím', 'áno', 'no jasně', 'no ano',
    'yes', 'Yes, please', 'y', 'Y', 'yeah', 'yep', 'sure', 'of course', 'OK', 'okay', 'correct', 'I think yes', '👍',
    'Ano, nesouhlasí s fakturou', 'a',
  ])('%j → yes', (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: true });
  });

  it.each([
    'ne', 'Ne.', 'NE', 'nee', 'nikoli', 'nikoliv', 'ani náhodou', 'vůbec ne', 'asi ne', 'Ne, nerozporuje',
    'no', 'No.', 'n', 'N', 'nope', 'nah', 'no way', 'not at all', 'never', '👎',
  ])('%j → no', (input) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: false });
  });

  it.each(['maybe', 'nevím', "I don't know", 'not sure', 'ano ne', 'yes and no', 'možná', 'x', '?', 'the weather is nice today, yes'])(
    '%j → yesno.unclear',
    (input) => {
      expect(parseYesNo(input)).toEqual({ ok: false, reason: 'yesno.unclear' });
    },
  );

  it.each([
    ['', 'input.empty'],
    ['   ', 'input.empty'],
    ['ano '.repeat(100), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    expect(reasonOf(parseYesNo(input))).toBe(reason);
  });

  it.each(hostileInputs)('does not throw on %j', (input) => {
    expect(() => parseYesNo(input)).not.toThrow();
  });
});

describe('parseName', () => {
  it.each([
    ['Jan Novák', 'Jan Novák'],
    ['  Ing. Petra   Malá ', 'Ing. Petra Malá'],
    ['ACME s.r.o.', 'ACME s.r.o.'],
    ['Ol', 'Ol'],
    ['3M Česko', '3M Česko'],
    ['Ž'.repeat(200), 'Ž'.repeat(200)],
  ])('%j → %j', (input, expected) => {
    expect(parseName(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['J', 'name.tooShort'],
    ['A\ud800', 'name.tooShort'], // the lone surrogate is dropped
    ['12', 'name.noLetters'],
    ['---', 'name.noLetters'],
    ['x'.repeat(201), 'name.tooLong'],
    ['x'.repeat(10_000), 'name.tooLong'],
    ['', 'input.empty'],
  ])('%j → %s', (input, reason) => {
    expect(reasonOf(parseName(input))).toBe(reason);
  });

  it.each(hostileInputs)('does not throw on %j', (input) => {
    expect(() => parseName(input)).not.toThrow();
  });
});

describe('parseEmail', () => {
  it.each([
    ['jan.novak@firma.cz', 'jan.novak@firma.cz'],
    ['Jan.Novak@Example.CZ', 'Jan.Novak@example.cz'],
    ['  jan@firma.cz ', 'jan@firma.cz'],
    ['mailto:jan@firma.cz', 'jan@firma.cz'],
    ['<jan@firma.cz>', 'jan@firma.cz'],
    ['jan+reports@mail.firma.co.uk', 'jan+reports@mail.firma.co.uk'],
    ["o'brien@firma.ie", "o'brien@firma.ie"],
    ['a@b.co', 'a@b.co'],
  ])('%j → %s', (input, expected) => {
    const result = parseEmail(input);
    expect(result).toEqual({ ok: true, value: expected });
    expect(contactSchema.shape.email.safeParse(expected).success).toBe(true);
  });

  it.each([
    ['jan', 'email.format'],
    ['jan@', 'email.format'],
    ['@firma.cz', 'email.format'],
    ['jan@@firma.cz', 'email.format'],
    ['jan@firma', 'email.format'],
    ['jan@firma.c', 'email.format'],
    ['jan..novak@firma.cz', 'email.format'],
    ['.jan@firma.cz', 'email.format'],
    ['jan novak@firma.cz', 'email.format'],
    ['jan@-firma.cz', 'email.format'],
    ['jan@firma..cz', 'email.format'],
    ['petr.dvořák@firma.cz', 'email.format'], // the report schema takes ASCII addresses only
    ['jan@firma.cz, petr@firma.cz', 'email.format'],
    [`${'a'.repeat(65)}@firma.cz`, 'email.format'],
    [`jan@${'a'.repeat(250)}.cz`, 'email.tooLong'],
    ['x'.repeat(10_000), 'email.tooLong'],
    ['', 'input.empty'],
  ])('%j → %s', (input, reason) => {
    expect(reasonOf(parseEmail(input))).toBe(reason);
  });

  it.each(hostileInputs)('does not throw on %j', (input) => {
    expect(() => parseEmail(input)).not.toThrow();
  });
});

describe('parsePhone', () => {
  it.each([
    ['+420 601 123 456', '+420601123456'],
    ['+420601123456', '+420601123456'],
    ['00420 601 123 456', '+420601123456'],
    ['601 123 456', '+420601123456'], // nine digits without a prefix are Czech
    ['601-123-456', '+420601123456'],
    ['420 601 123 456', '+420601123456'],
    ['tel. +420 601 123 456', '+420601123456'],
    ['+421 902 123 456', '+421902123456'],
    ['+49 30 1234567', '+49301234567'],
    ['+1 (212) 555-0100', '+12125550100'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+31 20 553 3355', '+31205533355'],
    ['+123 456 789 012 345', '+123456789012345'], // fifteen digits
  ])('%j → %s', (input, expected) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['+420 601 123 45', 'phone.length'],
    ['+420 601 123 4567', 'phone.length'],
    ['+421 902 123', 'phone.length'],
    ['+1234567', 'phone.length'],
    ['+1234 5678 9012 3456', 'phone.length'],
    ['12345', 'phone.format'],
    ['030 1234567', 'phone.format'], // a national number with a trunk 0 needs its country code
    ['+0 601 123 456', 'phone.format'],
    ['abc', 'phone.format'],
    ['601 123 456 ext. 12', 'phone.format'],
    ['+420 601 123 456, +420 602 000 000', 'phone.format'],
    ['', 'input.empty'],
    ['1'.repeat(10_000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    expect(reasonOf(parsePhone(input))).toBe(reason);
  });

  it('fits the report contact schema', () => {
    const result = parsePhone('+420 601 123 456');
    expect(result.ok && contactSchema.shape.phone.safeParse(result.value).success).toBe(true);
  });

  it.each(hostileInputs)('does not throw on %j', (input) => {
    expect(() => parsePhone(input)).not.toThrow();
  });
});

describe('parsePolicyNumber', () => {
  it.each([
    ['P-2024-0001', 'P-2024-0001'],
    ['p-2024-0001', 'P-2024-0001'],
    ['č. P-2024-0001', 'P-2024-0001'],
    ['policy no. P-2024-0001', 'P-2024-0001'],
    ['Pojistka č.: 123456', '123456'],
    ['pojistná smlouva č. ab12', 'AB12'],
    // Separators as clients type them become one dash (#17 defect 5).
    ['P 2024 0001', 'P-2024-0001'],
    ['cz 2024 10001', 'CZ-2024-10001'],
    ['P--2024', 'P-2024'],
    ['-P2024', 'P2024'],
    ['P2024-', 'P2024'],
    ['P/2024/1', 'P-2024-1'],
    ['P_2024', 'P-2024'],
    ['číslo smlouvy: CZ – 2024 – 10001', 'CZ-2024-10001'],
    ['NO1234', 'NO1234'],
    ['1234', '1234'],
    [`A${'1'.repeat(29)}`, `A${'1'.repeat(29)}`],
  ])('%j → %s', (input, expected) => {
    expect(parsePolicyNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['P-1', 'policy.length'],
    ['ABC', 'policy.length'],
    [`A${'1'.repeat(30)}`, 'policy.length'],
    ['ABCD', 'policy.format'], // no digit: a word, not a number
    ['nevím', 'policy.format'],
    ['P+2024', 'policy.format'],
    ['P2024!', 'policy.format'],
    ['', 'input.empty'],
    ['P'.repeat(10_000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    expect(reasonOf(parsePolicyNumber(input))).toBe(reason);
  });

  it.each(hostileInputs)('does not throw on %j', (input) => {
    expect(() => parsePolicyNumber(input)).not.toThrow();
  });
});

describe('parseInvoiceNumber', () => {
  it.each([
    ['2024-118', '2024-118'],
    ['FV-2024/118', 'FV-2024/118'],
    ['fv-2024/118', 'fv-2024/118'], // kept as the accounting writes it
    ['č. 2024-118', '2024-118'],
    ['faktura č. 118', '118'],
    ['invoice no. INV 77', 'INV 77'],
    ['#118', '118'],
    ['7', '7'],
    ['NO123', 'NO123'],
    ['x'.repeat(50), 'x'.repeat(50)],
  ])('%j → %s', (input, expected) => {
    expect(parseInvoiceNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['---', 'invoice.format'],
    ['#', 'invoice.format'],
    ['x'.repeat(51), 'invoice.tooLong'],
    ['x'.repeat(10_000), 'invoice.tooLong'],
    ['', 'input.empty'],
  ])('%j → %s', (input, reason) => {
    expect(reasonOf(parseInvoiceNumber(input))).toBe(reason);
  });

  it.each(hostileInputs)('does not throw on %j', (input) => {
    expect(() => parseInvoiceNumber(input)).not.toThrow();
  });
});
