import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('logger', () => {
  it('logs an error without the objects it carries (a failed turn\'s dialog state)', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('step failed'), {
      dialogContext: { stack: [{ id: 'overdueReport', state: { values: { buyer: { name: 'ACME s.r.o.', registrationNumber: '27074358' }, contact: { email: 'jan.novak@acme.cz' } } } }] },
      code: 'E_STEP',
      cause: Object.assign(new Error('inner'), { values: { iban: 'CZ6508000000192000145399' } }),
    });
    logger.error({ err: error }, 'unhandled error in turn');
    const line = lines.join('');
    expect(line).toContain('step failed');
    expect(line).toContain('E_STEP');
    expect(line).toContain('inner');
    for (const secret of ['27074358', 'jan.novak@acme.cz', 'ACME s.r.o.', 'CZ6508000000192000145399', 'dialogContext']) expect(line).not.toContain(secret);
  });
});
