import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { fuzzRequest } from './activityArbitraries.js';
import { startChannelStub, type ChannelStub } from './channelStub.js';
import { monitorHealth } from './healthMonitor.js';
import { guardLoopback, type LoopbackGuard } from './loopbackGuard.js';
import { mapConcurrently, postRaw } from './rawPost.js';

// The website's Direct Line routes under generated requests: 120 batches of 25 = 3,000, sent
// 8 at a time, with real tokens, other conversations' tokens, forged and missing ones.
// Together with messagesFuzz.test.ts (7,000) that is 10,000 generated requests per run.
const BATCHES = 120;
const BATCH_SIZE = 25;
const CONCURRENCY = 8;
const SESSIONS = 6;

let guard: LoopbackGuard;
let stub: ChannelStub;
let bot: RunningApp;
const sessions: { token: string; conversationId: string }[] = [];

beforeAll(async () => {
  guard = guardLoopback();
  stub = await startChannelStub();
  bot = await startTestApp({ DIRECT_LINE_TOKEN_RATE_LIMIT: '10000' });
  for (let i = 0; i < SESSIONS; i++) {
    const res = await fetch(`${bot.url}/api/directline/token`, { method: 'POST' });
    sessions.push((await res.json()) as { token: string; conversationId: string });
  }
});
afterAll(async () => {
  await bot?.stop();
  await stub?.close();
  guard?.restore();
});

interface DirectLineRequest {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: Buffer;
  contentType?: string;
  label: string;
}

const FORGED_TOKENS = [
  'not-a-token',
  'eyJhbGciOiJub25lIn0.eyJjb252ZXJzYXRpb25JZCI6IngifQ.',
  'a.b.c',
  '',
  'Bearer',
  '%00..%0a',
];

function directLineRequest(): fc.Arbitrary<DirectLineRequest> {
  const session = fc.integer({ min: 0, max: SESSIONS - 1 }).map((i) => sessions[i]!);
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constant<'own'>('own') },
    { weight: 2, arbitrary: session.map((s) => s.token) },
    { weight: 1, arbitrary: fc.constantFrom(...FORGED_TOKENS) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const conversation = fc.oneof(
    { weight: 6, arbitrary: fc.constant<'own'>('own') },
    { weight: 1, arbitrary: session.map((s) => s.conversationId) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
  const body = fuzzRequest({ maxBodyBytes: bot.config.MAX_BODY_BYTES, serviceUrl: stub.url });
  const route = fc.constantFrom('postActivity', 'getActivities', 'getConversation', 'startConversation', 'refresh', 'upload');
  return fc.tuple(session, token, conversation, body, route, fc.string({ maxLength: 12 })).map(([own, t, c, b, r, watermark]) => {
    const tokenValue = t === 'own' ? own.token : t;
    const id = encodeURIComponent(c === 'own' ? own.conversationId : c);
    const base = '/v3/directline';
    const withBody = { body: b.body, ...(b.contentType ? { contentType: b.contentType } : {}) };
    const request = (method: 'GET' | 'POST', path: string, extra: Partial<DirectLineRequest> = {}): DirectLineRequest => ({ method, path, ...(tokenValue !== undefined ? { token: tokenValue } : {}), label: `${r} (${b.label})`, ...extra });
    switch (r) {
      case 'postActivity':
        return request('POST', `${base}/conversations/${id}/activities`, withBody);
      case 'getActivities':
        return request('GET', `${base}/conversations/${id}/activities?watermark=${encodeURIComponent(watermark)}`);
      case 'getConversation':
        return request('GET', `${base}/conversations/${id}?watermark=${encodeURIComponent(watermark)}`);
      case 'startConversation':
        return request('POST', `${base}/conversations`, withBody);
      case 'refresh':
        return request('POST', `${base}/tokens/refresh`, withBody);
      default:
        return request('POST', `${base}/conversations/${id}/upload`, withBody);
    }
  });
}

async function send(request: DirectLineRequest): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = request.token !== undefined ? { authorization: `Bearer ${request.token}` } : {};
  if (request.method === 'POST') return postRaw(`${bot.url}${request.path}`, request.body ?? Buffer.alloc(0), { contentType: request.contentType, headers });
  const res = await fetch(`${bot.url}${request.path}`, { headers });
  return { status: res.status, text: await res.text() };
}

describe('Direct Line routes under generated requests (fast-check, seed 42)', () => {
  it(`answer ${BATCHES * BATCH_SIZE} of them with 2xx/4xx only while /healthz keeps answering, and never call off loopback`, async () => {
    const health = monitorHealth(bot.url);
    const started = Date.now();
    let sent = 0;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // fc.check, not fc.assert: the counterexample (25 requests with their bodies) is too long to
      // print; the error names the offending requests, which is what one needs to reproduce.
      const result = await fc.check(
        fc.asyncProperty(fc.array(directLineRequest(), { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (batch) => {
          const responses = await mapConcurrently(batch, CONCURRENCY, send);
          sent += batch.length;
          const problems = batch
            .map((r, i) => ({ r, res: responses[i]! }))
            .filter(({ res }) => res.status >= 500 || res.status < 200)
            .map(({ r, res }) => `${res.status} for ${r.method} ${r.path} ${r.label} (token ${r.token === undefined ? 'none' : r.token.slice(0, 12)}, body ${r.body?.subarray(0, 160).toString('utf8') ?? 'none'}) → ${res.text.slice(0, 200)}`);
          if (problems.length > 0) throw new Error(problems.join('\n'));
        }),
        { seed: 42, numRuns: BATCHES, endOnFailure: true },
      );
      if (result.failed) throw new Error(`batch ${result.numRuns}: ${String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance).slice(0, 4000)}`);
    } finally {
      quiet.mockRestore();
    }
    const { polls, failures } = await health.stop();
    process.stdout.write(`Direct Line fuzz: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; /healthz answered ${polls - failures.length}/${polls} polls\n`);
    expect(sent).toBe(BATCHES * BATCH_SIZE);
    expect(failures).toEqual([]);
    expect(polls).toBeGreaterThan(0);
    expect(guard.blocked).toEqual([]);
  }, 180_000);
});
