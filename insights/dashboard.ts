import type { CaseKind } from '../dialogs/caseStore.js';
import type { HandoffTicket } from '../handoff/types.js';
import { redactPii } from '../privacy/redact.js';
import { groupQuestions, type Embed, type GapCluster, type GapItem } from './gapGrouping.js';
import { localDay, type DayPeriod } from './period.js';
import type { AnswerWithFeedback, InsightsReader, ReportEventRecord } from './types.js';

export interface QuestionStats {
  total: number;
  answered: number;
  dontKnow: number;
  outOfScope: number;
  byDay: { day: string; answered: number; dontKnow: number; outOfScope: number }[];
  /** More answers than the page aggregates: the oldest were left out. */
  truncated: boolean;
}

export interface DocumentRating {
  source: string;
  title: string;
  /** Answers in the period that cited it. */
  cited: number;
  up: number;
  down: number;
}

export interface ReportStep {
  kind: CaseKind;
  step: string;
  /** Forms that got to this question. */
  reached: number;
  /** Forms left without a word at this question (no progress since ABANDONED_AFTER). */
  abandonedHere: number;
  /** Forms cancelled while at this question. */
  cancelledHere: number;
}

export interface ReportFunnel {
  byKind: { kind: CaseKind; started: number; filed: number; cancelled: number; abandoned: number; inProgress: number }[];
  steps: ReportStep[];
}

export interface HandoffSummary {
  requested: number;
  accepted: number;
  /** Offered a callback because nobody accepted in time. */
  notAcceptedInTime: number;
  /** Offered a callback because it was out of hours. */
  outOfHours: number;
  callbacksRequested: number;
  /** Median time from waiting to accepted, over the handoffs accepted while the client waited. */
  medianWaitSeconds?: number;
  /** 90th percentile of the same waits: the slow end a manager should watch. */
  p90WaitSeconds?: number;
  measuredWaits: number;
  /** Handoffs that followed questions the bot could not answer ("unanswered" and "no answer"). */
  afterUnanswered: number;
  byReason: { reason: string; count: number }[];
}

export interface CsatSummary {
  /** Handoffs in which the client talked to a person (accepted and ended). */
  conversations: number;
  ratings: number;
  average?: number;
  /** Count of ratings 1..5 (index 0 = rating 1). */
  distribution: number[];
  comments: string[];
}

export interface Dashboard {
  range: DayPeriod;
  conversations: number;
  questions: QuestionStats;
  feedback: { up: number; down: number; comments: number };
  gaps: GapCluster[];
  outOfScope: GapCluster[];
  documents: DocumentRating[];
  reports: ReportFunnel;
  handoffs: HandoffSummary;
  csat: CsatSummary;
  /** The rated answers themselves, newest first (the feedback CSV). */
  ratedAnswers: AnswerWithFeedback[];
}

export interface DashboardOptions {
  embed: Embed;
  now: Date;
  timeZone: string;
  /** At most this many answers are aggregated (the newest). */
  maxAnswers?: number;
  /** A form without progress for this long counts as abandoned. */
  abandonedAfterMs?: number;
  threshold?: number;
}

export const MAX_ANSWERS = 20_000;
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Everything the insights page shows for one period, from the raw records (pure aggregation). */
export async function buildDashboard(reader: InsightsReader, range: DayPeriod, options: DashboardOptions): Promise<Dashboard> {
  const maxAnswers = options.maxAnswers ?? MAX_ANSWERS;
  const [answers, events, conversations, tickets] = await Promise.all([
    reader.answersBetween(range.period, maxAnswers + 1),
    reader.reportEventsBetween(range.period),
    reader.conversationsBetween(range.period),
    reader.handoffsBetween(range.period),
  ]);
  const truncated = answers.length > maxAnswers;
  const kept = truncated ? answers.slice(answers.length - maxAnswers) : answers;
  const grouping = { threshold: options.threshold };
  return {
    range,
    conversations,
    questions: { ...questionStats(kept, range, options.timeZone), truncated },
    feedback: feedbackTotals(kept),
    gaps: groupQuestions(gapItems(kept), options.embed, grouping),
    outOfScope: groupQuestions(outOfScopeItems(kept), options.embed, grouping),
    documents: documentRatings(kept),
    reports: reportFunnel(events, options.now, options.abandonedAfterMs ?? ABANDONED_AFTER_MS),
    handoffs: handoffSummary(tickets),
    csat: csatSummary(tickets),
    ratedAnswers: kept.filter((a) => a.feedback).reverse(),
  };
}

export function questionStats(answers: AnswerWithFeedback[], range: DayPeriod, timeZone: string): Omit<QuestionStats, 'truncated'> {
  const byDay = new Map(range.days.map((day) => [day, { day, answered: 0, dontKnow: 0, outOfScope: 0 }]));
  const totals = { answered: 0, dontKnow: 0, outOfScope: 0 };
  for (const a of answers) {
    const field = a.kind === 'answer' ? 'answered' : a.kind === 'dont_know' ? 'dontKnow' : 'outOfScope';
    totals[field]++;
    const bucket = byDay.get(localDay(a.createdAt, timeZone));
    if (bucket) bucket[field]++;
  }
  return { total: answers.length, ...totals, byDay: [...byDay.values()] };
}

function feedbackTotals(answers: AnswerWithFeedback[]): Dashboard['feedback'] {
  const rated = answers.filter((a) => a.feedback);
  return {
    up: rated.filter((a) => a.feedback!.rating === 'up').length,
    down: rated.filter((a) => a.feedback!.rating === 'down').length,
    comments: rated.filter((a) => a.feedback!.comment).length,
  };
}

/**
 * Knowledge gaps: questions answered "I don't know", and questions whose answer got 👎 (with
 * the comment and the cited documents). Out-of-scope questions are grouped separately.
 */
export function gapItems(answers: AnswerWithFeedback[]): GapItem[] {
  const items: GapItem[] = [];
  for (const a of answers) {
    const base = { text: a.question, language: a.language, conversationId: a.conversationId, at: a.createdAt };
    if (a.kind === 'dont_know') items.push({ ...base, source: 'dont_know' });
    else if (a.feedback?.rating === 'down') {
      items.push({ ...base, source: 'disliked', documents: [...new Set(a.citations.map((c) => c.source))], ...(a.feedback.comment ? { comment: a.feedback.comment } : {}) });
    }
  }
  return items;
}

export function outOfScopeItems(answers: AnswerWithFeedback[]): GapItem[] {
  return answers.filter((a) => a.kind === 'out_of_scope').map((a) => ({ text: a.question, language: a.language, conversationId: a.conversationId, at: a.createdAt, source: 'out_of_scope' as const }));
}

/** 👍/👎 per cited document: a rated answer counts once for each document it cited. */
export function documentRatings(answers: AnswerWithFeedback[]): DocumentRating[] {
  const docs = new Map<string, DocumentRating>();
  for (const a of answers) {
    for (const source of new Set(a.citations.map((c) => c.source))) {
      const title = a.citations.find((c) => c.source === source)!.title;
      const doc = docs.get(source) ?? { source, title, cited: 0, up: 0, down: 0 };
      doc.cited++;
      if (a.feedback?.rating === 'up') doc.up++;
      if (a.feedback?.rating === 'down') doc.down++;
      docs.set(source, doc);
    }
  }
  // The most disliked first: that is where the documents need work.
  return [...docs.values()].sort((x, y) => y.down - x.down || y.up + y.down - (x.up + x.down) || y.cited - x.cited || x.source.localeCompare(y.source));
}

/** Per form: how it ended and the last question it reached; then per kind and per step. */
export function reportFunnel(events: ReportEventRecord[], now: Date, abandonedAfterMs: number): ReportFunnel {
  const forms = new Map<string, ReportEventRecord[]>();
  for (const e of events) forms.set(e.formId, [...(forms.get(e.formId) ?? []), e]);
  const kinds = new Map<CaseKind, ReportFunnel['byKind'][number]>();
  const steps = new Map<string, ReportStep & { positions: number[] }>();
  for (const formEvents of forms.values()) {
    const kind = formEvents[0]!.kind;
    const totals = kinds.get(kind) ?? { kind, started: 0, filed: 0, cancelled: 0, abandoned: 0, inProgress: 0 };
    kinds.set(kind, totals);
    totals.started++;
    const reached = [...new Set(formEvents.filter((e) => e.event === 'step' && e.step).map((e) => e.step!))];
    const lastStep = [...formEvents].reverse().find((e) => e.event === 'step')?.step;
    const lastAt = formEvents[formEvents.length - 1]!.at;
    const outcome = formEvents.some((e) => e.event === 'filed')
      ? 'filed'
      : formEvents.some((e) => e.event === 'cancelled')
        ? 'cancelled'
        : now.getTime() - Date.parse(lastAt) >= abandonedAfterMs
          ? 'abandoned'
          : 'inProgress';
    totals[outcome]++;
    reached.forEach((step, position) => {
      const key = `${kind}\u0000${step}`;
      const row = steps.get(key) ?? { kind, step, reached: 0, abandonedHere: 0, cancelledHere: 0, positions: [] };
      row.reached++;
      row.positions.push(position);
      if (step === lastStep && outcome === 'abandoned') row.abandonedHere++;
      if (step === lastStep && outcome === 'cancelled') row.cancelledHere++;
      steps.set(key, row);
    });
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const kindOrder = (k: CaseKind) => (k === 'claim' ? 0 : 1);
  return {
    byKind: [...kinds.values()].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)),
    // In the order clients meet the questions: by their average position in the forms.
    steps: [...steps.values()]
      .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || mean(a.positions) - mean(b.positions) || a.step.localeCompare(b.step))
      .map(({ positions: _positions, ...row }) => row),
  };
}

/** Seconds from the first `waiting` to the `connected` right after it, or undefined. */
export function waitSeconds(ticket: HandoffTicket): number | undefined {
  const history = ticket.history;
  const waiting = history.findIndex((h) => h.status === 'waiting');
  if (waiting < 0) return undefined;
  const next = history[waiting + 1];
  if (!next || next.status !== 'connected') return undefined;
  return Math.max(0, (Date.parse(next.at) - Date.parse(history[waiting]!.at)) / 1000);
}

export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0–100) by the nearest-rank method; undefined for no values. */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function handoffSummary(tickets: HandoffTicket[]): HandoffSummary {
  const waits = tickets.map(waitSeconds).filter((w): w is number => w !== undefined);
  const cameFrom = (ticket: HandoffTicket, status: string) =>
    ticket.history.some((h, i) => h.status === 'callback' && ticket.history[i - 1]?.status === status);
  const reasons = new Map<string, number>();
  for (const ticket of tickets) reasons.set(ticket.reason, (reasons.get(ticket.reason) ?? 0) + 1);
  const wait = median(waits);
  const p90 = percentile(waits, 90);
  return {
    requested: tickets.length,
    accepted: tickets.filter((x) => x.history.some((h) => h.status === 'connected')).length,
    notAcceptedInTime: tickets.filter((x) => cameFrom(x, 'waiting')).length,
    outOfHours: tickets.filter((x) => cameFrom(x, 'requested')).length,
    callbacksRequested: tickets.filter((x) => x.callback).length,
    ...(wait !== undefined ? { medianWaitSeconds: wait } : {}),
    ...(p90 !== undefined ? { p90WaitSeconds: p90 } : {}),
    measuredWaits: waits.length,
    afterUnanswered: tickets.filter((x) => x.reason === 'unanswered' || x.reason === 'no_answer').length,
    byReason: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

/** Client satisfaction after talking to a person (the 1–5 rating the bot asks for afterwards). */
export function csatSummary(tickets: HandoffTicket[]): CsatSummary {
  const talked = tickets.filter((x) => x.acceptedAt && x.status === 'ended');
  const rated = tickets.filter((x) => typeof x.feedback?.rating === 'number' && x.feedback.rating >= 1 && x.feedback.rating <= 5);
  const distribution = [0, 0, 0, 0, 0];
  for (const x of rated) distribution[x.feedback!.rating! - 1]!++;
  const sum = rated.reduce((s, x) => s + x.feedback!.rating!, 0);
  return {
    conversations: talked.length,
    ratings: rated.length,
    ...(rated.length ? { average: sum / rated.length } : {}),
    distribution,
    // The handoff service stores the comment as typed: redacted here, before any staff member sees it.
    comments: rated.flatMap((x) => (x.feedback?.comment ? [redactPii(x.feedback.comment)] : [])).slice(-10).reverse(),
  };
}
