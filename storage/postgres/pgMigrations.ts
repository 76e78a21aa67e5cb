import type { PgMigration } from './pgDatabase.js';

/** The PostgreSQL schema, version by version — the same tables as the SQLite one. Append only. */
export const pgMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'bot state',
    sql: `CREATE TABLE bot_state (
      key TEXT PRIMARY KEY,
      document JSONB NOT NULL,
      etag TEXT NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
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
      record JSONB NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX cases_client ON cases (client_id);
    CREATE INDEX cases_user ON cases (user_id);`,
  },
  {
    version: 3,
    name: 'processed activities',
    sql: `CREATE TABLE processed_activities (
      conversation_id TEXT NOT NULL,
      activity_id TEXT NOT NULL,
      replies JSONB,
      created_at TIMESTAMPTZ NOT NULL,
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
      record JSONB NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX handoff_tickets_conversation ON handoff_tickets (conversation_id, status);
    CREATE INDEX handoff_tickets_status ON handoff_tickets (status);
    CREATE TABLE relay_messages (
      id BIGSERIAL PRIMARY KEY,
      ticket_id TEXT NOT NULL REFERENCES handoff_tickets (id),
      direction TEXT NOT NULL,
      author TEXT NOT NULL,
      text TEXT NOT NULL,
      at TIMESTAMPTZ NOT NULL,
      delivered_at TIMESTAMPTZ
    );
    CREATE INDEX relay_messages_ticket ON relay_messages (ticket_id, id);
    CREATE TABLE transcripts (
      id BIGSERIAL PRIMARY KEY,
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      user_id TEXT,
      at TIMESTAMPTZ NOT NULL,
      activity JSONB NOT NULL
    );
    CREATE INDEX transcripts_conversation ON transcripts (channel_id, conversation_id, id);
    CREATE INDEX transcripts_at ON transcripts (at);
    CREATE INDEX transcripts_user ON transcripts (user_id);`,
  },
  {
    version: 5,
    name: 'privacy audit',
    sql: `CREATE TABLE privacy_audit (
      id BIGSERIAL PRIMARY KEY,
      at TIMESTAMPTZ NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      details JSONB NOT NULL
    );`,
  },
  {
    version: 6,
    name: 'staff Teams conversations',
    sql: `CREATE TABLE staff_conversations (
      staff_id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      reference JSONB NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
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
      citations JSONB NOT NULL,
      created_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX answer_log_created ON answer_log (created_at);
    CREATE INDEX answer_log_activity ON answer_log (conversation_id, activity_id);
    CREATE TABLE answer_feedback (
      answer_id TEXT PRIMARY KEY REFERENCES answer_log (id) ON DELETE CASCADE,
      rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
      comment TEXT,
      at TIMESTAMPTZ NOT NULL
    );
    CREATE TABLE report_events (
      id BIGSERIAL PRIMARY KEY,
      form_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      event TEXT NOT NULL,
      step TEXT,
      channel_id TEXT NOT NULL,
      language TEXT NOT NULL,
      at TIMESTAMPTZ NOT NULL
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
      client JSONB NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (channel_id, user_id)
    );
    CREATE TABLE used_assertions (
      id TEXT PRIMARY KEY,
      expires_at TIMESTAMPTZ NOT NULL
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
      created_at TIMESTAMPTZ NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      used_at TIMESTAMPTZ
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
      bytes BYTEA NOT NULL,
      created_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX uploads_conversation ON uploads (conversation_id);
    CREATE INDEX uploads_user ON uploads (user_id);
    CREATE INDEX uploads_created ON uploads (created_at);`,
  },
  {
    version: 11,
    name: 'shared runtime state: Direct Line conversations, stream tickets, staff sessions, sign-in throttle, job leases',
    sql: `CREATE TABLE dl_conversations (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      address TEXT,
      created_at BIGINT NOT NULL,
      last_active_at BIGINT NOT NULL,
      sequence BIGINT NOT NULL DEFAULT 0,
      watermark BIGINT NOT NULL DEFAULT 0,
      bytes BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX dl_conversations_active ON dl_conversations (last_active_at);
    CREATE INDEX dl_conversations_address ON dl_conversations (address, last_active_at);
    CREATE TABLE dl_activities (
      conversation_id TEXT NOT NULL REFERENCES dl_conversations (id) ON DELETE CASCADE,
      sequence BIGINT NOT NULL,
      activity JSONB NOT NULL,
      idempotency_key TEXT,
      bytes INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, sequence)
    );
    CREATE UNIQUE INDEX dl_activities_key ON dl_activities (conversation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
    CREATE TABLE dl_stream_tickets (id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
    CREATE INDEX dl_stream_tickets_expiry ON dl_stream_tickets (expires_at);
    CREATE TABLE staff_sessions (
      key TEXT PRIMARY KEY,
      member_id TEXT NOT NULL,
      csrf_token TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      last_seen_at BIGINT NOT NULL
    );
    CREATE INDEX staff_sessions_seen ON staff_sessions (last_seen_at);
    CREATE TABLE staff_signin_failures (key TEXT NOT NULL, at BIGINT NOT NULL);
    CREATE INDEX staff_signin_failures_key ON staff_signin_failures (key, at);
    CREATE TABLE staff_devices (token TEXT PRIMARY KEY, staff_id TEXT NOT NULL, until BIGINT NOT NULL);
    CREATE INDEX staff_devices_until ON staff_devices (until);
    CREATE TABLE job_leases (name TEXT PRIMARY KEY, next_run_at BIGINT NOT NULL, holder TEXT);
    CREATE TABLE rate_limits (key VARCHAR(255) PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire BIGINT);
    CREATE INDEX rate_limits_expire ON rate_limits (expire);`,
  },
  {
    version: 12,
    name: "cases by client, newest first: a client's latest cases without reading all of them (#20)",
    sql: `CREATE INDEX cases_client_created ON cases (client_id, created_at);
    DROP INDEX cases_client;`,
  },
];
