import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { formatWhen, outOfHoursMessage } from '../../handoff/clientMessages.js';
import { routeHandoff } from '../../handoff/routing.js';
import { publicHolidays, workingAvailability } from '../../handoff/workingCalendar.js';

const directory = PolicyDirectory.fromFile(path.resolve('data/policy-directory.json'));
const team = directory.team('cz-service')!;
const holidays = publicHolidays();
const route = (iso: string) => routeHandoff(directory, directory.findPolicy('CZ-2024-10001'), new Date(iso), team, holidays);

describe('Czech public holidays (date-holidays) in the handoff routing', () => {
  it('knows the Czech public holidays, in both languages, and not ordinary days', () => {
    expect(holidays.holidayOn('2026-12-24', 'Europe/Prague')).toEqual({ cs: 'Štědrý den', en: 'Christmas Eve' });
    expect(holidays.holidayOn('2026-04-06', 'Europe/Prague')?.cs).toBe('Velikonoční pondělí');
    expect(holidays.holidayOn('2026-04-03', 'Europe/Prague')?.en).toBe('Good Friday');
    expect(holidays.holidayOn('2026-11-17', 'Europe/Prague')).toBeDefined();
    expect(holidays.holidayOn('2026-11-25', 'Europe/Prague')).toBeUndefined();
    expect(holidays.holidayOn('2026-12-24', 'America/New_York')).toBeUndefined();
  });

  it('24 December at 10:00 in Prague is out of hours; the next working day is Monday 28 December (25–26 are holidays too)', () => {
    const r = route('2026-12-24T09:00:00Z');
    expect(r.kind).toBe('out_of_hours');
    if (r.kind !== 'out_of_hours') return;
    expect(r.nextStart?.toISO()).toBe('2026-12-28T08:00:00.000+01:00');
    expect(r.holiday).toEqual({ cs: 'Štědrý den', en: 'Christmas Eve' });
    expect(outOfHoursMessage(r, 'en', false)).toBe('Today is a public holiday (Christmas Eve). The Czech branch customer-service team is not at work right now and will be back on Monday 28 December at 08:00 Prague time.');
    expect(outOfHoursMessage(r, 'cs', true).replace(/\u00A0/g, ' ')).toBe('Dnes je státní svátek (Štědrý den). Jana Nováková teď nepracuje a bude zpět pondělí 28. 12. v 8:00 pražského času.');
  });

  it('Easter Monday (6 April 2026) is out of hours; the team is back on Tuesday 7 April', () => {
    const r = route('2026-04-06T08:00:00Z');
    expect(r.kind).toBe('out_of_hours');
    if (r.kind !== 'out_of_hours') return;
    expect(r.nextStart?.toISO()).toBe('2026-04-07T08:00:00.000+02:00');
    expect(outOfHoursMessage(r, 'en', false)).toContain('Tuesday 7 April at 08:00 Prague time');
    expect(outOfHoursMessage(r, 'en', false)).not.toMatch(/Amsterdam|head office/);
  });

  it('the evening before a holiday names the day after it, without a holiday sentence (today is not one)', () => {
    // Wednesday 23 December 2026, 20:00 in Prague.
    const r = route('2026-12-23T19:00:00Z');
    expect(r.kind === 'out_of_hours' && r.nextStart?.toISODate()).toBe('2026-12-28');
    expect(r.kind === 'out_of_hours' && outOfHoursMessage(r, 'en', false)).toMatch(/^The Czech branch customer-service team is not at work right now and will be back on Monday 28 December/);
  });

  it('an ordinary working day is unchanged', () => {
    expect(route('2026-11-25T09:00:00Z').kind).toBe('manager');
    expect(workingAvailability(team.workingHours, team.timeZone, new Date('2026-11-25T09:00:00Z'), holidays)).toEqual({ available: true });
  });

  it('states the time zone in words, not as an IANA id', () => {
    const r = route('2026-11-28T10:00:00Z');
    expect(r.kind === 'out_of_hours' && formatWhen(r.nextStart!, 'en')).toBe('Monday 30 November at 08:00 Prague time');
  });
});
