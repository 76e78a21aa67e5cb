import { describe, expect, it } from 'vitest';
import { insurerToday } from '../../dialogs/services.js';

const at = (iso: string, timeZone: string) => insurerToday({ clock: { now: () => new Date(iso) }, timeZone } as never);

describe("insurerToday: the date in the insurer's time zone", () => {
  it('turns the day at local midnight, not at UTC midnight', () => {
    expect(at('2026-12-31T22:59:59Z', 'Europe/Prague')).toBe('2026-12-31');
    expect(at('2026-12-31T23:00:00Z', 'Europe/Prague')).toBe('2027-01-01');
    expect(at('2026-07-01T21:30:00Z', 'Europe/Prague')).toBe('2026-07-01'); // summer time: UTC+2
    expect(at('2026-07-01T22:30:00Z', 'Europe/Prague')).toBe('2026-07-02');
    expect(at('2026-03-05T03:00:00Z', 'America/New_York')).toBe('2026-03-04');
  });
});
