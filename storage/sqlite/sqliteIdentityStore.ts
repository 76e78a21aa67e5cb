import type { VerifiedClient } from '../../dialogs/clientIdentity.js';
import type { IdentityBinding, IdentityStore } from '../../identity/identityStore.js';
import { statementCache, type SqliteDatabase } from './sqliteDatabase.js';

interface BindingRow {
  channel_id: string;
  user_id: string;
  conversation_id: string | null;
  client: string;
}

/** Verified-client bindings and used assertion ids in SQLite (tables `identity_bindings`, `used_assertions`). */
export class SqliteIdentityStore implements IdentityStore {
  /** Statements compiled once: `find` runs on every turn (#20). */
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = statementCache(db);
  }

  async bind(binding: IdentityBinding): Promise<void> {
    this.sql(
        `INSERT INTO identity_bindings (channel_id, user_id, conversation_id, client, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel_id, user_id) DO UPDATE SET conversation_id = excluded.conversation_id, client = excluded.client, expires_at = excluded.expires_at`,
      )
      .run(binding.channelId, binding.userId, binding.conversationId ?? null, JSON.stringify(binding.client), binding.client.expiresAt);
  }

  async find(channelId: string, userId: string): Promise<IdentityBinding | undefined> {
    const row = this.sql<[string, string], BindingRow>('SELECT * FROM identity_bindings WHERE channel_id = ? AND user_id = ?').get(channelId, userId);
    if (!row) return undefined;
    return { channelId: row.channel_id, userId: row.user_id, ...(row.conversation_id ? { conversationId: row.conversation_id } : {}), client: JSON.parse(row.client) as VerifiedClient };
  }

  async useOnce(id: string, expiresAt: Date, now: Date): Promise<boolean> {
    const use = this.db.transaction((): boolean => {
      this.sql('DELETE FROM used_assertions WHERE expires_at <= ?').run(now.toISOString());
      return this.sql('INSERT INTO used_assertions (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING').run(id, expiresAt.toISOString()).changes === 1;
    });
    return use.immediate();
  }

  async forget(channelId: string, userId: string): Promise<void> {
    this.sql('DELETE FROM identity_bindings WHERE channel_id = ? AND user_id = ?').run(channelId, userId);
  }
}
