import type { ConversationReference } from 'botbuilder';
import type { StaffConversationStore } from '../../channels/teams/staffConversations.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

/** Managers' Teams conversation references in SQLite (table `staff_conversations`). */
export class SqliteStaffConversations implements StaffConversationStore {
  constructor(private readonly db: SqliteDatabase) {}

  async save(staffId: string, reference: Partial<ConversationReference>, at: Date): Promise<'created' | 'updated'> {
    const write = this.db.transaction((): 'created' | 'updated' => {
      const existed = this.db.prepare<[string], { staff_id: string }>('SELECT staff_id FROM staff_conversations WHERE staff_id = ?').get(staffId);
      this.db
        .prepare(
          `INSERT INTO staff_conversations (staff_id, channel_id, conversation_id, reference, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (staff_id) DO UPDATE SET channel_id = excluded.channel_id, conversation_id = excluded.conversation_id, reference = excluded.reference, updated_at = excluded.updated_at`,
        )
        .run(staffId, reference.channelId ?? 'unknown', reference.conversation?.id ?? 'unknown', JSON.stringify(reference), at.toISOString());
      return existed ? 'updated' : 'created';
    });
    return write.immediate();
  }

  async get(staffId: string): Promise<Partial<ConversationReference> | undefined> {
    const row = this.db.prepare<[string], { reference: string }>('SELECT reference FROM staff_conversations WHERE staff_id = ?').get(staffId);
    return row ? (JSON.parse(row.reference) as Partial<ConversationReference>) : undefined;
  }

  async remove(staffId: string): Promise<void> {
    this.db.prepare('DELETE FROM staff_conversations WHERE staff_id = ?').run(staffId);
  }
}
