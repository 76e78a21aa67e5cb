import type { AnswerKind } from '../knowledge/answering/answerer.js';
import type { Lang } from '../locales/lang.js';
import type { HandoffTicket } from '../handoff/types.js';
import type { ReportEvent } from '../dialogs/services.js';

export type Rating = 'up' | 'down';

/** A cited passage as stored with an answer (knowledge-base text: public, not redacted). */
export interface StoredCitation {
  position: number;
  source: string;
  title: string;
  section: string;
  passage: string;
}

/**
 * One knowledge answer the bot sent in a chat, as kept for feedback and knowledge gaps. The
 * question and answer texts are stored with personal identifiers redacted (privacy/redact.ts).
 */
export interface AnswerRecord {
  id: string;
  conversationId: string;
  channelId: string;
  /** The id the channel gave the reply (Teams refers to it when the client rates the message). */
  activityId?: string;
  language: Lang;
  kind: AnswerKind;
  question: string;
  answer: string;
  citations: StoredCitation[];
  createdAt: string;
}

export interface AnswerFeedbackRecord {
  rating: Rating;
  comment?: string;
  at: string;
}

export interface AnswerWithFeedback extends AnswerRecord {
  feedback?: AnswerFeedbackRecord;
}

/** A report-form event as stored (see ReportEvent in dialogs/services.ts). */
export interface ReportEventRecord extends ReportEvent {
  at: string;
}

/** A period [from, to): ISO instants. */
export interface Period {
  from: string;
  to: string;
}

/**
 * The answer log and its 👍/👎 feedback. SQLite: SqliteInsightsStore; a PostgreSQL twin
 * implements the same methods (tables answer_log, answer_feedback).
 */
export interface AnswerFeedbackStore {
  recordAnswer(record: AnswerRecord): Promise<void>;
  getAnswer(id: string): Promise<AnswerWithFeedback | undefined>;
  /** The answer a channel message id belongs to (Teams' feedback refers to the message). */
  findByActivity(conversationId: string, activityId: string): Promise<AnswerWithFeedback | undefined>;
  /** Sets (or changes) the rating; a comment, when given, replaces the previous one; one feedback per answer. */
  saveFeedback(answerId: string, feedback: AnswerFeedbackRecord): Promise<boolean>;
  /** Adds the comment to an existing rating. */
  saveComment(answerId: string, comment: string, at: string): Promise<boolean>;
}

/** Where report-form events are appended. */
export interface ReportEventStore {
  recordReportEvent(event: ReportEventRecord): Promise<void>;
  /** True once a `filed` event exists for the form (a replayed confirmation files nothing new). */
  wasFiled(formId: string): Promise<boolean>;
}

/** What the dashboard reads, per period. Everything is aggregated in TypeScript (insights/dashboard.ts). */
export interface InsightsReader {
  answersBetween(period: Period, limit: number): Promise<AnswerWithFeedback[]>;
  reportEventsBetween(period: Period): Promise<ReportEventRecord[]>;
  /** Distinct conversations with any activity in the period (from the transcripts). */
  conversationsBetween(period: Period): Promise<number>;
  /** Handoff tickets created in the period. */
  handoffsBetween(period: Period): Promise<HandoffTicket[]>;
}

/** Everything insights stores; one object per database. */
export interface InsightsStore extends AnswerFeedbackStore, ReportEventStore, InsightsReader {
  /** Retention: deletes answers (and their feedback) and report events older than `before`. */
  prune(before: Date): Promise<number>;
}

/** An answer_log row joined with its feedback, as both databases return it (dates as text or Date). */
export interface AnswerRow {
  id: string;
  conversation_id: string;
  channel_id: string;
  activity_id: string | null;
  language: AnswerRecord['language'];
  kind: AnswerRecord['kind'];
  question: string;
  answer: string;
  /** JSON text (SQLite) or parsed JSON (PostgreSQL). */
  citations: string | StoredCitation[];
  created_at: string | Date;
  rating: Rating | null;
  comment: string | null;
  feedback_at: string | Date | null;
}

const iso = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString());

export function answerFromRow(row: AnswerRow): AnswerWithFeedback {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channelId: row.channel_id,
    ...(row.activity_id ? { activityId: row.activity_id } : {}),
    language: row.language,
    kind: row.kind,
    question: row.question,
    answer: row.answer,
    citations: typeof row.citations === 'string' ? (JSON.parse(row.citations) as StoredCitation[]) : row.citations,
    createdAt: iso(row.created_at),
    ...(row.rating ? { feedback: { rating: row.rating, ...(row.comment ? { comment: row.comment } : {}), at: iso(row.feedback_at!) } } : {}),
  };
}
