import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmQueryRewriter, OfflineQueryRewriter } from '../../../knowledge/answering/followUp.js';
import { createChatModel } from '../../../knowledge/llm/models.js';
import { TextAnalyzer } from '../../../knowledge/text/analyzer.js';
import { loadLexicon } from '../../../knowledge/text/lexicon.js';
import { projectKnowledge } from '../../helpers/knowledge.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../helpers/fakeOpenAI.js';

const offline = new OfflineQueryRewriter(new TextAnalyzer(loadLexicon()));

describe('follow-up questions', () => {
  it.each([
    ['and how long does that take?', ['How do I report a claim?'], 'en', /report claim/],
    ['A jak dlouho to trvá?', ['Jak nahlásit škodnou událost?'], 'cs', /nahlásit škodnou událost/],
  ] as const)('offline: "%s" carries the previous topic', async (question, previous, lang, expected) => {
    expect(await offline.rewrite(question, [...previous], lang)).toMatch(expected);
  });

  it('offline: a question that stands on its own is left alone', async () => {
    expect(await offline.rewrite('What is the address of your head office?', ['How do I report a claim?'], 'en')).toBe('What is the address of your head office?');
    expect(await offline.rewrite('and how long does that take?', [], 'en')).toBe('and how long does that take?');
  });

  it('the carried topic makes retrieval find the previous document', async () => {
    const kb = await projectKnowledge();
    const standalone = await offline.rewrite('And what documents do I need for that?', ['How do I report a claim?'], 'en');
    const [best] = await kb.retriever.search(standalone, { lang: 'en' });
    expect(best!.passage.metadata.source).toBe('en/reporting-a-claim.md');
  });

  describe('with an LLM', () => {
    let fake: FakeOpenAI;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
    });
    afterAll(async () => fake.close());
    const chat = () => createChatModel({ provider: 'openai', apiKey: 'k', baseURL: fake.baseURL, chatModel: 'm', timeoutMs: 2000, maxRetries: 0 });

    it('uses the model\'s standalone question', async () => {
      fake.onChat = () => ({ arguments: { standalone: 'How long does reporting a claim take?' } });
      expect(await new LlmQueryRewriter(await chat(), offline).rewrite('and how long does that take?', ['How do I report a claim?'], 'en')).toBe('How long does reporting a claim take?');
      expect(fake.chatRequests.at(-1)!.messages[1]!.content).toMatch(/How do I report a claim\?/);
    });

    it('falls back to the offline rewrite when the model fails', async () => {
      fake.onChat = () => ({ status: 500 });
      expect(await new LlmQueryRewriter(await chat(), offline).rewrite('and how long does that take?', ['How do I report a claim?'], 'en')).toMatch(/report claim/);
    });
  });
});
