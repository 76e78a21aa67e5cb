import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { createLlmExtractor } from '../../../dialogs/extraction/llmExtractor.js';
import { createChatModel } from '../../../knowledge/llm/models.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../helpers/fakeOpenAI.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => fake.close());

const extractor = async () => createLlmExtractor(await createChatModel({ provider: 'openai', apiKey: 'k', baseURL: fake.baseURL, chatModel: 'm', timeoutMs: 2000, maxRetries: 0 }), createLogger('silent'));
const empty = { policyNumber: null, buyerName: null, buyerCountry: null, buyerRegistrationNumber: null, buyerVatId: null, invoices: [], disputed: null };

describe('LLM structured extraction (validated field by field)', () => {
  it('keeps valid model values and drops invalid ones (a wrong IČO, an impossible date)', async () => {
    fake.onChat = () => ({
      arguments: {
        ...empty,
        buyerName: 'ACME s.r.o.',
        buyerRegistrationNumber: '12345678',
        invoices: [{ number: '2024-118', issueDate: '2026-02-30', dueDate: '2026-03-03', amount: 12500, currency: 'EUR', outstanding: 99999 }],
        disputed: false,
      },
    });
    const result = await (await extractor())('Firma ACME s.r.o. nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.', { today: '2026-11-25', lang: 'cs' });
    expect(result.buyer).toEqual({ name: 'ACME s.r.o.' });
    expect(result.invoices).toEqual([{ number: '2024-118', dueDate: '2026-03-03', amount: 12500, currency: 'EUR' }]);
    expect(result.disputed).toBe(false);
  });

  it('fills what the model missed from the offline parser', async () => {
    fake.onChat = () => ({ arguments: { ...empty, buyerName: 'ACME s.r.o.' } });
    const result = await (await extractor())('ACME s.r.o., IČO 27074358, faktura 2024-118 na 12 500 EUR splatná 3. 3.', { today: '2026-11-25', lang: 'cs' });
    expect(result.buyer).toMatchObject({ name: 'ACME s.r.o.', registrationNumber: '27074358', country: 'CZ' });
    expect(result.invoices?.[0]).toMatchObject({ number: '2024-118', amount: 12500, currency: 'EUR', dueDate: '2026-03-03' });
  });

  it.each([[{ status: 500 }], [{ malformed: true as const }]])('falls back to the offline parser when the model fails (%j)', async (behaviour) => {
    fake.onChat = () => behaviour;
    const result = await (await extractor())('ACME s.r.o., IČO 27074358, nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.', { today: '2026-11-25', lang: 'cs' });
    expect(result).toMatchObject({ buyer: { name: 'ACME s.r.o.', registrationNumber: '27074358' }, invoices: [{ number: '2024-118', amount: 12500 }] });
  });
});
