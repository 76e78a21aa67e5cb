import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, prettyDestination, resolveLogFormat } from '../../platform/logger.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log format', () => {
  it('auto is readable on a terminal and JSON anywhere else; an explicit choice wins', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('pretty lines carry the level and message, without the epoch time, pid or service', () => {
    const out = sink();
    const logger = createLogger('info', prettyDestination(false, out.stream));
    logger.warn({ port: 3978 }, 'listening');
    const line = out.text();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: listening \{"port":3978\}\n$/);
    expect(line).not.toContain('support-bot');
    expect(line).not.toContain('"time"');
  });

  it('pretty lines still redact secrets', () => {
    const out = sink();
    const logger = createLogger('info', prettyDestination(false, out.stream));
    logger.info({ config: { OPENAI_API_KEY: 'sk-secret-value' } }, 'settings');
    expect(out.text()).toContain('[redacted]');
    expect(out.text()).not.toContain('sk-secret-value');
  });
});
