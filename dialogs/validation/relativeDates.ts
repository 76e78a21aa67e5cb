import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { foldKeepingLength } from './input.js';

/**
 * "včera", "předevčírem", "minulý pátek", "před třemi dny", "za dva týdny"; "yesterday",
 * "last Friday", "in two weeks", "3 days ago": each relative phrase is replaced by the date it
 * means (d. M. yyyy, counted from `today` in the insurer's time zone), so that the explicit-date
 * parser and every check after it (due after issue, deadlines, ambiguity) treat it like a typed
 * date. Czech by the small grammar below; English by chrono-node.
 */
export function resolveRelativeDates(text: string, today: string): string {
  const base = DateTime.fromISO(today);
  return resolveEnglish(resolveCzech(text, base), base);
}

const format = (date: DateTime) => `${date.day}. ${date.month}. ${date.year}`;

// ---------------------------------------------------------------- Czech

const NUMBER_WORDS: Record<string, number> = {
  jeden: 1, jednu: 1, jedno: 1, jednim: 1, jednou: 1, jednoho: 1,
  dva: 2, dve: 2, dvema: 2, dvou: 2,
  tri: 3, tremi: 3, trech: 3,
  ctyri: 4, ctyrmi: 4, ctyrech: 4,
  pet: 5, peti: 5, sest: 6, sesti: 6, sedm: 7, sedmi: 7, osm: 8, osmi: 8, devet: 9, deviti: 9, deset: 10, deseti: 10,
};
const NUMBER = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

/** Units in their Czech forms after "před" (instrumental) and "za" (accusative, genitive plural). */
const UNITS: [RegExp, 'days' | 'weeks' | 'months' | 'years'][] = [
  [/^(den|dne|dnem|dny|dni|dnu)$/, 'days'],
  [/^(tyden|tydne|tydnem|tydny|tydnu)$/, 'weeks'],
  [/^(mesic|mesice|mesicem|mesici|mesicu)$/, 'months'],
  [/^(rok|roku|rokem|roky|let|lety)$/, 'years'],
];
const UNIT = '(den|dne|dnem|dny|dni|dnu|tyden|tydne|tydnem|tydny|tydnu|mesic|mesice|mesicem|mesici|mesicu|rok|roku|rokem|roky|let|lety)';

const WEEKDAYS: [RegExp, number][] = [
  [/^pondel/, 1], [/^uter/, 2], [/^stred/, 3], [/^ctvrt/, 4], [/^patek|^patk/, 5], [/^sobot/, 6], [/^nedel/, 7],
];
const WEEKDAY = '(pondeli|utery|streda|stredu|ctvrtek|patek|sobota|sobotu|nedele|nedeli)';

const unitOf = (word: string) => UNITS.find(([pattern]) => pattern.test(word))?.[1];
const countOf = (word: string | undefined) => (word === undefined ? 1 : /^\d+$/.test(word) ? Number(word) : (NUMBER_WORDS[word] ?? 1));
const weekdayOf = (word: string) => WEEKDAYS.find(([pattern]) => pattern.test(word))?.[1] ?? 1;

/** The most recent `weekday` before `base`, or the next one after it. */
function nearestWeekday(base: DateTime, weekday: number, direction: -1 | 1): DateTime {
  let date = base.plus({ days: direction });
  while (date.weekday !== weekday) date = date.plus({ days: direction });
  return date;
}

const CZECH_RULES: { pattern: RegExp; date: (match: RegExpExecArray, base: DateTime) => DateTime }[] = [
  { pattern: /\b(dnes|dneska)\b/g, date: (_m, base) => base },
  { pattern: /\bpredevcirem\b/g, date: (_m, base) => base.minus({ days: 2 }) },
  { pattern: /\bvcera\b/g, date: (_m, base) => base.minus({ days: 1 }) },
  { pattern: /\bpozitri\b/g, date: (_m, base) => base.plus({ days: 2 }) },
  { pattern: /\bzitra\b/g, date: (_m, base) => base.plus({ days: 1 }) },
  { pattern: new RegExp(`\\bpred\\s+(?:${NUMBER}\\s*)?${UNIT}\\b`, 'g'), date: (m, base) => base.minus({ [unitOf(m[2]!)!]: countOf(m[1]) }) },
  { pattern: new RegExp(`\\bza\\s+(?:${NUMBER}\\s*)?${UNIT}\\b`, 'g'), date: (m, base) => base.plus({ [unitOf(m[2]!)!]: countOf(m[1]) }) },
  { pattern: new RegExp(`\\b(minuly|minulou|minule|minuleho|minulem)\\s+${WEEKDAY}\\b`, 'g'), date: (m, base) => nearestWeekday(base, weekdayOf(m[2]!), -1) },
  { pattern: new RegExp(`\\b(pristi|pristim|pristiho)\\s+${WEEKDAY}\\b`, 'g'), date: (m, base) => nearestWeekday(base, weekdayOf(m[2]!), 1) },
];

function resolveCzech(text: string, base: DateTime): string {
  // Matched on the folded text (no diacritics, lower case; same length), replaced in the original.
  let result = text;
  for (const rule of CZECH_RULES) {
    const folded = foldKeepingLength(result);
    const replacements: { start: number; end: number; value: string }[] = [];
    for (const match of folded.matchAll(rule.pattern)) {
      replacements.push({ start: match.index, end: match.index + match[0].length, value: format(rule.date(match as RegExpExecArray, base)) });
    }
    for (const r of replacements.reverse()) result = result.slice(0, r.start) + r.value + result.slice(r.end);
  }
  return result;
}

// ---------------------------------------------------------------- English

/** Only relative expressions: explicit dates are left to the date parser, which knows their formats. */
const ENGLISH_RELATIVE = /\b(today|yesterday|tomorrow|ago|last|next|this|in\s+(a|an|one|two|three|four|five|six|\d+)\s+(day|week|month|year)s?|day before|day after)\b/i;

function resolveEnglish(text: string, base: DateTime): string {
  // Noon on the reference day: no time-zone shift can move it to another date.
  const reference = new Date(Date.UTC(base.year, base.month - 1, base.day, 12));
  // A match glued to more letters ("yesterday-ish") is a hedge, not a date.
  const standsAlone = (r: chrono.ParsedResult) => !/^[\p{L}\p{N}-]/u.test(text.slice(r.index + r.text.length));
  const results = chrono.en.parse(text, { instant: reference, timezone: 0 }).filter((r) => ENGLISH_RELATIVE.test(r.text) && standsAlone(r));
  let result = text;
  for (const r of [...results].reverse()) {
    const date = DateTime.fromObject({ year: r.start.get('year')!, month: r.start.get('month')!, day: r.start.get('day')! });
    if (!date.isValid) continue;
    result = result.slice(0, r.index) + format(date) + result.slice(r.index + r.text.length);
  }
  return result;
}
