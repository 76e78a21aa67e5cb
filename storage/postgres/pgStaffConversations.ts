import type { ConversationReference } from 'botbuilder';
import type { StaffConversationStore } from '../../channels/teams/staffConversations.js';
import type { PgPool } from './pgDatabase.js';

/** Managers' Teams conversation references in PostgreSQL, shared by every instance. */
export class PgStaffConversations implements StaffConversationStore {
  constructor(private readonly pool: PgPool) {}

  async save(staffId: string, reference: Partial<ConversationReference>, at: Date): Promise<'created' | 'updated'> {
    // xmax = 0 only for a freshly inserted row: tells created from updated in one statement.
    const { rows } = await this.pool.query<{ inserted: boolean }>(
      `INSERT INTO staff_conversations (staff_id, channel_id, conversation_id, reference, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (staff_id) DO UPDATE SET channel_id = excluded.channel_id, conversation_id = excluded.conversation_id, reference = excluded.reference, updated_at = excluded.updated_at
       RETURNING (xmax = 0) AS inserted`,
      [staffId, reference.channelId ?? 'unknown', reference.conversation?.id ?? 'unknown', reference, at],
    );
    return rows[0]!.inserted ? 'created' : 'updated';
  }

  async get(staffId: string): Promise<Partial<ConversationReference> | undefined> {
    const { rows } = await this.pool.query<{ reference: Partial<ConversationReference> }>('SELECT reference FROM staff_conversations WHERE staff_id = $1', [staffId]);
    return rows[0]?.reference;
  }

  async remove(staffId: string): Promise<void> {
    await this.pool.query('DELETE FROM staff_conversations WHERE staff_id = $1', [staffId]);
  }
}
