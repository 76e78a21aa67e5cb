import { contactSchema } from '../reportSchemas.js';
import { foldDiacritics, wordTokens } from '../../knowledge/text/fold.js';
import { foldKeepingLength, prepareAnswer } from './input.js';
import { accept, reject, type ValidationResult } from './reasons.js';
import { trimChars } from '../../platform/text/trimChars.js';

// ---------------------------------------------------------------- yes / no

/** Words that answer "yes" on their own, folded (Slovak "áno" folds to "ano" too). */
const YES_WORDS: ReadonlySet<string> = new Set([
  'ano', 'jo', 'joo', 'jojo', 'jj', 'jop', 'jasne', 'urcite', 'samozrejme', 'souhlasim', 'spravne', 'presne', 'potvrzuji',
  'yes', 'yeah', 'yep', 'yup', 'sure', 'correct', 'right', 'true', 'ok', 'okay', 'confirm', 'confirmed', 'definitely',
  'certainly', 'absolutely', 'indeed', 'affirmative',
]);

/** Words that answer "no" on their own, folded. */
const NO_WORDS: ReadonlySet<string> = new Set([
  'ne', 'nee', 'nene', 'nn', 'nikoli', 'nikoliv', 'nesouhlasim', 'spatne', 'nope', 'nah', 'no', 'not', 'never', 'false',
  'incorrect', 'wrong', 'negative',
]);

/** Single letters count only as the whole answer ("y", "n"); inside a sentence they are noise. */
const LONE_LETTERS: Readonly<Record<string, boolean>> = { y: true, a: true, n: false };

/** Phrases whose words would mislead one by one ("of course", "ani náhodou", "no way"). */
const PHRASES: ReadonlyArray<readonly [RegExp, boolean]> = [
  [/^(?:of course|no problem)\b/, true],
  [/^(?:ani nahodou|vubec ne|no way|not at all|not really|absolutely not|certainly not|rozhodne ne|urcite ne)\b/, false],
];

const THUMBS = /^(?:\u{1F44D}|\u{2705}|\u{2714}\u{FE0F}?)(?:\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF})?$/u;
const THUMBS_DOWN = /^(?:\u{1F44E}|\u{274C}|\u{2716}\u{FE0F}?)(?:\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF})?$/u;

/** How far into the answer the yes or no may come ("I think yes", "tak to asi ne"). */
const YES_NO_WINDOW = 4;

function wordVerdict(word: string, next: string | undefined): boolean | undefined {
  // Czech "no" is also "well": "no jo", "no ano" mean yes.
  if (word === 'no' && next !== undefined && YES_WORDS.has(next)) return undefined;
  if (YES_WORDS.has(word)) return true;
  if (NO_WORDS.has(word)) return false;
  return undefined;
}

/**
 * A yes/no answer in Czech or English. The first yes- or no-word among the first few words
 * decides, unless the answer later says the opposite with another such word ("ano… vlastně ne").
 */
export function parseYesNo(input: string): ValidationResult<boolean> {
  const prepared = prepareAnswer(input, 200);
  if (!prepared.ok) return prepared;
  const answer = prepared.value;
  if (THUMBS.test(answer)) return accept(true);
  if (THUMBS_DOWN.test(answer)) return accept(false);
  const folded = foldDiacritics(answer);
  const phrase = PHRASES.find(([pattern]) => pattern.test(folded));
  if (phrase) return accept(phrase[1]);
  const words = wordTokens(folded);
  const [only] = words;
  if (words.length === 1 && only !== undefined && Object.hasOwn(LONE_LETTERS, only)) return accept(LONE_LETTERS[only]!);
  const verdicts = words.map((word, index) => wordVerdict(word, words[index + 1]));
  const firstIndex = verdicts.findIndex((verdict) => verdict !== undefined);
  if (firstIndex < 0 || firstIndex >= YES_NO_WINDOW) return reject('yesno.unclear');
  const first = verdicts[firstIndex]!;
  if (verdicts.some((verdict) => verdict === !first)) return reject('yesno.unclear');
  return accept(first);
}

// ---------------------------------------------------------------- name

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 200;

/** A person's or company's name: 2–200 characters with at least one letter. */
export function parseName(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, NAME_MAX_LENGTH);
  if (!prepared.ok) {
    return prepared.reason === 'input.tooLong' ? reject('name.tooLong', { max: NAME_MAX_LENGTH }) : prepared;
  }
  const name = prepared.value.replace(/\p{Cc}/gu, '');
  if (name.length < NAME_MIN_LENGTH) return reject('name.tooShort', { min: NAME_MIN_LENGTH });
  if (!/\p{L}/u.test(name)) return reject('name.noLetters');
  return accept(name);
}

// ---------------------------------------------------------------- e-mail

export const EMAIL_MAX_LENGTH = 254;

const EMAIL_LOCAL_PART = /^[A-Za-z0-9_'+-]+(?:\.[A-Za-z0-9_'+-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * An e-mail address, trimmed, "mailto:" and angle brackets removed, the domain lower-cased.
 * Accepts only what the report's contact schema accepts, so a confirmed answer always files.
 */
export function parseEmail(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, EMAIL_MAX_LENGTH + 20);
  if (!prepared.ok) return prepared.reason === 'input.tooLong' ? reject('email.tooLong', { max: EMAIL_MAX_LENGTH }) : prepared;
  const address = prepared.value.replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').trim();
  if (address.length > EMAIL_MAX_LENGTH) return reject('email.tooLong', { max: EMAIL_MAX_LENGTH });
  const parts = address.split('@');
  if (parts.length !== 2) return reject('email.format');
  const [local = '', domain = ''] = parts;
  const labels = domain.toLowerCase().split('.');
  const topLevel = labels.at(-1) ?? '';
  const wellFormed =
    local.length <= 64 &&
    EMAIL_LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    /^[a-z]{2,}$/.test(topLevel);
  if (!wellFormed) return reject('email.format');
  const normalized = `${local}@${labels.join('.')}`;
  return contactSchema.shape.email.safeParse(normalized).success ? accept(normalized) : reject('email.format');
}

// ---------------------------------------------------------------- phone

export const PHONE_MIN_DIGITS = 9;
export const PHONE_MAX_DIGITS = 15;

/** Country codes whose national numbers have exactly nine digits. */
const NINE_DIGIT_NATIONAL_NUMBERS: Readonly<Record<string, number>> = { '420': 9, '421': 9 };

const PHONE_LABEL = /^(?:tel(?:efon|ephone)?|phone|mobil(?:e)?|mob|gsm)\.?\s*:?\s*/i;

/**
 * A phone number, normalised to E.164 ("+420601123456"). "00" counts as "+"; a bare nine-digit
 * number not starting with 0 is Czech (+420). Czech and Slovak numbers must have nine digits
 * after the country code; other international numbers 9–15 digits in all.
 */
export function parsePhone(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, 40);
  if (!prepared.ok) return prepared;
  const compact = prepared.value.replace(PHONE_LABEL, '').replace(/[\s().\-/]/g, '');
  if (!/^(?:\+|00)?\d+$/.test(compact)) return reject('phone.format');
  const international = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.replace(/^(?:\+|00)/, '');
  if (!international) {
    if (/^[1-9]\d{8}$/.test(digits)) return accept(`+420${digits}`);
    if (/^42[01]\d{9}$/.test(digits)) return accept(`+${digits}`);
    return reject('phone.format');
  }
  const nationalLength = NINE_DIGIT_NATIONAL_NUMBERS[digits.slice(0, 3)];
  if (nationalLength !== undefined && digits.length !== 3 + nationalLength) {
    return reject('phone.length', { min: 3 + nationalLength, max: 3 + nationalLength });
  }
  if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS) {
    return reject('phone.length', { min: PHONE_MIN_DIGITS, max: PHONE_MAX_DIGITS });
  }
  if (digits.startsWith('0')) return reject('phone.format');
  return accept(`+${digits}`);
}

// ---------------------------------------------------------------- policy number

export const POLICY_MIN_LENGTH = 4;
export const POLICY_MAX_LENGTH = 30;

/**
 * "č. P-2024-0001", "policy no. P-2024-0001", "#118": the label is not part of the number. "No"
 * and "nr" need a dot or a space after them, or "NO123" would lose its letters.
 */
const NUMBER_LABEL =
  /^(?:(?:pojistk[ayu]|pojistna smlouva|smlouva|policy|faktura|fakturu|invoice)(?:\s*(?:c\.|cislo|no\.|nr\.|no(?=\s)|nr(?=\s)|number|#))?|c\.|cislo(?=[\s:])|no\.|nr\.|no(?=\s)|nr(?=\s)|number(?=[\s:])|#)\s*:?\s*/;

/** Any words without a digit before a colon are a label too ("číslo smlouvy: …", "our ref: …"). */
const LABEL_BEFORE_COLON = /^[^\d:\n]{1,40}:\s*/;

function stripNumberLabel(text: string): string {
  const trimmed = text.trimStart();
  const colon = LABEL_BEFORE_COLON.exec(trimmed);
  if (colon && /\d/.test(trimmed.slice(colon[0].length))) return trimmed.slice(colon[0].length);
  const match = NUMBER_LABEL.exec(foldKeepingLength(trimmed));
  return match ? trimmed.slice(match[0].length) : trimmed;
}

/**
 * A policy number: letters, digits and single dashes, 4–30 characters, at least one digit,
 * upper-cased; any separators typed between its parts become one dash ("cz 2024 10001" →
 * "CZ-2024-10001"), and the directory matches it ignoring separators (normalizePolicyNumber).
 */
export function parsePolicyNumber(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, 80);
  if (!prepared.ok) return prepared;
  // Any run of separators (spaces, dashes, slashes, dots, underscores) is one dash: "cz 2024 10001" → "CZ-2024-10001".
  const policyNumber = trimChars(stripNumberLabel(prepared.value)
    .trim()
    .replace(/[\s\-\u2010-\u2015/._]+/g, '-'), '-')
    .toUpperCase();
  if (policyNumber.length < POLICY_MIN_LENGTH || policyNumber.length > POLICY_MAX_LENGTH) {
    return reject('policy.length', { min: POLICY_MIN_LENGTH, max: POLICY_MAX_LENGTH });
  }
  if (!/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/.test(policyNumber) || !/\d/.test(policyNumber)) return reject('policy.format');
  return accept(policyNumber);
}

// ---------------------------------------------------------------- invoice number

export const INVOICE_NUMBER_MAX_LENGTH = 50;

/**
 * An invoice number as the client's accounting writes it (kept as typed, label removed): 1–50
 * characters, at least one letter or digit, no line breaks or control characters.
 */
export function parseInvoiceNumber(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, INVOICE_NUMBER_MAX_LENGTH + 20);
  if (!prepared.ok) {
    return prepared.reason === 'input.tooLong' ? reject('invoice.tooLong', { max: INVOICE_NUMBER_MAX_LENGTH }) : prepared;
  }
  const invoiceNumber = stripNumberLabel(prepared.value).trim();
  if (invoiceNumber.length > INVOICE_NUMBER_MAX_LENGTH) return reject('invoice.tooLong', { max: INVOICE_NUMBER_MAX_LENGTH });
  if (!/[\p{L}\p{N}]/u.test(invoiceNumber) || /\p{Cc}/u.test(invoiceNumber)) return reject('invoice.format');
  return accept(invoiceNumber);
}
