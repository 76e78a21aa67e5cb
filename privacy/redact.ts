import { hasValidIcoChecksum } from '../dialogs/validation/ico.js';

/**
 * Removes personal and company identifiers from free text before it is stored for analysis
 * (answer feedback, knowledge gaps) or written to a log: e-mail addresses, IBANs and Czech
 * account numbers, VAT ids, IČO and phone numbers. Each is replaced by a placeholder naming
 * what was there, so a staff member still understands the question ("my IČO is [IČO]").
 *
 * Deliberately conservative about what counts as a phone number or an IČO, so that amounts,
 * dates, invoice and policy numbers (the substance of most questions) survive.
 */
export function redactPii(text: string): string {
  if (!text) return text;
  let out = text;
  for (const { pattern, replace } of REDACTION_RULES) out = typeof replace === 'string' ? out.replace(pattern, replace) : out.replace(pattern, replace);
  return out;
}

export const PLACEHOLDERS = {
  email: '[e-mail]',
  iban: '[IBAN]',
  account: '[bank account]',
  vatId: '[VAT ID]',
  ico: '[IČO]',
  phone: '[phone]',
} as const;

export interface Rule {
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

/** A digit run is never glued to letters, digits or a dash (so "CZ-2024-10001" is not a phone). */
const START = String.raw`(?<![\p{L}\p{N}\-/])`;
const END = String.raw`(?![\p{L}\p{N}])`;

/** Labels clients put before an IČO: "IČO", "IČ", "ICO", "reg. no.", "company id". */
const ICO_LABEL = String.raw`(?:i[čc]o?|reg(?:istration)?\.?\s*(?:no|number|nr)\.?|company\s*(?:id|no\.?|number))`;

/** Amounts are not phone numbers: "125 000 000 Kč", "1 250 000,- EUR". */
const NOT_AN_AMOUNT = String.raw`(?!\s*(?:,-|,\d|\.\d|kč|czk|eur|usd|gbp|€|\$|%))`;

// Order matters: an e-mail or IBAN contains digit runs the later rules would otherwise take apart.
export const REDACTION_RULES: readonly Rule[] = [
  // E-mail addresses (also inside "mailto:").
  // The lookbehind starts a match only where a run of address characters starts: without it a
  // long run with no "@" is retried from every position (quadratic: 40 kB stalled 4 s).
  { pattern: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, replace: PLACEHOLDERS.email },
  // IBAN: two letters, two check digits, then 11–30 alphanumerics, optionally in groups of four.
  { pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g, replace: PLACEHOLDERS.iban },
  // Czech domestic account: optional prefix, 6–10 digit number, "/", 4-digit bank code.
  { pattern: new RegExp(String.raw`${START}(?:\d{1,6}-)?\d{6,10}\/\d{4}${END}`, 'gu'), replace: PLACEHOLDERS.account },
  // EU VAT ids that embed a company or personal number: CZ/SK + 8–10 digits (DIČ), others by prefix.
  { pattern: /\b(?:CZ|SK)\s?\d{8,10}\b/gi, replace: PLACEHOLDERS.vatId },
  // A labelled IČO, even with a wrong check digit or spaces ("IČO: 270 74 358").
  {
    pattern: new RegExp(String.raw`(${ICO_LABEL}\s*(?:[:.]\s*)?)\d(?:\s?\d){6,7}${END}`, 'giu'),
    replace: (_match, label: string) => `${label}${PLACEHOLDERS.ico}`,
  },
  // Any other standalone 8-digit number whose check digit makes it a valid IČO.
  {
    pattern: new RegExp(String.raw`${START}\d{8}${END}`, 'gu'),
    replace: (match) => (hasValidIcoChecksum(match) ? PLACEHOLDERS.ico : match),
  },
  // Phone numbers: an international prefix (+420, 00420) or 9–15 digits in groups of 2–4.
  {
    pattern: new RegExp(String.raw`(?:\+|\b00)\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}${END}`, 'gu'),
    replace: PLACEHOLDERS.phone,
  },
  {
    pattern: new RegExp(String.raw`${START}\d{3}[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{3})?${END}${NOT_AN_AMOUNT}`, 'giu'),
    replace: PLACEHOLDERS.phone,
  },
];
