import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../../helpers/app.js';

let bot: RunningApp;

beforeAll(async () => {
  bot = await startTestApp();
});
afterAll(async () => {
  await bot.stop();
});

function citationsOf(activity: { entities?: { type: string; citation?: unknown[] }[] }) {
  return activity.entities?.find((e) => e.type === 'https://schema.org/Message')?.citation as
    | { position: number; appearance: { name: string; abstract: string; keywords: string[] } }[]
    | undefined;
}

describe('/api/messages (expectReplies, real restify server)', () => {
  it.each([
    { text: 'Jak mám nahlásit škodnou událost?', lang: 'cs', source: 'cs/reporting-a-claim.md' },
    { text: 'Who can help me use Atradius Insights?', lang: 'en', source: 'en/online-portal-atrium-and-insights.md' },
    { text: 'What is the address of your head office?', lang: 'en', source: 'en/contacts.md' },
  ])('answers "$text" in $lang with a citation from $source', async ({ text, lang, source }) => {
    const { status, activities } = await postActivity(bot.url, messageActivity(text));
    expect(status).toBe(200);
    const reply = activities[0]!;
    expect(reply.locale?.slice(0, 2)).toBe(lang);
    expect(reply.text).toMatch(/\[1\]/);
    const citations = citationsOf(reply)!;
    expect(citations[0]!.position).toBe(1);
    expect(citations[0]!.appearance.keywords).toContain(source);
    expect(citations[0]!.appearance.abstract.length).toBeLessThanOrEqual(160);
  });

  it('says plainly it does not know an in-domain question outside the documents, and offers the manager', async () => {
    const { activities } = await postActivity(bot.url, messageActivity('What is your bank account number for premium payments?'));
    expect(activities[0]!.text).toMatch(/could not find a reliable answer/);
    expect(activities[0]!.text).toMatch(/manager/);
    expect(citationsOf(activities[0]!)).toBeUndefined();
    // The person is offered as a button, not only as a phrase to type.
    expect(activities[0]!.suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a person']);
  });

  it('redirects an out-of-scope request politely, without a citation', async () => {
    const { activities } = await postActivity(bot.url, messageActivity('Napiš mi báseň o kočkách'));
    expect(activities[0]!.text).toMatch(/Pomohu vám jen s otázkami/);
    expect(activities[0]!.entities ?? []).toHaveLength(0);
  });

  it('welcomes a new member in the locale language', async () => {
    const { activities } = await postActivity(bot.url, {
      ...messageActivity(undefined),
      type: 'conversationUpdate',
      locale: 'en-US',
      membersAdded: [{ id: 'user-1' }],
    });
    expect(activities[0]!.text).toMatch(/^Hello, I am the virtual assistant/);
  });

  it('welcomes in both languages when the locale is unknown', async () => {
    const { activities } = await postActivity(bot.url, { ...messageActivity(undefined), type: 'conversationUpdate', membersAdded: [{ id: 'u-9' }] });
    expect(activities[0]!.text).toMatch(/Dobrý den/);
    expect(activities[0]!.text).toMatch(/Hello/);
  });

  it.each([
    ['help', /Here is what I can do/],
    ['nápověda', /S tímto vám pomohu/],
  ])('answers "%s" with the help text', async (text, expected) => {
    const { activities } = await postActivity(bot.url, messageActivity(text, { conversation: { id: `help-${text}` } }));
    expect(activities[0]!.text).toMatch(expected);
  });

  it('asks for text when the message is empty', async () => {
    const { status, activities } = await postActivity(bot.url, messageActivity('   '));
    expect(status).toBe(200);
    expect(activities[0]!.text).toMatch(/Nedostal jsem žádný text|did not receive any text/);
  });

  it('answers a 100 kB message politely instead of processing it', async () => {
    const { status, activities } = await postActivity(bot.url, messageActivity('škoda '.repeat(17_000), { conversation: { id: 'long' } }));
    expect(status).toBe(200);
    expect(activities[0]!.text).toMatch(/příliš dlouhá|too long/);
  });

  it.each(['typing', 'event', 'messageReaction', 'endOfConversation', 'somethingNew'])('accepts a %s activity without replying', async (type) => {
    const { status, activities } = await postActivity(bot.url, { ...messageActivity(undefined), type });
    expect(status).toBeLessThan(300);
    expect(activities).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"type": "message", '],
    ['a JSON array', '[1,2,3]'],
    ['no type', JSON.stringify({ text: 'hi' })],
    ['a number as type', JSON.stringify({ type: 5, text: 'hi' })],
  ])('rejects %s with 400', async (_name, body) => {
    const { status, body: error } = await postActivity(bot.url, body);
    expect(status).toBe(400);
    expect(error).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('rejects a body over the configured limit with 413', async () => {
    const big = JSON.stringify(messageActivity('x'.repeat(bot.config.MAX_BODY_BYTES + 10)));
    const { status } = await postActivity(bot.url, big);
    expect(status).toBe(413);
  });

  it('answers 404 on an unknown route, and still answers questions afterwards', async () => {
    const res = await fetch(`${bot.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    const { activities } = await postActivity(bot.url, messageActivity('My claim was rejected, can I appeal?'));
    expect(citationsOf(activities[0]!)?.[0]?.appearance.keywords).toContain('en/claim-appeal.md');
  });
});

describe('questions about reporting', () => {
  it.each([
    ['Jak mám nahlásit škodnou událost?', 'Nahlásit škodnou událost'],
    ['How do I report a claim?', 'Report a claim'],
  ])('answers "%s" and offers to start the dialog', async (text, button) => {
    const { activities } = await postActivity(bot.url, messageActivity(text, { conversation: { id: `ask-${text}` } }));
    expect(activities).toHaveLength(2);
    expect(citationsOf(activities[0]!)).toBeDefined();
    expect(activities[1]!.suggestedActions?.actions.map((a) => a.title)).toEqual([button]);
  });
});

describe('/healthz', () => {
  it('reports ok and the offline mode once the index is loaded', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mode: 'offline', passages: expect.any(Number) });
  });
});

describe('/api/ask', () => {
  const ask = async (body: unknown) => {
    const res = await fetch(`${bot.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('returns the answer, language, grounding and full passages, best first', async () => {
    const { status, body } = await ask({ question: 'Jaké je telefonní číslo vaší centrály?' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ language: 'cs', grounded: true });
    const citations = body.citations as { title: string; source: string; passage: string; score: number }[];
    expect(citations[0]!.passage).toMatch(/553 3355/);
    expect(citations[0]!.source).toBe('cs/contacts.md');
    expect(body.answer).toMatch(/553 3355/);
  });

  it('answers in the requested language', async () => {
    const { body } = await ask({ question: 'Atrium', language: 'en' });
    expect(body.language).toBe('en');
  });

  it('is not grounded for an unrelated question', async () => {
    const { body } = await ask({ question: 'What is the weather in Prague tomorrow?' });
    expect(body).toMatchObject({ grounded: false, citations: [] });
  });

  it.each([
    [{}, 400],
    [{ question: 42 }, 400],
    [{ question: '' }, 400],
    [{ question: 'hi', language: 'de' }, 400],
    [{ question: 'x'.repeat(5000) }, 413],
  ])('rejects %j with %i', async (body, expected) => {
    const { status, body: error } = await ask(body);
    expect(status).toBe(expected);
    expect(error).toHaveProperty('error.message');
  });
});
