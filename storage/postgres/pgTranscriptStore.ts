import type { Activity, PagedResult, TranscriptInfo } from 'botbuilder';
import { transcriptRecord, type TranscriptArchive } from '../transcriptArchive.js';
import type { PgPool } from './pgDatabase.js';
import { pgJson } from './pgSafeValues.js';

const PAGE = 100;

export class PgTranscriptStore implements TranscriptArchive {
  constructor(private readonly pool: PgPool) {}

  async logActivity(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) return;
    const userId = activity.from?.role === 'bot' ? activity.recipient?.id : activity.from?.id;
    const sent = activity.timestamp ? new Date(activity.timestamp) : undefined;
    const at = sent && !Number.isNaN(sent.getTime()) ? sent : new Date();
    await this.pool.query('INSERT INTO transcripts (channel_id, conversation_id, user_id, at, activity) VALUES ($1, $2, $3, $4, $5)', [activity.channelId ?? 'unknown', conversationId, userId ?? null, at, pgJson(transcriptRecord(activity))]);
  }

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    const after = Number(continuationToken ?? 0) || 0;
    const { rows } = await this.pool.query<{ id: string; activity: Activity }>(
      `SELECT id, activity FROM transcripts WHERE channel_id = $1 AND conversation_id = $2 AND id > $3 AND at >= $4 ORDER BY id LIMIT ${PAGE + 1}`,
      [channelId, conversationId, after, startDate ?? new Date(0)],
    );
    const page = rows.slice(0, PAGE);
    return { items: page.map((r) => r.activity), continuationToken: rows.length > PAGE ? String(page[page.length - 1]!.id) : '' };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const offset = Number(continuationToken ?? 0) || 0;
    const { rows } = await this.pool.query<{ conversation_id: string; created: Date }>(
      `SELECT conversation_id, MIN(at) AS created FROM transcripts WHERE channel_id = $1 GROUP BY conversation_id ORDER BY created LIMIT ${PAGE + 1} OFFSET $2`,
      [channelId, offset],
    );
    return { items: rows.slice(0, PAGE).map((r) => ({ channelId, id: r.conversation_id, created: r.created })), continuationToken: rows.length > PAGE ? String(offset + PAGE) : '' };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.pool.query('DELETE FROM transcripts WHERE channel_id = $1 AND conversation_id = $2', [channelId, conversationId]);
  }

  async recentMessages(channelId: string, conversationId: string, limit = 50): Promise<Activity[]> {
    const { rows } = await this.pool.query<{ activity: Activity }>(`SELECT activity FROM transcripts WHERE channel_id = $1 AND conversation_id = $2 ORDER BY id DESC LIMIT ${Math.max(1, Math.min(500, limit))}`, [channelId, conversationId]);
    return rows
      .map((r) => r.activity)
      .filter((a) => a.type === 'message')
      .reverse();
  }

  async prune(before: Date): Promise<number> {
    return (await this.pool.query('DELETE FROM transcripts WHERE at < $1', [before])).rowCount ?? 0;
  }

  async eraseUser(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM transcripts WHERE user_id = $1', [userId])).rowCount ?? 0;
  }
}
