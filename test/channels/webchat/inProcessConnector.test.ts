import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECT_LINE_SERVICE_URL } from '../../../channels/webchat/index.js';
import { DirectLineTestClient, StreamListener, type DlActivity } from './helpers/directLineClient.js';
import { ADAPTIVE_CARD, references, seenByBot, stubBot } from './helpers/stubBot.js';
import { startWebChannelHarness, type WebChannelHarness } from './helpers/webChannelHarness.js';

let harness: WebChannelHarness;
let client: DirectLineTestClient;

beforeAll(async () => {
  harness = await startWebChannelHarness(stubBot);
  client = new DirectLineTestClient(harness.url);
});
afterAll(async () => {
  await harness.stop();
});

async function openConversation() {
  const session = await client.session();
  const started = await client.start(session.token, 'en-US');
  return { ...session, streamUrl: started.body.streamUrl };
}

const lastText = (activities: DlActivity[]) => activities.filter((a) => a.type === 'message').at(-1)?.text;

describe('in-process connector', () => {
  it('runs Direct Line activities through the adapter with the in-process serviceUrl and the token\'s user', async () => {
    const session = await openConversation();
    await client.post(session.token, session.conversationId, { type: 'message', text: 'hello', locale: 'cs-CZ' });
    const mine = seenByBot.filter((s) => s.fromId === session.userId);
    expect(mine.map((s) => s.locale)).toEqual(['en-US', 'cs-CZ']);
    expect(mine.every((s) => s.serviceUrl === DIRECT_LINE_SERVICE_URL && s.channelId === 'directline')).toBe(true);
    const { activities } = (await client.activities(session.token, session.conversationId)).body;
    expect(activities.map((a) => a.text)).toEqual(['welcome', 'hello', 'You said: hello']);
  });

  it('keeps suggested actions, Adaptive Cards, entities and channel data intact; typing is live only', async () => {
    const session = await openConversation();
    const stream = new StreamListener(session.streamUrl);
    try {
      await stream.opened;
      await client.post(session.token, session.conversationId, { type: 'message', text: 'cards' });
      const live = await stream.waitFor((list) => lastText(list) === 'Pick one');
      const typing = stream.sets.find((s) => s.activities[0]?.type === 'typing')!;
      expect(typing).toBeDefined();
      expect(typing.watermark).toBeUndefined();
      const card = live.find((a) => a.text === 'Pick one') as DlActivity & { attachments: unknown[]; channelData: unknown };
      expect(card.suggestedActions!.actions.map((a) => a.title)).toEqual(['Claims', 'Overdue invoice']);
      expect(card.attachments).toEqual([{ contentType: 'application/vnd.microsoft.card.adaptive', content: ADAPTIVE_CARD }]);
      expect(card.entities![0]).toMatchObject({ citation: [{ position: 1, appearance: { name: 'Doc', abstract: 'Abstract' } }] });
      expect(card.channelData).toEqual({ custom: { nested: true } });
      // A reload must not replay "typing…".
      const history = (await client.activities(session.token, session.conversationId)).body.activities;
      expect(history.some((a) => a.type === 'typing')).toBe(false);
    } finally {
      stream.close();
    }
  });

  it('delivers proactive messages (adapter.continueConversationAsync) into the log and the open stream', async () => {
    const session = await openConversation();
    const stream = new StreamListener(session.streamUrl);
    try {
      await stream.opened;
      await stream.waitFor((list) => lastText(list) === 'welcome');
      const reference = references.get(session.conversationId)!;
      expect(reference.serviceUrl).toBe(DIRECT_LINE_SERVICE_URL);
      // What the handoff will do: a manager's message relayed into the client's conversation.
      await harness.adapter.continueConversationAsync(harness.config.MicrosoftAppId ?? '', reference, async (context) => {
        await context.sendActivity('Jana Nováková (your manager): I am here to help.');
      });
      await stream.waitFor((list) => lastText(list)?.startsWith('Jana Nováková') ?? false);
      const history = (await client.activities(session.token, session.conversationId)).body;
      expect(lastText(history.activities)).toBe('Jana Nováková (your manager): I am here to help.');
      expect(history.activities.at(-1)!.from.role).toBe('bot');
    } finally {
      stream.close();
    }
  });

  it('refuses a proactive message to a conversation that has expired', async () => {
    const reference = { ...references.values().next().value!, conversation: { id: 'gone', isGroup: false, conversationType: '', name: '' } };
    let failure: unknown;
    await harness.adapter.continueConversationAsync('', reference, async (context) => {
      // The caller sees the failure (outside a try, onTurnError would log it).
      try {
        await context.sendActivity('anyone there?');
      } catch (error) {
        failure = error;
      }
    });
    expect((failure as Error).message).toMatch(/conversation not found/i);
  });

  it('answers the members call from the conversation\'s user and the bot', async () => {
    const session = await openConversation();
    await client.post(session.token, session.conversationId, { type: 'message', text: 'members' });
    const { activities } = (await client.activities(session.token, session.conversationId)).body;
    expect(lastText(activities)).toBe(`members: ${[session.userId, 'support-bot'].sort().join(',')}`);
  });

  it('refuses to update an activity, as Direct Line does', async () => {
    const session = await openConversation();
    await client.post(session.token, session.conversationId, { type: 'message', text: 'update' });
    const { activities } = (await client.activities(session.token, session.conversationId)).body;
    expect(lastText(activities)).toBe('update refused: 405');
  });
});
