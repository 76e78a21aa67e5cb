import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Database } from '../../../storage/sqlite/sqliteDatabase.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InFlightWork } from '../../../platform/shutdown/inFlight.js';
import { messageActivity, postActivity, startTestApp, tempDir } from '../../helpers/app.js';
import { startGatedLlm, type GatedLlm } from './gatedLlm.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const llmEnv = (gate: GatedLlm) => ({ OPENAI_API_KEY: 'sk-test-shutdown', OPENAI_BASE_URL: gate.baseURL, OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: '120000' });

/** What a turn left in the database: the conversation state, the transcript, the answer log. */
function persisted(dataDir: string, conversationId: string) {
  const db = new Database(path.join(dataDir, 'bot.sqlite'), { readonly: true });
  try {
    // ConversationState's key: channel/conversations/id/ (an empty namespace at the end).
    const state = db.prepare('SELECT document FROM bot_state WHERE key = ?').get(`test/conversations/${conversationId}/`) as { document: string } | undefined;
    const transcript = db.prepare('SELECT activity FROM transcripts WHERE conversation_id = ? ORDER BY id').all(conversationId) as { activity: string }[];
    const answers = db.prepare('SELECT question, kind FROM answer_log WHERE conversation_id = ?').all(conversationId) as { question: string; kind: string }[];
    return { state: state ? (JSON.parse(state.document) as Record<string, unknown>) : undefined, transcript: transcript.map((r) => JSON.parse(r.activity) as { type: string; text?: string }), answers };
  } finally {
    db.close();
  }
}

describe('InFlightWork', () => {
  it('refuses new requests once draining and resolves when the work in progress is done', async () => {
    const work = new InFlightWork();
    expect(work.tryEnter()).toBe(true);
    work.enter();
    const drained = work.drain(60_000);
    expect(work.isDraining).toBe(true);
    expect(work.tryEnter()).toBe(false);
    work.leave();
    expect(work.size).toBe(1);
    work.leave();
    await expect(drained).resolves.toBe(true);
    await expect(new InFlightWork().drain(10)).resolves.toBe(true);
  });

  it('gives up after the timeout when work never finishes', async () => {
    vi.useFakeTimers();
    cleanups.push(() => void vi.useRealTimers());
    const work = new InFlightWork();
    work.enter();
    const drained = work.drain(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(drained).resolves.toBe(false);
    expect(work.size).toBe(1);
  });
});

describe('graceful shutdown with a turn in progress', () => {
  it('app.stop() refuses new work, lets the slow turn finish with its reply, saves its state, then closes', async () => {
    const gate = await startGatedLlm();
    cleanups.push(() => gate.close());
    const dataDir = tempDir();
    const bot = await startTestApp({ DATA_DIR: dataDir, ...llmEnv(gate) });
    cleanups.push(() => bot.stop());

    const reply = postActivity(bot.url, messageActivity('Who can help me use Atradius Insights?', { conversation: { id: 'shutdown-1' } }));
    await gate.firstRequest;
    const { inFlight } = bot.app.internals;
    expect(inFlight.size).toBeGreaterThan(0);

    let stopped = false;
    const stopping = bot.app.stop().then(() => (stopped = true));
    expect(inFlight.isDraining).toBe(true);
    // No new work: the listener is closed (connection refused) or, on a kept-alive connection, 503.
    const late = await fetch(`${bot.url}/healthz`).then((r) => r.status, () => 'refused');
    expect(['refused', 503]).toContain(late);
    expect(stopped).toBe(false);

    gate.release();
    const { status, activities } = await reply;
    expect(status).toBe(200);
    // The LLM failed (by design): the offline, cited answer.
    expect(activities[0]!.text).toMatch(/\[1\]/);
    await stopping;
    expect(stopped).toBe(true);

    const saved = persisted(dataDir, 'shutdown-1');
    expect(saved.state?.recentQuestions).toEqual(['Who can help me use Atradius Insights?']);
    expect(saved.transcript.filter((a) => a.type === 'message').map((a) => a.text)).toEqual(['Who can help me use Atradius Insights?', activities[0]!.text]);
    expect(saved.answers).toEqual([{ question: 'Who can help me use Atradius Insights?', kind: 'answer' }]);
  });

  it('a real SIGTERM to `node --import tsx app/index.ts` during a turn: the reply is sent, the state saved, exit code 0', async () => {
    const gate = await startGatedLlm();
    cleanups.push(() => gate.close());
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/index.ts'], {
      cwd: path.resolve('.'),
      // DATABASE_URL (set by CI for the PostgreSQL tests) must not send this child to PostgreSQL,
      // nor may it reach the public ARES.
      env: { ...process.env, DATABASE_URL: '', ARES_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir, DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', ...llmEnv(gate), SHUTDOWN_TIMEOUT_SECONDS: '60' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: { msg?: string; port?: number; signal?: string }[] = [];
    const waiters: { test: (l: (typeof lines)[number]) => boolean; resolve: (l: (typeof lines)[number]) => void }[] = [];
    readline.createInterface({ input: child.stdout! }).on('line', (raw) => {
      let line: (typeof lines)[number];
      try {
        line = JSON.parse(raw) as (typeof lines)[number];
      } catch {
        return;
      }
      lines.push(line);
      for (const w of waiters.filter((x) => x.test(line))) w.resolve(line);
    });
    const logLine = (test: (l: (typeof lines)[number]) => boolean) =>
      new Promise<(typeof lines)[number]>((resolve, reject) => {
        const found = lines.find(test);
        if (found) return resolve(found);
        waiters.push({ test, resolve });
        void exited.then((code) => reject(new Error(`bot exited (${code}) before the expected log line; log: ${JSON.stringify(lines.map((l) => l.msg))}`)));
      });

    const { port } = await logLine((l) => l.msg === 'bot ready');
    const url = `http://127.0.0.1:${port}`;
    const reply = postActivity(url, messageActivity('Who can help me use Atradius Insights?', { conversation: { id: 'sigterm-1' } }));
    await gate.firstRequest;

    child.kill('SIGTERM');
    expect(await logLine((l) => /^shutting down/.test(l.msg ?? ''))).toMatchObject({ signal: 'SIGTERM' });
    gate.release();

    const { status, activities } = await reply;
    expect(status).toBe(200);
    expect(activities[0]!.text).toMatch(/\[1\]/);
    expect(await exited).toBe(0);
    // The turn's log line carries its request's correlation id.
    expect(lines.find((l) => l.msg === 'turn completed')).toMatchObject({ requestId: expect.any(String) });
    const saved = persisted(dataDir, 'sigterm-1');
    expect(saved.state?.recentQuestions).toEqual(['Who can help me use Atradius Insights?']);
    expect(saved.transcript.filter((a) => a.type === 'message')).toHaveLength(2);
  }, 90_000);
});
