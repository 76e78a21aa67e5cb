import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { ETagConflictError } from '../errors.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

/**
 * botbuilder Storage on SQLite, with the semantics of botbuilder's own stores: a write with no
 * eTag or `*` always wins; a write with an eTag succeeds only if it is still the stored one.
 * A batch is one transaction: a conflict leaves every key of the batch unchanged.
 */
export class SqliteStorage implements Storage {
  private readonly selectOne;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: SqliteDatabase) {
    this.selectOne = db.prepare<[string], { document: string; etag: string }>('SELECT document, etag FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, document, etag, updated_at) VALUES (@key, @document, @etag, @now)
       ON CONFLICT(key) DO UPDATE SET document = excluded.document, etag = excluded.etag, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...JSON.parse(row.document), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new ReferenceError('Changes are required when writing.');
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...document } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        if (eTag && eTag !== '*') {
          const current = this.selectOne.get(key);
          if (current && current.etag !== eTag) throw new ETagConflictError(key);
        }
        this.upsert.run({ key, document: JSON.stringify(document), etag: randomUUID(), now });
      }
    }).immediate();
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    this.db.transaction(() => {
      for (const key of keys) this.remove.run(key);
    })();
  }
}
