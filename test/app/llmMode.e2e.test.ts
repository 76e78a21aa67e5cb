import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { evaluateCitedAnswers } from '../../knowledge/evaluation/evaluate.js';
import { readEvalSet } from '../../knowledge/evaluation/evalSet.js';
import { GroundedAnswerer } from '../../knowledge/answering/groundedAnswerer.js';
import { createChatModel } from '../../knowledge/llm/models.js';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fakeOpenAI.js';
import { projectKnowledge } from '../helpers/knowledge.js';

let fake: FakeOpenAI;
let bot: RunningApp;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  bot = await startTestApp({ OPENAI_API_KEY: 'sk-test-secret-key', OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'fake-chat', OPENAI_TIMEOUT_MS: '2000', OPENAI_MAX_RETRIES: '0' });
});
afterAll(async () => {
  await bot.stop();
  await fake.close();
});

describe('the bot in LLM mode (fake OpenAI-compatible server)', () => {
  it('reports the mode and models on /healthz, never the key', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', mode: 'llm', chatModel: 'fake-chat' });
    expect(text).not.toContain('sk-test-secret-key');
  });

  it('answers with a generated, cited message labelled as AI-generated', async () => {
    fake.onChat = () => ({ arguments: { answer: 'Your customer-service manager helps you with Atradius Insights [1].', citations: [1] } });
    const { activities } = await postActivity(bot.url, messageActivity('Who can help me use Atradius Insights?', { conversation: { id: 'llm-1' } }));
    expect(activities[0]!.text).toBe('Your customer-service manager helps you with Atradius Insights [1].');
    expect(activities[0]!.entities?.[0]).toMatchObject({ additionalType: ['AIGeneratedContent'], citation: [{ position: 1 }] });
  });

  it('still answers, offline and cited, when the server misbehaves', async () => {
    fake.onChat = () => ({ status: 500 });
    const { activities } = await postActivity(bot.url, messageActivity('What is the address of your head office?', { conversation: { id: 'llm-2' } }));
    expect(activities[0]!.text).toMatch(/Ricardostraat[\s\S]*\[1\]/);
    expect(activities[0]!.entities?.[0]).not.toHaveProperty('additionalType');
  });

  it('fills a report from one free-text message through structured extraction', async () => {
    fake.onChat = (name) =>
      name === 'report_fields'
        ? { arguments: { policyNumber: 'CZ-2024-10001', buyerName: 'ACME s.r.o.', buyerCountry: 'CZ', buyerRegistrationNumber: '27074358', buyerVatId: null, invoices: [{ number: '2024-118', issueDate: null, dueDate: '2026-03-03', amount: 12500, currency: 'EUR', outstanding: null }], disputed: null } }
        : { status: 500 };
    const { activities } = await postActivity(bot.url, messageActivity('I want to report an overdue invoice: ACME s.r.o., reg. no. 27074358, invoice 2024-118 for EUR 12,500 due March 3rd, policy CZ-2024-10001', { conversation: { id: 'llm-3' } }));
    const text = activities.map((a) => a.text).join('\n');
    expect(text).toMatch(/already noted: Policy: CZ-2024-10001; Buyer: ACME s\.r\.o\.; Registration no\. \(IČO\): 27074358; Invoice 2024-118/);
    // Only what is missing is asked: the VAT number comes next.
    expect(text).toMatch(/VAT number of ACME/);
  });
});

describe('cross-lingual subset through the LLM path', () => {
  it('cites the Czech-only document for the English questions', async () => {
    const kb = await projectKnowledge();
    // The fake "translates" with a tiny glossary, as a model would into Czech search terms.
    const glossary: [RegExp, string][] = [[/insolvency register|insolvency proceedings|insolvency case|insolvency/gi, 'insolvenční řízení rejstřík'], [/lodge|filing|file/gi, 'přihláška pohledávky'], [/administrator/gi, 'insolvenční správce'], [/deadline|miss/gi, 'lhůta rozhodnutí o úpadku']];
    fake.onChat = (name, request) => {
      if (name === 'translation') {
        const q = request.messages.at(-1)!.content;
        return { arguments: { translation: glossary.reduce((text, [re, cs]) => text.replace(re, cs), q) } };
      }
      return { arguments: { answer: 'See the Czech guidance [1].', citations: [1] } };
    };
    const chat = await createChatModel({ provider: 'openai', apiKey: 'k', baseURL: fake.baseURL, chatModel: 'm', timeoutMs: 2000, maxRetries: 0 });
    const llm = new GroundedAnswerer({ offline: kb.offlineAnswerer, retriever: kb.retriever, analyzer: kb.analyzer, chat, logger: createLogger('silent') });
    const cross = readEvalSet(path.resolve('test/eval/extra-questions.jsonl')).filter((i) => i.crosslingual);
    const result = await evaluateCitedAnswers(llm, cross);
    expect(result.n).toBe(4);
    expect(result.cited).toBeGreaterThanOrEqual(3);
  });
});
