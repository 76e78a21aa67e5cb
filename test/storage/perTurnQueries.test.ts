import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

const running: RunningApp[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

/** Tables that grow with the bot's history: a turn must never read all of one (#20). */
const HISTORY_TABLES = ['handoff_tickets', 'cases', 'transcripts', 'answer_log', 'answer_feedback', 'report_events', 'relay_messages', 'processed_activities', 'bot_state', 'uploads'];

describe('per-turn SQL on SQLite', () => {
  it('reads history tables only through an index, whatever the turn', async () => {
    const app = await startTestApp();
    running.push(app);
    const db = app.app.internals.stores.sqlite!;
    // Every statement the stores compile from now on (they compile each once, on first use).
    const seen = new Set<string>();
    const prepare = db.prepare.bind(db);
    (db as { prepare: typeof db.prepare }).prepare = ((sql: string) => {
      seen.add(sql);
      return prepare(sql);
    }) as typeof db.prepare;

    const say = async (conversation: string, text: string) => {
      const { status } = await postActivity(app.url, messageActivity(text, { conversation: { id: conversation }, from: { id: `user-${conversation}` } }));
      expect(status).toBe(200);
    };
    // Q&A turns (answered and not), a report step, a 👍 by text and a handoff request.
    await say('q1', 'Do kdy musím nahlásit škodu?');
    await say('q1', 'How do I report overdue invoices?');
    await say('q1', 'Jaká je cena zlata na Marsu?');
    await say('r1', 'Chci nahlásit škodnou událost');
    await say('r1', 'CZ-2024-10001');
    await say('h1', 'Chci mluvit s člověkem');
    await say('h1', 'ano');
    expect(seen.size).toBeGreaterThan(3);

    const scans: string[] = [];
    for (const sql of seen) {
      if (!/^\s*(SELECT|UPDATE|DELETE|INSERT)/i.test(sql) || sql.includes('@')) continue;
      const params = (sql.match(/\?/g) ?? []).length;
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array(params).fill(null)) as { detail: string }[];
      for (const { detail } of plan) {
        const table = /^SCAN (\w+)/.exec(detail)?.[1];
        if (table && HISTORY_TABLES.includes(table)) scans.push(`${detail} ← ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    }
    expect(scans).toEqual([]);
  });
});
