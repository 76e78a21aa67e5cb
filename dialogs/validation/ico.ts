import { prepareAnswer } from './input.js';
import { accept, reject, type ValidationResult } from './reasons.js';

/** Weights of the first seven digits in the IČO check (8, 7, … 2). */
const ICO_WEIGHTS = [8, 7, 6, 5, 4, 3, 2] as const;

/**
 * The eighth digit of an IČO: r = Σ digit·weight mod 11, then r = 0 → 1, r = 1 → 0, otherwise
 * 11 − r. The three cases are exactly (11 − r) mod 10.
 */
export function icoCheckDigit(firstSevenDigits: string): number {
  let sum = 0;
  ICO_WEIGHTS.forEach((weight, index) => {
    sum += Number(firstSevenDigits.charAt(index)) * weight;
  });
  return (11 - (sum % 11)) % 10;
}

/** True for eight digits whose last one is the mod-11 check digit of the first seven. */
export function hasValidIcoChecksum(digits: string): boolean {
  return /^\d{8}$/.test(digits) && icoCheckDigit(digits.slice(0, 7)) === Number(digits.charAt(7));
}

/** Clients copy the label along with the number ("IČO: 270 74 358"). */
const ICO_LABEL = /^(?:i[čc]o?|i[čc]|reg(?:istration)?\.?\s*(?:no|number|nr)\.?|company\s*(?:id|no\.?))\s*[:.]?\s*/iu;

/**
 * A Czech company registration number (IČO): eight digits, spaces allowed between them; a
 * seven-digit number is an old IČO written without its leading zero and is padded.
 */
export function parseIco(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, 60);
  if (!prepared.ok) return prepared;
  const digits = prepared.value.replace(ICO_LABEL, '').replace(/ /g, '');
  if (!/^\d{7,8}$/.test(digits)) return reject('ico.format');
  const padded = digits.padStart(8, '0');
  if (!hasValidIcoChecksum(padded)) return reject('ico.checksum');
  return accept(padded);
}
