import { describe, expect, it } from 'vitest';
import { percentile } from '../../insights/dashboard.js';
import { REPORT_STEPS, stepLabel } from '../../dialogs/forms/stepLabels.js';

describe('insights in words', () => {
  it.each(['cs', 'en'] as const)('every report step has a label in %s, none of them the internal key', (lang) => {
    for (const step of REPORT_STEPS) expect(stepLabel(step, lang)).not.toBe(step);
    expect(stepLabel('buyerRegistrationNumber', lang)).toMatch(/IČO/);
  });

  it('percentile by nearest rank', () => {
    expect(percentile([], 90)).toBeUndefined();
    expect(percentile([30], 90)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(percentile([100, 10, 50], 50)).toBe(50);
  });
});
