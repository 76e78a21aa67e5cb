import type { Activity } from 'botbuilder';
import pg from 'pg';
import type { Logger } from 'pino';
import {
  activityId,
  parseWatermark,
  ConversationNotFoundError,
  DirectLineCapacityError,
  type ActivitySet,
  type AppendOptions,
  type ConversationListener,
  type DirectLineActivity,
  type DirectLineConversation,
  type DirectLineStore,
  type StartOptions,
} from '../../channels/webchat/directLineStore.js';
import type { MemoryDirectLineStoreOptions } from '../../channels/webchat/memoryDirectLineStore.js';
import type { StreamTicketStore } from '../../channels/webchat/tokenService.js';
import { inTransaction, type PgPool } from './pgDatabase.js';
import { pgJson } from './pgSafeValues.js';

/** One channel for every instance: the payload names the conversation, the rows hold the activities. */
export const DIRECT_LINE_CHANNEL = 'support_bot_directline';

/** PostgreSQL refuses NOTIFY payloads from 8000 bytes; a typing indicator is far below. */
const MAX_NOTIFY_BYTES = 7000;

export type PgDirectLineStoreOptions = Omit<MemoryDirectLineStoreOptions, 'sweepIntervalMs'> & {
  pool: PgPool;
  /** For the LISTEN connection (one per instance, outside the pool). */
  url: string;
  logger: Logger;
};

/** What one NOTIFY says: a kept activity's watermark (`w`), a transient activity (`t`), or the conversation's end (`e`). */
interface Notice {
  c: string;
  w?: number;
  t?: DirectLineActivity;
  e?: 1;
}

/** The streams this instance holds for one conversation, and how far they have been fed. */
interface LocalConversation {
  listeners: Set<ConversationListener>;
  /** The newest sequence handed to the listeners; undefined until the first notice. */
  delivered?: number;
  /** Notices are handled one after another, so activities reach a socket in order. */
  chain: Promise<void>;
}

interface ConversationRow {
  user_id: string;
  created_at: string;
  last_active_at: string;
}

/**
 * The Direct Line conversations of every instance, in PostgreSQL: the conversation rows
 * (owner, address, sequence, watermark, bytes kept) and their activities, bounded as the memory
 * store bounds them (history count and bytes per conversation, conversations in total and per
 * address, total bytes at start). An append takes the conversation's row lock, so its sequence
 * numbers (ids and watermarks) are gap-free in commit order; it NOTIFYs the conversation id and
 * watermark, and the instance holding the WebSocket reads the rows. Streams per conversation are
 * bounded per instance (a socket lives on one process).
 */
export class PgDirectLineStore implements DirectLineStore {
  private readonly local = new Map<string, LocalConversation>();
  private readonly now: () => number;
  private listener: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgDirectLineStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  private get cutoff(): number {
    return this.now() - this.options.idleMs;
  }

  /** Opens the LISTEN connection; call before serving, so no stream subscribes before it hears. */
  async start(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('notification', (n) => this.onNotice(n.payload));
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'Direct Line listener lost its connection; reconnecting');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${DIRECT_LINE_CHANNEL}`);
    this.listener = client;
    // Notices sent while no connection listened are gone: every held stream catches up from its rows.
    for (const [conversationId, entry] of this.local) if (entry.delivered !== undefined) this.enqueue(conversationId, entry, { c: conversationId, w: Number.MAX_SAFE_INTEGER });
  }

  private reconnect(client: pg.Client): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    void client.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.start().catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'Direct Line listener could not reconnect');
        this.reconnect(client);
      });
    }, 1000);
    this.reconnectTimer.unref();
  }

  async startConversation(conversationId: string, userId: string, options: StartOptions = {}) {
    const now = this.now();
    const touched = await this.options.pool.query<ConversationRow>(
      'UPDATE dl_conversations SET last_active_at = $2 WHERE id = $1 AND last_active_at >= $3 RETURNING user_id, created_at, last_active_at',
      [conversationId, now, this.cutoff],
    );
    if (touched.rows[0]) return { created: false, conversation: this.infoOf(conversationId, touched.rows[0]) };
    // An expired conversation of that id is gone for good; a new one starts in its place (a live
    // one another instance created a moment ago stays: the insert below then finds it).
    await this.options.pool.query('DELETE FROM dl_conversations WHERE id = $1 AND last_active_at < $2', [conversationId, this.cutoff]);
    const { rows } = await this.options.pool.query<{ total: string; here: string; bytes: string }>(
      'SELECT count(*) AS total, count(*) FILTER (WHERE address = $2) AS here, coalesce(sum(bytes), 0) AS bytes FROM dl_conversations WHERE last_active_at >= $1',
      [this.cutoff, options.address ?? null],
    );
    const counts = rows[0]!;
    if (Number(counts.total) >= (this.options.maxConversations ?? 10_000)) throw new DirectLineCapacityError('conversations');
    if (Number(counts.bytes) >= (this.options.maxTotalBytes ?? Infinity)) throw new DirectLineCapacityError('memory');
    if (options.address && Number(counts.here) >= (this.options.maxConversationsPerAddress ?? Infinity)) throw new DirectLineCapacityError('conversationsPerAddress');
    const inserted = await this.options.pool.query<ConversationRow>(
      'INSERT INTO dl_conversations (id, user_id, address, created_at, last_active_at) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO NOTHING RETURNING user_id, created_at, last_active_at',
      [conversationId, userId, options.address ?? null, now],
    );
    if (inserted.rows[0]) return { created: true, conversation: this.infoOf(conversationId, inserted.rows[0]) };
    // Another instance started it a moment ago (a reload racing the first request).
    const existing = await this.getConversation(conversationId);
    if (!existing) throw new ConversationNotFoundError(conversationId);
    return { created: false, conversation: existing };
  }

  async getConversation(conversationId: string): Promise<DirectLineConversation | undefined> {
    const { rows } = await this.options.pool.query<ConversationRow>('SELECT user_id, created_at, last_active_at FROM dl_conversations WHERE id = $1 AND last_active_at >= $2', [conversationId, this.cutoff]);
    return rows[0] ? this.infoOf(conversationId, rows[0]) : undefined;
  }

  async append(conversationId: string, activity: Partial<Activity>, options: AppendOptions = {}): Promise<DirectLineActivity> {
    const maxHistory = this.options.maxHistory;
    const maxBytes = this.options.maxConversationBytes ?? Number.MAX_SAFE_INTEGER;
    return inTransaction(this.options.pool, async (client) => {
      const now = this.now();
      // The row lock orders the appends of one conversation across instances until commit.
      const locked = await client.query<{ sequence: string }>(
        'UPDATE dl_conversations SET sequence = sequence + 1, last_active_at = $2 WHERE id = $1 AND last_active_at >= $3 RETURNING sequence',
        [conversationId, now, this.cutoff],
      );
      if (!locked.rows[0]) throw new ConversationNotFoundError(conversationId);
      if (options.idempotencyKey) {
        const repeated = await client.query<{ activity: DirectLineActivity }>('SELECT activity FROM dl_activities WHERE conversation_id = $1 AND idempotency_key = $2', [conversationId, options.idempotencyKey]);
        if (repeated.rows[0]) {
          // Undo the sequence step: the repeat adds nothing.
          await client.query('UPDATE dl_conversations SET sequence = sequence - 1 WHERE id = $1', [conversationId]);
          return repeated.rows[0].activity;
        }
      }
      const sequence = Number(locked.rows[0].sequence);
      const stored = { ...structuredClone(activity), id: activityId(conversationId, sequence), timestamp: new Date(now).toISOString() } as DirectLineActivity;
      if (options.transient) {
        const notice = JSON.stringify({ c: conversationId, t: stored } satisfies Notice);
        // A typing indicator too large to notify is dropped: it is not kept anyway.
        if (Buffer.byteLength(notice) < MAX_NOTIFY_BYTES) await client.query('SELECT pg_notify($1, $2)', [DIRECT_LINE_CHANNEL, notice]);
        return stored;
      }
      const json = pgJson(stored);
      const bytes = Buffer.byteLength(json);
      await client.query('INSERT INTO dl_activities (conversation_id, sequence, activity, idempotency_key, bytes) VALUES ($1, $2, $3, $4, $5)', [conversationId, sequence, json, options.idempotencyKey ?? null, bytes]);
      // The conversation pays for its growth with its own oldest activities, keeping at least the newest.
      const dropped = await client.query<{ bytes: number }>(
        `WITH ranked AS (
           SELECT sequence, row_number() OVER (ORDER BY sequence DESC) AS rank, sum(bytes) OVER (ORDER BY sequence DESC) AS newer_bytes
           FROM dl_activities WHERE conversation_id = $1
         )
         DELETE FROM dl_activities d USING ranked r
         WHERE d.conversation_id = $1 AND d.sequence = r.sequence AND r.rank > 1 AND (r.rank > $2 OR r.newer_bytes > $3)
         RETURNING d.bytes`,
        [conversationId, maxHistory, maxBytes],
      );
      const droppedBytes = dropped.rows.reduce((sum, row) => sum + row.bytes, 0);
      await client.query('UPDATE dl_conversations SET watermark = $2, bytes = bytes + $3 WHERE id = $1', [conversationId, sequence, bytes - droppedBytes]);
      // Delivered at commit, in commit order: the listeners read the rows it names.
      await client.query('SELECT pg_notify($1, $2)', [DIRECT_LINE_CHANNEL, JSON.stringify({ c: conversationId, w: sequence } satisfies Notice)]);
      return stored;
    });
  }

  async activitiesAfter(conversationId: string, watermark?: string): Promise<ActivitySet | undefined> {
    const conversation = await this.options.pool.query<{ watermark: string }>('SELECT watermark FROM dl_conversations WHERE id = $1 AND last_active_at >= $2', [conversationId, this.cutoff]);
    if (!conversation.rows[0]) return undefined;
    const { rows } = await this.options.pool.query<{ activity: DirectLineActivity }>(
      'SELECT activity FROM dl_activities WHERE conversation_id = $1 AND sequence > $2 AND sequence <= $3 ORDER BY sequence',
      [conversationId, parseWatermark(watermark), conversation.rows[0].watermark],
    );
    return { activities: rows.map((r) => r.activity), watermark: conversation.rows[0].watermark };
  }

  subscribe(conversationId: string, listener: ConversationListener): () => void {
    let entry = this.local.get(conversationId);
    if (entry && entry.listeners.size >= (this.options.maxStreamsPerConversation ?? Infinity)) throw new DirectLineCapacityError('streams');
    if (!entry) {
      entry = { listeners: new Set(), chain: Promise.resolve() };
      this.local.set(conversationId, entry);
    }
    const held = entry;
    held.listeners.add(listener);
    return () => {
      held.listeners.delete(listener);
      if (held.listeners.size === 0 && this.local.get(conversationId) === held) this.local.delete(conversationId);
    };
  }

  /** Forgets conversations idle past `idleMs` and ends their streams on every instance (one instance runs it: a cluster job). */
  async sweep(): Promise<void> {
    await this.options.pool.query(
      `WITH gone AS (DELETE FROM dl_conversations WHERE last_active_at < $1 RETURNING id)
       SELECT pg_notify($2, json_build_object('c', id, 'e', 1)::text) FROM gone`,
      [this.cutoff, DIRECT_LINE_CHANNEL],
    );
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    void listener?.end().catch(() => undefined);
    for (const entry of this.local.values()) for (const l of entry.listeners) l.onEnd('closed');
    this.local.clear();
  }

  private infoOf(conversationId: string, row: ConversationRow): DirectLineConversation {
    return {
      conversationId,
      userId: row.user_id,
      createdAt: Number(row.created_at),
      lastActiveAt: Number(row.last_active_at),
      streams: this.local.get(conversationId)?.listeners.size ?? 0,
    };
  }

  private onNotice(payload: string | undefined): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload ?? '') as Notice;
    } catch {
      return;
    }
    const entry = typeof notice.c === 'string' ? this.local.get(notice.c) : undefined;
    if (entry) this.enqueue(notice.c, entry, notice);
  }

  private enqueue(conversationId: string, entry: LocalConversation, notice: Notice): void {
    entry.chain = entry.chain
      .then(() => this.handle(conversationId, entry, notice))
      .catch((error: unknown) => this.options.logger.warn({ err: error, conversationId }, 'Direct Line delivery failed'));
  }

  private async handle(conversationId: string, entry: LocalConversation, notice: Notice): Promise<void> {
    if (notice.e) {
      for (const l of entry.listeners) l.onEnd('expired');
      entry.listeners.clear();
      this.local.delete(conversationId);
      return;
    }
    if (notice.t) return this.deliver(entry, { activities: [notice.t] });
    if (typeof notice.w !== 'number') return;
    // The first notice a stream hears is the first append after it subscribed (the backlog covers the rest).
    const from = entry.delivered ?? notice.w - 1;
    if (notice.w <= from) return;
    const { rows } = await this.options.pool.query<{ sequence: string; activity: DirectLineActivity }>(
      'SELECT sequence, activity FROM dl_activities WHERE conversation_id = $1 AND sequence > $2 AND sequence <= $3 ORDER BY sequence',
      [conversationId, from, notice.w],
    );
    for (const row of rows) {
      entry.delivered = Number(row.sequence);
      this.deliver(entry, { activities: [row.activity], watermark: row.sequence });
    }
    if (notice.w !== Number.MAX_SAFE_INTEGER) entry.delivered = Math.max(entry.delivered ?? 0, notice.w);
  }

  private deliver(entry: LocalConversation, set: ActivitySet): void {
    for (const listener of entry.listeners) {
      // One broken listener (a socket closing mid-send) must not stop the others.
      try {
        listener.onActivities(structuredClone(set));
      } catch {
        entry.listeners.delete(listener);
      }
    }
  }
}

/** Used stream tickets (single-use stream URLs) for every instance: the first to insert an id wins. */
export class PgStreamTickets implements StreamTicketStore {
  constructor(private readonly pool: PgPool) {}

  async use(id: string, expiresAt: number): Promise<boolean> {
    const inserted = await this.pool.query('INSERT INTO dl_stream_tickets (id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, expiresAt]);
    return inserted.rowCount === 1;
  }
}
