import type { OneTimeCode, OneTimeCodeStore } from '../../identity/oneTimeCodeStore.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface CodeRow {
  id: string;
  policy_key: string;
  channel_id: string;
  user_id: string;
  requester: string;
  client_id: string | null;
  code_hash: string;
  created_at: string;
  expires_at: string;
  attempts: number;
}

function fromRow(row: CodeRow): OneTimeCode {
  return {
    id: row.id,
    policyKey: row.policy_key,
    channelId: row.channel_id,
    userId: row.user_id,
    requester: row.requester,
    ...(row.client_id ? { clientId: row.client_id } : {}),
    codeHash: row.code_hash,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    attempts: row.attempts,
  };
}

/** One-time codes in SQLite (table `one_time_codes`). */
export class SqliteOneTimeCodeStore implements OneTimeCodeStore {
  constructor(private readonly db: SqliteDatabase) {}

  async create(code: OneTimeCode): Promise<void> {
    this.db
      .prepare('INSERT INTO one_time_codes (id, policy_key, channel_id, user_id, requester, client_id, code_hash, created_at, expires_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(code.id, code.policyKey, code.channelId, code.userId, code.requester, code.clientId ?? null, code.codeHash, code.createdAt.toISOString(), code.expiresAt.toISOString(), code.attempts);
  }

  async countSince(since: Date, by: { policyKey: string; requester: string }): Promise<{ policy: number; requester: number }> {
    const count = (column: 'policy_key' | 'requester', value: string) =>
      this.db.prepare<[string, string], { n: number }>(`SELECT COUNT(*) AS n FROM one_time_codes WHERE ${column} = ? AND created_at >= ?`).get(value, since.toISOString())!.n;
    return { policy: count('policy_key', by.policyKey), requester: count('requester', by.requester) };
  }

  async latestOpen(channelId: string, userId: string, now: Date): Promise<OneTimeCode | undefined> {
    const row = this.db
      .prepare<[string, string, string], CodeRow>('SELECT * FROM one_time_codes WHERE channel_id = ? AND user_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1')
      .get(channelId, userId, now.toISOString());
    return row ? fromRow(row) : undefined;
  }

  async addAttempt(id: string): Promise<number> {
    return this.db.prepare<[string], { attempts: number }>('UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = ? RETURNING attempts').get(id)?.attempts ?? Number.MAX_SAFE_INTEGER;
  }

  async markUsed(id: string, now: Date): Promise<boolean> {
    return this.db.prepare('UPDATE one_time_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(now.toISOString(), id).changes === 1;
  }

  async prune(before: Date): Promise<void> {
    this.db.prepare('DELETE FROM one_time_codes WHERE expires_at < ?').run(before.toISOString());
  }
}
