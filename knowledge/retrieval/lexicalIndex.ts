import type { TextAnalyzer } from '../text/analyzer.js';
import type { Lang } from '../../locales/lang.js';
import type { Passage } from '../ingest/passageSplitter.js';
import { Bm25Index } from './bm25Index.js';
import type { PassageStore, StoredPassage } from './passageStore.js';

export interface LexicalHit {
  id: string;
  score: number;
}

/** A passage with its analysed terms: what the lexical index and the passage store are built from. */
export function analysePassage(analyzer: TextAnalyzer, passage: Passage): StoredPassage {
  const { lang, title, headings } = passage.metadata;
  return {
    passage,
    body: analyzer.terms(passage.pageContent, lang).join(' '),
    heading: analyzer.terms([title, ...headings].join('\n'), lang).join(' '),
    section: analyzer.terms(headings.join('\n'), lang).join(' '),
  };
}

const split = (terms: string): string[] => (terms ? terms.split(' ') : []);

/** Builds the BM25 index of analysed passages, label i = records[i]. */
export function buildBm25(records: readonly StoredPassage[]): Bm25Index {
  return Bm25Index.build(records.map((r) => ({ lang: r.passage.metadata.lang, body: split(r.body), heading: split(r.heading), section: split(r.section) })));
}

/**
 * BM25 over analysed terms (Bm25Index: flat typed arrays, loaded from one binary file), plus the
 * document frequencies and per-passage term sets that the evidence check needs. The term sets
 * are made from the index's forward lists for the candidates a query scores, never held as Sets
 * for the corpus.
 */
export class LexicalIndex {
  /** Term sets of recently scored passages: a query scores a few dozen candidates, several times. */
  private readonly termSets = new Map<number, { all: Set<string>; section: Set<string> }>();
  private static readonly TERM_SET_CACHE = 1_000;

  constructor(
    private readonly bm25: Bm25Index,
    private readonly store: PassageStore,
  ) {
    if (bm25.size !== store.size) throw new Error(`The lexical index has ${bm25.size} passages, the passage store ${store.size}`);
  }

  get size(): number {
    return this.bm25.size;
  }

  has(id: string): boolean {
    return this.store.labelOf(id) !== undefined;
  }

  /** The passage's language, without reading the passage. */
  langOf(id: string): Lang | undefined {
    const label = this.store.labelOf(id);
    return label === undefined ? undefined : this.bm25.langOf(label);
  }

  /** The binary form of the BM25 index (the passage store is saved by itself). */
  serialize(): Buffer {
    return this.bm25.serialize();
  }

  search(terms: string[], options: { lang?: Lang; limit: number }): LexicalHit[] {
    const query = this.discriminating(terms);
    if (query.length === 0) return [];
    return this.bm25.search(query, options).map((hit) => ({ id: this.store.ids[hit.doc]!, score: hit.score }));
  }

  /**
   * The query terms worth a posting-list scan. In a large corpus a term found in more than a tenth
   * of the passages ranks almost nothing but costs a scan of all of them; such terms are dropped
   * (the rarest few are always kept). Evidence (coverage) still weighs every word of the question.
   */
  private discriminating(terms: string[]): string[] {
    const unique = [...new Set(terms)];
    const n = this.size;
    if (n < 1000) return unique;
    const df = new Map(unique.map((t) => [t, this.bm25.df(t)]));
    const byRarity = unique.sort((a, b) => df.get(a)! - df.get(b)!);
    const kept = byRarity.filter((t, i) => i < 3 || df.get(t)! / n <= 0.1);
    return kept.slice(0, 8);
  }

  /** Whether some passage holds the term. */
  holds(term: string): boolean {
    return this.bm25.df(term) > 0;
  }

  /** Inverse document frequency (BM25's form); a term never seen gets the highest value. */
  idf(term: string): number {
    const n = this.size;
    const df = this.bm25.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private sets(id: string): { all: Set<string>; section: Set<string> } | undefined {
    const label = this.store.labelOf(id);
    if (label === undefined) return undefined;
    const cached = this.termSets.get(label);
    if (cached) return cached;
    const sets = { all: new Set(this.bm25.termsOf(label)), section: new Set(this.bm25.sectionTermsOf(label)) };
    if (this.termSets.size >= LexicalIndex.TERM_SET_CACHE) this.termSets.delete(this.termSets.keys().next().value!);
    this.termSets.set(label, sets);
    return sets;
  }

  /** Terms of the passage's heading path only. */
  sectionTermsOf(id: string): ReadonlySet<string> {
    return this.sets(id)?.section ?? new Set();
  }

  /** The distinct terms of a passage: body and heading (title + headings). */
  termsOf(id: string): ReadonlySet<string> {
    return this.sets(id)?.all ?? new Set();
  }
}
