import { DateTime } from 'luxon';
import { foldKeepingLength, prepareAnswer } from './input.js';
import { resolveRelativeDates } from './relativeDates.js';
import { accept, reject, type ValidationFailure, type ValidationResult } from './reasons.js';
import { trimEndChars } from '../../platform/text/trimChars.js';

/**
 * What a date without a year stands for decides which year it gets:
 * - 'due' (default): an original due date in an overdue report. Such a date is normally in the
 *   past, or just ahead; it gets the latest year in which the date falls no later than
 *   today + DUE_DATE_LOOKAHEAD_DAYS. "3. 3." written on 2026-11-25 is 2026-03-03, "10. 12."
 *   written the same day is 2026-12-10.
 * - 'issue': an invoice is never issued in the future; the latest year with the date ≤ today.
 * - 'future': a new due date after an extension; the earliest year with the date on or after
 *   today − FUTURE_DATE_LOOKBACK_DAYS.
 */
export type DateRole = 'due' | 'issue' | 'future';

export interface DateOptions {
  /** The reference date, ISO YYYY-MM-DD; the clock is never read. */
  today: string;
  role?: DateRole;
}

export const DUE_DATE_LOOKAHEAD_DAYS = 31;
export const FUTURE_DATE_LOOKBACK_DAYS = 31;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2099;

/** A date found in text, before its year is settled and before it is checked to exist. */
export interface DateMention {
  /** Offsets in the searched text: text.slice(start, end) is the date as written. */
  start: number;
  end: number;
  day: number;
  month: number;
  year?: number;
}

const ENGLISH_MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
};

/**
 * Czech month names, folded, in the cases that follow a day number: genitive ("15. ledna") is
 * the norm; nominative, locative and instrumental appear in hurried writing. July and June
 * share a stem, so every form is listed whole.
 */
const CZECH_MONTHS: Readonly<Record<string, number>> = {
  leden: 1, ledna: 1, lednu: 1, lednem: 1,
  unor: 2, unora: 2, unoru: 2, unorem: 2,
  brezen: 3, brezna: 3, breznu: 3, breznem: 3,
  duben: 4, dubna: 4, dubnu: 4, dubnem: 4,
  kveten: 5, kvetna: 5, kvetnu: 5, kvetnem: 5,
  cerven: 6, cervna: 6, cervnu: 6, cervnem: 6,
  cervenec: 7, cervence: 7, cervenci: 7, cervencem: 7,
  srpen: 8, srpna: 8, srpnu: 8, srpnem: 8,
  zari: 9, zarim: 9,
  rijen: 10, rijna: 10, rijnu: 10, rijnem: 10,
  listopad: 11, listopadu: 11, listopadem: 11,
  prosinec: 12, prosince: 12, prosinci: 12, prosincem: 12,
};

/** Czech dates sometimes write the month in Roman numerals ("3. III. 2026"). */
const ROMAN_MONTHS: Readonly<Record<string, number>> = {
  i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10, xi: 11, xii: 12,
};

const MONTH_NAMES: Readonly<Record<string, number>> = { ...ENGLISH_MONTHS, ...CZECH_MONTHS };

function alternation(words: Iterable<string>): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

const ANY_MONTH = alternation(Object.keys(MONTH_NAMES));
const ENGLISH_MONTH = alternation(Object.keys(ENGLISH_MONTHS));
const ROMAN_MONTH = alternation(Object.keys(ROMAN_MONTHS));
const ORDINAL = '(?:st|nd|rd|th)';

/** 2026-03-03 (also with slashes or dots between the parts). */
const ISO_DATE = /(?<![\p{N}\-/.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\p{N}|[-/.]\p{N})/gu;

/**
 * 3. 3. 2026, 3.3.2026, 3.3.26, 3. 3. and 3. III. 2026. A two-digit year followed by more digits
 * is the start of an amount ("splatnou 3. 3. 12 500 EUR"), so the date then has no year.
 */
const DOTTED_DATE = new RegExp(
  String.raw`(?<![\p{N}.,])(\d{1,2}) ?\. ?(\d{1,2}|(?:${ROMAN_MONTH})(?!\p{L})) ?\.(?: ?(?:(\d{4})(?!\p{N}|[.,]\p{N})|(\d{2})(?!\p{N}|[.,]\p{N}| \p{N})))?`,
  'gu',
);

/** 03/03/2026 and 03-03-2026: day first (see slashedDayAndMonth). */
const SLASHED_DATE = /(?<![\p{N}\-/.])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?!\p{N}|[-/.]\p{N})/gu;

/** 15. ledna 2026, 3 March 2026, 3rd of March, 2026, 15. ledna. */
const DAY_MONTH_NAME = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(\d{1,2})(?: ?\.|${ORDINAL})? ?(?:of )?(${ANY_MONTH})(?!\p{L})\.?(?:,? ?(\d{4})(?!\p{N}))?`,
  'gu',
);

/** March 3rd 2026, Mar 3, 2026, Mar. 3. Only English puts the month first. */
const MONTH_NAME_DAY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${ENGLISH_MONTH})\.? (\d{1,2})${ORDINAL}?(?![\p{L}\p{N}])(?:,? ?(\d{4})(?!\p{N}))?`,
  'gu',
);

/** Two-digit years are this century's: "3.3.26" is 2026. */
function yearOf(digits: string | undefined): number | undefined {
  if (digits === undefined) return undefined;
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

/**
 * Slashed dates are day/month, as in Czech and British writing, whatever the language. Only when
 * that reading is impossible and the US month/day reading is possible (03/15/2026) is the date
 * read month first.
 */
function slashedDayAndMonth(first: number, second: number): { day: number; month: number } {
  return second > 12 && first <= 12 ? { day: second, month: first } : { day: first, month: second };
}

function monthFromWord(word: string): number {
  return MONTH_NAMES[word] ?? ROMAN_MONTHS[word] ?? Number(word);
}

type MentionReader = (match: RegExpExecArray) => Omit<DateMention, 'start' | 'end'>;

const DATE_PATTERNS: ReadonlyArray<readonly [RegExp, MentionReader]> = [
  [ISO_DATE, (m) => ({ year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) })],
  [DOTTED_DATE, (m) => ({ day: Number(m[1]), month: monthFromWord(m[2]!), year: yearOf(m[3] ?? m[4]) })],
  [SLASHED_DATE, (m) => ({ ...slashedDayAndMonth(Number(m[1]), Number(m[3])), year: yearOf(m[4]) })],
  [DAY_MONTH_NAME, (m) => ({ day: Number(m[1]), month: monthFromWord(m[2]!), year: yearOf(m[3]) })],
  [MONTH_NAME_DAY, (m) => ({ month: monthFromWord(m[1]!), day: Number(m[2]), year: yearOf(m[3]) })],
];

/** Where several patterns match overlapping text, the one starting first (then the longest) wins. */
function dropOverlaps(mentions: DateMention[]): DateMention[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DateMention[] = [];
  for (const mention of sorted) {
    const previous = kept.at(-1);
    if (previous === undefined || mention.start >= previous.end) kept.push(mention);
  }
  return kept;
}

/**
 * Every date-shaped piece of the text, in order, with the year when it is written. Month names
 * are matched without diacritics and in any case. Impossible dates (31. 2.) are reported too, so
 * a caller can say why they were refused; resolveDateMention settles them.
 */
export function findDateMentions(text: string): DateMention[] {
  const folded = foldKeepingLength(text);
  const mentions: DateMention[] = [];
  for (const [pattern, read] of DATE_PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      const end = match.index + trimEndChars(match[0], ' ,').length;
      mentions.push({ start: match.index, end, ...read(match) });
    }
  }
  return dropOverlaps(mentions);
}

function toIso(year: number, month: number, day: number): string | undefined {
  const date = DateTime.utc(year, month, day);
  return date.isValid ? date.toISODate()! : undefined;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return toIso(year, month, day) !== undefined;
}

/** Throws RangeError unless `today` is a real ISO date: a caller's mistake, not the client's. */
export function assertReferenceDate(today: string): void {
  parseToday(today);
}

function parseToday(today: string): DateTime {
  const parsed = DateTime.fromISO(today, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !parsed.isValid) {
    throw new RangeError(`today must be an ISO date YYYY-MM-DD, got "${today}"`);
  }
  return parsed;
}

/** Years tried for a date written without one, nearest first in the direction the role looks. */
function candidateYears(todayYear: number, role: DateRole): number[] {
  // Eight years back or ahead always reach a 29 February.
  return role === 'future'
    ? Array.from({ length: 10 }, (_, index) => todayYear - 1 + index)
    : Array.from({ length: 10 }, (_, index) => todayYear + 1 - index);
}

function resolveYear(day: number, month: number, today: DateTime, role: DateRole): string | undefined {
  const latest =
    role === 'issue' ? today.toISODate()! : role === 'due' ? today.plus({ days: DUE_DATE_LOOKAHEAD_DAYS }).toISODate()! : undefined;
  const earliest = role === 'future' ? today.minus({ days: FUTURE_DATE_LOOKBACK_DAYS }).toISODate()! : undefined;
  for (const year of candidateYears(today.year, role)) {
    const iso = toIso(year, month, day);
    if (iso === undefined) continue;
    if (latest !== undefined && iso <= latest) return iso;
    if (earliest !== undefined && iso >= earliest) return iso;
  }
  return undefined;
}

function impossible(mention: DateMention): ValidationFailure {
  const params: Record<string, number> = { day: mention.day, month: mention.month };
  if (mention.year !== undefined) params.year = mention.year;
  return reject('date.impossible', params);
}

/** The ISO date a mention stands for, its year settled by the role when it was left out. */
export function resolveDateMention(mention: DateMention, options: DateOptions): ValidationResult<string> {
  const today = parseToday(options.today);
  const { day, month, year } = mention;
  if (month < 1 || month > 12 || day < 1 || day > 31) return impossible(mention);
  if (year !== undefined) {
    if (year < MIN_YEAR || year > MAX_YEAR) return reject('date.yearOutOfRange', { min: MIN_YEAR, max: MAX_YEAR, year });
    const iso = toIso(year, month, day);
    return iso === undefined ? impossible(mention) : accept(iso);
  }
  const iso = resolveYear(day, month, today, options.role ?? 'due');
  return iso === undefined ? impossible(mention) : accept(iso);
}

/**
 * One date in an answer, as ISO YYYY-MM-DD. Words around the date are ignored ("splatná do
 * 15. ledna"); an answer with two different dates is ambiguous.
 */
export function parseDate(input: string, options: DateOptions): ValidationResult<string> {
  assertReferenceDate(options.today);
  const prepared = prepareAnswer(input, 200);
  if (!prepared.ok) return prepared;
  // "včera", "last Friday", "in two weeks": relative phrases become the dates they mean first.
  const mentions = findDateMentions(resolveRelativeDates(prepared.value, options.today));
  if (mentions.length === 0) return reject('date.invalid');
  const results = mentions.map((mention) => resolveDateMention(mention, options));
  const dates = new Set(results.flatMap((result) => (result.ok ? [result.value] : [])));
  if (dates.size > 1 || (dates.size === 1 && results.some((result) => !result.ok))) return reject('date.ambiguous');
  const [date] = dates;
  return date !== undefined ? accept(date) : results[0]!;
}
