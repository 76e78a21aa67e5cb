import { parseCurrency } from './currency.js';
import { foldKeepingLength, prepareAnswer } from './input.js';
import { accept, reject, type ValidationFailure, type ValidationResult } from './reasons.js';
import { trimEndChars } from '../../platform/text/trimChars.js';

export interface MoneyAmount {
  amount: number;
  /** ISO 4217 code, when the answer names a currency. */
  currency?: string;
}

export const MAX_AMOUNT = 1e12;
export const MAX_DECIMALS = 2;

/** Thousands may be grouped with spaces (Czech), apostrophes (Swiss), dots or commas. */
const GROUPING_ONLY = /[ '’]/;
const NUMBER_CHARACTERS = /^[\d .,'’]+$/;

/** "1 200,- Kč" and "1 200,-- Kč": the dash says "whole crowns, no hellers". */
const WHOLE_UNITS_MARK = /^\s*[.,]\s*[-–—]{1,2}/;

/** Tax qualifiers do not change the amount the client means. */
const TAX_QUALIFIER = /(?<!\s)\s*(?:(?:vc\.?|vcetne|s|bez|incl\.?|including|excl\.?|excluding|plus|\+)\s*(?:dph|vat)|(?:dph|vat)\s*(?:included|incl\.?))\.?$/;

const MULTIPLIERS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:tis\.?|tisic|tisice|thousand|thousands)(?=\s|$)/, 1e3],
  [/^(?:mil\.?|mio\.?|milion|miliony|milionu|million|millions)(?=\s|$)/, 1e6],
];

interface SplitAmount {
  leading: string;
  numberText: string;
  trailing: string;
}

function splitAroundNumber(answer: string): SplitAmount | undefined {
  const first = answer.search(/\d/);
  if (first < 0) return undefined;
  let last = answer.length - 1;
  while (!/\d/.test(answer.charAt(last))) last -= 1;
  return { leading: answer.slice(0, first), numberText: answer.slice(first, last + 1), trailing: answer.slice(last + 1) };
}

interface ParsedNumber {
  value: number;
  hasFraction: boolean;
}

/**
 * Which separator is the decimal mark. With both a comma and a dot, the last one is. A lone
 * comma or dot followed by exactly three digits, with no other separator and a non-zero integer
 * part, groups thousands ("1,200" and "1.200" are 1200); otherwise it is the decimal mark
 * ("1,20" is 1.2, "1 234,567" has three decimals). Before "tis."/"mil." a lone separator is
 * always the decimal mark ("1,250 mil." is 1 250 000).
 */
function decimalMarkOf(numberText: string, hasMultiplier: boolean): ',' | '.' | undefined | 'invalid' {
  const commas = numberText.split(',').length - 1;
  const dots = numberText.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    const mark = numberText.lastIndexOf(',') > numberText.lastIndexOf('.') ? ',' : '.';
    return (mark === ',' ? commas : dots) === 1 ? mark : 'invalid';
  }
  if (commas + dots === 0) return undefined;
  const mark = commas > 0 ? ',' : '.';
  if (commas + dots > 1) return undefined;
  if (hasMultiplier) return mark;
  const [integerPart = '', fraction = ''] = numberText.split(mark);
  const looksLikeThousands =
    fraction.length === 3 && !GROUPING_ONLY.test(numberText) && /^\d{1,3}$/.test(integerPart) && !/^0+$/.test(integerPart);
  return looksLikeThousands ? undefined : mark;
}

/** Groups after the first must have exactly three digits, all split by one kind of separator. */
function joinIntegerGroups(integerText: string): string | undefined {
  const separators = new Set(integerText.replace(/\d/g, ''));
  if (separators.size === 0) return integerText;
  if (separators.size > 1) return undefined;
  const groups = integerText.split([...separators][0]!);
  const [firstGroup = '', ...rest] = groups;
  if (!/^\d{1,3}$/.test(firstGroup) || !rest.every((group) => /^\d{3}$/.test(group))) return undefined;
  return groups.join('');
}

function parseNumber(numberText: string, multiplier: number): ValidationResult<ParsedNumber> {
  if (!NUMBER_CHARACTERS.test(numberText)) return reject('amount.format');
  const mark = decimalMarkOf(numberText, multiplier !== 1);
  if (mark === 'invalid') return reject('amount.format');
  const markIndex = mark === undefined ? -1 : numberText.lastIndexOf(mark);
  const integerText = markIndex < 0 ? numberText : numberText.slice(0, markIndex);
  const fraction = markIndex < 0 ? '' : numberText.slice(markIndex + 1);
  const integerDigits = joinIntegerGroups(integerText);
  if (integerDigits === undefined || integerDigits === '' || (markIndex >= 0 && !/^\d+$/.test(fraction))) {
    return reject('amount.format');
  }
  // "1,25 mil." carries more digits than cents before scaling; the cents rule applies after it.
  const allowedDecimals = MAX_DECIMALS + Math.round(Math.log10(multiplier));
  if (fraction.length > allowedDecimals) return reject('amount.tooManyDecimals', { max: MAX_DECIMALS });
  if (integerDigits.replace(/^0+/, '').length > 15) return reject('amount.tooLarge', { max: MAX_AMOUNT });
  const scaled = Number(`${integerDigits}.${fraction || '0'}`) * multiplier;
  if (multiplier !== 1 && Math.abs(scaled * 100 - Math.round(scaled * 100)) > 1e-6) {
    return reject('amount.tooManyDecimals', { max: MAX_DECIMALS });
  }
  return accept({ value: Math.round(scaled * 100) / 100, hasFraction: markIndex >= 0 });
}

interface Trailing {
  multiplier: number;
  currencyText: string;
  wholeUnits: boolean;
}

/** "12k EUR": a k glued to the number multiplies; a separate "k" is not a word we know. */
const ATTACHED_K = /^k(?=\s|$)/;

function readTrailing(trailing: string): Trailing {
  let rest = trailing;
  const wholeUnits = WHOLE_UNITS_MARK.test(rest);
  if (wholeUnits) rest = rest.replace(WHOLE_UNITS_MARK, '');
  if (ATTACHED_K.test(rest)) return { multiplier: 1e3, currencyText: rest.slice(1).trim(), wholeUnits };
  rest = rest.trim();
  const folded = foldKeepingLength(rest);
  for (const [pattern, factor] of MULTIPLIERS) {
    const match = pattern.exec(folded);
    if (match) return { multiplier: factor, currencyText: rest.slice(match[0].length).trim(), wholeUnits };
  }
  return { multiplier: 1, currencyText: rest, wholeUnits };
}

function stripTaxQualifier(text: string): string {
  const match = TAX_QUALIFIER.exec(foldKeepingLength(text));
  return match ? text.slice(0, match.index) : text;
}

/** The currency named before or after the number; both must agree when both are there. */
function resolveCurrency(leading: string, trailing: string): string | undefined | ValidationFailure {
  const codes: string[] = [];
  for (const text of [leading, trailing].map((part) => trimEndChars(part, '.,;:!').trim())) {
    if (text === '') continue;
    const parsed = parseCurrency(text);
    if (parsed.ok) codes.push(parsed.value);
    else if (parsed.reason === 'currency.notMonetary') return parsed;
    // Three capitals look like a currency code the client meant; other words are not amounts.
    else if (/^[A-Z]{3}$/.test(text)) return reject('currency.unknown', { currency: text });
    else return reject('amount.format');
  }
  const [first, second] = codes;
  if (first !== undefined && second !== undefined && first !== second) {
    return reject('amount.currencyConflict', { first, second });
  }
  return first;
}

const MINUS_SIGN = /[-−–]\s*$/;

/**
 * A money amount in Czech or English writing ("12 500,50 Kč", "EUR 1,200.00", "€1 200",
 * "1 200,- Kč", "150 tis. Kč"), with its currency when one is named. Amounts must be positive,
 * have at most two decimals and not exceed 10^12.
 */
export function parseAmount(input: string): ValidationResult<MoneyAmount> {
  const prepared = prepareAnswer(input, 80);
  if (!prepared.ok) return prepared;
  const split = splitAroundNumber(prepared.value);
  if (split === undefined) return reject('amount.format');
  const negative = MINUS_SIGN.test(split.leading);
  const leading = split.leading.replace(MINUS_SIGN, '').replace(/\+\s*$/, '');
  const trailing = readTrailing(stripTaxQualifier(split.trailing));
  const parsed = parseNumber(split.numberText, trailing.multiplier);
  if (!parsed.ok) return parsed;
  const number = parsed.value;
  if (trailing.wholeUnits && (trailing.multiplier !== 1 || number.hasFraction)) return reject('amount.format');
  const currency = resolveCurrency(leading, trailing.currencyText);
  if (typeof currency === 'object') return currency;
  if (negative || number.value <= 0) return reject('amount.notPositive');
  if (number.value > MAX_AMOUNT) return reject('amount.tooLarge', { max: MAX_AMOUNT });
  return accept(currency === undefined ? { amount: number.value } : { amount: number.value, currency });
}
