import path from 'node:path';
import { Database } from '../../storage/sqlite/sqliteDatabase.js';
import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, tempDir, type RunningApp } from '../helpers/app.js';

const running: RunningApp[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});

async function start(env: Record<string, string> = {}) {
  const app = await startTestApp(env);
  running.push(app);
  return app;
}

function chat(app: RunningApp, conversationId: string, userId = 'client-1') {
  return async (text: string, extra: Record<string, unknown> = {}) => {
    const { status, activities } = await postActivity(app.url, messageActivity(text, { conversation: { id: conversationId }, from: { id: userId }, ...extra }));
    expect(status).toBe(200);
    return activities.map((a) => a.text ?? '').join('\n');
  };
}

const overdueCs = ['Potřebuji nahlásit faktury po splatnosti', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Jan Novák', 'jan@acme.cz'];
const claimEn = ['I want to file a claim', 'CZ-2023-20417', 'Nordic Parts AB', 'Sweden', '5560000001', 'skip', 'NP-1', '2026-01-10', '2026-02-10', 'EUR 2,000', 'all', 'no', 'no', 'none', 'no', 'insolvency', 'yes', 'done', 'Anna Berg', 'anna@nordic.se'];

describe('report flows through /api/messages', () => {
  it.each([
    ['cs', overdueCs, 'Potvrdit', /OVD-2026-\d{6}-[0-9A-Z]{4}/],
    ['en', claimEn, 'Confirm', /CLM-2026-\d{6}-[0-9A-Z]{4}/],
  ] as const)('completes a %s report and returns its reference', async (_lang, answers, confirm, reference) => {
    const app = await start();
    const say = chat(app, `e2e-${confirm}`);
    for (const a of answers) await say(a);
    const filed = await say(confirm);
    const ref = reference.exec(filed)?.[0];
    expect(ref).toBeDefined();
    const record = await app.app.internals.cases.getCase(ref!);
    expect(record).toMatchObject({ status: 'filed', userId: 'client-1', channelId: 'test' });
  });

  it('resumes at the same step after a restart on the same DATA_DIR', async () => {
    const dataDir = tempDir();
    const first = await start({ DATA_DIR: dataDir });
    const say1 = chat(first, 'restart-1');
    for (const a of overdueCs.slice(0, 7)) await say1(a);
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await start({ DATA_DIR: dataDir });
    const say2 = chat(second, 'restart-1');
    // The next answer is the issue date of invoice F-1, exactly where we left off.
    expect(await say2('1. 10. 2026')).toMatch(/původní datum splatnosti faktury F-1/);
    for (const a of overdueCs.slice(8)) await say2(a);
    expect(await say2('Potvrdit')).toMatch(/OVD-2026-000001-[0-9A-Z]{4}/);
  });

  it('resets cleanly, with an apology, when the stored state names a dialog that no longer exists', async () => {
    const dataDir = tempDir();
    const first = await start({ DATA_DIR: dataDir });
    const say1 = chat(first, 'stale-1');
    await say1('Potřebuji nahlásit faktury po splatnosti');
    await first.stop();
    running.splice(running.indexOf(first), 1);
    // Simulate a deployment that renamed the dialog.
    const db = new Database(path.join(dataDir, 'bot.sqlite'));
    const rows = db.prepare("SELECT key, document FROM bot_state WHERE document LIKE '%overdueInvoiceReport%'").all() as { key: string; document: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) db.prepare('UPDATE bot_state SET document = ? WHERE key = ?').run(r.document.replaceAll('overdueInvoiceReport', 'retiredDialog'), r.key);
    db.close();

    const second = await start({ DATA_DIR: dataDir });
    const say2 = chat(second, 'stale-1');
    expect(await say2('CZ-2024-10001')).toMatch(/Omlouvám se — po aktualizaci/);
    expect(await say2('Jaké je telefonní číslo vaší centrály?')).toMatch(/553 3355/);
  });

  it('files once when the confirming request is retried with the same activity id', async () => {
    const app = await start();
    const say = chat(app, 'dup-1');
    for (const a of overdueCs) await say(a);
    const confirm = { id: 'confirm-activity-1' };
    const [a, b] = await Promise.all([say('Potvrdit', confirm), say('Potvrdit', confirm)]);
    const third = await say('Potvrdit', confirm);
    const refs = [a, b, third].map((t) => /OVD-2026-\d{6}-[0-9A-Z]{4}/.exec(t)?.[0]);
    expect(new Set(refs).size).toBe(1);
    expect(refs[0]).toMatch(/^OVD-2026-000001-/);
    expect(await app.app.internals.cases.listByClient('strojirny-morava')).toHaveLength(1);
  });

  it('shows a case status to its client, with a manager\'s update, and to no one else', async () => {
    const app = await start();
    const say = chat(app, 'status-1', 'client-A');
    for (const a of overdueCs) await say(a);
    const ref = /OVD-2026-\d{6}-[0-9A-Z]{4}/.exec(await say('Potvrdit'))![0];
    // The manager moves the case on through the staff API; a manager of another team cannot.
    const update = (token: string, body: unknown) =>
      fetch(`${app.url}/api/staff/cases/${ref}/status`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await update('demo-token-marek', { status: 'closed' })).status).toBe(404);
    expect((await update('demo-token-jana', { status: 'nonsense' })).status).toBe(400);
    expect((await update('demo-token-jana', { status: 'in_review', note: 'Ověřujeme fakturu' })).status).toBe(200);

    expect(await say(`jaký je stav ${ref}?`)).toMatch(/posuzuje váš manažer[\s\S]*podáno, čeká na posouzení[\s\S]*Ověřujeme fakturu/);
    const stranger = chat(app, 'status-2', 'client-B');
    expect(await stranger(`What is the status of ${ref}?`)).toMatch(/cannot find a case/);
    // Typing the same policy number proves nothing: the case stays invisible.
    const colleague = chat(app, 'status-3', 'client-C');
    await colleague('Chci nahlásit škodnou událost');
    await colleague('CZ-2024-10001');
    await colleague('zrušit');
    await colleague('ano');
    expect(await colleague(`stav ${ref}`)).toMatch(/nenacházím/);
  });
});
