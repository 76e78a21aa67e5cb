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
  {
    version: 2,
    name: 'cases',
    sql: `CREATE TABLE case_sequences (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
    CREATE TABLE cases (
      reference TEXT PRIMARY KEY,
      idempotency_key TEXT NOT NULL UNIQUE,
      client_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      record TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX cases_client ON cases (client_id);`,
  },
  {
    version: 3,
    name: 'processed activities',
    sql: `CREATE TABLE processed_activities (
      conversation_id TEXT NOT NULL,
      activity_id TEXT NOT NULL,
      replies TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, activity_id)
    );
    CREATE INDEX processed_activities_created ON processed_activities (created_at);`,
  },
];
