import { afterAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, tempDir } from '../../helpers/app.js';
import { startChildBot, type ChildBot } from '../../helpers/childBot.js';

// A claim, answer by answer, with what the bot must ask next.
const steps: [answer: string, next: RegExp][] = [
  ['Chci nahlásit škodnou událost', /číslo vaší pojistné smlouvy/],
  ['CZ-2024-10001', /Jak se jmenuje odběratel/],
  ['ACME s.r.o.', /Ve které zemi/],
  ['CZ', /IČO/],
  ['27074358', /DIČ/],
  ['přeskočit', /Faktura 1: jaké má číslo/],
  ['F-77', /vystavena/],
  ['1. 9. 2026', /splatnosti/],
  ['1. 10. 2026', /Na jakou částku/],
  ['20 000 Kč', /neuhrazeno/],
  ['vše', /další neuhrazenou fakturu/],
  ['ne', /prodloužení splatnosti/],
  ['ne', /Co jste zatím udělali/],
  ['upomínky', /Rozporuje/],
  ['ne', /příčinou škody/],
  ['insolvence', /vymáhání/],
  ['ne', /insolvenční dokumenty/],
  ['hotovo', /Koho máme/],
  ['Jan Novák', /e-mail nebo telefon/],
  ['jan@acme.cz', /Shrnutí hlášení škodné události/],
  ['Potvrdit', /podáno pod číslem:\s+\**CLM-\d{4}-\d{6}-[0-9A-Z]{4}/],
];

const children: ChildBot[] = [];
afterAll(async () => {
  for (const c of children) await c.crash().catch(() => undefined);
});

/**
 * Goes through the whole claim in one conversation, killing the bot process with SIGKILL after
 * every answer whose index satisfies `killAfter`, and restarting it on the same DATA_DIR.
 */
async function lineage(killAfter: (i: number) => boolean, label: string): Promise<string> {
  const dataDir = tempDir(`crash-${label}-`);
  let bot = await startChildBot({ DATA_DIR: dataDir });
  children.push(bot);
  let reference = '';
  for (const [i, [answer, next]] of steps.entries()) {
    const { status, activities } = await postActivity(bot.url, messageActivity(answer, { conversation: { id: `crash-${label}` }, from: { id: `user-${label}` } }));
    expect(status).toBe(200);
    const text = activities.map((a) => a.text).join('\n');
    expect(text, `${label}: after "${answer}" (step ${i + 1})`).toMatch(next);
    reference = /CLM-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(text)?.[0] ?? reference;
    if (killAfter(i) || i === steps.length - 1) {
      await bot.crash();
      bot = await startChildBot({ DATA_DIR: dataDir });
      children.push(bot);
    }
  }
  // The case confirmed before the last kill is there after it, visible to its client.
  const { activities } = await postActivity(bot.url, messageActivity(`jaký je stav ${reference}?`, { conversation: { id: `crash-${label}` }, from: { id: `user-${label}` } }));
  expect(activities.map((a) => a.text).join('\n')).toMatch(new RegExp(`${reference}[\\s\\S]*podáno, čeká na posouzení`));
  await bot.crash();
  return reference;
}

describe('crash safety (kill -9 of a child bot process, SQLite)', () => {
  it(
    'resumes the claim at the same step after a SIGKILL at every step, and keeps the confirmed case',
    async () => {
      // Two lineages in parallel cover every step: one is killed after odd answers, the other after even ones.
      const [a, b] = await Promise.all([lineage((i) => i % 2 === 0, 'even'), lineage((i) => i % 2 === 1, 'odd')]);
      expect(a).toMatch(/^CLM-/);
      expect(b).toMatch(/^CLM-/);
    },
    240_000,
  );
});
