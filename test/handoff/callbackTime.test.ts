import { describe, expect, it } from 'vitest';
import { parseCallbackTime } from '../../handoff/callbackTime.js';

// Wednesday 25 November 2026, 23:30 in Prague.
const NIGHT = new Date('2026-11-25T22:30:00Z');
const at = (text: string, lang: 'cs' | 'en' = 'cs', now = NIGHT) => parseCallbackTime(text, lang, now, 'Europe/Prague')?.toFormat('yyyy-MM-dd HH:mm');

describe('the preferred callback time as a date and time in Prague (#19)', () => {
  it.each([
    ['zítra v 10', '2026-11-26 10:00'],
    ['Zítra v 10:30', '2026-11-26 10:30'],
    ['pozítří dopoledne', '2026-11-27 10:00'],
    ['v pondělí odpoledne', '2026-11-30 14:00'],
    ['ve čtvrtek ve 3 odpoledne', '2026-11-26 15:00'],
    ['27. 11. v 9.15', '2026-11-27 09:15'],
    ['zítra', '2026-11-26 09:00'],
    ['v 8', '2026-11-26 08:00'],
  ])('%s → %s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it.each([
    ['tomorrow at 10', '2026-11-26 10:00'],
    ['Monday 2pm', '2026-11-30 14:00'],
    ['tomorrow', '2026-11-26 09:00'],
  ])('English: %s → %s', (text, expected) => {
    expect(at(text, 'en')).toBe(expected);
  });

  it('gives up on texts without a time', () => {
    expect(at('kdykoli')).toBeUndefined();
    expect(at('as soon as possible', 'en')).toBeUndefined();
    expect(at('32. 13.')).toBeUndefined();
  });

  it('summer time: 10:00 in Prague is 08:00 UTC', () => {
    expect(parseCallbackTime('zítra v 10', 'cs', new Date('2026-06-10T08:00:00Z'), 'Europe/Prague')?.toUTC().toISO()).toBe('2026-06-11T08:00:00.000Z');
  });
});
