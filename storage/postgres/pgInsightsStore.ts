import type { HandoffTicket } from '../../handoff/types.js';
import { answerFromRow, type AnswerFeedbackRecord, type AnswerRecord, type AnswerRow, type AnswerWithFeedback, type InsightsStore, type Period, type ReportEventRecord } from '../../insights/types.js';
import { inTransaction, type PgPool } from './pgDatabase.js';
import { pgJson } from './pgSafeValues.js';

const SELECT_ANSWER = `SELECT a.*, f.rating, f.comment, f.at AS feedback_at FROM answer_log a LEFT JOIN answer_feedback f ON f.answer_id = a.id`;


/** The insights store (answer log, feedback, report events) on PostgreSQL: the twin of SqliteInsightsStore. */
export class PgInsightsStore implements InsightsStore {
  constructor(private readonly pool: PgPool) {}

  async recordAnswer(r: AnswerRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO answer_log (id, conversation_id, channel_id, activity_id, language, kind, question, answer, citations, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [r.id, r.conversationId, r.channelId, r.activityId ?? null, r.language, r.kind, r.question, r.answer, pgJson(r.citations), r.createdAt],
    );
  }

  async getAnswer(id: string): Promise<AnswerWithFeedback | undefined> {
    const { rows } = await this.pool.query<AnswerRow>(`${SELECT_ANSWER} WHERE a.id = $1`, [id]);
    return rows[0] ? answerFromRow(rows[0]) : undefined;
  }

  async findByActivity(conversationId: string, activityId: string): Promise<AnswerWithFeedback | undefined> {
    const { rows } = await this.pool.query<AnswerRow>(`${SELECT_ANSWER} WHERE a.conversation_id = $1 AND a.activity_id = $2`, [conversationId, activityId]);
    return rows[0] ? answerFromRow(rows[0]) : undefined;
  }

  async saveFeedback(answerId: string, feedback: AnswerFeedbackRecord): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO answer_feedback (answer_id, rating, comment, at)
       SELECT id, $1, $2, $3 FROM answer_log WHERE id = $4
       ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, comment = COALESCE(excluded.comment, answer_feedback.comment), at = excluded.at`,
      [feedback.rating, feedback.comment ?? null, feedback.at, answerId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async saveComment(answerId: string, comment: string, at: string): Promise<boolean> {
    return ((await this.pool.query('UPDATE answer_feedback SET comment = $1, at = $2 WHERE answer_id = $3', [comment, at, answerId])).rowCount ?? 0) > 0;
  }

  async recordReportEvent(e: ReportEventRecord): Promise<void> {
    await this.pool.query('INSERT INTO report_events (form_id, kind, event, step, channel_id, language, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      e.formId,
      e.kind,
      e.event,
      e.step ?? null,
      e.channelId,
      e.language,
      e.at,
    ]);
  }

  async wasFiled(formId: string): Promise<boolean> {
    return ((await this.pool.query("SELECT 1 FROM report_events WHERE form_id = $1 AND event = 'filed' LIMIT 1", [formId])).rowCount ?? 0) > 0;
  }

  async answersBetween(period: Period, limit: number): Promise<AnswerWithFeedback[]> {
    const { rows } = await this.pool.query<AnswerRow>(`${SELECT_ANSWER} WHERE a.created_at >= $1 AND a.created_at < $2 ORDER BY a.created_at DESC, a.id DESC LIMIT $3`, [period.from, period.to, limit]);
    return rows.map(answerFromRow).reverse();
  }

  async reportEventsBetween(period: Period): Promise<ReportEventRecord[]> {
    const { rows } = await this.pool.query<{ form_id: string; kind: ReportEventRecord['kind']; event: ReportEventRecord['event']; step: string | null; channel_id: string; language: ReportEventRecord['language']; at: Date }>(
      `SELECT form_id, kind, event, step, channel_id, language, at FROM report_events
       WHERE form_id IN (SELECT form_id FROM report_events WHERE event = 'started' AND at >= $1 AND at < $2)
       ORDER BY at, id`,
      [period.from, period.to],
    );
    return rows.map((r) => ({ formId: r.form_id, kind: r.kind, event: r.event, ...(r.step ? { step: r.step } : {}), channelId: r.channel_id, language: r.language, at: r.at.toISOString() }));
  }

  async conversationsBetween(period: Period): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(DISTINCT (channel_id, conversation_id)) AS n FROM transcripts WHERE at >= $1 AND at < $2', [period.from, period.to]);
    return Number(rows[0]?.n ?? 0);
  }

  async handoffsBetween(period: Period): Promise<HandoffTicket[]> {
    const { rows } = await this.pool.query<{ record: HandoffTicket }>('SELECT record FROM handoff_tickets WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at', [period.from, period.to]);
    return rows.map((r) => r.record);
  }

  async prune(before: Date): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const answers = (await client.query('DELETE FROM answer_log WHERE created_at < $1', [before])).rowCount ?? 0;
      const events = (await client.query('DELETE FROM report_events WHERE at < $1', [before])).rowCount ?? 0;
      return answers + events;
    });
  }
}
