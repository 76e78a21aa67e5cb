import fs from 'node:fs';
import { TestAdapter, TurnContext } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportEventRecorder } from '../../../insights/reportAnalytics.js';
import { SqliteInsightsStore } from '../../../storage/sqlite/sqliteInsightsStore.js';
import { createLogger } from '../../../platform/logger.js';
import { BotMetrics } from '../../../platform/metrics/botMetrics.js';
import { InFlightWork } from '../../../platform/shutdown/inFlight.js';
import { instrumentChatModel } from '../../../platform/metrics/llmMetrics.js';
import { hasBearerToken } from '../../../platform/metrics/metricsEndpoint.js';
import { TurnMetricsMiddleware } from '../../../bot/middleware/turnMetrics.js';
import { sqliteMigrations } from '../../../storage/sqlite/migrations.js';
import { openSqlite } from '../../../storage/sqlite/sqliteDatabase.js';
import { createChatModel } from '../../../knowledge/llm/models.js';
import { createApp } from '../../../app/app.js';
import { loadConfig } from '../../../platform/config.js';
import { messageActivity, postActivity, startTestApp, tempDir, type RunningApp } from '../../helpers/app.js';
import { startFakeOpenAI } from '../../helpers/fakeOpenAI.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(env: Record<string, string> = {}): Promise<RunningApp> {
  const app = await startTestApp(env);
  cleanups.push(() => app.stop());
  return app;
}

/** One sample's value from the exposition text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}

describe('GET /metrics', () => {
  it('does not exist on the public port unless a token is configured', async () => {
    const app = await start();
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
  });

  it('requires the bearer token, then serves Prometheus text with the bot\'s counters', async () => {
    const app = await start({ METRICS_TOKEN: TOKEN });
    const none = await fetch(`${app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);

    const conversation = { id: 'metrics-1' };
    const { activities } = await postActivity(app.url, messageActivity('Who can help me use Atradius Insights?', { conversation }));
    const up = (activities[0]!.suggestedActions!.actions[0]!.value as { answerId: string });
    await postActivity(app.url, messageActivity('👍', { conversation, value: up }));
    await postActivity(app.url, messageActivity('What is the premium rate for buyers in Brazil?', { conversation }));

    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^# HELP supportbot_turns_total /m);
    expect(text).toMatch(/^# TYPE supportbot_turn_duration_seconds histogram$/m);
    expect(sample(text, 'supportbot_turns_total', 'channel="test",type="message",outcome="ok"')).toBe(3);
    expect(sample(text, 'supportbot_turn_duration_seconds_count', 'channel="test",type="message"')).toBe(3);
    expect(sample(text, 'supportbot_answers_total', 'kind="answer",language="en"')).toBe(1);
    expect(sample(text, 'supportbot_answers_total', 'kind="dont_know",language="en"')).toBe(1);
    expect(sample(text, 'supportbot_answer_feedback_total', 'rating="up"')).toBe(1);
    // The scrape itself is the one request in progress.
    expect(sample(text, 'supportbot_in_flight')).toBe(1);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
  });

  it('serves /metrics without a token on the internal listener (METRICS_PORT, 127.0.0.1) only', async () => {
    const dataDir = tempDir();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, METRICS_PORT: '0', ARES_URL: '' });
    const app = createApp(config, { logger: createLogger('silent') });
    const { port, metricsPort } = await app.start();
    cleanups.push(async () => {
      await app.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    expect(metricsPort).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# TYPE supportbot_turns_total counter$/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    // The public port has no /metrics without a token.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
  });

  it('counts handoffs by event', async () => {
    const app = await start({ METRICS_TOKEN: TOKEN });
    const conversation = { id: 'metrics-handoff' };
    await postActivity(app.url, messageActivity('Chci mluvit s člověkem', { conversation }));
    await postActivity(app.url, messageActivity('CZ-2024-10001', { conversation }));
    const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(sample(text, 'supportbot_handoffs_total', 'event="requested"')).toBe(1);
  });
});

describe('metrics building blocks', () => {
  it('checks the bearer token in constant time, case-insensitively for the scheme', () => {
    expect(hasBearerToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(hasBearerToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(hasBearerToken(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(hasBearerToken(TOKEN, TOKEN)).toBe(false);
    expect(hasBearerToken(undefined, TOKEN)).toBe(false);
  });

  it('counts and times a turn, failed ones as errors, and keeps the in-flight count', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    const inFlight = new InFlightWork();
    const middleware = new TurnMetricsMiddleware({ metrics, inFlight, logger: createLogger('silent') });
    const context = new TurnContext(new TestAdapter(), { type: 'message', channelId: 'webchat', text: 'hi', conversation: { id: 'c' } as never });
    let during = -1;
    await middleware.onTurn(context, async () => {
      during = inFlight.size;
    });
    await expect(middleware.onTurn(context, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(during).toBe(1);
    expect(inFlight.size).toBe(0);
    const text = (await metrics.scrape()).body;
    expect(sample(text, 'supportbot_turns_total', 'channel="webchat",type="message",outcome="ok"')).toBe(1);
    expect(sample(text, 'supportbot_turns_total', 'channel="webchat",type="message",outcome="error"')).toBe(1);
    // A made-up channel id does not become a new series.
    await middleware.onTurn(new TurnContext(new TestAdapter(), { type: 'x'.repeat(50), channelId: 'anything-at-all' }), async () => undefined);
    expect((await metrics.scrape()).body).toContain('supportbot_turns_total{channel="other",type="other",outcome="ok"} 1');
  });

  it('counts LLM calls and failures through the chat model\'s callbacks', async () => {
    const fake = await startFakeOpenAI();
    cleanups.push(() => fake.close());
    const metrics = new BotMetrics({ defaultMetrics: false });
    const chat = await createChatModel({ provider: 'openai', apiKey: 'sk-test', baseURL: fake.baseURL, chatModel: 'fake-chat', timeoutMs: 5000, maxRetries: 0 });
    instrumentChatModel(chat, metrics);
    fake.onChat = () => ({ arguments: { ok: true } });
    await chat.invoke('hello');
    fake.onChat = () => ({ status: 500 });
    await expect(chat.invoke('hello again')).rejects.toThrow();
    const text = (await metrics.scrape()).body;
    expect(sample(text, 'supportbot_llm_calls_total')).toBe(2);
    expect(sample(text, 'supportbot_llm_failures_total')).toBe(1);
  });

  it('counts a filed case once, even when the confirmation is replayed', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    const store = new SqliteInsightsStore(openSqlite(':memory:', sqliteMigrations));
    const recorder = new ReportEventRecorder({ store, clock: { now: () => new Date('2026-11-25T09:00:00Z') }, logger: createLogger('silent'), metrics });
    const event = { formId: 'f1', kind: 'claim' as const, channelId: 'test', language: 'en' as const };
    await recorder.reportEvent({ ...event, event: 'started' });
    await recorder.reportEvent({ ...event, event: 'filed' });
    await recorder.reportEvent({ ...event, event: 'filed' });
    expect(sample((await metrics.scrape()).body, 'supportbot_cases_filed_total', 'kind="claim"')).toBe(1);
    expect((await store.reportEventsBetween({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' })).map((e) => e.event)).toEqual(['started', 'filed']);
  });
});
