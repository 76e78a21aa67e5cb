import type { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import { transcriptRecord, type TranscriptArchive } from '../transcriptArchive.js';
import { GroupCommit } from './groupCommit.js';
import { statementCache, type SqliteDatabase } from './sqliteDatabase.js';

const PAGE = 100;

/** botbuilder's TranscriptStore on SQLite: what the client and the bot said, per conversation. */
export class SqliteTranscriptStore implements TranscriptArchive {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: SqliteDatabase,
    /** Rows are group-committed with the turn's other writes; reads flush first. */
    private readonly writes = new GroupCommit(db),
  ) {
    this.sql = statementCache(db);
  }

  async logActivity(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) return;
    const userId = activity.from?.role === 'bot' ? activity.recipient?.id : activity.from?.id;
    const sent = activity.timestamp ? new Date(activity.timestamp) : undefined;
    const at = (sent && !Number.isNaN(sent.getTime()) ? sent : new Date()).toISOString();
    const row = JSON.stringify(transcriptRecord(activity));
    return this.writes.run(() => {
      this.sql('INSERT INTO transcripts (channel_id, conversation_id, user_id, at, activity) VALUES (?, ?, ?, ?, ?)').run(activity.channelId ?? 'unknown', conversationId, userId ?? null, at, row);
    });
  }

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    this.writes.flush();
    const after = Number(continuationToken ?? 0) || 0;
    const rows = this.sql<[string, string, number, string], { id: number; activity: string }>(
        'SELECT id, activity FROM transcripts WHERE channel_id = ? AND conversation_id = ? AND id > ? AND at >= ? ORDER BY id LIMIT ' + (PAGE + 1),
      )
      .all(channelId, conversationId, after, (startDate ?? new Date(0)).toISOString());
    const page = rows.slice(0, PAGE);
    return {
      items: page.map((r) => JSON.parse(r.activity) as Activity),
      continuationToken: rows.length > PAGE ? String(page[page.length - 1]!.id) : '',
    };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    this.writes.flush();
    const offset = Number(continuationToken ?? 0) || 0;
    const rows = this.sql<[string, number], { conversation_id: string; created: string }>(
        `SELECT conversation_id, MIN(at) AS created FROM transcripts WHERE channel_id = ? GROUP BY conversation_id ORDER BY created LIMIT ${PAGE + 1} OFFSET ?`,
      )
      .all(channelId, offset);
    return {
      items: rows.slice(0, PAGE).map((r) => ({ channelId, id: r.conversation_id, created: new Date(r.created) })),
      continuationToken: rows.length > PAGE ? String(offset + PAGE) : '',
    };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    this.writes.flush();
    this.sql('DELETE FROM transcripts WHERE channel_id = ? AND conversation_id = ?').run(channelId, conversationId);
  }

  /** The last messages of a conversation, oldest first (for a handoff ticket). */
  async recentMessages(channelId: string, conversationId: string, limit = 50): Promise<Activity[]> {
    this.writes.flush();
    return this.sql<[string, string], { activity: string }>(`SELECT activity FROM transcripts WHERE channel_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ${limit}`)
      .all(channelId, conversationId)
      .map((r) => JSON.parse(r.activity) as Activity)
      .filter((a) => a.type === 'message')
      .reverse();
  }

  /** Drops transcripts older than the cutoff (retention). */
  async prune(before: Date): Promise<number> {
    this.writes.flush();
    return this.sql('DELETE FROM transcripts WHERE at < ?').run(before.toISOString()).changes;
  }

  /** Erases everything one channel user said or was told (privacy request). */
  async eraseUser(userId: string): Promise<number> {
    this.writes.flush();
    return this.sql('DELETE FROM transcripts WHERE user_id = ?').run(userId).changes;
  }
}
