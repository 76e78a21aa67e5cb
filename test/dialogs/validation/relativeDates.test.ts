import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../dialogs/validation/date.js';

// #17 defect 6: relative dates were refused. Today is Wednesday 25 November 2026.
const today = '2026-11-25';

describe('relative dates as clients write them', () => {
  it.each([
    ['včera', '2026-11-24'],
    ['Včera.', '2026-11-24'],
    ['předevčírem', '2026-11-23'],
    ['dnes', '2026-11-25'],
    ['zítra', '2026-11-26'],
    ['minulý pátek', '2026-11-20'],
    ['minulou středu', '2026-11-18'],
    ['před třemi dny', '2026-11-22'],
    ['před 2 týdny', '2026-11-11'],
    ['před měsícem', '2026-10-25'],
    ['za dva týdny', '2026-12-09'],
    ['za týden', '2026-12-02'],
    ['příští pondělí', '2026-11-30'],
    ['yesterday', '2026-11-24'],
    ['last Friday', '2026-11-20'],
    ['in two weeks', '2026-12-09'],
    ['3 days ago', '2026-11-22'],
    ['the day before yesterday', '2026-11-23'],
  ])('%j → %s', (typed, iso) => {
    expect(parseDate(typed, { today, role: 'due' })).toEqual({ ok: true, value: iso });
  });

  it('leaves explicit dates to the date parser', () => {
    expect(parseDate('1. 10. 2026', { today, role: 'due' })).toEqual({ ok: true, value: '2026-10-01' });
    expect(parseDate('2026-10-01', { today, role: 'due' })).toEqual({ ok: true, value: '2026-10-01' });
  });

  it('still refuses what is no date', () => {
    expect(parseDate('nevím', { today, role: 'due' }).ok).toBe(false);
    expect(parseDate('last time', { today, role: 'due' }).ok).toBe(false);
    // A hedged word is not the date it contains.
    expect(parseDate('yesterday-ish', { today, role: 'due' }).ok).toBe(false);
  });
});
