import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Lang } from '../locales/lang.js';

/**
 * The client's preferred callback time as a date and time in `zone`: "zítra v 10", "v pondělí
 * odpoledne", "26. 11. v 9:30", "dnes ve 14"; "tomorrow at 10", "Monday 2pm" (chrono-node).
 * Undefined when the text names no time we can be sure of ("kdykoli", "asap"); then the
 * client's words are kept as they are. A day without an hour means the start of the morning
 * (9:00); an hour without a day means today, or tomorrow when that hour has passed. Always in
 * the future: a weekday means its next occurrence.
 */
export function parseCallbackTime(text: string, lang: Lang, now: Date, zone: string): DateTime | undefined {
  const local = DateTime.fromJSDate(now).setZone(zone);
  return parseCzech(text, local) ?? (lang === 'en' || !hasCzechCue(text) ? parseEnglish(text, local, zone) : undefined);
}

/** Lower case without diacritics: "Zítra ve čtvrtek" → "zitra ve ctvrtek". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const WEEKDAYS: [RegExp, number][] = [
  [/\bpondel[ia]\b/, 1],
  [/\bute?r[yi]\b/, 2],
  [/\bstred[uay]\b/, 3],
  [/\bctvrt(?:ek|ka)\b/, 4],
  [/\bpat(?:ek|ku)\b/, 5],
  [/\bsobot[ua]\b/, 6],
  [/\bnedel[ie]\b/, 7],
];

const DAY_PARTS: [RegExp, number][] = [
  [/\brano\b/, 9],
  [/\bdopoledne\b/, 10],
  [/\bv poledne\b/, 12],
  [/\bodpoledne\b/, 14],
  [/\bvecer\b/, 18],
];

function hasCzechCue(text: string): boolean {
  const folded = fold(text);
  return /\b(?:dnes|dneska|zitra|pozitri|rano|dopoledne|odpoledne|vecer|hodin)\b/.test(folded) || WEEKDAYS.some(([re]) => re.test(folded)) || /(?:^|\s)(?:v|ve)\s\d/.test(folded);
}

function parseCzech(text: string, now: DateTime): DateTime | undefined {
  let rest = fold(text);
  let day: DateTime | undefined;
  const date = /\b(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}))?/.exec(rest);
  if (date) {
    const candidate = DateTime.fromObject({ year: date[3] ? Number(date[3]) : now.year, month: Number(date[2]), day: Number(date[1]) }, { zone: now.zone });
    if (!candidate.isValid) return undefined;
    day = !date[3] && candidate < now.startOf('day') ? candidate.plus({ years: 1 }) : candidate;
    rest = rest.replace(date[0], ' ');
  } else if (/\bpozitri\b/.test(rest)) day = now.plus({ days: 2 }).startOf('day');
  else if (/\bzitra\b/.test(rest)) day = now.plus({ days: 1 }).startOf('day');
  else if (/\b(?:dnes|dneska)\b/.test(rest)) day = now.startOf('day');
  else {
    const weekday = WEEKDAYS.find(([re]) => re.test(rest));
    if (weekday) day = now.plus({ days: ((weekday[1] - now.weekday + 7) % 7) || 7 }).startOf('day');
  }

  let hour: number | undefined;
  let minute = 0;
  const clock = /\b(\d{1,2})[:.](\d{2})\b/.exec(rest) ?? /(?:^|\s)(?:v|ve|od|kolem|okolo|na|po)\s(\d{1,2})(?![\d.:])/.exec(rest) ?? /\b(\d{1,2})\s?(?:h|hod|hodin)\b/.exec(rest);
  if (clock) {
    hour = Number(clock[1]);
    minute = clock[2] ? Number(clock[2]) : 0;
    if (hour > 23 || minute > 59) return undefined;
    // "ve 3 odpoledne"
    if (hour < 12 && /\b(?:odpoledne|vecer)\b/.test(rest)) hour += 12;
  } else {
    hour = DAY_PARTS.find(([re]) => re.test(rest))?.[1];
  }
  if (day === undefined && hour === undefined) return undefined;
  if (day === undefined) {
    const today = now.set({ hour: hour!, minute, second: 0, millisecond: 0 });
    return today > now ? today : today.plus({ days: 1 });
  }
  return day.set({ hour: hour ?? 9, minute, second: 0, millisecond: 0 });
}

function parseEnglish(text: string, now: DateTime, zone: string): DateTime | undefined {
  const [result] = chrono.en.parse(text, { instant: now.toJSDate(), timezone: now.offset }, { forwardDate: true });
  if (!result) return undefined;
  const start = result.start;
  const at = DateTime.fromJSDate(start.date()).setZone(zone);
  // "tomorrow" alone: the morning, not the current time of day.
  return start.isCertain('hour') ? at.set({ second: 0, millisecond: 0 }) : at.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
}
