import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../app/app.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { cs } from '../../locales/cs.js';
import { en } from '../../locales/en.js';
import { messageActivity, tempDir, type ReplyActivity } from '../helpers/app.js';
import { guardLoopback, type LoopbackGuard } from './loopbackGuard.js';
import { postRaw } from './rawPost.js';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  err?: { message?: string };
}

const PINO_ERROR = 50;

let guard: LoopbackGuard;
let dataDir: string;
let app: App;
let kb: KnowledgeBase;
let url: string;
const logLines: LogLine[] = [];

beforeAll(async () => {
  guard = guardLoopback();
  dataDir = tempDir('turn-error-');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir, RATE_LIMIT_PER_IP_PER_MINUTE: '1000000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000', DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', ARES_URL: '' });
  // Every log line, parsed, so the test can find the error and its correlation id.
  const sink = { write: (line: string) => void logLines.push(JSON.parse(line) as LogLine) };
  app = createApp(config, { logger: createLogger('info', sink) });
  const { port } = await app.start();
  url = `http://127.0.0.1:${port}`;
  kb = await app.knowledge;
});
afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  guard?.restore();
});

/** Sends one message with a correlation id; returns the status and the message replies. */
async function send(text: string, conversationId: string, requestId: string): Promise<{ status: number; replies: ReplyActivity[] }> {
  const body = JSON.stringify(messageActivity(text, { conversation: { id: conversationId } }));
  const response = await postRaw(`${url}/api/messages`, body, { contentType: 'application/json', headers: { 'x-request-id': requestId } });
  const replies = ((JSON.parse(response.text || '{}') as { activities?: ReplyActivity[] }).activities ?? []).filter((a) => a.type === 'message');
  return { status: response.status, replies };
}

/** Makes the knowledge answerer throw for the next question only, as a failing dependency would. */
function failNextAnswer(): void {
  vi.spyOn(kb.answerer, 'answer').mockRejectedValueOnce(new Error('simulated answerer failure'));
}

describe('an exception inside a turn', () => {
  it('gets the client an apology in English, keeps the conversation state, and logs the error with the request id', async () => {
    // 1. A normal turn: the conversation's language (English) is saved in its state.
    const first = await send('How do I report a claim?', 'turn-error-en', 'req-en-1');
    expect(first.replies[0]?.locale).toBe('en-US');

    // 2. The answerer throws: the client gets the apology in their language, not a 500.
    failNextAnswer();
    const failed = await send('What is the address of your head office?', 'turn-error-en', 'req-en-2');
    expect(failed.status).toBe(200);
    expect(failed.replies.map((r) => r.text)).toEqual([en.turnError]);

    // 3. The error is logged once, at error level, with the failing request's correlation id.
    const errors = logLines.filter((l) => l.level >= PINO_ERROR && l.err?.message === 'simulated answerer failure');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.requestId).toBe('req-en-2');

    // 4. The state was not wiped: a word with no language of its own ("Atrium") is still
    //    answered in English, the language remembered from step 1 (Czech is the default).
    const after = await send('Atrium?', 'turn-error-en', 'req-en-3');
    expect(after.status).toBe(200);
    expect(after.replies.length).toBeGreaterThan(0);
    expect(after.replies[0]!.locale).toBe('en-US');
    expect(after.replies[0]!.text).not.toBe(en.turnError);
  });

  it('apologises in Czech to a client who wrote in Czech', async () => {
    failNextAnswer();
    const failed = await send('Jak mám nahlásit škodnou událost?', 'turn-error-cs', 'req-cs-1');
    expect(failed.status).toBe(200);
    expect(failed.replies.map((r) => r.text)).toEqual([cs.turnError]);
    expect(logLines.some((l) => l.level >= PINO_ERROR && l.requestId === 'req-cs-1')).toBe(true);

    const again = await send('Jak mám nahlásit škodnou událost?', 'turn-error-cs', 'req-cs-2');
    expect(again.replies[0]!.text).toMatch(/\[1\]/);
  });

  it('never reaches beyond loopback', () => {
    expect(guard.blocked).toEqual([]);
  });
});
