import type { OneTimeCode, OneTimeCodeStore } from '../../identity/oneTimeCodeStore.js';
import type { PgPool } from './pgDatabase.js';

interface CodeRow {
  id: string;
  policy_key: string;
  channel_id: string;
  user_id: string;
  requester: string;
  client_id: string | null;
  code_hash: string;
  created_at: Date;
  expires_at: Date;
  attempts: number;
}

/** One-time codes in PostgreSQL, shared by every instance. */
export class PgOneTimeCodeStore implements OneTimeCodeStore {
  constructor(private readonly pool: PgPool) {}

  async create(code: OneTimeCode): Promise<void> {
    await this.pool.query(
      'INSERT INTO one_time_codes (id, policy_key, channel_id, user_id, requester, client_id, code_hash, created_at, expires_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [code.id, code.policyKey, code.channelId, code.userId, code.requester, code.clientId ?? null, code.codeHash, code.createdAt, code.expiresAt, code.attempts],
    );
  }

  async countSince(since: Date, by: { policyKey: string; requester: string }): Promise<{ policy: number; requester: number }> {
    const { rows } = await this.pool.query<{ policy: string; requester: string }>(
      `SELECT (SELECT COUNT(*) FROM one_time_codes WHERE policy_key = $1 AND created_at >= $3) AS policy,
              (SELECT COUNT(*) FROM one_time_codes WHERE requester = $2 AND created_at >= $3) AS requester`,
      [by.policyKey, by.requester, since],
    );
    return { policy: Number(rows[0]!.policy), requester: Number(rows[0]!.requester) };
  }

  async latestOpen(channelId: string, userId: string, now: Date): Promise<OneTimeCode | undefined> {
    const { rows } = await this.pool.query<CodeRow>(
      'SELECT * FROM one_time_codes WHERE channel_id = $1 AND user_id = $2 AND used_at IS NULL AND expires_at > $3 ORDER BY created_at DESC LIMIT 1',
      [channelId, userId, now],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      policyKey: row.policy_key,
      channelId: row.channel_id,
      userId: row.user_id,
      requester: row.requester,
      ...(row.client_id ? { clientId: row.client_id } : {}),
      codeHash: row.code_hash,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      attempts: row.attempts,
    };
  }

  async addAttempt(id: string): Promise<number> {
    const { rows } = await this.pool.query<{ attempts: number }>('UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts', [id]);
    return rows[0]?.attempts ?? Number.MAX_SAFE_INTEGER;
  }

  async markUsed(id: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE one_time_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [now, id]);
    return rowCount === 1;
  }

  async prune(before: Date): Promise<void> {
    await this.pool.query('DELETE FROM one_time_codes WHERE expires_at < $1', [before]);
  }
}
