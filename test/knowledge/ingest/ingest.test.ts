import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logger.js';
import { HashedEmbeddings } from '../../../knowledge/embeddings/hashedEmbeddings.js';
import { ingestKnowledge } from '../../../knowledge/ingest/ingest.js';
import { TextAnalyzer } from '../../../knowledge/text/analyzer.js';
import { lexiconFingerprint, loadLexicon } from '../../../knowledge/text/lexicon.js';
import { makeDocx, makePdf } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/app.js';

const lexicon = loadLexicon();
const analyzer = new TextAnalyzer(lexicon);

class CountingEmbeddings extends HashedEmbeddings {
  calls = 0;
  texts = 0;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    this.texts += texts.length;
    return super.embedDocuments(texts);
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const knowledgeDir = tempDir('kb-docs-');
  const dataDir = tempDir('kb-data-');
  dirs.push(knowledgeDir, dataDir);
  fs.mkdirSync(path.join(knowledgeDir, 'en'));
  fs.writeFileSync(path.join(knowledgeDir, 'en', 'claims.md'), '---\nid: claims\nlang: en\ntitle: Claims\n---\n# Claims\n\n## Reporting\n\nReport a claim through your manager.');
  fs.writeFileSync(path.join(knowledgeDir, 'limits.txt'), 'Credit limits\n\nWe decide on credit limits on time and tell you about progress.');
  fs.writeFileSync(path.join(knowledgeDir, 'renewal.docx'), await makeDocx(['# Renewal', 'At renewal the documents arrive on time.']));
  fs.writeFileSync(path.join(knowledgeDir, 'invoices.pdf'), makePdf(['Invoices', '', 'Every invoice states its due date and the service billed.']));
  fs.writeFileSync(path.join(knowledgeDir, 'appeal.html'), '<html lang="en"><body><h1>Appeal</h1><p>You have a right to appeal a claim decision.</p></body></html>');
  fs.writeFileSync(path.join(knowledgeDir, 'README.md'), '# Not knowledge\n\nThis folder holds documents.');
  return { knowledgeDir, dataDir };
}

function run(knowledgeDir: string, dataDir: string, embeddings = new CountingEmbeddings({ analyzer })) {
  return {
    embeddings,
    result: ingestKnowledge({
      knowledgeDir,
      dataDir,
      embeddings,
      embeddingId: embeddings.id,
      analyzer,
      lexiconFingerprint: lexiconFingerprint(lexicon),
      logger: createLogger('silent'),
    }),
  };
}

describe('ingestKnowledge', () => {
  it('indexes every supported format and skips README files', async () => {
    const { knowledgeDir, dataDir } = await setup();
    const { result } = run(knowledgeDir, dataDir);
    const { index, report } = await result;
    expect(report.files).toBe(5);
    expect(report.skipped).toEqual([]);
    const sources = new Set(index.passages.map((p) => p.metadata.source));
    expect(sources).toEqual(new Set(['en/claims.md', 'limits.txt', 'renewal.docx', 'invoices.pdf', 'appeal.html']));
    expect(fs.existsSync(path.join(dataDir, 'index', 'current'))).toBe(true);
  });

  it('costs nothing when no document changed, and re-embeds only a changed one', async () => {
    const { knowledgeDir, dataDir } = await setup();
    await run(knowledgeDir, dataDir).result;

    const second = run(knowledgeDir, dataDir);
    const { report, index } = await second.result;
    expect(report).toMatchObject({ changed: [], embedded: 0, rebuilt: false });
    expect(second.embeddings.texts).toBe(0);
    expect(index.size).toBeGreaterThanOrEqual(5);

    fs.writeFileSync(path.join(knowledgeDir, 'limits.txt'), 'Credit limits\n\nA reduction of a credit limit comes with reasonable notice.');
    const third = run(knowledgeDir, dataDir);
    const after = await third.result;
    expect(after.report.changed).toEqual(['limits.txt']);
    expect(third.embeddings.texts).toBe(after.report.embedded);
    expect(after.report.embedded).toBe(1);
    expect(after.index.size).toBe(index.size);
    const hits = after.index.lexical.search(analyzer.terms('reasonable notice', 'en'), { limit: 1 });
    expect(after.index.passage(hits[0]!.id)!.pageContent).toMatch(/reasonable notice/);
  });

  it('drops the passages of a removed file', async () => {
    const { knowledgeDir, dataDir } = await setup();
    const { index } = await run(knowledgeDir, dataDir).result;
    fs.rmSync(path.join(knowledgeDir, 'appeal.html'));
    const after = await run(knowledgeDir, dataDir).result;
    expect(after.report.removed).toEqual(['appeal.html']);
    expect(after.index.size).toBe(index.size - 1);
    expect(after.index.passages.some((p) => p.metadata.source === 'appeal.html')).toBe(false);
  });

  it('reports a corrupt file by name and indexes the rest', async () => {
    const { knowledgeDir, dataDir } = await setup();
    fs.writeFileSync(path.join(knowledgeDir, 'broken.pdf'), 'not a pdf at all');
    const { report, index } = await run(knowledgeDir, dataDir).result;
    expect(report.skipped.map((s) => s.source)).toEqual(['broken.pdf']);
    expect(index.passages.some((p) => p.metadata.source === 'limits.txt')).toBe(true);
    // Unchanged, it is reported again without being re-read.
    const again = await run(knowledgeDir, dataDir).result;
    expect(again.report.skipped.map((s) => s.source)).toEqual(['broken.pdf']);
    expect(again.report.rebuilt).toBe(false);
  });

  it('rebuilds everything when the embedding changes: vectors are never mixed', async () => {
    const { knowledgeDir, dataDir } = await setup();
    await run(knowledgeDir, dataDir).result;
    const other = new CountingEmbeddings({ analyzer, dimensions: 128 });
    const { report, index } = await run(knowledgeDir, dataDir, other).result;
    expect(report.rebuilt).toBe(true);
    expect(other.texts).toBe(index.size);
    expect(index.vector(index.passages[0]!.metadata.id)).toHaveLength(128);
  });

  it('fails clearly when the knowledge directory does not exist', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    await expect(run(path.join(dataDir, 'missing'), dataDir).result).rejects.toThrow(/KNOWLEDGE_DIR/);
  });
});
