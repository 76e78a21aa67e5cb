import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { createEmbeddings } from '../../../knowledge/llm/models.js';
import { openKnowledgeBase } from '../../../knowledge/knowledgeBase.js';
import { tempDir } from '../../helpers/app.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../helpers/fakeOpenAI.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => fake.close());

function docs() {
  const dir = tempDir('llm-docs-');
  fs.writeFileSync(path.join(dir, 'a.md'), '---\nid: a\nlang: en\ntitle: Claims\n---\n# Claims\n\n## Reporting\n\nReport a claim to your manager with the invoices.');
  fs.writeFileSync(path.join(dir, 'b.md'), '---\nid: b\nlang: en\ntitle: Limits\n---\n# Limits\n\n## Reduction\n\nWe reduce a credit limit only with reasonable notice.');
  return dir;
}

const settings = (model: string) => ({ provider: 'openai' as const, apiKey: 'test-key', baseURL: fake.baseURL, chatModel: 'x', embeddingModel: model, timeoutMs: 2000, maxRetries: 3 });

describe('OpenAI embeddings for the index (fake server)', () => {
  it('builds the index with the model, retrying a 429, records it, and rebuilds when the model changes', async () => {
    const knowledgeDir = docs();
    const dataDir = tempDir('llm-data-');
    fake.onEmbeddings = (call) => (call === 0 ? { status: 429, retryAfter: '0' } : undefined);
    const first = await openKnowledgeBase({ knowledgeDir, dataDir, logger: createLogger('silent'), embeddings: await createEmbeddings(settings('embed-a')) });
    expect(first.embeddingId).toBe('openai:embed-a');
    expect(first.index.manifest.embedding).toBe('openai:embed-a');
    expect(fake.embeddingRequests.filter((r) => r.model === 'embed-a').length).toBeGreaterThanOrEqual(2);
    const [hit] = await first.retriever.search('how do I report a claim', { lang: 'en' });
    expect(hit!.passage.metadata.docId).toBe('a');

    // Unchanged documents and model: nothing embedded again.
    const before = fake.embeddingRequests.length;
    const again = await openKnowledgeBase({ knowledgeDir, dataDir, logger: createLogger('silent'), embeddings: await createEmbeddings(settings('embed-a')) });
    expect(again.report.embedded).toBe(0);
    // Only the query embedding of a search, none for documents.
    expect(fake.embeddingRequests.length).toBe(before);

    const switched = await openKnowledgeBase({ knowledgeDir, dataDir, logger: createLogger('silent'), embeddings: await createEmbeddings(settings('embed-b')) });
    expect(switched.report.rebuilt).toBe(true);
    expect(switched.index.manifest.embedding).toBe('openai:embed-b');
    expect(switched.report.embedded).toBe(2);
  });
});
