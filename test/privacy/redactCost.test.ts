import { describe, expect, it } from 'vitest';
import { REDACTION_RULES, redactPii } from '../../privacy/redact.js';

/**
 * Every redaction rule must be linear: input from clients (a Teams feedback comment, a
 * question) reaches it, and one quadratic pattern stalls the whole server. Measured as a
 * ratio in one run (these machines are noisy): ten times the input may cost at most about
 * fifteen times as much. Quadratic growth would cost a hundred times.
 */
const ADVERSARIAL: Record<string, (n: number) => string> = {
  letters: (n) => 'a'.repeat(n),
  dots: (n) => 'a.'.repeat(n / 2),
  mailLocalParts: (n) => 'a+'.repeat(n / 2),
  ats: (n) => 'a@'.repeat(n / 2),
  domain: (n) => `x@${'b.'.repeat(n / 2 - 2)}1`,
  digits: (n) => '1'.repeat(n),
  spacedDigits: (n) => '12 '.repeat(n / 3),
  plusDigits: (n) => '+1'.repeat(n / 2),
  ibanLike: (n) => `CZ65${' 0800'.repeat(n / 5)}`,
  labels: (n) => 'IČO: 1 '.repeat(n / 7),
};

/**
 * The cheapest of several samples of each side, taken alternately so that both see the same
 * load on the machine (the suite runs in parallel; a GC pause or a busy neighbour only ever
 * makes one sample slower). The small input runs ten times per sample, so both sides measure
 * about as much work.
 */
function costRatio(large: () => void, small: () => void): number {
  large();
  small();
  let bestLarge = Infinity;
  let bestSmall = Infinity;
  for (let s = 0; s < 9; s++) {
    let start = process.hrtime.bigint();
    large();
    bestLarge = Math.min(bestLarge, Number(process.hrtime.bigint() - start));
    start = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) small();
    bestSmall = Math.min(bestSmall, Number(process.hrtime.bigint() - start) / 10);
  }
  return bestLarge / bestSmall;
}

describe('redaction cost', () => {
  it.each(Object.keys(ADVERSARIAL))('each rule stays linear on %s (10 kB vs 100 kB)', (name) => {
    const small = ADVERSARIAL[name]!(10_000);
    const large = ADVERSARIAL[name]!(100_000);
    for (const [index, rule] of REDACTION_RULES.entries()) {
      const apply = (text: string) => text.replace(new RegExp(rule.pattern.source, rule.pattern.flags), () => '');
      const ratio = costRatio(() => apply(large), () => apply(small));
      expect(ratio, `rule ${index} (${rule.pattern.source.slice(0, 40)}…) on ${name}`).toBeLessThan(15);
    }
  });

  it('still finds what it must', () => {
    expect(redactPii('write to jan.novak@acme.cz or +420 601 123 456')).toBe('write to [e-mail] or [phone]');
  });
});
