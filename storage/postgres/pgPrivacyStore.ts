import { describeSubject, type AuditEntry, type ErasureReport, type ErasureSubject, type PrivacyStore } from '../../privacy/privacyStore.js';
import { inTransaction, type PgPool } from './pgDatabase.js';
import { stateKeyPattern } from '../likePattern.js';

export class PgPrivacyStore implements PrivacyStore {
  constructor(private readonly pool: PgPool) {}

  async erase(subject: ErasureSubject, actor: string, at: Date): Promise<ErasureReport> {
    return inTransaction(this.pool, async (client) => {
      const clientId = subject.clientId ?? '\u0001';
      const userId = subject.userId ?? '\u0001';
      const cases = await client.query<{ reference: string; user_id: string; conv: string | null }>(
        "SELECT reference, user_id, record->'conversationReference'->'conversation'->>'id' AS conv FROM cases WHERE client_id = $1 OR user_id = $2 FOR UPDATE",
        [clientId, userId],
      );
      const tickets = await client.query<{ id: string; conversation_id: string; user_id: string }>(
        "SELECT id, conversation_id, record->>'userId' AS user_id FROM handoff_tickets WHERE record->>'clientId' = $1 OR record->>'userId' = $2 FOR UPDATE",
        [clientId, userId],
      );
      const users = new Set<string>(subject.userId ? [subject.userId] : []);
      const conversations = new Set<string>();
      for (const r of cases.rows) {
        users.add(r.user_id);
        if (r.conv) conversations.add(r.conv);
      }
      for (const r of tickets.rows) {
        users.add(r.user_id);
        conversations.add(r.conversation_id);
      }
      const userList = [...users];
      const more = await client.query<{ conversation_id: string }>('SELECT DISTINCT conversation_id FROM transcripts WHERE user_id = ANY($1)', [userList]);
      for (const r of more.rows) conversations.add(r.conversation_id);
      const convList = [...conversations];
      const transcriptEntries = (await client.query('DELETE FROM transcripts WHERE user_id = ANY($1) OR conversation_id = ANY($2)', [userList, convList])).rowCount ?? 0;
      const stateKeys = [...convList.map((c) => stateKeyPattern('conversations', c)), ...userList.map((u) => stateKeyPattern('users', u))];
      const conversationStates = stateKeys.length ? ((await client.query('DELETE FROM bot_state WHERE key LIKE ANY($1)', [stateKeys])).rowCount ?? 0) : 0;
      await client.query('DELETE FROM answer_log WHERE conversation_id = ANY($1)', [convList]);
      // The files they uploaded on the website (stored with their cases) go with the cases and conversations.
      await client.query('DELETE FROM uploads WHERE user_id = ANY($1) OR conversation_id = ANY($2)', [userList, convList]);
      // Who the users were verified as, and their one-time codes: personal data of the same people.
      await client.query("DELETE FROM identity_bindings WHERE user_id = ANY($1) OR client->>'clientId' = $2", [userList, clientId]);
      await client.query('DELETE FROM one_time_codes WHERE user_id = ANY($1) OR client_id = $2', [userList, clientId]);
      // Their website conversations (several instances keep the Direct Line history here); activities go with them.
      await client.query('DELETE FROM dl_conversations WHERE user_id = ANY($1) OR id = ANY($2)', [userList, convList]);
      const ticketIds = tickets.rows.map((t) => t.id);
      await client.query('DELETE FROM relay_messages WHERE ticket_id = ANY($1)', [ticketIds]);
      const handoffs = (await client.query('DELETE FROM handoff_tickets WHERE id = ANY($1)', [ticketIds])).rowCount ?? 0;
      const removed = (await client.query('DELETE FROM cases WHERE reference = ANY($1)', [cases.rows.map((r) => r.reference)])).rowCount ?? 0;
      const report = { cases: removed, handoffs, transcriptEntries, conversationStates };
      await client.query('INSERT INTO privacy_audit (at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)', [at, actor, 'erase', describeSubject(subject), report]);
      return report;
    });
  }

  async audit(limit = 100): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<{ at: Date; actor: string; action: string; subject: string; details: Record<string, unknown> }>(
      'SELECT at, actor, action, subject, details FROM privacy_audit ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
}
