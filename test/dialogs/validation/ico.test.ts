import { describe, expect, it } from 'vitest';
import { hasValidIcoChecksum, icoCheckDigit, parseIco } from '../../../dialogs/validation/ico.js';

describe('icoCheckDigit', () => {
  // r = Σ digit·weight (8…2) mod 11; check = 1 when r = 0, 0 when r = 1, else 11 − r
  it.each([
    ['2707435', 135, 8],
    ['0000004', 8, 3],
    ['1234567', 112, 9],
    ['0006458', 77, 1], // r = 0
    ['0000000', 0, 1], // r = 0
    ['0000006', 12, 0], // r = 1
  ])('%s (weighted sum %i) → %i', (firstSeven, _sum, expected) => {
    expect(icoCheckDigit(firstSeven)).toBe(expected);
  });

  it.each([
    ['27074358', true],
    ['00064581', true],
    ['00000060', true],
    ['12345679', true],
    ['27074350', false],
    ['2707435', false],
    ['270743588', false],
    ['2707435x', false],
  ])('hasValidIcoChecksum(%s) → %s', (digits, expected) => {
    expect(hasValidIcoChecksum(digits)).toBe(expected);
  });
});

describe('parseIco — accepted', () => {
  it.each([
    ['27074358', '27074358'],
    ['270 74 358', '27074358'],
    [' 27074358 ', '27074358'],
    ['IČO: 27074358', '27074358'],
    ['IČ 27074358', '27074358'],
    ['ico 270 74 358', '27074358'],
    ['0064581', '00064581'], // seven digits: the leading zero was dropped
    ['00064581', '00064581'],
    ['27\u00a0074\u00a0358', '27074358'],
  ])('%j → %s', (input, expected) => {
    expect(parseIco(input)).toEqual({ ok: true, value: expected });
  });
});

describe('parseIco — rejected', () => {
  it.each([
    ['27074359', 'ico.checksum'],
    ['27074357', 'ico.checksum'],
    ['2707435', 'ico.checksum'], // padded to 02707435, whose check digit is not 5
    ['123456', 'ico.format'],
    ['123456789', 'ico.format'],
    ['2707435a', 'ico.format'],
    ['CZ27074358', 'ico.format'],
    ['abc', 'ico.format'],
    ['', 'input.empty'],
    ['   ', 'input.empty'],
    ['1'.repeat(10_000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    const result = parseIco(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it.each(['\ud800', '2707\udc004358', '\ud83d'])('does not throw on lone surrogates (%j)', (input) => {
    expect(() => parseIco(input)).not.toThrow();
  });
});
