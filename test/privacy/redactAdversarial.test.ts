import { describe, expect, it } from 'vitest';
import { redactPii } from '../../privacy/redact.js';

/**
 * Redaction sees text that clients and attackers choose (a Teams feedback comment, a question).
 * That none of its patterns backtracks super-linearly is proven statically for every pattern
 * by test/platform/regexComplexity.test.ts; how long it takes is measured by the bench. Here:
 * 100 kB of the shapes that would stall a careless pattern are redacted correctly.
 */
const ADVERSARIAL: Record<string, { text: string; keeps: RegExp }> = {
  letters: { text: 'a'.repeat(100_000), keeps: /^a+$/ },
  dots: { text: 'a.'.repeat(50_000), keeps: /^(?:a\.)+$/ },
  mailLocalParts: { text: 'a+'.repeat(50_000), keeps: /^(?:a\+)+$/ },
  ats: { text: 'a@'.repeat(50_000), keeps: /^(?:a@)+$/ },
  plusDigits: { text: '+1'.repeat(50_000), keeps: /\[phone\]|^(?:\+1)+$/ },
  labels: { text: 'IČO: 1 '.repeat(14_000), keeps: /^(?:IČO: 1 )+$/ },
};

describe('redaction on adversarial input', () => {
  it.each(Object.keys(ADVERSARIAL))('redacts 100 kB of %s', (name) => {
    const { text, keeps } = ADVERSARIAL[name]!;
    expect(redactPii(text)).toMatch(keeps);
  });

  it('still finds contacts after a long run of near-misses', () => {
    const noise = 'a.'.repeat(20_000);
    expect(redactPii(`${noise} write to jan.novak@acme.cz or +420 601 123 456`)).toBe(`${noise} write to [e-mail] or [phone]`);
  });
});
