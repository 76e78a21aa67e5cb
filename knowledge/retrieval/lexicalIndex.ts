import MiniSearch from 'minisearch';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Lang } from '../../locales/lang.js';
import type { Passage } from '../ingest/passageSplitter.js';

interface LexicalRecord {
  id: string;
  lang: Lang;
  /** Analysed terms of the passage text, space-joined (MiniSearch then only splits on spaces). */
  body: string;
  /** Analysed terms of the document title and the passage's heading path. */
  heading: string;
  /** Analysed terms of the heading path alone (what tells sections of one document apart). */
  section: string;
}

export interface LexicalHit {
  id: string;
  score: number;
}

interface SerializedLexicalIndex {
  version: 1;
  mini: unknown;
  records: Record<string, Omit<LexicalRecord, 'id'>>;
}

/** The distinct terms of a passage: body and heading (title + headings). */
function termsOfRecord(record: LexicalRecord): Set<string> {
  return new Set(`${record.body} ${record.heading}`.split(' ').filter(Boolean));
}

const EMPTY_TERMS: ReadonlySet<string> = new Set();

const miniOptions = {
  idField: 'id',
  fields: ['body', 'heading'],
  storeFields: ['lang'],
  tokenize: (text: string) => text.split(' ').filter(Boolean),
  processTerm: (term: string) => term,
  searchOptions: { boost: { heading: 1.5 }, combineWith: 'OR' as const },
};

/**
 * BM25 over analysed terms (MiniSearch does the ranking), plus the document frequencies and
 * per-passage term sets that the evidence check needs.
 */
export class LexicalIndex {
  private readonly records = new Map<string, LexicalRecord>();
  /**
   * Term sets of recently scored passages. Built on demand from the record: keeping one Set per
   * passage for the whole corpus costs hundreds of MB at 100k passages, and a query only scores
   * a few dozen candidates.
   */
  private readonly termSets = new Map<string, Set<string>>();
  private static readonly TERM_SET_CACHE = 5_000;
  private readonly df = new Map<string, number>();

  private constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly mini: MiniSearch<LexicalRecord>,
  ) {}

  static empty(analyzer: TextAnalyzer): LexicalIndex {
    return new LexicalIndex(analyzer, new MiniSearch<LexicalRecord>(miniOptions));
  }

  static fromJSON(analyzer: TextAnalyzer, json: string): LexicalIndex {
    const data = JSON.parse(json) as SerializedLexicalIndex;
    if (data.version !== 1) throw new Error(`Unsupported lexical index version ${String(data.version)}`);
    const index = new LexicalIndex(analyzer, MiniSearch.loadJSON<LexicalRecord>(JSON.stringify(data.mini), miniOptions));
    for (const [id, record] of Object.entries(data.records)) index.remember({ id, ...record });
    return index;
  }

  toJSON(): string {
    const records: SerializedLexicalIndex['records'] = {};
    for (const [id, { lang, body, heading, section }] of this.records) records[id] = { lang, body, heading, section };
    return JSON.stringify({ version: 1, mini: this.mini.toJSON(), records } satisfies SerializedLexicalIndex);
  }

  get size(): number {
    return this.records.size;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  add(passages: Passage[]): void {
    const records = passages.map((p) => ({
      id: p.metadata.id,
      lang: p.metadata.lang,
      body: this.analyzer.terms(p.pageContent, p.metadata.lang).join(' '),
      heading: this.analyzer.terms([p.metadata.title, ...p.metadata.headings].join('\n'), p.metadata.lang).join(' '),
      section: this.analyzer.terms(p.metadata.headings.join('\n'), p.metadata.lang).join(' '),
    }));
    this.mini.addAll(records);
    for (const record of records) this.remember(record);
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const record = this.records.get(id);
      if (!record) continue;
      this.mini.discard(id);
      for (const term of termsOfRecord(record)) {
        const n = (this.df.get(term) ?? 1) - 1;
        if (n > 0) this.df.set(term, n);
        else this.df.delete(term);
      }
      this.records.delete(id);
      this.termSets.delete(id);
    }
  }

  private remember(record: LexicalRecord): void {
    this.records.set(record.id, record);
    for (const term of termsOfRecord(record)) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  search(terms: string[], options: { lang?: Lang; limit: number }): LexicalHit[] {
    const query = this.discriminating(terms);
    if (query.length === 0) return [];
    const lang = options.lang;
    const results = this.mini.search(query.join(' '), lang ? { filter: (r) => r.lang === lang } : {});
    return results.slice(0, options.limit).map((r) => ({ id: String(r.id), score: r.score }));
  }

  /**
   * The query terms worth a posting-list scan. In a large corpus a term found in more than a tenth
   * of the passages ranks almost nothing but costs a scan of all of them; such terms are dropped
   * (the rarest few are always kept). Evidence (coverage) still weighs every word of the question.
   */
  private discriminating(terms: string[]): string[] {
    const unique = [...new Set(terms)];
    const n = this.records.size;
    if (n < 1000) return unique;
    const byRarity = unique.sort((a, b) => (this.df.get(a) ?? 0) - (this.df.get(b) ?? 0));
    const kept = byRarity.filter((t, i) => i < 3 || (this.df.get(t) ?? 0) / n <= 0.1);
    return kept.slice(0, 8);
  }

  /** Inverse document frequency (BM25's form); a term never seen gets the highest value. */
  idf(term: string): number {
    const n = this.records.size;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Terms of the passage's heading path only. */
  sectionTermsOf(id: string): ReadonlySet<string> {
    const section = this.records.get(id)?.section;
    if (!section) return EMPTY_TERMS;
    // Passages of one section share the text: one Set per heading path, not one per candidate and query (#20).
    let terms = this.sectionSets.get(section);
    if (!terms) {
      terms = new Set(section.split(' '));
      if (this.sectionSets.size >= LexicalIndex.TERM_SET_CACHE) this.sectionSets.delete(this.sectionSets.keys().next().value!);
      this.sectionSets.set(section, terms);
    }
    return terms;
  }

  private readonly sectionSets = new Map<string, Set<string>>();

  termsOf(id: string): ReadonlySet<string> {
    const cached = this.termSets.get(id);
    if (cached) return cached;
    const record = this.records.get(id);
    if (!record) return new Set();
    const terms = termsOfRecord(record);
    if (this.termSets.size >= LexicalIndex.TERM_SET_CACHE) this.termSets.delete(this.termSets.keys().next().value!);
    this.termSets.set(id, terms);
    return terms;
  }
}
