import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { GroundedAnswerer } from '../../../knowledge/answering/groundedAnswerer.js';
import { createChatModel } from '../../../knowledge/llm/models.js';
import { messageActivity, type RunningApp } from '../../helpers/app.js';
import { channelAuthorization, startVerifiedTestApp } from '../../helpers/verifiedApp.js';
import { startChannelReceiver } from '../../helpers/channelReceiver.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../helpers/fakeOpenAI.js';
import { projectKnowledge } from '../../helpers/knowledge.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => fake.close());

const ANSWER = 'Your customer-service manager gives you guidance and support with access to and use of Atradius Insights [1].';

async function answerer() {
  const kb = await projectKnowledge();
  const chat = await createChatModel({ provider: 'openai', apiKey: 'k', baseURL: fake.baseURL, chatModel: 'm', timeoutMs: 3000, maxRetries: 0 });
  return new GroundedAnswerer({ offline: kb.offlineAnswerer, retriever: kb.retriever, analyzer: kb.analyzer, chat, logger: createLogger('silent') });
}

describe('streaming LLM answers', () => {
  it('reports the answer as it is written, then validates the complete structured answer', async () => {
    fake.onChat = () => ({ arguments: { answer: ANSWER, citations: [1] } });
    const partials: string[] = [];
    const answer = await (await answerer()).answer('Who can help me use Atradius Insights?', { onPartial: (t) => void partials.push(t) });
    expect(answer).toMatchObject({ kind: 'answer', generated: true, text: ANSWER });
    expect(partials.length).toBeGreaterThan(3);
    // Each interim text grows and is a beginning of the final one.
    partials.forEach((p, i) => {
      expect(ANSWER.startsWith(p)).toBe(true);
      if (i > 0) expect(p.length).toBeGreaterThanOrEqual(partials[i - 1]!.length);
    });
    expect(fake.chatRequests.at(-1)!.stream).toBe(true);
  });

  it('asks again without streaming when the server cannot stream', async () => {
    fake.onChat = (_name, request) => (request.stream ? { status: 400, body: '{"error":{"message":"stream not supported"}}' } : { arguments: { answer: ANSWER, citations: [1] } });
    const answer = await (await answerer()).answer('Who can help me use Atradius Insights?', { onPartial: () => undefined });
    expect(answer).toMatchObject({ kind: 'answer', generated: true });
  });
});

describe('livestream to the channel (Direct Line protocol over a loopback connector)', () => {
  let bot: RunningApp;
  let receiver: Awaited<ReturnType<typeof startChannelReceiver>>;
  beforeAll(async () => {
    receiver = await startChannelReceiver();
    // As Azure Direct Line posts it: a signed activity (unsigned ones for this channel are refused).
    bot = await startVerifiedTestApp({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.baseURL, OPENAI_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await bot.stop();
    await receiver.close();
  });

  it('sends interim typing activities with the text so far, then the final message ending the stream', async () => {
    fake.onChat = (name) => (name === 'grounded_answer' || name === '' ? { arguments: { answer: ANSWER, citations: [1] } } : { arguments: { standalone: 'x', translation: 'x' } });
    const activity = messageActivity('Who can help me use Atradius Insights?', { channelId: 'directline', deliveryMode: 'normal', serviceUrl: receiver.url, conversation: { id: 'live-1' } });
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await channelAuthorization(bot.url, activity)) }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    const final = await receiver.waitFor((r) => r.activity.type === 'message' && r.activity.text === ANSWER);
    const interim = receiver.received.filter((r) => r.activity.type === 'typing' && (r.activity as { channelData?: { streamType?: string } }).channelData?.streamType === 'streaming');
    expect(interim.length).toBeGreaterThan(0);
    const first = interim[0]!.activity as unknown as { text?: string; channelData: { streamSequence: number; streamId?: string } };
    expect(first.channelData.streamSequence).toBe(1);
    expect(first.channelData.streamId).toBeUndefined();
    for (const r of interim) expect(ANSWER.startsWith((r.activity as { text: string }).text)).toBe(true);
    const finalData = (final.activity as { channelData?: { streamType?: string; streamId?: string }; entities?: { type: string; streamType?: string }[] });
    expect(finalData.channelData).toMatchObject({ streamType: 'final', streamId: 'recv-1' });
    expect(finalData.entities?.some((e) => e.type === 'streaminfo' && e.streamType === 'final')).toBe(true);
    expect(finalData.entities?.some((e) => e.type === 'https://schema.org/Message')).toBe(true);
  });
});
