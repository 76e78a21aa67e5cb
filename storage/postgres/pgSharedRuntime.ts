import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { SharedRuntime } from '../sharedRuntime.js';
import type { PgPool } from './pgDatabase.js';
import { PgDirectLineStore, PgStreamTickets } from './pgDirectLineStore.js';
import { PgSessionStore, PgSignInAttemptStore } from './pgStaffSessions.js';

export interface PgSharedRuntimeOptions {
  pool: PgPool;
  /** The small pool session-level advisory locks are held on (never the queries' pool). */
  locks: PgPool;
  url: string;
  schema: string;
  logger: Logger;
}

/**
 * A job's turn comes again after 90 % of its interval: every instance's timer fires once per
 * interval, and the first one due runs it, so drifting timers do not skip a round.
 */
const LEASE_SHARE = 0.9;

/**
 * Keys are client addresses and staff API tokens: the table keeps their hashes only, so a database
 * dump holds no usable token and no address.
 */
class HashedKeyRateLimiterPostgres extends RateLimiterPostgres {
  override getKey(key: string | number): string {
    return super.getKey(createHash('sha256').update(String(key)).digest('base64url'));
  }
}

/** Ticket changes between instances: the payload names the ticket, the event and the instance that made it. */
export const TICKET_CHANNEL = 'support_bot_tickets';

/** The runtime state of several instances in PostgreSQL (see SharedRuntime). */
export function openPgSharedRuntime(options: PgSharedRuntimeOptions): SharedRuntime {
  const { pool, locks, schema } = options;
  const holder = `${hostname()}:${process.pid}`;
  // Tells this instance's own notices from the others' (and one schema's from another's).
  const origin = randomBytes(8).toString('hex');
  let listener: pg.Client | undefined;
  return {
    ticketChanges: {
      async publish(ticketId, event) {
        await pool.query('SELECT pg_notify($1, $2)', [TICKET_CHANNEL, JSON.stringify({ t: ticketId, e: event, o: origin, s: schema })]);
      },
      async listen(onChange) {
        const client = new pg.Client({ connectionString: options.url });
        client.on('error', (error) => options.logger.warn({ err: error }, 'ticket change listener lost its connection (the live staff queue then shows other instances\' changes on refresh)'));
        client.on('notification', (n) => {
          try {
            const notice = JSON.parse(n.payload ?? '{}') as { t?: unknown; e?: unknown; o?: unknown; s?: unknown };
            if (notice.o !== origin && notice.s === schema && typeof notice.t === 'string' && typeof notice.e === 'string') onChange(notice.t, notice.e);
          } catch {
            // a malformed payload is not ours
          }
        });
        await client.connect();
        await client.query(`LISTEN ${TICKET_CHANNEL}`);
        listener = client;
      },
    },
    async close() {
      await listener?.end().catch(() => undefined);
      listener = undefined;
    },
    directLine: (bounds) => new PgDirectLineStore({ ...bounds, pool, url: options.url, logger: options.logger }),
    streamTickets: new PgStreamTickets(pool),
    staffSessions: (lifetimes) => new PgSessionStore(pool, lifetimes),
    signInAttempts: new PgSignInAttemptStore(pool),
    limiters: (limit) =>
      new HashedKeyRateLimiterPostgres({
        ...limit,
        storeClient: pool,
        storeType: 'pool',
        schemaName: schema,
        tableName: 'rate_limits',
        // Created by the migrations; expired rows are deleted by the 'rate limit expiry' job.
        tableCreated: true,
        clearExpiredByTimeout: false,
        // A database hiccup counts in memory for a moment rather than failing the request.
        insuranceLimiter: new RateLimiterMemory(limit),
      }),
    async prune() {
      const now = Date.now();
      await pool.query('DELETE FROM rate_limits WHERE expire < $1', [now - 3_600_000]);
      await pool.query('DELETE FROM dl_stream_tickets WHERE expires_at < $1', [Math.floor(now / 1000)]);
    },
    async once(name, intervalMs, job) {
      // Advisory locks are per database: the schema keeps two deployments (or test runs) apart.
      const key = `${schema}:job:${name}`;
      const client = await locks.connect();
      try {
        const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 11)) AS held', [key]);
        if (!rows[0]?.held) return;
        try {
          const now = Date.now();
          const due = await client.query(
            `INSERT INTO job_leases (name, next_run_at, holder) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET next_run_at = EXCLUDED.next_run_at, holder = EXCLUDED.holder WHERE job_leases.next_run_at <= $4`,
            [name, now + Math.floor(intervalMs * LEASE_SHARE), holder, now],
          );
          if (due.rowCount === 1) await job();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 11))', [key]);
        }
      } finally {
        client.release();
      }
    },
  };
}
