import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app/app.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startEchoServer } from './echoBot.js';
import { startFloorServer } from './floorBot.js';
import { FULL_HISTORY, seedHistory, SMOKE_HISTORY } from './historySeed.js';

/**
 * A server under load, in its own process so that it does not share an event loop (or a core)
 * with autocannon:
 *   node --import tsx bench/chatTarget.ts echo|floor|app|app-history [--smoke]
 * Prints {"port": N, "rss": bytes} once it is ready; stops on SIGTERM. `app-history` is the app on
 * a database seeded with months of history (bench/historySeed.ts; small sizes with --smoke).
 */
async function start(kind: string): Promise<{ port: number; stop: () => Promise<void>; seeded?: { ms: number } }> {
  if (kind === 'echo') {
    const echo = await startEchoServer();
    return { port: echo.port, stop: echo.close };
  }
  if (kind === 'floor') {
    const floor = await startFloorServer();
    return { port: floor.port, stop: floor.close };
  }
  if (kind === 'app' || kind === 'app-history') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chat-'));
    const seeded = kind === 'app-history' ? seedHistory(dataDir, process.argv.includes('--smoke') ? SMOKE_HISTORY : FULL_HISTORY) : undefined;
    // An explicit environment: the bench must not pick up app ids or ports from the shell.
    // Load comes from one address: the bench measures the bot, not its rate limiter.
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_IP_PER_MINUTE: '1000000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000', DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', ARES_URL: '' });
    const app = createApp(config, { logger: createLogger('silent') });
    const { port } = await app.start();
    return {
      port,
      ...(seeded ? { seeded } : {}),
      stop: async () => {
        await app.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`unknown target "${kind}" (echo | app)`);
}

const running = await start(process.argv[2] ?? '');
console.log(JSON.stringify({ port: running.port, rss: process.memoryUsage().rss, ...(running.seeded ? { seedMs: running.seeded.ms } : {}) }));
process.on('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
