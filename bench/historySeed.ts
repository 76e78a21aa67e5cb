import path from 'node:path';
import { sqliteMigrations } from '../storage/sqlite/migrations.js';
import { openSqlite } from '../storage/sqlite/sqliteDatabase.js';

/** How much history the seeded database holds (the figures; the smoke run uses small ones). */
export interface HistorySizes {
  endedTickets: number;
  cases: number;
  transcriptRows: number;
  answers: number;
}

export const FULL_HISTORY: HistorySizes = { endedTickets: 10_000, cases: 100_000, transcriptRows: 1_000_000, answers: 100_000 };
export const SMOKE_HISTORY: HistorySizes = { endedTickets: 100, cases: 1_000, transcriptRows: 10_000, answers: 1_000 };

const CONVERSATIONS = 10_000;

/**
 * Fills the app's SQLite database (`DATA_DIR/bot.sqlite`) with months of history before the
 * app opens it: ended handoff tickets (accepted, rated and not), filed cases, transcript rows
 * and logged answers of other conversations. Written directly through the database in one
 * transaction with statements prepared once, so a million rows take seconds, not the minutes
 * the stores' one-row API would.
 */
export function seedHistory(dataDir: string, sizes: HistorySizes): { ms: number } {
  const started = Date.now();
  const db = openSqlite(path.join(dataDir, 'bot.sqlite'), sqliteMigrations);
  const day = 24 * 3600_000;
  const base = Date.now() - 90 * day;
  const iso = (i: number, n: number) => new Date(base + Math.floor((i / Math.max(1, n)) * 89 * day)).toISOString();
  const conversation = (i: number) => `history-${i % CONVERSATIONS}`;
  // Secondary indexes are built once after the rows (sorted, much faster than row by row) with
  // the migrations' own SQL, so the schema the app then opens is exactly its own.
  const indexes = db
    .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('handoff_tickets', 'cases', 'transcripts', 'answer_log')")
    .all();
  db.pragma('cache_size = -262144');
  try {
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
    db.transaction(() => {
      const ticket = db.prepare('INSERT INTO handoff_tickets (id, status, conversation_id, assigned_to, team, record, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < sizes.endedTickets; i++) {
        const at = iso(i, sizes.endedTickets);
        const record = {
          id: `HT-${i}`,
          status: 'ended',
          conversationId: conversation(i),
          channelId: 'directline',
          userId: `history-user-${i % CONVERSATIONS}`,
          language: i % 2 ? 'en' : 'cs',
          reason: 'client_request',
          assignedTo: 'mgr-novak',
          team: 'claims',
          summary: 'Client asked about a claim.',
          transcript: [{ from: 'client', text: 'Chci mluvit s člověkem', at }],
          conversationReference: { conversation: { id: conversation(i) }, channelId: 'directline' },
          createdAt: at,
          updatedAt: at,
          acceptedAt: at,
          endedAt: at,
          ...(i % 3 ? { feedback: { rating: 4, done: true, at } } : {}),
          history: [{ status: 'waiting', at, by: 'bot' }, { status: 'connected', at, by: 'mgr-novak' }, { status: 'ended', at, by: 'client' }],
        };
        ticket.run(record.id, 'ended', record.conversationId, record.assignedTo, record.team, JSON.stringify(record), at, at);
      }
      const kase = db.prepare('INSERT INTO cases (reference, idempotency_key, client_id, user_id, record, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < sizes.cases; i++) {
        const at = iso(i, sizes.cases);
        const reference = `SEED-${String(i).padStart(7, '0')}`;
        const record = { reference, kind: i % 2 ? 'claim' : 'overdue', clientId: `client-${i % 2000}`, policyNumber: `CZ-2024-${10000 + (i % 2000)}`, amount: { value: 20_000 + i, currency: 'CZK' }, createdAt: at };
        kase.run(reference, `seed-form-${i}`, record.clientId, `history-user-${i % CONVERSATIONS}`, JSON.stringify(record), at, at);
      }
      const line = db.prepare('INSERT INTO transcripts (channel_id, conversation_id, user_id, at, activity) VALUES (?, ?, ?, ?, ?)');
      for (let i = 0; i < sizes.transcriptRows; i++) {
        const at = iso(i, sizes.transcriptRows);
        const fromBot = i % 2 === 1;
        const activity = {
          type: 'message',
          id: `h-${i}`,
          timestamp: at,
          channelId: 'directline',
          conversation: { id: conversation(i) },
          from: fromBot ? { id: 'bot', role: 'bot' } : { id: `history-user-${i % CONVERSATIONS}`, role: 'user' },
          text: fromBot ? 'Škodnou událost nahlásíte do 30 dnů od jejího zjištění. [1]' : 'Do kdy musím nahlásit škodu?',
        };
        line.run('directline', conversation(i), `history-user-${i % CONVERSATIONS}`, at, JSON.stringify(activity));
      }
      const answer = db.prepare('INSERT INTO answer_log (id, conversation_id, channel_id, activity_id, language, kind, question, answer, citations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < sizes.answers; i++) {
        answer.run(`seed-answer-${i}`, conversation(i), 'directline', `h-${2 * i + 1}`, 'cs', 'answer', 'Do kdy musím nahlásit škodu?', 'Do 30 dnů. [1]', '[]', iso(i, sizes.answers));
      }
      for (const index of indexes) db.exec(index.sql);
    })();
    // Into the database file: otherwise the app's first commit checkpoints hundreds of MB of WAL
    // inside the measured turns.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { ms: Date.now() - started };
}
