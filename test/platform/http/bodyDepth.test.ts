import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../../helpers/app.js';

/** JSON text nested `depth` levels deep, built as text (JSON.stringify would recurse). */
const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('request bodies nested too deeply', () => {
  let bot: RunningApp;
  beforeAll(async () => {
    bot = await startTestApp({});
  });
  afterAll(async () => bot.stop());

  it.each([
    '/api/messages',
    '/api/ask',
    '/v3/directline/conversations/any/activities',
    '/v3/directline/tokens/refresh',
    '/api/staff/privacy/erase',
  ])('get a 400 on %s at depth 2000, never a 500', async (path) => {
    const res = await fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep(2000) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadRequest');
  });

  it('still accept ordinary bodies and answer /healthz', async () => {
    const res = await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'Jak nahlásit škodu?' }) });
    expect(res.status).toBe(200);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
