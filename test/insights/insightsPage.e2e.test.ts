import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteHandoffStore } from '../../storage/sqlite/sqliteHandoffStore.js';
import type { SqliteInsightsStore } from '../../storage/sqlite/sqliteInsightsStore.js';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { StaffBrowser } from '../staff/staffBrowser.js';
import { SEED, seedInsights } from './seed.js';

const EXPECTED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

let bot: RunningApp;
beforeAll(async () => {
  // The system clock: the seeded data sits in the last 30 days, as the default period expects.
  bot = await startTestApp();
  const { stores, insights } = bot.app.internals;
  await seedInsights({ store: insights!.store as SqliteInsightsStore, handoffs: new SqliteHandoffStore(stores.sqlite!), db: stores.sqlite! }, new Date());
});
afterAll(async () => {
  await bot.stop();
});

async function signedIn(): Promise<StaffBrowser> {
  const browser = new StaffBrowser(bot.url);
  expect((await browser.login('jana.novakova', 'demo-jana')).status).toBe(303);
  return browser;
}

describe('/staff/insights behind the staff sign-in', () => {
  it('redirects a page request without a session to the sign-in, and answers the CSV with 401', async () => {
    const browser = new StaffBrowser(bot.url);
    const page = await browser.get('/staff/insights?from=2026-01-01');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/staff/login?next=%2Fstaff%2Finsights');
    const csv = await browser.get('/staff/insights.csv?section=gaps');
    expect(csv.status).toBe(401);
    expect(csv.body).not.toMatch(/credit card/);
  });

  it('shows the seeded unanswered and disliked questions grouped by topic, with SVG charts and tables', async () => {
    const browser = await signedIn();
    const res = await browser.get('/staff/insights');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    const body = res.body;
    expect(body).toMatch(/<h1>Service insights<\/h1>/);
    // Grouped, not one line per question: the label once, with its count.
    expect(body).toMatch(/Can I pay the premium by credit card\?<span class="detail">4 questions from 4 conversations<\/span>/);
    for (const topic of Object.values(SEED.gapTopics)) for (const question of topic) expect(body).toContain(question.replace(/'/g, '&#39;'));
    expect(body).toMatch(/disliked 👎/);
    expect(body).toContain('Nothing about deadlines. Call me: [phone]');
    expect(body).toContain('Questions out of scope');
    // Charts: inline SVG with titles, presentation attributes only.
    for (const id of ['chart-questions', 'chart-gaps', 'chart-documents', 'chart-reports', 'chart-handoffs', 'chart-csat']) expect(body).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
    expect(body).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(body).not.toMatch(/style=|<style|<script>|<script [^>]*>[^<]/);
    expect(body).toMatch(/<link rel="stylesheet" href="\/staff\/insights\/insights.css">/);
    // Tables and numbers of the other sections.
    expect(body).toMatch(/Reporting a claim<span class="detail">en\/reporting-a-claim.md<\/span><\/th><td class="num">3<\/td><td class="num">1<\/td><td class="num">2<\/td><td class="num">67 %<\/td>/);
    expect(body).toMatch(/Claim: Buyer(?:'|&#39;|&#x27;)s name<\/th><td class="num">2<\/td><td class="num">1<\/td>/);
    expect(body).toMatch(/Median wait until accepted<\/dt><dd><span class="value">4 min<\/span>/);
    expect(body).toMatch(/2 ratings after 2 conversations with a person — <strong>4\.0 \/ 5<\/strong>/);
    // Links to every CSV section of the shown period.
    expect(body).toMatch(/href="\/staff\/insights\.csv\?section=gaps&amp;from=\d{4}-\d{2}-\d{2}&amp;to=\d{4}-\d{2}-\d{2}"/);
    expect((await browser.get('/staff/insights/insights.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('shows a chosen period and refuses a bad one with the reason (and the default period)', async () => {
    const browser = await signedIn();
    const old = await browser.get('/staff/insights?from=2020-01-01&to=2020-01-31');
    expect(old.status).toBe(200);
    expect(old.body).toContain('2020-01-01 – 2020-01-31 (Europe/Prague)');
    expect(old.body).toContain('No unanswered or disliked questions in this period.');
    const bad = await browser.get('/staff/insights?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/role="alert">The period is not valid/);
    expect(bad.body).toContain('4 questions from 4 conversations');
    const cs = await browser.get('/staff/insights?lang=cs');
    expect(cs.body).toMatch(/<h1>Přehled služby<\/h1>/);
    expect(cs.body).toContain('4 dotazy v rámci 4 rozhovorů');
  });

  it('exports a section as CSV, refusing unknown sections and bad periods', async () => {
    const browser = await signedIn();
    const res = await browser.get('/staff/insights.csv?section=gaps');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="insights-gaps-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('rank,topic,questions,conversations,dont_know,disliked,out_of_scope,examples,comments,documents,last_asked');
    expect(lines[1]).toMatch(/^1,Can I pay the premium by credit card\?,4,4,4,0,0,/);
    expect(lines).toHaveLength(6);
    const documents = await browser.get('/staff/insights.csv?section=documents');
    expect(documents.body).toContain('en/reporting-a-claim.md,Reporting a claim,3,1,2,0.6667');
    expect((await browser.get('/staff/insights.csv?section=passwords')).status).toBe(400);
    expect((await browser.get('/staff/insights.csv')).status).toBe(400);
    expect((await browser.get('/staff/insights.csv?section=gaps&from=2026-05-01&to=2026-04-01')).status).toBe(400);
  });
});

describe('report analytics through the dialogs', () => {
  it('records a report started, the questions reached and its cancellation', async () => {
    const conversation = { id: 'insights-report' };
    const say = (text: string) => postActivity(bot.url, messageActivity(text, { conversation, from: { id: 'insights-client' } }));
    await say('I want to file a claim');
    await say('CZ-2023-20417');
    await say('cancel');
    await say('yes');
    const store = bot.app.internals.insights!.store;
    const events = (await store.reportEventsBetween({ from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' })).filter((e) => e.formId !== undefined && !e.formId.startsWith('form-'));
    expect(events.map((e) => [e.kind, e.event, e.step ?? ''])).toEqual([
      ['claim', 'started', ''],
      ['claim', 'step', 'policyNumber'],
      ['claim', 'step', 'buyerName'],
      ['claim', 'cancelled', ''],
    ]);
    expect(new Set(events.map((e) => e.formId)).size).toBe(1);
    expect(events[0]).toMatchObject({ channelId: 'test', language: 'en' });
  });
});
