import type { CaseRecord, CaseStatusChange, CaseStore, NewCase } from '../../dialogs/caseStore.js';
import { formatReference } from '../../dialogs/caseStore.js';
import { statementCache, type SqliteDatabase } from './sqliteDatabase.js';

interface CaseRow {
  reference: string;
  record: string;
}

/** Cases in SQLite. Filing is one transaction: sequence, case row and idempotency key together. */
export class SqliteCaseStore implements CaseStore {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = statementCache(db);
  }

  async fileCase(input: NewCase, now: Date): Promise<{ record: CaseRecord; created: boolean }> {
    const file = this.db.transaction((): { record: CaseRecord; created: boolean } => {
      const existing = this.sql<[string], CaseRow>('SELECT reference, record FROM cases WHERE idempotency_key = ?').get(input.idempotencyKey);
      if (existing) return { record: JSON.parse(existing.record) as CaseRecord, created: false };
      const year = now.getUTCFullYear();
      this.sql('INSERT INTO case_sequences (year, last) VALUES (?, 1) ON CONFLICT(year) DO UPDATE SET last = last + 1').run(year);
      const { last } = this.sql<[number], { last: number }>('SELECT last FROM case_sequences WHERE year = ?').get(year)!;
      const at = now.toISOString();
      const { idempotencyKey, ...fields } = input;
      const record: CaseRecord = {
        ...fields,
        reference: formatReference(input.kind, year, last),
        status: 'filed',
        createdAt: at,
        updatedAt: at,
        history: [{ status: 'filed', at, by: 'bot' }],
      };
      this.sql('INSERT INTO cases (reference, idempotency_key, client_id, user_id, record, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(record.reference, idempotencyKey, record.clientId, record.userId, JSON.stringify(record), at, at);
      return { record, created: true };
    });
    return file.immediate();
  }

  async getCase(reference: string): Promise<CaseRecord | undefined> {
    const row = this.sql<[string], CaseRow>('SELECT reference, record FROM cases WHERE reference = ?').get(reference.toUpperCase());
    return row ? (JSON.parse(row.record) as CaseRecord) : undefined;
  }

  async findByIdempotencyKey(key: string): Promise<CaseRecord | undefined> {
    const row = this.sql<[string], CaseRow>('SELECT reference, record FROM cases WHERE idempotency_key = ?').get(key);
    return row ? (JSON.parse(row.record) as CaseRecord) : undefined;
  }

  async updateStatus(reference: string, change: Omit<CaseStatusChange, 'at'>, now: Date): Promise<CaseRecord | undefined> {
    const update = this.db.transaction(() => {
      const row = this.sql<[string], CaseRow>('SELECT reference, record FROM cases WHERE reference = ?').get(reference.toUpperCase());
      if (!row) return undefined;
      const record = JSON.parse(row.record) as CaseRecord;
      const at = now.toISOString();
      record.status = change.status;
      record.updatedAt = at;
      record.history.push({ ...change, at });
      this.sql('UPDATE cases SET record = ?, updated_at = ? WHERE reference = ?').run(JSON.stringify(record), at, record.reference);
      return record;
    });
    return update.immediate();
  }

  async recentByClient(clientId: string, limit: number): Promise<{ records: CaseRecord[]; total: number }> {
    const records = this.sql<[string, number], CaseRow>('SELECT reference, record FROM cases WHERE client_id = ? ORDER BY created_at DESC, reference DESC LIMIT ?')
      .all(clientId, limit)
      .map((r) => JSON.parse(r.record) as CaseRecord);
    const total = records.length < limit ? records.length : this.sql<[string], { n: number }>('SELECT COUNT(*) AS n FROM cases WHERE client_id = ?').get(clientId)!.n;
    return { records, total };
  }

  async listByClient(clientId: string): Promise<CaseRecord[]> {
    return this.sql<[string], CaseRow>('SELECT reference, record FROM cases WHERE client_id = ? ORDER BY created_at')
      .all(clientId)
      .map((r) => JSON.parse(r.record) as CaseRecord);
  }
}
