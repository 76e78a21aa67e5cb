import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../helpers/app.js';
import { post, startTeamsBot, startTeamsReceiver, teamsMessage, type TeamsReceiver } from '../channels/teams/teamsHelpers.js';
import { monitorHealth } from '../reliability/healthMonitor.js';

// Exploit: the Teams feedback comment went through the PII redaction before being cut to length,
// and the e-mail rule was quadratic: a 40 kB comment blocked the server for 4.2 s. The rules are
// linear now (test/privacy/redactCost.test.ts) and input is cut first; here the attack itself.

let bot: RunningApp;
let receiver: TeamsReceiver;
beforeAll(async () => {
  receiver = await startTeamsReceiver();
  bot = await startTeamsBot();
});
afterAll(async () => {
  await bot?.stop();
  await receiver?.close();
});

const ADVERSARIAL = [`x@${'b.'.repeat(30_000)}1`, 'a+'.repeat(30_000), 'a@'.repeat(30_000), '12 '.repeat(20_000)];

describe('a feedback comment built to stall the redaction', () => {
  it('is answered while /healthz keeps answering within 2 s', async () => {
    const conversationId = 'a:stall';
    expect((await post(bot.url, teamsMessage('Jak mám nahlásit škodnou událost?', { serviceUrl: receiver.url, conversationId }))).status).toBe(200);
    // The answer the feedback is about, by the id Teams gave it (as in test/insights/feedback.e2e.test.ts).
    const logged = await bot.app.internals.insights!.store.answersBetween({ from: '2000-01-01T00:00:00.000Z', to: '2999-01-01T00:00:00.000Z' }, 10);
    const answer = logged.find((a) => a.conversationId === conversationId)!;
    const replyToId = answer.activityId;
    const health = monitorHealth(bot.url, 20, 2_000);
    const responses = await Promise.all(
      ADVERSARIAL.map((comment) =>
        post(bot.url, {
          ...teamsMessage(undefined, { serviceUrl: receiver.url, conversationId }),
          type: 'invoke',
          name: 'message/submitAction',
          replyToId,
          value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: comment }) } },
        }),
      ),
    );
    const { polls, failures } = await health.stop();
    for (const response of responses) expect(response.status).toBeLessThan(500);
    // The comment was taken (cut to length and redacted), not dropped.
    expect((await bot.app.internals.insights!.store.getAnswer(answer.id))!.feedback).toMatchObject({ rating: 'down' });
    expect(failures).toEqual([]);
    expect(polls).toBeGreaterThan(0);
  });
});
