import MiniSearch from 'minisearch';
import type { Passage } from '../ingest/passageSplitter.js';

/**
 * The peer we compare against: plain BM25 (MiniSearch defaults: lower-cased words, no stemming,
 * no synonyms) over the same passages, with the same title and heading fields.
 */
export class Bm25Baseline {
  private readonly mini = new MiniSearch<{ id: number; text: string; heading: string }>({
    fields: ['text', 'heading'],
    searchOptions: { boost: { heading: 1.5 } },
  });

  constructor(private readonly passages: Passage[]) {
    this.mini.addAll(passages.map((p, id) => ({ id, text: p.pageContent, heading: [p.metadata.title, ...p.metadata.headings].join(' ') })));
  }

  search(question: string, k = 10): Passage[] {
    return this.mini
      .search(question)
      .slice(0, k)
      .map((r) => this.passages[r.id as number]!);
  }
}
