import { DateTime } from 'luxon';
import type { Period } from './types.js';

/** The dashboard's default period: the last 30 days, today included. */
export const DEFAULT_DAYS = 30;
/** Longest period one page computes (the answers are aggregated in memory). */
export const MAX_DAYS = 366;

/** A period chosen as local calendar days (inclusive), and the instants it covers. */
export interface DayPeriod {
  /** YYYY-MM-DD, first day included. */
  fromDate: string;
  /** YYYY-MM-DD, last day included. */
  toDate: string;
  /** [start of fromDate, start of the day after toDate) as ISO instants. */
  period: Period;
  /** Every day of the period, for per-day charts. */
  days: string[];
}

export type PeriodResult = { ok: true; value: DayPeriod } | { ok: false; reason: 'format' | 'order' | 'length' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(text: string, zone: string): DateTime | undefined {
  if (!DATE.test(text)) return undefined;
  const day = DateTime.fromISO(text, { zone });
  return day.isValid ? day.startOf('day') : undefined;
}

/**
 * Reads `from` / `to` (YYYY-MM-DD, the branch's time zone, both days included); missing ones
 * default to the last 30 days ending today. Days are local so that "1 March" means the
 * Prague day, not UTC.
 */
export function parsePeriod(query: { from?: unknown; to?: unknown }, now: Date, timeZone: string): PeriodResult {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const toText = text(query.to);
  const fromText = text(query.from);
  const to = toText ? parseDay(toText, timeZone) : today;
  if (!to) return { ok: false, reason: 'format' };
  const from = fromText ? parseDay(fromText, timeZone) : to.minus({ days: DEFAULT_DAYS - 1 });
  if (!from) return { ok: false, reason: 'format' };
  if (from > to) return { ok: false, reason: 'order' };
  const length = Math.round(to.diff(from, 'days').days) + 1;
  if (length > MAX_DAYS) return { ok: false, reason: 'length' };
  const days: string[] = [];
  for (let d = from; d <= to; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return {
    ok: true,
    value: {
      fromDate: from.toISODate()!,
      toDate: to.toISODate()!,
      period: { from: from.toUTC().toISO()!, to: to.plus({ days: 1 }).toUTC().toISO()! },
      days,
    },
  };
}

/** The local calendar day of an instant. */
export function localDay(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toISODate() ?? iso.slice(0, 10);
}
