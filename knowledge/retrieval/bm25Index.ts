import type { Lang } from '../../locales/lang.js';

/**
 * BM25 over pre-analysed terms in flat typed arrays, built once and searched many times.
 *
 * Scoring is MiniSearch's (what the retriever used before, so the ranking and the calibrated
 * thresholds stay): BM25+ per field (k 1.2, b 0.7, d 0.5) with the field's own document frequency
 * and its length in distinct terms, field scores times the field's boost, summed over the query
 * terms, and the sum multiplied by the number of distinct query terms the passage matched.
 *
 * Everything that depends only on the corpus (idf, length normalisation, boosts) is folded into
 * one impact per posting at build time, so a query adds floats: a posting list is a slice of
 * `docs`/`impacts` at `offsets[term]`. The arrays are the file format too: loading is a read and
 * a few views, no parse of an object graph.
 */

export interface Bm25Document {
  lang: Lang;
  /** Analysed terms of the passage text, in order, repeats included (term frequency). */
  body: readonly string[];
  /** Analysed terms of the title and heading path. */
  heading: readonly string[];
  /** Analysed terms of the heading path alone: kept (not scored) for the evidence check. */
  section?: readonly string[];
}

export interface Bm25Hit {
  /** Position of the document in the build order. */
  doc: number;
  score: number;
}

export const BM25_PARAMS = { k: 1.2, b: 0.7, d: 0.5 } as const;
/** Field boosts: a heading term says more about a passage than a body term. */
export const FIELD_BOOSTS = { body: 1, heading: 1.5 } as const;

const LANGS: readonly Lang[] = ['cs', 'en'];
const MAGIC = 0x35324d42; // "BM25", little-endian
const VERSION = 2;
const HEADER_INTS = 10;

function bm25(tf: number, df: number, n: number, length: number, avgLength: number): number {
  const { k, b, d } = BM25_PARAMS;
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / avgLength)));
}

/** A growable Int32Array: postings are counted in millions at 100k passages. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

export class Bm25Index {
  /** Reused per query (search is synchronous): one score and one match count per document. */
  private scores?: Float64Array;
  private matched?: Uint8Array;

  private constructor(
    /** Sorted, so a term's id is found by binary search and no Map is built at load. */
    private readonly terms: readonly string[],
    private readonly offsets: Int32Array,
    private readonly docs: Int32Array,
    private readonly impacts: Float32Array,
    /** Index into LANGS per document. */
    private readonly langs: Uint8Array,
    /**
     * The forward index: the distinct term ids of document d (body and heading) are
     * `docTerms[docOffsets[d]..docOffsets[d + 1]]`, and of its heading path alone likewise in
     * `sectionTerms`. The evidence check reads them for each candidate without touching disk.
     */
    private readonly docOffsets: Int32Array,
    private readonly docTerms: Int32Array,
    private readonly sectionOffsets: Int32Array,
    private readonly sectionTerms: Int32Array,
  ) {}

  get size(): number {
    return this.langs.length;
  }

  get termCount(): number {
    return this.terms.length;
  }

  get postingCount(): number {
    return this.docs.length;
  }

  /**
   * Builds from documents in order (document i is hit `doc: i`). Two passes: count terms and
   * field lengths, then lay the postings out term by term (a counting sort), so the only large
   * allocations are the final arrays and one temporary term id per posting.
   */
  static build(documents: Iterable<Bm25Document>): Bm25Index {
    const termIds = new Map<string, number>();
    const dfBody: number[] = [];
    const dfHeading: number[] = [];
    const postingTerm = new IntList();
    const postingDoc = new IntList();
    /** tf in the body in the low 16 bits, in the heading in the high 16 (both capped). */
    const postingTf = new IntList();
    const bodyLengths = new IntList();
    const headingLengths = new IntList();
    const langs = new IntList();
    const sectionTermIds = new IntList();
    const sectionOffsets = new IntList();
    const termId = (term: string): number => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
        dfBody.push(0);
        dfHeading.push(0);
      }
      return id;
    };
    let n = 0;
    for (const document of documents) {
      const body = countTerms(document.body);
      const heading = countTerms(document.heading);
      bodyLengths.push(body.size);
      headingLengths.push(heading.size);
      langs.push(Math.max(0, LANGS.indexOf(document.lang)));
      const seen = new Set<string>([...body.keys(), ...heading.keys()]);
      for (const term of seen) {
        const id = termId(term);
        const tfBody = Math.min(body.get(term) ?? 0, 0xffff);
        const tfHeading = Math.min(heading.get(term) ?? 0, 0xffff);
        if (tfBody) dfBody[id]!++;
        if (tfHeading) dfHeading[id]!++;
        postingTerm.push(id);
        postingDoc.push(n);
        postingTf.push(tfBody | (tfHeading << 16));
      }
      sectionOffsets.push(sectionTermIds.length);
      for (const term of new Set(document.section ?? [])) if (term) sectionTermIds.push(termId(term));
      n++;
    }
    sectionOffsets.push(sectionTermIds.length);

    const avgBody = n ? bodyLengths.data.subarray(0, n).reduce((a, b) => a + b, 0) / n : 0;
    const avgHeading = n ? headingLengths.data.subarray(0, n).reduce((a, b) => a + b, 0) / n : 0;

    // Term ids in sorted order of the terms, so that the dictionary is a sorted array.
    const sorted = [...termIds.keys()].sort();
    const rank = new Int32Array(sorted.length);
    sorted.forEach((term, i) => (rank[termIds.get(term)!] = i));

    const total = postingTerm.length;
    const offsets = new Int32Array(sorted.length + 1);
    for (let p = 0; p < total; p++) offsets[rank[postingTerm.data[p]!]! + 1]!++;
    for (let t = 0; t < sorted.length; t++) offsets[t + 1]! += offsets[t]!;
    const fill = offsets.slice(0, sorted.length);
    const docs = new Int32Array(total);
    const impacts = new Float32Array(total);
    // Postings were emitted document by document, so the forward index is them in that order.
    const docOffsets = new Int32Array(n + 1);
    const docTerms = new Int32Array(total);
    for (let p = 0; p < total; p++) {
      docOffsets[postingDoc.data[p]! + 1]!++;
      docTerms[p] = rank[postingTerm.data[p]!]!;
    }
    for (let d = 0; d < n; d++) docOffsets[d + 1]! += docOffsets[d]!;
    const sectionTerms = Int32Array.from(sectionTermIds.data.subarray(0, sectionTermIds.length), (id) => rank[id]!);
    for (let p = 0; p < total; p++) {
      const id = postingTerm.data[p]!;
      const doc = postingDoc.data[p]!;
      const tf = postingTf.data[p]!;
      const tfBody = tf & 0xffff;
      const tfHeading = tf >>> 16;
      let impact = 0;
      if (tfBody) impact += FIELD_BOOSTS.body * bm25(tfBody, dfBody[id]!, n, bodyLengths.data[doc]!, avgBody);
      if (tfHeading) impact += FIELD_BOOSTS.heading * bm25(tfHeading, dfHeading[id]!, n, headingLengths.data[doc]!, avgHeading);
      const slot = fill[rank[id]!]!++;
      docs[slot] = doc; // documents are visited in order, so each posting list is sorted by doc
      impacts[slot] = impact;
    }
    return new Bm25Index(sorted, offsets, docs, impacts, Uint8Array.from(langs.data.subarray(0, n)), docOffsets, docTerms, Int32Array.from(sectionOffsets.data.subarray(0, n + 1)), sectionTerms);
  }

  /** The term's position in the dictionary, or -1. */
  private termId(term: string): number {
    let lo = 0;
    let hi = this.terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.terms[mid]!;
      if (probe < term) lo = mid + 1;
      else if (probe > term) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Documents that contain the term in any field. */
  df(term: string): number {
    const id = this.termId(term);
    return id < 0 ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  langOf(doc: number): Lang {
    return LANGS[this.langs[doc]!]!;
  }

  /** The distinct terms of a document's body and heading. */
  termsOf(doc: number): string[] {
    return this.slice(this.docOffsets, this.docTerms, doc);
  }

  /** The distinct terms of a document's heading path. */
  sectionTermsOf(doc: number): string[] {
    return this.slice(this.sectionOffsets, this.sectionTerms, doc);
  }

  private slice(offsets: Int32Array, ids: Int32Array, doc: number): string[] {
    if (!(doc >= 0 && doc < this.size)) return [];
    const out: string[] = [];
    for (let i = offsets[doc]!; i < offsets[doc + 1]!; i++) out.push(this.terms[ids[i]!]!);
    return out;
  }

  /**
   * The best `limit` documents for the terms (OR), best first; equal scores in document order.
   * Repeated query terms count once.
   */
  search(terms: readonly string[], options: { limit: number; lang?: Lang }): Bm25Hit[] {
    const n = this.size;
    if (n === 0 || options.limit <= 0) return [];
    const scores = (this.scores ??= new Float64Array(n));
    const matched = (this.matched ??= new Uint8Array(n));
    const touched: number[] = [];
    for (const term of new Set(terms)) {
      const id = this.termId(term);
      if (id < 0) continue;
      const end = this.offsets[id + 1]!;
      for (let p = this.offsets[id]!; p < end; p++) {
        const doc = this.docs[p]!;
        if (matched[doc] === 0) touched.push(doc);
        matched[doc]!++;
        scores[doc]! += this.impacts[p]!;
      }
    }
    const lang = options.lang === undefined ? -1 : LANGS.indexOf(options.lang);
    const top = new TopK(options.limit);
    for (const doc of touched) {
      if (lang < 0 || this.langs[doc] === lang) top.offer(doc, scores[doc]! * matched[doc]!);
      scores[doc] = 0;
      matched[doc] = 0;
    }
    return top.sorted();
  }

  /** The index as one buffer: a header, then the arrays, each 4-byte aligned. */
  serialize(): Buffer {
    const dictionary = Buffer.from(this.terms.join('\n'), 'utf8');
    const pad = (bytes: number) => (4 - (bytes % 4)) % 4;
    const header = new Int32Array([MAGIC, VERSION, this.size, this.terms.length, this.docs.length, dictionary.length, this.sectionTerms.length, 0, 0, 0]);
    const bytesOf = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const parts = [
      Buffer.from(header.buffer),
      Buffer.from(this.offsets.buffer, this.offsets.byteOffset, this.offsets.byteLength),
      Buffer.from(this.docs.buffer, this.docs.byteOffset, this.docs.byteLength),
      Buffer.from(this.impacts.buffer, this.impacts.byteOffset, this.impacts.byteLength),
      Buffer.from(this.langs.buffer, this.langs.byteOffset, this.langs.byteLength),
      Buffer.alloc(pad(this.langs.byteLength)),
      bytesOf(this.docOffsets),
      bytesOf(this.docTerms),
      bytesOf(this.sectionOffsets),
      bytesOf(this.sectionTerms),
      dictionary,
    ];
    return Buffer.concat(parts);
  }

  static deserialize(buffer: Buffer): Bm25Index {
    if (buffer.byteLength < HEADER_INTS * 4) throw new Error('Lexical index file is truncated');
    // Typed-array views need an aligned start; a small pooled Buffer may not have one.
    const bytes = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(buffer);
    const header = new Int32Array(bytes.buffer, bytes.byteOffset, HEADER_INTS);
    if (header[0] !== MAGIC) throw new Error('Not a lexical index file');
    if (header[1] !== VERSION) throw new Error(`Unsupported lexical index version ${String(header[1])}`);
    const [n, termCount, postings, dictionaryBytes, sectionCount] = [header[2]!, header[3]!, header[4]!, header[5]!, header[6]!];
    let at = bytes.byteOffset + HEADER_INTS * 4;
    const take = <T>(make: (offset: number) => T, byteLength: number): T => {
      if (at + byteLength > bytes.byteOffset + bytes.byteLength) throw new Error('Lexical index file is truncated');
      const view = make(at);
      at += byteLength + ((4 - (byteLength % 4)) % 4);
      return view;
    };
    const offsets = take((o) => new Int32Array(bytes.buffer, o, termCount + 1), (termCount + 1) * 4);
    const docs = take((o) => new Int32Array(bytes.buffer, o, postings), postings * 4);
    const impacts = take((o) => new Float32Array(bytes.buffer, o, postings), postings * 4);
    const langs = take((o) => new Uint8Array(bytes.buffer, o, n), n);
    const docOffsets = take((o) => new Int32Array(bytes.buffer, o, n + 1), (n + 1) * 4);
    const docTerms = take((o) => new Int32Array(bytes.buffer, o, postings), postings * 4);
    const sectionOffsets = take((o) => new Int32Array(bytes.buffer, o, n + 1), (n + 1) * 4);
    const sectionTerms = take((o) => new Int32Array(bytes.buffer, o, sectionCount), sectionCount * 4);
    const dictionary = take((o) => bytes.toString('utf8', o - bytes.byteOffset, o - bytes.byteOffset + dictionaryBytes), dictionaryBytes);
    const terms = termCount === 0 ? [] : dictionary.split('\n');
    if (terms.length !== termCount) throw new Error('Lexical index dictionary does not match its header');
    return new Bm25Index(terms, offsets, docs, impacts, langs, docOffsets, docTerms, sectionOffsets, sectionTerms);
  }
}

/** The k best (doc, score) pairs: a min-heap on score, ties broken towards the lower doc. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  /** a ranks below b. */
  private below(i: number, j: number): boolean {
    const si = this.scores[i]!;
    const sj = this.scores[j]!;
    return si < sj || (si === sj && this.docs[i]! > this.docs[j]!);
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j]!, this.docs[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }

  offer(doc: number, score: number): void {
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      let i = this.docs.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.below(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const minScore = this.scores[0]!;
    if (score < minScore || (score === minScore && doc > this.docs[0]!)) return;
    this.docs[0] = doc;
    this.scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.docs.length && this.below(l, m)) m = l;
      if (r < this.docs.length && this.below(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  sorted(): Bm25Hit[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
