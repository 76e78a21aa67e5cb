import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import pg from 'pg';
import type { Stores } from '../stores.js';
import { createPgPool, migratePg } from './pgDatabase.js';
import { pgMigrations } from './pgMigrations.js';
import { PgCaseStore } from './pgCaseStore.js';
import { PgHandoffStore, RELAY_CHANNEL } from './pgHandoffStore.js';
import { PgPrivacyStore } from './pgPrivacyStore.js';
import { PgProcessedActivities } from './pgProcessedActivities.js';
import { PgStorage } from './pgStorage.js';
import { PgStaffConversations } from './pgStaffConversations.js';
import { PgInsightsStore } from './pgInsightsStore.js';
import { PgTranscriptStore } from './pgTranscriptStore.js';
import { PgIdentityStore } from './pgIdentityStore.js';
import { PgOneTimeCodeStore } from './pgOneTimeCodeStore.js';
import { PgUploadStore } from './pgUploadStore.js';
import { openPgSharedRuntime } from './pgSharedRuntime.js';

export interface PgStoresOptions {
  url: string;
  schema: string;
  poolMax: number;
  logger: Logger;
}

/**
 * A turn holds a session-level advisory lock on its conversation, so two instances never run
 * turns of one conversation at once (their state writes would race). Locks are taken on a
 * separate small pool: a turn's own queries must never wait for a connection held by a lock.
 */
class PgConversationLock implements Middleware {
  constructor(private readonly locks: pg.Pool) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = context.activity.conversation?.id;
    if (!key) return next();
    const client = await this.locks.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 7))', [key]);
      try {
        await next();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 7))', [key]);
      }
    } finally {
      client.release();
    }
  }
}

export function openPostgresStores(options: PgStoresOptions): Stores {
  const pool = createPgPool(options.url, options.schema, options.poolMax);
  const locks = createPgPool(options.url, options.schema, Math.max(4, options.poolMax));
  let listener: pg.Client | undefined;
  const shared = openPgSharedRuntime({ pool, locks, url: options.url, schema: options.schema, logger: options.logger });
  pool.on('error', (error) => options.logger.error({ err: error }, 'PostgreSQL pool error'));
  locks.on('error', (error) => options.logger.error({ err: error }, 'PostgreSQL lock pool error'));
  return {
    kind: 'postgres',
    state: new PgStorage(pool),
    cases: new PgCaseStore(pool),
    handoffs: new PgHandoffStore(pool),
    processed: new PgProcessedActivities(pool),
    transcripts: new PgTranscriptStore(pool),
    privacy: new PgPrivacyStore(pool),
    staffConversations: new PgStaffConversations(pool),
    identities: new PgIdentityStore(pool),
    oneTimeCodes: new PgOneTimeCodeStore(pool),
    uploads: new PgUploadStore(pool),
    insights: new PgInsightsStore(pool),
    turnLock: new PgConversationLock(locks),
    shared,
    ready: () => migratePg(pool, options.schema, pgMigrations),
    async onRelayMessage(onMessage) {
      listener = new pg.Client({ connectionString: options.url });
      listener.on('error', (error) => options.logger.warn({ err: error }, 'relay listener lost its connection'));
      await listener.connect();
      listener.on('notification', (n) => {
        try {
          onMessage((JSON.parse(n.payload ?? '{}') as { ticketId: string }).ticketId);
        } catch {
          // a malformed payload is not ours
        }
      });
      await listener.query(`LISTEN ${RELAY_CHANNEL}`);
    },
    async close() {
      await listener?.end().catch(() => undefined);
      await shared.close();
      await Promise.all([pool.end(), locks.end()]);
    },
  };
}
