import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../../helpers/app.js';

// #17 defect 9: an empty, blank or 5,000-character message in the middle of a report was
// answered as a bad question and the pending question was not asked again.
let bot: RunningApp;
beforeAll(async () => {
  bot = await startTestApp();
});
afterAll(async () => {
  await bot?.stop();
});

const cases = [
  // [language, message, expected reason]
  ['cs', '', /Nedostal jsem žádnou odpověď\./],
  ['cs', '   \n  ', /Nedostal jsem žádnou odpověď\./],
  ['cs', 'x'.repeat(5000), /Tato odpověď je na mě příliš dlouhá \(5000 znaků; limit je 2000\)\./],
  ['en', '', /I did not receive an answer\./],
  ['en', 'y'.repeat(5000), /That answer is too long for me \(5000 characters; the limit is 2000\)\./],
] as const;

describe('an empty or overlong message in the middle of a report', () => {
  it.each(cases.map(([lang, message, reason]) => [lang, message.length > 20 ? `${message.length} characters` : JSON.stringify(message), message, reason] as const))('%s %s: says why, asks the pending question again, keeps the form', async (lang, _label, message, reason) => {
    const conversation = { id: `blank-${lang}-${message.length}-${message.trim().length}` };
    const say = async (text: string) => (await postActivity(bot.url, messageActivity(text, { conversation, from: { id: conversation.id }, locale: lang === 'cs' ? 'cs-CZ' : 'en-GB' }))).activities.map((a) => a.text ?? '').join('\n');
    await say(lang === 'cs' ? 'Potřebuji nahlásit faktury po splatnosti' : 'I need to report an overdue invoice');
    const buyerQuestion = await say(lang === 'cs' ? 'CZ-2024-10001' : 'CZ-2023-20417');
    const pending = buyerQuestion.split('\n').at(-1)!;
    const reply = await say(message);
    expect(reply).toMatch(reason);
    expect(reply).toContain(pending);
    expect(reply).not.toMatch(/dotaz|question/i);
    // The form goes on from the same question.
    expect(await say(lang === 'cs' ? 'ACME s.r.o.' : 'Nordic Parts AB')).toMatch(lang === 'cs' ? /zem/i : /country/i);
  });
});
