import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../../helpers/app.js';

// #17 defect 10: "Potvrdit" typed after the report was filed got an unrelated answer.
const overdue = {
  cs: ['Potřebuji nahlásit faktury po splatnosti', 'CZ-2024-10001', 'ACME s.r.o.', 'CZ', '27074358', 'přeskočit', 'F-1', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Jan Novák', 'jan@acme.cz', 'Potvrdit'],
  en: ['I need to report an overdue invoice', 'CZ-2023-20417', 'Nordic Parts AB', 'Sweden', '5560000001', 'skip', 'NP-1', '2026-10-01', '2026-10-31', 'EUR 2,000', 'all', 'no', 'no', 'reminder', 'no', 'Anna Berg', 'anna@nordic.se', 'Confirm'],
};

let bot: RunningApp;
beforeAll(async () => {
  bot = await startTestApp();
});
afterAll(async () => {
  await bot?.stop();
});

describe('the summary words typed after filing', () => {
  it.each([
    ['cs', 'Potvrdit', /už bylo podáno pod číslem OVD-\d{4}-\d{6}-[0-9A-Z]{4}/],
    ['cs', 'potvrdit.', /už bylo podáno pod číslem OVD-/],
    ['en', 'Confirm', /already been filed under reference OVD-\d{4}-\d{6}-[0-9A-Z]{4}/],
  ] as const)('%s: "%s" → already filed, with the reference', async (lang, word, expected) => {
    const conversation = { id: `after-${lang}-${word}` };
    const say = async (text: string) => (await postActivity(bot.url, messageActivity(text, { conversation, from: { id: `u-${lang}-${word}` } }))).activities.map((a) => a.text ?? '').join('\n');
    let filed = '';
    for (const answer of overdue[lang]) filed = await say(answer);
    const reference = /OVD-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(filed)![0];
    const again = await say(word);
    expect(again).toMatch(expected);
    expect(again).toContain(reference);
    expect(await bot.app.internals.cases.listByClient(lang === 'cs' ? 'strojirny-morava' : 'bohemia-textil')).not.toHaveLength(0);
  });
});
