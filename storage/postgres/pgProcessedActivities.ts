import type { Activity } from 'botbuilder';
import type { ClaimResult, ProcessedActivityStore } from '../../bot/middleware/activityDedupe.js';
import type { PgPool } from './pgDatabase.js';
import { pgJson } from './pgSafeValues.js';

export class PgProcessedActivities implements ProcessedActivityStore {
  constructor(private readonly pool: PgPool) {}

  async claim(conversationId: string, activityId: string, now: Date, staleAfterMs: number): Promise<ClaimResult> {
    const inserted = await this.pool.query('INSERT INTO processed_activities (conversation_id, activity_id, replies, created_at) VALUES ($1, $2, NULL, $3) ON CONFLICT DO NOTHING', [conversationId, activityId, now]);
    if (inserted.rowCount === 1) return { state: 'new' };
    const { rows } = await this.pool.query<{ replies: Partial<Activity>[] | null; created_at: Date }>('SELECT replies, created_at FROM processed_activities WHERE conversation_id = $1 AND activity_id = $2', [conversationId, activityId]);
    const row = rows[0];
    if (!row) return this.claim(conversationId, activityId, now, staleAfterMs);
    if (row.replies !== null) return { state: 'done', replies: row.replies };
    if (now.getTime() - row.created_at.getTime() > staleAfterMs) {
      // Compare-and-set on the old claim time: of two instances retrying a crashed turn, one wins.
      const taken = await this.pool.query('UPDATE processed_activities SET created_at = $3 WHERE conversation_id = $1 AND activity_id = $2 AND created_at = $4 AND replies IS NULL', [conversationId, activityId, now, row.created_at]);
      if (taken.rowCount === 1) return { state: 'new' };
    }
    return { state: 'in_progress' };
  }

  async complete(conversationId: string, activityId: string, replies: Partial<Activity>[]): Promise<void> {
    await this.pool.query('UPDATE processed_activities SET replies = $3 WHERE conversation_id = $1 AND activity_id = $2', [conversationId, activityId, pgJson(replies)]);
  }

  async prune(before: Date): Promise<void> {
    await this.pool.query('DELETE FROM processed_activities WHERE created_at < $1', [before]);
  }
}
