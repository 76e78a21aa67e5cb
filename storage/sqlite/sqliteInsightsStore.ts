import type { HandoffTicket } from '../../handoff/types.js';
import { GroupCommit } from './groupCommit.js';
import { statementCache, type SqliteDatabase } from './sqliteDatabase.js';
import { answerFromRow, type AnswerFeedbackRecord, type AnswerRecord, type AnswerRow, type AnswerWithFeedback, type InsightsStore, type Period, type ReportEventRecord } from '../../insights/types.js';

interface ReportEventRow {
  form_id: string;
  kind: ReportEventRecord['kind'];
  event: ReportEventRecord['event'];
  step: string | null;
  channel_id: string;
  language: ReportEventRecord['language'];
  at: string;
}

const SELECT_ANSWER = `SELECT a.*, f.rating, f.comment, f.at AS feedback_at
  FROM answer_log a LEFT JOIN answer_feedback f ON f.answer_id = a.id`;


/** The answer log, answer feedback and report events in the bot's SQLite database (migration "insights"). */
export class SqliteInsightsStore implements InsightsStore {
  /** Statements compiled once: recordAnswer runs on every answered question (#20). */
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    private readonly db: SqliteDatabase,
    /** The answer log and report events are group-committed with the turn's other writes; every reader flushes first. */
    private readonly writes = new GroupCommit(db),
  ) {
    this.sql = statementCache(db);
  }

  async recordAnswer(record: AnswerRecord): Promise<void> {
    const citations = JSON.stringify(record.citations);
    return this.writes.run(() => {
      this.sql(
        `INSERT INTO answer_log (id, conversation_id, channel_id, activity_id, language, kind, question, answer, citations, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ).run(record.id, record.conversationId, record.channelId, record.activityId ?? null, record.language, record.kind, record.question, record.answer, citations, record.createdAt);
    });
  }

  async getAnswer(id: string): Promise<AnswerWithFeedback | undefined> {
    this.writes.flush();
    const row = this.sql<[string], AnswerRow>(`${SELECT_ANSWER} WHERE a.id = ?`).get(id);
    return row ? answerFromRow(row) : undefined;
  }

  async findByActivity(conversationId: string, activityId: string): Promise<AnswerWithFeedback | undefined> {
    this.writes.flush();
    const row = this.sql<[string, string], AnswerRow>(`${SELECT_ANSWER} WHERE a.conversation_id = ? AND a.activity_id = ?`).get(conversationId, activityId);
    return row ? answerFromRow(row) : undefined;
  }

  async saveFeedback(answerId: string, feedback: AnswerFeedbackRecord): Promise<boolean> {
    this.writes.flush();
    // Changing one's mind (👍 after 👎) replaces the rating; a comment survives unless a new one is given.
    const result = this.sql(
        `INSERT INTO answer_feedback (answer_id, rating, comment, at)
         SELECT id, ?, ?, ? FROM answer_log WHERE id = ?
         ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, comment = COALESCE(excluded.comment, answer_feedback.comment), at = excluded.at`,
      )
      .run(feedback.rating, feedback.comment ?? null, feedback.at, answerId);
    return result.changes > 0;
  }

  async saveComment(answerId: string, comment: string, at: string): Promise<boolean> {
    this.writes.flush();
    return this.sql('UPDATE answer_feedback SET comment = ?, at = ? WHERE answer_id = ?').run(comment, at, answerId).changes > 0;
  }

  async recordReportEvent(event: ReportEventRecord): Promise<void> {
    return this.writes.run(() => {
      this.sql('INSERT INTO report_events (form_id, kind, event, step, channel_id, language, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(event.formId, event.kind, event.event, event.step ?? null, event.channelId, event.language, event.at);
    });
  }

  async wasFiled(formId: string): Promise<boolean> {
    this.writes.flush();
    return this.sql<[string], { one: number }>("SELECT 1 AS one FROM report_events WHERE form_id = ? AND event = 'filed' LIMIT 1").get(formId) !== undefined;
  }

  async answersBetween(period: Period, limit: number): Promise<AnswerWithFeedback[]> {
    this.writes.flush();
    // The newest first, so a cap keeps the most recent ones; returned oldest first.
    return this.sql<[string, string, number], AnswerRow>(`${SELECT_ANSWER} WHERE a.created_at >= ? AND a.created_at < ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?`)
      .all(period.from, period.to, limit)
      .map(answerFromRow)
      .reverse();
  }

  async reportEventsBetween(period: Period): Promise<ReportEventRecord[]> {
    this.writes.flush();
    // Every event of the forms started in the period, even when they continued after it.
    return this.sql<[string, string], ReportEventRow>(
        `SELECT form_id, kind, event, step, channel_id, language, at FROM report_events
         WHERE form_id IN (SELECT form_id FROM report_events WHERE event = 'started' AND at >= ? AND at < ?)
         ORDER BY at, id`,
      )
      .all(period.from, period.to)
      .map((r) => ({ formId: r.form_id, kind: r.kind, event: r.event, ...(r.step ? { step: r.step } : {}), channelId: r.channel_id, language: r.language, at: r.at }));
  }

  async conversationsBetween(period: Period): Promise<number> {
    this.writes.flush();
    const row = this.sql<[string, string], { n: number }>('SELECT COUNT(DISTINCT channel_id || char(31) || conversation_id) AS n FROM transcripts WHERE at >= ? AND at < ?')
      .get(period.from, period.to);
    return row?.n ?? 0;
  }

  async handoffsBetween(period: Period): Promise<HandoffTicket[]> {
    this.writes.flush();
    return this.sql<[string, string], { record: string }>('SELECT record FROM handoff_tickets WHERE created_at >= ? AND created_at < ? ORDER BY created_at')
      .all(period.from, period.to)
      .map((r) => JSON.parse(r.record) as HandoffTicket);
  }

  async prune(before: Date): Promise<number> {
    this.writes.flush();
    const cutoff = before.toISOString();
    const prune = this.db.transaction(() => {
      this.sql('DELETE FROM answer_feedback WHERE answer_id IN (SELECT id FROM answer_log WHERE created_at < ?)').run(cutoff);
      const answers = this.sql('DELETE FROM answer_log WHERE created_at < ?').run(cutoff).changes;
      const events = this.sql('DELETE FROM report_events WHERE at < ?').run(cutoff).changes;
      return answers + events;
    });
    return prune.immediate();
  }
}

