import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ConversationState } from 'botbuilder';
import type { Logger } from 'pino';
import { openKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { createAdapter } from './adapter.js';
import type { AppConfig } from './config.js';
import { createServer } from './server.js';
import { sqliteMigrations } from './storage/migrations.js';
import { openSqlite } from './storage/sqliteDatabase.js';
import { SqliteStorage } from './storage/sqliteStorage.js';
import { SupportBot } from './supportBot.js';

export interface App {
  /** Starts listening, then loads (or builds) the knowledge index; resolves once ready. */
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  /** Resolves when the knowledge index is loaded. */
  readonly knowledge: Promise<KnowledgeBase>;
}

export interface AppOptions {
  logger: Logger;
  /** Show an ingest progress bar on a terminal. */
  progress?: boolean;
}

/**
 * The composition root: configuration → storage → state → knowledge → bot → adapter → server.
 * Everything else receives its collaborators through its constructor.
 */
export function createApp(config: AppConfig, options: AppOptions): App {
  const { logger } = options;
  const db = openSqlite(path.join(config.DATA_DIR, 'bot.sqlite'), sqliteMigrations);
  const storage = new SqliteStorage(db);
  const conversationState = new ConversationState(storage);
  const adapter = createAdapter(config, logger);

  let ready: { bot: SupportBot; knowledge: KnowledgeBase } | null = null;
  let resolveKnowledge!: (kb: KnowledgeBase) => void;
  let rejectKnowledge!: (error: unknown) => void;
  const knowledge = new Promise<KnowledgeBase>((resolve, reject) => {
    resolveKnowledge = resolve;
    rejectKnowledge = reject;
  });
  knowledge.catch(() => undefined);

  const server = createServer({
    config,
    logger,
    adapter,
    ready: () => ready,
    mode: () => 'offline',
  });

  return {
    knowledge,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      logger.info({ port, mode: 'offline' }, 'listening; loading the knowledge index');
      try {
        const kb = await openKnowledgeBase({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir: config.DATA_DIR, logger, progress: options.progress });
        const bot = new SupportBot({ answerer: kb.answerer, conversationState, logger, maxMessageChars: config.MAX_MESSAGE_CHARS });
        ready = { bot, knowledge: kb };
        resolveKnowledge(kb);
        logger.info({ port, passages: kb.index.size }, 'bot ready');
      } catch (error) {
        rejectKnowledge(error);
        throw error;
      }
      return { port };
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
