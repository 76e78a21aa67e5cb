import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { ETagConflictError } from '../errors.js';
import { inTransaction, type PgPool } from './pgDatabase.js';

/**
 * botbuilder Storage on PostgreSQL with the same eTag rules as SqliteStorage: no eTag or `*`
 * overwrites; a stale eTag is a conflict (the whole batch is rolled back), never a silent
 * overwrite — two instances writing one key cannot lose an update unnoticed.
 */
export class PgStorage implements Storage {
  constructor(private readonly pool: PgPool) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const { rows } = await this.pool.query<{ key: string; document: Record<string, unknown>; etag: string }>('SELECT key, document, etag FROM bot_state WHERE key = ANY($1)', [keys]);
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...row.document, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      for (const [key, item] of entries) {
        const { eTag, ...document } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        const etag = randomUUID();
        if (eTag && eTag !== '*') {
          const updated = await client.query('UPDATE bot_state SET document = $2, etag = $3, updated_at = now() WHERE key = $1 AND etag = $4', [key, document, etag, eTag]);
          if (updated.rowCount === 1) continue;
          // Not updated: either the key is new (write it, as botbuilder's stores do) or its eTag moved on.
          const inserted = await client.query('INSERT INTO bot_state (key, document, etag, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT (key) DO NOTHING', [key, document, etag]);
          if (inserted.rowCount === 0) throw new ETagConflictError(key);
          continue;
        }
        await client.query(
          'INSERT INTO bot_state (key, document, etag, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT (key) DO UPDATE SET document = excluded.document, etag = excluded.etag, updated_at = excluded.updated_at',
          [key, document, etag],
        );
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length) await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1)', [keys]);
  }
}
