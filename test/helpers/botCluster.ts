import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './app.js';
import { startChildBot, type ChildBot } from './childBot.js';
import { scratchSchema, type ScratchSchema } from './postgres.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy.js';

/** The same key on every instance, as the README asks (DIRECT_LINE_TOKEN_SECRET). */
export const CLUSTER_TOKEN_SECRET = 'cluster-test-direct-line-secret-0123456789';

/**
 * Bot processes (the real entry point) on one PostgreSQL schema behind a round-robin proxy. The
 * first builds the knowledge index; the others start from a copy of it (the index is read-only
 * and the same for all, as in a deployment).
 */
export interface BotCluster {
  proxy: RoundRobinProxy;
  bots: ChildBot[];
  scratch: ScratchSchema;
  /** SIGKILLs instance `i`, then starts it again on its DATA_DIR; the proxy learns its new port. */
  crashAndRestart(i: number, afterCrash?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startBotCluster(size: number, env: Record<string, string> = {}, options: { imports?: string[] } = {}): Promise<BotCluster> {
  const scratch = await scratchSchema();
  const dirs = Array.from({ length: size }, (_, i) => tempDir(`cluster-${i}-`));
  const botEnv = (i: number) => ({
    DATABASE_URL: scratch.url,
    DATABASE_SCHEMA: scratch.schema,
    DATABASE_POOL_MAX: '6',
    DIRECT_LINE_TOKEN_SECRET: CLUSTER_TOKEN_SECRET,
    DATA_DIR: dirs[i]!,
    // The test's clients all come from 127.0.0.1: the per-address bounds are tested on their own.
    DIRECT_LINE_TOKEN_RATE_LIMIT: '10000',
    DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS: '100000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '100000',
    ...env,
  });
  const bots: ChildBot[] = [];
  try {
    bots.push(await startChildBot(botEnv(0), 120_000, options));
    for (const dir of dirs.slice(1)) fs.cpSync(path.join(dirs[0]!, 'index'), path.join(dir, 'index'), { recursive: true });
    bots.push(...(await Promise.all(dirs.slice(1).map((_, i) => startChildBot(botEnv(i + 1), 120_000, options)))));
  } catch (error) {
    for (const bot of bots) await bot.crash().catch(() => undefined);
    await scratch.drop().catch(() => undefined);
    throw error;
  }
  const proxy = await startRoundRobinProxy(bots.map((b) => b.url));
  return {
    proxy,
    bots,
    scratch,
    async crashAndRestart(i, afterCrash) {
      const old = bots[i]!;
      await old.crash();
      await afterCrash?.();
      const restarted = await startChildBot(botEnv(i), 120_000, options);
      bots[i] = restarted;
      proxy.backends[proxy.backends.indexOf(old.url)] = restarted.url;
    },
    async close() {
      await proxy.close();
      await Promise.all(bots.map((b) => b.stop().catch(() => undefined)));
      await scratch.drop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
