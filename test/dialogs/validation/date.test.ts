import { describe, expect, it } from 'vitest';
import {
  DUE_DATE_LOOKAHEAD_DAYS,
  assertReferenceDate,
  findDateMentions,
  isRealDate,
  parseDate,
  resolveDateMention,
} from '../../../dialogs/validation/date.js';

const today = '2026-11-25';

describe('parseDate — formats', () => {
  it.each([
    ['2026-03-03', '2026-03-03'],
    ['2026-3-3', '2026-03-03'],
    ['2026/03/03', '2026-03-03'],
    ['3. 3. 2026', '2026-03-03'],
    ['3.3.2026', '2026-03-03'],
    ['03.03.2026', '2026-03-03'],
    ['3.3.26', '2026-03-03'], // two-digit years are 20xx
    ['3. III. 2026', '2026-03-03'], // Roman month
    ['03/03/2026', '2026-03-03'],
    ['15/03/2026', '2026-03-15'],
    ['03-03-2026', '2026-03-03'],
    ['March 3rd 2026', '2026-03-03'],
    ['March 3, 2026', '2026-03-03'],
    ['Mar 3, 2026', '2026-03-03'],
    ['Mar. 3 2026', '2026-03-03'],
    ['3 March 2026', '2026-03-03'],
    ['3rd of March, 2026', '2026-03-03'],
    ['3 Mar 2026', '2026-03-03'],
    ['1st September 2026', '2026-09-01'],
    ['15. ledna 2026', '2026-01-15'],
    ['15 ledna 2026', '2026-01-15'],
    ['15. LEDNA 2026', '2026-01-15'],
    ['15. ledna, 2026', '2026-01-15'],
    ['splatná do 15. ledna 2026', '2026-01-15'],
    ['due on 3 March 2026', '2026-03-03'],
    ['2026-03-03 (úterý)', '2026-03-03'],
    ['the same date twice: 3. 3. 2026 = 2026-03-03', '2026-03-03'],
  ])('%j → %s', (input, expected) => {
    expect(parseDate(input, { today })).toEqual({ ok: true, value: expected });
  });
});

describe('parseDate — Czech month names in their cases, with and without diacritics', () => {
  it.each([
    ['15. leden 2026', '2026-01-15'],
    ['15. ledna 2026', '2026-01-15'],
    ['15. lednu 2026', '2026-01-15'],
    ['1. února 2026', '2026-02-01'],
    ['1. unora 2026', '2026-02-01'],
    ['3. března 2026', '2026-03-03'],
    ['3. brezna 2026', '2026-03-03'],
    ['3. březnu 2026', '2026-03-03'],
    ['30. dubna 2026', '2026-04-30'],
    ['8. května 2026', '2026-05-08'],
    ['8. kvetna 2026', '2026-05-08'],
    ['15. června 2026', '2026-06-15'],
    ['15. cervna 2026', '2026-06-15'],
    ['15. červnu 2026', '2026-06-15'],
    ['15. července 2026', '2026-07-15'],
    ['15. cervence 2026', '2026-07-15'],
    ['15. červenci 2026', '2026-07-15'],
    ['15. červenec 2026', '2026-07-15'],
    ['20. srpna 2026', '2026-08-20'],
    ['1. září 2026', '2026-09-01'],
    ['1. zari 2026', '2026-09-01'],
    ['28. října 2026', '2026-10-28'],
    ['28. rijnu 2026', '2026-10-28'],
    ['17. listopadu 2026', '2026-11-17'],
    ['24. prosince 2025', '2025-12-24'],
    ['24. prosinci 2025', '2025-12-24'],
  ])('%j → %s', (input, expected) => {
    expect(parseDate(input, { today })).toEqual({ ok: true, value: expected });
  });
});

describe('parseDate — slashed dates are day/month unless that is impossible', () => {
  it.each([
    ['03/04/2026', '2026-04-03'], // 3 April, not March 4
    ['12/11/2026', '2026-11-12'],
    ['03/15/2026', '2026-03-15'], // month 15 is impossible, so US month/day
    ['31/12/2025', '2025-12-31'],
  ])('%j → %s', (input, expected) => {
    expect(parseDate(input, { today })).toEqual({ ok: true, value: expected });
  });

  it('rejects a slashed date impossible both ways', () => {
    expect(parseDate('13/13/2026', { today })).toMatchObject({ ok: false, reason: 'date.impossible' });
  });
});

describe('parseDate — a date without a year', () => {
  it.each([
    // due dates (default): the latest occurrence no later than today + 31 days
    ['3.3.', 'due', '2026-03-03'],
    ['3. 3.', 'due', '2026-03-03'],
    ['3. března', 'due', '2026-03-03'],
    ['splatná do 15. ledna', 'due', '2026-01-15'],
    ['March 3', 'due', '2026-03-03'],
    ['10. 12.', 'due', '2026-12-10'], // 15 days ahead: still this year
    ['24. 12.', 'due', '2026-12-24'], // 29 days ahead
    ['27. 12.', 'due', '2025-12-27'], // 32 days ahead: last year's
    ['29. 2.', 'due', '2024-02-29'], // the latest 29 February that exists
    // issue dates: never in the future
    ['3.3.', 'issue', '2026-03-03'],
    ['10. 12.', 'issue', '2025-12-10'],
    ['25. 11.', 'issue', '2026-11-25'],
    // a new due date after an extension: the next occurrence (up to a month back)
    ['15. 1.', 'future', '2027-01-15'],
    ['10. 12.', 'future', '2026-12-10'],
    ['1. 11.', 'future', '2026-11-01'],
    ['29. 2.', 'future', '2028-02-29'],
  ] as const)('%j as %s → %s', (input, role, expected) => {
    expect(parseDate(input, { today, role })).toEqual({ ok: true, value: expected });
  });

  it('keeps the documented look-ahead', () => {
    expect(DUE_DATE_LOOKAHEAD_DAYS).toBe(31);
  });

  it('depends only on the reference date, never on the clock', () => {
    expect(parseDate('3.3.', { today: '2027-01-15' })).toEqual({ ok: true, value: '2026-03-03' });
    expect(parseDate('3.3.', { today: '2027-02-15' })).toEqual({ ok: true, value: '2027-03-03' });
  });
});

describe('parseDate — leap years and impossible dates', () => {
  it.each([
    ['29. 2. 2024', '2024-02-29'],
    ['29.02.2028', '2028-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['29 February 2024', '2024-02-29'],
    ['29. února 2024', '2024-02-29'],
  ])('%j → %s', (input, expected) => {
    expect(parseDate(input, { today })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['29. 2. 2025', { day: 29, month: 2, year: 2025 }],
    ['2100-02-29', undefined], // out of range before it is impossible
    ['1900-02-29', { day: 29, month: 2, year: 1900 }],
    ['31. 2.', { day: 31, month: 2 }],
    ['31. 2. 2026', { day: 31, month: 2, year: 2026 }],
    ['30. února 2026', { day: 30, month: 2, year: 2026 }],
    ['31. 4. 2026', { day: 31, month: 4, year: 2026 }],
    ['31 June 2026', { day: 31, month: 6, year: 2026 }],
    ['2026-13-01', { day: 1, month: 13, year: 2026 }],
    ['0. 3. 2026', { day: 0, month: 3, year: 2026 }],
    ['32. 1. 2026', { day: 32, month: 1, year: 2026 }],
  ])('%j is impossible', (input, params) => {
    const result = parseDate(input, { today });
    if (params === undefined) expect(result).toMatchObject({ ok: false, reason: 'date.yearOutOfRange' });
    else expect(result).toEqual({ ok: false, reason: 'date.impossible', params });
  });
});

describe('parseDate — other rejections', () => {
  it.each([
    ['hello', 'date.invalid'],
    ['March 2026', 'date.invalid'],
    ['v březnu', 'date.invalid'],
    ['2024-118', 'date.invalid'],
    ['12 500 Kč', 'date.invalid'],
    ['3/3', 'date.invalid'],
    ['3. 3. 2026 nebo 4. 4. 2026', 'date.ambiguous'],
    ['3. 3. 2026 or 31. 2. 2026', 'date.ambiguous'],
    ['3. 3. 1026', 'date.yearOutOfRange'],
    ['3. 3. 2126', 'date.yearOutOfRange'],
    ['', 'input.empty'],
    ['3. 3. 2026 '.repeat(1000), 'input.tooLong'],
  ])('%j → %s', (input, reason) => {
    const result = parseDate(input, { today });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it.each(['\ud800', '3. 3.\udc00 2026', '\ud83d3. 3. 2026', 'x'.repeat(10_000)])('does not throw on %j', (input) => {
    expect(() => parseDate(input, { today })).not.toThrow();
  });

  it.each(['', '2026-02-30', '25.11.2026', 'today'])('throws RangeError on a malformed reference date %j', (bad) => {
    expect(() => parseDate('3. 3. 2026', { today: bad })).toThrow(RangeError);
    expect(() => assertReferenceDate(bad)).toThrow(RangeError);
  });
});

describe('findDateMentions', () => {
  it('reports positions in the searched text', () => {
    const text = 'fakturu 2024-118 na 12 500 EUR splatnou 3. 3. a vystavenou 15. ledna 2026';
    const mentions = findDateMentions(text);
    expect(mentions.map((m) => text.slice(m.start, m.end))).toEqual(['3. 3.', '15. ledna 2026']);
    expect(mentions[0]).toMatchObject({ day: 3, month: 3 });
    expect(mentions[0]?.year).toBeUndefined();
    expect(mentions[1]).toMatchObject({ day: 15, month: 1, year: 2026 });
  });

  it('keeps a date without a year apart from the amount after it', () => {
    const text = 'splatnou 3. 3. 12 500 EUR';
    expect(findDateMentions(text).map((m) => text.slice(m.start, m.end))).toEqual(['3. 3.']);
  });

  it('does not read amounts or invoice numbers as dates', () => {
    expect(findDateMentions('1.200.000,00 Kč, faktura 2024-118, FV-12/2024, IČO 27074358')).toEqual([]);
  });

  it('finds a date at the end of a 10 kB text', () => {
    const text = `${'1.2 '.repeat(2_500)}3. 3. 2026`;
    expect(findDateMentions(text).at(-1)).toMatchObject({ day: 3, month: 3, year: 2026 });
  });
});

describe('resolveDateMention and isRealDate', () => {
  it.each([
    [2024, 2, 29, true],
    [2025, 2, 29, false],
    [2026, 4, 31, false],
    [2026, 12, 31, true],
  ])('isRealDate(%i, %i, %i) → %s', (year, month, day, expected) => {
    expect(isRealDate(year, month, day)).toBe(expected);
  });

  it('settles the year of a mention by role', () => {
    const mention = { start: 0, end: 5, day: 15, month: 1 };
    expect(resolveDateMention(mention, { today, role: 'due' })).toEqual({ ok: true, value: '2026-01-15' });
    expect(resolveDateMention(mention, { today, role: 'future' })).toEqual({ ok: true, value: '2027-01-15' });
  });
});
