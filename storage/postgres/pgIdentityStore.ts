import type { VerifiedClient } from '../../dialogs/clientIdentity.js';
import type { IdentityBinding, IdentityStore } from '../../identity/identityStore.js';
import type { PgPool } from './pgDatabase.js';

/** Verified-client bindings and used assertion ids in PostgreSQL, shared by every instance. */
export class PgIdentityStore implements IdentityStore {
  constructor(private readonly pool: PgPool) {}

  async bind(binding: IdentityBinding): Promise<void> {
    await this.pool.query(
      `INSERT INTO identity_bindings (channel_id, user_id, conversation_id, client, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (channel_id, user_id) DO UPDATE SET conversation_id = excluded.conversation_id, client = excluded.client, expires_at = excluded.expires_at`,
      [binding.channelId, binding.userId, binding.conversationId ?? null, binding.client, binding.client.expiresAt],
    );
  }

  async find(channelId: string, userId: string): Promise<IdentityBinding | undefined> {
    const { rows } = await this.pool.query<{ conversation_id: string | null; client: VerifiedClient }>(
      'SELECT conversation_id, client FROM identity_bindings WHERE channel_id = $1 AND user_id = $2',
      [channelId, userId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { channelId, userId, ...(row.conversation_id ? { conversationId: row.conversation_id } : {}), client: row.client };
  }

  async useOnce(id: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.pool.query('DELETE FROM used_assertions WHERE expires_at <= $1', [now]);
    // Two instances receiving the same assertion at once: the primary key lets exactly one insert it.
    const { rowCount } = await this.pool.query('INSERT INTO used_assertions (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, expiresAt]);
    return rowCount === 1;
  }

  async forget(channelId: string, userId: string): Promise<void> {
    await this.pool.query('DELETE FROM identity_bindings WHERE channel_id = $1 AND user_id = $2', [channelId, userId]);
  }
}
