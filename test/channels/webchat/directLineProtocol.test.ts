import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../../helpers/app.js';
import { citationsOf, DirectLineTestClient, jwtPayload, StreamListener, type DlActivity } from './helpers/directLineClient.js';
import { TEST_TOKEN_SECRET } from './helpers/webChannelHarness.js';

// The whole bot on an ephemeral port, spoken to over the Direct Line 3.0 protocol as Web Chat does.
let bot: RunningApp;
let client: DirectLineTestClient;

beforeAll(async () => {
  bot = await startTestApp({ DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET });
  await bot.app.knowledge;
  client = new DirectLineTestClient(bot.url);
});
afterAll(async () => {
  await bot.stop();
});

const QUESTION = 'Who can help me use Atradius Insights?';
const isBotMessage = (a: DlActivity) => a.type === 'message' && a.from.role === 'bot';

/** A token whose claims we choose, signed with `secret` (the server's, or a forger's). */
function signToken(claims: Record<string, unknown>, secret: string, expiresAt: number) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('support-bot/directline')
    .setAudience('directline')
    .setIssuedAt(expiresAt - 1800)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

async function startedConversation(locale = 'en-US') {
  const session = await client.session();
  const started = await client.start(session.token, locale);
  expect(started.status).toBe(201);
  return { ...session, streamUrl: started.body.streamUrl };
}

describe('POST /api/directline/token', () => {
  it('issues a short-lived token bound to a server-chosen dl_ user and one conversation', async () => {
    const { status, headers, body } = await client.requestSession();
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.userId).toMatch(/^dl_[\w-]+$/);
    expect(body.conversationId).toMatch(/^[\w-]+$/);
    expect(body.expires_in).toBe(1800);
    expect(body.domain).toBe(`${bot.url}/v3/directline`);
    // Web Chat reads the user id from the token's `user` claim, as with Azure's tokens.
    const claims = jwtPayload(body.token);
    expect(claims).toMatchObject({ user: body.userId, conv: body.conversationId });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(1800);
  });

  it('gives every caller a different user and conversation', async () => {
    const [a, b] = await Promise.all([client.session(), client.session()]);
    expect(a.userId).not.toBe(b.userId);
    expect(a.conversationId).not.toBe(b.conversationId);
  });
});

describe('starting a conversation', () => {
  it('answers 201 with a stream URL and welcomes the user in the requested language', async () => {
    const session = await client.session();
    const { status, body } = await client.start(session.token, 'en-US');
    expect(status).toBe(201);
    expect(body.conversationId).toBe(session.conversationId);
    expect(body.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${session.conversationId}/stream\\?t=`));
    const { activities, watermark } = (await client.activities(session.token, session.conversationId)).body;
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ type: 'message', from: { role: 'bot' }, conversation: { id: session.conversationId } });
    expect(activities[0]!.text).toMatch(/^Hello, I am the virtual assistant/);
    expect(watermark).toBe('1');
  });

  it('welcomes in Czech for cs-CZ', async () => {
    const session = await client.session();
    await client.start(session.token, 'cs-CZ');
    const { activities } = (await client.activities(session.token, session.conversationId)).body;
    expect(activities[0]!.text).toMatch(/Dobrý den/);
    expect(activities[0]!.text).not.toMatch(/Hello/);
  });

  it('starting twice (a reload before Web Chat connected) returns the same conversation without a second welcome', async () => {
    const session = await startedConversation();
    const again = await client.start(session.token, 'en-US');
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(session.conversationId);
    const { activities } = (await client.activities(session.token, session.conversationId)).body;
    expect(activities.filter(isBotMessage)).toHaveLength(1);
  });

  it('answers 404 for a conversation that was never started', async () => {
    const session = await client.session();
    const { status, body } = await client.activities(session.token, session.conversationId);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'NotFound', message: expect.any(String) } });
  });
});

describe('posting and reading activities', () => {
  it('posts a question and reads the echo and the cited answer after the watermark', async () => {
    const session = await startedConversation();
    const before = (await client.activities(session.token, session.conversationId)).body.watermark!;

    const posted = await client.post(session.token, session.conversationId, {
      type: 'message',
      text: QUESTION,
      locale: 'en-US',
      from: { id: session.userId, name: 'Client', role: 'user' },
      channelData: { clientActivityID: 'client-1' },
    });
    expect(posted.status).toBe(200);
    expect(posted.body.id).toMatch(new RegExp(`^${session.conversationId}\\|\\d{7}$`));

    const { activities, watermark } = await client.waitForActivities(session.token, session.conversationId, (list) => list.some(isBotMessage), before);
    const [echo, answer] = activities;
    // The echo keeps what Web Chat needs to mark its message as sent.
    expect(echo).toMatchObject({ id: posted.body.id, type: 'message', text: QUESTION, from: { id: session.userId, name: 'Client', role: 'user' }, channelData: { clientActivityID: 'client-1' } });
    expect(answer).toMatchObject({ type: 'message', locale: 'en-US', replyToId: posted.body.id, from: { role: 'bot' } });
    expect(answer!.text).toMatch(/\[1\]/);
    const citations = citationsOf(answer!)!;
    expect(citations[0]).toMatchObject({ position: 1, appearance: { keywords: ['en/online-portal-atrium-and-insights.md'] } });
    expect(citations[0]!.appearance.abstract.length).toBeGreaterThan(20);
    expect(Number(watermark)).toBeGreaterThan(Number(before));

    // Nothing new after the latest watermark.
    const after = (await client.activities(session.token, session.conversationId, watermark)).body;
    expect(after).toEqual({ activities: [], watermark });
  });

  it('replaces a spoofed user id with the token\'s', async () => {
    const session = await startedConversation();
    const posted = await client.post(session.token, session.conversationId, { type: 'message', text: 'help', from: { id: 'dl_someone-else', name: 'Mallory' } });
    expect(posted.status).toBe(200);
    const { activities } = (await client.activities(session.token, session.conversationId)).body;
    const echo = activities.find((a) => a.id === posted.body.id)!;
    expect(echo.from).toEqual({ id: session.userId, name: 'Mallory', role: 'user' });
  });

  it('ignores server fields a client tries to set (conversation, id, serviceUrl)', async () => {
    const session = await startedConversation();
    const posted = await client.post(session.token, session.conversationId, {
      type: 'message',
      text: 'help',
      id: 'forged-id',
      conversation: { id: 'another-conversation' },
      serviceUrl: 'http://127.0.0.1:9/evil',
      recipient: { id: 'someone' },
    });
    const echo = (await client.activities(session.token, session.conversationId)).body.activities.find((a) => a.id === posted.body.id)!;
    expect(echo.id).not.toBe('forged-id');
    expect(echo.conversation).toEqual({ id: session.conversationId });
    expect(echo).not.toHaveProperty('serviceUrl');
    expect(echo).not.toHaveProperty('recipient');
  });

  it('rejects an activity that is not one with 400 BadArgument', async () => {
    const session = await startedConversation();
    const { status, body } = await client.post(session.token, session.conversationId, { type: 'conversationUpdate', membersAdded: [] });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'BadArgument' } });
  });

  it('rejects a malformed watermark', async () => {
    const session = await startedConversation();
    expect((await client.activities(session.token, session.conversationId, 'abc')).status).toBe(400);
  });
});

describe('tokens', () => {
  it('rejects a request without a token with 401', async () => {
    const session = await startedConversation();
    const res = await fetch(`${client.dl}/conversations/${session.conversationId}/activities`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });
  });

  it('rejects a forged token (signed with another key) with 403 TokenInvalid', async () => {
    const session = await startedConversation();
    const forged = await signToken({ user: session.userId, conv: session.conversationId }, 'not-the-servers-secret-0123456789abcdef', Math.floor(Date.now() / 1000) + 600);
    for (const result of [await client.activities(forged, session.conversationId), await client.post(forged, session.conversationId, { type: 'message', text: 'hi' }), await client.refresh(forged)]) {
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ error: { code: 'TokenInvalid' } });
    }
  });

  it('rejects a tampered token (claims changed after signing) and garbage', async () => {
    const session = await startedConversation();
    const [header, , signature] = session.token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...jwtPayload(session.token), user: 'dl_admin' })).toString('base64url');
    expect((await client.activities(`${header}.${payload}.${signature}`, session.conversationId)).status).toBe(403);
    expect((await client.activities('not-a-jwt', session.conversationId)).status).toBe(403);
  });

  it('rejects an expired token with 403 TokenExpired, also for refreshing it', async () => {
    const session = await startedConversation();
    const expired = await signToken({ user: session.userId, conv: session.conversationId }, TEST_TOKEN_SECRET, Math.floor(Date.now() / 1000) - 60);
    const read = await client.activities(expired, session.conversationId);
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ error: { code: 'TokenExpired', message: expect.any(String) } });
    expect((await client.refresh(expired)).status).toBe(403);
  });

  it('a token cannot read, post to, resume or stream another conversation', async () => {
    const alice = await startedConversation();
    const mallory = await startedConversation();
    for (const result of [
      await client.activities(mallory.token, alice.conversationId),
      await client.post(mallory.token, alice.conversationId, { type: 'message', text: 'hi' }),
      await client.resume(mallory.token, alice.conversationId),
    ]) {
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ error: { code: 'Forbidden' } });
    }
    // Mallory's own stream token, pointed at Alice's conversation.
    const streamToken = new URL(mallory.streamUrl).searchParams.get('t');
    const hijack = new StreamListener(alice.streamUrl.replace(/t=[^&]+/, `t=${streamToken}`));
    await expect(hijack.opened).rejects.toThrow(/403/);
    // And a conversation token is no stream token.
    const swapped = new StreamListener(alice.streamUrl.replace(/t=[^&]+/, `t=${alice.token}`));
    await expect(swapped.opened).rejects.toThrow(/403/);
  });

  it('refreshes a token for the same user and conversation', async () => {
    const session = await startedConversation();
    const { status, body } = await client.refresh(session.token);
    expect(status).toBe(200);
    expect(body.conversationId).toBe(session.conversationId);
    expect(jwtPayload(body.token)).toMatchObject({ user: session.userId, conv: session.conversationId });
    expect((await client.activities(body.token, session.conversationId)).status).toBe(200);
  });
});

describe('WebSocket stream', () => {
  it('delivers the welcome, the echo and the cited reply', async () => {
    const session = await startedConversation();
    const stream = new StreamListener(session.streamUrl);
    try {
      await stream.opened;
      await stream.waitFor((list) => list.some(isBotMessage));
      const posted = await client.post(session.token, session.conversationId, { type: 'message', text: QUESTION, locale: 'en-US' });
      const activities = await stream.waitFor((list) => list.some((a) => isBotMessage(a) && a.replyToId === posted.body.id));
      const reply = activities.find((a) => a.replyToId === posted.body.id && a.type === 'message')!;
      expect(citationsOf(reply)?.[0]?.position).toBe(1);
      expect(activities.some((a) => a.id === posted.body.id && a.from.role === 'user')).toBe(true);
      // Every kept activity comes with a watermark the client can resume from.
      expect(stream.sets.filter((s) => s.activities.some((a) => a.type === 'message')).every((s) => /^\d+$/.test(s.watermark ?? ''))).toBe(true);
    } finally {
      stream.close();
    }
  });
});

describe('resuming a conversation (reload)', () => {
  it('GET conversation gives a fresh stream URL that replays the history after the watermark', async () => {
    const session = await startedConversation();
    const posted = await client.post(session.token, session.conversationId, { type: 'message', text: QUESTION, locale: 'en-US' });
    const all = await client.waitForActivities(session.token, session.conversationId, (list) => list.some((a) => a.replyToId === posted.body.id));

    // No watermark: the whole history, as Web Chat needs after a reload.
    const resumed = await client.resume(session.token, session.conversationId);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ conversationId: session.conversationId, token: session.token });
    const replay = new StreamListener(resumed.body.streamUrl);
    try {
      const history = await replay.waitFor((list) => list.length >= all.activities.length);
      expect(history.map((a) => a.id)).toEqual(all.activities.map((a) => a.id));
    } finally {
      replay.close();
    }

    // With a watermark: only what came after it.
    const fromWelcome = await client.resume(session.token, session.conversationId, '1');
    expect(new URL(fromWelcome.body.streamUrl).searchParams.get('watermark')).toBe('1');
    const partial = new StreamListener(fromWelcome.body.streamUrl);
    try {
      const rest = await partial.waitFor((list) => list.some((a) => a.replyToId === posted.body.id));
      expect(rest[0]!.id).toBe(posted.body.id);
    } finally {
      partial.close();
    }
  });

  it('answers 404 when resuming an unknown conversation', async () => {
    const session = await client.session();
    const { status } = await client.resume(session.token, session.conversationId);
    expect(status).toBe(404);
  });
});

describe('rate limit of the token endpoint', () => {
  let limited: RunningApp;
  beforeAll(async () => {
    limited = await startTestApp({ DIRECT_LINE_TOKEN_RATE_LIMIT: '2' });
  });
  afterAll(async () => limited.stop());

  it('answers 429 with Retry-After once a client asked too often', async () => {
    const limitedClient = new DirectLineTestClient(limited.url);
    expect((await limitedClient.requestSession()).status).toBe(200);
    expect((await limitedClient.requestSession()).status).toBe(200);
    const third = await limitedClient.requestSession();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(third.body).toMatchObject({ error: { code: 'TooManyRequests' } });
  });
});
