import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { availability, type WorkingHours } from '../dialogs/policyDirectory.js';
import { LANGS, type Lang } from '../locales/lang.js';

/** A public holiday's name in the chat languages ("Štědrý den" / "Christmas Eve"). */
export type Holiday = Record<Lang, string>;

/** A public holiday on a given local day, if there is one. */
export interface HolidayCalendar {
  /** `isoDate` is the local day (YYYY-MM-DD) in `zone`; undefined when it is an ordinary day there. */
  holidayOn(isoDate: string, zone: string): Holiday | undefined;
}

/**
 * date-holidays carries every country's rules (about 1.5 s to load on a busy machine): loaded on
 * the first holiday question, not when the bot starts.
 */
const requireModule = createRequire(import.meta.url);
let holidaysClass: typeof Holidays | undefined;
function loadHolidays(): typeof Holidays {
  if (!holidaysClass) {
    const loaded = requireModule('date-holidays') as typeof Holidays & { default?: typeof Holidays };
    holidaysClass = loaded.default ?? loaded;
  }
  return holidaysClass;
}

/** Whose public holidays apply to a time zone the directory uses (the branch's countries). */
const COUNTRY_OF_ZONE: Record<string, string> = {
  'Europe/Prague': 'CZ',
  'Europe/Bratislava': 'SK',
  'Europe/Amsterdam': 'NL',
};

/**
 * Public holidays from the maintained `date-holidays` data (Czech: New Year, Easter, 1 and 8 May,
 * 5–6 July, 28 September, 28 October, 17 November, 24–26 December). Only `public` holidays count,
 * never observances or school holidays. A zone with no known country has none.
 */
export function publicHolidays(): HolidayCalendar {
  const byCountry = new Map<string, Holidays>();
  const of = (country: string, lang: Lang): Holidays => {
    let calendar = byCountry.get(`${country}/${lang}`);
    if (!calendar) {
      const HolidaysClass = loadHolidays();
      calendar = new HolidaysClass(country, { types: ['public'], languages: [lang] });
      byCountry.set(`${country}/${lang}`, calendar);
    }
    return calendar;
  };
  return {
    holidayOn(isoDate, zone) {
      const country = COUNTRY_OF_ZONE[zone];
      if (!country) return undefined;
      // Noon of that day: the holiday data's own time zone is the country's, so no edge case at midnight.
      const names = LANGS.map((lang) => {
        const found = of(country, lang).isHoliday(new Date(`${isoDate}T12:00:00Z`));
        return (Array.isArray(found) ? found.find((h) => h.type === 'public') : undefined)?.name;
      });
      if (!names[0]) return undefined;
      return Object.fromEntries(LANGS.map((lang, i) => [lang, names[i] ?? names[0]!])) as Holiday;
    },
  };
}

/** No holidays at all (tests of the plain weekly hours). */
export const noHolidays: HolidayCalendar = { holidayOn: () => undefined };

/**
 * Whether someone with these weekly hours is at work at `now`, and if not, when they next start:
 * the weekly hours of `availability`, with public holidays of the zone's country taken out.
 * `holiday` names the holiday that is closed today, if that is why.
 */
export function workingAvailability(
  hours: WorkingHours,
  zone: string,
  now: Date,
  holidays: HolidayCalendar,
): { available: boolean; nextStart?: DateTime; holiday?: Holiday } {
  const today = DateTime.fromJSDate(now).setZone(zone);
  const closedToday = holidays.holidayOn(today.toISODate()!, zone);
  const why = closedToday ? { holiday: closedToday } : {};
  let probe: DateTime = today;
  // A run of holidays is short (Christmas is three days); two weeks bounds any directory.
  for (let i = 0; i < 14; i++) {
    const closed = i === 0 ? closedToday : holidays.holidayOn(probe.toISODate()!, zone);
    const result = availability(hours, zone, probe.toJSDate());
    if (result.available && !closed) return i === 0 ? { available: true } : { available: false, nextStart: probe, ...why };
    if (!result.available && !result.nextStart) return { available: false, ...why };
    if (!result.available && !holidays.holidayOn(result.nextStart!.toISODate()!, zone)) return { available: false, nextStart: result.nextStart!, ...why };
    // Closed all day (a holiday): look again from the start of the next day.
    probe = (result.available ? probe : result.nextStart!).plus({ days: 1 }).startOf('day');
  }
  return { available: false, ...why };
}
