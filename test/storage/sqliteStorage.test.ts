import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteMigrations } from '../../storage/sqlite/migrations.js';
import { openSqlite, type SqliteDatabase } from '../../storage/sqlite/sqliteDatabase.js';
import { ETagConflictError } from '../../storage/errors.js';
import { SqliteStorage } from '../../storage/sqlite/sqliteStorage.js';

let db: SqliteDatabase;
let storage: SqliteStorage;
beforeEach(() => {
  db = openSqlite(':memory:', sqliteMigrations);
  storage = new SqliteStorage(db);
});
afterEach(() => db.close());

describe('SqliteStorage', () => {
  it('returns nothing for an unknown key', async () => {
    expect(await storage.read(['missing'])).toEqual({});
  });

  it('writes, reads back with an eTag, and deletes', async () => {
    await storage.write({ a: { n: 1 }, 'b/ü:"key"': { text: 'žluťoučký' } });
    const items = await storage.read(['a', 'b/ü:"key"']);
    expect(items.a).toMatchObject({ n: 1, eTag: expect.any(String) });
    expect(items['b/ü:"key"']).toMatchObject({ text: 'žluťoučký' });
    await storage.delete(['a']);
    expect(Object.keys(await storage.read(['a', 'b/ü:"key"']))).toEqual(['b/ü:"key"']);
  });

  it('accepts a write with the current eTag and rejects one with a stale eTag', async () => {
    await storage.write({ k: { v: 1 } });
    const first = (await storage.read(['k'])).k;
    await storage.write({ k: { ...first, v: 2 } });
    await expect(storage.write({ k: { ...first, v: 3 } })).rejects.toThrowError(ETagConflictError);
    expect((await storage.read(['k'])).k).toMatchObject({ v: 2 });
  });

  it('lets "*" and a missing eTag overwrite', async () => {
    await storage.write({ k: { v: 1 } });
    await storage.write({ k: { v: 2, eTag: '*' } });
    await storage.write({ k: { v: 3 } });
    expect((await storage.read(['k'])).k).toMatchObject({ v: 3 });
  });

  it('leaves a whole batch unwritten when one key conflicts', async () => {
    await storage.write({ x: { v: 1 } });
    await expect(storage.write({ y: { v: 1 }, x: { v: 2, eTag: 'stale' } })).rejects.toThrow();
    expect(await storage.read(['y'])).toEqual({});
  });

  it('stores a large document', async () => {
    const big = { text: 'ž'.repeat(1_000_000), list: Array.from({ length: 1000 }, (_, i) => ({ i })) };
    await storage.write({ big });
    expect((await storage.read(['big'])).big).toMatchObject(big);
  });

  it('applies migrations once', () => {
    expect(() => openSqlite(':memory:', sqliteMigrations)).not.toThrow();
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(sqliteMigrations.map((m) => ({ version: m.version })));
  });
});
