import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntentRouter, loadIntentExamples } from '../../dialogs/intentRouter.js';
import { createLlmIntentAssistant } from '../../dialogs/llmIntentAssist.js';
import { HashedEmbeddings } from '../../knowledge/embeddings/hashedEmbeddings.js';
import { readEvalSet } from '../../knowledge/evaluation/evalSet.js';
import { TextAnalyzer } from '../../knowledge/text/analyzer.js';
import { loadLexicon } from '../../knowledge/text/lexicon.js';
import { createChatModel } from '../../knowledge/llm/models.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fakeOpenAI.js';

const embeddings = new HashedEmbeddings({ analyzer: new TextAnalyzer(loadLexicon()) });
const router = new IntentRouter(embeddings);

describe('IntentRouter (offline)', () => {
  const publicSet = readEvalSet(path.resolve('test/eval/questions.jsonl'));
  it.each(publicSet.map((i) => [i.id, i.text, i.lang, i.intent] as const))('%s "%s" → %s', (_id, text, lang, intent) => {
    const expected = intent === 'out_of_scope' ? 'question' : intent;
    expect(router.route(text, lang).intent).toBe(expected);
  });

  it.each([
    ['How do I report a claim?', 'en', 'report_claim'],
    ['Jak mám nahlásit škodnou událost?', 'cs', 'report_claim'],
    ['How do I notify an overdue invoice?', 'en', 'report_overdue'],
  ] as const)('"%s" is a question, with an offer to start %s', (text, lang, suggest) => {
    expect(router.route(text, lang)).toMatchObject({ intent: 'question', suggest });
  });

  it('recognises a case reference as a status request', () => {
    expect(router.route('jaký je stav CLM-2026-000123-7KQ4?', 'cs').intent).toBe('case_status');
  });

  it('keeps its examples apart from the public evaluation texts (no training on the test)', () => {
    const examples = loadIntentExamples();
    const all = Object.values(examples.intents).flatMap((x) => [...x.cs, ...x.en]);
    for (const item of publicSet) expect(all).not.toContain(item.text);
  });
});

describe('IntentRouter with an LLM assistant (fake server)', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => fake.close());

  it('asks the model only when unsure, and follows it', async () => {
    const chat = await createChatModel({ provider: 'openai', apiKey: 'k', baseURL: fake.baseURL, chatModel: 'm', timeoutMs: 2000, maxRetries: 0 });
    const assisted = new IntentRouter(embeddings, { assistant: createLlmIntentAssistant(chat) });
    fake.onChat = () => ({ arguments: { intent: 'handoff', aboutReporting: 'none' } });
    // Confident offline: no call.
    expect((await assisted.classify('Chci nahlásit škodnou událost', 'cs')).intent).toBe('report_claim');
    expect(fake.chatRequests).toHaveLength(0);
    // Uncertain offline: the model decides.
    const unsure = 'I would rather discuss this with someone';
    const offlineBest = Math.max(...Object.values(router.route(unsure, 'en').scores));
    expect(offlineBest).toBeGreaterThanOrEqual(0.3);
    expect(offlineBest).toBeLessThanOrEqual(0.65);
    expect((await assisted.classify(unsure, 'en')).intent).toBe('handoff');
    expect(fake.chatRequests).toHaveLength(1);
  });

  it('keeps the offline decision when the model fails', async () => {
    const chat = await createChatModel({ provider: 'openai', apiKey: 'k', baseURL: fake.baseURL, chatModel: 'm', timeoutMs: 2000, maxRetries: 0 });
    const assisted = new IntentRouter(embeddings, { assistant: createLlmIntentAssistant(chat) });
    fake.onChat = () => ({ status: 500 });
    const text = 'I would rather discuss this with someone';
    expect(await assisted.classify(text, 'en')).toMatchObject({ intent: router.route(text, 'en').intent });
  });
});
