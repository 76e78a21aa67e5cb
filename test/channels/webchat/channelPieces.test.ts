import type { IncomingMessage } from 'node:http';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { adaptCitations } from '../../../web/citations.js';
import { activityForClient, activityFromClient } from '../../../channels/webchat/directLineActivities.js';
import { DirectLineHttpError } from '../../../channels/webchat/directLineErrors.js';
import { InProcessChannelAuthentication } from '../../../channels/webchat/inProcessChannelAuthentication.js';
import { DIRECT_LINE_SERVICE_URL, InProcessConnectorFactory } from '../../../channels/webchat/inProcessConnector.js';
import { MemoryDirectLineStore } from '../../../channels/webchat/memoryDirectLineStore.js';
import { clientAddress, requestOrigin } from '../../../platform/http/requestOrigin.js';

describe('activityFromClient', () => {
  const context = { conversationId: 'conv1', userId: 'dl_me' };

  it('keeps the client\'s fields and sets identity and routing itself', () => {
    const activity = activityFromClient(
      { type: 'message', text: 'hi', locale: 'cs-CZ', channelData: { clientActivityID: 'x' }, from: { id: 'admin', name: 'Eva', role: 'bot' }, serviceUrl: 'http://evil', id: 'mine', timestamp: 'then', recipient: { id: 'r' } },
      context,
    );
    expect(activity).toEqual({ type: 'message', text: 'hi', locale: 'cs-CZ', channelData: { clientActivityID: 'x' }, channelId: 'directline', conversation: { id: 'conv1' }, from: { id: 'dl_me', name: 'Eva', role: 'user' } });
  });

  it.each([{}, { type: 'conversationUpdate' }, { type: 'message', locale: 'not a locale!' }, { type: 'message', text: 42 }, 'text'])('rejects %j with 400', (body) => {
    expect(() => activityFromClient(body, context)).toThrowError(DirectLineHttpError);
  });
});

describe('activityForClient', () => {
  it('keeps replyToId only when it names an activity of the conversation (proactive messages reply to nothing visible)', () => {
    const bot = { id: 'support-bot', name: 'Atradius' };
    expect(activityForClient({ type: 'message', replyToId: 'conv1|0000003' }, 'conv1', bot).replyToId).toBe('conv1|0000003');
    expect(activityForClient({ type: 'message', replyToId: '5f1d7c2e-continuation' }, 'conv1', bot)).not.toHaveProperty('replyToId');
  });

  it('drops the internal service URL and marks the bot', () => {
    const activity = activityForClient({ type: 'message', text: 'answer', serviceUrl: DIRECT_LINE_SERVICE_URL, from: { id: 'support-bot', name: '' } }, 'conv1', { id: 'support-bot', name: 'Atradius' });
    expect(activity).toEqual({ type: 'message', text: 'answer', channelId: 'directline', conversation: { id: 'conv1' }, from: { id: 'support-bot', name: '', role: 'bot' } });
  });
});

describe('InProcessChannelAuthentication', () => {
  const inner = new ConfigurationBotFrameworkAuthentication({});
  const factory = new InProcessConnectorFactory({ store: new MemoryDirectLineStore({ maxHistory: 10, idleMs: 1000, sweepIntervalMs: 0 }), bot: { id: 'b', name: 'B' } });
  const auth = new InProcessChannelAuthentication(inner, factory);
  const claims = new ClaimsIdentity([{ type: AuthenticationConstants.AppIdClaim, value: '' }]);

  it('routes only the Direct Line serviceUrl to the in-process connector', async () => {
    const inProcess = await factory.create();
    const connectors = auth.createConnectorFactory(claims);
    expect(await connectors.create(DIRECT_LINE_SERVICE_URL)).toBe(inProcess);
    expect(await connectors.create(DIRECT_LINE_SERVICE_URL.replace(/\/$/, ''))).toBe(inProcess);
    expect(await connectors.create('https://smba.trafficmanager.net/emea/')).not.toBe(inProcess);
  });

  it('leaves /api/messages on the ordinary connector, so that endpoint cannot write into website conversations', async () => {
    const activity = { type: 'message', serviceUrl: DIRECT_LINE_SERVICE_URL, channelId: 'directline', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } };
    const result = await auth.authenticateRequest(activity as never, '');
    expect(await result.connectorFactory!.create(DIRECT_LINE_SERVICE_URL, result.audience)).not.toBe(await factory.create());
  });
});

describe('web/citations.js (Teams-style citations for Web Chat)', () => {
  const cited = {
    type: 'message',
    text: 'Ask your manager [1].',
    entities: [{ type: 'https://schema.org/Message', citation: [{ '@type': 'Claim', position: 1, appearance: { name: 'Atrium "and" Insights', abstract: 'Your manager helps.' } }] }],
  };

  it('adds the Markdown link definition Web Chat renders citations from, and the text its dialog shows', () => {
    const adapted = adaptCitations(cited);
    expect(adapted.text).toBe('Ask your manager [1].\n\n[1]: cite:1 "Atrium \'and\' Insights"');
    expect(adapted.entities[0]!.citation[0]!.appearance).toEqual({ name: 'Atrium "and" Insights', abstract: 'Your manager helps.', text: 'Your manager helps.' });
    expect(cited.text).toBe('Ask your manager [1].');
  });

  it('leaves other activities, and text that already has definitions, alone', () => {
    const plain = { type: 'message', text: 'hello' };
    expect(adaptCitations(plain)).toBe(plain);
    const defined = { ...cited, text: 'Ask [1].\n\n[1]: cite:1 "x"' };
    expect(adaptCitations(defined)).toBe(defined);
    const typing = { type: 'typing' };
    expect(adaptCitations(typing)).toBe(typing);
  });
});

describe('client address and origin', () => {
  const request = (headers: Record<string, string>, remoteAddress = '10.0.0.5', encrypted = false) =>
    ({ headers, socket: { remoteAddress, encrypted, localPort: 3978 } }) as unknown as IncomingMessage;

  it('uses the socket address unless proxies are trusted', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '1.2.3.4' }), 0)).toBe('10.0.0.5');
  });

  it('counts trusted proxies from the right of X-Forwarded-For (the left is client-written)', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }), 1)).toBe('1.2.3.4');
    expect(clientAddress(request({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 172.16.0.1' }), 2)).toBe('1.2.3.4');
  });

  it('trusts X-Forwarded-Proto only behind a trusted proxy, and never a malformed Host', () => {
    expect(requestOrigin(request({ host: 'chat.atradius.cz', 'x-forwarded-proto': 'https' }), 0)).toEqual({ secure: false, host: 'chat.atradius.cz' });
    expect(requestOrigin(request({ host: 'chat.atradius.cz', 'x-forwarded-proto': 'https' }), 1)).toEqual({ secure: true, host: 'chat.atradius.cz' });
    expect(requestOrigin(request({ host: 'evil.com/"><script>' }), 0).host).toBe('localhost:3978');
  });
});
