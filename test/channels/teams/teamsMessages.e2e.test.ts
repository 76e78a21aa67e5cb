import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../../helpers/app.js';
import { startTeamsBot, BOT, CLIENT, OTHER_TENANT, TENANT, post, startTeamsReceiver, teamsCardAction, teamsInstall, teamsMessage, textsOf, type TeamsReceiver } from './teamsHelpers.js';

// Teams-shaped activities through the real server, with normal delivery (no expectReplies): the
// replies travel through the Bot Connector client to a loopback receiver, as they would to Teams.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(env: Record<string, string> = {}): Promise<{ app: RunningApp; receiver: TeamsReceiver }> {
  const receiver = await startTeamsReceiver();
  const app = await startTeamsBot(env);
  cleanups.push(() => receiver.close(), () => app.stop());
  return { app, receiver };
}

/** What the bot remembers of a conversation: its state document, transcript and dedupe records. */
async function traces(app: RunningApp, conversationId: string) {
  const { stores } = app.app.internals;
  const key = `msteams/conversations/${conversationId}`;
  const state = (await stores.state.read([key]))[key];
  const transcript = await stores.transcripts.recentMessages('msteams', conversationId);
  const processed = stores.sqlite ? (stores.sqlite.prepare('SELECT COUNT(*) AS n FROM processed_activities WHERE conversation_id = ?').get(conversationId) as { n: number }).n : 0;
  return { state, transcript, processed };
}

describe('Teams: cited answers', () => {
  it('delivers the schema.org citation entity intact through the Bot Connector client', async () => {
    const { app, receiver } = await setup();
    const { status, text } = await post(app.url, teamsMessage('Jak mám nahlásit škodnou událost?', { serviceUrl: receiver.url, conversationId: 'a:personal-cite' }));
    expect(status).toBe(200);
    // Normal delivery: the HTTP answer is empty, the reply went to the serviceUrl.
    expect(text).toBe('');
    const [answer] = receiver.messages('a:personal-cite');
    expect(answer!.text).toMatch(/\[1\]/);
    const entity = answer!.entities!.find((e) => e.type === 'https://schema.org/Message')!;
    expect(entity).toMatchObject({ '@type': 'Message', '@context': 'https://schema.org', '@id': '' });
    const citations = entity.citation as { '@type': string; position: number; appearance: { '@type': string; name: string; abstract: string; keywords: string[] } }[];
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) {
      expect(c['@type']).toBe('Claim');
      expect(c.appearance['@type']).toBe('DigitalDocument');
      expect(answer!.text).toContain(`[${c.position}]`);
      // Teams' limits: name ≤ 80, abstract ≤ 160, at most 3 keywords of ≤ 28 characters.
      expect(c.appearance.name.length).toBeGreaterThan(0);
      expect(c.appearance.name.length).toBeLessThanOrEqual(80);
      expect(c.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(c.appearance.keywords.length).toBeLessThanOrEqual(3);
      for (const k of c.appearance.keywords) expect(k.length).toBeLessThanOrEqual(28);
    }
    expect(citations[0]!.appearance.keywords[0]).toBe('reporting-a-claim');
  });
});

describe('Teams: installation', () => {
  it('greets a client once when they install the app in a personal chat, and stays quiet when people join a team', async () => {
    const { app, receiver } = await setup();
    for (const activity of teamsInstall({ serviceUrl: receiver.url, conversationId: 'a:client-install' })) expect((await post(app.url, activity)).status).toBe(200);
    const greetings = receiver.messages('a:client-install');
    expect(greetings).toHaveLength(1);
    expect(greetings[0]!.text).toMatch(/Dobrý den/);

    const joined = teamsMessage(undefined, { serviceUrl: receiver.url, conversationId: '19:general@thread.tacv2', conversationType: 'channel' });
    await post(app.url, { ...joined, type: 'conversationUpdate', membersAdded: [{ id: CLIENT.id }] });
    await post(app.url, { ...joined, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
    expect(receiver.messages('19:general@thread.tacv2')).toEqual([]);
  });
});

describe('Teams: channels and group chats', () => {
  it('answers a channel message that @mentions the bot, understanding the text without the mention', async () => {
    const { app, receiver } = await setup();
    const conversationId = '19:general@thread.tacv2;messageid=1700000000001';
    expect((await post(app.url, teamsMessage('Jaké je telefonní číslo vaší centrály?', { serviceUrl: receiver.url, conversationId, conversationType: 'channel', mention: true }))).status).toBe(200);
    const replies = receiver.messages(conversationId);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/553 3355/);
    // Threaded under the message that asked.
    expect(receiver.calls.find((c) => c.conversationId === conversationId)!.activityId).toBeDefined();
  });

  it('ignores a channel message that does not mention the bot: no reply, no state', async () => {
    const { app, receiver } = await setup();
    const conversationId = '19:general@thread.tacv2;messageid=1700000000002';
    const res = await post(app.url, teamsMessage('Jaké je telefonní číslo vaší centrály?', { serviceUrl: receiver.url, conversationId, conversationType: 'channel' }));
    expect(res.status).toBe(200);
    // The turn has finished when the POST returns: a reply would already be at the receiver.
    expect(receiver.calls).toHaveLength(0);
    expect((await traces(app, conversationId)).state).toBeUndefined();
  });

  it('in a group chat: silent without a mention, answers with one', async () => {
    const { app, receiver } = await setup();
    const conversationId = '19:group-chat@thread.v2';
    await post(app.url, teamsMessage('How do I report a claim?', { serviceUrl: receiver.url, conversationId, conversationType: 'groupChat', locale: 'en-US' }));
    expect(receiver.calls).toHaveLength(0);
    await post(app.url, teamsMessage('How do I report a claim?', { serviceUrl: receiver.url, conversationId, conversationType: 'groupChat', locale: 'en-US', mention: true }));
    const [answer] = receiver.messages(conversationId);
    expect(answer!.text).toMatch(/\[1\]/);
    expect(answer!.text).not.toMatch(/Podpora|<at>/);
  });
});

describe('Teams: tenant restriction (ALLOWED_TENANTS)', () => {
  it('drops activities from another tenant before anything runs: 200, empty, no reply, no state, transcript or dedupe record', async () => {
    const { app, receiver } = await setup({ ALLOWED_TENANTS: ` ${TENANT.toUpperCase()} , 11111111-2222-4333-8444-555555555555` });
    const conversationId = 'a:foreign-tenant';
    const message = await post(app.url, teamsMessage('Jak mám nahlásit škodnou událost?', { serviceUrl: receiver.url, conversationId, tenant: OTHER_TENANT }));
    expect(message).toMatchObject({ status: 200, text: '' });
    const invoke = await post(app.url, teamsCardAction('confirm', { action: 'confirm', formId: 'x' }, { serviceUrl: receiver.url, conversationId, tenant: OTHER_TENANT }));
    expect(invoke).toMatchObject({ status: 200, text: '' });
    // An activity claiming Teams without any tenant is not let through either.
    const noTenant = teamsMessage('Jak mám nahlásit škodnou událost?', { serviceUrl: receiver.url, conversationId });
    delete (noTenant as { channelData?: unknown }).channelData;
    delete (noTenant.conversation as { tenantId?: string }).tenantId;
    expect((await post(app.url, noTenant)).status).toBe(200);

    expect(receiver.calls).toHaveLength(0);
    const left = await traces(app, conversationId);
    expect(left.state).toBeUndefined();
    expect(left.transcript).toEqual([]);
    expect(left.processed).toBe(0);

    // The allowed tenant (compared without case) is served as usual.
    await post(app.url, teamsMessage('Jak mám nahlásit škodnou událost?', { serviceUrl: receiver.url, conversationId: 'a:home-tenant' }));
    expect(textsOf(receiver, 'a:home-tenant')).toMatch(/\[1\]/);
  });

  it('leaves other channels alone: the website has no tenant', async () => {
    const { app, receiver } = await setup({ ALLOWED_TENANTS: TENANT });
    const res = await post(app.url, { type: 'message', id: 'w-1', text: 'Jak mám nahlásit škodnou událost?', channelId: 'webchat', serviceUrl: receiver.url, conversation: { id: 'web-tenantless' }, from: { id: 'u-1' }, recipient: { id: 'bot' } });
    expect(res.status).toBe(200);
    expect(textsOf(receiver, 'web-tenantless')).toMatch(/\[1\]/);
  });

  it('rejects a malformed ALLOWED_TENANTS at start-up, naming the variable', async () => {
    await expect(startTestApp({ ALLOWED_TENANTS: 'contoso.onmicrosoft.com' })).rejects.toThrow(/ALLOWED_TENANTS/);
  });
});
