import type { Activity } from 'botbuilder';
import type { ClaimResult, ProcessedActivityStore } from '../../bot/middleware/activityDedupe.js';
import { GroupCommit } from './groupCommit.js';
import { statementCache, type SqliteDatabase } from './sqliteDatabase.js';

export class SqliteProcessedActivities implements ProcessedActivityStore {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: SqliteDatabase,
    /** `complete` is group-committed with the turn's other writes; a claim flushes first. */
    private readonly writes = new GroupCommit(db),
  ) {
    this.sql = statementCache(db);
  }

  async claim(conversationId: string, activityId: string, now: Date, staleAfterMs: number): Promise<ClaimResult> {
    this.writes.flush();
    const run = this.db.transaction((): ClaimResult => {
      const row = this.sql<[string, string], { replies: string | null; created_at: string }>('SELECT replies, created_at FROM processed_activities WHERE conversation_id = ? AND activity_id = ?')
        .get(conversationId, activityId);
      if (!row) {
        this.sql('INSERT INTO processed_activities (conversation_id, activity_id, replies, created_at) VALUES (?, ?, NULL, ?)').run(conversationId, activityId, now.toISOString());
        return { state: 'new' };
      }
      if (row.replies !== null) return { state: 'done', replies: JSON.parse(row.replies) as Partial<Activity>[] };
      if (now.getTime() - Date.parse(row.created_at) > staleAfterMs) {
        this.sql('UPDATE processed_activities SET created_at = ? WHERE conversation_id = ? AND activity_id = ?').run(now.toISOString(), conversationId, activityId);
        return { state: 'new' };
      }
      return { state: 'in_progress' };
    });
    return run.immediate();
  }

  async complete(conversationId: string, activityId: string, replies: Partial<Activity>[]): Promise<void> {
    const json = JSON.stringify(replies);
    return this.writes.run(() => {
      this.sql('UPDATE processed_activities SET replies = ? WHERE conversation_id = ? AND activity_id = ?').run(json, conversationId, activityId);
    });
  }

  async prune(before: Date): Promise<void> {
    this.writes.flush();
    this.sql('DELETE FROM processed_activities WHERE created_at < ?').run(before.toISOString());
  }
}
