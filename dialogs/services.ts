import type { Activity, TurnContext } from 'botbuilder';
import type { KnowledgeAnswer } from '../knowledge/answering/answerer.js';
import type { Clock } from '../platform/clock.js';
import type { Lang } from '../locales/lang.js';
import type { CaseKind, CaseRecord, CaseStore } from './caseStore.js';
import type { IntentRouter } from './intentRouter.js';
import type { PolicyDirectory } from './policyDirectory.js';
import type { PartialReport } from './reportSchemas.js';
import { clientAddressOf, type VerifiedClient } from './clientIdentity.js';
import type { PolicyLookupGuard } from './policyLookupGuard.js';
import type { BusinessRegister } from './businessRegister.js';


/** Answers a knowledge question into the conversation (with its citations) and returns what it said. */
export interface KnowledgeResponder {
  /**
   * `topic`: what the conversation is about when the question is asked (in a report form: the
   * report's subject), so that a short question is not taken as out of scope.
   */
  reply(context: TurnContext, question: string, lang: Lang, options?: { topic?: string }): Promise<KnowledgeAnswer>;
}

/**
 * 👍/👎 under knowledge answers and the answer log (insights/answerFeedback.ts implements it):
 * `offer` adds the buttons to the reply and returns its answer id; `recorded` logs it once sent.
 */
export interface AnswerFeedbackPort {
  offer(context: TurnContext, reply: Partial<Activity>, answer: KnowledgeAnswer): string | undefined;
  recorded(context: TurnContext, entry: { answerId: string; question: string; answer: KnowledgeAnswer; activityId?: string }): Promise<void>;
}

/** Turns one free-text message into whatever report fields it contains. */
export type ReportExtractor = (text: string, options: { today: string; lang: Lang }) => Promise<PartialReport>;

export interface HandoffRequest {
  lang: Lang;
  policyNumber?: string;
  /** Why: 'requested', 'unanswered', 'frustrated', 'policy_not_found'. */
  reason: string;
  /** The turn's verified client: routed to their manager without a policy number, and told who it is. */
  verifiedClient?: VerifiedClient;
  /** The partial report form, if the client was in the middle of one. */
  form?: unknown;
}

export type HandoffOutcome =
  | { kind: 'waiting'; ticketId: string }
  | { kind: 'callback_offer'; ticketId: string }
  | { kind: 'protocol'; ticketId: string };

/**
 * Hands the conversation to the client's manager (handoff implements it). `request` tells
 * the client who takes over and opens the ticket; out of hours it offers a callback instead.
 */
export interface HandoffPort {
  request(context: TurnContext, request: HandoffRequest): Promise<HandoffOutcome>;
  requestCallback(context: TurnContext, ticketId: string, callback: { preferredTime: string; phone: string; topic: string }, lang: Lang): Promise<void>;
  declineCallback(ticketId: string): Promise<void>;
}

/** A step of a report form, for the staff dashboard's abandonment per step. */
export interface ReportEvent {
  /** The form instance (FormState.formId). */
  formId: string;
  kind: CaseKind;
  event: 'started' | 'step' | 'filed' | 'cancelled';
  /** For `step`: the field asked for, or `summary`. */
  step?: string;
  channelId: string;
  language: Lang;
}

/** Counts report progress (insights implements it); must never throw into a dialog. */
export interface ReportAnalytics {
  reportEvent(event: ReportEvent): Promise<void>;
}

/** Everything the dialogs need from the rest of the bot, wired in the composition root. */
export interface DialogServices {
  clock: Clock;
  directory: PolicyDirectory;
  cases: CaseStore;
  router: IntentRouter;
  knowledge: KnowledgeResponder;
  extract: ReportExtractor;
  handoff?: HandoffPort;
  /** Time zone in which dates such as due dates and deadlines are understood. */
  timeZone: string;
  /** Optional: report progress for the staff dashboard (started, steps, filed, cancelled). */
  analytics?: ReportAnalytics;
  /** Verification of a visitor by a one-time code e-mailed to the policy's registered contact. */
  verification?: ClientVerificationPort;
  /** Bounds policy-number lookups per requester (enumeration); absent = unbounded. */
  policyLookups?: PolicyLookupGuard;
  /** Confirms a newly filed case to the client's registered contact (by e-mail); never throws, never waits. */
  confirmations?: { caseFiled(record: CaseRecord): void };
  /** The buyer's registration number checked against the business register (ARES); absent = not configured. */
  businessRegister?: BusinessRegister;
}

export type CodeCheckResult = { kind: 'verified'; client: VerifiedClient } | { kind: 'wrong'; attemptsLeft: number } | { kind: 'locked' } | { kind: 'none' };

/**
 * One-time codes (identity/ implements it): `requestCode` answers the same whether or not the
 * policy exists; `checkCode` binds the conversation to the verified client when the code is right.
 */
export interface ClientVerificationPort {
  /** False when no e-mail can be sent: the bot offers the manager instead. */
  readonly available: boolean;
  /** How long a code is valid, for the message that asks for it. */
  readonly codeMinutes: number;
  requestCode(context: TurnContext, policyNumber: string, lang: Lang): Promise<'sent' | 'rate_limited' | 'unavailable'>;
  checkCode(context: TurnContext, code: string): Promise<CodeCheckResult>;
}

/** Who asks, for per-client limits: the client address where the channel gives one, else the channel user. */
export function requesterOf(context: TurnContext): string {
  return clientAddressOf(context) ?? `${context.activity.channelId ?? ''}:${context.activity.from?.id ?? ''}`;
}

/** One calendar-day formatter per time zone: building one (or a zoned luxon DateTime) on every turn showed in the profile (#20). */
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; value: string }>();

/** Today's date (ISO) in the insurer's time zone: what dates in forms are understood against. */
export function insurerToday(services: Pick<DialogServices, 'clock' | 'timeZone'>): string {
  const now = services.clock.now().getTime();
  let day = dayFormats.get(services.timeZone);
  if (!day) dayFormats.set(services.timeZone, (day = { format: new Intl.DateTimeFormat('en-US', { timeZone: services.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, value: '' }));
  // The date changes at most once a minute (time zones are offset by whole minutes).
  const minute = Math.floor(now / 60_000);
  if (minute !== day.minute) {
    const parts = day.format.formatToParts(now);
    const value = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
    day.value = `${value('year')}-${value('month')}-${value('day')}`;
    day.minute = minute;
  }
  return day.value;
}
