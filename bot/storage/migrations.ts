import type { Migration } from './sqliteDatabase.js';

/** The SQLite schema, version by version. Append; never edit a released migration. */
export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: 'bot state',
    sql: `CREATE TABLE bot_state (
      key TEXT PRIMARY KEY,
      document TEXT NOT NULL,
      etag TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );`,
  },
];
