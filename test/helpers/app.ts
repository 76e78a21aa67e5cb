import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { createApp, type App } from '../../app/app.js';
import { loadConfig, type AppConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import type { Clock } from '../../platform/clock.js';

export function tempDir(prefix = 'support-bot-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunningApp {
  app: App;
  config: AppConfig;
  url: string;
  stop(): Promise<void>;
}

/** The whole bot, in process, on an ephemeral port, with its own data directory. */
export async function startTestApp(env: Record<string, string> = {}, options: { clock?: Clock; botCredentials?: ServiceClientCredentialsFactory } = {}): Promise<RunningApp> {
  const dataDir = env.DATA_DIR ?? tempDir();
  // Tests send many requests from one address and user: the rate limits are tested on their own.
  // They post unsigned activities as the Emulator would (the development opt-in); the default,
  // closed /api/messages and signed Teams activities have their own tests.
  // No public internet: the ARES lookup is off unless a test passes a fake's URL (test/helpers/fakeAres.ts).
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_IP_PER_MINUTE: '1000000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000', POLICY_LOOKUPS_PER_HOUR: '100000', DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', ARES_URL: '', ...env });
  const app = createApp(config, { logger: createLogger(config.LOG_LEVEL), ...(options.clock ? { clock: options.clock } : {}), ...(options.botCredentials ? { botCredentials: options.botCredentials } : {}) });
  const { port } = await app.start();
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app.stop();
      if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let activitySeq = 0;

/** A message activity as a channel would post it, asking for the replies in the HTTP response. */
export function messageActivity(text: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  activitySeq++;
  return {
    type: 'message',
    id: `act-${activitySeq}`,
    text,
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    conversation: { id: 'conv-1' },
    from: { id: 'user-1', name: 'Client' },
    recipient: { id: 'bot', name: 'Bot' },
    ...overrides,
  };
}

export interface ReplyActivity {
  type: string;
  text?: string;
  locale?: string;
  entities?: { type: string; citation?: { position: number; appearance: { name: string; abstract: string } }[] }[];
  suggestedActions?: { actions: { title: string; value: unknown }[] };
  attachments?: { contentType: string; content: unknown }[];
}

export async function postActivity(url: string, activity: unknown): Promise<{ status: number; activities: ReplyActivity[]; body: unknown }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  const activities = ((body as { activities?: ReplyActivity[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
  return { status: res.status, activities, body };
}
