import type { CaseRecord, CaseStatusChange, CaseStore, NewCase } from '../../dialogs/caseStore.js';
import { formatReference } from '../../dialogs/caseStore.js';
import { inTransaction, isUniqueViolation, type PgPool } from './pgDatabase.js';

/**
 * Cases on PostgreSQL. Filing is one transaction (sequence + case + idempotency key); when two
 * instances file the same form at once, the unique idempotency key lets exactly one win and the
 * other returns the winner's case.
 */
export class PgCaseStore implements CaseStore {
  constructor(private readonly pool: PgPool) {}

  async fileCase(input: NewCase, now: Date): Promise<{ record: CaseRecord; created: boolean }> {
    const existing = await this.findByIdempotencyKey(input.idempotencyKey);
    if (existing) return { record: existing, created: false };
    try {
      const record = await inTransaction(this.pool, async (client) => {
        const year = now.getUTCFullYear();
        const { rows } = await client.query<{ last: number }>(
          'INSERT INTO case_sequences (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = case_sequences.last + 1 RETURNING last',
          [year],
        );
        const at = now.toISOString();
        const { idempotencyKey, ...fields } = input;
        const created: CaseRecord = {
          ...fields,
          reference: formatReference(input.kind, year, rows[0]!.last),
          status: 'filed',
          createdAt: at,
          updatedAt: at,
          history: [{ status: 'filed', at, by: 'bot' }],
        };
        await client.query('INSERT INTO cases (reference, idempotency_key, client_id, user_id, record, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [
          created.reference,
          idempotencyKey,
          created.clientId,
          created.userId,
          created,
          at,
        ]);
        return created;
      });
      return { record, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findByIdempotencyKey(input.idempotencyKey);
      if (!winner) throw error;
      return { record: winner, created: false };
    }
  }

  async getCase(reference: string): Promise<CaseRecord | undefined> {
    const { rows } = await this.pool.query<{ record: CaseRecord }>('SELECT record FROM cases WHERE reference = $1', [reference.toUpperCase()]);
    return rows[0]?.record;
  }

  async findByIdempotencyKey(key: string): Promise<CaseRecord | undefined> {
    const { rows } = await this.pool.query<{ record: CaseRecord }>('SELECT record FROM cases WHERE idempotency_key = $1', [key]);
    return rows[0]?.record;
  }

  async updateStatus(reference: string, change: Omit<CaseStatusChange, 'at'>, now: Date): Promise<CaseRecord | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ record: CaseRecord }>('SELECT record FROM cases WHERE reference = $1 FOR UPDATE', [reference.toUpperCase()]);
      const record = rows[0]?.record;
      if (!record) return undefined;
      const at = now.toISOString();
      record.status = change.status;
      record.updatedAt = at;
      record.history.push({ ...change, at });
      await client.query('UPDATE cases SET record = $2, updated_at = $3 WHERE reference = $1', [record.reference, record, at]);
      return record;
    });
  }

  async recentByClient(clientId: string, limit: number): Promise<{ records: CaseRecord[]; total: number }> {
    const { rows } = await this.pool.query<{ record: CaseRecord }>('SELECT record FROM cases WHERE client_id = $1 ORDER BY created_at DESC, reference DESC LIMIT $2', [clientId, limit]);
    const records = rows.map((r) => r.record);
    if (records.length < limit) return { records, total: records.length };
    const { rows: count } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM cases WHERE client_id = $1', [clientId]);
    return { records, total: Number(count[0]!.n) };
  }

  async listByClient(clientId: string): Promise<CaseRecord[]> {
    const { rows } = await this.pool.query<{ record: CaseRecord }>('SELECT record FROM cases WHERE client_id = $1 ORDER BY created_at, reference', [clientId]);
    return rows.map((r) => r.record);
  }
}
