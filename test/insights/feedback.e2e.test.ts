import { afterEach, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type ReplyActivity, type RunningApp } from '../helpers/app.js';
import { post, startTeamsBot, startTeamsReceiver, teamsMessage } from '../channels/teams/teamsHelpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<RunningApp> {
  const app = await startTestApp();
  cleanups.push(() => app.stop());
  return app;
}

type Button = { type: string; title: string; text?: string; displayText?: string; value: { feedback: string; answerId: string } };

function feedbackButtons(reply: ReplyActivity): Button[] {
  return (reply.suggestedActions?.actions ?? []) as unknown as Button[];
}

/** A client in one conversation: sends text (or a button's messageBack) and returns the replies. */
function client(app: RunningApp, conversationId: string) {
  return async (text: string, value?: unknown) => {
    const { status, activities } = await postActivity(app.url, messageActivity(text, { conversation: { id: conversationId }, from: { id: `user-${conversationId}` }, ...(value ? { value } : {}) }));
    expect(status).toBe(200);
    return activities;
  };
}

const texts = (activities: ReplyActivity[]) => activities.map((a) => a.text ?? '').join('\n');

describe('👍/👎 on knowledge answers (through /api/messages)', () => {
  it('offers 👍/👎 as messageBack buttons on an answer, and stores 👍 with the question, answer, passages, language and channel', async () => {
    const app = await setup();
    const say = client(app, 'fb-up');
    const [answer] = await say('Who can help me use Atradius Insights?');
    const buttons = feedbackButtons(answer!);
    expect(buttons.map((b) => [b.type, b.title, b.displayText])).toEqual([
      ['messageBack', '👍', '👍'],
      ['messageBack', '👎', '👎'],
    ]);
    const { answerId } = buttons[0]!.value;
    expect(buttons[1]!.value).toEqual({ feedback: 'down', answerId });

    const thanks = await say('👍', buttons[0]!.value);
    expect(texts(thanks)).toBe('Thank you for your feedback.');

    const stored = await app.app.internals.insights!.store.getAnswer(answerId);
    expect(stored).toMatchObject({
      kind: 'answer',
      language: 'en',
      channelId: 'test',
      conversationId: 'fb-up',
      question: 'Who can help me use Atradius Insights?',
      feedback: { rating: 'up' },
    });
    expect(stored!.answer).toBe(answer!.text);
    expect(stored!.citations[0]).toMatchObject({ position: 1, source: 'en/online-portal-atrium-and-insights.md' });
    expect(stored!.citations[0]!.passage.length).toBeGreaterThan(50);
  });

  it('asks for a comment after 👎 and stores it with personal data redacted', async () => {
    const app = await setup();
    const say = client(app, 'fb-down');
    const [answer] = await say('Jak mám nahlásit škodnou událost?');
    const down = feedbackButtons(answer!)[1]!;
    const question = await say('👎', down.value);
    expect(texts(question)).toMatch(/Co v ní chybělo/);
    expect(question[0]!.suggestedActions?.actions.map((a) => a.title)).toEqual(['přeskočit']);

    const done = await say('Chybí lhůta. Volejte mi na +420 602 123 456 nebo jan@acme.cz, IČO 27074358');
    expect(texts(done)).toMatch(/Děkuji — váš komentář/);
    const stored = await app.app.internals.insights!.store.getAnswer(down.value.answerId);
    expect(stored).toMatchObject({ language: 'cs', feedback: { rating: 'down', comment: 'Chybí lhůta. Volejte mi na [phone] nebo [e-mail], IČO [IČO]' } });
  });

  it('does not trap the client in the comment question: a new question is answered normally', async () => {
    const app = await setup();
    const say = client(app, 'fb-trap');
    const [first] = await say('What is the address of your head office?');
    const down = feedbackButtons(first!)[1]!;
    await say('👎', down.value);
    const next = await say('How do I report a claim?');
    expect(texts(next)).toMatch(/\[1\]/);
    // The question was not taken as the comment on the first answer.
    const stored = await app.app.internals.insights!.store.getAnswer(down.value.answerId);
    expect(stored!.feedback).toMatchObject({ rating: 'down' });
    expect(stored!.feedback!.comment).toBeUndefined();
  });

  it('lets "skip" end the comment question, and a typed 👍 rate the last answer', async () => {
    const app = await setup();
    const say = client(app, 'fb-typed');
    const [answer] = await say('What is the address of your head office?');
    const { answerId } = feedbackButtons(answer!)[0]!.value;
    expect(texts(await say('👎'))).toMatch(/What was missing or wrong/);
    expect(texts(await say('skip'))).toBe('Thank you for your feedback.');
    expect((await app.app.internals.insights!.store.getAnswer(answerId))!.feedback).toMatchObject({ rating: 'down' });
    // Changing one's mind: a typed 👍 (with a skin tone) replaces the rating.
    expect(texts(await say('👍🏽'))).toBe('Thank you for your feedback.');
    expect((await app.app.internals.insights!.store.getAnswer(answerId))!.feedback).toMatchObject({ rating: 'up' });
  });

  it('records "I don\'t know" and out-of-scope answers without 👍/👎 (an "I don\'t know" offers the person instead), and ignores a button of another conversation', async () => {
    const app = await setup();
    const say = client(app, 'fb-gap');
    const [dontKnow] = await say('What is the premium rate for buyers in Brazil?');
    expect(dontKnow!.suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a person']);
    const [outOfScope] = await say('What is the weather in Prague?');
    expect(outOfScope!.suggestedActions).toBeUndefined();
    const { store } = app.app.internals.insights!;
    const logged = await store.answersBetween({ from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' }, 100);
    expect(logged.filter((a) => a.conversationId === 'fb-gap').map((a) => [a.kind, a.question])).toEqual([
      ['dont_know', 'What is the premium rate for buyers in Brazil?'],
      ['out_of_scope', 'What is the weather in Prague?'],
    ]);

    const other = client(app, 'fb-other');
    const [answer] = await other('Who can help me use Atradius Insights?');
    const foreign = feedbackButtons(answer!)[1]!.value;
    // Pressed in conversation fb-gap: thanked, but the other conversation's answer is not rated.
    expect(texts(await say('👎', foreign))).toBe('Thank you for your feedback.');
    expect((await store.getAnswer(foreign.answerId))!.feedback).toBeUndefined();
  });

  it('rates an answer given in the middle of a report and returns to the form without asking for a comment', async () => {
    const app = await setup();
    const say = client(app, 'fb-form');
    await say('I want to file a claim');
    const inForm = await say('How long does it take to process a claim?');
    const answer = inForm.find((a) => a.suggestedActions?.actions.some((x) => x.title === '👎'));
    expect(answer).toBeDefined();
    const answerId = feedbackButtons(answer!)[1]!.value.answerId;
    // The form's question follows the answer (and may hide its buttons): a typed 👎 rates it too.
    const after = await say('👎');
    expect(texts(after)).toMatch(/Thank you for your feedback\.[\s\S]*back to your report[\s\S]*policy/i);
    const logged = await app.app.internals.insights!.store.answersBetween({ from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' }, 100);
    const rated = logged.find((a) => a.conversationId === 'fb-form' && a.kind === 'answer')!;
    expect(rated.id).toBe(answerId);
    expect(rated.feedback).toMatchObject({ rating: 'down' });
  });
});

describe('👍/👎 in Teams (built-in feedback buttons)', () => {
  it('enables the feedback loop on answers and stores the message/submitAction invoke with its comment', async () => {
    const receiver = await startTeamsReceiver();
    const app = await startTeamsBot();
    cleanups.push(() => receiver.close(), () => app.stop());
    const conversationId = 'a:personal-feedback';
    expect((await post(app.url, teamsMessage('Jak mám nahlásit škodnou událost?', { serviceUrl: receiver.url, conversationId }))).status).toBe(200);
    const call = receiver.calls.find((c) => c.conversationId === conversationId && c.activity.type === 'message')!;
    const sent = call.activity as typeof call.activity & { channelData?: { feedbackLoopEnabled?: boolean } };
    expect(sent.channelData?.feedbackLoopEnabled).toBe(true);
    expect(sent.suggestedActions).toBeUndefined();

    // The receiver gave the reply the id "teams-N"; Teams names it in replyToId.
    const logged = await app.app.internals.insights!.store.answersBetween({ from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' }, 10);
    const answer = logged.find((a) => a.conversationId === conversationId)!;
    expect(answer.activityId).toMatch(/^teams-\d+$/);
    const invoke = {
      ...teamsMessage(undefined, { serviceUrl: receiver.url, conversationId }),
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: answer.activityId,
      value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'Chybí mi tam lhůta, pište na eva@firma.cz' }) } },
    };
    const res = await post(app.url, invoke);
    expect(res.status).toBe(200);
    expect((await app.app.internals.insights!.store.getAnswer(answer.id))!.feedback).toMatchObject({ rating: 'down', comment: 'Chybí mi tam lhůta, pište na [e-mail]' });
  });
});
