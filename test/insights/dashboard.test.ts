import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardCsv, CSV_SECTIONS } from '../../insights/csvSections.js';
import { buildDashboard, median, waitSeconds, type Dashboard } from '../../insights/dashboard.js';
import { offlineEmbed } from '../../insights/index.js';
import { parsePeriod } from '../../insights/period.js';
import { SqliteInsightsStore } from '../../storage/sqlite/sqliteInsightsStore.js';
import { sqliteMigrations } from '../../storage/sqlite/migrations.js';
import { openSqlite } from '../../storage/sqlite/sqliteDatabase.js';
import { SqliteHandoffStore } from '../../storage/sqlite/sqliteHandoffStore.js';
import { SEED, seedInsights } from './seed.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const TZ = 'Europe/Prague';
let dashboard: Dashboard;
let store: SqliteInsightsStore;

beforeAll(async () => {
  const db = openSqlite(':memory:', sqliteMigrations);
  store = new SqliteInsightsStore(db);
  await seedInsights({ store, handoffs: new SqliteHandoffStore(db), db }, NOW);
  const period = parsePeriod({}, NOW, TZ);
  if (!period.ok) throw new Error('default period');
  dashboard = await buildDashboard(store, period.value, { embed: offlineEmbed(), now: NOW, timeZone: TZ });
});

describe('dashboard queries on the seeded data', () => {
  it('counts conversations and questions answered vs not in the default period (last 30 days)', () => {
    expect(dashboard.range).toMatchObject({ fromDate: '2026-10-27', toDate: '2026-11-25' });
    expect(dashboard.range.days).toHaveLength(30);
    expect(dashboard.conversations).toBe(12);
    // 12 unanswered + 2 disliked answers + 3 out of scope + 4 head office + 1 claim duration; the 40-day-old one is outside.
    expect(dashboard.questions).toMatchObject({ total: 22, answered: 7, dontKnow: 12, outOfScope: 3, truncated: false });
    expect(dashboard.questions.byDay.reduce((s, d) => s + d.answered + d.dontKnow + d.outOfScope, 0)).toBe(22);
    expect(dashboard.feedback).toEqual({ up: 4, down: 2, comments: 2 });
  });

  it('groups the unanswered and disliked questions by topic, largest first', () => {
    const groups = dashboard.gaps.map((g) => [...g.examples].sort());
    const sorted = (xs: string[]) => [...new Set(xs)].sort();
    expect(groups).toEqual(
      expect.arrayContaining([sorted(SEED.gapTopics.creditCard), sorted(SEED.gapTopics.cardCs), sorted(SEED.gapTopics.app), sorted(SEED.gapTopics.discount), sorted(SEED.gapTopics.claimDisliked)]),
    );
    expect(dashboard.gaps).toHaveLength(5);
    const [top] = dashboard.gaps;
    // "Can I pay the premium by credit card?" was asked twice: the group's label and 4 questions from 4 conversations.
    expect(top).toMatchObject({ label: 'Can I pay the premium by credit card?', questions: 4, conversations: 4, sources: { dont_know: 4, disliked: 0, out_of_scope: 0 } });
    const disliked = dashboard.gaps.find((g) => g.sources.disliked > 0)!;
    expect(disliked).toMatchObject({ questions: 2, documents: ['en/reporting-a-claim.md'] });
    expect(disliked.comments).toEqual(expect.arrayContaining(['Nothing about deadlines. Call me: [phone]', 'Too long']));
  });

  it('groups out-of-scope questions separately from the gaps', () => {
    expect(dashboard.outOfScope.map((g) => g.questions).sort()).toEqual([1, 2]);
    expect(dashboard.outOfScope[0]!.examples).toEqual(expect.arrayContaining(['What is the weather in Prague?', 'What is the weather in Prague today?']));
    expect(dashboard.gaps.flatMap((g) => g.examples)).not.toContain('What is the weather in Prague?');
  });

  it('rates documents by 👍/👎, the most disliked first', () => {
    expect(dashboard.documents).toEqual([
      { source: 'en/reporting-a-claim.md', title: 'Reporting a claim', cited: 3, up: 1, down: 2 },
      { source: 'en/contacts.md', title: 'Contacts', cited: 4, up: 3, down: 0 },
    ]);
  });

  it('follows report forms: started vs filed, and where they were abandoned or cancelled', () => {
    expect(dashboard.reports.byKind).toEqual([
      { kind: 'claim', started: 3, filed: 1, cancelled: 1, abandoned: 1, inProgress: 0 },
      { kind: 'overdue', started: 1, filed: 0, cancelled: 0, abandoned: 0, inProgress: 1 },
    ]);
    const claimSteps = dashboard.reports.steps.filter((s) => s.kind === 'claim');
    expect(claimSteps.map((s) => [s.step, s.reached, s.abandonedHere, s.cancelledHere])).toEqual([
      ['policyNumber', 3, 0, 1],
      ['buyerName', 2, 1, 0],
      ['buyerCountry', 1, 0, 0],
      ['summary', 1, 0, 0],
    ]);
  });

  it('summarises handoffs from their status history, and the satisfaction after them', () => {
    expect(dashboard.handoffs).toMatchObject({ requested: 4, accepted: 2, notAcceptedInTime: 1, outOfHours: 1, callbacksRequested: 1, measuredWaits: 2, medianWaitSeconds: 210, afterUnanswered: 1 });
    expect(dashboard.handoffs.p90WaitSeconds).toBeGreaterThan(210);
    expect(dashboard.handoffs.byReason).toEqual([
      { reason: 'requested', count: 3 },
      { reason: 'unanswered', count: 1 },
    ]);
    expect(dashboard.csat).toMatchObject({ conversations: 2, ratings: 2, average: 4, distribution: [0, 0, 1, 0, 1] });
    // The handoff comment is stored as typed; the dashboard shows it redacted.
    expect(dashboard.csat.comments).toEqual(['Skvělé, volejte na [phone]']);
  });

  it('exports every section as CSV with a header, one row per item', () => {
    for (const section of CSV_SECTIONS) {
      const csv = dashboardCsv(dashboard, section);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(csv.endsWith('\r\n')).toBe(true);
    }
    const gaps = dashboardCsv(dashboard, 'gaps').slice(1).trimEnd().split('\r\n');
    expect(gaps[0]).toBe('rank,topic,questions,conversations,dont_know,disliked,out_of_scope,examples,comments,documents,last_asked');
    expect(gaps).toHaveLength(1 + dashboard.gaps.length);
    expect(gaps[1]).toMatch(/^1,Can I pay the premium by credit card\?,4,4,4,0,0,/);
    expect(dashboardCsv(dashboard, 'summary')).toMatch(/\r\nconversations,12\r\n/);
    expect(dashboardCsv(dashboard, 'csat')).toContain('rating,count\r\n1,0\r\n2,0\r\n3,1\r\n4,0\r\n5,1\r\n');
    expect(dashboardCsv(dashboard, 'feedback').trimEnd().split('\r\n')).toHaveLength(1 + 6);
  });
});

describe('dashboard building blocks', () => {
  it('computes the median and the wait of a ticket from its history', () => {
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();
    const base = { history: [{ status: 'requested' as const, at: at(0), by: 'client' }, { status: 'waiting' as const, at: at(1), by: 'bot' }] };
    expect(waitSeconds({ ...base, history: [...base.history, { status: 'connected', at: at(46), by: 'jana' }] } as never)).toBe(45);
    expect(waitSeconds({ ...base, history: [...base.history, { status: 'callback', at: at(46), by: 'bot' }, { status: 'connected', at: at(50), by: 'jana' }] } as never)).toBeUndefined();
  });

  it('parses the period in the branch time zone and refuses bad ones', () => {
    const ok = parsePeriod({ from: '2026-03-01', to: '2026-03-31' }, NOW, TZ);
    expect(ok).toMatchObject({ ok: true, value: { fromDate: '2026-03-01', toDate: '2026-03-31', period: { from: '2026-02-28T23:00:00.000Z', to: '2026-03-31T22:00:00.000Z' } } });
    expect(parsePeriod({ from: '2026-3-1' }, NOW, TZ)).toEqual({ ok: false, reason: 'format' });
    expect(parsePeriod({ from: '2026-02-30' }, NOW, TZ)).toEqual({ ok: false, reason: 'format' });
    expect(parsePeriod({ from: '2026-04-01', to: '2026-03-01' }, NOW, TZ)).toEqual({ ok: false, reason: 'order' });
    expect(parsePeriod({ from: '2024-01-01', to: '2026-03-01' }, NOW, TZ)).toEqual({ ok: false, reason: 'length' });
  });

  it('caps the answers it aggregates and says so', async () => {
    const period = parsePeriod({}, NOW, TZ);
    if (!period.ok) throw new Error('period');
    const capped = await buildDashboard(store, period.value, { embed: offlineEmbed(), now: NOW, timeZone: TZ, maxAnswers: 5 });
    expect(capped.questions).toMatchObject({ total: 5, truncated: true });
  });
});
