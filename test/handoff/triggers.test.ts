import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function conversation(id: string) {
  app ??= await startTestApp({}, { clock: { now: () => new Date('2026-11-25T09:00:00Z') } });
  return async (text: string) => {
    const { activities } = await postActivity(app!.url, messageActivity(text, { conversation: { id } }));
    return activities;
  };
}

const offered = (activities: { text?: string; suggestedActions?: { actions: { title: string }[] } }[], button: string) =>
  activities.some((a) => a.suggestedActions?.actions.some((x) => x.title === button));

describe('handoff triggers', () => {
  const offerText = (activities: { text?: string }[]) => activities.map((a) => a.text).join('\n');

  it('offers the manager after two unanswered questions in a row', async () => {
    const say = await conversation('tr-1');
    // Every "I don't know" carries the button; the second in a row also says so in words.
    const first = await say('What is your bank account number for premium payments?');
    expect(offered(first, 'Talk to a person')).toBe(true);
    expect(offerText(first)).not.toMatch(/cannot help with this/);
    const second = await say('How many employees does Atradius have in the Czech Republic?');
    expect(second.map((a) => a.text).join('\n')).toMatch(/cannot help with this[\s\S]*customer-service manager/);
    expect(offered(second, 'Talk to a person')).toBe(true);
    // The button's text starts the handoff.
    expect((await say('Talk to a person')).map((a) => a.text).join('\n')).toMatch(/policy number/);
  });

  it('an answered question in between resets the count', async () => {
    const say = await conversation('tr-2');
    await say('What is your bank account number for premium payments?');
    await say('What is the address of your head office?');
    expect(offerText(await say('How many employees does Atradius have in the Czech Republic?'))).not.toMatch(/cannot help with this/);
  });

  it.each([
    ['cs', 'To je k ničemu, pořád mi neodpovídáte na fakturu!', 'Mluvit s člověkem'],
    ['en', 'This is useless, my invoice question is still not answered', 'Talk to a person'],
    ['en', 'WHY CAN NOBODY ANSWER MY INVOICE QUESTION', 'Talk to a person'],
  ])('%s: a clearly frustrated client is offered their manager', async (_lang, text, button) => {
    const say = await conversation(`tr-3-${text.length}`);
    expect(offered(await say(text), button)).toBe(true);
  });

  it('a calm question gets no offer', async () => {
    const say = await conversation('tr-4');
    expect(offered(await say('How do I report a claim?'), 'Talk to a person')).toBe(false);
  });
});
