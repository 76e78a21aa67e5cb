import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../helpers/app.js';
import { DirectLineTestClient, StreamListener } from '../channels/webchat/helpers/directLineClient.js';

// Exploits: channelData/value of up to 256 kB kept per activity, 500 per conversation, with a
// cap that counted conversations, not bytes; unlimited WebSockets per conversation (500 sockets
// turned 1 MB posted into 500 MB sent); 10k token + conversation opens pushed real users out of
// the in-memory store (least-recently-active eviction).

let bot: RunningApp;
let client: DirectLineTestClient;
beforeAll(async () => {
  bot = await startTestApp({ DIRECT_LINE_TOKEN_RATE_LIMIT: '1000', DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS: '5', DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION: '3' });
  client = new DirectLineTestClient(bot.url);
});
afterAll(async () => {
  await bot?.stop();
});

async function openConversation() {
  const session = await client.session();
  return { session, started: await client.start(session.token) };
}

describe('Direct Line resource bounds', () => {
  it('one address cannot crowd out other users: its sixth conversation gets 429, the first ones keep working', async () => {
    const first = await openConversation();
    expect(first.started.status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await openConversation()).started.status).toBe(201);
    const sixth = await openConversation();
    expect(sixth.started.status).toBe(429);
    expect(sixth.started.headers.get('retry-after')).toBeTruthy();
    // Nobody was evicted for the newcomer: the first conversation still answers.
    const posted = await client.post(first.session.token, first.session.conversationId, { type: 'message', text: 'Jak nahlásit škodu?', from: { id: first.session.userId } });
    expect(posted.status).toBe(200);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('an activity stuffed with 100 kB of channelData is refused with 413 and not kept', async () => {
    const bounded = await startTestApp({ DIRECT_LINE_TOKEN_RATE_LIMIT: '1000' });
    try {
      const other = new DirectLineTestClient(bounded.url);
      const session = await other.session();
      await other.start(session.token);
      const stuffed = await other.post(session.token, session.conversationId, { type: 'message', text: 'hi', from: { id: session.userId }, channelData: { blob: 'x'.repeat(100_000) } });
      expect(stuffed.status).toBe(413);
      const kept = (await other.activities(session.token, session.conversationId)).body.activities;
      expect(kept.some((a) => JSON.stringify(a).includes('xxxxxxxxxx'))).toBe(false);
    } finally {
      await bounded.stop();
    }
  });

  it('a conversation holds at most three streams; the fourth upgrade is refused with 429', async () => {
    const bounded = await startTestApp({ DIRECT_LINE_TOKEN_RATE_LIMIT: '1000' });
    const streams: StreamListener[] = [];
    try {
      const other = new DirectLineTestClient(bounded.url);
      const session = await other.session();
      await other.start(session.token);
      for (let i = 0; i < 3; i++) {
        const { body } = await other.resume(session.token, session.conversationId);
        const stream = new StreamListener(body.streamUrl);
        streams.push(stream);
        await stream.opened;
      }
      const { body } = await other.resume(session.token, session.conversationId);
      const fourth = new StreamListener(body.streamUrl);
      streams.push(fourth);
      await expect(fourth.opened).rejects.toThrow(/429/);
      // One closes: a reconnect gets its place.
      streams[0]!.close();
      await streams[0]!.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = new StreamListener((await other.resume(session.token, session.conversationId)).body.streamUrl);
      streams.push(again);
      await again.opened;
    } finally {
      for (const s of streams) s.close();
      await bounded.stop();
    }
  });
});
