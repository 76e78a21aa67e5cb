import { toCsv, type CsvCell } from './csv.js';
import type { Dashboard } from './dashboard.js';
import type { GapCluster } from './gapGrouping.js';

/** The sections of GET /staff/insights.csv?section=… (column names in English, for tools). */
export const CSV_SECTIONS = ['summary', 'questions', 'gaps', 'out_of_scope', 'documents', 'reports', 'handoffs', 'csat', 'feedback'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

export function isCsvSection(value: unknown): value is CsvSection {
  return typeof value === 'string' && (CSV_SECTIONS as readonly string[]).includes(value);
}

const ratio = (part: number, whole: number) => (whole > 0 ? Number((part / whole).toFixed(4)) : '');

function clusters(list: GapCluster[]): string {
  return toCsv(
    ['rank', 'topic', 'questions', 'conversations', 'dont_know', 'disliked', 'out_of_scope', 'examples', 'comments', 'documents', 'last_asked'],
    list.map((c, i) => [i + 1, c.label, c.questions, c.conversations, c.sources.dont_know, c.sources.disliked, c.sources.out_of_scope, c.examples.join(' | '), c.comments.join(' | '), c.documents.join(' | '), c.lastAt]),
  );
}

/** One section of the dashboard as CSV. */
export function dashboardCsv(d: Dashboard, section: CsvSection): string {
  switch (section) {
    case 'summary': {
      const reports = d.reports.byKind.reduce((s, k) => ({ started: s.started + k.started, filed: s.filed + k.filed, cancelled: s.cancelled + k.cancelled, abandoned: s.abandoned + k.abandoned }), { started: 0, filed: 0, cancelled: 0, abandoned: 0 });
      const rows: [string, CsvCell][] = [
        ['from', d.range.fromDate],
        ['to', d.range.toDate],
        ['conversations', d.conversations],
        ['questions', d.questions.total],
        ['answered', d.questions.answered],
        ['dont_know', d.questions.dontKnow],
        ['out_of_scope', d.questions.outOfScope],
        ['answered_share', ratio(d.questions.answered, d.questions.total)],
        ['feedback_up', d.feedback.up],
        ['feedback_down', d.feedback.down],
        ['feedback_comments', d.feedback.comments],
        ['reports_started', reports.started],
        ['reports_filed', reports.filed],
        ['reports_cancelled', reports.cancelled],
        ['reports_abandoned', reports.abandoned],
        ['handoffs_requested', d.handoffs.requested],
        ['handoffs_accepted', d.handoffs.accepted],
        ['handoff_median_wait_seconds', d.handoffs.medianWaitSeconds],
        ['csat_ratings', d.csat.ratings],
        ['csat_average', d.csat.average !== undefined ? Number(d.csat.average.toFixed(2)) : undefined],
      ];
      return toCsv(['metric', 'value'], rows);
    }
    case 'questions':
      return toCsv(['day', 'answered', 'dont_know', 'out_of_scope'], d.questions.byDay.map((r) => [r.day, r.answered, r.dontKnow, r.outOfScope]));
    case 'gaps':
      return clusters(d.gaps);
    case 'out_of_scope':
      return clusters(d.outOfScope);
    case 'documents':
      return toCsv(['source', 'title', 'cited', 'up', 'down', 'down_share'], d.documents.map((r) => [r.source, r.title, r.cited, r.up, r.down, ratio(r.down, r.up + r.down)]));
    case 'reports':
      return toCsv(
        ['kind', 'step', 'reached', 'abandoned_here', 'cancelled_here'],
        [
          ...d.reports.byKind.flatMap((k) => [
            [k.kind, '(started)', k.started, k.abandoned, k.cancelled],
            [k.kind, '(filed)', k.filed, '', ''],
          ]),
          ...d.reports.steps.map((s) => [s.kind, s.step, s.reached, s.abandonedHere, s.cancelledHere]),
        ],
      );
    case 'handoffs':
      return toCsv(['metric', 'value'], [
        ['requested', d.handoffs.requested],
        ['accepted', d.handoffs.accepted],
        ['not_accepted_in_time', d.handoffs.notAcceptedInTime],
        ['out_of_hours', d.handoffs.outOfHours],
        ['callbacks_requested', d.handoffs.callbacksRequested],
        ['median_wait_seconds', d.handoffs.medianWaitSeconds],
        ['p90_wait_seconds', d.handoffs.p90WaitSeconds],
        ['measured_waits', d.handoffs.measuredWaits],
        ['after_unanswered_question', d.handoffs.afterUnanswered],
        ...d.handoffs.byReason.map((r): [string, CsvCell] => [`reason:${r.reason}`, r.count]),
      ]);
    case 'csat':
      return toCsv(['rating', 'count'], d.csat.distribution.map((count, i) => [i + 1, count]));
    case 'feedback':
      return toCsv(
        ['answered_at', 'rating', 'rated_at', 'language', 'channel', 'question', 'comment', 'documents'],
        d.ratedAnswers.map((a) => [a.createdAt, a.feedback!.rating, a.feedback!.at, a.language, a.channelId, a.question, a.feedback!.comment, [...new Set(a.citations.map((c) => c.source))].join(' | ')]),
      );
  }
}
