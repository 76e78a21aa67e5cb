import { randomUUID } from 'node:crypto';
import { ActionTypes, MessageFactory, type Activity, type CardAction, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { KnowledgeAnswer } from '../knowledge/answering/answerer.js';
import type { Lang } from '../locales/lang.js';
import { t } from '../locales/index.js';
import type { BotMetrics } from '../platform/metrics/botMetrics.js';
import { redactPii } from '../privacy/redact.js';
import type { AnswerFeedbackStore, Rating, StoredCitation } from './types.js';
import { isCommand } from '../dialogs/commands.js';
import { questionSignal } from '../dialogs/questions.js';

/** What the conversation remembers about feedback (conversation state, property `answerFeedback`). */
export interface FeedbackState {
  /** The last answer that offered 👍/👎: a typed 👍 or 👎 rates it. */
  lastAnswerId?: string;
  /** After 👎 the bot asks what was wrong; the next message is the comment unless it is clearly something else. */
  awaitingComment?: { answerId: string; since: string };
}

/** The value of the 👍/👎 buttons (messageBack: the client sees only the emoji). */
export interface FeedbackButtonValue {
  feedback: Rating;
  answerId: string;
}

export interface AnswerFeedbackDeps {
  store: AnswerFeedbackStore;
  state: StatePropertyAccessor<FeedbackState>;
  clock: Clock;
  logger: Logger;
  metrics?: BotMetrics;
  /**
   * True when a message is clearly a new request (a report, a person, a case status) rather than a
   * comment; the bot passes the intent router. Questions and help are recognised here anyway.
   */
  isNewRequest?: (text: string, lang: Lang) => boolean;
}

/** How long the comment question stays open after 👎. */
const COMMENT_WINDOW_MS = 30 * 60 * 1000;
const MAX_COMMENT_CHARS = 1000;
const THUMBS = /^\s*(👍|👎)[\u{1F3FB}-\u{1F3FF}]?\uFE0F?\s*$/u;

export function ratingOfText(text: string): Rating | undefined {
  const match = THUMBS.exec(text);
  return match ? (match[1] === '👍' ? 'up' : 'down') : undefined;
}

function buttonValue(value: unknown): FeedbackButtonValue | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { feedback, answerId } = value as Record<string, unknown>;
  if ((feedback !== 'up' && feedback !== 'down') || typeof answerId !== 'string' || !/^[\w-]{1,64}$/.test(answerId)) return undefined;
  return { feedback, answerId };
}

/** Teams' own feedback form: the reaction and, when the client wrote one, `{"feedbackText": "…"}`. */
export function teamsFeedback(activity: Partial<Activity>): { rating: Rating; comment?: string } | undefined {
  if (activity.type !== 'invoke' || activity.name !== 'message/submitAction') return undefined;
  const value = (activity.value ?? {}) as { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } };
  if (value.actionName !== 'feedback') return undefined;
  const reaction = value.actionValue?.reaction;
  if (reaction !== 'like' && reaction !== 'dislike') return undefined;
  let comment: unknown = value.actionValue?.feedback;
  if (typeof comment === 'string') {
    try {
      comment = JSON.parse(comment);
    } catch {
      // A plain string is the comment itself.
    }
  }
  if (comment && typeof comment === 'object') comment = (comment as { feedbackText?: unknown }).feedbackText;
  const text = typeof comment === 'string' ? comment.trim() : '';
  return { rating: reaction === 'like' ? 'up' : 'down', ...(text ? { comment: text } : {}) };
}

function storedCitations(answer: KnowledgeAnswer): StoredCitation[] {
  return answer.citations.map((c) => ({ position: c.position, source: c.source, title: c.title, section: c.headings.join(' › '), passage: c.passage }));
}

/**
 * 👍/👎 on knowledge answers. Every answer is logged (redacted) for the staff dashboard; a real
 * answer offers 👍/👎 — Teams' built-in feedback buttons there, messageBack suggested actions
 * elsewhere — and a typed 👍 or 👎 rates the last one. 👎 asks for an optional comment, but the
 * question never traps the client: a new question or request is processed normally.
 */
export class AnswerFeedback {
  constructor(private readonly deps: AnswerFeedbackDeps) {}

  private log(context: TurnContext): Logger {
    return (context.turnState.get('logger') as Logger | undefined) ?? this.deps.logger;
  }

  /** Gives the answer an id and puts the feedback buttons on the reply (real answers only). Returns the id. */
  offer(context: TurnContext, reply: Partial<Activity>, answer: KnowledgeAnswer): string {
    const answerId = randomUUID();
    if (answer.kind !== 'answer') return answerId;
    if (context.activity.channelId === 'msteams') {
      // Teams draws its own 👍/👎 under the message and sends a message/submitAction invoke.
      reply.channelData = { ...((reply.channelData as object | undefined) ?? {}), feedbackLoopEnabled: true };
    } else {
      const button = (rating: Rating, emoji: string): CardAction => ({
        type: ActionTypes.MessageBack,
        title: emoji,
        text: emoji,
        displayText: emoji,
        value: { feedback: rating, answerId } satisfies FeedbackButtonValue,
      });
      reply.suggestedActions = { to: [], actions: [button('up', '👍'), button('down', '👎')] };
    }
    return answerId;
  }

  /** Logs the answer (question and answer redacted) and remembers it as the one a typed 👍 rates. Never throws. */
  async recorded(context: TurnContext, entry: { answerId: string; question: string; answer: KnowledgeAnswer; activityId?: string }): Promise<void> {
    const { answer } = entry;
    this.deps.metrics?.answers.inc({ kind: answer.kind, language: answer.language });
    try {
      await this.deps.store.recordAnswer({
        id: entry.answerId,
        conversationId: context.activity.conversation?.id ?? 'unknown',
        channelId: context.activity.channelId ?? 'unknown',
        ...(entry.activityId ? { activityId: entry.activityId } : {}),
        language: answer.language,
        kind: answer.kind,
        question: redactPii(entry.question),
        answer: redactPii(answer.text),
        citations: storedCitations(answer),
        createdAt: this.deps.clock.now().toISOString(),
      });
      const state = await this.deps.state.get(context, {});
      // A typed 👍/👎 rates the latest answer only: after "I don't know" there is nothing to rate.
      if (answer.kind === 'answer') state.lastAnswerId = entry.answerId;
      else delete state.lastAnswerId;
      // Asking something else answers the comment question with silence: it is closed.
      delete state.awaitingComment;
      await this.deps.state.set(context, state);
    } catch (error) {
      this.log(context).error({ err: error }, 'could not log the answer for feedback');
    }
  }

  /**
   * A 👍/👎 button, a typed 👍/👎, or the comment after 👎. Returns true when the message was
   * feedback (already answered); false lets the bot process it normally. `inDialog`: a report
   * form is open, so 👎 is recorded without asking for a comment (the form's next answer would
   * be mistaken for one).
   */
  async handleMessage(context: TurnContext, text: string, lang: Lang, options: { inDialog: boolean }): Promise<boolean> {
    const state = await this.deps.state.get(context, {});
    const pressed = buttonValue(context.activity.value);
    const typed = pressed ? undefined : ratingOfText(text);
    if (pressed || typed) {
      const answerId = pressed?.answerId ?? state.lastAnswerId;
      const rating = pressed?.feedback ?? typed!;
      const saved = answerId ? await this.saveRating(context, answerId, rating) : false;
      delete state.awaitingComment;
      if (saved && rating === 'down' && !options.inDialog) {
        state.awaitingComment = { answerId: answerId!, since: this.deps.clock.now().toISOString() };
        const skip = t(lang, 'common.skip');
        await context.sendActivity(MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: skip, value: skip }], t(lang, 'feedback.askComment')));
      } else {
        await context.sendActivity(t(lang, 'feedback.thanks'));
      }
      await this.deps.state.set(context, state);
      return true;
    }

    const waiting = state.awaitingComment;
    if (!waiting) return false;
    delete state.awaitingComment;
    await this.deps.state.set(context, state);
    const expired = this.deps.clock.now().getTime() - Date.parse(waiting.since) > COMMENT_WINDOW_MS;
    if (expired || !text || options.inDialog || this.isClearlySomethingElse(text, lang)) return false;
    const skipped = isCommand('survey', 'skip', text);
    if (!skipped) await this.saveComment(context, waiting.answerId, text);
    await context.sendActivity(t(lang, skipped ? 'feedback.thanks' : 'feedback.commentThanks'));
    return true;
  }

  /** Teams' feedback invoke (message/submitAction, actionName "feedback"). Returns false when it is not one. */
  async handleTeamsInvoke(context: TurnContext): Promise<boolean> {
    const feedback = teamsFeedback(context.activity);
    if (!feedback) return false;
    const conversationId = context.activity.conversation?.id ?? '';
    const replyToId = context.activity.replyToId;
    const byMessage = replyToId ? await this.deps.store.findByActivity(conversationId, replyToId) : undefined;
    const answerId = byMessage?.id ?? (await this.deps.state.get(context, {})).lastAnswerId;
    if (!answerId) {
      this.log(context).info({ replyToId }, 'Teams feedback for a message that is not a logged answer');
      return true;
    }
    if (await this.saveRating(context, answerId, feedback.rating, feedback.comment)) {
      if (feedback.comment) this.deps.metrics?.feedback.inc({ rating: 'comment' });
    }
    return true;
  }

  private isClearlySomethingElse(text: string, lang: Lang): boolean {
    if (questionSignal(text) || isCommand('chat', 'help', text)) return true;
    return this.deps.isNewRequest?.(text, lang) ?? false;
  }

  /** Stores a rating of an answer of this conversation; false (and nothing stored) otherwise. */
  private async saveRating(context: TurnContext, answerId: string, rating: Rating, comment?: string): Promise<boolean> {
    try {
      const answer = await this.deps.store.getAnswer(answerId);
      // A button value could name any id: only this conversation's answers may be rated here.
      if (!answer || answer.conversationId !== context.activity.conversation?.id) return false;
      const at = this.deps.clock.now().toISOString();
      const saved = await this.deps.store.saveFeedback(answerId, { rating, ...(comment ? { comment: redactPii(comment.slice(0, MAX_COMMENT_CHARS)) } : {}), at });
      if (saved) this.deps.metrics?.feedback.inc({ rating });
      this.log(context).info({ answerId, rating, kind: answer.kind, sources: answer.citations.map((c) => c.source) }, 'answer rated');
      return saved;
    } catch (error) {
      this.log(context).error({ err: error, answerId }, 'could not store answer feedback');
      return false;
    }
  }

  private async saveComment(context: TurnContext, answerId: string, comment: string): Promise<void> {
    try {
      const saved = await this.deps.store.saveComment(answerId, redactPii(comment.trim().slice(0, MAX_COMMENT_CHARS)), this.deps.clock.now().toISOString());
      if (saved) this.deps.metrics?.feedback.inc({ rating: 'comment' });
    } catch (error) {
      this.log(context).error({ err: error, answerId }, 'could not store the feedback comment');
    }
  }
}
