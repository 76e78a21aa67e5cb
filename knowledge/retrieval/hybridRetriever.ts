import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Passage } from '../ingest/passageSplitter.js';
import type { AnalyzedWord, TextAnalyzer } from '../text/analyzer.js';
import { CONCEPT_PREFIX } from '../text/analyzer.js';
import type { Lang } from '../../locales/lang.js';
import { coverage } from './evidence.js';
import type { KnowledgeIndex } from './knowledgeIndex.js';

export interface RetrievedPassage {
  passage: Passage;
  /** Final ranking score (higher is better). */
  score: number;
  /** Share of the question's weighted words found in the passage, 0..1. */
  coverage: number;
  /** Cosine similarity of the dense vectors, -1..1. */
  denseSimilarity: number;
  lexicalRank?: number;
  denseRank?: number;
}

export interface HybridRetrieverOptions {
  index: KnowledgeIndex;
  analyzer: TextAnalyzer;
  embeddings: EmbeddingsInterface;
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Reciprocal-rank-fusion constant. */
  rrfK?: number;
  /** Score factor for passages in the other language, so the user's language wins ties. */
  otherLanguageFactor?: number;
}

/**
 * Hybrid retrieval: BM25 over analysed terms and dense vectors, fused by reciprocal rank, then
 * re-ranked by how much of the question each candidate actually covers. Passages in the user's
 * language are preferred; the other language is searched too, so a question still finds a
 * document that exists in only one language.
 */
export class HybridRetriever {
  private readonly index: KnowledgeIndex;
  private readonly analyzer: TextAnalyzer;
  private readonly embeddings: EmbeddingsInterface;
  private readonly candidates: number;
  private readonly rrfK: number;
  private readonly otherLanguageFactor: number;

  constructor(options: HybridRetrieverOptions) {
    this.index = options.index;
    this.analyzer = options.analyzer;
    this.embeddings = options.embeddings;
    this.candidates = options.candidates ?? 20;
    this.rrfK = options.rrfK ?? 60;
    this.otherLanguageFactor = options.otherLanguageFactor ?? 0.75;
  }

  /**
   * The question's words as evidence is weighed: a learnt translation is kept only for a word no
   * passage in the client's language holds, so it bridges a gap between languages rather than
   * outvoting passages that hold the client's own word ("Czech" in an English page vs "český" in
   * a Czech one). Measured: kept for every word, it cost bundled cross-lingual answers.
   */
  analyze(question: string, lang: Lang): AnalyzedWord[] {
    const words = this.analyzer.analyze(question, lang);
    const lexical = this.index.lexical;
    return words.map((w) => {
      if (!w.translations) return w;
      const heldInLanguage = lexical.search([w.stem], { lang, limit: 1 }).length > 0;
      return heldInLanguage ? { ...w, translations: undefined } : w;
    });
  }

  /** `words`: the question already analysed by `analyze` (the answerer needs them too; once per question). */
  async search(question: string, options: { lang: Lang; k?: number; words?: AnalyzedWord[] }): Promise<RetrievedPassage[]> {
    const words = options.words ?? this.analyze(question, options.lang);
    const { lexical } = this.index;
    if (words.length === 0 || this.index.size === 0) return [];
    const terms = words.flatMap((w) => [w.stem, ...w.concepts.map((c) => CONCEPT_PREFIX + c)]);
    const vector = await this.embeddings.embedQuery(question);

    const lexicalHits = lexical.search(terms, { limit: this.candidates });
    const denseHits = this.index.nearest(vector, this.candidates);

    const byId = new Map<string, { rrf: number; lexicalRank?: number; denseRank?: number; distance?: number }>();
    const entry = (id: string) => {
      let e = byId.get(id);
      if (!e) byId.set(id, (e = { rrf: 0 }));
      return e;
    };
    lexicalHits.forEach((hit, rank) => {
      const e = entry(hit.id);
      e.rrf += 1 / (this.rrfK + rank + 1);
      e.lexicalRank = rank + 1;
    });
    denseHits.forEach((hit, rank) => {
      const e = entry(hit.id);
      e.rrf += 1 / (this.rrfK + rank + 1);
      e.denseRank = rank + 1;
      e.distance = hit.distance;
    });

    // Candidates are scored from the index alone (terms, language); only the ones returned are
    // read from the passage store. Each question term's weight once per query, not once per
    // candidate and check (#20).
    const scored: (Omit<RetrievedPassage, 'passage'> & { id: string })[] = [];
    const weights = new Map<string, number>();
    const idf = (t: string) => {
      let w = weights.get(t);
      if (w === undefined) weights.set(t, (w = lexical.idf(t)));
      return w;
    };
    for (const [id, e] of byId) {
      const lang = lexical.langOf(id);
      if (!lang) continue;
      const cov = coverage(words, lexical.termsOf(id), idf);
      // A question that matches a section's heading is usually that section's question.
      const headingCov = coverage(words, lexical.sectionTermsOf(id), idf);
      const langFactor = lang === options.lang ? 1 : this.otherLanguageFactor;
      scored.push({
        id,
        score: e.rrf * (0.25 + cov + 0.3 * headingCov) * langFactor,
        coverage: cov,
        denseSimilarity: e.distance === undefined ? 0 : 1 - e.distance,
        lexicalRank: e.lexicalRank,
        denseRank: e.denseRank,
      });
    }
    scored.sort((a, b) => b.score - a.score);
    const results: RetrievedPassage[] = [];
    for (const { id, ...rest } of scored) {
      if (results.length >= (options.k ?? 5)) break;
      const passage = this.index.passage(id);
      if (passage) results.push({ passage, ...rest });
    }
    for (const r of results) {
      if (r.denseRank === undefined) r.denseSimilarity = cosine(vector, this.index.vector(r.passage.metadata.id) ?? []);
    }
    return results;
  }
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
