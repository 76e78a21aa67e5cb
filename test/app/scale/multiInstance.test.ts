import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../../helpers/app.js';
import { postgresSkipReason, scratchSchema, type ScratchSchema } from '../../helpers/postgres.js';

const skip = postgresSkipReason();
let scratch: ScratchSchema;
let a: RunningApp;
let b: RunningApp;

describe.skipIf(!!skip)('two bot instances on one PostgreSQL', () => {
  beforeAll(async () => {
    scratch = await scratchSchema();
    const env = { DATABASE_URL: scratch.url, DATABASE_SCHEMA: scratch.schema, DATABASE_POOL_MAX: '8', DIRECT_LINE_TOKEN_SECRET: 'multi-instance-test-secret-0123456789abcdef' };
    // Started together: both run the migrations at once; the advisory lock serialises them.
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await scratch?.drop();
  });

  async function turn(app: RunningApp, conversation: string, text: string, id?: string) {
    const { status, activities } = await postActivity(app.url, messageActivity(text, { conversation: { id: conversation }, from: { id: `user-${conversation}` }, ...(id ? { id } : {}) }));
    expect(status).toBe(200);
    return activities.map((x) => x.text ?? '').join('\n');
  }

  const claim = ['Chci nahlásit škodnou událost', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 9. 2026', '1. 10. 2026', '20 000 Kč', 'vše', 'ne', 'ne', 'upomínky', 'ne', 'insolvence', 'ne', 'hotovo', 'Jan Novák', 'jan@acme.cz'];

  it('completes a claim whose turns alternate between the instances', async () => {
    for (const [i, text] of claim.entries()) await turn(i % 2 ? b : a, 'alternating', text);
    const filed = await turn(claim.length % 2 ? b : a, 'alternating', 'Potvrdit');
    const reference = /CLM-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(filed)![0];
    const record = await a.app.internals.cases.getCase(reference);
    expect(record!.data).toMatchObject({ kind: 'claim', cause: 'insolvency', buyer: { name: 'ACME s.r.o.', registrationNumber: '27074358' } });
  });

  it('200 concurrent conversations across both instances: every case stored exactly once, nothing lost', async () => {
    const n = 200;
    // One message fills most of the form (free-text extraction); the rest alternates between instances.
    const script = (i: number) => [
      `Potřebuji nahlásit faktury po splatnosti: pojistka CZ-2024-10001, odběratel Odběratel ${i} s.r.o., IČO 27074358, DIČ CZ27074358, faktura FV-${i} vystavená 1. 10. 2026 splatná 31. 10. 2026 na ${1000 + i} Kč`,
      'vše',
      'ne',
      'ne',
      'upomínka',
      'ne',
      `Kontakt ${i}`,
      `kontakt${i}@example.com`,
    ];
    const run = async (i: number) => {
      const conversation = `load-${i}`;
      const lines = script(i);
      for (const [step, text] of lines.entries()) await turn((i + step) % 2 ? b : a, conversation, text);
      // The confirm arrives twice, at both instances at once, as a double click would.
      const [x, y] = await Promise.all([turn(a, conversation, 'Potvrdit', `confirm-${i}-a`), turn(b, conversation, 'Potvrdit', `confirm-${i}-b`)]);
      return /OVD-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(`${x}\n${y}`)?.[0];
    };
    const references: (string | undefined)[] = [];
    const queue = Array.from({ length: n }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) references[i] = await run(i);
      }),
    );
    expect(references.filter(Boolean)).toHaveLength(n);
    const cases = await a.app.internals.cases.listByClient('strojirny-morava');
    const load = cases.filter((c) => c.data.buyer.name.startsWith('Odběratel '));
    // Exactly one case per conversation, none lost, none doubled, each with its own data.
    expect(load).toHaveLength(n);
    expect(new Set(load.map((c) => c.reference)).size).toBe(n);
    for (const c of load) {
      const i = Number(/Odběratel (\d+)/.exec(c.data.buyer.name)![1]);
      expect(c.data.invoices[0]).toMatchObject({ number: `FV-${i}`, amount: 1000 + i, outstanding: 1000 + i });
      expect(c.data.contact).toMatchObject({ name: `Kontakt ${i}`, email: `kontakt${i}@example.com` });
    }
  }, 240_000);
});
