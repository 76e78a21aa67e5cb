import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;

/**
 * better-sqlite3 13 (Node-API, a prebuilt binary) on Node 22 and 24. 12 and older wrap their
 * objects in node::ObjectWrap, which on Node 24 registers an environment cleanup hook per
 * object: a Statement collected by a GC outside a JavaScript context then aborts the process
 * ("RemoveEnvironmentCleanupHook … (env) != nullptr"), at exit or mid-run. 13 does not run on
 * Node 20 (end of life), so there the 12 aliased as `better-sqlite3-v12` is loaded instead;
 * drop it with Node 20.
 */
const requireModule = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);
export const Database: typeof BetterSqlite3 = requireModule(nodeMajor >= 22 ? 'better-sqlite3' : 'better-sqlite3-v12');

/** One schema change; `version` numbers are applied in order, once, and never edited afterwards. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Opens (creating if needed) the bot's SQLite database in WAL mode and applies pending
 * migrations inside one exclusive transaction, so two processes starting at once cannot
 * both apply the same migration.
 */
export function openSqlite(file: string, migrations: Migration[]): SqliteDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // A database with months of history is hundreds of MB: the default 2 MB page cache re-reads
  // index pages from the OS on every insert; 32 MB of cache and reads through a memory map keep a
  // turn's cost from growing with the history (#20). Ignored for ':memory:'.
  db.pragma('cache_size = -32768');
  db.pragma('mmap_size = 268435456');
  migrate(db, migrations);
  return db;
}

export function migrate(db: SqliteDatabase, migrations: Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const apply = db.transaction(() => {
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
  });
  apply.exclusive();
}

/**
 * Prepared statements, compiled once per SQL text: preparing costs more than running a small
 * statement, and the stores run the same few statements on every turn.
 */
export function statementCache(db: SqliteDatabase) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return <P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement as unknown as BetterSqlite3.Statement<P, R>;
  };
}
