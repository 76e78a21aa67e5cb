import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { HashedEmbeddings } from '../knowledge/embeddings/hashedEmbeddings.js';
import { openKnowledgeBase } from '../knowledge/knowledgeBase.js';
import { detectLanguage } from '../knowledge/text/language.js';
import { createLogger } from '../platform/logger.js';
import { sqliteMigrations } from '../storage/sqlite/migrations.js';
import { openSqlite } from '../storage/sqlite/sqliteDatabase.js';
import { SqliteStorage } from '../storage/sqlite/sqliteStorage.js';
import { documentsDir } from './evalQueries.js';

/**
 * The cost floor of a Q&A turn: the echo bot's stack (restify + CloudAdapter) plus the least a
 * cited answer cannot do without — embedding the question, one HNSW search (k = 20), one BM25
 * query over the same index and one conversation-state write to SQLite. No dialogs, evidence,
 * transcript, dedupe or answer log: what the real app costs above this is its own overhead.
 */
export async function startFloorServer(): Promise<{ port: number; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
  const kb = await openKnowledgeBase({ knowledgeDir: documentsDir, dataDir, logger: createLogger('silent') });
  const embeddings = new HashedEmbeddings({ analyzer: kb.analyzer });
  const store = kb.index.vectorStore;
  if (!store) throw new Error('the knowledge index is empty');
  const db = openSqlite(path.join(dataDir, 'floor.sqlite'), sqliteMigrations);
  const state = new SqliteStorage(db);

  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    const lang = detectLanguage(text);
    const vector = await embeddings.embedQuery(text);
    const dense = await store.similaritySearchVectorWithScore(vector, 20);
    const lexical = kb.index.lexical.search(kb.analyzer.terms(text, lang), { limit: 20 });
    await state.write({ [`floor/${context.activity.conversation.id}`]: { turn: context.activity.id, top: dense[0]?.[0].metadata.id ?? lexical[0]?.id } });
    await context.sendActivity(`floor: ${dense.length} ${lexical.length}`);
    await next();
  });

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }));
  const server = restify.createServer({ name: 'floor-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 262_144, mapParams: false, rejectUnknown: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
