import type { ConversationReference } from 'botbuilder';

/**
 * Where each manager talks to the bot in Teams: the conversation reference of their personal
 * chat, stored when they install the app and refreshed by each of their messages. A proactive
 * message (a handoff card, a client's message during a relay) needs it: the bot cannot start a
 * chat with someone who has not installed the app. SQLite by default; one row per staff member.
 */
export interface StaffConversationStore {
  /** Stores or refreshes the staff member's reference; 'created' the first time. */
  save(staffId: string, reference: Partial<ConversationReference>, at: Date): Promise<'created' | 'updated'>;
  get(staffId: string): Promise<Partial<ConversationReference> | undefined>;
  /** The staff member removed the app: nothing more can be sent to them. */
  remove(staffId: string): Promise<void>;
}

/**
 * Kept in memory only: for a deployment without a durable store for it (PostgreSQL until it
 * has a table for these). Managers reinstall nothing, but after a restart they are reached in
 * Teams again only once they have written to the bot.
 */
export class MemoryStaffConversations implements StaffConversationStore {
  private readonly byStaff = new Map<string, Partial<ConversationReference>>();

  async save(staffId: string, reference: Partial<ConversationReference>): Promise<'created' | 'updated'> {
    const existed = this.byStaff.has(staffId);
    this.byStaff.set(staffId, reference);
    return existed ? 'updated' : 'created';
  }

  async get(staffId: string): Promise<Partial<ConversationReference> | undefined> {
    return this.byStaff.get(staffId);
  }

  async remove(staffId: string): Promise<void> {
    this.byStaff.delete(staffId);
  }
}
