import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index, type Bm25Document } from '../../../knowledge/retrieval/bm25Index.js';
import { seededRandom } from '../../../bench/syntheticCorpus.js';
import { tempDir } from '../../helpers/app.js';

/**
 * The typed-array BM25 must rank exactly like what the retriever used before it (MiniSearch with
 * the same fields and boost), and like BM25 written out by hand.
 */

const corpus: Bm25Document[] = [
  { lang: 'en', body: ['claim', 'report', 'manager', 'claim'], heading: ['claim'] },
  { lang: 'en', body: ['credit', 'limit', 'decid', 'time'], heading: ['limit'] },
  { lang: 'cs', body: ['pojistn', 'událost', 'hlás', 'manažer'], heading: ['škod', 'událost'], section: ['hlášen', 'událost'] },
  { lang: 'cs', body: ['limit', 'odběratel', 'limit', 'limit', 'žádost'], heading: [] },
  { lang: 'en', body: ['invoice', 'due', 'date', 'claim'], heading: ['invoic'] },
  { lang: 'cs', body: [], heading: ['kontakt', '~head-office'] },
];

/** BM25+ per field as MiniSearch computes it, summed, times the number of matched query terms. */
function referenceScores(docs: Bm25Document[], query: string[]): Map<number, number> {
  const n = docs.length;
  const fields = [
    { of: (d: Bm25Document) => d.body, boost: 1 },
    { of: (d: Bm25Document) => d.heading, boost: 1.5 },
  ];
  const scores = new Map<number, { score: number; matched: number }>();
  for (const term of new Set(query)) {
    for (const { of, boost } of fields) {
      const df = docs.filter((d) => of(d).includes(term)).length;
      const avg = docs.reduce((a, d) => a + new Set(of(d)).size, 0) / n;
      docs.forEach((d, i) => {
        const tf = of(d).filter((t) => t === term).length;
        if (!tf) return;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const s = boost * idf * (0.5 + (tf * 2.2) / (tf + 1.2 * (1 - 0.7 + (0.7 * new Set(of(d)).size) / avg)));
        const e = scores.get(i) ?? { score: 0, matched: 0 };
        scores.set(i, { score: e.score + s, matched: e.matched });
      });
    }
    docs.forEach((d, i) => {
      if (d.body.includes(term) || d.heading.includes(term)) scores.get(i)!.matched++;
    });
  }
  return new Map([...scores].map(([i, e]) => [i, e.score * e.matched]));
}

function expectSameRanking(index: Bm25Index, docs: Bm25Document[], query: string[]) {
  const hits = index.search(query, { limit: docs.length });
  const reference = referenceScores(docs, query);
  expect(hits.map((h) => h.doc).sort()).toEqual([...reference.keys()].sort());
  for (const hit of hits) expect(hit.score).toBeCloseTo(reference.get(hit.doc)!, 4);
  for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
}

describe('Bm25Index', () => {
  const index = Bm25Index.build(corpus);

  it('scores like a straightforward BM25 (per-field idf and length, heading boost, matched-terms factor)', () => {
    expectSameRanking(index, corpus, ['claim']);
    expectSameRanking(index, corpus, ['claim', 'manager', 'invoic']);
    expectSameRanking(index, corpus, ['limit', 'událost', 'unknown']);
    expectSameRanking(index, corpus, ['~head-office', 'kontakt', 'kontakt']);
  });

  it('ranks like MiniSearch with the fields and boost the retriever used before', () => {
    const random = seededRandom(7);
    const vocabulary = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const docs: Bm25Document[] = Array.from({ length: 300 }, (_, i) => ({
      lang: i % 3 ? 'cs' : 'en',
      body: Array.from({ length: 5 + Math.floor(random() * 40) }, () => vocabulary[Math.floor(random() * random() * vocabulary.length)]!),
      heading: Array.from({ length: Math.floor(random() * 4) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!),
    }));
    const mini = new MiniSearch<{ id: number; body: string; heading: string }>({
      fields: ['body', 'heading'],
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      searchOptions: { boost: { heading: 1.5 }, combineWith: 'OR' },
    });
    mini.addAll(docs.map((d, id) => ({ id, body: d.body.join(' '), heading: d.heading.join(' ') })));
    const ours = Bm25Index.build(docs);
    for (let q = 0; q < 40; q++) {
      const query = [...new Set(Array.from({ length: 1 + (q % 5) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!))];
      const expected = mini.search(query.join(' ')).slice(0, 10);
      const got = ours.search(query, { limit: 10 });
      expect(got.map((h) => h.score)).toEqual(expected.map((r) => expect.closeTo(r.score, 3)));
      // Same documents at the same ranks, except where two scores tie.
      got.forEach((hit, rank) => {
        if (Math.abs(hit.score - expected[rank]!.score) > 1e-3 * hit.score) return;
        const tied = expected.filter((r) => Math.abs(r.score - hit.score) < 1e-4 * hit.score).map((r) => r.id);
        expect(tied).toContain(hit.doc);
      });
    }
  });

  it('filters by language and cuts at the limit', () => {
    const hits = index.search(['limit', 'událost', 'claim'], { limit: 10, lang: 'cs' });
    expect(hits.map((h) => index.langOf(h.doc))).toEqual(hits.map(() => 'cs'));
    expect(hits.map((h) => h.doc).sort()).toEqual([2, 3]);
    expect(index.search(['limit', 'událost', 'claim'], { limit: 1 })).toHaveLength(1);
  });

  it('counts documents per term across fields', () => {
    expect(index.df('claim')).toBe(2);
    expect(index.df('limit')).toBe(2);
    expect(index.df('nothing')).toBe(0);
  });

  it('keeps each document\'s distinct terms and heading-path terms (the evidence check reads them)', () => {
    expect(index.termsOf(0).sort()).toEqual(['claim', 'manager', 'report']);
    expect(index.termsOf(2).sort()).toEqual(['hlás', 'manažer', 'pojistn', 'událost', 'škod'].sort());
    expect(index.sectionTermsOf(2).sort()).toEqual(['hlášen', 'událost'].sort());
    expect(index.sectionTermsOf(0)).toEqual([]);
    expect(index.termsOf(99)).toEqual([]);
    // A term only in a heading path is known but matches nothing.
    expect(index.df('hlášen')).toBe(0);
    expect(index.search(['hlášen'], { limit: 5 })).toEqual([]);
  });

  it('survives a round trip through its file, unicode terms included', () => {
    const dir = tempDir('bm25-');
    try {
      const file = path.join(dir, 'lexical.bm25');
      fs.writeFileSync(file, index.serialize());
      const loaded = Bm25Index.deserialize(fs.readFileSync(file));
      expect(loaded.size).toBe(index.size);
      expect(loaded.termCount).toBe(index.termCount);
      for (const query of [['claim'], ['škod', 'událost'], ['~head-office'], ['limit', 'žádost', 'odběratel']]) {
        expect(loaded.search(query, { limit: 10 })).toEqual(index.search(query, { limit: 10 }));
      }
      expect(loaded.df('událost')).toBe(1);
      expect(loaded.langOf(2)).toBe('cs');
      for (let doc = 0; doc < corpus.length; doc++) {
        expect(loaded.termsOf(doc)).toEqual(index.termsOf(doc));
        expect(loaded.sectionTermsOf(doc)).toEqual(index.sectionTermsOf(doc));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads from a buffer that does not start on a 4-byte boundary', () => {
    const bytes = index.serialize();
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    expect(Bm25Index.deserialize(shifted.subarray(1)).search(['claim'], { limit: 3 })).toEqual(index.search(['claim'], { limit: 3 }));
  });

  it('is empty without documents, also after a round trip', () => {
    const empty = Bm25Index.build([]);
    expect(empty.size).toBe(0);
    expect(empty.search(['claim'], { limit: 5 })).toEqual([]);
    const loaded = Bm25Index.deserialize(empty.serialize());
    expect(loaded.size).toBe(0);
    expect(loaded.df('claim')).toBe(0);
    expect(loaded.search(['claim'], { limit: 5 })).toEqual([]);
  });

  it('rejects a file that is not an index or is cut short', () => {
    expect(() => Bm25Index.deserialize(Buffer.from('not an index at all, just some plain text of a file'))).toThrow(/Not a lexical index/);
    const bytes = index.serialize();
    expect(() => Bm25Index.deserialize(bytes.subarray(0, bytes.length - 40))).toThrow(/truncated/);
  });
});
