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
  {
    version: 4,
    name: 'handoffs, relay queue and transcripts',
    sql: `CREATE TABLE handoff_tickets (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      assigned_to TEXT NOT NULL,
      team TEXT NOT NULL,
      record TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX handoff_tickets_conversation ON handoff_tickets (conversation_id, status);
    CREATE INDEX handoff_tickets_status ON handoff_tickets (status);
    CREATE TABLE relay_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ticket_id TEXT NOT NULL REFERENCES handoff_tickets (id),
      direction TEXT NOT NULL,
      author TEXT NOT NULL,
      text TEXT NOT NULL,
      at TEXT NOT NULL,
      delivered_at TEXT
    );
    CREATE INDEX relay_messages_ticket ON relay_messages (ticket_id, id);
    CREATE TABLE transcripts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      user_id TEXT,
      at TEXT NOT NULL,
      activity TEXT NOT NULL
    );
    CREATE INDEX transcripts_conversation ON transcripts (channel_id, conversation_id, id);
    CREATE INDEX transcripts_at ON transcripts (at);`,
  },
  {
    version: 5,
    name: 'privacy audit',
    sql: `CREATE TABLE privacy_audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      details TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS transcripts_user ON transcripts (user_id);
    CREATE INDEX IF NOT EXISTS cases_user ON cases (user_id);`,
  },
  {
    version: 6,
    name: 'staff Teams conversations',
    sql: `CREATE TABLE staff_conversations (
      staff_id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      reference TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );`,
  },
  {
    version: 7,
    name: 'insights: answer log, answer feedback, report events',
    sql: `CREATE TABLE answer_log (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      activity_id TEXT,
      language TEXT NOT NULL,
      kind TEXT NOT NULL,
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      citations TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX answer_log_created ON answer_log (created_at);
    CREATE INDEX answer_log_activity ON answer_log (conversation_id, activity_id);
    CREATE TABLE answer_feedback (
      answer_id TEXT PRIMARY KEY REFERENCES answer_log (id) ON DELETE CASCADE,
      rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
      comment TEXT,
      at TEXT NOT NULL
    );
    CREATE TABLE report_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      form_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      event TEXT NOT NULL,
      step TEXT,
      channel_id TEXT NOT NULL,
      language TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX report_events_at ON report_events (at);
    CREATE INDEX report_events_form ON report_events (form_id, id);`,
  },
  {
    version: 8,
    name: 'identity: verified clients bound to channel users, used assertion ids',
    sql: `CREATE TABLE identity_bindings (
      channel_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      conversation_id TEXT,
      client TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      PRIMARY KEY (channel_id, user_id)
    );
    CREATE TABLE used_assertions (
      id TEXT PRIMARY KEY,
      expires_at TEXT NOT NULL
    );
    CREATE INDEX used_assertions_expiry ON used_assertions (expires_at);`,
  },
  {
    version: 9,
    name: 'identity: one-time codes sent to registered contacts',
    sql: `CREATE TABLE one_time_codes (
      id TEXT PRIMARY KEY,
      policy_key TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      requester TEXT NOT NULL,
      client_id TEXT,
      code_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      used_at TEXT
    );
    CREATE INDEX one_time_codes_policy ON one_time_codes (policy_key, created_at);
    CREATE INDEX one_time_codes_requester ON one_time_codes (requester, created_at);
    CREATE INDEX one_time_codes_user ON one_time_codes (channel_id, user_id, created_at);`,
  },
  {
    version: 10,
    name: 'uploads: files clients sent on the website, kept with their case',
    sql: `CREATE TABLE uploads (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      bytes BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX uploads_conversation ON uploads (conversation_id);
    CREATE INDEX uploads_user ON uploads (user_id);
    CREATE INDEX uploads_created ON uploads (created_at);`,
  },
  {
    version: 11,
    name: "cases by client, newest first: a client's latest cases without reading all of them (#20)",
    sql: `CREATE INDEX cases_client_created ON cases (client_id, created_at);
    DROP INDEX cases_client;`,
  },
];
